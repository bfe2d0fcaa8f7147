//! Opening, refusing, migrating, backing up and restoring real files.

use super::backup::{backup_to, daily_backup, daily_backups, restore_from, DAILY_BACKUPS_KEPT};
use super::*;
use chrono::NaiveDate;

fn member_count(conn: &Connection) -> i64 {
    conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .expect("count")
}

fn add_member(conn: &Connection, name: &str) {
    conn.execute(
        "INSERT INTO members (name, created_at, updated_at) VALUES (?1, 'x', 'x')",
        [name],
    )
    .expect("insert");
}

#[test]
fn a_new_file_gets_the_schema_and_our_application_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new.sqlite3");
    let opened = open(&path).expect("open");
    assert_eq!(
        schema_version(&opened.conn).expect("version"),
        SCHEMA_VERSION
    );
    let app_id: i32 = opened
        .conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .expect("app id");
    assert_eq!(app_id, APPLICATION_ID);
    let fk: i64 = opened
        .conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .expect("fk");
    assert_eq!(fk, 1);
    assert!(opened.upgraded_from.is_none());
    drop(opened);
    assert_eq!(
        inspect(&path).expect("inspect"),
        FileState::AlumniDesk {
            version: SCHEMA_VERSION
        }
    );
}

#[test]
fn refused_files_stay_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");

    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, "尊敬的校友：您好！这不是数据库。".repeat(20)).expect("write");

    let foreign = dir.path().join("other.sqlite");
    {
        let c = Connection::open(&foreign).expect("open");
        c.execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');")
            .expect("foreign schema");
    }

    let newer = dir.path().join("newer.sqlite3");
    {
        let c = Connection::open(&newer).expect("open");
        c.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("id");
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .expect("version");
        c.execute_batch("CREATE TABLE future (x);").expect("table");
    }

    let cases: [(&Path, &str); 3] = [
        (&letter, "not_a_database"),
        (&foreign, "foreign_database"),
        (&newer, "newer_version"),
    ];
    for (path, kind) in cases {
        let before = std::fs::read(path).expect("read");
        let err = open(path).expect_err("must refuse");
        assert_eq!(err.kind(), kind, "{}", path.display());
        assert!(err.to_string().contains("left untouched"));
        assert_eq!(
            std::fs::read(path).expect("read"),
            before,
            "{}",
            path.display()
        );
    }
    if let Err(StorageError::NewerVersion {
        found, supported, ..
    }) = open(&newer)
    {
        assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
    } else {
        panic!("expected NewerVersion");
    }
}

#[test]
fn a_short_or_truncated_file_is_not_a_database() {
    let dir = tempfile::tempdir().expect("tempdir");
    let short = dir.path().join("short.db");
    std::fs::write(&short, b"SQLite format 3\0 and then nothing").expect("write");
    assert_eq!(open(&short).expect_err("refuse").kind(), "not_a_database");
    assert_eq!(
        open(dir.path()).expect_err("a folder").kind(),
        "not_a_database"
    );
}

#[test]
fn an_empty_file_is_initialised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.sqlite3");
    std::fs::write(&path, b"").expect("write");
    let opened = open(&path).expect("open");
    assert_eq!(schema_version(&opened.conn).expect("v"), SCHEMA_VERSION);
}

#[test]
fn every_earlier_version_upgrades_with_a_backup_first() {
    for from in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite3");
        {
            let mut c = Connection::open(&path).expect("open");
            migrate_to(&mut c, from).expect("old schema");
            if from >= 1 {
                add_member(&c, "苏荣华");
            }
        }
        let opened = open(&path).expect("upgrade");
        assert_eq!(schema_version(&opened.conn).expect("v"), SCHEMA_VERSION);
        if from >= 1 {
            assert_eq!(opened.upgraded_from, Some(from));
            let copy = opened.pre_migration_backup.clone().expect("backup taken");
            assert_eq!(
                inspect(&copy).expect("inspect copy"),
                FileState::AlumniDesk { version: from }
            );
            assert_eq!(member_count(&opened.conn), 1, "data kept across upgrade");
        }
    }
}

#[test]
fn backup_and_restore_keep_a_copy_of_what_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live_path = dir.path().join("live.sqlite3");
    let mut live = open(&live_path).expect("open").conn;
    add_member(&live, "刘东志");
    let snapshot = dir.path().join("snapshot.sqlite3");
    backup_to(&live, &snapshot).expect("backup");

    add_member(&live, "王芳");
    assert_eq!(member_count(&live), 2);
    let safety = dir.path().join("before-restore.sqlite3");
    restore_from(&mut live, &snapshot, &safety).expect("restore");
    assert_eq!(member_count(&live), 1);
    let kept = open(&safety).expect("safety copy opens").conn;
    assert_eq!(member_count(&kept), 2);
}

#[test]
fn restore_refuses_a_file_that_is_not_ours() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut live = open(&dir.path().join("live.sqlite3")).expect("open").conn;
    add_member(&live, "刘东志");
    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, "hello").expect("write");
    let safety = dir.path().join("safety.sqlite3");
    let err = restore_from(&mut live, &letter, &safety).expect_err("refuse");
    assert_eq!(err.kind(), "not_a_database");
    assert_eq!(member_count(&live), 1);
    assert!(!safety.exists(), "nothing copied for a refused restore");
}

#[test]
fn daily_backups_are_taken_once_a_day_and_the_last_30_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let live = open(&dir.path().join("live.sqlite3")).expect("open").conn;
    let backups = dir.path().join("backups");
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let first = daily_backup(&live, &backups, day).expect("backup");
    assert!(first.is_some());
    assert!(daily_backup(&live, &backups, day).expect("again").is_none());
    for offset in 1..40 {
        daily_backup(&live, &backups, day + chrono::Days::new(offset)).expect("backup");
    }
    let kept = daily_backups(&backups).expect("list");
    assert_eq!(kept.len(), DAILY_BACKUPS_KEPT);
    let newest = kept[0].file_name().and_then(|n| n.to_str()).expect("name");
    assert_eq!(newest, "alumni-desk-2026-02-09.sqlite3");
    std::fs::write(backups.join("notes.txt"), "keep me").expect("write");
    daily_backup(&live, &backups, day + chrono::Days::new(41)).expect("backup");
    assert!(
        backups.join("notes.txt").exists(),
        "other files are left alone"
    );
}

fn has_index(conn: &Connection, name: &str) -> bool {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1)",
        [name],
        |r| r.get(0),
    )
    .expect("schema")
}

/// A version-3 file with one member invited twice to one meeting (the old demo's mistake).
fn v3_with_a_member_invited_twice(path: &Path) {
    let mut c = Connection::open(path).expect("open");
    migrate_to(&mut c, 3).expect("v3 schema");
    add_member(&c, "苏荣华");
    c.execute_batch(
        "INSERT INTO meetings (title, kind, starts_at, created_at)
             VALUES ('会员代表大会', 'general_assembly', '2026-12-19T01:00:00Z', 'x');
         INSERT INTO attendees (meeting_id, member_id, name, category, voting, badge_token, created_at)
             VALUES (1, 1, '苏荣华', 'delegate', 1, '000000000018', 'x'),
                    (1, 1, '苏荣华', 'delegate', 1, '000000000026', 'x');",
    )
    .expect("a member invited twice");
}

#[test]
fn an_upgrade_holding_a_member_invited_twice_succeeds_reports_the_pair_and_enforces_later() {
    use crate::meetings::{self, AttendeeId, MeetingId};
    use crate::members::MemberId;

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v3.sqlite3");
    v3_with_a_member_invited_twice(&path);

    let opened = open(&path).expect("the upgrade does not fail");
    assert_eq!(opened.upgraded_from, Some(3));
    assert_eq!(schema_version(&opened.conn).expect("v"), SCHEMA_VERSION);
    assert!(!has_index(&opened.conn, "attendees_member_once"));
    let pairs = meetings::duplicate_invitations(&opened.conn).expect("duplicates");
    assert_eq!(pairs.len(), 1);
    assert_eq!(
        (
            pairs[0].meeting_id,
            pairs[0].member_id,
            pairs[0].name.as_str()
        ),
        (MeetingId(1), MemberId(1), "苏荣华")
    );
    assert_eq!(pairs[0].attendee_ids, vec![AttendeeId(1), AttendeeId(2)]);
    // Both rows are still there for staff to decide on.
    let rows: i64 = opened
        .conn
        .query_row("SELECT count(*) FROM attendees", [], |r| r.get(0))
        .expect("count");
    assert_eq!(rows, 2);

    // Staff remove one invitation; the next open takes the constraint.
    opened
        .conn
        .execute("DELETE FROM attendees WHERE id = 2", [])
        .expect("resolve");
    drop(opened);
    let reopened = open(&path).expect("reopen");
    assert!(reopened.upgraded_from.is_none());
    assert!(has_index(&reopened.conn, "attendees_member_once"));
    assert!(meetings::duplicate_invitations(&reopened.conn)
        .expect("duplicates")
        .is_empty());
}

#[test]
fn an_upgrade_without_duplicates_takes_the_one_invitation_rule_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("v3.sqlite3");
    {
        let mut c = Connection::open(&path).expect("open");
        migrate_to(&mut c, 3).expect("v3 schema");
    }
    let opened = open(&path).expect("upgrade");
    assert!(has_index(&opened.conn, "attendees_member_once"));
    let fresh = open_in_memory().expect("fresh");
    assert!(has_index(&fresh, "attendees_member_once"));
}

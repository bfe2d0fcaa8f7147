//! Files that are not Alumni Desk databases are refused with a clear error and left
//! byte-for-byte as they were; backups restore with a copy of what they replace.

use std::path::Path;

use alumni_desk_tests::cli;
use rusqlite::Connection;

/// `PRAGMA application_id` of Alumni Desk ("ALUM").
const APPLICATION_ID: i32 = 0x414C_554D;

fn assert_refused(path: &Path, kind: &str, words: &str) {
    let before = std::fs::read(path).expect("read");
    for args in [
        &["stats", "--json"][..],
        &["demo", "--members", "1000", "--json"][..],
    ] {
        let run = cli(path, args);
        assert_eq!(run.code, 1, "{args:?} on {}", path.display());
        assert_eq!(run.json()["error"]["kind"], kind);
        assert!(run.stderr.contains(words), "clear message: {}", run.stderr);
        assert!(run.stderr.contains("left untouched"), "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1);
        assert_eq!(
            std::fs::read(path).expect("read"),
            before,
            "{} changed",
            path.display()
        );
    }
    let dir = path.parent().expect("dir");
    let stem = path.file_name().and_then(|n| n.to_str()).expect("name");
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(stem) && n != stem)
        .collect();
    assert!(leftovers.is_empty(), "no side files: {leftovers:?}");
}

#[test]
fn a_text_file_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let letter = dir.path().join("邀请函.txt");
    std::fs::write(
        &letter,
        "尊敬的校友：\n诚邀您出席第二届会员代表大会。\n".repeat(50),
    )
    .expect("write");
    assert_refused(&letter, "not_a_database", "not an Alumni Desk database");
}

#[test]
fn another_programs_sqlite_database_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("contacts.db");
    {
        let conn = Connection::open(&other).expect("open");
        conn.execute_batch(
            "CREATE TABLE contacts (name TEXT, phone TEXT);
             INSERT INTO contacts VALUES ('刘东志', '13812345678');",
        )
        .expect("schema");
    }
    assert_refused(&other, "foreign_database", "another program");
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let newer = dir.path().join("newer.sqlite3");
    let made = cli(&newer, &["demo", "--members", "1000"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    {
        let conn = Connection::open(&newer).expect("open");
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        conn.pragma_update(None, "user_version", version + 50)
            .expect("bump");
        let id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .expect("id");
        assert_eq!(id, APPLICATION_ID);
        // Fold the WAL into the file so the bytes compared are the whole database.
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    assert_refused(&newer, "newer_version", "newer Alumni Desk");
}

#[test]
fn backup_and_restore_through_the_cli() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.sqlite3");
    assert_eq!(cli(&db, &["demo", "--members", "1000"]).code, 0);
    let copy = dir.path().join("backup.sqlite3");
    let run = cli(&db, &["backup", copy.to_str().expect("utf-8"), "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(cli(&copy, &["stats", "--json"]).json()["members"], 1000);

    // Change the live database, then restore: the change is gone, and a copy of it is kept.
    {
        let conn = Connection::open(&db).expect("open");
        conn.execute("DELETE FROM branch_memberships", [])
            .expect("delete");
        conn.execute(
            "DELETE FROM members WHERE id NOT IN (SELECT member_id FROM attendees WHERE member_id IS NOT NULL)
             AND id NOT IN (SELECT member_id FROM council_positions)
             AND id NOT IN (SELECT member_id FROM candidates WHERE member_id IS NOT NULL)",
            [],
        )
        .expect("delete");
    }
    let changed = cli(&db, &["stats", "--json"]).json()["members"]
        .as_u64()
        .expect("n");
    assert!(changed < 1000);
    let home = tempfile::tempdir().expect("home");
    let run: alumni_desk_tests::Run = std::process::Command::new(alumni_desk_tests::binary())
        .arg("--db")
        .arg(&db)
        .args(["restore", copy.to_str().expect("utf-8"), "--json"])
        .env_remove("ALUMNI_DESK_DB")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .output()
        .expect("run")
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let safety = run.json()["safety_copy"].as_str().expect("path").to_owned();
    assert_eq!(cli(&db, &["stats", "--json"]).json()["members"], 1000);
    assert_eq!(
        cli(Path::new(&safety), &["stats", "--json"]).json()["members"],
        changed
    );

    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, "not a backup").expect("write");
    let refused = cli(&db, &["restore", letter.to_str().expect("utf-8"), "--json"]);
    assert_eq!(refused.code, 1);
    assert_eq!(refused.json()["error"]["kind"], "not_a_database");
    assert_eq!(cli(&db, &["stats", "--json"]).json()["members"], 1000);
}

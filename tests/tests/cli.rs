//! The CLI contract of DESIGN.md on real database files.

use std::path::Path;

use alumni_desk_tests::{cli, keys, shared_demo};
use rusqlite::{Connection, OpenFlags};

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open")
}

fn count(conn: &Connection, sql: &str) -> u64 {
    conn.query_row(sql, [], |r| r.get(0)).expect(sql)
}

#[test]
fn stats_match_the_database() {
    let db = shared_demo();
    let run = cli(db, &["stats", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stats = run.json();
    let conn = read_only(db);
    assert_eq!(stats["members"], 20_000);
    assert_eq!(
        stats["members"],
        count(&conn, "SELECT count(*) FROM members")
    );
    assert_eq!(
        stats["branches"],
        count(&conn, "SELECT count(*) FROM branches")
    );
    assert_eq!(
        stats["meetings"],
        count(&conn, "SELECT count(*) FROM meetings")
    );
    assert_eq!(
        stats["attendees"],
        count(&conn, "SELECT count(*) FROM attendees")
    );
    assert!(stats["branches"].as_u64().expect("number") >= 30);
    for key in ["members", "branches", "meetings", "attendees"] {
        assert!(stats[key].is_u64(), "{key} is an integer");
    }
}

#[test]
fn meetings_have_the_promised_shape_and_counts() {
    let db = shared_demo();
    let run = cli(db, &["meetings", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = run.json();
    let list = list.as_array().expect("a top-level array");
    assert_eq!(list.len(), 2);
    let conn = read_only(db);
    for meeting in list {
        assert_eq!(
            keys(meeting),
            [
                "attendees",
                "expanded",
                "id",
                "kind",
                "starts_at",
                "status",
                "title",
                "venue"
            ]
        );
        let id = meeting["id"].as_i64().expect("integer id");
        let invited = count(
            &conn,
            &format!("SELECT count(*) FROM attendees WHERE meeting_id = {id}"),
        );
        assert_eq!(meeting["attendees"], invited);
        let starts = meeting["starts_at"].as_str().expect("text");
        assert!(
            chrono_like_rfc3339(starts),
            "RFC 3339 with an offset: {starts}"
        );
    }
    let assembly = &list[0];
    assert_eq!(assembly["title"], "校友会第二届会员代表大会第一次会议");
    assert_eq!(assembly["kind"], "general_assembly");
    assert_eq!(assembly["expanded"], false);
    assert_eq!(assembly["venue"], "图书馆报告厅");
    assert_eq!(assembly["attendees"], 420);
    assert_eq!(list[1]["kind"], "executive_council");
    assert_eq!(list[1]["expanded"], true);
}

/// `2030-06-15T09:00:00+08:00` or `…Z`: date, `T`, time, then an offset.
fn chrono_like_rfc3339(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() >= 20
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && (text.ends_with('Z') || matches!(bytes[text.len() - 6], b'+' | b'-'))
}

#[test]
fn attendees_have_the_promised_shape_and_match_the_database() {
    let db = shared_demo();
    let run = cli(db, &["attendees", "--meeting", "1", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let list = run.json();
    let list = list.as_array().expect("a top-level array");
    assert_eq!(list.len(), 420);
    let conn = read_only(db);
    let delegates = count(
        &conn,
        "SELECT count(*) FROM attendees WHERE meeting_id = 1 AND category = 'delegate'",
    );
    assert_eq!(
        list.iter().filter(|a| a["category"] == "delegate").count() as u64,
        delegates
    );
    for a in list {
        assert_eq!(
            keys(a),
            [
                "badge_token",
                "category",
                "checked_in_at",
                "group",
                "id",
                "name",
                "seat",
                "unit",
                "voting"
            ]
        );
        assert!(a["id"].is_i64());
        assert!(a["checked_in_at"].is_null(), "nobody has checked in yet");
        assert!(a["seat"].is_string() || a["seat"].is_null());
        assert!(["delegate", "observer", "guest", "staff"]
            .contains(&a["category"].as_str().expect("text")));
        assert_eq!(a["voting"], a["category"] == "delegate");
        let token = a["badge_token"].as_str().expect("text");
        assert!(token.len() == 12 && token.bytes().all(|b| b.is_ascii_digit()));
    }
    let groups: std::collections::BTreeSet<&str> =
        list.iter().filter_map(|a| a["group"].as_str()).collect();
    for group in [
        "市级领导",
        "学校领导",
        "学院校友工作负责人",
        "辅导员",
        "分会代表",
        "校友代表",
        "会务组",
    ] {
        assert!(groups.contains(group), "{group}");
    }
}

#[test]
fn an_unknown_meeting_is_a_clear_error_with_exit_1() {
    let run = cli(shared_demo(), &["attendees", "--meeting", "999", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["error"]["kind"], "not_found");
    assert_eq!(
        run.stderr.lines().count(),
        1,
        "one line on stderr: {}",
        run.stderr
    );
}

/// Each meeting's elections as (body, seats, candidates).
fn elections_of(meeting: &str) -> Vec<(String, u64, u64)> {
    let run = cli(
        shared_demo(),
        &["elections", "--meeting", meeting, "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
        .as_array()
        .expect("array")
        .iter()
        .map(|e| {
            (
                e["body"].as_str().expect("body").to_owned(),
                e["seats"].as_u64().expect("seats"),
                e["candidates"].as_u64().expect("candidates"),
            )
        })
        .collect()
}

#[test]
fn elections_are_listed_for_the_assembly_and_the_afternoon_meeting() {
    // The assembly elects the council and the supervisor; the expanded executive council
    // meeting elects the executive council and the officers from the new council.
    assert_eq!(
        elections_of("1"),
        [
            ("council".to_owned(), 129, 140),
            ("supervisors".to_owned(), 1, 1)
        ]
    );
    assert_eq!(
        elections_of("2"),
        [
            ("executive_council".to_owned(), 33, 35),
            ("officers".to_owned(), 8, 8)
        ]
    );
}

#[test]
fn demo_refuses_a_database_that_holds_data() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("copy.sqlite3");
    let made = cli(&db, &["demo", "--members", "1000", "--json"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    assert_eq!(made.json()["members"], 1000);
    let again = cli(&db, &["demo", "--members", "1000", "--json"]);
    assert_eq!(again.code, 1);
    assert_eq!(again.json()["error"]["kind"], "demo_not_empty");
    assert_eq!(cli(&db, &["stats", "--json"]).json()["members"], 1000);
}

#[test]
fn bad_usage_exits_2_and_a_missing_database_is_not_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("missing.sqlite3");
    assert_eq!(cli(&missing, &["--no-such-flag"]).code, 2);
    assert_eq!(
        cli(&missing, &["attendees"]).code,
        2,
        "--meeting is required"
    );
    let run = cli(&missing, &["stats", "--json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["error"]["kind"], "not_found");
    assert!(
        !missing.exists(),
        "reading commands never create a database"
    );
}

#[test]
fn db_flag_wins_over_the_environment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("other.sqlite3");
    let run: alumni_desk_tests::Run = std::process::Command::new(alumni_desk_tests::binary())
        .args(["--db"])
        .arg(shared_demo())
        .args(["stats", "--json"])
        .env("ALUMNI_DESK_DB", &other)
        .output()
        .expect("run")
        .into();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["members"], 20_000);
    assert!(!other.exists());
}

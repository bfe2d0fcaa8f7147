//! `alumni-desk checkin` and `attendance`: the shapes DESIGN.md and issue 10 promise, the exit
//! codes, and a badge typed as printed.

use alumni_desk_tests::{cli, keys, meeting_of, DOOR_FIELDS};

#[test]
fn checkin_answers_checked_in_already_unknown_and_undone_with_the_promised_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("c.sqlite3");
    let meeting = meeting_of(&db, &["刘东志", "王芳"]).to_string();
    // 931600966788 is 刘东志's badge; typed as printed, in groups of four.
    let first = cli(
        &db,
        &[
            "--json",
            "checkin",
            "--meeting",
            &meeting,
            "9316 0096 6788",
            "--station",
            "东门",
        ],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let answer = first.json();
    for key in ["result", "attendee", "at", "station", "reason"] {
        assert!(answer.get(key).is_some(), "missing {key}");
    }
    assert_eq!(answer["result"], "checked_in");
    assert_eq!(answer["station"], "东门");
    assert_eq!(keys(&answer["attendee"]), DOOR_FIELDS);
    assert_eq!(answer["attendee"]["name"], "刘东志");

    let again = cli(
        &db,
        &[
            "--json",
            "checkin",
            "--meeting",
            &meeting,
            "9316-0096-6788",
            "--station",
            "西门",
        ],
    );
    assert_eq!(again.code, 0);
    assert_eq!(again.json()["result"], "already");
    assert_eq!(again.json()["station"], "东门", "where they were admitted");

    for (code, reason) in [("931600966787", "malformed"), ("123456789015", "not_found")] {
        let run = cli(&db, &["--json", "checkin", "--meeting", &meeting, code]);
        assert_eq!(run.code, 1, "{code}");
        assert_eq!(run.json()["result"], "unknown");
        assert_eq!(run.json()["reason"], reason);
        assert!(run.json()["attendee"].is_null());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }

    let undone = cli(
        &db,
        &[
            "--json",
            "checkin",
            "--meeting",
            &meeting,
            "931600966788",
            "--undo",
        ],
    );
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    assert_eq!(undone.json()["result"], "undone");
    let twice = cli(
        &db,
        &[
            "--json",
            "checkin",
            "--meeting",
            &meeting,
            "931600966788",
            "--undo",
        ],
    );
    assert_eq!(twice.code, 1);
    assert_eq!(twice.json()["error"]["kind"], "not_checked_in");

    let unknown_meeting = cli(
        &db,
        &["--json", "checkin", "--meeting", "99", "931600966788"],
    );
    assert_eq!(unknown_meeting.code, 1);
    assert_eq!(unknown_meeting.json()["error"]["kind"], "not_found");
}

#[test]
fn attendance_has_the_promised_shape_and_counts_the_quorum() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("a.sqlite3");
    let meeting = meeting_of(&db, &["刘东志", "王芳", "张伟"]).to_string();
    let none = cli(&db, &["--json", "attendance", "--meeting", &meeting]).json();
    for key in [
        "expected",
        "present",
        "voting_expected",
        "voting_present",
        "quorum",
        "by_category",
        "by_group",
    ] {
        assert!(none.get(key).is_some(), "missing {key}");
    }
    assert_eq!(
        keys(&none["quorum"]),
        [
            "denominator",
            "needed",
            "numerator",
            "reached",
            "reached_at"
        ]
    );
    assert_eq!(none["quorum"]["needed"], 2, "two thirds of 3");
    assert_eq!(none["quorum"]["reached"], false);
    for code in ["931600966788", "919312911895"] {
        assert_eq!(cli(&db, &["checkin", "--meeting", &meeting, code]).code, 0);
    }
    let two = cli(&db, &["--json", "attendance", "--meeting", &meeting]).json();
    assert_eq!(
        (two["present"].as_i64(), two["expected"].as_i64()),
        (Some(2), Some(3))
    );
    assert_eq!(two["quorum"]["reached"], true);
    assert!(two["quorum"]["reached_at"]
        .as_str()
        .is_some_and(|t| t.contains('T')));
    assert_eq!(two["by_category"][0]["category"], "delegate");
    assert_eq!(two["by_category"][0]["present"], 2);
    assert_eq!(
        keys(&two["by_group"][0])[..3],
        ["expected", "group", "present"]
    );
    let text = cli(&db, &["attendance", "--meeting", &meeting]);
    assert!(text.stdout.contains("reached at"), "{}", text.stdout);
}

#[test]
fn the_attendance_report_prints_the_counts_the_quorum_and_the_absentees() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("r.sqlite3");
    let meeting = meeting_of(&db, &["刘东志", "王芳", "张伟"]).to_string();
    for code in ["931600966788", "919312911895"] {
        assert_eq!(cli(&db, &["checkin", "--meeting", &meeting, code]).code, 0);
    }
    let pdf = dir.path().join("出席情况报告.pdf");
    let run = cli(
        &db,
        &[
            "--json",
            "pdf",
            "attendance",
            "--meeting",
            &meeting,
            "-o",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["document"], "attendance");
    assert!(run.json()["pages"].as_u64().is_some_and(|p| p >= 1));
    let text = alumni_desk_tests::pdftotext(&pdf).replace([' ', '\n'], "");
    for needle in [
        "出席情况报告",
        "校友会理事会会议",
        "已达到法定人数",
        "张伟",
        "第1页共",
    ] {
        assert!(text.contains(needle), "{needle} missing from: {text}");
    }
    let missing = cli(
        &db,
        &[
            "--json",
            "pdf",
            "attendance",
            "--meeting",
            "99",
            "-o",
            pdf.to_str().expect("path"),
        ],
    );
    assert_eq!(missing.code, 1);
    assert_eq!(missing.json()["error"]["kind"], "not_found");
}

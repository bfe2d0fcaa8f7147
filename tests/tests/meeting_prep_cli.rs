//! Meeting preparation from scripts: `meeting create`, `agenda`, `motions`, `vote` and `invite`
//! answer the shapes issue 12 promises, and bad input (counts above the voters present,
//! negative counts, unknown ids, no quorum) exits 1 with a clear message and records nothing.

use alumni_desk_tests::{cli, keys, small_demo};
use serde_json::Value;

fn json(db: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let run = cli(db, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.json()
}

#[test]
fn a_meeting_is_prepared_and_voted_on_from_scripts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = small_demo(dir.path());

    let made = json(
        &db,
        &[
            "meeting",
            "create",
            "--title",
            "第二届理事会第二次会议",
            "--kind",
            "council",
            "--starts-at",
            "2030-09-01T09:00:00+08:00",
            "--venue",
            "行政楼第一会议室",
        ],
    );
    for key in [
        "id",
        "title",
        "kind",
        "expanded",
        "starts_at",
        "venue",
        "attendees",
    ] {
        assert!(made.get(key).is_some(), "{key} in {made}");
    }
    assert_eq!(made["starts_at"], "2030-09-01T09:00:00+08:00");
    assert_eq!(made["status"], "planning");
    let meeting = made["id"].as_i64().expect("id").to_string();

    for (title, kind, minutes) in [("开幕", "other", "10"), ("工作报告", "report", "30")] {
        json(
            &db,
            &[
                "agenda",
                "add",
                "--meeting",
                &meeting,
                "--title",
                title,
                "--kind",
                kind,
                "--minutes",
                minutes,
            ],
        );
    }
    let agenda = json(&db, &["agenda", "--meeting", &meeting]);
    let items = agenda.as_array().expect("list");
    assert_eq!(items.len(), 2);
    for key in [
        "id",
        "position",
        "title",
        "kind",
        "presenter",
        "starts_at",
        "duration_min",
    ] {
        assert!(items[0].get(key).is_some(), "{key} in {}", items[0]);
    }
    assert_eq!(items[1]["starts_at"], "2030-09-01T09:10:00+08:00");
    assert_eq!(items[1]["kind"], "report");

    let invited = json(&db, &["invite", "--meeting", &meeting, "--term", "1"]);
    assert_eq!(keys(&invited)[..3], ["added", "already", "already_invited"]);
    assert!(invited["added"].as_u64().expect("added") > 50);
    assert_eq!(invited["rejected"], serde_json::json!([]));
    let again = json(&db, &["invite", "--meeting", &meeting, "--term", "1"]);
    assert_eq!(again["added"], 0);
    assert_eq!(again["already"], invited["added"]);

    // The demo assembly's motions: promised fields, no votes yet.
    let motions = json(&db, &["motions", "--meeting", "1"]);
    let amendment = motions
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["kind"] == "amendment")
        .expect("the articles");
    assert_eq!(amendment["rule"], "two_thirds");
    // The votes are taken in the afternoon meeting (33 voters: a quorum takes fewer check-ins).
    let motions = json(&db, &["motions", "--meeting", "2"]);
    let first = &motions.as_array().expect("list")[0];
    for key in [
        "id",
        "title",
        "kind",
        "base",
        "rule",
        "method",
        "yes",
        "no",
        "abstain",
        "base_count",
        "needed",
        "passed",
    ] {
        assert!(first.get(key).is_some(), "{key} in {first}");
    }
    assert_eq!(first["passed"], Value::Null);
    let motion = first["id"].as_i64().expect("id").to_string();

    let vote = |yes: &str, no: &str, abstain: &str| {
        cli(
            &db,
            &[
                "--json",
                "vote",
                "--motion",
                &motion,
                "--yes",
                yes,
                "--no",
                no,
                "--abstain",
                abstain,
                "--method",
                "show_of_hands",
            ],
        )
    };
    // Nobody has checked in: no quorum, nothing recorded.
    let refused = vote("10", "0", "0");
    assert_eq!(refused.code, 1);
    assert!(refused.stderr.contains("no quorum"), "{}", refused.stderr);
    // A negative count is refused as bad input, not taken for a flag.
    let negative = vote("-1", "0", "0");
    assert_eq!(negative.code, 1, "{}", negative.stderr);
    assert!(negative.stderr.contains("--yes"), "{}", negative.stderr);
    // An unknown motion.
    let unknown = cli(
        &db,
        &[
            "vote",
            "--motion",
            "99999",
            "--yes",
            "1",
            "--no",
            "0",
            "--abstain",
            "0",
            "--method",
            "ballot",
        ],
    );
    assert_eq!(unknown.code, 1);
    assert!(unknown.stderr.contains("no motion"), "{}", unknown.stderr);
    let still = json(&db, &["motions", "--meeting", "2"]);
    assert_eq!(still[0]["yes"], Value::Null, "nothing was recorded");

    // Thirty voters check in (the quorum is two thirds of 33: 22); then counts above them are
    // refused and a real vote is decided by the rule.
    let attendees = json(&db, &["attendees", "--meeting", "2"]);
    let mut present = 0;
    for a in attendees
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["voting"] == true)
        .take(30)
    {
        let token = a["badge_token"].as_str().expect("token");
        assert_eq!(cli(&db, &["checkin", "--meeting", "2", token]).code, 0);
        present += 1;
    }
    assert_eq!(present, 30);
    let too_many = vote("30", "1", "0");
    assert_eq!(too_many.code, 1);
    assert!(
        too_many.stderr.contains("voting attendees are present"),
        "{}",
        too_many.stderr
    );
    // 15 of 30 is half, not more than half.
    let tie = vote("15", "15", "0");
    assert_eq!(tie.code, 0, "{}", tie.stderr);
    assert_eq!(tie.json()["passed"], false);
    // Recorded again (a mistake corrected): the last vote stands.
    let recorded = vote("20", "9", "1");
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    let recorded = recorded.json();
    assert_eq!(recorded["passed"], true);
    assert_eq!(recorded["base_count"], present);
    assert_eq!(recorded["needed"], present / 2 + 1);
    assert_eq!(recorded["method"], "show_of_hands");
}

#[test]
fn bad_meeting_input_exits_1_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = small_demo(dir.path());
    let before = json(&db, &["meetings"]).as_array().expect("list").len();
    for (args, says) in [
        (
            vec![
                "meeting",
                "create",
                "--title",
                "理事会",
                "--kind",
                "council",
                "--starts-at",
                "下周六上午",
            ],
            "starts_at",
        ),
        (
            vec![
                "meeting",
                "create",
                "--title",
                " ",
                "--kind",
                "council",
                "--starts-at",
                "2030-09-01T09:00",
            ],
            "title",
        ),
        (vec!["agenda", "--meeting", "99999"], "no meeting"),
        (
            vec!["invite", "--meeting", "1", "--term", "99999"],
            "no term",
        ),
        (
            vec!["invite", "--meeting", "99999", "--branch", "1"],
            "no meeting",
        ),
    ] {
        let run = cli(&db, &args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
    }
    assert_eq!(
        json(&db, &["meetings"]).as_array().expect("list").len(),
        before
    );
}

/// A laptop whose clock zone is not the association's still shows and prints the meeting's own
/// 09:00 (the setting `time_zone`, default Asia/Shanghai), never 01:00 or 20:00.
#[test]
fn times_are_the_associations_whatever_the_machines_zone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    for zone in ["UTC", "America/New_York", "Asia/Shanghai"] {
        let run = |args: &[&str]| {
            std::process::Command::new(alumni_desk_tests::binary())
                .arg("--db")
                .arg(&db)
                .args(args)
                .env("TZ", zone)
                .env_remove("ALUMNI_DESK_DB")
                .output()
                .expect("run")
        };
        let listed = run(&["--json", "meetings"]);
        let meetings: Value = serde_json::from_slice(&listed.stdout).expect("json");
        let starts = meetings
            .as_array()
            .expect("list")
            .iter()
            .find(|m| m["id"] == meeting)
            .expect("the assembly")["starts_at"]
            .as_str()
            .expect("time")
            .to_owned();
        assert!(starts.ends_with("T09:00:00+08:00"), "TZ={zone}: {starts}");
        let pdf = dir
            .path()
            .join(format!("signin-{}.pdf", zone.replace('/', "-")));
        let printed = run(&[
            "pdf",
            "signin",
            "--meeting",
            &meeting.to_string(),
            "-o",
            pdf.to_str().expect("path"),
        ]);
        assert!(
            printed.status.success(),
            "{}",
            String::from_utf8_lossy(&printed.stderr)
        );
        let text = alumni_desk_tests::pdftotext(&pdf);
        assert!(
            text.contains("09:00"),
            "TZ={zone}: the sign-in sheet says {text:.300}"
        );
    }
}

//! `alumni-desk election tally`: the independent recount from files, on the seed event's size
//! (129 seats, 140 candidates, 412 issued, 410 returned with over-marked, blank and written-in
//! ballots), and its refusals.

use std::path::{Path, PathBuf};

use alumni_desk_tests::cli;
use serde_json::Value;

const SEATS: usize = 129;
const CANDIDATES: usize = 140;

/// The seed-sized list: 140 names.
fn seed_names() -> Vec<String> {
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵"];
    let given = [
        "明", "华", "伟", "芳", "静", "磊", "洋", "敏", "军", "丽", "强", "霞", "平", "刚", "杰",
        "涛", "超", "勇", "艳", "娟",
    ];
    (0..CANDIDATES)
        .map(|i| format!("{}{}", surnames[i % 7], given[i / 7]))
        .collect()
}

/// An election's candidates in ballot order, read from the database file.
fn candidate_names(db: &Path, election: &str) -> Vec<String> {
    rusqlite::Connection::open(db)
        .expect("open")
        .prepare("SELECT name FROM candidates WHERE election_id = ?1 ORDER BY position")
        .expect("prepare")
        .query_map([election], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names")
}

/// Writes a round for `names` and `seats`: ballot b marks `names.len() - seats` candidates
/// disagree or abstain (a rotation, so counts differ), ballots 401–405 agree with everyone
/// (over-marked), 406–408 are blank, and 409–410 write in 新人甲 in place of one agree.
/// Returns (candidates.csv, ballots.csv).
fn round_files(dir: &Path, names: &[String], seats: usize, gb18030: bool) -> (PathBuf, PathBuf) {
    let n = names.len();
    let mut candidates = String::from("name\n");
    for name in names {
        candidates.push_str(name);
        candidates.push('\n');
    }
    let mut ballots = format!("ballot,{},write_in\n", names.join(","));
    for b in 1..=410usize {
        let mut cells = vec!["同意"; n];
        let mut write_in = "";
        match b {
            401..=405 => {}
            406..=408 => cells = vec![""; n],
            _ => {
                for k in 0..(n - seats) {
                    cells[(b * 7 + k * 13) % n] = if k % 3 == 0 { "弃权" } else { "不同意" };
                }
                if b >= 409 {
                    cells[(b * 7 + 1) % n] = "";
                    write_in = "新人甲";
                }
            }
        }
        ballots.push_str(&format!("{b},{},{write_in}\n", cells.join(",")));
    }
    let (c, b) = (dir.join("candidates.csv"), dir.join("ballots.csv"));
    if gb18030 {
        std::fs::write(&c, encoding_rs::GB18030.encode(&candidates).0).expect("write");
        std::fs::write(&b, encoding_rs::GB18030.encode(&ballots).0).expect("write");
    } else {
        std::fs::write(&c, format!("\u{feff}{candidates}")).expect("write");
        std::fs::write(&b, ballots).expect("write");
    }
    (c, b)
}

fn seed_sized(dir: &Path, gb18030: bool) -> (PathBuf, PathBuf) {
    round_files(dir, &seed_names(), SEATS, gb18030)
}

fn tally(dir: &Path, c: &Path, b: &Path, extra: &[&str]) -> alumni_desk_tests::Run {
    let db = dir.join("unused.sqlite3");
    let mut args = vec![
        "--json",
        "election",
        "tally",
        "--seats",
        "129",
        "--issued",
        "412",
        "--candidates",
        c.to_str().expect("path"),
        "--ballots",
        b.to_str().expect("path"),
    ];
    args.extend_from_slice(extra);
    cli(&db, &args)
}

#[test]
fn the_seed_sized_round_is_counted_from_files_in_either_encoding() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut answers: Vec<Value> = Vec::new();
    for gb in [false, true] {
        let (c, b) = seed_sized(dir.path(), gb);
        let run = tally(dir.path(), &c, &b, &[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        answers.push(run.json());
    }
    assert_eq!(answers[0], answers[1], "UTF-8 and GB18030 count the same");
    let r = &answers[0];
    assert_eq!(r["status"], "valid");
    assert_eq!(
        (r["issued"].as_u64(), r["returned"].as_u64()),
        (Some(412), Some(410))
    );
    assert_eq!(
        (
            r["valid"].as_u64(),
            r["invalid"].as_u64(),
            r["blank"].as_u64()
        ),
        (Some(405), Some(5), Some(3))
    );
    assert_eq!(r["threshold"], 206, "⌊410/2⌋ + 1");
    let candidates = r["candidates"].as_array().expect("candidates");
    assert_eq!(
        candidates.len(),
        CANDIDATES + 1,
        "the listed, then the written-in"
    );
    let written = &candidates[CANDIDATES];
    assert_eq!(
        (
            written["name"].as_str(),
            written["agree"].as_u64(),
            written["write_in"].as_bool()
        ),
        (Some("新人甲"), Some(2), Some(true))
    );
    for c in &candidates[..CANDIDATES] {
        let sum = c["agree"].as_u64().unwrap_or(0)
            + c["disagree"].as_u64().unwrap_or(0)
            + c["abstain"].as_u64().unwrap_or(0);
        assert_eq!(sum, 405, "every valid ballot counts once for {}", c["name"]);
    }
    let elected = r["elected"].as_array().expect("elected").len();
    let tied = r["tied"].as_array().expect("tied").len();
    assert!(elected <= SEATS);
    assert_eq!(r["unfilled"].as_u64(), Some((SEATS - elected) as u64));
    assert!(tied == 0 || elected + tied > SEATS);
    let flagged = candidates.iter().filter(|c| c["elected"] == true).count();
    assert_eq!(flagged, elected);
    let text = tally(
        dir.path(),
        &dir.path().join("candidates.csv"),
        &dir.path().join("ballots.csv"),
        &[],
    )
    .stdout;
    assert!(text.contains("\"threshold\":206"), "--json is global");
}

#[test]
fn a_bad_cell_stops_the_count_naming_the_ballot_and_the_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (c, b) = seed_sized(dir.path(), false);
    let text = std::fs::read_to_string(&b).expect("read");
    let broken = text.replacen("\n17,同意", "\n17,对", 1);
    std::fs::write(&b, broken).expect("write");
    let run = tally(dir.path(), &c, &b, &[]);
    assert_eq!(run.code, 1);
    let error = &run.json()["error"];
    assert_eq!(error["kind"], "invalid_input");
    assert_eq!(error["params"]["reason"], "not_a_mark");
    assert_eq!(error["params"]["ballot"], "17");
    assert_eq!(error["params"]["column"], "王明");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);

    let missing = tally(dir.path(), &c, &dir.path().join("none.csv"), &[]);
    assert_eq!(missing.code, 1);
    assert_eq!(missing.json()["error"]["kind"], "not_found");

    let base = tally(dir.path(), &c, &b, &["--base", "present"]);
    assert_eq!(base.code, 1, "present needs --present");
    let usage = cli(
        &dir.path().join("x.sqlite3"),
        &["election", "tally", "--seats", "1"],
    );
    assert_eq!(usage.code, 2);
    assert!(
        !dir.path().join("unused.sqlite3").exists(),
        "the recount opens no database"
    );
}

#[test]
fn the_same_election_counted_from_the_database_and_from_files_gives_the_same_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = alumni_desk_tests::small_demo(dir.path());
    let elections = cli(
        &db,
        &["--json", "elections", "--meeting", &meeting.to_string()],
    )
    .json();
    let council = elections
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["body"] == "council")
        .expect("the council election")
        .clone();
    let id = council["id"].as_i64().expect("id").to_string();
    let seats = council["seats"].as_u64().expect("seats") as usize;
    let names = candidate_names(&db, &id);
    let (c, b) = round_files(dir.path(), &names, seats, false);

    let not_yet = cli(&db, &["--json", "election", "result", "--election", &id]);
    assert_eq!(not_yet.code, 1);
    assert_eq!(not_yet.json()["error"]["params"]["field"], "issued");
    assert_eq!(
        cli(
            &db,
            &["election", "issue", "--election", &id, "--issued", "412"]
        )
        .code,
        0
    );
    let keyed = cli(
        &db,
        &[
            "--json",
            "election",
            "ballots",
            "--election",
            &id,
            b.to_str().expect("path"),
        ],
    );
    assert_eq!(keyed.code, 0, "{}", keyed.stderr);
    assert_eq!(keyed.json()["ballots"], 410);
    let result = cli(&db, &["--json", "election", "result", "--election", &id]);
    assert_eq!(result.code, 0, "{}", result.stderr);
    let mut from_db = result.json();
    for key in [
        "id",
        "body",
        "title",
        "round",
        "source",
        "sheet_differences",
    ] {
        assert!(from_db.get(key).is_some(), "result has {key}");
        from_db.as_object_mut().expect("object").remove(key);
    }
    let from_files = cli(
        &dir.path().join("none.sqlite3"),
        &[
            "--json",
            "election",
            "tally",
            "--seats",
            &seats.to_string(),
            "--issued",
            "412",
            "--candidates",
            c.to_str().expect("path"),
            "--ballots",
            b.to_str().expect("path"),
        ],
    );
    assert_eq!(from_files.code, 0, "{}", from_files.stderr);
    assert_eq!(from_db, from_files.json());

    // A second clerk keys the same papers with one slip: the difference is shown, the count
    // (from the first pass) stays.
    let text = std::fs::read_to_string(&b).expect("read");
    let slip = text.replacen("\n17,同意", "\n17,不同意", 1);
    let second = dir.path().join("second.csv");
    std::fs::write(&second, slip).expect("write");
    let pass2 = cli(
        &db,
        &[
            "--json",
            "election",
            "ballots",
            "--election",
            &id,
            "--pass",
            "2",
            second.to_str().expect("path"),
        ],
    );
    assert_eq!(pass2.code, 0, "{}", pass2.stderr);
    let differences = pass2.json()["differences"].clone();
    assert_eq!(
        differences.as_array().map(Vec::len),
        Some(1),
        "{differences}"
    );
    assert_eq!(differences[0]["ballot"], 17);
    assert_eq!(
        (
            differences[0]["first"].as_str(),
            differences[0]["second"].as_str()
        ),
        (Some("agree"), Some("disagree"))
    );
    let again = cli(&db, &["--json", "election", "result", "--election", &id]).json();
    assert_eq!(again["candidates"], from_files.json()["candidates"]);

    // The result report and the announcement print that count.
    for (document, needle) in [("results", "选举结果报告单"), ("announcement", "当选名单")]
    {
        let pdf = dir.path().join(format!("{document}.pdf"));
        let run = cli(
            &db,
            &[
                "--json",
                "pdf",
                document,
                "--election",
                &id,
                "-o",
                pdf.to_str().expect("path"),
            ],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_eq!(run.json()["document"], document);
        let text = alumni_desk_tests::pdftotext(&pdf).replace([' ', '\n'], "");
        assert!(text.contains(needle), "{document}: {text}");
        let first_elected = again["elected"][0].as_str().expect("someone elected");
        assert!(
            text.contains(first_elected),
            "{document} names {first_elected}"
        );
    }

    // The next round in one step: a run-off among the tied for the seats left, or a further
    // round among the not yet elected.
    let next = cli(
        &db,
        &["--json", "election", "next-round", "--election", &id],
    );
    // This seeded round (the rotation of the ballots above on the demo's 135 candidates) ties
    // across the last seats, so the next round is a run-off among the tied for the seats left.
    let unfilled = again["unfilled"].as_u64().expect("unfilled");
    let tied = again["tied"].as_array().expect("tied").clone();
    assert!(unfilled > 0 && !tied.is_empty(), "{again}");
    assert_eq!(next.code, 0, "{}", next.stderr);
    let next = next.json();
    assert_eq!(next["round"], 2);
    assert_eq!(next["kind"], "run_off");
    assert_eq!(next["seats"], unfilled);
    let mut among: Vec<&Value> = next["candidates"]
        .as_array()
        .expect("list")
        .iter()
        .collect();
    let mut expected: Vec<&Value> = tied.iter().collect();
    among.sort_by_key(|v| v.as_str().map(str::to_owned));
    expected.sort_by_key(|v| v.as_str().map(str::to_owned));
    assert_eq!(among, expected);
    let listed = cli(
        &db,
        &["--json", "elections", "--meeting", &meeting.to_string()],
    )
    .json();
    assert!(listed
        .as_array()
        .expect("list")
        .iter()
        .any(|e| e["id"] == next["id"]));
    // The round counted is closed: asking again sets up no second run-off.
    let again = cli(
        &db,
        &["--json", "election", "next-round", "--election", &id],
    );
    assert_eq!(again.code, 1, "{}", again.stdout);
    assert_eq!(again.json()["error"]["params"]["reason"], "round_closed");
}

#[test]
fn a_declared_council_is_the_voters_of_the_afternoon_meeting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = alumni_desk_tests::small_demo(dir.path());
    let meetings = cli(&db, &["--json", "meetings"]).json();
    let afternoon = meetings
        .as_array()
        .expect("list")
        .iter()
        .find(|m| m["expanded"] == true)
        .expect("the expanded executive council meeting")["id"]
        .as_i64()
        .expect("id");
    let list = |m: i64| cli(&db, &["--json", "elections", "--meeting", &m.to_string()]).json();
    let council = list(meeting)
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["body"] == "council")
        .expect("council")
        .clone();
    assert_eq!(
        (council["seats"].clone(), council["candidates"].clone()),
        (129.into(), 140.into())
    );
    let afternoon_bodies: Vec<Value> = list(afternoon)
        .as_array()
        .expect("list")
        .iter()
        .map(|e| e["body"].clone())
        .collect();
    assert_eq!(afternoon_bodies, ["executive_council", "officers"]);

    let id = council["id"].as_i64().expect("id").to_string();
    let names = candidate_names(&db, &id);
    let (_, b) = round_files(dir.path(), &names, 129, false);
    assert_eq!(
        cli(
            &db,
            &["election", "issue", "--election", &id, "--issued", "412"]
        )
        .code,
        0
    );
    assert_eq!(
        cli(
            &db,
            &[
                "election",
                "ballots",
                "--election",
                &id,
                b.to_str().expect("path")
            ]
        )
        .code,
        0
    );
    let result = cli(&db, &["--json", "election", "result", "--election", &id]).json();
    let elected = result["elected"].as_array().expect("elected").len();
    assert!(elected > 0);

    let declared = cli(&db, &["--json", "election", "declare", "--election", &id]);
    assert_eq!(declared.code, 0, "{}", declared.stderr);
    let declared = declared.json();
    assert_eq!(
        declared["elected"].as_array().expect("elected").len(),
        elected
    );
    let seated = declared["electorates"].as_array().expect("electorates");
    assert_eq!(
        seated.len(),
        2,
        "the executive council and the officers elect from it"
    );
    for e in seated {
        assert_eq!(e["meeting"], afternoon);
        assert_eq!(e["voters"], elected as u64);
    }
    let voting: Vec<String> = alumni_desk_tests::attendees(&db, afternoon)
        .into_iter()
        .filter(|a| a["voting"] == true)
        .map(|a| a["name"].as_str().expect("name").to_owned())
        .collect();
    assert_eq!(voting.len(), elected);
    for name in result["elected"].as_array().expect("elected") {
        assert!(
            voting.iter().any(|v| v == name),
            "{name} votes in the afternoon"
        );
    }
    // Declared once: the round is closed.
    let again = cli(&db, &["--json", "election", "declare", "--election", &id]);
    assert_eq!(again.code, 1);
    assert_eq!(again.json()["error"]["params"]["reason"], "round_closed");
}

//! `alumni-desk election tally`: the independent recount from files, on the seed event's size
//! (129 seats, 140 candidates, 412 issued, 410 returned with over-marked, blank and written-in
//! ballots), and its refusals.

use std::path::{Path, PathBuf};

use alumni_desk_tests::cli;
use serde_json::Value;

const SEATS: usize = 129;
const CANDIDATES: usize = 140;

/// Writes the seed-sized round: ballot b disagrees with 11 candidates (a rotation, so counts
/// differ), ballots 401–405 agree with all 140 (over-marked), 406–408 are blank, and 409–410
/// write in 新人甲 in place of one agree. Returns (candidates.csv, ballots.csv).
fn seed_sized(dir: &Path, gb18030: bool) -> (PathBuf, PathBuf) {
    let names: Vec<String> = (0..CANDIDATES)
        .map(|i| {
            format!(
                "{}{}",
                ["王", "李", "张", "刘", "陈", "杨", "赵"][i % 7],
                [
                    "明", "华", "伟", "芳", "静", "磊", "洋", "敏", "军", "丽", "强", "霞", "平",
                    "刚", "杰", "涛", "超", "勇", "艳", "娟"
                ][i / 7]
            )
        })
        .collect();
    let mut candidates = String::from("name\n");
    for n in &names {
        candidates.push_str(n);
        candidates.push('\n');
    }
    let mut ballots = format!("ballot,{},write_in\n", names.join(","));
    for b in 1..=410usize {
        let mut cells = vec!["同意"; CANDIDATES];
        let mut write_in = "";
        match b {
            401..=405 => {}
            406..=408 => cells = vec![""; CANDIDATES],
            _ => {
                for k in 0..(CANDIDATES - SEATS) {
                    cells[(b * 7 + k * 13) % CANDIDATES] =
                        if k % 3 == 0 { "弃权" } else { "不同意" };
                }
                if b >= 409 {
                    cells[(b * 7 + 1) % CANDIDATES] = "";
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

//! `alumni-desk pdf ballots|tally`: the papers printed before the vote — numbered ballot papers
//! and the scrutineers' tally sheet — from a demo database, checked as a reader gets them
//! (poppler's `pdftotext` and `pdfinfo`).

use std::path::Path;

use alumni_desk_tests::{cli, pages_text, pdfinfo_pages};
use serde_json::Value;

/// The council election of the demo's general assembly: its id, title, seats and candidates in
/// ballot order.
fn council(db: &Path, meeting: i64) -> (String, String, u64, Vec<String>) {
    let run = cli(
        db,
        &["elections", "--meeting", &meeting.to_string(), "--json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed = run.json();
    let council = listed
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["body"] == "council")
        .expect("the council election")
        .clone();
    let id = council["id"].as_i64().expect("id").to_string();
    let names: Vec<String> = rusqlite::Connection::open(db)
        .expect("open")
        .prepare("SELECT name FROM candidates WHERE election_id = ?1 ORDER BY position")
        .expect("prepare")
        .query_map([&id], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("names");
    assert_eq!(
        names.len() as u64,
        council["candidates"].as_u64().expect("M")
    );
    (
        id,
        council["title"].as_str().expect("title").to_string(),
        council["seats"].as_u64().expect("seats"),
        names,
    )
}

fn pdf(db: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--json", "pdf"];
    all.extend_from_slice(args);
    let run = cli(db, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    run.json()
}

#[test]
fn ballots_and_the_tally_sheet_print_before_any_count() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = alumni_desk_tests::small_demo(dir.path());
    let (id, title, seats, names) = council(&db, meeting);

    // Three numbered ballots, one page each, every candidate on each in ballot order.
    let out = dir.path().join("ballots.pdf");
    let json = pdf(
        &db,
        &[
            "ballots",
            "--election",
            &id,
            "--count",
            "3",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(json["document"], "ballots");
    assert_eq!(json["pages"], 3);
    assert_eq!(
        json["bytes"],
        std::fs::metadata(&out).expect("written").len()
    );
    assert_eq!(pdfinfo_pages(&out), 3);
    let text = pages_text(&out);
    assert_eq!(text.len(), 3);
    for (i, page) in text.iter().enumerate() {
        assert!(page.contains(&format!("{title}选票")), "page {}", i + 1);
        assert!(page.contains(&format!("№000{}", i + 1)), "page {}", i + 1);
        assert!(page.contains("第1页共1页"));
        assert!(page.contains(&format!("应选{seats}名，候选人{}名", names.len())));
        assert!(page.contains("不同意的划“×”"));
        let mut from = 0;
        for name in &names {
            let at = page[from..]
                .find(name.as_str())
                .unwrap_or_else(|| panic!("{name} on page {} in ballot order", i + 1));
            from += at + name.len();
        }
    }

    // The tally sheet: every candidate's row once, the figures, the signatures.
    let out = dir.path().join("tally.pdf");
    let json = pdf(
        &db,
        &[
            "tally",
            "--election",
            &id,
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(json["document"], "tally");
    let sheet_pages = json["pages"].as_u64().expect("pages") as usize;
    assert_eq!(pdfinfo_pages(&out), sheet_pages);
    let text = pages_text(&out);
    assert_eq!(text.len(), sheet_pages);
    for (i, page) in text.iter().enumerate() {
        assert!(
            page.contains("序号姓名"),
            "the header row on page {}",
            i + 1
        );
        assert!(page.contains(&format!("第{}页共{sheet_pages}页", i + 1)));
    }
    let all = text.concat();
    assert!(all.contains(&format!("{title}计票单")));
    assert!(all.contains(&format!("应选{seats}名候选人{}名", names.len())));
    for figure in ["发出票数", "收回票数", "有效票", "无效票", "空白票"] {
        assert!(all.contains(figure), "{figure}");
    }
    for (i, name) in names.iter().enumerate() {
        assert!(all.contains(&format!("{}{name}", i + 1)), "{name}");
    }
    for signer in ["计票人：", "监票人：", "总监票人："] {
        assert!(all.contains(signer), "{signer}");
    }

    // Once the ballots issued are recorded, that many are printed by default.
    let issued = cli(
        &db,
        &["election", "issue", "--election", &id, "--issued", "5"],
    );
    assert_eq!(issued.code, 0, "{}", issued.stderr);
    let out = dir.path().join("issued.pdf");
    let json = pdf(
        &db,
        &[
            "ballots",
            "--election",
            &id,
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(json["pages"], 5);
    assert!(pages_text(&out)[4].contains("№0005"));
}

#[test]
fn a_count_of_nothing_or_an_unknown_election_prints_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = alumni_desk_tests::small_demo(dir.path());
    let (id, ..) = council(&db, meeting);
    let out = dir.path().join("none.pdf");
    let run = cli(
        &db,
        &[
            "--json",
            "pdf",
            "ballots",
            "--election",
            &id,
            "--count",
            "0",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, 1);
    let error = &run.json()["error"];
    assert_eq!(error["kind"], "invalid_input");
    assert_eq!(error["params"]["field"], "count");
    assert!(!out.exists(), "no file for a refused run");
    let run = cli(
        &db,
        &[
            "--json",
            "pdf",
            "tally",
            "--election",
            "999",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["error"]["kind"], "not_found");
    assert!(!out.exists());
}

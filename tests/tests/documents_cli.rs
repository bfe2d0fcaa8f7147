//! `alumni-desk pdf signin|badges|cards`: meeting documents from a real database, checked as a
//! reader gets them (poppler's `pdftotext`, `pdfinfo`).

use std::path::Path;

use alumni_desk_tests::{cli, meeting_of, pdftotext, shared_demo};
use serde_json::Value;

fn attendee_names(db: &Path) -> Vec<String> {
    let run = cli(db, &["attendees", "--meeting", "1", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.json()
        .as_array()
        .expect("a list")
        .iter()
        .map(|a| a["name"].as_str().expect("name").to_string())
        .collect()
}

#[test]
fn each_meeting_document_is_written_with_every_name_and_its_page_count() {
    let db = shared_demo();
    let dir = tempfile::tempdir().expect("tmp");
    let names = attendee_names(db);
    assert_eq!(names.len(), 420);
    for (document, expected_pages) in [
        ("signin", None),
        ("badges", Some(105)),
        ("cards", Some(420)),
    ] {
        let out = dir.path().join(format!("{document}.pdf"));
        let run = cli(
            db,
            &[
                "--json",
                "pdf",
                document,
                "--meeting",
                "1",
                "-o",
                out.to_str().expect("utf-8"),
            ],
        );
        assert_eq!(run.code, 0, "{document}: {}", run.stderr);
        let json: Value = run.json();
        assert_eq!(
            json["bytes"],
            std::fs::metadata(&out).expect("written").len()
        );
        if let Some(pages) = expected_pages {
            assert_eq!(json["pages"], pages, "{document}");
        }
        assert!(
            !dir.path().join(format!("{document}.pdf.part")).exists(),
            "no partial file left"
        );
        let text: String = pdftotext(&out).split_whitespace().collect();
        for name in &names {
            assert!(text.contains(name.as_str()), "{document} names {name}");
        }
    }
}

#[test]
fn one_badge_can_be_reprinted_and_bad_requests_fail_clearly() {
    let db = shared_demo();
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("one.pdf");
    let out_arg = out.to_str().expect("utf-8");
    let run = cli(
        db,
        &[
            "--json",
            "pdf",
            "badges",
            "--meeting",
            "1",
            "--attendee",
            "5",
            "--layout",
            "single",
            "-o",
            out_arg,
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["pages"], 1);

    let unknown = cli(
        db,
        &["--json", "pdf", "signin", "--meeting", "999", "-o", out_arg],
    );
    assert_eq!(unknown.code, 1);
    assert_eq!(unknown.json()["error"]["kind"], "not_found");
    assert_eq!(unknown.stderr.lines().count(), 1);

    let nobody = cli(
        db,
        &[
            "--json",
            "pdf",
            "badges",
            "--meeting",
            "1",
            "--attendee",
            "999999",
            "-o",
            out_arg,
        ],
    );
    assert_eq!(nobody.code, 1);
    assert_eq!(nobody.json()["error"]["kind"], "no_attendees");

    let pinyin = cli(
        db,
        &[
            "--json",
            "pdf",
            "signin",
            "--meeting",
            "1",
            "--order",
            "pinyin",
            "-o",
            out_arg,
        ],
    );
    assert_eq!(pinyin.code, 0, "{}", pinyin.stderr);
    let text: String = pdftotext(&out).split_whitespace().collect();
    assert!(text.contains("按姓氏拼音排序"), "the sheet says its order");

    let bad_layout = cli(
        db,
        &[
            "pdf",
            "badges",
            "--meeting",
            "1",
            "--layout",
            "huge",
            "-o",
            out_arg,
        ],
    );
    assert_eq!(bad_layout.code, 2, "bad usage");
}

#[test]
fn rare_names_print_and_a_character_no_font_has_is_refused_naming_whose_or_marked() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("rare.sqlite3");
    let meeting = meeting_of(&db, &["赵孟𫖯", "吉𠮷", "张\u{E000}"]).to_string();
    let out = dir.path().join("signin.pdf");
    let out_arg = out.to_str().expect("utf-8");
    let args = [
        "--json",
        "pdf",
        "signin",
        "--meeting",
        &meeting,
        "-o",
        out_arg,
    ];

    let refused = cli(&db, &args);
    assert_eq!(refused.code, 1, "{}", refused.stdout);
    assert_eq!(refused.stderr.lines().count(), 1, "{}", refused.stderr);
    assert!(refused.stderr.contains("name of 张□"), "{}", refused.stderr);
    let error = &refused.json()["error"];
    assert_eq!(error["kind"], "missing_glyphs");
    assert_eq!(error["params"]["codepoints"], serde_json::json!(["U+E000"]));
    let places = error["params"]["places"].as_array().expect("places");
    assert_eq!(places.len(), 1, "only 张's name: {places:?}");
    assert_eq!(places[0]["field"], "name");
    assert_eq!(places[0]["name"], "张□");
    assert!(!out.exists(), "nothing written");

    let mut marked_args = args.to_vec();
    marked_args.insert(3, "--mark-missing");
    let marked = cli(&db, &marked_args);
    assert_eq!(marked.code, 0, "{}", marked.stderr);
    let json = marked.json();
    assert_eq!(json["marked"][0]["name"], "张□");
    let text: String = pdftotext(&out).split_whitespace().collect();
    for printed in ["赵孟𫖯", "吉𠮷", "张□", "请手工更正"] {
        assert!(text.contains(printed), "{printed}: {text}");
    }
}

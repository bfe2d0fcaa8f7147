//! `alumni-desk members import|search|export` and `pdf statistics` on real files.

use std::path::Path;
use std::process::Command;

use alumni_desk_tests::cli;
use rust_xlsxwriter::Workbook;

/// A register as offices keep it: a title row above the header, Chinese headers, a phone
/// written with +86 and dashes, full-width digits, a name that looks like a formula.
fn write_register(path: &Path) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let rows: [[&str; 6]; 5] = [
        ["2024届校友通讯录", "", "", "", "", ""],
        ["姓名", "学号", "毕业年份", "学院", "手机", "工作单位"],
        [
            "刘东志",
            "2004080123",
            "2008届",
            "计算机科学与技术学院",
            "+86 138-1234-5678",
            "华为技术有限公司",
        ],
        [
            "=HYPERLINK(\"http://x\",\"y\")",
            "2005010007",
            "２００９",
            "机械工程学院",
            "13900001111",
            "上海电气集团股份有限公司",
        ],
        [
            "",
            "2006010008",
            "2010",
            "机械工程学院",
            "13700002222",
            "无名氏公司",
        ],
    ];
    for (r, row) in (0u32..).zip(rows) {
        for (c, value) in (0u16..).zip(row) {
            if !value.is_empty() {
                sheet.write_string(r, c, value).expect("cell");
            }
        }
    }
    book.save(path).expect("save");
}

fn members(db: &Path) -> u64 {
    cli(db, &["stats", "--json"]).json()["members"]
        .as_u64()
        .expect("count")
}

#[test]
fn import_then_search_export_and_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.sqlite3");
    assert_eq!(cli(&db, &["demo", "--members", "1000"]).code, 0);
    let before = members(&db);
    let file = dir.path().join("通讯录.xlsx");
    write_register(&file);
    let file_arg = file.to_str().expect("utf-8");

    let dry = cli(&db, &["members", "import", file_arg, "--dry-run", "--json"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let report = dry.json();
    assert_eq!(report["inserted"], 2);
    assert_eq!(
        report["rejected"][0]["row"], 5,
        "the row number the user sees: {report}"
    );
    assert_eq!(members(&db), before, "a dry run changes nothing");

    let done = cli(&db, &["members", "import", file_arg, "--json"]).json();
    assert_eq!(done["inserted"], 2, "{done}");
    assert_eq!(members(&db), before + 2);
    let again = cli(&db, &["members", "import", file_arg, "--json"]).json();
    assert_eq!(
        (again["inserted"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(2)),
        "{again}"
    );

    for query in ["ldz", "liudongzhi", "5678", "刘东"] {
        let hits = cli(&db, &["members", "search", query, "--json"]).json();
        let found = hits
            .as_array()
            .expect("array")
            .iter()
            .find(|h| h["name"] == "刘东志")
            .unwrap_or_else(|| panic!("{query}: {hits}"));
        assert_eq!(found["phone_masked"], "138****5678");
        assert_eq!(found["graduation_year"], 2008);
    }

    let csv = dir.path().join("名册.csv");
    let exported = cli(
        &db,
        &[
            "members",
            "export",
            csv.to_str().expect("utf-8"),
            "--columns",
            "name,phone",
            "--json",
        ],
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    let bytes = std::fs::read(&csv).expect("read");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("刘东志,138****5678"), "masked");
    assert!(text.contains("\"'=HYPERLINK("), "neutralised formula");
    assert!(!text.contains("13812345678"));

    let pdf = dir.path().join("statistics.pdf");
    let made = cli(
        &db,
        &["pdf", "statistics", "-o", pdf.to_str().expect("utf-8")],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils; make installs it)");
    let text = String::from_utf8_lossy(&text.stdout);
    for words in [
        "校友信息统计报告",
        "申江理工大学校友会",
        "计算机科学与技术学院",
        "第1页共",
    ] {
        assert!(text.contains(words), "{words} in the report");
    }
}

#[test]
fn unreadable_files_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("office.sqlite3");
    assert_eq!(cli(&db, &["demo", "--members", "1000"]).code, 0);
    let before = std::fs::read(&db).expect("read");
    let letter = dir.path().join("letter.xlsx");
    std::fs::write(&letter, "尊敬的校友：这不是表格。").expect("write");
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "").expect("write");
    for (file, kind) in [(&letter, "not_a_spreadsheet"), (&empty, "empty_file")] {
        let run = cli(
            &db,
            &["members", "import", file.to_str().expect("utf-8"), "--json"],
        );
        assert_eq!(run.code, 1, "{}", run.stdout);
        assert_eq!(run.json()["error"]["kind"], kind, "{}", file.display());
        assert_eq!(run.stderr.lines().count(), 1);
    }
    assert_eq!(
        std::fs::read(&db).expect("read"),
        before,
        "the database is untouched"
    );
}

//! What Windows offices do most, through whichever binary the tests run (`make test`: the Linux
//! build; `make test-windows`: the .exe under wine): a member list with a Chinese file name
//! imported and exported, and the meeting documents — which, from the .exe, must be the same
//! documents as the Linux build's (the same text page by page; the sign-in sheet's pages drawn
//! the same, pixel for pixel).

use std::path::{Path, PathBuf};
use std::process::Command;

use alumni_desk_tests::{cli, pdftotext};
use rust_xlsxwriter::Workbook;

/// The Linux build, when the tests run another binary (the .exe under wine): the reference.
fn linux_build() -> Option<PathBuf> {
    std::env::var_os("ALUMNI_DESK_EXE")?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/alumni-desk");
    path.exists().then_some(path)
}

#[test]
fn a_chinese_file_name_is_imported_and_exported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("名册.sqlite3");
    let list = dir.path().join("校友名单.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["姓名", "手机", "毕业年份", "学院"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, (name, phone, year, college)) in [
        ("韩子墨", 13611110001.0, 2010.0, "计算机学院"),
        ("欧阳振华", 13611110002.0, 1998.0, "机械工程学院"),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 1;
        sheet.write_string(r, 0, *name).expect("name");
        sheet.write_number(r, 1, *phone).expect("phone");
        sheet.write_number(r, 2, *year).expect("year");
        sheet.write_string(r, 3, *college).expect("college");
    }
    book.save(&list).expect("save");

    let imported = cli(
        &db,
        &["--json", "members", "import", list.to_str().expect("path")],
    );
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert_eq!(imported.json()["inserted"], 2);
    let found = cli(&db, &["--json", "members", "search", "oyzh"]);
    assert_eq!(found.json()[0]["name"], "欧阳振华");

    let out = dir.path().join("校友名单-导出.xlsx");
    let exported = cli(
        &db,
        &["--json", "members", "export", out.to_str().expect("path")],
    );
    assert_eq!(exported.code, 0, "{}", exported.stderr);
    assert!(out.exists(), "the export is written under its Chinese name");
    // Read back: the same two people, the phones masked.
    let again = dir.path().join("再次.sqlite3");
    let back = cli(
        &again,
        &["--json", "members", "import", out.to_str().expect("path")],
    );
    assert_eq!(back.code, 0, "{}", back.stderr);
    let rows = back.json();
    let total = rows["inserted"].as_u64().unwrap_or(0)
        + rows["rejected"].as_array().map_or(0, |r| r.len() as u64);
    assert_eq!(total, 2, "{rows}");
}

#[test]
fn the_sign_in_sheet_and_badges_are_the_linux_builds_documents() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("demo.sqlite3");
    let made = cli(
        &db,
        &["demo", "--members", "1000", "--meeting-date", "2030-06-15"],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    for (document, extra) in [("signin", None), ("badges", Some("--layout=sheet"))] {
        let pdf = dir.path().join(format!("{document}-签到.pdf"));
        let mut args = vec!["pdf", document, "--meeting", "1"];
        args.extend(extra);
        args.extend(["-o", pdf.to_str().expect("path")]);
        let run = cli(&db, &args);
        assert_eq!(run.code, 0, "{document}: {}", run.stderr);
        let text = pdftotext(&pdf);
        assert!(
            text.contains("校友会第二届会员代表大会第一次会议"),
            "{document}"
        );
        if let Some(linux) = linux_build() {
            let reference = dir.path().join(format!("{document}-linux.pdf"));
            let status = Command::new(&linux)
                .arg("--db")
                .arg(&db)
                .args(&args[..args.len() - 1])
                .arg(&reference)
                .env_remove("ALUMNI_DESK_DB")
                .status()
                .expect("the Linux build");
            assert!(status.success());
            // The same text on the same pages; only the generation time may differ.
            let strip = |t: String| {
                t.lines()
                    .filter(|l| !l.contains("生成于"))
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            assert_eq!(strip(text), strip(pdftotext(&reference)), "{document}");
            // The sign-in sheet's pages are drawn the same, pixel for pixel (no generation
            // time on them).
            if document == "signin" {
                assert_eq!(pages_drawn(&pdf), pages_drawn(&reference), "{document}");
            }
        }
    }
}

/// Every page of a PDF drawn at 30 dpi (pdftoppm, PNG bytes), in order.
fn pages_drawn(pdf: &Path) -> Vec<Vec<u8>> {
    let dir = tempfile::tempdir().expect("tempdir");
    let prefix = dir.path().join("p");
    let status = Command::new("pdftoppm")
        .args(["-r", "30", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm (poppler-utils) is installed by make test");
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("pages")
        .map(|e| e.expect("entry").path())
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| std::fs::read(p).expect("page"))
        .collect()
}

/// On Windows the register lives in the user's roaming data folder (%APPDATA%), whatever the
/// current folder: checked only when the tests run the .exe (wine gives it its own %APPDATA%).
#[test]
fn the_register_lives_in_appdata_on_windows() {
    if std::env::var_os("ALUMNI_DESK_EXE").is_none() {
        return;
    }
    let out = Command::new(alumni_desk_tests::binary())
        .args(["--json", "init"])
        .env_remove("ALUMNI_DESK_DB")
        .output()
        .expect("run the .exe");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let path = answer["path"].as_str().expect("path");
    assert!(
        path.contains(r"\AppData\Roaming\") && path.ends_with(r"\alumni-desk.sqlite3"),
        "{path}"
    );
}

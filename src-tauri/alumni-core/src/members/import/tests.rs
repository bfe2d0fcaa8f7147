//! Imports of real files built here (xlsx written with rust_xlsxwriter, GBK and UTF-8 CSV,
//! images and letters under a spreadsheet's name) into real database files; every test
//! asserts what is on record afterwards, and that refused or cancelled imports change nothing.

use std::cell::Cell as StdCell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{Connection, OptionalExtension};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use tempfile::TempDir;

use super::*;
use crate::members::{self, Gender, MemberField, MemberId, NewMember, ReviewStatus};
use crate::staff::{self, StaffId};
use crate::{audit, storage};

/// A cell of a test workbook.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Date(u16, u8, u8),
    Blank,
}
use Cell::{Blank, Date, Number, Text};

struct Fixture {
    dir: TempDir,
    db_path: PathBuf,
    conn: Connection,
    admin: StaffId,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db_path = dir.path().join("register.sqlite3");
    let conn = storage::open(&db_path).expect("open").conn;
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    Fixture {
        dir,
        db_path,
        conn,
        admin,
    }
}

impl Fixture {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn add(&mut self, member: NewMember) -> MemberId {
        let tx = self.conn.transaction().expect("tx");
        let id = members::insert(&tx, &member).expect("insert");
        tx.commit().expect("commit");
        id
    }

    /// Everything an import may touch, as text, plus the main file's bytes after a checkpoint.
    fn snapshot(&self) -> (String, Vec<u8>) {
        let mut dump = String::new();
        for table in ["members", "member_reviews", "audit_log"] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
                .expect("select");
            let columns = stmt.column_count();
            let mut rows = stmt.query([]).expect("query");
            while let Some(row) = rows.next().expect("row") {
                for i in 0..columns {
                    let value: rusqlite::types::Value = row.get(i).expect("value");
                    dump.push_str(&format!("{value:?}|"));
                }
                dump.push('\n');
            }
        }
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .expect("checkpoint");
        (dump, std::fs::read(&self.db_path).expect("db bytes"))
    }

    fn import(&mut self, sheet: &Sheet) -> Imported {
        let mapping = detect_mapping(sheet).expect("mapping");
        run(
            &mut self.conn,
            self.admin,
            sheet,
            &mapping,
            "test.xlsx",
            &|_| {},
            &AtomicBool::new(false),
        )
        .expect("import")
    }

    fn member(&self, id: MemberId) -> NewMember {
        members::stored(&self.conn, id)
            .expect("stored")
            .expect("exists")
            .fields
    }

    fn id_by_name(&self, name: &str) -> Option<MemberId> {
        self.conn
            .query_row("SELECT id FROM members WHERE name = ?1", [name], |r| {
                r.get(0).map(MemberId)
            })
            .optional()
            .expect("query")
    }
}

fn write_xlsx(path: &Path, rows: &[Vec<Cell>]) {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet();
    for (r, cells) in rows.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Text(t) => {
                    sheet.write_string(r, c, *t).expect("string");
                }
                Number(n) => {
                    sheet.write_number(r, c, *n).expect("number");
                }
                Date(y, m, d) => {
                    let at = ExcelDateTime::from_ymd(*y, *m, *d).expect("date");
                    sheet
                        .write_datetime_with_format(r, c, &at, &date)
                        .expect("date");
                }
                Blank => {}
            }
        }
    }
    workbook.save(path).expect("save xlsx");
}

fn rejected_rows(report: &ImportReport) -> Vec<(u32, &'static str, Option<MemberField>)> {
    report
        .rejected
        .iter()
        .map(|n| (n.row, n.kind, n.field))
        .collect()
}

fn review_rows(report: &ImportReport) -> Vec<(u32, &'static str, Option<MemberId>)> {
    report
        .review
        .iter()
        .map(|n| (n.row, n.kind, n.member_id))
        .collect()
}

const HYPERLINK: &str = "=HYPERLINK(\"http://x\",\"y\")";

#[test]
fn an_xlsx_with_a_title_row_and_awkward_cells() {
    let mut fx = fixture();
    let path = fx.path("名单.xlsx");
    let long = "单".repeat(10_000);
    let header = [
        "姓名",
        "性别",
        "学号",
        "入学时间",
        "毕业年份",
        "学院",
        "手机号码",
        "工作单位",
    ];
    write_xlsx(
        &path,
        &[
            vec![Text("申江理工大学 2008届计算机学院校友名单")],
            header.iter().map(|h| Text(h)).collect(),
            vec![
                Text("张　三"),
                Text("男"),
                Number(2004080101.0),
                Text("2004级"),
                Text("2008届"),
                Text("计算机学院"),
                Text("１３８１２３４５６７８"),
                Text("华为"),
            ],
            vec![
                Text(HYPERLINK),
                Text("女"),
                Number(2004080102.0),
                Blank,
                Number(2008.0),
                Text("计算机学院"),
                Number(13912345678.0),
            ],
            vec![
                Text("李四"),
                Text("男"),
                Number(2004080103.0),
                Blank,
                Text("2008"),
                Text("计算机学院"),
                Text("137 1234 5678"),
                Text(&long),
            ],
            vec![
                Text("王五"),
                Text("M"),
                Number(2004080104.0),
                Number(38231.0),
                Date(2008, 7, 1),
                Text("计算机学院"),
                Text("+86 136-1234-5678"),
            ],
            vec![],
            vec![Blank, Text("女"), Number(2004080105.0)],
            vec![
                Text("=1+2"),
                Blank,
                Blank,
                Blank,
                Blank,
                Blank,
                Text("12345"),
            ],
        ],
    );

    let sheet = read_file(&path).expect("read");
    assert_eq!(sheet.format, SourceFormat::Xlsx);
    let mapping = detect_mapping(&sheet).expect("mapping");
    assert_eq!(mapping.header_row, 2, "the title row is passed over");
    assert_eq!(
        mapping.fields,
        [
            Some(MemberField::Name),
            Some(MemberField::Gender),
            Some(MemberField::StudentNumber),
            Some(MemberField::EnrolmentYear),
            Some(MemberField::GraduationYear),
            Some(MemberField::College),
            Some(MemberField::Phone),
            Some(MemberField::Employer),
        ]
    );

    let before = fx.snapshot();
    let planned = plan(&fx.conn, &sheet, &mapping, &|_| {}, &AtomicBool::new(false)).expect("plan");
    assert_eq!(fx.snapshot(), before, "a dry run writes nothing");
    let preview = dry_run_report(&planned);
    assert_eq!(
        (preview.inserted, preview.updated, preview.unchanged),
        (3, 0, 0)
    );
    assert_eq!(
        rejected_rows(&preview),
        [
            (5, "too_long", Some(MemberField::Employer)),
            (8, "missing_name", Some(MemberField::Name)),
            (9, "invalid_phone", Some(MemberField::Phone)),
        ]
    );

    let report = fx.import(&sheet).report;
    assert_eq!(report, preview, "the import does what the dry run showed");
    assert_eq!(members::count(&fx.conn).expect("count"), 3);

    let zhang = fx.member(fx.id_by_name("张三").expect("张三, padding removed"));
    assert_eq!(zhang.phone.as_deref(), Some("13812345678"));
    assert_eq!(zhang.gender, Some(Gender::Male));
    assert_eq!(zhang.student_number.as_deref(), Some("2004080101"));
    assert_eq!(
        (zhang.enrolment_year, zhang.graduation_year),
        (Some(2004), Some(2008))
    );
    assert_eq!(zhang.employer.as_deref(), Some("华为"));

    let formula = fx.member(fx.id_by_name(HYPERLINK).expect("kept as a name"));
    assert_eq!(formula.phone.as_deref(), Some("13912345678"));
    assert_eq!(formula.graduation_year, Some(2008));

    let wang = fx.member(fx.id_by_name("王五").expect("王五"));
    assert_eq!(
        wang.enrolment_year,
        Some(2004),
        "Excel serial 38231 is 2004-09-01"
    );
    assert_eq!(wang.graduation_year, Some(2008), "a date cell");
    assert_eq!(wang.phone.as_deref(), Some("13612345678"));
    assert!(
        fx.id_by_name("李四").is_none(),
        "too long: rejected, not cut"
    );

    // The rejects file keeps the header, the original cells as text and a reason column.
    let rejects_path = fx.path("未导入.xlsx");
    let written = write_rejects(&planned, &sheet, &rejects_path).expect("rejects");
    assert_eq!(written, 3);
    let rejects = read_file(&rejects_path).expect("read rejects");
    assert_eq!(rejects.rows[0].cells[..8], header.map(str::to_owned));
    assert_eq!(rejects.rows[0].cells[8], REASON_HEADER);
    assert_eq!(rejects.rows[1].cells[7].chars().count(), 10_000);
    assert!(rejects.rows[1].cells[8].starts_with("第 5 行：工作单位超过 200 个字符"));
    assert_eq!(
        rejects.rows[3].cells[0], "=1+2",
        "written as text, not a formula"
    );

    // Fixed, the rejects file maps the same way and imports cleanly.
    let mut fixed = rejects.clone();
    fixed.rows[1].cells[7] = "腾讯".to_owned();
    fixed.rows[2].cells[0] = "赵六".to_owned();
    fixed.rows[3].cells[6] = "13512345678".to_owned();
    let remap = detect_mapping(&fixed).expect("mapping");
    assert_eq!(remap.header_row, 1);
    assert_eq!(&remap.fields[..8], &mapping.fields[..]);
    assert_eq!(remap.fields[8], None, "the reason column maps to nothing");
    let again = fx.import(&fixed).report;
    assert_eq!((again.inserted, again.rejected.len()), (3, 0));
    assert_eq!(members::count(&fx.conn).expect("count"), 6);
    assert_eq!(
        fx.member(fx.id_by_name("=1+2").expect("formula-looking name"))
            .phone
            .as_deref(),
        Some("13512345678")
    );
}

#[test]
fn a_workbook_that_opens_with_an_instructions_sheet() {
    let mut fx = fixture();
    let path = fx.path("模板.xlsx");
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("填写说明").expect("name");
    notes
        .write_string(0, 0, "请在第二个工作表填写校友信息，手机号码填写 11 位。")
        .expect("cell");
    let data = workbook.add_worksheet();
    data.set_name("校友信息").expect("name");
    for (c, h) in ["姓名", "手机"].iter().enumerate() {
        data.write_string(0, c as u16, *h).expect("header");
    }
    data.write_string(1, 0, "张三").expect("name");
    data.write_number(1, 1, 13812345678.0).expect("phone");
    workbook.save(&path).expect("save");

    let sheet = read_file(&path).expect("read");
    assert_eq!(sheet.sheet_name.as_deref(), Some("校友信息"));
    assert_eq!(fx.import(&sheet).report.inserted, 1);
}

#[test]
fn a_gbk_csv_with_english_headers() {
    let mut fx = fixture();
    let text = "Alumni list exported 2024\r\n\
                Name,Gender,Student No.,Graduation Year,College,Mobile,E-mail,Employer,City\r\n\
                刘东志,M,2004080123,2008,计算机学院,13812345678,LDZ@Example.com,\"华为技术有限公司, 深圳\",深圳\r\n\
                欧阳娜娜,F,2005080124,2009届,外国语学院,＋８６ １３９ １２３４ ５６７８,,,上海\r\n";
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really GBK, not UTF-8"
    );
    let path = fx.path("alumni.csv");
    std::fs::write(&path, &bytes).expect("write");

    let sheet = read_file(&path).expect("read");
    assert_eq!(
        (sheet.format, sheet.encoding),
        (SourceFormat::Csv, Some(TextEncoding::Gb18030))
    );
    let mapping = detect_mapping(&sheet).expect("mapping");
    assert_eq!(mapping.header_row, 2);
    let report = fx.import(&sheet).report;
    assert_eq!((report.inserted, report.rejected.len()), (2, 0));
    let liu = fx.member(fx.id_by_name("刘东志").expect("刘东志"));
    assert_eq!(liu.email.as_deref(), Some("ldz@example.com"));
    assert_eq!(liu.employer.as_deref(), Some("华为技术有限公司, 深圳"));
    let ouyang = fx.member(fx.id_by_name("欧阳娜娜").expect("欧阳娜娜"));
    assert_eq!(ouyang.phone.as_deref(), Some("13912345678"));
    assert_eq!(ouyang.graduation_year, Some(2009));
    assert_eq!(ouyang.gender, Some(Gender::Female));
}

#[test]
fn a_utf8_csv_with_a_bom() {
    let mut fx = fixture();
    let path = fx.path("名单.csv");
    std::fs::write(&path, "\u{feff}姓名,手机,城市\n张三,13812345678,北京\n").expect("write");
    let sheet = read_file(&path).expect("read");
    assert_eq!(sheet.encoding, Some(TextEncoding::Utf8));
    let mapping = detect_mapping(&sheet).expect("mapping");
    assert_eq!(
        mapping.headers[0], "姓名",
        "the BOM is not part of the first header"
    );
    assert_eq!(mapping.fields[0], Some(MemberField::Name));
    assert_eq!(fx.import(&sheet).report.inserted, 1);
    let zhang = fx.member(fx.id_by_name("张三").expect("张三"));
    assert_eq!(zhang.city.as_deref(), Some("北京"));
}

#[test]
fn unreadable_files_are_refused_and_change_nothing() {
    let mut fx = fixture();
    fx.add(NewMember {
        name: "已有".into(),
        ..NewMember::default()
    });
    let before = fx.snapshot();
    let png: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0,
        0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89,
    ];
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.xlsx", Vec::new(), "empty_file"),
        ("blank.csv", b" \r\n\r\n ".to_vec(), "empty_file"),
        ("bom.csv", b"\xEF\xBB\xBF".to_vec(), "empty_file"),
        ("photo.xlsx", png.to_vec(), "not_a_spreadsheet"),
        (
            "letter.xlsx",
            "尊敬的校友：\n您好！欢迎参加校友会。\n"
                .repeat(5)
                .into_bytes(),
            "not_a_spreadsheet",
        ),
        (
            "broken.xlsx",
            b"PK\x03\x04 truncated".to_vec(),
            "unreadable_file",
        ),
        (
            "page.xls",
            b"<html><table><tr><td>1</td></tr></table>".to_vec(),
            "unreadable_file",
        ),
        (
            "prose.csv",
            b"just some words, and a comma\n".to_vec(),
            "no_header",
        ),
    ];
    for (name, bytes, kind) in cases {
        let path = fx.path(name);
        std::fs::write(&path, &bytes).expect("write");
        let outcome = read_file(&path).and_then(|sheet| detect_mapping(&sheet));
        let err = outcome.expect_err(name);
        assert_eq!(err.kind(), kind, "{name}: {err}");
        assert!(!err.to_string().is_empty());
    }
    let missing = read_file(&fx.path("nowhere.xlsx")).expect_err("missing");
    assert_eq!(missing.kind(), "unreadable_file");
    assert_eq!(fx.snapshot(), before);
}

/// The register the identity tests run against.
struct Register {
    liu: MemberId,
    chen: MemberId,
    wang: MemberId,
    archived: MemberId,
}

fn register(fx: &mut Fixture) -> Register {
    let liu = fx.add(NewMember {
        name: "刘东志".into(),
        id_number: Some("11010519491231002X".into()),
        phone: Some("138-1234-5678".into()),
        city: Some("上海".into()),
        graduation_year: Some(2008),
        college: Some("计算机学院".into()),
        ..NewMember::default()
    });
    let chen = fx.add(NewMember {
        name: "陈静".into(),
        student_number: Some("2004080123".into()),
        employer: Some("华为".into()),
        ..NewMember::default()
    });
    let wang = fx.add(NewMember {
        name: "王伟".into(),
        graduation_year: Some(2010),
        college: Some("机械学院".into()),
        phone: Some("13700000000".into()),
        ..NewMember::default()
    });
    let archived = fx.add(NewMember {
        name: "周八".into(),
        student_number: Some("1999010101".into()),
        ..NewMember::default()
    });
    fx.conn
        .execute(
            "UPDATE members SET archived_at = '2020-01-01T00:00:00Z' WHERE id = ?1",
            [archived.0],
        )
        .expect("archive");
    Register {
        liu,
        chen,
        wang,
        archived,
    }
}

fn csv_sheet(text: &str) -> Sheet {
    read_bytes(text.as_bytes(), Some("csv")).expect("csv")
}

#[test]
fn identity_rules_decide_each_row() {
    let mut fx = fixture();
    let reg = register(&mut fx);
    let sheet = csv_sheet(
        "姓名,学号,手机,毕业年份,学院,工作单位,城市,身份证号\n\
         刘东志,,+86 138 1234 5678,2008,计算机学院,腾讯,上海,\n\
         陈静,2004080123,,,,阿里巴巴,,\n\
         王伟,,13600000000,2010,机械学院,,,\n\
         赵六,,13500000000,,,,,\n\
         赵六,,13500000000,,,,,\n\
         赵六,,135 0000 0000,,,,北京,\n\
         ,,13400000000,,,,,\n\
         孙七,,12345,,,,,\n\
         周八,1999010101,,,,,,\n\
         吴九,,13700000000,,,,,11010519491231002x\n\
         刘东志,,13812345678,,,,,\n",
    );
    let report = fx.import(&sheet).report;
    assert_eq!(
        (report.inserted, report.updated, report.unchanged),
        (1, 1, 2)
    );
    assert_eq!(
        review_rows(&report),
        [
            (3, "conflict", Some(reg.chen)),
            (4, "probable_duplicate", Some(reg.wang)),
            (10, "archived_match", Some(reg.archived)),
            (11, "ambiguous_match", Some(reg.liu)),
        ]
    );
    assert_eq!(
        rejected_rows(&report),
        [
            (7, "duplicate_in_file", None),
            (8, "missing_name", Some(MemberField::Name)),
            (9, "invalid_phone", Some(MemberField::Phone)),
        ]
    );
    assert!(
        report.review[0].reason.contains("employer"),
        "{}",
        report.review[0].reason
    );

    // Same phone: only the empty field was filled; the city on record was the same.
    let liu = fx.member(reg.liu);
    assert_eq!(liu.employer.as_deref(), Some("腾讯"));
    assert_eq!(liu.city.as_deref(), Some("上海"));
    assert_eq!(liu.phone.as_deref(), Some("138-1234-5678"), "not rewritten");
    // Same student number, different employer: the record is not changed.
    assert_eq!(fx.member(reg.chen).employer.as_deref(), Some("华为"));
    assert_eq!(
        members::count(&fx.conn).expect("count"),
        4,
        "liu, chen, wang + 赵六"
    );

    let queued = members::reviews(&fx.conn, Some(ReviewStatus::Open)).expect("reviews");
    assert_eq!(queued.len(), 4);
    assert_eq!(
        (
            queued[0].row_number,
            queued[0].member_id,
            queued[0].reason_kind.as_str()
        ),
        (3, Some(reg.chen), "conflict")
    );
    assert_eq!(queued[0].source_name, "test.xlsx");
    assert_eq!(queued[0].reason["conflicts"][0]["field"], "employer");
    assert_eq!(queued[0].reason["conflicts"][0]["on_record"], "华为");
    assert_eq!(queued[0].reason["conflicts"][0]["in_file"], "阿里巴巴");
    assert_eq!(queued[0].row["name"], "陈静");
    assert_eq!(queued[1].row["phone"], "13600000000");

    let log = audit::recent(&fx.conn, &audit::Filter::default()).expect("log");
    assert_eq!(
        (log[0].action.as_str(), log[0].entity.as_str()),
        ("import", "member")
    );
    let counts = log[0].after.as_ref().expect("counts");
    assert_eq!(
        (
            counts["inserted"].as_u64(),
            counts["updated"].as_u64(),
            counts["review"].as_u64()
        ),
        (Some(1), Some(1), Some(4))
    );
    assert_eq!(
        (log[1].action.as_str(), log[1].entity_id),
        ("update", Some(reg.liu.0))
    );
    assert_eq!(log[1].after.as_ref().expect("after")["employer"], "腾讯");

    let text = serde_json::to_string(&report).expect("json");
    let at = |key: &str| text.find(&format!("\"{key}\":")).expect(key);
    let order = ["inserted", "updated", "unchanged", "review", "rejected"].map(at);
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("parse");
    assert_eq!(json.as_object().expect("object").len(), 5);
    assert_eq!(
        json["review"][0]
            .as_object()
            .expect("note")
            .keys()
            .collect::<Vec<_>>(),
        // The promised fields, then those added since (issue 9): never renamed or dropped.
        [
            "field",
            "kind",
            "member_id",
            "problems",
            "reason",
            "reason_zh",
            "row"
        ]
    );
    assert_eq!(json["rejected"][0]["row"], 7);
    assert!(json["rejected"][0]["reason"]
        .as_str()
        .expect("text")
        .contains("row 5"));
}

#[test]
fn a_probable_duplicate_inside_the_file_points_at_the_new_record() {
    let mut fx = fixture();
    let sheet = csv_sheet(
        "姓名,毕业年份,学院,手机\n王伟,2010,机械学院,13600000001\n王伟,2010,机械学院,13600000002\n",
    );
    let report = fx.import(&sheet).report;
    assert_eq!(report.inserted, 1);
    assert_eq!(review_rows(&report), [(3, "probable_duplicate", None)]);
    let first = fx.id_by_name("王伟").expect("inserted");
    let queued = members::reviews(&fx.conn, None).expect("reviews");
    assert_eq!(queued[0].member_id, Some(first));
}

#[test]
fn the_user_can_correct_the_mapping() {
    let mut fx = fixture();
    let sheet = csv_sheet("序号,姓名,联络\n1,张三,13812345678\n");
    let detected = detect_mapping(&sheet).expect("mapping");
    assert_eq!(detected.fields, [None, Some(MemberField::Name), None]);
    assert_eq!(detected.samples, [["1", "张三", "13812345678"]]);
    let no_name = detected
        .clone()
        .with_fields(vec![None, None, Some(MemberField::Phone)]);
    let err =
        plan(&fx.conn, &sheet, &no_name, &|_| {}, &AtomicBool::new(false)).expect_err("no name");
    assert_eq!(
        (err.kind().as_str(), err.params()["problem"].as_str()),
        ("invalid_mapping", Some("no_name_column"))
    );
    let twice =
        detected
            .clone()
            .with_fields(vec![None, Some(MemberField::Name), Some(MemberField::Name)]);
    assert_eq!(
        twice.validate().expect_err("twice").kind(),
        "invalid_mapping"
    );
    // The status is set on the record screen only; a column cannot be read as it.
    let status = detected.clone().with_fields(vec![
        Some(MemberField::Status),
        Some(MemberField::Name),
        None,
    ]);
    assert_eq!(
        status.validate().expect_err("status").params()["problem"],
        "not_imported"
    );
    let corrected = detected.with_fields(vec![
        None,
        Some(MemberField::Name),
        Some(MemberField::Phone),
    ]);
    // The mapping screen round-trips it through JSON.
    let corrected: Mapping =
        serde_json::from_value(serde_json::to_value(&corrected).expect("json")).expect("back");
    let outcome = run(
        &mut fx.conn,
        fx.admin,
        &sheet,
        &corrected,
        "名单.csv",
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("import");
    assert_eq!(outcome.report.inserted, 1);
    let zhang = fx.member(fx.id_by_name("张三").expect("张三"));
    assert_eq!(zhang.phone.as_deref(), Some("13812345678"));
}

#[test]
fn a_header_repeated_further_down_is_not_a_person() {
    let mut fx = fixture();
    let sheet = csv_sheet("姓名,手机\n张三,13812345678\n姓名,手机\n李四,13912345678\n");
    let report = fx.import(&sheet).report;
    assert_eq!((report.inserted, report.rejected.len()), (2, 0));
}

/// 600 new people, enough for several progress reports.
fn many_rows(first_phone: u64) -> Sheet {
    let mut text = String::from("姓名,手机,学号\n");
    for i in 0..600u64 {
        text.push_str(&format!("校友{i},{},S{i:05}\n", first_phone + i));
    }
    csv_sheet(&text)
}

#[test]
fn a_cancelled_import_changes_nothing() {
    let mut fx = fixture();
    register(&mut fx);
    let before = fx.snapshot();
    let sheet = many_rows(13_000_000_000);
    let mapping = detect_mapping(&sheet).expect("mapping");

    // Cancelled during the dry run.
    let cancel = AtomicBool::new(false);
    let on_progress = |p: Progress| {
        if p.done >= CHECK_EVERY {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let err = plan(&fx.conn, &sheet, &mapping, &on_progress, &cancel).expect_err("cancel");
    assert_eq!(err.kind(), "cancelled");

    // Cancelled midway through applying, with some rows already written in the transaction.
    let planned = plan(&fx.conn, &sheet, &mapping, &|_| {}, &AtomicBool::new(false)).expect("plan");
    let cancel = AtomicBool::new(false);
    let seen = StdCell::new(0usize);
    let on_progress = |p: Progress| {
        seen.set(seen.get().max(p.done));
        if p.phase == Phase::Applying && p.done >= 2 * CHECK_EVERY {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    {
        let tx = fx.conn.transaction().expect("tx");
        let err = apply(&tx, fx.admin, &planned, "many.csv", &on_progress, &cancel)
            .expect_err("cancelled");
        assert!(matches!(err, ImportError::Cancelled));
        let written: i64 = tx
            .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .expect("count");
        assert_eq!(
            written,
            4 + 2 * CHECK_EVERY as i64,
            "rows were written before the cancel"
        );
        // Dropped without commit, as the shells do on any error.
    }
    assert_eq!(seen.get(), 2 * CHECK_EVERY);
    assert_eq!(fx.snapshot(), before, "byte for byte");

    // The same through `run`, which owns its transaction.
    let cancel = AtomicBool::new(false);
    let on_progress = |p: Progress| {
        if p.phase == Phase::Applying && p.done >= CHECK_EVERY {
            cancel.store(true, Ordering::Relaxed);
        }
    };
    let err = run(
        &mut fx.conn,
        fx.admin,
        &sheet,
        &mapping,
        "many.csv",
        &on_progress,
        &cancel,
    )
    .expect_err("cancelled");
    assert_eq!(err.kind(), "cancelled");
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn a_failure_midway_changes_nothing() {
    let mut fx = fixture();
    register(&mut fx);
    // A write that fails on the 301st new person, after 300 went in.
    fx.conn
        .execute_batch(
            "CREATE TRIGGER fail_midway BEFORE INSERT ON members WHEN NEW.name = '校友300'
             BEGIN SELECT RAISE(ABORT, 'disk trouble'); END;",
        )
        .expect("trigger");
    let before = fx.snapshot();
    let sheet = many_rows(13_100_000_000);
    let mapping = detect_mapping(&sheet).expect("mapping");
    let err = run(
        &mut fx.conn,
        fx.admin,
        &sheet,
        &mapping,
        "many.csv",
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect_err("fails");
    assert_eq!(err.kind(), "internal");
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn a_register_changed_since_the_dry_run_stops_the_import() {
    let mut fx = fixture();
    let sheet = csv_sheet("姓名,学号\n张三,2004080101\n");
    let mapping = detect_mapping(&sheet).expect("mapping");
    let planned = plan(&fx.conn, &sheet, &mapping, &|_| {}, &AtomicBool::new(false)).expect("plan");
    fx.add(NewMember {
        name: "张三".into(),
        student_number: Some("2004080101".into()),
        ..NewMember::default()
    });
    let before = fx.snapshot();
    {
        let tx = fx.conn.transaction().expect("tx");
        let err = apply(
            &tx,
            fx.admin,
            &planned,
            "x.csv",
            &|_| {},
            &AtomicBool::new(false),
        )
        .expect_err("stale");
        assert_eq!(err.kind(), "records_changed");
    }
    assert_eq!(fx.snapshot(), before);
}

#[test]
fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    let mut fx = fixture();
    let sheet = many_rows(13_200_000_000);
    assert_eq!(fx.import(&sheet).report.inserted, 600);
    let second = fx.import(&sheet).report;
    assert_eq!(
        (second.inserted, second.updated, second.unchanged),
        (0, 0, 600)
    );
    assert!(second.review.is_empty() && second.rejected.is_empty());
    assert_eq!(members::count(&fx.conn).expect("count"), 600);
}

#[test]
fn error_kinds_and_params_for_the_ui() {
    let cases: Vec<(ImportError, &str)> = vec![
        (
            ImportError::Unreadable { reason: "x".into() },
            "unreadable_file",
        ),
        (ImportError::NotASpreadsheet, "not_a_spreadsheet"),
        (ImportError::Empty, "empty_file"),
        (ImportError::NoHeader { rows_searched: 10 }, "no_header"),
        (ImportError::Cancelled, "cancelled"),
        (ImportError::RecordsChanged, "records_changed"),
        (
            ImportError::CannotWrite { reason: "x".into() },
            "cannot_write_file",
        ),
        (
            ImportError::Database(rusqlite::Error::InvalidQuery),
            "internal",
        ),
    ];
    for (err, kind) in cases {
        assert_eq!(err.kind(), kind);
    }
    assert_eq!(
        ImportError::NoHeader { rows_searched: 10 }.params()["rows_searched"],
        10
    );
}

/// A sheet whose header spans two rows under a merged title: `top` cells merged down over both
/// rows unless a group, each group merged across its columns with their names `below`.
fn write_two_row_header(
    path: &Path,
    top: &[(&str, u16)],
    below: &[(u16, &str)],
    data: &[Vec<Cell>],
) {
    let mut workbook = Workbook::new();
    let plain = Format::new();
    let sheet = workbook.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 5, "2024届校友通讯录（联络处整理）", &plain)
        .expect("title");
    let mut column = 0u16;
    for (name, span) in top {
        if *span == 1 {
            sheet
                .merge_range(1, column, 2, column, name, &plain)
                .expect("merged down");
        } else {
            sheet
                .merge_range(1, column, 1, column + span - 1, name, &plain)
                .expect("merged across");
        }
        column += span;
    }
    for (c, name) in below {
        sheet.write_string(2, *c, *name).expect("sub-header");
    }
    for (r, cells) in data.iter().enumerate() {
        for (c, cell) in cells.iter().enumerate() {
            let (r, c) = (r as u32 + 3, c as u16);
            match cell {
                Text(t) => {
                    sheet.write_string(r, c, *t).expect("string");
                }
                Number(n) => {
                    sheet.write_number(r, c, *n).expect("number");
                }
                _ => {}
            }
        }
    }
    workbook.save(path).expect("save xlsx");
}

#[test]
fn a_header_on_two_rows_with_merged_cells_maps_every_sub_column() {
    let mut fx = fixture();
    let path = fx.path("通讯录.xlsx");
    write_two_row_header(
        &path,
        &[
            ("序号", 1),
            ("姓名", 1),
            ("学号", 1),
            ("毕业年份", 1),
            ("联系方式", 2),
        ],
        &[(4, "手机"), (5, "邮箱")],
        &[
            vec![
                Number(1.0),
                Text("韩子墨"),
                Text("2010011001"),
                Number(2014.0),
                Number(13611110001.0),
                Text("hanzm@example.com"),
            ],
            vec![
                Number(2.0),
                Text("葛欣然"),
                Text("2010011002"),
                Number(2014.0),
                Number(13611110002.0),
                Text("gexr@example.com"),
            ],
            vec![
                Number(3.0),
                Text("廖一鸣"),
                Text("2010011003"),
                Number(2015.0),
                Number(13611110003.0),
                Text("liaoym@example.com"),
            ],
        ],
    );
    let sheet = read_file(&path).expect("read");
    let mapping = detect_mapping(&sheet).expect("mapping");
    assert_eq!(mapping.header_row, 3, "both header rows are passed over");
    assert_eq!(
        mapping.headers,
        [
            "序号",
            "姓名",
            "学号",
            "毕业年份",
            "联系方式 / 手机",
            "联系方式 / 邮箱"
        ]
    );
    use MemberField::*;
    assert_eq!(
        mapping.fields,
        [
            None,
            Some(Name),
            Some(StudentNumber),
            Some(GraduationYear),
            Some(Phone),
            Some(Email)
        ]
    );
    assert_eq!(mapping.samples.len(), 3);
    let imported = fx.import(&sheet);
    assert_eq!(imported.report.inserted, 3);
    assert!(
        imported.report.rejected.is_empty(),
        "{:?}",
        imported.report.rejected
    );
    assert!(imported.report.review.is_empty());
    let id = fx.id_by_name("葛欣然").expect("inserted");
    let stored = fx.member(id);
    assert_eq!(stored.phone.as_deref(), Some("13611110002"));
    assert_eq!(stored.email.as_deref(), Some("gexr@example.com"));
}

#[test]
fn a_group_naming_more_columns_than_the_row_above_still_finds_the_names_merged_down() {
    let mut fx = fixture();
    let path = fx.path("分组表头.xlsx");
    // The row below alone names three fields, the row above two: the pair names five.
    write_two_row_header(
        &path,
        &[("姓名", 1), ("联系方式", 3), ("工作单位", 1)],
        &[(1, "手机"), (2, "邮箱"), (3, "微信")],
        &[vec![
            Text("吉𠮷"),
            Number(13711112222.0),
            Text("ji@example.com"),
            Text("jiji_wx"),
            Text("上海银行"),
        ]],
    );
    let sheet = read_file(&path).expect("read");
    let mapping = detect_mapping(&sheet).expect("mapping");
    use MemberField::*;
    assert_eq!(
        mapping.fields,
        [
            Some(Name),
            Some(Phone),
            Some(Email),
            Some(Wechat),
            Some(Employer)
        ]
    );
    assert_eq!(mapping.headers[3], "联系方式 / 微信");
    let imported = fx.import(&sheet);
    assert_eq!(imported.report.inserted, 1);
    assert!(
        imported.report.rejected.is_empty(),
        "{:?}",
        imported.report.rejected
    );
    let stored = fx.member(fx.id_by_name("吉𠮷").expect("inserted"));
    assert_eq!(stored.wechat.as_deref(), Some("jiji_wx"));
    assert_eq!(stored.employer.as_deref(), Some("上海银行"));
}

/// Members of every awkward kind an export meets: international and landline phones, formula
/// look-alikes, ID numbers, every field filled for one, few for another.
fn awkward_register(fx: &mut Fixture) {
    let full = NewMember {
        name: "欧阳思睿".into(),
        gender: Some(Gender::Female),
        id_number: Some("11010519491231002X".into()),
        student_number: Some("S2010-0042".into()),
        enrolment_year: Some(2006),
        graduation_year: Some(2010),
        college: Some("计算机科学与技术学院".into()),
        major: Some("软件工程".into()),
        degree: Some("硕士".into()),
        class_name: Some("软件0601".into()),
        phone: Some("13800000031".into()),
        email: Some("ouyang@example.com".into()),
        wechat: Some("ouyang_sr".into()),
        employer: Some("=HYPERLINK(\"http://x\",\"y\")".into()),
        job_title: Some("-总工程师-".into()),
        city: Some("上海".into()),
        notes: Some("@校友会 理事".into()),
        ..NewMember::default()
    };
    fx.add(full);
    fx.add(NewMember {
        name: "Oliver Smith".into(),
        phone: Some("+44 7700 900123".into()),
        city: Some("伦敦".into()),
        ..NewMember::default()
    });
    fx.add(NewMember {
        name: "林一".into(),
        phone: Some("+1 415 555 0100".into()),
        graduation_year: Some(1998),
        ..NewMember::default()
    });
    fx.add(NewMember {
        name: "单田芳".into(),
        phone: Some("021-61234567".into()),
        student_number: Some("1999001".into()),
        ..NewMember::default()
    });
}

#[test]
fn whatever_the_app_exports_imports_back_with_nothing_changed() {
    use crate::members::export::{export, ExportRequest};
    let mut fx = fixture();
    awkward_register(&mut fx);
    let actor = staff::default_actor(&fx.conn, None).expect("admin");
    let all: Vec<MemberField> = MemberField::ALL.to_vec();
    let default = MemberField::exported_by_default();
    let few = vec![MemberField::Name, MemberField::Phone];
    let names = vec![MemberField::Name, MemberField::City];
    for (columns, label) in [
        (&all, "all"),
        (&default, "default"),
        (&few, "few"),
        (&names, "names"),
    ] {
        for unmasked in [true, false] {
            for extension in ["csv", "xlsx"] {
                let path = fx.path(&format!("导出-{label}-{unmasked}.{extension}"));
                let request = ExportRequest {
                    member_ids: None,
                    columns: columns.clone(),
                    unmasked,
                };
                export(
                    &fx.conn,
                    &actor,
                    &request,
                    &path,
                    &|_, _| {},
                    &AtomicBool::new(false),
                )
                .expect("export");
                let before = fx.snapshot().0;
                let sheet = read_file(&path).expect("read the export");
                let imported = fx.import(&sheet);
                let case = format!("{label} columns, unmasked {unmasked}, .{extension}");
                let report = &imported.report;
                assert_eq!(
                    (report.inserted, report.updated, report.unchanged),
                    (0, 0, 4),
                    "{case}: {report:?}"
                );
                assert!(report.rejected.is_empty(), "{case}: {:?}", report.rejected);
                assert!(report.review.is_empty(), "{case}: {:?}", report.review);
                let after = fx.snapshot().0;
                // The import's own audit entry aside, nothing changed.
                let strip = |dump: &str| -> String {
                    dump.lines()
                        .filter(|l| !l.contains("import"))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                assert_eq!(strip(&before), strip(&after), "{case}");
            }
        }
    }
}

#[test]
fn numbers_excel_rounded_are_refused_and_exact_ones_kept() {
    let mut fx = fixture();
    // An 18-digit ID number Excel kept as a number: 4.40106198706133E+17, which prints as
    // 440106198706133000 — and that rounded number passes the check digit.
    assert!(crate::members::record::is_valid_id_number(
        "440106198706133000"
    ));
    let path = fx.path("数字.xlsx");
    write_xlsx(
        &path,
        &[
            vec![Text("姓名"), Text("身份证号"), Text("学号"), Text("手机")],
            vec![
                Text("甲"),
                Number(440106198706133000.0),
                Blank,
                Number(13611110001.0),
            ],
            vec![
                Text("乙"),
                Blank,
                Number(20100110011234567.0),
                Number(13611110002.0),
            ],
            vec![
                Text("丙"),
                Blank,
                Number(2010011001.0),
                Number(13611110003.0),
            ],
        ],
    );
    let before = fx.snapshot().0;
    let imported = fx.import(&read_file(&path).expect("read"));
    let report = &imported.report;
    assert_eq!(report.inserted, 1, "{report:?}");
    assert_eq!(
        rejected_rows(report),
        [
            (2, "lost_digits", Some(MemberField::IdNumber)),
            (3, "lost_digits", Some(MemberField::StudentNumber)),
        ]
    );
    assert!(report.rejected[0]
        .reason
        .contains("format the column as text"));
    let kept = fx.member(fx.id_by_name("丙").expect("inserted"));
    assert_eq!(kept.student_number.as_deref(), Some("2010011001"));
    assert_eq!(kept.phone.as_deref(), Some("13611110003"));
    assert!(fx.id_by_name("甲").is_none() && fx.id_by_name("乙").is_none());
    assert_ne!(before, fx.snapshot().0, "丙 was added");

    // A CSV saved from Excel writes what the cells showed.
    let sheet =
        csv_sheet("姓名,身份证号,手机\n丁,4.40106198706133E+17,13611110004\n戊,,1.36111E+10\n");
    let report = fx.import(&sheet).report;
    assert_eq!(report.inserted, 0);
    assert_eq!(
        rejected_rows(&report),
        [
            (2, "lost_digits", Some(MemberField::IdNumber)),
            (3, "lost_digits", Some(MemberField::Phone)),
        ]
    );
    assert!(RejectReason::LostDigits {
        field: MemberField::IdNumber
    }
    .zh()
    .contains("设为文本格式"));
}

#[test]
fn damaged_text_waits_for_a_person_and_four_byte_gb18030_is_read() {
    let mut fx = fixture();
    fx.add(NewMember {
        name: "李明".into(),
        phone: Some("13900000001".into()),
        ..NewMember::default()
    });
    // Damage of every kind, one row each, beside two clean rows; the first damaged row is a
    // member already on record (by phone).
    let text = "姓名,手机,工作单位\n李?,13900000001,\n王\u{FFFD},13900000002,\n张\u{E000}三,13900000003,\n赵明,13900000004,上海\u{7}银行\n吉𠮷,13900000005,\n钱多,13900000006,\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable, "GB18030 encodes every code point");
    assert!(
        bytes.windows(4).any(|w| (0x90..=0xE3).contains(&w[0])
            && w[1].is_ascii_digit()
            && w[2] >= 0x81
            && w[3].is_ascii_digit()),
        "𠮷 as a four-byte sequence"
    );
    let sheet = read_bytes(&bytes, Some("csv")).expect("read");
    assert_eq!(sheet.encoding, Some(TextEncoding::Gb18030));
    let report = fx.import(&sheet).report;
    assert_eq!(report.inserted, 2, "{report:?}");
    assert_eq!(
        review_rows(&report),
        [
            (2, "damaged_text", fx.id_by_name("李明")),
            (3, "damaged_text", None),
            (4, "damaged_text", None),
            (5, "damaged_text", None),
        ]
    );
    assert_eq!(report.review[3].field, Some(MemberField::Employer));
    assert!(
        report.review[0].reason.contains("李?"),
        "{}",
        report.review[0].reason
    );
    // Nothing damaged is on record; the four-byte name is whole.
    for name in ["李?", "王\u{FFFD}", "张\u{E000}三", "赵明"] {
        assert!(fx.id_by_name(name).is_none(), "{name}");
    }
    assert!(fx.id_by_name("吉𠮷").is_some());
    let open: i64 = fx
        .conn
        .query_row(
            "SELECT count(*) FROM member_reviews WHERE reason_kind = 'damaged_text'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(open, 4);
}

#[test]
fn every_problem_of_a_row_is_reported_in_both_languages_with_the_files_own_headers() {
    let mut fx = fixture();
    let employer = "长".repeat(300);
    let sheet = csv_sheet(&format!(
        "姓名,毕业时间,手机号码,现工作单位,入学年份\n\
         甲,二零一零,13612345678,,2006\n\
         乙,二〇一〇年,13612,{employer},2012\n"
    ));
    let report = fx.import(&sheet).report;
    // Chinese numerals are read; the 300-character employer is refused, not cut to 200.
    assert_eq!(report.inserted, 1, "{report:?}");
    let stored = fx.member(fx.id_by_name("甲").expect("inserted"));
    assert_eq!(stored.graduation_year, Some(2010));
    assert!(fx.id_by_name("乙").is_none());
    let note = &report.rejected[0];
    let kinds: Vec<(&str, Option<&str>)> = note
        .problems
        .iter()
        .map(|p| (p.kind, p.column.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("invalid_phone", Some("手机号码")),
            ("too_long", Some("现工作单位")),
            ("invalid_value", Some("入学年份")),
        ]
    );
    assert_eq!(
        (note.kind, note.field),
        ("invalid_phone", Some(MemberField::Phone))
    );
    assert!(
        note.reason_zh.contains("现工作单位超过 200 个字符"),
        "{}",
        note.reason_zh
    );
    assert!(
        note.reason_zh.contains("手机号码无效：13612"),
        "{}",
        note.reason_zh
    );
    assert!(
        note.reason.contains("(column \"现工作单位\")"),
        "{}",
        note.reason
    );
    // The rejects file carries every problem too.
    let rejects = fx.path("未导入.xlsx");
    let plan = plan(
        &fx.conn,
        &sheet,
        &detect_mapping(&sheet).expect("mapping"),
        &|_| {},
        &AtomicBool::new(false),
    )
    .expect("plan");
    write_rejects(&plan, &sheet, &rejects).expect("rejects");
    let back = read_file(&rejects).expect("read rejects");
    let reason_cell = back.rows[1].cells.last().expect("reason");
    assert!(reason_cell.contains("入学年份无效"), "{reason_cell}");
    assert!(
        reason_cell.contains("现工作单位超过 200 个字符"),
        "{reason_cell}"
    );
}

#[test]
fn an_import_recounts_the_search_filter_counts_once() {
    let mut fx = fixture();
    let sheet =
        csv_sheet("姓名,城市,毕业年份,学院\n甲,成都,2001,理学院\n乙,成都,2001,理学院\n丙,北京,,\n");
    assert_eq!(fx.import(&sheet).report.inserted, 3);
    let count = |kind: &str, value: &str, year: i64| -> i64 {
        fx.conn
            .query_row(
                "SELECT coalesce(sum(members), 0) FROM member_filter_counts
                 WHERE kind = ?1 AND value = ?2 AND year = ?3",
                rusqlite::params![kind, value, year],
                |r| r.get(0),
            )
            .expect("count")
    };
    assert_eq!(count("city", "成都", 2001), 2);
    assert_eq!(count("college", "理学院", 2001), 2);
    assert_eq!(count("city", "北京", 0), 1);
    assert_eq!(count("year", "", 0), 1);
}

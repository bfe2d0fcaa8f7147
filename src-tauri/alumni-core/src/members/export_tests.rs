//! Export: masking, neutralised formulas, the admin rule, cancels and the chosen order.

use super::*;
use crate::members::{self, NewMember};
use crate::staff::{self, Role};
use crate::storage;

fn setup() -> (rusqlite::Connection, Staff, Staff) {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin");
    let tx = conn.transaction().expect("tx");
    let clerk = staff::create(&tx, admin.id, "王芳", Role::Staff).expect("clerk");
    let people = [
        (
            "=HYPERLINK(\"http://x\",\"y\")",
            "13812345678",
            Some("11010519491231002X"),
        ),
        ("刘东志", "13900001111", None),
        ("@SUM(A1)", "13700002222", None),
    ];
    for (name, phone, id) in people {
        members::insert(
            &tx,
            &NewMember {
                name: name.into(),
                phone: Some(phone.into()),
                id_number: id.map(str::to_owned),
                employer: Some("+86 公司".into()),
                ..NewMember::default()
            },
        )
        .expect("insert");
    }
    tx.commit().expect("commit");
    (conn, admin, clerk)
}

fn request(unmasked: bool) -> ExportRequest {
    ExportRequest {
        member_ids: None,
        columns: vec![
            Column::Name,
            Column::Phone,
            Column::IdNumber,
            Column::Employer,
        ],
        unmasked,
    }
}

#[test]
fn columns_keep_their_json_names_and_take_headers_from_the_table() {
    // The names the CLI's --columns and the window send; never renamed.
    let names = [
        "name",
        "gender",
        "id_number",
        "student_number",
        "enrolment_year",
        "graduation_year",
        "college",
        "major",
        "degree",
        "class_name",
        "phone",
        "email",
        "wechat",
        "employer",
        "job_title",
        "city",
        "status",
        "notes",
    ];
    let columns: Vec<Column> =
        serde_json::from_value(serde_json::json!(names)).expect("every name parses");
    assert_eq!(columns, Column::ALL);
    for spec in crate::members::fields::FIELDS {
        assert_eq!(spec.field.header(), spec.zh);
    }
    assert_eq!(
        default_columns(),
        Column::ALL
            .into_iter()
            .filter(|c| *c != Column::IdNumber)
            .collect::<Vec<_>>()
    );
}

#[test]
fn every_column_exports_under_its_header_and_sensitive_ones_masked() {
    let (mut conn, _, clerk) = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("all.csv");
    let tx = conn.transaction().expect("tx");
    let req = ExportRequest {
        member_ids: Some(vec![1]),
        columns: Column::ALL.to_vec(),
        unmasked: false,
    };
    export(
        &tx,
        &clerk,
        &req,
        &path,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_owned)
        .collect();
    let zh: Vec<&str> = crate::members::fields::FIELDS
        .iter()
        .map(|s| s.zh)
        .collect();
    assert_eq!(headers, zh);
    let row = reader.records().next().expect("row").expect("record");
    let cell = |field: Column| row.get(field as usize).expect("cell").to_owned();
    assert_eq!(cell(Column::Phone), "138****5678");
    assert_eq!(cell(Column::IdNumber), "1101**********002X");
    assert_eq!(cell(Column::Status), "正常");
    assert_eq!(cell(Column::Employer), "'+86 公司");
}

#[test]
fn csv_has_a_bom_masked_data_and_neutralised_formulas() {
    let (mut conn, _, clerk) = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("名册.csv");
    let tx = conn.transaction().expect("tx");
    let done = export(
        &tx,
        &clerk,
        &request(false),
        &path,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("export");
    record_export(&tx, &clerk, &request(false), &done).expect("audit");
    tx.commit().expect("commit");
    assert_eq!((done.rows, done.masked), (3, true));
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "姓名,手机,身份证号,工作单位");
    assert_eq!(
        lines[1],
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",138****5678,1101**********002X,'+86 公司"
    );
    assert_eq!(lines[3], "'@SUM(A1),137****2222,,'+86 公司");
    assert!(!text.contains("13812345678"));
    let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
    assert_eq!(
        (
            log[0].action.as_str(),
            log[0].after.as_ref().expect("after")["masked"].as_bool()
        ),
        ("export", Some(true))
    );
}

#[test]
fn unmasked_needs_an_admin_and_xlsx_keeps_text_as_text() {
    let (mut conn, admin, clerk) = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("full.xlsx");
    let tx = conn.transaction().expect("tx");
    let refused = export(
        &tx,
        &clerk,
        &request(true),
        &path,
        &|_, _| {},
        &AtomicBool::new(false),
    );
    assert!(matches!(refused, Err(ExportError::Forbidden)));
    assert!(!path.exists());
    let done = export(
        &tx,
        &admin,
        &request(true),
        &path,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("export");
    assert!(!done.masked);
    use calamine::{open_workbook, Reader, Xlsx};
    let mut book: Xlsx<_> = open_workbook(&path).expect("open");
    let range = book.worksheet_range("校友名册").expect("sheet");
    assert_eq!(
        range.get_value((1, 0)).map(|c| c.to_string()),
        Some("=HYPERLINK(\"http://x\",\"y\")".to_owned())
    );
    assert_eq!(
        range.get_value((1, 1)).map(|c| c.to_string()),
        Some("13812345678".to_owned())
    );
    let formulas = book.worksheet_formula("校友名册").expect("formulas");
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula cells"
    );
}

#[test]
fn cancelled_or_invalid_exports_leave_no_file() {
    let (mut conn, admin, _) = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let tx = conn.transaction().expect("tx");
    let path = dir.path().join("x.csv");
    let cancelled = export(
        &tx,
        &admin,
        &request(false),
        &path,
        &|_, _| {},
        &AtomicBool::new(true),
    );
    assert!(matches!(cancelled, Err(ExportError::Cancelled)));
    let wrong = export(
        &tx,
        &admin,
        &request(false),
        &dir.path().join("x.pdf"),
        &|_, _| {},
        &AtomicBool::new(false),
    );
    assert!(matches!(
        wrong,
        Err(ExportError::Invalid {
            reason: "unknown_format"
        })
    ));
    let none = ExportRequest {
        columns: vec![],
        ..request(false)
    };
    assert!(matches!(
        export(
            &tx,
            &admin,
            &none,
            &path,
            &|_, _| {},
            &AtomicBool::new(false)
        ),
        Err(ExportError::Invalid {
            reason: "no_columns"
        })
    ));
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}

#[test]
fn chosen_members_come_in_the_given_order() {
    let (mut conn, admin, _) = setup();
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("some.csv");
    let tx = conn.transaction().expect("tx");
    let req = ExportRequest {
        member_ids: Some(vec![2, 1, 99]),
        columns: vec![Column::Name],
        unmasked: false,
    };
    let done = export(
        &tx,
        &admin,
        &req,
        &path,
        &|_, _| {},
        &AtomicBool::new(false),
    )
    .expect("export");
    assert_eq!(done.rows, 2);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("刘东志\n\"'=HYPERLINK"), "{text}");
}

//! Export of a list of members to .xlsx or .csv with the columns the user chose.
//!
//! Invariants: phone and ID numbers are masked unless an admin asks otherwise; a CSV cell that
//! starts with `= + - @` (or a tab or carriage return) gets a leading apostrophe so a
//! spreadsheet shows it as text instead of running it; .xlsx cells are written as strings,
//! which Excel never evaluates, so the data stays exact there. The file is written to a
//! temporary name and renamed, so a failed or cancelled export leaves nothing half-written;
//! every export lands in the audit log.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::{params_from_iter, Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::model::MemberField;
use crate::audit::{self, Change};
use crate::staff::Staff;
use crate::DomainError;

/// A column that can be exported: any field of the record, by its JSON name (`name`,
/// `graduation_year`, `status` …). Headers, masking and the default columns come from the table
/// of [`crate::members::fields`].
pub type Column = MemberField;

impl MemberField {
    /// The header written to the file: the field's Chinese name, which the import recognises.
    pub fn header(self) -> &'static str {
        self.zh()
    }

    /// The SQL expression of the column: the field's column, with codes and years as the text
    /// the office reads; literal, never from input.
    fn sql(self) -> &'static str {
        match self {
            Column::Gender => "CASE gender WHEN 'male' THEN '男' WHEN 'female' THEN '女' END",
            Column::EnrolmentYear => "CAST(enrolment_year AS TEXT)",
            Column::GraduationYear => "CAST(graduation_year AS TEXT)",
            Column::Status => {
                "CASE status WHEN 'active' THEN '正常' WHEN 'lost_contact' THEN '失联' ELSE '已故' END"
            }
            _ => self.spec().column,
        }
    }
}

/// The columns an export writes unless the user chooses: every field but the ID number.
pub fn default_columns() -> Vec<Column> {
    MemberField::exported_by_default()
}

/// The file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Excel workbook.
    Xlsx,
    /// UTF-8 CSV with a byte-order mark, so Excel opens it as UTF-8.
    Csv,
}

impl Format {
    /// The format of a file name by its extension; `None` for anything else.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "xlsx" => Some(Format::Xlsx),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    /// The members, in this order; `None` for every member on record (archived left out).
    pub member_ids: Option<Vec<i64>>,
    /// The columns, in this order.
    pub columns: Vec<Column>,
    /// Phone and ID numbers in full (admin only).
    pub unmasked: bool,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportDone {
    /// The file.
    pub path: PathBuf,
    /// Rows written, the header not counted.
    pub rows: u64,
    /// Whether phone and ID numbers were masked.
    pub masked: bool,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Unmasked personal data needs an admin.
    #[error("only an admin may export unmasked personal data")]
    Forbidden,
    /// No columns chosen, or an extension that is neither .xlsx nor .csv.
    #[error("invalid export: {reason}")]
    Invalid {
        /// `no_columns` or `unknown_format`.
        reason: &'static str,
    },
    /// The user cancelled; no file was left behind.
    #[error("export cancelled")]
    Cancelled,
    /// Writing the file failed.
    #[error("cannot write {}: {detail}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for ExportError {
    fn kind(&self) -> &'static str {
        match self {
            ExportError::Forbidden => "forbidden",
            ExportError::Invalid { .. } => "invalid_input",
            ExportError::Cancelled => "cancelled",
            ExportError::Write { .. } => "write_failed",
            ExportError::Database(_) => "internal",
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            ExportError::Forbidden => json!({ "action": "export_unmasked" }),
            ExportError::Invalid { reason } => json!({ "field": "export", "reason": reason }),
            ExportError::Write { path, .. } => json!({ "path": path }),
            ExportError::Cancelled | ExportError::Database(_) => json!({}),
        }
    }
}

/// A cell as a spreadsheet must see it in a CSV: text that would start a formula gets a
/// leading apostrophe.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Reads the rows to export, masked as requested.
fn rows(
    conn: &Connection,
    request: &ExportRequest,
) -> Result<Vec<Vec<Option<String>>>, ExportError> {
    let select: Vec<&str> = request.columns.iter().map(|c| c.sql()).collect();
    let select = select.join(", ");
    let mask = |column: Column, value: Option<String>| match value {
        Some(v) if !request.unmasked => Some(column.mask(&v).unwrap_or(v)),
        v => v,
    };
    let read_row = |r: &rusqlite::Row| -> rusqlite::Result<Vec<Option<String>>> {
        request
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| Ok(mask(*c, r.get(i)?)))
            .collect()
    };
    let out = match &request.member_ids {
        None => {
            let mut stmt = conn.prepare(&format!(
                "SELECT {select} FROM members WHERE archived_at IS NULL ORDER BY id"
            ))?;
            let rows = stmt.query_map([], read_row)?;
            rows.collect::<Result<Vec<_>, _>>()?
        }
        Some(ids) => {
            // Chunks keep each statement under SQLite's parameter limit; order follows `ids`.
            let mut out = Vec::with_capacity(ids.len());
            for chunk in ids.chunks(500) {
                let marks = vec!["?"; chunk.len()].join(",");
                let mut stmt = conn.prepare(&format!(
                    "SELECT id, {select} FROM members WHERE id IN ({marks})"
                ))?;
                let mut found: std::collections::HashMap<i64, Vec<Option<String>>> = stmt
                    .query_map(params_from_iter(chunk), |r| {
                        let id: i64 = r.get(0)?;
                        let values = request
                            .columns
                            .iter()
                            .enumerate()
                            .map(|(i, c)| Ok(mask(*c, r.get(i + 1)?)))
                            .collect::<rusqlite::Result<Vec<_>>>()?;
                        Ok((id, values))
                    })?
                    .collect::<Result<_, _>>()?;
                out.extend(chunk.iter().filter_map(|id| found.remove(id)));
            }
            out
        }
    };
    Ok(out)
}

/// Writes the export to `path` (format from its extension) and records it in the audit log.
pub fn export(
    tx: &Transaction,
    actor: &Staff,
    request: &ExportRequest,
    path: &Path,
    progress: &dyn Fn(u64, u64),
    cancel: &AtomicBool,
) -> Result<ExportDone, ExportError> {
    if request.columns.is_empty() {
        return Err(ExportError::Invalid {
            reason: "no_columns",
        });
    }
    let format = Format::from_path(path).ok_or(ExportError::Invalid {
        reason: "unknown_format",
    })?;
    let sensitive = request.columns.iter().any(|c| c.is_sensitive());
    if request.unmasked && sensitive && !actor.is_admin() {
        return Err(ExportError::Forbidden);
    }
    let rows = rows(tx, request)?;
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".partial");
    let tmp = path.with_file_name(tmp_name);
    let written = match format {
        Format::Csv => write_csv(&tmp, request, &rows, progress, cancel),
        Format::Xlsx => write_xlsx(&tmp, request, &rows, progress, cancel),
    };
    let fail = |detail: String| ExportError::Write {
        path: path.to_owned(),
        detail,
    };
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(|e| fail(e.to_string()))?;
    let masked = !(request.unmasked && sensitive);
    audit::record(
        tx,
        actor.id,
        Change::new("export", "member", None)
            .after(Some(json!({
                "rows": rows.len(),
                "columns": request.columns,
                "masked": masked,
            })))
            .note(path.display().to_string()),
    )?;
    Ok(ExportDone {
        path: path.to_owned(),
        rows: rows.len() as u64,
        masked,
    })
}

const PROGRESS_EVERY: usize = 1_000;

fn step(
    done: usize,
    total: usize,
    progress: &dyn Fn(u64, u64),
    cancel: &AtomicBool,
) -> Result<(), ExportError> {
    if done.is_multiple_of(PROGRESS_EVERY) {
        if cancel.load(Ordering::Relaxed) {
            return Err(ExportError::Cancelled);
        }
        progress(done as u64, total as u64);
    }
    Ok(())
}

fn write_csv(
    tmp: &Path,
    request: &ExportRequest,
    rows: &[Vec<Option<String>>],
    progress: &dyn Fn(u64, u64),
    cancel: &AtomicBool,
) -> Result<(), ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Write {
        path: tmp.to_owned(),
        detail: e.to_string(),
    };
    let mut file = std::fs::File::create(tmp).map_err(|e| fail(&e))?;
    file.write_all("\u{feff}".as_bytes())
        .map_err(|e| fail(&e))?;
    let mut writer = csv::Writer::from_writer(std::io::BufWriter::new(file));
    writer
        .write_record(request.columns.iter().map(|c| c.header()))
        .map_err(|e| fail(&e))?;
    for (done, row) in rows.iter().enumerate() {
        step(done, rows.len(), progress, cancel)?;
        writer
            .write_record(
                row.iter()
                    .map(|v| neutralise(v.as_deref().unwrap_or("")).into_owned()),
            )
            .map_err(|e| fail(&e))?;
    }
    writer.flush().map_err(|e| fail(&e))?;
    progress(rows.len() as u64, rows.len() as u64);
    Ok(())
}

fn write_xlsx(
    tmp: &Path,
    request: &ExportRequest,
    rows: &[Vec<Option<String>>],
    progress: &dyn Fn(u64, u64),
    cancel: &AtomicBool,
) -> Result<(), ExportError> {
    let fail = |e: &dyn std::fmt::Display| ExportError::Write {
        path: tmp.to_owned(),
        detail: e.to_string(),
    };
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("校友名册").map_err(|e| fail(&e))?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (c, column) in (0u16..).zip(&request.columns) {
        sheet
            .write_string_with_format(0, c, column.header(), &bold)
            .map_err(|e| fail(&e))?;
        let width = if matches!(column, Column::Employer | Column::College | Column::Notes) {
            28.0
        } else {
            14.0
        };
        sheet.set_column_width(c, width).map_err(|e| fail(&e))?;
    }
    for (done, (r, row)) in (1u32..).zip(rows).enumerate() {
        step(done, rows.len(), progress, cancel)?;
        for (c, value) in (0u16..).zip(row) {
            if let Some(value) = value {
                // A string cell is never evaluated by Excel: `=HYPERLINK(…)` stays text.
                sheet.write_string(r, c, value).map_err(|e| fail(&e))?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(|e| fail(&e))?;
    book.save(tmp).map_err(|e| fail(&e))?;
    progress(rows.len() as u64, rows.len() as u64);
    Ok(())
}

#[cfg(test)]
mod tests {
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
}

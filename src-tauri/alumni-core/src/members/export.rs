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

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::model::MemberField;
use crate::audit::{self, Change};
use crate::error::ErrorKind;
use crate::staff::{self, Action, Staff};
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
    fn kind(&self) -> ErrorKind {
        match self {
            ExportError::Forbidden => ErrorKind::Forbidden,
            ExportError::Invalid { .. } => ErrorKind::InvalidInput,
            ExportError::Cancelled => ErrorKind::Cancelled,
            ExportError::Write { .. } => ErrorKind::WriteFailed,
            ExportError::Database(_) => ErrorKind::Internal,
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

/// The characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as a spreadsheet must see it in a CSV: text that would start a formula gets a
/// leading apostrophe.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell [`neutralise`] was given back: an import reads `'+44 7700 900123` as the export was
/// given it. Only the apostrophe the guard adds is taken off (before one of the characters it
/// guards), so any other leading apostrophe stays.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Reads the rows to export, masked as requested.
fn rows(
    conn: &Connection,
    request: &ExportRequest,
) -> Result<Vec<Vec<Option<String>>>, ExportError> {
    let mut rows =
        super::store::export_rows(conn, request.member_ids.as_deref(), &request.columns)?;
    if !request.unmasked {
        for row in &mut rows {
            for (column, value) in request.columns.iter().zip(row.iter_mut()) {
                if let Some(masked) = value.as_deref().and_then(|v| column.mask(v)) {
                    *value = Some(masked);
                }
            }
        }
    }
    Ok(rows)
}

/// Writes the export to `path` (format from its extension; written under a temporary name and
/// renamed, so a failed or cancelled export leaves nothing behind). Reads only: the caller
/// records the export with [`record_export`] in a short write transaction, so an export of the
/// whole register never holds the write lock. Errors: `forbidden` for unmasked sensitive
/// columns by a non-admin, `invalid_input`, `cancelled`, `write_failed`.
pub fn export(
    conn: &Connection,
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
    if request.unmasked && sensitive && staff::require(actor, Action::ExportUnmasked).is_err() {
        return Err(ExportError::Forbidden);
    }
    let rows = rows(conn, request)?;
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
    Ok(ExportDone {
        path: path.to_owned(),
        rows: rows.len() as u64,
        masked,
    })
}

/// Records a finished export in the audit log: how many rows, which columns, masked or not,
/// and the file.
pub fn record_export(
    tx: &Transaction,
    actor: &Staff,
    request: &ExportRequest,
    done: &ExportDone,
) -> Result<(), ExportError> {
    audit::record(
        tx,
        actor.id,
        Change::new("export", "member", None)
            .after(Some(json!({
                "rows": done.rows,
                "columns": request.columns,
                "masked": done.masked,
            })))
            .note(done.path.display().to_string()),
    )?;
    Ok(())
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
#[path = "export_tests.rs"]
mod tests;

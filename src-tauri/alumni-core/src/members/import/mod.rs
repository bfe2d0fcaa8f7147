//! Importing alumni from .xlsx, .xls and .csv files: read → find the header and map the columns
//! (the user may correct the mapping) → normalise → dry run → apply in one transaction, with the
//! rejected rows handed back as an .xlsx to fix and import again.
//!
//! Invariants: reading and the dry run write nothing; applying happens inside one transaction,
//! so a file that cannot be read, a cancelled import or one that fails midway leaves the
//! register exactly as it was; a value on record is never overwritten (see [`plan`] for the
//! identity rules); row numbers are the ones the user sees in the spreadsheet.
//!
//! ```text
//! let sheet = read_file(path)?;                 // Sheet: rows of text with row numbers
//! let mapping = detect_mapping(&sheet)?;        // shown to the user, who may edit `fields`
//! let plan = plan(&conn, &sheet, &mapping, &progress, &cancel)?;
//! let preview = dry_run_report(&plan);          // inserted / updated / unchanged / review / rejected
//! let report = apply(&tx, actor, &plan, "名单.xlsx", &progress, &cancel)?;  // then tx.commit()
//! write_rejects(&plan, &sheet, rejects_path)?;
//! ```

mod apply;
mod header;
mod mapping;
mod normalise;
mod plan;
mod read;
mod reason;
mod rejects;
mod report;
mod sheet;
#[cfg(test)]
mod tests;

use std::sync::atomic::AtomicBool;

use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;
use serde_json::json;

use crate::error::ErrorKind;
use crate::staff::StaffId;
use crate::DomainError;

pub use apply::apply;
pub use header::{detect_mapping, HEADER_SEARCH_ROWS};
pub use mapping::{ColumnMapping, Mapping, MappingProblem};
pub use plan::{plan, Action, Plan, PlannedRow};
pub(crate) use read::decode as decode_text;
pub use read::{read_bytes, read_file};
pub use reason::{DamagedField, FieldConflict, RejectReason, ReviewReason, ReviewTarget};
pub use rejects::{rejects_xlsx, write_rejects, REASON_HEADER};
pub use report::{dry_run_report, ImportReport, RowNote, RowProblem};
pub use sheet::{Sheet, SheetRow, SourceFormat, TextEncoding};

/// How many rows pass between progress reports and looks at the cancel flag.
pub const CHECK_EVERY: usize = 256;

/// Which step a long import is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The dry run.
    Planning,
    /// Writing to the register.
    Applying,
}

/// How far a step has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The step.
    pub phase: Phase,
    /// Rows done.
    pub done: usize,
    /// Rows in all.
    pub total: usize,
}

impl Progress {
    /// `done` of `total` rows in `phase`.
    pub fn new(phase: Phase, done: usize, total: usize) -> Self {
        Progress { phase, done, total }
    }
}

/// Why an import could not go ahead. Rows with problems are not errors: they are in the report.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or is damaged.
    #[error("the file cannot be read: {reason}")]
    Unreadable {
        /// What went wrong, in plain words.
        reason: String,
    },
    /// The file is something else (an image, a document).
    #[error("the file is not a spreadsheet or CSV file")]
    NotASpreadsheet,
    /// The file or its sheets hold nothing.
    #[error("the file is empty")]
    Empty,
    /// No row near the top names at least two known columns.
    #[error(
        "no header row with known column names (姓名, 手机 …) in the first {rows_searched} rows"
    )]
    NoHeader {
        /// How many rows were searched.
        rows_searched: usize,
    },
    /// The column mapping cannot drive an import.
    #[error("the column mapping is not usable: {}", problem.as_str())]
    InvalidMapping {
        /// What is wrong.
        problem: MappingProblem,
        /// The field concerned.
        field: Option<crate::members::MemberField>,
    },
    /// The user cancelled; nothing was changed.
    #[error("the import was cancelled; nothing was changed")]
    Cancelled,
    /// The register changed between the dry run and the import; nothing was changed.
    #[error("the register changed since the dry run; nothing was changed, run the import again")]
    RecordsChanged,
    /// The rejects file could not be written.
    #[error("cannot write the rejects file: {reason}")]
    CannotWrite {
        /// What went wrong.
        reason: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for ImportError {
    fn kind(&self) -> ErrorKind {
        match self {
            ImportError::Unreadable { .. } => ErrorKind::UnreadableFile,
            ImportError::NotASpreadsheet => ErrorKind::NotASpreadsheet,
            ImportError::Empty => ErrorKind::EmptyFile,
            ImportError::NoHeader { .. } => ErrorKind::NoHeader,
            ImportError::InvalidMapping { .. } => ErrorKind::InvalidMapping,
            ImportError::Cancelled => ErrorKind::Cancelled,
            ImportError::RecordsChanged => ErrorKind::RecordsChanged,
            ImportError::CannotWrite { .. } => ErrorKind::CannotWriteFile,
            ImportError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            ImportError::Unreadable { reason } | ImportError::CannotWrite { reason } => {
                json!({ "reason": reason })
            }
            ImportError::NoHeader { rows_searched } => json!({ "rows_searched": rows_searched }),
            ImportError::InvalidMapping { problem, field } => {
                json!({ "problem": problem, "field": field })
            }
            _ => json!({}),
        }
    }
}

/// The outcome of [`run`]: the report, and the plan for writing the rejects file.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What was done.
    pub report: ImportReport,
    /// What was planned, row by row.
    pub plan: Plan,
}

/// Plans and applies in one IMMEDIATE transaction and commits: the plan is made against the
/// register as it is under the write lock, so nothing can change between the two. On any error
/// nothing is committed.
pub fn run(
    conn: &mut Connection,
    actor: StaffId,
    sheet: &Sheet,
    mapping: &Mapping,
    source_name: &str,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Imported, ImportError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let plan = plan(&tx, sheet, mapping, progress, cancel)?;
    let report = apply(&tx, actor, &plan, source_name, progress, cancel)?;
    tx.commit()?;
    Ok(Imported { report, plan })
}

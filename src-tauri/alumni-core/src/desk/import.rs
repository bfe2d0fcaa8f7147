//! Importing the register from a spreadsheet, as every door runs it: read the file (with
//! progress and cancel), detect the columns, a dry run on a reader, and the import itself —
//! planned again inside the one write transaction that applies it.
//!
//! Invariants: nothing is written by an unreadable file, a dry run or a cancelled import; the
//! rows written are exactly those of a plan made under the write lock, so nothing can change
//! between checking and writing.

use std::path::Path;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use super::{files, Desk};
use crate::error::AppError;
use crate::jobs::{Job, Phase};
use crate::members::import::{self, ImportReport, Imported, Mapping, Plan, Sheet};
use crate::storage::WritePriority;

/// How often a read in progress looks for a cancel.
const CANCEL_POLL: Duration = Duration::from_millis(50);

/// A spreadsheet read and its columns detected.
#[derive(Debug, Clone)]
pub struct OpenedSheet {
    /// The rows as read.
    pub sheet: Arc<Sheet>,
    /// The detected header row and column fields (the user may correct them).
    pub mapping: Mapping,
    /// The file's name, recorded as the import's source.
    pub file_name: String,
}

/// The import's own steps as the job's phases: the dry run checks, the apply writes.
fn reporter(job: &Job) -> impl Fn(import::Progress) + '_ {
    move |p: import::Progress| {
        let phase = match p.phase {
            import::Phase::Planning => Phase::Checking,
            import::Phase::Applying => Phase::Writing,
        };
        job.report(phase, p.done as u64, p.total as u64)
    }
}

impl Desk {
    /// Reads `path` (.xlsx, .xls, .csv) and detects its columns, reporting phase `reading`.
    /// The spreadsheet reader cannot be stopped midway, so it runs on its own thread and a
    /// cancel returns at once (the read's result is then dropped). Errors: `unreadable_file`,
    /// `not_a_spreadsheet`, `empty_file`, `no_header`, `cancelled`.
    pub fn import_read(&self, path: &Path, job: &Job) -> Result<OpenedSheet, AppError> {
        job.report(Phase::Reading, 0, 1);
        job.check()?;
        let (sender, received) = mpsc::channel();
        let file = path.to_owned();
        std::thread::spawn(move || {
            let read = import::read_file(&file).and_then(|sheet| {
                let mapping = import::detect_mapping(&sheet)?;
                Ok((sheet, mapping))
            });
            // The job may have been cancelled and gone: nobody to tell then.
            let _ = sender.send(read);
        });
        let (sheet, mapping) = loop {
            match received.recv_timeout(CANCEL_POLL) {
                Ok(read) => break read?,
                Err(mpsc::RecvTimeoutError::Timeout) => job.check()?,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(AppError::internal("the spreadsheet reader stopped"))
                }
            }
        };
        job.check()?;
        job.report(Phase::Reading, 1, 1);
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(OpenedSheet {
            sheet: Arc::new(sheet),
            mapping,
            file_name,
        })
    }

    /// The dry run: what importing `sheet` with `mapping` would do, on a reader, writing
    /// nothing; phase `checking`. Errors: `invalid_mapping`, `cancelled`.
    pub fn import_preview(
        &self,
        sheet: &Sheet,
        mapping: &Mapping,
        job: &Job,
    ) -> Result<Plan, AppError> {
        let progress = reporter(job);
        self.database().read_for(job, |conn| {
            Ok(import::plan(
                conn,
                sheet,
                mapping,
                &progress,
                job.cancel_flag(),
            )?)
        })
    }

    /// The import: planned again against the register as it is under the write lock, then
    /// applied and committed in one transaction as the acting profile; phases `checking`,
    /// `writing`. Errors: `invalid_mapping`, `cancelled` (nothing written), `records_changed`,
    /// `door_open` (check-in is open at a meeting's door).
    pub fn import_apply(
        &self,
        sheet: &Sheet,
        mapping: &Mapping,
        source_name: &str,
        job: &Job,
    ) -> Result<Imported, AppError> {
        // An import holds the write lock for seconds: never while check-in is open.
        self.refuse_while_door_open()?;
        let actor = self.actor();
        let progress = reporter(job);
        self.database()
            .with_writer(WritePriority::Normal, Some(job), |conn| {
                import::run(
                    conn,
                    actor.id,
                    sheet,
                    mapping,
                    source_name,
                    &progress,
                    job.cancel_flag(),
                )
            })
            .map_err(AppError::from)
    }

    /// The rejected rows of `plan`, with a reason column, as an .xlsx at `dest` (atomically).
    /// Returns how many rows were written. Errors: `cannot_write_file`, `write_failed`.
    pub fn import_write_rejects(
        &self,
        plan: &Plan,
        sheet: &Sheet,
        dest: &Path,
    ) -> Result<usize, AppError> {
        let bytes = import::rejects_xlsx(plan, sheet)?;
        files::write_atomically(dest, &bytes)?;
        Ok(plan
            .rows
            .iter()
            .filter(|row| matches!(row.action, import::Action::Rejected { .. }))
            .count())
    }

    /// Read, detect, then a dry run or the import, and the rejects file if asked: the CLI's
    /// one step, through the same functions as the window's three.
    pub fn import_file(
        &self,
        path: &Path,
        dry_run: bool,
        rejects: Option<&Path>,
        job: &Job,
    ) -> Result<ImportReport, AppError> {
        let opened = self.import_read(path, job)?;
        let (plan, report) = if dry_run {
            let plan = self.import_preview(&opened.sheet, &opened.mapping, job)?;
            let report = import::dry_run_report(&plan);
            (plan, report)
        } else {
            let done = self.import_apply(&opened.sheet, &opened.mapping, &opened.file_name, job)?;
            (done.plan, done.report)
        };
        if let Some(dest) = rejects {
            self.import_write_rejects(&plan, &opened.sheet, dest)?;
        }
        Ok(report)
    }
}

//! Exporting the register to a spreadsheet, as every door runs it.
//!
//! Invariants: the rows are read on a reader, so an export of the whole register never holds
//! the write lock (a check-in or an edit goes on meanwhile); the file is written under a
//! temporary name and renamed; the audit entry is written only once the file is in place.

use std::path::Path;

use super::Desk;
use crate::error::AppError;
use crate::jobs::{Job, Phase};
use crate::members::export::{self, Column, ExportDone, ExportRequest};
use crate::members::search::{self, SearchQuery};
use crate::storage::Connection;

impl Desk {
    /// Writes the members of `request` to `dest` (.xlsx or .csv by its extension), phase
    /// `exporting` in rows, then records the export in the audit log. Phones and ID numbers are
    /// masked unless `request.unmasked` (admin only). Errors: `forbidden`, `invalid_input`,
    /// `cancelled` (no file, no audit entry), `write_failed`.
    pub fn export_members(
        &self,
        request: &ExportRequest,
        dest: &Path,
        job: &Job,
    ) -> Result<ExportDone, AppError> {
        let actor = self.actor();
        let progress = |done: u64, total: u64| job.report(Phase::Exporting, done, total);
        let done = self.database().read_for(job, |conn| {
            Ok::<_, AppError>(export::export(
                conn,
                &actor,
                request,
                dest,
                &progress,
                job.cancel_flag(),
            )?)
        })?;
        self.write(|tx, actor| Ok(export::record_export(tx, actor, request, &done)?))?;
        Ok(done)
    }

    /// Exports the members a search selects (every member on record when nothing narrows it),
    /// as [`Desk::export_members`].
    pub fn export_search(
        &self,
        query: &SearchQuery,
        columns: Vec<Column>,
        unmasked: bool,
        dest: &Path,
        job: &Job,
    ) -> Result<ExportDone, AppError> {
        let member_ids = self
            .database()
            .read_for(job, |conn| selection(conn, query))?;
        let request = ExportRequest {
            member_ids,
            columns,
            unmasked,
        };
        self.export_members(&request, dest, job)
    }
}

/// The ids a query selects for export, in search order; `None` (every member) when nothing
/// narrows it.
fn selection(conn: &Connection, query: &SearchQuery) -> Result<Option<Vec<i64>>, AppError> {
    let narrows = !query.text.trim().is_empty()
        || query.college.is_some()
        || query.graduation_year_from.is_some()
        || query.graduation_year_to.is_some()
        || query.branch_id.is_some()
        || query.city.is_some()
        || query.status.is_some()
        || query.office.is_some()
        || query.include_archived;
    if !narrows {
        return Ok(None);
    }
    let all = SearchQuery {
        limit: u32::MAX,
        offset: 0,
        ..query.clone()
    };
    Ok(Some(
        search::search(conn, &all)?
            .into_iter()
            .map(|hit| hit.id)
            .collect(),
    ))
}

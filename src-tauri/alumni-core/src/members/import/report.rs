//! The import report: counts and the rows that need the user, as the CLI prints it with
//! `--json` and the UI shows it, before (dry run) and after the import.
//!
//! Invariants: the same plan gives the same report before and after it is applied; `row` is
//! the row number the user sees in the spreadsheet; `reason` is short English text, `kind` and
//! `field` are stable snake_case for the UI to phrase in the user's language.

use serde::Serialize;

use super::plan::{Action, Plan};
use super::reason::{review_text, ReviewTarget};
use crate::members::{MemberField, MemberId};

/// One row that was sent to review or rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowNote {
    /// The row number the user sees in the spreadsheet.
    pub row: u32,
    /// Stable snake_case reason: `missing_name`, `too_long`, `invalid_phone`, `invalid_value`,
    /// `duplicate_in_file`, `probable_duplicate`, `conflict`, `ambiguous_match`,
    /// `archived_match`.
    pub kind: &'static str,
    /// The field concerned, if one.
    pub field: Option<MemberField>,
    /// The record concerned, if one.
    pub member_id: Option<MemberId>,
    /// Short English text.
    pub reason: String,
}

/// What an import did, or — from a dry run — will do.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// New records.
    pub inserted: usize,
    /// Records whose empty fields were filled.
    pub updated: usize,
    /// Rows already on record as they are.
    pub unchanged: usize,
    /// Rows queued for a person to decide on.
    pub review: Vec<RowNote>,
    /// Rows not imported, with the reason.
    pub rejected: Vec<RowNote>,
}

/// The report of a plan: what applying it will do.
pub fn dry_run_report(plan: &Plan) -> ImportReport {
    let mut report = ImportReport::default();
    for planned in &plan.rows {
        match &planned.action {
            Action::Insert { .. } => report.inserted += 1,
            Action::Update { .. } => report.updated += 1,
            Action::Unchanged { .. } => report.unchanged += 1,
            Action::Review { target, reason, .. } => report.review.push(RowNote {
                row: planned.row,
                kind: reason.kind(),
                field: reason.field(),
                member_id: match target {
                    ReviewTarget::Member { member } => Some(*member),
                    ReviewTarget::Row { .. } => None,
                },
                reason: review_text(reason, target),
            }),
            Action::Rejected { reason } => report.rejected.push(RowNote {
                row: planned.row,
                kind: reason.kind(),
                field: reason.field(),
                member_id: None,
                reason: reason.to_string(),
            }),
        }
    }
    report
}

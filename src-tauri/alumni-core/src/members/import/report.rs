//! The import report: counts and the rows that need the user, as the CLI prints it with
//! `--json` and the UI shows it, before (dry run) and after the import.
//!
//! Invariants: the same plan gives the same report before and after it is applied; `row` is
//! the row number the user sees in the spreadsheet; `reason` is short English text, `kind` and
//! `field` are stable snake_case for the UI to phrase in the user's language.

use serde::Serialize;

use super::plan::{Action, Plan};
use super::reason::{review_text, review_text_zh, ReviewTarget};
use crate::members::{MemberField, MemberId};

/// One row that was sent to review or rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowNote {
    /// The row number the user sees in the spreadsheet.
    pub row: u32,
    /// Stable snake_case reason: `missing_name`, `too_long`, `invalid_phone`, `invalid_value`,
    /// `lost_digits`, `duplicate_in_file`, `probable_duplicate`, `conflict`, `ambiguous_match`,
    /// `archived_match`, `damaged_text`.
    pub kind: &'static str,
    /// The field concerned, if one.
    pub field: Option<MemberField>,
    /// The record concerned, if one.
    pub member_id: Option<MemberId>,
    /// Short English text: every problem of the row, `; `-separated.
    pub reason: String,
    /// The same in Chinese, naming columns as the file's header does.
    pub reason_zh: String,
    /// Every problem of the row, the first being `kind` and `field` (one for a review).
    pub problems: Vec<RowProblem>,
}

/// One problem of a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// Stable snake_case kind, as [`RowNote::kind`].
    pub kind: &'static str,
    /// The field concerned, if one.
    pub field: Option<MemberField>,
    /// The header of that field's column as the file has it.
    pub column: Option<String>,
    /// Short English text.
    pub reason: String,
    /// Chinese text.
    pub reason_zh: String,
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
    // The file's own header of each field's column.
    let column = |field: Option<MemberField>| -> Option<String> {
        let index = plan
            .fields
            .iter()
            .position(|f| f.is_some() && *f == field)?;
        plan.headers
            .get(index)
            .map(|h| h.trim().to_owned())
            .filter(|h| !h.is_empty())
    };
    let mut report = ImportReport::default();
    for planned in &plan.rows {
        match &planned.action {
            Action::Insert { .. } => report.inserted += 1,
            Action::Update { .. } => report.updated += 1,
            Action::Unchanged { .. } => report.unchanged += 1,
            Action::Review { target, reason, .. } => {
                let problem = RowProblem {
                    kind: reason.kind(),
                    field: reason.field(),
                    column: column(reason.field()),
                    reason: review_text(reason, target),
                    reason_zh: review_text_zh(reason, target),
                };
                report.review.push(RowNote {
                    row: planned.row,
                    kind: problem.kind,
                    field: problem.field,
                    member_id: match target {
                        ReviewTarget::Member { member } => Some(*member),
                        ReviewTarget::Row { .. } | ReviewTarget::NewRecord => None,
                    },
                    reason: problem.reason.clone(),
                    reason_zh: problem.reason_zh.clone(),
                    problems: vec![problem],
                });
            }
            Action::Rejected { reason, more } => {
                let problems: Vec<RowProblem> = std::iter::once(reason)
                    .chain(more)
                    .map(|r| {
                        let column = column(r.field());
                        RowProblem {
                            kind: r.kind(),
                            field: r.field(),
                            reason: r.en_in(column.as_deref()),
                            reason_zh: r.zh_in(column.as_deref()),
                            column,
                        }
                    })
                    .collect();
                let joined = |text: fn(&RowProblem) -> &str, separator: &str| {
                    problems
                        .iter()
                        .map(text)
                        .collect::<Vec<_>>()
                        .join(separator)
                };
                report.rejected.push(RowNote {
                    row: planned.row,
                    kind: reason.kind(),
                    field: reason.field(),
                    member_id: None,
                    reason: joined(|p| &p.reason, "; "),
                    reason_zh: joined(|p| &p.reason_zh, "；"),
                    problems,
                });
            }
        }
    }
    report
}

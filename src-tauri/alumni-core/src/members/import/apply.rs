//! Applying a plan: every insert, fill and review entry in the caller's one transaction.
//!
//! Invariants: nothing here commits; on any error — a cancel, a failed write, a record that
//! changed since the dry run — the caller drops the transaction and the register is exactly as
//! it was. Fills only fill fields that are still empty; a fill that finds its field taken stops
//! the import (`records_changed`) rather than lose the file's value. One audit entry per filled
//! record and one for the import as a whole.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Transaction;
use serde_json::json;

use super::plan::{Action, Plan};
use super::reason::ReviewTarget;
use super::report::{dry_run_report, ImportReport};
use super::{ImportError, Phase, Progress, CHECK_EVERY};
use crate::audit::{self, Change};
use crate::members::{store, MemberId, NewReview};
use crate::staff::StaffId;

/// A unique index refusing an insert means someone added the same person since the dry run.
fn stale_or_database(e: rusqlite::Error) -> ImportError {
    if store::is_unique_violation(&e) {
        ImportError::RecordsChanged
    } else {
        ImportError::Database(e)
    }
}

/// Plans at least this long get a bigger page cache while they are written.
const BIG_PLAN_ROWS: usize = 10_000;

/// Writes `plan` in `tx` on behalf of `actor` and returns what was done. The caller commits on
/// `Ok` and drops the transaction on `Err`. `source_name` (the file's name) goes into the
/// review queue and the audit log.
pub fn apply(
    tx: &Transaction,
    actor: StaffId,
    plan: &Plan,
    source_name: &str,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<ImportReport, ImportError> {
    let total = plan.rows.len();
    let note = format!("import: {source_name}");
    let _cache = (total >= BIG_PLAN_ROWS)
        .then(|| store::BiggerCache::set(tx))
        .transpose()?;
    // Members inserted by this import, by plan index, for reviews that point at an earlier row.
    let mut created: Vec<Option<MemberId>> = vec![None; total];
    progress(Progress::new(Phase::Applying, 0, total));
    for (done, planned) in plan.rows.iter().enumerate() {
        if done > 0 && done.is_multiple_of(CHECK_EVERY) {
            progress(Progress::new(Phase::Applying, done, total));
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
        }
        match &planned.action {
            Action::Insert { member } => {
                created[done] = Some(store::insert(tx, member).map_err(stale_or_database)?);
            }
            Action::Update { member_id, fills } => {
                let filled = store::fill_empty(tx, actor, *member_id, fills, Some(&note))?;
                if filled.len() != fills.len() {
                    return Err(ImportError::RecordsChanged);
                }
            }
            Action::Review {
                target,
                reason,
                member,
            } => {
                let member_id = match target {
                    ReviewTarget::Member { member } => Some(*member),
                    ReviewTarget::Row { index, .. } => created.get(*index).copied().flatten(),
                    ReviewTarget::NewRecord => None,
                };
                store::insert_review(
                    tx,
                    &NewReview {
                        source_name,
                        row_number: planned.row,
                        member_id,
                        reason_kind: reason.kind(),
                        reason: serde_json::to_value(reason).unwrap_or_default(),
                        row: serde_json::to_value(member).unwrap_or_default(),
                    },
                )?;
            }
            Action::Unchanged { .. } | Action::Rejected { .. } => {}
        }
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    // One recount for the whole file rather than one per row (see migration 0007), when it
    // added members or filled a counted field.
    let counted = |f: &crate::members::FieldValue| {
        use crate::members::MemberField::{City, College, GraduationYear};
        matches!(f.field, College | City | GraduationYear)
    };
    let recount = plan.rows.iter().any(|p| match &p.action {
        Action::Insert { .. } => true,
        Action::Update { fills, .. } => fills.iter().any(counted),
        _ => false,
    });
    if recount {
        crate::members::search::refresh_filter_counts(tx)?;
    }
    let report = dry_run_report(plan);
    audit::record(
        tx,
        actor,
        Change::new("import", "member", None)
            .after(Some(json!({
                "source": source_name,
                "inserted": report.inserted,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "review": report.review.len(),
                "rejected": report.rejected.len(),
            })))
            .note(note),
    )?;
    progress(Progress::new(Phase::Applying, total, total));
    Ok(report)
}

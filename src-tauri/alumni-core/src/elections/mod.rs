//! Elections: N seats of a body filled from M ≥ N candidates — their setup and candidates, the
//! ballots keyed (one at a time or a whole file, in two entry passes) or a paper tally sheet's
//! totals, the count of a round (`tally`: DESIGN.md's rules, pure), rounds, and the
//! independent recount from files (`recount`).
//!
//! Invariants: candidates keep the ballot order they were given; a ballot is never linked to a
//! voter; a result is computed from ballots, never typed. `model` holds the types, `store` the
//! SQL.

pub mod entry;
mod model;
pub mod recount;
mod store;
pub mod tally;
#[cfg(test)]
mod tally_tests;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use model::{
    base_as_str, kind_of, parse_base, BallotForm, Body, Candidate, ElectionDetail, ElectionId,
    ElectionSummary, NewCandidate, NewElection, TieRule,
};
pub use store::{
    ballots, candidate_names, counting, declare, delete, delete_ballot, detail, electing_from,
    first_round, insert, insert_next_round, key_ballot, list, reassign_member, replace_ballots,
    replace_candidates, rounds, save_tally_sheet, set_issued, tally_sheet, update_setup, Counting,
};

/// Why an election could not be counted.
#[derive(Debug, thiserror::Error)]
pub enum ElectionError {
    /// A recount file could not be read as the count needs it.
    #[error(transparent)]
    Recount(#[from] recount::RecountError),
    /// The round's figures cannot be counted.
    #[error(transparent)]
    Tally(#[from] tally::TallyError),
    /// No election with that id.
    #[error("no election with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// A next round asked for from a round that already has one.
    #[error("a next round was already set up from this round")]
    RoundClosed,
    /// A next round asked for when every seat is filled.
    #[error("every seat is filled: there is no next round")]
    NothingToFill,
    /// A result asked for before the ballots issued were recorded.
    #[error("record how many ballots were issued before counting")]
    NotIssued,
    /// The setup is not one an election can have (`field`: `title`, `seats`, `candidates`,
    /// `electorate`; `reason`: `required`, `no_seats`, `fewer_candidates`, `duplicate_name`,
    /// `not_found`, `self`, `too_long`).
    #[error("the election cannot be set up this way: {field} {reason}")]
    Setup {
        /// The field at fault.
        field: &'static str,
        /// Why.
        reason: &'static str,
        /// The value at fault, if one (a candidate's name).
        value: Option<String>,
    },
    /// A change only a draft takes (its setup, candidates, deletion) asked of an election
    /// whose ballots were issued.
    #[error("the election is {status}: its setup can no longer change")]
    NotDraft {
        /// Its status now.
        status: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for ElectionError {
    fn kind(&self) -> ErrorKind {
        match self {
            ElectionError::Recount(_)
            | ElectionError::Tally(_)
            | ElectionError::NotIssued
            | ElectionError::NothingToFill
            | ElectionError::RoundClosed
            | ElectionError::Setup { .. }
            | ElectionError::NotDraft { .. } => ErrorKind::InvalidInput,
            ElectionError::NotFound { .. } => ErrorKind::NotFound,
            ElectionError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            ElectionError::Recount(e) => json!({
                "field": e.file.as_str(),
                "reason": e.reason,
                "line": e.line,
                "ballot": e.ballot,
                "column": e.column,
                "value": e.value,
            }),
            ElectionError::Tally(tally::TallyError::NoSeats) => {
                json!({ "field": "seats", "reason": "no_seats" })
            }
            ElectionError::Tally(tally::TallyError::WrongCells { ballot, .. }) => {
                json!({ "field": "ballots", "reason": "wrong_cells", "ballot": ballot })
            }
            ElectionError::Tally(tally::TallyError::MissingBase { base }) => {
                json!({ "field": base, "reason": "required" })
            }
            ElectionError::Tally(tally::TallyError::Sheet { reason, candidate }) => {
                json!({ "field": "tally_sheet", "reason": reason, "candidate": candidate })
            }
            ElectionError::Setup {
                field,
                reason,
                value,
            } => {
                json!({ "field": field, "reason": reason, "value": value })
            }
            ElectionError::NotDraft { status } => {
                json!({ "field": "election", "reason": "not_draft", "status": status })
            }
            ElectionError::NotFound { id } => json!({ "entity": "election", "id": id }),
            ElectionError::NotIssued => json!({ "field": "issued", "reason": "required" }),
            ElectionError::NothingToFill => {
                json!({ "field": "election", "reason": "all_seats_filled" })
            }
            ElectionError::RoundClosed => json!({ "field": "election", "reason": "round_closed" }),
            ElectionError::Database(_) => json!({}),
        }
    }
}

/// The independent recount: `candidates.csv` and `ballots.csv` (as bytes) counted by
/// [`tally::tally`] under `rules`. Errors: [`ElectionError::Recount`] naming the file, ballot
/// and column of a problem (nothing is counted then), [`ElectionError::Tally`].
pub fn recount_files(
    candidates: &[u8],
    ballots: &[u8],
    rules: &tally::Rules,
) -> Result<tally::Outcome, ElectionError> {
    let names = recount::read_candidates(candidates)?;
    let ballots = recount::read_ballots(ballots, &names)?;
    Ok(tally::tally(&names, &ballots, rules)?)
}

//! Elections: N seats of a body filled from M ≥ N candidates. So far: setting them up and
//! listing them, the count of a round (`tally`: DESIGN.md's rules, pure), and the independent
//! recount from files (`recount`). Ballot entry, documents and rounds in the database come
//! with the rest of the elections work.
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

pub use model::{Body, ElectionId, ElectionSummary, NewCandidate, NewElection};
pub use store::{
    ballots, candidate_names, counting, insert, insert_next_round, list, reassign_member,
    replace_ballots, set_issued, Counting,
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
            | ElectionError::RoundClosed => ErrorKind::InvalidInput,
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

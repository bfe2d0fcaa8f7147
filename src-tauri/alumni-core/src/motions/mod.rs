//! Motions put to a meeting's vote — reports to approve, resolutions, amendments of the
//! articles of association — and the votes recorded on them (DESIGN.md "Meetings and votes on
//! reports").
//!
//! Invariant: a recorded outcome is always computed by [`rules::decide`] from counts and the
//! presence at the moment of the vote; nothing records "passed" without counts, and no vote is
//! recorded without a quorum.

mod model;
pub mod rules;
mod store;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use model::{Motion, MotionBase, MotionId, MotionSetup, NewVote, VoteCounts, VoteMethod};
pub use rules::{Decision, Presence, VoteError};
pub use store::{agenda_item_of, delete, get, insert, list, record_no_quorum, record_vote, update};

/// Why a motion could not be set up or changed.
#[derive(Debug, thiserror::Error)]
pub enum MotionError {
    /// No motion with that id.
    #[error("no motion with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// A field's value is not acceptable.
    #[error("{field}: {reason}")]
    Invalid {
        /// `title`, `agenda_item`.
        field: &'static str,
        /// `empty`, `too_long`, `not_in_meeting`.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for MotionError {
    fn kind(&self) -> ErrorKind {
        match self {
            MotionError::NotFound { .. } => ErrorKind::NotFound,
            MotionError::Invalid { .. } => ErrorKind::InvalidInput,
            MotionError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            MotionError::NotFound { id } => json!({ "entity": "motion", "id": id }),
            MotionError::Invalid { field, reason } => json!({ "field": field, "reason": reason }),
            MotionError::Database(_) => json!({}),
        }
    }
}

//! Meetings, their agenda and motions, and the people invited to them (attendees).
//!
//! Invariant: a member is on a meeting's list at most once (the schema's unique index
//! `attendees_member_once`, 0004); guests are not members and are not concerned. A database
//! upgraded while holding such a pair keeps it until staff resolve it: see
//! [`duplicate_invitations`].

mod model;
mod store;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use model::{
    AttendeeId, AttendeeRow, Category, DuplicateInvitation, MeetingDetail, MeetingForm, MeetingId,
    MeetingKind, MeetingStatus, MeetingSummary, MotionKind, NewAttendee, NewMeeting, RosterEntry,
    Voter,
};
pub use store::reassign_member;
pub use store::{
    add_attendee, attendee_count, attendees, copy_preparation, count, detail,
    duplicate_invitations, get, insert, issue_badge_token, list, reissue_badge, roster,
    seat_voters, set_status, upcoming_count, update, voting_members,
};

/// Why a meeting operation failed.
#[derive(Debug, thiserror::Error)]
pub enum MeetingError {
    /// No meeting with that id.
    #[error("no meeting with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// No current (not withdrawn) attendee with that id.
    #[error("no attendee with id {id}")]
    AttendeeNotFound {
        /// The id asked for.
        id: i64,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for MeetingError {
    fn kind(&self) -> ErrorKind {
        match self {
            MeetingError::NotFound { .. } | MeetingError::AttendeeNotFound { .. } => {
                ErrorKind::NotFound
            }
            MeetingError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            MeetingError::NotFound { id } => json!({ "entity": "meeting", "id": id }),
            MeetingError::AttendeeNotFound { id } => json!({ "entity": "attendee", "id": id }),
            MeetingError::Database(_) => json!({}),
        }
    }
}

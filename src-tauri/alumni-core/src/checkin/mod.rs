//! Check-in at the door: badge tokens, the append-only check-in events (undo is an event, a
//! retried event id changes nothing), walk-ins, conflicts from outages, the door's search over
//! a meeting's list, and the live counts and quorum (DESIGN.md "Check-in").
//!
//! Invariants: nobody is counted present twice; an answer `checked_in` is given only for an
//! event that is in the database (the caller commits durably before telling anyone, see
//! `desk::door`); only what a door needs ([`DoorAttendee`]) leaves this module for a door.

mod attendance;
pub mod badge;
mod model;
pub mod search;
mod store;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::settings::SettingsError;
use crate::DomainError;

pub use attendance::{attendance, conflicts};
pub use badge::BadgeToken;
pub use model::*;
pub use store::{
    check_in, checked_in_at, close_door, door_attendee, door_list, door_names, list_version,
    meeting_exists, open_door, open_door_meeting, resolve_conflict, touch_door, undo, walk_in,
    DOOR_SILENCE_SECS,
};

/// Why a check-in request failed (an `unknown` badge is an answer, not an error).
#[derive(Debug, thiserror::Error)]
pub enum CheckinError {
    /// No meeting with that id.
    #[error("no meeting with id {id}")]
    MeetingNotFound {
        /// The id asked for.
        id: i64,
    },
    /// A field of the request is not acceptable.
    #[error("invalid {field}: {reason}")]
    InvalidRequest {
        /// Which field.
        field: &'static str,
        /// Why, snake_case.
        reason: &'static str,
    },
    /// The event id was used before for another meeting, person or kind of event.
    #[error("event id {event_id} was used before for another check-in")]
    EventIdReused {
        /// The id.
        event_id: String,
    },
    /// An undo of someone who is not checked in.
    #[error("{name} is not checked in")]
    NotCheckedIn {
        /// Who.
        name: String,
    },
    /// No open conflict with that id.
    #[error("no open conflict with id {id}")]
    ConflictNotFound {
        /// The id asked for.
        id: i64,
    },
    /// A long write refused while a meeting's door is open.
    #[error("check-in is open at the door of {meeting}: this would hold up the door; do it after the door closes")]
    DoorOpen {
        /// The meeting's title.
        meeting: String,
    },
    /// The settings could not be read.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for CheckinError {
    fn kind(&self) -> ErrorKind {
        match self {
            CheckinError::MeetingNotFound { .. } | CheckinError::ConflictNotFound { .. } => {
                ErrorKind::NotFound
            }
            CheckinError::InvalidRequest { .. } | CheckinError::EventIdReused { .. } => {
                ErrorKind::InvalidInput
            }
            CheckinError::NotCheckedIn { .. } => ErrorKind::NotCheckedIn,
            CheckinError::DoorOpen { .. } => ErrorKind::DoorOpen,
            CheckinError::Settings(e) => e.kind(),
            CheckinError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            CheckinError::MeetingNotFound { id } => json!({ "entity": "meeting", "id": id }),
            CheckinError::ConflictNotFound { id } => json!({ "entity": "conflict", "id": id }),
            CheckinError::InvalidRequest { field, reason } => {
                json!({ "field": field, "reason": reason })
            }
            CheckinError::EventIdReused { event_id } => {
                json!({ "field": "event_id", "reason": "reused", "value": event_id })
            }
            CheckinError::NotCheckedIn { name } => json!({ "name": name }),
            CheckinError::DoorOpen { meeting } => json!({ "meeting": meeting }),
            CheckinError::Settings(e) => e.params(),
            CheckinError::Database(_) => json!({}),
        }
    }
}

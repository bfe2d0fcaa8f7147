//! Seating (座位): a meeting's hall as sections of rows and seats, the automatic seating in
//! protocol order, seats given or taken by hand, and the plan the seating picture is drawn from.
//!
//! Invariants: a hall has 1–50 sections with unique names, 1–100 rows and 1–200 seats a row
//! ([`validated_hall`]); a seat is held by at most one current attendee (the schema's unique
//! index `attendees_seat_once`, and [`SeatingError::SeatTaken`] before it); every seat held is
//! in the meeting's hall (a hall that loses seats clears them); the display string `seat` is
//! always the seat's own ("A区 3排 12座") or empty with it. `model` holds the types and the pure
//! rules, `store` the SQL.

mod model;
mod store;
#[cfg(test)]
mod tests;

use rusqlite::Connection;
use serde_json::json;

use crate::error::ErrorKind;
use crate::meetings::MeetingId;
use crate::DomainError;

pub use model::{
    auto_seat, equal_sections, protocol_order, seats_in_order, validated_hall, Placement, PlanSeat,
    SeatRef, SeatingDone, SeatingPlan, Section, Sitter, Unseated, MAX_ROWS, MAX_SEATS,
    MAX_SECTIONS, MAX_SECTION_NAME_CHARS,
};
pub use store::{
    attendee_seat, clear_seats, hall, occupant, occupied, set_hall, set_seat, sitters,
};

/// Why a seating change was refused.
#[derive(Debug, thiserror::Error)]
pub enum SeatingError {
    /// The hall's sections are not acceptable.
    #[error("hall: {field} {reason}{}", .section.map(|i| format!(" (section {})", i + 1)).unwrap_or_default())]
    InvalidHall {
        /// `sections`, `name`, `rows` or `seats`.
        field: &'static str,
        /// `empty`, `too_many`, `too_long`, `duplicate` or `out_of_range`.
        reason: &'static str,
        /// The section at fault, 0-based; `None` for the list as a whole.
        section: Option<usize>,
    },
    /// The meeting has no hall yet: set its sections first.
    #[error("the meeting has no hall: set its sections first")]
    NoHall,
    /// The seat is not in the meeting's hall.
    #[error("the hall has no seat {seat}")]
    SeatOutsideHall {
        /// The seat asked for, as printed.
        seat: String,
    },
    /// Someone else sits there.
    #[error("seat {seat} is taken by {name} (attendee {attendee})")]
    SeatTaken {
        /// The seat, as printed.
        seat: String,
        /// Who sits there.
        attendee: i64,
        /// Their name.
        name: String,
    },
    /// No meeting with that id.
    #[error("no meeting with id {id}")]
    MeetingNotFound {
        /// The id asked for.
        id: i64,
    },
    /// No current (not withdrawn) attendee with that id.
    #[error("no attendee with id {id}")]
    AttendeeNotFound {
        /// The id asked for.
        id: i64,
    },
    /// The stored hall does not read as sections (a damaged database).
    #[error("the stored hall cannot be read: {reason}")]
    StoredHall {
        /// The JSON reader's message.
        reason: String,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for SeatingError {
    fn kind(&self) -> ErrorKind {
        match self {
            SeatingError::InvalidHall { .. }
            | SeatingError::NoHall
            | SeatingError::SeatOutsideHall { .. }
            | SeatingError::SeatTaken { .. } => ErrorKind::InvalidInput,
            SeatingError::MeetingNotFound { .. } | SeatingError::AttendeeNotFound { .. } => {
                ErrorKind::NotFound
            }
            SeatingError::StoredHall { .. } | SeatingError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            SeatingError::InvalidHall {
                field,
                reason,
                section,
            } => json!({ "field": field, "reason": reason, "section": section }),
            SeatingError::NoHall => json!({ "field": "hall", "reason": "required" }),
            SeatingError::SeatOutsideHall { seat } => {
                json!({ "field": "seat", "reason": "not_in_hall", "value": seat })
            }
            SeatingError::SeatTaken {
                seat,
                attendee,
                name,
            } => json!({
                "field": "seat",
                "reason": "taken",
                "value": seat,
                "attendee": attendee,
                "name": name,
            }),
            SeatingError::MeetingNotFound { id } => json!({ "entity": "meeting", "id": id }),
            SeatingError::AttendeeNotFound { id } => json!({ "entity": "attendee", "id": id }),
            SeatingError::StoredHall { .. } | SeatingError::Database(_) => json!({}),
        }
    }
}

/// A meeting's seating plan: its hall and every occupied seat, by section in hall order, then
/// row, then number. Errors: `MeetingNotFound`, `NoHall`, `StoredHall`.
pub fn plan(conn: &Connection, meeting: MeetingId) -> Result<SeatingPlan, SeatingError> {
    let hall = store::hall(conn, meeting)?.ok_or(SeatingError::NoHall)?;
    let mut seats = store::occupied(conn, meeting)?;
    // Seats of a section the hall no longer has cannot be drawn; setting a hall clears them.
    seats.retain(|s| hall.iter().any(|h| h.name == s.section));
    seats.sort_by_key(|s| {
        (
            hall.iter().position(|h| h.name == s.section),
            s.row,
            s.number,
        )
    });
    Ok(SeatingPlan { hall, seats })
}

/// Seats a meeting's attendees in `hall` by [`auto_seat`], replacing every seat held before;
/// returns the placement and how many seats were held before.
pub fn seat_everyone(
    tx: &rusqlite::Transaction,
    meeting: MeetingId,
    hall: &[Section],
) -> rusqlite::Result<(Placement, usize)> {
    let sitters = store::sitters(tx, meeting)?;
    let placement = auto_seat(hall, &sitters);
    let cleared = store::clear_seats(tx, meeting)?;
    for (attendee, seat) in &placement.seated {
        store::set_seat(tx, *attendee, Some(seat))?;
    }
    Ok((placement, cleared))
}

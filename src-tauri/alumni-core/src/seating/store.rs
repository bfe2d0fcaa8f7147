//! Seating in SQL: the hall as JSON in `meetings.hall`, and each attendee's seat in
//! `seat_section`, `seat_row`, `seat_number` with the display string in `seat`.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::model::{PlanSeat, SeatRef, Section, Sitter};
use super::SeatingError;
use crate::meetings::{AttendeeId, Category, MeetingId};

/// A meeting's hall; `None` when none is set. Errors: `NotFound` for no such meeting,
/// `StoredHall` for JSON that does not read as sections.
pub fn hall(conn: &Connection, meeting: MeetingId) -> Result<Option<Vec<Section>>, SeatingError> {
    let text: Option<String> = conn
        .query_row(
            "SELECT hall FROM meetings WHERE id = ?1",
            [meeting.0],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(SeatingError::MeetingNotFound { id: meeting.0 })?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(json) => serde_json::from_str(json)
            .map(Some)
            .map_err(|e| SeatingError::StoredHall {
                reason: e.to_string(),
            }),
    }
}

/// Stores a meeting's hall (already validated).
pub fn set_hall(
    tx: &Transaction,
    meeting: MeetingId,
    sections: &[Section],
) -> Result<(), SeatingError> {
    let json = serde_json::to_string(sections).map_err(|e| SeatingError::StoredHall {
        reason: e.to_string(),
    })?;
    tx.execute(
        "UPDATE meetings SET hall = ?2 WHERE id = ?1",
        params![meeting.0, json],
    )?;
    Ok(())
}

/// A meeting's attendees (withdrawn ones left out) as the seating rules see them, by id.
pub fn sitters(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<Sitter>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, category, group_name, group_order, protocol_order FROM attendees
         WHERE meeting_id = ?1 AND withdrawn_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let category: String = r.get(2)?;
        Ok(Sitter {
            attendee: AttendeeId(r.get(0)?),
            name: r.get(1)?,
            category: Category::parse(&category).unwrap_or(Category::Guest),
            group: r.get(3)?,
            group_order: r.get(4)?,
            protocol_order: r.get(5)?,
        })
    })?;
    rows.collect()
}

/// Clears every seat of a meeting's attendees, withdrawn ones too (one who comes back must not
/// hold a seat that was given away meanwhile).
pub fn clear_seats(tx: &Transaction, meeting: MeetingId) -> rusqlite::Result<usize> {
    tx.execute(
        "UPDATE attendees SET seat = NULL, seat_section = NULL, seat_row = NULL, seat_number = NULL
         WHERE meeting_id = ?1 AND (seat IS NOT NULL OR seat_section IS NOT NULL)",
        [meeting.0],
    )
}

/// Gives an attendee a seat (with its display string), or clears it with `None`.
pub fn set_seat(
    tx: &Transaction,
    attendee: AttendeeId,
    seat: Option<&SeatRef>,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "UPDATE attendees SET seat = ?2, seat_section = ?3, seat_row = ?4, seat_number = ?5
         WHERE id = ?1",
    )?;
    stmt.execute(params![
        attendee.0,
        seat.map(SeatRef::display),
        seat.map(|s| s.section.as_str()),
        seat.map(|s| s.row),
        seat.map(|s| s.number),
    ])?;
    Ok(())
}

/// The current (not withdrawn) attendee in a seat of a meeting, with their name.
pub fn occupant(
    conn: &Connection,
    meeting: MeetingId,
    seat: &SeatRef,
) -> rusqlite::Result<Option<(AttendeeId, String)>> {
    conn.query_row(
        "SELECT id, name FROM attendees
         WHERE meeting_id = ?1 AND seat_section = ?2 AND seat_row = ?3 AND seat_number = ?4
           AND withdrawn_at IS NULL",
        params![meeting.0, seat.section, seat.row, seat.number],
        |r| Ok((AttendeeId(r.get(0)?), r.get(1)?)),
    )
    .optional()
}

/// A current attendee's meeting, name and seat; `None` for no such (or a withdrawn) attendee.
pub fn attendee_seat(
    conn: &Connection,
    attendee: AttendeeId,
) -> rusqlite::Result<Option<(MeetingId, String, Option<SeatRef>)>> {
    conn.query_row(
        "SELECT meeting_id, name, seat_section, seat_row, seat_number FROM attendees
         WHERE id = ?1 AND withdrawn_at IS NULL",
        [attendee.0],
        |r| {
            let seat = match (r.get(2)?, r.get(3)?, r.get(4)?) {
                (Some(section), Some(row), Some(number)) => Some(SeatRef {
                    section,
                    row,
                    number,
                }),
                _ => None,
            };
            Ok((MeetingId(r.get(0)?), r.get(1)?, seat))
        },
    )
    .optional()
}

/// Every occupied seat of a meeting (current attendees), in no particular order: the caller
/// orders them by the hall.
pub fn occupied(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<PlanSeat>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, category, group_name, seat_section, seat_row, seat_number
         FROM attendees
         WHERE meeting_id = ?1 AND withdrawn_at IS NULL AND seat_section IS NOT NULL
           AND seat_row IS NOT NULL AND seat_number IS NOT NULL",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let category: String = r.get(2)?;
        Ok(PlanSeat {
            attendee_id: AttendeeId(r.get(0)?),
            name: r.get(1)?,
            category: Category::parse(&category).unwrap_or(Category::Guest),
            group: r.get(3)?,
            section: r.get(4)?,
            row: r.get(5)?,
            number: r.get(6)?,
        })
    })?;
    rows.collect()
}

//! Seating for the three doors: the hall's sections, the automatic seating in protocol order,
//! a seat given or taken by hand, and the plan. Every change is one transaction and audited.

use serde_json::{json, Value};

use super::Desk;
use crate::audit::{self, Change};
use crate::error::AppError;
use crate::meetings::{self, AttendeeId, MeetingId};
use crate::seating::{self, SeatRef, SeatingDone, SeatingError, SeatingPlan, Section, Unseated};
use crate::storage::Transaction;

/// A seat as the audit log keeps it: its display string, or null.
fn seat_json(seat: Option<&SeatRef>) -> Value {
    json!(seat.map(SeatRef::display))
}

/// The meeting's hall, which every seat change needs. Errors: `not_found`, `NoHall`.
fn hall_of(tx: &Transaction, meeting: MeetingId) -> Result<Vec<Section>, AppError> {
    Ok(seating::hall(tx, meeting)?.ok_or(SeatingError::NoHall)?)
}

impl Desk {
    /// Sets a meeting's hall: its sections in the order seats are filled (see
    /// [`seating::seats_in_order`]), front row first. Seats the new hall no longer has are
    /// cleared, and their holders returned (in id order) so staff can seat them again.
    /// Audited with the hall before and after. Errors: `not_found` (meeting), `invalid_input`
    /// (`sections` empty or over 50; a section's `name` empty, over 20 characters or used twice,
    /// `rows` not 1–100, `seats` not 1–200 — `params.section` is its 0-based place).
    pub fn set_hall(
        &self,
        meeting: MeetingId,
        sections: &[Section],
    ) -> Result<Vec<Unseated>, AppError> {
        let hall = seating::validated_hall(sections)?;
        self.write(|tx, actor| {
            let before = seating::hall(tx, meeting)?;
            seating::set_hall(tx, meeting, &hall)?;
            let mut cleared = Vec::new();
            for seat in seating::occupied(tx, meeting)? {
                let place = SeatRef {
                    section: seat.section,
                    row: seat.row,
                    number: seat.number,
                };
                if !place.is_in(&hall) {
                    seating::set_seat(tx, seat.attendee_id, None)?;
                    cleared.push(Unseated {
                        attendee: seat.attendee_id,
                        name: seat.name,
                        category: seat.category,
                    });
                }
            }
            cleared.sort_by_key(|u| u.attendee.0);
            audit::record(
                tx,
                actor.id,
                Change::new("set_hall", "meeting", Some(meeting.0))
                    .before(Some(json!({ "hall": before })))
                    .after(Some(json!({
                        "hall": hall,
                        "seats_cleared": cleared.iter().map(|u| u.attendee).collect::<Vec<_>>(),
                    }))),
            )?;
            Ok(cleared)
        })
    }

    /// Seats a meeting's attendees automatically ([`seating::auto_seat`]): every seat held
    /// before is cleared, then guests, delegates, observers and staff are seated in protocol
    /// order, the hall's sections filled in the order given, front row first; staff only in
    /// seats left over. One transaction, audited with the counts and who has no seat. Errors:
    /// `not_found` (meeting), `invalid_input` field `hall` reason `required` (no hall set).
    pub fn auto_seat(&self, meeting: MeetingId) -> Result<SeatingDone, AppError> {
        self.write(|tx, actor| {
            let hall = hall_of(tx, meeting)?;
            let (placement, cleared) = seating::seat_everyone(tx, meeting, &hall)?;
            let done = SeatingDone {
                seated: placement.seated.len() as u32,
                unseated: placement.unseated,
            };
            audit::record(
                tx,
                actor.id,
                Change::new("auto_seat", "meeting", Some(meeting.0))
                    .before(Some(json!({ "seats_held": cleared })))
                    .after(Some(json!({
                        "seated": done.seated,
                        "unseated": done.unseated.iter().map(|u| u.attendee).collect::<Vec<_>>(),
                    }))),
            )?;
            Ok(done)
        })
    }

    /// Gives an attendee a seat of their meeting's hall, or takes theirs away with `None`;
    /// returns the seat they hold now. Audited with the seat before and after. Errors:
    /// `not_found` (attendee), `invalid_input` field `hall` reason `required` (no hall), field
    /// `seat` reason `not_in_hall` (`params.value`: the seat) or `taken` (`params.name` and
    /// `params.attendee`: who sits there).
    pub fn assign_seat(
        &self,
        attendee: AttendeeId,
        seat: Option<SeatRef>,
    ) -> Result<Option<SeatRef>, AppError> {
        self.write(|tx, actor| {
            let (meeting, _, before) = seating::attendee_seat(tx, attendee)?
                .ok_or(SeatingError::AttendeeNotFound { id: attendee.0 })?;
            if let Some(seat) = &seat {
                if !seat.is_in(&hall_of(tx, meeting)?) {
                    return Err(SeatingError::SeatOutsideHall {
                        seat: seat.display(),
                    }
                    .into());
                }
                if let Some((holder, name)) = seating::occupant(tx, meeting, seat)? {
                    if holder != attendee {
                        return Err(SeatingError::SeatTaken {
                            seat: seat.display(),
                            attendee: holder.0,
                            name,
                        }
                        .into());
                    }
                }
            }
            seating::set_seat(tx, attendee, seat.as_ref())?;
            audit::record(
                tx,
                actor.id,
                Change::new("assign_seat", "attendee", Some(attendee.0))
                    .before(Some(json!({ "seat": seat_json(before.as_ref()) })))
                    .after(Some(json!({ "seat": seat_json(seat.as_ref()) }))),
            )?;
            Ok(seat)
        })
    }

    /// A meeting's seating plan: the hall and every occupied seat. Errors: `not_found`
    /// (meeting), `invalid_input` field `hall` reason `required` (no hall set).
    pub fn seating_plan(&self, meeting: MeetingId) -> Result<SeatingPlan, AppError> {
        self.read(|conn| {
            meetings::get(conn, meeting)?;
            Ok(seating::plan(conn, meeting)?)
        })
    }
}

//! Seating types and the pure rules: a hall's sections and their limits, a seat and how it is
//! written ("A区 3排 12座"), the order people are seated in, and the automatic seating itself.

use serde::{Deserialize, Serialize};

use super::SeatingError;
use crate::meetings::{AttendeeId, Category};
use crate::names;

/// The most sections a hall may have.
pub const MAX_SECTIONS: usize = 50;
/// The most rows a section may have.
pub const MAX_ROWS: u32 = 100;
/// The most seats a row may have.
pub const MAX_SEATS: u32 = 200;
/// The longest section name, in characters.
pub const MAX_SECTION_NAME_CHARS: usize = 20;

/// One block of seats of a hall, as stored in `meetings.hall`: `{"name": "A区", "rows": 12,
/// "seats": 20}`. Rows are numbered from 1 at the front (nearest the stage), seats from 1 in
/// each row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Its name as printed, e.g. "A区" (1–20 characters, unique in the hall).
    pub name: String,
    /// Rows, 1 to [`MAX_ROWS`].
    pub rows: u32,
    /// Seats in each row, 1 to [`MAX_SEATS`].
    pub seats: u32,
}

impl Section {
    /// Seats in the section: rows × seats per row.
    pub fn capacity(&self) -> u32 {
        self.rows * self.seats
    }
}

/// A hall of sections all alike, named in the order given (front or left first): e.g. "A区" to
/// "D区" of 6 rows of 20 seats. Not checked: see [`validated_hall`].
pub fn equal_sections(names: &[&str], rows: u32, seats: u32) -> Vec<Section> {
    names
        .iter()
        .map(|name| Section {
            name: (*name).to_owned(),
            rows,
            seats,
        })
        .collect()
}

/// Checks a hall: 1 to [`MAX_SECTIONS`] sections, each with a non-empty name of at most
/// [`MAX_SECTION_NAME_CHARS`] characters that no other section has (compared trimmed), 1 to
/// [`MAX_ROWS`] rows and 1 to [`MAX_SEATS`] seats per row. Returns the sections with their
/// names trimmed. Errors: [`SeatingError::InvalidHall`] naming the field, the reason and the
/// section's place (0-based).
pub fn validated_hall(sections: &[Section]) -> Result<Vec<Section>, SeatingError> {
    let invalid = |field, reason, section| SeatingError::InvalidHall {
        field,
        reason,
        section,
    };
    if sections.is_empty() {
        return Err(invalid("sections", "empty", None));
    }
    if sections.len() > MAX_SECTIONS {
        return Err(invalid("sections", "too_many", None));
    }
    let mut checked: Vec<Section> = Vec::with_capacity(sections.len());
    for (i, section) in sections.iter().enumerate() {
        let name = section.name.trim();
        if name.is_empty() {
            return Err(invalid("name", "empty", Some(i)));
        }
        if name.chars().count() > MAX_SECTION_NAME_CHARS {
            return Err(invalid("name", "too_long", Some(i)));
        }
        if checked.iter().any(|s| s.name == name) {
            return Err(invalid("name", "duplicate", Some(i)));
        }
        if !(1..=MAX_ROWS).contains(&section.rows) {
            return Err(invalid("rows", "out_of_range", Some(i)));
        }
        if !(1..=MAX_SEATS).contains(&section.seats) {
            return Err(invalid("seats", "out_of_range", Some(i)));
        }
        checked.push(Section {
            name: name.to_owned(),
            rows: section.rows,
            seats: section.seats,
        });
    }
    Ok(checked)
}

/// A seat of a hall: section name, row (1 at the front) and number in the row (from 1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SeatRef {
    /// The section's name, as in the hall.
    pub section: String,
    /// Row, from 1 at the front.
    pub row: u32,
    /// Seat in the row, from 1.
    pub number: u32,
}

impl SeatRef {
    /// The seat as printed on badges and lists: "A区 3排 12座".
    pub fn display(&self) -> String {
        format!("{} {}排 {}座", self.section, self.row, self.number)
    }

    /// Whether `hall` has this seat.
    pub fn is_in(&self, hall: &[Section]) -> bool {
        hall.iter().any(|s| {
            s.name == self.section
                && (1..=s.rows).contains(&self.row)
                && (1..=s.seats).contains(&self.number)
        })
    }
}

/// An attendee as the seating rules see them: who, their credential and delegation with its
/// protocol order, and their rank in it where set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitter {
    /// The attendee.
    pub attendee: AttendeeId,
    /// Name, for surname stroke order.
    pub name: String,
    /// Credential: guests are seated first, staff last.
    pub category: Category,
    /// Delegation.
    pub group: Option<String>,
    /// Protocol order of the delegation.
    pub group_order: u32,
    /// Rank within the delegation (officials by office), `None` for stroke order.
    pub protocol_order: Option<u32>,
}

/// Someone the hall had no seat for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unseated {
    /// The attendee.
    pub attendee: AttendeeId,
    /// Their name.
    pub name: String,
    /// Their credential: staff left standing are expected, anyone else means the hall is full.
    pub category: Category,
}

/// The outcome of [`auto_seat`]: who sits where, in seating order, and who has no seat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Attendees with their seats, in the order they were seated.
    pub seated: Vec<(AttendeeId, SeatRef)>,
    /// Attendees left without a seat, in seating order.
    pub unseated: Vec<Unseated>,
}

/// What an automatic seating did: how many were seated and who was not (`{seated, unseated:
/// [{attendee, name, category}]}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatingDone {
    /// Attendees given a seat.
    pub seated: u32,
    /// Attendees left without one, in seating order.
    pub unseated: Vec<Unseated>,
}

/// One occupied seat of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSeat {
    /// Section name.
    pub section: String,
    /// Row, from 1 at the front.
    pub row: u32,
    /// Seat in the row, from 1.
    pub number: u32,
    /// Who sits there.
    pub attendee_id: AttendeeId,
    /// Their name.
    pub name: String,
    /// Their credential.
    pub category: Category,
    /// Their delegation.
    pub group: Option<String>,
}

/// A meeting's seating plan: the hall and every occupied seat (`{hall, seats: [{section, row,
/// number, attendee_id, name, category, group}]}`), seats by section in hall order, then row,
/// then number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatingPlan {
    /// The hall's sections, in the order given.
    pub hall: Vec<Section>,
    /// The occupied seats.
    pub seats: Vec<PlanSeat>,
}

/// Where a credential comes in seating order: guests (特邀嘉宾), delegates, observers, staff.
fn category_rank(category: Category) -> u8 {
    match category {
        Category::Guest => 0,
        Category::Delegate => 1,
        Category::Observer => 2,
        Category::Staff => 3,
    }
}

/// Puts people in protocol order: by credential (guests, delegates, observers, staff), then
/// delegation by its protocol order (delegations of equal order by name, so each sits
/// together), then rank within it where set, then surname stroke order, then id.
pub fn protocol_order(sitters: &mut [Sitter]) {
    sitters.sort_by_cached_key(|s| {
        (
            category_rank(s.category),
            s.group_order,
            s.group.clone(),
            s.protocol_order.is_none(),
            s.protocol_order,
            names::stroke_order_key(&s.name),
            s.attendee.0,
        )
    });
}

/// Every seat of `hall` in filling order: section by section in the order the hall gives them,
/// within a section the front row first, within a row from seat 1 upwards.
pub fn seats_in_order(hall: &[Section]) -> impl Iterator<Item = SeatRef> + '_ {
    hall.iter().flat_map(|s| {
        (1..=s.rows).flat_map(move |row| {
            (1..=s.seats).map(move |number| SeatRef {
                section: s.name.clone(),
                row,
                number,
            })
        })
    })
}

/// Seats everyone in `sitters` in `hall`: in [`protocol_order`], into the seats of
/// [`seats_in_order`] — sections filled in the order given, front row first. Staff (工作人员)
/// come last and take only seats left over once everyone else is seated. Nobody is dropped:
/// whoever the hall has no seat for is in `unseated`, staff included, in seating order.
pub fn auto_seat(hall: &[Section], sitters: &[Sitter]) -> Placement {
    let mut ordered = sitters.to_vec();
    protocol_order(&mut ordered);
    let mut seats = seats_in_order(hall);
    let mut placement = Placement {
        seated: Vec::with_capacity(ordered.len()),
        unseated: Vec::new(),
    };
    for sitter in ordered {
        match seats.next() {
            Some(seat) => placement.seated.push((sitter.attendee, seat)),
            None => placement.unseated.push(Unseated {
                attendee: sitter.attendee,
                name: sitter.name,
                category: sitter.category,
            }),
        }
    }
    placement
}

//! Check-in's SQL: the append-only events, walk-ins, conflicts, open doors and what the door
//! shows of a meeting's list. (The counts are `attendance/store.rs`'s.)
//!
//! Invariants: `checkin_events` is only ever appended to; an event id is recorded at most once
//! (the schema's UNIQUE), and a request with a recorded id gets that event's answer again and
//! changes nothing; an attendee is present when their newest event is a check-in; nobody is
//! counted twice, because a second admission is an `already` answer (and, when it was queued
//! during an outage, a row of `checkin_conflicts`), never an event.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::*;
use super::CheckinError;
use crate::audit::{self, Change};
use crate::checkin::BadgeToken;
use crate::meetings::{self, AttendeeId, Category, MeetingId, NewAttendee};
use crate::members::privacy::mask_phone;
use crate::staff::StaffId;
use crate::timestamps;

/// The columns of a [`DoorAttendee`], from attendees `a` left-joined with members `m`.
const DOOR_COLUMNS: &str = "a.id, a.name, a.unit, a.category, a.group_name, a.seat, a.voting,
     a.walk_in, coalesce(a.phone, m.phone) AS phone";

/// Protocol order, as the attendee list and every document use it.
const PROTOCOL_ORDER: &str = "CASE a.category WHEN 'guest' THEN 0 WHEN 'delegate' THEN 1
                                  WHEN 'observer' THEN 2 ELSE 3 END,
                  a.group_order, a.protocol_order IS NULL, a.protocol_order, a.id";

fn door_attendee_from(row: &Row) -> rusqlite::Result<DoorAttendee> {
    let category: String = row.get("category")?;
    let phone: Option<String> = row.get("phone")?;
    Ok(DoorAttendee {
        id: AttendeeId(row.get("id")?),
        name: row.get("name")?,
        unit: row.get("unit")?,
        category: Category::parse(&category).unwrap_or(Category::Guest),
        group: row.get("group_name")?,
        seat: row.get("seat")?,
        voting: row.get("voting")?,
        phone_masked: phone
            .filter(|p| !p.trim().is_empty())
            .map(|p| mask_phone(&p)),
        walk_in: row.get("walk_in")?,
    })
}

/// One attendee as the door shows them, withdrawn or not.
pub fn door_attendee(conn: &Connection, id: AttendeeId) -> rusqlite::Result<DoorAttendee> {
    conn.prepare_cached(&format!(
        "SELECT {DOOR_COLUMNS} FROM attendees a LEFT JOIN members m ON m.id = a.member_id
         WHERE a.id = ?1"
    ))?
    .query_row([id.0], door_attendee_from)
}

/// A meeting's attendees as the door shows them (withdrawn ones left out), in protocol order,
/// each with the time of their current check-in (UTC text) or `None` when absent.
pub fn door_list(
    conn: &Connection,
    meeting: MeetingId,
) -> Result<Vec<(DoorAttendee, Option<String>)>, CheckinError> {
    meeting_title(conn, meeting)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DOOR_COLUMNS},
                (SELECT CASE e.kind WHEN 'check_in' THEN e.at END FROM checkin_events e
                 WHERE e.attendee_id = a.id ORDER BY e.seq DESC LIMIT 1) AS checked_in_at
         FROM attendees a LEFT JOIN members m ON m.id = a.member_id
         WHERE a.meeting_id = ?1 AND a.withdrawn_at IS NULL
         ORDER BY {PROTOCOL_ORDER}"
    ))?;
    let rows = stmt.query_map([meeting.0], |row| {
        Ok((door_attendee_from(row)?, row.get("checked_in_at")?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A meeting's attendees (withdrawn ones left out) for the door's search, in protocol order:
/// id, name and masked phone (whose last four digits the search matches).
pub fn door_names(
    conn: &Connection,
    meeting: MeetingId,
) -> Result<Vec<(AttendeeId, String, Option<String>)>, CheckinError> {
    meeting_title(conn, meeting)?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.name, coalesce(a.phone, m.phone)
         FROM attendees a LEFT JOIN members m ON m.id = a.member_id
         WHERE a.meeting_id = ?1 AND a.withdrawn_at IS NULL
         ORDER BY {PROTOCOL_ORDER}"
    ))?;
    let rows = stmt.query_map([meeting.0], |r| {
        let phone: Option<String> = r.get(2)?;
        Ok((
            AttendeeId(r.get(0)?),
            r.get(1)?,
            phone
                .filter(|p| !p.trim().is_empty())
                .map(|p| mask_phone(&p)),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The version of a meeting's list as the door's search sees it (migration 0008's triggers
/// move it with every change to who is on it or how they are found); 0 before the first.
pub fn list_version(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT version FROM attendee_list_versions WHERE meeting_id = ?1")?
        .query_row([meeting.0], |r| r.get(0))
        .optional()
        .map(Option::unwrap_or_default)
}

/// When an attendee's current check-in was made (UTC text), or `None` when absent.
pub fn checked_in_at(conn: &Connection, attendee: AttendeeId) -> rusqlite::Result<Option<String>> {
    Ok(current_check_in(conn, attendee)?.map(|(_, _, at)| at))
}

/// Whether the meeting exists. Errors: `MeetingNotFound`.
pub fn meeting_exists(conn: &Connection, meeting: MeetingId) -> Result<(), CheckinError> {
    meeting_title(conn, meeting).map(|_| ())
}

pub(super) fn meeting_title(conn: &Connection, meeting: MeetingId) -> Result<String, CheckinError> {
    conn.prepare_cached("SELECT title FROM meetings WHERE id = ?1")?
        .query_row([meeting.0], |r| r.get(0))
        .optional()?
        .ok_or(CheckinError::MeetingNotFound { id: meeting.0 })
}

/// An event already recorded under an id.
struct Recorded {
    meeting: i64,
    attendee: AttendeeId,
    kind: String,
    method: String,
    station: String,
    at: String,
}

fn recorded(conn: &Connection, event_id: &str) -> rusqlite::Result<Option<Recorded>> {
    conn.prepare_cached(
        "SELECT meeting_id, attendee_id, kind, method, station, at FROM checkin_events
         WHERE event_id = ?1",
    )?
    .query_row([event_id], |r| {
        Ok(Recorded {
            meeting: r.get(0)?,
            attendee: AttendeeId(r.get(1)?),
            kind: r.get(2)?,
            method: r.get(3)?,
            station: r.get(4)?,
            at: r.get(5)?,
        })
    })
    .optional()
}

/// The current check-in event of an attendee who is present: (seq, station, at).
fn current_check_in(
    conn: &Connection,
    attendee: AttendeeId,
) -> rusqlite::Result<Option<(i64, String, String)>> {
    conn.prepare_cached(
        "SELECT seq, station, at, kind FROM checkin_events WHERE attendee_id = ?1
         ORDER BY seq DESC LIMIT 1",
    )?
    .query_row([attendee.0], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, String>(3)?))
    })
    .optional()
    .map(|found| {
        found
            .filter(|(.., kind)| kind == "check_in")
            .map(|(s, st, at, _)| (s, st, at))
    })
}

fn answer(
    result: CheckinResult,
    attendee: DoorAttendee,
    at: &str,
    station: &str,
    event_id: &str,
) -> CheckinOutcome {
    CheckinOutcome {
        result,
        attendee: Some(attendee),
        at: Some(timestamps::to_local_rfc3339(at)),
        station: Some(station.to_owned()),
        reason: None,
        event_id: event_id.to_owned(),
        replayed: false,
        conflict: false,
        badge_of: None,
        other_meeting: None,
    }
}

/// Checks the station and event id of a request.
fn validate(station: &str, event_id: &str) -> Result<String, CheckinError> {
    if !valid_event_id(event_id) {
        return Err(CheckinError::InvalidRequest {
            field: "event_id",
            reason: "not_an_event_id",
        });
    }
    station_name(station).ok_or(CheckinError::InvalidRequest {
        field: "station",
        reason: "not_a_station_name",
    })
}

/// The attendee a request names, or the `unknown` answer that says why there is none.
fn resolve(
    conn: &Connection,
    meeting: MeetingId,
    target: &CheckinTarget,
    event_id: &str,
) -> Result<Result<AttendeeId, CheckinOutcome>, CheckinError> {
    let unknown = |reason| CheckinOutcome::unknown(event_id, reason);
    let found: Option<(AttendeeId, i64, bool)> = match target {
        CheckinTarget::Attendee(id) => conn
            .prepare_cached(
                "SELECT id, meeting_id, withdrawn_at IS NOT NULL FROM attendees WHERE id = ?1",
            )?
            .query_row([id.0], |r| {
                Ok((AttendeeId(r.get(0)?), r.get(1)?, r.get(2)?))
            })
            .optional()?,
        CheckinTarget::Code(code) => {
            let Some(token) = BadgeToken::parse(code) else {
                return Ok(Err(unknown(UnknownReason::Malformed)));
            };
            let current = conn
                .prepare_cached(
                    "SELECT id, meeting_id, withdrawn_at IS NOT NULL FROM attendees
                     WHERE badge_token = ?1",
                )?
                .query_row([token.as_str()], |r| {
                    Ok((AttendeeId(r.get(0)?), r.get(1)?, r.get(2)?))
                })
                .optional()?;
            if current.is_none() {
                let revoked: Option<i64> = conn
                    .prepare_cached(
                        "SELECT attendee_id FROM revoked_badges WHERE badge_token = ?1",
                    )?
                    .query_row([token.as_str()], |r| r.get(0))
                    .optional()?;
                if let Some(holder) = revoked {
                    let who = door_attendee(conn, AttendeeId(holder))?;
                    let mut outcome = unknown(UnknownReason::Revoked);
                    outcome.badge_of = Some(BadgeHolder {
                        id: who.id,
                        name: who.name,
                    });
                    return Ok(Err(outcome));
                }
            }
            current
        }
    };
    let Some((id, of_meeting, withdrawn)) = found else {
        return Ok(Err(unknown(UnknownReason::NotFound)));
    };
    if of_meeting != meeting.0 {
        let mut outcome = unknown(UnknownReason::OtherMeeting);
        outcome.other_meeting = Some(meeting_title(conn, MeetingId(of_meeting))?);
        return Ok(Err(outcome));
    }
    if withdrawn {
        let who = door_attendee(conn, id)?;
        let mut outcome = unknown(UnknownReason::Withdrawn);
        outcome.badge_of = Some(BadgeHolder {
            id: who.id,
            name: who.name,
        });
        return Ok(Err(outcome));
    }
    Ok(Ok(id))
}

/// The answer given the first time to a recorded event id, for a retry of the same request;
/// `EventIdReused` when the id was used for another meeting, person or kind of event.
fn replay(
    conn: &Connection,
    request_meeting: MeetingId,
    request_attendee: Option<AttendeeId>,
    kind: &str,
    event_id: &str,
) -> Result<Option<CheckinOutcome>, CheckinError> {
    let reused = || CheckinError::EventIdReused {
        event_id: event_id.to_owned(),
    };
    if let Some(event) = recorded(conn, event_id)? {
        let same = event.meeting == request_meeting.0
            && event.kind == kind
            && request_attendee.is_none_or(|a| a == event.attendee);
        if !same {
            return Err(reused());
        }
        let result = if kind == "undo" {
            CheckinResult::Undone
        } else {
            CheckinResult::CheckedIn
        };
        let who = door_attendee(conn, event.attendee)?;
        let mut outcome = answer(result, who, &event.at, &event.station, event_id);
        outcome.replayed = true;
        return Ok(Some(outcome));
    }
    let conflict: Option<(i64, AttendeeId, i64)> = conn
        .prepare_cached(
            "SELECT meeting_id, attendee_id, first_seq FROM checkin_conflicts WHERE event_id = ?1",
        )?
        .query_row([event_id], |r| {
            Ok((r.get(0)?, AttendeeId(r.get(1)?), r.get(2)?))
        })
        .optional()?;
    if let Some((meeting, attendee, first_seq)) = conflict {
        if meeting != request_meeting.0 || kind != "check_in" {
            return Err(reused());
        }
        let (station, at): (String, String) = conn
            .prepare_cached("SELECT station, at FROM checkin_events WHERE seq = ?1")?
            .query_row([first_seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let who = door_attendee(conn, attendee)?;
        let mut outcome = answer(CheckinResult::Already, who, &at, &station, event_id);
        outcome.replayed = true;
        outcome.conflict = true;
        return Ok(Some(outcome));
    }
    Ok(None)
}

fn append(
    tx: &Transaction,
    request: &CheckinRequest,
    attendee: AttendeeId,
    kind: &str,
    station: &str,
    actor: StaffId,
    at: &str,
) -> rusqlite::Result<()> {
    tx.prepare_cached(
        "INSERT INTO checkin_events (event_id, meeting_id, attendee_id, kind, method, station,
                                     staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        request.event_id,
        request.meeting.0,
        attendee.0,
        kind,
        request.method.as_str(),
        station,
        actor.0,
        at
    ])?;
    Ok(())
}

/// Whom a request names, or its answer without anyone: a replay of a recorded event id, or
/// `unknown`.
enum Named {
    /// The station's name as kept, the attendee and what the door shows of them.
    Attendee(String, AttendeeId, DoorAttendee),
    /// Answered already.
    Answered(CheckinOutcome),
}

/// The steps every check-in and undo begins with: the station and event id checked, the
/// meeting found, a recorded event id answered as the first time, the badge resolved.
fn named(tx: &Transaction, request: &CheckinRequest, kind: &str) -> Result<Named, CheckinError> {
    let station = validate(&request.station, &request.event_id)?;
    meeting_title(tx, request.meeting)?;
    let picked = match &request.target {
        CheckinTarget::Attendee(id) => Some(*id),
        CheckinTarget::Code(_) => None,
    };
    if let Some(outcome) = replay(tx, request.meeting, picked, kind, &request.event_id)? {
        return Ok(Named::Answered(outcome));
    }
    Ok(
        match resolve(tx, request.meeting, &request.target, &request.event_id)? {
            Ok(id) => Named::Attendee(station, id, door_attendee(tx, id)?),
            Err(unknown) => Named::Answered(unknown),
        },
    )
}

/// Checks an attendee in, by badge or by id: `checked_in`, `already` (when and where they were
/// admitted; a queued scan of someone another station admitted is kept as a conflict), or
/// `unknown` with the reason. Errors: `MeetingNotFound`, `InvalidRequest` (station, event id),
/// `EventIdReused`.
pub fn check_in(
    tx: &Transaction,
    request: &CheckinRequest,
    actor: StaffId,
    now: DateTime<Utc>,
) -> Result<CheckinOutcome, CheckinError> {
    let (station, attendee, who) = match named(tx, request, "check_in")? {
        Named::Attendee(station, attendee, who) => (station, attendee, who),
        Named::Answered(outcome) => return Ok(outcome),
    };
    if let Some((first_seq, first_station, first_at)) = current_check_in(tx, attendee)? {
        let mut outcome = answer(
            CheckinResult::Already,
            who,
            &first_at,
            &first_station,
            &request.event_id,
        );
        if let Some(scanned) = request.queued_at {
            let double_scan = first_station == station
                && timestamps::parse(&first_at)
                    .is_some_and(|first| (scanned - first).num_seconds().abs() <= DOUBLE_SCAN_SECS);
            if !double_scan {
                tx.prepare_cached(
                    "INSERT INTO checkin_conflicts (event_id, meeting_id, attendee_id, station,
                                                    scanned_at, received_at, first_seq)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    request.event_id,
                    request.meeting.0,
                    attendee.0,
                    station,
                    timestamps::to_text(scanned),
                    timestamps::to_text(now),
                    first_seq
                ])?;
                outcome.conflict = true;
            }
        }
        return Ok(outcome);
    }
    let at = timestamps::to_text(arrival_time(now, request.queued_at));
    append(tx, request, attendee, "check_in", &station, actor, &at)?;
    Ok(answer(
        CheckinResult::CheckedIn,
        who,
        &at,
        &station,
        &request.event_id,
    ))
}

/// Undoes an attendee's check-in (a scan of the wrong badge): another event, after which they
/// are absent. Errors: as [`check_in`], and `NotCheckedIn` when they are not present; a code
/// that names nobody is answered `unknown`.
pub fn undo(
    tx: &Transaction,
    request: &CheckinRequest,
    actor: StaffId,
    now: DateTime<Utc>,
) -> Result<CheckinOutcome, CheckinError> {
    let (station, attendee, who) = match named(tx, request, "undo")? {
        Named::Attendee(station, attendee, who) => (station, attendee, who),
        Named::Answered(outcome) => return Ok(outcome),
    };
    if current_check_in(tx, attendee)?.is_none() {
        return Err(CheckinError::NotCheckedIn { name: who.name });
    }
    let at = timestamps::to_text(now);
    append(tx, request, attendee, "undo", &station, actor, &at)?;
    Ok(answer(
        CheckinResult::Undone,
        who,
        &at,
        &station,
        &request.event_id,
    ))
}

/// Adds a guest at the door and checks them in, in the caller's one transaction; a retried
/// request (same event id) adds nobody and answers as the first time. Errors: as
/// [`check_in`], and `InvalidRequest` for an empty or over-long name.
pub fn walk_in(
    tx: &Transaction,
    walk_in: &NewWalkIn,
    actor: StaffId,
    now: DateTime<Utc>,
) -> Result<CheckinOutcome, CheckinError> {
    let station = validate(&walk_in.station, &walk_in.event_id)?;
    meeting_title(tx, walk_in.meeting)?;
    if let Some(event) = recorded(tx, &walk_in.event_id)? {
        if event.method != Method::WalkIn.as_str() || event.meeting != walk_in.meeting.0 {
            return Err(CheckinError::EventIdReused {
                event_id: walk_in.event_id.clone(),
            });
        }
        let who = door_attendee(tx, event.attendee)?;
        let mut outcome = answer(
            CheckinResult::CheckedIn,
            who,
            &event.at,
            &event.station,
            &walk_in.event_id,
        );
        outcome.replayed = true;
        return Ok(outcome);
    }
    let name = walk_in.name.trim();
    let name_chars = name.chars().count();
    if name_chars == 0 || name_chars > 40 || name.chars().any(char::is_control) {
        return Err(CheckinError::InvalidRequest {
            field: "name",
            reason: if name_chars == 0 {
                "required"
            } else {
                "not_a_name"
            },
        });
    }
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| v.chars().take(100).collect::<String>())
    };
    let token = meetings::issue_badge_token(tx, &mut rand::rng())?;
    let attendee = meetings::add_attendee(
        tx,
        walk_in.meeting,
        &NewAttendee {
            member: None,
            name: name.to_owned(),
            unit: clean(&walk_in.unit),
            job_title: clean(&walk_in.job_title),
            category: walk_in.category,
            group: clean(&walk_in.group),
            // Walk-ins come after everyone invited, in the order they arrived.
            group_order: 9_999,
            protocol_order: None,
            voting: false,
            seat: None,
            badge_token: token,
        },
    )?;
    tx.prepare_cached("UPDATE attendees SET walk_in = 1, phone = ?2 WHERE id = ?1")?
        .execute(params![attendee.0, clean(&walk_in.phone)])?;
    let at = timestamps::to_text(now);
    let request = CheckinRequest {
        meeting: walk_in.meeting,
        target: CheckinTarget::Attendee(attendee),
        station: station.clone(),
        event_id: walk_in.event_id.clone(),
        method: Method::WalkIn,
        queued_at: None,
    };
    append(tx, &request, attendee, "check_in", &station, actor, &at)?;
    audit::record(
        tx,
        actor,
        Change::new("walk_in", "attendee", Some(attendee.0)).after(Some(serde_json::json!({
            "name": name,
            "unit": clean(&walk_in.unit),
            "category": walk_in.category.as_str(),
            "station": station,
        }))),
    )?;
    let who = door_attendee(tx, attendee)?;
    Ok(answer(
        CheckinResult::CheckedIn,
        who,
        &at,
        &station,
        &walk_in.event_id,
    ))
}

/// Marks a conflict looked at by staff. Errors: `ConflictNotFound`.
pub fn resolve_conflict(tx: &Transaction, id: i64, actor: StaffId) -> Result<(), CheckinError> {
    let changed = tx.execute(
        "UPDATE checkin_conflicts SET resolved_at = ?2 WHERE id = ?1 AND resolved_at IS NULL",
        params![id, timestamps::now_text()],
    )?;
    if changed == 0 {
        return Err(CheckinError::ConflictNotFound { id });
    }
    audit::record(
        tx,
        actor,
        Change::new("resolve_conflict", "checkin_conflict", Some(id)),
    )?;
    Ok(())
}

/// How long an open door's host may stay silent before its door counts as closed (a host that
/// crashed never says so).
pub const DOOR_SILENCE_SECS: i64 = 60;

/// Records that a door is open for a meeting; returns its id, for [`touch_door`] and
/// [`close_door`].
pub fn open_door(
    tx: &Transaction,
    meeting: MeetingId,
    host: &str,
    now: DateTime<Utc>,
) -> Result<i64, CheckinError> {
    meeting_title(tx, meeting)?;
    let now = timestamps::to_text(now);
    tx.execute(
        "INSERT INTO door_sessions (meeting_id, host, opened_at, seen_at) VALUES (?1, ?2, ?3, ?3)",
        params![meeting.0, host, now],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The door's host is still there.
pub fn touch_door(tx: &Transaction, door: i64, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE door_sessions SET seen_at = ?2 WHERE id = ?1 AND closed_at IS NULL",
        params![door, timestamps::to_text(now)],
    )?;
    Ok(())
}

/// The door closed.
pub fn close_door(tx: &Transaction, door: i64, now: DateTime<Utc>) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE door_sessions SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL",
        params![door, timestamps::to_text(now)],
    )?;
    Ok(())
}

/// The title of a meeting whose door is open at `now` (its host heard from in the last
/// [`DOOR_SILENCE_SECS`]), if any.
pub fn open_door_meeting(
    conn: &Connection,
    now: DateTime<Utc>,
) -> rusqlite::Result<Option<String>> {
    let since = timestamps::to_text(now - Duration::seconds(DOOR_SILENCE_SECS));
    conn.query_row(
        "SELECT m.title FROM door_sessions d JOIN meetings m ON m.id = d.meeting_id
         WHERE d.closed_at IS NULL AND d.seen_at >= ?1 ORDER BY d.seen_at DESC LIMIT 1",
        [since],
        |r| r.get(0),
    )
    .optional()
}

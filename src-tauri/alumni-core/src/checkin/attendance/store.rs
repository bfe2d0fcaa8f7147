//! A meeting's attendance as the chair and the report see it: the counts by credential and
//! delegation, the quorum and the moment it was reached, the stations, the open conflicts.
//! Read only; the events themselves are `checkin::store`'s.

use chrono::{DateTime, Utc};
use rusqlite::Connection;

use super::super::model::*;
use super::super::store::{door_attendee, door_list, meeting_title};
use super::super::CheckinError;
use crate::meetings::{AttendeeId, MeetingId};
use crate::settings;
use crate::timestamps;

/// A meeting's attendance at `now`: counts by credential and delegation, the quorum and when it
/// was reached, arrivals over time, who is missing, the stations and open conflicts.
pub fn attendance(
    conn: &Connection,
    meeting: MeetingId,
    now: DateTime<Utc>,
) -> Result<Attendance, CheckinError> {
    let title = meeting_title(conn, meeting)?;
    let (numerator, denominator) = quorum_fraction(conn, meeting)?;
    let list = door_list(conn, meeting)?;

    let arrived: Vec<(DoorAttendee, Option<DateTime<Utc>>)> = list
        .into_iter()
        .map(|(who, at)| {
            // A check-in always has a time; one that cannot be read still counts as present.
            let at = at.map(|t| timestamps::parse(&t).unwrap_or(now));
            (who, at)
        })
        .collect();
    let Tally {
        present,
        voting_expected,
        voting_present,
        by_category,
        by_group,
        missing,
        arrivals,
    } = tally(&arrived);

    let needed = quorum_needed(voting_expected, numerator, denominator);
    let reached = voting_expected > 0 && voting_present >= needed;
    let reached_at = if reached {
        quorum_reached_at(&voting_changes(conn, meeting)?, needed)
            .map(|at| timestamps::to_local_rfc3339(&timestamps::to_text(at)))
    } else {
        None
    };
    let slice_min = match (arrivals.iter().min(), arrivals.iter().max()) {
        (Some(first), Some(last)) => slice_minutes(*first, *last),
        _ => 5,
    };
    Ok(Attendance {
        meeting_id: meeting,
        title,
        expected: arrived.len() as u32,
        present,
        voting_expected,
        voting_present,
        quorum: Quorum {
            numerator,
            denominator,
            needed,
            reached,
            reached_at,
        },
        by_category,
        by_group,
        arrivals: arrival_slices(&arrivals, slice_min),
        slice_min,
        missing,
        stations: stations(conn, meeting)?,
        conflicts: conflicts(conn, meeting)?,
        as_of: timestamps::to_local_rfc3339(&timestamps::to_text(now)),
    })
}

/// The meeting's quorum fraction, or the association's default.
fn quorum_fraction(conn: &Connection, meeting: MeetingId) -> Result<(u32, u32), CheckinError> {
    let own: (Option<u32>, Option<u32>) = conn
        .prepare_cached("SELECT quorum_numerator, quorum_denominator FROM meetings WHERE id = ?1")?
        .query_row([meeting.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    match own {
        (Some(n), Some(d)) if d > 0 => Ok((n, d)),
        _ => {
            let settings = settings::load(conn)?;
            Ok((settings.quorum_numerator, settings.quorum_denominator))
        }
    }
}

/// The voting attendees' check-ins and undos, in the order recorded.
fn voting_changes(
    conn: &Connection,
    meeting: MeetingId,
) -> Result<Vec<PresenceChange>, CheckinError> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.attendee_id, e.kind, e.at FROM checkin_events e
         JOIN attendees a ON a.id = e.attendee_id
         WHERE e.meeting_id = ?1 AND a.voting = 1 AND a.withdrawn_at IS NULL
         ORDER BY e.seq",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let at: String = r.get(2)?;
        Ok(PresenceChange {
            attendee: AttendeeId(r.get(0)?),
            present: r.get::<_, String>(1)? == "check_in",
            at: timestamps::parse(&at).unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn stations(conn: &Connection, meeting: MeetingId) -> Result<Vec<StationCount>, CheckinError> {
    let mut stmt = conn.prepare_cached(
        "SELECT station, sum(kind = 'check_in'), max(at) FROM checkin_events
         WHERE meeting_id = ?1 GROUP BY station ORDER BY 2 DESC, station",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let last: String = r.get(2)?;
        Ok(StationCount {
            station: r.get(0)?,
            check_ins: r.get(1)?,
            last_at: timestamps::to_local_rfc3339(&last),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A meeting's conflicts not yet resolved, oldest first.
pub fn conflicts(conn: &Connection, meeting: MeetingId) -> Result<Vec<Conflict>, CheckinError> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.id, c.attendee_id, c.station, c.scanned_at, e.station, e.at
         FROM checkin_conflicts c JOIN checkin_events e ON e.seq = c.first_seq
         WHERE c.meeting_id = ?1 AND c.resolved_at IS NULL ORDER BY c.id",
    )?;
    let rows = stmt
        .query_map([meeting.0], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                AttendeeId(r.get(1)?),
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, attendee, station, scanned, first_station, first_at)| {
                Ok(Conflict {
                    id,
                    attendee: door_attendee(conn, attendee)?,
                    station,
                    scanned_at: timestamps::to_local_rfc3339(&scanned),
                    first_station,
                    first_at: timestamps::to_local_rfc3339(&first_at),
                })
            },
        )
        .collect()
}

//! Meetings, agenda, motions and attendees in SQL.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{
    AttendeeId, AttendeeRow, Category, DuplicateInvitation, MeetingDetail, MeetingId, MeetingKind,
    MeetingStatus, MeetingSummary, NewAttendee, NewMeeting, RosterEntry, Voter,
};
use super::MeetingError;
use crate::audit::{self, Change};
use crate::checkin::BadgeToken;
use crate::council::TermId;
use crate::members::MemberId;
use crate::staff::StaffId;
use crate::timestamps;

/// Attendees (alias `a`) in protocol order: guests, delegates, observers, staff; then the
/// delegation's order, then rank within it where set, then the order they were added.
const PROTOCOL_ORDER: &str = "CASE a.category WHEN 'guest' THEN 0 WHEN 'delegate' THEN 1
                                  WHEN 'observer' THEN 2 ELSE 3 END,
                  a.group_order, a.protocol_order IS NULL, a.protocol_order, a.id";

/// Adds a meeting.
pub fn insert(tx: &Transaction, meeting: &NewMeeting) -> rusqlite::Result<MeetingId> {
    tx.execute(
        "INSERT INTO meetings (title, kind, expanded, term_id, starts_at, ends_at, venue, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            meeting.title,
            meeting.kind.as_str(),
            meeting.expanded,
            meeting.term.map(|t| t.0),
            meeting.starts_at,
            meeting.ends_at,
            meeting.venue,
            timestamps::now_text(),
        ],
    )?;
    Ok(MeetingId(tx.last_insert_rowid()))
}

/// Adds an attendee to a meeting. A member already on its list is refused by the schema (a
/// constraint violation): invite each member once.
pub fn add_attendee(
    tx: &Transaction,
    meeting: MeetingId,
    attendee: &NewAttendee,
) -> rusqlite::Result<AttendeeId> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO attendees (meeting_id, member_id, name, unit, job_title, category, group_name,
            group_order, protocol_order, voting, seat, badge_token, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    stmt.execute(params![
        meeting.0,
        attendee.member.map(|m| m.0),
        attendee.name,
        attendee.unit,
        attendee.job_title,
        attendee.category.as_str(),
        attendee.group,
        attendee.group_order,
        attendee.protocol_order,
        attendee.voting,
        attendee.seat,
        attendee.badge_token.as_str(),
        timestamps::now_text(),
    ])?;
    Ok(AttendeeId(tx.last_insert_rowid()))
}

/// A meeting with its count of (not withdrawn) attendees, as `m`.
const SUMMARY_SELECT: &str = "SELECT m.id, m.title, m.kind, m.expanded, m.starts_at, m.venue,
        m.status, m.term_id, m.ends_at, m.notes, m.quorum_numerator, m.quorum_denominator,
        (SELECT count(*) FROM attendees a
         WHERE a.meeting_id = m.id AND a.withdrawn_at IS NULL) AS attendees
 FROM meetings m";

fn summary_from_row(row: &Row) -> rusqlite::Result<MeetingSummary> {
    let kind: String = row.get("kind")?;
    let starts_at: String = row.get("starts_at")?;
    Ok(MeetingSummary {
        id: row.get("id")?,
        title: row.get("title")?,
        kind: MeetingKind::parse(&kind).unwrap_or(MeetingKind::GeneralAssembly),
        expanded: row.get("expanded")?,
        starts_at: timestamps::to_local_rfc3339(&starts_at),
        venue: row.get("venue")?,
        attendees: row.get("attendees")?,
        status: MeetingStatus::parse(&row.get::<_, String>("status")?)
            .unwrap_or(MeetingStatus::Planning),
    })
}

/// One meeting with its term, end, notes and quorum fraction.
pub fn detail(conn: &Connection, meeting: MeetingId) -> Result<MeetingDetail, MeetingError> {
    conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE m.id = ?1"),
        [meeting.0],
        |row| {
            let ends_at: Option<String> = row.get("ends_at")?;
            let numerator: Option<u32> = row.get("quorum_numerator")?;
            let denominator: Option<u32> = row.get("quorum_denominator")?;
            Ok(MeetingDetail {
                summary: summary_from_row(row)?,
                term_id: row.get::<_, Option<i64>>("term_id")?.map(TermId),
                ends_at: ends_at.as_deref().map(timestamps::to_local_rfc3339),
                notes: row.get("notes")?,
                quorum: numerator.zip(denominator),
            })
        },
    )
    .optional()?
    .ok_or(MeetingError::NotFound { id: meeting.0 })
}

/// Changes a meeting's particulars (times as UTC text).
pub fn update(
    tx: &Transaction,
    meeting: MeetingId,
    fields: &NewMeeting,
    notes: Option<&str>,
    quorum: Option<(u32, u32)>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE meetings SET title = ?2, kind = ?3, expanded = ?4, term_id = ?5, starts_at = ?6,
                ends_at = ?7, venue = ?8, notes = ?9, quorum_numerator = ?10,
                quorum_denominator = ?11
         WHERE id = ?1",
        params![
            meeting.0,
            fields.title,
            fields.kind.as_str(),
            fields.expanded,
            fields.term.map(|t| t.0),
            fields.starts_at,
            fields.ends_at,
            fields.venue,
            notes,
            quorum.map(|q| q.0),
            quorum.map(|q| q.1),
        ],
    )?;
    Ok(())
}

/// Sets a meeting's status.
pub fn set_status(
    tx: &Transaction,
    meeting: MeetingId,
    status: MeetingStatus,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE meetings SET status = ?2 WHERE id = ?1",
        params![meeting.0, status.as_str()],
    )?;
    Ok(())
}

/// Copies a meeting's hall, branch quotas and motions (without their votes) to `to`; the
/// agenda is copied by `agenda::copy`, which the motions' items are matched to by position.
pub fn copy_preparation(tx: &Transaction, from: MeetingId, to: MeetingId) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE meetings SET hall = (SELECT hall FROM meetings WHERE id = ?1) WHERE id = ?2",
        params![from.0, to.0],
    )?;
    tx.execute(
        "INSERT INTO delegate_quotas (meeting_id, branch_id, quota)
         SELECT ?2, branch_id, quota FROM delegate_quotas WHERE meeting_id = ?1",
        params![from.0, to.0],
    )?;
    tx.execute(
        "INSERT INTO motions (meeting_id, agenda_item_id, title, kind, base, rule)
         SELECT ?2,
                (SELECT n.id FROM agenda_items o JOIN agenda_items n
                   ON n.meeting_id = ?2 AND n.position = o.position
                 WHERE o.id = m.agenda_item_id),
                m.title, m.kind, m.base, m.rule
         FROM motions m WHERE m.meeting_id = ?1 ORDER BY m.id",
        params![from.0, to.0],
    )?;
    Ok(())
}

/// Every meeting, soonest first.
pub fn list(conn: &Connection) -> Result<Vec<MeetingSummary>, MeetingError> {
    let mut stmt = conn.prepare(&format!("{SUMMARY_SELECT} ORDER BY m.starts_at, m.id"))?;
    let rows = stmt.query_map([], summary_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Meetings on record.
pub fn count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row("SELECT count(*) FROM meetings", [], |r| r.get(0))
}

/// Meetings that have not started by `now` (UTC text).
pub fn upcoming_count(conn: &Connection, now: &str) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM meetings WHERE starts_at >= ?1",
        [now],
        |r| r.get(0),
    )
}

/// Attendees of all meetings, withdrawn ones left out.
pub fn attendee_count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM attendees WHERE withdrawn_at IS NULL",
        [],
        |r| r.get(0),
    )
}

fn attendee_from_row(row: &Row) -> rusqlite::Result<AttendeeRow> {
    let category: String = row.get("category")?;
    let checked_in_at: Option<String> = row.get("checked_in_at")?;
    Ok(AttendeeRow {
        id: AttendeeId(row.get("id")?),
        name: row.get("name")?,
        unit: row.get("unit")?,
        category: Category::parse(&category).unwrap_or(Category::Guest),
        group: row.get("group_name")?,
        voting: row.get("voting")?,
        seat: row.get("seat")?,
        badge_token: token_of(row)?,
        checked_in_at: checked_in_at.map(|t| timestamps::to_local_rfc3339(&t)),
    })
}

/// A meeting's attendees in protocol order: by credential, delegation, then the order within it.
/// `checked_in_at` comes from the newest check-in event, and is empty after an undo.
pub fn attendees(conn: &Connection, meeting: MeetingId) -> Result<Vec<AttendeeRow>, MeetingError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = ?1)",
        [meeting.0],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(MeetingError::NotFound { id: meeting.0 });
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.name, a.unit, a.category, a.group_name, a.voting, a.seat, a.badge_token,
                (SELECT CASE e.kind WHEN 'check_in' THEN e.at END FROM checkin_events e
                 WHERE e.attendee_id = a.id ORDER BY e.seq DESC LIMIT 1) AS checked_in_at
         FROM attendees a
         WHERE a.meeting_id = ?1 AND a.withdrawn_at IS NULL
         ORDER BY {PROTOCOL_ORDER}"
    ))?;
    let rows = stmt.query_map([meeting.0], attendee_from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Members on a meeting's list more than once, by meeting and member: empty unless the database
/// was upgraded while holding such pairs (the schema refuses new ones, see 0004). Withdrawn rows
/// count too, since the schema's rule does.
pub fn duplicate_invitations(conn: &Connection) -> Result<Vec<DuplicateInvitation>, MeetingError> {
    let mut stmt = conn.prepare(
        "SELECT a.meeting_id, a.member_id, a.id, a.name FROM attendees a
         WHERE a.member_id IS NOT NULL
           AND (SELECT count(*) FROM attendees b
                WHERE b.meeting_id = a.meeting_id AND b.member_id = a.member_id) > 1
         ORDER BY a.meeting_id, a.member_id, a.id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            MeetingId(r.get(0)?),
            MemberId(r.get(1)?),
            AttendeeId(r.get(2)?),
            r.get::<_, String>(3)?,
        ))
    })?;
    let mut found: Vec<DuplicateInvitation> = Vec::new();
    for row in rows {
        let (meeting_id, member_id, attendee, name) = row?;
        match found.last_mut() {
            Some(last) if last.meeting_id == meeting_id && last.member_id == member_id => {
                last.attendee_ids.push(attendee)
            }
            _ => found.push(DuplicateInvitation {
                meeting_id,
                member_id,
                name,
                attendee_ids: vec![attendee],
            }),
        }
    }
    Ok(found)
}

/// One meeting, as [`list`] shows it.
pub fn get(conn: &Connection, meeting: MeetingId) -> Result<MeetingSummary, MeetingError> {
    conn.query_row(
        &format!("{SUMMARY_SELECT} WHERE m.id = ?1"),
        [meeting.0],
        summary_from_row,
    )
    .optional()?
    .ok_or(MeetingError::NotFound { id: meeting.0 })
}

/// A meeting's attendees (withdrawn ones left out) with what their documents print, in
/// protocol order like [`attendees`]; documents re-sort names within a delegation.
pub fn roster(conn: &Connection, meeting: MeetingId) -> Result<Vec<RosterEntry>, MeetingError> {
    get(conn, meeting)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT a.id, a.name, a.unit, a.category, a.group_name, a.protocol_order, a.seat,
                a.badge_token, a.job_title
         FROM attendees a
         WHERE a.meeting_id = ?1 AND a.withdrawn_at IS NULL
         ORDER BY {PROTOCOL_ORDER}"
    ))?;
    let rows = stmt.query_map([meeting.0], |row| {
        let category: String = row.get("category")?;
        Ok(RosterEntry {
            id: AttendeeId(row.get("id")?),
            name: row.get("name")?,
            unit: row.get("unit")?,
            category: Category::parse(&category).unwrap_or(Category::Guest),
            group: row.get("group_name")?,
            protocol_order: row.get("protocol_order")?,
            seat: row.get("seat")?,
            badge_token: token_of(row)?,
            job_title: row.get("job_title")?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The one issuer of badge tokens (the demo, a reissue, a walk-in): a random token that no
/// attendee holds and none ever held (revoked tokens are never handed out again, so an old
/// badge can only ever say "reissued").
pub fn issue_badge_token<R: rand::Rng + ?Sized>(
    conn: &Connection,
    rng: &mut R,
) -> rusqlite::Result<BadgeToken> {
    loop {
        let candidate = BadgeToken::generate(rng);
        let taken: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM attendees WHERE badge_token = ?1)
                 OR EXISTS (SELECT 1 FROM revoked_badges WHERE badge_token = ?1)",
            [candidate.as_str()],
            |r| r.get(0),
        )?;
        if !taken {
            return Ok(candidate);
        }
    }
}

/// A stored badge token; one that is not well-formed is a damaged database, never trusted.
fn token_of(row: &Row) -> rusqlite::Result<BadgeToken> {
    let text: String = row.get("badge_token")?;
    BadgeToken::parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            0,
            rusqlite::types::Type::Text,
            format!("badge token {text:?} is not 12 digits with a check digit").into(),
        )
    })
}

/// Gives an attendee a new badge token (a lost badge): the old token is revoked, so a scan of
/// it says why it no longer opens the door, and the change is audited. Returns the new token.
pub fn reissue_badge(
    tx: &Transaction,
    attendee: AttendeeId,
    actor: StaffId,
) -> Result<BadgeToken, MeetingError> {
    let old: String = tx
        .query_row(
            "SELECT badge_token FROM attendees WHERE id = ?1 AND withdrawn_at IS NULL",
            [attendee.0],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(MeetingError::AttendeeNotFound { id: attendee.0 })?;
    let token = issue_badge_token(tx, &mut rand::rng())?;
    let now = timestamps::now_text();
    tx.execute(
        "INSERT INTO revoked_badges (badge_token, attendee_id, revoked_at) VALUES (?1, ?2, ?3)",
        params![old, attendee.0, now],
    )?;
    tx.execute(
        "UPDATE attendees SET badge_token = ?1 WHERE id = ?2",
        params![token.as_str(), attendee.0],
    )?;
    audit::record(
        tx,
        actor,
        Change::new("reissue_badge", "attendee", Some(attendee.0))
            .before(Some(serde_json::json!({ "badge_token": old })))
            .after(Some(serde_json::json!({ "badge_token": token.as_str() }))),
    )?;
    Ok(token)
}

/// Points `from`'s invitations at `into`, for a merge of two records of one person, and
/// returns how many moved. A meeting that already lists `into` keeps `from`'s attendee where
/// it is, on the archived record, so nobody is on a meeting's list twice (two badges, two
/// votes); staff see it there and withdraw it. Badges, seats and check-ins stay with the
/// attendee. Not audited here: the merge writes one entry.
pub fn reassign_member(
    tx: &Transaction,
    from: crate::members::MemberId,
    into: crate::members::MemberId,
) -> rusqlite::Result<u64> {
    let moved = tx.execute(
        "UPDATE attendees SET member_id = ?1
         WHERE member_id = ?2 AND NOT EXISTS (
             SELECT 1 FROM attendees kept WHERE kept.meeting_id = attendees.meeting_id
                                           AND kept.member_id = ?1)",
        params![into.0, from.0],
    )?;
    Ok(moved as u64)
}

/// The members with the vote at a meeting (voting attendees not withdrawn).
pub fn voting_members(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT member_id FROM attendees
         WHERE meeting_id = ?1 AND voting = 1 AND withdrawn_at IS NULL AND member_id IS NOT NULL",
    )?;
    let rows = stmt.query_map([meeting.0], |r| r.get(0))?;
    rows.collect()
}

/// Makes `voters` (member, name, unit) the voting attendees of a meeting: each is given the
/// vote and the 出席 credential, and added to the list in `group` with a new badge when not on
/// it; every other attendee loses the vote. Returns the voting attendees now.
pub fn seat_voters<R: rand::Rng + ?Sized>(
    tx: &Transaction,
    meeting: MeetingId,
    voters: &[Voter],
    group: &str,
    rng: &mut R,
) -> rusqlite::Result<u32> {
    tx.execute(
        "UPDATE attendees SET voting = 0 WHERE meeting_id = ?1 AND voting = 1",
        [meeting.0],
    )?;
    for (member, name, unit) in voters {
        let changed = tx.execute(
            "UPDATE attendees SET voting = 1, category = 'delegate', withdrawn_at = NULL
             WHERE meeting_id = ?1 AND member_id = ?2",
            params![meeting.0, member.0],
        )?;
        if changed == 0 {
            let token = issue_badge_token(tx, rng)?;
            add_attendee(
                tx,
                meeting,
                &NewAttendee {
                    member: Some(*member),
                    name: name.clone(),
                    unit: unit.clone(),
                    job_title: None,
                    category: Category::Delegate,
                    group: Some(group.to_owned()),
                    group_order: 2,
                    protocol_order: None,
                    voting: true,
                    seat: None,
                    badge_token: token,
                },
            )?;
        }
    }
    tx.query_row(
        "SELECT count(*) FROM attendees WHERE meeting_id = ?1 AND voting = 1 AND withdrawn_at IS NULL",
        [meeting.0],
        |r| r.get(0),
    )
}

//! The attendee list's changes and the members to invite, in SQL.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{AlreadyInvited, AttendeeChange, AttendeeExtras, Invitee, QuotaLine, Rsvp};
use crate::council::TermId;
use crate::meetings::{AttendeeId, Category, MeetingId};
use crate::members::MemberId;
use crate::timestamps;

fn invitee(row: &Row) -> rusqlite::Result<Invitee> {
    Ok(Invitee {
        member: MemberId(row.get(0)?),
        name: row.get(1)?,
        unit: row.get(2)?,
        job_title: row.get(3)?,
    })
}

/// Members holding any position in a council term (deceased members left out), once each.
pub fn invitees_of_term(conn: &Connection, term: TermId) -> rusqlite::Result<Vec<Invitee>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, m.employer, m.job_title FROM members m
         WHERE m.status != 'deceased'
           AND m.id IN (SELECT member_id FROM council_positions WHERE term_id = ?1)
         ORDER BY m.id",
    )?;
    let rows = stmt.query_map([term.0], invitee)?;
    rows.collect()
}

/// Members of a branch (deceased members left out).
pub fn invitees_of_branch(conn: &Connection, branch: i64) -> rusqlite::Result<Vec<Invitee>> {
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, m.employer, m.job_title FROM members m
         JOIN branch_memberships b ON b.member_id = m.id
         WHERE b.branch_id = ?1 AND m.status != 'deceased'
         ORDER BY m.id",
    )?;
    let rows = stmt.query_map([branch], invitee)?;
    rows.collect()
}

/// The members with these ids that exist, in the order given.
pub fn invitees_by_ids(conn: &Connection, ids: &[MemberId]) -> rusqlite::Result<Vec<Invitee>> {
    let mut stmt =
        conn.prepare_cached("SELECT id, name, employer, job_title FROM members WHERE id = ?1")?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(found) = stmt.query_row([id.0], invitee).optional()? {
            out.push(found);
        }
    }
    Ok(out)
}

/// Whether a branch exists (and its name).
pub fn branch_exists(conn: &Connection, branch: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT name FROM branches WHERE id = ?1", [branch], |r| {
        r.get(0)
    })
    .optional()
}

/// The member's row on a meeting's list, with whether it was withdrawn.
pub fn on_list(
    conn: &Connection,
    meeting: MeetingId,
    member: MemberId,
) -> rusqlite::Result<Option<(AlreadyInvited, bool)>> {
    conn.query_row(
        "SELECT id, name, category, group_name, withdrawn_at IS NOT NULL FROM attendees
         WHERE meeting_id = ?1 AND member_id = ?2",
        params![meeting.0, member.0],
        |r| {
            let category: String = r.get(2)?;
            Ok((
                AlreadyInvited {
                    member_id: Some(member),
                    attendee_id: AttendeeId(r.get(0)?),
                    name: r.get(1)?,
                    category: Category::parse(&category).unwrap_or(Category::Guest),
                    group: r.get(3)?,
                },
                r.get(4)?,
            ))
        },
    )
    .optional()
}

/// Puts a withdrawn attendee back on the list as `category` in `group`.
pub fn reinstate(
    tx: &Transaction,
    attendee: AttendeeId,
    category: Category,
    group: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE attendees SET withdrawn_at = NULL, category = ?2, group_name = ?3, voting = ?4
         WHERE id = ?1",
        params![
            attendee.0,
            category.as_str(),
            group,
            category.votes_by_default()
        ],
    )?;
    Ok(())
}

/// Records the branch a delegate represents (for the quotas).
pub fn set_branch(
    tx: &Transaction,
    attendee: AttendeeId,
    branch: Option<i64>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE attendees SET branch_id = ?2 WHERE id = ?1",
        params![attendee.0, branch],
    )?;
    Ok(())
}

/// Changes an attendee's credential, delegation, vote, unit, title, rank and RSVP.
pub fn set_attendee(
    tx: &Transaction,
    attendee: AttendeeId,
    change: &AttendeeChange,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE attendees SET category = ?2, group_name = ?3, voting = ?4, unit = ?5,
                job_title = ?6, protocol_order = ?7, rsvp = ?8
         WHERE id = ?1",
        params![
            attendee.0,
            change.category.as_str(),
            change.group,
            change.voting,
            change.unit,
            change.job_title,
            change.protocol_order,
            change.rsvp.as_str()
        ],
    )?;
    Ok(())
}

/// Takes an attendee off the list (kept, withdrawn, without the vote or a seat).
pub fn withdraw(tx: &Transaction, attendee: AttendeeId) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE attendees SET withdrawn_at = ?2, voting = 0, seat = NULL, seat_section = NULL,
                seat_row = NULL, seat_number = NULL
         WHERE id = ?1",
        params![attendee.0, timestamps::now_text()],
    )?;
    Ok(())
}

/// 代表替换: `substitute` (already on the list) takes over `old`'s vote, credential,
/// delegation, branch and seat; `old` is withdrawn.
pub fn substitute(
    tx: &Transaction,
    old: AttendeeId,
    substitute: AttendeeId,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE attendees SET (category, group_name, group_order, voting, branch_id, seat,
                               substitutes_attendee_id) =
            (SELECT category, group_name, group_order, voting, branch_id, seat, id
             FROM attendees WHERE id = ?2)
         WHERE id = ?1",
        params![substitute.0, old.0],
    )?;
    // The seat moves with the vote: free the old row's seat fields first (they are unique).
    let seat: Option<(Option<String>, Option<u32>, Option<u32>)> = tx
        .query_row(
            "SELECT seat_section, seat_row, seat_number FROM attendees WHERE id = ?1",
            [old.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    withdraw(tx, old)?;
    if let Some((section, row, number)) = seat {
        tx.execute(
            "UPDATE attendees SET seat_section = ?2, seat_row = ?3, seat_number = ?4 WHERE id = ?1",
            params![substitute.0, section, row, number],
        )?;
    }
    Ok(())
}

/// Sets (or with `None` removes) a branch's delegate quota at a meeting.
pub fn set_quota(
    tx: &Transaction,
    meeting: MeetingId,
    branch: i64,
    quota: Option<u32>,
) -> rusqlite::Result<()> {
    match quota {
        Some(quota) => tx.execute(
            "INSERT INTO delegate_quotas (meeting_id, branch_id, quota) VALUES (?1, ?2, ?3)
             ON CONFLICT (meeting_id, branch_id) DO UPDATE SET quota = excluded.quota",
            params![meeting.0, branch, quota],
        )?,
        None => tx.execute(
            "DELETE FROM delegate_quotas WHERE meeting_id = ?1 AND branch_id = ?2",
            params![meeting.0, branch],
        )?,
    };
    Ok(())
}

/// Every branch with a quota or a voting delegate at the meeting, by name.
pub fn quota_report(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<QuotaLine>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.name, q.quota,
                (SELECT count(*) FROM attendees a
                 WHERE a.meeting_id = ?1 AND a.branch_id = b.id AND a.voting = 1
                   AND a.withdrawn_at IS NULL) AS delegates
         FROM branches b
         LEFT JOIN delegate_quotas q ON q.branch_id = b.id AND q.meeting_id = ?1
         WHERE q.quota IS NOT NULL
            OR EXISTS (SELECT 1 FROM attendees a WHERE a.meeting_id = ?1 AND a.branch_id = b.id
                         AND a.withdrawn_at IS NULL)
         ORDER BY b.name",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let quota: Option<u32> = r.get(2)?;
        let delegates: u32 = r.get(3)?;
        Ok(QuotaLine {
            branch_id: r.get(0)?,
            branch: r.get(1)?,
            quota,
            delegates,
            over: quota.is_some_and(|q| delegates > q),
        })
    })?;
    rows.collect()
}

/// The meeting of a current (not withdrawn) attendee.
pub fn meeting_of(conn: &Connection, attendee: AttendeeId) -> rusqlite::Result<Option<MeetingId>> {
    conn.query_row(
        "SELECT meeting_id FROM attendees WHERE id = ?1 AND withdrawn_at IS NULL",
        [attendee.0],
        |r| Ok(MeetingId(r.get(0)?)),
    )
    .optional()
}

/// What the workspace's list adds to each current attendee of a meeting.
pub fn attendee_extras(
    conn: &Connection,
    meeting: MeetingId,
) -> rusqlite::Result<Vec<AttendeeExtras>> {
    let mut stmt = conn.prepare(
        "SELECT id, member_id, job_title, protocol_order, branch_id, rsvp FROM attendees
         WHERE meeting_id = ?1 AND withdrawn_at IS NULL",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let rsvp: String = r.get(5)?;
        Ok(AttendeeExtras {
            id: AttendeeId(r.get(0)?),
            member_id: r.get::<_, Option<i64>>(1)?.map(MemberId),
            job_title: r.get(2)?,
            protocol_order: r.get(3)?,
            branch_id: r.get(4)?,
            rsvp: Rsvp::parse(&rsvp).unwrap_or(Rsvp::Pending),
        })
    })?;
    rows.collect()
}

/// A current guest row (no member) of the meeting with this name and unit, if any: the same
/// guest listed again.
pub fn guest_on_list(
    conn: &Connection,
    meeting: MeetingId,
    name: &str,
    unit: Option<&str>,
) -> rusqlite::Result<Option<AlreadyInvited>> {
    conn.query_row(
        "SELECT id, name, category, group_name FROM attendees
         WHERE meeting_id = ?1 AND member_id IS NULL AND withdrawn_at IS NULL
           AND name = ?2 AND coalesce(unit, '') = coalesce(?3, '')
         ORDER BY id LIMIT 1",
        params![meeting.0, name, unit],
        |r| {
            let category: String = r.get(2)?;
            Ok(AlreadyInvited {
                member_id: None,
                attendee_id: AttendeeId(r.get(0)?),
                name: r.get(1)?,
                category: Category::parse(&category).unwrap_or(Category::Guest),
                group: r.get(3)?,
            })
        },
    )
    .optional()
}

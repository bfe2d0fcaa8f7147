//! Elections and their candidates in SQL, the ballots keyed in (two entry passes), and a
//! merged member's candidacies moving to the record kept.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{Body, ElectionId, ElectionSummary, NewCandidate, NewElection};
use super::tally::{Ballot, Mark};
use crate::meetings::MeetingId;
use crate::members::MemberId;
use crate::staff::StaffId;
use crate::timestamps;

/// Sets up an election with its candidates in ballot order.
pub fn insert(
    tx: &Transaction,
    meeting: MeetingId,
    election: &NewElection,
    candidates: &[NewCandidate],
) -> rusqlite::Result<ElectionId> {
    tx.execute(
        "INSERT INTO elections (meeting_id, body, title, seats, write_in_lines, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            meeting.0,
            election.body.as_str(),
            election.title,
            election.seats,
            election.write_in_lines,
            timestamps::now_text()
        ],
    )?;
    let id = ElectionId(tx.last_insert_rowid());
    let mut stmt = tx.prepare_cached(
        "INSERT INTO candidates (election_id, member_id, name, unit, position)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (position, c) in (1u32..).zip(candidates) {
        stmt.execute(params![
            id.0,
            c.member.map(|m| m.0),
            c.name,
            c.unit,
            position
        ])?;
    }
    Ok(id)
}

fn summary_from_row(row: &Row) -> rusqlite::Result<ElectionSummary> {
    let body: String = row.get("body")?;
    Ok(ElectionSummary {
        id: ElectionId(row.get("id")?),
        body: Body::parse(&body).unwrap_or(Body::Council),
        title: row.get("title")?,
        seats: row.get("seats")?,
        candidates: row.get("candidates")?,
        status: row.get("status")?,
    })
}

/// A meeting's elections in the order they were set up.
pub fn list(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<ElectionSummary>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.body, e.title, e.seats, e.status,
                (SELECT count(*) FROM candidates c WHERE c.election_id = e.id) AS candidates
         FROM elections e WHERE e.meeting_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([meeting.0], summary_from_row)?;
    rows.collect()
}

/// Points every candidacy of `from` at `into`, for a merge of two records of one person, and
/// returns how many moved. The candidate rows themselves stay (ballots refer to them); only
/// the member they stand for changes. Not audited here: the merge writes one entry.
pub fn reassign_member(tx: &Transaction, from: MemberId, into: MemberId) -> rusqlite::Result<u64> {
    let moved = tx.execute(
        "UPDATE candidates SET member_id = ?1 WHERE member_id = ?2",
        params![into.0, from.0],
    )?;
    Ok(moved as u64)
}

/// What counting an election needs from its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counting {
    /// The meeting it is held at.
    pub meeting: MeetingId,
    /// Body.
    pub body: Body,
    /// Printed title.
    pub title: String,
    /// Seats to fill.
    pub seats: u32,
    /// Ballots issued, once recorded.
    pub issued: Option<u32>,
    /// `returned`, `valid`, `present_voting` or `entitled`.
    pub threshold_base: String,
    /// 1 for the first round.
    pub round: u32,
    /// `draft`, `open`, `counting` or `closed` (a next round was set up from it).
    pub status: String,
}

/// An election's row as counting needs it; `None` for no such election.
pub fn counting(conn: &Connection, election: ElectionId) -> rusqlite::Result<Option<Counting>> {
    conn.query_row(
        "SELECT meeting_id, body, title, seats, issued, threshold_base, round, status
         FROM elections WHERE id = ?1",
        [election.0],
        |r| {
            let body: String = r.get(1)?;
            Ok(Counting {
                meeting: MeetingId(r.get(0)?),
                body: Body::parse(&body).unwrap_or(Body::Council),
                title: r.get(2)?,
                seats: r.get(3)?,
                issued: r.get(4)?,
                threshold_base: r.get(5)?,
                round: r.get(6)?,
                status: r.get(7)?,
            })
        },
    )
    .optional()
}

/// An election's candidates in ballot order: (candidate id, name).
pub fn candidate_names(
    conn: &Connection,
    election: ElectionId,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name FROM candidates WHERE election_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([election.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Records how many ballots were issued.
pub fn set_issued(tx: &Transaction, election: ElectionId, issued: u32) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE elections SET issued = ?2, status = CASE status WHEN 'draft' THEN 'open' ELSE status END
         WHERE id = ?1",
        params![election.0, issued],
    )?;
    Ok(())
}

/// Replaces the ballots keyed in entry pass `pass` (1 or 2) with `ballots` (marks in the order of
/// `candidates`, as [`candidate_names`] gives them); pass 1's count is the election's returned.
pub fn replace_ballots(
    tx: &Transaction,
    election: ElectionId,
    pass: u8,
    candidates: &[(i64, String)],
    ballots: &[Ballot],
    actor: StaffId,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM ballots WHERE election_id = ?1 AND entry_pass = ?2",
        params![election.0, pass],
    )?;
    let now = timestamps::now_text();
    let mut ballot_stmt = tx.prepare_cached(
        "INSERT INTO ballots (election_id, number, entry_pass, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut mark_stmt = tx.prepare_cached(
        "INSERT INTO ballot_marks (ballot_id, candidate_id, mark) VALUES (?1, ?2, ?3)",
    )?;
    let mut write_in_stmt =
        tx.prepare_cached("INSERT INTO ballot_write_ins (ballot_id, name) VALUES (?1, ?2)")?;
    for ballot in ballots {
        ballot_stmt.execute(params![election.0, ballot.number, pass, actor.0, now])?;
        let id = tx.last_insert_rowid();
        for ((candidate, _), mark) in candidates.iter().zip(&ballot.marks) {
            let stored = match mark {
                Mark::Agree => "agree",
                Mark::Disagree => "disagree",
                Mark::Abstain => "abstain",
                Mark::Empty => continue,
            };
            mark_stmt.execute(params![id, candidate, stored])?;
        }
        for name in &ballot.write_ins {
            write_in_stmt.execute(params![id, name])?;
        }
    }
    if pass == 1 {
        tx.execute(
            "UPDATE elections SET returned = ?2, status = 'counting' WHERE id = ?1",
            params![election.0, ballots.len() as i64],
        )?;
    }
    Ok(())
}

/// The ballots keyed in entry pass `pass`, by number, marks in the order of `candidates`.
pub fn ballots(
    conn: &Connection,
    election: ElectionId,
    pass: u8,
    candidates: &[(i64, String)],
) -> rusqlite::Result<Vec<Ballot>> {
    let column: std::collections::HashMap<i64, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let mut by_id: std::collections::BTreeMap<i64, Ballot> = std::collections::BTreeMap::new();
    let mut stmt = conn.prepare_cached(
        "SELECT id, number FROM ballots WHERE election_id = ?1 AND entry_pass = ?2",
    )?;
    for row in stmt.query_map(params![election.0, pass], |r| Ok((r.get(0)?, r.get(1)?)))? {
        let (id, number): (i64, u32) = row?;
        by_id.insert(
            id,
            Ballot {
                number,
                marks: vec![Mark::Empty; candidates.len()],
                write_ins: Vec::new(),
            },
        );
    }
    let mut marks = conn.prepare_cached(
        "SELECT m.ballot_id, m.candidate_id, m.mark FROM ballot_marks m
         JOIN ballots b ON b.id = m.ballot_id WHERE b.election_id = ?1 AND b.entry_pass = ?2",
    )?;
    for row in marks.query_map(params![election.0, pass], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (ballot, candidate, mark) = row?;
        if let (Some(b), Some(i)) = (by_id.get_mut(&ballot), column.get(&candidate)) {
            b.marks[*i] = match mark.as_str() {
                "agree" => Mark::Agree,
                "disagree" => Mark::Disagree,
                _ => Mark::Abstain,
            };
        }
    }
    let mut write_ins = conn.prepare_cached(
        "SELECT w.ballot_id, w.name FROM ballot_write_ins w
         JOIN ballots b ON b.id = w.ballot_id WHERE b.election_id = ?1 AND b.entry_pass = ?2
         ORDER BY w.id",
    )?;
    for row in write_ins.query_map(params![election.0, pass], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })? {
        let (ballot, name) = row?;
        if let Some(b) = by_id.get_mut(&ballot) {
            b.write_ins.push(name);
        }
    }
    let mut list: Vec<Ballot> = by_id.into_values().collect();
    list.sort_by_key(|b| b.number);
    Ok(list)
}

/// Sets up the next round of `previous`: `seats` seats among the candidates whose ids are
/// `candidates` (kept in their ballot order), with the previous round's rules, title,
/// write-in lines and base; returns the new election. The previous round is closed.
pub fn insert_next_round(
    tx: &Transaction,
    previous: ElectionId,
    seats: u32,
    candidates: &[i64],
) -> rusqlite::Result<ElectionId> {
    tx.execute(
        "INSERT INTO elections (meeting_id, body, title, seats, ballot_form, write_in_lines,
                                threshold_base, round, previous_round_id, created_at)
         SELECT meeting_id, body, title, ?2, ballot_form, write_in_lines, threshold_base,
                round + 1, id, ?3
         FROM elections WHERE id = ?1",
        params![previous.0, seats, timestamps::now_text()],
    )?;
    let id = ElectionId(tx.last_insert_rowid());
    let mut stmt = tx.prepare_cached(
        "INSERT INTO candidates (election_id, member_id, name, unit, position)
         SELECT ?1, member_id, name, unit, ?3 FROM candidates WHERE id = ?2",
    )?;
    for (position, candidate) in (1u32..).zip(candidates) {
        stmt.execute(params![id.0, candidate, position])?;
    }
    tx.execute(
        "UPDATE elections SET status = 'closed' WHERE id = ?1",
        [previous.0],
    )?;
    Ok(id)
}

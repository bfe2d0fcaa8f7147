//! Elections and their candidates in SQL, and a merged member's candidacies moving to the
//! record kept.

use rusqlite::{params, Connection, Row, Transaction};

use super::model::{Body, ElectionId, ElectionSummary, NewCandidate, NewElection};
use crate::meetings::MeetingId;
use crate::members::MemberId;
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

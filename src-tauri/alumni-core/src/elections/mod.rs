//! Elections: N seats of a body filled from M ≥ N candidates. For now: setting them up and
//! listing them; ballots and tallying come with the elections work.

use rusqlite::{params, Connection, Row, Transaction};
use serde::{Deserialize, Serialize};

use crate::meetings::MeetingId;
use crate::members::MemberId;
use crate::timestamps;

/// An election's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ElectionId(pub i64);

/// The body whose seats are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// 理事会
    Council,
    /// 常务理事会
    ExecutiveCouncil,
    /// 监事 / 监事会
    Supervisors,
    /// 会长、副会长、秘书长
    Officers,
}

impl Body {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::Council => "council",
            Body::ExecutiveCouncil => "executive_council",
            Body::Supervisors => "supervisors",
            Body::Officers => "officers",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "council" => Some(Body::Council),
            "executive_council" => Some(Body::ExecutiveCouncil),
            "supervisors" => Some(Body::Supervisors),
            "officers" => Some(Body::Officers),
            _ => None,
        }
    }
}

/// An election to set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewElection {
    /// Body whose seats are filled.
    pub body: Body,
    /// Printed on the ballot.
    pub title: String,
    /// N.
    pub seats: u32,
    /// Write-in lines on the ballot.
    pub write_in_lines: u32,
}

/// A candidate on the list, in ballot order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCandidate {
    /// The member, if on record.
    pub member: Option<MemberId>,
    /// Name on the ballot.
    pub name: String,
    /// Organisation on the ballot.
    pub unit: Option<String>,
}

/// An election as listed (the CLI's `elections --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElectionSummary {
    /// Its id.
    pub id: i64,
    /// Body.
    pub body: Body,
    /// Printed title.
    pub title: String,
    /// N.
    pub seats: u32,
    /// M.
    pub candidates: u32,
    /// `draft`, `open`, `counting` or `closed`.
    pub status: String,
}

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
        id: row.get("id")?,
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

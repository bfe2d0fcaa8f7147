//! Elections and their candidates in SQL, the ballots keyed in (two entry passes), and a
//! merged member's candidacies moving to the record kept.

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};

use super::model::{
    base_as_str, kind_of, parse_base, BallotForm, Body, Candidate, ElectionDetail, ElectionId,
    ElectionSummary, NewCandidate, NewElection, TieRule,
};
use super::tally::{Ballot, Mark, SheetTotals};
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
    let mut values = setup_values(election);
    values.extend([meeting.0.into(), timestamps::now_text().into()]);
    tx.execute(
        "INSERT INTO elections (body, title, seats, write_in_lines, ballot_form, threshold_base,
                                tie_rule, electorate_election_id, meeting_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params_from_iter(values),
    )?;
    let id = ElectionId(tx.last_insert_rowid());
    insert_candidates(tx, id, candidates)?;
    Ok(id)
}

/// The setup's columns as both statements number them, ?1..?8: body, title, seats,
/// write_in_lines, ballot_form, threshold_base, tie_rule, electorate_election_id.
fn setup_values(election: &NewElection) -> Vec<Value> {
    vec![
        Value::Text(election.body.as_str().to_owned()),
        election.title.clone().into(),
        election.seats.into(),
        election.write_in_lines.into(),
        Value::Text(election.ballot_form.as_str().to_owned()),
        Value::Text(base_as_str(election.base).to_owned()),
        Value::Text(election.tie_rule.as_str().to_owned()),
        election.electorate.map(|e| e.0).into(),
    ]
}

fn insert_candidates(
    tx: &Transaction,
    id: ElectionId,
    candidates: &[NewCandidate],
) -> rusqlite::Result<()> {
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
    Ok(())
}

/// Changes a draft election's body, title, seats and rules (the caller checks it is a draft).
pub fn update_setup(
    tx: &Transaction,
    id: ElectionId,
    election: &NewElection,
) -> rusqlite::Result<()> {
    let mut values = setup_values(election);
    values.push(id.0.into());
    tx.execute(
        "UPDATE elections SET body = ?1, title = ?2, seats = ?3, write_in_lines = ?4,
                ballot_form = ?5, threshold_base = ?6, tie_rule = ?7, electorate_election_id = ?8
         WHERE id = ?9",
        params_from_iter(values),
    )?;
    Ok(())
}

/// Replaces a draft election's candidates with `candidates`, in that ballot order.
pub fn replace_candidates(
    tx: &Transaction,
    id: ElectionId,
    candidates: &[NewCandidate],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM candidates WHERE election_id = ?1", [id.0])?;
    insert_candidates(tx, id, candidates)
}

/// Deletes an election with its candidates (the caller checks nothing was keyed).
pub fn delete(tx: &Transaction, id: ElectionId) -> rusqlite::Result<bool> {
    Ok(tx.execute("DELETE FROM elections WHERE id = ?1", [id.0])? > 0)
}

/// Everything about one election; `None` for no such election.
pub fn detail(conn: &Connection, id: ElectionId) -> rusqlite::Result<Option<ElectionDetail>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, member_id, name, unit, position FROM candidates
         WHERE election_id = ?1 ORDER BY position",
    )?;
    let candidates = stmt
        .query_map([id.0], |r| {
            Ok(Candidate {
                id: r.get(0)?,
                member: r.get::<_, Option<i64>>(1)?.map(MemberId),
                name: r.get(2)?,
                unit: r.get(3)?,
                position: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    conn.query_row(
        "SELECT meeting_id, body, title, seats, ballot_form, write_in_lines, threshold_base,
                tie_rule, electorate_election_id, round, previous_round_id, status, issued,
                returned, declared_at
         FROM elections WHERE id = ?1",
        [id.0],
        |r| {
            let body: String = r.get(1)?;
            let seats: u32 = r.get(3)?;
            Ok(ElectionDetail {
                id,
                meeting: MeetingId(r.get(0)?),
                body: Body::parse(&body).unwrap_or(Body::Council),
                title: r.get(2)?,
                seats,
                kind: kind_of(seats, candidates.len()),
                ballot_form: BallotForm::parse(&r.get::<_, String>(4)?),
                write_in_lines: r.get(5)?,
                base: parse_base(&r.get::<_, String>(6)?),
                tie_rule: TieRule::parse(&r.get::<_, String>(7)?),
                electorate: r.get::<_, Option<i64>>(8)?.map(ElectionId),
                round: r.get(9)?,
                previous_round: r.get::<_, Option<i64>>(10)?.map(ElectionId),
                status: r.get(11)?,
                issued: r.get(12)?,
                returned: r.get(13)?,
                declared_at: r.get(14)?,
                candidates: candidates.clone(),
            })
        },
    )
    .optional()
}

/// The rounds of an election from its first round `root`, in order: `root`, then each round
/// set up from the one before.
pub fn rounds(conn: &Connection, root: ElectionId) -> rusqlite::Result<Vec<ElectionId>> {
    let mut stmt = conn.prepare_cached(
        "WITH RECURSIVE chain(id) AS (
             SELECT ?1
             UNION ALL
             SELECT e.id FROM elections e JOIN chain c ON e.previous_round_id = c.id
         )
         SELECT id FROM chain",
    )?;
    let rows = stmt.query_map([root.0], |r| Ok(ElectionId(r.get(0)?)))?;
    rows.collect()
}

/// The first round of the election `id` is a round of.
pub fn first_round(conn: &Connection, id: ElectionId) -> rusqlite::Result<ElectionId> {
    let mut current = id;
    loop {
        let previous: Option<i64> = conn
            .query_row(
                "SELECT previous_round_id FROM elections WHERE id = ?1",
                [current.0],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        match previous {
            Some(p) => current = ElectionId(p),
            None => return Ok(current),
        }
    }
}

/// Elections (first rounds) whose electorate is the election `root`.
pub fn electing_from(conn: &Connection, root: ElectionId) -> rusqlite::Result<Vec<ElectionId>> {
    let mut stmt = conn
        .prepare_cached("SELECT id FROM elections WHERE electorate_election_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([root.0], |r| Ok(ElectionId(r.get(0)?)))?;
    rows.collect()
}

/// Declares a round's result: the round is closed with no next round.
pub fn declare(tx: &Transaction, id: ElectionId) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE elections SET status = 'closed', declared_at = ?2 WHERE id = ?1",
        params![id.0, timestamps::now_text()],
    )?;
    Ok(())
}

/// Keys one ballot in entry pass `pass`, replacing a ballot of the same number in that pass;
/// pass 1's count is the election's returned.
pub fn key_ballot(
    tx: &Transaction,
    election: ElectionId,
    pass: u8,
    candidates: &[(i64, String)],
    ballot: &Ballot,
    actor: StaffId,
) -> rusqlite::Result<()> {
    remove_ballot(tx, election, pass, ballot.number)?;
    insert_ballots(
        tx,
        election,
        pass,
        candidates,
        std::slice::from_ref(ballot),
        actor,
    )?;
    refresh_returned(tx, election, pass)
}

/// Removes ballot `number` from entry pass `pass`; whether it was there.
pub fn delete_ballot(
    tx: &Transaction,
    election: ElectionId,
    pass: u8,
    number: u32,
) -> rusqlite::Result<bool> {
    let gone = remove_ballot(tx, election, pass, number)?;
    refresh_returned(tx, election, pass)?;
    Ok(gone)
}

/// Removes one ballot of a pass without refreshing the count; whether it was there.
fn remove_ballot(
    tx: &Transaction,
    election: ElectionId,
    pass: u8,
    number: u32,
) -> rusqlite::Result<bool> {
    let gone = tx.execute(
        "DELETE FROM ballots WHERE election_id = ?1 AND entry_pass = ?2 AND number = ?3",
        params![election.0, pass, number],
    )?;
    Ok(gone > 0)
}

fn refresh_returned(tx: &Transaction, election: ElectionId, pass: u8) -> rusqlite::Result<()> {
    if pass == 1 {
        tx.execute(
            "UPDATE elections SET returned = (SELECT count(*) FROM ballots
                 WHERE election_id = ?1 AND entry_pass = 1),
                 status = CASE status WHEN 'closed' THEN 'closed' ELSE 'counting' END
             WHERE id = ?1",
            [election.0],
        )?;
    }
    Ok(())
}

/// Stores the totals of a paper tally sheet (replacing any before): the ballot figures, one
/// row per listed candidate (ids as [`candidate_names`] gives them) and the written-in names.
pub fn save_tally_sheet(
    tx: &Transaction,
    election: ElectionId,
    candidates: &[(i64, String)],
    sheet: &SheetTotals,
    actor: StaffId,
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM tally_sheets WHERE election_id = ?1",
        [election.0],
    )?;
    tx.execute(
        "DELETE FROM tally_totals WHERE election_id = ?1",
        [election.0],
    )?;
    tx.execute(
        "DELETE FROM tally_sheet_write_ins WHERE election_id = ?1",
        [election.0],
    )?;
    tx.execute(
        "INSERT INTO tally_sheets (election_id, returned, invalid, blank, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            election.0,
            sheet.returned,
            sheet.invalid,
            sheet.blank,
            actor.0,
            timestamps::now_text()
        ],
    )?;
    let mut totals = tx.prepare_cached(
        "INSERT INTO tally_totals (election_id, candidate_id, agree, disagree, abstain)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for ((id, _), t) in candidates.iter().zip(&sheet.listed) {
        totals.execute(params![election.0, id, t.agree, t.disagree, t.abstain])?;
    }
    let mut written = tx.prepare_cached(
        "INSERT INTO tally_sheet_write_ins (election_id, name, agree) VALUES (?1, ?2, ?3)",
    )?;
    for (name, agree) in &sheet.write_ins {
        written.execute(params![election.0, name, agree])?;
    }
    tx.execute(
        // Keyed ballots, when there are any, are what returned counts.
        "UPDATE elections SET
             returned = CASE WHEN EXISTS (SELECT 1 FROM ballots
                 WHERE election_id = ?1 AND entry_pass = 1) THEN returned ELSE ?2 END,
             status = CASE status WHEN 'closed' THEN 'closed' ELSE 'counting' END
         WHERE id = ?1",
        params![election.0, sheet.returned],
    )?;
    Ok(())
}

/// The totals of a paper tally sheet, listed candidates in ballot order; `None` if none.
pub fn tally_sheet(
    conn: &Connection,
    election: ElectionId,
) -> rusqlite::Result<Option<SheetTotals>> {
    let figures: Option<(u32, u32, u32)> = conn
        .query_row(
            "SELECT returned, invalid, blank FROM tally_sheets WHERE election_id = ?1",
            [election.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let Some((returned, invalid, blank)) = figures else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT coalesce(t.agree, 0), coalesce(t.disagree, 0), coalesce(t.abstain, 0)
         FROM candidates c
         LEFT JOIN tally_totals t ON t.candidate_id = c.id AND t.election_id = c.election_id
         WHERE c.election_id = ?1 ORDER BY c.position",
    )?;
    let listed = stmt
        .query_map([election.0], |r| {
            Ok(super::tally::Totals {
                agree: r.get(0)?,
                disagree: r.get(1)?,
                abstain: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare_cached(
        "SELECT name, agree FROM tally_sheet_write_ins WHERE election_id = ?1 ORDER BY name",
    )?;
    let write_ins = stmt
        .query_map([election.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(SheetTotals {
        returned,
        invalid,
        blank,
        listed,
        write_ins,
    }))
}

fn summary_from_row(row: &Row) -> rusqlite::Result<ElectionSummary> {
    let body: String = row.get("body")?;
    let seats: u32 = row.get("seats")?;
    let candidates: u32 = row.get("candidates")?;
    Ok(ElectionSummary {
        id: ElectionId(row.get("id")?),
        body: Body::parse(&body).unwrap_or(Body::Council),
        title: row.get("title")?,
        seats,
        candidates,
        status: row.get("status")?,
        round: row.get("round")?,
        kind: kind_of(seats, candidates as usize),
    })
}

/// A meeting's elections in the order they were set up.
pub fn list(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<ElectionSummary>> {
    let mut stmt = conn.prepare(
        "SELECT e.id, e.body, e.title, e.seats, e.status, e.round,
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
    insert_ballots(tx, election, pass, candidates, ballots, actor)?;
    refresh_returned(tx, election, pass)
}

fn insert_ballots(
    tx: &Transaction,
    election: ElectionId,
    pass: u8,
    candidates: &[(i64, String)],
    ballots: &[Ballot],
    actor: StaffId,
) -> rusqlite::Result<()> {
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

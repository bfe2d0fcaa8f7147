//! Motions and their votes in SQL.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{Motion, MotionBase, MotionId, VoteCounts, VoteMethod};
use super::rules::{self, Decision};
use crate::meetings::{MeetingId, MotionKind};
use crate::settings::MajorityRule;
use crate::timestamps;

const SELECT: &str =
    "SELECT id, meeting_id, agenda_item_id, title, kind, base, rule, method, yes, no,
        abstain, base_count, passed, no_quorum, recorded_at
 FROM motions";

fn from_row(row: &Row) -> rusqlite::Result<Motion> {
    let kind: String = row.get("kind")?;
    let base: String = row.get("base")?;
    let rule: String = row.get("rule")?;
    let method: Option<String> = row.get("method")?;
    let rule = MajorityRule::parse(&rule).unwrap_or(MajorityRule::MoreThanHalf);
    let base_count: Option<u32> = row.get("base_count")?;
    let no_quorum: bool = row.get("no_quorum")?;
    let recorded_at: Option<String> = row.get("recorded_at")?;
    Ok(Motion {
        id: MotionId(row.get("id")?),
        meeting_id: MeetingId(row.get("meeting_id")?),
        agenda_item_id: row.get("agenda_item_id")?,
        title: row.get("title")?,
        kind: MotionKind::parse(&kind).unwrap_or(MotionKind::Resolution),
        base: MotionBase::parse(&base).unwrap_or(MotionBase::PresentVoting),
        rule,
        method: method.as_deref().and_then(VoteMethod::parse),
        yes: row.get("yes")?,
        no: row.get("no")?,
        abstain: row.get("abstain")?,
        base_count,
        // Derived, never stored: the rule applied to the base recorded.
        needed: base_count
            .filter(|_| !no_quorum)
            .map(|n| rules::needed(rule, n)),
        passed: row.get("passed")?,
        no_quorum,
        recorded_at: recorded_at.as_deref().map(timestamps::to_local_rfc3339),
    })
}

/// A meeting's motions in agenda order (motions without an item last, in the order added).
pub fn list(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<Motion>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE meeting_id = ?1
         ORDER BY (SELECT position FROM agenda_items a WHERE a.id = motions.agenda_item_id) IS NULL,
                  (SELECT position FROM agenda_items a WHERE a.id = motions.agenda_item_id), id"
    ))?;
    let rows = stmt.query_map([meeting.0], from_row)?;
    rows.collect()
}

/// One motion, if it exists.
pub fn get(conn: &Connection, id: MotionId) -> rusqlite::Result<Option<Motion>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id.0], from_row)
        .optional()
}

/// Adds a motion.
pub fn insert(
    tx: &Transaction,
    meeting: MeetingId,
    agenda_item: Option<i64>,
    title: &str,
    kind: MotionKind,
    base: MotionBase,
    rule: MajorityRule,
) -> rusqlite::Result<MotionId> {
    tx.execute(
        "INSERT INTO motions (meeting_id, agenda_item_id, title, kind, base, rule)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            meeting.0,
            agenda_item,
            title,
            kind.as_str(),
            base.as_str(),
            rule.as_str()
        ],
    )?;
    Ok(MotionId(tx.last_insert_rowid()))
}

/// Changes a motion's title, kind, agenda item, base and rule (its vote, if any, stays).
pub fn update(
    tx: &Transaction,
    id: MotionId,
    agenda_item: Option<i64>,
    title: &str,
    kind: MotionKind,
    base: MotionBase,
    rule: MajorityRule,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE motions SET agenda_item_id = ?2, title = ?3, kind = ?4, base = ?5, rule = ?6
         WHERE id = ?1",
        params![
            id.0,
            agenda_item,
            title,
            kind.as_str(),
            base.as_str(),
            rule.as_str()
        ],
    )?;
    Ok(())
}

/// Removes a motion.
pub fn delete(tx: &Transaction, id: MotionId) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM motions WHERE id = ?1", [id.0])?;
    Ok(())
}

/// Records a vote (replacing one recorded before; the audit log keeps both).
pub fn record_vote(
    tx: &Transaction,
    id: MotionId,
    method: VoteMethod,
    counts: VoteCounts,
    decision: Decision,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE motions SET method = ?2, yes = ?3, no = ?4, abstain = ?5, base_count = ?6,
                passed = ?7, no_quorum = 0, recorded_at = ?8
         WHERE id = ?1",
        params![
            id.0,
            method.as_str(),
            counts.yes,
            counts.no,
            counts.abstain,
            decision.base_count,
            decision.passed,
            timestamps::now_text()
        ],
    )?;
    Ok(())
}

/// Records that the meeting lacked a quorum when the motion came to a vote: no counts, no
/// outcome, the voting attendees present then as `base_count`.
pub fn record_no_quorum(tx: &Transaction, id: MotionId, present: u32) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE motions SET method = NULL, yes = NULL, no = NULL, abstain = NULL, base_count = ?2,
                passed = NULL, no_quorum = 1, recorded_at = ?3
         WHERE id = ?1",
        params![id.0, present, timestamps::now_text()],
    )?;
    Ok(())
}

/// Whether `item` is an agenda item of `meeting`.
pub fn agenda_item_of(conn: &Connection, meeting: MeetingId, item: i64) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM agenda_items WHERE id = ?1 AND meeting_id = ?2",
            params![item, meeting.0],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

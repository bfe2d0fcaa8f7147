//! Terms and council positions in SQL, and a merged member's offices moving to the record kept.

use rusqlite::{params, Connection, Transaction};

use super::model::{Office, PositionRow, TermId, TermRow};
use super::CouncilError;
use crate::audit::{self, Change};
use crate::members::{MemberId, Reassigned};
use crate::staff::StaffId;

/// Adds a term by its number, with its dates (`YYYY-MM-DD`).
pub fn insert_term(
    tx: &Transaction,
    number: u32,
    starts_on: Option<&str>,
    ends_on: Option<&str>,
) -> rusqlite::Result<TermId> {
    tx.execute(
        "INSERT INTO terms (number, starts_on, ends_on) VALUES (?1, ?2, ?3)",
        params![number, starts_on, ends_on],
    )?;
    Ok(TermId(tx.last_insert_rowid()))
}

/// Records that a member holds an office in a term; a repeat changes nothing. Returns whether
/// a row was added.
pub fn appoint(
    tx: &Transaction,
    term: TermId,
    member: MemberId,
    office: Office,
) -> rusqlite::Result<bool> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO council_positions (term_id, member_id, office) VALUES (?1, ?2, ?3)",
    )?;
    Ok(stmt.execute(params![term.0, member.0, office.as_str()])? > 0)
}

/// Every term, newest first.
pub fn list_terms(conn: &Connection) -> rusqlite::Result<Vec<TermRow>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.number, t.starts_on, t.ends_on,
                (SELECT count(*) FROM council_positions p WHERE p.term_id = t.id)
         FROM terms t ORDER BY t.number DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TermRow {
            id: TermId(r.get(0)?),
            number: r.get(1)?,
            starts_on: r.get(2)?,
            ends_on: r.get(3)?,
            positions: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The positions of a term in protocol order of office, then by the holder's pinyin.
pub fn positions(conn: &Connection, term: TermId) -> Result<Vec<PositionRow>, CouncilError> {
    require(conn, "terms", "term", term.0)?;
    // The offices' own literals, never input: protocol order as a CASE.
    let order: String = Office::ALL
        .iter()
        .enumerate()
        .map(|(i, o)| format!("WHEN '{}' THEN {i}", o.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut stmt = conn.prepare(&format!(
        "SELECT m.id, m.name, p.office FROM council_positions p JOIN members m ON m.id = p.member_id
         WHERE p.term_id = ?1 ORDER BY CASE p.office {order} END, m.name_pinyin, m.id"
    ))?;
    let rows = stmt.query_map([term.0], |r| {
        let office: String = r.get(2)?;
        Ok(PositionRow {
            member_id: MemberId(r.get(0)?),
            name: r.get(1)?,
            office: Office::parse(&office).unwrap_or(Office::Council),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn require(
    conn: &Connection,
    table: &'static str,
    entity: &'static str,
    id: i64,
) -> Result<(), CouncilError> {
    if crate::storage::exists(conn, table, id)? {
        Ok(())
    } else {
        Err(CouncilError::NotFound { entity, id })
    }
}

/// Records (`held`) or removes an office of a member in a term; audited.
pub fn set_position(
    tx: &Transaction,
    actor: StaffId,
    term: TermId,
    member: MemberId,
    office: Office,
    held: bool,
) -> Result<(), CouncilError> {
    require(tx, "terms", "term", term.0)?;
    require(tx, "members", "member", member.0)?;
    let changed = if held {
        appoint(tx, term, member, office)?
    } else {
        tx.execute(
            "DELETE FROM council_positions WHERE term_id = ?1 AND member_id = ?2 AND office = ?3",
            params![term.0, member.0, office.as_str()],
        )? > 0
    };
    if changed {
        let action = if held { "appoint" } else { "remove_position" };
        audit::record(
            tx,
            actor,
            Change::new(action, "term", Some(term.0)).after(Some(
                serde_json::json!({ "member_id": member.0, "office": office.as_str() }),
            )),
        )?;
    }
    Ok(())
}

/// Moves every council position of `from` to `into`, for a merge of two records of one
/// person; an office `into` already holds in the same term is not doubled. Not audited here:
/// the merge writes one entry for the whole change.
pub fn reassign_member(
    tx: &Transaction,
    from: MemberId,
    into: MemberId,
) -> rusqlite::Result<Reassigned> {
    if from == into {
        return Ok(Reassigned::default());
    }
    let moved = tx.execute(
        "INSERT OR IGNORE INTO council_positions (term_id, member_id, office)
         SELECT term_id, ?1, office FROM council_positions WHERE member_id = ?2 ORDER BY id",
        params![into.0, from.0],
    )?;
    let removed = tx.execute(
        "DELETE FROM council_positions WHERE member_id = ?1",
        [from.0],
    )?;
    Ok(Reassigned {
        moved: moved as u64,
        dropped: removed.saturating_sub(moved) as u64,
    })
}

//! Council terms (第一届, 第二届 …) and the offices members hold in each.

use rusqlite::{params, Transaction};
use serde::{Deserialize, Serialize};

use crate::members::MemberId;

/// A term's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TermId(pub i64);

/// An office in a term. A president also holds executive-council and council seats, each
/// recorded as its own row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Office {
    /// 会长
    President,
    /// 副会长
    VicePresident,
    /// 秘书长
    SecretaryGeneral,
    /// 副秘书长
    DeputySecretaryGeneral,
    /// 常务理事
    ExecutiveCouncil,
    /// 理事
    Council,
    /// 监事长
    ChiefSupervisor,
    /// 监事
    Supervisor,
}

impl Office {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Office::President => "president",
            Office::VicePresident => "vice_president",
            Office::SecretaryGeneral => "secretary_general",
            Office::DeputySecretaryGeneral => "deputy_secretary_general",
            Office::ExecutiveCouncil => "executive_council",
            Office::Council => "council",
            Office::ChiefSupervisor => "chief_supervisor",
            Office::Supervisor => "supervisor",
        }
    }
}

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

/// Records that a member holds an office in a term.
pub fn appoint(
    tx: &Transaction,
    term: TermId,
    member: MemberId,
    office: Office,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO council_positions (term_id, member_id, office) VALUES (?1, ?2, ?3)",
    )?;
    stmt.execute(params![term.0, member.0, office.as_str()])?;
    Ok(())
}

impl Office {
    /// Every office, in protocol order.
    pub const ALL: [Office; 8] = [
        Office::President,
        Office::VicePresident,
        Office::SecretaryGeneral,
        Office::DeputySecretaryGeneral,
        Office::ExecutiveCouncil,
        Office::Council,
        Office::ChiefSupervisor,
        Office::Supervisor,
    ];

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Office> {
        Office::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// A term as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermRow {
    /// Its id.
    pub id: i64,
    /// 第 N 届.
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// Positions recorded in it.
    pub positions: u64,
}

/// An office held by a member in a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionRow {
    /// The member.
    pub member_id: i64,
    /// Their name.
    pub name: String,
    /// The office.
    pub office: Office,
}

/// Why a council operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CouncilError {
    /// No such term or member.
    #[error("no {entity} with id {id}")]
    NotFound {
        /// `term` or `member`.
        entity: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl crate::DomainError for CouncilError {
    fn kind(&self) -> &'static str {
        match self {
            CouncilError::NotFound { .. } => "not_found",
            CouncilError::Database(_) => "internal",
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            CouncilError::NotFound { entity, id } => {
                serde_json::json!({ "entity": entity, "id": id })
            }
            CouncilError::Database(_) => serde_json::json!({}),
        }
    }
}

/// Every term, newest first.
pub fn list_terms(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<TermRow>> {
    let mut stmt = conn.prepare(
        "SELECT t.id, t.number, t.starts_on, t.ends_on,
                (SELECT count(*) FROM council_positions p WHERE p.term_id = t.id)
         FROM terms t ORDER BY t.number DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(TermRow {
            id: r.get(0)?,
            number: r.get(1)?,
            starts_on: r.get(2)?,
            ends_on: r.get(3)?,
            positions: r.get(4)?,
        })
    })?;
    rows.collect()
}

/// The positions of a term in protocol order of office, then by the holder's pinyin.
pub fn positions(
    conn: &rusqlite::Connection,
    term: TermId,
) -> Result<Vec<PositionRow>, CouncilError> {
    require(conn, "terms", "term", term.0)?;
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
            member_id: r.get(0)?,
            name: r.get(1)?,
            office: Office::parse(&office).unwrap_or(Office::Council),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn require(
    conn: &rusqlite::Connection,
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
    actor: crate::staff::StaffId,
    term: TermId,
    member: MemberId,
    office: Office,
    held: bool,
) -> Result<(), CouncilError> {
    require(tx, "terms", "term", term.0)?;
    require(tx, "members", "member", member.0)?;
    let changed = if held {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO council_positions (term_id, member_id, office) VALUES (?1, ?2, ?3)",
        )?;
        stmt.execute(params![term.0, member.0, office.as_str()])?
    } else {
        tx.execute(
            "DELETE FROM council_positions WHERE term_id = ?1 AND member_id = ?2 AND office = ?3",
            params![term.0, member.0, office.as_str()],
        )?
    };
    if changed > 0 {
        let action = if held { "appoint" } else { "remove_position" };
        crate::audit::record(
            tx,
            actor,
            crate::audit::Change::new(action, "term", Some(term.0)).after(Some(
                serde_json::json!({ "member_id": member.0, "office": office.as_str() }),
            )),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::{self, NewMember};
    use crate::{staff, storage};

    #[test]
    fn positions_are_listed_in_protocol_order_and_changes_audited() {
        let mut conn = storage::open_in_memory().expect("db");
        let admin = staff::default_actor(&conn, None).expect("admin").id;
        let tx = conn.transaction().expect("tx");
        let term = insert_term(&tx, 2, None, None).expect("term");
        let add = |name: &str| {
            members::insert(
                &tx,
                &NewMember {
                    name: name.into(),
                    ..NewMember::default()
                },
            )
            .expect("member")
        };
        let (a, b) = (add("王芳"), add("李明"));
        set_position(&tx, admin, term, a, Office::Council, true).expect("council");
        set_position(&tx, admin, term, b, Office::President, true).expect("president");
        set_position(&tx, admin, term, b, Office::President, true).expect("again is a no-op");
        let rows = positions(&tx, term).expect("positions");
        assert_eq!(
            rows.iter()
                .map(|r| (r.name.as_str(), r.office))
                .collect::<Vec<_>>(),
            [("李明", Office::President), ("王芳", Office::Council)]
        );
        set_position(&tx, admin, term, a, Office::Council, false).expect("remove");
        assert_eq!(positions(&tx, term).expect("positions").len(), 1);
        assert_eq!(list_terms(&tx).expect("terms")[0].positions, 1);
        let log = crate::audit::recent(
            &tx,
            &crate::audit::Filter {
                entity: Some("term".into()),
                ..Default::default()
            },
        )
        .expect("log");
        assert_eq!(log.len(), 3, "the repeated appointment wrote nothing");
        assert_eq!(
            positions(&tx, TermId(99)).expect_err("missing").to_string(),
            "no term with id 99"
        );
    }
}

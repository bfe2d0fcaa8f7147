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

//! Branches (分会): regional, industry, college or overseas, possibly nested, with members in roles.

use rusqlite::{params, Connection, Transaction};
use serde::{Deserialize, Serialize};

use crate::members::MemberId;
use crate::timestamps;

/// A branch's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BranchId(pub i64);

/// What a branch gathers alumni by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchKind {
    /// 地方校友会
    Regional,
    /// 行业校友会
    Industry,
    /// 学院校友分会
    College,
    /// 海外校友会
    Overseas,
}

impl BranchKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            BranchKind::Regional => "regional",
            BranchKind::Industry => "industry",
            BranchKind::College => "college",
            BranchKind::Overseas => "overseas",
        }
    }
}

/// A member's role in a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchRole {
    /// 会长
    President,
    /// 副会长
    VicePresident,
    /// 秘书长
    SecretaryGeneral,
    /// 联络人
    Contact,
    /// 会员
    Member,
}

impl BranchRole {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            BranchRole::President => "president",
            BranchRole::VicePresident => "vice_president",
            BranchRole::SecretaryGeneral => "secretary_general",
            BranchRole::Contact => "contact",
            BranchRole::Member => "member",
        }
    }
}

/// A branch to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBranch {
    /// Unique name, e.g. 深圳校友会.
    pub name: String,
    /// Its kind.
    pub kind: BranchKind,
    /// The branch it belongs to, if nested.
    pub parent: Option<BranchId>,
    /// Where it meets.
    pub city: Option<String>,
    /// `YYYY-MM-DD`.
    pub founded_on: Option<String>,
}

/// Adds a branch.
pub fn insert(tx: &Transaction, branch: &NewBranch) -> rusqlite::Result<BranchId> {
    tx.execute(
        "INSERT INTO branches (name, kind, parent_id, city, founded_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            branch.name,
            branch.kind.as_str(),
            branch.parent.map(|p| p.0),
            branch.city,
            branch.founded_on,
            timestamps::now_text()
        ],
    )?;
    Ok(BranchId(tx.last_insert_rowid()))
}

/// Puts a member in a branch with a role (replacing an earlier role there).
pub fn add_member(
    tx: &Transaction,
    branch: BranchId,
    member: MemberId,
    role: BranchRole,
) -> rusqlite::Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO branch_memberships (branch_id, member_id, role) VALUES (?1, ?2, ?3)
         ON CONFLICT (branch_id, member_id) DO UPDATE SET role = excluded.role",
    )?;
    stmt.execute(params![branch.0, member.0, role.as_str()])?;
    Ok(())
}

/// Branches on record, archived ones left out.
pub fn count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM branches WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )
}

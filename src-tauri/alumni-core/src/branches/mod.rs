//! Branches (分会): regional, industry, college or overseas, possibly nested, with members in roles.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
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

/// A branch as listed, with its member count; `parent_id` builds the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchRow {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: BranchKind,
    /// The branch it belongs to.
    pub parent_id: Option<i64>,
    /// Where it meets.
    pub city: Option<String>,
    /// Members on record in it.
    pub members: u64,
    /// Its president's name, if one is recorded.
    pub president: Option<String>,
}

/// A member of a branch with their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchMember {
    /// The member.
    pub member_id: i64,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: BranchRole,
    /// Graduation year, to tell namesakes apart.
    pub graduation_year: Option<i32>,
    /// College, likewise.
    pub college: Option<String>,
}

/// Why a branch operation failed.
#[derive(Debug, thiserror::Error)]
pub enum BranchError {
    /// No such branch or member.
    #[error("no {entity} with id {id}")]
    NotFound {
        /// `branch` or `member`.
        entity: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// The name is empty, too long or taken, or the parent would make a cycle.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why: `empty`, `too_long`, `duplicate`, `cycle`.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl crate::DomainError for BranchError {
    fn kind(&self) -> &'static str {
        match self {
            BranchError::NotFound { .. } => "not_found",
            BranchError::Invalid { .. } => "invalid_input",
            BranchError::Database(_) => "internal",
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            BranchError::NotFound { entity, id } => {
                serde_json::json!({ "entity": entity, "id": id })
            }
            BranchError::Invalid { field, reason } => {
                serde_json::json!({ "field": field, "reason": reason })
            }
            BranchError::Database(_) => serde_json::json!({}),
        }
    }
}

impl BranchKind {
    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "regional" => Some(BranchKind::Regional),
            "industry" => Some(BranchKind::Industry),
            "college" => Some(BranchKind::College),
            "overseas" => Some(BranchKind::Overseas),
            _ => None,
        }
    }
}

impl BranchRole {
    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "president" => Some(BranchRole::President),
            "vice_president" => Some(BranchRole::VicePresident),
            "secretary_general" => Some(BranchRole::SecretaryGeneral),
            "contact" => Some(BranchRole::Contact),
            "member" => Some(BranchRole::Member),
            _ => None,
        }
    }
}

/// Every branch on record with member counts, parents before children, by name.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<BranchRow>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.name, b.kind, b.parent_id, b.city,
                (SELECT count(*) FROM branch_memberships bm JOIN members m ON m.id = bm.member_id
                 WHERE bm.branch_id = b.id AND m.archived_at IS NULL) AS members,
                (SELECT m.name FROM branch_memberships bm JOIN members m ON m.id = bm.member_id
                 WHERE bm.branch_id = b.id AND bm.role = 'president' LIMIT 1) AS president
         FROM branches b WHERE b.archived_at IS NULL
         ORDER BY CASE b.kind WHEN 'regional' THEN 0 WHEN 'industry' THEN 1 WHEN 'college' THEN 2
                  ELSE 3 END, coalesce(b.parent_id, b.id), b.parent_id IS NOT NULL, b.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(2)?;
        Ok(BranchRow {
            id: r.get(0)?,
            name: r.get(1)?,
            kind: BranchKind::parse(&kind).unwrap_or(BranchKind::Regional),
            parent_id: r.get(3)?,
            city: r.get(4)?,
            members: r.get(5)?,
            president: r.get(6)?,
        })
    })?;
    rows.collect()
}

/// A branch's members, officers first, then by name.
pub fn members_of(conn: &Connection, branch: BranchId) -> Result<Vec<BranchMember>, BranchError> {
    require(conn, "branches", "branch", branch.0)?;
    let mut stmt = conn.prepare(
        "SELECT m.id, m.name, bm.role, m.graduation_year, m.college
         FROM branch_memberships bm JOIN members m ON m.id = bm.member_id
         WHERE bm.branch_id = ?1 AND m.archived_at IS NULL
         ORDER BY CASE bm.role WHEN 'president' THEN 0 WHEN 'vice_president' THEN 1
                  WHEN 'secretary_general' THEN 2 WHEN 'contact' THEN 3 ELSE 4 END,
                  m.name_pinyin, m.id",
    )?;
    let rows = stmt.query_map([branch.0], |r| {
        let role: String = r.get(2)?;
        Ok(BranchMember {
            member_id: r.get(0)?,
            name: r.get(1)?,
            role: BranchRole::parse(&role).unwrap_or(BranchRole::Member),
            graduation_year: r.get(3)?,
            college: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn require(
    conn: &Connection,
    table: &'static str,
    entity: &'static str,
    id: i64,
) -> Result<(), BranchError> {
    if crate::storage::exists(conn, table, id)? {
        Ok(())
    } else {
        Err(BranchError::NotFound { entity, id })
    }
}

fn check_name(conn: &Connection, name: &str, except: i64) -> Result<(), BranchError> {
    let count = name.chars().count();
    if count == 0 {
        return Err(BranchError::Invalid {
            field: "name",
            reason: "empty",
        });
    }
    if count > 60 {
        return Err(BranchError::Invalid {
            field: "name",
            reason: "too_long",
        });
    }
    let taken: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM branches WHERE name = ?1 AND id != ?2)",
        params![name, except],
        |r| r.get(0),
    )?;
    if taken {
        return Err(BranchError::Invalid {
            field: "name",
            reason: "duplicate",
        });
    }
    Ok(())
}

/// Adds a branch typed in by a person; audited.
pub fn create(
    tx: &Transaction,
    actor: crate::staff::StaffId,
    branch: &NewBranch,
) -> Result<BranchId, BranchError> {
    let name = branch.name.trim();
    check_name(tx, name, 0)?;
    if let Some(parent) = branch.parent {
        require(tx, "branches", "branch", parent.0)?;
    }
    let id = insert(
        tx,
        &NewBranch {
            name: name.to_owned(),
            ..branch.clone()
        },
    )?;
    crate::audit::record(
        tx,
        actor,
        crate::audit::Change::new("create", "branch", Some(id.0)).after(Some(
            serde_json::json!({ "name": name, "kind": branch.kind.as_str() }),
        )),
    )?;
    Ok(id)
}

/// Renames a branch, changes its kind, parent or city; audited. A parent may not be the branch
/// itself or one of its descendants.
pub fn update(
    tx: &Transaction,
    actor: crate::staff::StaffId,
    id: BranchId,
    branch: &NewBranch,
) -> Result<(), BranchError> {
    require(tx, "branches", "branch", id.0)?;
    let name = branch.name.trim();
    check_name(tx, name, id.0)?;
    if let Some(parent) = branch.parent {
        require(tx, "branches", "branch", parent.0)?;
        let cycle: bool = tx.query_row(
            "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT b.parent_id FROM branches b JOIN up ON b.id = up.id
                                      WHERE b.parent_id IS NOT NULL)
             SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)",
            params![parent.0, id.0],
            |r| r.get(0),
        )?;
        if cycle {
            return Err(BranchError::Invalid {
                field: "parent",
                reason: "cycle",
            });
        }
    }
    let before: (String, String, Option<i64>, Option<String>) = tx.query_row(
        "SELECT name, kind, parent_id, city FROM branches WHERE id = ?1",
        [id.0],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    tx.execute(
        "UPDATE branches SET name = ?2, kind = ?3, parent_id = ?4, city = ?5 WHERE id = ?1",
        params![
            id.0,
            name,
            branch.kind.as_str(),
            branch.parent.map(|p| p.0),
            branch.city
        ],
    )?;
    crate::audit::record(
        tx,
        actor,
        crate::audit::Change::new("update", "branch", Some(id.0))
            .before(Some(serde_json::json!({ "name": before.0, "kind": before.1, "parent_id": before.2, "city": before.3 })))
            .after(Some(serde_json::json!({ "name": name, "kind": branch.kind.as_str(), "parent_id": branch.parent.map(|p| p.0), "city": branch.city }))),
    )?;
    Ok(())
}

/// Sets a member's role in a branch (adding them), or removes them with `None`; audited.
pub fn set_role(
    tx: &Transaction,
    actor: crate::staff::StaffId,
    branch: BranchId,
    member: MemberId,
    role: Option<BranchRole>,
) -> Result<(), BranchError> {
    require(tx, "branches", "branch", branch.0)?;
    require(tx, "members", "member", member.0)?;
    let before: Option<String> = tx
        .query_row(
            "SELECT role FROM branch_memberships WHERE branch_id = ?1 AND member_id = ?2",
            params![branch.0, member.0],
            |r| r.get(0),
        )
        .optional()?;
    match role {
        Some(role) => add_member(tx, branch, member, role)?,
        None => {
            tx.execute(
                "DELETE FROM branch_memberships WHERE branch_id = ?1 AND member_id = ?2",
                params![branch.0, member.0],
            )?;
        }
    }
    crate::audit::record(
        tx,
        actor,
        crate::audit::Change::new("set_role", "branch", Some(branch.0))
            .before(Some(
                serde_json::json!({ "member_id": member.0, "role": before }),
            ))
            .after(Some(
                serde_json::json!({ "member_id": member.0, "role": role.map(|r| r.as_str()) }),
            )),
    )?;
    Ok(())
}

/// Archives a branch (its memberships stay on record); audited.
pub fn archive(
    tx: &Transaction,
    actor: crate::staff::StaffId,
    id: BranchId,
) -> Result<(), BranchError> {
    require(tx, "branches", "branch", id.0)?;
    let children: i64 = tx.query_row(
        "SELECT count(*) FROM branches WHERE parent_id = ?1 AND archived_at IS NULL",
        [id.0],
        |r| r.get(0),
    )?;
    if children > 0 {
        return Err(BranchError::Invalid {
            field: "branch",
            reason: "has_children",
        });
    }
    tx.execute(
        "UPDATE branches SET archived_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
        params![id.0, timestamps::now_text()],
    )?;
    crate::audit::record(
        tx,
        actor,
        crate::audit::Change::new("archive", "branch", Some(id.0)),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::members::{self, NewMember};
    use crate::{audit, staff, storage};

    #[test]
    fn branches_nest_count_members_and_refuse_cycles() {
        let mut conn = storage::open_in_memory().expect("db");
        let admin = staff::default_actor(&conn, None).expect("admin").id;
        let tx = conn.transaction().expect("tx");
        let new = |name: &str, parent: Option<BranchId>| NewBranch {
            name: name.into(),
            kind: BranchKind::Regional,
            parent,
            city: None,
            founded_on: None,
        };
        let jiangsu = create(&tx, admin, &new("江苏校友会", None)).expect("create");
        let suzhou = create(&tx, admin, &new(" 苏州校友会 ", Some(jiangsu))).expect("create");
        let member = members::insert(
            &tx,
            &NewMember {
                name: "刘东志".into(),
                ..NewMember::default()
            },
        )
        .expect("member");
        set_role(&tx, admin, suzhou, member, Some(BranchRole::President)).expect("role");

        let rows = list(&tx).expect("list");
        assert_eq!(
            rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["江苏校友会", "苏州校友会"]
        );
        assert_eq!(rows[1].members, 1);
        assert_eq!(rows[1].president.as_deref(), Some("刘东志"));
        assert_eq!(
            members_of(&tx, suzhou).expect("members")[0].role,
            BranchRole::President
        );

        let err = update(&tx, admin, jiangsu, &new("江苏校友会", Some(suzhou))).expect_err("cycle");
        assert!(matches!(
            err,
            BranchError::Invalid {
                reason: "cycle",
                ..
            }
        ));
        let err = create(&tx, admin, &new("苏州校友会", None)).expect_err("duplicate");
        assert!(matches!(
            err,
            BranchError::Invalid {
                reason: "duplicate",
                ..
            }
        ));
        assert!(matches!(
            archive(&tx, admin, jiangsu),
            Err(BranchError::Invalid {
                reason: "has_children",
                ..
            })
        ));

        set_role(&tx, admin, suzhou, member, None).expect("remove");
        assert!(members_of(&tx, suzhou).expect("members").is_empty());
        archive(&tx, admin, suzhou).expect("archive");
        assert_eq!(list(&tx).expect("list").len(), 1);
        let log = audit::recent(
            &tx,
            &audit::Filter {
                entity: Some("branch".into()),
                ..Default::default()
            },
        )
        .expect("log");
        assert_eq!(log.len(), 5);
    }
}

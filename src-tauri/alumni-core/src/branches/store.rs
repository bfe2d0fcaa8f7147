//! Branches and their memberships in SQL: the tree, the counts, the audited changes a person
//! makes, and a merged member's memberships moving to the record kept.

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::model::{
    name_problem, BranchId, BranchKind, BranchMember, BranchRole, BranchRow, NewBranch,
};
use super::BranchError;
use crate::audit::{self, Change};
use crate::members::{MemberId, Reassigned};
use crate::staff::StaffId;
use crate::timestamps;

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

/// Every branch on record with member counts, parents before children, by name.
///
/// `members` counts the distinct members on record in the branch and in every live branch
/// nested under it, at any depth: a member of both a province's branch and one of its city
/// branches counts once for the province.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<BranchRow>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE tree(root, id) AS (
             SELECT id, id FROM branches WHERE archived_at IS NULL
             UNION
             SELECT tree.root, b.id FROM branches b JOIN tree ON b.parent_id = tree.id
             WHERE b.archived_at IS NULL
         ),
         totals(branch_id, members) AS (
             SELECT tree.root, count(DISTINCT bm.member_id)
             FROM tree JOIN branch_memberships bm ON bm.branch_id = tree.id
             JOIN members m ON m.id = bm.member_id AND m.archived_at IS NULL
             GROUP BY tree.root
         )
         SELECT b.id, b.name, b.kind, b.parent_id, b.city,
                coalesce((SELECT t.members FROM totals t WHERE t.branch_id = b.id), 0) AS members,
                (SELECT count(*) FROM branch_memberships bm JOIN members m ON m.id = bm.member_id
                 WHERE bm.branch_id = b.id AND m.archived_at IS NULL) AS own_members,
                (SELECT m.name FROM branch_memberships bm JOIN members m ON m.id = bm.member_id
                 WHERE bm.branch_id = b.id AND bm.role = 'president' LIMIT 1) AS president
         FROM branches b WHERE b.archived_at IS NULL
         ORDER BY CASE b.kind WHEN 'regional' THEN 0 WHEN 'industry' THEN 1 WHEN 'college' THEN 2
                  ELSE 3 END, coalesce(b.parent_id, b.id), b.parent_id IS NOT NULL, b.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(2)?;
        Ok(BranchRow {
            id: BranchId(r.get(0)?),
            name: r.get(1)?,
            // The schema's CHECK admits only the four kinds.
            kind: BranchKind::parse(&kind).unwrap_or(BranchKind::Regional),
            parent_id: r.get::<_, Option<i64>>(3)?.map(BranchId),
            city: r.get(4)?,
            members: r.get(5)?,
            own_members: r.get(6)?,
            president: r.get(7)?,
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
            member_id: MemberId(r.get(0)?),
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
    if let Some(reason) = name_problem(name) {
        return Err(BranchError::Invalid {
            field: "name",
            reason,
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
    actor: StaffId,
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
    audit::record(
        tx,
        actor,
        Change::new("create", "branch", Some(id.0)).after(Some(
            serde_json::json!({ "name": name, "kind": branch.kind.as_str() }),
        )),
    )?;
    Ok(id)
}

/// Renames a branch, changes its kind, parent or city; audited. A parent may not be the branch
/// itself or one of its descendants.
pub fn update(
    tx: &Transaction,
    actor: StaffId,
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
    audit::record(
        tx,
        actor,
        Change::new("update", "branch", Some(id.0))
            .before(Some(serde_json::json!({ "name": before.0, "kind": before.1, "parent_id": before.2, "city": before.3 })))
            .after(Some(serde_json::json!({ "name": name, "kind": branch.kind.as_str(), "parent_id": branch.parent.map(|p| p.0), "city": branch.city }))),
    )?;
    Ok(())
}

/// Sets a member's role in a branch (adding them), or removes them with `None`; audited.
pub fn set_role(
    tx: &Transaction,
    actor: StaffId,
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
    audit::record(
        tx,
        actor,
        Change::new("set_role", "branch", Some(branch.0))
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
pub fn archive(tx: &Transaction, actor: StaffId, id: BranchId) -> Result<(), BranchError> {
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
    audit::record(tx, actor, Change::new("archive", "branch", Some(id.0)))?;
    Ok(())
}

/// Moves every branch membership of `from` to `into`, for a merge of two records of one
/// person. Where `into` is already in the branch, its own role wins and `from`'s membership
/// is dropped. Not audited here: the merge writes one entry for the whole change.
pub fn reassign_member(
    tx: &Transaction,
    from: MemberId,
    into: MemberId,
) -> rusqlite::Result<Reassigned> {
    if from == into {
        return Ok(Reassigned::default());
    }
    let moved = tx.execute(
        "INSERT OR IGNORE INTO branch_memberships (branch_id, member_id, role, since)
         SELECT branch_id, ?1, role, since FROM branch_memberships WHERE member_id = ?2",
        params![into.0, from.0],
    )?;
    let removed = tx.execute(
        "DELETE FROM branch_memberships WHERE member_id = ?1",
        [from.0],
    )?;
    Ok(Reassigned {
        moved: moved as u64,
        dropped: removed.saturating_sub(moved) as u64,
    })
}

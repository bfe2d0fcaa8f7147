//! Staff profiles in SQL.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::{Role, Staff, StaffError, StaffId};
use crate::{audit, timestamps};

const MAX_NAME_CHARS: usize = 40;

fn from_row(row: &Row) -> rusqlite::Result<Staff> {
    let role: String = row.get("role")?;
    Ok(Staff {
        id: StaffId(row.get("id")?),
        name: row.get("name")?,
        // The schema's CHECK admits only the two roles.
        role: Role::parse(&role).unwrap_or(Role::Staff),
        active: row.get("active")?,
    })
}

/// Every profile, admins first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Staff>, StaffError> {
    let mut stmt = conn.prepare(
        "SELECT id, name, role, active FROM staff ORDER BY role = 'admin' DESC, name, id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One profile by id.
pub fn get(conn: &Connection, id: StaffId) -> Result<Staff, StaffError> {
    conn.query_row(
        "SELECT id, name, role, active FROM staff WHERE id = ?1",
        [id.0],
        from_row,
    )
    .optional()?
    .ok_or_else(|| StaffError::NotFound {
        what: id.0.to_string(),
    })
}

/// The profile that acts when none was chosen: the given name, or the first active admin.
pub fn default_actor(conn: &Connection, name: Option<&str>) -> Result<Staff, StaffError> {
    let found = match name {
        Some(name) => conn
            .query_row(
                "SELECT id, name, role, active FROM staff WHERE name = ?1 AND active = 1",
                [name],
                from_row,
            )
            .optional()?,
        None => conn
            .query_row(
                "SELECT id, name, role, active FROM staff WHERE role = 'admin' AND active = 1
                 ORDER BY id LIMIT 1",
                [],
                from_row,
            )
            .optional()?,
    };
    found.ok_or_else(|| StaffError::NotFound {
        what: name.unwrap_or("admin").to_owned(),
    })
}

/// Adds a profile; the audit log records who added it.
pub fn create(
    tx: &Transaction,
    actor: StaffId,
    name: &str,
    role: Role,
) -> Result<Staff, StaffError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(StaffError::InvalidName { reason: "empty" });
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(StaffError::InvalidName { reason: "too_long" });
    }
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM staff WHERE name = ?1)",
        [name],
        |r| r.get(0),
    )?;
    if exists {
        return Err(StaffError::DuplicateName {
            name: name.to_owned(),
        });
    }
    tx.execute(
        "INSERT INTO staff (name, role, created_at) VALUES (?1, ?2, ?3)",
        params![name, role.as_str(), timestamps::now_text()],
    )?;
    let staff = Staff {
        id: StaffId(tx.last_insert_rowid()),
        name: name.to_owned(),
        role,
        active: true,
    };
    let after = serde_json::to_value(&staff).ok();
    audit::record(
        tx,
        actor,
        audit::Change::new("create", "staff", Some(staff.id.0)).after(after),
    )?;
    Ok(staff)
}

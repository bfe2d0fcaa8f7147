//! Staff profiles in SQL: profiles, their PIN hashes, switches.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde_json::json;

use super::model::{check_pin_format, require, Action, Role, Staff, StaffError, StaffId};
use super::pin;
use crate::{audit, timestamps};

const MAX_NAME_CHARS: usize = 40;

/// The columns [`from_row`] reads; `pin_hash` only as whether there is one.
const COLUMNS: &str = "id, name, role, active, pin_hash IS NOT NULL AS has_pin";

fn from_row(row: &Row) -> rusqlite::Result<Staff> {
    let role: String = row.get("role")?;
    Ok(Staff {
        id: StaffId(row.get("id")?),
        name: row.get("name")?,
        // The schema's CHECK admits only the two roles.
        role: Role::parse(&role).unwrap_or(Role::Staff),
        active: row.get("active")?,
        has_pin: row.get("has_pin")?,
    })
}

/// Every profile, admins first, then by name.
pub fn list(conn: &Connection) -> Result<Vec<Staff>, StaffError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM staff ORDER BY role = 'admin' DESC, name, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One profile by id.
pub fn get(conn: &Connection, id: StaffId) -> Result<Staff, StaffError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM staff WHERE id = ?1"),
        [id.0],
        from_row,
    )
    .optional()?
    .ok_or_else(|| StaffError::NotFound {
        what: id.0.to_string(),
    })
}

/// The profile that acts when none was chosen: the given name, or the first active admin.
/// Says nothing about PINs: a door that takes a name from its user checks an admin's PIN with
/// [`verify_pin`] (see [`Staff::needs_pin`]).
pub fn default_actor(conn: &Connection, name: Option<&str>) -> Result<Staff, StaffError> {
    let found = match name {
        Some(name) => conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM staff WHERE name = ?1 AND active = 1"),
                [name],
                from_row,
            )
            .optional()?,
        None => conn
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM staff WHERE role = 'admin' AND active = 1
                     ORDER BY id LIMIT 1"
                ),
                [],
                from_row,
            )
            .optional()?,
    };
    found.ok_or_else(|| StaffError::NotFound {
        what: name.unwrap_or("admin").to_owned(),
    })
}

/// The profile a door acts as when it opens without asking anyone: the first active admin
/// while it has no PIN (a fresh office, which then sets one), otherwise the first active staff
/// profile. When every active profile is an admin with a PIN, `PinRequired` names the first
/// admin: the door asks for its PIN ([`verify_pin`]) before acting.
pub fn opening_actor(conn: &Connection) -> Result<Staff, StaffError> {
    let admin = default_actor(conn, None)?;
    if !admin.needs_pin() {
        return Ok(admin);
    }
    let staff = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM staff WHERE role = 'staff' AND active = 1
                 ORDER BY id LIMIT 1"
            ),
            [],
            from_row,
        )
        .optional()?;
    staff.ok_or(StaffError::PinRequired { name: admin.name })
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
        has_pin: false,
    };
    audit::record(
        tx,
        actor,
        audit::Change::new("create", "staff", Some(staff.id.0)).after(Some(json!({
            "name": staff.name,
            "role": staff.role,
        }))),
    )?;
    Ok(staff)
}

fn stored_hash(conn: &Connection, id: StaffId) -> Result<Option<String>, StaffError> {
    Ok(conn
        .query_row("SELECT pin_hash FROM staff WHERE id = ?1", [id.0], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// Checks `pin` against the profile's PIN: `Ok` when it matches, `WrongPin` when not,
/// `PinRequiredToSet` when the profile has no PIN (nothing to prove it with). For the CLI's
/// `--staff` of an admin with a PIN (from a prompt or `ALUMNI_DESK_PIN`).
pub fn verify_pin(conn: &Connection, staff: &Staff, pin: &str) -> Result<(), StaffError> {
    match stored_hash(conn, staff.id)? {
        None => Err(StaffError::PinRequiredToSet {
            name: staff.name.clone(),
        }),
        Some(stored) if pin::matches(pin, &stored) => Ok(()),
        Some(_) => Err(StaffError::WrongPin),
    }
}

/// Sets the PIN of profile `staff_id` to `new_pin` (4–12 digits), stored as a salted hash.
/// A profile may set its own PIN (giving `old_pin` when it has one: `pin_required` without it,
/// `wrong_pin` when it does not match); setting another's needs [`Action::ManageStaff`] and no
/// old PIN (an admin resets a forgotten one). Audited as `set_pin`, without any PIN or hash.
pub fn set_pin(
    tx: &Transaction,
    actor: &Staff,
    staff_id: StaffId,
    new_pin: &str,
    old_pin: Option<&str>,
) -> Result<(), StaffError> {
    let target = get(tx, staff_id)?;
    if actor.id == target.id {
        if let Some(stored) = stored_hash(tx, target.id)? {
            let old = old_pin.ok_or_else(|| StaffError::PinRequired {
                name: target.name.clone(),
            })?;
            if !pin::matches(old, &stored) {
                return Err(StaffError::WrongPin);
            }
        }
    } else {
        require(actor, Action::ManageStaff)?;
    }
    check_pin_format(new_pin)?;
    let hashed = pin::hash(new_pin)?;
    tx.execute(
        "UPDATE staff SET pin_hash = ?2 WHERE id = ?1",
        params![target.id.0, hashed],
    )?;
    audit::record(
        tx,
        actor.id,
        audit::Change::new("set_pin", "staff", Some(target.id.0)).after(Some(json!({
            "has_pin": true,
        }))),
    )?;
    Ok(())
}

/// Makes `target` the acting profile instead of `current` and returns it. A staff profile needs
/// no PIN; an admin needs its PIN (`pin_required` when `pin` is `None`, `wrong_pin` when it does
/// not match, `pin_required_to_set` when the admin has none yet). An inactive profile is
/// refused. Every switch is audited as `switch_staff` (by `current`, on `target`); choosing the
/// current profile again changes nothing and records nothing.
pub fn switch_to(
    tx: &Transaction,
    current: &Staff,
    target: StaffId,
    pin: Option<&str>,
) -> Result<Staff, StaffError> {
    let chosen = get(tx, target)?;
    if !chosen.active {
        return Err(StaffError::Inactive { name: chosen.name });
    }
    if chosen.id == current.id {
        return Ok(chosen);
    }
    if chosen.is_admin() {
        match (stored_hash(tx, chosen.id)?, pin) {
            (None, _) => return Err(StaffError::PinRequiredToSet { name: chosen.name }),
            (Some(_), None) => return Err(StaffError::PinRequired { name: chosen.name }),
            (Some(stored), Some(given)) => {
                if !pin::matches(given, &stored) {
                    return Err(StaffError::WrongPin);
                }
            }
        }
    }
    audit::record(
        tx,
        current.id,
        audit::Change::new("switch_staff", "staff", Some(chosen.id.0))
            .before(Some(json!({ "staff": current.name })))
            .after(Some(json!({ "staff": chosen.name }))),
    )?;
    Ok(chosen)
}

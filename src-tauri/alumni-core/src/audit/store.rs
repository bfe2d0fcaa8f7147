//! The audit log in SQL: appending entries, and reading them back with their subject's name.

use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, Transaction};
use serde_json::Value;

use super::model::{field_changes, Change, Entry, FieldChange, Filter};
use crate::staff::StaffId;
use crate::timestamps;

/// Appends an entry in the caller's transaction.
pub fn record(tx: &Transaction, actor: StaffId, change: Change) -> rusqlite::Result<()> {
    let text = |v: &Option<Value>| v.as_ref().map(Value::to_string);
    tx.execute(
        "INSERT INTO audit_log (at, staff_id, action, entity, entity_id, before_json, after_json, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            timestamps::now_text(),
            actor.0,
            change.action,
            change.entity,
            change.entity_id,
            text(&change.before),
            text(&change.after),
            change.note,
        ],
    )?;
    Ok(())
}

/// The entry's record in words, read now (records are archived, never deleted, so the name is
/// there; a renamed record shows its current name, its old one is in `changes`).
const SUBJECT: &str = "CASE a.entity
        WHEN 'member' THEN (SELECT name FROM members WHERE id = a.entity_id)
        WHEN 'attendee' THEN (SELECT name FROM attendees WHERE id = a.entity_id)
        WHEN 'staff' THEN (SELECT name FROM staff WHERE id = a.entity_id)
        WHEN 'branch' THEN (SELECT name FROM branches WHERE id = a.entity_id)
        WHEN 'meeting' THEN (SELECT title FROM meetings WHERE id = a.entity_id)
        WHEN 'election' THEN (SELECT title FROM elections WHERE id = a.entity_id)
        WHEN 'member_review' THEN (SELECT m.name FROM member_reviews r
                                   JOIN members m ON m.id = r.member_id WHERE r.id = a.entity_id)
    END";

fn from_row(row: &Row) -> rusqlite::Result<Entry> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let at: String = row.get("at")?;
    let action: String = row.get("action")?;
    let before: Option<Value> = json(row.get("before_json")?);
    let after: Option<Value> = json(row.get("after_json")?);
    let changes = field_changes(&action, before.as_ref(), after.as_ref());
    Ok(Entry {
        id: row.get("id")?,
        at: timestamps::to_local_rfc3339(&at),
        staff_id: row.get("staff_id")?,
        staff_name: row.get("staff_name")?,
        action,
        entity: row.get("entity")?,
        entity_id: row.get("entity_id")?,
        before,
        after,
        note: row.get("note")?,
        subject: row.get("subject")?,
        changes,
    })
}

/// The newest entries that pass the filter.
pub fn recent(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<Entry>> {
    let mut sql = format!(
        "SELECT a.id, a.at, a.staff_id, s.name AS staff_name, a.action, a.entity, a.entity_id,
                a.before_json, a.after_json, a.note, {SUBJECT} AS subject
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE 1 = 1"
    );
    let mut values: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(entity) = &filter.entity {
        sql.push_str(" AND a.entity = ?");
        values.push(entity.clone().into());
    }
    if let Some(id) = filter.entity_id {
        sql.push_str(" AND a.entity_id = ?");
        values.push(id.into());
    }
    if let Some(id) = filter.staff_id {
        sql.push_str(" AND a.staff_id = ?");
        values.push(id.into());
    }
    if let Some(action) = &filter.action {
        sql.push_str(" AND a.action = ?");
        values.push(action.clone().into());
    }
    sql.push_str(" ORDER BY a.id DESC LIMIT ?");
    values.push(i64::from(filter.limit.unwrap_or(200)).into());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(values), from_row)?;
    let mut entries: Vec<Entry> = rows.collect::<rusqlite::Result<_>>()?;
    for entry in &mut entries {
        for change in &mut entry.changes {
            name_ids(conn, change)?;
        }
    }
    Ok(entries)
}

/// Ids in a change become names: `member_id` 17 → `member` "刘东志", `parent_id` → the parent
/// branch's name. An id whose record is gone stays a number.
fn name_ids(conn: &Connection, change: &mut FieldChange) -> rusqlite::Result<()> {
    let (field, sql) = match change.field.as_str() {
        "member_id" => ("member", "SELECT name FROM members WHERE id = ?1"),
        "parent_id" => ("parent_branch", "SELECT name FROM branches WHERE id = ?1"),
        _ => return Ok(()),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    for value in [&mut change.before, &mut change.after] {
        if let Some(id) = value.as_i64() {
            if let Some(name) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                *value = Value::String(name);
            }
        }
    }
    change.field = field.to_owned();
    Ok(())
}

//! The audit log: which staff profile did what, when, with the record before and after.
//!
//! Rows are only ever appended, inside the transaction of the change they describe, so a change
//! and its entry are committed or rolled back together.

use rusqlite::{params, params_from_iter, Connection, Row, Transaction};
use serde::Serialize;
use serde_json::Value;

use crate::staff::StaffId;
use crate::timestamps;

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    action: &'a str,
    entity: &'a str,
    entity_id: Option<i64>,
    before: Option<Value>,
    after: Option<Value>,
    note: Option<String>,
}

impl<'a> Change<'a> {
    /// A change of kind `action` (`create`, `update`, `export`, `restore` …) to an entity.
    pub fn new(action: &'a str, entity: &'a str, entity_id: Option<i64>) -> Self {
        Change {
            action,
            entity,
            entity_id,
            before: None,
            after: None,
            note: None,
        }
    }

    /// The record as it was.
    pub fn before(mut self, before: Option<Value>) -> Self {
        self.before = before;
        self
    }

    /// The record as it is now.
    pub fn after(mut self, after: Option<Value>) -> Self {
        self.after = after;
        self
    }

    /// Free text, e.g. a file name for an export.
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

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

/// An entry as shown in the log.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// Its id, increasing with time.
    pub id: i64,
    /// When, RFC 3339 in local time.
    pub at: String,
    /// The profile that acted.
    pub staff_id: Option<i64>,
    /// Its name.
    pub staff_name: Option<String>,
    /// What was done.
    pub action: String,
    /// To what kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: Option<i64>,
    /// The record before.
    pub before: Option<Value>,
    /// The record after.
    pub after: Option<Value>,
    /// Free text.
    pub note: Option<String>,
}

/// Which entries to show; empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only this kind of record.
    pub entity: Option<String>,
    /// Only this record (with `entity`).
    pub entity_id: Option<i64>,
    /// Only this profile's changes.
    pub staff_id: Option<i64>,
    /// Only this action (`update`, `export` …).
    pub action: Option<String>,
    /// At most this many, newest first (default 200).
    pub limit: Option<u32>,
}

fn from_row(row: &Row) -> rusqlite::Result<Entry> {
    let json = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    let at: String = row.get("at")?;
    Ok(Entry {
        id: row.get("id")?,
        at: timestamps::to_local_rfc3339(&at),
        staff_id: row.get("staff_id")?,
        staff_name: row.get("staff_name")?,
        action: row.get("action")?,
        entity: row.get("entity")?,
        entity_id: row.get("entity_id")?,
        before: json(row.get("before_json")?),
        after: json(row.get("after_json")?),
        note: row.get("note")?,
    })
}

/// The newest entries that pass the filter.
pub fn recent(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<Entry>> {
    let mut sql = String::from(
        "SELECT a.id, a.at, a.staff_id, s.name AS staff_name, a.action, a.entity, a.entity_id,
                a.before_json, a.after_json, a.note
         FROM audit_log a LEFT JOIN staff s ON s.id = a.staff_id WHERE 1 = 1",
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
    rows.collect()
}

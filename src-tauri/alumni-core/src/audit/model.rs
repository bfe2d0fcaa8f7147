//! Audit log types and the pure rule that turns a record before and after into changed fields.

use serde::Serialize;
use serde_json::{Map, Value};

/// One change to record.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub(super) action: &'a str,
    pub(super) entity: &'a str,
    pub(super) entity_id: Option<i64>,
    pub(super) before: Option<Value>,
    pub(super) after: Option<Value>,
    pub(super) note: Option<String>,
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

/// One field an entry touched: its code (a member field such as `employer`, or `rows`,
/// `columns`, `staff`, `member` …) with the value before and after (`null` when absent). Values
/// are plain JSON (text, numbers, true/false, lists of codes) for the UI to phrase; ids of
/// members are already names. Equal before and after marks context (e.g. which member a
/// branch role is about), not a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The field's code.
    pub field: String,
    /// Its value before.
    pub before: Value,
    /// Its value after.
    pub after: Value,
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
    /// The record in words: a member's, attendee's, staff profile's or branch's name, a
    /// meeting's or election's title; `None` when the entry is about no one record (an export)
    /// or the record is gone.
    pub subject: Option<String>,
    /// The fields touched, by field code.
    pub changes: Vec<FieldChange>,
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

fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    match value {
        Some(Value::Object(map)) => Some(map),
        _ => None,
    }
}

/// Keys that say nothing to a reader: the record's own id is the entry's `entity_id`.
const HIDDEN: &[&str] = &["id"];

/// Keys that name who or what a change is about: shown even when equal before and after.
const CONTEXT: &[&str] = &["member_id"];

/// The fields an entry touched, from its action and the record before and after.
///
/// Both sides records: the keys whose values differ (context keys always). One side only: its
/// keys with a value (a creation, an export's figures, a deletion). A merge compares the kept
/// record before with after and names the merged record (`merged_member`).
pub fn field_changes(
    action: &str,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<FieldChange> {
    if action == "merge" {
        if let Some(Value::Object(merge)) = before {
            let mut changes = field_changes("update", merge.get("kept"), after);
            let merged_name = merge
                .get("merged")
                .and_then(|m| m.get("name"))
                .cloned()
                .unwrap_or(Value::Null);
            changes.push(FieldChange {
                field: "merged_member".to_owned(),
                before: merged_name,
                after: Value::Null,
            });
            return changes;
        }
    }
    let empty = Map::new();
    match (before, after) {
        (None | Some(Value::Null), None | Some(Value::Null)) => Vec::new(),
        (b, a) if object(b).is_some() || object(a).is_some() => {
            let was = object(b).unwrap_or(&empty);
            let now = object(a).unwrap_or(&empty);
            let one_sided = object(b).is_none() || object(a).is_none();
            let keys = was
                .keys()
                .chain(now.keys().filter(|k| !was.contains_key(*k)));
            keys.filter(|k| !HIDDEN.contains(&k.as_str()))
                .filter_map(|key| {
                    let before = was.get(key).cloned().unwrap_or(Value::Null);
                    let after = now.get(key).cloned().unwrap_or(Value::Null);
                    let shown = if one_sided {
                        !before.is_null() || !after.is_null()
                    } else {
                        before != after || CONTEXT.contains(&key.as_str())
                    };
                    shown.then(|| FieldChange {
                        field: key.clone(),
                        before,
                        after,
                    })
                })
                .collect()
        }
        (b, a) => vec![FieldChange {
            field: "value".to_owned(),
            before: b.cloned().unwrap_or(Value::Null),
            after: a.cloned().unwrap_or(Value::Null),
        }],
    }
}

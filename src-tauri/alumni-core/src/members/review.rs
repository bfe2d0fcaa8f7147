//! The review queue: imported rows a person must decide on (a probable duplicate, a field that
//! differs from the record). Each is merged into the record field by field, added as a new
//! member, or dismissed; the decision and its effect are audited together.

use rusqlite::{Connection, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::record::{self, Member, MemberError};
use super::{store, MemberId, NewMember, ReviewStatus};
use crate::audit::{self, Change};
use crate::staff::StaffId;

/// How many items are open.
pub use super::store::open_review_count as open_count;

/// An open item of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewItem {
    /// Its id.
    pub id: i64,
    /// When the import put it here, RFC 3339 local.
    pub created_at: String,
    /// The imported file's name.
    pub source: String,
    /// The row the user sees in that spreadsheet.
    pub row: i64,
    /// `probable_duplicate`, `conflict`, `ambiguous_match`, `archived_match`.
    pub kind: String,
    /// The details (conflicting fields with both values, candidate members).
    pub detail: Value,
    /// The record it concerns, if any.
    pub member_id: Option<MemberId>,
    /// The imported row as a record.
    pub incoming: NewMember,
    /// The record on file, masked; `None` when there is none.
    pub existing: Option<Member>,
}

/// What to do with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Write the chosen fields to the existing record.
    Merge,
    /// Add the imported row as a new member.
    Insert,
    /// Leave the register as it is.
    Dismiss,
}

/// The imported row as a record; fields the row lacks stay empty.
fn incoming(row: &Value) -> NewMember {
    let mut base = match serde_json::to_value(NewMember::default()) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    if let Value::Object(row) = row {
        for (key, value) in row {
            if base.contains_key(key) {
                base.insert(key.clone(), value.clone());
            }
        }
    }
    serde_json::from_value(Value::Object(base)).unwrap_or_default()
}

/// The open items, oldest first.
pub fn open_items(conn: &Connection) -> Result<Vec<ReviewItem>, MemberError> {
    store::reviews(conn, Some(ReviewStatus::Open))?
        .into_iter()
        .map(|review| {
            let existing = match review.member_id {
                Some(m) => match record::detail(conn, m) {
                    Ok(d) => Some(d.member),
                    Err(MemberError::NotFound { .. }) => None,
                    Err(e) => return Err(e),
                },
                None => None,
            };
            Ok(ReviewItem {
                id: review.id,
                created_at: review.created_at,
                source: review.source_name,
                row: i64::from(review.row_number),
                kind: review.reason_kind,
                detail: review.reason,
                member_id: review.member_id,
                incoming: incoming(&review.row),
                existing,
            })
        })
        .collect()
}

/// Two records on file that are probably the same person: the same name, graduation year and
/// college (DESIGN.md "Identity"). Both masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    /// The older record (lower id), kept by default.
    pub first: Member,
    /// The newer record.
    pub second: Member,
}

/// Probable duplicates among the records on file, oldest pairs first, at most `limit`.
pub fn register_duplicates(
    conn: &Connection,
    limit: u32,
) -> Result<Vec<DuplicatePair>, MemberError> {
    let ids = store::duplicate_pairs(conn, limit)?;
    ids.into_iter()
        .map(|(a, b)| {
            Ok(DuplicatePair {
                first: record::detail(conn, a)?.member,
                second: record::detail(conn, b)?.member,
            })
        })
        .collect()
}

/// Decides an open item. `Merge` writes `fields` (required) to the record the item concerns;
/// `Insert` adds the imported row as a new member (or `fields`, the row as corrected, when
/// given); `Dismiss` changes nothing but the queue.
pub fn resolve(
    tx: &Transaction,
    actor: StaffId,
    id: i64,
    resolution: Resolution,
    fields: Option<NewMember>,
) -> Result<Option<Member>, MemberError> {
    let (member_id, row_json) = store::open_review(tx, id)?.ok_or(MemberError::NotFound { id })?;
    let row: Value = serde_json::from_str(&row_json).unwrap_or(Value::Null);
    let (result, status) = match resolution {
        Resolution::Merge => {
            let member = member_id.ok_or(MemberError::Invalid {
                field: "member",
                reason: "nothing_to_merge",
            })?;
            let fields = fields.ok_or(MemberError::Invalid {
                field: "fields",
                reason: "empty",
            })?;
            (
                Some(record::update(tx, actor, member, fields)?),
                ReviewStatus::Merged,
            )
        }
        // The row as corrected on the review screen (damaged text mended), else as imported.
        Resolution::Insert => (
            Some(record::create(
                tx,
                actor,
                fields.unwrap_or_else(|| incoming(&row)),
            )?),
            ReviewStatus::Merged,
        ),
        Resolution::Dismiss => (None, ReviewStatus::Dismissed),
    };
    store::close_review(tx, id, status, actor)?;
    audit::record(
        tx,
        actor,
        Change::new("resolve_review", "member_review", Some(id))
            .after(Some(json!({ "resolution": resolution, "member_id": result.as_ref().map(|m| m.id).or(member_id) }))),
    )?;
    Ok(result)
}

#[cfg(test)]
#[path = "review_tests.rs"]
mod tests;

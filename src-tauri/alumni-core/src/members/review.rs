//! The review queue: imported rows a person must decide on (a probable duplicate, a field that
//! differs from the record). Each is merged into the record field by field, added as a new
//! member, or dismissed; the decision and its effect are audited together.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::record::{self, Member, MemberError};
use super::{MemberId, NewMember};
use crate::audit::{self, Change};
use crate::staff::StaffId;
use crate::timestamps;

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
    pub member_id: Option<i64>,
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
fn incoming(row_json: &str) -> NewMember {
    let mut base = match serde_json::to_value(NewMember::default()) {
        Ok(Value::Object(map)) => map,
        _ => serde_json::Map::new(),
    };
    if let Ok(Value::Object(row)) = serde_json::from_str::<Value>(row_json) {
        for (key, value) in row {
            if base.contains_key(&key) {
                base.insert(key, value);
            }
        }
    }
    serde_json::from_value(Value::Object(base)).unwrap_or_default()
}

/// The open items, oldest first.
pub fn open_items(conn: &Connection) -> Result<Vec<ReviewItem>, MemberError> {
    let mut stmt = conn.prepare(
        "SELECT id, created_at, source_name, row_number, reason_kind, reason_json, member_id, row_json
         FROM member_reviews WHERE status = 'open' ORDER BY id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, Option<i64>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    rows.into_iter()
        .map(
            |(id, created_at, source, row, kind, detail, member_id, row_json)| {
                let existing = match member_id {
                    Some(m) => match record::detail(conn, MemberId(m)) {
                        Ok(d) => Some(d.member),
                        Err(MemberError::NotFound { .. }) => None,
                        Err(e) => return Err(e),
                    },
                    None => None,
                };
                Ok(ReviewItem {
                    id,
                    created_at: timestamps::to_local_rfc3339(&created_at),
                    source,
                    row,
                    kind,
                    detail: serde_json::from_str(&detail).unwrap_or(Value::String(detail)),
                    member_id,
                    incoming: incoming(&row_json),
                    existing,
                })
            },
        )
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
    let mut stmt = conn.prepare(
        "SELECT a.id, b.id FROM members a
         JOIN members b ON b.name = a.name AND b.graduation_year = a.graduation_year
                       AND b.college = a.college AND b.id > a.id
         WHERE a.archived_at IS NULL AND b.archived_at IS NULL
         ORDER BY a.id, b.id LIMIT ?1",
    )?;
    let ids = stmt
        .query_map([limit], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
        .collect::<Result<Vec<_>, _>>()?;
    ids.into_iter()
        .map(|(a, b)| {
            Ok(DuplicatePair {
                first: record::detail(conn, MemberId(a))?.member,
                second: record::detail(conn, MemberId(b))?.member,
            })
        })
        .collect()
}

/// How many items are open.
pub fn open_count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM member_reviews WHERE status = 'open'",
        [],
        |r| r.get(0),
    )
}

/// Decides an open item. `Merge` writes `fields` (required) to the record the item concerns;
/// `Insert` adds the imported row as a new member; `Dismiss` changes nothing but the queue.
pub fn resolve(
    tx: &Transaction,
    actor: StaffId,
    id: i64,
    resolution: Resolution,
    fields: Option<NewMember>,
) -> Result<Option<Member>, MemberError> {
    let found: Option<(Option<i64>, String)> = tx
        .query_row(
            "SELECT member_id, row_json FROM member_reviews WHERE id = ?1 AND status = 'open'",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (member_id, row_json) = found.ok_or(MemberError::NotFound { id })?;
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
                Some(record::update(tx, actor, MemberId(member), fields)?),
                "merged",
            )
        }
        Resolution::Insert => (
            Some(record::create(tx, actor, incoming(&row_json))?),
            "merged",
        ),
        Resolution::Dismiss => (None, "dismissed"),
    };
    tx.execute(
        "UPDATE member_reviews SET status = ?2, resolved_at = ?3, resolved_by = ?4 WHERE id = ?1",
        params![id, status, timestamps::now_text(), actor.0],
    )?;
    audit::record(
        tx,
        actor,
        Change::new("resolve_review", "member_review", Some(id))
            .after(Some(json!({ "resolution": resolution, "member_id": result.as_ref().map(|m| m.id).or(member_id) }))),
    )?;
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{staff, storage};

    fn queue(tx: &Transaction, member: Option<i64>, row: &Value) -> i64 {
        tx.execute(
            "INSERT INTO member_reviews (created_at, source_name, row_number, member_id, reason_kind, reason_json, row_json)
             VALUES ('2026-11-25T01:00:00Z', '名单.xlsx', 7, ?1, 'conflict', '{\"conflicts\":[{\"field\":\"employer\"}]}', ?2)",
            params![member, row.to_string()],
        )
        .expect("queue");
        tx.last_insert_rowid()
    }

    #[test]
    fn merge_insert_and_dismiss_close_items_and_are_audited() {
        let mut conn = storage::open_in_memory().expect("db");
        let admin = staff::default_actor(&conn, None).expect("admin").id;
        let tx = conn.transaction().expect("tx");
        let on_file = record::create(
            &tx,
            admin,
            NewMember {
                name: "刘东志".into(),
                employer: Some("中兴通讯股份有限公司".into()),
                ..NewMember::default()
            },
        )
        .expect("create");
        let row = json!({ "name": "刘东志", "employer": "华为技术有限公司", "unknown": 1 });
        let merge_id = queue(&tx, Some(on_file.id), &row);
        let insert_id = queue(
            &tx,
            None,
            &json!({ "name": "王芳", "graduation_year": 2008 }),
        );
        let dismiss_id = queue(&tx, Some(on_file.id), &row);

        let items = open_items(&tx).expect("items");
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0].incoming.employer.as_deref(),
            Some("华为技术有限公司")
        );
        assert_eq!(items[0].existing.as_ref().map(|m| m.id), Some(on_file.id));
        assert_eq!(items[0].detail["conflicts"][0]["field"], "employer");
        assert_eq!(items[1].incoming.graduation_year, Some(2008));

        let chosen = items[0].incoming.clone();
        let merged = resolve(&tx, admin, merge_id, Resolution::Merge, Some(chosen)).expect("merge");
        assert_eq!(
            merged.and_then(|m| m.fields.employer).as_deref(),
            Some("华为技术有限公司")
        );
        let added = resolve(&tx, admin, insert_id, Resolution::Insert, None).expect("insert");
        assert_eq!(added.map(|m| m.fields.name).as_deref(), Some("王芳"));
        assert!(resolve(&tx, admin, dismiss_id, Resolution::Dismiss, None)
            .expect("dismiss")
            .is_none());
        assert_eq!(open_count(&tx).expect("count"), 0);
        assert!(matches!(
            resolve(&tx, admin, merge_id, Resolution::Dismiss, None),
            Err(MemberError::NotFound { .. })
        ));
        let log = audit::recent(
            &tx,
            &audit::Filter {
                entity: Some("member_review".into()),
                ..Default::default()
            },
        )
        .expect("log");
        assert_eq!(log.len(), 3);
    }

    #[test]
    fn register_duplicates_pair_same_name_year_and_college() {
        let mut conn = storage::open_in_memory().expect("db");
        let tx = conn.transaction().expect("tx");
        let add = |name: &str, year: i32, college: &str| {
            crate::members::insert(
                &tx,
                &NewMember {
                    name: name.into(),
                    graduation_year: Some(year),
                    college: Some(college.into()),
                    ..NewMember::default()
                },
            )
            .expect("insert")
        };
        let a = add("王芳", 2008, "理学院");
        add("王芳", 2009, "理学院");
        add("王芳", 2008, "外国语学院");
        let b = add("王芳", 2008, "理学院");
        add("李明", 2008, "理学院");
        let pairs = register_duplicates(&tx, 10).expect("pairs");
        assert_eq!(pairs.len(), 1);
        assert_eq!((pairs[0].first.id, pairs[0].second.id), (a.0, b.0));
        assert!(pairs[0].first.masked);
    }
}

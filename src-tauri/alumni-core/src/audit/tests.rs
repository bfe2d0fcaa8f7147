//! The audit log reads as a person would: subjects by name, changed fields, ids as names.

use serde_json::{json, Value};

use super::*;
use crate::{staff, storage};

fn change(field: &str, before: Value, after: Value) -> FieldChange {
    FieldChange {
        field: field.to_owned(),
        before,
        after,
    }
}

/// (action, before, after, the changes expected)
type Case = (&'static str, Option<Value>, Option<Value>, Vec<FieldChange>);

#[test]
fn changes_are_the_fields_touched() {
    let cases: Vec<Case> = vec![
        // An edit: only what differs.
        (
            "update",
            Some(json!({ "employer": "申江银行", "city": "上海" })),
            Some(json!({ "employer": "申江证券", "city": "上海" })),
            vec![change("employer", json!("申江银行"), json!("申江证券"))],
        ),
        // A creation: what it was created with, its own id left out.
        (
            "create",
            None,
            Some(json!({ "id": 3, "name": "王芳", "role": "staff", "gender": null })),
            vec![
                change("name", Value::Null, json!("王芳")),
                change("role", Value::Null, json!("staff")),
            ],
        ),
        // An export: its figures, not a creation of anything.
        (
            "export",
            None,
            Some(json!({ "rows": 20, "columns": ["name", "phone"], "masked": true })),
            vec![
                change("columns", Value::Null, json!(["name", "phone"])),
                change("masked", Value::Null, json!(true)),
                change("rows", Value::Null, json!(20)),
            ],
        ),
        // A branch role: the member it is about stays as context.
        (
            "set_role",
            Some(json!({ "member_id": 7, "role": null })),
            Some(json!({ "member_id": 7, "role": "secretary_general" })),
            vec![
                change("member_id", json!(7), json!(7)),
                change("role", Value::Null, json!("secretary_general")),
            ],
        ),
        // A merge: the kept record's changes and the record merged into it.
        (
            "merge",
            Some(json!({
                "kept": { "name": "刘东志", "phone": null },
                "merged": { "name": "刘东志", "phone": "13800001111" },
                "merged_id": 9,
            })),
            Some(json!({ "name": "刘东志", "phone": "13800001111" })),
            vec![
                change("phone", Value::Null, json!("13800001111")),
                change("merged_member", json!("刘东志"), Value::Null),
            ],
        ),
        ("archive", None, None, vec![]),
        (
            "update",
            Some(json!("old")),
            Some(json!("new")),
            vec![change("value", json!("old"), json!("new"))],
        ),
    ];
    for (action, before, after, expected) in cases {
        assert_eq!(
            field_changes(action, before.as_ref(), after.as_ref()),
            expected,
            "{action} {before:?} → {after:?}"
        );
    }
}

#[test]
fn entries_name_their_subject_and_members_by_name() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin");
    let tx = conn.transaction().expect("tx");
    tx.execute_batch(
        "INSERT INTO members (id, name, created_at, updated_at) VALUES (17, '刘东志', 'x', 'x');
         INSERT INTO branches (id, name, kind, created_at) VALUES (4, '北京校友会', 'regional', 'x');
         INSERT INTO meetings (id, title, kind, starts_at, created_at)
             VALUES (1, '会员代表大会', 'general_assembly', '2026-12-19T01:00:00Z', 'x');
         INSERT INTO attendees (id, meeting_id, name, category, voting, badge_token, created_at)
             VALUES (2, 1, '欧阳明', 'guest', 0, '000000000018', 'x');",
    )
    .expect("records");
    let entries = [
        Change::new("reissue_badge", "attendee", Some(2))
            .before(Some(json!({ "badge_token": "000000000018" })))
            .after(Some(json!({ "badge_token": "000000000026" }))),
        Change::new("update", "member", Some(17))
            .before(Some(json!({ "city": null })))
            .after(Some(json!({ "city": "北京" }))),
        Change::new("set_role", "branch", Some(4))
            .before(Some(json!({ "member_id": 17, "role": null })))
            .after(Some(json!({ "member_id": 17, "role": "president" }))),
        Change::new("export", "member", None)
            .after(Some(
                json!({ "rows": 1, "columns": ["name"], "masked": true }),
            ))
            .note("/tmp/校友.xlsx"),
        Change::new("update", "member", Some(999)),
    ];
    for entry in entries {
        record(&tx, admin.id, entry).expect("record");
    }
    tx.commit().expect("commit");

    let log = recent(&conn, &Filter::default()).expect("log");
    // (action, subject, changes) newest first.
    let expected: [(&str, Option<&str>, Vec<FieldChange>); 5] = [
        ("update", None, vec![]),
        (
            "export",
            None,
            vec![
                change("columns", Value::Null, json!(["name"])),
                change("masked", Value::Null, json!(true)),
                change("rows", Value::Null, json!(1)),
            ],
        ),
        (
            "set_role",
            Some("北京校友会"),
            vec![
                change("member", json!("刘东志"), json!("刘东志")),
                change("role", Value::Null, json!("president")),
            ],
        ),
        (
            "update",
            Some("刘东志"),
            vec![change("city", Value::Null, json!("北京"))],
        ),
        (
            "reissue_badge",
            Some("欧阳明"),
            vec![change(
                "badge_token",
                json!("000000000018"),
                json!("000000000026"),
            )],
        ),
    ];
    assert_eq!(log.len(), expected.len());
    for (entry, (action, subject, changes)) in log.iter().zip(expected) {
        assert_eq!(entry.action, action);
        assert_eq!(entry.subject.as_deref(), subject, "{action}");
        assert_eq!(entry.changes, changes, "{action}");
    }
    // The existing fields stay as they were.
    let json = serde_json::to_value(&log[1]).expect("json");
    for key in [
        "id",
        "at",
        "staff_id",
        "staff_name",
        "action",
        "entity",
        "entity_id",
        "before",
        "after",
        "note",
        "subject",
        "changes",
    ] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["note"], "/tmp/校友.xlsx");
}

//! The review queue: merge, insert and dismiss, and probable duplicates on file.

use super::*;
use crate::{staff, storage};

fn queue(tx: &Transaction, member: Option<MemberId>, row: &Value) -> i64 {
    tx.execute(
        "INSERT INTO member_reviews (created_at, source_name, row_number, member_id, reason_kind, reason_json, row_json)
         VALUES ('2026-11-25T01:00:00Z', '名单.xlsx', 7, ?1, 'conflict', '{\"conflicts\":[{\"field\":\"employer\"}]}', ?2)",
        rusqlite::params![member.map(|m| m.0), row.to_string()],
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
    assert_eq!((pairs[0].first.id, pairs[0].second.id), (a, b));
    assert!(pairs[0].first.masked);
}

#[test]
fn a_damaged_row_is_added_as_corrected() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    let id = queue(
        &tx,
        None,
        &json!({ "name": "李?", "phone": "13900000002", "graduation_year": 2010 }),
    );
    let corrected = NewMember {
        name: "李明".into(),
        phone: Some("13900000002".into()),
        graduation_year: Some(2010),
        ..NewMember::default()
    };
    let added = resolve(&tx, admin, id, Resolution::Insert, Some(corrected))
        .expect("insert")
        .expect("member");
    assert_eq!(added.fields.name, "李明");
    assert_eq!(added.fields.graduation_year, Some(2010));
    let damaged: i64 = tx
        .query_row(
            "SELECT count(*) FROM members WHERE name = '李?'",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(damaged, 0);
    assert!(open_items(&tx).expect("items").is_empty());
}

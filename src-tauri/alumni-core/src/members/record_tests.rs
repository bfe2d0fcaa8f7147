//! One record: create, update, reveal, archive and merge, with their audit entries.

use super::*;
use crate::{staff, storage};

fn setup() -> (Connection, StaffId) {
    let conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    (conn, admin)
}

fn liu() -> NewMember {
    NewMember {
        name: " 刘东志 ".into(),
        phone: Some("13812345678".into()),
        id_number: Some("11010519491231002x".into()),
        student_number: Some("2004080123".into()),
        graduation_year: Some(2008),
        college: Some("计算机科学与技术学院".into()),
        employer: Some(" ".into()),
        ..NewMember::default()
    }
}

#[test]
fn create_tidies_masks_and_audits() {
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let member = create(&tx, admin, liu()).expect("create");
    tx.commit().expect("commit");
    assert_eq!(member.fields.name, "刘东志");
    assert_eq!(member.fields.phone.as_deref(), Some("138****5678"));
    assert_eq!(
        member.fields.id_number.as_deref(),
        Some("1101**********002X")
    );
    assert_eq!(member.fields.employer, None, "blank text becomes empty");
    assert!(member.masked);
    let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
    assert_eq!(
        (log[0].action.as_str(), log[0].entity.as_str()),
        ("create", "member")
    );
}

#[test]
fn update_records_only_the_changed_fields_and_reveal_is_audited() {
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let id = create(&tx, admin, liu()).expect("create").id;
    let mut fields = reveal(&tx, admin, id).expect("reveal").fields;
    assert_eq!(fields.phone.as_deref(), Some("13812345678"));
    fields.employer = Some("华为技术有限公司".into());
    let after = update(&tx, admin, id, fields).expect("update");
    tx.commit().expect("commit");
    assert_eq!(after.fields.employer.as_deref(), Some("华为技术有限公司"));
    let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
    assert_eq!(log[0].action, "update");
    let changed = log[0]
        .after
        .as_ref()
        .and_then(|a| a.as_object())
        .expect("after");
    assert_eq!(changed.keys().collect::<Vec<_>>(), ["employer"]);
    assert_eq!(
        log[0].before.as_ref().expect("before")["employer"],
        serde_json::Value::Null
    );
    assert_eq!(log[1].action, "view_unmasked");
}

#[test]
fn invalid_fields_and_duplicates_are_refused_and_nothing_changes() {
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let first = create(&tx, admin, liu()).expect("create");
    let cases: Vec<(NewMember, &str, &str)> = vec![
        (
            NewMember {
                name: "  ".into(),
                ..liu()
            },
            "name",
            "empty",
        ),
        (
            NewMember {
                name: "名".repeat(41),
                ..liu()
            },
            "name",
            "too_long",
        ),
        (
            NewMember {
                phone: Some("13812345678abc".into()),
                ..liu()
            },
            "phone",
            "not_a_phone",
        ),
        (
            NewMember {
                id_number: Some("110105194912310021".into()),
                ..liu()
            },
            "id_number",
            "not_an_id_number",
        ),
        (
            NewMember {
                email: Some("no-at-sign".into()),
                ..liu()
            },
            "email",
            "not_an_email",
        ),
        (
            NewMember {
                graduation_year: Some(208),
                ..liu()
            },
            "graduation_year",
            "year_out_of_range",
        ),
        (
            NewMember {
                employer: Some("单".repeat(201)),
                ..liu()
            },
            "employer",
            "too_long",
        ),
    ];
    for (fields, field, reason) in cases {
        match create(&tx, admin, fields) {
            Err(MemberError::Invalid {
                field: f,
                reason: r,
            }) => assert_eq!((f, r), (field, reason)),
            other => panic!("{field}: {other:?}"),
        }
    }
    match create(
        &tx,
        admin,
        NewMember {
            name: "刘东智".into(),
            ..liu()
        },
    ) {
        Err(MemberError::Duplicate { field, other_id }) => {
            assert_eq!((field, other_id), ("id_number", first.id.0));
        }
        other => panic!("{other:?}"),
    }
    let count: i64 = tx
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .expect("n");
    assert_eq!(count, 1);
}

#[test]
fn every_limit_of_the_table_of_fields_is_enforced() {
    use MemberField::*;
    for spec in FIELDS {
        let Some(max) = spec.max_chars else {
            continue;
        };
        let with = |chars: usize| {
            let mut m = NewMember {
                name: "刘东志".into(),
                ..NewMember::default()
            };
            match m.text_mut(spec.field) {
                Some(slot) => *slot = Some("1".repeat(chars)),
                None if spec.field == Name => m.name = "名".repeat(chars),
                None => panic!("{:?} has a limit but no text to hold", spec.field),
            }
            m
        };
        match validate(&with(max + 1)) {
            Err(MemberError::Invalid { field, reason }) => {
                assert_eq!((field, reason), (spec.column, "too_long"));
            }
            other => panic!("{:?}: {other:?}", spec.field),
        }
        // Phone, ID number and e-mail have their own shape; a run of 1s is not one.
        if !matches!(spec.field, Phone | IdNumber | Email) {
            assert!(validate(&with(max)).is_ok(), "{:?}", spec.field);
        }
    }
}

#[test]
fn only_the_sensitive_fields_of_the_table_are_masked() {
    let member = Member {
        id: MemberId(1),
        fields: NewMember {
            name: "刘东志".into(),
            phone: Some("13812345678".into()),
            id_number: Some("11010519491231002X".into()),
            employer: Some("13812345678".into()),
            ..NewMember::default()
        },
        masked: false,
        archived_at: None,
        created_at: String::new(),
        updated_at: String::new(),
    };
    let shown = masked(member);
    assert!(shown.masked);
    assert_eq!(shown.fields.phone.as_deref(), Some("138****5678"));
    assert_eq!(
        shown.fields.id_number.as_deref(),
        Some("1101**********002X")
    );
    assert_eq!(shown.fields.employer.as_deref(), Some("13812345678"));
}

#[test]
fn archive_keeps_the_record_and_can_be_undone() {
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let id = create(&tx, admin, liu()).expect("create").id;
    let archived = set_archived(&tx, admin, id, true).expect("archive");
    assert!(archived.archived_at.is_some());
    assert_eq!(super::super::count(&tx).expect("count"), 0);
    let back = set_archived(&tx, admin, id, false).expect("unarchive");
    assert!(back.archived_at.is_none());
    assert_eq!(
        detail(&tx, id).expect("detail").member.fields.name,
        "刘东志"
    );
    assert_eq!(
        detail(&tx, MemberId(999)).expect_err("missing").kind(),
        "not_found"
    );
}

#[test]
fn merge_moves_links_and_archives_the_other_record() {
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let keep = create(&tx, admin, liu()).expect("create").id;
    let other = create(
        &tx,
        admin,
        NewMember {
            name: "刘东志".into(),
            phone: Some("13900001111".into()),
            id_number: None,
            student_number: Some("S2008080007".into()),
            employer: Some("华为技术有限公司".into()),
            ..liu()
        },
    )
    .expect("create")
    .id;
    let branch = crate::branches::insert(
        &tx,
        &crate::branches::NewBranch {
            name: "深圳校友会".into(),
            kind: crate::branches::BranchKind::Regional,
            parent: None,
            city: None,
            founded_on: None,
        },
    )
    .expect("branch");
    crate::branches::add_member(&tx, branch, other, crate::branches::BranchRole::Contact)
        .expect("role");
    let mut chosen = reveal(&tx, admin, keep).expect("reveal").fields;
    chosen.employer = Some("华为技术有限公司".into());
    chosen.student_number = Some("S2008080007".into());
    let merged = merge(&tx, admin, keep, other, chosen).expect("merge");
    assert_eq!(merged.fields.student_number.as_deref(), Some("S2008080007"));
    let places = detail(&tx, keep).expect("detail").branches;
    assert_eq!(places.len(), 1, "the branch moved to the kept record");
    assert!(load(&tx, other).expect("other").archived_at.is_some());
    assert_eq!(super::super::count(&tx).expect("count"), 1);
    assert!(matches!(
        merge(&tx, admin, keep, keep, liu()),
        Err(MemberError::Invalid {
            reason: "same_record",
            ..
        })
    ));
}

/// Raw rows for the other areas' tables, so this test holds whatever their constructors become.
fn invite(tx: &Transaction, meeting: i64, member: MemberId, token: &str) {
    tx.execute(
        "INSERT INTO attendees (meeting_id, member_id, name, category, voting, badge_token, created_at)
         VALUES (?1, ?2, '刘东志', 'delegate', 1, ?3, '2026-11-25T01:00:00Z')",
        rusqlite::params![meeting, member.0, token],
    )
    .expect("attendee");
}

#[test]
fn merge_hands_each_area_its_own_rows_without_doubling_any() {
    use crate::branches::{self, BranchRole};
    use crate::council::{self, Office};
    let (mut conn, admin) = setup();
    let tx = conn.transaction().expect("tx");
    let keep = create(&tx, admin, liu()).expect("create").id;
    let other = create(
        &tx,
        admin,
        NewMember {
            id_number: None,
            student_number: None,
            ..liu()
        },
    )
    .expect("create")
    .id;
    let branch = |name: &str| {
        branches::insert(
            &tx,
            &branches::NewBranch {
                name: name.into(),
                kind: branches::BranchKind::Regional,
                parent: None,
                city: None,
                founded_on: None,
            },
        )
        .expect("branch")
    };
    let (shenzhen, beijing) = (branch("深圳校友会"), branch("北京校友会"));
    branches::add_member(&tx, shenzhen, keep, BranchRole::President).expect("role");
    branches::add_member(&tx, shenzhen, other, BranchRole::Member).expect("role");
    branches::add_member(&tx, beijing, other, BranchRole::Contact).expect("role");
    let term = council::insert_term(&tx, 2, None, None).expect("term");
    council::appoint(&tx, term, keep, Office::Council).expect("appoint");
    council::appoint(&tx, term, other, Office::Council).expect("appoint");
    council::appoint(&tx, term, other, Office::ExecutiveCouncil).expect("appoint");
    for id in [1, 2] {
        tx.execute(
            "INSERT INTO meetings (id, title, kind, starts_at, created_at)
             VALUES (?1, '会议', 'council', '2030-01-05T01:30:00Z', '2026-11-25T01:00:00Z')",
            [id],
        )
        .expect("meeting");
    }
    invite(&tx, 1, keep, "000000000018");
    invite(&tx, 1, other, "000000000026");
    invite(&tx, 2, other, "000000000034");
    tx.execute(
        "INSERT INTO elections (id, meeting_id, body, title, seats, created_at)
         VALUES (1, 1, 'council', '理事会选举', 1, '2026-11-25T01:00:00Z')",
        [],
    )
    .expect("election");
    tx.execute(
        "INSERT INTO candidates (election_id, member_id, name, position) VALUES (1, ?1, '刘东志', 1)",
        [other.0],
    )
    .expect("candidate");

    let fields = reveal(&tx, admin, keep).expect("reveal").fields;
    merge(&tx, admin, keep, other, fields).expect("merge");

    let roles: Vec<(String, String)> = detail(&tx, keep)
        .expect("detail")
        .branches
        .into_iter()
        .map(|p| (p.branch_name, p.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("北京校友会".to_owned(), "contact".to_owned()),
            ("深圳校友会".to_owned(), "president".to_owned()),
        ],
        "the kept record's own role wins where both were members"
    );
    let offices: Vec<String> = detail(&tx, keep)
        .expect("detail")
        .positions
        .into_iter()
        .map(|p| p.office)
        .collect();
    assert_eq!(offices, ["council", "executive_council"]);
    let count = |sql: &str, member: MemberId| -> i64 {
        tx.query_row(sql, [member.0], |r| r.get(0)).expect("count")
    };
    let on_lists = "SELECT count(*) FROM attendees WHERE member_id = ?1";
    assert_eq!(count(on_lists, keep), 2, "one invitation per meeting");
    assert_eq!(
        count(on_lists, other),
        1,
        "the meeting that already listed the kept record keeps the other attendee apart"
    );
    assert_eq!(
        count(
            "SELECT count(DISTINCT meeting_id) FROM attendees WHERE member_id = ?1",
            keep
        ),
        2
    );
    let standing = "SELECT count(*) FROM candidates WHERE member_id = ?1";
    assert_eq!((count(standing, keep), count(standing, other)), (1, 0));
    let left = "SELECT (SELECT count(*) FROM branch_memberships WHERE member_id = ?1)
                      + (SELECT count(*) FROM council_positions WHERE member_id = ?1)";
    assert_eq!(
        count(left, other),
        0,
        "nothing else points at the archived record"
    );
}

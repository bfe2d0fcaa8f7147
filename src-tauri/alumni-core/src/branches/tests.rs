//! Branches: the tree, its counts (nested branches included, nobody twice), roles, the
//! refusals, the audit trail and a merged member's memberships.

use super::*;
use crate::members::{self, MemberId, NewMember};
use crate::{audit, staff, storage};

#[test]
fn branches_nest_count_members_and_refuse_cycles() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    let new = |name: &str, parent: Option<BranchId>| NewBranch {
        name: name.into(),
        kind: BranchKind::Regional,
        parent,
        city: None,
        founded_on: None,
    };
    let jiangsu = create(&tx, admin, &new("江苏校友会", None)).expect("create");
    let suzhou = create(&tx, admin, &new(" 苏州校友会 ", Some(jiangsu))).expect("create");
    let member = members::insert(
        &tx,
        &NewMember {
            name: "刘东志".into(),
            ..NewMember::default()
        },
    )
    .expect("member");
    set_role(&tx, admin, suzhou, member, Some(BranchRole::President)).expect("role");

    let rows = list(&tx).expect("list");
    assert_eq!(
        rows.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["江苏校友会", "苏州校友会"]
    );
    assert_eq!(rows[1].members, 1);
    assert_eq!(
        (rows[0].members, rows[0].own_members),
        (1, 0),
        "the province counts its city branch's member"
    );
    assert_eq!(rows[1].president.as_deref(), Some("刘东志"));
    assert_eq!(
        members_of(&tx, suzhou).expect("members")[0].role,
        BranchRole::President
    );

    let err = update(&tx, admin, jiangsu, &new("江苏校友会", Some(suzhou))).expect_err("cycle");
    assert!(matches!(
        err,
        BranchError::Invalid {
            reason: "cycle",
            ..
        }
    ));
    let err = create(&tx, admin, &new("苏州校友会", None)).expect_err("duplicate");
    assert!(matches!(
        err,
        BranchError::Invalid {
            reason: "duplicate",
            ..
        }
    ));
    assert!(matches!(
        archive(&tx, admin, jiangsu),
        Err(BranchError::Invalid {
            reason: "has_children",
            ..
        })
    ));

    set_role(&tx, admin, suzhou, member, None).expect("remove");
    assert!(members_of(&tx, suzhou).expect("members").is_empty());
    archive(&tx, admin, suzhou).expect("archive");
    assert_eq!(list(&tx).expect("list").len(), 1);
    let log = audit::recent(
        &tx,
        &audit::Filter {
            entity: Some("branch".into()),
            ..Default::default()
        },
    )
    .expect("log");
    assert_eq!(log.len(), 5);
}

fn regional(name: &str, parent: Option<BranchId>) -> NewBranch {
    NewBranch {
        name: name.into(),
        kind: BranchKind::Regional,
        parent,
        city: None,
        founded_on: None,
    }
}

fn member(tx: &rusqlite::Transaction, name: &str) -> MemberId {
    members::insert(
        tx,
        &NewMember {
            name: name.into(),
            ..NewMember::default()
        },
    )
    .expect("member")
}

#[test]
fn a_branch_counts_its_descendants_members_once_each() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    // 江苏 ⊃ 苏州 ⊃ 昆山, and 江苏 ⊃ 南京; 上海 stands apart.
    let jiangsu = insert(&tx, &regional("江苏校友会", None)).expect("branch");
    let suzhou = insert(&tx, &regional("苏州校友会", Some(jiangsu))).expect("branch");
    let kunshan = insert(&tx, &regional("昆山校友会", Some(suzhou))).expect("branch");
    let nanjing = insert(&tx, &regional("南京校友会", Some(jiangsu))).expect("branch");
    let shanghai = insert(&tx, &regional("上海校友会", None)).expect("branch");
    let [a, b, c, d, gone] = ["王芳", "李明", "张伟", "刘洋", "陈静"].map(|n| member(&tx, n));
    let memberships = [
        (jiangsu, a),
        (suzhou, a), // in the province and a city: counted once for the province
        (suzhou, b),
        (kunshan, c),
        (kunshan, b), // in two nested branches: once for 苏州 and once for 江苏
        (nanjing, d),
        (shanghai, a),
        (nanjing, gone),
    ];
    for (branch, m) in memberships {
        add_member(&tx, branch, m, BranchRole::Member).expect("membership");
    }
    tx.execute(
        "UPDATE members SET archived_at = '2026-01-01T00:00:00Z' WHERE id = ?1",
        [gone.0],
    )
    .expect("archive");

    let counts = |tx: &rusqlite::Transaction| -> Vec<(String, u64, u64)> {
        let mut rows: Vec<_> = list(tx)
            .expect("list")
            .into_iter()
            .map(|r| (r.name, r.members, r.own_members))
            .collect();
        rows.sort();
        rows
    };
    let expected = [
        ("上海校友会", 1, 1),
        ("南京校友会", 1, 1),
        ("昆山校友会", 2, 2),
        ("江苏校友会", 4, 1),
        ("苏州校友会", 3, 2),
    ];
    let as_owned = |e: &[(&str, u64, u64)]| -> Vec<(String, u64, u64)> {
        e.iter()
            .map(|(n, a, b)| ((*n).to_owned(), *a, *b))
            .collect()
    };
    assert_eq!(counts(&tx), as_owned(&expected));

    // An archived city branch no longer adds to its province.
    archive(&tx, admin, kunshan).expect("archive");
    let after = [
        ("上海校友会", 1, 1),
        ("南京校友会", 1, 1),
        ("江苏校友会", 3, 1),
        ("苏州校友会", 2, 2),
    ];
    assert_eq!(counts(&tx), as_owned(&after));
}

#[test]
fn reassign_member_moves_memberships_and_keeps_the_kept_role() {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let shenzhen = insert(&tx, &regional("深圳校友会", None)).expect("branch");
    let beijing = insert(&tx, &regional("北京校友会", None)).expect("branch");
    let (keep, other) = (member(&tx, "刘东志"), member(&tx, "刘东志"));
    add_member(&tx, shenzhen, keep, BranchRole::President).expect("role");
    add_member(&tx, shenzhen, other, BranchRole::Contact).expect("role");
    add_member(&tx, beijing, other, BranchRole::SecretaryGeneral).expect("role");

    let moves = reassign_member(&tx, other, keep).expect("reassign");
    assert_eq!(
        moves,
        crate::members::Reassigned {
            moved: 1,
            dropped: 1
        }
    );
    let role_in = |branch| {
        members_of(&tx, branch)
            .expect("members")
            .into_iter()
            .map(|m| (m.member_id, m.role))
            .collect::<Vec<_>>()
    };
    assert_eq!(role_in(shenzhen), [(keep, BranchRole::President)]);
    assert_eq!(role_in(beijing), [(keep, BranchRole::SecretaryGeneral)]);
    assert_eq!(
        reassign_member(&tx, keep, keep).expect("same"),
        crate::members::Reassigned::default(),
        "a record merged into itself keeps its memberships"
    );
    assert_eq!(role_in(beijing).len(), 1);
}

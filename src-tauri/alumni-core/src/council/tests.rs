//! Council terms: positions in protocol order, audited changes, a merged member's offices.

use super::*;
use crate::members::{self, NewMember};
use crate::{staff, storage};

#[test]
fn positions_are_listed_in_protocol_order_and_changes_audited() {
    let mut conn = storage::open_in_memory().expect("db");
    let admin = staff::default_actor(&conn, None).expect("admin").id;
    let tx = conn.transaction().expect("tx");
    let term = insert_term(&tx, 2, None, None).expect("term");
    let add = |name: &str| {
        members::insert(
            &tx,
            &NewMember {
                name: name.into(),
                ..NewMember::default()
            },
        )
        .expect("member")
    };
    let (a, b) = (add("王芳"), add("李明"));
    set_position(&tx, admin, term, a, Office::Council, true).expect("council");
    set_position(&tx, admin, term, b, Office::President, true).expect("president");
    set_position(&tx, admin, term, b, Office::President, true).expect("again is a no-op");
    let rows = positions(&tx, term).expect("positions");
    assert_eq!(
        rows.iter()
            .map(|r| (r.name.as_str(), r.office))
            .collect::<Vec<_>>(),
        [("李明", Office::President), ("王芳", Office::Council)]
    );
    set_position(&tx, admin, term, a, Office::Council, false).expect("remove");
    assert_eq!(positions(&tx, term).expect("positions").len(), 1);
    assert_eq!(list_terms(&tx).expect("terms")[0].positions, 1);
    let log = crate::audit::recent(
        &tx,
        &crate::audit::Filter {
            entity: Some("term".into()),
            ..Default::default()
        },
    )
    .expect("log");
    assert_eq!(log.len(), 3, "the repeated appointment wrote nothing");
    assert_eq!(
        positions(&tx, TermId(99)).expect_err("missing").to_string(),
        "no term with id 99"
    );
}

#[test]
fn reassign_member_moves_offices_without_doubling_one() {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let (first, second) = (
        insert_term(&tx, 1, None, None).expect("term"),
        insert_term(&tx, 2, None, None).expect("term"),
    );
    let add = |name: &str| {
        members::insert(
            &tx,
            &NewMember {
                name: name.into(),
                ..NewMember::default()
            },
        )
        .expect("member")
    };
    let (keep, other) = (add("刘东志"), add("刘东志"));
    assert!(appoint(&tx, second, keep, Office::Council).expect("appoint"));
    assert!(appoint(&tx, second, other, Office::Council).expect("appoint"));
    assert!(appoint(&tx, first, other, Office::Supervisor).expect("appoint"));
    assert!(!appoint(&tx, first, other, Office::Supervisor).expect("again"));

    let moves = reassign_member(&tx, other, keep).expect("reassign");
    assert_eq!(
        moves,
        crate::members::Reassigned {
            moved: 1,
            dropped: 1
        }
    );
    let held = |term| {
        positions(&tx, term)
            .expect("positions")
            .into_iter()
            .map(|p| (p.member_id, p.office))
            .collect::<Vec<_>>()
    };
    assert_eq!(held(second), [(keep, Office::Council)]);
    assert_eq!(held(first), [(keep, Office::Supervisor)]);
}

//! Meetings' rules on a real (in-memory) database: a reissued badge.

use super::*;
use crate::audit::{self, Filter};
use crate::checkin::BadgeToken;
use crate::{staff, storage};

/// A meeting with one delegate whose badge is `token`.
fn one_delegate(token: &str) -> (storage::Connection, MeetingId, AttendeeId) {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let meeting = insert(
        &tx,
        &NewMeeting {
            title: "理事会".to_string(),
            kind: MeetingKind::Council,
            expanded: false,
            term: None,
            starts_at: "2026-12-12T01:00:00Z".to_string(),
            ends_at: None,
            venue: None,
        },
    )
    .expect("meeting");
    let attendee = add_attendee(
        &tx,
        meeting,
        &NewAttendee {
            member: None,
            name: "王五".to_string(),
            unit: None,
            job_title: None,
            category: Category::Delegate,
            group: None,
            group_order: 0,
            protocol_order: None,
            voting: true,
            seat: None,
            badge_token: token.to_string(),
        },
    )
    .expect("attendee");
    tx.commit().expect("commit");
    (conn, meeting, attendee)
}

#[test]
fn a_reissued_badge_gets_a_new_valid_token_and_the_old_one_is_revoked_and_audited() {
    let old = "123456789015";
    assert!(
        BadgeToken::parse(old).is_some(),
        "the fixture token is valid"
    );
    let (mut conn, meeting, attendee) = one_delegate(old);
    let actor = staff::default_actor(&conn, None).expect("actor").id;
    let tx = conn.transaction().expect("tx");
    let new = reissue_badge(&tx, attendee, actor).expect("reissue");
    tx.commit().expect("commit");

    assert_ne!(new.as_str(), old);
    assert!(
        BadgeToken::parse(new.as_str()).is_some(),
        "check digit holds"
    );
    let roster = roster(&conn, meeting).expect("roster");
    assert_eq!(roster[0].badge_token, new.as_str());
    let revoked: i64 = conn
        .query_row(
            "SELECT attendee_id FROM revoked_badges WHERE badge_token = ?1",
            [old],
            |r| r.get(0),
        )
        .expect("old token kept as revoked");
    assert_eq!(revoked, attendee.0);
    let entries = audit::recent(
        &conn,
        &Filter {
            action: Some("reissue_badge".to_string()),
            ..Filter::default()
        },
    )
    .expect("audit");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].entity_id, Some(attendee.0));
    assert_eq!(
        entries[0].before.as_ref().map(|b| &b["badge_token"]),
        Some(&old.into())
    );
}

#[test]
fn reissuing_for_an_unknown_attendee_changes_nothing() {
    let (mut conn, _, _) = one_delegate("123456789015");
    let actor = staff::default_actor(&conn, None).expect("actor").id;
    let tx = conn.transaction().expect("tx");
    let err = reissue_badge(&tx, AttendeeId(999), actor).expect_err("unknown");
    assert!(matches!(err, MeetingError::AttendeeNotFound { id: 999 }));
    drop(tx);
    let revoked: i64 = conn
        .query_row("SELECT count(*) FROM revoked_badges", [], |r| r.get(0))
        .expect("count");
    assert_eq!(revoked, 0);
}

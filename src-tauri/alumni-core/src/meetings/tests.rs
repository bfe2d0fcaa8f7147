//! Meetings' rules on a real (in-memory) database: a reissued badge, one invitation per member.

use super::*;
use crate::audit::{self, Filter};
use crate::checkin::BadgeToken;
use crate::members::MemberId;
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
            badge_token: BadgeToken::parse(token).expect("a well-formed token"),
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
    assert_eq!(roster[0].badge_token, new);
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

fn invitation(member: Option<MemberId>, token: &str) -> NewAttendee {
    NewAttendee {
        member,
        name: "李雷".to_string(),
        unit: None,
        job_title: None,
        category: Category::Delegate,
        group: None,
        group_order: 0,
        protocol_order: None,
        voting: true,
        seat: None,
        badge_token: BadgeToken::parse(token).expect("a well-formed token"),
    }
}

fn a_member(tx: &storage::Transaction) -> MemberId {
    tx.execute(
        "INSERT INTO members (name, created_at, updated_at) VALUES ('李雷', 'x', 'x')",
        [],
    )
    .expect("member");
    MemberId(tx.last_insert_rowid())
}

#[test]
fn a_member_is_on_a_meetings_list_at_most_once_and_guests_are_not_concerned() {
    let (mut conn, meeting, _) = one_delegate("123456789015");
    let tx = conn.transaction().expect("tx");
    let member = a_member(&tx);
    let other_meeting = insert(
        &tx,
        &NewMeeting {
            title: "常务理事会".to_string(),
            kind: MeetingKind::ExecutiveCouncil,
            expanded: false,
            term: None,
            starts_at: "2026-12-12T06:00:00Z".to_string(),
            ends_at: None,
            venue: None,
        },
    )
    .expect("meeting");
    // (meeting, member, token, accepted)
    let cases = [
        (meeting, Some(member), "000000000018", true),
        (meeting, Some(member), "000000000026", false),
        (other_meeting, Some(member), "000000000034", true),
        (meeting, None, "000000000042", true),
        (meeting, None, "000000000059", true),
    ];
    for (at, who, token, accepted) in cases {
        let result = add_attendee(&tx, at, &invitation(who, token));
        assert_eq!(result.is_ok(), accepted, "{token}");
        if let Err(err) = result {
            assert_eq!(
                err.sqlite_error_code(),
                Some(rusqlite::ErrorCode::ConstraintViolation)
            );
        }
    }
    tx.commit().expect("commit");
    assert!(duplicate_invitations(&conn).expect("duplicates").is_empty());
}

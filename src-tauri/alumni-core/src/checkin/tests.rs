//! Check-in's rules on a real (in-memory) database: answers, retries, undo, walk-ins,
//! conflicts from outages, the quorum and its moment, the door's search.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::search::DoorSearch;
use super::*;
use crate::meetings::{
    self, AttendeeId, Category, MeetingId, MeetingKind, NewAttendee, NewMeeting,
};
use crate::staff::StaffId;
use crate::storage::{self, Connection, Transaction};

const ADMIN: StaffId = StaffId(1);

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 19, 0, 30, 0)
        .single()
        .expect("time")
}

struct Fixture {
    conn: Connection,
    meeting: MeetingId,
    other: MeetingId,
    /// (id, token) of 刘东志 (delegate), 王芳 (delegate), 单田芳 (delegate, phone …0031),
    /// 李明 (observer), 张伟 (guest, not voting).
    people: Vec<(AttendeeId, BadgeToken)>,
}

fn meeting(tx: &Transaction, title: &str) -> MeetingId {
    meetings::insert(
        tx,
        &NewMeeting {
            title: title.to_owned(),
            kind: MeetingKind::GeneralAssembly,
            expanded: false,
            term: None,
            starts_at: "2026-12-19T01:00:00Z".to_owned(),
            ends_at: None,
            venue: None,
        },
    )
    .expect("meeting")
}

fn person(
    tx: &Transaction,
    meeting: MeetingId,
    name: &str,
    category: Category,
    group: &str,
) -> (AttendeeId, BadgeToken) {
    let token = meetings::issue_badge_token(tx, &mut rand::rng()).expect("token");
    let id = meetings::add_attendee(
        tx,
        meeting,
        &NewAttendee {
            member: None,
            name: name.to_owned(),
            unit: Some("某单位".to_owned()),
            job_title: None,
            category,
            group: Some(group.to_owned()),
            group_order: 0,
            protocol_order: None,
            voting: category.votes_by_default(),
            seat: Some("A区 1排 1座".to_owned()),
            badge_token: token.clone(),
        },
    )
    .expect("attendee");
    (id, token)
}

fn fixture() -> Fixture {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let m = meeting(&tx, "第二次会员代表大会");
    let other = meeting(&tx, "常务理事会扩大会议");
    let people = vec![
        person(&tx, m, "刘东志", Category::Delegate, "校友代表"),
        person(&tx, m, "王芳", Category::Delegate, "校友代表"),
        person(&tx, m, "单田芳", Category::Delegate, "分会代表"),
        person(&tx, m, "李明", Category::Observer, "分会代表"),
        person(&tx, m, "张伟", Category::Guest, "特邀嘉宾"),
    ];
    tx.execute(
        "UPDATE attendees SET phone = '13800000031' WHERE id = ?1",
        [people[2].0 .0],
    )
    .expect("phone");
    tx.commit().expect("commit");
    Fixture {
        conn,
        meeting: m,
        other,
        people,
    }
}

fn request(f: &Fixture, target: CheckinTarget, station: &str, event: &str) -> CheckinRequest {
    CheckinRequest {
        meeting: f.meeting,
        target,
        station: station.to_owned(),
        event_id: event.to_owned(),
        method: Method::Scan,
        queued_at: None,
    }
}

fn code(token: &BadgeToken) -> CheckinTarget {
    CheckinTarget::Code(token.grouped())
}

impl Fixture {
    fn check_in(
        &mut self,
        request: &CheckinRequest,
        at: DateTime<Utc>,
    ) -> Result<CheckinOutcome, CheckinError> {
        let tx = self.conn.transaction().expect("tx");
        let outcome = check_in(&tx, request, ADMIN, at)?;
        tx.commit().expect("commit");
        Ok(outcome)
    }

    fn undo(
        &mut self,
        request: &CheckinRequest,
        at: DateTime<Utc>,
    ) -> Result<CheckinOutcome, CheckinError> {
        let tx = self.conn.transaction().expect("tx");
        let outcome = undo(&tx, request, ADMIN, at)?;
        tx.commit().expect("commit");
        Ok(outcome)
    }

    fn events(&self) -> i64 {
        self.conn
            .query_row("SELECT count(*) FROM checkin_events", [], |r| r.get(0))
            .expect("count")
    }

    fn attendance(&self) -> Attendance {
        attendance(&self.conn, self.meeting, t0() + Duration::hours(1)).expect("attendance")
    }
}

#[test]
fn a_scan_checks_in_a_second_scan_is_already_and_a_retry_changes_nothing() {
    let mut f = fixture();
    let (id, token) = f.people[0].clone();
    let first = f
        .check_in(&request(&f, code(&token), "东门 1", "e-1"), t0())
        .expect("check in");
    assert_eq!(first.result, CheckinResult::CheckedIn);
    let who = first.attendee.as_ref().expect("attendee");
    assert_eq!((who.id, who.name.as_str()), (id, "刘东志"));
    assert_eq!(who.seat.as_deref(), Some("A区 1排 1座"));
    assert_eq!(first.station.as_deref(), Some("东门 1"));

    // The same badge at another station a minute later: who, when and where they came in.
    let second = f
        .check_in(
            &request(&f, code(&token), "东门 2", "e-2"),
            t0() + Duration::minutes(1),
        )
        .expect("second scan");
    assert_eq!(second.result, CheckinResult::Already);
    assert_eq!(second.station.as_deref(), Some("东门 1"));
    assert_eq!(second.at, first.at);
    assert!(!second.conflict);

    // The first request again (the station never got the answer): the first answer, no event.
    let retry = f
        .check_in(
            &request(&f, code(&token), "东门 1", "e-1"),
            t0() + Duration::minutes(2),
        )
        .expect("retry");
    assert_eq!(retry.result, CheckinResult::CheckedIn);
    assert!(retry.replayed);
    assert_eq!(retry.at, first.at);
    assert_eq!(f.events(), 1);
    assert_eq!(f.attendance().present, 1);
}

#[test]
fn codes_that_let_nobody_in_say_why() {
    let mut f = fixture();
    let holder = f.people[1].clone();
    // Reissue 王芳's badge, withdraw 李明, and give the other meeting someone.
    let tx = f.conn.transaction().expect("tx");
    meetings::reissue_badge(&tx, holder.0, ADMIN).expect("reissue");
    tx.execute(
        "UPDATE attendees SET withdrawn_at = '2026-12-18T00:00:00Z' WHERE id = ?1",
        [f.people[3].0 .0],
    )
    .expect("withdraw");
    let elsewhere = person(&tx, f.other, "赵六", Category::Delegate, "x").1;
    tx.commit().expect("commit");
    let body = "12345678901";
    let unknown_but_well_formed = format!("{body}{}", badge::luhn_check_digit(body));
    let mut typo = f.people[0].1.as_str().as_bytes().to_vec();
    typo[0] = if typo[0] == b'9' { b'0' } else { typo[0] + 1 };
    let typo = String::from_utf8(typo).expect("ascii");

    let cases: Vec<(CheckinTarget, UnknownReason, Option<&str>)> = vec![
        (
            CheckinTarget::Code("hello".into()),
            UnknownReason::Malformed,
            None,
        ),
        (CheckinTarget::Code(typo), UnknownReason::Malformed, None),
        (
            CheckinTarget::Code(unknown_but_well_formed),
            UnknownReason::NotFound,
            None,
        ),
        (code(&holder.1), UnknownReason::Revoked, Some("王芳")),
        (code(&f.people[3].1), UnknownReason::Withdrawn, Some("李明")),
        (
            CheckinTarget::Attendee(f.people[3].0),
            UnknownReason::Withdrawn,
            Some("李明"),
        ),
        (code(&elsewhere), UnknownReason::OtherMeeting, None),
        (
            CheckinTarget::Attendee(AttendeeId(9_999)),
            UnknownReason::NotFound,
            None,
        ),
    ];
    for (i, (target, reason, whose)) in cases.into_iter().enumerate() {
        let outcome = f
            .check_in(
                &request(&f, target.clone(), "东门", &format!("u-{i}")),
                t0(),
            )
            .expect("answered");
        assert_eq!(outcome.result, CheckinResult::Unknown, "{target:?}");
        assert_eq!(outcome.reason, Some(reason), "{target:?}");
        assert!(outcome.attendee.is_none());
        assert_eq!(
            outcome.badge_of.as_ref().map(|b| b.name.as_str()),
            whose,
            "{target:?}"
        );
        if reason == UnknownReason::OtherMeeting {
            assert_eq!(outcome.other_meeting.as_deref(), Some("常务理事会扩大会议"));
        }
    }
    assert_eq!(f.events(), 0);
}

#[test]
fn undo_is_an_event_and_the_attendee_can_come_in_again() {
    let mut f = fixture();
    let (id, token) = f.people[0].clone();
    f.check_in(&request(&f, code(&token), "东门", "a"), t0())
        .expect("in");
    let undone = f
        .undo(
            &request(&f, CheckinTarget::Attendee(id), "东门", "b"),
            t0() + Duration::seconds(5),
        )
        .expect("undo");
    assert_eq!(undone.result, CheckinResult::Undone);
    assert_eq!(f.attendance().present, 0);
    // A retried undo answers the same; an undo of someone absent is refused.
    let again = f
        .undo(
            &request(&f, CheckinTarget::Attendee(id), "东门", "b"),
            t0() + Duration::seconds(6),
        )
        .expect("retry");
    assert!(again.replayed);
    let err = f
        .undo(
            &request(&f, CheckinTarget::Attendee(id), "东门", "c"),
            t0() + Duration::seconds(7),
        )
        .expect_err("absent");
    assert!(matches!(err, CheckinError::NotCheckedIn { ref name } if name == "刘东志"));
    // An event id reused for another kind of event is refused, not taken for a retry.
    let err = f
        .check_in(&request(&f, code(&token), "东门", "b"), t0())
        .expect_err("reused");
    assert!(matches!(err, CheckinError::EventIdReused { .. }));
    let back = f
        .check_in(
            &request(&f, code(&token), "东门", "d"),
            t0() + Duration::minutes(1),
        )
        .expect("in again");
    assert_eq!(back.result, CheckinResult::CheckedIn);
    assert_eq!(f.events(), 3);
    assert_eq!(f.attendance().present, 1);
}

#[test]
fn requests_with_a_bad_station_or_event_id_are_refused_and_change_nothing() {
    let mut f = fixture();
    let token = f.people[0].1.clone();
    for (station, event, field) in [
        ("", "ok", "station"),
        ("   ", "ok", "station"),
        (&"长".repeat(41)[..], "ok", "station"),
        ("东门", "", "event_id"),
        ("东门", "has space", "event_id"),
        ("东门", &"x".repeat(65)[..], "event_id"),
    ] {
        let err = f
            .check_in(&request(&f, code(&token), station, event), t0())
            .expect_err("refused");
        assert!(
            matches!(err, CheckinError::InvalidRequest { field: f, .. } if f == field),
            "{station:?} {event:?}: {err}"
        );
    }
    let err = f
        .check_in(
            &CheckinRequest {
                meeting: MeetingId(77),
                ..request(&f, code(&token), "东门", "m")
            },
            t0(),
        )
        .expect_err("no meeting");
    assert!(matches!(err, CheckinError::MeetingNotFound { id: 77 }));
    assert_eq!(f.events(), 0);
}

#[test]
fn a_walk_in_is_added_and_checked_in_once_even_when_retried() {
    let mut f = fixture();
    let walk_in = NewWalkIn {
        meeting: f.meeting,
        name: " 陈晨 ".to_owned(),
        unit: Some("市教委".to_owned()),
        job_title: None,
        phone: Some("13912345678".to_owned()),
        category: Category::Guest,
        group: None,
        station: "东门".to_owned(),
        event_id: "w-1".to_owned(),
    };
    for round in 0..2 {
        let tx = f.conn.transaction().expect("tx");
        let done = super::walk_in(&tx, &walk_in, ADMIN, t0()).expect("walk in");
        tx.commit().expect("commit");
        assert_eq!(done.result, CheckinResult::CheckedIn);
        assert_eq!(done.replayed, round == 1);
        let who = done.attendee.expect("attendee");
        assert_eq!(who.name, "陈晨");
        assert!(who.walk_in && !who.voting);
        assert_eq!(who.phone_masked.as_deref(), Some("139****5678"));
    }
    let added: i64 = f
        .conn
        .query_row(
            "SELECT count(*) FROM attendees WHERE walk_in = 1",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(added, 1);
    let audited: i64 = f
        .conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'walk_in'",
            [],
            |r| r.get(0),
        )
        .expect("audit");
    assert_eq!(audited, 1);
    let a = f.attendance();
    assert_eq!((a.expected, a.present), (6, 1));

    let tx = f.conn.transaction().expect("tx");
    let err = super::walk_in(
        &tx,
        &NewWalkIn {
            name: "  ".to_owned(),
            event_id: "w-2".to_owned(),
            ..walk_in
        },
        ADMIN,
        t0(),
    )
    .expect_err("no name");
    assert!(matches!(
        err,
        CheckinError::InvalidRequest { field: "name", .. }
    ));
}

#[test]
fn a_queued_scan_of_someone_admitted_elsewhere_is_a_conflict_not_a_second_arrival() {
    let mut f = fixture();
    let token = f.people[0].1.clone();
    f.check_in(&request(&f, code(&token), "东门 1", "online"), t0())
        .expect("online");
    // 东门 2 was cut off and admitted the same badge; its queue is replayed later.
    let queued = CheckinRequest {
        queued_at: Some(t0() + Duration::minutes(3)),
        ..request(&f, code(&token), "东门 2", "queued")
    };
    for _ in 0..2 {
        let outcome = f
            .check_in(&queued, t0() + Duration::minutes(10))
            .expect("replayed");
        assert_eq!(outcome.result, CheckinResult::Already);
        assert!(outcome.conflict);
        assert_eq!(outcome.station.as_deref(), Some("东门 1"));
    }
    // The same station scanning the same badge twice within a minute is a double scan.
    let double = CheckinRequest {
        queued_at: Some(t0() + Duration::seconds(30)),
        ..request(&f, code(&token), "东门 1", "double")
    };
    let outcome = f
        .check_in(&double, t0() + Duration::minutes(10))
        .expect("double");
    assert!(!outcome.conflict);

    let a = f.attendance();
    assert_eq!(a.present, 1);
    assert_eq!(a.conflicts.len(), 1);
    let conflict = &a.conflicts[0];
    assert_eq!(conflict.attendee.name, "刘东志");
    assert_eq!(
        (conflict.station.as_str(), conflict.first_station.as_str()),
        ("东门 2", "东门 1")
    );
    let tx = f.conn.transaction().expect("tx");
    resolve_conflict(&tx, conflict.id, ADMIN).expect("resolve");
    tx.commit().expect("commit");
    assert!(f.attendance().conflicts.is_empty());
}

#[test]
fn a_queued_scan_keeps_its_own_time_when_plausible() {
    let now = t0();
    let cases = [
        (None, now),
        (Some(now - Duration::minutes(7)), now - Duration::minutes(7)),
        (Some(now + Duration::seconds(30)), now),
        (Some(now + Duration::hours(2)), now),
        (Some(now - Duration::days(3)), now),
    ];
    for (queued, expected) in cases {
        assert_eq!(arrival_time(now, queued), expected, "{queued:?}");
    }
}

#[test]
fn quorum_needed_includes_the_fraction_itself() {
    for (entitled, n, d, needed) in [
        (300, 2, 3, 200),
        (301, 2, 3, 201),
        (299, 2, 3, 200),
        (3, 1, 2, 2),
        (4, 1, 2, 2),
        (0, 2, 3, 0),
        (129, 2, 3, 86),
    ] {
        assert_eq!(
            quorum_needed(entitled, n, d),
            needed,
            "{entitled} × {n}/{d}"
        );
    }
}

#[test]
fn the_quorum_is_reached_at_the_check_in_that_reaches_it_and_lost_by_an_undo() {
    let mut f = fixture();
    // Three delegates vote: two thirds of 3 is 2.
    let people = f.people.clone();
    f.check_in(&request(&f, code(&people[4].1), "东门", "g"), t0())
        .expect("guest");
    f.check_in(
        &request(&f, code(&people[0].1), "东门", "a"),
        t0() + Duration::minutes(1),
    )
    .expect("a");
    let a = f.attendance();
    assert_eq!(
        (a.voting_expected, a.voting_present, a.quorum.needed),
        (3, 1, 2)
    );
    assert!(!a.quorum.reached && a.quorum.reached_at.is_none());
    let second = f
        .check_in(
            &request(&f, code(&people[1].1), "东门", "b"),
            t0() + Duration::minutes(12),
        )
        .expect("b");
    let a = f.attendance();
    assert!(a.quorum.reached);
    assert_eq!(a.quorum.reached_at, second.at);
    assert_eq!((a.quorum.numerator, a.quorum.denominator), (2, 3));
    f.undo(
        &request(&f, CheckinTarget::Attendee(people[1].0), "东门", "u"),
        t0() + Duration::minutes(13),
    )
    .expect("undo");
    let a = f.attendance();
    assert!(!a.quorum.reached && a.quorum.reached_at.is_none());
    // The meeting's own fraction wins over the association's.
    f.conn
        .execute(
            "UPDATE meetings SET quorum_numerator = 1, quorum_denominator = 3 WHERE id = ?1",
            [f.meeting.0],
        )
        .expect("fraction");
    let a = f.attendance();
    assert_eq!(a.quorum.needed, 1);
    assert!(a.quorum.reached);
}

#[test]
fn attendance_counts_by_credential_and_delegation_and_lists_who_is_missing() {
    let mut f = fixture();
    let people = f.people.clone();
    for (i, p) in people.iter().enumerate().take(3) {
        f.check_in(
            &request(
                &f,
                code(&p.1),
                if i == 0 { "东门 1" } else { "东门 2" },
                &format!("e{i}"),
            ),
            t0() + Duration::minutes(7 * i as i64),
        )
        .expect("in");
    }
    let a = f.attendance();
    assert_eq!((a.expected, a.present), (5, 3));
    let category = |c: Category| {
        a.by_category
            .iter()
            .find(|x| x.category == c)
            .map(|x| (x.expected, x.present))
    };
    assert_eq!(category(Category::Delegate), Some((3, 3)));
    assert_eq!(category(Category::Observer), Some((1, 0)));
    assert_eq!(category(Category::Guest), Some((1, 0)));
    let group = |g: &str| {
        a.by_group
            .iter()
            .find(|x| x.group.as_deref() == Some(g))
            .map(|x| (x.expected, x.present))
    };
    assert_eq!(group("校友代表"), Some((2, 2)));
    assert_eq!(group("分会代表"), Some((2, 1)));
    let missing: Vec<&str> = a.missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(missing, ["张伟", "李明"]);
    assert_eq!(a.arrivals.iter().map(|s| s.arrived).sum::<u32>(), 3);
    assert_eq!(a.arrivals.last().map(|s| s.present), Some(3));
    assert_eq!(a.stations.len(), 2);
    assert_eq!(a.stations[0].station, "东门 2");
    assert_eq!(a.stations[0].check_ins, 2);
}

#[test]
fn arrival_slices_cover_the_span_with_empty_slices_kept() {
    let base = Utc
        .with_ymd_and_hms(2026, 12, 19, 0, 0, 0)
        .single()
        .expect("t");
    let arrivals = [
        base + Duration::minutes(1),
        base + Duration::minutes(2),
        base + Duration::minutes(16),
    ];
    let slices = arrival_slices(&arrivals, 5);
    // Local slices of five minutes: every time zone offset here is a whole number of them.
    assert_eq!(slices.len(), 4);
    assert_eq!(
        slices.iter().map(|s| s.arrived).collect::<Vec<_>>(),
        [2, 0, 0, 1]
    );
    assert_eq!(slices[3].present, 3);
    assert_eq!(slice_minutes(base, base + Duration::hours(3)), 5);
    assert_eq!(slice_minutes(base, base + Duration::hours(5)), 10);
    assert_eq!(slice_minutes(base, base + Duration::days(3)), 60);
}

#[test]
fn the_door_search_finds_the_meetings_attendees_by_name_pinyin_initials_and_phone() {
    let mut f = fixture();
    let tx = f.conn.transaction().expect("tx");
    person(&tx, f.other, "刘东志", Category::Delegate, "x");
    tx.execute(
        "UPDATE attendees SET withdrawn_at = '2026-12-18T00:00:00Z' WHERE id = ?1",
        [f.people[3].0 .0],
    )
    .expect("withdraw");
    tx.commit().expect("commit");
    let search = DoorSearch::default();
    let names = |q: &str| -> Vec<String> {
        search
            .search(&f.conn, f.meeting, q, 10)
            .expect("search")
            .into_iter()
            .map(|h| h.attendee.name)
            .collect()
    };
    assert_eq!(names("刘东志"), ["刘东志"]);
    assert_eq!(names("东"), ["刘东志"]);
    assert_eq!(names("liudongzhi"), ["刘东志"]);
    assert_eq!(names("liud"), ["刘东志"]);
    assert_eq!(names("ldz"), ["刘东志"]);
    assert_eq!(names("shantianfang"), ["单田芳"]);
    assert_eq!(names("0031"), ["单田芳"]);
    assert_eq!(names("wf"), ["王芳"]);
    assert!(names("李明").is_empty(), "withdrawn");
    assert!(names("").is_empty());
    let hit = &search
        .search(&f.conn, f.meeting, "0031", 10)
        .expect("search")[0];
    assert_eq!(hit.attendee.phone_masked.as_deref(), Some("138****0031"));
    assert!(hit.checked_in_at.is_none());
    // A renamed attendee is found by the new name at once.
    f.conn
        .execute(
            "UPDATE attendees SET name = '王芳芳' WHERE id = ?1",
            [f.people[1].0 .0],
        )
        .expect("rename");
    assert_eq!(names("wff"), ["王芳芳"]);
}

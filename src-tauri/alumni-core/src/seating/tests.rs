//! The seating rules, table-driven, and the seating use cases on a real register: the hall's
//! limits, protocol order, filling order, staff last, a hall too small, seats by hand.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::*;
use crate::audit::{self, Filter};
use crate::checkin::BadgeToken;
use crate::desk::Desk;
use crate::error::ErrorKind;
use crate::meetings::{self, AttendeeId, Category, MeetingKind, NewAttendee, NewMeeting};

fn section(name: &str, rows: u32, seats: u32) -> Section {
    Section {
        name: name.to_owned(),
        rows,
        seats,
    }
}

fn seat(section: &str, row: u32, number: u32) -> SeatRef {
    SeatRef {
        section: section.to_owned(),
        row,
        number,
    }
}

#[test]
fn a_hall_is_checked_section_by_section() {
    let ok = section("A区", 12, 20);
    let many: Vec<Section> = (0..=MAX_SECTIONS)
        .map(|i| section(&format!("{i}区"), 1, 1))
        .collect();
    // (sections, field, reason, section index)
    let cases: Vec<(Vec<Section>, &str, &str, Option<usize>)> = vec![
        (vec![], "sections", "empty", None),
        (many, "sections", "too_many", None),
        (
            vec![ok.clone(), section("  ", 3, 3)],
            "name",
            "empty",
            Some(1),
        ),
        (
            vec![section(&"区".repeat(21), 3, 3)],
            "name",
            "too_long",
            Some(0),
        ),
        (
            vec![ok.clone(), section(" A区 ", 3, 3)],
            "name",
            "duplicate",
            Some(1),
        ),
        (vec![section("B区", 0, 3)], "rows", "out_of_range", Some(0)),
        (
            vec![section("B区", 101, 3)],
            "rows",
            "out_of_range",
            Some(0),
        ),
        (vec![section("B区", 3, 0)], "seats", "out_of_range", Some(0)),
        (
            vec![section("B区", 3, 201)],
            "seats",
            "out_of_range",
            Some(0),
        ),
    ];
    for (sections, field, reason, index) in cases {
        match validated_hall(&sections) {
            Err(SeatingError::InvalidHall {
                field: f,
                reason: r,
                section: s,
            }) => assert_eq!((f, r, s), (field, reason, index), "{sections:?}"),
            other => panic!("{sections:?}: {other:?}"),
        }
    }
    let largest = vec![section(" 楼座 ", MAX_ROWS, MAX_SEATS), ok];
    let checked = validated_hall(&largest).expect("the limits themselves are allowed");
    assert_eq!(checked[0].name, "楼座", "names are trimmed");
    let err = validated_hall(&[section("B区", 3, 0)]).expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert_eq!(err.params()["field"], "seats");
    assert_eq!(err.params()["section"], 0);
}

#[test]
fn a_seat_prints_as_section_row_and_number_and_knows_its_hall() {
    let hall = vec![section("A区", 3, 12), section("楼座", 2, 5)];
    for (s, display, inside) in [
        (seat("A区", 3, 12), "A区 3排 12座", true),
        (seat("A区", 4, 1), "A区 4排 1座", false),
        (seat("A区", 1, 13), "A区 1排 13座", false),
        (seat("A区", 0, 1), "A区 0排 1座", false),
        (seat("楼座", 2, 5), "楼座 2排 5座", true),
        (seat("B区", 1, 1), "B区 1排 1座", false),
    ] {
        assert_eq!(s.display(), display);
        assert_eq!(s.is_in(&hall), inside, "{display}");
    }
}

/// A sitter: id, name, category, group, group order, rank.
fn sitter(
    id: i64,
    name: &str,
    category: Category,
    group: &str,
    group_order: u32,
    rank: Option<u32>,
) -> Sitter {
    Sitter {
        attendee: AttendeeId(id),
        name: name.to_owned(),
        category,
        group: Some(group.to_owned()),
        group_order,
        protocol_order: rank,
    }
}

/// People of every credential, given out of order.
fn people() -> Vec<Sitter> {
    use Category::*;
    vec![
        sitter(1, "王五", Staff, "会务组", 9, None),
        sitter(2, "刘一", Delegate, "校友代表", 3, None),
        sitter(3, "丁二", Delegate, "校友代表", 3, None),
        sitter(4, "赵六", Observer, "校友工作人员", 4, None),
        sitter(5, "李市长", Guest, "市领导", 0, Some(2)),
        sitter(6, "张书记", Guest, "市领导", 0, Some(1)),
        sitter(7, "欧阳华", Delegate, "分会代表", 2, None),
        sitter(8, "马校长", Guest, "校领导", 1, None),
        sitter(9, "丁一", Delegate, "分会代表", 2, None),
    ]
}

#[test]
fn people_are_seated_in_protocol_order_front_row_first() {
    let hall = vec![section("A区", 2, 3), section("B区", 2, 3)];
    let placement = auto_seat(&hall, &people());
    let order: Vec<(i64, String)> = placement
        .seated
        .iter()
        .map(|(a, s)| (a.0, s.display()))
        .collect();
    let expected = [
        // Guests: the city's delegation by rank, then the university's.
        (6, "A区 1排 1座"),
        (5, "A区 1排 2座"),
        (8, "A区 1排 3座"),
        // Delegates by delegation order, each in surname stroke order (丁 2, 欧 8; 丁 2, 刘 6).
        (9, "A区 2排 1座"),
        (7, "A区 2排 2座"),
        (3, "A区 2排 3座"),
        // Section A is full: B from its front row.
        (2, "B区 1排 1座"),
        (4, "B区 1排 2座"),
        // Staff last, into what is left.
        (1, "B区 1排 3座"),
    ];
    let expected: Vec<(i64, String)> = expected.iter().map(|(a, s)| (*a, s.to_string())).collect();
    assert_eq!(order, expected);
    assert!(placement.unseated.is_empty());
}

#[test]
fn a_hall_too_small_names_everyone_left_and_staff_only_take_seats_left_over() {
    // (seats in the hall, seated ids in order, unseated ids in order)
    let cases: [(u32, &[i64], &[i64]); 4] = [
        (9, &[6, 5, 8, 9, 7, 3, 2, 4, 1], &[]),
        // One seat short: the staff member stands.
        (8, &[6, 5, 8, 9, 7, 3, 2, 4], &[1]),
        // Three short: the last delegate and observer in protocol order, and staff.
        (6, &[6, 5, 8, 9, 7, 3], &[2, 4, 1]),
        (1, &[6], &[5, 8, 9, 7, 3, 2, 4, 1]),
    ];
    for (seats, seated, unseated) in cases {
        let hall = vec![section("A区", 1, seats)];
        let placement = auto_seat(&hall, &people());
        let got: Vec<i64> = placement.seated.iter().map(|(a, _)| a.0).collect();
        assert_eq!(got, seated, "{seats} seats");
        let left: Vec<i64> = placement.unseated.iter().map(|u| u.attendee.0).collect();
        assert_eq!(left, unseated, "{seats} seats");
        assert_eq!(got.len() + left.len(), people().len(), "nobody dropped");
    }
    let hall = vec![section("A区", 1, 8)];
    let left = auto_seat(&hall, &people()).unseated;
    assert_eq!(left[0].name, "王五");
    assert_eq!(left[0].category, Category::Staff);
}

#[test]
fn seats_are_filled_section_by_section_then_row_then_number() {
    let hall = vec![section("中区", 2, 2), section("左区", 1, 3)];
    let all: Vec<String> = seats_in_order(&hall).map(|s| s.display()).collect();
    assert_eq!(
        all,
        [
            "中区 1排 1座",
            "中区 1排 2座",
            "中区 2排 1座",
            "中区 2排 2座",
            "左区 1排 1座",
            "左区 1排 2座",
            "左区 1排 3座",
        ]
    );
}

// ---- on a real register ----

/// A register with one meeting of `people()`'s names and credentials (ids 1..=9 in that order).
fn register() -> (tempfile::TempDir, Desk, MeetingId) {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    let meeting = desk
        .write(|tx, _| {
            let meeting = meetings::insert(
                tx,
                &NewMeeting {
                    title: "校友会理事会会议".to_owned(),
                    kind: MeetingKind::Council,
                    expanded: false,
                    term: None,
                    starts_at: "2026-12-19T01:00:00Z".to_owned(),
                    ends_at: None,
                    venue: Some("图书馆报告厅".to_owned()),
                },
            )?;
            let mut rng = ChaCha8Rng::seed_from_u64(3);
            for p in people() {
                meetings::add_attendee(
                    tx,
                    meeting,
                    &NewAttendee {
                        member: None,
                        name: p.name,
                        unit: None,
                        job_title: None,
                        category: p.category,
                        group: p.group,
                        group_order: p.group_order,
                        protocol_order: p.protocol_order,
                        voting: p.category.votes_by_default(),
                        seat: Some("主席台".to_owned()),
                        badge_token: BadgeToken::generate(&mut rng),
                    },
                )?;
            }
            Ok(meeting)
        })
        .expect("meeting");
    (dir, desk, meeting)
}

fn seat_of(desk: &Desk, attendee: i64) -> Option<String> {
    desk.read(|conn| {
        Ok(meetings::roster(conn, MeetingId(1))?
            .into_iter()
            .find(|e| e.id.0 == attendee)
            .and_then(|e| e.seat))
    })
    .expect("roster")
}

#[test]
fn auto_seating_replaces_every_seat_in_one_audited_change() {
    let (_dir, desk, meeting) = register();
    let err = desk.auto_seat(meeting).expect_err("no hall yet");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.params["field"], "hall");
    assert_eq!(err.params["reason"], "required");
    assert!(desk.seating_plan(meeting).is_err());

    desk.set_hall(meeting, &[section("A区", 2, 3), section("B区", 1, 2)])
        .expect("hall");
    let done = desk.auto_seat(meeting).expect("seated");
    assert_eq!(done.seated, 8);
    assert_eq!(done.unseated.len(), 1);
    assert_eq!(done.unseated[0].name, "王五");
    assert_eq!(seat_of(&desk, 6).as_deref(), Some("A区 1排 1座"));
    assert_eq!(seat_of(&desk, 4).as_deref(), Some("B区 1排 2座"));
    // The old display string goes with the seat it no longer is.
    assert_eq!(seat_of(&desk, 1), None);

    let plan = desk.seating_plan(meeting).expect("plan");
    assert_eq!(plan.hall.len(), 2);
    assert_eq!(plan.seats.len(), 8);
    assert_eq!(
        (
            plan.seats[0].name.as_str(),
            plan.seats[0].row,
            plan.seats[0].number
        ),
        ("张书记", 1, 1)
    );
    assert_eq!(plan.seats[7].section, "B区");
    let json = serde_json::to_value(&plan).expect("json");
    assert_eq!(json["seats"][0]["category"], "guest");
    assert_eq!(json["hall"][0]["name"], "A区");

    let entries = desk
        .read(|conn| {
            Ok(audit::recent(
                conn,
                &Filter {
                    limit: Some(10),
                    ..Filter::default()
                },
            )?)
        })
        .expect("audit");
    let auto = entries
        .iter()
        .find(|e| e.action == "auto_seat")
        .expect("audited");
    assert_eq!(auto.entity_id, Some(meeting.0));
    assert!(entries.iter().any(|e| e.action == "set_hall"));
}

#[test]
fn a_seat_by_hand_is_refused_when_taken_or_outside_and_a_smaller_hall_clears_its_seats() {
    let (_dir, desk, meeting) = register();
    desk.set_hall(meeting, &[section("A区", 2, 5)])
        .expect("hall");
    desk.auto_seat(meeting).expect("seated");

    let taken = desk
        .assign_seat(AttendeeId(1), Some(seat("A区", 1, 1)))
        .expect_err("张书记 sits there");
    assert_eq!(taken.kind, ErrorKind::InvalidInput);
    assert_eq!(taken.params["reason"], "taken");
    assert_eq!(taken.params["name"], "张书记");
    assert!(taken.message.contains("张书记"), "{}", taken.message);

    let outside = desk
        .assign_seat(AttendeeId(1), Some(seat("A区", 3, 1)))
        .expect_err("no third row");
    assert_eq!(outside.params["reason"], "not_in_hall");
    assert_eq!(outside.params["value"], "A区 3排 1座");

    let missing = desk.assign_seat(AttendeeId(99), None).expect_err("nobody");
    assert_eq!(missing.kind, ErrorKind::NotFound);

    // Moving into a free seat, and sitting again in one's own, both work.
    let free = seat("A区", 2, 5);
    assert_eq!(
        desk.assign_seat(AttendeeId(1), Some(free.clone()))
            .expect("free"),
        Some(free.clone())
    );
    desk.assign_seat(AttendeeId(1), Some(free))
        .expect("own seat");
    assert_eq!(seat_of(&desk, 1).as_deref(), Some("A区 2排 5座"));
    desk.assign_seat(AttendeeId(1), None).expect("cleared");
    assert_eq!(seat_of(&desk, 1), None);

    // A hall without the second row clears the seats there, and says whose.
    let cleared = desk
        .set_hall(meeting, &[section("A区", 1, 5)])
        .expect("smaller hall");
    let ids: Vec<i64> = cleared.iter().map(|u| u.attendee.0).collect();
    assert_eq!(ids, [2, 3, 4], "the second row's people");
    let plan = desk.seating_plan(meeting).expect("plan");
    assert!(plan.seats.iter().all(|s| s.row == 1));
    assert_eq!(plan.seats.len(), 5);
}

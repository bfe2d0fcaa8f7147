//! Elections through the application layer: setup and its checks, ballots keyed one by one
//! in two passes, a paper tally sheet cross-checked, the tie rule, and a declared council
//! seating the voters of the meeting that elects from it.

use chrono::NaiveDate;

use super::Desk;
use crate::demo::{self, DemoOptions};
use crate::elections::tally::{Mark, SheetTotals, Totals};
use crate::elections::{Body, ElectionId, NewCandidate, NewElection, TieRule};
use crate::error::{AppError, ErrorKind};
use crate::meetings::{self, MeetingId};

fn demo_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 11,
        meeting_date: NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    (dir, desk)
}

/// The demo's General Assembly (the meeting that is not expanded) and the afternoon meeting.
fn meetings_of(desk: &Desk) -> (MeetingId, MeetingId) {
    let list = desk
        .read(|conn| Ok(meetings::list(conn)?))
        .expect("meetings");
    let find = |expanded: bool| {
        MeetingId(
            list.iter()
                .find(|m| m.expanded == expanded)
                .expect("meeting")
                .id,
        )
    };
    (find(false), find(true))
}

fn named(names: &[&str]) -> Vec<NewCandidate> {
    names
        .iter()
        .map(|n| NewCandidate {
            member: None,
            name: (*n).to_owned(),
            unit: None,
        })
        .collect()
}

fn reason(error: &AppError) -> String {
    error.params["reason"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn setup_orders_the_list_by_strokes_checks_it_and_is_fixed_once_ballots_are_issued() {
    let (_dir, desk) = demo_desk();
    let (assembly, _) = meetings_of(&desk);
    let setup = NewElection::new(Body::Supervisors, "  监事补选  ", 1, 1);

    let twice = desk
        .create_election(assembly, &setup, &named(&["王芳", "丁一", "王芳"]))
        .expect_err("a name twice");
    assert_eq!(twice.kind, ErrorKind::InvalidInput);
    assert_eq!(reason(&twice), "duplicate_name");
    let untitled = NewElection::new(Body::Supervisors, " ", 1, 0);
    assert_eq!(
        reason(
            &desk
                .create_election(assembly, &untitled, &[])
                .expect_err("no title")
        ),
        "required"
    );

    let made = desk
        .create_election(assembly, &setup, &named(&["欧阳振华", "王芳", "丁一"]))
        .expect("create");
    let order: Vec<&str> = made
        .detail
        .candidates
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    // 丁 2 strokes, 王 4, 欧 8 (a compound surname counts its first character).
    assert_eq!(order, ["丁一", "王芳", "欧阳振华"]);
    assert_eq!(made.detail.title, "监事补选");
    assert_eq!(made.detail.kind, "competitive");
    assert_eq!(made.detail.status, "draft");
    // Nobody has checked in yet: the quorum warning is there, with its figures.
    let quorum = made
        .warnings
        .iter()
        .find(|w| w.code == "quorum_not_reached")
        .expect("quorum warning");
    assert_eq!(quorum.params["present"], 0);
    assert_eq!(quorum.params["needed"], made.quorum_needed);
    assert!(made.voting_expected > 0);

    let more_seats = NewElection::new(Body::Supervisors, "监事补选", 5, 1);
    let changed = desk
        .update_election(made.detail.id, &more_seats, &named(&["丁一", "王芳"]))
        .expect("update a draft");
    assert!(changed
        .warnings
        .iter()
        .any(|w| w.code == "fewer_candidates"));
    assert_eq!(changed.detail.kind, "equal");
    let refused = desk
        .issue_ballots(made.detail.id, 10)
        .expect_err("2 names, 5 seats");
    assert_eq!(reason(&refused), "fewer_candidates");

    desk.update_election(made.detail.id, &setup, &named(&["丁一", "王芳"]))
        .expect("back to one seat");
    desk.issue_ballots(made.detail.id, 10).expect("issue");
    let fixed = desk
        .update_election(made.detail.id, &setup, &named(&["丁一"]))
        .expect_err("issued");
    assert_eq!(reason(&fixed), "not_draft");
    assert_eq!(
        reason(&desk.delete_election(made.detail.id).expect_err("issued")),
        "not_draft"
    );
}

#[test]
fn the_demo_council_is_too_big_for_its_delegates_only_when_it_is() {
    let (_dir, desk) = demo_desk();
    let (assembly, afternoon) = meetings_of(&desk);
    let listed = desk.elections(assembly).expect("list");
    let council = listed
        .iter()
        .find(|e| e.body == Body::Council)
        .expect("council");
    assert_eq!((council.seats, council.candidates), (129, 140));
    assert_eq!(council.kind, "competitive");
    let setup = desk.election_setup(council.id).expect("setup");
    assert!(!setup
        .warnings
        .iter()
        .any(|w| w.code == "council_over_third"));
    // Twice the seats would be more than a third of the delegates.
    let big = NewElection::new(
        Body::Council,
        "理事会扩大",
        setup.voting_expected / 3 + 1,
        0,
    );
    let made = desk.create_election(assembly, &big, &[]).expect("create");
    assert!(made.warnings.iter().any(|w| w.code == "council_over_third"));

    let afternoon_list = desk.elections(afternoon).expect("afternoon");
    assert_eq!(afternoon_list.len(), 2, "executive council and officers");
    for e in &afternoon_list {
        let s = desk.election_setup(e.id).expect("setup");
        assert_eq!(s.detail.electorate, Some(council.id));
        assert!(s
            .warnings
            .iter()
            .any(|w| w.code == "electorate_not_declared"));
        assert!(!s.warnings.iter().any(|w| w.code == "executive_over_third"));
    }
}

/// A small election in the assembly: `seats` seats among `names`, `issued` ballots issued.
fn small(desk: &Desk, seats: u32, names: &[&str], issued: u32, tie: TieRule) -> ElectionId {
    let (assembly, _) = meetings_of(desk);
    let setup = NewElection {
        tie_rule: tie,
        ..NewElection::new(Body::Officers, "副会长选举", seats, 1)
    };
    let made = desk
        .create_election(assembly, &setup, &named(names))
        .expect("create");
    desk.issue_ballots(made.detail.id, issued).expect("issue");
    made.detail.id
}

#[test]
fn ballots_keyed_one_by_one_are_counted_as_the_paper_says_and_two_passes_are_compared() {
    use Mark::{Agree as Y, Disagree as N, Empty as E};
    let (_dir, desk) = demo_desk();
    // 丁一, 王芳, 李明 in stroke order; two seats.
    let id = small(&desk, 2, &["李明", "王芳", "丁一"], 6, TieRule::RunOff);
    let key = |pass, number, marks: Vec<Mark>, write_ins: &[&str]| {
        desk.key_ballot(
            id,
            pass,
            number,
            marks,
            write_ins.iter().map(|s| (*s).to_owned()).collect(),
        )
    };
    let first = key(1, 1, vec![Y, Y, N], &[]).expect("ballot 1");
    assert!(!first.ballot.over_marked && !first.ballot.blank);
    assert_eq!((first.keyed, first.next_number), (1, 2));
    let over = key(1, 2, vec![Y, Y, Y], &[]).expect("ballot 2 as the paper is");
    assert!(over.ballot.over_marked, "three agrees for two seats");
    let blank = key(1, 3, vec![E, E, E], &[]).expect("ballot 3");
    assert!(blank.ballot.blank);
    key(1, 4, vec![Y, E, E], &["赵六"]).expect("ballot 4, a write-in");
    key(1, 5, vec![N, Y, E], &["丁一"]).expect("ballot 5: 丁一 written in and marked");
    let wrong = key(1, 6, vec![Y], &[]).expect_err("one mark for three names");
    assert_eq!(reason(&wrong), "wrong_cells");
    let lines = key(1, 6, vec![E, E, E], &["甲", "乙"]).expect_err("one write-in line");
    assert_eq!(reason(&lines), "too_many");

    let result = desk.election_result(id).expect("result");
    let o = &result.outcome;
    assert_eq!(result.source, "ballots");
    assert_eq!((o.returned, o.valid, o.invalid, o.blank), (5, 4, 1, 1));
    let votes = |name: &str| {
        let c = o.candidates.iter().find(|c| c.name == name).expect(name);
        (c.agree, c.disagree, c.abstain)
    };
    // Ballot 5 marks 丁一 不同意 but writes the name in: an agree, once.
    assert_eq!(votes("丁一"), (3, 0, 1));
    assert_eq!(votes("王芳"), (2, 0, 2));
    assert_eq!(votes("赵六"), (1, 0, 0));
    // Threshold ⌊5/2⌋+1 = 3: only 丁一 has it.
    assert_eq!((o.threshold, o.unfilled), (3, 1));
    assert_eq!(o.elected, ["丁一"]);

    // The second clerk keys ballot 1 with one slip, and ballot 9 the first did not key.
    let slip = key(2, 1, vec![Y, N, N], &[]).expect("pass 2");
    assert_eq!(slip.differences.len(), 1);
    assert_eq!(slip.differences[0].column, "王芳");
    assert_eq!(
        (
            slip.differences[0].first.as_str(),
            slip.differences[0].second.as_str()
        ),
        ("agree", "disagree")
    );
    key(2, 9, vec![E, E, E], &[]).expect("pass 2");
    let all = desk.pass_differences(id).expect("differences");
    assert!(all.iter().any(|d| d.ballot == 9 && d.column == "ballot"));
    assert!(all.iter().any(|d| d.ballot == 2 && d.column == "ballot"));
    // The count stays the first pass's.
    assert_eq!(desk.election_result(id).expect("result").outcome, *o);

    assert!(desk.delete_ballot(id, 1, 2).expect("delete"));
    assert!(!desk.delete_ballot(id, 1, 2).expect("gone"));
    let after = desk.election_result(id).expect("result");
    assert_eq!((after.outcome.returned, after.outcome.invalid), (4, 0));
    assert_eq!(desk.keyed_ballots(id, 1).expect("list").len(), 4);
}

#[test]
fn a_tally_sheet_is_checked_counted_alone_and_compared_with_keyed_ballots() {
    use Mark::{Agree as Y, Disagree as N};
    let (_dir, desk) = demo_desk();
    let id = small(&desk, 1, &["王芳", "丁一"], 5, TieRule::RunOff);
    let t = |agree, disagree, abstain| Totals {
        agree,
        disagree,
        abstain,
    };
    let sheet = |listed: Vec<Totals>| SheetTotals {
        returned: 4,
        invalid: 1,
        blank: 0,
        listed,
        write_ins: vec![("赵六".to_owned(), 1)],
    };
    let bad = desk
        .enter_tally_sheet(id, &sheet(vec![t(2, 1, 1), t(1, 1, 0)]))
        .expect_err("丁一's row sums to 4, the valid ballots are 3");
    assert_eq!(reason(&bad), "totals_not_valid");
    assert_eq!(bad.params["candidate"], "丁一");
    let too_many = desk
        .enter_tally_sheet(id, &sheet(vec![t(2, 1, 0), t(2, 1, 0)]))
        .expect_err("5 agrees on 3 ballots of one seat");
    assert_eq!(reason(&too_many), "too_many_agrees");

    let good = desk
        .enter_tally_sheet(id, &sheet(vec![t(1, 2, 0), t(1, 2, 0)]))
        .expect("a sheet that checks out");
    assert_eq!(good.source, "tally_sheet");
    assert_eq!((good.outcome.valid, good.outcome.threshold), (3, 3));
    assert!(
        good.outcome.elected.is_empty(),
        "2 of 4 is not more than half"
    );
    assert_eq!(
        good.outcome.candidates.len(),
        3,
        "two listed, one written in"
    );

    // Ballots keyed afterwards are what counts; the sheet's differences are shown.
    desk.key_ballot(id, 1, 1, vec![Y, N], Vec::new())
        .expect("1");
    desk.key_ballot(id, 1, 2, vec![N, Y], Vec::new())
        .expect("2");
    let both = desk.election_result(id).expect("result");
    assert_eq!(both.source, "ballots");
    assert!(both
        .sheet_differences
        .iter()
        .any(|d| d.name == "returned" && d.ballots == 2 && d.sheet == 4));
    assert!(both
        .sheet_differences
        .iter()
        .any(|d| d.name == "赵六" && d.ballots == 0 && d.sheet == 1));
}

#[test]
fn a_tie_is_run_off_or_left_unfilled_as_the_election_says() {
    use Mark::{Agree as Y, Disagree as N};
    let (_dir, desk) = demo_desk();
    // 2 seats; ballot order 丁一, 王芳, 李明: 丁一 4, 王芳 3, 李明 3 of 5 (threshold 3): 丁一 is
    // elected and the other two tie across the last seat.
    for (tie, expect) in [
        (TieRule::RunOff, Some("run_off")),
        (TieRule::Unfilled, None),
    ] {
        let id = small(&desk, 2, &["王芳", "丁一", "李明"], 5, tie);
        let papers = [
            vec![Y, Y, N],
            vec![Y, Y, N],
            vec![Y, N, Y],
            vec![Y, N, Y],
            vec![N, Y, Y],
        ];
        for (n, marks) in (1..).zip(papers) {
            desk.key_ballot(id, 1, n, marks, Vec::new()).expect("key");
        }
        let result = desk.election_result(id).expect("result");
        assert_eq!(result.outcome.threshold, 3);
        assert_eq!(result.outcome.elected, ["丁一"]);
        assert_eq!(result.outcome.tied, ["王芳", "李明"]);
        match expect {
            Some(kind) => assert_eq!(desk.next_round(id).expect("run-off").kind, kind),
            None => assert_eq!(
                reason(&desk.next_round(id).expect_err("left unfilled")),
                "all_seats_filled"
            ),
        }
    }
}

#[test]
fn a_declared_council_is_the_afternoon_meetings_electorate() {
    let (_dir, desk) = demo_desk();
    let (assembly, afternoon) = meetings_of(&desk);
    let council = desk
        .elections(assembly)
        .expect("list")
        .into_iter()
        .find(|e| e.body == Body::Council)
        .expect("council");
    let detail = desk.election_setup(council.id).expect("setup").detail;
    desk.issue_ballots(council.id, 3).expect("issue");
    // Three ballots agreeing with the first 129 on the list and nobody else.
    for n in 1..=3 {
        let marks = (0..detail.candidates.len())
            .map(|i| if i < 129 { Mark::Agree } else { Mark::Disagree })
            .collect();
        desk.key_ballot(council.id, 1, n, marks, Vec::new())
            .expect("key");
    }
    let declared = desk.declare_result(council.id).expect("declare");
    assert_eq!(declared.elected.len(), 129);
    assert_eq!(declared.electorates.len(), 2);
    assert!(declared
        .electorates
        .iter()
        .all(|e| e.meeting == afternoon && e.voters == 129));
    let voters = desk
        .read(|conn| Ok(meetings::voting_members(conn, afternoon)?))
        .expect("voters");
    let elected: std::collections::HashSet<i64> = detail.candidates[..129]
        .iter()
        .map(|c| c.member.expect("member").0)
        .collect();
    assert_eq!(
        voters.into_iter().collect::<std::collections::HashSet<_>>(),
        elected
    );
    let again = desk.declare_result(council.id).expect_err("declared once");
    assert_eq!(reason(&again), "round_closed");
    assert_eq!(
        reason(
            &desk
                .key_ballot(council.id, 1, 4, Vec::new(), Vec::new())
                .expect_err("closed")
        ),
        "round_closed"
    );
    for e in desk.elections(afternoon).expect("afternoon") {
        let s = desk.election_setup(e.id).expect("setup");
        assert!(!s
            .warnings
            .iter()
            .any(|w| w.code == "electorate_not_declared"));
        assert_eq!(s.voting_expected, 129);
        let outside = s
            .detail
            .candidates
            .iter()
            .filter(|c| c.member.is_none_or(|m| !elected.contains(&m.0)))
            .count();
        let warned = s
            .warnings
            .iter()
            .find(|w| w.code == "candidates_outside_electorate");
        assert_eq!(
            warned.map_or(0, |w| w.params["count"].as_u64().unwrap_or(0)),
            outside as u64
        );
    }
}

//! The count's rules, case by case and as properties over random rounds, and the recount's
//! files read strictly.

use proptest::prelude::*;

use super::recount::{read_ballots, read_candidates, RecountFile};
use super::tally::{tally, threshold, Ballot, Base, Mark, Outcome, RoundStatus, Rules};
use super::{recount_files, ElectionError};

use Mark::{Abstain as A, Agree as Y, Disagree as N, Empty as E};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| (*n).to_owned()).collect()
}

fn ballot(number: u32, marks: &[Mark], write_ins: &[&str]) -> Ballot {
    Ballot {
        number,
        marks: marks.to_vec(),
        write_ins: names(write_ins),
    }
}

fn rules(seats: u32, issued: u32) -> Rules {
    Rules {
        seats,
        issued,
        base: Base::Returned,
        present: None,
        entitled: None,
    }
}

fn votes<'a>(outcome: &'a Outcome, name: &str) -> &'a super::tally::CandidateVotes {
    outcome
        .candidates
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{name} not counted"))
}

#[test]
fn the_threshold_is_more_than_half_of_the_base() {
    for (base, expected) in [(0, 1), (1, 1), (2, 2), (3, 2), (410, 206), (411, 206)] {
        assert_eq!(threshold(base), expected, "{base}");
    }
}

#[test]
fn over_marked_ballots_are_invalid_blank_ones_valid_and_empty_cells_abstain() {
    let list = names(&["王一", "李二", "张三"]);
    let ballots = [
        ballot(1, &[Y, Y, N], &[]),
        ballot(2, &[Y, Y, Y], &[]), // three agrees for two seats: invalid
        ballot(3, &[E, E, E], &[]), // blank: valid
        ballot(4, &[Y, E, A], &["赵四"]), // a write-in: two agrees
        ballot(5, &[Y, E, E], &["王一"]), // a write-in of a marked candidate counts once
        ballot(6, &[Y, E, E], &["赵四", "钱五"]), // three agrees with the write-ins: invalid
    ];
    let outcome = tally(&list, &ballots, &rules(2, 6)).expect("count");
    assert_eq!(outcome.status, RoundStatus::Valid);
    assert_eq!(
        (
            outcome.returned,
            outcome.valid,
            outcome.invalid,
            outcome.blank
        ),
        (6, 4, 2, 1)
    );
    assert_eq!(outcome.threshold, 4, "more than half of the 6 returned");
    let w = votes(&outcome, "王一");
    assert_eq!((w.agree, w.disagree, w.abstain), (3, 0, 1));
    let l = votes(&outcome, "李二");
    assert_eq!((l.agree, l.disagree, l.abstain), (1, 0, 3));
    let z = votes(&outcome, "张三");
    assert_eq!((z.agree, z.disagree, z.abstain), (0, 1, 3));
    let written = votes(&outcome, "赵四");
    assert!(written.write_in);
    assert_eq!(written.agree, 1);
    assert!(
        outcome.candidates.iter().all(|c| c.name != "钱五"),
        "only from valid ballots"
    );
    assert!(outcome.elected.is_empty(), "nobody has 4 agrees");
    assert_eq!(outcome.unfilled, 2);
}

#[test]
fn a_round_with_more_ballots_returned_than_issued_is_void_but_counted() {
    let list = names(&["王一"]);
    let ballots = [
        ballot(1, &[Y], &[]),
        ballot(2, &[Y], &[]),
        ballot(3, &[Y], &[]),
    ];
    let outcome = tally(&list, &ballots, &rules(1, 2)).expect("count");
    assert_eq!(outcome.status, RoundStatus::Void);
    assert_eq!(votes(&outcome, "王一").agree, 3);
    assert!(outcome.elected.is_empty() && !votes(&outcome, "王一").elected);
    assert_eq!(outcome.unfilled, 1);
}

#[test]
fn a_tie_across_the_last_seat_is_left_for_a_run_off_and_those_above_are_elected() {
    let list = names(&["甲", "乙", "丙", "丁"]);
    // Three seats: 甲 5, 乙 3, 丙 3 of 5 ballots, threshold 3: all three fit.
    let ballots = [
        ballot(1, &[Y, Y, E, E], &[]),
        ballot(2, &[Y, Y, E, E], &[]),
        ballot(3, &[Y, E, Y, E], &[]),
        ballot(4, &[Y, Y, Y, E], &[]),
        ballot(5, &[Y, E, Y, Y], &[]),
    ];
    let mut r = rules(2, 5);
    r.seats = 3;
    // With three seats, 甲 and both of 乙 丙 fit.
    let three = tally(&list, &ballots, &r).expect("count");
    assert_eq!(three.elected.len(), 3);
    assert!(three.tied.is_empty());
    // Two seats, each ballot cut to two agrees: 甲, 乙 and 丙 have 3 each — three tied for two
    // seats, so nobody is elected by list order and both seats wait for a run-off.
    let two_seat_ballots: Vec<Ballot> = ballots
        .iter()
        .map(|b| {
            let mut b = b.clone();
            if b.marks.iter().filter(|m| **m == Y).count() > 2 {
                b.marks[0] = E;
            }
            b
        })
        .collect();
    let two = tally(&list, &two_seat_ballots, &rules(2, 5)).expect("count");
    let agrees: Vec<u32> = two.candidates.iter().map(|c| c.agree).collect();
    assert_eq!(agrees, [3, 3, 3, 1]);
    assert!(
        two.elected.is_empty(),
        "three tied for two seats: nobody by list order"
    );
    assert_eq!(two.tied.len(), 3);
    assert_eq!(two.unfilled, 2);
}

#[test]
fn the_base_can_be_the_valid_ballots_those_present_or_all_entitled() {
    let list = names(&["王一"]);
    let ballots: Vec<Ballot> = (1..=10)
        .map(|n| ballot(n, if n <= 5 { &[Y] } else { &[E] }, &[]))
        .collect();
    let mut r = rules(1, 10);
    assert_eq!(tally(&list, &ballots, &r).expect("count").threshold, 6);
    r.base = Base::Present;
    assert!(matches!(
        tally(&list, &ballots, &r),
        Err(super::tally::TallyError::MissingBase { base: "present" })
    ));
    r.present = Some(8);
    let outcome = tally(&list, &ballots, &r).expect("count");
    assert_eq!(outcome.threshold, 5);
    assert_eq!(outcome.elected, ["王一"]);
    r.base = Base::Entitled;
    r.entitled = Some(12);
    assert_eq!(tally(&list, &ballots, &r).expect("count").threshold, 7);
}

/// A random round: 1–6 seats, 1–9 candidates, up to 40 ballots of random marks and write-ins.
fn round() -> impl Strategy<Value = (Vec<String>, Vec<Ballot>, Rules)> {
    (1u32..=6, 1usize..=9).prop_flat_map(|(seats, n)| {
        let list: Vec<String> = (0..n).map(|i| format!("候选{i}")).collect();
        let mark = prop_oneof![Just(Y), Just(N), Just(A), Just(E)];
        let write_in = prop_oneof![
            Just(None),
            Just(Some("候选0")),
            Just(Some("另一人")),
            Just(Some("第三人"))
        ];
        let ballot = (
            proptest::collection::vec(mark, n),
            proptest::collection::vec(write_in, 0..3),
        );
        (
            Just(list),
            proptest::collection::vec(ballot, 0..40),
            Just(seats),
            0u32..50,
        )
            .prop_map(|(list, raw, seats, issued)| {
                let ballots = raw
                    .into_iter()
                    .enumerate()
                    .map(|(i, (marks, writes))| Ballot {
                        number: i as u32 + 1,
                        marks,
                        write_ins: writes.into_iter().flatten().map(str::to_owned).collect(),
                    })
                    .collect();
                (list, ballots, rules(seats, issued))
            })
    })
}

proptest! {
    #[test]
    fn the_elected_are_within_the_seats_and_each_has_the_threshold((list, ballots, rules) in round()) {
        let outcome = tally(&list, &ballots, &rules).expect("count");
        prop_assert!(outcome.elected.len() as u32 <= rules.seats);
        prop_assert_eq!(outcome.unfilled, rules.seats - outcome.elected.len() as u32);
        for c in outcome.candidates.iter().filter(|c| c.elected) {
            prop_assert!(c.agree >= outcome.threshold);
        }
        prop_assert_eq!(outcome.valid + outcome.invalid, outcome.returned);
        if outcome.status == RoundStatus::Void {
            prop_assert!(outcome.elected.is_empty());
            prop_assert!(outcome.candidates.iter().all(|c| !c.elected));
        }
    }

    #[test]
    fn shuffling_the_ballots_changes_nothing((list, ballots, rules) in round(), seed in any::<u64>()) {
        let first = tally(&list, &ballots, &rules).expect("count");
        let mut shuffled = ballots.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(first, tally(&list, &shuffled, &rules).expect("count"));
    }

    #[test]
    fn a_tie_at_the_last_seat_never_elects_one_of_the_tied((list, ballots, rules) in round()) {
        let outcome = tally(&list, &ballots, &rules).expect("count");
        let agree_of = |name: &String| outcome.candidates.iter().find(|c| &c.name == name).map(|c| c.agree);
        if let Some(level) = outcome.tied.first().and_then(agree_of) {
            // Everyone at the tied level is tied, and nobody at that level is elected.
            for c in &outcome.candidates {
                if c.agree == level {
                    prop_assert!(!c.elected);
                    prop_assert!(outcome.tied.contains(&c.name));
                }
            }
            prop_assert!(outcome.elected.len() + outcome.tied.len() > rules.seats as usize);
        }
        // Among the qualified, nobody unelected has more votes than someone elected.
        let lowest_elected = outcome.candidates.iter().filter(|c| c.elected).map(|c| c.agree).min();
        if let Some(low) = lowest_elected {
            for c in outcome.candidates.iter().filter(|c| !c.elected) {
                prop_assert!(c.agree <= low);
            }
        }
    }
}

#[test]
fn recount_files_are_read_strictly_and_name_the_ballot_and_the_column() {
    let candidates = "\u{feff}name\n王一\n李二\n";
    assert_eq!(
        read_candidates(candidates.as_bytes()).expect("read"),
        ["王一", "李二"]
    );
    let (gb, _, _) = encoding_rs::GB18030.encode("姓名\r\n王一\r\n李二\r\n");
    assert_eq!(read_candidates(&gb).expect("GB18030"), ["王一", "李二"]);
    let twice = read_candidates("name\n王一\n王一\n".as_bytes()).expect_err("twice");
    assert_eq!((twice.reason, twice.line), ("duplicate_candidate", Some(3)));
    assert_eq!(
        read_candidates(b"who\nx\n").expect_err("header").reason,
        "no_header"
    );

    let list = names(&["王一", "李二"]);
    let good = "ballot,王一,李二,write_in\n1,同意, 不同意 ,\n2,y,A,张三;李四\n3,,,\n";
    let ballots = read_ballots(good.as_bytes(), &list).expect("ballots");
    assert_eq!(ballots[0].marks, [Y, N]);
    assert_eq!(ballots[1].marks, [Y, A]);
    assert_eq!(ballots[1].write_ins, ["张三", "李四"]);
    assert_eq!(ballots[2].marks, [E, E]);
    let without =
        read_ballots("ballot,王一,李二\n1,N,弃权\n".as_bytes(), &list).expect("no write-ins");
    assert_eq!(without[0].marks, [N, A]);

    let cases = [
        ("ballot,李二,王一\n1,,\n", "header_mismatch", None, None),
        ("ballot,王一\n1,\n", "header_mismatch", None, None),
        (
            "ballot,王一,李二\n1,同意,对\n",
            "not_a_mark",
            Some("1"),
            Some("李二"),
        ),
        (
            "ballot,王一,李二\n1,,\n1,,\n",
            "duplicate_ballot",
            Some("1"),
            None,
        ),
        (
            "ballot,王一,李二\nx,,\n",
            "not_a_ballot_number",
            Some("x"),
            None,
        ),
        ("ballot,王一,李二\n1,\n", "wrong_cells", Some("1"), None),
    ];
    for (text, reason, ballot, column) in cases {
        let err = read_ballots(text.as_bytes(), &list).expect_err(text);
        assert_eq!(err.file, RecountFile::Ballots);
        assert_eq!(err.reason, reason, "{text}");
        assert_eq!(err.ballot.as_deref(), ballot, "{text}");
        assert_eq!(err.column.as_deref(), column, "{text}");
    }
    let refused = recount_files(
        candidates.as_bytes(),
        "ballot,王一,李二\n1,yes,\n".as_bytes(),
        &rules(1, 1),
    )
    .expect_err("nothing counted");
    assert!(matches!(refused, ElectionError::Recount(ref e) if e.reason == "not_a_mark"));
}

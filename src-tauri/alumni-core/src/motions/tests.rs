//! The vote rules, table-driven (DESIGN.md "Meetings and votes on reports").

use super::rules::{decide, needed, Presence, VoteError};
use super::{MotionBase, VoteCounts};
use crate::settings::MajorityRule::{MoreThanHalf, TwoThirds};

fn counts(yes: u32, no: u32, abstain: u32) -> VoteCounts {
    VoteCounts { yes, no, abstain }
}

/// 300 entitled, quorum two thirds: 200.
fn present(n: u32) -> Presence {
    Presence {
        present: n,
        entitled: 300,
        quorum_needed: 200,
    }
}

#[test]
fn votes_needed_by_rule() {
    // (rule, base, needed)
    let table = [
        (MoreThanHalf, 300, 151),
        (MoreThanHalf, 301, 151),
        (MoreThanHalf, 2, 2),
        (MoreThanHalf, 1, 1),
        (MoreThanHalf, 0, 1),
        // 三分之二以上 includes two thirds itself.
        (TwoThirds, 300, 200),
        (TwoThirds, 301, 201),
        (TwoThirds, 302, 202),
        (TwoThirds, 3, 2),
        (TwoThirds, 1, 1),
        (TwoThirds, 0, 1),
        (TwoThirds, u32::MAX, 2_863_311_530),
    ];
    for (rule, base, want) in table {
        assert_eq!(needed(rule, base), want, "{rule:?} of {base}");
    }
}

#[test]
fn a_majority_of_the_voters_present_passes_a_report() {
    // (present, yes, no, abstain, passed)
    let table = [
        (240, 121, 100, 19, true),
        (240, 120, 100, 20, false), // half is not more than half
        (240, 120, 120, 0, false),  // a tie fails
        (240, 240, 0, 0, true),
        (201, 101, 0, 0, true),
        (201, 100, 0, 101, false), // abstentions count in the base, not for the motion
    ];
    for (p, yes, no, abstain, passed) in table {
        let d = decide(
            MoreThanHalf,
            MotionBase::PresentVoting,
            counts(yes, no, abstain),
            present(p),
        )
        .expect("a vote with a quorum");
        assert_eq!(d.base_count, p);
        assert_eq!(d.needed, p / 2 + 1);
        assert_eq!(d.passed, passed, "{yes}/{no}/{abstain} of {p}");
    }
}

#[test]
fn an_amendment_needs_two_thirds_and_exactly_two_thirds_passes() {
    // (present, yes, passed)
    let table = [
        (240, 160, true), // exactly two thirds
        (240, 159, false),
        (241, 161, true),
        (241, 160, false),
        (300, 200, true),
    ];
    for (p, yes, passed) in table {
        let d = decide(
            TwoThirds,
            MotionBase::PresentVoting,
            counts(yes, p - yes, 0),
            present(p),
        )
        .expect("a vote with a quorum");
        assert_eq!(d.passed, passed, "{yes} of {p}");
    }
}

#[test]
fn the_entitled_base_counts_the_absent_too() {
    let d = decide(
        MoreThanHalf,
        MotionBase::Entitled,
        counts(150, 50, 10),
        present(210),
    )
    .expect("quorum");
    assert_eq!((d.base_count, d.needed, d.passed), (300, 151, false));
}

#[test]
fn more_votes_than_voters_present_are_refused() {
    let err = decide(
        MoreThanHalf,
        MotionBase::PresentVoting,
        counts(200, 10, 1),
        present(210),
    )
    .expect_err("211 votes from 210 voters");
    assert_eq!(
        err,
        VoteError::AbovePresent {
            counted: 211,
            present: 210
        }
    );
    // The entitled base is larger, but the votes still come from those present.
    let err = decide(
        MoreThanHalf,
        MotionBase::Entitled,
        counts(211, 0, 0),
        present(210),
    );
    assert!(matches!(err, Err(VoteError::AbovePresent { .. })));
    // Counts near u32::MAX do not wrap around.
    let err = decide(
        MoreThanHalf,
        MotionBase::PresentVoting,
        counts(u32::MAX, u32::MAX, 2),
        present(210),
    );
    assert!(matches!(err, Err(VoteError::AbovePresent { .. })));
}

#[test]
fn no_vote_without_a_quorum() {
    for p in [0, 1, 199] {
        let err = decide(
            MoreThanHalf,
            MotionBase::PresentVoting,
            counts(0, 0, 0),
            present(p),
        )
        .expect_err("no quorum");
        assert_eq!(
            err,
            VoteError::NoQuorum {
                present: p,
                needed: 200
            }
        );
    }
    // Exactly the quorum is a quorum.
    assert!(decide(
        MoreThanHalf,
        MotionBase::PresentVoting,
        counts(101, 0, 0),
        present(200)
    )
    .is_ok());
    // A meeting with nobody entitled has no quorum, whatever the fraction.
    let nobody = Presence {
        present: 0,
        entitled: 0,
        quorum_needed: 0,
    };
    assert!(decide(
        MoreThanHalf,
        MotionBase::PresentVoting,
        counts(0, 0, 0),
        nobody
    )
    .is_err());
}

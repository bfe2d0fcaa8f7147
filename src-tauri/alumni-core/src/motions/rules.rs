//! The vote rules on a motion, pure (DESIGN.md "Meetings and votes on reports"): the base, the
//! votes needed, and what may not be recorded at all.
//!
//! - A report or resolution passes with more than half of the base (过半数: ⌊base/2⌋ + 1); an
//!   amendment of the articles needs at least two thirds (三分之二以上 includes two thirds
//!   itself: ⌈2·base/3⌉). A tie never passes: half is not more than half.
//! - The base is the voting attendees present at the moment of the vote (from check-in), or all
//!   entitled; either way the votes counted come from those present, so yes + no + abstain may
//!   not exceed them.
//! - No vote is recorded while the quorum is not reached; the chair records that instead.
//! - Every rule counts votes: there is no "passed by applause" (VoteMethod has no such value).

use serde::Serialize;
use serde_json::json;

use super::model::{MotionBase, VoteCounts};
use crate::error::ErrorKind;
use crate::settings::MajorityRule;
use crate::DomainError;

/// Who is in the room at the moment of a vote, from check-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Presence {
    /// Voting attendees checked in now.
    pub present: u32,
    /// Voting attendees on the list.
    pub entitled: u32,
    /// Voting attendees the quorum needs.
    pub quorum_needed: u32,
}

impl Presence {
    /// Whether the quorum is reached (at least `quorum_needed` present, and someone entitled).
    pub fn quorum_reached(&self) -> bool {
        self.entitled > 0 && self.present >= self.quorum_needed
    }
}

/// What a vote decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The base's size: voting attendees present, or all entitled.
    pub base_count: u32,
    /// Yes votes needed to pass.
    pub needed: u32,
    /// Whether the yes votes reach `needed`.
    pub passed: bool,
}

/// Why a vote cannot be recorded. Nothing is written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VoteError {
    /// The quorum is not reached: no vote may be taken (the chair records the lack instead).
    #[error("no quorum: {present} voting attendees present, {needed} needed")]
    NoQuorum {
        /// Voting attendees present.
        present: u32,
        /// Needed for the quorum.
        needed: u32,
    },
    /// More votes than voting attendees present.
    #[error("{counted} votes counted but only {present} voting attendees are present")]
    AbovePresent {
        /// yes + no + abstain.
        counted: u64,
        /// Voting attendees present.
        present: u32,
    },
}

impl DomainError for VoteError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::InvalidInput
    }

    fn params(&self) -> serde_json::Value {
        match self {
            VoteError::NoQuorum { present, needed } => {
                json!({ "field": "quorum", "reason": "no_quorum", "present": present, "needed": needed })
            }
            VoteError::AbovePresent { counted, present } => {
                json!({ "field": "yes", "reason": "above_present", "counted": counted, "present": present })
            }
        }
    }
}

/// Yes votes needed to pass under `rule` with a base of `base_count`: ⌊n/2⌋ + 1 for more than
/// half, ⌈2n/3⌉ for two thirds; never less than 1, so an empty base passes nothing.
pub fn needed(rule: MajorityRule, base_count: u32) -> u32 {
    let n = u64::from(base_count);
    let needed = match rule {
        MajorityRule::MoreThanHalf => n / 2 + 1,
        MajorityRule::TwoThirds => (2 * n).div_ceil(3),
    };
    // Bounded by n + 1, which fits in a u32 for any n up to u32::MAX - 1.
    u32::try_from(needed.max(1)).unwrap_or(u32::MAX)
}

/// Decides a vote: refuses it without a quorum or with more votes than voting attendees
/// present; otherwise the base, the votes needed and whether the motion passed.
pub fn decide(
    rule: MajorityRule,
    base: MotionBase,
    counts: VoteCounts,
    presence: Presence,
) -> Result<Decision, VoteError> {
    if !presence.quorum_reached() {
        return Err(VoteError::NoQuorum {
            present: presence.present,
            needed: presence.quorum_needed,
        });
    }
    let counted = counts.total();
    if counted > u64::from(presence.present) {
        return Err(VoteError::AbovePresent {
            counted,
            present: presence.present,
        });
    }
    let base_count = match base {
        MotionBase::PresentVoting => presence.present,
        MotionBase::Entitled => presence.entitled,
    };
    let needed = needed(rule, base_count);
    Ok(Decision {
        base_count,
        needed,
        passed: counts.yes >= needed,
    })
}

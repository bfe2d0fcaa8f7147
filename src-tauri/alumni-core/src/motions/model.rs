//! Motion and vote types.

use serde::{Deserialize, Serialize};

use crate::meetings::{MeetingId, MotionKind};
use crate::settings::MajorityRule;

/// A motion's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MotionId(pub i64);

/// Whose number a motion's majority is taken of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionBase {
    /// The voting attendees present at the moment of the vote (the default).
    PresentVoting,
    /// Every voting attendee on the list, present or not.
    Entitled,
}

impl MotionBase {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MotionBase::PresentVoting => "present_voting",
            MotionBase::Entitled => "entitled",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "present_voting" => Some(MotionBase::PresentVoting),
            "entitled" => Some(MotionBase::Entitled),
            _ => None,
        }
    }
}

/// How the votes were taken (表决方式). Every method counts: there is no acclamation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoteMethod {
    /// 举手表决
    ShowOfHands,
    /// 投票表决
    Ballot,
}

impl VoteMethod {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            VoteMethod::ShowOfHands => "show_of_hands",
            VoteMethod::Ballot => "ballot",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "show_of_hands" => Some(VoteMethod::ShowOfHands),
            "ballot" => Some(VoteMethod::Ballot),
            _ => None,
        }
    }
}

/// Yes, no and abstain as counted (赞成 / 反对 / 弃权).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCounts {
    /// 赞成
    pub yes: u32,
    /// 反对
    pub no: u32,
    /// 弃权
    pub abstain: u32,
}

impl VoteCounts {
    /// yes + no + abstain, without overflow.
    pub fn total(&self) -> u64 {
        u64::from(self.yes) + u64::from(self.no) + u64::from(self.abstain)
    }
}

/// A vote to record on a motion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct NewVote {
    /// How it was taken.
    pub method: VoteMethod,
    /// The counts.
    #[serde(flatten)]
    pub counts: VoteCounts,
}

/// A motion to set up or change (the rule defaults from its kind: two thirds for an amendment
/// of the articles, the association's default otherwise).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MotionSetup {
    /// What is voted on, as printed in the resolutions.
    pub title: String,
    /// Report, resolution or amendment.
    pub kind: MotionKind,
    /// The agenda item it belongs to, by id.
    #[serde(default)]
    pub agenda_item: Option<i64>,
    /// Whose number the majority is of; default the voting attendees present.
    #[serde(default)]
    pub base: Option<MotionBase>,
    /// More than half or two thirds; default from the kind.
    #[serde(default)]
    pub rule: Option<MajorityRule>,
}

/// A motion as listed (the CLI's `motions --json` shape): `{id, title, kind, base, rule,
/// method, yes, no, abstain, base_count, needed, passed}` plus where it sits and whether the
/// meeting lacked a quorum for it. Counts and outcome are `null` until a vote is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Motion {
    /// Its id.
    pub id: MotionId,
    /// The meeting.
    pub meeting_id: MeetingId,
    /// The agenda item it belongs to.
    pub agenda_item_id: Option<i64>,
    /// What is voted on.
    pub title: String,
    /// Report, resolution or amendment.
    pub kind: MotionKind,
    /// Whose number the majority is of.
    pub base: MotionBase,
    /// More than half or two thirds.
    pub rule: MajorityRule,
    /// How the vote was taken; `None` before it.
    pub method: Option<VoteMethod>,
    /// 赞成
    pub yes: Option<u32>,
    /// 反对
    pub no: Option<u32>,
    /// 弃权
    pub abstain: Option<u32>,
    /// The base's size at the vote (with `no_quorum`, the voting attendees present then).
    pub base_count: Option<u32>,
    /// Yes votes that were needed.
    pub needed: Option<u32>,
    /// The outcome; `None` before a vote, and when the meeting lacked a quorum.
    pub passed: Option<bool>,
    /// The chair recorded that the meeting lacked a quorum when this came to a vote.
    pub no_quorum: bool,
    /// When the vote (or the lack of quorum) was recorded, RFC 3339 in the association's zone.
    pub recorded_at: Option<String>,
}

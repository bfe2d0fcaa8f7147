//! Election types: the bodies whose seats are filled, an election and its candidates to set
//! up, and an election as listed.

use serde::{Deserialize, Serialize};

use super::tally::Base;
use crate::meetings::MeetingId;
use crate::members::MemberId;

/// An election's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ElectionId(pub i64);

impl std::fmt::Display for ElectionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The body whose seats are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Body {
    /// 理事会
    Council,
    /// 常务理事会
    ExecutiveCouncil,
    /// 监事 / 监事会
    Supervisors,
    /// 会长、副会长、秘书长
    Officers,
}

impl Body {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Body::Council => "council",
            Body::ExecutiveCouncil => "executive_council",
            Body::Supervisors => "supervisors",
            Body::Officers => "officers",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "council" => Some(Body::Council),
            "executive_council" => Some(Body::ExecutiveCouncil),
            "supervisors" => Some(Body::Supervisors),
            "officers" => Some(Body::Officers),
            _ => None,
        }
    }
}

/// How a ballot is marked (DESIGN.md "Elections": ballot forms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum BallotForm {
    /// 同意 / 不同意 / 弃权 for each candidate (the default).
    #[default]
    PerCandidate,
    /// A mark beside at most N names (N = seats); an unmarked name is an abstention.
    MarkUpToN,
}

impl BallotForm {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            BallotForm::PerCandidate => "per_candidate",
            BallotForm::MarkUpToN => "mark_up_to_n",
        }
    }

    /// Parses a stored value (unknown: the default form).
    pub fn parse(text: &str) -> Self {
        match text {
            "mark_up_to_n" => BallotForm::MarkUpToN,
            _ => BallotForm::PerCandidate,
        }
    }
}

/// What a tie across the last seat leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// A run-off round among the tied (the default).
    #[default]
    RunOff,
    /// The tied seats are left unfilled: no run-off is set up.
    Unfilled,
}

impl TieRule {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            TieRule::RunOff => "run_off",
            TieRule::Unfilled => "unfilled",
        }
    }

    /// Parses a stored value (unknown: the default rule).
    pub fn parse(text: &str) -> Self {
        match text {
            "unfilled" => TieRule::Unfilled,
            _ => TieRule::RunOff,
        }
    }
}

/// The stored value of a majority base (`present` is stored as `present_voting`).
pub fn base_as_str(base: Base) -> &'static str {
    match base {
        Base::Returned => "returned",
        Base::Valid => "valid",
        Base::Present => "present_voting",
        Base::Entitled => "entitled",
    }
}

/// Parses a stored majority base (unknown: ballots returned).
pub fn parse_base(text: &str) -> Base {
    match text {
        "valid" => Base::Valid,
        "present_voting" | "present" => Base::Present,
        "entitled" => Base::Entitled,
        _ => Base::Returned,
    }
}

/// An election to set up: its body, seats and rules.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct NewElection {
    /// Body whose seats are filled.
    pub body: Body,
    /// Printed on the ballot.
    pub title: String,
    /// N.
    pub seats: u32,
    /// Write-in lines on the ballot (0: none).
    #[serde(default)]
    pub write_in_lines: u32,
    /// How the ballot is marked.
    #[serde(default)]
    pub ballot_form: BallotForm,
    /// What the threshold is a majority of (ballots returned by default).
    #[serde(default)]
    pub base: Base,
    /// What a tie across the last seat leads to.
    #[serde(default)]
    pub tie_rule: TieRule,
    /// The election (its first round) whose elected are this election's voters, if any.
    #[serde(default)]
    pub electorate: Option<ElectionId>,
}

impl NewElection {
    /// An election with the default rules (per-candidate ballot, base ballots returned,
    /// run-off on a tie, the meeting's own voters).
    pub fn new(body: Body, title: &str, seats: u32, write_in_lines: u32) -> Self {
        NewElection {
            body,
            title: title.to_owned(),
            seats,
            write_in_lines,
            ballot_form: BallotForm::PerCandidate,
            base: Base::Returned,
            tie_rule: TieRule::RunOff,
            electorate: None,
        }
    }
}

/// A candidate on the list, in ballot order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCandidate {
    /// The member, if on record.
    #[serde(default)]
    pub member: Option<MemberId>,
    /// Name on the ballot.
    pub name: String,
    /// Organisation on the ballot.
    #[serde(default)]
    pub unit: Option<String>,
}

/// A candidate as set up: position 1.. in ballot order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Candidate {
    /// The candidate row's id.
    pub id: i64,
    /// 1-based place on the ballot (the number a clerk keys).
    pub position: u32,
    /// The member, if on record.
    pub member: Option<MemberId>,
    /// Name on the ballot.
    pub name: String,
    /// Organisation on the ballot.
    pub unit: Option<String>,
}

/// An election with everything its ballot paper, keying screen and setup form need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElectionDetail {
    /// Its id.
    pub id: ElectionId,
    /// The meeting it is held at.
    pub meeting: MeetingId,
    /// Body.
    pub body: Body,
    /// Printed title.
    pub title: String,
    /// N.
    pub seats: u32,
    /// `equal` (M = N, 等额) or `competitive` (M > N, 差额).
    pub kind: &'static str,
    /// How the ballot is marked.
    pub ballot_form: BallotForm,
    /// Write-in lines on the ballot.
    pub write_in_lines: u32,
    /// What the threshold is a majority of.
    pub base: Base,
    /// What a tie across the last seat leads to.
    pub tie_rule: TieRule,
    /// The election whose elected are the voters, if any.
    pub electorate: Option<ElectionId>,
    /// 1 for the first round.
    pub round: u32,
    /// The round before, for a run-off or further round.
    pub previous_round: Option<ElectionId>,
    /// `draft`, `open` (ballots issued), `counting` (ballots keyed) or `closed`.
    pub status: String,
    /// Ballots issued, once recorded.
    pub issued: Option<u32>,
    /// Ballots keyed in the first entry pass.
    pub returned: Option<u32>,
    /// When the result was declared (the round closed without a next round).
    pub declared_at: Option<String>,
    /// The candidates in ballot order.
    pub candidates: Vec<Candidate>,
}

/// `equal` when M = N, else `competitive`.
pub fn kind_of(seats: u32, candidates: usize) -> &'static str {
    if candidates as u64 > u64::from(seats) {
        "competitive"
    } else {
        "equal"
    }
}

/// An election as listed (the CLI's `elections --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElectionSummary {
    /// Its id.
    pub id: ElectionId,
    /// Body.
    pub body: Body,
    /// Printed title.
    pub title: String,
    /// N.
    pub seats: u32,
    /// M.
    pub candidates: u32,
    /// `draft`, `open`, `counting` or `closed`.
    pub status: String,
    /// 1 for the first round.
    pub round: u32,
    /// `equal` (等额) or `competitive` (差额).
    pub kind: &'static str,
}

//! Election types: the bodies whose seats are filled, an election and its candidates to set
//! up, and an election as listed.

use serde::{Deserialize, Serialize};

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

/// An election to set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewElection {
    /// Body whose seats are filled.
    pub body: Body,
    /// Printed on the ballot.
    pub title: String,
    /// N.
    pub seats: u32,
    /// Write-in lines on the ballot.
    pub write_in_lines: u32,
}

/// A candidate on the list, in ballot order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCandidate {
    /// The member, if on record.
    pub member: Option<MemberId>,
    /// Name on the ballot.
    pub name: String,
    /// Organisation on the ballot.
    pub unit: Option<String>,
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
}

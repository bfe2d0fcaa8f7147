//! Council types: terms, the offices held in them in protocol order, and the rows listed.

use serde::{Deserialize, Serialize};

use crate::members::MemberId;

/// A term's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TermId(pub i64);

impl std::fmt::Display for TermId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An office in a term. A president also holds executive-council and council seats, each
/// recorded as its own row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Office {
    /// 会长
    President,
    /// 副会长
    VicePresident,
    /// 秘书长
    SecretaryGeneral,
    /// 副秘书长
    DeputySecretaryGeneral,
    /// 常务理事
    ExecutiveCouncil,
    /// 理事
    Council,
    /// 监事长
    ChiefSupervisor,
    /// 监事
    Supervisor,
}

impl Office {
    /// Every office, in protocol order.
    pub const ALL: [Office; 8] = [
        Office::President,
        Office::VicePresident,
        Office::SecretaryGeneral,
        Office::DeputySecretaryGeneral,
        Office::ExecutiveCouncil,
        Office::Council,
        Office::ChiefSupervisor,
        Office::Supervisor,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Office::President => "president",
            Office::VicePresident => "vice_president",
            Office::SecretaryGeneral => "secretary_general",
            Office::DeputySecretaryGeneral => "deputy_secretary_general",
            Office::ExecutiveCouncil => "executive_council",
            Office::Council => "council",
            Office::ChiefSupervisor => "chief_supervisor",
            Office::Supervisor => "supervisor",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Office> {
        Office::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// A term as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermRow {
    /// Its id.
    pub id: TermId,
    /// 第 N 届.
    pub number: u32,
    /// `YYYY-MM-DD`.
    pub starts_on: Option<String>,
    /// `YYYY-MM-DD`.
    pub ends_on: Option<String>,
    /// Positions recorded in it.
    pub positions: u64,
}

/// An office held by a member in a term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionRow {
    /// The member.
    pub member_id: MemberId,
    /// Their name.
    pub name: String,
    /// The office.
    pub office: Office,
}

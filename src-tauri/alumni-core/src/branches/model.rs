//! Branch types and the pure rules about them: kinds, roles, what a branch row carries, and
//! the shape a name must have.

use serde::{Deserialize, Serialize};

use crate::members::MemberId;

/// A branch's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BranchId(pub i64);

impl std::fmt::Display for BranchId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a branch gathers alumni by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchKind {
    /// 地方校友会
    Regional,
    /// 行业校友会
    Industry,
    /// 学院校友分会
    College,
    /// 海外校友会
    Overseas,
}

impl BranchKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            BranchKind::Regional => "regional",
            BranchKind::Industry => "industry",
            BranchKind::College => "college",
            BranchKind::Overseas => "overseas",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "regional" => Some(BranchKind::Regional),
            "industry" => Some(BranchKind::Industry),
            "college" => Some(BranchKind::College),
            "overseas" => Some(BranchKind::Overseas),
            _ => None,
        }
    }
}

/// A member's role in a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BranchRole {
    /// 会长
    President,
    /// 副会长
    VicePresident,
    /// 秘书长
    SecretaryGeneral,
    /// 联络人
    Contact,
    /// 会员
    Member,
}

impl BranchRole {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            BranchRole::President => "president",
            BranchRole::VicePresident => "vice_president",
            BranchRole::SecretaryGeneral => "secretary_general",
            BranchRole::Contact => "contact",
            BranchRole::Member => "member",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "president" => Some(BranchRole::President),
            "vice_president" => Some(BranchRole::VicePresident),
            "secretary_general" => Some(BranchRole::SecretaryGeneral),
            "contact" => Some(BranchRole::Contact),
            "member" => Some(BranchRole::Member),
            _ => None,
        }
    }
}

/// A branch to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBranch {
    /// Unique name, e.g. 深圳校友会.
    pub name: String,
    /// Its kind.
    pub kind: BranchKind,
    /// The branch it belongs to, if nested.
    pub parent: Option<BranchId>,
    /// Where it meets.
    pub city: Option<String>,
    /// `YYYY-MM-DD`.
    pub founded_on: Option<String>,
}

/// A branch as listed, with its member count; `parent_id` builds the tree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchRow {
    /// Its id.
    pub id: BranchId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: BranchKind,
    /// The branch it belongs to.
    pub parent_id: Option<BranchId>,
    /// Where it meets.
    pub city: Option<String>,
    /// Members on record in it or in any branch nested under it, each counted once: a
    /// provincial branch counts the members of its city branches.
    pub members: u64,
    /// Members on record in this branch itself, nested branches left out.
    pub own_members: u64,
    /// Its president's name, if one is recorded.
    pub president: Option<String>,
}

/// A member of a branch with their role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchMember {
    /// The member.
    pub member_id: MemberId,
    /// Their name.
    pub name: String,
    /// Their role.
    pub role: BranchRole,
    /// Graduation year, to tell namesakes apart.
    pub graduation_year: Option<i32>,
    /// College, likewise.
    pub college: Option<String>,
}

/// The longest branch name, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// Why a (trimmed) name cannot be a branch's name, `None` when it can: `empty` or `too_long`.
/// Whether it is taken is the store's question.
pub fn name_problem(name: &str) -> Option<&'static str> {
    match name.chars().count() {
        0 => Some("empty"),
        n if n > MAX_NAME_CHARS => Some("too_long"),
        _ => None,
    }
}

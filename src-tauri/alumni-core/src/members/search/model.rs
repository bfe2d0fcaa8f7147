//! Search's types: what a query asks ([`SearchQuery`]), what a hit shows ([`SearchHit`]), the
//! kinds of key and what made a member a hit. Which keys a member gets is in `keys.rs`, how a
//! query becomes a plan in `planning.rs`, the order of hits in `ranking.rs`, the SQL in
//! `store.rs`.
//!
//! Invariant: a query's window is bounded: at most [`MAX_LIMIT`] hits, at most [`MAX_DEPTH`]
//! deep.

use serde::{Deserialize, Serialize};

use crate::members::MemberStatus;

/// Results a query returns when it does not say (`limit` 0).
pub const DEFAULT_LIMIT: u32 = 50;
/// The most results one query returns.
pub const MAX_LIMIT: u32 = 500;
/// How deep paging goes (`offset + limit`); beyond it the user should type more.
pub const MAX_DEPTH: u32 = 5_000;

/// What to look for: a typed text and optional filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    /// What was typed: part of a name, pinyin, initials, phone digits, a student number or part
    /// of an employer. Empty lists the members passing the filters, by name.
    pub text: String,
    /// 学院, exactly as recorded.
    pub college: Option<String>,
    /// Earliest graduation year, inclusive.
    pub graduation_year_from: Option<i32>,
    /// Latest graduation year, inclusive.
    pub graduation_year_to: Option<i32>,
    /// Members of this branch (分会).
    pub branch_id: Option<i64>,
    /// 城市, exactly as recorded.
    pub city: Option<String>,
    /// Only members with this status.
    pub status: Option<MemberStatus>,
    /// Members who hold this council office (stored value, e.g. `vice_president`) in any term.
    pub office: Option<String>,
    /// Archived members are left out unless this is set.
    pub include_archived: bool,
    /// At most this many hits; 0 means [`DEFAULT_LIMIT`], more than [`MAX_LIMIT`] is cut.
    pub limit: u32,
    /// Hits to skip, for paging.
    pub offset: u32,
}

impl SearchQuery {
    /// A query for a typed text with no filters.
    pub fn text(text: &str) -> Self {
        SearchQuery {
            text: text.to_owned(),
            ..SearchQuery::default()
        }
    }

    /// Whether any filter is set.
    pub fn has_filters(&self) -> bool {
        self.college.is_some()
            || self.graduation_year_from.is_some()
            || self.graduation_year_to.is_some()
            || self.branch_id.is_some()
            || self.city.is_some()
            || self.status.is_some()
            || self.office.is_some()
    }

    /// The number of hits to return and how many to collect before skipping `offset`.
    pub(super) fn window(&self) -> (usize, usize) {
        let limit = match self.limit {
            0 => DEFAULT_LIMIT,
            n => n.min(MAX_LIMIT),
        };
        let depth = self.offset.saturating_add(limit).min(MAX_DEPTH);
        (self.offset.min(depth) as usize, depth as usize)
    }
}

/// One member found: what a result list shows, with the phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchHit {
    /// The member's id.
    pub id: i64,
    /// Full name.
    pub name: String,
    /// `male`, `female` or unknown.
    pub gender: Option<String>,
    /// 学院
    pub college: Option<String>,
    /// 专业
    pub major: Option<String>,
    /// 毕业年份
    pub graduation_year: Option<i32>,
    /// 学历
    pub degree: Option<String>,
    /// 工作单位
    pub employer: Option<String>,
    /// 城市
    pub city: Option<String>,
    /// `active`, `lost_contact` or `deceased`.
    pub status: String,
    /// `138****5678`; the full number is never in a search result.
    pub phone_masked: Option<String>,
    /// What matched: `name`, `pinyin`, `initials`, `phone`, `student_number` or `employer`;
    /// empty when the text was empty and the hit only passed the filters.
    pub matched: String,
}

/// The kinds of key; each has its own prefix so that prefix ranges never mix kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Kind {
    /// Any part of the name: 刘, 东志, 刘东志.
    Name,
    /// The whole name in pinyin: liudongzhi (and the other readings of a surname).
    Pinyin,
    /// The pinyin from the second syllable on: dongzhi, zhi.
    PinyinSuffix,
    /// The initials: ldz.
    Initials,
    /// The initials from the second syllable on: dz, z.
    InitialsSuffix,
    /// The last four digits of the phone.
    PhoneTail,
    /// The employer, by its id in `member_search_employers`.
    Employer,
    /// A copy of a pinyin key for each branch the member belongs to: `<branch id>:<pinyin>`,
    /// with the rank and sort of the pinyin key (written from SQL, never by `member_keys`).
    BranchPinyin,
}

impl Kind {
    /// The key prefix.
    pub(super) fn prefix(self) -> &'static str {
        match self {
            Kind::Name => "n:",
            Kind::Pinyin => "p:",
            Kind::PinyinSuffix => "q:",
            Kind::Initials => "i:",
            Kind::InitialsSuffix => "j:",
            Kind::PhoneTail => "t:",
            Kind::Employer => "e:",
            Kind::BranchPinyin => "b:",
        }
    }
}

/// One search key of a member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Key {
    pub kind: Kind,
    pub term: String,
    pub rank: i64,
    pub sort: String,
}

impl Key {
    /// The stored key: prefix and term.
    pub(super) fn text(&self) -> String {
        format!("{}{}", self.kind.prefix(), self.term)
    }
}

/// What made a member a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Matched {
    Listing,
    Name,
    Pinyin,
    Initials,
    Phone,
    StudentNumber,
    Employer,
}

impl Matched {
    /// The value in [`SearchHit::matched`].
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Matched::Listing => "",
            Matched::Name => "name",
            Matched::Pinyin => "pinyin",
            Matched::Initials => "initials",
            Matched::Phone => "phone",
            Matched::StudentNumber => "student_number",
            Matched::Employer => "employer",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_bounded() {
        let q = |limit, offset| SearchQuery {
            limit,
            offset,
            ..SearchQuery::default()
        };
        assert_eq!(q(0, 0).window(), (0, 50));
        assert_eq!(q(10, 20).window(), (20, 30));
        assert_eq!(q(10_000, 0).window(), (0, 500));
        assert_eq!(q(10, u32::MAX).window(), (5_000, 5_000));
    }
}

//! Why a row is rejected or sent to review, with the short texts the report and the rejects
//! file show.
//!
//! Invariants: ID numbers never appear unmasked in a text, nor phones on record (a conflict shows
//! every sensitive field masked; the review queue keeps the full values for the person who
//! merges); quoted cell values are cut to a readable length.

use std::fmt;

use serde::Serialize;

use crate::members::{MemberField, MemberId};

/// The most characters of a cell quoted in a reason.
const QUOTE_CHARS: usize = 30;

/// Why a row cannot be imported as it is; the user fixes it in the rejects file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RejectReason {
    /// The name cell is empty.
    MissingName,
    /// A cell is longer than the field allows; it is not cut silently.
    TooLong {
        /// The field.
        field: MemberField,
        /// Its limit.
        max_chars: usize,
    },
    /// The phone is neither a mobile, a landline nor an international number.
    InvalidPhone {
        /// The cell, shortened.
        value: String,
    },
    /// A value the field cannot hold (a year, a gender, an e-mail address, an ID number).
    InvalidValue {
        /// The field.
        field: MemberField,
        /// The cell, shortened; `None` for ID numbers.
        value: Option<String>,
    },
    /// The same person as an earlier row of this file, with details that add to or differ from
    /// it; imported once that row is on record, by importing the rejects file again.
    DuplicateInFile {
        /// The earlier row.
        first_row: u32,
    },
}

impl RejectReason {
    /// The stable snake_case kind.
    pub fn kind(&self) -> &'static str {
        match self {
            RejectReason::MissingName => "missing_name",
            RejectReason::TooLong { .. } => "too_long",
            RejectReason::InvalidPhone { .. } => "invalid_phone",
            RejectReason::InvalidValue { .. } => "invalid_value",
            RejectReason::DuplicateInFile { .. } => "duplicate_in_file",
        }
    }

    /// The field concerned, if one.
    pub fn field(&self) -> Option<MemberField> {
        match self {
            RejectReason::MissingName => Some(MemberField::Name),
            RejectReason::TooLong { field, .. } | RejectReason::InvalidValue { field, .. } => {
                Some(*field)
            }
            RejectReason::InvalidPhone { .. } => Some(MemberField::Phone),
            RejectReason::DuplicateInFile { .. } => None,
        }
    }

    /// The reason in Chinese, for the rejects file the office corrects.
    pub fn zh(&self) -> String {
        match self {
            RejectReason::MissingName => "缺少姓名".to_owned(),
            RejectReason::TooLong { field, max_chars } => {
                format!("{}超过 {max_chars} 个字符", field.zh())
            }
            RejectReason::InvalidPhone { value } => format!("手机号码无效：{value}"),
            RejectReason::InvalidValue {
                field,
                value: Some(v),
            } => {
                format!("{}无效：{v}", field.zh())
            }
            RejectReason::InvalidValue { field, value: None } => {
                format!("{}无效", field.zh())
            }
            RejectReason::DuplicateInFile { first_row } => {
                format!(
                    "与第 {first_row} 行是同一人，但信息不同；第 {first_row} 行导入后再导入本行"
                )
            }
        }
    }
}

impl fmt::Display for RejectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RejectReason::MissingName => write!(f, "name is missing"),
            RejectReason::TooLong { field, max_chars } => {
                write!(
                    f,
                    "{} is longer than {max_chars} characters",
                    field.as_str()
                )
            }
            RejectReason::InvalidPhone { value } => {
                write!(
                    f,
                    "phone \"{value}\" is not a mobile, landline or international number"
                )
            }
            RejectReason::InvalidValue {
                field,
                value: Some(v),
            } => {
                write!(f, "{} \"{v}\" is not valid", field.as_str())
            }
            RejectReason::InvalidValue { field, value: None } => {
                write!(f, "{} is not valid", field.as_str())
            }
            RejectReason::DuplicateInFile { first_row } => write!(
                f,
                "same person as row {first_row} with different details; import again once row \
                 {first_row} is on record"
            ),
        }
    }
}

/// One field whose value in the file differs from the record's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldConflict {
    /// The field.
    pub field: MemberField,
    /// The value on record, in stored form.
    pub on_record: String,
    /// The value in the file, normalised.
    pub in_file: String,
}

/// Why a row needs a person's decision; the record stays as it is until then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewReason {
    /// Same name, graduation year and college as a record (or an earlier row) and no shared
    /// ID number, student number or phone.
    ProbableDuplicate,
    /// The same person (shared identifier) with fields that differ from the record.
    Conflict {
        /// Every differing field.
        conflicts: Vec<FieldConflict>,
    },
    /// The identifiers point at more than one record.
    AmbiguousMatch {
        /// The records they point at.
        members: Vec<MemberId>,
    },
    /// The same person as an archived record.
    ArchivedMatch,
}

impl ReviewReason {
    /// The stable snake_case kind.
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewReason::ProbableDuplicate => "probable_duplicate",
            ReviewReason::Conflict { .. } => "conflict",
            ReviewReason::AmbiguousMatch { .. } => "ambiguous_match",
            ReviewReason::ArchivedMatch => "archived_match",
        }
    }

    /// The first differing field of a conflict.
    pub fn field(&self) -> Option<MemberField> {
        match self {
            ReviewReason::Conflict { conflicts } => conflicts.first().map(|c| c.field),
            _ => None,
        }
    }
}

/// What a review row is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ReviewTarget {
    /// A record.
    Member {
        /// Its id.
        member: MemberId,
    },
    /// An earlier row of the same file that will be inserted.
    Row {
        /// Its row number.
        row: u32,
        /// Its place in the plan.
        #[serde(skip)]
        index: usize,
    },
}

/// The English text of a review reason, for the report.
pub(crate) fn review_text(reason: &ReviewReason, target: &ReviewTarget) -> String {
    let other = match target {
        ReviewTarget::Member { member } => format!("member {}", member.0),
        ReviewTarget::Row { row, .. } => format!("row {row} of this file"),
    };
    match reason {
        ReviewReason::ProbableDuplicate => {
            format!("probable duplicate of {other} (same name, graduation year and college)")
        }
        ReviewReason::Conflict { conflicts } => {
            let Some(first) = conflicts.first() else {
                return format!("differs from {other}");
            };
            let shown =
                |field: MemberField, value: &str| field.mask(value).unwrap_or_else(|| quote(value));
            let mut text = format!(
                "{} differs from {other}: on record \"{}\", in file \"{}\"",
                first.field.as_str(),
                shown(first.field, &first.on_record),
                shown(first.field, &first.in_file),
            );
            if conflicts.len() > 1 {
                let rest: Vec<&str> = conflicts[1..].iter().map(|c| c.field.as_str()).collect();
                text.push_str(&format!(" (also {})", rest.join(", ")));
            }
            text
        }
        ReviewReason::AmbiguousMatch { members } => {
            let ids: Vec<String> = members.iter().map(|m| m.0.to_string()).collect();
            format!(
                "ID number, student number or phone match different members: {}",
                ids.join(", ")
            )
        }
        ReviewReason::ArchivedMatch => format!("same person as archived {other}"),
    }
}

/// A cell shortened for quoting in a reason.
pub(crate) fn quote(value: &str) -> String {
    if value.chars().count() <= QUOTE_CHARS {
        value.to_owned()
    } else {
        let mut cut: String = value.chars().take(QUOTE_CHARS).collect();
        cut.push('…');
        cut
    }
}

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
    /// An ID number, student number or phone that reached the file as a number too long for
    /// Excel to keep whole (`4.40106198706133E+17`): its last digits are lost, so no value is
    /// stored, whether or not a check digit happens to pass.
    LostDigits {
        /// The field.
        field: MemberField,
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
            RejectReason::LostDigits { .. } => "lost_digits",
            RejectReason::DuplicateInFile { .. } => "duplicate_in_file",
        }
    }

    /// The field concerned, if one.
    pub fn field(&self) -> Option<MemberField> {
        match self {
            RejectReason::MissingName => Some(MemberField::Name),
            RejectReason::TooLong { field, .. }
            | RejectReason::InvalidValue { field, .. }
            | RejectReason::LostDigits { field } => Some(*field),
            RejectReason::InvalidPhone { .. } => Some(MemberField::Phone),
            RejectReason::DuplicateInFile { .. } => None,
        }
    }

    /// The reason in Chinese, naming the field by its Chinese name.
    pub fn zh(&self) -> String {
        self.zh_in(None)
    }

    /// The reason in Chinese for the report and the rejects file, naming the field by
    /// `column`, the header as the file has it (毕业时间), when known.
    pub fn zh_in(&self, column: Option<&str>) -> String {
        let label = |field: &MemberField| column.unwrap_or(field.zh()).to_owned();
        match self {
            RejectReason::MissingName => "缺少姓名".to_owned(),
            RejectReason::TooLong { field, max_chars } => {
                format!("{}超过 {max_chars} 个字符（上限），未截断", label(field))
            }
            RejectReason::InvalidPhone { value } => {
                format!("{}无效：{value}", column.unwrap_or("手机号码"))
            }
            RejectReason::InvalidValue {
                field,
                value: Some(v),
            } => format!("{}无效：{v}", label(field)),
            RejectReason::InvalidValue { field, value: None } => {
                format!("{}无效", label(field))
            }
            RejectReason::LostDigits { field } => format!(
                "{}被 Excel 存成了数字，末尾几位已丢失：请把该列设为文本格式后重新导出",
                label(field)
            ),
            RejectReason::DuplicateInFile { first_row } => {
                format!(
                    "与第 {first_row} 行是同一人，但信息不同；第 {first_row} 行导入后再导入本行"
                )
            }
        }
    }

    /// The reason in English for the report, with the column as the file names it.
    pub fn en_in(&self, column: Option<&str>) -> String {
        match (column, self.field()) {
            (Some(column), Some(_)) => format!("{self} (column \"{column}\")"),
            _ => self.to_string(),
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
            RejectReason::LostDigits { field } => write!(
                f,
                "Excel stored this {} as a number and dropped digits: format the column as \
                 text and export again",
                field.as_str()
            ),
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
    /// Text damaged on its way into the file: a replacement mark (U+FFFD), a `?` in a name, a
    /// private-use character (a user-defined code page) or a control character. Nothing is
    /// stored until a person has seen the row.
    DamagedText {
        /// Each damaged field, with its value (masked for a sensitive field).
        fields: Vec<DamagedField>,
    },
}

/// One field whose text was damaged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DamagedField {
    /// The field.
    pub field: MemberField,
    /// The cell as the file has it, shortened; masked for phone and ID number.
    pub value: String,
}

impl ReviewReason {
    /// The stable snake_case kind.
    pub fn kind(&self) -> &'static str {
        match self {
            ReviewReason::ProbableDuplicate => "probable_duplicate",
            ReviewReason::Conflict { .. } => "conflict",
            ReviewReason::AmbiguousMatch { .. } => "ambiguous_match",
            ReviewReason::ArchivedMatch => "archived_match",
            ReviewReason::DamagedText { .. } => "damaged_text",
        }
    }

    /// The first differing field of a conflict.
    pub fn field(&self) -> Option<MemberField> {
        match self {
            ReviewReason::Conflict { conflicts } => conflicts.first().map(|c| c.field),
            ReviewReason::DamagedText { fields } => fields.first().map(|d| d.field),
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
    /// Nothing yet: the row would be a new record.
    NewRecord,
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
        ReviewTarget::NewRecord => "a new record".to_owned(),
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
        ReviewReason::DamagedText { fields } => {
            let shown: Vec<String> = fields
                .iter()
                .map(|d| format!("{} \"{}\"", d.field.as_str(), d.value))
                .collect();
            format!(
                "damaged text, to check before it becomes {other}: {}",
                shown.join(", ")
            )
        }
    }
}

/// The Chinese text of a review reason, for the report.
pub(crate) fn review_text_zh(reason: &ReviewReason, target: &ReviewTarget) -> String {
    let other = match target {
        ReviewTarget::Member { member } => format!("校友 #{}", member.0),
        ReviewTarget::Row { row, .. } => format!("本文件第 {row} 行"),
        ReviewTarget::NewRecord => "新记录".to_owned(),
    };
    match reason {
        ReviewReason::ProbableDuplicate => {
            format!("疑似与{other}重复（姓名、毕业年份、学院相同）")
        }
        ReviewReason::Conflict { conflicts } => {
            let fields: Vec<&str> = conflicts.iter().map(|c| c.field.zh()).collect();
            format!("与{other}不一致：{}", fields.join("、"))
        }
        ReviewReason::AmbiguousMatch { members } => {
            let ids: Vec<String> = members.iter().map(|m| format!("#{}", m.0)).collect();
            format!("身份证号、学号或手机对应多位校友：{}", ids.join("、"))
        }
        ReviewReason::ArchivedMatch => format!("与已归档的{other}是同一人"),
        ReviewReason::DamagedText { fields } => {
            let shown: Vec<String> = fields
                .iter()
                .map(|d| format!("{}「{}」", d.field.zh(), d.value))
                .collect();
            format!("文字已损坏，请人工核对后再录入：{}", shown.join("，"))
        }
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

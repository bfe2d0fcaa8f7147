//! Member types and the pure rules about them.

use std::borrow::Cow;

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

/// What an area's `reassign_member` did for a merge of two records of one person: rows moved
/// to the kept record, and rows dropped because the kept record already had their like (its
/// own row wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Reassigned {
    /// Rows that moved to the kept record.
    pub moved: u64,
    /// Rows dropped because the kept record already held the same.
    pub dropped: u64,
}

/// A member's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MemberId(pub i64);

/// Gender as recorded; unknown is `None` on the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    /// 男
    Male,
    /// 女
    Female,
}

impl Gender {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// Whether the office can still reach a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// 正常
    #[default]
    Active,
    /// 失联
    LostContact,
    /// 已故
    Deceased,
}

impl MemberStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::LostContact => "lost_contact",
            MemberStatus::Deceased => "deceased",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<MemberStatus> {
        match text {
            "active" => Some(MemberStatus::Active),
            "lost_contact" => Some(MemberStatus::LostContact),
            "deceased" => Some(MemberStatus::Deceased),
            _ => None,
        }
    }
}

/// A member to add; everything but the name is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMember {
    /// Full name, surname first, no space.
    pub name: String,
    /// 性别
    pub gender: Option<Gender>,
    /// 身份证号: sensitive, masked on paper and screens.
    pub id_number: Option<String>,
    /// 学号
    pub student_number: Option<String>,
    /// 入学年份
    pub enrolment_year: Option<i32>,
    /// 毕业年份
    pub graduation_year: Option<i32>,
    /// 学院
    pub college: Option<String>,
    /// 专业
    pub major: Option<String>,
    /// 学历
    pub degree: Option<String>,
    /// 班级
    pub class_name: Option<String>,
    /// 手机, digits only.
    pub phone: Option<String>,
    /// 邮箱
    pub email: Option<String>,
    /// 微信
    pub wechat: Option<String>,
    /// 工作单位
    pub employer: Option<String>,
    /// 职务
    pub job_title: Option<String>,
    /// 城市
    pub city: Option<String>,
    /// Whether the office can reach them.
    pub status: MemberStatus,
    /// Free text.
    pub notes: Option<String>,
}

/// A field of a member's record. The serde names are those of [`NewMember`]'s fields; labels,
/// limits and the rest are in the table of [`crate::members::fields`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberField {
    /// 姓名
    Name,
    /// 性别
    Gender,
    /// 身份证号
    IdNumber,
    /// 学号
    StudentNumber,
    /// 入学年份
    EnrolmentYear,
    /// 毕业年份
    GraduationYear,
    /// 学院
    College,
    /// 专业
    Major,
    /// 学历
    Degree,
    /// 班级
    ClassName,
    /// 手机
    Phone,
    /// 邮箱
    Email,
    /// 微信
    Wechat,
    /// 工作单位
    Employer,
    /// 职务
    JobTitle,
    /// 城市
    City,
    /// 状态 (set on the record screen; an import does not read it)
    Status,
    /// 备注
    Notes,
}

impl MemberField {
    /// Every field, in the order of the record screen and of an export.
    pub const ALL: [MemberField; 18] = [
        MemberField::Name,
        MemberField::Gender,
        MemberField::IdNumber,
        MemberField::StudentNumber,
        MemberField::EnrolmentYear,
        MemberField::GraduationYear,
        MemberField::College,
        MemberField::Major,
        MemberField::Degree,
        MemberField::ClassName,
        MemberField::Phone,
        MemberField::Email,
        MemberField::Wechat,
        MemberField::Employer,
        MemberField::JobTitle,
        MemberField::City,
        MemberField::Status,
        MemberField::Notes,
    ];

    /// The snake_case name, which is also the column of `members`.
    pub fn as_str(self) -> &'static str {
        self.spec().column
    }

    /// True for the two year columns, stored as integers.
    pub fn is_year(self) -> bool {
        matches!(
            self,
            MemberField::EnrolmentYear | MemberField::GraduationYear
        )
    }
}

impl NewMember {
    /// A field's value in its stored text form (years as digits, gender as `male`/`female`);
    /// `None` when the field is empty.
    pub fn field_text(&self, field: MemberField) -> Option<Cow<'_, str>> {
        fn text(v: &Option<String>) -> Option<Cow<'_, str>> {
            v.as_deref()
                .filter(|s| !s.trim().is_empty())
                .map(Cow::Borrowed)
        }
        match field {
            MemberField::Name => Some(Cow::Borrowed(self.name.as_str())).filter(|s| !s.is_empty()),
            MemberField::Gender => self.gender.map(|g| Cow::Borrowed(g.as_str())),
            MemberField::IdNumber => text(&self.id_number),
            MemberField::StudentNumber => text(&self.student_number),
            MemberField::EnrolmentYear => self.enrolment_year.map(|y| Cow::Owned(y.to_string())),
            MemberField::GraduationYear => self.graduation_year.map(|y| Cow::Owned(y.to_string())),
            MemberField::College => text(&self.college),
            MemberField::Major => text(&self.major),
            MemberField::Degree => text(&self.degree),
            MemberField::ClassName => text(&self.class_name),
            MemberField::Phone => text(&self.phone),
            MemberField::Email => text(&self.email),
            MemberField::Wechat => text(&self.wechat),
            MemberField::Employer => text(&self.employer),
            MemberField::JobTitle => text(&self.job_title),
            MemberField::City => text(&self.city),
            MemberField::Status => Some(Cow::Borrowed(self.status.as_str())),
            MemberField::Notes => text(&self.notes),
        }
    }

    /// The slot of a free-text field (everything but the name, gender, years and status), to
    /// set or tidy it; `None` for the others.
    pub fn text_mut(&mut self, field: MemberField) -> Option<&mut Option<String>> {
        match field {
            MemberField::IdNumber => Some(&mut self.id_number),
            MemberField::StudentNumber => Some(&mut self.student_number),
            MemberField::College => Some(&mut self.college),
            MemberField::Major => Some(&mut self.major),
            MemberField::Degree => Some(&mut self.degree),
            MemberField::ClassName => Some(&mut self.class_name),
            MemberField::Phone => Some(&mut self.phone),
            MemberField::Email => Some(&mut self.email),
            MemberField::Wechat => Some(&mut self.wechat),
            MemberField::Employer => Some(&mut self.employer),
            MemberField::JobTitle => Some(&mut self.job_title),
            MemberField::City => Some(&mut self.city),
            MemberField::Notes => Some(&mut self.notes),
            MemberField::Name
            | MemberField::Gender
            | MemberField::EnrolmentYear
            | MemberField::GraduationYear
            | MemberField::Status => None,
        }
    }
}

/// One field's value in its stored text form, e.g. a field an import fills on a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValue {
    /// The field.
    pub field: MemberField,
    /// Its value: years as digits, gender as `male`/`female`, text as is.
    pub value: String,
}

/// A record's fields as stored, for comparing with a file's row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMember {
    /// Its id.
    pub id: MemberId,
    /// The fields as they are on record.
    pub fields: NewMember,
    /// True when the record is archived.
    pub archived: bool,
}

/// A member's record as the record screen shows it. Phone and ID number are masked unless it
/// came from `record::reveal`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its id.
    pub id: MemberId,
    /// The editable fields.
    #[serde(flatten)]
    pub fields: NewMember,
    /// Whether phone and ID number below are masked.
    pub masked: bool,
    /// When archived, RFC 3339 local; `None` while on record.
    pub archived_at: Option<String>,
    /// When created, RFC 3339 local.
    pub created_at: String,
    /// When last changed, RFC 3339 local.
    pub updated_at: String,
}

/// A member's place in a branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchPlace {
    /// The branch.
    pub branch_id: crate::branches::BranchId,
    /// Its name.
    pub branch_name: String,
    /// The member's role there (`president`, `member` …).
    pub role: String,
}

/// An office held in a council term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The term's number (第 N 届).
    pub term_number: u32,
    /// The office (`council`, `executive_council`, `president` …).
    pub office: String,
}

/// A record with its branches and council positions, for the record screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDetail {
    /// The record, masked.
    pub member: Member,
    /// Branches and roles.
    pub branches: Vec<BranchPlace>,
    /// Offices per term, newest term first.
    pub positions: Vec<Position>,
}

/// The identifying columns of one record, borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdentityKeys<'a> {
    /// Its id.
    pub id: MemberId,
    /// 姓名
    pub name: &'a str,
    /// 身份证号
    pub id_number: Option<&'a str>,
    /// 学号
    pub student_number: Option<&'a str>,
    /// 手机
    pub phone: Option<&'a str>,
    /// 毕业年份
    pub graduation_year: Option<i32>,
    /// 学院
    pub college: Option<&'a str>,
}

/// Where a review entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Waiting for someone to look at it.
    Open,
    /// The file's values were merged into the record.
    Merged,
    /// Looked at and left as it was.
    Dismissed,
}

impl ReviewStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Open => "open",
            ReviewStatus::Merged => "merged",
            ReviewStatus::Dismissed => "dismissed",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<ReviewStatus> {
        match text {
            "open" => Some(ReviewStatus::Open),
            "merged" => Some(ReviewStatus::Merged),
            "dismissed" => Some(ReviewStatus::Dismissed),
            _ => None,
        }
    }
}

/// A row of an import that a person must decide on, as it is queued.
#[derive(Debug, Clone, PartialEq)]
pub struct NewReview<'a> {
    /// The file it came from (its name, for the reviewer).
    pub source_name: &'a str,
    /// The row number the user sees in that spreadsheet.
    pub row_number: u32,
    /// The record it probably is or conflicts with; `None` when unknown.
    pub member_id: Option<MemberId>,
    /// `probable_duplicate`, `conflict`, `ambiguous_match`, `archived_match` …
    pub reason_kind: &'a str,
    /// The reason's details (conflicting fields, candidate members), as JSON.
    pub reason: serde_json::Value,
    /// The file's row, normalised, with the fields of [`NewMember`].
    pub row: serde_json::Value,
}

/// A queued review entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    /// Its id.
    pub id: i64,
    /// When it was queued, RFC 3339 local.
    pub created_at: String,
    /// The file it came from.
    pub source_name: String,
    /// The row number in that file.
    pub row_number: u32,
    /// The record concerned, if any.
    pub member_id: Option<MemberId>,
    /// Why it needs a person.
    pub reason_kind: String,
    /// The reason's details.
    pub reason: serde_json::Value,
    /// The file's row, normalised.
    pub row: serde_json::Value,
    /// Where it stands.
    pub status: ReviewStatus,
    /// When it was merged or dismissed, RFC 3339 local.
    pub resolved_at: Option<String>,
}

/// Full pinyin without tones and the initials of a name, both lowercase: 刘东志 → ("liudongzhi",
/// "ldz"). A polyphonic surname is read as a surname (单田芳 → "shantianfang", as search and
/// the pinyin order read it). Characters without a reading (Latin letters, digits) are kept as
/// they are.
pub fn name_pinyin(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    let name = name.trim_start();
    let mut surname_chars = 0;
    if let Some((chars, syllables)) = super::search::surname_reading(name) {
        for syllable in syllables {
            full.push_str(syllable);
            initials.extend(syllable.chars().next());
        }
        surname_chars = chars;
    }
    for (ch, reading) in name.chars().zip(name.to_pinyin()).skip(surname_chars) {
        match reading {
            Some(p) => {
                full.push_str(p.plain());
                initials.push_str(p.first_letter());
            }
            None if ch.is_alphanumeric() => {
                let lower: String = ch.to_lowercase().collect();
                full.push_str(&lower);
                initials.push_str(&lower);
            }
            None => {}
        }
    }
    (full, initials)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_of_names() {
        let cases = [
            ("刘东志", "liudongzhi", "ldz"),
            ("欧阳娜娜", "ouyangnana", "oynn"),
            ("王 Wei", "wangwei", "wwei"),
            ("单田芳", "shantianfang", "stf"),
            ("尉迟恭", "yuchigong", "ycg"),
            ("曾国藩", "zengguofan", "zgf"),
            ("", "", ""),
        ];
        for (name, full, initials) in cases {
            assert_eq!(
                name_pinyin(name),
                (full.to_owned(), initials.to_owned()),
                "{name}"
            );
        }
    }
}

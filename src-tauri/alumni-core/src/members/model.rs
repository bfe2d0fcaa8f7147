//! Member types and the pure rules about them.

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

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

/// Full pinyin without tones and the initials of a name, both lowercase: 刘东志 → ("liudongzhi",
/// "ldz"). Characters without a reading (Latin letters, digits) are kept as they are.
pub fn name_pinyin(name: &str) -> (String, String) {
    let mut full = String::new();
    let mut initials = String::new();
    for (ch, reading) in name.chars().zip(name.to_pinyin()) {
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

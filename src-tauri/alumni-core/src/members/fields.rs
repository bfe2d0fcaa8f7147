//! The one table of a member's fields: their JSON and column names, Chinese and English labels,
//! the header names an import recognises, length limits, masking, and whether an export offers
//! them by default. Export headers, import header detection, the import reasons' field names,
//! the record's validation, masking and the window's form all read it.
//!
//! Invariant: [`FIELDS`] lists every [`MemberField`] once, in declaration order (which is
//! [`MemberField::ALL`], the order of the record screen), so a field's row is found by its
//! position; the tests below hold it to that.

use std::sync::OnceLock;

use serde::Serialize;

use super::model::MemberField;
use super::privacy::{mask_id_number, mask_phone};

/// Everything the program knows about one field of a member's record.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field.
    pub field: MemberField,
    /// Its column in `members`, which is also its JSON name (`MemberField`'s serde name).
    pub column: &'static str,
    /// The Chinese name: the export's header, the import reasons' wording, the window's label.
    pub zh: &'static str,
    /// The English label of the window.
    pub en: &'static str,
    /// Further header names an import recognises as this field, besides [`FieldSpec::zh`], in
    /// normalised form (lowercase, no spaces or punctuation).
    pub synonyms: &'static [&'static str],
    /// Looser header names (电话 for the phone) that lose to a usual one in the same file.
    pub loose_synonyms: &'static [&'static str],
    /// Whether an import reads it from a file (the status is set on the record screen only).
    pub imported: bool,
    /// The most characters a value may have; `None` for fields whose form bounds them (years,
    /// gender, status).
    pub max_chars: Option<usize>,
    /// How the value is masked on screens and paper; `Some` makes the field sensitive.
    pub mask: Option<fn(&str) -> String>,
    /// Whether an export includes it unless asked otherwise (the ID number only on purpose).
    pub exported_by_default: bool,
}

impl FieldSpec {
    /// True for personal data shown masked unless an audited request reveals it.
    pub fn sensitive(&self) -> bool {
        self.mask.is_some()
    }
}

/// The usual limit of a text field, in characters.
const TEXT_CHARS: usize = 200;

/// A text field that an import reads and an export writes by default.
const fn text(
    field: MemberField,
    column: &'static str,
    zh: &'static str,
    en: &'static str,
    synonyms: &'static [&'static str],
    loose_synonyms: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        field,
        column,
        zh,
        en,
        synonyms,
        loose_synonyms,
        imported: true,
        max_chars: Some(TEXT_CHARS),
        mask: None,
        exported_by_default: true,
    }
}

/// Every field of a member's record, in the order of the record screen and of an export.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        max_chars: Some(40),
        ..text(
            MemberField::Name,
            "name",
            "姓名",
            "Name",
            &[
                "名字",
                "校友姓名",
                "学生姓名",
                "会员姓名",
                "name",
                "fullname",
            ],
            &[],
        )
    },
    FieldSpec {
        max_chars: None,
        ..text(
            MemberField::Gender,
            "gender",
            "性别",
            "Gender",
            &["gender", "sex"],
            &[],
        )
    },
    FieldSpec {
        max_chars: Some(18),
        mask: Some(mask_id_number),
        exported_by_default: false,
        ..text(
            MemberField::IdNumber,
            "id_number",
            "身份证号",
            "ID number",
            &[
                "身份证",
                "身份证号码",
                "公民身份号码",
                "idnumber",
                "idno",
                "idcard",
                "nationalid",
            ],
            &["证件号", "证件号码"],
        )
    },
    text(
        MemberField::StudentNumber,
        "student_number",
        "学号",
        "Student number",
        &["studentnumber", "studentno", "studentid"],
        &["学籍号"],
    ),
    FieldSpec {
        max_chars: None,
        ..text(
            MemberField::EnrolmentYear,
            "enrolment_year",
            "入学年份",
            "Enrolment year",
            &[
                "入学时间",
                "入学年度",
                "入学日期",
                "enrolmentyear",
                "enrollmentyear",
                "entryyear",
                "admissionyear",
            ],
            &["年级"],
        )
    },
    FieldSpec {
        max_chars: None,
        ..text(
            MemberField::GraduationYear,
            "graduation_year",
            "毕业年份",
            "Graduation year",
            &[
                "毕业时间",
                "毕业年度",
                "毕业日期",
                "毕业届别",
                "届别",
                "graduationyear",
                "gradyear",
                "classof",
                "yearofgraduation",
            ],
            &["届"],
        )
    },
    text(
        MemberField::College,
        "college",
        "学院",
        "College",
        &["院系", "所在学院", "college", "faculty"],
        &["系别", "系", "school", "department"],
    ),
    text(
        MemberField::Major,
        "major",
        "专业",
        "Major",
        &["所学专业", "major", "specialty", "speciality"],
        &[],
    ),
    text(
        MemberField::Degree,
        "degree",
        "学历",
        "Degree",
        &["学历层次", "培养层次", "degree"],
        &["学位", "education"],
    ),
    text(
        MemberField::ClassName,
        "class_name",
        "班级",
        "Class",
        &["class", "classname"],
        &["班"],
    ),
    FieldSpec {
        mask: Some(mask_phone),
        ..text(
            MemberField::Phone,
            "phone",
            "手机",
            "Phone",
            &[
                "手机号",
                "手机号码",
                "移动电话",
                "mobile",
                "mobilephone",
                "cellphone",
            ],
            &[
                "电话",
                "联系电话",
                "电话号码",
                "联系方式",
                "phone",
                "phonenumber",
                "tel",
                "telephone",
            ],
        )
    },
    text(
        MemberField::Email,
        "email",
        "邮箱",
        "E-mail",
        &["电子邮箱", "电子邮件", "email"],
        &["邮件", "mail"],
    ),
    text(
        MemberField::Wechat,
        "wechat",
        "微信",
        "WeChat",
        &["微信号", "wechat", "wechatid", "weixin"],
        &[],
    ),
    text(
        MemberField::Employer,
        "employer",
        "工作单位",
        "Employer",
        &[
            "单位",
            "单位名称",
            "现工作单位",
            "所在单位",
            "就职单位",
            "employer",
            "company",
        ],
        &["公司", "organisation", "organization", "workplace"],
    ),
    text(
        MemberField::JobTitle,
        "job_title",
        "职务",
        "Job title",
        &["职位", "jobtitle"],
        &["职称", "岗位", "position", "title"],
    ),
    text(
        MemberField::City,
        "city",
        "城市",
        "City",
        &["所在城市", "现居城市", "常住城市", "工作城市", "city"],
        &["所在地", "location"],
    ),
    FieldSpec {
        imported: false,
        max_chars: None,
        ..text(MemberField::Status, "status", "状态", "Status", &[], &[])
    },
    FieldSpec {
        max_chars: Some(2_000),
        ..text(
            MemberField::Notes,
            "notes",
            "备注",
            "Notes",
            &["notes", "note", "remark", "remarks"],
            &["说明"],
        )
    },
];

impl MemberField {
    /// The field's row of [`FIELDS`].
    pub fn spec(self) -> &'static FieldSpec {
        // FIELDS is in declaration order (tested), so the discriminant is the index.
        &FIELDS[self as usize]
    }

    /// The Chinese name, e.g. 工作单位.
    pub fn zh(self) -> &'static str {
        self.spec().zh
    }

    /// The most characters a value may have; `None` for years, gender and status.
    pub fn max_chars(self) -> Option<usize> {
        self.spec().max_chars
    }

    /// True for phone and ID number: masked unless an audited request reveals them.
    pub fn is_sensitive(self) -> bool {
        self.spec().sensitive()
    }

    /// True when an import reads the field from a file.
    pub fn is_imported(self) -> bool {
        self.spec().imported
    }

    /// A value of this field as shown masked (`138****5678`); `None` for a field that is not
    /// sensitive, whose value is shown as it is.
    pub fn mask(self, value: &str) -> Option<String> {
        self.spec().mask.map(|mask| mask(value))
    }

    /// The fields an import reads, in the order of the record screen.
    pub fn imported() -> &'static [MemberField] {
        static IMPORTED: OnceLock<Vec<MemberField>> = OnceLock::new();
        IMPORTED.get_or_init(|| {
            FIELDS
                .iter()
                .filter(|s| s.imported)
                .map(|s| s.field)
                .collect()
        })
    }

    /// The fields an export writes unless the user chooses, in the order of the record screen.
    pub fn exported_by_default() -> Vec<MemberField> {
        FIELDS
            .iter()
            .filter(|s| s.exported_by_default)
            .map(|s| s.field)
            .collect()
    }
}

/// One field as the window needs it to build its forms and lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldInfo {
    /// The JSON name, e.g. `graduation_year`.
    pub field: MemberField,
    /// The Chinese label.
    pub zh: &'static str,
    /// The English label.
    pub en: &'static str,
    /// The most characters a value may have; `null` for years, gender and status.
    pub max_chars: Option<usize>,
    /// True for phone and ID number, shown masked until revealed.
    pub sensitive: bool,
    /// Whether an import reads it from a file.
    pub imported: bool,
    /// Whether an export includes it unless the user chooses otherwise.
    pub exported_by_default: bool,
}

/// Every field in the order of the record screen: `[{field, zh, en, max_chars, sensitive,
/// imported, exported_by_default}]`.
pub fn specs() -> Vec<FieldInfo> {
    FIELDS
        .iter()
        .map(|s| FieldInfo {
            field: s.field,
            zh: s.zh,
            en: s.en,
            max_chars: s.max_chars,
            sensitive: s.sensitive(),
            imported: s.imported,
            exported_by_default: s.exported_by_default,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_holds_every_field_once_in_declaration_order() {
        assert_eq!(FIELDS.len(), MemberField::ALL.len());
        for (i, (spec, field)) in FIELDS.iter().zip(MemberField::ALL).enumerate() {
            assert_eq!(spec.field, field, "row {i}");
            assert_eq!(field as usize, i, "{field:?}");
            assert_eq!(field.spec().field, field);
            // The column is the JSON name the CLI's --columns and the window send.
            assert_eq!(
                serde_json::to_value(field).expect("json"),
                serde_json::json!(spec.column)
            );
            assert_eq!(field.as_str(), spec.column);
        }
    }

    #[test]
    fn limits_masks_and_defaults() {
        use MemberField::*;
        let cases: &[(MemberField, Option<usize>, bool, bool, bool)] = &[
            // field, max_chars, sensitive, imported, exported by default
            (Name, Some(40), false, true, true),
            (Gender, None, false, true, true),
            (IdNumber, Some(18), true, true, false),
            (EnrolmentYear, None, false, true, true),
            (Phone, Some(200), true, true, true),
            (Employer, Some(200), false, true, true),
            (Status, None, false, false, true),
            (Notes, Some(2_000), false, true, true),
        ];
        for &(field, max, sensitive, imported, exported) in cases {
            let s = field.spec();
            assert_eq!(
                (
                    s.max_chars,
                    s.sensitive(),
                    s.imported,
                    s.exported_by_default
                ),
                (max, sensitive, imported, exported),
                "{field:?}"
            );
        }
        assert_eq!(Phone.mask("13812345678").as_deref(), Some("138****5678"));
        assert_eq!(
            IdNumber.mask("11010519491231002X").as_deref(),
            Some("1101**********002X")
        );
        assert_eq!(Employer.mask("某公司"), None);
        assert!(!MemberField::imported().contains(&Status));
        assert_eq!(MemberField::imported().len(), FIELDS.len() - 1);
        assert!(!MemberField::exported_by_default().contains(&IdNumber));
    }

    #[test]
    fn the_window_gets_every_field_with_its_labels() {
        let specs = specs();
        let json = serde_json::to_value(&specs).expect("json");
        assert_eq!(
            json[2],
            serde_json::json!({
                "field": "id_number", "zh": "身份证号", "en": "ID number", "max_chars": 18,
                "sensitive": true, "imported": true, "exported_by_default": false,
            })
        );
        assert_eq!(json[16]["field"], "status");
        assert_eq!(json[16]["max_chars"], serde_json::Value::Null);
    }
}

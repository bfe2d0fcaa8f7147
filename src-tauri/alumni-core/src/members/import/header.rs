//! Finding the header row and what each column holds, from the names offices give columns.
//!
//! Invariants: only the first few rows are searched, so a title row above the header is passed
//! over; the header is the row with the most recognised names (at least two, or 姓名 itself); each field goes
//! to at most one column — an exact name beats a name found inside a longer one, a preferred
//! synonym (手机) beats a looser one (电话), then the leftmost column wins.

use std::collections::HashMap;

use super::mapping::Mapping;
use super::sheet::Sheet;
use super::ImportError;
use crate::members::MemberField;

/// How many rows from the top may hold the header.
pub const HEADER_SEARCH_ROWS: usize = 10;
/// How many data rows a mapping carries as samples for the mapping screen.
const SAMPLE_ROWS: usize = 3;
/// Headers longer than this are sentences (a title, a note), not column names.
const MAX_CONTAINS_CHARS: usize = 10;

/// Column names as offices write them, in normalised form (see [`header_key`]), with a rank:
/// 0 for the usual names, 1 for looser ones that lose to a usual one in the same file.
const SYNONYMS: &[(&str, MemberField, u8)] = &[
    ("姓名", MemberField::Name, 0),
    ("名字", MemberField::Name, 0),
    ("校友姓名", MemberField::Name, 0),
    ("学生姓名", MemberField::Name, 0),
    ("会员姓名", MemberField::Name, 0),
    ("name", MemberField::Name, 0),
    ("fullname", MemberField::Name, 0),
    ("性别", MemberField::Gender, 0),
    ("gender", MemberField::Gender, 0),
    ("sex", MemberField::Gender, 0),
    ("身份证号", MemberField::IdNumber, 0),
    ("身份证", MemberField::IdNumber, 0),
    ("身份证号码", MemberField::IdNumber, 0),
    ("公民身份号码", MemberField::IdNumber, 0),
    ("证件号", MemberField::IdNumber, 1),
    ("证件号码", MemberField::IdNumber, 1),
    ("idnumber", MemberField::IdNumber, 0),
    ("idno", MemberField::IdNumber, 0),
    ("idcard", MemberField::IdNumber, 0),
    ("nationalid", MemberField::IdNumber, 0),
    ("学号", MemberField::StudentNumber, 0),
    ("学籍号", MemberField::StudentNumber, 1),
    ("studentnumber", MemberField::StudentNumber, 0),
    ("studentno", MemberField::StudentNumber, 0),
    ("studentid", MemberField::StudentNumber, 0),
    ("入学年份", MemberField::EnrolmentYear, 0),
    ("入学时间", MemberField::EnrolmentYear, 0),
    ("入学年度", MemberField::EnrolmentYear, 0),
    ("入学日期", MemberField::EnrolmentYear, 0),
    ("年级", MemberField::EnrolmentYear, 1),
    ("enrolmentyear", MemberField::EnrolmentYear, 0),
    ("enrollmentyear", MemberField::EnrolmentYear, 0),
    ("entryyear", MemberField::EnrolmentYear, 0),
    ("admissionyear", MemberField::EnrolmentYear, 0),
    ("毕业年份", MemberField::GraduationYear, 0),
    ("毕业时间", MemberField::GraduationYear, 0),
    ("毕业年度", MemberField::GraduationYear, 0),
    ("毕业日期", MemberField::GraduationYear, 0),
    ("毕业届别", MemberField::GraduationYear, 0),
    ("届别", MemberField::GraduationYear, 0),
    ("届", MemberField::GraduationYear, 1),
    ("graduationyear", MemberField::GraduationYear, 0),
    ("gradyear", MemberField::GraduationYear, 0),
    ("classof", MemberField::GraduationYear, 0),
    ("yearofgraduation", MemberField::GraduationYear, 0),
    ("学院", MemberField::College, 0),
    ("院系", MemberField::College, 0),
    ("所在学院", MemberField::College, 0),
    ("系别", MemberField::College, 1),
    ("系", MemberField::College, 1),
    ("college", MemberField::College, 0),
    ("school", MemberField::College, 1),
    ("faculty", MemberField::College, 0),
    ("department", MemberField::College, 1),
    ("专业", MemberField::Major, 0),
    ("所学专业", MemberField::Major, 0),
    ("major", MemberField::Major, 0),
    ("specialty", MemberField::Major, 0),
    ("speciality", MemberField::Major, 0),
    ("学历", MemberField::Degree, 0),
    ("学位", MemberField::Degree, 1),
    ("学历层次", MemberField::Degree, 0),
    ("培养层次", MemberField::Degree, 0),
    ("degree", MemberField::Degree, 0),
    ("education", MemberField::Degree, 1),
    ("班级", MemberField::ClassName, 0),
    ("班", MemberField::ClassName, 1),
    ("class", MemberField::ClassName, 0),
    ("classname", MemberField::ClassName, 0),
    ("手机", MemberField::Phone, 0),
    ("手机号", MemberField::Phone, 0),
    ("手机号码", MemberField::Phone, 0),
    ("移动电话", MemberField::Phone, 0),
    ("mobile", MemberField::Phone, 0),
    ("mobilephone", MemberField::Phone, 0),
    ("cellphone", MemberField::Phone, 0),
    ("电话", MemberField::Phone, 1),
    ("联系电话", MemberField::Phone, 1),
    ("电话号码", MemberField::Phone, 1),
    ("联系方式", MemberField::Phone, 1),
    ("phone", MemberField::Phone, 1),
    ("phonenumber", MemberField::Phone, 1),
    ("tel", MemberField::Phone, 1),
    ("telephone", MemberField::Phone, 1),
    ("邮箱", MemberField::Email, 0),
    ("电子邮箱", MemberField::Email, 0),
    ("电子邮件", MemberField::Email, 0),
    ("邮件", MemberField::Email, 1),
    ("email", MemberField::Email, 0),
    ("mail", MemberField::Email, 1),
    ("微信", MemberField::Wechat, 0),
    ("微信号", MemberField::Wechat, 0),
    ("wechat", MemberField::Wechat, 0),
    ("wechatid", MemberField::Wechat, 0),
    ("weixin", MemberField::Wechat, 0),
    ("工作单位", MemberField::Employer, 0),
    ("单位", MemberField::Employer, 0),
    ("单位名称", MemberField::Employer, 0),
    ("现工作单位", MemberField::Employer, 0),
    ("所在单位", MemberField::Employer, 0),
    ("就职单位", MemberField::Employer, 0),
    ("公司", MemberField::Employer, 1),
    ("employer", MemberField::Employer, 0),
    ("company", MemberField::Employer, 0),
    ("organisation", MemberField::Employer, 1),
    ("organization", MemberField::Employer, 1),
    ("workplace", MemberField::Employer, 1),
    ("职务", MemberField::JobTitle, 0),
    ("职位", MemberField::JobTitle, 0),
    ("职称", MemberField::JobTitle, 1),
    ("岗位", MemberField::JobTitle, 1),
    ("jobtitle", MemberField::JobTitle, 0),
    ("position", MemberField::JobTitle, 1),
    ("title", MemberField::JobTitle, 1),
    ("城市", MemberField::City, 0),
    ("所在城市", MemberField::City, 0),
    ("所在地", MemberField::City, 1),
    ("现居城市", MemberField::City, 0),
    ("常住城市", MemberField::City, 0),
    ("工作城市", MemberField::City, 0),
    ("city", MemberField::City, 0),
    ("location", MemberField::City, 1),
    ("备注", MemberField::Notes, 0),
    ("说明", MemberField::Notes, 1),
    ("notes", MemberField::Notes, 0),
    ("note", MemberField::Notes, 0),
    ("remark", MemberField::Notes, 0),
    ("remarks", MemberField::Notes, 0),
];

/// How well a header names a field: lower is better.
type Rank = u8;
/// Found inside a longer header rather than equal to it.
const CONTAINED: Rank = 10;

/// A header cell in comparable form: ASCII-folded, lowercase, without spaces and punctuation;
/// `keep_notes = false` also drops bracketed notes such as `手机（必填）`.
pub(crate) fn header_key(raw: &str, keep_notes: bool) -> String {
    let mut key = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        let c = super::normalise::fold_fullwidth(c, true);
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 && !keep_notes => {}
            _ if c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key
}

fn synonym_table() -> HashMap<&'static str, (MemberField, Rank)> {
    SYNONYMS.iter().map(|(k, f, r)| (*k, (*f, *r))).collect()
}

/// The field a header names, with how well; `None` for columns of no interest (序号 …).
fn recognise_with(
    table: &HashMap<&str, (MemberField, Rank)>,
    raw: &str,
) -> Option<(MemberField, Rank)> {
    let with_notes = header_key(raw, true);
    let bare = header_key(raw, false);
    for key in [&with_notes, &bare] {
        if let Some(found) = table.get(key.as_str()) {
            return Some(*found);
        }
    }
    // 现工作单位 or 本人手机: a Chinese name inside a short header. Single characters (班, 系,
    // 届) are too common inside other words to count.
    if bare.is_empty() || bare.chars().count() > MAX_CONTAINS_CHARS {
        return None;
    }
    SYNONYMS
        .iter()
        .filter(|(syn, _, _)| !syn.is_ascii() && syn.chars().count() >= 2 && bare.contains(syn))
        .max_by_key(|(syn, _, rank)| (syn.chars().count(), std::cmp::Reverse(*rank)))
        .map(|(_, field, rank)| (*field, CONTAINED + rank))
}

/// The fields of one row of headers, each field given to its best column only.
fn map_row(
    table: &HashMap<&str, (MemberField, Rank)>,
    cells: &[String],
) -> Vec<Option<MemberField>> {
    let found: Vec<Option<(MemberField, Rank)>> =
        cells.iter().map(|c| recognise_with(table, c)).collect();
    let mut best: HashMap<MemberField, (Rank, usize)> = HashMap::new();
    for (column, hit) in found.iter().enumerate() {
        if let Some((field, rank)) = hit {
            let entry = best.entry(*field).or_insert((*rank, column));
            if (*rank, column) < *entry {
                *entry = (*rank, column);
            }
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(column, hit)| {
            hit.and_then(|(field, _)| (best.get(&field)?.1 == column).then_some(field))
        })
        .collect()
}

/// True when a header row can be found near the top of `sheet`.
pub(crate) fn has_header(sheet: &Sheet) -> bool {
    find_header(sheet).is_some()
}

/// The header's index in `sheet.rows` and the fields of its columns.
fn find_header(sheet: &Sheet) -> Option<(usize, Vec<Option<MemberField>>)> {
    let table = synonym_table();
    let mut chosen: Option<(usize, Vec<Option<MemberField>>, usize)> = None;
    for (index, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let fields = map_row(&table, &row.cells);
        let score = fields.iter().flatten().count();
        // A lone 姓名 is a header too (a list of names and other columns of no interest);
        // a title row never is a cell that says exactly that.
        let names_exactly = row.cells.iter().any(|c| {
            recognise_with(&table, c)
                .is_some_and(|(f, rank)| f == MemberField::Name && rank < CONTAINED)
        });
        let header_like = score >= 2 || names_exactly;
        if header_like && chosen.as_ref().is_none_or(|(_, _, best)| score > *best) {
            chosen = Some((index, fields, score));
        }
    }
    chosen.map(|(index, fields, _)| (index, fields))
}

/// Finds the header row among the first rows and maps its columns.
pub fn detect_mapping(sheet: &Sheet) -> Result<Mapping, ImportError> {
    let Some((index, mut fields)) = find_header(sheet) else {
        return Err(ImportError::NoHeader {
            rows_searched: sheet.rows.len().min(HEADER_SEARCH_ROWS),
        });
    };
    let header = &sheet.rows[index];
    let width = sheet.width().max(header.cells.len());
    fields.resize(width, None);
    let mut headers = header.cells.clone();
    headers.resize(width, String::new());
    let samples = sheet.rows[index + 1..]
        .iter()
        .take(SAMPLE_ROWS)
        .map(|r| r.cells.clone())
        .collect();
    Ok(Mapping {
        header_row: header.number,
        headers,
        fields,
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_offices_write_are_recognised() {
        use MemberField::*;
        let cases: &[(&str, Option<MemberField>)] = &[
            ("姓名", Some(Name)),
            (" 姓 名 ", Some(Name)),
            ("姓名*", Some(Name)),
            ("Name", Some(Name)),
            ("手机号码（必填）", Some(Phone)),
            ("联系电话", Some(Phone)),
            ("Mobile Phone", Some(Phone)),
            ("E-mail", Some(Email)),
            ("Student No.", Some(StudentNumber)),
            ("院（系）", Some(College)),
            ("现工作单位", Some(Employer)),
            ("本人手机", Some(Phone)),
            ("毕业时间", Some(GraduationYear)),
            ("Graduation Year", Some(GraduationYear)),
            ("届别", Some(GraduationYear)),
            ("ＷｅＣｈａｔ", Some(Wechat)),
            ("序号", None),
            ("2008届计算机学院校友信息登记表", None),
        ];
        for (header, field) in cases {
            let found = recognise_with(&synonym_table(), header).map(|(f, _)| f);
            assert_eq!(found, *field, "{header}");
        }
    }

    #[test]
    fn each_field_goes_to_its_best_column() {
        let table = synonym_table();
        let cells: Vec<String> = ["联系电话", "姓名", "手机", "家长姓名"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            map_row(&table, &cells),
            [
                None,
                Some(MemberField::Name),
                Some(MemberField::Phone),
                None
            ]
        );
    }
}

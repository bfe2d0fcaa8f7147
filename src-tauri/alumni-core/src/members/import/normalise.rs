//! A row's cells → a member's fields in the register's normal form, or the reason it cannot be.
//!
//! Invariants: full-width digits and letters become ASCII; whitespace is trimmed and collapsed,
//! and the padding offices put inside two-character names (王　伟) goes, but a name is never
//! split or reordered; a value that starts with = + - @ is data (a name, not a formula) and is
//! kept as written; nothing is cut to fit — a value over the field's limit rejects the row;
//! phones keep 11-digit mobiles as digits and landlines as written; only mobile and
//! international numbers identify a person (an office landline is shared).

use chrono::{Datelike, Duration, NaiveDate};

use super::reason::{quote, DamagedField, RejectReason};
use crate::members::record::is_valid_id_number;
use crate::members::{Gender, MemberField, MemberStatus, NewMember};

/// Cells that mean "nothing here".
const BLANK_MARKERS: &[&str] = &[
    "-", "--", "—", "——", "/", "\\", "无", "暂无", "空", "未知", "不详", "n/a", "na", "null",
    "none", "nil",
];

/// Folds a full-width character to ASCII: digits and letters always, punctuation too when
/// `all_ascii` (phones, e-mail, ID and student numbers, years).
pub(crate) fn fold_fullwidth(c: char, all_ascii: bool) -> char {
    let code = c as u32;
    let alphanumeric = matches!(c, '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ');
    if alphanumeric || (all_ascii && (0xFF01..=0xFF5E).contains(&code)) {
        char::from_u32(code - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

/// How a value's whitespace is tidied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Spaces {
    /// Runs of whitespace become one space.
    Collapse,
    /// As `Collapse`, and a space between two CJK characters goes (names).
    Name,
    /// All whitespace goes (numbers, codes, addresses).
    Remove,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
        || matches!(c, '·' | '・' | '•')
}

/// Trims, folds and tidies whitespace; `None` when nothing is left or the cell says "none".
fn clean(raw: &str, spaces: Spaces, all_ascii: bool) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        // Zero-width spaces and stray BOMs come with text pasted from web pages.
        if matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') {
            continue;
        }
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        let c = fold_fullwidth(c, all_ascii);
        if pending_space {
            let joined =
                spaces == Spaces::Name && out.chars().next_back().is_some_and(is_cjk) && is_cjk(c);
            if spaces != Spaces::Remove && !joined {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    let blank = out.is_empty()
        || BLANK_MARKERS
            .iter()
            .any(|m| m.len() == out.len() && m.eq_ignore_ascii_case(&out));
    (!blank).then_some(out)
}

fn too_long(field: MemberField, value: &str) -> Result<(), RejectReason> {
    let Some(max_chars) = field.max_chars() else {
        return Ok(());
    };
    // Bytes bound characters from above, so most values skip the count.
    if value.len() > max_chars && value.chars().count() > max_chars {
        return Err(RejectReason::TooLong { field, max_chars });
    }
    Ok(())
}

fn invalid(field: MemberField, raw: &str) -> RejectReason {
    RejectReason::InvalidValue {
        field,
        // A sensitive value is not repeated in the report, even when it is wrong.
        value: (!field.is_sensitive()).then(|| quote(raw.trim())),
    }
}

/// `二零一零`, `二〇一〇年`, `一九九八届` → the same in digits; `None` for anything else.
fn chinese_numeral_year(text: &str) -> Option<String> {
    const NUMERALS: [char; 11] = [
        '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '零',
    ];
    let body = text.trim_end_matches(['年', '届', '级']);
    let digits: String = body
        .chars()
        .map(|c| {
            NUMERALS
                .iter()
                .position(|n| *n == c)
                .map(|i| char::from(b'0' + (i % 10) as u8))
        })
        .collect::<Option<String>>()?;
    (digits.len() == 4).then_some(digits)
}

/// A year from `2008`, `2008届`, `2008年7月`, `2008-07-01`, `7/1/2008` or an Excel date serial
/// (`39630`); two-digit years are refused as ambiguous.
pub fn year(text: &str) -> Option<i32> {
    if let Some(digits) = chinese_numeral_year(text) {
        return year(&digits);
    }
    let plausible = |y: i32| (1900..=2100).contains(&y).then_some(y);
    let digits_at_start = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits_at_start == text.len() || text.bytes().filter(|b| *b == b'.').count() == 1 {
        if digits_at_start == 4 && digits_at_start == text.len() {
            return text.parse().ok().and_then(plausible);
        }
        // An Excel serial: days since 1899-12-30 (serials this large are past the 1900 bug).
        if let Ok(serial) = text.parse::<f64>() {
            if (10_000.0..=73_050.0).contains(&serial) {
                let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
                let date = epoch.checked_add_signed(Duration::days(serial.floor() as i64))?;
                return plausible(date.year());
            }
            if digits_at_start != 4 {
                return None;
            }
        }
    }
    if digits_at_start == 4 {
        let next = text[4..].chars().next()?;
        if !next.is_ascii_alphanumeric() {
            return text[..4].parse().ok().and_then(plausible);
        }
        return None;
    }
    // Day-first or month-first dates end with the year.
    let digits_at_end = text.bytes().rev().take_while(u8::is_ascii_digit).count();
    let split = text.len() - digits_at_end;
    if digits_at_end == 4 && text[..split].ends_with(['/', '-', '.']) {
        return text[split..].parse().ok().and_then(plausible);
    }
    None
}

/// `男`, `M`, `male` … → Male; `女`, `F`, `female` … → Female.
fn gender(text: &str) -> Option<Gender> {
    match text.to_lowercase().as_str() {
        "男" | "男性" | "男士" | "m" | "male" | "man" => Some(Gender::Male),
        "女" | "女性" | "女士" | "f" | "female" | "woman" => Some(Gender::Female),
        _ => None,
    }
}

/// A phone in stored form: an 11-digit mobile as digits; a landline or an international number
/// as written (with `+86`/`0086` taken off a mobile). `None` when it is none of these.
pub fn phone(text: &str) -> Option<String> {
    if text.contains(['/', ',', ';', '、', '|']) {
        // Several numbers in one cell: which one is theirs is the user's call.
        return None;
    }
    let squeezed: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '–' | '—' | '‐' | '(' | ')' | '.' | '[' | ']'))
        .collect();
    let (international, national) = if let Some(rest) = squeezed.strip_prefix("+86") {
        (true, rest)
    } else if let Some(rest) = squeezed.strip_prefix("0086") {
        (true, rest)
    } else if squeezed.len() == 13 && squeezed.starts_with("861") {
        (true, &squeezed[2..])
    } else {
        (false, squeezed.as_str())
    };
    let all_digits = !national.is_empty() && national.bytes().all(|b| b.is_ascii_digit());
    if all_digits && national.len() == 11 && national.starts_with('1') {
        return Some(national.to_owned());
    }
    let written_ok = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'));
    let as_written = || {
        if written_ok {
            text.to_owned()
        } else {
            squeezed.clone()
        }
    };
    if all_digits && !international {
        let landline = (national.starts_with('0') && (10..=15).contains(&national.len()))
            || (7..=8).contains(&national.len());
        return landline.then(as_written);
    }
    if all_digits && international {
        // +86 21 6123 4567: a landline dialled from abroad; kept in domestic form.
        return (9..=13)
            .contains(&national.len())
            .then(|| format!("0{national}"));
    }
    let foreign = squeezed.strip_prefix('+').is_some_and(|rest| {
        (8..=15).contains(&rest.len()) && rest.bytes().all(|b| b.is_ascii_digit())
    });
    foreign.then(as_written)
}

/// The part of a stored phone that identifies a person: a mobile's digits, or an international
/// number's `+` and digits; `None` for landlines, which colleagues share.
pub fn phone_identity(stored: &str) -> Option<String> {
    let bytes = stored.as_bytes();
    let mobile = bytes.len() == 11 && bytes[0] == b'1' && bytes.iter().all(u8::is_ascii_digit);
    if mobile {
        return Some(stored.to_owned());
    }
    let rest = stored.trim_start().strip_prefix('+')?;
    let mut key = String::with_capacity(rest.len() + 1);
    key.push('+');
    key.extend(rest.chars().filter(char::is_ascii_digit));
    (key.len() > 8).then_some(key)
}

fn email(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let address = lower.strip_prefix("mailto:").unwrap_or(&lower);
    let (user, host) = address.split_once('@')?;
    let ok = !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && !host.contains('@');
    ok.then(|| address.to_owned())
}

/// A number as Excel shows one it kept only 15 digits of: `4.40106198706133E+17`,
/// `1.38123E+10` (a CSV saved from Excel writes what the cell showed).
fn lost_digits(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    let mut parts = mantissa.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("0");
    !whole.is_empty()
        && [whole, fraction, exponent]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// One cell in stored text form (years as digits, gender as `male`/`female`), `None` for an
/// empty cell.
pub fn value(field: MemberField, raw: &str) -> Result<Option<String>, RejectReason> {
    use MemberField::*;
    // The app's own CSV export guards `+44 …` and `=…` with an apostrophe: taken off again.
    let raw = crate::members::export::unneutralise(raw);
    let (spaces, all_ascii) = match field {
        Name => (Spaces::Name, false),
        IdNumber | StudentNumber | Email | Wechat | EnrolmentYear | GraduationYear => {
            (Spaces::Remove, true)
        }
        Phone => (Spaces::Collapse, true),
        Gender => (Spaces::Remove, false),
        _ => (Spaces::Collapse, false),
    };
    let Some(text) = clean(raw, spaces, all_ascii) else {
        return if field == Name {
            Err(RejectReason::MissingName)
        } else {
            Ok(None)
        };
    };
    if matches!(field, IdNumber | StudentNumber | Phone) && lost_digits(&text) {
        return Err(RejectReason::LostDigits { field });
    }
    too_long(field, &text)?;
    let value = match field {
        EnrolmentYear | GraduationYear => year(&text)
            .map(|y| y.to_string())
            .ok_or_else(|| invalid(field, raw))?,
        Gender => gender(&text)
            .map(|g| g.as_str().to_owned())
            .ok_or_else(|| invalid(field, raw))?,
        Phone => phone(&text).ok_or_else(|| RejectReason::InvalidPhone {
            value: quote(raw.trim()),
        })?,
        Email => email(&text).ok_or_else(|| invalid(field, raw))?,
        IdNumber => {
            let id = text.to_uppercase();
            if !is_valid_id_number(&id) {
                return Err(invalid(field, raw));
            }
            id
        }
        _ => text,
    };
    Ok(Some(value))
}

/// A stored value brought to the form an import writes, so that `138-1234-5678` on record
/// equals `13812345678` in the file; values that would not pass are compared as they are.
pub fn comparable(field: MemberField, stored: &str) -> String {
    match value(field, stored) {
        Ok(Some(v)) => v,
        _ => stored.trim().to_owned(),
    }
}

fn assign(member: &mut NewMember, field: MemberField, value: String) {
    use MemberField::*;
    let year = |v: &str| v.parse::<i32>().ok();
    match field {
        Name => member.name = value,
        Gender => {
            member.gender = match value.as_str() {
                "male" => Some(crate::members::Gender::Male),
                "female" => Some(crate::members::Gender::Female),
                _ => None,
            }
        }
        EnrolmentYear => member.enrolment_year = year(&value),
        GraduationYear => member.graduation_year = year(&value),
        Status => {
            if let Some(status) = MemberStatus::parse(&value) {
                member.status = status;
            }
        }
        _ => {
            if let Some(slot) = member.text_mut(field) {
                *slot = Some(value);
            }
        }
    }
}

/// The mapped fields with their columns, in field order (the name first), worked out once per
/// file rather than once per row.
pub fn columns(fields: &[Option<MemberField>]) -> Vec<(MemberField, usize)> {
    MemberField::imported()
        .iter()
        .filter_map(|field| Some((*field, fields.iter().position(|f| *f == Some(*field))?)))
        .collect()
}

/// A value as the app's masked exports print it (`138****5678`, `1101**********002X`): it
/// stands for the value on record, which it cannot tell, so it is neither stored nor checked.
fn is_masked(field: MemberField, raw: &str) -> bool {
    field.is_sensitive() && raw.contains("**")
}

/// A data row, normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct RowValues {
    /// The record the row gives, masked values left out.
    pub member: NewMember,
    /// The masked values the row holds, trimmed, by field: an import matches them against the
    /// records' values masked the same way.
    pub masked: Vec<(MemberField, String)>,
    /// The fields whose cells show damage ([`damaged`]), with the cell shortened (masked for a
    /// sensitive field).
    pub damaged: Vec<DamagedField>,
}

/// Whether a cell's text was damaged on its way into the file: a replacement mark (U+FFFD, an
/// undecodable byte), a `?` in a name (a character the sender's code page lacked), a
/// private-use character (a user-defined code page's), or a control character other than a
/// tab or a line break. Checked before the cell is tidied, which would turn controls into
/// spaces.
pub fn damaged(field: MemberField, raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let name = field == MemberField::Name;
    let mut from = 0;
    // Every cell of every row passes here: a table lookup skips the bytes no damage starts with
    // (digits, letters, the lead bytes of CJK), and only the rare suspect is looked at closely.
    while let Some(at) = bytes[from..].iter().position(|b| SUSPECT[usize::from(*b)]) {
        let i = from + at;
        let next = bytes.get(i + 1).copied().unwrap_or(0);
        let third = bytes.get(i + 2).copied().unwrap_or(0);
        let hit = match bytes[i] {
            b'?' => name,
            // C1 controls, U+0080–U+009F.
            0xC2 => (0x80..=0x9F).contains(&next),
            // U+E000–U+EFFF: private use.
            0xEE => true,
            // U+F000–U+FFFF: private use up to U+F8FF; the replacement mark U+FFFD; in a
            // name, the full-width ？ U+FF1F.
            0xEF => {
                next < 0xA4
                    || (next == 0xBF && third == 0xBD)
                    || (name && next == 0xBC && third == 0x9F)
            }
            // Planes 15 and 16, private use.
            0xF3 => next >= 0xB0,
            0xF4 => true,
            // C0 controls (but tab and line breaks) and DEL.
            _ => true,
        };
        if hit {
            return true;
        }
        from = i + 1;
    }
    false
}

/// The bytes a damaged cell's UTF-8 may start a damage with: C0 controls but tab and line
/// breaks, `?`, DEL, and the lead bytes of C1 controls, of U+E000–U+FFFF and of planes 15–16.
static SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b, 0x09 | 0x0A | 0x0D);
        b += 1;
    }
    let mut i = 0;
    let more = [b'?', 0x7F, 0xC2, 0xEE, 0xEF, 0xF3, 0xF4];
    while i < more.len() {
        table[more[i] as usize] = true;
        i += 1;
    }
    table
};

/// A data row → a member and its masked values, or every problem it has, in field order (the
/// name first; never empty).
pub fn row(
    cells: &[String],
    columns: &[(MemberField, usize)],
) -> Result<RowValues, Vec<RejectReason>> {
    let mut problems = Vec::new();
    let mut member = NewMember::default();
    let mut masked = Vec::new();
    let mut damage = Vec::new();
    let mut name_seen = false;
    for &(field, column) in columns {
        let raw = cells.get(column).map_or("", String::as_str);
        let raw = crate::members::export::unneutralise(raw);
        if damaged(field, raw) {
            let trimmed = raw.trim();
            damage.push(DamagedField {
                field,
                value: field.mask(trimmed).unwrap_or_else(|| quote(trimmed)),
            });
        }
        if is_masked(field, raw) {
            masked.push((field, raw.trim().to_owned()));
            continue;
        }
        match value(field, raw) {
            Ok(Some(v)) => {
                name_seen |= field == MemberField::Name;
                assign(&mut member, field, v);
            }
            Ok(None) => {}
            Err(RejectReason::MissingName) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if !name_seen {
        problems.insert(0, RejectReason::MissingName);
    }
    if let (Some(enrolled), Some(graduated)) = (member.enrolment_year, member.graduation_year) {
        if enrolled > graduated {
            problems.push(RejectReason::InvalidValue {
                field: MemberField::EnrolmentYear,
                value: Some(format!("{enrolled} > {graduated}")),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(RowValues {
        member,
        masked,
        damaged: damage,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_is_told_from_rare_but_real_text() {
        use MemberField::{Employer, Name, Notes};
        let cases = [
            (Name, "李?", true),
            (Name, "李？", true),
            (Employer, "谁？", false),
            (Notes, "Who?", false),
            (Name, "王\u{FFFD}", true),
            (Name, "张\u{E000}三", true),
            (Name, "张\u{F8FF}", true),
            (Name, "\u{F900}", false),
            (Employer, "上海\u{7}银行", true),
            (Notes, "第一行\t第二行\n第三行\r", false),
            (Notes, "\u{85}", true),
            (Notes, "\u{7F}", true),
            (Name, "\u{F0000}", true),
            (Name, "\u{10FFFD}", true),
            (Name, "吉𠮷", false),
            (Name, "赵孟𫖯", false),
            (Employer, "😀科技", false),
            (Name, "欧阳思睿", false),
            (Name, "Müller", false),
        ];
        for (field, raw, want) in cases {
            assert_eq!(damaged(field, raw), want, "{raw:?}");
        }
    }

    #[test]
    fn names_are_tidied_but_never_split() {
        let cases = [
            ("  刘东志 ", Some("刘东志")),
            ("王　伟", Some("王伟")),
            ("王  伟", Some("王伟")),
            ("Mary  Ann   Smith", Some("Mary Ann Smith")),
            ("阿卜杜拉 · 艾买提", Some("阿卜杜拉·艾买提")),
            ("ＬＩ Ｍｉｎｇ", Some("LI Ming")),
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                Some("=HYPERLINK(\"http://x\",\"y\")"),
            ),
            ("@张三", Some("@张三")),
            ("-", None),
            ("\u{200B}", None),
        ];
        for (raw, want) in cases {
            assert_eq!(clean(raw, Spaces::Name, false).as_deref(), want, "{raw}");
        }
    }

    #[test]
    fn years_from_what_offices_write() {
        let cases = [
            ("2008", Some(2008)),
            ("2008届", Some(2008)),
            ("2008年", Some(2008)),
            ("2008级", Some(2008)),
            ("2008-07", Some(2008)),
            ("2008-07-01", Some(2008)),
            ("2008/7/1", Some(2008)),
            ("2008.07", Some(2008)),
            ("2008年7月", Some(2008)),
            ("2008-07-01 00:00:00", Some(2008)),
            ("7/1/2008", Some(2008)),
            ("39630", Some(2008)),
            ("39630.5", Some(2008)),
            ("08届", None),
            ("208", None),
            ("1850", None),
            ("二〇〇八", Some(2008)),
            ("二零一零", Some(2010)),
            ("一九九八年", Some(1998)),
            ("二零一零届", Some(2010)),
            ("二零一", None),
            ("二千零八", None),
            ("2008a", None),
        ];
        for (raw, want) in cases {
            assert_eq!(year(raw), want, "{raw}");
        }
    }

    #[test]
    fn phones_from_what_offices_write() {
        let cases = [
            ("13812345678", Some("13812345678")),
            ("138 1234 5678", Some("13812345678")),
            ("138-1234-5678", Some("13812345678")),
            ("+86 138 1234 5678", Some("13812345678")),
            ("+8613812345678", Some("13812345678")),
            ("008613812345678", Some("13812345678")),
            ("8613812345678", Some("13812345678")),
            ("(86)13812345678", Some("13812345678")),
            ("021-61234567", Some("021-61234567")),
            ("(021)61234567", Some("(021)61234567")),
            ("0755-12345678-808", Some("0755-12345678-808")),
            ("61234567", Some("61234567")),
            ("+86 21 6123 4567", Some("02161234567")),
            ("+1 415 555 0100", Some("+1 415 555 0100")),
            ("1381234567", None),
            ("23812345678", None),
            ("138123456789", None),
            ("13812345678/13912345678", None),
            ("手机13812345678", None),
            ("12345", None),
        ];
        for (raw, want) in cases {
            let text = clean(raw, Spaces::Collapse, true).expect("text");
            assert_eq!(phone(&text).as_deref(), want, "{raw}");
        }
        assert_eq!(
            phone_identity("13812345678").as_deref(),
            Some("13812345678")
        );
        assert_eq!(
            phone_identity("+1 415 555 0100").as_deref(),
            Some("+14155550100")
        );
        assert_eq!(phone_identity("021-61234567"), None);
    }

    #[test]
    fn values_in_stored_form_or_the_reason() {
        use MemberField::*;
        let long = "单".repeat(10_000);
        type Case<'a> = (MemberField, &'a str, Result<Option<&'a str>, &'a str>);
        let cases: Vec<Case> = vec![
            (Phone, "１３８１２３４５６７８", Ok(Some("13812345678"))),
            (Phone, "１３８－１２３４－５６７８", Ok(Some("13812345678"))),
            (Phone, "12345", Err("invalid_phone")),
            (GraduationYear, "２００８届", Ok(Some("2008"))),
            (GraduationYear, "明年", Err("invalid_value")),
            (Gender, "男", Ok(Some("male"))),
            (Gender, "F", Ok(Some("female"))),
            (Gender, "未知", Ok(None)),
            (Gender, "其他", Err("invalid_value")),
            (
                Email,
                " Zhang.San＠Example.COM ",
                Ok(Some("zhang.san@example.com")),
            ),
            (Email, "zhangsan", Err("invalid_value")),
            (
                IdNumber,
                "11010519491231002x",
                Ok(Some("11010519491231002X")),
            ),
            (IdNumber, "110105194912310021", Err("invalid_value")),
            (
                StudentNumber,
                "２００４ ０８０１２３",
                Ok(Some("2004080123")),
            ),
            (
                Employer,
                "  华为技术有限公司 ",
                Ok(Some("华为技术有限公司")),
            ),
            (Employer, &long, Err("too_long")),
            (Name, &long, Err("too_long")),
            (Name, "  ", Err("missing_name")),
            (City, "", Ok(None)),
        ];
        for (field, raw, want) in cases {
            let got = value(field, raw);
            match (&got, want) {
                (Ok(v), Ok(w)) => assert_eq!(v.as_deref(), w, "{field:?} {raw}"),
                (Err(r), Err(kind)) => assert_eq!(r.kind(), kind, "{field:?} {raw}"),
                _ => panic!("{field:?} {raw}: {got:?}"),
            }
        }
    }

    #[test]
    fn a_row_checks_name_first_and_year_order() {
        let fields = columns(&[
            Some(MemberField::GraduationYear),
            Some(MemberField::EnrolmentYear),
            None,
            Some(MemberField::Name),
        ]);
        assert_eq!(fields[0], (MemberField::Name, 3));
        let cells = |[name, enrolled, graduated]: [&str; 3]| {
            [graduated, enrolled, "", name].map(str::to_owned).to_vec()
        };
        let ok = row(&cells(["张三", "2004", "2008届"]), &fields)
            .expect("row")
            .member;
        assert_eq!(
            (ok.enrolment_year, ok.graduation_year),
            (Some(2004), Some(2008))
        );
        // Every problem of a row, the name first.
        let kinds = |cells: Vec<String>| -> Vec<&'static str> {
            row(&cells, &fields)
                .map(|_| Vec::new())
                .unwrap_or_else(|problems| problems.iter().map(|p| p.kind()).collect())
        };
        assert_eq!(
            kinds(cells(["", "2004", "x"])),
            ["missing_name", "invalid_value"]
        );
        assert_eq!(kinds(cells(["张三", "2009", "2008"])), ["invalid_value"]);
    }
}

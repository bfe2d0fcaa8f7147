//! Search keys and query plans as pure rules: which keys a member's record gives, and which
//! tiers of keys a typed text is looked up in, best tier first.
//!
//! Invariants: keys and queries go through the same normalisation (lowercase, no spaces or
//! separators, full-width forms folded, ü written v); every member has exactly one canonical
//! full-pinyin key, so a range over those lists everyone once in pinyin order; [`place`] orders
//! members exactly as the index scan in `store.rs` would, so both search paths agree.

use std::collections::BTreeMap;

use pinyin::ToPinyin;
use serde::{Deserialize, Serialize};

use crate::members::MemberStatus;

/// Results a query returns when it does not say (`limit` 0).
pub const DEFAULT_LIMIT: u32 = 50;
/// The most results one query returns.
pub const MAX_LIMIT: u32 = 500;
/// How deep paging goes (`offset + limit`); beyond it the user should type more.
pub const MAX_DEPTH: u32 = 5_000;

/// Added to the rank of every key of an archived member: the default search asks for ranks
/// below it, and with archived members included they sort after the others in their key.
pub(super) const ARCHIVED_RANK: i64 = 100;

/// Names longer than this (some minority names) index their prefixes and their infixes of at
/// most [`LONG_NAME_INFIX`] characters rather than every substring.
const MAX_FULL_SUBSTRING_NAME: usize = 8;
const LONG_NAME_INFIX: usize = 4;

/// Employer grams are suffixes cut to this many characters; longer queries are checked
/// against the employer's whole name.
pub(super) const EMPLOYER_GRAM_CHARS: usize = 8;

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

/// One step of a query plan. A member is placed in the first tier it matches; inside a tier,
/// members come in index order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Tier {
    /// Keys of one kind equal to `term`, or starting with it when `prefix`; in key, rank,
    /// pinyin, id order. `canonical_only` skips other readings (ranks 1 and 101).
    Keys {
        kind: Kind,
        term: String,
        prefix: bool,
        canonical_only: bool,
        matched: Matched,
    },
    /// Phones starting with these digits, in phone order (the `members_phone` index).
    PhonePrefix(String),
    /// Student numbers starting with this, in order (the `members_student_number` index).
    StudentNumberPrefix(String),
    /// Employers containing this text: employers starting with it first, then shorter ones,
    /// then by name; their members by rank, pinyin and id.
    Employer(String),
}

impl Tier {
    fn keys(kind: Kind, term: &str, prefix: bool, matched: Matched) -> Tier {
        Tier::Keys {
            kind,
            term: term.to_owned(),
            prefix,
            canonical_only: false,
            matched,
        }
    }

    /// What a hit found in this tier is reported as.
    pub(super) fn matched(&self) -> Matched {
        match self {
            Tier::Keys { matched, .. } => *matched,
            Tier::PhonePrefix(_) => Matched::Phone,
            Tier::StudentNumberPrefix(_) => Matched::StudentNumber,
            Tier::Employer(_) => Matched::Employer,
        }
    }
}

/// The tiers a typed text is looked up in, best first.
///
/// All digits: the last four phone digits (when four were typed), phone prefixes, student
/// numbers. Letters and digits: student numbers. Letters only: full pinyin, initials, pinyin
/// and initials from a later syllable, employers. Anything else (Chinese): parts of names,
/// then employers. Nothing: everyone, by pinyin.
pub(super) fn plan(text: &str) -> Vec<Tier> {
    let q = normalize(text);
    if q.is_empty() {
        return vec![Tier::Keys {
            kind: Kind::Pinyin,
            term: String::new(),
            prefix: true,
            canonical_only: true,
            matched: Matched::Listing,
        }];
    }
    if q.bytes().all(|b| b.is_ascii_digit()) {
        let mut tiers = Vec::with_capacity(3);
        if q.len() == 4 {
            tiers.push(Tier::keys(Kind::PhoneTail, &q, false, Matched::Phone));
        }
        tiers.push(Tier::PhonePrefix(q.clone()));
        tiers.push(Tier::StudentNumberPrefix(q));
        return tiers;
    }
    if q.bytes().all(|b| b.is_ascii_alphanumeric()) {
        if q.bytes().any(|b| b.is_ascii_digit()) {
            return vec![Tier::StudentNumberPrefix(q.to_ascii_uppercase())];
        }
        return vec![
            Tier::keys(Kind::Pinyin, &q, true, Matched::Pinyin),
            Tier::keys(Kind::Initials, &q, true, Matched::Initials),
            Tier::keys(Kind::PinyinSuffix, &q, true, Matched::Pinyin),
            Tier::keys(Kind::InitialsSuffix, &q, true, Matched::Initials),
            Tier::Employer(q),
        ];
    }
    vec![
        Tier::keys(Kind::Name, &q, false, Matched::Name),
        Tier::Employer(q),
    ]
}

/// Lowercase, without spaces and name separators, full-width letters and digits folded to
/// ASCII, ü written v (as pinyin keyboards do): the form of every key and every query.
pub(super) fn normalize(text: &str) -> String {
    text.chars()
        .map(fold_width)
        .filter(|c| !is_separator(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ü' { 'v' } else { c })
        .collect()
}

/// Full-width ASCII forms (typed by Chinese input methods in full-width mode) as ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '·' | '•' | '・' | '‧' | '.' | '-' | '_' | '\'' | '’' | '‘' | '`' | '+' | '(' | ')'
        )
}

/// Surnames whose reading differs from the character's everyday one, with their readings
/// (syllables separated by spaces), the surname reading first. Compound surnames come before
/// the single characters they begin with, because the first match wins.
const SURNAME_READINGS: &[(&str, &[&str])] = &[
    ("尉迟", &["yu chi"]),
    ("万俟", &["mo qi"]),
    ("单于", &["chan yu"]),
    ("长孙", &["zhang sun"]),
    ("澹台", &["tan tai"]),
    ("令狐", &["ling hu"]),
    ("亓官", &["qi guan"]),
    ("单", &["shan"]),
    ("曾", &["zeng"]),
    ("解", &["xie"]),
    ("仇", &["qiu"]),
    ("区", &["ou"]),
    ("查", &["zha"]),
    ("査", &["zha"]),
    ("朴", &["piao"]),
    ("盖", &["ge", "gai"]),
    ("乐", &["yue", "le"]),
    ("缪", &["miao"]),
    ("覃", &["qin", "tan"]),
    ("种", &["chong"]),
    ("召", &["shao"]),
    ("翟", &["zhai"]),
    ("繁", &["po"]),
    ("秘", &["bi"]),
    ("员", &["yun"]),
    ("尉", &["wei", "yu"]),
    ("折", &["she"]),
    ("黑", &["he"]),
    ("牟", &["mou", "mu"]),
    ("隗", &["wei", "kui"]),
    ("祭", &["zhai"]),
    ("句", &["gou"]),
    ("褚", &["chu"]),
    ("藏", &["zang"]),
    ("柏", &["bai"]),
    ("卜", &["bu"]),
    ("薄", &["bo"]),
    ("莘", &["shen", "xin"]),
    ("谌", &["chen", "shen"]),
    ("曲", &["qu"]),
    ("行", &["xing"]),
    ("能", &["nai"]),
    ("相", &["xiang"]),
    ("应", &["ying"]),
    ("都", &["du"]),
    ("长", &["chang"]),
    ("华", &["hua"]),
    ("任", &["ren"]),
    ("宁", &["ning"]),
    ("纪", &["ji"]),
    ("厍", &["she"]),
];

/// One way of reading a name: its syllables (a run of Latin letters or digits is one).
type Reading = Vec<String>;

/// The readings of a name, the one used for ordering first; `chars` is the name normalised.
fn readings(name: &str, chars: &[char]) -> Vec<Reading> {
    let everyday = syllables(name);
    let mut out: Vec<Reading> = Vec::with_capacity(2);
    let surname = SURNAME_READINGS.iter().find_map(|(surname, readings)| {
        let n = surname.chars().count();
        let matches = chars.len() >= n && surname.chars().zip(chars).all(|(a, b)| a == *b);
        // The surname's characters are Han characters with a reading each, so they are the
        // first n syllables of the everyday reading.
        (matches && everyday.len() >= n).then_some((n, *readings))
    });
    if let Some((n, surname_readings)) = surname {
        for reading in surname_readings.iter() {
            let mut syl: Reading = reading.split(' ').map(str::to_owned).collect();
            syl.extend(everyday[n..].iter().cloned());
            out.push(syl);
        }
    }
    out.push(everyday);
    // Pinyin keyboards write ü as v (lv for 吕), some people as u (lu): v first, u as another
    // reading.
    let with_v = out
        .iter()
        .map(|r| r.iter().map(|s| s.replace('ü', "v")).collect());
    let with_u: Vec<Reading> = out
        .iter()
        .filter(|r| r.iter().any(|s| s.contains('ü')))
        .map(|r| r.iter().map(|s| s.replace('ü', "u")).collect())
        .collect();
    let mut unique: Vec<Reading> = Vec::with_capacity(out.len() + with_u.len());
    for reading in with_v.chain(with_u) {
        if !unique.contains(&reading) {
            unique.push(reading);
        }
    }
    unique
}

/// The everyday reading: one syllable per Han character, a word of ASCII letters and digits
/// as one syllable (John Smith → john, smith), other letters as themselves. ü is kept here and
/// written v or u by [`readings`].
fn syllables(name: &str) -> Reading {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in name.chars().map(fold_width).flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if let Some(p) = c.to_pinyin() {
            out.push(p.plain().to_owned());
        } else if c.is_alphanumeric() && !is_separator(c) {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn initials(reading: &[String]) -> Vec<String> {
    reading
        .iter()
        .filter_map(|s| s.chars().next().map(String::from))
        .collect()
}

/// The name in pinyin as results are ordered by: the surname reading for a polyphonic surname
/// (单 → shan), then the everyday reading of the rest.
pub(super) fn sort_pinyin(name: &str) -> String {
    let chars: Vec<char> = normalize(name).chars().collect();
    readings(name, &chars)
        .first()
        .map(|r| r.concat())
        .unwrap_or_default()
}

/// The name's pinyin syllables as names are ordered alphabetically: the surname reading for a
/// polyphonic surname (单 → shan), then the everyday reading of the rest; `["shan", "tian",
/// "fang"]`. Syllable by syllable, so 李 (li) comes before 刘 (liu) whatever follows.
pub(crate) fn sort_syllables(name: &str) -> Vec<String> {
    let chars: Vec<char> = normalize(name).chars().collect();
    readings(name, &chars)
        .into_iter()
        .next()
        .unwrap_or_default()
}

/// Every key of a member. `employer` is the id of the member's employer in
/// `member_search_employers`, if it has one.
pub(super) fn member_keys(
    name: &str,
    phone: Option<&str>,
    employer: Option<i64>,
    archived: bool,
) -> Vec<Key> {
    let chars: Vec<char> = normalize(name).chars().collect();
    let all = readings(name, &chars);
    let sort = all.first().map(|r| r.concat()).unwrap_or_default();
    // The best rank of each (kind, term); a term can come from several readings or places.
    let mut keys: BTreeMap<(Kind, String), i64> = BTreeMap::new();
    let mut add = |kind: Kind, term: String, rank: i64| {
        keys.entry((kind, term))
            .and_modify(|r| *r = (*r).min(rank))
            .or_insert(rank);
    };

    let n = chars.len();
    for start in 0..n {
        for end in start + 1..=n {
            let infix_too_long = n > MAX_FULL_SUBSTRING_NAME && end - start > LONG_NAME_INFIX;
            if start > 0 && infix_too_long {
                continue;
            }
            let rank = match (start, end == n) {
                (0, true) => 0,
                (0, false) => 1,
                _ => 2,
            };
            add(Kind::Name, chars[start..end].iter().collect(), rank);
        }
    }

    for (index, reading) in all.iter().enumerate() {
        let rank = i64::from(index > 0);
        let letters = initials(reading);
        add(Kind::Pinyin, reading.concat(), rank);
        add(Kind::Initials, letters.concat(), rank);
        for from in 1..reading.len() {
            add(Kind::PinyinSuffix, reading[from..].concat(), 0);
            add(Kind::InitialsSuffix, letters[from..].concat(), 0);
        }
    }
    // A name with no readable character still gets its one canonical pinyin key, so listings
    // include it.
    if all.is_empty() {
        add(Kind::Pinyin, String::new(), 0);
    }

    if let Some(tail) = phone.and_then(phone_tail) {
        add(Kind::PhoneTail, tail, 0);
    }
    if let Some(id) = employer {
        add(Kind::Employer, id.to_string(), 0);
    }

    let archived = if archived { ARCHIVED_RANK } else { 0 };
    keys.into_iter()
        .map(|((kind, term), rank)| Key {
            // The canonical pinyin key is its own order; the others sort ties by pinyin.
            sort: if kind == Kind::Pinyin && rank == 0 {
                String::new()
            } else {
                sort.clone()
            },
            kind,
            term,
            rank: rank + archived,
        })
        .collect()
}

/// The last four digits of a phone, if it has four.
fn phone_tail(phone: &str) -> Option<String> {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 4).then(|| digits[digits.len() - 4..].iter().collect())
}

/// An employer as stored in `member_search_employers` and matched: normalised, `None` if empty.
pub(super) fn normalize_employer(employer: &str) -> Option<String> {
    Some(normalize(employer)).filter(|e| !e.is_empty())
}

/// The grams of an employer: each suffix, cut to [`EMPLOYER_GRAM_CHARS`] characters.
pub(super) fn employer_grams(employer: &str) -> Vec<String> {
    let chars: Vec<char> = employer.chars().collect();
    let mut grams: Vec<String> = (0..chars.len())
        .map(|i| chars[i..].iter().take(EMPLOYER_GRAM_CHARS).collect())
        .collect();
    grams.sort();
    grams.dedup();
    grams
}

/// How employers matching `q` are ordered: those starting with it first, then shorter names,
/// then by name.
pub(super) fn employer_order(employer: &str, q: &str) -> String {
    format!(
        "{}{:05}{}",
        u8::from(!employer.starts_with(q)),
        employer.chars().count(),
        employer
    )
}

/// A member as the in-memory matcher needs it.
#[derive(Debug, Clone)]
pub(super) struct Candidate {
    pub id: i64,
    pub name: String,
    pub phone: Option<String>,
    pub student_number: Option<String>,
    pub employer: Option<String>,
    pub archived: bool,
}

/// Where a member sorts among the hits: tier, then the order inside the tier.
pub(super) type Placement = (usize, String, i64, String, i64);

/// The first tier a candidate matches and its place there, exactly as the index scan would
/// order it; `None` if it matches no tier.
pub(super) fn place(tiers: &[Tier], c: &Candidate) -> Option<(Placement, Matched)> {
    let keys = member_keys(&c.name, c.phone.as_deref(), None, c.archived);
    let archived = if c.archived { ARCHIVED_RANK } else { 0 };
    for (index, tier) in tiers.iter().enumerate() {
        let found = match tier {
            Tier::Keys {
                kind,
                term,
                prefix,
                canonical_only,
                ..
            } => keys
                .iter()
                .filter(|k| k.kind == *kind)
                .filter(|k| {
                    if *prefix {
                        k.term.starts_with(term.as_str())
                    } else {
                        k.term == *term
                    }
                })
                .filter(|k| !*canonical_only || k.rank % ARCHIVED_RANK == 0)
                .map(|k| (k.term.clone(), k.rank, k.sort.clone()))
                .min(),
            Tier::PhonePrefix(p) => c
                .phone
                .as_ref()
                .filter(|phone| phone.starts_with(p.as_str()))
                .map(|phone| (phone.clone(), 0, String::new())),
            Tier::StudentNumberPrefix(p) => c
                .student_number
                .as_ref()
                .filter(|number| number.starts_with(p.as_str()))
                .map(|number| (number.clone(), 0, String::new())),
            Tier::Employer(q) => c
                .employer
                .as_deref()
                .and_then(normalize_employer)
                .filter(|e| e.contains(q.as_str()))
                .map(|e| (employer_order(&e, q), archived, sort_pinyin(&c.name))),
        };
        if let Some((a, rank, sort)) = found {
            return Some(((index, a, rank, sort, c.id), tier.matched()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(keys: &[Key], kind: Kind) -> Vec<(String, i64)> {
        keys.iter()
            .filter(|k| k.kind == kind)
            .map(|k| (k.term.clone(), k.rank))
            .collect()
    }

    fn owned(list: &[(&str, i64)]) -> Vec<(String, i64)> {
        list.iter().map(|(t, r)| ((*t).to_owned(), *r)).collect()
    }

    #[test]
    fn keys_of_a_three_character_name() {
        let keys = member_keys("刘东志", Some("13812345678"), Some(7), false);
        assert_eq!(
            terms(&keys, Kind::Name),
            owned(&[
                ("东", 2),
                ("东志", 2),
                ("刘", 1),
                ("刘东", 1),
                ("刘东志", 0),
                ("志", 2)
            ])
        );
        assert_eq!(terms(&keys, Kind::Pinyin), owned(&[("liudongzhi", 0)]));
        assert_eq!(
            terms(&keys, Kind::PinyinSuffix),
            owned(&[("dongzhi", 0), ("zhi", 0)])
        );
        assert_eq!(terms(&keys, Kind::Initials), owned(&[("ldz", 0)]));
        assert_eq!(
            terms(&keys, Kind::InitialsSuffix),
            owned(&[("dz", 0), ("z", 0)])
        );
        assert_eq!(terms(&keys, Kind::PhoneTail), owned(&[("5678", 0)]));
        assert_eq!(terms(&keys, Kind::Employer), owned(&[("7", 0)]));
        assert!(keys
            .iter()
            .all(|k| k.sort == "liudongzhi" || (k.kind == Kind::Pinyin && k.sort.is_empty())));
    }

    #[test]
    fn polyphonic_and_compound_surnames_get_their_surname_reading_first() {
        let cases: &[(&str, &str, &[&str])] = &[
            ("单晓明", "shanxiaoming", &["sxm"]),
            ("曾国藩", "zengguofan", &["zgf"]),
            ("解放", "xiefang", &["xf"]),
            ("仇英", "qiuying", &["qy"]),
            ("区家明", "oujiaming", &["ojm"]),
            ("查良镛", "zhaliangyong", &["zly"]),
            ("尉迟恭", "yuchigong", &["ycg"]),
            ("万俟卨", "moqixie", &["mqx"]),
            ("乐嘉", "yuejia", &["yj", "lj"]),
        ];
        for (name, canonical, initials) in cases {
            let keys = member_keys(name, None, None, false);
            let pinyin = terms(&keys, Kind::Pinyin);
            assert!(
                pinyin.contains(&((*canonical).to_owned(), 0)),
                "{name}: {pinyin:?}"
            );
            assert_eq!(sort_pinyin(name), *canonical, "{name}");
            let found = terms(&keys, Kind::Initials);
            for i in *initials {
                assert!(found.iter().any(|(t, _)| t == i), "{name}: {found:?}");
            }
            // Exactly one canonical reading, so a listing shows the member once.
            assert_eq!(pinyin.iter().filter(|(_, r)| *r == 0).count(), 1, "{name}");
        }
    }

    #[test]
    fn u_umlaut_is_found_as_v_and_as_u() {
        let keys = member_keys("吕文", None, None, false);
        let pinyin = terms(&keys, Kind::Pinyin);
        assert!(pinyin.contains(&("lvwen".to_owned(), 0)), "{pinyin:?}");
        assert!(pinyin.contains(&("luwen".to_owned(), 1)), "{pinyin:?}");
    }

    #[test]
    fn archived_members_keys_rank_after_the_rest() {
        let keys = member_keys("王芳", Some("13800001111"), None, true);
        assert!(keys.iter().all(|k| k.rank >= ARCHIVED_RANK));
    }

    #[test]
    fn latin_names_and_separators() {
        let keys = member_keys("阿依古丽·买买提", None, None, false);
        assert!(terms(&keys, Kind::Name).contains(&("阿依古丽买买提".to_owned(), 0)));
        let keys = member_keys("John Smith", None, None, false);
        assert_eq!(terms(&keys, Kind::Pinyin), owned(&[("johnsmith", 0)]));
        assert_eq!(terms(&keys, Kind::Initials), owned(&[("js", 0)]));
        let keys = member_keys("·", None, None, false);
        assert_eq!(terms(&keys, Kind::Pinyin), owned(&[("", 0)]));
    }

    #[test]
    fn long_names_keep_prefixes_and_short_infixes() {
        let name = "阿卜杜热合曼艾力克木";
        let keys = member_keys(name, None, None, false);
        let names = terms(&keys, Kind::Name);
        assert!(names.contains(&(name.to_owned(), 0)));
        assert!(names.contains(&("阿卜杜热合曼".to_owned(), 1)));
        assert!(names.contains(&("艾力克木".to_owned(), 2)));
        assert!(!names.contains(&("曼艾力克木".to_owned(), 2)));
        assert!(names.len() < 55);
    }

    #[test]
    fn texts_are_classified() {
        let kinds = |text: &str| -> Vec<String> {
            plan(text)
                .iter()
                .map(|t| match t {
                    Tier::Keys {
                        kind, term, prefix, ..
                    } => format!("{}{term}{}", kind.prefix(), if *prefix { "*" } else { "" }),
                    Tier::PhonePrefix(p) => format!("phone:{p}*"),
                    Tier::StudentNumberPrefix(p) => format!("sn:{p}*"),
                    Tier::Employer(e) => format!("employer:{e}"),
                })
                .collect()
        };
        let cases: &[(&str, &[&str])] = &[
            ("", &["p:*"]),
            ("  ", &["p:*"]),
            ("5678", &["t:5678", "phone:5678*", "sn:5678*"]),
            ("５６７８", &["t:5678", "phone:5678*", "sn:5678*"]),
            ("138-1234", &["phone:1381234*", "sn:1381234*"]),
            ("s2010", &["sn:S2010*"]),
            (
                "Liu Dong",
                &[
                    "p:liudong*",
                    "i:liudong*",
                    "q:liudong*",
                    "j:liudong*",
                    "employer:liudong",
                ],
            ),
            ("刘 东", &["n:刘东", "employer:刘东"]),
        ];
        for (text, want) in cases {
            assert_eq!(kinds(text), *want, "{text:?}");
        }
    }

    #[test]
    fn employer_grams_are_capped_suffixes() {
        let grams = employer_grams("国家电网有限公司上海分公司");
        assert!(grams.contains(&"国家电网有限公司".to_owned()));
        assert!(grams.contains(&"司".to_owned()));
        assert!(grams
            .iter()
            .all(|g| g.chars().count() <= EMPLOYER_GRAM_CHARS));
    }

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

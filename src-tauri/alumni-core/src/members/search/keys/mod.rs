//! Which search keys a member gets, as pure rules: the readings of a name (surname readings
//! first), every part of the name, its pinyin and initials from each syllable on, the last four
//! phone digits and the employer; and the normalisation every key and every query goes through.
//!
//! Invariants: keys and queries go through the same normalisation (lowercase, no spaces or
//! separators, full-width forms folded, ü written v); every member has exactly one canonical
//! full-pinyin key (rank 0, or `ARCHIVED_RANK` when archived), so a range over those lists
//! everyone once in pinyin order; ranks come from `ranking.rs` only. Writing them to the
//! database is `store.rs`'s job.

use std::collections::BTreeMap;

use pinyin::ToPinyin;

use super::model::{Key, Kind};
use super::ranking;
#[cfg(test)]
use super::ranking::ARCHIVED_RANK;

pub(super) mod store;

/// Names longer than this (some minority names) index their prefixes and their infixes of at
/// most [`LONG_NAME_INFIX`] characters rather than every substring.
const MAX_FULL_SUBSTRING_NAME: usize = 8;
const LONG_NAME_INFIX: usize = 4;

/// Employer grams are suffixes cut to this many characters; longer queries are checked
/// against the employer's whole name.
pub(super) const EMPLOYER_GRAM_CHARS: usize = 8;

/// Lowercase, without spaces and name separators, full-width letters and digits folded to
/// ASCII, ü written v (as pinyin keyboards do): the form of every key and every query.
pub(crate) fn normalize(text: &str) -> String {
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

/// The polyphonic surname `chars` (a name's characters) begins with, if any: how many
/// characters it has and its readings, the surname reading first.
fn surname_readings(chars: &[char]) -> Option<(usize, &'static [&'static str])> {
    SURNAME_READINGS.iter().find_map(|(surname, readings)| {
        let n = surname.chars().count();
        let matches = chars.len() >= n && surname.chars().zip(chars).all(|(a, b)| a == *b);
        matches.then_some((n, *readings))
    })
}

/// The surname reading of a name that begins with a polyphonic surname: how many characters
/// the surname has and its syllables; 单田芳 → `(1, ["shan"])`, 尉迟恭 → `(2, ["yu", "chi"])`.
/// The name is taken as written (leading spaces are the caller's to trim).
pub(crate) fn surname_reading(name: &str) -> Option<(usize, Vec<&'static str>)> {
    let chars: Vec<char> = name.chars().take(2).collect();
    let (n, readings) = surname_readings(&chars)?;
    let first = readings.first()?;
    Some((n, first.split(' ').collect()))
}

/// One way of reading a name: its syllables (a run of Latin letters or digits is one).
type Reading = Vec<String>;

/// The readings of a name, the one used for ordering first; `chars` is the name normalised.
fn readings(name: &str, chars: &[char]) -> Vec<Reading> {
    let everyday = syllables(name);
    let mut out: Vec<Reading> = Vec::with_capacity(2);
    // The surname's characters are Han characters with a reading each, so they are the first
    // n syllables of the everyday reading.
    let surname = surname_readings(chars).filter(|(n, _)| everyday.len() >= *n);
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
            let rank = ranking::name_part_rank(start, end, n);
            add(Kind::Name, chars[start..end].iter().collect(), rank);
        }
    }

    for (index, reading) in all.iter().enumerate() {
        let rank = ranking::reading_rank(index);
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
            rank: ranking::stored_rank(rank, archived),
        })
        .collect()
}

/// The search terms of a meeting's attendee, for the door's search over a meeting's list (not
/// stored): `(term, by_prefix, rank)`, where a query matches a term it equals, or, when
/// `by_prefix`, one it begins (pinyin and initials, typed a letter at a time). The same rules
/// as a member's keys: every part of the name, the readings, the phone's last four digits.
pub(crate) fn attendee_terms(name: &str, phone: Option<&str>) -> Vec<(String, bool, i64)> {
    member_keys(name, phone, None, false)
        .into_iter()
        .filter_map(|key| {
            let by_prefix = match key.kind {
                Kind::Name | Kind::PhoneTail => false,
                Kind::Pinyin | Kind::PinyinSuffix | Kind::Initials | Kind::InitialsSuffix => true,
                Kind::Employer | Kind::BranchPinyin => return None,
            };
            (!key.term.is_empty()).then_some((key.term, by_prefix, key.rank))
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
            assert_eq!(sort_syllables(name).concat(), *canonical, "{name}");
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
    fn employer_grams_are_capped_suffixes() {
        let grams = employer_grams("国家电网有限公司上海分公司");
        assert!(grams.contains(&"国家电网有限公司".to_owned()));
        assert!(grams.contains(&"司".to_owned()));
        assert!(grams
            .iter()
            .all(|g| g.chars().count() <= EMPLOYER_GRAM_CHARS));
    }
}

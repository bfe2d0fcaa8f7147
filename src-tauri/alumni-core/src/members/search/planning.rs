//! How a query becomes a plan, as pure rules: the tiers of keys a typed text is looked up in,
//! best tier first, and — when filters are set — whether to read the keys first and check each
//! member against the filters, or to read the members passing the most selective filter first
//! and look up each one's keys ([`choose`], a cost model over bounded counts).
//!
//! Invariants: the plan of a text does not depend on the filters, and the strategy changes only
//! how the hits are found, never which hits or their order (`ranking.rs` is the one order);
//! every estimate the cost model is given was read at a bounded cost.

use super::keys::normalize;
use super::model::{Kind, Matched, SearchQuery};

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

/// The filter that can drive a search on its own: its members are read first, through an
/// index, and their keys looked up one member at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Driver {
    /// Members of the branch (`branch_memberships` primary key).
    Branch,
    /// Holders of the council office.
    Office,
    /// The college, with the graduation years if set (`members_college_year`).
    College,
    /// The city, with the graduation years if set (`members_city_year`).
    City,
    /// The graduation years alone (`members_graduation_year`).
    Years,
}

impl Driver {
    /// The drivers a query could use.
    pub(super) fn candidates(q: &SearchQuery) -> Vec<Driver> {
        let years = q.graduation_year_from.is_some() || q.graduation_year_to.is_some();
        let mut out = Vec::new();
        if q.branch_id.is_some() {
            out.push(Driver::Branch);
        }
        if q.office.is_some() {
            out.push(Driver::Office);
        }
        if q.college.is_some() {
            out.push(Driver::College);
        }
        if q.city.is_some() {
            out.push(Driver::City);
        }
        if years && q.college.is_none() && q.city.is_none() {
            out.push(Driver::Years);
        }
        out
    }

    /// Whether the members this driver reads pass every filter of `q` (archived members
    /// aside, which the keys' ranks leave out), so no member row has to be read to check them.
    pub(super) fn covers(self, q: &SearchQuery) -> bool {
        let years = q.graduation_year_from.is_some() || q.graduation_year_to.is_some();
        let others = [
            (q.branch_id.is_some(), self == Driver::Branch),
            (q.office.is_some(), self == Driver::Office),
            (q.college.is_some(), self == Driver::College),
            (q.city.is_some(), self == Driver::City),
            (
                years,
                matches!(self, Driver::College | Driver::City | Driver::Years),
            ),
            (q.status.is_some(), false),
        ];
        others.iter().all(|(set, covered)| !set || *covered)
    }
}

/// Filter counts stop here: a filter letting more members through is never read first, since
/// looking up that many members' keys costs more than any keys-first scan it could replace.
pub(super) const FILTER_COUNT_CAP: i64 = 5_000;

/// What the cost model is told, every count read at a bounded cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Estimates {
    /// About how many members the register holds (the highest member id).
    pub members: i64,
    /// Each driver and the members it lets through, counted up to [`FILTER_COUNT_CAP`].
    pub drivers: Vec<(Driver, i64)>,
    /// The keys in each of the plan's key tiers, in plan order, counted together up to
    /// [`Estimates::count_cap`] (the tiers past the cap are 0).
    pub tier_keys: Vec<i64>,
    /// Hits wanted (offset and limit).
    pub depth: usize,
}

impl Estimates {
    /// The share of members passing every filter, each filter taken as independent of the
    /// others and of the text (a capped count overstates its share, which only favours the
    /// keys-first scan, whose cost is bounded anyway).
    fn passing(&self) -> f64 {
        let members = self.members.max(1) as f64;
        self.drivers
            .iter()
            .map(|(_, count)| (*count as f64 / members).min(1.0))
            .product::<f64>()
            .max(1.0 / members)
    }

    /// Keys a keys-first scan expects to read to find `depth` members passing the filters.
    fn keys_to_fill(&self) -> i64 {
        (self.depth.max(1) as f64 / self.passing()).ceil() as i64
    }

    /// The best driver, if its count is exact.
    fn best_driver(&self) -> Option<(Driver, i64)> {
        self.drivers
            .iter()
            .filter(|(_, count)| *count < FILTER_COUNT_CAP)
            .min_by_key(|(_, count)| *count)
            .copied()
    }

    /// How far the keys need counting to decide: past what a scan would read to fill the page,
    /// or past what reading the best driver for every tier costs, the answer cannot change.
    /// `None` when no driver's count is exact (the scan it is, no counting needed).
    pub(super) fn count_cap(&self, key_tiers: usize) -> Option<i64> {
        let (_, count) = self.best_driver()?;
        Some(
            self.keys_to_fill()
                .min(count.saturating_mul(key_tiers.max(1) as i64)),
        )
    }

    /// The best driver and the index lookups reading it first costs: one per member for each
    /// tier read, and the tiers are read until the ones before hold enough keys to fill the
    /// page.
    pub(super) fn filter_first_cost(&self) -> Option<(Driver, i64)> {
        let (driver, count) = self.best_driver()?;
        let fill = self.keys_to_fill();
        let mut keys = 0;
        let mut tiers = 0;
        for n in &self.tier_keys {
            tiers += 1;
            keys += n;
            if keys >= fill {
                break;
            }
        }
        Some((driver, count.saturating_mul(tiers.max(1))))
    }

    /// Keys a keys-first scan is expected to read: enough to fill the page, or all the
    /// matching keys if there are fewer.
    pub(super) fn keys_first_cost(&self) -> i64 {
        self.keys_to_fill().min(self.tier_keys.iter().sum())
    }
}

/// How a filtered query is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// Scan each tier's keys in order, checking each member against the filters.
    KeysFirst,
    /// Read the members this filter lets through, then look up each one's keys per tier.
    FilterFirst(Driver),
}

/// The cheaper way to answer, by index lookups expected: filter first when its members times
/// the tiers it reads cost no more than the keys a scan would read to fill the page.
pub(super) fn choose(e: &Estimates) -> Strategy {
    match e.filter_first_cost() {
        // A tie means the keys reached their count cap: the scan would read at least as many.
        Some((driver, cost)) if cost <= e.keys_first_cost() => Strategy::FilterFirst(driver),
        _ => Strategy::KeysFirst,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_selective_filter_is_read_first_unless_the_text_finds_few_keys() {
        let estimates = |drivers: Vec<(Driver, i64)>, keys: i64| Estimates {
            members: 300_000,
            drivers,
            tier_keys: vec![keys],
            depth: 50,
        };
        // A branch of 1,000 among 300,000: a scan reads ~15,000 keys to find 50 of them.
        assert_eq!(
            choose(&estimates(vec![(Driver::Branch, 1_000)], 300_000)),
            Strategy::FilterFirst(Driver::Branch)
        );
        // ... unless the text has only 40 keys in all.
        assert_eq!(
            choose(&estimates(vec![(Driver::Branch, 1_000)], 40)),
            Strategy::KeysFirst
        );
        // A filter past the cap is never read first.
        assert_eq!(
            choose(&estimates(vec![(Driver::Years, FILTER_COUNT_CAP)], 300_000)),
            Strategy::KeysFirst
        );
        // A short prefix fills the page from its first tier: reading the branch costs one
        // lookup per member, not one per member per tier.
        let short = Estimates {
            members: 300_000,
            drivers: vec![(Driver::Branch, 2_000)],
            tier_keys: vec![30_000, 0, 0, 0],
            depth: 50,
        };
        assert_eq!(short.filter_first_cost(), Some((Driver::Branch, 2_000)));
        // Two filters together are more selective than either.
        assert_eq!(
            choose(&estimates(
                vec![(Driver::College, 4_000), (Driver::Branch, FILTER_COUNT_CAP)],
                300_000
            )),
            Strategy::FilterFirst(Driver::College)
        );
    }

    #[test]
    fn drivers_cover_the_filters_they_read() {
        let q = SearchQuery {
            city: Some("上海".into()),
            graduation_year_from: Some(2000),
            ..SearchQuery::default()
        };
        assert_eq!(Driver::candidates(&q), [Driver::City]);
        assert!(Driver::City.covers(&q));
        let q = SearchQuery {
            branch_id: Some(1),
            status: Some(crate::members::MemberStatus::Active),
            ..SearchQuery::default()
        };
        assert!(!Driver::Branch.covers(&q));
    }
}

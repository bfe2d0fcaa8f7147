//! How a query becomes a plan, as pure rules: the tiers of keys a typed text is looked up in,
//! best tier first, and — when filters are set — one of three ways to meet them ([`choose`], a
//! cost model over bounded counts): read the keys first and look up each one's member; read
//! the members passing the most selective filter first and look up each one's keys; or read
//! those members once into a set and scan the keys in order against it (the sieve, which makes
//! no lookup at a random place at all).
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
        checks(q, Some(self)) == 0
    }
}

/// Filter counts stop here: a filter letting more members through is never read first. Past
/// it the share of members passing is at least 4 % at 300,000 members, so a keys-first scan
/// finds a page of 50 in about 1,250 keys; reading 12,000 members to avoid that costs more.
pub(super) const FILTER_COUNT_CAP: i64 = 12_000;

/// What one index lookup at a random place costs, in steps of an ordered index scan: at 300,000
/// members a lookup of a member's filter columns or of its keys took 2.5–5 µs, a step of the
/// key index about 0.2 µs (`benches/search.rs` and EXPLAINed statements timed one by one, on
/// the development machine; see the README).
pub(super) const LOOKUP: i64 = 16;

/// One filter that can drive a search, and what reading it costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct DriverCount {
    pub driver: Driver,
    /// The members it lets through, counted up to [`FILTER_COUNT_CAP`].
    pub members: i64,
    /// Lookups each of its members needs to be checked against the filters it does not apply.
    pub checks: i64,
}

/// The lookups checking one member against the filters `driver` does not apply (all of them
/// without a driver): one for the member's own columns, one for a branch, one for an office.
pub(super) fn checks(q: &SearchQuery, driver: Option<Driver>) -> i64 {
    let years = q.graduation_year_from.is_some() || q.graduation_year_to.is_some();
    let by = |d: Driver| driver == Some(d);
    let own = (q.college.is_some() && !by(Driver::College))
        || (years && !(by(Driver::College) || by(Driver::City) || by(Driver::Years)))
        || (q.city.is_some() && !by(Driver::City))
        || q.status.is_some();
    i64::from(own)
        + i64::from(q.branch_id.is_some() && driver != Some(Driver::Branch))
        + i64::from(q.office.is_some() && driver != Some(Driver::Office))
}

/// What the cost model is told, every count read at a bounded cost.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Estimates {
    /// About how many members the register holds (the highest member id).
    pub members: i64,
    /// Each driver and the members it lets through.
    pub drivers: Vec<DriverCount>,
    /// Lookups a keys-first scan makes for each key, checking its member against the filters.
    pub key_checks: i64,
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
            .map(|d| (d.members as f64 / members).min(1.0))
            .product::<f64>()
            .max(1.0 / members)
    }

    /// Keys a scan expects to read to find `depth` members passing the filters.
    fn keys_to_fill(&self) -> i64 {
        (self.depth.max(1) as f64 / self.passing()).ceil() as i64
    }

    /// The best driver, if its count is exact.
    fn best_driver(&self) -> Option<DriverCount> {
        self.drivers
            .iter()
            .filter(|d| d.members < FILTER_COUNT_CAP)
            .min_by_key(|d| d.members)
            .copied()
    }

    /// How far the keys need counting to decide: past what a scan would read to fill the page,
    /// or past what reading the best driver first costs (every other way reads at least as
    /// many steps as keys), the answer cannot change. `None` when no driver's count is exact
    /// (the scan it is, no counting needed).
    pub(super) fn count_cap(&self, key_tiers: usize) -> Option<i64> {
        let best = self.best_driver()?;
        let reading_first = best
            .members
            .saturating_mul(key_tiers.max(1) as i64)
            .saturating_mul(LOOKUP * (1 + best.checks));
        Some(self.keys_to_fill().min(reading_first))
    }

    /// Keys any scan is expected to read: enough to fill the page, or all the matching keys if
    /// there are fewer.
    fn keys_expected(&self) -> i64 {
        self.keys_to_fill().min(self.tier_keys.iter().sum())
    }

    /// The best driver and what reading it first costs: a lookup of the member's keys for
    /// each tier read (and of its filter columns, for the filters the driver does not apply);
    /// the tiers are read until the ones before hold enough keys to fill the page.
    pub(super) fn filter_first_cost(&self) -> Option<(Driver, i64)> {
        let best = self.best_driver()?;
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
        let per_member = LOOKUP * (tiers.max(1) + best.checks);
        Some((best.driver, best.members.saturating_mul(per_member)))
    }

    /// The best driver and what the sieve costs: each of its members read in order (and
    /// checked against the filters it does not apply), then the keys scanned in order.
    pub(super) fn sieve_cost(&self) -> Option<(Driver, i64)> {
        let best = self.best_driver()?;
        let set = best.members.saturating_mul(1 + LOOKUP * best.checks);
        Some((best.driver, set.saturating_add(self.keys_expected())))
    }

    /// What a keys-first scan costs: each key read, and its member checked against the
    /// filters.
    pub(super) fn keys_first_cost(&self) -> i64 {
        self.keys_expected()
            .saturating_mul(1 + LOOKUP * self.key_checks)
    }
}

/// How a filtered query is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strategy {
    /// Scan each tier's keys in order, checking each member against the filters.
    KeysFirst,
    /// Read the members this filter lets through, then look up each one's keys per tier.
    FilterFirst(Driver),
    /// Read the members passing every filter once, through this driver, into a set; then scan
    /// each tier's keys in order and keep the members in the set.
    Sieve(Driver),
}

/// The cheapest way to answer, in index steps expected; on a tie the one reading fewer keys.
pub(super) fn choose(e: &Estimates) -> Strategy {
    let mut best = (e.keys_first_cost(), Strategy::KeysFirst);
    if let Some((driver, cost)) = e.sieve_cost() {
        if cost < best.0 {
            best = (cost, Strategy::Sieve(driver));
        }
    }
    if let Some((driver, cost)) = e.filter_first_cost() {
        // A tie means the keys reached their count cap: the others would read at least as many.
        if cost <= best.0 {
            best = (cost, Strategy::FilterFirst(driver));
        }
    }
    best.1
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

    fn driver(driver: Driver, members: i64, checks: i64) -> DriverCount {
        DriverCount {
            driver,
            members,
            checks,
        }
    }

    /// A query with a branch filter alone: each key a scan reads costs a lookup.
    fn estimates(drivers: Vec<DriverCount>, key_checks: i64, tier_keys: Vec<i64>) -> Estimates {
        Estimates {
            members: 300_000,
            drivers,
            key_checks,
            tier_keys,
            depth: 50,
        }
    }

    #[test]
    fn the_cheapest_way_is_chosen_by_index_steps() {
        // A branch of 1,000 among 300,000 and a text with many keys: a scan reads ~15,000 keys
        // to find 50 of them, the sieve as many; reading the branch's 1,000 first is cheaper.
        let small_branch = vec![driver(Driver::Branch, 1_000, 0)];
        assert_eq!(
            choose(&estimates(small_branch.clone(), 1, vec![300_000])),
            Strategy::FilterFirst(Driver::Branch)
        );
        // ... unless the text has only 40 keys in all.
        assert_eq!(
            choose(&estimates(small_branch, 1, vec![40])),
            Strategy::KeysFirst
        );
        // A branch of 4,000: the 3,750 keys a scan reads would each cost a lookup, the branch
        // read first a lookup per member; the sieve reads both in order, with no lookup.
        let branch = vec![driver(Driver::Branch, 4_000, 0)];
        assert_eq!(
            choose(&estimates(branch, 1, vec![20_000])),
            Strategy::Sieve(Driver::Branch)
        );
        // A filter past the cap is never read first.
        assert_eq!(
            choose(&estimates(
                vec![driver(Driver::Years, FILTER_COUNT_CAP, 0)],
                1,
                vec![300_000]
            )),
            Strategy::KeysFirst
        );
        // A short prefix fills the page from its first tier: reading the branch costs one
        // lookup per member, not one per member per tier.
        let short = estimates(
            vec![driver(Driver::Branch, 2_000, 0)],
            1,
            vec![30_000, 0, 0, 0],
        );
        assert_eq!(
            short.filter_first_cost(),
            Some((Driver::Branch, 2_000 * LOOKUP))
        );
        // Two filters together are more selective than either.
        assert_eq!(
            choose(&estimates(
                vec![
                    driver(Driver::College, 4_000, 1),
                    driver(Driver::Branch, FILTER_COUNT_CAP, 1)
                ],
                2,
                vec![300_000]
            )),
            Strategy::FilterFirst(Driver::College)
        );
    }

    #[test]
    fn checks_count_the_lookups_a_driver_leaves() {
        let q = SearchQuery {
            branch_id: Some(1),
            college: Some("理学院".into()),
            office: Some("council".into()),
            ..SearchQuery::default()
        };
        assert_eq!(checks(&q, None), 3);
        assert_eq!(checks(&q, Some(Driver::Branch)), 2);
        assert_eq!(checks(&q, Some(Driver::College)), 2);
        let city = SearchQuery {
            city: Some("上海".into()),
            graduation_year_to: Some(2010),
            ..SearchQuery::default()
        };
        assert_eq!(checks(&city, Some(Driver::City)), 0);
        assert_eq!(checks(&city, None), 1);
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

//! Answering a query in SQL, one of three ways with the same order (`ranking.rs`): keys first,
//! an ordered scan of the key index read only as far as the page needs, checking each member
//! against the filters through a small covering index; filter first, reading the members the
//! most selective filter lets through (at most `FILTER_COUNT_CAP`) and seeking each one's keys
//! through the (member, key) index; or the sieve, reading those members once into a set and
//! scanning the keys in order against it. `planning::choose` picks by bounded counts, so the
//! work is bounded by the page size or by the filtered set, never by the size of the register.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection, OptionalExtension};

use super::keys::EMPLOYER_GRAM_CHARS;
use super::model::{Kind, Matched, SearchHit, SearchQuery};
use super::planning::{self, Driver, DriverCount, Estimates, Strategy, Tier, FILTER_COUNT_CAP};
use super::ranking::{self, ARCHIVED_RANK};
use crate::members::privacy::mask_phone;

/// The most employers one query looks at.
const EMPLOYER_CAP: i64 = 2_000;

/// Members matching a query, best match first: the whole name, then names starting with the
/// text, then names containing it (or, for letters, full pinyin, initials, then pinyin and
/// initials from a later syllable; for digits, the last four phone digits, phone prefixes,
/// student numbers), then employers; ties by pinyin, then id (`ranking.rs`). An empty text
/// lists the members passing the filters by pinyin.
pub fn search(conn: &Connection, query: &SearchQuery) -> rusqlite::Result<Vec<SearchHit>> {
    let tiers = planning::plan(&query.text);
    let (skip, depth) = query.window();
    let strategy = strategy(conn, query, &tiers, depth)?;
    let found = find(conn, query, &tiers, depth, strategy)?;
    let mut hit = conn.prepare_cached(
        "SELECT id, name, gender, college, major, graduation_year, degree, employer, city,
                status, phone
         FROM members WHERE id = ?1",
    )?;
    let mut hits = Vec::with_capacity(found.len().saturating_sub(skip));
    for (id, matched) in found.into_iter().skip(skip) {
        let row = hit
            .query_row([id], |r| {
                Ok(SearchHit {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    gender: r.get(2)?,
                    college: r.get(3)?,
                    major: r.get(4)?,
                    graduation_year: r.get(5)?,
                    degree: r.get(6)?,
                    employer: r.get(7)?,
                    city: r.get(8)?,
                    status: r.get(9)?,
                    phone_masked: r.get::<_, Option<String>>(10)?.map(|p| mask_phone(&p)),
                    matched: matched.as_str().to_owned(),
                })
            })
            .optional()?;
        hits.extend(row);
    }
    Ok(hits)
}

/// A statement and its parameters.
#[derive(Debug, Clone)]
pub(super) struct Sql {
    pub text: String,
    pub params: Vec<Value>,
}

impl Sql {
    fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            params: Vec::new(),
        }
    }

    /// Appends a fragment with one parameter, numbered in order.
    fn push(&mut self, fragment: &str, value: Value) {
        self.params.push(value);
        self.text
            .push_str(&fragment.replace("?#", &format!("?{}", self.params.len())));
    }

    /// The one number this statement answers.
    fn count(&self, conn: &Connection) -> rusqlite::Result<i64> {
        conn.prepare_cached(&self.text)?
            .query_row(params_from_iter(self.params.iter()), |r| r.get(0))
    }
}

/// The bound after every string starting with `prefix` (no stored text holds U+10FFFF).
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Whether a query filters on the member's own columns (college, years, city, status).
fn has_member_filters(q: &SearchQuery) -> bool {
    q.college.is_some()
        || q.graduation_year_from.is_some()
        || q.graduation_year_to.is_some()
        || q.city.is_some()
        || q.status.is_some()
}

/// The join that reads a member's filter columns from `members_search_filters` (id and the
/// filter columns, a tenth of the table's size, so it stays in the page cache) for `id`.
fn join_member(id: &str) -> String {
    format!(" CROSS JOIN members m INDEXED BY members_search_filters ON m.id = {id}")
}

/// Appends the filters on the member's own columns, on the member aliased `m`.
fn push_member_filters(sql: &mut Sql, q: &SearchQuery) {
    if let Some(college) = &q.college {
        sql.push(" AND m.college = ?#", Value::Text(college.clone()));
    }
    if let Some(from) = q.graduation_year_from {
        sql.push(" AND m.graduation_year >= ?#", Value::Integer(from.into()));
    }
    if let Some(to) = q.graduation_year_to {
        sql.push(" AND m.graduation_year <= ?#", Value::Integer(to.into()));
    }
    if let Some(city) = &q.city {
        sql.push(" AND m.city = ?#", Value::Text(city.clone()));
    }
    if let Some(status) = q.status {
        sql.push(
            " AND m.status = ?#",
            Value::Text(status.as_str().to_owned()),
        );
    }
}

/// Appends the branch and office filters on the member whose id is `id`, unless `driver`
/// already applies them.
fn push_link_filters(sql: &mut Sql, q: &SearchQuery, id: &str, driver: Option<Driver>) {
    if let Some(branch) = q.branch_id.filter(|_| driver != Some(Driver::Branch)) {
        sql.push(
            &format!(
                " AND EXISTS (SELECT 1 FROM branch_memberships b
                              WHERE b.branch_id = ?# AND b.member_id = {id})"
            ),
            Value::Integer(branch),
        );
    }
    if let Some(office) = q.office.as_ref().filter(|_| driver != Some(Driver::Office)) {
        sql.push(
            &format!(
                " AND EXISTS (SELECT 1 FROM council_positions c
                              WHERE c.member_id = {id} AND c.office = ?#)"
            ),
            Value::Text(office.clone()),
        );
    }
}

/// Appends the conditions on the keys of one tier (the key table aliased `k`): the key range
/// and the ranks searched (which leave archived members out unless asked).
fn push_key_range(
    sql: &mut Sql,
    kind: Kind,
    term: &str,
    prefix: bool,
    canonical_only: bool,
    q: &SearchQuery,
) {
    let key = format!("{}{term}", kind.prefix());
    if prefix {
        sql.push(" AND k.key < ?#", Value::Text(upper_bound(&key)));
        sql.push(" AND k.key >= ?#", Value::Text(key));
    } else {
        sql.push(" AND k.key = ?#", Value::Text(key));
    }
    sql.push(
        " AND k.rank < ?#",
        Value::Integer(ranking::rank_limit(q.include_archived)),
    );
    if canonical_only {
        sql.push(" AND k.rank % ?# = 0", Value::Integer(ARCHIVED_RANK));
    }
}

/// The ordered scan of one key tier, keys first. Without filters it reads the key index alone;
/// with them, each key's member is checked as the scan goes (CROSS JOIN keeps the keys
/// outermost, so the order comes from the index and no sort is needed). Archived members are
/// left out by their keys' ranks, so only filters read the member.
pub(super) fn keys_sql(
    kind: Kind,
    term: &str,
    prefix: bool,
    canonical_only: bool,
    q: &SearchQuery,
) -> Sql {
    let mut text = String::from("SELECT k.member_id FROM member_search_keys k");
    if has_member_filters(q) {
        text.push_str(&join_member("k.member_id"));
    }
    let mut sql = Sql::new(text + " WHERE 1");
    push_key_range(&mut sql, kind, term, prefix, canonical_only, q);
    push_member_filters(&mut sql, q);
    push_link_filters(&mut sql, q, "k.member_id", None);
    sql.text
        .push_str(&format!(" ORDER BY {}", ranking::KEY_ORDER));
    sql
}

/// The members a driver lets through, as a subquery of `member_id`s.
fn push_driver_source(sql: &mut Sql, driver: Driver, q: &SearchQuery) {
    let years = |sql: &mut Sql| {
        if let Some(from) = q.graduation_year_from {
            sql.push(" AND graduation_year >= ?#", Value::Integer(from.into()));
        }
        if let Some(to) = q.graduation_year_to {
            sql.push(" AND graduation_year <= ?#", Value::Integer(to.into()));
        }
    };
    match driver {
        Driver::Branch => sql.push(
            "SELECT member_id FROM branch_memberships WHERE branch_id = ?#",
            Value::Integer(q.branch_id.unwrap_or(0)),
        ),
        Driver::Office => sql.push(
            "SELECT DISTINCT member_id FROM council_positions WHERE office = ?#",
            Value::Text(q.office.clone().unwrap_or_default()),
        ),
        Driver::College => {
            sql.push(
                "SELECT id AS member_id FROM members INDEXED BY members_college_year
                 WHERE college = ?#",
                Value::Text(q.college.clone().unwrap_or_default()),
            );
            years(sql);
        }
        Driver::City => {
            sql.push(
                "SELECT id AS member_id FROM members INDEXED BY members_city_year
                 WHERE city = ?#",
                Value::Text(q.city.clone().unwrap_or_default()),
            );
            years(sql);
        }
        Driver::Years => {
            sql.text.push_str(
                "SELECT id AS member_id FROM members INDEXED BY members_graduation_year WHERE 1",
            );
            years(sql);
        }
    }
}

/// One key tier, filter first: the driver's members, then each one's keys in the tier through
/// the (member, key) index, sorted into the ranking order (at most [`FILTER_COUNT_CAP`]
/// members' matches, so the sort is small). A listing has one key per member, so it stops at
/// `depth`.
pub(super) fn filtered_keys_sql(
    driver: Driver,
    kind: Kind,
    term: &str,
    prefix: bool,
    canonical_only: bool,
    q: &SearchQuery,
    depth: usize,
) -> Sql {
    let mut sql = Sql::new("SELECT k.member_id FROM (");
    push_driver_source(&mut sql, driver, q);
    sql.text.push_str(") d");
    let covered = driver.covers(q);
    if !covered {
        sql.text.push_str(&join_member("d.member_id"));
    }
    sql.text.push_str(
        " CROSS JOIN member_search_keys k INDEXED BY member_search_keys_member
          ON k.member_id = d.member_id WHERE 1",
    );
    push_key_range(&mut sql, kind, term, prefix, canonical_only, q);
    if !covered {
        push_member_filters(&mut sql, q);
        push_link_filters(&mut sql, q, "d.member_id", Some(driver));
    }
    sql.text
        .push_str(&format!(" ORDER BY {}", ranking::KEY_ORDER));
    if canonical_only {
        sql.push(" LIMIT ?#", Value::Integer(depth as i64));
    }
    sql
}

/// The members passing every filter of `q`, read through `driver` (whose members are checked
/// against the filters it does not apply): the sieve's set, at most [`FILTER_COUNT_CAP`]
/// members when the driver was counted below it.
pub(super) fn passing_sql(driver: Driver, q: &SearchQuery) -> Sql {
    let mut sql = Sql::new("SELECT d.member_id FROM (");
    push_driver_source(&mut sql, driver, q);
    sql.text.push_str(") d");
    if driver.covers(q) {
        return sql;
    }
    if has_member_filters(q) {
        sql.text.push_str(&join_member("d.member_id"));
    }
    sql.text.push_str(" WHERE 1");
    push_member_filters(&mut sql, q);
    push_link_filters(&mut sql, q, "d.member_id", Some(driver));
    sql
}

/// The branch's copy of a pinyin tier when `q` filters by branch: the keys of the branch's
/// members alone, in the same order, so the branch costs nothing to check. Returns the copy's
/// kind and term.
fn by_branch(tier: &Tier, q: &SearchQuery) -> Option<(Kind, String)> {
    match (tier, q.branch_id) {
        (
            Tier::Keys {
                kind: Kind::Pinyin,
                term,
                ..
            },
            Some(branch),
        ) => Some((Kind::BranchPinyin, format!("{branch}:{term}"))),
        _ => None,
    }
}

/// Members whose phone (`phone`) or student number starts with `prefix`, in that column's order.
pub(super) fn column_prefix_sql(column: &str, prefix: &str, q: &SearchQuery) -> Sql {
    let index = if column == "phone" {
        "members_phone"
    } else {
        "members_student_number"
    };
    let mut sql = Sql::new(format!(
        "SELECT m.id FROM members m INDEXED BY {index} WHERE 1"
    ));
    sql.push(
        &format!(" AND m.{column} >= ?#"),
        Value::Text(prefix.to_owned()),
    );
    sql.push(
        &format!(" AND m.{column} < ?#"),
        Value::Text(upper_bound(prefix)),
    );
    push_member_filters(&mut sql, q);
    push_link_filters(&mut sql, q, "m.id", None);
    if !q.include_archived {
        sql.text.push_str(" AND m.archived_at IS NULL");
    }
    sql.text.push_str(&format!(" ORDER BY m.{column}, m.id"));
    sql
}

/// Distinct employers with a gram starting with the first characters of `q`.
pub(super) fn employers_sql(q: &str) -> Sql {
    let gram: String = q.chars().take(EMPLOYER_GRAM_CHARS).collect();
    let mut sql = Sql::new(
        "SELECT DISTINCT e.id, e.name FROM member_search_employer_grams g
         JOIN member_search_employers e ON e.id = g.employer_id WHERE 1",
    );
    sql.push(" AND g.gram >= ?#", Value::Text(gram.clone()));
    sql.push(" AND g.gram < ?#", Value::Text(upper_bound(&gram)));
    sql.push(" LIMIT ?#", Value::Integer(EMPLOYER_CAP));
    sql
}

/// Reads tier after tier, in ranking order, until `depth` distinct members are found. Tiers of
/// keys go the way `strategy` says; the phone, student-number and employer tiers are always
/// scans of their own indexes.
fn find(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    depth: usize,
    strategy: Strategy,
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    let filtered = q;
    // The sieve's set, and the query its scans run with: the text alone, the filters being
    // met by the set.
    let (sieve, q) = match strategy {
        Strategy::Sieve(driver) => {
            let sql = passing_sql(driver, q);
            let mut stmt = conn.prepare_cached(&sql.text)?;
            let set = stmt
                .query_map(params_from_iter(sql.params.iter()), |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<HashSet<i64>>>()?;
            let bare = SearchQuery {
                text: q.text.clone(),
                include_archived: q.include_archived,
                ..SearchQuery::default()
            };
            (Some(set), std::borrow::Cow::Owned(bare))
        }
        _ => (None, std::borrow::Cow::Borrowed(q)),
    };
    let q = q.as_ref();
    let mut seen = HashSet::new();
    let mut found = Vec::with_capacity(depth);
    for tier in tiers {
        if found.len() >= depth {
            break;
        }
        let matched = tier.matched();
        let statements = match (tier, by_branch(tier, filtered)) {
            // The branch's copy, with the other filters (met by the set in a sieve).
            (
                Tier::Keys {
                    prefix,
                    canonical_only,
                    ..
                },
                Some((kind, term)),
            ) => {
                let others = SearchQuery {
                    branch_id: None,
                    ..q.clone()
                };
                vec![keys_sql(kind, &term, *prefix, *canonical_only, &others)]
            }
            (
                Tier::Keys {
                    kind,
                    term,
                    prefix,
                    canonical_only,
                    ..
                },
                None,
            ) => vec![match strategy {
                Strategy::KeysFirst | Strategy::Sieve(_) => {
                    keys_sql(*kind, term, *prefix, *canonical_only, q)
                }
                Strategy::FilterFirst(driver) => {
                    filtered_keys_sql(driver, *kind, term, *prefix, *canonical_only, q, depth)
                }
            }],
            (Tier::PhonePrefix(p), _) => vec![column_prefix_sql("phone", p, q)],
            (Tier::StudentNumberPrefix(p), _) => {
                vec![column_prefix_sql("student_number", p, q)]
            }
            (Tier::Employer(text), _) => employers(conn, text)?
                .into_iter()
                .map(|id| keys_sql(Kind::Employer, &id.to_string(), false, false, q))
                .collect(),
        };
        for sql in statements {
            if found.len() >= depth {
                break;
            }
            let mut stmt = conn.prepare_cached(&sql.text)?;
            let mut rows = stmt.query(params_from_iter(sql.params.iter()))?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                if sieve.as_ref().is_some_and(|set| !set.contains(&id)) {
                    continue;
                }
                if seen.insert(id) {
                    found.push((id, matched));
                    if found.len() >= depth {
                        break;
                    }
                }
            }
        }
    }
    Ok(found)
}

/// The employers containing `q`, in the order their members are listed.
fn employers(conn: &Connection, q: &str) -> rusqlite::Result<Vec<i64>> {
    let sql = employers_sql(q);
    let mut stmt = conn.prepare_cached(&sql.text)?;
    let mut rows = stmt.query(params_from_iter(sql.params.iter()))?;
    let mut list = Vec::new();
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let name: String = row.get(1)?;
        // Grams are cut short, so a longer query is checked against the whole name.
        if name.contains(q) {
            list.push((ranking::employer_order(&name, q), id));
        }
    }
    list.sort();
    Ok(list.into_iter().map(|(_, id)| id).collect())
}

/// How many members each of the query's drivers lets through: a branch or an office counted
/// at most [`FILTER_COUNT_CAP`] entries deep along its index; a college, city or years summed
/// from `member_filter_counts` (kept by the triggers of migration 0007).
pub(super) fn driver_counts(q: &SearchQuery) -> Vec<(Driver, Sql)> {
    Driver::candidates(q)
        .into_iter()
        .map(|driver| {
            let sql = match driver {
                Driver::Branch | Driver::Office => {
                    let mut sql = Sql::new("SELECT count(*) FROM (");
                    push_driver_source(&mut sql, driver, q);
                    sql.push(" LIMIT ?#)", Value::Integer(FILTER_COUNT_CAP));
                    sql
                }
                Driver::College | Driver::City | Driver::Years => counted_sql(driver, q),
            };
            (driver, sql)
        })
        .collect()
}

/// The members of a college, city or graduation years, from the counts by year.
fn counted_sql(driver: Driver, q: &SearchQuery) -> Sql {
    let (kind, value) = match driver {
        Driver::College => ("college", q.college.clone()),
        Driver::City => ("city", q.city.clone()),
        _ => ("year", None),
    };
    let mut sql = Sql::new("SELECT coalesce(sum(members), 0) FROM member_filter_counts WHERE 1");
    sql.push(" AND kind = ?#", Value::Text(kind.to_owned()));
    sql.push(" AND value = ?#", Value::Text(value.unwrap_or_default()));
    if q.graduation_year_from.is_some() || q.graduation_year_to.is_some() {
        // 0 stands for a year not known, which no range of years holds.
        sql.text.push_str(" AND year > 0");
    }
    if let Some(from) = q.graduation_year_from {
        sql.push(" AND year >= ?#", Value::Integer(from.into()));
    }
    if let Some(to) = q.graduation_year_to {
        sql.push(" AND year <= ?#", Value::Integer(to.into()));
    }
    sql
}

/// How many keys one tier holds for the query's ranks, counted at most `cap` deep.
pub(super) fn key_count_sql(
    kind: Kind,
    term: &str,
    prefix: bool,
    canonical_only: bool,
    q: &SearchQuery,
    cap: i64,
) -> Sql {
    let mut sql = Sql::new("SELECT count(*) FROM (SELECT 1 FROM member_search_keys k WHERE 1");
    push_key_range(&mut sql, kind, term, prefix, canonical_only, q);
    sql.push(" LIMIT ?#)", Value::Integer(cap));
    sql
}

/// What the cost model needs, each count bounded: the drivers' counts, then the plan's keys
/// counted only as far as reading the best driver first would cost.
fn estimate(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    depth: usize,
) -> rusqlite::Result<Estimates> {
    let members: i64 = conn
        .prepare_cached("SELECT coalesce(max(id), 0) FROM members")?
        .query_row([], |r| r.get(0))?;
    let mut drivers = Vec::new();
    for (driver, sql) in driver_counts(q) {
        drivers.push(DriverCount {
            driver,
            members: sql.count(conn)?,
            checks: planning::checks(q, Some(driver)),
        });
    }
    let mut estimates = Estimates {
        members,
        drivers,
        key_checks: planning::checks(q, None),
        tier_keys: Vec::new(),
        depth,
    };
    let key_tiers = tiers
        .iter()
        .filter(|t| matches!(t, Tier::Keys { .. }) && by_branch(t, q).is_none())
        .count();
    let Some(cap) = estimates.count_cap(key_tiers) else {
        return Ok(estimates);
    };
    let mut counted = 0;
    for tier in tiers {
        if by_branch(tier, q).is_some() {
            continue;
        }
        if let Tier::Keys {
            kind,
            term,
            prefix,
            canonical_only,
            ..
        } = tier
        {
            let n = if counted < cap {
                key_count_sql(*kind, term, *prefix, *canonical_only, q, cap - counted)
                    .count(conn)?
            } else {
                0
            };
            counted += n;
            estimates.tier_keys.push(n);
        }
    }
    Ok(estimates)
}

/// How a query is best answered: keys first without filters, or when a branch's copies serve
/// every tier of keys (a listing of a branch, or a pinyin search in it); otherwise as the cost
/// model says.
fn strategy(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    depth: usize,
) -> rusqlite::Result<Strategy> {
    let served = tiers
        .iter()
        .filter(|t| matches!(t, Tier::Keys { .. }))
        .all(|t| by_branch(t, q).is_some());
    if !q.has_filters() || served {
        return Ok(Strategy::KeysFirst);
    }
    Ok(planning::choose(&estimate(conn, q, tiers, depth)?))
}

/// One query answered the one way or the other, for comparing them.
#[cfg(test)]
pub(super) fn find_for_tests(
    conn: &Connection,
    q: &SearchQuery,
    strategy: Strategy,
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    find(conn, q, &planning::plan(&q.text), q.window().1, strategy)
}

/// The number one counting statement answers.
#[cfg(test)]
pub(super) fn count_for_tests(conn: &Connection, sql: &Sql) -> i64 {
    sql.count(conn).expect("count")
}

/// The strategy the cost model picks for a query.
#[cfg(test)]
pub(super) fn strategy_for_tests(conn: &Connection, q: &SearchQuery) -> rusqlite::Result<Strategy> {
    strategy(conn, q, &planning::plan(&q.text), q.window().1)
}

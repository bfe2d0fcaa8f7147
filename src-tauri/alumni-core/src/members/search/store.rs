//! Search keys in SQL: writing one member's keys, rebuilding them all, and answering a query.
//!
//! Two ways to answer a tier of keys, with the same order (`ranking.rs`): keys first, an
//! ordered scan of the key index read only as far as the page needs, checking each member
//! against the filters through a small covering index; or filter first, reading the members
//! the most selective filter lets through (at most `FILTER_COUNT_CAP`) and seeking each one's
//! keys through the (member, key) index. `planning::choose` picks by bounded counts, so the
//! work is bounded by the page size or by the filtered set, never by the size of the register.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use super::keys::{self, EMPLOYER_GRAM_CHARS};
use super::model::{Kind, Matched, SearchHit, SearchQuery};
use super::planning::{self, Driver, Estimates, Strategy, Tier, FILTER_COUNT_CAP};
use super::ranking::{self, ARCHIVED_RANK};
use crate::members::privacy::mask_phone;
use crate::members::{name_pinyin, MemberId};

/// The version of the key format; [`ensure_index`] rebuilds keys written by another one.
///
/// 2: the (member, key) index for filter-first lookups, and the stored `name_pinyin` and
/// `name_initials` rewritten with surname readings (单 shan).
pub const INDEX_VERSION: &str = "2";
/// The settings key holding the version of complete keys (absent while they are incomplete:
/// 0002_search.sql writes it only for a database without members).
const VERSION_KEY: &str = "search_index_version";

/// The most employers one query looks at.
const EMPLOYER_CAP: i64 = 2_000;

/// Rewrites one member's search keys from its row: after an insert, an update, a merge or an
/// archiving. A member that no longer exists just loses its keys. While the keys are incomplete
/// (a database from before search, or [`suspend`]ed for a bulk load) it does nothing: the
/// rebuild that has to come will write every member's keys anyway.
pub fn index(tx: &Transaction, member: MemberId) -> rusqlite::Result<()> {
    if !is_complete(tx)? {
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM member_search_keys WHERE member_id = ?1")?
        .execute([member.0])?;
    let row = tx
        .prepare_cached(
            "SELECT name, phone, employer, archived_at IS NOT NULL FROM members WHERE id = ?1",
        )?
        .query_row([member.0], |r| {
            Ok(Source {
                id: member.0,
                name: r.get(0)?,
                phone: r.get(1)?,
                employer: r.get(2)?,
                archived: r.get(3)?,
            })
        })
        .optional()?;
    match row {
        Some(source) => write_keys(tx, KEYS, &source),
        None => Ok(()),
    }
}

/// What a member's keys are made from.
struct Source {
    id: i64,
    name: String,
    phone: Option<String>,
    employer: Option<String>,
    archived: bool,
}

/// The key table, and the staging table a rebuild fills before writing it in order.
const KEYS: &str = "member_search_keys";
const STAGING: &str = "temp.member_search_staging";

fn write_keys(conn: &Connection, table: &str, m: &Source) -> rusqlite::Result<()> {
    let employer = match m.employer.as_deref().and_then(keys::normalize_employer) {
        Some(e) => Some(employer_id(conn, &e)?),
        None => None,
    };
    // `table` is one of the two constants above, never input.
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table} (key, rank, sort, member_id) VALUES (?1, ?2, ?3, ?4)"
    ))?;
    for key in keys::member_keys(&m.name, m.phone.as_deref(), employer, m.archived) {
        insert.execute(params![key.text(), key.rank, key.sort, m.id])?;
    }
    Ok(())
}

/// The id of a (normalised) employer, adding it and its grams the first time it is seen.
fn employer_id(conn: &Connection, employer: &str) -> rusqlite::Result<i64> {
    let known = conn
        .prepare_cached("SELECT id FROM member_search_employers WHERE name = ?1")?
        .query_row([employer], |r| r.get(0))
        .optional()?;
    if let Some(id) = known {
        return Ok(id);
    }
    conn.prepare_cached("INSERT INTO member_search_employers (name) VALUES (?1)")?
        .execute([employer])?;
    let id = conn.last_insert_rowid();
    let mut gram = conn.prepare_cached(
        "INSERT OR IGNORE INTO member_search_employer_grams (gram, employer_id) VALUES (?1, ?2)",
    )?;
    for g in keys::employer_grams(employer) {
        gram.execute(params![g, id])?;
    }
    Ok(id)
}

/// Builds every member's keys when they are missing or were written by another key format
/// (a database from before search, or after an upgrade), in one transaction. Returns whether
/// it rebuilt. Call it right after opening a database; it costs one settings read otherwise.
pub fn ensure_index(conn: &mut Connection) -> rusqlite::Result<bool> {
    if is_complete(conn)? {
        return Ok(false);
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // Checked again under the write lock: another process may have rebuilt meanwhile.
    if is_complete(&tx)? {
        return Ok(false);
    }
    rebuild(&tx)?;
    tx.commit()?;
    Ok(true)
}

/// Whether the keys are complete and in this build's format.
fn is_complete(conn: &Connection) -> rusqlite::Result<bool> {
    let version: Option<String> = conn
        .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([VERSION_KEY], |r| r.get(0))
        .optional()?;
    Ok(version.as_deref() == Some(INDEX_VERSION))
}

/// Marks the keys incomplete so that [`index`] skips every member until [`rebuild`]: for bulk
/// loads (the demo, a large import), where one sorted rebuild at the end is several times
/// faster than writing each member's keys at random places in the index as it comes. Search
/// misses the members added meanwhile, so call both in the same transaction.
pub fn suspend(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM settings WHERE key = ?1", [VERSION_KEY])?;
    Ok(())
}

/// Drops and rewrites every member's keys in the caller's transaction and marks them complete.
/// The keys are staged, then written in index order, and the member index is made afresh
/// afterwards, so the cost is a sort rather than millions of random B-tree writes.
pub fn rebuild(tx: &Transaction) -> rusqlite::Result<()> {
    // A bigger page cache while it runs: the member rows are read in key order for the
    // foreign-key checks. Restored afterwards.
    let cache: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    tx.pragma_update(None, "cache_size", -131_072)?;
    let result = rewrite_all(tx);
    tx.pragma_update(None, "cache_size", cache)?;
    result?;
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![VERSION_KEY, INDEX_VERSION],
    )?;
    Ok(())
}

fn rewrite_all(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DROP INDEX IF EXISTS member_search_keys_member;
         DELETE FROM member_search_keys;
         DELETE FROM member_search_employer_grams;
         DELETE FROM member_search_employers;
         DROP TABLE IF EXISTS temp.member_search_staging;
         CREATE TEMP TABLE member_search_staging (
             key TEXT NOT NULL, rank INTEGER NOT NULL, sort TEXT NOT NULL,
             member_id INTEGER NOT NULL);",
    )?;
    let mut members = tx.prepare(
        "SELECT id, name, phone, employer, archived_at IS NOT NULL, name_pinyin, name_initials
         FROM members ORDER BY id",
    )?;
    let mut rows = members.query([])?;
    // Members whose stored pinyin was written by an older rule (单 as dan), mended after the
    // scan rather than under it.
    let mut stale_pinyin: Vec<(i64, String, String)> = Vec::new();
    while let Some(row) = rows.next()? {
        let source = Source {
            id: row.get(0)?,
            name: row.get(1)?,
            phone: row.get(2)?,
            employer: row.get(3)?,
            archived: row.get(4)?,
        };
        let stored: (String, String) = (row.get(5)?, row.get(6)?);
        let pinyin = name_pinyin(&source.name);
        if pinyin != stored {
            stale_pinyin.push((source.id, pinyin.0, pinyin.1));
        }
        write_keys(tx, STAGING, &source)?;
    }
    drop(rows);
    let mut mend =
        tx.prepare("UPDATE members SET name_pinyin = ?2, name_initials = ?3 WHERE id = ?1")?;
    for (id, pinyin, initials) in stale_pinyin {
        mend.execute(params![id, pinyin, initials])?;
    }
    // Same definition as in 0002_search.sql.
    tx.execute_batch(
        "INSERT OR IGNORE INTO member_search_keys (key, rank, sort, member_id)
             SELECT key, rank, sort, member_id FROM temp.member_search_staging
             ORDER BY key, rank, sort, member_id;
         DROP TABLE temp.member_search_staging;
         CREATE INDEX member_search_keys_member ON member_search_keys (member_id, key);",
    )
}

/// Members matching a query, best match first: the whole name, then names starting with the
/// text, then names containing it (or, for letters, full pinyin, initials, then pinyin and
/// initials from a later syllable; for digits, the last four phone digits, phone prefixes,
/// student numbers), then employers; ties by pinyin, then id (`ranking.rs`). An empty text
/// lists the members passing the filters by pinyin.
pub fn search(conn: &Connection, query: &SearchQuery) -> rusqlite::Result<Vec<SearchHit>> {
    let tiers = planning::plan(&query.text);
    let (skip, depth) = query.window();
    let strategy = if query.has_filters() {
        planning::choose(&estimate(conn, query, &tiers, depth)?)
    } else {
        Strategy::KeysFirst
    };
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
    let mut seen = HashSet::new();
    let mut found = Vec::with_capacity(depth);
    for tier in tiers {
        if found.len() >= depth {
            break;
        }
        let matched = tier.matched();
        let statements = match tier {
            Tier::Keys {
                kind,
                term,
                prefix,
                canonical_only,
                ..
            } => vec![match strategy {
                Strategy::KeysFirst => keys_sql(*kind, term, *prefix, *canonical_only, q),
                Strategy::FilterFirst(driver) => {
                    filtered_keys_sql(driver, *kind, term, *prefix, *canonical_only, q, depth)
                }
            }],
            Tier::PhonePrefix(p) => vec![column_prefix_sql("phone", p, q)],
            Tier::StudentNumberPrefix(p) => vec![column_prefix_sql("student_number", p, q)],
            Tier::Employer(text) => employers(conn, text)?
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

/// How many members each of the query's drivers lets through, each counted at most
/// [`FILTER_COUNT_CAP`] entries deep along its index.
pub(super) fn driver_counts(q: &SearchQuery) -> Vec<(Driver, Sql)> {
    Driver::candidates(q)
        .into_iter()
        .map(|driver| {
            let mut sql = Sql::new("SELECT count(*) FROM (");
            push_driver_source(&mut sql, driver, q);
            sql.push(" LIMIT ?#)", Value::Integer(FILTER_COUNT_CAP));
            (driver, sql)
        })
        .collect()
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
        drivers.push((driver, sql.count(conn)?));
    }
    let mut estimates = Estimates {
        members,
        drivers,
        tier_keys: Vec::new(),
        depth,
    };
    let key_tiers = tiers
        .iter()
        .filter(|t| matches!(t, Tier::Keys { .. }))
        .count();
    let Some(cap) = estimates.count_cap(key_tiers) else {
        return Ok(estimates);
    };
    let mut counted = 0;
    for tier in tiers {
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

/// One query answered the one way or the other, for comparing them.
#[cfg(test)]
pub(super) fn find_for_tests(
    conn: &Connection,
    q: &SearchQuery,
    strategy: Strategy,
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    find(conn, q, &planning::plan(&q.text), q.window().1, strategy)
}

/// The strategy the cost model picks for a query.
#[cfg(test)]
pub(super) fn strategy_for_tests(conn: &Connection, q: &SearchQuery) -> rusqlite::Result<Strategy> {
    let tiers = planning::plan(&q.text);
    Ok(planning::choose(&estimate(conn, q, &tiers, q.window().1)?))
}

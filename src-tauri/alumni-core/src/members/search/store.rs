//! Search keys in SQL: writing one member's keys, rebuilding them all, and answering a query.
//!
//! Two ways to answer, with the same order: without filters, or with filters that many members
//! pass, each tier of the plan is one ordered scan of an index, read only as far as the page
//! needs; when a filter is selective (a branch, an office, a small college year…), the few
//! members passing it are read and matched in memory. Either way the work is bounded by the page
//! size or by the filtered set, never by the size of the register.

use std::collections::HashSet;

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Transaction};

use super::model::{
    self, Candidate, Kind, Matched, SearchHit, SearchQuery, Tier, ARCHIVED_RANK,
    EMPLOYER_GRAM_CHARS,
};
use crate::members::privacy::mask_phone;
use crate::members::MemberId;

/// The version of the key format; [`ensure_index`] rebuilds keys written by another one.
pub const INDEX_VERSION: &str = "1";
/// The settings key holding the version of complete keys (absent while they are incomplete:
/// 0002_search.sql writes it only for a database without members).
const VERSION_KEY: &str = "search_index_version";

/// With filters, a filtered set at most this large is matched in memory rather than scanning
/// the keys and checking each against the filters.
const IN_MEMORY_MAX: i64 = 2_000;
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
    let employer = match m.employer.as_deref().and_then(model::normalize_employer) {
        Some(e) => Some(employer_id(conn, &e)?),
        None => None,
    };
    // `table` is one of the two constants above, never input.
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table} (key, rank, sort, member_id) VALUES (?1, ?2, ?3, ?4)"
    ))?;
    for key in model::member_keys(&m.name, m.phone.as_deref(), employer, m.archived) {
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
    for g in model::employer_grams(employer) {
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
        "SELECT id, name, phone, employer, archived_at IS NOT NULL FROM members ORDER BY id",
    )?;
    let mut rows = members.query([])?;
    while let Some(row) = rows.next()? {
        let source = Source {
            id: row.get(0)?,
            name: row.get(1)?,
            phone: row.get(2)?,
            employer: row.get(3)?,
            archived: row.get(4)?,
        };
        write_keys(tx, STAGING, &source)?;
    }
    // Same definition as in 0002_search.sql.
    tx.execute_batch(
        "INSERT OR IGNORE INTO member_search_keys (key, rank, sort, member_id)
             SELECT key, rank, sort, member_id FROM temp.member_search_staging
             ORDER BY key, rank, sort, member_id;
         DROP TABLE temp.member_search_staging;
         CREATE INDEX member_search_keys_member ON member_search_keys (member_id);",
    )
}

/// Members matching a query, best match first: the whole name, then names starting with the
/// text, then names containing it (or, for letters, full pinyin, initials, then pinyin and
/// initials from a later syllable; for digits, the last four phone digits, phone prefixes,
/// student numbers), then employers; ties by pinyin, then id. An empty text lists the members
/// passing the filters by pinyin.
pub fn search(conn: &Connection, query: &SearchQuery) -> rusqlite::Result<Vec<SearchHit>> {
    let tiers = model::plan(&query.text);
    let (skip, depth) = query.window();
    let found = match in_memory_driver(conn, query)? {
        Some(driver) => match_in_memory(conn, query, &tiers, &driver, depth)?,
        None => scan(conn, query, &tiers, depth)?,
    };
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
}

/// The bound after every string starting with `prefix` (no stored text holds U+10FFFF).
fn upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// Appends the query's filters on the member aliased `m`, and leaves out archived members
/// unless asked.
fn push_filters(sql: &mut Sql, q: &SearchQuery) {
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
    if let Some(branch) = q.branch_id {
        sql.push(
            " AND EXISTS (SELECT 1 FROM branch_memberships b
                          WHERE b.branch_id = ?# AND b.member_id = m.id)",
            Value::Integer(branch),
        );
    }
    if let Some(office) = &q.office {
        sql.push(
            " AND EXISTS (SELECT 1 FROM council_positions c
                          WHERE c.member_id = m.id AND c.office = ?#)",
            Value::Text(office.clone()),
        );
    }
    if !q.include_archived {
        sql.text.push_str(" AND m.archived_at IS NULL");
    }
}

/// The ordered scan of one key tier. Without filters it reads the key index alone; with them,
/// each key's member row is checked as the scan goes (CROSS JOIN keeps the keys outermost, so
/// the order comes from the index and no sort is needed).
pub(super) fn keys_sql(
    kind: Kind,
    term: &str,
    prefix: bool,
    canonical_only: bool,
    q: &SearchQuery,
) -> Sql {
    let filtered = q.has_filters();
    let mut sql = Sql::new(if filtered {
        "SELECT k.member_id FROM member_search_keys k
         CROSS JOIN members m ON m.id = k.member_id WHERE 1"
    } else {
        "SELECT k.member_id FROM member_search_keys k WHERE 1"
    });
    let key = format!("{}{term}", kind.prefix());
    if prefix {
        sql.push(" AND k.key < ?#", Value::Text(upper_bound(&key)));
        sql.push(" AND k.key >= ?#", Value::Text(key));
    } else {
        sql.push(" AND k.key = ?#", Value::Text(key));
    }
    let rank_limit = if q.include_archived {
        2 * ARCHIVED_RANK
    } else {
        ARCHIVED_RANK
    };
    sql.push(" AND k.rank < ?#", Value::Integer(rank_limit));
    if canonical_only {
        sql.push(" AND k.rank % ?# = 0", Value::Integer(ARCHIVED_RANK));
    }
    if filtered {
        push_filters(&mut sql, q);
    }
    sql.text
        .push_str(" ORDER BY k.key, k.rank, k.sort, k.member_id");
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
    push_filters(&mut sql, q);
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

/// Reads tier after tier, in index order, until `depth` distinct members are found.
fn scan(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    depth: usize,
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
            } => vec![keys_sql(*kind, term, *prefix, *canonical_only, q)],
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
            list.push((model::employer_order(&name, q), id));
        }
    }
    list.sort();
    Ok(list.into_iter().map(|(_, id)| id).collect())
}

/// The filter that can drive a search on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Driver {
    Branch,
    Office,
    College,
    City,
    Years,
}

/// The filters this query could be driven by, with a bounded count of the members each lets
/// through: each is one index range read at most `IN_MEMORY_MAX + 1` entries deep.
pub(super) fn driver_counts(q: &SearchQuery) -> Vec<(Driver, Sql)> {
    let bound = Value::Integer(IN_MEMORY_MAX + 1);
    let mut out = Vec::new();
    if let Some(branch) = q.branch_id {
        let mut sql = Sql::new("SELECT count(*) FROM (SELECT 1 FROM branch_memberships WHERE 1");
        sql.push(" AND branch_id = ?#", Value::Integer(branch));
        sql.push(" LIMIT ?#)", bound.clone());
        out.push((Driver::Branch, sql));
    }
    if let Some(office) = &q.office {
        let mut sql = Sql::new(
            "SELECT count(*) FROM (SELECT DISTINCT member_id FROM council_positions WHERE 1",
        );
        sql.push(" AND office = ?#", Value::Text(office.clone()));
        sql.push(" LIMIT ?#)", bound.clone());
        out.push((Driver::Office, sql));
    }
    let years = |sql: &mut Sql| {
        if let Some(from) = q.graduation_year_from {
            sql.push(" AND graduation_year >= ?#", Value::Integer(from.into()));
        }
        if let Some(to) = q.graduation_year_to {
            sql.push(" AND graduation_year <= ?#", Value::Integer(to.into()));
        }
    };
    if let Some(college) = &q.college {
        let mut sql = Sql::new(
            "SELECT count(*) FROM (SELECT 1 FROM members INDEXED BY members_college_year WHERE 1",
        );
        sql.push(" AND college = ?#", Value::Text(college.clone()));
        years(&mut sql);
        sql.push(" LIMIT ?#)", bound.clone());
        out.push((Driver::College, sql));
    }
    if let Some(city) = &q.city {
        let mut sql =
            Sql::new("SELECT count(*) FROM (SELECT 1 FROM members INDEXED BY members_city WHERE 1");
        sql.push(" AND city = ?#", Value::Text(city.clone()));
        sql.push(" LIMIT ?#)", bound.clone());
        out.push((Driver::City, sql));
    }
    if q.college.is_none() && (q.graduation_year_from.is_some() || q.graduation_year_to.is_some()) {
        let mut sql = Sql::new(
            "SELECT count(*) FROM (SELECT 1 FROM members INDEXED BY members_graduation_year WHERE 1",
        );
        years(&mut sql);
        sql.push(" LIMIT ?#)", bound);
        out.push((Driver::Years, sql));
    }
    out
}

/// The most selective filter, if it lets few enough members through to match them in memory.
fn in_memory_driver(conn: &Connection, q: &SearchQuery) -> rusqlite::Result<Option<Driver>> {
    let mut best: Option<(i64, Driver)> = None;
    for (driver, sql) in driver_counts(q) {
        let count: i64 = conn
            .prepare_cached(&sql.text)?
            .query_row(params_from_iter(sql.params.iter()), |r| r.get(0))?;
        if best.is_none_or(|(c, _)| count < c) {
            best = Some((count, driver));
        }
    }
    Ok(best
        .filter(|(count, _)| *count <= IN_MEMORY_MAX)
        .map(|(_, d)| d))
}

/// The members passing every filter, read through the driving filter's index.
pub(super) fn candidates_sql(driver: Driver, q: &SearchQuery) -> Sql {
    let columns = "m.id, m.name, m.phone, m.student_number, m.employer, m.archived_at IS NOT NULL";
    let mut sql = match driver {
        Driver::Branch => {
            let mut sql = Sql::new(format!(
                "SELECT {columns} FROM branch_memberships d
                 CROSS JOIN members m ON m.id = d.member_id WHERE 1"
            ));
            sql.push(
                " AND d.branch_id = ?#",
                Value::Integer(q.branch_id.unwrap_or(0)),
            );
            sql
        }
        Driver::Office => {
            let mut sql = Sql::new(format!(
                "SELECT {columns} FROM (SELECT DISTINCT member_id FROM council_positions WHERE 1"
            ));
            sql.push(
                " AND office = ?#",
                Value::Text(q.office.clone().unwrap_or_default()),
            );
            sql.text
                .push_str(") d CROSS JOIN members m ON m.id = d.member_id WHERE 1");
            sql
        }
        Driver::College => Sql::new(format!(
            "SELECT {columns} FROM members m INDEXED BY members_college_year WHERE 1"
        )),
        Driver::City => Sql::new(format!(
            "SELECT {columns} FROM members m INDEXED BY members_city WHERE 1"
        )),
        Driver::Years => Sql::new(format!(
            "SELECT {columns} FROM members m INDEXED BY members_graduation_year WHERE 1"
        )),
    };
    push_filters(&mut sql, q);
    sql
}

/// Reads the few members passing the filters and orders them as the scan would.
fn match_in_memory(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    driver: &Driver,
    depth: usize,
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    let sql = candidates_sql(*driver, q);
    let mut stmt = conn.prepare_cached(&sql.text)?;
    let candidates = stmt.query_map(params_from_iter(sql.params.iter()), |r| {
        Ok(Candidate {
            id: r.get(0)?,
            name: r.get(1)?,
            phone: r.get(2)?,
            student_number: r.get(3)?,
            employer: r.get(4)?,
            archived: r.get(5)?,
        })
    })?;
    let mut placed = Vec::new();
    for candidate in candidates {
        if let Some(found) = model::place(tiers, &candidate?) {
            placed.push(found);
        }
    }
    placed.sort_by(|a, b| a.0.cmp(&b.0));
    placed.truncate(depth);
    Ok(placed.into_iter().map(|(p, m)| (p.4, m)).collect())
}

/// The index scan alone, for comparing the two paths.
#[cfg(test)]
pub(super) fn scan_for_tests(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    scan(conn, q, tiers, q.window().1)
}

/// The in-memory match alone, for comparing the two paths.
#[cfg(test)]
pub(super) fn match_in_memory_for_tests(
    conn: &Connection,
    q: &SearchQuery,
    tiers: &[Tier],
    driver: Driver,
) -> rusqlite::Result<Vec<(i64, Matched)>> {
    match_in_memory(conn, q, tiers, &driver, q.window().1)
}

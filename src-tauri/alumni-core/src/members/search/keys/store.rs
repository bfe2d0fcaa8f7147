//! Writing what search keeps beside the records, in SQL: one member's keys after each write,
//! and every member's keys in one sorted rebuild (a database from before search, a new key
//! format, a bulk load); and the filter counts its cost model reads (migration 0007).
//!
//! Invariant: while the `search_index_version` setting equals [`INDEX_VERSION`], every member
//! has exactly the keys its row gives; while it is absent, [`index`] does nothing and a
//! [`rebuild`] has to come.

use std::sync::OnceLock;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{employer_grams, member_keys, normalize_employer};
use crate::members::{name_pinyin, MemberId};

/// The version of the key format; [`ensure_index`] rebuilds keys written by another one.
///
/// 2: the (member, key) index for filter-first lookups, and the stored `name_pinyin` and
/// `name_initials` rewritten with surname readings (单 shan).
/// 3: each member's pinyin keys copied per branch (`b:<branch id>:<pinyin>`, migration 0006).
pub const INDEX_VERSION: &str = "3";

/// The copies of pinyin keys, one per branch membership, read from the key table `{table}`
/// (the live one or the staging one): the same definition as the triggers of
/// 0006_branch_search_keys.sql.
const BRANCH_COPIES: &str = "
    SELECT 'b:' || b.branch_id || ':' || substr(k.key, 3), k.rank, k.sort, k.member_id
    FROM branch_memberships b
    JOIN {table} k ON k.member_id = b.member_id AND k.key >= 'p:' AND k.key < 'p;'";
/// The settings key holding the version of complete keys (absent while they are incomplete:
/// 0002_search.sql writes it only for a database without members).
const VERSION_KEY: &str = "search_index_version";

/// Rewrites one member's search keys from its row: after an insert, an update, a merge or an
/// archiving. A member that no longer exists just loses its keys. While the keys are incomplete
/// (a database from before search, or [`suspend`]ed for a bulk load) it does nothing: the
/// rebuild that has to come will write every member's keys anyway.
pub fn index(tx: &Transaction, member: MemberId) -> rusqlite::Result<()> {
    write_member(tx, member, Written::Edited)
}

/// Writes the keys of a member just inserted: as [`index`], without the work a member on record
/// needs (old keys to drop, branch memberships to copy keys for — it has neither yet), which
/// an import of 100,000 rows would pay 100,000 times.
pub fn index_new(tx: &Transaction, member: MemberId) -> rusqlite::Result<()> {
    write_member(tx, member, Written::New)
}

/// Rewrites the keys of a member whose name did not change (an import filling empty fields):
/// its branch copies of the pinyin keys stay as they are.
pub fn index_same_name(tx: &Transaction, member: MemberId) -> rusqlite::Result<()> {
    write_member(tx, member, Written::SameName)
}

/// What happened to the member whose keys are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Written {
    New,
    SameName,
    Edited,
}

fn write_member(tx: &Transaction, member: MemberId, written: Written) -> rusqlite::Result<()> {
    if !is_complete(tx)? {
        return Ok(());
    }
    match written {
        Written::New => {}
        Written::SameName => {
            tx.prepare_cached(
                "DELETE FROM member_search_keys
                 WHERE member_id = ?1 AND NOT (key >= 'b:' AND key < 'b;')",
            )?
            .execute([member.0])?;
        }
        Written::Edited => {
            tx.prepare_cached("DELETE FROM member_search_keys WHERE member_id = ?1")?
                .execute([member.0])?;
        }
    }
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
    let Some(source) = row else {
        return Ok(());
    };
    write_keys(tx, KEYS, &source)?;
    if written == Written::Edited {
        static COPY: OnceLock<String> = OnceLock::new();
        let copy = COPY.get_or_init(|| {
            format!(
                "INSERT OR IGNORE INTO {KEYS} (key, rank, sort, member_id) {} \
                 WHERE b.member_id = ?1",
                BRANCH_COPIES.replace("{table}", KEYS)
            )
        });
        tx.prepare_cached(copy)?.execute([member.0])?;
    }
    Ok(())
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
    let employer = match m.employer.as_deref().and_then(normalize_employer) {
        Some(e) => Some(employer_id(conn, &e)?),
        None => None,
    };
    // `table` is one of the two constants above, never input.
    let mut insert = conn.prepare_cached(&format!(
        "INSERT OR IGNORE INTO {table} (key, rank, sort, member_id) VALUES (?1, ?2, ?3, ?4)"
    ))?;
    for key in member_keys(&m.name, m.phone.as_deref(), employer, m.archived) {
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
    for g in employer_grams(employer) {
        gram.execute(params![g, id])?;
    }
    Ok(id)
}

/// Builds every member's keys when they are missing or were written by another key format
/// (a database from before search, or after an upgrade), in one transaction. Returns whether
/// it rebuilt. Call it right after opening a database; it costs one settings read otherwise.
pub fn ensure_index(conn: &mut Connection) -> rusqlite::Result<bool> {
    if is_complete(conn)? {
        if !counts_add_up(conn)? {
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            refresh_filter_counts(&tx)?;
            tx.commit()?;
        }
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
    // The member rows are read in key order for the foreign-key checks: at least 128 MiB of
    // page cache while it runs (`storage` sets 256 MiB; a connection set lower is raised),
    // restored afterwards.
    let cache: i64 = tx.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    let wanted = -131_072;
    let raise = cache > wanted && cache < 0 || cache > 0;
    if raise {
        tx.pragma_update(None, "cache_size", wanted)?;
    }
    let result = rewrite_all(tx);
    if raise {
        tx.pragma_update(None, "cache_size", cache)?;
    }
    result?;
    refresh_filter_counts(tx)?;
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
    tx.execute_batch(&format!(
        "INSERT INTO {STAGING} (key, rank, sort, member_id) {}",
        BRANCH_COPIES.replace("{table}", STAGING)
    ))?;
    // Same definition as in 0002_search.sql.
    tx.execute_batch(
        "INSERT OR IGNORE INTO member_search_keys (key, rank, sort, member_id)
             SELECT key, rank, sort, member_id FROM temp.member_search_staging
             ORDER BY key, rank, sort, member_id;
         DROP TABLE temp.member_search_staging;
         CREATE INDEX member_search_keys_member ON member_search_keys (member_id, key);",
    )
}

/// What a member weighs in the filter counts: college, city, graduation year.
pub type CountedFields<'a> = (Option<&'a str>, Option<&'a str>, Option<i32>);

/// Recounts members by college, city and graduation year, in the caller's transaction: after a
/// bulk change (an import, a rebuild) rather than row by row. One grouped scan of `members`.
pub fn refresh_filter_counts(tx: &Transaction) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DELETE FROM member_filter_counts;
         INSERT INTO member_filter_counts (kind, value, year, members)
             SELECT 'college', college, coalesce(graduation_year, 0), count(*)
             FROM members WHERE college IS NOT NULL GROUP BY 2, 3
             UNION ALL
             SELECT 'city', city, coalesce(graduation_year, 0), count(*)
             FROM members WHERE city IS NOT NULL GROUP BY 2, 3
             UNION ALL
             SELECT 'year', '', coalesce(graduation_year, 0), count(*)
             FROM members GROUP BY 3;",
    )
}

/// Moves one member's weight in the filter counts from `before` to `after` (`None`: the member
/// is new, or gone): for a record created or edited by hand.
pub fn count_change(
    tx: &Transaction,
    before: Option<CountedFields>,
    after: Option<CountedFields>,
) -> rusqlite::Result<()> {
    if before == after {
        return Ok(());
    }
    let mut add = tx.prepare_cached(
        "INSERT INTO member_filter_counts (kind, value, year, members) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, value, year) DO UPDATE SET members = members + excluded.members",
    )?;
    for (fields, delta) in [(before, -1), (after, 1)] {
        let Some((college, city, year)) = fields else {
            continue;
        };
        let year = year.unwrap_or(0);
        if let Some(college) = college {
            add.execute(params!["college", college, year, delta])?;
        }
        if let Some(city) = city {
            add.execute(params!["city", city, year, delta])?;
        }
        add.execute(params!["year", "", year, delta])?;
    }
    Ok(())
}

/// Whether the counts hold every member once (a cheap check at open: a register changed by an
/// older version, or by hand, is recounted).
fn counts_add_up(conn: &Connection) -> rusqlite::Result<bool> {
    let (counted, members): (i64, i64) = conn.query_row(
        "SELECT (SELECT coalesce(sum(members), 0) FROM member_filter_counts WHERE kind = 'year'),
                (SELECT count(*) FROM members)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(counted == members)
}

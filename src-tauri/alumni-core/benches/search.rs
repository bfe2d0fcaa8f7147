//! Member search latency on the demo register at 20,000 and 300,000 members.
//!
//! Builds each database with `demo::populate` in a temporary file (as the app would), then runs
//! a fixed, seeded mix of queries drawn from the database — surname characters, two- and
//! three-character names, full pinyin, pinyin prefixes, initials, the last four phone digits —
//! and prints median and p99 latency per kind and for the whole mix, plus a few informative
//! extras (given-name characters, employers, student numbers, filtered searches and listings).
//! Run it in release: `cargo bench -p alumni-core --bench search`. The target is p99 under
//! 5 ms for every kind at 300,000 members, filters and listings included. Setup time, the
//! rebuild of every key (what `ensure_index` does for a database from before search) and the
//! sizes are printed too.
//!
//! `SEARCH_BENCH_MEMBERS=300000` runs one size only; `SEARCH_BENCH_CACHE_KIB=16384` sets
//! `PRAGMA cache_size` to that many KiB instead of what `storage::open` sets (for measuring it).
//! `SEARCH_BENCH_MMAP_MIB=512` sets `PRAGMA mmap_size` to that many MiB.
//! `SEARCH_BENCH_KEEP=folder` keeps the databases there for the next run, and
//! `SEARCH_BENCH_SLOW=ms` prints each query that took at least that long.

use std::path::Path;
use std::time::{Duration, Instant};

use alumni_core::demo::{self, DemoOptions};
use alumni_core::members::search::{self, SearchQuery};
use alumni_core::{staff, storage};
use chrono::NaiveDate;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rusqlite::Connection;

/// Queries per kind in the main mix (7 kinds: 1,750 queries).
const PER_KIND: usize = 250;
/// Queries per informative extra kind.
const PER_EXTRA: usize = 100;
/// The kinds that make up the mix the target is about.
const MIX: &[&str] = &[
    "surname (1 char)",
    "name (2 chars)",
    "name (3 chars)",
    "full pinyin",
    "pinyin prefix",
    "initials",
    "phone last 4",
];

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Fallible<()> {
    println!("Member search benchmark (release build, seeded demo data, limit 50 per query)\n");
    let sizes: Vec<u32> = match std::env::var("SEARCH_BENCH_MEMBERS") {
        Ok(list) => list
            .split(',')
            .map(|n| n.trim().parse())
            .collect::<Result<_, _>>()?,
        Err(_) => vec![20_000, 300_000],
    };
    for members in sizes {
        run(members)?;
    }
    Ok(())
}

fn run(members: u32) -> Fallible<()> {
    let dir = tempfile::tempdir()?;
    // SEARCH_BENCH_KEEP=folder keeps each size's database there and reuses it on the next run
    // (for trying one change after another without building 300,000 members each time).
    let kept = std::env::var_os("SEARCH_BENCH_KEEP").map(std::path::PathBuf::from);
    let path = match &kept {
        Some(folder) => folder.join(format!("search-bench-{members}.sqlite3")),
        None => dir.path().join("bench.sqlite3"),
    };
    let reuse = kept.is_some() && path.exists();

    let started = Instant::now();
    let mut opened = storage::open(&path)?;
    if !reuse {
        let actor = staff::default_actor(&opened.conn, None)?.id;
        let tx = opened.conn.transaction()?;
        demo::populate(
            &tx,
            actor,
            &DemoOptions {
                members,
                seed: 2024,
                meeting_date: NaiveDate::from_ymd_opt(2026, 12, 19).ok_or("date")?,
            },
        )?;
        tx.commit()?;
    }
    let setup = started.elapsed();
    let mut conn = opened.conn;
    if let Ok(kib) = std::env::var("SEARCH_BENCH_CACHE_KIB") {
        conn.pragma_update(None, "cache_size", -kib.parse::<i64>()?)?;
    }
    if let Ok(mib) = std::env::var("SEARCH_BENCH_MMAP_MIB") {
        conn.pragma_update(None, "mmap_size", mib.parse::<i64>()? << 20)?;
    }
    let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    // The shell calls this after every open; on a database built by this version it is a no-op.
    let rebuilt_at_open = search::ensure_index(&mut conn)?;

    // A full rebuild, as for a database from before search (skipped for a kept database).
    let started = Instant::now();
    if !reuse {
        conn.execute(
            "DELETE FROM settings WHERE key = 'search_index_version'",
            [],
        )?;
        search::ensure_index(&mut conn)?;
    }
    let rebuild = started.elapsed();
    conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")?;

    let keys: i64 = conn.query_row("SELECT count(*) FROM member_search_keys", [], |r| r.get(0))?;
    println!("== {members} members (cache_size {cache}) ==");
    println!(
        "setup (demo::populate incl. search keys): {:.1} s; ensure_index at open: {}; \
         full key rebuild: {:.1} s",
        setup.as_secs_f64(),
        if rebuilt_at_open { "rebuilt" } else { "no-op" },
        rebuild.as_secs_f64()
    );
    println!(
        "database {:.1} MB, of which search keys {:.1} MB ({keys} keys, {:.1} per member) \
         and the member indexes for filters {:.1} MB",
        mb(file_size(&path)),
        mb(table_bytes(
            &conn,
            "name IN ('member_search_keys', 'member_search_keys_member',
                      'member_search_employers', 'member_search_employer_grams')
             OR name LIKE 'sqlite_autoindex_member_search%'"
        )?),
        keys as f64 / f64::from(members),
        mb(table_bytes(
            &conn,
            "name IN ('members_city', 'members_city_year', 'members_graduation_year',
                      'members_search_filters')"
        )?),
    );

    let queries = query_mix(&conn, members)?;
    // One pass to warm the page cache, as a session that has been searching would be.
    for (_, q) in &queries {
        search::search(&conn, q)?;
    }
    // SEARCH_BENCH_SLOW=ms prints every query that took at least that long.
    let slow: Option<f64> = std::env::var("SEARCH_BENCH_SLOW")
        .ok()
        .and_then(|v| v.parse().ok());
    let mut timings: Vec<(&'static str, Duration)> = Vec::with_capacity(queries.len());
    let mut hits = 0usize;
    for (kind, q) in &queries {
        let started = Instant::now();
        let found = search::search(&conn, q)?;
        let took = started.elapsed();
        if slow.is_some_and(|ms| took.as_secs_f64() * 1000.0 >= ms) {
            println!(
                "slow: {kind}: {:.2} ms, {} hits: {q:?}",
                took.as_secs_f64() * 1000.0,
                found.len()
            );
        }
        timings.push((kind, took));
        hits += found.len();
    }

    println!("{} queries, {} hits returned\n", queries.len(), hits);
    println!(
        "| {:<32} | {:>5} | {:>11} | {:>8} | {:>8} |",
        "kind", "n", "median (ms)", "p99 (ms)", "max (ms)"
    );
    println!(
        "|{:-<34}|{:->7}|{:->13}|{:->10}|{:->10}|",
        "", "", "", "", ""
    );
    let mut kinds: Vec<&str> = Vec::new();
    for (kind, _) in &timings {
        if !kinds.contains(kind) {
            kinds.push(kind);
        }
    }
    for kind in &kinds {
        let times: Vec<Duration> = timings
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, t)| *t)
            .collect();
        row(kind, times);
    }
    let mix: Vec<Duration> = timings
        .iter()
        .filter(|(k, _)| MIX.contains(k))
        .map(|(_, t)| *t)
        .collect();
    row("MIX (the kinds above the line)", mix);
    let all: Vec<Duration> = timings.iter().map(|(_, t)| *t).collect();
    row("everything", all);
    println!();
    Ok(())
}

fn row(kind: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |p: f64| {
        let index = ((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1;
        ms(times[index])
    };
    println!(
        "| {:<32} | {:>5} | {:>11.3} | {:>8.3} | {:>8.3} |",
        kind,
        times.len(),
        at(0.5),
        at(0.99),
        times.last().copied().map(ms).unwrap_or(0.0)
    );
}

/// A member drawn at random, as the queries need it.
struct Drawn {
    name: String,
    pinyin: String,
    initials: String,
    phone: Option<String>,
    student_number: Option<String>,
    employer: Option<String>,
    college: Option<String>,
    city: Option<String>,
}

fn draw(conn: &Connection, rng: &mut ChaCha8Rng, members: u32) -> Fallible<Drawn> {
    let id = rng.random_range(1..=i64::from(members));
    Ok(conn.query_row(
        "SELECT name, name_pinyin, name_initials, phone, student_number, employer, college, city
         FROM members WHERE id = ?1",
        [id],
        |r| {
            Ok(Drawn {
                name: r.get(0)?,
                pinyin: r.get(1)?,
                initials: r.get(2)?,
                phone: r.get(3)?,
                student_number: r.get(4)?,
                employer: r.get(5)?,
                college: r.get(6)?,
                city: r.get(7)?,
            })
        },
    )?)
}

/// Draws until `pick` accepts a member, so every kind gets its full count.
fn draw_until(
    conn: &Connection,
    rng: &mut ChaCha8Rng,
    members: u32,
    pick: impl Fn(&Drawn, &mut ChaCha8Rng) -> Option<String>,
) -> Fallible<String> {
    loop {
        let m = draw(conn, rng, members)?;
        if let Some(text) = pick(&m, rng) {
            return Ok(text);
        }
    }
}

/// The seeded query mix, in a shuffled order so kinds do not run in blocks.
fn query_mix(conn: &Connection, members: u32) -> Fallible<Vec<(&'static str, SearchQuery)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(2024);
    let mut out: Vec<(&'static str, SearchQuery)> = Vec::new();
    type Pick = fn(&Drawn, &mut ChaCha8Rng) -> Option<String>;
    let kinds: [(&'static str, Pick); 7] = [
        ("surname (1 char)", |m, _| {
            m.name.chars().next().map(String::from)
        }),
        ("name (2 chars)", |m, _| {
            (m.name.chars().count() == 2).then(|| m.name.clone())
        }),
        ("name (3 chars)", |m, _| {
            (m.name.chars().count() == 3).then(|| m.name.clone())
        }),
        ("full pinyin", |m, _| Some(m.pinyin.clone())),
        ("pinyin prefix", |m, rng| {
            let n = m.pinyin.chars().count();
            (n > 0).then(|| m.pinyin.chars().take(rng.random_range(1..=n)).collect())
        }),
        ("initials", |m, _| Some(m.initials.clone())),
        ("phone last 4", |m, _| {
            m.phone
                .as_ref()
                .map(|p| p[p.len().saturating_sub(4)..].to_owned())
        }),
    ];
    for (kind, pick) in kinds {
        for _ in 0..PER_KIND {
            out.push((
                kind,
                SearchQuery::text(&draw_until(conn, &mut rng, members, pick)?),
            ));
        }
    }
    // Informative extras, outside the mix the target is about.
    let extras: [(&'static str, Pick); 4] = [
        ("given-name char", |m, _| {
            (m.name.chars().count() >= 2)
                .then(|| m.name.chars().last().map(String::from))
                .flatten()
        }),
        ("student number prefix (6)", |m, _| {
            m.student_number
                .as_ref()
                .map(|s| s.chars().take(6).collect())
        }),
        ("employer (2 chars)", |m, rng| {
            let e: Vec<char> = m.employer.as_ref()?.chars().collect();
            let start = rng.random_range(0..e.len().saturating_sub(1).max(1));
            Some(e[start..(start + 2).min(e.len())].iter().collect())
        }),
        ("phone prefix (7)", |m, _| {
            m.phone.as_ref().map(|p| p.chars().take(7).collect())
        }),
    ];
    for (kind, pick) in extras {
        for _ in 0..PER_EXTRA {
            out.push((
                kind,
                SearchQuery::text(&draw_until(conn, &mut rng, members, pick)?),
            ));
        }
    }
    let branches: Vec<i64> = conn
        .prepare("SELECT id FROM branches")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let offices = ["president", "vice_president", "council", "supervisor"];
    for _ in 0..PER_EXTRA {
        let m = draw(conn, &mut rng, members)?;
        let surname: String = m.name.chars().take(1).collect();
        let prefix_len = rng.random_range(1..=m.pinyin.chars().count().max(1));
        let letters: String = m.pinyin.chars().take(prefix_len).collect();
        let branch = branches.choose(&mut rng).copied();
        out.push((
            "surname + college",
            SearchQuery {
                college: m.college.clone(),
                ..SearchQuery::text(&surname)
            },
        ));
        out.push((
            "pinyin prefix + branch",
            SearchQuery {
                branch_id: branch,
                ..SearchQuery::text(&letters)
            },
        ));
        out.push((
            "pinyin prefix + city + years",
            SearchQuery {
                city: m.city.clone(),
                graduation_year_from: Some(2000),
                graduation_year_to: Some(2010),
                ..SearchQuery::text(&letters)
            },
        ));
        out.push((
            "listing: branch",
            SearchQuery {
                branch_id: branch,
                ..SearchQuery::default()
            },
        ));
        out.push((
            "listing: office",
            SearchQuery {
                office: offices.choose(&mut rng).map(|o| (*o).to_owned()),
                ..SearchQuery::default()
            },
        ));
    }
    // Shuffle with the same seed so the order is fixed but kinds interleave.
    for i in (1..out.len()).rev() {
        let j = rng.random_range(0..=i);
        out.swap(i, j);
    }
    Ok(out)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn table_bytes(conn: &Connection, filter: &str) -> Fallible<u64> {
    // dbstat is compiled into the bundled SQLite; the filter is a constant of this file.
    let sql = format!("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE {filter}");
    Ok(conn.query_row(&sql, [], |r| r.get(0))?)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

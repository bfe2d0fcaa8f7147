//! The values the search filters offer: colleges, cities, degrees, branches, offices and the
//! range of graduation years actually on record.

use rusqlite::Connection;
use serde::Serialize;

use crate::council::Office;

/// A branch as a filter choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchChoice {
    /// Its id.
    pub id: i64,
    /// Its name.
    pub name: String,
}

/// The smallest and largest graduation year on record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearRange {
    /// Earliest.
    pub min: Option<i32>,
    /// Latest.
    pub max: Option<i32>,
}

/// Filter choices for the members view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Colleges, by name.
    pub colleges: Vec<String>,
    /// Cities, most alumni first.
    pub cities: Vec<String>,
    /// Degrees, most alumni first.
    pub degrees: Vec<String>,
    /// Branches on record, by name.
    pub branches: Vec<BranchChoice>,
    /// Council offices, in protocol order.
    pub offices: Vec<&'static str>,
    /// Graduation years.
    pub graduation_years: YearRange,
}

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The filter choices for the records on file now.
pub fn facets(conn: &Connection) -> rusqlite::Result<Facets> {
    let distinct = |column: &str, order: &str| {
        format!(
            "SELECT {column} FROM members WHERE archived_at IS NULL AND {column} IS NOT NULL
             AND {column} != '' GROUP BY {column} ORDER BY {order}"
        )
    };
    let mut stmt =
        conn.prepare("SELECT id, name FROM branches WHERE archived_at IS NULL ORDER BY name")?;
    let branches = stmt
        .query_map([], |r| {
            Ok(BranchChoice {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let graduation_years = conn.query_row(
        "SELECT min(graduation_year), max(graduation_year) FROM members WHERE archived_at IS NULL",
        [],
        |r| {
            Ok(YearRange {
                min: r.get(0)?,
                max: r.get(1)?,
            })
        },
    )?;
    Ok(Facets {
        colleges: strings(conn, &distinct("college", "college"))?,
        cities: strings(conn, &distinct("city", "count(*) DESC, city"))?,
        degrees: strings(conn, &distinct("degree", "count(*) DESC, degree"))?,
        branches,
        offices: Office::ALL.iter().map(|o| o.as_str()).collect(),
        graduation_years,
    })
}

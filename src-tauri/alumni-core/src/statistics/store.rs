//! The statistics in SQL: one grouped count per dimension over the records on file.

use rusqlite::Connection;

use super::model::Statistics;
use crate::branches;

fn pairs(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<(String, u64)>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// Computes the statistics of the register now.
pub fn compute(conn: &Connection) -> rusqlite::Result<Statistics> {
    let total_members: u64 = conn.query_row(
        "SELECT count(*) FROM members WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    let mut stmt = conn.prepare(
        "SELECT (graduation_year / 10) * 10 AS decade, count(*) FROM members
         WHERE archived_at IS NULL AND graduation_year IS NOT NULL GROUP BY decade ORDER BY decade",
    )?;
    let by_decade = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    // The column names are literals from this function, never input.
    let grouped = |column: &str| {
        format!(
            "SELECT {column}, count(*) AS n FROM members
             WHERE archived_at IS NULL AND {column} IS NOT NULL AND {column} != ''
             GROUP BY {column} ORDER BY n DESC, {column}"
        )
    };
    let by_college = pairs(conn, &grouped("college"))?;
    let by_degree = pairs(conn, &grouped("degree"))?;
    let by_city = pairs(conn, &grouped("city"))?;
    // The branches' own count, so the report and the branch list agree on nested branches.
    let mut branch_sizes: Vec<(String, u64)> = branches::list(conn)?
        .into_iter()
        .map(|b| (b.name, b.members))
        .collect();
    branch_sizes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let (phone, email, wechat, employer): (u64, u64, u64, u64) = conn.query_row(
        "SELECT count(nullif(phone, '')), count(nullif(email, '')), count(nullif(wechat, '')),
                count(nullif(employer, ''))
         FROM members WHERE archived_at IS NULL",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let contact_coverage = [
        ("phone", phone),
        ("email", email),
        ("wechat", wechat),
        ("employer", employer),
    ]
    .into_iter()
    .map(|(field, have)| (field.to_owned(), have, total_members))
    .collect();
    Ok(Statistics {
        total_members,
        by_decade,
        by_college,
        by_degree,
        by_city,
        branch_sizes,
        contact_coverage,
    })
}

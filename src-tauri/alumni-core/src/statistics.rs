//! Statistics of the register for the dashboard and the PDF report: alumni by graduation
//! decade, college, degree and city, branch sizes, and how many can be reached by what.
//!
//! Archived records are left out everywhere. Values are codes (decade start years, field
//! names) so the UI and the documents word them in their own language.

use rusqlite::Connection;
use serde::Serialize;

/// The register in numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statistics {
    /// Members on record.
    pub total_members: u64,
    /// (first year of the decade, alumni who graduated in it), oldest first; unknown years left out.
    pub by_decade: Vec<(i32, u64)>,
    /// (college, alumni), largest first.
    pub by_college: Vec<(String, u64)>,
    /// (degree, alumni), largest first.
    pub by_degree: Vec<(String, u64)>,
    /// (city, alumni), largest first; charts show the first few.
    pub by_city: Vec<(String, u64)>,
    /// (branch, members), largest first.
    pub branch_sizes: Vec<(String, u64)>,
    /// (field: `phone`, `email`, `wechat`, `employer`; records that have it; all records).
    pub contact_coverage: Vec<(String, u64, u64)>,
}

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
    let branch_sizes = pairs(
        conn,
        "SELECT b.name, count(m.id) AS n FROM branches b
         LEFT JOIN branch_memberships bm ON bm.branch_id = b.id
         LEFT JOIN members m ON m.id = bm.member_id AND m.archived_at IS NULL
         WHERE b.archived_at IS NULL GROUP BY b.id ORDER BY n DESC, b.name",
    )?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{self, DemoOptions};
    use crate::{staff, storage};

    #[test]
    fn the_numbers_add_up_on_the_demo() {
        let mut conn = storage::open_in_memory().expect("db");
        let admin = staff::default_actor(&conn, None).expect("admin").id;
        let tx = conn.transaction().expect("tx");
        let options = DemoOptions {
            members: demo::MIN_MEMBERS,
            seed: 3,
            meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 1, 5).expect("date"),
        };
        demo::populate(&tx, admin, &options).expect("demo");
        tx.commit().expect("commit");
        let stats = compute(&conn).expect("stats");
        assert_eq!(stats.total_members, u64::from(demo::MIN_MEMBERS));
        let sum = |v: &[(String, u64)]| v.iter().map(|(_, n)| n).sum::<u64>();
        assert_eq!(sum(&stats.by_college), stats.total_members);
        assert_eq!(sum(&stats.by_degree), stats.total_members);
        assert_eq!(sum(&stats.by_city), stats.total_members);
        assert_eq!(
            stats.by_decade.iter().map(|(_, n)| n).sum::<u64>(),
            stats.total_members
        );
        assert_eq!(stats.by_decade.first().map(|d| d.0), Some(1980));
        assert_eq!(stats.by_city.len(), 33);
        assert_eq!(stats.by_city[0].0, "上海");
        assert!(
            stats.by_college.windows(2).all(|w| w[0].1 >= w[1].1),
            "largest first"
        );
        assert_eq!(stats.branch_sizes.len(), 43);
        let phone = &stats.contact_coverage[0];
        assert_eq!(phone.0, "phone");
        assert!(phone.1 > phone.2 * 8 / 10 && phone.1 <= phone.2);
    }
}

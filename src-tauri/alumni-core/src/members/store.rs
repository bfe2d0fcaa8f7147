//! Members in SQL.

use rusqlite::{params, Connection, Transaction};

use super::model::{name_pinyin, NewMember};
use super::MemberId;
use crate::timestamps;

/// Adds a member, deriving the pinyin search keys from the name.
pub fn insert(tx: &Transaction, member: &NewMember) -> rusqlite::Result<MemberId> {
    let (pinyin, initials) = name_pinyin(&member.name);
    let now = timestamps::now_text();
    let mut stmt = tx.prepare_cached(
        "INSERT INTO members (name, name_pinyin, name_initials, gender, id_number, student_number,
            enrolment_year, graduation_year, college, major, degree, class_name, phone, email,
            wechat, employer, job_title, city, status, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?21)",
    )?;
    stmt.execute(params![
        member.name.trim(),
        pinyin,
        initials,
        member.gender.map(|g| g.as_str()),
        member.id_number,
        member.student_number,
        member.enrolment_year,
        member.graduation_year,
        member.college,
        member.major,
        member.degree,
        member.class_name,
        member.phone,
        member.email,
        member.wechat,
        member.employer,
        member.job_title,
        member.city,
        member.status.as_str(),
        member.notes,
        now,
    ])?;
    Ok(MemberId(tx.last_insert_rowid()))
}

/// Members on record, archived ones left out.
pub fn count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM members WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )
}

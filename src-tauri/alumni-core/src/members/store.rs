//! Members in SQL: inserts, the fills an import may make, the identity scan and the review
//! queue. Nothing here overwrites a field that holds a value: fills only ever fill empty fields.

use std::sync::OnceLock;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params, Connection, OptionalExtension, Row, ToSql, Transaction};

use super::model::{
    name_pinyin, FieldValue, Gender, IdentityKeys, MemberField, MemberStatus, NewMember, NewReview,
    Review, ReviewStatus, StoredMember,
};
use super::MemberId;
use crate::audit::{self, Change};
use crate::staff::StaffId;
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
    let id = MemberId(tx.last_insert_rowid());
    super::search::index(tx, id)?;
    Ok(id)
}

/// Members on record, archived ones left out.
pub fn count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM members WHERE archived_at IS NULL",
        [],
        |r| r.get(0),
    )
}

const FIELD_COLUMNS: &str = "id, name, gender, id_number, student_number, enrolment_year,
    graduation_year, college, major, degree, class_name, phone, email, wechat, employer,
    job_title, city, status, notes, archived_at";

/// A record's editable fields from a row that has the member columns by name.
pub(super) fn fields_from_row(row: &Row) -> rusqlite::Result<NewMember> {
    let gender: Option<String> = row.get("gender")?;
    let status: String = row.get("status")?;
    Ok(NewMember {
        name: row.get("name")?,
        gender: match gender.as_deref() {
            Some("male") => Some(Gender::Male),
            Some("female") => Some(Gender::Female),
            _ => None,
        },
        id_number: row.get("id_number")?,
        student_number: row.get("student_number")?,
        enrolment_year: row.get("enrolment_year")?,
        graduation_year: row.get("graduation_year")?,
        college: row.get("college")?,
        major: row.get("major")?,
        degree: row.get("degree")?,
        class_name: row.get("class_name")?,
        phone: row.get("phone")?,
        email: row.get("email")?,
        wechat: row.get("wechat")?,
        employer: row.get("employer")?,
        job_title: row.get("job_title")?,
        city: row.get("city")?,
        status: match status.as_str() {
            "lost_contact" => MemberStatus::LostContact,
            "deceased" => MemberStatus::Deceased,
            _ => MemberStatus::Active,
        },
        notes: row.get("notes")?,
    })
}

fn stored_from_row(row: &Row) -> rusqlite::Result<StoredMember> {
    let archived_at: Option<String> = row.get("archived_at")?;
    Ok(StoredMember {
        id: MemberId(row.get("id")?),
        fields: fields_from_row(row)?,
        archived: archived_at.is_some(),
    })
}

/// One record's fields as stored (archived ones included), `None` when there is no such id.
pub fn stored(conn: &Connection, id: MemberId) -> rusqlite::Result<Option<StoredMember>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {FIELD_COLUMNS} FROM members WHERE id = ?1"
    ))?;
    stmt.query_row([id.0], stored_from_row).optional()
}

/// Calls `each` with the identifying columns of every record, archived ones included (their ID
/// and student numbers are still taken). One scan, so an import can keep them in memory.
pub fn for_each_identity(
    conn: &Connection,
    mut each: impl FnMut(IdentityKeys<'_>),
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, name, id_number, student_number, phone, graduation_year, college FROM members",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Option<&str>> {
            match row.get_ref(i)? {
                ValueRef::Text(bytes) => Ok(std::str::from_utf8(bytes).ok()),
                _ => Ok(None),
            }
        };
        let graduation_year = match row.get_ref(5)? {
            ValueRef::Integer(y) => i32::try_from(y).ok(),
            _ => None,
        };
        each(IdentityKeys {
            id: MemberId(row.get(0)?),
            name: text(1)?.unwrap_or_default(),
            id_number: text(2)?,
            student_number: text(3)?,
            phone: text(4)?,
            graduation_year,
            college: text(6)?,
        });
    }
    Ok(())
}

/// A field's stored text as the SQL value of its column: years as integers, the rest as text.
fn column_value(field: MemberField, text: &str) -> SqlValue {
    if field.is_year() {
        if let Ok(year) = text.trim().parse::<i64>() {
            return SqlValue::Integer(year);
        }
    }
    SqlValue::Text(text.to_owned())
}

/// One statement for every combination of the fields an import fills, so it stays in the statement cache: a column
/// takes the value bound for it only when one is bound and the column is still empty.
fn fill_sql() -> &'static str {
    static SQL: OnceLock<String> = OnceLock::new();
    SQL.get_or_init(|| {
        let sets: Vec<String> = MemberField::imported()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (col, n) = (f.as_str(), i + 3);
                format!(
                    "{col} = CASE WHEN ?{n} IS NOT NULL AND ({col} IS NULL OR {col} = '') \
                     THEN ?{n} ELSE {col} END"
                )
            })
            .collect();
        format!(
            "UPDATE members SET updated_at = ?2, {} WHERE id = ?1",
            sets.join(", ")
        )
    })
}

/// Fills fields of a record that are empty (NULL or blank) and leaves every other field as it
/// is: a value on record is never overwritten here. Writes one audit entry with the fields it
/// filled (before: null) and rewrites the search keys. Returns the fields actually filled, which
/// is fewer than asked when someone filled a field meanwhile; the name is never filled.
pub fn fill_empty(
    tx: &Transaction,
    actor: StaffId,
    id: MemberId,
    fills: &[FieldValue],
    note: Option<&str>,
) -> rusqlite::Result<Vec<MemberField>> {
    let Some(current) = stored(tx, id)? else {
        return Ok(Vec::new());
    };
    let mut values: Vec<Option<SqlValue>> = vec![None; MemberField::imported().len()];
    let mut filled = Vec::with_capacity(fills.len());
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for fill in fills {
        let empty_on_record = current.fields.field_text(fill.field).is_none();
        if fill.field == MemberField::Name || !empty_on_record || fill.value.trim().is_empty() {
            continue;
        }
        let slot = MemberField::imported()
            .iter()
            .position(|f| *f == fill.field);
        if let Some(slot) = slot {
            values[slot] = Some(column_value(fill.field, &fill.value));
            filled.push(fill.field);
            before.insert(fill.field.as_str().to_owned(), serde_json::Value::Null);
            after.insert(fill.field.as_str().to_owned(), fill.value.clone().into());
        }
    }
    if filled.is_empty() {
        return Ok(filled);
    }
    let mut stmt = tx.prepare_cached(fill_sql())?;
    let now = timestamps::now_text();
    let mut bound: Vec<&dyn ToSql> = vec![&id.0, &now];
    bound.extend(values.iter().map(|v| v as &dyn ToSql));
    stmt.execute(bound.as_slice())?;
    super::search::index(tx, id)?;
    let mut change = Change::new("update", "member", Some(id.0))
        .before(Some(before.into()))
        .after(Some(after.into()));
    if let Some(note) = note {
        change = change.note(note);
    }
    audit::record(tx, actor, change)?;
    Ok(filled)
}

/// Queues a row of an import for a person to decide on.
pub fn insert_review(tx: &Transaction, review: &NewReview) -> rusqlite::Result<i64> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO member_reviews (created_at, source_name, row_number, member_id, reason_kind,
            reason_json, row_json, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open')",
    )?;
    stmt.execute(params![
        timestamps::now_text(),
        review.source_name,
        review.row_number,
        review.member_id.map(|m| m.0),
        review.reason_kind,
        review.reason.to_string(),
        review.row.to_string(),
    ])?;
    Ok(tx.last_insert_rowid())
}

/// Queued reviews in the order they were queued, only those with `status` when given.
pub fn reviews(conn: &Connection, status: Option<ReviewStatus>) -> rusqlite::Result<Vec<Review>> {
    let mut stmt = conn.prepare(
        "SELECT id, created_at, source_name, row_number, member_id, reason_kind, reason_json,
                row_json, status, resolved_at
         FROM member_reviews WHERE ?1 IS NULL OR status = ?1 ORDER BY id",
    )?;
    let json = |text: String| serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
    let rows = stmt.query_map([status.map(ReviewStatus::as_str)], |r| {
        let created_at: String = r.get(1)?;
        let status: String = r.get(8)?;
        let resolved_at: Option<String> = r.get(9)?;
        Ok(Review {
            id: r.get(0)?,
            created_at: timestamps::to_local_rfc3339(&created_at),
            source_name: r.get(2)?,
            row_number: r.get(3)?,
            member_id: r.get::<_, Option<i64>>(4)?.map(MemberId),
            reason_kind: r.get(5)?,
            reason: json(r.get(6)?),
            row: json(r.get(7)?),
            // The schema's CHECK admits only the three states.
            status: ReviewStatus::parse(&status).unwrap_or(ReviewStatus::Open),
            resolved_at: resolved_at.map(|t| timestamps::to_local_rfc3339(&t)),
        })
    })?;
    rows.collect()
}

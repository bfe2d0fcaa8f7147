//! Members in SQL: inserts, the fills an import may make, the identity scan, the review queue,
//! and the reads and writes behind `record`, `review`, `facets` and `export`. Nothing an import
//! does here overwrites a field that holds a value: fills only ever fill empty fields.

use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, Row, ToSql, Transaction};

use super::export::Column;
use super::facets::{BranchChoice, Facets, YearRange};
use super::model::{
    name_pinyin, BranchPlace, FieldValue, Gender, IdentityKeys, Member, MemberField, MemberStatus,
    NewMember, NewReview, Position, Review, ReviewStatus, StoredMember,
};
use super::MemberId;
use crate::audit::{self, Change};
use crate::branches::BranchId;
use crate::council::Office;
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
    super::search::index_new(tx, id)?;
    Ok(id)
}

/// The records with exactly this name (archived ones too), through the name index.
pub fn ids_named(conn: &Connection, name: &str) -> rusqlite::Result<Vec<MemberId>> {
    conn.prepare_cached("SELECT id FROM members WHERE name = ?1 ORDER BY id")?
        .query_map([name], |r| r.get(0).map(MemberId))?
        .collect()
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
    // A fill never touches the name (never empty): the branch copies of its keys stay.
    super::search::index_same_name(tx, id)?;
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

// ---- One record as the office works on it (`record`) ----

const RECORD_COLUMNS: &str =
    "id, name, gender, id_number, student_number, enrolment_year, graduation_year,
    college, major, degree, class_name, phone, email, wechat, employer, job_title, city, status,
    notes, archived_at, created_at, updated_at";

fn member_from_row(row: &Row) -> rusqlite::Result<Member> {
    let archived_at: Option<String> = row.get("archived_at")?;
    let created_at: String = row.get("created_at")?;
    let updated_at: String = row.get("updated_at")?;
    Ok(Member {
        id: MemberId(row.get("id")?),
        fields: fields_from_row(row)?,
        masked: false,
        archived_at: archived_at.map(|t| timestamps::to_local_rfc3339(&t)),
        created_at: timestamps::to_local_rfc3339(&created_at),
        updated_at: timestamps::to_local_rfc3339(&updated_at),
    })
}

/// One record unmasked, archived or not; `None` when there is no such id.
pub(super) fn member(conn: &Connection, id: MemberId) -> rusqlite::Result<Option<Member>> {
    conn.query_row(
        &format!("SELECT {RECORD_COLUMNS} FROM members WHERE id = ?1"),
        [id.0],
        member_from_row,
    )
    .optional()
}

/// The branches a member is in, with their role there, by branch name.
pub(super) fn branch_places(conn: &Connection, id: MemberId) -> rusqlite::Result<Vec<BranchPlace>> {
    let mut stmt = conn.prepare(
        "SELECT b.id, b.name, bm.role FROM branch_memberships bm JOIN branches b ON b.id = bm.branch_id
         WHERE bm.member_id = ?1 ORDER BY b.name",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(BranchPlace {
            branch_id: BranchId(r.get(0)?),
            branch_name: r.get(1)?,
            role: r.get(2)?,
        })
    })?;
    rows.collect()
}

/// The offices a member held, newest term first.
pub(super) fn positions_held(conn: &Connection, id: MemberId) -> rusqlite::Result<Vec<Position>> {
    let mut stmt = conn.prepare(
        "SELECT t.number, p.office FROM council_positions p JOIN terms t ON t.id = p.term_id
         WHERE p.member_id = ?1 ORDER BY t.number DESC, p.id",
    )?;
    let rows = stmt.query_map([id.0], |r| {
        Ok(Position {
            term_number: r.get(0)?,
            office: r.get(1)?,
        })
    })?;
    rows.collect()
}

/// The record other than `except` that holds `value` in an identifying field (`IdNumber` or
/// `StudentNumber`), if any.
pub(super) fn identity_holder(
    conn: &Connection,
    field: MemberField,
    value: &str,
    except: Option<MemberId>,
) -> rusqlite::Result<Option<MemberId>> {
    // The column name comes from the field's own literal, never from input.
    let column = field.as_str();
    conn.query_row(
        &format!("SELECT id FROM members WHERE {column} = ?1 AND id != ?2"),
        params![value, except.map_or(0, |e| e.0)],
        |r| r.get(0).map(MemberId),
    )
    .optional()
}

/// Replaces every editable field of a record (the pinyin keys follow the name). The caller
/// validates first and rewrites the search keys after.
pub(super) fn write_fields(
    tx: &Transaction,
    id: MemberId,
    fields: &NewMember,
) -> rusqlite::Result<()> {
    let (pinyin, initials) = name_pinyin(&fields.name);
    tx.execute(
        "UPDATE members SET name = ?2, name_pinyin = ?3, name_initials = ?4, gender = ?5,
            id_number = ?6, student_number = ?7, enrolment_year = ?8, graduation_year = ?9,
            college = ?10, major = ?11, degree = ?12, class_name = ?13, phone = ?14, email = ?15,
            wechat = ?16, employer = ?17, job_title = ?18, city = ?19, status = ?20, notes = ?21,
            updated_at = ?22
         WHERE id = ?1",
        params![
            id.0,
            fields.name,
            pinyin,
            initials,
            fields.gender.map(|g| g.as_str()),
            fields.id_number,
            fields.student_number,
            fields.enrolment_year,
            fields.graduation_year,
            fields.college,
            fields.major,
            fields.degree,
            fields.class_name,
            fields.phone,
            fields.email,
            fields.wechat,
            fields.employer,
            fields.job_title,
            fields.city,
            fields.status.as_str(),
            fields.notes,
            timestamps::now_text(),
        ],
    )?;
    Ok(())
}

/// Archives a record now (`true`) or brings it back (`false`).
pub(super) fn set_archived(tx: &Transaction, id: MemberId, archived: bool) -> rusqlite::Result<()> {
    let now = timestamps::now_text();
    tx.execute(
        "UPDATE members SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id.0, archived.then_some(&now), now],
    )?;
    Ok(())
}

/// Clears a record's ID and student numbers, so the record it merges into may take them.
pub(super) fn release_identifiers(tx: &Transaction, id: MemberId) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE members SET id_number = NULL, student_number = NULL WHERE id = ?1",
        [id.0],
    )?;
    Ok(())
}

/// Archives a record merged into another, with `notes` saying so.
pub(super) fn archive_merged(tx: &Transaction, id: MemberId, notes: &str) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE members SET archived_at = ?2, notes = ?3, updated_at = ?2 WHERE id = ?1",
        params![id.0, timestamps::now_text(), notes],
    )?;
    Ok(())
}

// ---- The review queue as a person works through it (`review`) ----

/// Pairs of live records with the same name, graduation year and college, oldest first, at
/// most `limit`.
pub(super) fn duplicate_pairs(
    conn: &Connection,
    limit: u32,
) -> rusqlite::Result<Vec<(MemberId, MemberId)>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, b.id FROM members a
         JOIN members b ON b.name = a.name AND b.graduation_year = a.graduation_year
                       AND b.college = a.college AND b.id > a.id
         WHERE a.archived_at IS NULL AND b.archived_at IS NULL
         ORDER BY a.id, b.id LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| Ok((MemberId(r.get(0)?), MemberId(r.get(1)?))))?;
    rows.collect()
}

/// How many reviews are open.
pub fn open_review_count(conn: &Connection) -> rusqlite::Result<u64> {
    conn.query_row(
        "SELECT count(*) FROM member_reviews WHERE status = 'open'",
        [],
        |r| r.get(0),
    )
}

/// An open review's record (if any) and imported row (JSON text); `None` when the review is
/// not open or does not exist.
pub(super) fn open_review(
    tx: &Transaction,
    id: i64,
) -> rusqlite::Result<Option<(Option<MemberId>, String)>> {
    tx.query_row(
        "SELECT member_id, row_json FROM member_reviews WHERE id = ?1 AND status = 'open'",
        [id],
        |r| Ok((r.get::<_, Option<i64>>(0)?.map(MemberId), r.get(1)?)),
    )
    .optional()
}

/// Closes a review as `status` (`merged` or `dismissed`), by `actor`, now.
pub(super) fn close_review(
    tx: &Transaction,
    id: i64,
    status: ReviewStatus,
    actor: StaffId,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE member_reviews SET status = ?2, resolved_at = ?3, resolved_by = ?4 WHERE id = ?1",
        params![id, status.as_str(), timestamps::now_text(), actor.0],
    )?;
    Ok(())
}

// ---- The search filters' choices (`facets`) ----

fn strings(conn: &Connection, sql: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    rows.collect()
}

/// The filter choices for the records on file now.
pub fn facets(conn: &Connection) -> rusqlite::Result<Facets> {
    // The column names are literals from this function, never input.
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
                id: BranchId(r.get(0)?),
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

// ---- The rows of an export (`export`) ----

/// The SQL expression of an export column; literal, never from input. Gender and status are
/// worded in Chinese, as the import reads them back.
fn export_expression(column: Column) -> &'static str {
    match column {
        Column::Gender => "CASE gender WHEN 'male' THEN '男' WHEN 'female' THEN '女' END",
        Column::EnrolmentYear => "CAST(enrolment_year AS TEXT)",
        Column::GraduationYear => "CAST(graduation_year AS TEXT)",
        Column::Status => {
            "CASE status WHEN 'active' THEN '正常' WHEN 'lost_contact' THEN '失联' ELSE '已故' END"
        }
        // The field's own column, from the one table of fields.
        other => other.spec().column,
    }
}

/// The values of `columns` for the members `member_ids` in that order (ids not on file left
/// out), or for every member on record by id when `None`; unmasked, the caller masks.
pub(super) fn export_rows(
    conn: &Connection,
    member_ids: Option<&[i64]>,
    columns: &[Column],
) -> rusqlite::Result<Vec<Vec<Option<String>>>> {
    let select: Vec<&str> = columns.iter().map(|c| export_expression(*c)).collect();
    let select = select.join(", ");
    let Some(ids) = member_ids else {
        let mut stmt = conn.prepare(&format!(
            "SELECT {select} FROM members WHERE archived_at IS NULL ORDER BY id"
        ))?;
        let rows = stmt.query_map([], |r| (0..columns.len()).map(|i| r.get(i)).collect())?;
        return rows.collect();
    };
    // Chunks keep each statement under SQLite's parameter limit; order follows `ids`.
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let mut stmt = conn.prepare(&format!(
            "SELECT id, {select} FROM members WHERE id IN ({marks})"
        ))?;
        let mut found: HashMap<i64, Vec<Option<String>>> = stmt
            .query_map(params_from_iter(chunk), |r| {
                let values = (1..=columns.len())
                    .map(|i| r.get(i))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok((r.get(0)?, values))
            })?
            .collect::<Result<_, _>>()?;
        out.extend(chunk.iter().filter_map(|id| found.remove(id)));
    }
    Ok(out)
}

// ---- What an import needs of the connection (`import`) ----

/// True when `e` is a unique index refusing a row.
pub(crate) fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(
        e,
        rusqlite::Error::SqliteFailure(failure, _)
            if failure.code == rusqlite::ErrorCode::ConstraintViolation
                && failure.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
    )
}

/// The page cache for big imports, in KiB (SQLite only takes the pages it needs).
const BIG_IMPORT_CACHE_KIB: i64 = 262_144;

/// Raises the connection's page cache for the life of the guard. New members touch the
/// members table, its indexes and the search keys all over; with the default 2 MB cache a big
/// import spends most of its time spilling and re-reading pages.
pub(crate) struct BiggerCache<'a> {
    conn: &'a Connection,
    previous: i64,
}

impl<'a> BiggerCache<'a> {
    /// Raises the cache until the guard is dropped.
    pub(crate) fn set(conn: &'a Connection) -> rusqlite::Result<Self> {
        let previous = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
        conn.pragma_update(None, "cache_size", -BIG_IMPORT_CACHE_KIB)?;
        Ok(BiggerCache { conn, previous })
    }
}

impl Drop for BiggerCache<'_> {
    fn drop(&mut self) {
        // Restoring can only fail on a broken connection, which the caller's next call reports.
        let _ = self.conn.pragma_update(None, "cache_size", self.previous);
    }
}

//! One member's record as the office works on it: read it whole (masked), reveal the personal
//! data on an audited request, create, edit and archive it.
//!
//! Invariants: every change is validated first and written with its audit entry (before and
//! after) in the caller's transaction; the search keys are rewritten after every change; a
//! record is archived, never deleted, from here.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::fields::FIELDS;
use super::model::{MemberField, MemberId, NewMember};
use super::{name_pinyin, search};
use crate::audit::{self, Change};
use crate::staff::StaffId;
use crate::{timestamps, DomainError};

/// A member's record. Phone and ID number are masked unless it came from [`reveal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Its id.
    pub id: i64,
    /// The editable fields.
    #[serde(flatten)]
    pub fields: NewMember,
    /// Whether phone and ID number below are masked.
    pub masked: bool,
    /// When archived, RFC 3339 local; `None` while on record.
    pub archived_at: Option<String>,
    /// When created, RFC 3339 local.
    pub created_at: String,
    /// When last changed, RFC 3339 local.
    pub updated_at: String,
}

/// A member's place in a branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchPlace {
    /// The branch.
    pub branch_id: i64,
    /// Its name.
    pub branch_name: String,
    /// The member's role there (`president`, `member` …).
    pub role: String,
}

/// An office held in a council term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Position {
    /// The term's number (第 N 届).
    pub term_number: u32,
    /// The office (`council`, `executive_council`, `president` …).
    pub office: String,
}

/// A record with its branches and council positions, for the record screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MemberDetail {
    /// The record, masked.
    pub member: Member,
    /// Branches and roles.
    pub branches: Vec<BranchPlace>,
    /// Offices per term, newest term first.
    pub positions: Vec<Position>,
}

/// Why a record operation failed.
#[derive(Debug, thiserror::Error)]
pub enum MemberError {
    /// No member with that id.
    #[error("no member with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// A field's value is not acceptable.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why: `empty`, `too_long`, `not_a_phone`, `not_an_id_number`, `not_an_email`,
        /// `year_out_of_range`.
        reason: &'static str,
    },
    /// Another record has the same ID number or student number: the same person.
    #[error("member {other_id} already has this {field}")]
    Duplicate {
        /// `id_number` or `student_number`.
        field: &'static str,
        /// The record that has it.
        other_id: i64,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for MemberError {
    fn kind(&self) -> &'static str {
        match self {
            MemberError::NotFound { .. } => "not_found",
            MemberError::Invalid { .. } => "invalid_input",
            MemberError::Duplicate { .. } => "duplicate_member",
            MemberError::Database(_) => "internal",
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            MemberError::NotFound { id } => json!({ "entity": "member", "id": id }),
            MemberError::Invalid { field, reason } => json!({ "field": field, "reason": reason }),
            MemberError::Duplicate { field, other_id } => {
                json!({ "field": field, "other_id": other_id })
            }
            MemberError::Database(_) => json!({}),
        }
    }
}

fn invalid(field: &'static str, reason: &'static str) -> MemberError {
    MemberError::Invalid { field, reason }
}

/// Trims every text field and turns empty ones into `None`.
pub fn tidy(mut m: NewMember) -> NewMember {
    let clean = |v: &mut Option<String>| {
        *v = v
            .take()
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
    };
    m.name = m.name.split_whitespace().collect::<Vec<_>>().join(" ");
    for field in MemberField::ALL {
        if let Some(slot) = m.text_mut(field) {
            clean(slot);
        }
    }
    if let Some(id) = &mut m.id_number {
        *id = id.to_uppercase();
    }
    m
}

/// Checks a record's fields; the first problem found is returned.
pub fn validate(m: &NewMember) -> Result<(), MemberError> {
    if m.name.is_empty() {
        return Err(invalid("name", "empty"));
    }
    // The limits of the table of fields, in its order (the name first).
    for spec in FIELDS {
        let too_long = spec.max_chars.is_some_and(|max| {
            m.field_text(spec.field)
                .is_some_and(|v| v.chars().count() > max)
        });
        if too_long {
            return Err(invalid(spec.column, "too_long"));
        }
    }
    if let Some(phone) = &m.phone {
        let digits = phone.chars().filter(|c| c.is_ascii_digit()).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '-' | ' ' | '+' | '(' | ')'));
        if !allowed || !(7..=15).contains(&digits) {
            return Err(invalid("phone", "not_a_phone"));
        }
    }
    if let Some(id) = &m.id_number {
        if !is_valid_id_number(id) {
            return Err(invalid("id_number", "not_an_id_number"));
        }
    }
    if let Some(email) = &m.email {
        let ok = email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'));
        if !ok {
            return Err(invalid("email", "not_an_email"));
        }
    }
    for (field, year) in [
        ("enrolment_year", m.enrolment_year),
        ("graduation_year", m.graduation_year),
    ] {
        if year.is_some_and(|y| !(1900..=2100).contains(&y)) {
            return Err(invalid(field, "year_out_of_range"));
        }
    }
    Ok(())
}

/// An 18-character resident ID number with a correct check character (GB 11643), or an old
/// 15-digit one.
pub fn is_valid_id_number(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = *b"10X98765432";
    let bytes = id.as_bytes();
    match bytes.len() {
        15 => bytes.iter().all(u8::is_ascii_digit),
        18 if bytes[..17].iter().all(u8::is_ascii_digit) => {
            let sum: u32 = bytes[..17]
                .iter()
                .zip(WEIGHTS)
                .map(|(b, w)| u32::from(b - b'0') * w)
                .sum();
            CHECK[(sum % 11) as usize] == bytes[17]
        }
        _ => false,
    }
}

const COLUMNS: &str =
    "id, name, gender, id_number, student_number, enrolment_year, graduation_year,
    college, major, degree, class_name, phone, email, wechat, employer, job_title, city, status,
    notes, archived_at, created_at, updated_at";

fn from_row(row: &Row) -> rusqlite::Result<Member> {
    let archived_at: Option<String> = row.get("archived_at")?;
    let created_at: String = row.get("created_at")?;
    let updated_at: String = row.get("updated_at")?;
    Ok(Member {
        id: row.get("id")?,
        fields: super::store::fields_from_row(row)?,
        masked: false,
        archived_at: archived_at.map(|t| timestamps::to_local_rfc3339(&t)),
        created_at: timestamps::to_local_rfc3339(&created_at),
        updated_at: timestamps::to_local_rfc3339(&updated_at),
    })
}

fn load(conn: &Connection, id: MemberId) -> Result<Member, MemberError> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM members WHERE id = ?1"),
        [id.0],
        from_row,
    )
    .optional()?
    .ok_or(MemberError::NotFound { id: id.0 })
}

fn masked(mut member: Member) -> Member {
    for field in MemberField::ALL {
        if let Some(slot) = member.fields.text_mut(field) {
            if let Some(shown) = slot.as_deref().and_then(|v| field.mask(v)) {
                *slot = Some(shown);
            }
        }
    }
    member.masked = true;
    member
}

/// The record with phone and ID number masked, its branches and positions.
pub fn detail(conn: &Connection, id: MemberId) -> Result<MemberDetail, MemberError> {
    let member = masked(load(conn, id)?);
    let mut stmt = conn.prepare(
        "SELECT b.id, b.name, bm.role FROM branch_memberships bm JOIN branches b ON b.id = bm.branch_id
         WHERE bm.member_id = ?1 ORDER BY b.name",
    )?;
    let branches = stmt
        .query_map([id.0], |r| {
            Ok(BranchPlace {
                branch_id: r.get(0)?,
                branch_name: r.get(1)?,
                role: r.get(2)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare(
        "SELECT t.number, p.office FROM council_positions p JOIN terms t ON t.id = p.term_id
         WHERE p.member_id = ?1 ORDER BY t.number DESC, p.id",
    )?;
    let positions = stmt
        .query_map([id.0], |r| {
            Ok(Position {
                term_number: r.get(0)?,
                office: r.get(1)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(MemberDetail {
        member,
        branches,
        positions,
    })
}

/// The record unmasked; the audit log records who looked.
pub fn reveal(tx: &Transaction, actor: StaffId, id: MemberId) -> Result<Member, MemberError> {
    let member = load(tx, id)?;
    audit::record(
        tx,
        actor,
        Change::new("view_unmasked", "member", Some(id.0)),
    )?;
    Ok(member)
}

fn check_identity(
    conn: &Connection,
    m: &NewMember,
    except: Option<MemberId>,
) -> Result<(), MemberError> {
    let except = except.map_or(0, |e| e.0);
    for (field, value) in [
        ("id_number", &m.id_number),
        ("student_number", &m.student_number),
    ] {
        let Some(value) = value else { continue };
        let other: Option<i64> = conn
            .query_row(
                &format!("SELECT id FROM members WHERE {field} = ?1 AND id != ?2"),
                params![value, except],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other_id) = other {
            return Err(MemberError::Duplicate { field, other_id });
        }
    }
    Ok(())
}

/// Adds a record typed in by a person: validated, audited, indexed.
pub fn create(tx: &Transaction, actor: StaffId, fields: NewMember) -> Result<Member, MemberError> {
    let fields = tidy(fields);
    validate(&fields)?;
    check_identity(tx, &fields, None)?;
    let id = super::insert(tx, &fields)?;
    let member = load(tx, id)?;
    audit::record(
        tx,
        actor,
        Change::new("create", "member", Some(id.0))
            .after(serde_json::to_value(&member.fields).ok()),
    )?;
    Ok(masked(member))
}

/// Replaces the editable fields of a record; the audit entry keeps only what changed.
pub fn update(
    tx: &Transaction,
    actor: StaffId,
    id: MemberId,
    fields: NewMember,
) -> Result<Member, MemberError> {
    let before = load(tx, id)?;
    let after = update_fields(tx, id, fields)?;
    let (old, new) = changed_fields(&before.fields, &after.fields);
    if !new.is_empty() {
        audit::record(
            tx,
            actor,
            Change::new("update", "member", Some(id.0))
                .before(Some(serde_json::Value::Object(old)))
                .after(Some(serde_json::Value::Object(new))),
        )?;
    }
    Ok(masked(after))
}

/// Validates, writes and re-indexes the editable fields of a record; no audit entry.
fn update_fields(tx: &Transaction, id: MemberId, fields: NewMember) -> Result<Member, MemberError> {
    let fields = tidy(fields);
    validate(&fields)?;
    check_identity(tx, &fields, Some(id))?;
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
    search::index(tx, id)?;
    load(tx, id)
}

/// Archives a record (or brings it back with `archived = false`); audited.
pub fn set_archived(
    tx: &Transaction,
    actor: StaffId,
    id: MemberId,
    archived: bool,
) -> Result<Member, MemberError> {
    let before = load(tx, id)?;
    if before.archived_at.is_some() != archived {
        let at = archived.then(timestamps::now_text);
        tx.execute(
            "UPDATE members SET archived_at = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, at, timestamps::now_text()],
        )?;
        search::index(tx, id)?;
        let action = if archived { "archive" } else { "unarchive" };
        audit::record(tx, actor, Change::new(action, "member", Some(id.0)))?;
    }
    Ok(masked(load(tx, id)?))
}

/// Merges two records of the same person: `keep` gets `fields` (chosen field by field), the
/// other's branches, council positions, meeting invitations and candidacies move to it, and the
/// other is archived with a note. One audit entry holds both records as they were.
pub fn merge(
    tx: &Transaction,
    actor: StaffId,
    keep: MemberId,
    other: MemberId,
    fields: NewMember,
) -> Result<Member, MemberError> {
    if keep == other {
        return Err(invalid("member", "same_record"));
    }
    let kept_before = load(tx, keep)?;
    let other_before = load(tx, other)?;
    // The other record gives up its identifiers first, so the kept one may take them.
    tx.execute(
        "UPDATE members SET id_number = NULL, student_number = NULL WHERE id = ?1",
        [other.0],
    )?;
    let moves = [
        "INSERT OR IGNORE INTO branch_memberships (branch_id, member_id, role, since)
         SELECT branch_id, ?1, role, since FROM branch_memberships WHERE member_id = ?2",
        "DELETE FROM branch_memberships WHERE member_id = ?2",
        "INSERT OR IGNORE INTO council_positions (term_id, member_id, office)
         SELECT term_id, ?1, office FROM council_positions WHERE member_id = ?2",
        "DELETE FROM council_positions WHERE member_id = ?2",
        "UPDATE attendees SET member_id = ?1 WHERE member_id = ?2",
        "UPDATE candidates SET member_id = ?1 WHERE member_id = ?2",
    ];
    for sql in moves {
        tx.execute(sql, params![keep.0, other.0])?;
    }
    let note = format!(
        "{}merged into member {}",
        other_before
            .fields
            .notes
            .as_deref()
            .map(|n| format!("{n}\n"))
            .unwrap_or_default(),
        keep.0
    );
    tx.execute(
        "UPDATE members SET archived_at = ?2, notes = ?3, updated_at = ?2 WHERE id = ?1",
        params![other.0, timestamps::now_text(), note],
    )?;
    search::index(tx, other)?;
    let kept = update_fields(tx, keep, fields)?;
    audit::record(
        tx,
        actor,
        Change::new("merge", "member", Some(keep.0))
            .before(Some(json!({ "kept": kept_before.fields, "merged": other_before.fields, "merged_id": other.0 })))
            .after(serde_json::to_value(&kept.fields).ok()),
    )?;
    Ok(masked(kept))
}

type FieldMap = serde_json::Map<String, serde_json::Value>;

/// The fields whose values differ, as two maps (before, after).
fn changed_fields(before: &NewMember, after: &NewMember) -> (FieldMap, FieldMap) {
    let as_map = |m: &NewMember| match serde_json::to_value(m) {
        Ok(serde_json::Value::Object(map)) => map,
        _ => FieldMap::new(),
    };
    let (old, new) = (as_map(before), as_map(after));
    let mut changed_old = FieldMap::new();
    let mut changed_new = FieldMap::new();
    for (key, value) in &new {
        if old.get(key) != Some(value) {
            changed_old.insert(key.clone(), old.get(key).cloned().unwrap_or_default());
            changed_new.insert(key.clone(), value.clone());
        }
    }
    (changed_old, changed_new)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{staff, storage};

    fn setup() -> (Connection, StaffId) {
        let conn = storage::open_in_memory().expect("db");
        let admin = staff::default_actor(&conn, None).expect("admin").id;
        (conn, admin)
    }

    fn liu() -> NewMember {
        NewMember {
            name: " 刘东志 ".into(),
            phone: Some("13812345678".into()),
            id_number: Some("11010519491231002x".into()),
            student_number: Some("2004080123".into()),
            graduation_year: Some(2008),
            college: Some("计算机科学与技术学院".into()),
            employer: Some(" ".into()),
            ..NewMember::default()
        }
    }

    #[test]
    fn create_tidies_masks_and_audits() {
        let (mut conn, admin) = setup();
        let tx = conn.transaction().expect("tx");
        let member = create(&tx, admin, liu()).expect("create");
        tx.commit().expect("commit");
        assert_eq!(member.fields.name, "刘东志");
        assert_eq!(member.fields.phone.as_deref(), Some("138****5678"));
        assert_eq!(
            member.fields.id_number.as_deref(),
            Some("1101**********002X")
        );
        assert_eq!(member.fields.employer, None, "blank text becomes empty");
        assert!(member.masked);
        let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
        assert_eq!(
            (log[0].action.as_str(), log[0].entity.as_str()),
            ("create", "member")
        );
    }

    #[test]
    fn update_records_only_the_changed_fields_and_reveal_is_audited() {
        let (mut conn, admin) = setup();
        let tx = conn.transaction().expect("tx");
        let id = MemberId(create(&tx, admin, liu()).expect("create").id);
        let mut fields = reveal(&tx, admin, id).expect("reveal").fields;
        assert_eq!(fields.phone.as_deref(), Some("13812345678"));
        fields.employer = Some("华为技术有限公司".into());
        let after = update(&tx, admin, id, fields).expect("update");
        tx.commit().expect("commit");
        assert_eq!(after.fields.employer.as_deref(), Some("华为技术有限公司"));
        let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
        assert_eq!(log[0].action, "update");
        let changed = log[0]
            .after
            .as_ref()
            .and_then(|a| a.as_object())
            .expect("after");
        assert_eq!(changed.keys().collect::<Vec<_>>(), ["employer"]);
        assert_eq!(
            log[0].before.as_ref().expect("before")["employer"],
            serde_json::Value::Null
        );
        assert_eq!(log[1].action, "view_unmasked");
    }

    #[test]
    fn invalid_fields_and_duplicates_are_refused_and_nothing_changes() {
        let (mut conn, admin) = setup();
        let tx = conn.transaction().expect("tx");
        let first = create(&tx, admin, liu()).expect("create");
        let cases: Vec<(NewMember, &str, &str)> = vec![
            (
                NewMember {
                    name: "  ".into(),
                    ..liu()
                },
                "name",
                "empty",
            ),
            (
                NewMember {
                    name: "名".repeat(41),
                    ..liu()
                },
                "name",
                "too_long",
            ),
            (
                NewMember {
                    phone: Some("13812345678abc".into()),
                    ..liu()
                },
                "phone",
                "not_a_phone",
            ),
            (
                NewMember {
                    id_number: Some("110105194912310021".into()),
                    ..liu()
                },
                "id_number",
                "not_an_id_number",
            ),
            (
                NewMember {
                    email: Some("no-at-sign".into()),
                    ..liu()
                },
                "email",
                "not_an_email",
            ),
            (
                NewMember {
                    graduation_year: Some(208),
                    ..liu()
                },
                "graduation_year",
                "year_out_of_range",
            ),
            (
                NewMember {
                    employer: Some("单".repeat(201)),
                    ..liu()
                },
                "employer",
                "too_long",
            ),
        ];
        for (fields, field, reason) in cases {
            match create(&tx, admin, fields) {
                Err(MemberError::Invalid {
                    field: f,
                    reason: r,
                }) => assert_eq!((f, r), (field, reason)),
                other => panic!("{field}: {other:?}"),
            }
        }
        match create(
            &tx,
            admin,
            NewMember {
                name: "刘东智".into(),
                ..liu()
            },
        ) {
            Err(MemberError::Duplicate { field, other_id }) => {
                assert_eq!((field, other_id), ("id_number", first.id));
            }
            other => panic!("{other:?}"),
        }
        let count: i64 = tx
            .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
            .expect("n");
        assert_eq!(count, 1);
    }

    #[test]
    fn every_limit_of_the_table_of_fields_is_enforced() {
        use MemberField::*;
        for spec in FIELDS {
            let Some(max) = spec.max_chars else {
                continue;
            };
            let with = |chars: usize| {
                let mut m = NewMember {
                    name: "刘东志".into(),
                    ..NewMember::default()
                };
                match m.text_mut(spec.field) {
                    Some(slot) => *slot = Some("1".repeat(chars)),
                    None if spec.field == Name => m.name = "名".repeat(chars),
                    None => panic!("{:?} has a limit but no text to hold", spec.field),
                }
                m
            };
            match validate(&with(max + 1)) {
                Err(MemberError::Invalid { field, reason }) => {
                    assert_eq!((field, reason), (spec.column, "too_long"));
                }
                other => panic!("{:?}: {other:?}", spec.field),
            }
            // Phone, ID number and e-mail have their own shape; a run of 1s is not one.
            if !matches!(spec.field, Phone | IdNumber | Email) {
                assert!(validate(&with(max)).is_ok(), "{:?}", spec.field);
            }
        }
    }

    #[test]
    fn only_the_sensitive_fields_of_the_table_are_masked() {
        let member = Member {
            id: 1,
            fields: NewMember {
                name: "刘东志".into(),
                phone: Some("13812345678".into()),
                id_number: Some("11010519491231002X".into()),
                employer: Some("13812345678".into()),
                ..NewMember::default()
            },
            masked: false,
            archived_at: None,
            created_at: String::new(),
            updated_at: String::new(),
        };
        let shown = masked(member);
        assert!(shown.masked);
        assert_eq!(shown.fields.phone.as_deref(), Some("138****5678"));
        assert_eq!(
            shown.fields.id_number.as_deref(),
            Some("1101**********002X")
        );
        assert_eq!(shown.fields.employer.as_deref(), Some("13812345678"));
    }

    #[test]
    fn archive_keeps_the_record_and_can_be_undone() {
        let (mut conn, admin) = setup();
        let tx = conn.transaction().expect("tx");
        let id = MemberId(create(&tx, admin, liu()).expect("create").id);
        let archived = set_archived(&tx, admin, id, true).expect("archive");
        assert!(archived.archived_at.is_some());
        assert_eq!(super::super::count(&tx).expect("count"), 0);
        let back = set_archived(&tx, admin, id, false).expect("unarchive");
        assert!(back.archived_at.is_none());
        assert_eq!(
            detail(&tx, id).expect("detail").member.fields.name,
            "刘东志"
        );
        assert_eq!(
            detail(&tx, MemberId(999)).expect_err("missing").kind(),
            "not_found"
        );
    }

    #[test]
    fn merge_moves_links_and_archives_the_other_record() {
        let (mut conn, admin) = setup();
        let tx = conn.transaction().expect("tx");
        let keep = MemberId(create(&tx, admin, liu()).expect("create").id);
        let other = MemberId(
            create(
                &tx,
                admin,
                NewMember {
                    name: "刘东志".into(),
                    phone: Some("13900001111".into()),
                    id_number: None,
                    student_number: Some("S2008080007".into()),
                    employer: Some("华为技术有限公司".into()),
                    ..liu()
                },
            )
            .expect("create")
            .id,
        );
        let branch = crate::branches::insert(
            &tx,
            &crate::branches::NewBranch {
                name: "深圳校友会".into(),
                kind: crate::branches::BranchKind::Regional,
                parent: None,
                city: None,
                founded_on: None,
            },
        )
        .expect("branch");
        crate::branches::add_member(&tx, branch, other, crate::branches::BranchRole::Contact)
            .expect("role");
        let mut chosen = reveal(&tx, admin, keep).expect("reveal").fields;
        chosen.employer = Some("华为技术有限公司".into());
        chosen.student_number = Some("S2008080007".into());
        let merged = merge(&tx, admin, keep, other, chosen).expect("merge");
        assert_eq!(merged.fields.student_number.as_deref(), Some("S2008080007"));
        let places = detail(&tx, keep).expect("detail").branches;
        assert_eq!(places.len(), 1, "the branch moved to the kept record");
        assert!(load(&tx, other).expect("other").archived_at.is_some());
        assert_eq!(super::super::count(&tx).expect("count"), 1);
        assert!(matches!(
            merge(&tx, admin, keep, keep, liu()),
            Err(MemberError::Invalid {
                reason: "same_record",
                ..
            })
        ));
    }
}

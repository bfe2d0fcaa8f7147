//! One member's record as the office works on it: read it whole (masked), reveal the personal
//! data on an audited request, create, edit and archive it.
//!
//! Invariants: every change is validated first and written with its audit entry (before and
//! after) in the caller's transaction; the search keys are rewritten after every change; a
//! record is archived, never deleted, from here. The SQL is in `members/store.rs`.

use rusqlite::{Connection, Transaction};
use serde_json::json;

use super::fields::FIELDS;
pub use super::model::{BranchPlace, Member, MemberDetail, Position};
use super::model::{MemberField, MemberId, NewMember};
use super::{search, store};
use crate::audit::{self, Change};
use crate::error::ErrorKind;
use crate::staff::StaffId;
use crate::{branches, council, elections, meetings, DomainError};

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
    fn kind(&self) -> ErrorKind {
        match self {
            MemberError::NotFound { .. } => ErrorKind::NotFound,
            MemberError::Invalid { .. } => ErrorKind::InvalidInput,
            MemberError::Duplicate { .. } => ErrorKind::DuplicateMember,
            MemberError::Database(_) => ErrorKind::Internal,
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

fn load(conn: &Connection, id: MemberId) -> Result<Member, MemberError> {
    store::member(conn, id)?.ok_or(MemberError::NotFound { id: id.0 })
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
    let branches = store::branch_places(conn, id)?;
    let positions = store::positions_held(conn, id)?;
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
    for (field, value) in [
        (MemberField::IdNumber, &m.id_number),
        (MemberField::StudentNumber, &m.student_number),
    ] {
        let Some(value) = value else { continue };
        if let Some(other) = store::identity_holder(conn, field, value, except)? {
            return Err(MemberError::Duplicate {
                field: field.as_str(),
                other_id: other.0,
            });
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
    search::count_change(tx, None, Some(counted(&fields)))?;
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
    let before = load(tx, id)?;
    store::write_fields(tx, id, &fields)?;
    search::index(tx, id)?;
    search::count_change(tx, Some(counted(&before.fields)), Some(counted(&fields)))?;
    load(tx, id)
}

/// What a record weighs in search's filter counts.
fn counted(fields: &NewMember) -> search::CountedFields<'_> {
    (
        fields.college.as_deref(),
        fields.city.as_deref(),
        fields.graduation_year,
    )
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
        store::set_archived(tx, id, archived)?;
        search::index(tx, id)?;
        let action = if archived { "archive" } else { "unarchive" };
        audit::record(tx, actor, Change::new(action, "member", Some(id.0)))?;
    }
    Ok(masked(load(tx, id)?))
}

/// Merges two records of the same person: `keep` gets `fields` (chosen field by field), the
/// other's branches, council positions, meeting invitations and candidacies move to it (each
/// area moves its own rows: `branches`, `council`, `meetings` and `elections::reassign_member`),
/// and the other is archived with a note. Nothing is doubled: where `keep` already has the
/// membership or office, its own stays; an invitation to a meeting that already lists `keep`
/// stays with the archived record for staff to withdraw. One audit entry holds both records as
/// they were.
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
    store::release_identifiers(tx, other)?;
    // Each area moves its own rows: a membership or office the kept record already has is not
    // doubled, and a meeting that already lists the kept record keeps the other's attendee.
    branches::reassign_member(tx, other, keep)?;
    council::reassign_member(tx, other, keep)?;
    meetings::reassign_member(tx, other, keep)?;
    elections::reassign_member(tx, other, keep)?;
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
    store::archive_merged(tx, other, &note)?;
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
#[path = "record_tests.rs"]
mod tests;

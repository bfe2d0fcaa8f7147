//! The dry run: each data row classified against the register and against the earlier rows of
//! the same file, without writing anything.
//!
//! Invariants (DESIGN.md, "Identity"): the same ID number, student number or mobile phone is the
//! same person; the same name + graduation year + college without a shared identifier is a
//! probable duplicate for review; a row may fill a field that is empty on record; a field that
//! differs is never overwritten — the whole row goes to review and the record stays as it is.
//! Without an identifier in common, a row whose masked values (the app's own masked export)
//! match exactly one record of the same name is that person; a row that says nothing the
//! register does not already say of a member of that name is unchanged, so whatever the app
//! exports imports back as it is.
//! A person who appears twice in the file is imported once: a repeat that adds nothing is
//! unchanged, one that adds or differs is rejected with the first row's number.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde::Serialize;

use super::mapping::{ColumnMapping, Mapping};
use super::normalise::{self, comparable, phone_identity, RowValues};
use super::reason::{FieldConflict, RejectReason, ReviewReason, ReviewTarget};
use super::sheet::{Sheet, SheetRow};
use super::{ImportError, Phase, Progress, CHECK_EVERY};
use crate::members::{store, FieldValue, MemberField, MemberId, NewMember};

/// What the import will do with one row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// A new record.
    Insert {
        /// The record to add.
        member: Box<NewMember>,
    },
    /// Fields that are empty on a record are filled; nothing else changes.
    Update {
        /// The record.
        member_id: MemberId,
        /// The fields to fill, in stored form.
        fills: Vec<FieldValue>,
    },
    /// Nothing to do: the record (or an earlier row) already says all of it.
    Unchanged {
        /// The record, when the row is on record.
        member_id: Option<MemberId>,
        /// The earlier row of the file this one repeats.
        duplicate_of_row: Option<u32>,
    },
    /// Queued for a person to decide on.
    Review {
        /// What the row is compared with.
        target: ReviewTarget,
        /// Why.
        reason: ReviewReason,
        /// The row, normalised.
        member: Box<NewMember>,
    },
    /// Not imported; the user fixes the row and imports it again.
    Rejected {
        /// Why: the first problem, in field order.
        reason: RejectReason,
        /// The row's other problems, so the user fixes them all at once.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        more: Vec<RejectReason>,
    },
}

/// One data row and what will happen to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlannedRow {
    /// The row number the user sees in the spreadsheet.
    pub row: u32,
    /// Its place in [`Sheet::rows`], for the rejects file.
    #[serde(skip)]
    pub sheet_index: usize,
    /// What will happen.
    #[serde(flatten)]
    pub action: Action,
}

/// The outcome of a dry run, to show and then to apply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// The header's row number.
    pub header_row: u32,
    /// The header cells, for the rejects file.
    pub headers: Vec<String>,
    /// The field of each column, so a reason names the column as the file does.
    pub fields: ColumnMapping,
    /// Every data row, in file order.
    pub rows: Vec<PlannedRow>,
}

/// Who holds an identifier on record: usually one member; a phone may be shared.
#[derive(Debug)]
enum Owners {
    One(MemberId),
    Many(Vec<MemberId>),
}

impl Owners {
    fn add(&mut self, id: MemberId) {
        match self {
            Owners::One(first) if *first != id => *self = Owners::Many(vec![*first, id]),
            Owners::Many(ids) if !ids.contains(&id) => ids.push(id),
            _ => {}
        }
    }

    fn ids(&self) -> &[MemberId] {
        match self {
            Owners::One(id) => std::slice::from_ref(id),
            Owners::Many(ids) => ids,
        }
    }
}

/// The identifiers of a member as map keys, each with a prefix so one map holds all three.
fn identity_keys(member: &NewMember) -> Vec<String> {
    let mut keys = Vec::with_capacity(3);
    if let Some(id) = &member.id_number {
        keys.push(format!("i:{id}"));
    }
    if let Some(number) = &member.student_number {
        keys.push(format!("s:{number}"));
    }
    if let Some(phone) = member.phone.as_deref().and_then(phone_identity) {
        keys.push(format!("p:{phone}"));
    }
    keys
}

/// The probable-duplicate key: name, graduation year and college, all three present.
fn name_key(name: &str, year: Option<i32>, college: Option<&str>) -> Option<String> {
    Some(format!("{name}\u{1f}{}\u{1f}{}", year?, college?))
}

/// The register's identifiers, read in one scan and normalised as a file's would be.
struct Register {
    ids: HashMap<String, Owners>,
    names: HashMap<String, MemberId>,
    /// A hash of every record's name: most rows without an identifier in common are new people,
    /// whose names no record has, so the name index is asked only when one might.
    name_hashes: HashSet<u64>,
}

fn name_hash(name: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut hasher);
    hasher.finish()
}

impl Register {
    fn load(conn: &Connection) -> Result<Register, ImportError> {
        let mut ids: HashMap<String, Owners> = HashMap::new();
        let mut names = HashMap::new();
        let mut name_hashes = HashSet::new();
        store::for_each_identity(conn, |row| {
            let mut add = |key: String| match ids.get_mut(&key) {
                Some(owners) => owners.add(row.id),
                None => {
                    ids.insert(key, Owners::One(row.id));
                }
            };
            if let Some(id) = row.id_number.filter(|v| !v.trim().is_empty()) {
                add(format!("i:{}", comparable(MemberField::IdNumber, id)));
            }
            if let Some(number) = row.student_number.filter(|v| !v.trim().is_empty()) {
                add(format!(
                    "s:{}",
                    comparable(MemberField::StudentNumber, number)
                ));
            }
            if let Some(phone) = row.phone {
                if let Some(key) = phone_identity(&comparable(MemberField::Phone, phone)) {
                    add(format!("p:{key}"));
                }
            }
            let college = row.college.map(|c| comparable(MemberField::College, c));
            let name = comparable(MemberField::Name, row.name);
            name_hashes.insert(name_hash(&name));
            if let Some(key) = name_key(&name, row.graduation_year, college.as_deref()) {
                names.entry(key).or_insert(row.id);
            }
        })?;
        Ok(Register {
            ids,
            names,
            name_hashes,
        })
    }
}

/// Who a row without an identifier in common is, by its name.
enum NameMatch {
    /// The one record whose values masked alike.
    One(MemberId),
    /// Several records whose values masked alike.
    Several(Vec<MemberId>),
    /// Records the row says nothing new of: the one, or `None` when several.
    SaysNothingNew(Option<MemberId>),
}

struct Planner<'a> {
    conn: &'a Connection,
    sheet: &'a Sheet,
    columns: Vec<(MemberField, usize)>,
    register: Register,
    /// Identifier keys of this file's rows that were not rejected → the first such row.
    file_ids: HashMap<String, usize>,
    /// Probable-duplicate keys of this file's rows that will be inserted → that row.
    file_names: HashMap<String, usize>,
    rows: Vec<PlannedRow>,
}

impl Planner<'_> {
    fn classify(&mut self, row: &SheetRow) -> Result<Action, ImportError> {
        let RowValues {
            member,
            masked,
            damaged,
        } = match normalise::row(&row.cells, &self.columns) {
            Ok(values) => values,
            Err(mut problems) => {
                let reason = problems.remove(0);
                return Ok(Action::Rejected {
                    reason,
                    more: problems,
                });
            }
        };
        let keys = identity_keys(&member);
        let earlier = keys.iter().filter_map(|k| self.file_ids.get(k)).min();
        if let Some(&earlier) = earlier {
            return self.repeat_of(earlier, &member);
        }
        let mut matched: Vec<MemberId> = Vec::new();
        for owners in keys.iter().filter_map(|k| self.register.ids.get(k)) {
            for id in owners.ids() {
                if !matched.contains(id) {
                    matched.push(*id);
                }
            }
        }
        let index = self.rows.len();
        let incoming = (!damaged.is_empty()).then(|| member.clone());
        let action = match matched.as_slice() {
            [] => match self.same_name(&member, &masked)? {
                Some(NameMatch::One(id)) => self.same_person(id, member)?,
                Some(NameMatch::Several(members)) => Action::Review {
                    target: ReviewTarget::Member { member: members[0] },
                    reason: ReviewReason::AmbiguousMatch { members },
                    member: Box::new(member),
                },
                Some(NameMatch::SaysNothingNew(member_id)) => Action::Unchanged {
                    member_id,
                    duplicate_of_row: None,
                },
                None => self.new_person(member, index),
            },
            [id] => self.same_person(*id, member)?,
            [first, ..] => Action::Review {
                target: ReviewTarget::Member { member: *first },
                reason: ReviewReason::AmbiguousMatch { members: matched },
                member: Box::new(member),
            },
        };
        for key in keys {
            self.file_ids.entry(key).or_insert(index);
        }
        if damaged.is_empty() {
            return Ok(action);
        }
        // Damaged text is never stored unseen: whatever the row would have done waits for a
        // person, beside the record it concerns if any.
        let (target, member) = match action {
            Action::Insert { member } => (ReviewTarget::NewRecord, member),
            Action::Review { target, member, .. } => (target, member),
            Action::Update { member_id, .. }
            | Action::Unchanged {
                member_id: Some(member_id),
                ..
            } => (
                ReviewTarget::Member { member: member_id },
                Box::new(incoming.unwrap_or_default()),
            ),
            other => return Ok(other),
        };
        Ok(Action::Review {
            target,
            reason: ReviewReason::DamagedText { fields: damaged },
            member,
        })
    }

    /// Records of the row's name that the row is about, when it shares no identifier with any:
    /// with masked values, the records whose own values masked alike; without, the records of
    /// which the row says nothing new (every value it has is on record, none differs).
    fn same_name(
        &self,
        member: &NewMember,
        masked: &[(MemberField, String)],
    ) -> Result<Option<NameMatch>, ImportError> {
        if !self.register.name_hashes.contains(&name_hash(&member.name)) {
            return Ok(None);
        }
        // Looked up when needed (most rows share an identifier), through the name index.
        let candidates = store::ids_named(self.conn, &member.name)?;
        let mut agreeing = Vec::new();
        for id in candidates {
            let Some(stored) = store::stored(self.conn, id)? else {
                return Err(ImportError::RecordsChanged);
            };
            let agrees = if masked.is_empty() {
                self.columns.iter().all(|&(field, _)| {
                    member.field_text(field).is_none_or(|in_file| {
                        stored
                            .fields
                            .field_text(field)
                            .is_some_and(|v| comparable(field, &v) == in_file)
                    })
                })
            } else {
                masked.iter().all(|(field, text)| {
                    stored
                        .fields
                        .field_text(*field)
                        .and_then(|v| field.mask(&v))
                        .is_some_and(|m| m == *text)
                })
            };
            if agrees {
                agreeing.push(id);
            }
        }
        Ok(match (masked.is_empty(), agreeing.as_slice()) {
            (_, []) => None,
            (true, [id]) => Some(NameMatch::SaysNothingNew(Some(*id))),
            (true, _) => Some(NameMatch::SaysNothingNew(None)),
            (false, [id]) => Some(NameMatch::One(*id)),
            (false, _) => Some(NameMatch::Several(agreeing)),
        })
    }

    /// No identifier on record: a probable duplicate of a record or an earlier row, else new.
    fn new_person(&mut self, member: NewMember, index: usize) -> Action {
        let key = name_key(
            &member.name,
            member.graduation_year,
            member.college.as_deref(),
        );
        if let Some(key) = key {
            if let Some(id) = self.register.names.get(&key) {
                return Action::Review {
                    target: ReviewTarget::Member { member: *id },
                    reason: ReviewReason::ProbableDuplicate,
                    member: Box::new(member),
                };
            }
            if let Some(&earlier) = self.file_names.get(&key) {
                return Action::Review {
                    target: ReviewTarget::Row {
                        row: self.rows[earlier].row,
                        index: earlier,
                    },
                    reason: ReviewReason::ProbableDuplicate,
                    member: Box::new(member),
                };
            }
            self.file_names.insert(key, index);
        }
        Action::Insert {
            member: Box::new(member),
        }
    }

    /// An identifier on record: fill what is empty, or review what differs.
    fn same_person(&self, id: MemberId, member: NewMember) -> Result<Action, ImportError> {
        let Some(stored) = store::stored(self.conn, id)? else {
            return Err(ImportError::RecordsChanged);
        };
        let target = ReviewTarget::Member { member: id };
        if stored.archived {
            return Ok(Action::Review {
                target,
                reason: ReviewReason::ArchivedMatch,
                member: Box::new(member),
            });
        }
        let mut fills = Vec::new();
        let mut conflicts = Vec::new();
        for &(field, _) in &self.columns {
            let Some(in_file) = member.field_text(field) else {
                continue;
            };
            match stored.fields.field_text(field) {
                None => fills.push(FieldValue {
                    field,
                    value: in_file.into_owned(),
                }),
                Some(on_record) if comparable(field, &on_record) != in_file => {
                    conflicts.push(FieldConflict {
                        field,
                        on_record: on_record.into_owned(),
                        in_file: in_file.into_owned(),
                    })
                }
                Some(_) => {}
            }
        }
        Ok(if !conflicts.is_empty() {
            Action::Review {
                target,
                reason: ReviewReason::Conflict { conflicts },
                member: Box::new(member),
            }
        } else if !fills.is_empty() {
            Action::Update {
                member_id: id,
                fills,
            }
        } else {
            Action::Unchanged {
                member_id: Some(id),
                duplicate_of_row: None,
            }
        })
    }

    /// A person already met earlier in this file: unchanged when the row adds nothing to that
    /// row and its record, rejected otherwise (imported later, from the rejects file).
    fn repeat_of(&self, earlier: usize, member: &NewMember) -> Result<Action, ImportError> {
        let first = &self.rows[earlier];
        let first_values = self
            .sheet
            .rows
            .get(first.sheet_index)
            .and_then(|r| normalise::row(&r.cells, &self.columns).ok())
            .map(|values| values.member);
        let member_id = match &first.action {
            Action::Update { member_id, .. } => Some(*member_id),
            Action::Unchanged { member_id, .. } => *member_id,
            Action::Review {
                target: ReviewTarget::Member { member },
                ..
            } => Some(*member),
            _ => None,
        };
        let stored = match member_id {
            Some(id) => store::stored(self.conn, id)?,
            None => None,
        };
        let covered = self.columns.iter().all(|&(field, _)| {
            let Some(value) = member.field_text(field) else {
                return true;
            };
            let same_as = |other: Option<&NewMember>| {
                other
                    .and_then(|m| m.field_text(field))
                    .is_some_and(|v| comparable(field, &v) == value)
            };
            same_as(first_values.as_ref()) || same_as(stored.as_ref().map(|s| &s.fields))
        });
        Ok(if covered {
            Action::Unchanged {
                member_id,
                duplicate_of_row: Some(first.row),
            }
        } else {
            Action::Rejected {
                reason: RejectReason::DuplicateInFile {
                    first_row: first.row,
                },
                more: Vec::new(),
            }
        })
    }
}

/// A header repeated further down (files printed page by page repeat it): most mapped cells
/// equal the header's.
fn repeats_header(row: &SheetRow, mapping: &Mapping, columns: &[(MemberField, usize)]) -> bool {
    let same = columns
        .iter()
        .filter(|(_, c)| {
            let cell = row.cells.get(*c).map(|s| s.trim());
            cell.is_some_and(|v| {
                !v.is_empty() && Some(v) == mapping.headers.get(*c).map(|h| h.trim())
            })
        })
        .count();
    same * 2 > columns.len()
}

/// Classifies every data row of `sheet` under `mapping` against the register, writing nothing.
/// Reports progress every few hundred rows and stops with [`ImportError::Cancelled`] when
/// `cancel` is set.
pub fn plan(
    conn: &Connection,
    sheet: &Sheet,
    mapping: &Mapping,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Plan, ImportError> {
    mapping.validate()?;
    let columns = normalise::columns(&mapping.fields);
    let first_data = sheet
        .rows
        .iter()
        .position(|r| r.number > mapping.header_row)
        .unwrap_or(sheet.rows.len());
    let total = sheet.rows.len() - first_data;
    progress(Progress::new(Phase::Planning, 0, total));
    let mut planner = Planner {
        conn,
        sheet,
        register: Register::load(conn)?,
        columns,
        file_ids: HashMap::new(),
        file_names: HashMap::new(),
        rows: Vec::with_capacity(total),
    };
    for (done, (sheet_index, row)) in sheet.rows.iter().enumerate().skip(first_data).enumerate() {
        if done > 0 && done.is_multiple_of(CHECK_EVERY) {
            progress(Progress::new(Phase::Planning, done, total));
            if cancel.load(Ordering::Relaxed) {
                return Err(ImportError::Cancelled);
            }
        }
        if repeats_header(row, mapping, &planner.columns) {
            continue;
        }
        let action = planner.classify(row)?;
        planner.rows.push(PlannedRow {
            row: row.number,
            sheet_index,
            action,
        });
    }
    if cancel.load(Ordering::Relaxed) {
        return Err(ImportError::Cancelled);
    }
    progress(Progress::new(Phase::Planning, total, total));
    Ok(Plan {
        header_row: mapping.header_row,
        headers: mapping.headers.clone(),
        fields: mapping.fields.clone(),
        rows: planner.rows,
    })
}

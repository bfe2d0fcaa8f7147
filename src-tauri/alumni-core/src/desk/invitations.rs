//! The attendee list for the three doors: members invited by term, branch, a picked list or
//! a spreadsheet (through the members import's reading, header detection and identity rules);
//! guests added by hand or from a spreadsheet; an attendee changed, withdrawn or substituted;
//! per-branch quotas.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use serde_json::json;

use super::meeting_prep::text_field;
use super::Desk;
use crate::audit::{self, Change};
use crate::council::TermId;
use crate::error::AppError;
use crate::invitations::{
    self, AlreadyInvited, AttendeeChange, AttendeeExtras, GuestForm, InviteOptions, InviteReport,
    Invitee, ListedAttendee, QuotaLine, Rejected,
};
use crate::meetings::{self, AttendeeId, Category, MeetingId, NewAttendee};
use crate::members::import::{self, Action, ReviewTarget};
use crate::members::MemberId;
use crate::staff::StaffId;
use crate::storage::{Connection, Transaction};

/// The longest name, unit or title typed for a guest, in characters.
pub const MAX_GUEST_FIELD_CHARS: usize = 60;

/// Whether a member was put on the list or found there.
enum Listed {
    Added(AttendeeId),
    Already(AlreadyInvited),
}

/// Counts one person of a batch in its report.
fn tally(report: &mut InviteReport, listed: Listed) {
    match listed {
        Listed::Added(_) => report.added += 1,
        Listed::Already(found) => {
            report.already += 1;
            report.already_invited.push(found);
        }
    }
}

/// Puts one member on the list (a withdrawn row of theirs is reinstated), or finds them there.
fn put_on_list(
    tx: &Transaction,
    meeting: MeetingId,
    who: &Invitee,
    category: Category,
    group: Option<&str>,
    branch: Option<i64>,
) -> Result<Listed, AppError> {
    if let Some((found, withdrawn)) = invitations::on_list(tx, meeting, who.member)? {
        if !withdrawn {
            return Ok(Listed::Already(found));
        }
        invitations::reinstate(tx, found.attendee_id, category, group)?;
        invitations::set_branch(tx, found.attendee_id, branch)?;
        return Ok(Listed::Added(found.attendee_id));
    }
    let badge_token = meetings::issue_badge_token(tx, &mut rand::rng())?;
    let id = meetings::add_attendee(
        tx,
        meeting,
        &NewAttendee {
            member: Some(who.member),
            name: who.name.clone(),
            unit: who.unit.clone(),
            job_title: who.job_title.clone(),
            category,
            group: group.map(str::to_owned),
            group_order: 0,
            protocol_order: None,
            voting: category.votes_by_default(),
            seat: None,
            badge_token,
        },
    )?;
    invitations::set_branch(tx, id, branch)?;
    Ok(Listed::Added(id))
}

/// Invites a batch in one transaction, counting who was already there; audited as one entry.
fn invite_batch(
    tx: &Transaction,
    actor: StaffId,
    meeting: MeetingId,
    invitees: &[Invitee],
    options: &InviteOptions,
    branch: Option<(i64, String)>,
    source: serde_json::Value,
) -> Result<InviteReport, AppError> {
    meetings::get(tx, meeting)?;
    let category = options.category.unwrap_or(Category::Delegate);
    let group = options
        .group
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .or_else(|| branch.as_ref().map(|(_, name)| name.clone()));
    let mut report = InviteReport::default();
    for who in invitees {
        tally(
            &mut report,
            put_on_list(
                tx,
                meeting,
                who,
                category,
                group.as_deref(),
                branch.as_ref().map(|b| b.0),
            )?,
        );
    }
    audit::record(
        tx,
        actor,
        Change::new("invite", "meeting", Some(meeting.0)).after(Some(json!({
            "source": source,
            "category": category,
            "group": group,
            "added": report.added,
            "already": report.already,
        }))),
    )?;
    Ok(report)
}

/// The rows of a member list file that identify members on record, and those that do not.
fn members_in_file(
    conn: &Connection,
    path: &Path,
) -> Result<(Vec<Invitee>, Vec<Rejected>), AppError> {
    let sheet = import::read_file(path)?;
    let mapping = import::detect_mapping(&sheet)?;
    let plan = import::plan(conn, &sheet, &mapping, &|_| {}, &AtomicBool::new(false))?;
    let mut ids = Vec::new();
    let mut rejected = Vec::new();
    for row in &plan.rows {
        match &row.action {
            Action::Update { member_id, .. }
            | Action::Unchanged {
                member_id: Some(member_id),
                ..
            } => ids.push((row.row, *member_id)),
            Action::Unchanged {
                member_id: None,
                duplicate_of_row,
            } => rejected.push(Rejected {
                row: row.row,
                reason: match duplicate_of_row {
                    Some(first) => format!("与第 {first} 行是同一人"),
                    None => "未能确定是哪位校友".to_owned(),
                },
            }),
            Action::Insert { .. } => rejected.push(Rejected {
                row: row.row,
                reason: "校友名册中没有此人（请核对手机号、学号或身份证号）".to_owned(),
            }),
            Action::Review { target, .. } => rejected.push(Rejected {
                row: row.row,
                reason: match target {
                    ReviewTarget::Member { member } => format!(
                        "与名册中的校友（编号 {}）可能是同一人，但信息不一致：请先在校友名册中核对",
                        member.0
                    ),
                    _ => "可能与名册中的校友重复：请先在校友名册中核对".to_owned(),
                },
            }),
            Action::Rejected { reason, .. } => rejected.push(Rejected {
                row: row.row,
                reason: reason.zh(),
            }),
        }
    }
    let members: Vec<MemberId> = ids.iter().map(|(_, id)| *id).collect();
    Ok((invitations::invitees_by_ids(conn, &members)?, rejected))
}

/// A guest's typed field, as every typed text field (at most [`MAX_GUEST_FIELD_CHARS`]).
fn trimmed(field: &str, value: Option<&str>, required: bool) -> Result<Option<String>, AppError> {
    text_field(field, value, MAX_GUEST_FIELD_CHARS, required)
}

/// Adds a guest row (no member), or finds the same guest (name and unit) on the list.
fn add_guest_row(
    tx: &Transaction,
    meeting: MeetingId,
    guest: &GuestForm,
) -> Result<Listed, AppError> {
    let name = trimmed("name", Some(&guest.name), true)?.unwrap_or_default();
    let unit = trimmed("unit", guest.unit.as_deref(), false)?;
    if let Some(found) = invitations::guest_on_list(tx, meeting, &name, unit.as_deref())? {
        return Ok(Listed::Already(found));
    }
    let category = guest.category.unwrap_or(Category::Guest);
    let badge_token = meetings::issue_badge_token(tx, &mut rand::rng())?;
    Ok(Listed::Added(meetings::add_attendee(
        tx,
        meeting,
        &NewAttendee {
            member: None,
            name,
            unit,
            job_title: trimmed("job_title", guest.job_title.as_deref(), false)?,
            category,
            group: trimmed("group", guest.group.as_deref(), false)?,
            group_order: 0,
            protocol_order: guest.protocol_order,
            voting: category.votes_by_default(),
            seat: None,
            badge_token,
        },
    )?))
}

/// The error for someone already on the list: who, and as what.
fn already_on_list(field: &str, found: &AlreadyInvited) -> AppError {
    AppError::new(
        crate::error::ErrorKind::InvalidInput,
        json!({
            "field": field, "reason": "already_on_list",
            "name": found.name, "category": found.category, "group": found.group,
        }),
        format!(
            "{} is on the list already ({}{})",
            found.name,
            found.category.as_str(),
            found
                .group
                .as_deref()
                .map(|g| format!(", {g}"))
                .unwrap_or_default()
        ),
    )
}

fn attendee_meeting(conn: &Connection, attendee: AttendeeId) -> Result<MeetingId, AppError> {
    Ok(invitations::meeting_of(conn, attendee)?
        .ok_or(meetings::MeetingError::AttendeeNotFound { id: attendee.0 })?)
}

impl Desk {
    /// A meeting's current attendees in protocol order, with what staff edit and the
    /// pinyin keys the list's filter matches. Errors: `not_found`.
    pub fn meeting_attendees(&self, meeting: MeetingId) -> Result<Vec<ListedAttendee>, AppError> {
        self.read(|conn| {
            let rows = meetings::attendees(conn, meeting)?;
            let mut extras: std::collections::HashMap<_, _> =
                invitations::attendee_extras(conn, meeting)?
                    .into_iter()
                    .map(|e| (e.id, e))
                    .collect();
            Ok(rows
                .into_iter()
                .map(|row| {
                    let (pinyin, initials) = crate::members::name_pinyin(&row.name);
                    let extras = extras.remove(&row.id).unwrap_or(AttendeeExtras {
                        id: row.id,
                        member_id: None,
                        job_title: None,
                        protocol_order: None,
                        branch_id: None,
                        rsvp: invitations::Rsvp::Pending,
                    });
                    ListedAttendee {
                        row,
                        extras,
                        pinyin,
                        initials,
                    }
                })
                .collect())
        })
    }

    /// Invites every member holding a position in a council term (one transaction; audited).
    /// Errors: `not_found` (meeting or term).
    pub fn invite_term(
        &self,
        meeting: MeetingId,
        term: TermId,
        options: &InviteOptions,
    ) -> Result<InviteReport, AppError> {
        self.write(|tx, actor| {
            if !crate::council::list_terms(tx)?.iter().any(|t| t.id == term) {
                return Err(AppError::not_found(
                    "term",
                    term.0,
                    format!("no term with id {}", term.0),
                ));
            }
            let invitees = invitations::invitees_of_term(tx, term)?;
            invite_batch(
                tx,
                actor.id,
                meeting,
                &invitees,
                options,
                None,
                json!({ "term": term.0 }),
            )
        })
    }

    /// Invites every member of a branch, the branch as their delegation (unless another is
    /// given) and as the branch they represent for its quota. Errors: `not_found`.
    pub fn invite_branch(
        &self,
        meeting: MeetingId,
        branch: i64,
        options: &InviteOptions,
    ) -> Result<InviteReport, AppError> {
        self.write(|tx, actor| {
            let name = invitations::branch_exists(tx, branch)?.ok_or_else(|| {
                AppError::not_found("branch", branch, format!("no branch with id {branch}"))
            })?;
            let invitees = invitations::invitees_of_branch(tx, branch)?;
            invite_batch(
                tx,
                actor.id,
                meeting,
                &invitees,
                options,
                Some((branch, name)),
                json!({ "branch": branch }),
            )
        })
    }

    /// Invites members picked one by one. Errors: `not_found` (meeting).
    pub fn invite_members(
        &self,
        meeting: MeetingId,
        members: &[MemberId],
        options: &InviteOptions,
    ) -> Result<InviteReport, AppError> {
        self.write(|tx, actor| {
            let invitees = invitations::invitees_by_ids(tx, members)?;
            invite_batch(
                tx,
                actor.id,
                meeting,
                &invitees,
                options,
                None,
                json!({ "members": members.len() }),
            )
        })
    }

    /// Invites the members listed in a spreadsheet (.xlsx, .xls, .csv — title rows, merged
    /// headers and numbers-as-phones read as the members import reads them), each row matched
    /// to the register by the import's identity rules (ID number, student number, phone); a
    /// row that matches nobody, only probably, or is damaged is rejected with its row number.
    /// Errors: the import's reading errors (`unreadable`, `not_a_spreadsheet`, …), `not_found`.
    pub fn invite_from_file(
        &self,
        meeting: MeetingId,
        path: &Path,
        options: &InviteOptions,
    ) -> Result<InviteReport, AppError> {
        let (invitees, rejected) = self.read(|conn| members_in_file(conn, path))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let mut report = self.write(|tx, actor| {
            invite_batch(
                tx,
                actor.id,
                meeting,
                &invitees,
                options,
                None,
                json!({ "file": name }),
            )
        })?;
        report.rejected = rejected;
        Ok(report)
    }

    /// Adds one guest (not a member; default 特邀嘉宾, no vote) with a badge (audited).
    /// Errors: `not_found` (meeting), `invalid_input` (`name` empty; a field over
    /// [`MAX_GUEST_FIELD_CHARS`]).
    pub fn add_guest(&self, meeting: MeetingId, guest: &GuestForm) -> Result<AttendeeId, AppError> {
        self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            let id = match add_guest_row(tx, meeting, guest)? {
                Listed::Added(id) => id,
                Listed::Already(found) => return Err(already_on_list("name", &found)),
            };
            audit::record(
                tx,
                actor.id,
                Change::new("add_guest", "attendee", Some(id.0)).after(Some(
                    json!({ "meeting": meeting.0, "name": guest.name.trim() }),
                )),
            )?;
            Ok(id)
        })
    }

    /// Adds the guests of a spreadsheet (姓名, 单位, 职务 columns found as the members import
    /// finds them) in one transaction: a row whose person is a member on record is invited as
    /// that member (never twice); a row with a bad or damaged value (a phone Excel rounded, a
    /// name damaged by an encoding) is rejected with its row number and nothing of it stored.
    /// Errors: the import's reading errors, `not_found`.
    pub fn import_guests(
        &self,
        meeting: MeetingId,
        path: &Path,
        options: &InviteOptions,
    ) -> Result<InviteReport, AppError> {
        let sheet = import::read_file(path)?;
        let mapping = import::detect_mapping(&sheet)?;
        let plan = self.read(|conn| {
            Ok(import::plan(
                conn,
                &sheet,
                &mapping,
                &|_| {},
                &AtomicBool::new(false),
            )?)
        })?;
        let category = options.category.unwrap_or(Category::Guest);
        let file = path.file_name().map(|n| n.to_string_lossy().into_owned());
        self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            let mut report = InviteReport::default();
            for row in &plan.rows {
                let member = match &row.action {
                    Action::Update { member_id, .. }
                    | Action::Unchanged {
                        member_id: Some(member_id),
                        ..
                    } => Some(*member_id),
                    Action::Insert { member } | Action::Review { member, .. } => {
                        let guest = GuestForm {
                            name: member.name.clone(),
                            unit: member.employer.clone(),
                            job_title: member.job_title.clone(),
                            category: Some(category),
                            group: options.group.clone(),
                            protocol_order: None,
                        };
                        match add_guest_row(tx, meeting, &guest) {
                            Ok(listed) => tally(&mut report, listed),
                            Err(e) => report.rejected.push(Rejected {
                                row: row.row,
                                reason: e.message.clone(),
                            }),
                        }
                        continue;
                    }
                    Action::Unchanged {
                        member_id: None,
                        duplicate_of_row,
                    } => {
                        report.rejected.push(Rejected {
                            row: row.row,
                            reason: format!("与第 {} 行是同一人", duplicate_of_row.unwrap_or(0)),
                        });
                        continue;
                    }
                    Action::Rejected { reason, .. } => {
                        report.rejected.push(Rejected {
                            row: row.row,
                            reason: reason.zh(),
                        });
                        continue;
                    }
                };
                if let Some(member) = member {
                    let invitee = &invitations::invitees_by_ids(tx, &[member])?;
                    let Some(who) = invitee.first() else { continue };
                    tally(
                        &mut report,
                        put_on_list(tx, meeting, who, category, options.group.as_deref(), None)?,
                    );
                }
            }
            audit::record(
                tx,
                actor.id,
                Change::new("import_guests", "meeting", Some(meeting.0)).after(Some(json!({
                    "file": file,
                    "added": report.added,
                    "already": report.already,
                    "rejected": report.rejected.len(),
                }))),
            )?;
            Ok(report)
        })
    }

    /// Changes an attendee's credential, delegation, vote, unit, title, rank and RSVP
    /// (audited). Errors: `not_found`, `invalid_input` for a field over
    /// [`MAX_GUEST_FIELD_CHARS`].
    pub fn update_attendee(
        &self,
        attendee: AttendeeId,
        change: &AttendeeChange,
    ) -> Result<(), AppError> {
        let mut change = change.clone();
        change.group = trimmed("group", change.group.as_deref(), false)?;
        change.unit = trimmed("unit", change.unit.as_deref(), false)?;
        change.job_title = trimmed("job_title", change.job_title.as_deref(), false)?;
        self.write(|tx, actor| {
            attendee_meeting(tx, attendee)?;
            invitations::set_attendee(tx, attendee, &change)?;
            audit::record(
                tx,
                actor.id,
                Change::new("update_attendee", "attendee", Some(attendee.0)).after(Some(json!({
                    "category": change.category,
                    "group": change.group,
                    "voting": change.voting,
                    "rsvp": change.rsvp,
                }))),
            )?;
            Ok(())
        })
    }

    /// Takes an attendee off the list (kept as withdrawn; audited). Errors: `not_found`.
    pub fn withdraw_attendee(&self, attendee: AttendeeId) -> Result<(), AppError> {
        self.write(|tx, actor| {
            attendee_meeting(tx, attendee)?;
            invitations::withdraw(tx, attendee)?;
            audit::record(
                tx,
                actor.id,
                Change::new("withdraw_attendee", "attendee", Some(attendee.0)),
            )?;
            Ok(())
        })
    }

    /// 代表替换: `substitute` — a member (put on the list if not there) or a guest — takes over
    /// the delegate's vote, credential, delegation, branch and seat, with a badge of their
    /// own; the delegate is withdrawn. One transaction, audited. Errors: `not_found`;
    /// `invalid_input` field `substitute` reason `already_on_list` (the member is on the list
    /// already: change their row instead).
    pub fn substitute_delegate(
        &self,
        delegate: AttendeeId,
        member: Option<MemberId>,
        guest: Option<&GuestForm>,
    ) -> Result<AttendeeId, AppError> {
        self.write(|tx, actor| {
            let meeting = attendee_meeting(tx, delegate)?;
            let new = match (member, guest) {
                (Some(member), _) => {
                    let found = invitations::invitees_by_ids(tx, &[member])?;
                    let who = found.first().ok_or_else(|| {
                        AppError::not_found(
                            "member",
                            member.0,
                            format!("no member with id {}", member.0),
                        )
                    })?;
                    match put_on_list(tx, meeting, who, Category::Delegate, None, None)? {
                        Listed::Added(id) => id,
                        Listed::Already(found) => {
                            return Err(already_on_list("substitute", &found))
                        }
                    }
                }
                (None, Some(guest)) => match add_guest_row(tx, meeting, guest)? {
                    Listed::Added(id) => id,
                    Listed::Already(found) => return Err(already_on_list("substitute", &found)),
                },
                (None, None) => {
                    return Err(AppError::invalid(
                        "substitute",
                        "empty",
                        "say who substitutes the delegate",
                    ))
                }
            };
            invitations::substitute(tx, delegate, new)?;
            audit::record(
                tx,
                actor.id,
                Change::new("substitute_delegate", "attendee", Some(delegate.0))
                    .after(Some(json!({ "substitute": new.0 }))),
            )?;
            Ok(new)
        })
    }

    /// Sets (or removes with `None`) a branch's delegate quota at a meeting; the quota report
    /// after it. Errors: `not_found`.
    pub fn set_quota(
        &self,
        meeting: MeetingId,
        branch: i64,
        quota: Option<u32>,
    ) -> Result<Vec<QuotaLine>, AppError> {
        self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            invitations::branch_exists(tx, branch)?.ok_or_else(|| {
                AppError::not_found("branch", branch, format!("no branch with id {branch}"))
            })?;
            invitations::set_quota(tx, meeting, branch, quota)?;
            audit::record(
                tx,
                actor.id,
                Change::new("set_quota", "meeting", Some(meeting.0))
                    .after(Some(json!({ "branch": branch, "quota": quota }))),
            )?;
            Ok(invitations::quota_report(tx, meeting)?)
        })
    }

    /// Each branch's voting delegates against its quota (`over` marks the warnings).
    /// Errors: `not_found`.
    pub fn quotas(&self, meeting: MeetingId) -> Result<Vec<QuotaLine>, AppError> {
        self.read(|conn| {
            meetings::get(conn, meeting)?;
            Ok(invitations::quota_report(conn, meeting)?)
        })
    }
}

//! Meetings prepared in the app: created, changed, copied from a past one as a template, moved
//! through their status, and the readiness checklist the workspace shows.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use super::Desk;
use crate::agenda;
use crate::audit::{self, Change};
use crate::checkin;
use crate::elections;
use crate::error::AppError;
use crate::meetings::{self, MeetingDetail, MeetingForm, MeetingId, MeetingStatus, NewMeeting};
use crate::storage::{Connection, Transaction};
use crate::timestamps;

/// The longest meeting title, in characters (it heads every document).
pub const MAX_MEETING_TITLE_CHARS: usize = 80;
/// The longest venue, in characters.
pub const MAX_VENUE_CHARS: usize = 60;

/// A meeting to make from a past one: its new title and start.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct CopyForm {
    /// The new meeting's title.
    pub title: String,
    /// Its start, RFC 3339 with an offset.
    pub starts_at: String,
}

/// One line of the readiness checklist.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadinessItem {
    /// `agenda_set`, `invitations_printed`, `badges_printed`, `ballots_printed`,
    /// `quorum_threshold_set`.
    pub code: &'static str,
    /// Whether it is done.
    pub done: bool,
    /// Figures for the sentence (counts, the fraction).
    pub params: Value,
}

/// A time typed as RFC 3339 with an offset, or a wall-clock time in the association's zone
/// ([`timestamps::parse_typed`]), as stored UTC text. Errors: `invalid_input` reason
/// `not_a_time`.
fn utc_text(field: &str, text: &str) -> Result<(String, DateTime<Utc>), AppError> {
    let at = timestamps::parse_typed(text).ok_or_else(|| {
        AppError::invalid(
            field,
            "not_a_time",
            format!("{field} must be a time such as 2026-12-19T09:00 or 2026-12-19T09:00:00+08:00, not {text:?}"),
        )
    })?;
    Ok((timestamps::to_text(at), at))
}

/// A typed text field: trimmed, `None` when empty. Errors: `invalid_input` reason `empty`
/// (when `required`) or `too_long` (over `max` characters).
pub(super) fn text_field(
    field: &str,
    value: Option<&str>,
    max: usize,
    required: bool,
) -> Result<Option<String>, AppError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None if required => Err(AppError::invalid(
            field,
            "empty",
            format!("{field} is empty"),
        )),
        Some(v) if v.chars().count() > max => Err(AppError::invalid(
            field,
            "too_long",
            format!("{field} is longer than {max} characters"),
        )),
        _ => Ok(value.map(str::to_owned)),
    }
}

/// Checks a form: title, times (end after start), venue, notes and the quorum fraction.
fn checked(form: &MeetingForm) -> Result<(NewMeeting, Option<String>), AppError> {
    let title =
        text_field("title", Some(&form.title), MAX_MEETING_TITLE_CHARS, true)?.unwrap_or_default();
    let (starts_at, start) = utc_text("starts_at", &form.starts_at)?;
    let ends_at = match form
        .ends_at
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(text) => {
            let (text, end) = utc_text("ends_at", text)?;
            if end <= start {
                return Err(AppError::invalid(
                    "ends_at",
                    "before_start",
                    "the meeting must end after it starts",
                ));
            }
            Some(text)
        }
        None => None,
    };
    if let Some((n, d)) = form.quorum {
        if n == 0 || d == 0 || n > d || d > 100 {
            return Err(AppError::invalid(
                "quorum",
                "not_a_fraction",
                format!("the quorum must be a fraction such as 2/3, not {n}/{d}"),
            ));
        }
    }
    let notes = text_field("notes", form.notes.as_deref(), 20_000, false)?;
    Ok((
        NewMeeting {
            title,
            kind: form.kind,
            expanded: form.expanded,
            term: form.term,
            starts_at,
            ends_at,
            venue: text_field("venue", form.venue.as_deref(), MAX_VENUE_CHARS, false)?,
        },
        notes,
    ))
}

fn to_json(value: &impl Serialize) -> Result<Value, AppError> {
    serde_json::to_value(value).map_err(AppError::internal)
}

/// Writes a new meeting's fields (the insert leaves notes and quorum to `update`).
fn write_new(tx: &Transaction, form: &MeetingForm) -> Result<MeetingId, AppError> {
    let (fields, notes) = checked(form)?;
    let id = meetings::insert(tx, &fields)?;
    meetings::update(tx, id, &fields, notes.as_deref(), form.quorum)?;
    Ok(id)
}

/// The readiness checklist of a meeting.
fn readiness(conn: &Connection, meeting: MeetingId) -> Result<Vec<ReadinessItem>, AppError> {
    let detail = meetings::detail(conn, meeting)?;
    let items = agenda::list(conn, meeting)?.len();
    let printed = crate::documents::runs::list(conn, meeting)?;
    let runs = |document: &str| printed.iter().filter(|r| r.document == document).count();
    let elections = elections::list(conn, meeting)?;
    let open: Vec<_> = elections.iter().filter(|e| e.status != "closed").collect();
    // Every election still to hold has its own ballot papers printed.
    let ballots_done = open.iter().all(|e| {
        printed
            .iter()
            .any(|r| r.document == "ballots" && r.election_id == Some(e.id.0))
    });
    let ballots = runs("ballots");
    let attendance = checkin::attendance(conn, meeting, Utc::now())?;
    Ok(vec![
        ReadinessItem {
            code: "agenda_set",
            done: items > 0,
            params: json!({ "items": items }),
        },
        ReadinessItem {
            code: "invitations_printed",
            done: runs("invitations") > 0,
            params: json!({ "runs": runs("invitations") }),
        },
        ReadinessItem {
            code: "badges_printed",
            done: runs("badges") > 0,
            params: json!({ "runs": runs("badges") }),
        },
        ReadinessItem {
            code: "ballots_printed",
            // Nothing to print without an election still to hold.
            done: ballots_done,
            params: json!({ "elections": open.len(), "runs": ballots }),
        },
        ReadinessItem {
            code: "quorum_threshold_set",
            done: attendance.voting_expected > 0,
            params: json!({
                "numerator": attendance.quorum.numerator,
                "denominator": attendance.quorum.denominator,
                "own": detail.quorum.is_some(),
                "entitled": attendance.voting_expected,
                "needed": attendance.quorum.needed,
            }),
        },
    ])
}

impl Desk {
    /// One meeting with its term, end, notes and quorum. Errors: `not_found`.
    pub fn meeting(&self, id: MeetingId) -> Result<MeetingDetail, AppError> {
        self.read(|conn| Ok(meetings::detail(conn, id)?))
    }

    /// Creates a meeting (status planning; audited). Errors: `invalid_input` — `title` empty or
    /// longer than [`MAX_MEETING_TITLE_CHARS`], `starts_at`/`ends_at` not RFC 3339 with an
    /// offset or ending before the start, `venue` too long, `quorum` not a fraction;
    /// `not_found` for an unknown term.
    pub fn create_meeting(&self, form: &MeetingForm) -> Result<MeetingDetail, AppError> {
        self.write(|tx, actor| {
            check_term(tx, form)?;
            let id = write_new(tx, form)?;
            let detail = meetings::detail(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("create_meeting", "meeting", Some(id.0)).after(Some(to_json(&detail)?)),
            )?;
            Ok(detail)
        })
    }

    /// Changes a meeting's particulars (audited). Errors: as [`Desk::create_meeting`], and
    /// `not_found`.
    pub fn update_meeting(
        &self,
        id: MeetingId,
        form: &MeetingForm,
    ) -> Result<MeetingDetail, AppError> {
        self.write(|tx, actor| {
            let before = meetings::detail(tx, id)?;
            check_term(tx, form)?;
            let (fields, notes) = checked(form)?;
            meetings::update(tx, id, &fields, notes.as_deref(), form.quorum)?;
            let after = meetings::detail(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("update_meeting", "meeting", Some(id.0))
                    .before(Some(to_json(&before)?))
                    .after(Some(to_json(&after)?)),
            )?;
            Ok(after)
        })
    }

    /// Moves a meeting to `status` (any order: a meeting reopened by mistake can be closed
    /// again; audited). Errors: `not_found`.
    pub fn set_meeting_status(
        &self,
        id: MeetingId,
        status: MeetingStatus,
    ) -> Result<MeetingDetail, AppError> {
        self.write(|tx, actor| {
            let before = meetings::detail(tx, id)?;
            meetings::set_status(tx, id, status)?;
            audit::record(
                tx,
                actor.id,
                Change::new("set_meeting_status", "meeting", Some(id.0))
                    .before(Some(json!({ "status": before.summary.status })))
                    .after(Some(json!({ "status": status }))),
            )?;
            Ok(meetings::detail(tx, id)?)
        })
    }

    /// A new meeting made from a past one as a template, in one transaction: its kind, term,
    /// venue, notes and quorum; the agenda with the reports' texts and attached PDFs (planned
    /// times follow the new start; hand-set starts are dropped); the motions without votes;
    /// the hall and the branch quotas. Attendees, elections and badges are not copied: a new
    /// meeting invites anew. Errors: as [`Desk::create_meeting`], `not_found`.
    pub fn copy_meeting(
        &self,
        from: MeetingId,
        form: &CopyForm,
    ) -> Result<MeetingDetail, AppError> {
        self.write(|tx, actor| {
            let source = meetings::detail(tx, from)?;
            let new_form = MeetingForm {
                title: form.title.clone(),
                kind: source.summary.kind,
                expanded: source.summary.expanded,
                term: source.term_id,
                starts_at: form.starts_at.clone(),
                ends_at: None,
                venue: source.summary.venue.clone(),
                notes: source.notes.clone(),
                quorum: source.quorum,
            };
            let id = write_new(tx, &new_form)?;
            agenda::copy(tx, from, id)?;
            meetings::copy_preparation(tx, from, id)?;
            let detail = meetings::detail(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("copy_meeting", "meeting", Some(id.0))
                    .after(Some(to_json(&detail)?))
                    .note(format!("copied from meeting {}", from.0)),
            )?;
            Ok(detail)
        })
    }

    /// The readiness checklist: agenda set, invitations printed, badges printed, ballots
    /// printed (or no election to hold), a quorum threshold to count against (voting
    /// attendees on the list). Errors: `not_found`.
    pub fn meeting_readiness(&self, id: MeetingId) -> Result<Vec<ReadinessItem>, AppError> {
        self.read(|conn| readiness(conn, id))
    }
}

/// An unknown term is `not_found` rather than a foreign-key failure.
fn check_term(conn: &Connection, form: &MeetingForm) -> Result<(), AppError> {
    if let Some(term) = form.term {
        let known = crate::council::list_terms(conn)?
            .iter()
            .any(|t| t.id == term);
        if !known {
            return Err(AppError::not_found(
                "term",
                term.0,
                format!("no term with id {}", term.0),
            ));
        }
    }
    Ok(())
}

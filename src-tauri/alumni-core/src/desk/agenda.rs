//! A meeting's agenda for the three doors: items added, changed, reordered and removed; a
//! report's text typed, pasted or imported; a report's PDF attached.

use std::path::Path;

use chrono::DateTime;
use serde::Serialize;
use serde_json::json;

use super::meeting_prep::text_field;
use super::Desk;
use crate::agenda::{
    self, AgendaError, AgendaItem, AgendaItemId, AgendaItemSetup, ItemRow, ReportBlock,
};
use crate::audit::{self, Change};
use crate::error::AppError;
use crate::meetings::{self, MeetingId};
use crate::storage::Connection;
use crate::timestamps;

/// The longest agenda item title, in characters.
pub const MAX_ITEM_TITLE_CHARS: usize = 100;
/// The longest presenter, in characters.
pub const MAX_PRESENTER_CHARS: usize = 60;
/// The longest planned duration, in minutes.
pub const MAX_DURATION_MIN: u32 = 600;
/// The largest attached PDF, in bytes.
pub const MAX_ATTACHMENT_BYTES: usize = 50 * 1024 * 1024;

/// A report's text, stored and as blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportText {
    /// The agenda item.
    pub item: AgendaItemId,
    /// As stored: one paragraph a line, headings starting with `# `.
    pub text: String,
    /// Headings and paragraphs, as the packet prints them.
    pub blocks: Vec<ReportBlock>,
}

fn invalid(field: &'static str, reason: &'static str) -> AppError {
    AgendaError::Invalid { field, reason }.into()
}

fn load(conn: &Connection, id: AgendaItemId) -> Result<AgendaItem, AppError> {
    let item = agenda::get(conn, id)?.ok_or(AgendaError::NotFound { id: id.0 })?;
    // With its computed start, as the list shows it.
    let all = timed(conn, item.meeting_id)?;
    Ok(all.into_iter().find(|i| i.id == id).unwrap_or(item))
}

/// A meeting's items with their planned starts.
fn timed(conn: &Connection, meeting: MeetingId) -> Result<Vec<AgendaItem>, AppError> {
    let detail = meetings::detail(conn, meeting)?;
    let start = detail
        .summary
        .starts_at
        .parse::<DateTime<chrono::FixedOffset>>()
        .map(|t| timestamps::to_text(t.with_timezone(&chrono::Utc)))
        .unwrap_or_default();
    Ok(agenda::with_times(agenda::list(conn, meeting)?, &start))
}

/// An item's fields as typed, checked: title, presenter, duration, the fixed start as UTC text.
struct Checked {
    title: String,
    presenter: Option<String>,
    fixed_start: Option<String>,
    kind: crate::agenda::AgendaKind,
    duration_min: Option<u32>,
}

impl Checked {
    fn new(setup: &AgendaItemSetup) -> Result<Checked, AppError> {
        let title = text_field("title", Some(&setup.title), MAX_ITEM_TITLE_CHARS, true)?
            .unwrap_or_default();
        let presenter = text_field(
            "presenter",
            setup.presenter.as_deref(),
            MAX_PRESENTER_CHARS,
            false,
        )?;
        if setup
            .duration_min
            .is_some_and(|d| d == 0 || d > MAX_DURATION_MIN)
        {
            return Err(invalid("duration_min", "out_of_range"));
        }
        let fixed_start = match setup
            .fixed_start
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            Some(text) => Some(timestamps::to_text(
                timestamps::parse_typed(text)
                    .ok_or_else(|| invalid("fixed_start", "not_a_time"))?,
            )),
            None => None,
        };
        Ok(Checked {
            title,
            presenter,
            fixed_start,
            kind: setup.kind,
            duration_min: setup.duration_min,
        })
    }

    fn row(&self) -> ItemRow<'_> {
        ItemRow {
            title: &self.title,
            kind: self.kind,
            presenter: self.presenter.as_deref(),
            duration_min: self.duration_min,
            fixed_start: self.fixed_start.clone(),
        }
    }
}

fn to_json(value: &impl Serialize) -> Result<serde_json::Value, AppError> {
    serde_json::to_value(value).map_err(AppError::internal)
}

impl Desk {
    /// A meeting's agenda in order, each item with its planned start. Errors: `not_found`.
    pub fn agenda(&self, meeting: MeetingId) -> Result<Vec<AgendaItem>, AppError> {
        self.read(|conn| timed(conn, meeting))
    }

    /// Adds an item at the end of the agenda (audited). Errors: `not_found` (meeting),
    /// `invalid_input` — `title` empty or over [`MAX_ITEM_TITLE_CHARS`], `presenter` over
    /// [`MAX_PRESENTER_CHARS`], `duration_min` 0 or over [`MAX_DURATION_MIN`], `fixed_start`
    /// not RFC 3339.
    pub fn add_agenda_item(
        &self,
        meeting: MeetingId,
        setup: &AgendaItemSetup,
    ) -> Result<AgendaItem, AppError> {
        let checked = Checked::new(setup)?;
        self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            let id = agenda::append(tx, meeting, &checked.row())?;
            let item = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("add_agenda_item", "agenda_item", Some(id.0))
                    .after(Some(to_json(&item)?)),
            )?;
            Ok(item)
        })
    }

    /// Changes an item's title, kind, presenter, duration and fixed start (audited). Errors:
    /// `not_found`, `invalid_input` as [`Desk::add_agenda_item`].
    pub fn update_agenda_item(
        &self,
        id: AgendaItemId,
        setup: &AgendaItemSetup,
    ) -> Result<AgendaItem, AppError> {
        let checked = Checked::new(setup)?;
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            agenda::update(tx, id, &checked.row())?;
            let after = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("update_agenda_item", "agenda_item", Some(id.0))
                    .before(Some(to_json(&before)?))
                    .after(Some(to_json(&after)?)),
            )?;
            Ok(after)
        })
    }

    /// Puts the agenda in the order of `ids`, which must name every item of the meeting once
    /// (audited). Errors: `not_found`, `invalid_input` field `order` reason `not_the_agenda`.
    pub fn reorder_agenda(
        &self,
        meeting: MeetingId,
        ids: &[AgendaItemId],
    ) -> Result<Vec<AgendaItem>, AppError> {
        self.write(|tx, actor| {
            let before: Vec<AgendaItemId> = timed(tx, meeting)?.iter().map(|i| i.id).collect();
            let mut given = ids.to_vec();
            given.sort_by_key(|i| i.0);
            given.dedup();
            let mut current = before.clone();
            current.sort_by_key(|i| i.0);
            if given.len() != ids.len() || given != current {
                return Err(invalid("order", "not_the_agenda"));
            }
            agenda::reorder(tx, meeting, ids)?;
            audit::record(
                tx,
                actor.id,
                Change::new("reorder_agenda", "meeting", Some(meeting.0))
                    .before(Some(json!(before)))
                    .after(Some(json!(ids))),
            )?;
            timed(tx, meeting)
        })
    }

    /// Removes an item (with its text and attachment; its motions stay, without an item) and
    /// renumbers the rest (audited). Errors: `not_found`.
    pub fn delete_agenda_item(&self, id: AgendaItemId) -> Result<Vec<AgendaItem>, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            agenda::delete(tx, id)?;
            let rest: Vec<AgendaItemId> = agenda::list(tx, before.meeting_id)?
                .iter()
                .map(|i| i.id)
                .collect();
            agenda::reorder(tx, before.meeting_id, &rest)?;
            audit::record(
                tx,
                actor.id,
                Change::new("delete_agenda_item", "agenda_item", Some(id.0))
                    .before(Some(to_json(&before)?)),
            )?;
            timed(tx, before.meeting_id)
        })
    }

    /// A report's text (empty when none). Errors: `not_found`.
    pub fn report_text(&self, id: AgendaItemId) -> Result<ReportText, AppError> {
        self.read(|conn| {
            agenda::get(conn, id)?.ok_or(AgendaError::NotFound { id: id.0 })?;
            let text = agenda::report_text(conn, id)?.unwrap_or_default();
            Ok(ReportText {
                item: id,
                blocks: agenda::report_blocks(&text),
                text,
            })
        })
    }

    /// Sets a report's text as typed or pasted — numbered headings ("一、…") marked — or
    /// clears it with an empty text (audited with its length, not its words). Errors:
    /// `not_found`, `invalid_input` field `text` `too_long`.
    pub fn set_report_text(&self, id: AgendaItemId, text: &str) -> Result<ReportText, AppError> {
        let text = match agenda::checked_text(text) {
            Ok(text) => Some(agenda::mark_headings(&text)),
            Err(AgendaError::Invalid {
                reason: "empty", ..
            }) => None,
            Err(e) => return Err(e.into()),
        };
        self.store_text(id, text, "typed")
    }

    /// Imports a report's text from a .txt or .docx file (see [`agenda::read_report_file`]),
    /// replacing the text (audited). Errors: `not_found`, `invalid_input` field `file`
    /// (`unsupported`, `unreadable`) or `text` (`empty`, `too_long`).
    pub fn import_report_text(
        &self,
        id: AgendaItemId,
        path: &Path,
    ) -> Result<ReportText, AppError> {
        let text = agenda::read_report_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.store_text(id, Some(text), &name)
    }

    fn store_text(
        &self,
        id: AgendaItemId,
        text: Option<String>,
        source: &str,
    ) -> Result<ReportText, AppError> {
        self.write(|tx, actor| {
            agenda::get(tx, id)?.ok_or(AgendaError::NotFound { id: id.0 })?;
            let before = agenda::report_text(tx, id)?.map(|t| t.chars().count());
            agenda::set_report_text(tx, id, text.as_deref())?;
            audit::record(
                tx,
                actor.id,
                Change::new("set_report_text", "agenda_item", Some(id.0))
                    .before(Some(json!({ "chars": before })))
                    .after(Some(
                        json!({ "chars": text.as_ref().map(|t| t.chars().count()) }),
                    ))
                    .note(source.to_owned()),
            )?;
            Ok(())
        })?;
        self.report_text(id)
    }

    /// Attaches a report's PDF to an item; its pages go into the packet as they are (audited
    /// with the file's name and size). Errors: `not_found`, `invalid_input` field `file` —
    /// `unreadable` (missing, or over [`MAX_ATTACHMENT_BYTES`]) or `not_a_pdf`.
    pub fn attach_report_pdf(&self, id: AgendaItemId, path: &Path) -> Result<AgendaItem, AppError> {
        let size = std::fs::metadata(path)
            .map_err(|_| invalid("file", "unreadable"))?
            .len();
        if size > MAX_ATTACHMENT_BYTES as u64 {
            return Err(invalid("file", "unreadable"));
        }
        let bytes = std::fs::read(path).map_err(|_| invalid("file", "unreadable"))?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(invalid("file", "not_a_pdf"));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "report.pdf".to_owned());
        self.write(|tx, actor| {
            agenda::get(tx, id)?.ok_or(AgendaError::NotFound { id: id.0 })?;
            agenda::set_attachment(tx, id, Some((&name, &bytes)))?;
            audit::record(
                tx,
                actor.id,
                Change::new("attach_report_pdf", "agenda_item", Some(id.0))
                    .after(Some(json!({ "file": name, "bytes": bytes.len() }))),
            )?;
            load(tx, id)
        })
    }

    /// Removes an item's attached PDF (audited). Errors: `not_found`.
    pub fn remove_report_pdf(&self, id: AgendaItemId) -> Result<AgendaItem, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            agenda::set_attachment(tx, id, None)?;
            audit::record(
                tx,
                actor.id,
                Change::new("remove_report_pdf", "agenda_item", Some(id.0))
                    .before(Some(json!({ "file": before.attachment_name }))),
            )?;
            load(tx, id)
        })
    }
}

//! A meeting's documents from the database in one call: the sign-in sheet (签到表), badges
//! (出席证 / 列席证 / 嘉宾证 / 工作证) and table cards (桌签).
//!
//! Invariants: every document lists the same people in the same order — by credential, then
//! delegation in protocol order, then within a delegation those with a protocol rank (officials
//! by office) first in that order and everyone else in surname stroke order (DESIGN.md,
//! "Ordering names"); withdrawn attendees are never printed; a cancelled render returns
//! [`MeetingDocumentError::Cancelled`] and no bytes.

use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{DocumentError, DocumentMeta};
use crate::meetings::{
    self, AttendeeId, Category, MeetingError, MeetingId, MeetingSummary, RosterEntry,
};
use crate::names;
use crate::DomainError;

/// Which document of a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingDocument {
    /// 签到表: one row per attendee with a box to sign in.
    SignIn,
    /// 出席证 / 列席证 / 嘉宾证 / 工作证 with a QR code of the badge token.
    Badges,
    /// 桌签: a folding A4 card per attendee, the name upright on both halves.
    TableCards,
}

impl MeetingDocument {
    /// The snake_case name used by the CLI and the window.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingDocument::SignIn => "sign_in",
            MeetingDocument::Badges => "badges",
            MeetingDocument::TableCards => "table_cards",
        }
    }

    /// Parses the snake_case name; also the CLI's short forms `signin` and `cards`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "sign_in" | "signin" => Some(MeetingDocument::SignIn),
            "badges" => Some(MeetingDocument::Badges),
            "table_cards" | "cards" => Some(MeetingDocument::TableCards),
            _ => None,
        }
    }

    /// The Chinese title printed on the document and used in its file name.
    pub fn title(self) -> &'static str {
        match self {
            MeetingDocument::SignIn => "签到表",
            MeetingDocument::Badges => "胸卡",
            MeetingDocument::TableCards => "桌签",
        }
    }
}

/// How badges go onto paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadgeLayout {
    /// Four badges on each A4 sheet, with cutting marks.
    #[default]
    Sheet,
    /// One badge per badge-size page (card printers, pre-cut stock, a reprint at the door).
    Single,
}

impl BadgeLayout {
    /// Parses `sheet` or `single`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "sheet" => Some(BadgeLayout::Sheet),
            "single" => Some(BadgeLayout::Single),
            _ => None,
        }
    }
}

/// How names are ordered within a delegation (after any protocol rank).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameOrder {
    /// 姓氏笔画: surname stroke order, the convention of official lists.
    #[default]
    Strokes,
    /// 拼音: alphabetical by pinyin, surname readings respected.
    Pinyin,
}

impl NameOrder {
    /// Parses `strokes` or `pinyin`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "strokes" => Some(NameOrder::Strokes),
            "pinyin" => Some(NameOrder::Pinyin),
            _ => None,
        }
    }

    /// The note printed under a list's title: "按姓氏笔画排序".
    pub fn note(self) -> &'static str {
        match self {
            NameOrder::Strokes => "按姓氏笔画排序",
            NameOrder::Pinyin => "按姓氏拼音排序",
        }
    }
}

/// What to print.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MeetingDocumentOptions {
    /// Badges four to a sheet or one per page; other documents ignore it.
    pub badge_layout: BadgeLayout,
    /// Names in stroke order (default) or pinyin order.
    pub order: NameOrder,
    /// Only these attendees (a reprint); `None` prints everyone.
    pub attendees: Option<Vec<AttendeeId>>,
}

/// How far a render has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Attendees laid out.
    pub done: usize,
    /// Attendees in all.
    pub total: usize,
}

/// A finished document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Pages in it.
    pub pages: usize,
    /// A file name to offer when saving, e.g. "签到表-校友会第二届会员代表大会第一次会议.pdf".
    pub file_name: String,
}

/// Why a meeting document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum MeetingDocumentError {
    /// The meeting (or an attendee asked for) does not exist.
    #[error(transparent)]
    Meeting(#[from] MeetingError),
    /// Nobody to print: the meeting has no attendees, or none of those asked for.
    #[error("the meeting has no attendees to print")]
    NoAttendees,
    /// The user cancelled; nothing was produced.
    #[error("cancelled")]
    Cancelled,
    /// The document itself could not be made (e.g. a character the font lacks).
    #[error(transparent)]
    Document(#[from] DocumentError),
}

impl DomainError for MeetingDocumentError {
    fn kind(&self) -> &'static str {
        match self {
            MeetingDocumentError::Meeting(e) => e.kind(),
            MeetingDocumentError::NoAttendees => "no_attendees",
            MeetingDocumentError::Cancelled => "cancelled",
            MeetingDocumentError::Document(e) => e.kind(),
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            MeetingDocumentError::Meeting(e) => e.params(),
            MeetingDocumentError::Document(e) => e.params(),
            MeetingDocumentError::NoAttendees | MeetingDocumentError::Cancelled => json!({}),
        }
    }
}

/// The people of one credential and delegation, in print order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Their credential.
    pub category: Category,
    /// Their delegation, if any.
    pub group: Option<String>,
    /// The people.
    pub entries: Vec<RosterEntry>,
}

/// Reports progress and stops on cancel: shared by the three documents.
pub(super) struct Job<'a> {
    progress: &'a dyn Fn(Progress),
    cancel: &'a AtomicBool,
    total: usize,
}

impl Job<'_> {
    /// `done` of the total laid out; `Err(Cancelled)` once the user has cancelled.
    pub(super) fn step(&self, done: usize) -> Result<(), MeetingDocumentError> {
        if self.cancel.load(Ordering::Relaxed) {
            return Err(MeetingDocumentError::Cancelled);
        }
        (self.progress)(Progress {
            done,
            total: self.total,
        });
        Ok(())
    }
}

/// The meeting's `document` as PDF, from the database, reporting progress per attendee.
pub fn render(
    conn: &Connection,
    meeting: MeetingId,
    document: MeetingDocument,
    options: &MeetingDocumentOptions,
    meta: &DocumentMeta,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Rendered, MeetingDocumentError> {
    let detail = meetings::get(conn, meeting)?;
    let mut roster = meetings::roster(conn, meeting)?;
    if let Some(wanted) = &options.attendees {
        roster.retain(|entry| wanted.contains(&entry.id));
    }
    if roster.is_empty() {
        return Err(MeetingDocumentError::NoAttendees);
    }
    // A reprint of one person's badge is named after them, so the print queue says whose it is.
    let person = match roster.as_slice() {
        [only] if options.attendees.is_some() => Some(only.name.clone()),
        _ => None,
    };
    let sections = sections(roster, options.order);
    let job = Job {
        progress,
        cancel,
        total: sections.iter().map(|s| s.entries.len()).sum(),
    };
    job.step(0)?;
    let (pdf, pages) = match document {
        MeetingDocument::SignIn => {
            super::signin::render(&detail, &sections, options.order, meta, &job)?
        }
        MeetingDocument::Badges => {
            super::badges::render(&detail, &sections, options.badge_layout, meta, &job)?
        }
        MeetingDocument::TableCards => super::table_cards::render(&detail, &sections, meta, &job)?,
    };
    Ok(Rendered {
        pdf,
        pages,
        file_name: file_name(document, &detail, person.as_deref()),
    })
}

/// "签到表-<meeting title>.pdf", or "胸卡-<name>-<meeting title>.pdf" for one person, with
/// characters no file system accepts replaced.
pub fn file_name(
    document: MeetingDocument,
    meeting: &MeetingSummary,
    person: Option<&str>,
) -> String {
    let safe = |text: &str| -> String {
        text.trim()
            .chars()
            .map(|c| match c {
                '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
                c if c.is_control() => '_',
                c => c,
            })
            .collect()
    };
    match person {
        Some(name) => format!(
            "{}-{}-{}.pdf",
            document.title(),
            safe(name),
            safe(&meeting.title)
        ),
        None => format!("{}-{}.pdf", document.title(), safe(&meeting.title)),
    }
}

/// The roster cut into sections (credential, then delegation, in the order the roster gives
/// them: protocol order), each section ordered for print.
pub fn sections(roster: Vec<RosterEntry>, order: NameOrder) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for entry in roster {
        match sections.last_mut() {
            Some(last) if last.category == entry.category && last.group == entry.group => {
                last.entries.push(entry)
            }
            _ => sections.push(Section {
                category: entry.category,
                group: entry.group.clone(),
                entries: vec![entry],
            }),
        }
    }
    for section in &mut sections {
        order_for_print(&mut section.entries, order);
    }
    sections
}

/// Within a delegation: those with a protocol rank first, by rank; then the rest in surname
/// stroke order or pinyin order (ties by id, so the order is the same on every run).
pub fn order_for_print(entries: &mut [RosterEntry], order: NameOrder) {
    match order {
        NameOrder::Strokes => entries.sort_by_cached_key(|e| {
            (
                e.protocol_order.is_none(),
                e.protocol_order,
                names::stroke_order_key(&e.name),
                e.id.0,
            )
        }),
        NameOrder::Pinyin => entries.sort_by_cached_key(|e| {
            (
                e.protocol_order.is_none(),
                e.protocol_order,
                names::pinyin_order_key(&e.name),
                e.id.0,
            )
        }),
    }
}

/// The credential as printed on a badge: "出席证" …
pub fn badge_title(category: Category) -> &'static str {
    match category {
        Category::Delegate => "出席证",
        Category::Observer => "列席证",
        Category::Guest => "嘉宾证",
        Category::Staff => "工作证",
    }
}

/// The credential as a heading on the sign-in sheet: "出席代表" …
pub fn category_heading(category: Category) -> &'static str {
    match category {
        Category::Delegate => "出席代表",
        Category::Observer => "列席人员",
        Category::Guest => "特邀嘉宾",
        Category::Staff => "工作人员",
    }
}

/// When and where, as printed under a document's title: "2026年12月12日 09:00 · 图书馆报告厅".
pub fn when_and_where(meeting: &MeetingSummary) -> String {
    let when = chrono::DateTime::parse_from_rfc3339(&meeting.starts_at)
        .map(|t| t.format("%Y年%-m月%-d日 %H:%M").to_string())
        .unwrap_or_else(|_| meeting.starts_at.clone());
    match meeting.venue.as_deref().map(str::trim) {
        Some(venue) if !venue.is_empty() => format!("{when} · {venue}"),
        _ => when,
    }
}

//! The shared vocabulary of a meeting's documents: which document, what to print
//! ([`MeetingDocumentOptions`]), the people cut into [`Section`]s, the render's `Job`
//! (progress and cancel), what comes back ([`Rendered`], [`MeetingDocumentError`]), the
//! fields no font can draw ([`Unprintable`]) and the credential phrases every document prints.
//!
//! Invariant: this module imports no renderer and not the dispatcher; the renderers
//! (`signin`, `badges`, `table_cards`, `invitation`) import only it and the engine, and the dispatcher
//! (`meeting`) imports them — so no two of them import each other.

use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::documents::{format_chars, glyph_params, DocumentError};
use crate::error::ErrorKind;
use crate::meetings::{AttendeeId, Category, MeetingError, MeetingSummary, RosterEntry};
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
    /// 邀请函: an A4 letter per attendee (staff only when asked for by name) with the
    /// meeting, their seat and their badge's QR code to bring to the door.
    Invitations,
}

impl MeetingDocument {
    /// The snake_case name used by the CLI and the window.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingDocument::SignIn => "sign_in",
            MeetingDocument::Badges => "badges",
            MeetingDocument::TableCards => "table_cards",
            MeetingDocument::Invitations => "invitations",
        }
    }

    /// Parses the snake_case name; also the CLI's short forms `signin` and `cards`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "sign_in" | "signin" => Some(MeetingDocument::SignIn),
            "badges" => Some(MeetingDocument::Badges),
            "table_cards" | "cards" => Some(MeetingDocument::TableCards),
            "invitations" => Some(MeetingDocument::Invitations),
            _ => None,
        }
    }

    /// The Chinese title printed on the document and used in its file name.
    pub fn title(self) -> &'static str {
        match self {
            MeetingDocument::SignIn => "签到表",
            MeetingDocument::Badges => "胸卡",
            MeetingDocument::TableCards => "桌签",
            MeetingDocument::Invitations => "邀请函",
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
    /// Print even if some fields hold characters no font can draw: each is drawn as □ in a red
    /// box and the field is noted for hand correction. Off, such a document is refused with
    /// [`MeetingDocumentError::MissingGlyphs`] naming the people — the staff decide.
    pub mark_missing: bool,
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
    /// The fields printed with marks for hand correction (only with `mark_missing`).
    pub marked: Vec<Unprintable>,
}

/// A text of a meeting document: an attendee's or the meeting's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintedField {
    /// The attendee's name.
    Name,
    /// The attendee's unit (organisation).
    Unit,
    /// The attendee's seat.
    Seat,
    /// The attendee's job title (the salutation of an invitation).
    JobTitle,
    /// The delegation heading (sign-in sheet).
    Group,
    /// The meeting's title.
    MeetingTitle,
    /// The meeting's venue (sign-in sheet).
    Venue,
    /// The association's name (Settings).
    Association,
}

impl PrintedField {
    /// The snake_case name, as serialised: `meeting_title`.
    pub fn as_str(self) -> &'static str {
        match self {
            PrintedField::Name => "name",
            PrintedField::Unit => "unit",
            PrintedField::Seat => "seat",
            PrintedField::JobTitle => "job_title",
            PrintedField::Group => "group",
            PrintedField::MeetingTitle => "meeting_title",
            PrintedField::Venue => "venue",
            PrintedField::Association => "association",
        }
    }

    /// The field as named on paper, in the note for hand correction: "姓名".
    pub fn label(self) -> &'static str {
        match self {
            PrintedField::Name => "姓名",
            PrintedField::Unit => "单位",
            PrintedField::Seat => "座位",
            PrintedField::JobTitle => "职务",
            PrintedField::Group => "分组",
            PrintedField::MeetingTitle => "会议名称",
            PrintedField::Venue => "会场",
            PrintedField::Association => "校友会名称",
        }
    }
}

/// A field a document prints that holds characters no font can draw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unprintable {
    /// Which field.
    pub field: PrintedField,
    /// The attendee it belongs to; `None` for the meeting's own text (title, venue, group).
    pub attendee_id: Option<AttendeeId>,
    /// The attendee's name as far as it can be printed (□ for what cannot), so staff find the
    /// person on paper; `None` for the meeting's own text.
    pub name: Option<String>,
    /// The field's text as far as it can be printed.
    pub text: String,
    /// The characters no font has, each once.
    pub chars: String,
}

impl Unprintable {
    /// "name of 赵孟□ (attendee 17)", "meeting_title": for the CLI and logs.
    fn describe(&self) -> String {
        let field = self.field.as_str();
        match (&self.name, self.attendee_id) {
            (Some(name), Some(id)) => format!("{field} of {name} (attendee {})", id.0),
            _ => field.to_string(),
        }
    }
}

/// Whether an attendee's fields, or the meeting's own text on every page, were marked.
pub(in crate::documents) fn is_marked(marked: &[Unprintable], attendee: AttendeeId) -> bool {
    marked
        .iter()
        .any(|m| m.attendee_id.is_none_or(|id| id == attendee))
}

/// "王五 (unit); name of 赵孟□ (attendee 17); … and 3 more": at most ten, on one line.
fn describe_places(places: &[Unprintable]) -> String {
    const SHOWN: usize = 10;
    let mut text = places
        .iter()
        .take(SHOWN)
        .map(Unprintable::describe)
        .collect::<Vec<_>>()
        .join("; ");
    if places.len() > SHOWN {
        text.push_str(&format!("; and {} more", places.len() - SHOWN));
    }
    text
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
    /// Fields hold characters no font can draw; nothing was rendered. The same request with
    /// `mark_missing` prints them marked for hand correction.
    #[error(
        "the font cannot print these characters: {} — in {}",
        format_chars(chars),
        describe_places(places)
    )]
    MissingGlyphs {
        /// Each character once, in order of first appearance.
        chars: Vec<char>,
        /// Where they are: whose field, in print order.
        places: Vec<Unprintable>,
    },
    /// The document itself could not be made (e.g. a character the font lacks).
    #[error(transparent)]
    Document(#[from] DocumentError),
}

impl DomainError for MeetingDocumentError {
    fn kind(&self) -> ErrorKind {
        match self {
            MeetingDocumentError::Meeting(e) => e.kind(),
            MeetingDocumentError::NoAttendees => ErrorKind::NoAttendees,
            MeetingDocumentError::Cancelled => ErrorKind::Cancelled,
            MeetingDocumentError::MissingGlyphs { .. } => ErrorKind::MissingGlyphs,
            MeetingDocumentError::Document(e) => e.kind(),
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            MeetingDocumentError::Meeting(e) => e.params(),
            MeetingDocumentError::Document(e) => e.params(),
            MeetingDocumentError::MissingGlyphs { chars, places } => {
                let mut params = glyph_params(chars);
                params["places"] = json!(places);
                params
            }
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
pub(in crate::documents) struct Job<'a> {
    progress: &'a dyn Fn(Progress),
    cancel: &'a AtomicBool,
    total: usize,
}

impl<'a> Job<'a> {
    /// A job of `total` attendees reporting to `progress` and stopping once `cancel` is set.
    pub(in crate::documents) fn new(
        progress: &'a dyn Fn(Progress),
        cancel: &'a AtomicBool,
        total: usize,
    ) -> Job<'a> {
        Job {
            progress,
            cancel,
            total,
        }
    }

    /// `done` of the total laid out; `Err(Cancelled)` once the user has cancelled.
    pub(in crate::documents) fn step(&self, done: usize) -> Result<(), MeetingDocumentError> {
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

/// A meeting's date as announced, with its weekday: "2026年12月19日（星期六）". The time is
/// RFC 3339 with the association's offset and is printed as its own wall clock, never turned
/// into this computer's zone; text that is not RFC 3339 is printed as it is.
pub fn date_with_weekday(starts_at: &str) -> String {
    const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    match chrono::DateTime::parse_from_rfc3339(starts_at) {
        Ok(t) => {
            use chrono::Datelike;
            let weekday = WEEKDAYS[t.weekday().num_days_from_monday() as usize];
            format!("{}（星期{weekday}）", t.format("%Y年%-m月%-d日"))
        }
        Err(_) => starts_at.to_owned(),
    }
}

/// The wall-clock time of an RFC 3339 time as printed on agendas: "09:00"; text that is not
/// RFC 3339 is printed as it is.
pub fn time_of_day(starts_at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(starts_at)
        .map(|t| t.format("%H:%M").to_string())
        .unwrap_or_else(|_| starts_at.to_owned())
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

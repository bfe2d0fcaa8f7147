//! A meeting's documents from the database in one call: the sign-in sheet (签到表), badges
//! (出席证 / 列席证 / 嘉宾证 / 工作证), table cards (桌签) and invitation letters (邀请函). This module is the dispatcher:
//! it reads the meeting and its roster, cuts the roster into sections in print order and hands
//! them to the document's renderer; the types they share are in [`model`] (re-exported here,
//! so callers keep writing `documents::meeting::MeetingDocument`).
//!
//! Invariants: every document lists the same people in the same order — by credential, then
//! delegation in protocol order, then within a delegation those with a protocol rank (officials
//! by office) first in that order and everyone else in surname stroke order (DESIGN.md,
//! "Ordering names"); withdrawn attendees are never printed; a cancelled render returns
//! [`MeetingDocumentError::Cancelled`] and no bytes. Before anything is laid out, every field
//! the document prints is checked against the fonts: a character no face has refuses the
//! document naming whose field it is ([`MeetingDocumentError::MissingGlyphs`]), unless the
//! request asks to print it marked for hand correction.

pub mod model;

use std::sync::atomic::AtomicBool;

use rusqlite::Connection;

pub use model::{
    badge_title, category_heading, date_with_weekday, time_of_day, when_and_where, BadgeLayout,
    MeetingDocument, MeetingDocumentError, MeetingDocumentOptions, NameOrder, PrintedField,
    Progress, Rendered, Section, Unprintable,
};

use super::{badges, invitation, signin, table_cards, DocumentMeta, Fonts};
use crate::meetings::{self, Category, MeetingId, MeetingSummary, RosterEntry};
use crate::names;
use model::Job;

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
    match &options.attendees {
        Some(wanted) => roster.retain(|entry| wanted.contains(&entry.id)),
        // Staff run the meeting: they get letters only when asked for by name.
        None if document == MeetingDocument::Invitations => {
            roster.retain(|entry| entry.category != Category::Staff)
        }
        None => {}
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
    let marked = unprintable(meta.fonts, document, &detail, &sections, meta);
    if !marked.is_empty() && !options.mark_missing {
        let mut chars = Vec::new();
        for c in marked.iter().flat_map(|m| m.chars.chars()) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        return Err(MeetingDocumentError::MissingGlyphs {
            chars,
            places: marked,
        });
    }
    let total = sections.iter().map(|s| s.entries.len()).sum();
    let job = Job::new(progress, cancel, total);
    job.step(0)?;
    let (pdf, pages) = match document {
        MeetingDocument::SignIn => {
            signin::render(&detail, &sections, options, &marked, meta, &job)?
        }
        MeetingDocument::Badges => {
            badges::render(&detail, &sections, options, &marked, meta, &job)?
        }
        MeetingDocument::TableCards => {
            table_cards::render(&detail, &sections, options, &marked, meta, &job)?
        }
        MeetingDocument::Invitations => {
            invitation::render(&detail, &sections, options, &marked, meta, &job)?
        }
    };
    Ok(Rendered {
        pdf,
        pages,
        file_name: file_name(document, &detail, person.as_deref()),
        marked,
    })
}

/// Every field `document` prints that holds characters `fonts` cannot draw: the meeting's own
/// text first, then each attendee's in print order (a delegation heading before its people).
pub fn unprintable(
    fonts: Fonts,
    document: MeetingDocument,
    meeting: &MeetingSummary,
    sections: &[Section],
    meta: &DocumentMeta,
) -> Vec<Unprintable> {
    use PrintedField as F;
    let prints = |field: F| match document {
        MeetingDocument::SignIn => field != F::JobTitle,
        MeetingDocument::Badges => !matches!(field, F::Group | F::Venue | F::JobTitle),
        MeetingDocument::TableCards => matches!(field, F::Name | F::MeetingTitle),
        MeetingDocument::Invitations => !matches!(field, F::Group | F::Unit),
    };
    let mut found: Vec<Unprintable> = Vec::new();
    let mut check = |field: F, text: &str, who: Option<&RosterEntry>| {
        let chars = fonts.missing(text);
        if chars.is_empty() || !prints(field) {
            return;
        }
        let text = fonts.with_marks(text);
        // A delegation heads a section per credential: its heading is reported once.
        if who.is_none() && found.iter().any(|f| f.field == field && f.text == text) {
            return;
        }
        found.push(Unprintable {
            field,
            attendee_id: who.map(|e| e.id),
            name: who.map(|e| fonts.with_marks(&e.name)),
            text,
            chars: chars.into_iter().collect(),
        });
    };
    check(F::Association, &meta.association_name, None);
    check(F::MeetingTitle, &meeting.title, None);
    check(F::Venue, meeting.venue.as_deref().unwrap_or_default(), None);
    for section in sections {
        check(F::Group, section.group.as_deref().unwrap_or_default(), None);
        for entry in &section.entries {
            check(F::Name, &entry.name, Some(entry));
            check(
                F::Unit,
                entry.unit.as_deref().unwrap_or_default(),
                Some(entry),
            );
            check(
                F::Seat,
                entry.seat.as_deref().unwrap_or_default(),
                Some(entry),
            );
            check(
                F::JobTitle,
                entry.job_title.as_deref().unwrap_or_default(),
                Some(entry),
            );
        }
    }
    found
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

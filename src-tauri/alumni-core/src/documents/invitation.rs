//! 邀请函: one A4 letter per attendee, in the print order of [`super::meeting`] — the
//! association's emblem and name, "邀请函", the salutation, a paragraph naming the meeting, its
//! date with the weekday, time and venue, the details again in a box (with the seat when one is
//! assigned), the attendee's badge QR code (the badge token, encoded as on the badge) with a
//! line asking them to bring it to the door, and the association and the date as signer.
//!
//! Invariants: exactly one page per letter (a long title or name is set smaller, never carried
//! to a second page), so a run of 400 letters is 400 pages; the salutation never guesses: the
//! name followed by the job title where one is recorded ("尊敬的张三校长："), else the name alone
//! ("尊敬的张三：") — no 先生/女士; times are the meeting's own wall clock. Letters carry no
//! page numbers: each is sent on its own. A letter with a field marked for hand correction
//! says so in red under its title.

use super::engine::{Align, BoxMm, Document, Fit, Margins, PageSize, Rgb3, TextStyle, MARK_RED};
use super::meeting::model::{
    date_with_weekday, is_marked, Job, MeetingDocumentError, MeetingDocumentOptions, Section,
    Unprintable,
};
use super::DocumentMeta;
use crate::meetings::{MeetingSummary, RosterEntry};

/// The letter's title.
pub const TITLE: &str = "邀请函";
/// Under the QR code.
pub const BRING_LINE: &str = "请于会议当天携带本函，在会场入口处出示上方二维码签到入场。";
/// The closing line of the body.
pub const CLOSING: &str = "恭候您的光临！";

const PAGE: PageSize = PageSize::A4_PORTRAIT;
const LEFT_MM: f32 = 25.0;
const WIDTH_MM: f32 = 160.0;
const QR_MM: f32 = 34.0;
const TITLE_RED: Rgb3 = (0.68, 0.08, 0.1);
const GREY: Rgb3 = (0.35, 0.35, 0.35);
const RULE: Rgb3 = (0.7, 0.7, 0.7);

/// "尊敬的张三校长：", or "尊敬的张三：" without a job title: never a guessed 先生/女士. A space
/// only where Latin letters would otherwise run together ("John Smith Professor").
pub fn salutation(entry: &RosterEntry) -> String {
    let name = entry.name.trim();
    let title = entry
        .job_title
        .as_deref()
        .map(str::trim)
        .unwrap_or_default();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let gap = if latin(name.chars().last()) && latin(title.chars().next()) {
        " "
    } else {
        ""
    };
    format!("尊敬的{name}{gap}{title}：")
}

/// The time of day as a letter says it, from the meeting's own wall clock: "上午9:00",
/// "下午2:30", "晚上7:00"; text that is not RFC 3339 is given back as it is.
pub fn time_phrase(starts_at: &str) -> String {
    use chrono::Timelike;
    match chrono::DateTime::parse_from_rfc3339(starts_at) {
        Ok(t) => {
            let (hour, minute) = (t.hour(), t.minute());
            let (part, shown) = match hour {
                0..=11 => ("上午", hour),
                12 => ("中午", 12),
                13..=17 => ("下午", hour - 12),
                _ => ("晚上", hour - 12),
            };
            format!("{part}{shown}:{minute:02}")
        }
        Err(_) => starts_at.to_owned(),
    }
}

/// The body's paragraph: when, where, what, and the invitation.
pub fn body(meeting: &MeetingSummary) -> String {
    let venue = meeting
        .venue
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| format!("在{v}"))
        .unwrap_or_default();
    format!(
        "兹定于{}{}{venue}召开{}，诚挚邀请您拨冗出席。",
        date_with_weekday(&meeting.starts_at),
        time_phrase(&meeting.starts_at),
        meeting.title.trim()
    )
}

/// The letters' PDF and its page count (one page a letter).
pub(super) fn render(
    meeting: &MeetingSummary,
    sections: &[Section],
    options: &MeetingDocumentOptions,
    marked: &[Unprintable],
    meta: &DocumentMeta,
    job: &Job<'_>,
) -> Result<(Vec<u8>, usize), MeetingDocumentError> {
    let mut doc = Document::new(PAGE, &format!("{} {TITLE}", meeting.title))
        .fonts(meta.fonts)
        .margins(Margins {
            top_mm: 22.0,
            right_mm: LEFT_MM,
            bottom_mm: 20.0,
            left_mm: LEFT_MM,
        })
        .mark_missing(options.mark_missing);
    let entries = sections.iter().flat_map(|s| &s.entries);
    for (index, entry) in entries.enumerate() {
        doc.new_page();
        letter(&mut doc, entry, meeting, meta, is_marked(marked, entry.id))?;
        job.step(index + 1)?;
    }
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

fn area(y_mm: f32, height_mm: f32) -> BoxMm {
    BoxMm {
        x_mm: LEFT_MM,
        y_mm,
        width_mm: WIDTH_MM,
        height_mm,
    }
}

/// One letter on the current page.
fn letter(
    doc: &mut Document,
    entry: &RosterEntry,
    meeting: &MeetingSummary,
    meta: &DocumentMeta,
    marked: bool,
) -> Result<(), MeetingDocumentError> {
    if let Some(logo) = &meta.logo_png {
        doc.image(logo, (PAGE.width_mm - 18.0) / 2.0, 18.0, 18.0)?;
    }
    doc.text_box(
        &meta.association_name,
        area(38.0, 8.0),
        TextStyle::new(14.0).align(Align::Center).colour(GREY),
        Fit::Shrink,
    );
    doc.text_box(
        "邀　请　函",
        area(48.0, 16.0),
        TextStyle::new(30.0)
            .bold()
            .align(Align::Center)
            .colour(TITLE_RED),
        Fit::Shrink,
    );
    if marked {
        doc.text_box(
            "（有字无法打印，已用红框标出，请手工更正）",
            area(64.0, 5.0),
            TextStyle::new(9.0).align(Align::Center).colour(MARK_RED),
            Fit::Shrink,
        );
    }
    // Salutation and body flow from here, so the details follow the body however long it is.
    doc.space(74.0 - doc.cursor_mm());
    doc.paragraph(&salutation(entry), TextStyle::new(15.0).bold());
    let body_style = TextStyle::new(13.0);
    doc.paragraph_indented(&body(meeting), body_style, 2.0);
    doc.paragraph_indented(CLOSING, body_style, 2.0);
    let details_top = doc.cursor_mm() + 6.0;
    let details_bottom = details(doc, entry, meeting, details_top);
    admission(doc, entry, (details_bottom + 10.0).max(182.0))?;
    signature(doc, meta);
    Ok(())
}

/// The meeting's details between rules: name, date and time, venue, and the seat if any;
/// returns where they end.
fn details(doc: &mut Document, entry: &RosterEntry, meeting: &MeetingSummary, top: f32) -> f32 {
    let mut rows = vec![
        ("会议名称", meeting.title.trim().to_owned()),
        (
            "会议时间",
            format!(
                "{} {}",
                date_with_weekday(&meeting.starts_at),
                time_phrase(&meeting.starts_at)
            ),
        ),
    ];
    if let Some(venue) = meeting.venue.as_deref().filter(|v| !v.trim().is_empty()) {
        rows.push(("会议地点", venue.trim().to_owned()));
    }
    if let Some(seat) = entry.seat.as_deref().filter(|s| !s.trim().is_empty()) {
        rows.push(("您的座位", seat.trim().to_owned()));
    }
    let row_h = 9.0;
    let label_w = 28.0;
    doc.line((LEFT_MM, top), (LEFT_MM + WIDTH_MM, top), 0.6, RULE, None);
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = top + i as f32 * row_h;
        doc.text_box(
            label,
            BoxMm {
                x_mm: LEFT_MM + 2.0,
                y_mm: y,
                width_mm: label_w - 2.0,
                height_mm: row_h,
            },
            TextStyle::new(12.0).bold().colour(GREY),
            Fit::Shrink,
        );
        doc.text_box(
            value,
            BoxMm {
                x_mm: LEFT_MM + label_w,
                y_mm: y,
                width_mm: WIDTH_MM - label_w - 2.0,
                height_mm: row_h,
            },
            TextStyle::new(12.0),
            Fit::Shrink,
        );
        let bottom = y + row_h;
        doc.line(
            (LEFT_MM, bottom),
            (LEFT_MM + WIDTH_MM, bottom),
            0.6,
            RULE,
            None,
        );
    }
    top + rows.len() as f32 * row_h
}

/// The badge's QR code with the token in digits, and the line asking to bring it.
fn admission(
    doc: &mut Document,
    entry: &RosterEntry,
    top: f32,
) -> Result<(), MeetingDocumentError> {
    doc.text_box(
        "入场签到码",
        area(top, 7.0),
        TextStyle::new(12.0).bold().align(Align::Center),
        Fit::Shrink,
    );
    doc.qr(
        entry.badge_token.as_str(),
        (PAGE.width_mm - QR_MM) / 2.0,
        top + 7.5,
        QR_MM,
    )?;
    doc.text_box(
        &entry.badge_token.grouped(),
        area(top + 8.0 + QR_MM, 5.0),
        TextStyle::new(10.0).align(Align::Center).colour(GREY),
        Fit::Shrink,
    );
    doc.text_box(
        BRING_LINE,
        area(top + 14.0 + QR_MM, 6.0),
        TextStyle::new(11.0).align(Align::Center),
        Fit::Shrink,
    );
    Ok(())
}

/// The association as signer and the date, at the bottom right.
fn signature(doc: &mut Document, meta: &DocumentMeta) {
    let style = TextStyle::new(13.0).align(Align::Right);
    doc.text_box(&meta.association_name, area(252.0, 8.0), style, Fit::Shrink);
    doc.text_box(&meta.date(), area(261.0, 8.0), style, Fit::Shrink);
}

//! 出席证 / 列席证 / 嘉宾证 / 工作证: meeting badges, 90 × 125 mm (a common badge-holder
//! insert) — the association's logo and name, the meeting, a band in the credential's colour
//! with its name, the attendee's name large, unit, seat, and a QR code of the badge token with
//! the token in digits below it (a door clerk can type it when a code will not scan).
//!
//! Layouts: four badges on an A4 sheet with cutting marks in the margins and gaps (never on a
//! badge) and "第 N 页 共 M 页" below them, or one badge per badge-size page.
//! Invariants: the name shrinks to one line and the unit wraps to at most two lines then
//! shrinks, so neither leaves its box; the QR code is one filled path with its quiet zone,
//! 26 mm across (29 modules for 12 digits: 0.75 mm modules, well within a scanner's reach).
//! A badge with a field marked for hand correction says so in red under its band.

use super::engine::{Align, BoxMm, Document, Fit, PageSize, Rgb3, TextStyle, MARK_RED, WHITE};
use super::meeting::model::{
    badge_title, is_marked, BadgeLayout, Job, MeetingDocumentError, MeetingDocumentOptions,
    Section, Unprintable,
};
use super::DocumentMeta;
use crate::meetings::{Category, MeetingSummary, RosterEntry};

/// A badge's size.
pub const BADGE: PageSize = PageSize::mm(90.0, 125.0);

/// Gap between badges on a sheet; the cutting marks sit in it.
const GAP_MM: f32 = 8.0;
/// Cutting marks start this far from a badge's corner and run this long, outwards.
const MARK_OFFSET_MM: f32 = 1.5;
const MARK_LENGTH_MM: f32 = 4.0;
/// QR code size, quiet zone included.
const QR_MM: f32 = 26.0;

const INK: Rgb3 = (0.12, 0.25, 0.48);
const GREY: Rgb3 = (0.35, 0.35, 0.35);
const MARK: Rgb3 = (0.3, 0.3, 0.3);

/// The band colour of each credential: red for those who vote, blue observers, gold guests,
/// green staff — told apart at a glance at the door.
pub fn band_colour(category: Category) -> Rgb3 {
    match category {
        Category::Delegate => (0.78, 0.11, 0.13),
        Category::Observer => (0.12, 0.36, 0.68),
        Category::Guest => (0.80, 0.52, 0.05),
        Category::Staff => (0.10, 0.52, 0.30),
    }
}

/// The badges' PDF and its page count.
pub(super) fn render(
    meeting: &MeetingSummary,
    sections: &[Section],
    options: &MeetingDocumentOptions,
    marked: &[Unprintable],
    meta: &DocumentMeta,
    job: &Job<'_>,
) -> Result<(Vec<u8>, usize), MeetingDocumentError> {
    let title = format!("{} 胸卡", meeting.title);
    let layout = options.badge_layout;
    let entries: Vec<&RosterEntry> = sections.iter().flat_map(|s| &s.entries).collect();
    let doc = match layout {
        BadgeLayout::Sheet => Document::new(PageSize::A4_PORTRAIT, &title).page_numbers(),
        BadgeLayout::Single => Document::new(BADGE, &title),
    };
    let mut doc = doc.fonts(meta.fonts).mark_missing(options.mark_missing);
    let origins = match layout {
        BadgeLayout::Sheet => sheet_origins(),
        BadgeLayout::Single => vec![(0.0, 0.0)],
    };
    for (index, entry) in entries.iter().enumerate() {
        let slot = index % origins.len();
        if slot == 0 {
            doc.new_page();
        }
        let (x, y) = origins[slot];
        if layout == BadgeLayout::Sheet {
            cutting_marks(&mut doc, x, y);
        }
        badge(&mut doc, (x, y), entry, meeting, meta)?;
        if is_marked(marked, entry.id) {
            doc.text_box(
                "请手工更正",
                BoxMm {
                    x_mm: x + 6.0,
                    y_mm: y + 48.3,
                    width_mm: BADGE.width_mm - 12.0,
                    height_mm: 3.6,
                },
                TextStyle::new(8.0).align(Align::Center).colour(MARK_RED),
                Fit::Shrink,
            );
        }
        job.step(index + 1)?;
    }
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// Top-left corners of the four badges on an A4 sheet, centred with [`GAP_MM`] between them.
fn sheet_origins() -> Vec<(f32, f32)> {
    let a4 = PageSize::A4_PORTRAIT;
    let left = (a4.width_mm - 2.0 * BADGE.width_mm - GAP_MM) / 2.0;
    let top = (a4.height_mm - 2.0 * BADGE.height_mm - GAP_MM) / 2.0 - 4.0;
    let (dx, dy) = (BADGE.width_mm + GAP_MM, BADGE.height_mm + GAP_MM);
    vec![
        (left, top),
        (left + dx, top),
        (left, top + dy),
        (left + dx, top + dy),
    ]
}

/// Marks along the badge's edges just outside each corner: cut where they point.
fn cutting_marks(doc: &mut Document, x: f32, y: f32) {
    let (r, b) = (x + BADGE.width_mm, y + BADGE.height_mm);
    let (near, far) = (MARK_OFFSET_MM, MARK_OFFSET_MM + MARK_LENGTH_MM);
    for (cx, cy, sx, sy) in [
        (x, y, -1.0, -1.0),
        (r, y, 1.0, -1.0),
        (x, b, -1.0, 1.0),
        (r, b, 1.0, 1.0),
    ] {
        // Horizontal mark on the line of the badge's top or bottom edge, outside it.
        doc.line((cx + sx * near, cy), (cx + sx * far, cy), 0.4, MARK, None);
        // Vertical mark on the line of its left or right edge.
        doc.line((cx, cy + sy * near), (cx, cy + sy * far), 0.4, MARK, None);
    }
}

/// One badge with its top-left corner at (`x`, `y`).
fn badge(
    doc: &mut Document,
    (x, y): (f32, f32),
    entry: &RosterEntry,
    meeting: &MeetingSummary,
    meta: &DocumentMeta,
) -> Result<(), MeetingDocumentError> {
    let w = BADGE.width_mm;
    let area = |left: f32, top: f32, width: f32, height: f32| BoxMm {
        x_mm: x + left,
        y_mm: y + top,
        width_mm: width,
        height_mm: height,
    };
    let mut name_left = 6.0;
    if let Some(logo) = &meta.logo_png {
        doc.image(logo, x + 5.0, y + 4.5, 10.0)?;
        name_left = 17.0;
    }
    doc.text_box(
        &meta.association_name,
        area(name_left, 4.5, w - name_left - 5.0, 10.0),
        TextStyle::new(11.0).bold().colour(INK),
        Fit::Shrink,
    );
    doc.text_box(
        &meeting.title,
        area(6.0, 17.0, w - 12.0, 12.0),
        TextStyle::new(10.5).align(Align::Center),
        Fit::Wrap,
    );
    let band = area(0.0, 31.0, w, 17.0);
    doc.rect(band, Some(band_colour(entry.category)), None);
    let credential: String = badge_title(entry.category)
        .chars()
        .map(String::from)
        .collect::<Vec<_>>()
        .join(" ");
    doc.text_box(
        &credential,
        area(4.0, 31.0, w - 8.0, 17.0),
        TextStyle::new(26.0)
            .bold()
            .align(Align::Center)
            .colour(WHITE),
        Fit::Shrink,
    );
    doc.text_box(
        &entry.name,
        area(5.0, 52.0, w - 10.0, 18.0),
        TextStyle::new(34.0).bold().align(Align::Center),
        Fit::Shrink,
    );
    if let Some(unit) = entry.unit.as_deref().filter(|u| !u.trim().is_empty()) {
        doc.text_box(
            unit,
            area(6.0, 71.0, w - 12.0, 11.5),
            TextStyle::new(11.0).align(Align::Center),
            Fit::Wrap,
        );
    }
    if let Some(seat) = entry.seat.as_deref().filter(|s| !s.trim().is_empty()) {
        doc.text_box(
            &format!("座位：{seat}"),
            area(6.0, 83.5, w - 12.0, 6.0),
            TextStyle::new(10.5).align(Align::Center).colour(GREY),
            Fit::Shrink,
        );
    }
    doc.qr(
        entry.badge_token.as_str(),
        x + (w - QR_MM) / 2.0,
        y + 91.5,
        QR_MM,
    )?;
    doc.text_box(
        &entry.badge_token.grouped(),
        area(6.0, 117.5, w - 12.0, 4.5),
        TextStyle::new(8.0).align(Align::Center).colour(GREY),
        Fit::Shrink,
    );
    Ok(())
}

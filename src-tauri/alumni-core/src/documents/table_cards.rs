//! 桌签: table cards on A4 landscape, folded along the middle into a tent — the name large on
//! both halves, the far half printed upside down so each side reads upright once the card
//! stands; a dashed fold line between them.
//!
//! Invariants: one card per page and per attendee, in the print order of [`super::meeting`];
//! the name is set as large as fits one line of its half (a four-character compound name as
//! well as a two-character one), never wrapped across the fold. No page numbers: both halves
//! face the room. A card with a name marked for hand correction says so in red at the top
//! corner of its near half, where the fold hides nothing.

use super::engine::{Align, BoxMm, Document, Fit, PageSize, Rgb3, TextStyle, MARK_RED};
use super::meeting::model::{
    is_marked, Job, MeetingDocumentError, MeetingDocumentOptions, Section, Unprintable,
};
use super::DocumentMeta;
use crate::meetings::MeetingSummary;

/// Name size before shrinking: about 4.5 cm tall characters, readable across a hall.
const NAME_PT: f32 = 130.0;
const FOLD: Rgb3 = (0.6, 0.6, 0.6);
const GREY: Rgb3 = (0.45, 0.45, 0.45);

/// The table cards' PDF and its page count.
pub(super) fn render(
    meeting: &MeetingSummary,
    sections: &[Section],
    options: &MeetingDocumentOptions,
    marked: &[Unprintable],
    meta: &DocumentMeta,
    job: &Job<'_>,
) -> Result<(Vec<u8>, usize), MeetingDocumentError> {
    let title = format!("{} 桌签", meeting.title);
    let page = PageSize::A4_LANDSCAPE;
    let mut doc = Document::new(page, &title)
        .fonts(meta.fonts)
        .mark_missing(options.mark_missing);
    let half = page.height_mm / 2.0;
    let mut done = 0;
    for entry in sections.iter().flat_map(|s| &s.entries) {
        doc.new_page();
        doc.line(
            (8.0, half),
            (page.width_mm - 8.0, half),
            0.5,
            FOLD,
            Some((3.0, 2.0)),
        );
        let near = BoxMm {
            x_mm: 0.0,
            y_mm: half,
            width_mm: page.width_mm,
            height_mm: half,
        };
        let far = BoxMm { y_mm: 0.0, ..near };
        half_card(&mut doc, near, &entry.name, &meeting.title);
        doc.upside_down(far, |doc| {
            half_card(doc, far, &entry.name, &meeting.title);
        });
        if is_marked(marked, entry.id) {
            doc.text_at(
                "请手工更正",
                near.x_mm + 12.0,
                near.y_mm + 6.0,
                TextStyle::new(10.0).colour(MARK_RED),
            );
        }
        done += 1;
        job.step(done)?;
    }
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// One half of a card, upright within `half`: the name in the middle, the meeting small at
/// the foot (the edge on the table).
fn half_card(doc: &mut Document, half: BoxMm, name: &str, meeting_title: &str) {
    doc.text_box(
        name,
        BoxMm {
            x_mm: half.x_mm + 18.0,
            y_mm: half.y_mm + 16.0,
            width_mm: half.width_mm - 36.0,
            height_mm: 68.0,
        },
        TextStyle::new(NAME_PT).bold().align(Align::Center),
        Fit::Shrink,
    );
    doc.text_box(
        meeting_title,
        BoxMm {
            x_mm: half.x_mm + 30.0,
            y_mm: half.y_mm + half.height_mm - 14.0,
            width_mm: half.width_mm - 60.0,
            height_mm: 6.0,
        },
        TextStyle::new(10.0).align(Align::Center).colour(GREY),
        Fit::Shrink,
    );
}

//! 签到表: the sign-in sheet of a meeting on A4 portrait — the meeting's title, time and
//! venue, then per credential (each on a new page) and delegation a table of number, name,
//! unit, seat and a box to sign in, in the print order of [`super::meeting`].
//!
//! Invariants: every attendee given is listed exactly once; the running header names the
//! association and the meeting, the footer "第 N 页 共 M 页"; rows are tall enough to sign
//! in and are never split across pages; a name never wraps (it shrinks), a long unit wraps.
//! Fields printed with marks for hand correction are listed under the title, by person, so
//! the desk knows whose row to correct before the doors open.

use super::engine::{Align, Column, Document, PageSize, TextStyle, MARK_RED};
use super::meeting::model::{
    category_heading, when_and_where, Job, MeetingDocumentError, MeetingDocumentOptions,
    PrintedField, Section, Unprintable,
};
use super::DocumentMeta;
use crate::meetings::MeetingSummary;

/// Height of a row: room for a signature in pen.
const SIGN_ROW_MM: f32 = 9.5;

/// The sign-in sheet's PDF and its page count.
pub(super) fn render(
    meeting: &MeetingSummary,
    sections: &[Section],
    options: &MeetingDocumentOptions,
    marked: &[Unprintable],
    meta: &DocumentMeta,
    job: &Job<'_>,
) -> Result<(Vec<u8>, usize), MeetingDocumentError> {
    let title = format!("{} 签到表", meeting.title);
    let order = options.order;
    let mut doc = Document::new(PageSize::A4_PORTRAIT, &title)
        .fonts(meta.fonts)
        .mark_missing(options.mark_missing)
        .running_header(&meta.association_name, "签到表")
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }
    doc.space(2.0);
    doc.paragraph(
        &meeting.title,
        TextStyle::new(16.0).bold().align(Align::Center),
    );
    doc.paragraph("签 到 表", TextStyle::new(20.0).bold().align(Align::Center));
    doc.paragraph(
        &format!("{}　（{}）", when_and_where(meeting), order.note()),
        TextStyle::new(11.0).align(Align::Center),
    );
    if !marked.is_empty() {
        doc.paragraph(
            &hand_correction_note(marked),
            TextStyle::new(10.0).colour(MARK_RED),
        );
    }
    doc.set_min_row_height(SIGN_ROW_MM);

    let columns = [
        Column::new("序号", 12.0).align(Align::Right),
        Column::new("姓名", 28.0).shrink(),
        Column::new("单位", 68.0),
        // A seat is one line ("主席台 第1排 1号"), slightly smaller if need be, never broken.
        Column::new("座位", 32.0).shrink(),
        Column::new("签名", 30.0),
    ];
    let mut done = 0;
    let mut previous_category = None;
    for section in sections {
        if previous_category.is_some() && previous_category != Some(section.category) {
            // Each credential has its own desk at the door: its own pages.
            doc.new_page();
        }
        previous_category = Some(section.category);
        let heading = match &section.group {
            Some(group) => format!(
                "{} · {}（{} 人）",
                category_heading(section.category),
                group,
                section.entries.len()
            ),
            None => format!(
                "{}（{} 人）",
                category_heading(section.category),
                section.entries.len()
            ),
        };
        doc.heading(&heading, TextStyle::new(12.0).bold());
        let rows: Vec<Vec<String>> = section
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                vec![
                    (i + 1).to_string(),
                    e.name.clone(),
                    e.unit.clone().unwrap_or_default(),
                    e.seat.clone().unwrap_or_default(),
                    String::new(),
                ]
            })
            .collect();
        doc.table(&columns, &rows);
        done += section.entries.len();
        job.step(done)?;
    }
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// "有 2 处字库中没有的字，已印为 □ 并加红框，请手工更正：赵孟□（姓名）、王五（单位：□科技）".
fn hand_correction_note(marked: &[Unprintable]) -> String {
    let places: Vec<String> = marked
        .iter()
        .map(|m| match &m.name {
            Some(name) if m.field == PrintedField::Name => {
                format!("{name}（{}）", m.field.label())
            }
            Some(name) => format!("{name}（{}：{}）", m.field.label(), m.text),
            None => format!("{}：{}", m.field.label(), m.text),
        })
        .collect();
    format!(
        "有 {} 处字库中没有的字，已印为 □ 并加红框，请手工更正：{}",
        marked.len(),
        places.join("、")
    )
}

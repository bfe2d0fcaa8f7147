//! 会议手册, the meeting packet, on A4 portrait: a cover (the association, the meeting, "会议
//! 手册", the date with its weekday and the venue), a table of contents, the agenda with each
//! item's start time, every report's text (headings bold, paragraphs indented two characters)
//! and the pages of an attached report PDF as they are, the candidate lists of the meeting's
//! elections (title, seats, the names in ballot order in a grid), the seating plan, and the
//! meeting's notes (会议须知).
//!
//! Invariants: "第 N 页 共 M 页" runs across the whole packet — attached pages and the seating
//! plan included; only the cover is unnumbered, though counted — and the contents give the
//! page each part starts on (laid out twice: the second time with the page numbers the first
//! found; the contents' own length does not depend on them). Each part starts on a new page;
//! a part with nothing to show is left out, contents included. Times are the agenda's own wall
//! clock, never this computer's zone. A report's text wraps by the engine's rules (no line
//! starts with closing punctuation).

use std::sync::atomic::{AtomicBool, Ordering};

use super::ballot_paper::{in_stroke_order, STROKE_ORDER_NOTE};
use super::engine::{Align, BoxMm, Column, Document, Fit, PageFrame, PageSize, Rgb3, TextStyle};
use super::meeting::{date_with_weekday, time_of_day};
use super::{seating_plan, DocumentError, DocumentMeta};
use crate::agenda::{report_blocks, AgendaItem, ReportBlock};
use crate::meetings::MeetingSummary;
use crate::seating::SeatingPlan;

/// The packet's title.
pub const TITLE: &str = "会议手册";
/// The parts' headings, as the contents list them.
pub const AGENDA: &str = "会议议程";
/// Candidate lists.
pub const CANDIDATES: &str = "选举候选人名单";
/// The seating plan.
pub const SEATING: &str = "座位图";
/// The meeting's notes.
pub const NOTES: &str = "会议须知";
/// The contents.
pub const CONTENTS: &str = "目　录";

const TITLE_RED: Rgb3 = (0.68, 0.08, 0.1);
const GREY: Rgb3 = (0.35, 0.35, 0.35);
/// Names per row of a candidate list, and the row's height.
const GRID_COLUMNS: usize = 6;
const GRID_ROW_MM: f32 = 8.0;

/// A report of the agenda as the packet prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PacketReport {
    /// The agenda item's title, the report's heading.
    pub title: String,
    /// Who presents it.
    pub presenter: Option<String>,
    /// Its text as headings and paragraphs (empty when it comes only as a PDF).
    pub blocks: Vec<ReportBlock>,
    /// An attached PDF: its file name and bytes, whose pages follow the text.
    pub attachment: Option<(String, Vec<u8>)>,
}

/// An election's candidates as the packet lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CandidateList {
    /// The election's printed title.
    pub title: String,
    /// Seats to fill.
    pub seats: u32,
    /// The candidates in ballot order.
    pub names: Vec<String>,
}

/// Everything the packet prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Packet {
    /// The meeting (its `starts_at` RFC 3339 with the association's offset).
    pub meeting: MeetingSummary,
    /// The agenda in order, each item's `starts_at` filled where known.
    pub agenda: Vec<AgendaItem>,
    /// The reports with a text or an attached PDF, in agenda order.
    pub reports: Vec<PacketReport>,
    /// The meeting's elections (first rounds), in the order they were set up.
    pub elections: Vec<CandidateList>,
    /// The seating plan, when the meeting has a hall.
    pub seating: Option<SeatingPlan>,
    /// The meeting's notes, a paragraph a line ("# " starts a heading).
    pub notes: Option<String>,
}

/// A part of the packet and the page it starts on (1-based).
type Start = (String, usize);

/// The packet as PDF bytes and its page count. Reports `progress(done, total)` as parts are
/// laid out and stops with [`DocumentError::Cancelled`] once `cancel` is set. Errors:
/// [`DocumentError::ImportedPdf`] for an attachment that is not a readable PDF (naming it),
/// `MissingGlyphs`.
pub fn render(
    packet: &Packet,
    meta: &DocumentMeta,
    progress: &dyn Fn(usize, usize),
    cancel: &AtomicBool,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let parts = 3 + packet.reports.len();
    let total = 2 * parts;
    let step = |done: usize| {
        if cancel.load(Ordering::Relaxed) {
            return Err(DocumentError::Cancelled);
        }
        progress(done, total);
        Ok(())
    };
    // The seating plan is drawn once, as pages of its own, and brought in both times.
    let seating = match &packet.seating {
        Some(plan) => Some(seating_plan::render_for_packet(
            plan,
            &packet.meeting,
            meta,
        )?),
        None => None,
    };
    let (_, starts) = lay_out(packet, meta, seating.as_deref(), None, &|n| step(n))?;
    let (doc, _) = lay_out(packet, meta, seating.as_deref(), Some(&starts), &|n| {
        step(parts + n)
    })?;
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// The headings of the contents, in order (the same whichever pass).
fn contents(packet: &Packet, seating: bool) -> Vec<String> {
    let mut entries = vec![AGENDA.to_owned()];
    entries.extend(packet.reports.iter().map(|r| r.title.trim().to_owned()));
    if !packet.elections.is_empty() {
        entries.push(CANDIDATES.to_owned());
    }
    if seating {
        entries.push(SEATING.to_owned());
    }
    if packet.notes.is_some() {
        entries.push(NOTES.to_owned());
    }
    entries
}

/// The whole packet laid out, with the contents' page numbers from `starts` (a first pass
/// has none), and the page each part starts on.
fn lay_out(
    packet: &Packet,
    meta: &DocumentMeta,
    seating: Option<&[u8]>,
    starts: Option<&[Start]>,
    step: &dyn Fn(usize) -> Result<(), DocumentError>,
) -> Result<(Document, Vec<Start>), DocumentError> {
    let meeting = &packet.meeting;
    let mut doc = Document::new(
        PageSize::A4_PORTRAIT,
        &format!("{} {TITLE}", meeting.title.trim()),
    )
    .fonts(meta.fonts)
    .body_size(11.0)
    .running_header(&meta.association_name, meeting.title.trim());
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }
    let mut found: Vec<Start> = Vec::new();
    cover(&mut doc, meeting, meta)?;
    table_of_contents(&mut doc, &contents(packet, seating.is_some()), starts);
    step(1)?;

    begin_part(&mut doc, AGENDA, &mut found);
    agenda(&mut doc, meeting, &packet.agenda);
    step(2)?;

    for (i, report) in packet.reports.iter().enumerate() {
        self::report(&mut doc, report, &mut found)?;
        step(3 + i)?;
    }
    if !packet.elections.is_empty() {
        begin_part(&mut doc, CANDIDATES, &mut found);
        candidates(&mut doc, &packet.elections);
    }
    if let Some(plan) = seating {
        found.push((SEATING.to_owned(), doc.page_count() + 1));
        doc.import_pages(SEATING, plan)?;
    }
    if let Some(notes) = &packet.notes {
        begin_part(&mut doc, NOTES, &mut found);
        text_blocks(&mut doc, &report_blocks(notes));
    }
    step(3 + packet.reports.len())?;
    Ok((doc, found))
}

/// A new page headed `title` (centred, large), noted as a part's start.
fn begin_part(doc: &mut Document, title: &str, found: &mut Vec<Start>) {
    doc.new_page();
    found.push((title.trim().to_owned(), doc.page_count()));
    doc.space(2.0);
    doc.paragraph(
        title.trim(),
        TextStyle::new(18.0).bold().align(Align::Center),
    );
    doc.space(2.0);
}

fn centred(doc: &mut Document, text: &str, top: f32, height: f32, style: TextStyle) {
    let width = doc.page_size().width_mm - 50.0;
    doc.text_box(
        text,
        BoxMm {
            x_mm: 25.0,
            y_mm: top,
            width_mm: width,
            height_mm: height,
        },
        style.align(Align::Center),
        Fit::Wrap,
    );
}

/// The cover: emblem, association, the meeting, "会议手册", date and venue. Bare: no header,
/// no page number.
fn cover(
    doc: &mut Document,
    meeting: &MeetingSummary,
    meta: &DocumentMeta,
) -> Result<(), DocumentError> {
    doc.new_page();
    doc.set_page_frame(PageFrame::Bare);
    let page = doc.page_size();
    if let Some(logo) = &meta.logo_png {
        doc.image(logo, (page.width_mm - 36.0) / 2.0, 42.0, 36.0)?;
    }
    centred(
        doc,
        &meta.association_name,
        88.0,
        12.0,
        TextStyle::new(20.0),
    );
    centred(
        doc,
        meeting.title.trim(),
        112.0,
        30.0,
        TextStyle::new(24.0).bold(),
    );
    centred(
        doc,
        "会 议 手 册",
        150.0,
        22.0,
        TextStyle::new(40.0).bold().colour(TITLE_RED),
    );
    centred(
        doc,
        &date_with_weekday(&meeting.starts_at),
        222.0,
        10.0,
        TextStyle::new(16.0),
    );
    if let Some(venue) = meeting.venue.as_deref().filter(|v| !v.trim().is_empty()) {
        centred(doc, venue.trim(), 233.0, 10.0, TextStyle::new(16.0));
    }
    Ok(())
}

/// The contents: each part with the page it starts on, joined by dots (blank page numbers on
/// the first pass, whose only use is to find them).
fn table_of_contents(doc: &mut Document, entries: &[String], starts: Option<&[Start]>) {
    doc.new_page();
    doc.space(4.0);
    doc.paragraph(CONTENTS, TextStyle::new(18.0).bold().align(Align::Center));
    doc.space(4.0);
    let style = TextStyle::new(13.0);
    let left = 30.0;
    let right = doc.page_size().width_mm - 30.0;
    let line_h = 10.0;
    for (i, entry) in entries.iter().enumerate() {
        doc.reserve(line_h);
        let top = doc.cursor_mm();
        let page = starts
            .and_then(|s| s.get(i))
            .map(|(_, p)| p.to_string())
            .unwrap_or_default();
        let page_w = doc.text_width_mm("000", 13.0, false);
        let title_room = right - left - page_w - 8.0;
        let title_w = doc.text_width_mm(entry, 13.0, false).min(title_room);
        doc.text_box(
            entry,
            BoxMm {
                x_mm: left,
                y_mm: top,
                width_mm: title_room,
                height_mm: line_h,
            },
            style,
            Fit::Shrink,
        );
        doc.text_box(
            &page,
            BoxMm {
                x_mm: right - page_w,
                y_mm: top,
                width_mm: page_w,
                height_mm: line_h,
            },
            style.align(Align::Right),
            Fit::Shrink,
        );
        // Dotted leader from the title to the page number, along the baseline.
        let dots_y = top + line_h / 2.0 + 1.6;
        doc.line(
            (left + title_w + 2.0, dots_y),
            (right - page_w - 2.0, dots_y),
            0.8,
            GREY,
            Some((0.3, 1.2)),
        );
        doc.space(line_h);
    }
}

/// The agenda: when and where, then a row per item — its start time, title and presenter.
fn agenda(doc: &mut Document, meeting: &MeetingSummary, items: &[AgendaItem]) {
    let venue = meeting.venue.as_deref().map(str::trim).unwrap_or_default();
    doc.paragraph(
        &format!(
            "{} {}　{venue}",
            date_with_weekday(&meeting.starts_at),
            time_of_day(&meeting.starts_at)
        ),
        TextStyle::new(11.0).align(Align::Center).colour(GREY),
    );
    doc.space(2.0);
    if items.is_empty() {
        doc.paragraph("（议程待定）", TextStyle::new(12.0).align(Align::Center));
        return;
    }
    let columns = [
        Column::new("时间", 20.0),
        Column::new("议程", 105.0),
        Column::new("报告人 / 主持人", 45.0),
    ];
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            vec![
                item.starts_at
                    .as_deref()
                    .map(time_of_day)
                    .unwrap_or_default(),
                format!("{}. {}", item.position, item.title.trim()),
                item.presenter.clone().unwrap_or_default(),
            ]
        })
        .collect();
    doc.set_min_row_height(9.0);
    doc.table(&columns, &rows);
    doc.set_min_row_height(0.0);
}

/// A report: its title and presenter on a new page, its text, then its attached PDF's pages.
fn report(
    doc: &mut Document,
    report: &PacketReport,
    found: &mut Vec<Start>,
) -> Result<(), DocumentError> {
    let title = report.title.trim();
    if report.blocks.is_empty() {
        // Only a PDF: its own first page is the part's start.
        if let Some((name, pdf)) = &report.attachment {
            found.push((title.to_owned(), doc.page_count() + 1));
            doc.import_pages(name, pdf)?;
        }
        return Ok(());
    }
    begin_part(doc, title, found);
    if let Some(presenter) = report.presenter.as_deref().filter(|p| !p.trim().is_empty()) {
        doc.paragraph(
            &format!("报告人：{}", presenter.trim()),
            TextStyle::new(12.0).align(Align::Center).colour(GREY),
        );
        doc.space(3.0);
    }
    text_blocks(doc, &report.blocks);
    if let Some((name, pdf)) = &report.attachment {
        doc.import_pages(name, pdf)?;
    }
    Ok(())
}

/// Headings bold, paragraphs with a two-character first-line indent.
fn text_blocks(doc: &mut Document, blocks: &[ReportBlock]) {
    for block in blocks {
        match block {
            ReportBlock::Heading(text) => doc.heading(text, TextStyle::new(13.0).bold()),
            ReportBlock::Paragraph(text) => {
                doc.paragraph_indented(text, TextStyle::new(12.0), 2.0);
            }
        }
    }
}

/// Each election: its title, the seats and candidates (and the order when it is surname
/// stroke order), then the names in ballot order in a grid.
fn candidates(doc: &mut Document, elections: &[CandidateList]) {
    for election in elections {
        doc.heading(election.title.trim(), TextStyle::new(14.0).bold());
        let names: Vec<&str> = election.names.iter().map(String::as_str).collect();
        let order = if names.len() > 1 && in_stroke_order(&names) {
            STROKE_ORDER_NOTE
        } else {
            ""
        };
        doc.paragraph(
            &format!(
                "应选 {} 名，候选人 {} 名{order}",
                election.seats,
                election.names.len()
            ),
            TextStyle::new(11.0).colour(GREY),
        );
        doc.grid(
            &election.names,
            GRID_COLUMNS,
            GRID_ROW_MM,
            TextStyle::new(12.0).align(Align::Center),
        );
        doc.space(6.0);
    }
}

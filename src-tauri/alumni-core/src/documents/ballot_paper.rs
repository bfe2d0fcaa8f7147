//! 选票: numbered ballot papers of an election round, one ballot per A4 portrait sheet — the
//! association, the election and "选票", the ballot's number, instructions for the ballot's
//! form, the candidates in a grid in ballot order (each cell the candidate's place on the list,
//! the number a clerk keys, and the name, with a box beneath for the mark), the write-in cells,
//! registration marks at the four corners and a small QR code of the ballot's identity.
//!
//! Invariants: nothing about any voter is ever printed — the number only counts ballots issued
//! and returned, and the QR code holds exactly [`qr_payload`] (`ADB1;e=…;r=…;p=…/…;n=…`);
//! every ballot of a run has the same pages (the list decides them, never the number), each
//! page with its own QR code and "第 p 页 共 P 页" of the ballot; the names keep the order
//! given, each once; the grid has [`ballot_columns`] columns, so the keying screen can draw
//! the same one; a ballot takes a second page only when its list does not fit on one at the
//! smallest row height (140 candidates fit on one); a name never leaves its cell (it shrinks).

use std::sync::atomic::{AtomicBool, Ordering};

use super::engine::{Align, BoxMm, Document, Fit, PageSize, Rgb3, TextStyle, BLACK};
use super::{DocumentError, DocumentMeta};
use crate::elections::{BallotForm, ElectionDetail, ElectionId};
use crate::names;

/// After the election's title: "…选票".
pub const BALLOT_TITLE: &str = "选票";

/// The label over the write-in cells, and what the instructions call them.
pub const WRITE_IN_LABEL: &str = "另选他人";

/// What the QR code starts with: the format's name and version.
pub const QR_FORMAT: &str = "ADB1";

/// After the candidates' count when they are listed in surname stroke order.
pub const STROKE_ORDER_NOTE: &str = "（按姓氏笔画为序）";

const PAGE: PageSize = PageSize::A4_PORTRAIT;
/// Registration marks: solid squares of this side, their outer edges this far from the
/// page's edges — inside the 5 mm most office printers cannot print, with room to spare.
const MARK_MM: f32 = 5.0;
const MARK_INSET_MM: f32 = 8.0;
/// Everything else keeps this far from the page's edges, clear of the marks.
const FRAME_MM: f32 = 15.0;
/// The QR code's side, quiet zone included: a payload of up to 32 bytes is version 3 at level Q
/// at most, 37 modules with the quiet zone, so modules of 0.41 mm or more — a phone or a
/// scanner at 200 dpi reads them.
const QR_MM: f32 = 15.0;
/// Where the grid may end, and the top of the page number under it.
const GRID_BOTTOM_MM: f32 = 280.0;
const FOOTER_TOP_MM: f32 = 282.5;
/// The top of the instructions on a first page, and of the grid on a following page.
const INSTRUCTIONS_TOP_MM: f32 = 32.5;
const CONTINUED_GRID_TOP_MM: f32 = FRAME_MM + QR_MM + 2.0;
/// Padding inside the instructions' frame.
const INSTRUCTIONS_PAD_MM: f32 = 1.8;
const INSTRUCTIONS_PT: f32 = 9.5;
/// A grid row (name cell and mark box): never smaller (room for a clear mark), never larger.
const ROW_MIN_MM: f32 = 14.0;
const ROW_MAX_MM: f32 = 24.0;
/// The name cell's share of a row; the mark box has the rest.
const NAME_SHARE: f32 = 0.46;
/// The widest a cell gets, for a short list (the grid is then centred).
const CELL_MAX_MM: f32 = 40.0;
/// The part of a name cell left of the name that holds the candidate's number.
const NUMBER_ZONE_MM: f32 = 5.2;
/// Over the write-in cells: the label's strip, and the space above it.
const WRITE_IN_LABEL_MM: f32 = 6.0;
const WRITE_IN_GAP_MM: f32 = 2.5;

const GRID_LINE_PT: f32 = 0.7;
/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
const GREY: Rgb3 = (0.3, 0.3, 0.3);
const FRAME_GREY: Rgb3 = (0.55, 0.55, 0.55);

/// Columns of the candidates' grid for a list of `candidates` names: one row for up to five,
/// then 6, 8 or 10 across (10 up to 200 names: 140 make 14 rows), 12 beyond. The keying
/// screen draws the same grid, so a clerk finds a name where the paper has it.
pub fn ballot_columns(candidates: usize) -> usize {
    match candidates {
        0 => 1,
        1..=5 => candidates,
        6..=24 => 6,
        25..=60 => 8,
        61..=200 => 10,
        _ => 12,
    }
}

/// The QR code of one page of one ballot: `ADB1;e=<election id>;r=<round>;p=<page>/<pages>;
/// n=<ballot number>` — the election, the round, which page of how many, and the ballot's
/// number; never anything about a voter.
pub fn qr_payload(election: ElectionId, round: u32, page: u32, pages: u32, number: u32) -> String {
    format!(
        "{QR_FORMAT};e={};r={round};p={page}/{pages};n={number}",
        election.0
    )
}

/// The printed ballot number: "№ 0001" (at least four digits).
pub fn ballot_number(number: u32) -> String {
    format!("№ {number:04}")
}

/// "<title>第N轮" (the round only after the first), as every election document names a round.
pub(super) fn round_title(title: &str, round: u32) -> String {
    if round > 1 {
        format!("{}第{round}轮", title.trim())
    } else {
        title.trim().to_string()
    }
}

/// "差额选举" (more candidates than seats) or "等额选举".
pub(super) fn kind_words(kind: &str) -> &'static str {
    if kind == "competitive" {
        "差额选举"
    } else {
        "等额选举"
    }
}

/// True when the names are in surname stroke order (DESIGN.md), so the paper may say so.
pub(super) fn in_stroke_order(names: &[&str]) -> bool {
    names
        .windows(2)
        .all(|w| names::compare_stroke_order(w[0], w[1]) != std::cmp::Ordering::Greater)
}

/// The instructions printed under the title, one numbered line each, for the ballot's form:
/// per candidate ○ / × / nothing, or ○ beside at most N names; the limit of agree marks and
/// what breaks it; the write-in cells when the ballot has them.
pub fn instructions(detail: &ElectionDetail) -> Vec<String> {
    let n = detail.seats;
    let names: Vec<&str> = detail.candidates.iter().map(|c| c.name.as_str()).collect();
    // Said only where there is an order to speak of, and only when it is true.
    let order = if names.len() > 1 && in_stroke_order(&names) {
        STROKE_ORDER_NOTE
    } else {
        ""
    };
    let write_ins = detail.write_in_lines > 0;
    let including = if write_ins {
        "（含另选他人）"
    } else {
        ""
    };
    let mut lines = vec![format!(
        "本次选举为{}，应选{n}名，候选人{}名{order}。",
        kind_words(detail.kind),
        detail.candidates.len()
    )];
    match detail.ballot_form {
        BallotForm::PerCandidate => {
            lines.push(
                "同意的在候选人姓名下方格内划“○”，不同意的划“×”，弃权的不划任何符号。".to_string(),
            );
            lines.push(format!(
                "同意人数{including}不得超过应选名额{n}名，超过的为无效票。"
            ));
        }
        BallotForm::MarkUpToN => {
            lines.push(format!(
                "在同意的候选人姓名下方格内划“○”，所划{including}不得超过{n}名，超过的为无效票。"
            ));
        }
    }
    if write_ins {
        lines.push(format!(
            "另选他人的，在“{WRITE_IN_LABEL}”栏内写上姓名，并在其下方格内划“○”。"
        ));
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}．{line}", i + 1))
        .collect()
}

/// What a row of the grid holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Row {
    /// Candidates `start..end` (indexes into the list).
    Candidates { start: usize, end: usize },
    /// `cells` empty write-in cells; `first` carries the label above it.
    WriteIns { cells: usize, first: bool },
}

/// A ballot laid out once for the whole run: the grid's measures and the rows of each page.
struct Layout {
    columns: usize,
    left_mm: f32,
    cell_mm: f32,
    name_mm: f32,
    box_mm: f32,
    instructions: String,
    instructions_mm: f32,
    pages: Vec<Vec<Row>>,
}

impl Layout {
    fn row_mm(&self) -> f32 {
        self.name_mm + self.box_mm
    }
}

/// Write-in cells are two grid cells wide (room to write a name by hand), so a row holds half
/// as many (at least one).
fn write_in_cells_per_row(columns: usize) -> usize {
    (columns / 2).max(1)
}

/// The width of a write-in cell: two grid cells, or one where the grid has one column.
fn write_in_cell_mm(layout: &Layout) -> f32 {
    if layout.columns >= 2 {
        2.0 * layout.cell_mm
    } else {
        layout.cell_mm
    }
}

/// The extra height a row needs above it: the write-in label over the first write-in row.
fn row_extra_mm(row: Row) -> f32 {
    match row {
        Row::WriteIns { first: true, .. } => WRITE_IN_GAP_MM + WRITE_IN_LABEL_MM,
        _ => 0.0,
    }
}

/// Lays a ballot out: the grid's columns and cell width, the instructions' height, one row
/// height for every row (as large as the first page allows, between [`ROW_MIN_MM`] and
/// [`ROW_MAX_MM`]), and the rows of each page — more than one page only when the rows do not
/// fit on the first at the smallest height.
fn layout(doc: &Document, detail: &ElectionDetail) -> Layout {
    let n = detail.candidates.len();
    let columns = ballot_columns(n);
    let frame_w = PAGE.width_mm - 2.0 * FRAME_MM;
    let cell_mm = (frame_w / columns as f32).min(CELL_MAX_MM);
    let left_mm = (PAGE.width_mm - cell_mm * columns as f32) / 2.0;
    let instructions = instructions(detail).join("\n");
    let text_w = frame_w - 2.0 * INSTRUCTIONS_PAD_MM;
    let instructions_mm =
        doc.text_height_mm(&instructions, TextStyle::new(INSTRUCTIONS_PT), text_w)
            + 2.0 * INSTRUCTIONS_PAD_MM;
    let mut rows: Vec<Row> = (0..n.div_ceil(columns))
        .map(|r| Row::Candidates {
            start: r * columns,
            end: ((r + 1) * columns).min(n),
        })
        .collect();
    let write_ins = detail.write_in_lines as usize;
    let per_row = write_in_cells_per_row(columns);
    for r in 0..write_ins.div_ceil(per_row) {
        rows.push(Row::WriteIns {
            cells: (write_ins - r * per_row).min(per_row),
            first: r == 0,
        });
    }
    let first_top = INSTRUCTIONS_TOP_MM + instructions_mm + 3.0;
    let extra: f32 = rows.iter().map(|r| row_extra_mm(*r)).sum();
    let room = GRID_BOTTOM_MM - first_top - extra;
    let row_mm = (room / rows.len().max(1) as f32).clamp(ROW_MIN_MM, ROW_MAX_MM);
    let mut pages = vec![Vec::new()];
    let mut used = 0.0;
    let mut top = first_top;
    for row in rows {
        let h = row_mm + row_extra_mm(row);
        let fits = top + used + h <= GRID_BOTTOM_MM + 0.01;
        let page_has_rows = pages.last().is_some_and(|p: &Vec<Row>| !p.is_empty());
        if !fits && page_has_rows {
            pages.push(Vec::new());
            top = CONTINUED_GRID_TOP_MM;
            used = 0.0;
        }
        used += h;
        if let Some(page) = pages.last_mut() {
            page.push(row);
        }
    }
    Layout {
        columns,
        left_mm,
        cell_mm,
        name_mm: row_mm * NAME_SHARE,
        box_mm: row_mm * (1.0 - NAME_SHARE),
        instructions,
        instructions_mm,
        pages,
    }
}

/// Ballot papers `first..first + count` of an election round as one PDF, one ballot per sheet
/// (more pages per ballot only for a list too long for one), with the number of pages.
/// `count` 0 gives one blank page. Errors: `MissingGlyphs` (a name or the title holds a
/// character no face has: nothing is rendered, since a ballot must not print a name wrong),
/// `Qr`, `Pdf`.
pub fn render_ballots(
    detail: &ElectionDetail,
    meta: &DocumentMeta,
    first: u32,
    count: u32,
) -> Result<(Vec<u8>, u32), DocumentError> {
    render_ballots_reporting(
        detail,
        meta,
        first,
        count,
        &|_, _| {},
        &AtomicBool::new(false),
    )
}

/// [`render_ballots`], reporting (ballots laid out, ballots) after each ballot and stopping
/// with `Cancelled` once `cancel` is set: a run of 400 ballots is a long job.
pub fn render_ballots_reporting(
    detail: &ElectionDetail,
    meta: &DocumentMeta,
    first: u32,
    count: u32,
    progress: &dyn Fn(u32, u32),
    cancel: &AtomicBool,
) -> Result<(Vec<u8>, u32), DocumentError> {
    let title = format!("{}{BALLOT_TITLE}", round_title(&detail.title, detail.round));
    let mut doc = Document::new(PAGE, &title).fonts(meta.fonts);
    let layout = layout(&doc, detail);
    let pages = layout.pages.len() as u32;
    let first = first.max(1);
    for done in 0..count {
        if cancel.load(Ordering::Relaxed) {
            return Err(DocumentError::Cancelled);
        }
        let number = first.saturating_add(done);
        for (index, rows) in layout.pages.iter().enumerate() {
            doc.new_page();
            let page = index as u32 + 1;
            let payload = qr_payload(detail.id, detail.round, page, pages, number);
            page_furniture(&mut doc, &payload, page, pages)?;
            let grid_top = if index == 0 {
                first_page_header(&mut doc, meta, &title, &layout, number)
            } else {
                continued_header(&mut doc, &title, number);
                CONTINUED_GRID_TOP_MM
            };
            grid(&mut doc, detail, &layout, rows, grid_top);
        }
        progress(done + 1, count);
    }
    let total = doc.page_count() as u32;
    Ok((doc.finish()?, total))
}

/// What every page of a ballot has: the four registration marks, the QR code at the top
/// right, and "第 p 页 共 P 页" of the ballot at the foot.
fn page_furniture(
    doc: &mut Document,
    payload: &str,
    page: u32,
    pages: u32,
) -> Result<(), DocumentError> {
    let far_x = PAGE.width_mm - MARK_INSET_MM - MARK_MM;
    let far_y = PAGE.height_mm - MARK_INSET_MM - MARK_MM;
    for (x, y) in [
        (MARK_INSET_MM, MARK_INSET_MM),
        (far_x, MARK_INSET_MM),
        (MARK_INSET_MM, far_y),
        (far_x, far_y),
    ] {
        let square = BoxMm {
            x_mm: x,
            y_mm: y,
            width_mm: MARK_MM,
            height_mm: MARK_MM,
        };
        doc.rect(square, Some(BLACK), None);
    }
    doc.qr(payload, PAGE.width_mm - FRAME_MM - QR_MM, FRAME_MM, QR_MM)?;
    doc.text_at(
        &format!("第 {page} 页 共 {pages} 页"),
        PAGE.width_mm / 2.0,
        FOOTER_TOP_MM,
        TextStyle::new(8.0).align(Align::Center).colour(GREY),
    );
    Ok(())
}

/// The first page's head: the ballot's number at the top left, the association and the
/// title centred, the instructions framed below; returns where the grid starts.
fn first_page_header(
    doc: &mut Document,
    meta: &DocumentMeta,
    title: &str,
    layout: &Layout,
    number: u32,
) -> f32 {
    let frame_w = PAGE.width_mm - 2.0 * FRAME_MM;
    let beside_qr = FRAME_MM + 36.0;
    let middle_w = PAGE.width_mm - 2.0 * beside_qr;
    number_box(doc, number);
    doc.text_box(
        &meta.association_name,
        BoxMm {
            x_mm: beside_qr,
            y_mm: FRAME_MM,
            width_mm: middle_w,
            height_mm: 5.5,
        },
        TextStyle::new(10.5).align(Align::Center),
        Fit::Shrink,
    );
    doc.text_box(
        title,
        BoxMm {
            x_mm: beside_qr,
            y_mm: FRAME_MM + 6.0,
            width_mm: middle_w,
            height_mm: 9.5,
        },
        TextStyle::new(19.0).bold().align(Align::Center),
        Fit::Shrink,
    );
    let frame = BoxMm {
        x_mm: FRAME_MM,
        y_mm: INSTRUCTIONS_TOP_MM,
        width_mm: frame_w,
        height_mm: layout.instructions_mm,
    };
    doc.rect(frame, None, Some((FRAME_GREY, 0.6)));
    doc.text_box(
        &layout.instructions,
        BoxMm {
            x_mm: FRAME_MM + INSTRUCTIONS_PAD_MM,
            y_mm: INSTRUCTIONS_TOP_MM + INSTRUCTIONS_PAD_MM,
            width_mm: frame_w - 2.0 * INSTRUCTIONS_PAD_MM,
            height_mm: layout.instructions_mm - 2.0 * INSTRUCTIONS_PAD_MM + 0.2,
        },
        TextStyle::new(INSTRUCTIONS_PT),
        Fit::Wrap,
    );
    INSTRUCTIONS_TOP_MM + layout.instructions_mm + 3.0
}

/// The ballot's number at the top left of every page of it.
fn number_box(doc: &mut Document, number: u32) {
    doc.text_box(
        &ballot_number(number),
        BoxMm {
            x_mm: FRAME_MM,
            y_mm: FRAME_MM + 1.0,
            width_mm: 34.0,
            height_mm: 7.0,
        },
        TextStyle::new(14.0).bold(),
        Fit::Shrink,
    );
}

/// A following page's head: the number and "<title>（续）".
fn continued_header(doc: &mut Document, title: &str, number: u32) {
    number_box(doc, number);
    doc.text_box(
        &format!("{title}（续）"),
        BoxMm {
            x_mm: FRAME_MM + 36.0,
            y_mm: FRAME_MM + 1.0,
            width_mm: PAGE.width_mm - 2.0 * (FRAME_MM + 36.0),
            height_mm: 7.0,
        },
        TextStyle::new(12.0).bold().align(Align::Center),
        Fit::Shrink,
    );
}

/// A name as it sits in its cell: a two-character name spaced with an ideographic space
/// (王　静), as Chinese lists set them so they line up with three-character names.
fn spaced(name: &str) -> String {
    let name = name.trim();
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 && chars.iter().all(|c| !c.is_ascii() && !c.is_whitespace()) {
        format!("{}\u{3000}{}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

/// The rows of one page of a ballot from `top`: each candidate's cell (number and name) over
/// its mark box, the write-in cells under their label.
fn grid(doc: &mut Document, detail: &ElectionDetail, layout: &Layout, rows: &[Row], top: f32) {
    let name_w = layout.cell_mm - NUMBER_ZONE_MM - 0.7;
    // As large as the row allows, but a three-character name still fits its cell with room to
    // spare beside the number (longer names shrink on their own).
    let name_pt = (layout.name_mm * 1.55)
        .clamp(9.0, 16.0)
        .min(name_w / 3.25 * PT_PER_MM);
    let number_pt = (layout.name_mm * 0.95).clamp(6.5, 9.0);
    let mut y = top;
    for row in rows {
        y += row_extra_mm(*row);
        match *row {
            Row::Candidates { start, end } => {
                cells(doc, layout, y, end - start, layout.cell_mm);
                for (i, c) in detail.candidates[start..end].iter().enumerate() {
                    let x = layout.left_mm + i as f32 * layout.cell_mm;
                    doc.text_box(
                        &c.position.to_string(),
                        BoxMm {
                            x_mm: x + 0.5,
                            y_mm: y,
                            width_mm: NUMBER_ZONE_MM - 0.9,
                            height_mm: layout.name_mm,
                        },
                        TextStyle::new(number_pt).align(Align::Right).colour(GREY),
                        Fit::Shrink,
                    );
                    doc.text_box(
                        &spaced(&c.name),
                        BoxMm {
                            x_mm: x + NUMBER_ZONE_MM,
                            y_mm: y,
                            width_mm: name_w,
                            height_mm: layout.name_mm,
                        },
                        TextStyle::new(name_pt).align(Align::Center),
                        Fit::Shrink,
                    );
                }
            }
            Row::WriteIns { cells: n, first } => {
                if first {
                    doc.text_box(
                        &format!("{WRITE_IN_LABEL}："),
                        BoxMm {
                            x_mm: layout.left_mm,
                            y_mm: y - WRITE_IN_LABEL_MM,
                            width_mm: 40.0,
                            height_mm: WRITE_IN_LABEL_MM,
                        },
                        TextStyle::new(10.5).bold(),
                        Fit::Shrink,
                    );
                }
                cells(doc, layout, y, n, write_in_cell_mm(layout));
            }
        }
        y += layout.row_mm();
    }
}

/// The lines of `n` cells `cell_mm` wide of a grid row at `y`, from the grid's left edge: each
/// a name cell over a mark box; the line between them lighter, so each pair reads as one cell.
fn cells(doc: &mut Document, layout: &Layout, y: f32, n: usize, cell_mm: f32) {
    if n == 0 {
        return;
    }
    let left = layout.left_mm;
    let right = left + n as f32 * cell_mm;
    let (mid, bottom) = (y + layout.name_mm, y + layout.row_mm());
    doc.line((left, y), (right, y), GRID_LINE_PT, BLACK, None);
    doc.line((left, mid), (right, mid), GRID_LINE_PT * 0.6, BLACK, None);
    doc.line((left, bottom), (right, bottom), GRID_LINE_PT, BLACK, None);
    for i in 0..=n {
        let x = left + i as f32 * cell_mm;
        doc.line((x, y), (x, bottom), GRID_LINE_PT, BLACK, None);
    }
}

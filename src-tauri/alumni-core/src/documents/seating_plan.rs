//! 座位图, the seating plan: A4 landscape, the stage (主席台) at the top, the hall's sections
//! side by side below it in the order given, each seat a box holding its sitter's name on a
//! tint of their credential's colour (the badges' colours: 特邀嘉宾 gold, 出席 red, 列席 blue,
//! 工作人员 green), empty seats white, row numbers left of each section, seat numbers above its
//! front row, and a legend with the counts. On its own (`render`) or as pages of the meeting
//! packet (`render_for_packet`: no running header or page numbers of its own).
//!
//! Sizes: seats share the width between the sections, up to 18 mm each; a name is set upright
//! in a row of three characters when the seats are wide enough, else stacked one character
//! under the other (Chinese names; a name in Latin letters is turned to read top to bottom),
//! as large as the seat allows up to 11 pt. A hall whose names would be under 8 pt on A4 is
//! drawn on A3 landscape (see `paper_for`): 80 seats across (4 sections of 20, the demo's 420
//! guests) give 6.6 pt names on A4 and 11 pt on A3. Invariants: no name is set below 6 pt: a hall that would need smaller names is
//! spread over several pages — whole sections side by side while they fit, a section too wide
//! split by seats, one too deep split by rows (front rows first, the stage drawn with them);
//! every seat of the hall is drawn once; a name never leaves its seat (a longer name is set
//! smaller than 6 pt rather than cut).

use std::collections::HashMap;

use super::engine::{Align, BoxMm, Document, Fit, Margins, PageFrame, PageSize, Rgb3, TextStyle};
use super::meeting::{category_heading, when_and_where};
use super::{DocumentError, DocumentMeta};
use crate::meetings::{Category, MeetingSummary};
use crate::seating::{PlanSeat, SeatingPlan, Section};

/// The document's title, after the meeting's.
pub const TITLE: &str = "座位图";
/// Written on the stage.
pub const STAGE: &str = "主席台";
/// The legend's word for a seat nobody holds.
pub const EMPTY_SEAT: &str = "空座";

/// A3 on its side, 420 × 297 mm: for a hall too wide for names of [`A4_NAME_PT`] on A4.
const A3_LANDSCAPE: PageSize = PageSize::mm(420.0, 297.0);
/// The size names must reach on A4 for the plan to stay on A4.
const A4_NAME_PT: f32 = 8.0;
const PT_PER_MM: f32 = 72.0 / 25.4;
const MARGIN_X_MM: f32 = 12.0;
/// The running header sits inside the top margin.
const TOP_MM: f32 = 22.0;
const BOTTOM_MM: f32 = 16.0;
/// Title, subtitle and stage, above the seats.
const STAGE_TOP_MM: f32 = TOP_MM + 13.0;
const STAGE_MM: f32 = 8.0;
const BAND_TOP_MM: f32 = STAGE_TOP_MM + STAGE_MM + 3.0;
/// A section's name above it, and the seat numbers under that.
const LABEL_ROW_MM: f32 = 5.5;
const NUMBER_ROW_MM: f32 = 3.2;
const LEGEND_MM: f32 = 7.0;
/// Between sections, and the row numbers' column left of each.
const AISLE_MM: f32 = 4.0;
const ROW_LABEL_MM: f32 = 4.5;
const MAX_SEAT_MM: f32 = 18.0;
/// Inside a seat, around its name.
const PAD_MM: f32 = 0.35;
/// Names are set between these sizes; below the smallest the plan takes more pages.
const MIN_NAME_PT: f32 = 6.0;
const MAX_NAME_PT: f32 = 11.0;
/// Characters of a stacked name, one under the other, this many ems apart.
const STACK_PITCH_EM: f32 = 1.06;
/// A name's usual length, which the sizes are worked out for (longer ones are set smaller).
const NAME_CHARS: f32 = 3.0;

const OUTLINE: Rgb3 = (0.45, 0.45, 0.45);
const STAGE_FILL: Rgb3 = (0.55, 0.12, 0.12);
const GREY: Rgb3 = (0.35, 0.35, 0.35);

/// The tint a seat of each credential is filled with (light, so a black name reads on it).
pub fn seat_tint(category: Category) -> Rgb3 {
    match category {
        Category::Guest => (1.0, 0.88, 0.58),
        Category::Delegate => (0.98, 0.80, 0.80),
        Category::Observer => (0.78, 0.87, 0.99),
        Category::Staff => (0.79, 0.93, 0.81),
    }
}

/// Part of a section drawn on one page: rows and seats (inclusive, from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    section: usize,
    rows: (u32, u32),
    seats: (u32, u32),
    /// Which band of rows of its section (0: the front rows).
    depth: usize,
    /// Whether the section was cut to fit (the label then says which part).
    split_rows: bool,
    split_seats: bool,
}

impl Block {
    fn row_count(&self) -> u32 {
        self.rows.1 - self.rows.0 + 1
    }
    fn seat_count(&self) -> u32 {
        self.seats.1 - self.seats.0 + 1
    }
}

/// How large seats and names come out for blocks side by side.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Sizes {
    seat_mm: f32,
    row_mm: f32,
    name_pt: f32,
    /// Names stacked one character under the other.
    stacked: bool,
}

/// The seats' room on a page: width and height in mm.
fn seats_room(page: PageSize) -> (f32, f32) {
    let width = page.width_mm - 2.0 * MARGIN_X_MM;
    let height =
        page.height_mm - BOTTOM_MM - LEGEND_MM - 2.0 - (BAND_TOP_MM + LABEL_ROW_MM + NUMBER_ROW_MM);
    (width, height)
}

/// The sizes for `blocks` side by side in `room` (width, height in mm).
fn sizes(blocks: &[Block], (width, height): (f32, f32)) -> Sizes {
    let seats: u32 = blocks.iter().map(Block::seat_count).sum();
    let rows = blocks.iter().map(Block::row_count).max().unwrap_or(1);
    let k = blocks.len() as f32;
    let fixed = k * ROW_LABEL_MM + (k - 1.0).max(0.0) * AISLE_MM;
    let seat_mm = ((width - fixed) / seats.max(1) as f32).min(MAX_SEAT_MM);
    let row_room = height / rows as f32;
    let (inner_w, inner_h) = (seat_mm - 2.0 * PAD_MM, row_room - 2.0 * PAD_MM);
    let upright_em = (inner_w / NAME_CHARS).min(inner_h / 1.2);
    let stacked_em = inner_w.min(inner_h / (NAME_CHARS * STACK_PITCH_EM));
    let stacked = stacked_em > upright_em;
    let name_pt = (upright_em.max(stacked_em) * PT_PER_MM).min(MAX_NAME_PT);
    let em = name_pt / PT_PER_MM;
    let needed = if stacked {
        em * NAME_CHARS * STACK_PITCH_EM + 2.0 * PAD_MM + 0.8
    } else {
        em * 1.35 + 2.0 * PAD_MM + 1.2
    };
    Sizes {
        seat_mm,
        row_mm: row_room.min(needed.max(4.0)),
        name_pt,
        stacked,
    }
}

fn legible(blocks: &[Block], room: (f32, f32)) -> bool {
    sizes(blocks, room).name_pt >= MIN_NAME_PT
}

/// The hall cut into pages of blocks: every section whole and side by side where the names
/// stay legible, else sections cut by seats (too wide) and rows (too deep); the front rows of
/// every section come first.
fn pages_of(hall: &[Section], room: (f32, f32)) -> Vec<Vec<Block>> {
    let mut blocks = Vec::new();
    for (index, section) in hall.iter().enumerate() {
        let probe = |rows: u32, seats: u32| Block {
            section: index,
            rows: (1, rows),
            seats: (1, seats),
            depth: 0,
            split_rows: false,
            split_seats: false,
        };
        let widest = (1..=section.seats)
            .rev()
            .find(|s| legible(&[probe(1, *s)], room))
            .unwrap_or(1);
        let seat_parts = section.seats.div_ceil(widest);
        let per_part = section.seats.div_ceil(seat_parts);
        let deepest = (1..=section.rows)
            .rev()
            .find(|r| legible(&[probe(*r, per_part)], room))
            .unwrap_or(1);
        let row_parts = section.rows.div_ceil(deepest);
        let rows_per = section.rows.div_ceil(row_parts);
        for depth in 0..row_parts {
            let first_row = depth * rows_per + 1;
            for part in 0..seat_parts {
                let first_seat = part * per_part + 1;
                blocks.push(Block {
                    section: index,
                    rows: (first_row, (first_row + rows_per - 1).min(section.rows)),
                    seats: (first_seat, (first_seat + per_part - 1).min(section.seats)),
                    depth: depth as usize,
                    split_rows: row_parts > 1,
                    split_seats: seat_parts > 1,
                });
            }
        }
    }
    blocks.sort_by_key(|b| (b.depth, b.section, b.seats.0));
    let mut pages: Vec<Vec<Block>> = Vec::new();
    for block in blocks {
        match pages.last_mut() {
            Some(page)
                if page.first().is_some_and(|b| b.depth == block.depth) && {
                    let mut trial = page.clone();
                    trial.push(block);
                    legible(&trial, room)
                } =>
            {
                page.push(block)
            }
            _ => pages.push(vec![block]),
        }
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    pages
}

/// The paper a hall's plan is drawn on: A4 landscape when every section fits on one page with
/// names of at least [`A4_NAME_PT`] (a council's room), else A3 landscape where that gives
/// larger names or fewer pages (a hall of 400+: about 11 pt instead of 6.6 pt for 4 × 20
/// seats across). Printed on A4 with "fit to page", an A3 plan comes out as the A4 one would.
fn paper_for(hall: &[Section]) -> PageSize {
    let measure = |page: PageSize| {
        let room = seats_room(page);
        let pages = pages_of(hall, room);
        let smallest = pages
            .iter()
            .map(|blocks| sizes(blocks, room).name_pt)
            .fold(f32::INFINITY, f32::min);
        (pages.len(), smallest)
    };
    let (a4_pages, a4_pt) = measure(PageSize::A4_LANDSCAPE);
    if a4_pages == 1 && a4_pt >= A4_NAME_PT {
        return PageSize::A4_LANDSCAPE;
    }
    let (a3_pages, a3_pt) = measure(A3_LANDSCAPE);
    if a3_pages < a4_pages || (a3_pages == a4_pages && a3_pt > a4_pt) {
        A3_LANDSCAPE
    } else {
        PageSize::A4_LANDSCAPE
    }
}

/// The 座位图 on its own: A4 (or A3, see [`paper_for`]) landscape with the association's running header and "第 N 页 共
/// M 页"; its PDF and page count.
pub fn render(
    plan: &SeatingPlan,
    meeting: &MeetingSummary,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let title = format!("{} {TITLE}", meeting.title.trim());
    let mut doc = Document::new(paper_for(&plan.hall), &title)
        .fonts(meta.fonts)
        .margins(margins())
        .running_header(&meta.association_name, TITLE)
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }
    draw(&mut doc, plan, meeting, PageFrame::Full);
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// The 座位图 as pages for the meeting packet: no running header and no page numbers (the
/// packet numbers them with its own); its PDF.
pub fn render_for_packet(
    plan: &SeatingPlan,
    meeting: &MeetingSummary,
    meta: &DocumentMeta,
) -> Result<Vec<u8>, DocumentError> {
    let title = format!("{} {TITLE}", meeting.title.trim());
    let mut doc = Document::new(paper_for(&plan.hall), &title)
        .fonts(meta.fonts)
        .margins(margins());
    draw(&mut doc, plan, meeting, PageFrame::Bare);
    doc.finish()
}

fn margins() -> Margins {
    Margins {
        top_mm: TOP_MM,
        right_mm: MARGIN_X_MM,
        bottom_mm: BOTTOM_MM,
        left_mm: MARGIN_X_MM,
    }
}

/// Every page of the plan.
fn draw(doc: &mut Document, plan: &SeatingPlan, meeting: &MeetingSummary, frame: PageFrame) {
    let page = doc.page_size();
    let room = seats_room(page);
    let held: HashMap<(&str, u32, u32), &PlanSeat> = plan
        .seats
        .iter()
        .map(|s| ((s.section.as_str(), s.row, s.number), s))
        .collect();
    let capacity: u32 = plan.hall.iter().map(Section::capacity).sum();
    let subtitle = format!(
        "{}　共 {capacity} 座，已安排 {} 人",
        when_and_where(meeting),
        plan.seats.len()
    );
    let pages = pages_of(&plan.hall, room);
    let total = pages.len();
    for (index, blocks) in pages.iter().enumerate() {
        doc.new_page();
        doc.set_page_frame(frame);
        let width = doc.content_width_mm();
        let mut title = format!("{} {TITLE}", meeting.title.trim());
        if total > 1 {
            title.push_str(&format!("（{}/{total}）", index + 1));
        }
        let sizes = sizes(blocks, room);
        let rows = blocks.iter().map(Block::row_count).max().unwrap_or(0) as f32;
        let band_bottom = BAND_TOP_MM + LABEL_ROW_MM + NUMBER_ROW_MM + rows * sizes.row_mm;
        // The whole plan sits in the middle of the page's height, so a shallow hall does not
        // leave the lower half empty.
        let used = band_bottom + 6.0 + LEGEND_MM;
        let dy = ((page.height_mm - BOTTOM_MM - 2.0 - used) / 2.0).max(0.0);
        doc.text_box(
            &title,
            BoxMm {
                x_mm: MARGIN_X_MM,
                y_mm: TOP_MM + dy,
                width_mm: width,
                height_mm: 7.0,
            },
            TextStyle::new(14.0).bold().align(Align::Center),
            Fit::Shrink,
        );
        doc.text_box(
            &subtitle,
            BoxMm {
                x_mm: MARGIN_X_MM,
                y_mm: TOP_MM + dy + 7.5,
                width_mm: width,
                height_mm: 4.5,
            },
            TextStyle::new(9.0).align(Align::Center).colour(GREY),
            Fit::Shrink,
        );
        stage(doc, page, dy, blocks.iter().any(|b| b.depth == 0));
        let band: f32 = blocks
            .iter()
            .map(|b| ROW_LABEL_MM + b.seat_count() as f32 * sizes.seat_mm)
            .sum::<f32>()
            + (blocks.len().max(1) - 1) as f32 * AISLE_MM;
        let mut left = MARGIN_X_MM + (room.0 - band) / 2.0;
        for block in blocks {
            if let Some(section) = plan.hall.get(block.section) {
                draw_block(doc, section, block, (left, dy), sizes, &held);
            }
            left += ROW_LABEL_MM + block.seat_count() as f32 * sizes.seat_mm + AISLE_MM;
        }
        legend(doc, plan, capacity, dy + band_bottom + 6.0);
    }
}

/// The stage, centred at the top; on a page of back rows only, a note where it would be.
fn stage(doc: &mut Document, page: PageSize, dy: f32, front: bool) {
    let width = (doc.content_width_mm() * 0.45).min(130.0);
    let area = BoxMm {
        x_mm: (page.width_mm - width) / 2.0,
        y_mm: STAGE_TOP_MM + dy,
        width_mm: width,
        height_mm: STAGE_MM,
    };
    if front {
        doc.rect(area, Some(STAGE_FILL), None);
        doc.text_box(
            STAGE,
            area,
            TextStyle::new(13.0)
                .bold()
                .align(Align::Center)
                .colour((1.0, 1.0, 1.0)),
            Fit::Shrink,
        );
    } else {
        doc.text_box(
            &format!("后排（{STAGE}在前方，见前页）"),
            area,
            TextStyle::new(10.0).align(Align::Center).colour(GREY),
            Fit::Shrink,
        );
    }
}

/// What a block is called above it: the section's name, and which part when it was cut.
fn block_label(section: &Section, block: &Block) -> String {
    let mut label = section.name.clone();
    if block.split_rows {
        label.push_str(&format!("（第{}–{}排）", block.rows.0, block.rows.1));
    }
    if block.split_seats {
        label.push_str(&format!("（{}–{}座）", block.seats.0, block.seats.1));
    }
    label
}

/// One block: its name, seat numbers, row numbers and seats.
fn draw_block(
    doc: &mut Document,
    section: &Section,
    block: &Block,
    (left, dy): (f32, f32),
    sizes: Sizes,
    held: &HashMap<(&str, u32, u32), &PlanSeat>,
) {
    let seats_left = left + ROW_LABEL_MM;
    let seats_w = block.seat_count() as f32 * sizes.seat_mm;
    doc.text_box(
        &block_label(section, block),
        BoxMm {
            x_mm: seats_left,
            y_mm: BAND_TOP_MM + dy,
            width_mm: seats_w,
            height_mm: LABEL_ROW_MM,
        },
        TextStyle::new(10.0).bold().align(Align::Center),
        Fit::Shrink,
    );
    let numbers_top = BAND_TOP_MM + dy + LABEL_ROW_MM;
    let number_style = TextStyle::new(5.5).align(Align::Center).colour(GREY);
    let widest = doc.text_width_mm(&block.seats.1.to_string(), 5.5, false);
    let every = if widest + 0.3 <= sizes.seat_mm { 1 } else { 5 };
    for number in block.seats.0..=block.seats.1 {
        if number == block.seats.0 || number % every == 0 {
            let x = seats_left + (number - block.seats.0) as f32 * sizes.seat_mm;
            doc.text_at(
                &number.to_string(),
                x + sizes.seat_mm / 2.0,
                numbers_top,
                number_style,
            );
        }
    }
    doc.text_at("排", left + ROW_LABEL_MM / 2.0, numbers_top, number_style);
    let rows_top = numbers_top + NUMBER_ROW_MM;
    for row in block.rows.0..=block.rows.1 {
        let top = rows_top + (row - block.rows.0) as f32 * sizes.row_mm;
        doc.text_box(
            &row.to_string(),
            BoxMm {
                x_mm: left,
                y_mm: top,
                width_mm: ROW_LABEL_MM - 0.6,
                height_mm: sizes.row_mm,
            },
            TextStyle::new(6.5).align(Align::Right).colour(GREY),
            Fit::Shrink,
        );
        for number in block.seats.0..=block.seats.1 {
            let area = BoxMm {
                x_mm: seats_left + (number - block.seats.0) as f32 * sizes.seat_mm,
                y_mm: top,
                width_mm: sizes.seat_mm,
                height_mm: sizes.row_mm,
            };
            let sitter = held.get(&(section.name.as_str(), row, number));
            let fill = sitter.map_or((1.0, 1.0, 1.0), |s| seat_tint(s.category));
            doc.rect(area, Some(fill), Some((OUTLINE, 0.3)));
            if let Some(sitter) = sitter {
                name_in_seat(doc, &sitter.name, area, sizes);
            }
        }
    }
}

/// Whether every character of a name is one that is set upright in a stack (Chinese).
fn stacks(name: &str) -> bool {
    name.chars().all(|c| {
        matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
    })
}

/// A name in its seat: upright on one line, or stacked one character under another, at the
/// plan's size or smaller for a longer name; a stacked plan turns a name in Latin letters.
fn name_in_seat(doc: &mut Document, name: &str, area: BoxMm, sizes: Sizes) {
    let name = name.trim();
    let inner = BoxMm {
        x_mm: area.x_mm + PAD_MM,
        y_mm: area.y_mm + PAD_MM,
        width_mm: area.width_mm - 2.0 * PAD_MM,
        height_mm: area.height_mm - 2.0 * PAD_MM,
    };
    if sizes.stacked && stacks(name) {
        let chars: Vec<char> = name.chars().collect();
        let n = chars.len().max(NAME_CHARS as usize) as f32;
        let em_mm = (sizes.name_pt / PT_PER_MM).min(inner.height_mm / (n * STACK_PITCH_EM));
        let size = em_mm * PT_PER_MM;
        let pitch = em_mm * STACK_PITCH_EM;
        let count = chars.len() as f32;
        let centre_y = inner.y_mm + inner.height_mm / 2.0;
        let style = TextStyle::new(size).align(Align::Center);
        for (i, c) in chars.iter().enumerate() {
            let glyph_centre = centre_y + (i as f32 - (count - 1.0) / 2.0) * pitch;
            // text_at takes the top of a line box 1.35 em tall, the glyph centred in it.
            let top = glyph_centre - 0.675 * em_mm;
            let x = inner.x_mm + inner.width_mm / 2.0;
            doc.text_at(&c.to_string(), x, top, style);
        }
    } else if sizes.stacked {
        doc.sideways(inner, |doc, upright| {
            one_line(doc, name, upright, sizes.name_pt)
        });
    } else {
        one_line(doc, name, inner, sizes.name_pt);
    }
}

/// A name on one line centred in `area`, at `size_pt` or as much smaller as it needs.
fn one_line(doc: &mut Document, name: &str, area: BoxMm, size_pt: f32) {
    let at_one = doc.text_width_mm(name, 1.0, false).max(0.01);
    let size = size_pt
        .min(area.width_mm / at_one)
        .min(area.height_mm * PT_PER_MM / 1.35);
    let line_h = size * 1.35 / PT_PER_MM;
    doc.text_at(
        name,
        area.x_mm + area.width_mm / 2.0,
        area.y_mm + (area.height_mm - line_h) / 2.0,
        TextStyle::new(size).align(Align::Center),
    );
}

/// The legend under the seats (`below_mm`, at most at the foot of the page): a swatch and a
/// count for each credential seated, and the empty seats.
fn legend(doc: &mut Document, plan: &SeatingPlan, capacity: u32, below_mm: f32) {
    let page = doc.page_size();
    let mut items: Vec<(Rgb3, String)> = Vec::new();
    for category in [
        Category::Guest,
        Category::Delegate,
        Category::Observer,
        Category::Staff,
    ] {
        let n = plan.seats.iter().filter(|s| s.category == category).count();
        if n > 0 {
            items.push((
                seat_tint(category),
                format!("{} {n} 人", category_heading(category)),
            ));
        }
    }
    let empty = capacity as usize - plan.seats.len().min(capacity as usize);
    items.push(((1.0, 1.0, 1.0), format!("{EMPTY_SEAT} {empty} 个")));
    let style = TextStyle::new(9.0);
    let swatch = (5.0, 3.4);
    let gap = 7.0;
    let widths: Vec<f32> = items
        .iter()
        .map(|(_, text)| swatch.0 + 1.5 + doc.text_width_mm(text, 9.0, false))
        .collect();
    let label = "图例：";
    let label_w = doc.text_width_mm(label, 9.0, true);
    let total = label_w + widths.iter().sum::<f32>() + gap * (items.len() - 1) as f32;
    let top = below_mm.min(page.height_mm - BOTTOM_MM - LEGEND_MM + 1.0);
    let mut x = (page.width_mm - total) / 2.0;
    doc.text_at(label, x, top, style.bold());
    x += label_w;
    for ((fill, text), w) in items.iter().zip(&widths) {
        let area = BoxMm {
            x_mm: x,
            y_mm: top + 0.6,
            width_mm: swatch.0,
            height_mm: swatch.1,
        };
        doc.rect(area, Some(*fill), Some((OUTLINE, 0.3)));
        doc.text_at(text, x + swatch.0 + 1.5, top, style);
        x += w + gap;
    }
}

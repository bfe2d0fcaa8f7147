//! Tables across the text width: column widths, cells wrapped or shrunk, rows that flow onto
//! following pages with the header row repeated, zebra shading and a grid.
//!
//! Invariants: a row is never split across pages unless it is taller than a whole page (then
//! each cell's lines are cut where the page ends); every page a table reaches starts with its
//! header row (under its caption, when it has one, on the pages after its first); body rows
//! are at least the document's minimum row height (room to sign).

use super::page::RULE;
use super::text::{fit_text, line_height_mm, line_in_width};
use super::{Align, BoxMm, Document, Fit, TextStyle, BLACK};

/// Horizontal and vertical padding inside table cells.
const CELL_PAD_X_MM: f32 = 1.5;
const CELL_PAD_Y_MM: f32 = 1.1;
/// Space below a table.
const TABLE_SPACE_AFTER_MM: f32 = 2.0;

/// The header row's shading, and every other body row's.
const HEADER_FILL: (f32, f32, f32) = (0.88, 0.91, 0.95);
const ZEBRA_FILL: (f32, f32, f32) = (0.965, 0.965, 0.965);

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Text of the header cell, repeated on every page the table reaches.
    pub heading: String,
    /// Width in mm; if the columns add up to more than the page's text width they are scaled
    /// down proportionally.
    pub width_mm: f32,
    /// Alignment of the cells (the header follows it).
    pub align: Align,
    /// Wrap or shrink cells that are too wide.
    pub fit: Fit,
}

impl Column {
    /// A left-aligned, wrapping column.
    pub fn new(heading: impl Into<String>, width_mm: f32) -> Column {
        Column {
            heading: heading.into(),
            width_mm,
            align: Align::Left,
            fit: Fit::Wrap,
        }
    }

    /// The same with another alignment.
    pub fn align(self, align: Align) -> Column {
        Column { align, ..self }
    }

    /// The same, shrinking cells to one line instead of wrapping them.
    pub fn shrink(self) -> Column {
        Column {
            fit: Fit::Shrink,
            ..self
        }
    }
}

/// One laid-out table cell.
#[derive(Clone)]
struct Cell {
    lines: Vec<String>,
    size_pt: f32,
    bold: bool,
}

impl Cell {
    fn line_height_mm(&self) -> f32 {
        line_height_mm(self.size_pt)
    }

    fn height_mm(&self) -> f32 {
        self.lines.len() as f32 * self.line_height_mm() + 2.0 * CELL_PAD_Y_MM
    }
}

/// A table laid out: column widths, the header row and the body rows.
struct TableLayout {
    widths: Vec<f32>,
    header: Vec<Cell>,
    body: Vec<Vec<Cell>>,
}

/// Height of a row: its tallest cell.
fn row_height_mm(cells: &[Cell]) -> f32 {
    cells.iter().map(Cell::height_mm).fold(0.0, f32::max)
}

/// Splits a row taller than a page: the lines of each cell that fit in `height_mm`, and the
/// rest.
fn split_row(cells: &[Cell], height_mm: f32) -> (Vec<Cell>, Vec<Cell>) {
    let mut now = Vec::new();
    let mut rest = Vec::new();
    for cell in cells {
        let fit = ((height_mm - 2.0 * CELL_PAD_Y_MM) / cell.line_height_mm())
            .floor()
            .max(1.0) as usize;
        let split = fit.min(cell.lines.len());
        now.push(Cell {
            lines: cell.lines[..split].to_vec(),
            ..cell.clone()
        });
        rest.push(Cell {
            lines: cell.lines[split..].to_vec(),
            ..cell.clone()
        });
    }
    (now, rest)
}

impl Document {
    /// A table across the text width: a header row, then `rows` (one string per column;
    /// missing cells are empty). Rows flow onto following pages, each starting with the
    /// header row again; a row is split only if it is taller than a whole page.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        self.table_continued(columns, rows, None);
    }

    /// A table as [`Document::table`], with `caption` (e.g. "校友代表（续）", bold, at the
    /// body size) above its header row on every page after its first: a reader who turns to
    /// the middle of a long list still sees whose list it is.
    pub fn table_with_caption(&mut self, columns: &[Column], rows: &[Vec<String>], caption: &str) {
        let caption = self.checked(caption).into_owned();
        self.table_continued(columns, rows, Some(&caption));
    }

    /// The table, with an already checked caption over the header on continuation pages.
    fn table_continued(&mut self, columns: &[Column], rows: &[Vec<String>], caption: Option<&str>) {
        if columns.is_empty() {
            return;
        }
        let caption_style = TextStyle::new(self.body_size_pt).bold();
        let caption_h = caption.map_or(0.0, |_| line_height_mm(caption_style.size_pt) + 1.0);
        for text in columns
            .iter()
            .map(|c| &c.heading)
            .chain(rows.iter().flatten())
        {
            self.checked(text);
        }
        let TableLayout {
            widths,
            header,
            body,
        } = self.layout_table(columns, rows);
        let header_h = row_height_mm(&header);
        let first_h = body.first().map_or(0.0, |r| self.body_row_mm(r));
        self.begin_block(header_h + first_h.min(self.page_body_mm() - header_h));
        let mut segment_top = self.cursor_mm;
        self.table_row(columns, &widths, &header, Some(HEADER_FILL));
        for (index, cells) in body.into_iter().enumerate() {
            let fill = (index % 2 == 1).then_some(ZEBRA_FILL);
            let mut cells = cells;
            loop {
                let h = self.body_row_mm(&cells);
                let remaining = self.remaining_mm();
                if h <= remaining + 0.01 {
                    self.table_row(columns, &widths, &cells, fill);
                    break;
                }
                let page_body = self.page_body_mm() - header_h - caption_h;
                let one_line = 3.0 * CELL_PAD_Y_MM + line_height_mm(self.body_size_pt);
                if h > page_body && remaining > one_line {
                    // Taller than any page: put what fits here, the rest after the break.
                    let (now, rest) = split_row(&cells, remaining);
                    self.table_row(columns, &widths, &now, fill);
                    cells = rest;
                }
                self.table_grid(&widths, segment_top);
                self.new_page();
                if let Some(caption) = caption {
                    let (left, top) = (self.margins.left_mm, self.cursor_mm);
                    self.line_in(&(left, caption.to_string()), top, caption_style, BLACK);
                    self.cursor_mm += caption_h;
                }
                segment_top = self.cursor_mm;
                self.table_row(columns, &widths, &header, Some(HEADER_FILL));
            }
        }
        self.table_grid(&widths, segment_top);
        self.cursor_mm += TABLE_SPACE_AFTER_MM;
    }

    /// Short texts (names) in a grid across the text width, `columns` to a row in the order
    /// given, rows `row_mm` tall: each text centred in its cell (1 mm in from each side) and
    /// shrunk to one line; a row is never split across pages, and a pending heading stays
    /// with the first row.
    pub fn grid(&mut self, cells: &[String], columns: usize, row_mm: f32, style: TextStyle) {
        let columns = columns.max(1);
        let cell_w = self.content_width_mm() / columns as f32;
        let left = self.margins.left_mm;
        for row in cells.chunks(columns) {
            self.begin_block(row_mm);
            let top = self.cursor_mm;
            for (i, text) in row.iter().enumerate() {
                let area = BoxMm {
                    x_mm: left + i as f32 * cell_w + 1.0,
                    y_mm: top,
                    width_mm: cell_w - 2.0,
                    height_mm: row_mm,
                };
                self.text_box(text, area, style, Fit::Shrink);
            }
            self.cursor_mm = top + row_mm;
        }
    }

    /// The height [`Document::table`] would take on one tall enough page, in mm: with
    /// [`Document::reserve`], keeps a short table on one page with what precedes it.
    pub fn table_height_mm(&self, columns: &[Column], rows: &[Vec<String>]) -> f32 {
        if columns.is_empty() {
            return 0.0;
        }
        let layout = self.layout_table(columns, rows);
        row_height_mm(&layout.header)
            + layout.body.iter().map(|r| self.body_row_mm(r)).sum::<f32>()
            + TABLE_SPACE_AFTER_MM
    }

    /// Height of a body row: its tallest cell, at least the minimum row height.
    fn body_row_mm(&self, cells: &[Cell]) -> f32 {
        row_height_mm(cells).max(self.min_row_mm)
    }

    /// Cells of a table laid out in its column widths (text as printed, not checked).
    fn layout_table(&self, columns: &[Column], rows: &[Vec<String>]) -> TableLayout {
        let widths = self.column_widths(columns);
        let size = self.body_size_pt;
        let cell = |text: &str, width: f32, bold: bool, fit: Fit| {
            let inner = width - 2.0 * CELL_PAD_X_MM;
            let (lines, size_pt) =
                fit_text(self.fonts, &self.as_printed(text), size, bold, inner, fit);
            Cell {
                lines,
                size_pt,
                bold,
            }
        };
        let header = columns
            .iter()
            .zip(&widths)
            .map(|(c, w)| cell(&c.heading, *w, true, Fit::Wrap))
            .collect();
        let body = rows
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| {
                        cell(row.get(i).map_or("", String::as_str), *w, false, c.fit)
                    })
                    .collect()
            })
            .collect();
        TableLayout {
            widths,
            header,
            body,
        }
    }

    /// Column widths in mm, scaled down to the text width if they add up to more.
    fn column_widths(&self, columns: &[Column]) -> Vec<f32> {
        let total: f32 = columns.iter().map(|c| c.width_mm.max(0.0)).sum();
        let available = self.content_width_mm();
        let scale = if total > available {
            available / total
        } else {
            1.0
        };
        columns
            .iter()
            .map(|c| c.width_mm.max(0.0) * scale)
            .collect()
    }

    /// Draws one table row at the cursor and moves below it.
    fn table_row(
        &mut self,
        columns: &[Column],
        widths: &[f32],
        cells: &[Cell],
        fill: Option<(f32, f32, f32)>,
    ) {
        let top = self.cursor_mm;
        let h = if fill == Some(HEADER_FILL) {
            row_height_mm(cells)
        } else {
            self.body_row_mm(cells)
        };
        let table_w: f32 = widths.iter().sum();
        let mut x = self.margins.left_mm;
        if let Some(fill) = fill {
            self.fill_rect(x, top, table_w, h, fill);
        }
        for ((cell, w), column) in cells.iter().zip(widths).zip(columns) {
            let style = TextStyle {
                size_pt: cell.size_pt,
                bold: cell.bold,
                align: column.align,
                colour: BLACK,
            };
            // Centred in the row: a short cell beside a tall one, or a name in a signing row.
            let mut line_top = top + ((h - cell.height_mm()) / 2.0).max(0.0) + CELL_PAD_Y_MM;
            for line in &cell.lines {
                let inner = w - 2.0 * CELL_PAD_X_MM;
                let placed = line_in_width(self.fonts, line, x + CELL_PAD_X_MM, inner, style);
                self.line_in(&placed, line_top, style, BLACK);
                line_top += cell.line_height_mm();
            }
            x += w;
        }
        // Both edges: a shaded row's fill would otherwise cover half the rule above it.
        let left = self.margins.left_mm;
        let top_width = if fill == Some(HEADER_FILL) { 0.8 } else { 0.5 };
        self.rule(left, top, left + table_w, top, top_width, RULE);
        self.rule(left, top + h, left + table_w, top + h, 0.5, RULE);
        self.cursor_mm = top + h;
    }

    /// The vertical rules of one page's part of a table, from `top` to the cursor.
    fn table_grid(&mut self, widths: &[f32], top: f32) {
        let bottom = self.cursor_mm;
        let mut x = self.margins.left_mm;
        self.rule(x, top, x, bottom, 0.5, RULE);
        for w in widths {
            x += w;
            self.rule(x, top, x, bottom, 0.5, RULE);
        }
    }
}

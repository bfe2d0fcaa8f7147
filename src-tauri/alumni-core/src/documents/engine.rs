//! The document engine: A4 or badge-size pages with a running header and a "第 N 页 共 M 页"
//! footer; flowing paragraphs, tables and bar charts that break across pages; and text boxes,
//! QR codes and images placed where the caller says.
//!
//! Positions are millimetres from the page's top-left corner; font sizes are points. Flowing
//! content goes down from a cursor and starts a new page when the next piece does not fit.
//! Invariants: every string is checked against the font before it is placed, and `finish`
//! refuses a document with characters the font lacks; text never runs past the width it was
//! given (it wraps or shrinks); a table row is never split unless it is taller than a page,
//! and every page a table reaches starts with its header row; page numbers are drawn after
//! layout, so "共 M 页" is always the real count.

use std::borrow::Cow;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use printpdf::{
    Color, CurTransMat, FontId, ImageCompression, ImageOptimizationOptions, Line, LineDashPattern,
    LinePoint, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions,
    Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextRenderingMode,
    XObjectId, XObjectTransform,
};

use super::font::{self, missing_glyphs, printable, text_width_pt};
use super::wrap::wrap;
use super::{qr, DocumentError};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;
/// Line height as a multiple of the font size.
const LINE_HEIGHT_EM: f32 = 1.35;
/// Stroke width of simulated bold, as a fraction of the font size (one weight is shipped).
const BOLD_STROKE_EM: f32 = 0.035;
/// The smallest size text is shrunk to before it wraps instead.
const MIN_SHRINK_PT: f32 = 6.0;
/// Horizontal and vertical padding inside table cells.
const CELL_PAD_X_MM: f32 = 1.5;
const CELL_PAD_Y_MM: f32 = 1.1;
/// Space below a table and below a chart.
const TABLE_SPACE_AFTER_MM: f32 = 2.0;
const CHART_SPACE_AFTER_MM: f32 = 3.0;

/// A colour as red, green and blue from 0 to 1.
pub type Rgb3 = (f32, f32, f32);

/// Black text and lines.
pub const BLACK: Rgb3 = (0.0, 0.0, 0.0);
/// White, for text on a coloured band.
pub const WHITE: Rgb3 = (1.0, 1.0, 1.0);
const GREY_TEXT: (f32, f32, f32) = (0.35, 0.35, 0.35);
const RULE: (f32, f32, f32) = (0.55, 0.55, 0.55);
const HEADER_FILL: (f32, f32, f32) = (0.88, 0.91, 0.95);
const ZEBRA_FILL: (f32, f32, f32) = (0.965, 0.965, 0.965);
const BAR_FILL: (f32, f32, f32) = (0.20, 0.40, 0.68);

/// A page size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    /// Width in mm.
    pub width_mm: f32,
    /// Height in mm.
    pub height_mm: f32,
}

impl PageSize {
    /// A4 upright, 210 × 297 mm.
    pub const A4_PORTRAIT: PageSize = PageSize::mm(210.0, 297.0);
    /// A4 on its side, 297 × 210 mm.
    pub const A4_LANDSCAPE: PageSize = PageSize::mm(297.0, 210.0);
    /// A6 upright, 105 × 148 mm: the usual badge insert.
    pub const A6_PORTRAIT: PageSize = PageSize::mm(105.0, 148.0);
    /// A6 on its side, 148 × 105 mm.
    pub const A6_LANDSCAPE: PageSize = PageSize::mm(148.0, 105.0);

    /// Any size, e.g. a badge card of 90 × 54 mm.
    pub const fn mm(width_mm: f32, height_mm: f32) -> PageSize {
        PageSize {
            width_mm,
            height_mm,
        }
    }
}

/// Page margins in millimetres; the running header and footer sit inside the top and bottom
/// margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top margin in mm.
    pub top_mm: f32,
    /// Right margin in mm.
    pub right_mm: f32,
    /// Bottom margin in mm.
    pub bottom_mm: f32,
    /// Left margin in mm.
    pub left_mm: f32,
}

impl Margins {
    /// The same margin on all four sides.
    pub const fn uniform(mm: f32) -> Margins {
        Margins {
            top_mm: mm,
            right_mm: mm,
            bottom_mm: mm,
            left_mm: mm,
        }
    }
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// What to do with text wider than its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fit {
    /// Break it into lines (the row or box grows).
    #[default]
    Wrap,
    /// Make it smaller to stay on one line, down to 6 pt; wrap only below that.
    Shrink,
}

/// Size, weight and alignment of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in points (10.5 pt is the Chinese 五号 body size).
    pub size_pt: f32,
    /// Bold (drawn with a thin outline stroke; the font has one weight).
    pub bold: bool,
    /// Alignment within the available width.
    pub align: Align,
    /// Colour of the text.
    pub colour: Rgb3,
}

impl TextStyle {
    /// Regular, left-aligned text of `size_pt`.
    pub const fn new(size_pt: f32) -> TextStyle {
        TextStyle {
            size_pt,
            bold: false,
            align: Align::Left,
            colour: BLACK,
        }
    }

    /// The same, bold.
    pub const fn bold(self) -> TextStyle {
        TextStyle { bold: true, ..self }
    }

    /// The same with another alignment.
    pub const fn align(self, align: Align) -> TextStyle {
        TextStyle { align, ..self }
    }

    /// The same in another colour.
    pub const fn colour(self, colour: Rgb3) -> TextStyle {
        TextStyle { colour, ..self }
    }
}

/// A rectangle on the page in millimetres from the top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxMm {
    /// Left edge.
    pub x_mm: f32,
    /// Top edge.
    pub y_mm: f32,
    /// Width.
    pub width_mm: f32,
    /// Height.
    pub height_mm: f32,
}

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

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The label left of the bar.
    pub label: String,
    /// The bar's length relative to the longest bar.
    pub value: f64,
    /// The figure printed after the bar, e.g. "1,234" or "85.2%".
    pub value_text: String,
}

impl Bar {
    /// A bar for a count, labelled with the count.
    pub fn count(label: impl Into<String>, count: u64) -> Bar {
        Bar {
            label: label.into(),
            value: count as f64,
            value_text: count.to_string(),
        }
    }
}

/// The association name and document title drawn at the top of every page.
struct RunningHeader {
    association: String,
    title: String,
}

/// An image added to the PDF once and placed any number of times.
#[derive(Clone)]
struct StoredImage {
    id: XObjectId,
    width_px: usize,
    height_px: usize,
}

/// A document being laid out. Build it, add content, then [`Document::finish`] for the PDF.
pub struct Document {
    page: PageSize,
    margins: Margins,
    header: Option<RunningHeader>,
    logo: Option<StoredImage>,
    footer_note: Option<String>,
    page_numbers: bool,
    min_row_mm: f32,
    body_size_pt: f32,
    font: FontId,
    pdf: PdfDocument,
    pages: Vec<Vec<Op>>,
    cursor_mm: f32,
    pending_heading: Option<(String, TextStyle)>,
    missing: Vec<char>,
    images: Vec<(u64, StoredImage)>,
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

/// One bar's label lines, their size and the row's height.
struct ChartRow {
    lines: Vec<String>,
    size_pt: f32,
    height_mm: f32,
}

/// A bar chart laid out.
struct ChartLayout {
    title_h: f32,
    label_w: f32,
    bar_x: f32,
    bar_area: f32,
    full_scale: f64,
    rows: Vec<ChartRow>,
}

fn row_height_mm(cells: &[Cell]) -> f32 {
    cells.iter().map(Cell::height_mm).fold(0.0, f32::max)
}

/// Line height in mm for text of `size_pt`.
fn line_height_mm(size_pt: f32) -> f32 {
    size_pt * LINE_HEIGHT_EM / PT_PER_MM
}

/// Distance in mm from the top of a line box to the baseline, centring the font's ascent and
/// descent in the line.
fn baseline_offset_mm(size_pt: f32) -> f32 {
    let m = font::vertical_metrics();
    let glyph_height = (m.ascent_em + m.descent_em) * size_pt;
    ((size_pt * LINE_HEIGHT_EM - glyph_height) / 2.0 + m.ascent_em * size_pt) / PT_PER_MM
}

/// Width in mm of `text`, bold adding its outline stroke.
fn width_mm(text: &str, size_pt: f32, bold: bool) -> f32 {
    let stroke = if bold { BOLD_STROKE_EM * size_pt } else { 0.0 };
    (text_width_pt(text, size_pt) + stroke) / PT_PER_MM
}

/// Lines of `text` within `width_mm` at `size_pt`, bold reserving room for its stroke.
fn wrap_mm(text: &str, size_pt: f32, bold: bool, width_mm: f32) -> Vec<String> {
    let stroke = if bold { BOLD_STROKE_EM * size_pt } else { 0.0 };
    wrap(text, size_pt, (width_mm * PT_PER_MM - stroke).max(0.0))
}

/// Lays `text` out in `width_mm` by `fit`: the lines and the size they are set at.
fn fit_text(text: &str, size_pt: f32, bold: bool, width_mm: f32, fit: Fit) -> (Vec<String>, f32) {
    let mut size = size_pt;
    if fit == Fit::Shrink {
        let natural = text
            .split('\n')
            .map(|l| self::width_mm(l, size_pt, bold))
            .fold(0.0, f32::max);
        if natural > width_mm && natural > 0.0 {
            // Round down to a tenth of a point so the measured line surely fits.
            size = ((size_pt * width_mm / natural * 10.0).floor() / 10.0).max(MIN_SHRINK_PT);
        }
    }
    (wrap_mm(text, size, bold, width_mm), size)
}

fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

impl Document {
    /// An empty document of `page` size with 20 mm margins (22 mm at the top), no running
    /// header and 10.5 pt (五号) body text. `title` becomes the PDF's title.
    pub fn new(page: PageSize, title: &str) -> Document {
        Document {
            page,
            margins: Margins {
                top_mm: 22.0,
                right_mm: 20.0,
                bottom_mm: 20.0,
                left_mm: 20.0,
            },
            header: None,
            logo: None,
            footer_note: None,
            page_numbers: false,
            min_row_mm: 0.0,
            body_size_pt: 10.5,
            font: FontId::new(),
            pdf: PdfDocument::new(title),
            pages: Vec::new(),
            cursor_mm: 0.0,
            pending_heading: None,
            missing: Vec::new(),
            images: Vec::new(),
        }
    }

    /// Other margins. Call before adding content.
    pub fn margins(mut self, margins: Margins) -> Document {
        self.margins = margins;
        self
    }

    /// Another body text size for tables and charts. Call before adding content.
    pub fn body_size(mut self, size_pt: f32) -> Document {
        self.body_size_pt = size_pt;
        self
    }

    /// A header on every page (the association's name left, the document's title right,
    /// a rule below) and the footer "第 N 页 共 M 页".
    pub fn running_header(mut self, association: &str, title: &str) -> Document {
        let association = self.checked(association).into_owned();
        let title = self.checked(title).into_owned();
        self.header = Some(RunningHeader { association, title });
        self.page_numbers = true;
        self
    }

    /// A note at the left of every page's footer, e.g. when the document was generated.
    pub fn footer_note(mut self, note: &str) -> Document {
        self.footer_note = Some(self.checked(note).into_owned());
        self.page_numbers = true;
        self
    }

    /// The footer "第 N 页 共 M 页" without a running header (e.g. on sheets of badges).
    pub fn page_numbers(mut self) -> Document {
        self.page_numbers = true;
        self
    }

    /// Body rows of the tables that follow are at least `height_mm` tall (room to sign in).
    pub fn set_min_row_height(&mut self, height_mm: f32) {
        self.min_row_mm = height_mm.max(0.0);
    }

    /// The page size.
    pub fn page_size(&self) -> PageSize {
        self.page
    }

    /// The association's logo (PNG) before its name in the running header.
    pub fn header_logo(&mut self, png: &[u8]) -> Result<(), DocumentError> {
        self.logo = Some(self.store_png(png)?);
        Ok(())
    }

    /// Width in mm between the left and right margins.
    pub fn content_width_mm(&self) -> f32 {
        self.page.width_mm - self.margins.left_mm - self.margins.right_mm
    }

    /// Pages so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Starts a new page; flowing content continues at its top.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.cursor_mm = self.margins.top_mm;
    }

    /// Space left on the current page below the flow cursor, in mm.
    pub fn remaining_mm(&self) -> f32 {
        if self.pages.is_empty() {
            return self.bottom_mm() - self.margins.top_mm;
        }
        self.bottom_mm() - self.cursor_mm
    }

    /// Starts a new page unless `height_mm` fits below the cursor (with a pending heading,
    /// below the heading, which is then drawn): keeps what follows together.
    pub fn reserve(&mut self, height_mm: f32) {
        if self.pending_heading.is_some() {
            // The heading goes with the space reserved.
            self.begin_block(height_mm);
            return;
        }
        if self.pages.is_empty()
            || (height_mm > self.remaining_mm() && self.cursor_mm > self.margins.top_mm + 0.01)
        {
            self.new_page();
        }
    }

    /// A heading, kept on the same page as the start of the next block (paragraph, table or
    /// chart): it is drawn when that block is placed.
    pub fn heading(&mut self, text: &str, style: TextStyle) {
        self.flush_heading();
        let text = self.checked(text).into_owned();
        self.pending_heading = Some((text, style));
    }

    /// Vertical space in the flow.
    pub fn space(&mut self, height_mm: f32) {
        self.flush_heading();
        self.ensure_page();
        self.cursor_mm = (self.cursor_mm + height_mm).min(self.bottom_mm());
    }

    /// Text flowing down the page, wrapped within the margins (`\n` breaks a line), followed
    /// by a little space.
    pub fn paragraph(&mut self, text: &str, style: TextStyle) {
        let text = self.checked(text).into_owned();
        let lines = wrap_mm(&text, style.size_pt, style.bold, self.content_width_mm());
        let lh = line_height_mm(style.size_pt);
        let left = self.margins.left_mm;
        let width = self.content_width_mm();
        self.begin_block(lh);
        for line in &lines {
            self.reserve(lh);
            let top = self.cursor_mm;
            self.line_in(&line_in_width(line, left, width, style), top, style, BLACK);
            self.cursor_mm += lh;
        }
        self.cursor_mm += lh * 0.35;
    }

    /// One line of text at a fixed place: `x_mm` is the left edge, centre or right edge
    /// according to the alignment, `y_mm` the top of the line. Not wrapped.
    pub fn text_at(&mut self, text: &str, x_mm: f32, y_mm: f32, style: TextStyle) {
        let text = self.checked(text).into_owned();
        let w = width_mm(&text, style.size_pt, style.bold);
        let left = match style.align {
            Align::Left => x_mm,
            Align::Center => x_mm - w / 2.0,
            Align::Right => x_mm - w,
        };
        self.ensure_page();
        self.line_in(&(left, text), y_mm, style, style.colour);
    }

    /// Text fitted into a box: wrapped (or shrunk to one line with [`Fit::Shrink`]), made
    /// smaller until it fits the height, and centred vertically. For names on badges.
    pub fn text_box(&mut self, text: &str, area: BoxMm, style: TextStyle, fit: Fit) {
        let text = self.checked(text).into_owned();
        let inner = area.width_mm;
        let (mut lines, mut size) = fit_text(&text, style.size_pt, style.bold, inner, fit);
        while lines.len() as f32 * line_height_mm(size) > area.height_mm && size > MIN_SHRINK_PT {
            size = (size - 0.5).max(MIN_SHRINK_PT);
            lines = wrap_mm(&text, size, style.bold, inner);
        }
        let lines = balanced(&text, size, style.bold, inner, lines);
        let style = TextStyle {
            size_pt: size,
            ..style
        };
        let lh = line_height_mm(size);
        let mut top = area.y_mm + (area.height_mm - lines.len() as f32 * lh).max(0.0) / 2.0;
        self.ensure_page();
        for line in &lines {
            self.line_in(
                &line_in_width(line, area.x_mm, inner, style),
                top,
                style,
                style.colour,
            );
            top += lh;
        }
    }

    /// A rectangle, filled and/or outlined (`stroke`: colour and line width in points).
    pub fn rect(&mut self, area: BoxMm, fill: Option<Rgb3>, stroke: Option<(Rgb3, f32)>) {
        self.ensure_page();
        if let Some(fill) = fill {
            self.fill_rect(area.x_mm, area.y_mm, area.width_mm, area.height_mm, fill);
        }
        if let Some((col, width_pt)) = stroke {
            let (l, t) = (area.x_mm, area.y_mm);
            let (r, b) = (l + area.width_mm, t + area.height_mm);
            for (x1, y1, x2, y2) in [(l, t, r, t), (r, t, r, b), (r, b, l, b), (l, b, l, t)] {
                self.rule(x1, y1, x2, y2, width_pt, col);
            }
        }
    }

    /// A straight line from (`x1_mm`, `y1_mm`) to (`x2_mm`, `y2_mm`), `width_pt` wide;
    /// `dash_mm` gives dash and gap lengths for a dashed line (a fold line).
    pub fn line(
        &mut self,
        from_mm: (f32, f32),
        to_mm: (f32, f32),
        width_pt: f32,
        colour: Rgb3,
        dash_mm: Option<(f32, f32)>,
    ) {
        self.ensure_page();
        let Some((dash, gap)) = dash_mm else {
            self.rule(from_mm.0, from_mm.1, to_mm.0, to_mm.1, width_pt, colour);
            return;
        };
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetLineDashPattern {
            dash: LineDashPattern::new(0.0, &[dash * PT_PER_MM, gap * PT_PER_MM]),
        });
        self.rule(from_mm.0, from_mm.1, to_mm.0, to_mm.1, width_pt, colour);
        self.current_ops().push(Op::RestoreGraphicsState);
    }

    /// Whatever `draw` puts on the page, turned upside down within `area` (rotated 180°
    /// about its centre): the far half of a folded table card reads upright from the other
    /// side. Positions given to `draw` are as if the area were upright.
    pub fn upside_down(&mut self, area: BoxMm, draw: impl FnOnce(&mut Document)) {
        let cx = (area.x_mm + area.width_mm / 2.0) * PT_PER_MM;
        let cy = (self.page.height_mm - area.y_mm - area.height_mm / 2.0) * PT_PER_MM;
        self.ensure_page();
        let page = self.pages.len();
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Raw([-1.0, 0.0, 0.0, -1.0, 2.0 * cx, 2.0 * cy]),
        });
        draw(self);
        // `draw` must not start a page; if it did, the state is closed where it was opened.
        self.pages[page - 1].push(Op::RestoreGraphicsState);
    }

    /// A table across the text width: a header row, then `rows` (one string per column;
    /// missing cells are empty). Rows flow onto following pages, each starting with the
    /// header row again; a row is split only if it is taller than a whole page.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<String>]) {
        if columns.is_empty() {
            return;
        }
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
                let page_body = self.page_body_mm() - header_h;
                let one_line = 3.0 * CELL_PAD_Y_MM + line_height_mm(self.body_size_pt);
                if h > page_body && remaining > one_line {
                    // Taller than any page: put what fits here, the rest after the break.
                    let (now, rest) = split_row(&cells, remaining);
                    self.table_row(columns, &widths, &now, fill);
                    cells = rest;
                }
                self.table_grid(&widths, segment_top);
                self.new_page();
                segment_top = self.cursor_mm;
                self.table_row(columns, &widths, &header, Some(HEADER_FILL));
            }
        }
        self.table_grid(&widths, segment_top);
        self.cursor_mm += TABLE_SPACE_AFTER_MM;
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

    /// A horizontal bar chart across the text width: a bold title, then one labelled bar per
    /// entry with its figure after it. Bars are scaled to `full_scale` (e.g. 1.0 for shares),
    /// or to the largest value when `None`. Long labels wrap to two lines and then shrink.
    /// A chart that fits on a page is kept on one page; a longer one continues on the next
    /// page under its title with "（续）".
    pub fn horizontal_bar_chart(&mut self, title: &str, bars: &[Bar], full_scale: Option<f64>) {
        let title = self.checked(title).into_owned();
        for bar in bars {
            self.checked(&bar.label);
            self.checked(&bar.value_text);
        }
        let chart = self.layout_chart(bars, full_scale);
        let size = self.body_size_pt - 1.0;
        let title_style = TextStyle::new(self.body_size_pt + 0.5).bold();
        let left = self.margins.left_mm;

        let all_rows: f32 = chart.rows.iter().map(|r| r.height_mm).sum();
        let first_rows: f32 = chart.rows.iter().take(3).map(|r| r.height_mm).sum();
        if chart.title_h + all_rows <= self.page_body_mm() {
            self.begin_block(chart.title_h + all_rows);
        } else {
            self.begin_block(chart.title_h + first_rows);
        }
        let top = self.cursor_mm;
        self.line_in(&(left, title.clone()), top, title_style, BLACK);
        self.cursor_mm += chart.title_h;

        for (row, bar) in chart.rows.iter().zip(bars) {
            let h = row.height_mm;
            if h > self.remaining_mm() {
                self.new_page();
                let top = self.cursor_mm;
                self.line_in(&(left, format!("{title}（续）")), top, title_style, BLACK);
                self.cursor_mm += chart.title_h;
            }
            let top = self.cursor_mm;
            let style = TextStyle::new(row.size_pt).align(Align::Right);
            let lh = line_height_mm(row.size_pt);
            let mut line_top = top + (h - row.lines.len() as f32 * lh) / 2.0;
            for line in &row.lines {
                let placed = line_in_width(line, left, chart.label_w - 2.0, style);
                self.line_in(&placed, line_top, style, BLACK);
                line_top += lh;
            }
            let bar_h = (line_height_mm(size) * 0.8).min(h - 1.0);
            let bar_top = top + (h - bar_h) / 2.0;
            let len = if chart.full_scale > 0.0 {
                (bar.value.clamp(0.0, chart.full_scale) / chart.full_scale) as f32 * chart.bar_area
            } else {
                0.0
            };
            if len > 0.05 {
                self.fill_rect(chart.bar_x, bar_top, len, bar_h, BAR_FILL);
            }
            let figure = printable(&bar.value_text).into_owned();
            let figure_top = top + (h - line_height_mm(size)) / 2.0;
            let placed = (chart.bar_x + len + 1.0, figure);
            self.line_in(&placed, figure_top, TextStyle::new(size), BLACK);
            self.rule(chart.bar_x, top, chart.bar_x, top + h, 0.6, RULE);
            self.cursor_mm += h;
        }
        self.cursor_mm += CHART_SPACE_AFTER_MM;
    }

    /// The height [`Document::horizontal_bar_chart`] would take on one tall enough page.
    pub fn bar_chart_height_mm(&self, bars: &[Bar]) -> f32 {
        let chart = self.layout_chart(bars, None);
        chart.title_h + chart.rows.iter().map(|r| r.height_mm).sum::<f32>() + CHART_SPACE_AFTER_MM
    }

    /// A QR code of `data` with its top-left corner at `x_mm`, `y_mm`; `size_mm` includes the
    /// quiet zone (a 12-digit token is 29 modules across, so 20 mm gives 0.69 mm modules).
    pub fn qr(
        &mut self,
        data: &str,
        x_mm: f32,
        y_mm: f32,
        size_mm: f32,
    ) -> Result<(), DocumentError> {
        let ops = qr::ops(
            data,
            x_mm * PT_PER_MM,
            (self.page.height_mm - y_mm) * PT_PER_MM,
            size_mm * PT_PER_MM,
        )?;
        self.current_ops().extend(ops);
        Ok(())
    }

    /// A PNG image (e.g. the association's logo) with its top-left corner at `x_mm`, `y_mm`,
    /// `width_mm` wide; returns its height in mm. Kept lossless; the same bytes placed again
    /// are stored in the PDF once.
    pub fn image(
        &mut self,
        png: &[u8],
        x_mm: f32,
        y_mm: f32,
        width_mm: f32,
    ) -> Result<f32, DocumentError> {
        let image = self.store_png(png)?;
        let height_mm = width_mm * image.height_px as f32 / image.width_px as f32;
        self.ensure_page();
        let op = self.image_op(&image, x_mm, y_mm, width_mm, height_mm);
        self.current_ops().push(op);
        Ok(height_mm)
    }

    /// The PDF: running header and page numbers drawn on every page, the font embedded as a
    /// subset. Refuses, naming them, if any text held characters the font cannot draw.
    pub fn finish(mut self) -> Result<Vec<u8>, DocumentError> {
        self.flush_heading();
        if !self.missing.is_empty() {
            return Err(DocumentError::MissingGlyphs {
                chars: self.missing,
            });
        }
        self.ensure_page();
        let total = self.pages.len();
        for index in 0..total {
            self.draw_running(index, total);
        }
        let parsed = font::pdf_font().map_err(|reason| DocumentError::Pdf { reason })?;
        self.pdf
            .resources
            .fonts
            .map
            .insert(self.font.clone(), printpdf::PdfFont::new(parsed.clone()));
        let (w, h) = (Mm(self.page.width_mm), Mm(self.page.height_mm));
        let pages = std::mem::take(&mut self.pages)
            .into_iter()
            .map(|ops| PdfPage::new(w, h, ops))
            .collect();
        self.pdf.with_pages(pages);
        let options = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            // Lossless only: a QR code or logo must not pick up JPEG artefacts.
            image_optimization: Some(ImageOptimizationOptions {
                quality: None,
                max_image_size: None,
                dither_greyscale: None,
                convert_to_greyscale: Some(false),
                auto_optimize: Some(false),
                format: Some(ImageCompression::Flate),
            }),
        };
        let mut warnings = Vec::new();
        let bytes = self.pdf.save(&options, &mut warnings);
        let errors: Vec<String> = warnings
            .into_iter()
            .filter(|w| w.severity == PdfParseErrorSeverity::Error)
            .map(|w| w.msg)
            .collect();
        if !errors.is_empty() {
            return Err(DocumentError::Pdf {
                reason: errors.join("; "),
            });
        }
        Ok(bytes)
    }

    // ---- internals ----

    /// `text` as it will be printed; characters the font lacks are remembered for `finish`.
    fn checked<'t>(&mut self, text: &'t str) -> Cow<'t, str> {
        for c in missing_glyphs(text) {
            if !self.missing.contains(&c) {
                self.missing.push(c);
            }
        }
        printable(text)
    }

    /// Starts a block whose first `keep_mm` must stay together with any pending heading:
    /// a new page unless both fit, then the heading.
    fn begin_block(&mut self, keep_mm: f32) {
        let Some((text, style)) = self.pending_heading.take() else {
            self.reserve(keep_mm);
            return;
        };
        let lines = wrap_mm(&text, style.size_pt, style.bold, self.content_width_mm());
        let lh = line_height_mm(style.size_pt);
        let before = lh * 0.5;
        let heading_h = before + lines.len() as f32 * lh + lh * 0.25;
        self.reserve(heading_h + keep_mm);
        if self.cursor_mm > self.margins.top_mm + 0.01 {
            self.cursor_mm += before;
        }
        let (left, width) = (self.margins.left_mm, self.content_width_mm());
        for line in &lines {
            let top = self.cursor_mm;
            self.line_in(&line_in_width(line, left, width, style), top, style, BLACK);
            self.cursor_mm += lh;
        }
        self.cursor_mm += lh * 0.25;
    }

    /// Draws a pending heading that no block followed.
    fn flush_heading(&mut self) {
        if self.pending_heading.is_some() {
            self.begin_block(0.0);
        }
    }

    /// Height of a body row: its tallest cell, at least the minimum row height.
    fn body_row_mm(&self, cells: &[Cell]) -> f32 {
        row_height_mm(cells).max(self.min_row_mm)
    }

    /// Height in mm between the top and bottom margins.
    pub fn page_body_mm(&self) -> f32 {
        self.bottom_mm() - self.margins.top_mm
    }

    fn bottom_mm(&self) -> f32 {
        self.page.height_mm - self.margins.bottom_mm
    }

    fn ensure_page(&mut self) {
        if self.pages.is_empty() {
            self.new_page();
        }
    }

    fn current_ops(&mut self) -> &mut Vec<Op> {
        self.ensure_page();
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Cells of a table laid out in its column widths (text as printed, not checked).
    fn layout_table(&self, columns: &[Column], rows: &[Vec<String>]) -> TableLayout {
        let widths = self.column_widths(columns);
        let size = self.body_size_pt;
        let cell = |text: &str, width: f32, bold: bool, fit: Fit| {
            let inner = width - 2.0 * CELL_PAD_X_MM;
            let (lines, size_pt) = fit_text(&printable(text), size, bold, inner, fit);
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

    /// Label lines, bar geometry and row heights of a bar chart (text as printed).
    fn layout_chart(&self, bars: &[Bar], full_scale: Option<f64>) -> ChartLayout {
        let size = self.body_size_pt - 1.0;
        let content = self.content_width_mm();
        let labels: Vec<Cow<'_, str>> = bars.iter().map(|b| printable(&b.label)).collect();
        let label_w = labels
            .iter()
            .map(|l| width_mm(l, size, false) + 2.0)
            .fold(15.0, f32::max)
            .min(content * 0.38);
        let figure_w = bars
            .iter()
            .map(|b| width_mm(&printable(&b.value_text), size, false) + 2.0)
            .fold(8.0, f32::max);
        let rows = labels
            .iter()
            .map(|label| {
                let inner = label_w - 2.0;
                let mut size_pt = size;
                let mut lines = wrap_mm(label, size_pt, false, inner);
                while lines.len() > 2 && size_pt > MIN_SHRINK_PT {
                    size_pt = (size_pt - 0.5).max(MIN_SHRINK_PT);
                    lines = wrap_mm(label, size_pt, false, inner);
                }
                let height_mm = (lines.len() as f32 * line_height_mm(size_pt) + 1.2)
                    .max(line_height_mm(size) + 1.6);
                ChartRow {
                    lines,
                    size_pt,
                    height_mm,
                }
            })
            .collect();
        ChartLayout {
            title_h: line_height_mm(self.body_size_pt + 0.5) + 1.0,
            label_w,
            bar_x: self.margins.left_mm + label_w + 1.5,
            bar_area: (content - label_w - 1.5 - figure_w).max(10.0),
            full_scale: full_scale
                .unwrap_or_else(|| bars.iter().map(|b| b.value).fold(0.0, f64::max)),
            rows,
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
                let placed = line_in_width(line, x + CELL_PAD_X_MM, w - 2.0 * CELL_PAD_X_MM, style);
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

    /// The running header and footer of page `index` of `total`.
    fn draw_running(&mut self, index: usize, total: usize) {
        let left = self.margins.left_mm;
        let right = self.page.width_mm - self.margins.right_mm;
        let small = TextStyle::new(9.0);
        if let Some(header) = &self.header {
            let (association, title) = (header.association.clone(), header.title.clone());
            let rule_y = self.margins.top_mm - 5.0;
            let text_top = rule_y - 1.2 - line_height_mm(9.0);
            let mut name_x = left;
            if let Some(logo) = self.logo.clone() {
                let h = 7.0;
                let w = h * logo.width_px as f32 / logo.height_px as f32;
                let op = self.image_op(&logo, left, rule_y - 1.0 - h, w, h);
                self.pages[index].push(op);
                name_x += w + 2.0;
            }
            let title_w = width_mm(&title, 9.0, false);
            let name_room = (right - title_w - 6.0 - name_x).max(20.0);
            let (lines, size) = fit_text(&association, 9.0, false, name_room, Fit::Shrink);
            let name = lines.first().cloned().unwrap_or_default();
            self.put_line(
                index,
                name_x,
                text_top,
                &name,
                TextStyle::new(size),
                GREY_TEXT,
            );
            self.put_line(index, right - title_w, text_top, &title, small, GREY_TEXT);
            self.put_rule(index, left, rule_y, right, rule_y, 0.6, RULE);
        }
        let footer_top = self.page.height_mm - self.margins.bottom_mm + 6.0;
        if self.page_numbers {
            let number = format!("第 {} 页 共 {} 页", index + 1, total);
            let w = width_mm(&number, 9.0, false);
            self.put_line(
                index,
                (left + right - w) / 2.0,
                footer_top,
                &number,
                small,
                GREY_TEXT,
            );
        }
        if let Some(note) = self.footer_note.clone() {
            self.put_line(index, left, footer_top, &note, small, GREY_TEXT);
        }
    }

    /// Draws a placed line on the current page.
    fn line_in(
        &mut self,
        placed: &(f32, String),
        top_mm: f32,
        style: TextStyle,
        col: (f32, f32, f32),
    ) {
        self.ensure_page();
        let index = self.pages.len() - 1;
        self.put_line(index, placed.0, top_mm, &placed.1, style, col);
    }

    /// One line of text on page `index`: `x_mm` its left edge, `top_mm` the top of its line
    /// box. The text must already be checked.
    fn put_line(
        &mut self,
        index: usize,
        x_mm: f32,
        top_mm: f32,
        text: &str,
        style: TextStyle,
        col: (f32, f32, f32),
    ) {
        if text.is_empty() {
            return;
        }
        let baseline = top_mm + baseline_offset_mm(style.size_pt);
        let pos = Point {
            x: Pt(x_mm * PT_PER_MM),
            y: Pt((self.page.height_mm - baseline) * PT_PER_MM),
        };
        let styled = style.bold || col != BLACK;
        let font = self.font.clone();
        let ops = &mut self.pages[index];
        if styled {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetFillColor { col: colour(col) });
            if style.bold {
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
                ops.push(Op::SetOutlineColor { col: colour(col) });
                ops.push(Op::SetOutlineThickness {
                    pt: Pt(BOLD_STROKE_EM * style.size_pt),
                });
            }
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font),
            size: Pt(style.size_pt),
        });
        ops.push(Op::SetTextCursor { pos });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(text.to_string())],
        });
        ops.push(Op::EndTextSection);
        if styled {
            ops.push(Op::RestoreGraphicsState);
        }
    }

    fn fill_rect(&mut self, x_mm: f32, y_mm: f32, w_mm: f32, h_mm: f32, fill: (f32, f32, f32)) {
        let page_h = self.page.height_mm;
        let ops = self.current_ops();
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetFillColor { col: colour(fill) });
        ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x_mm * PT_PER_MM),
                y: Pt((page_h - y_mm - h_mm) * PT_PER_MM),
                width: Pt(w_mm * PT_PER_MM),
                height: Pt(h_mm * PT_PER_MM),
                mode: Some(printpdf::PaintMode::Fill),
                winding_order: None,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    fn rule(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, col: (f32, f32, f32)) {
        self.ensure_page();
        let index = self.pages.len() - 1;
        self.put_rule(index, x1, y1, x2, y2, width_pt, col);
    }

    #[allow(clippy::too_many_arguments)]
    fn put_rule(
        &mut self,
        index: usize,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width_pt: f32,
        col: (f32, f32, f32),
    ) {
        let page_h = self.page.height_mm;
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(x * PT_PER_MM),
                y: Pt((page_h - y) * PT_PER_MM),
            },
            bezier: false,
        };
        let ops = &mut self.pages[index];
        ops.push(Op::SaveGraphicsState);
        ops.push(Op::SetOutlineColor { col: colour(col) });
        ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }

    fn image_op(&self, image: &StoredImage, x_mm: f32, y_mm: f32, w_mm: f32, h_mm: f32) -> Op {
        // At 72 dpi one pixel is one point; scale from there to the wanted size.
        Op::UseXobject {
            id: image.id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x_mm * PT_PER_MM)),
                translate_y: Some(Pt((self.page.height_mm - y_mm - h_mm) * PT_PER_MM)),
                rotate: None,
                scale_x: Some(w_mm * PT_PER_MM / image.width_px as f32),
                scale_y: Some(h_mm * PT_PER_MM / image.height_px as f32),
                dpi: Some(72.0),
                no_auto_scale: false,
            },
        }
    }

    /// Decodes a PNG and adds it to the PDF, once per distinct content.
    fn store_png(&mut self, png: &[u8]) -> Result<StoredImage, DocumentError> {
        let mut hasher = DefaultHasher::new();
        png.hash(&mut hasher);
        let key = hasher.finish();
        if let Some((_, stored)) = self.images.iter().find(|(k, _)| *k == key) {
            return Ok(stored.clone());
        }
        let raw = decode_png(png)?;
        let stored = StoredImage {
            width_px: raw.width,
            height_px: raw.height,
            id: self.pdf.add_image(&raw),
        };
        self.images.push((key, stored.clone()));
        Ok(stored)
    }
}

/// Where a line starts so that it sits in `width_mm` from `left_mm` with the style's
/// alignment; returned with the text for drawing.
fn line_in_width(line: &str, left_mm: f32, width_mm: f32, style: TextStyle) -> (f32, String) {
    let w = self::width_mm(line, style.size_pt, style.bold);
    let x = match style.align {
        Align::Left => left_mm,
        Align::Center => left_mm + (width_mm - w) / 2.0,
        Align::Right => left_mm + width_mm - w,
    };
    (x, line.to_string())
}

/// The same number of lines as `lines` but as even in length as the words allow, so that a
/// name on a badge does not end with one character alone on its last line: the narrowest
/// width, found by bisection, that still needs no more lines.
fn balanced(
    text: &str,
    size_pt: f32,
    bold: bool,
    width_mm: f32,
    lines: Vec<String>,
) -> Vec<String> {
    if lines.len() < 2 || text.contains('\n') {
        return lines;
    }
    let count = lines.len();
    let (mut low, mut high) = (width_mm / count as f32, width_mm);
    let mut best = lines;
    for _ in 0..12 {
        let mid = (low + high) / 2.0;
        let candidate = wrap_mm(text, size_pt, bold, mid);
        if candidate.len() <= count {
            high = mid;
            best = candidate;
        } else {
            low = mid;
        }
    }
    best
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

/// A PNG as raw 8-bit pixels printpdf can embed (Flate, lossless; alpha as a soft mask).
fn decode_png(png: &[u8]) -> Result<RawImage, DocumentError> {
    let bad = |e: png::DecodingError| DocumentError::Image {
        reason: e.to_string(),
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| DocumentError::Image {
            reason: "image too large".to_string(),
        })?;
    let mut pixels = vec![0; size];
    let info = reader.next_frame(&mut pixels).map_err(bad)?;
    pixels.truncate(info.buffer_size());
    let data_format = match info.color_type {
        png::ColorType::Grayscale => RawImageFormat::R8,
        png::ColorType::GrayscaleAlpha => RawImageFormat::RG8,
        png::ColorType::Rgb => RawImageFormat::RGB8,
        png::ColorType::Rgba => RawImageFormat::RGBA8,
        png::ColorType::Indexed => {
            return Err(DocumentError::Image {
                reason: "palette image was not expanded".to_string(),
            })
        }
    };
    if info.width == 0 || info.height == 0 {
        return Err(DocumentError::Image {
            reason: "empty image".to_string(),
        });
    }
    Ok(RawImage {
        pixels: RawImageData::U8(pixels),
        width: info.width as usize,
        height: info.height as usize,
        data_format,
        tag: Vec::new(),
    })
}

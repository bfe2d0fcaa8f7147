//! Text: styles, measuring with the font's real advances, wrapping, shrinking to fit, and
//! setting lines of text on the page (paragraphs, text at a point, text fitted into a box).
//!
//! Invariant: a line is measured before it is placed and never drawn wider than the width it
//! was given — it wraps, or with [`Fit::Shrink`] gets smaller (down to 6 pt) and only then
//! wraps; bold is simulated with an outline stroke whose width is measured too. A line is
//! drawn run by run, each run in the face that has its characters and placed where the sum of
//! the advances before it says, so measuring and drawing agree whichever faces a line mixes.
//! A line holding a marked (undrawable) character is boxed in red for hand correction.

use printpdf::{FontId, Op, PdfFontHandle, Point, Pt, TextItem, TextRenderingMode};

use super::page::colour;
use super::{BoxMm, Document, Rgb3, BLACK, PT_PER_MM};
use crate::documents::font::{self, Fonts};
use crate::documents::wrap::{wrap, wrap_indented};

/// Line height as a multiple of the font size.
const LINE_HEIGHT_EM: f32 = 1.35;
/// Stroke width of simulated bold, as a fraction of the font size (one weight is shipped).
const BOLD_STROKE_EM: f32 = 0.035;
/// The smallest size text is shrunk to before it wraps instead.
pub(super) const MIN_SHRINK_PT: f32 = 6.0;
/// Marks for hand correction — the box around a line with a marked character, and the notes
/// documents add — are red, seen at once on a printed page.
pub const MARK_RED: Rgb3 = (0.85, 0.1, 0.1);

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

/// Line height in mm for text of `size_pt`.
pub(super) fn line_height_mm(size_pt: f32) -> f32 {
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
pub(super) fn width_mm(fonts: Fonts, text: &str, size_pt: f32, bold: bool) -> f32 {
    let stroke = if bold { BOLD_STROKE_EM * size_pt } else { 0.0 };
    (fonts.width_pt(text, size_pt) + stroke) / PT_PER_MM
}

/// Lines of `text` within `width_mm` at `size_pt`, bold reserving room for its stroke.
pub(super) fn wrap_mm(
    fonts: Fonts,
    text: &str,
    size_pt: f32,
    bold: bool,
    width_mm: f32,
) -> Vec<String> {
    let stroke = if bold { BOLD_STROKE_EM * size_pt } else { 0.0 };
    wrap(
        fonts,
        text,
        size_pt,
        (width_mm * PT_PER_MM - stroke).max(0.0),
    )
}

/// As [`wrap_mm`], with the first line `first_indent_mm` narrower.
fn wrap_mm_indented(
    fonts: Fonts,
    text: &str,
    style: TextStyle,
    width_mm: f32,
    first_indent_mm: f32,
) -> Vec<String> {
    let stroke = if style.bold {
        BOLD_STROKE_EM * style.size_pt
    } else {
        0.0
    };
    wrap_indented(
        fonts,
        text,
        style.size_pt,
        (width_mm * PT_PER_MM - stroke).max(0.0),
        first_indent_mm * PT_PER_MM,
    )
}

/// Lays `text` out in `width_mm` by `fit`: the lines and the size they are set at.
pub(super) fn fit_text(
    fonts: Fonts,
    text: &str,
    size_pt: f32,
    bold: bool,
    width_mm: f32,
    fit: Fit,
) -> (Vec<String>, f32) {
    let mut size = size_pt;
    if fit == Fit::Shrink {
        let natural = text
            .split('\n')
            .map(|l| self::width_mm(fonts, l, size_pt, bold))
            .fold(0.0, f32::max);
        if natural > width_mm && natural > 0.0 {
            // Round down to a tenth of a point so the measured line surely fits.
            size = ((size_pt * width_mm / natural * 10.0).floor() / 10.0).max(MIN_SHRINK_PT);
        }
    }
    (wrap_mm(fonts, text, size, bold, width_mm), size)
}

/// Where a line starts so that it sits in `width_mm` from `left_mm` with the style's
/// alignment; returned with the text for drawing.
pub(super) fn line_in_width(
    fonts: Fonts,
    line: &str,
    left_mm: f32,
    width_mm: f32,
    style: TextStyle,
) -> (f32, String) {
    let w = self::width_mm(fonts, line, style.size_pt, style.bold);
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
    fonts: Fonts,
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
        let candidate = wrap_mm(fonts, text, size_pt, bold, mid);
        if candidate.len() <= count {
            high = mid;
            best = candidate;
        } else {
            low = mid;
        }
    }
    best
}

impl Document {
    /// Text flowing down the page, wrapped within the margins (`\n` breaks a line), followed
    /// by a little space.
    pub fn paragraph(&mut self, text: &str, style: TextStyle) {
        self.paragraph_indented(text, style, 0.0);
    }

    /// A paragraph as [`Document::paragraph`] whose first line starts `first_indent_em` ems
    /// in: 2.0 is the two-character indent (首行缩进) of Chinese body text. The indent is
    /// taken off the first line's width, so its line breaks keep the punctuation rules too.
    pub fn paragraph_indented(&mut self, text: &str, style: TextStyle, first_indent_em: f32) {
        let text = self.checked(text).into_owned();
        let fonts = self.fonts;
        let width = self.content_width_mm();
        let indent = (first_indent_em * style.size_pt / PT_PER_MM).clamp(0.0, width / 2.0);
        let lines = wrap_mm_indented(fonts, &text, style, width, indent);
        let lh = line_height_mm(style.size_pt);
        let left = self.margins.left_mm;
        self.begin_block(lh);
        for (i, line) in lines.iter().enumerate() {
            self.reserve(lh);
            let top = self.cursor_mm;
            let shift = if i == 0 { indent } else { 0.0 };
            let placed = line_in_width(fonts, line, left + shift, width - shift, style);
            self.line_in(&placed, top, style, style.colour);
            self.cursor_mm += lh;
        }
        self.cursor_mm += lh * 0.35;
    }

    /// One line of text at a fixed place: `x_mm` is the left edge, centre or right edge
    /// according to the alignment, `y_mm` the top of the line. Not wrapped.
    pub fn text_at(&mut self, text: &str, x_mm: f32, y_mm: f32, style: TextStyle) {
        let text = self.checked(text).into_owned();
        let w = width_mm(self.fonts, &text, style.size_pt, style.bold);
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
        let fonts = self.fonts;
        let inner = area.width_mm;
        let (mut lines, mut size) = fit_text(fonts, &text, style.size_pt, style.bold, inner, fit);
        while lines.len() as f32 * line_height_mm(size) > area.height_mm && size > MIN_SHRINK_PT {
            size = (size - 0.5).max(MIN_SHRINK_PT);
            lines = wrap_mm(fonts, &text, size, style.bold, inner);
        }
        let lines = balanced(fonts, &text, size, style.bold, inner, lines);
        let style = TextStyle {
            size_pt: size,
            ..style
        };
        let lh = line_height_mm(size);
        let mut top = area.y_mm + (area.height_mm - lines.len() as f32 * lh).max(0.0) / 2.0;
        self.ensure_page();
        for line in &lines {
            self.line_in(
                &line_in_width(fonts, line, area.x_mm, inner, style),
                top,
                style,
                style.colour,
            );
            top += lh;
        }
    }

    /// The height in mm that `text` wrapped in `width_mm` at the style's size takes (lines ×
    /// line height): a [`Document::text_box`] at least this tall sets it without shrinking.
    /// For laying out fixed places before drawing (a ballot's instructions).
    pub fn text_height_mm(&self, text: &str, style: TextStyle, width_mm: f32) -> f32 {
        let text = self.as_printed(text);
        let lines = wrap_mm(self.fonts, &text, style.size_pt, style.bold, width_mm);
        lines.len() as f32 * line_height_mm(style.size_pt)
    }

    /// The width in mm of `text` on one line at `size_pt` (bold adding its stroke), as it will
    /// be printed: for laying out text placed with [`Document::text_at`] so it fits its place.
    pub fn text_width_mm(&self, text: &str, size_pt: f32, bold: bool) -> f32 {
        width_mm(self.fonts, &self.as_printed(text), size_pt, bold)
    }

    /// Lines of `text` (already checked) within the margins.
    pub(super) fn wrap_in_text_width(&self, text: &str, style: TextStyle) -> Vec<String> {
        let width = self.content_width_mm();
        wrap_mm(self.fonts, text, style.size_pt, style.bold, width)
    }

    /// Draws a placed line on the current page.
    pub(super) fn line_in(
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
    /// box. The text must already be checked. Each run of characters one face draws is shown
    /// in that face, moved along by the measured width of the runs before it. A marked
    /// character is an invisible □ (for text extraction) under a drawn em square, and its line
    /// gets a red box around its line box (inside any cell padding).
    pub(super) fn put_line(
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
        let styled = style.bold || col != BLACK;
        let fonts = self.fonts;
        // (font, text, whether it is a mark, its width in pt)
        let runs: Vec<(FontId, String, bool, f32)> = fonts
            .runs(text)
            .into_iter()
            .map(|(face, run)| {
                let width = fonts.width_pt(&run, style.size_pt);
                match face {
                    Some(face) => (self.font_id(face), run, false, width),
                    None => (self.font_id(0), run, true, style.size_pt),
                }
            })
            .collect();
        let paint = if style.bold {
            TextRenderingMode::FillStroke
        } else {
            TextRenderingMode::Fill
        };
        let page_h = self.page.height_mm;
        let ops = &mut self.pages[index];
        if styled {
            ops.push(Op::SaveGraphicsState);
            ops.push(Op::SetFillColor { col: colour(col) });
            if style.bold {
                ops.push(Op::SetTextRenderingMode { mode: paint });
                ops.push(Op::SetOutlineColor { col: colour(col) });
                ops.push(Op::SetOutlineThickness {
                    pt: Pt(BOLD_STROKE_EM * style.size_pt),
                });
            }
        }
        ops.push(Op::StartTextSection);
        // The first move is from the page's origin, each later one from the previous run's
        // start (PDF's `Td`), by that run's measured width.
        let mut pos = Point {
            x: Pt(x_mm * PT_PER_MM),
            y: Pt((page_h - baseline) * PT_PER_MM),
        };
        let mut marks_mm = Vec::new();
        let mut run_x_mm = x_mm;
        for (font, run, mark, width_pt) in runs {
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(style.size_pt),
            });
            ops.push(Op::SetTextCursor { pos });
            if mark {
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::Invisible,
                });
                marks_mm.push(run_x_mm);
            }
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(run)],
            });
            if mark {
                ops.push(Op::SetTextRenderingMode { mode: paint });
            }
            pos = Point {
                x: Pt(width_pt),
                y: Pt(0.0),
            };
            run_x_mm += width_pt / PT_PER_MM;
        }
        ops.push(Op::EndTextSection);
        if styled {
            ops.push(Op::RestoreGraphicsState);
        }
        if !marks_mm.is_empty() {
            for left in marks_mm {
                self.draw_mark(index, left, baseline, style.size_pt, col);
            }
            self.box_marked_line(index, x_mm, top_mm, text, style);
        }
    }

    /// The mark for a character no face has: an empty square where the ideograph would be
    /// (0.84 em, on the ideographs' body from 0.12 em below the baseline), in the text's colour.
    fn draw_mark(&mut self, index: usize, left_mm: f32, baseline_mm: f32, size_pt: f32, col: Rgb3) {
        let em = size_pt / PT_PER_MM;
        let square = BoxMm {
            x_mm: left_mm + 0.08 * em,
            y_mm: baseline_mm - 0.72 * em,
            width_mm: 0.84 * em,
            height_mm: 0.84 * em,
        };
        self.put_outline(index, square, (0.06 * size_pt).clamp(0.5, 3.0), col);
    }

    /// The red box around a line holding a marked character: the line box, 0.4 mm wider on
    /// each side, so it stays inside a table cell's padding and a text box's area.
    fn box_marked_line(
        &mut self,
        index: usize,
        x_mm: f32,
        top_mm: f32,
        text: &str,
        style: TextStyle,
    ) {
        let line_box = BoxMm {
            x_mm: x_mm - 0.4,
            y_mm: top_mm,
            width_mm: width_mm(self.fonts, text, style.size_pt, style.bold) + 0.8,
            height_mm: line_height_mm(style.size_pt),
        };
        self.put_outline(index, line_box, 0.8, MARK_RED);
    }
}

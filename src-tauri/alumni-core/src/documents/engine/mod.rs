//! The document engine: A4 or badge-size pages with a running header and a "第 N 页 共 M 页"
//! footer; flowing paragraphs, tables and bar charts that break across pages; and text boxes,
//! QR codes and images placed where the caller says. This module holds the [`Document`]
//! itself — its pages, the flow cursor, headings kept with what follows, the running header
//! and page numbers, and `finish`; the parts it is drawn with live beside it:
//! `page` (geometry and shapes), `text` (measuring and setting text), `table`,
//! `chart`, `image` (PNG images and QR codes) and `import` (pages of another PDF).
//!
//! Positions are millimetres from the page's top-left corner; font sizes are points. Flowing
//! content goes down from a cursor and starts a new page when the next piece does not fit.
//! Text is set in the document's [`Fonts`]: each character in the first face that has it,
//! measured with that face's advances; every face a page draws with is embedded as a subset.
//! Invariants: every string is checked against the fonts before it is placed, and `finish`
//! refuses a document with characters no face has — unless the document marks them
//! ([`Document::mark_missing`]): then each is drawn as an empty square one em wide (□ to text
//! extraction) and its line boxed in red, for the staff to correct by hand; text never runs past the width it was given (it wraps or
//! shrinks); a table row is never split unless it is taller than a page, and every page a
//! table reaches starts with its header row; page numbers are drawn after layout, so
//! "共 M 页" is always the real count.

mod chart;
mod image;
mod import;
mod page;
mod table;
mod text;

use std::borrow::Cow;

use printpdf::{
    FontId, ImageCompression, ImageOptimizationOptions, Mm, Op, PdfDocument, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions,
};

pub use chart::{Bar, ChartMark};
pub use page::{BoxMm, Margins, PageSize, Rgb3, BLACK, WHITE};
pub use table::Column;
pub use text::{Align, Fit, TextStyle, MARK_RED};

use super::font::{marked, printable, Fonts};
use super::DocumentError;
use image::StoredImage;
use page::RULE;
use text::{fit_text, line_height_mm, line_in_width, width_mm};

/// Points per millimetre.
const PT_PER_MM: f32 = 72.0 / 25.4;

/// The running header and footer, quieter than the content.
const GREY_TEXT: (f32, f32, f32) = (0.35, 0.35, 0.35);

/// What the running header and footer draw on one page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageFrame {
    /// The running header (when the document has one) and the footer: the default.
    #[default]
    Full,
    /// Only "第 N 页 共 M 页": a page brought in from another PDF.
    NumberOnly,
    /// Nothing (a cover); the page still counts in "共 M 页".
    Bare,
}

/// The association name and document title drawn at the top of every page.
struct RunningHeader {
    association: String,
    title: String,
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
    fonts: Fonts,
    mark_missing: bool,
    /// The PDF font of each face drawn with so far, by face index.
    font_ids: Vec<(usize, FontId)>,
    pdf: PdfDocument,
    pages: Vec<Vec<Op>>,
    /// What the header and footer draw on each page, by page.
    frames: Vec<PageFrame>,
    /// PDFs whose pages are imported, and where each imported page goes.
    sources: Vec<import::Source>,
    placed: Vec<import::Placed>,
    cursor_mm: f32,
    pending_heading: Option<(String, TextStyle)>,
    missing: Vec<char>,
    marked: usize,
    images: Vec<(u64, StoredImage)>,
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
            fonts: Fonts::Installed,
            mark_missing: false,
            font_ids: Vec::new(),
            pdf: PdfDocument::new(title),
            pages: Vec::new(),
            frames: Vec::new(),
            sources: Vec::new(),
            placed: Vec::new(),
            cursor_mm: 0.0,
            pending_heading: None,
            missing: Vec::new(),
            marked: 0,
            images: Vec::new(),
        }
    }

    /// Other faces than the installed ones (e.g. the shipped face alone). Call before adding
    /// content.
    pub fn fonts(mut self, fonts: Fonts) -> Document {
        self.fonts = fonts;
        self
    }

    /// With `on`, characters no face has are drawn as an empty em square with their line boxed
    /// in red, for hand correction, instead of refusing the document. Call before adding
    /// content.
    pub fn mark_missing(mut self, on: bool) -> Document {
        self.mark_missing = on;
        self
    }

    /// Pieces of text marked for hand correction so far (each string placed counts once).
    pub fn marked_count(&self) -> usize {
        self.marked
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
        self.frames.push(PageFrame::Full);
        self.cursor_mm = self.margins.top_mm;
    }

    /// What the running header and footer draw on the current page (a cover: nothing).
    pub fn set_page_frame(&mut self, frame: PageFrame) {
        self.ensure_page();
        if let Some(last) = self.frames.last_mut() {
            *last = frame;
        }
    }

    /// The flow cursor: where the next flowing piece starts, in mm from the page's top.
    pub fn cursor_mm(&self) -> f32 {
        if self.pages.is_empty() {
            return self.margins.top_mm;
        }
        self.cursor_mm
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

    /// Height in mm between the top and bottom margins.
    pub fn page_body_mm(&self) -> f32 {
        self.bottom_mm() - self.margins.top_mm
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
        for (face, id) in std::mem::take(&mut self.font_ids) {
            let parsed = self
                .fonts
                .face(face)
                .pdf_font()
                .map_err(|reason| DocumentError::Pdf { reason })?;
            self.pdf
                .resources
                .fonts
                .map
                .insert(id, printpdf::PdfFont::new(parsed.clone()));
        }
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
        let bytes = import::merge(bytes, std::mem::take(&mut self.sources), &self.placed)?;
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

    /// `text` as it will be printed; characters no face has are remembered for `finish`, or
    /// when the document marks them, replaced by the mark (and counted).
    fn checked<'t>(&mut self, text: &'t str) -> Cow<'t, str> {
        let missing = self.fonts.missing(text);
        if missing.is_empty() {
            return printable(text);
        }
        if self.mark_missing {
            self.marked += 1;
        } else {
            for c in &missing {
                if !self.missing.contains(c) {
                    self.missing.push(*c);
                }
            }
        }
        self.as_printed(text)
    }

    /// `text` as it will be printed, without remembering anything: with marking on, characters
    /// no face has replaced by the mark.
    fn as_printed<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.mark_missing {
            return printable(text);
        }
        let missing = self.fonts.missing(text);
        if missing.is_empty() {
            printable(text)
        } else {
            Cow::Owned(marked(text, &missing))
        }
    }

    /// The PDF font for face `face`, added the first time a page draws with it.
    fn font_id(&mut self, face: usize) -> FontId {
        if let Some((_, id)) = self.font_ids.iter().find(|(f, _)| *f == face) {
            return id.clone();
        }
        let id = FontId::new();
        self.font_ids.push((face, id.clone()));
        id
    }

    /// Starts a block whose first `keep_mm` must stay together with any pending heading:
    /// a new page unless both fit, then the heading.
    fn begin_block(&mut self, keep_mm: f32) {
        let Some((text, style)) = self.pending_heading.take() else {
            self.reserve(keep_mm);
            return;
        };
        let fonts = self.fonts;
        let lines = self.wrap_in_text_width(&text, style);
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
            let placed = line_in_width(fonts, line, left, width, style);
            self.line_in(&placed, top, style, style.colour);
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

    /// The running header and footer of page `index` of `total`.
    fn draw_running(&mut self, index: usize, total: usize) {
        let left = self.margins.left_mm;
        let right = self.page.width_mm - self.margins.right_mm;
        let small = TextStyle::new(9.0);
        let frame = self.frames.get(index).copied().unwrap_or_default();
        if frame == PageFrame::Bare {
            return;
        }
        let full = frame == PageFrame::Full;
        if let Some(header) = self.header.as_ref().filter(|_| full) {
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
            let title_w = width_mm(self.fonts, &title, 9.0, false);
            let name_room = (right - title_w - 6.0 - name_x).max(20.0);
            let (lines, size) =
                fit_text(self.fonts, &association, 9.0, false, name_room, Fit::Shrink);
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
            let w = width_mm(self.fonts, &number, 9.0, false);
            self.put_line(
                index,
                (left + right - w) / 2.0,
                footer_top,
                &number,
                small,
                GREY_TEXT,
            );
        }
        if let Some(note) = self.footer_note.clone().filter(|_| full) {
            self.put_line(index, left, footer_top, &note, small, GREY_TEXT);
        }
    }
}

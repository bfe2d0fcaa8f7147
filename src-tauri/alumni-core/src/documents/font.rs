//! The CJK font shipped in `assets/fonts/` (WenQuanYi Micro Hei, Apache-2.0), compiled into
//! the binary, parsed once per process, and text measured with its real glyph advances.
//!
//! Invariants: `text_width_pt` sums exactly the advances the PDF viewer uses (no kerning, no
//! shaping — Chinese needs none), so a line measured to fit does fit; `missing_glyphs` is the
//! one coverage check, run on every string before it reaches a page.
//!
//! No fallback face is shipped: this one covers every name character, symbol and punctuation
//! mark tried (喆珺昇堃镕赟淼燊彧祎玥昱晞 ①②③ — · full-width forms), and lacks only CJK
//! Extension A/B and later (䶮 𠀀 𫖯 …). Those are refused by name rather than substituted,
//! because a wrong character in a person's name on a badge or certificate is worse than a
//! clear error the office can act on.

use std::borrow::Cow;
use std::sync::OnceLock;

/// The font collection as shipped; face 0 is the proportional "WenQuanYi Micro Hei".
static FONT_BYTES: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/wqy-microhei.ttc"
));

/// Face 0 of the collection; face 1 is the monospaced variant.
const FACE_INDEX: u32 = 0;

/// The face for measuring and coverage, parsed on first use (cheap: ttf-parser reads tables
/// in place from the static bytes).
fn face() -> &'static ttf_parser::Face<'static> {
    static FACE: OnceLock<ttf_parser::Face<'static>> = OnceLock::new();
    FACE.get_or_init(|| {
        // The bytes are compiled in, not read from a file or the user; `shipped_font_parses`
        // in the tests guards them, so a failure here is a broken build, not bad input.
        ttf_parser::Face::parse(FONT_BYTES, FACE_INDEX).expect("the shipped font parses")
    })
}

/// printpdf's view of the same face, parsed once per process (it copies the 5 MB collection
/// and reads its tables; subsetting happens per document when the PDF is written).
pub(crate) fn pdf_font() -> Result<&'static printpdf::ParsedFont, String> {
    static PDF_FONT: OnceLock<Result<printpdf::ParsedFont, String>> = OnceLock::new();
    PDF_FONT
        .get_or_init(|| {
            let mut warnings = Vec::new();
            printpdf::ParsedFont::from_bytes(FONT_BYTES, FACE_INDEX as usize, &mut warnings)
                .ok_or_else(|| format!("cannot parse the shipped font: {warnings:?}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Font-wide vertical metrics as fractions of the font size (em).
pub(crate) struct VerticalMetrics {
    /// Height above the baseline.
    pub ascent_em: f32,
    /// Depth below the baseline, positive.
    pub descent_em: f32,
}

/// Ascent and descent of the shipped face, in em.
pub(crate) fn vertical_metrics() -> VerticalMetrics {
    let f = face();
    let upem = f32::from(f.units_per_em());
    VerticalMetrics {
        ascent_em: f32::from(f.ascender()) / upem,
        descent_em: -f32::from(f.descender()) / upem,
    }
}

/// Width in points of `text` set at `size_pt` in the shipped font: the sum of its glyph
/// advances. Characters the font lacks count as one em (they are refused before rendering).
pub fn text_width_pt(text: &str, size_pt: f32) -> f32 {
    let f = face();
    let upem = f32::from(f.units_per_em());
    let units: u32 = text.chars().map(|c| advance_units(f, c)).sum();
    units as f32 / upem * size_pt
}

/// The advance of one character in font units.
fn advance_units(f: &ttf_parser::Face<'_>, c: char) -> u32 {
    f.glyph_index(c)
        .and_then(|g| f.glyph_hor_advance(g))
        .map_or(u32::from(f.units_per_em()), u32::from)
}

/// Whether the shipped font has a glyph for `c`.
pub(crate) fn has_glyph(c: char) -> bool {
    face().glyph_index(c).is_some()
}

/// Characters in `text` the shipped font cannot draw, each once, in order of appearance.
/// Invisible characters that [`printable`] drops (variation selectors, zero-width spaces,
/// control characters) are not reported: they never reach the page.
pub fn missing_glyphs(text: &str) -> Vec<char> {
    let mut missing = Vec::new();
    for c in printable(text).chars() {
        if c != '\n' && !has_glyph(c) && !missing.contains(&c) {
            missing.push(c);
        }
    }
    missing
}

/// `text` as it will be set: tabs become spaces; control characters other than `\n`,
/// zero-width characters, soft hyphens and variation selectors (which imported names
/// sometimes carry) are dropped, since they have no glyph and draw nothing anyway.
pub(crate) fn printable(text: &str) -> Cow<'_, str> {
    let drop = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c,
                '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
                | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
    };
    if !text.chars().any(|c| drop(c) || c == '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|c| !drop(*c))
            .map(|c| if c == '\t' { ' ' } else { c })
            .collect(),
    )
}

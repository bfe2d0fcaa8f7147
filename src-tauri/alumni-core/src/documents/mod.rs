//! Documents: PDF bytes for paper — the layout engine every document uses, and the documents.
//!
//! Invariants: every page is A4 or badge-size with embedded, subset CJK fonts — the face shipped
//! in `assets/fonts/`, and for the characters it lacks (CJK Extensions A–F) the fallback faces
//! found on the computer (see `font`); text is measured with the real glyph advances of the face
//! that draws each character and never drawn past the box it was given; a character no face
//! can draw is refused before any PDF is built, or — when the staff choose to print anyway —
//! drawn as a boxed □ for hand correction (never a silent box); text stays extractable
//! (ToUnicode). Documents return bytes; the caller decides where they go.

pub mod attendance;
pub mod badges;
pub mod ballot_paper;
pub mod election_results;
pub mod engine;
mod font;
pub mod invitation;
pub mod meeting;
pub mod packet;
pub mod qr;
pub mod resolutions;
pub mod runs;
pub mod seating_plan;
pub mod signin;
pub mod statistics;
pub mod table_cards;
pub mod tally_sheet;
mod wrap;

#[cfg(test)]
mod attendance_tests;
#[cfg(test)]
mod ballot_paper_tests;
#[cfg(test)]
mod election_results_tests;
#[cfg(test)]
mod invitation_tests;
#[cfg(test)]
mod meeting_tests;
#[cfg(test)]
mod packet_tests;
#[cfg(test)]
mod resolutions_tests;
#[cfg(test)]
mod seating_plan_tests;
#[cfg(test)]
mod tally_sheet_tests;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use font::{missing_glyphs, text_width_pt, Fonts, FALLBACK_FONTS_ENV, MARK_GLYPH};

/// The demo association's emblem shipped in `assets/logo/`, for an office that has not set
/// its own logo in Settings.
pub static DEFAULT_LOGO_PNG: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/logo/association-logo.png"
));

/// What every document shows besides its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentMeta {
    /// The association's name, in the running header of every page.
    pub association_name: String,
    /// When the document was generated, local time as printed, e.g. "2026年11月25日 14:30".
    pub generated_at_local: String,
    /// The association's logo as PNG bytes, drawn in headers and on badges; none, none drawn.
    pub logo_png: Option<Vec<u8>>,
    /// The faces the text is set in: [`Fonts::Installed`] but in tests.
    pub fonts: Fonts,
}

/// A report's frame: A4 portrait, 10 pt body text, the association's name and logo left in the
/// running header with `running` on the right, "生成于 …" and the page numbers in the footer.
pub(crate) fn report_document(
    title: &str,
    running: &str,
    meta: &DocumentMeta,
) -> Result<engine::Document, DocumentError> {
    let mut doc = engine::Document::new(engine::PageSize::A4_PORTRAIT, title)
        .fonts(meta.fonts)
        .body_size(10.0)
        .running_header(&meta.association_name, running)
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }
    Ok(doc)
}

/// The end of a record to sign: `signatures` (the lines to sign on) and a date to fill in by
/// hand, kept together.
pub(crate) fn sign_off(doc: &mut engine::Document, signatures: &str) {
    doc.reserve(32.0);
    doc.space(12.0);
    doc.paragraph(signatures, engine::TextStyle::new(11.5));
    doc.space(6.0);
    doc.paragraph(
        "日期：________年____月____日",
        engine::TextStyle::new(11.5).align(engine::Align::Right),
    );
}

impl DocumentMeta {
    /// The date part of the generation time, as letters and signatures carry it, without
    /// leading zeros: "2026年12月01日 10:56" → "2026年12月1日".
    pub fn date(&self) -> String {
        self.generated_at_local
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .replace("年0", "年")
            .replace("月0", "月")
    }
}

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// Text holds characters no font can draw; nothing was rendered.
    #[error("the font cannot print these characters: {}", format_chars(.chars))]
    MissingGlyphs {
        /// Each missing character once, in order of first appearance.
        chars: Vec<char>,
    },
    /// An image (e.g. the association's logo) could not be read as a PNG.
    #[error("the image cannot be used: {reason}")]
    Image {
        /// What was wrong with it.
        reason: String,
    },
    /// A QR code could not be made from the data (too long for a QR symbol).
    #[error("cannot make a QR code: {reason}")]
    Qr {
        /// The encoder's reason.
        reason: String,
    },
    /// The PDF writer failed (font parsing, subsetting or serialising).
    #[error("PDF writer failed: {reason}")]
    Pdf {
        /// The writer's message.
        reason: String,
    },
    /// Stopped by a cancel while laying out (a long run of ballot papers); nothing was made.
    #[error("cancelled")]
    Cancelled,
    /// A PDF whose pages were to be brought in (an agenda item's attached report) does not
    /// read as a PDF with pages; nothing was made.
    #[error("{name} cannot be read as a PDF: {reason}")]
    ImportedPdf {
        /// Its name, e.g. the attachment's file name.
        name: String,
        /// The reader's message.
        reason: String,
    },
}

/// `U+4DAE 䶮, U+2B3D7 𫏗`-style list, readable in logs and the CLI (the code point says what
/// an invisible private-use character is).
pub fn format_chars(chars: &[char]) -> String {
    chars
        .iter()
        .map(|c| format!("U+{:04X} {c}", u32::from(*c)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `{chars: "䶮𫏗", codepoints: ["U+4DAE", "U+2B3D7"]}`: the params of kind `missing_glyphs`.
pub(crate) fn glyph_params(chars: &[char]) -> serde_json::Value {
    json!({
        "chars": chars.iter().collect::<String>(),
        "codepoints": chars
            .iter()
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect::<Vec<_>>(),
    })
}

impl DomainError for DocumentError {
    fn kind(&self) -> ErrorKind {
        match self {
            DocumentError::MissingGlyphs { .. } => ErrorKind::MissingGlyphs,
            DocumentError::Image { .. } => ErrorKind::InvalidImage,
            DocumentError::ImportedPdf { .. } => ErrorKind::InvalidInput,
            DocumentError::Qr { .. } | DocumentError::Pdf { .. } => ErrorKind::Internal,
            DocumentError::Cancelled => ErrorKind::Cancelled,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            DocumentError::MissingGlyphs { chars } => glyph_params(chars),
            DocumentError::Image { reason } => json!({ "reason": reason }),
            DocumentError::ImportedPdf { name, .. } => {
                json!({ "field": "attachment", "reason": "not_a_pdf", "value": name })
            }
            DocumentError::Qr { .. } | DocumentError::Pdf { .. } | DocumentError::Cancelled => {
                json!({})
            }
        }
    }
}

//! A report's text read from a file the office already has: a .txt (UTF-8 with or without a
//! BOM, or GB18030 as Notepad on a Chinese Windows saves it) or a Word .docx (its paragraphs,
//! tables cell by cell; paragraphs in a heading style become headings). The text is then put
//! through [`super::mark_headings`], so numbered headings ("一、…") are found in either.

use std::path::Path;

use docx_rs::{DocumentChild, Paragraph, TableCellContent, TableChild, TableRowChild};

use super::{mark_headings, AgendaError};

/// The largest report file read, in bytes (a Word file with pictures can be large; the text of
/// a long report is well under a megabyte).
pub const MAX_REPORT_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The most characters of report text kept (about 150 printed pages).
pub const MAX_REPORT_CHARS: usize = 200_000;

fn invalid(field: &'static str, reason: &'static str) -> AgendaError {
    AgendaError::Invalid { field, reason }
}

/// Reads a report's text from `path` (.txt or .docx, by extension), headings marked with `# `.
/// Errors: `invalid_input` field `file` — `unsupported` (another extension: a .doc must be
/// saved as .docx first), `unreadable` (missing, too large, not text, a damaged .docx),
/// field `text` `too_long` (over [`MAX_REPORT_CHARS`]) or `empty`.
pub fn read_report_file(path: &Path) -> Result<String, AgendaError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let size = std::fs::metadata(path)
        .map_err(|_| invalid("file", "unreadable"))?
        .len();
    if size > MAX_REPORT_FILE_BYTES {
        return Err(invalid("file", "unreadable"));
    }
    let bytes = std::fs::read(path).map_err(|_| invalid("file", "unreadable"))?;
    let text = match extension.as_deref() {
        Some("txt") => plain_text(&bytes)?,
        Some("docx") => docx_text(&bytes)?,
        _ => return Err(invalid("file", "unsupported")),
    };
    checked_text(&mark_headings(&text))
}

/// A report's text as typed or pasted: numbered headings marked, length checked. Errors as
/// [`read_report_file`] for `text`.
pub fn checked_text(text: &str) -> Result<String, AgendaError> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text.trim().is_empty() {
        return Err(invalid("text", "empty"));
    }
    if text.chars().count() > MAX_REPORT_CHARS {
        return Err(invalid("text", "too_long"));
    }
    Ok(text)
}

fn plain_text(bytes: &[u8]) -> Result<String, AgendaError> {
    let (text, _) =
        crate::members::import::decode_text(bytes).map_err(|_| invalid("file", "unreadable"))?;
    // A binary file decodes as GB18030 now and then; text has no NULs.
    if text.contains('\0') {
        return Err(invalid("file", "unreadable"));
    }
    Ok(text)
}

fn docx_text(bytes: &[u8]) -> Result<String, AgendaError> {
    let docx = docx_rs::read_docx(bytes).map_err(|_| invalid("file", "unreadable"))?;
    let mut out = String::new();
    for child in &docx.document.children {
        match child {
            DocumentChild::Paragraph(p) => push_paragraph(&mut out, p),
            DocumentChild::Table(table) => {
                for TableChild::TableRow(row) in &table.rows {
                    for TableRowChild::TableCell(cell) in &row.cells {
                        for content in &cell.children {
                            if let TableCellContent::Paragraph(p) = content {
                                push_paragraph(&mut out, p);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// Word's heading styles: `Heading1`…, `Title`, and the numeric ids a Chinese Word gives
/// 标题 1–9.
fn is_heading_style(style: &str) -> bool {
    let style = style.to_ascii_lowercase();
    style.starts_with("heading")
        || style == "title"
        || (style.len() == 1 && style.chars().all(|c| c.is_ascii_digit()))
}

fn push_paragraph(out: &mut String, p: &Paragraph) {
    let text = p.raw_text();
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let heading = p
        .property
        .style
        .as_ref()
        .is_some_and(|s| is_heading_style(&s.val));
    // A line break inside a paragraph starts a new line of the same kind.
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if heading && !line.starts_with("# ") {
            out.push_str("# ");
        }
        out.push_str(line);
        out.push('\n');
    }
}

//! The rejected rows as an .xlsx the office corrects and imports again.
//!
//! Invariants: the header comes first with the file's own column names, so the corrected file
//! maps the same way; every cell is written as text, so a name like `=HYPERLINK(…)` stays a
//! name and never becomes a formula; the last column, 原因 (reason), holds the original row
//! number and the reason and maps to nothing on re-import.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::plan::{Action, Plan};
use super::sheet::Sheet;
use super::ImportError;

/// The reason column's header; it must not be a recognised column name.
pub const REASON_HEADER: &str = "原因 (reason)";
/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;

fn cell(text: &str) -> &str {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        // Longer than Excel holds (only possible from CSV); the row is rejected as too long
        // anyway, so the user sees where to shorten it.
        Some((cut, _)) => &text[..cut],
        None => text,
    }
}

/// The rejected rows of `plan` as .xlsx bytes, with their original cells.
pub fn rejects_xlsx(plan: &Plan, sheet: &Sheet) -> Result<Vec<u8>, ImportError> {
    build(plan, sheet).map_err(|e| ImportError::CannotWrite {
        reason: e.to_string(),
    })
}

fn build(plan: &Plan, sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    let worksheet = workbook.add_worksheet();
    worksheet.set_name("未导入")?;
    let rejected: Vec<_> = plan
        .rows
        .iter()
        .filter(|p| matches!(p.action, Action::Rejected { .. }))
        .collect();
    let width = rejected
        .iter()
        .filter_map(|p| sheet.rows.get(p.sheet_index).map(|r| r.cells.len()))
        .chain([plan.headers.len()])
        .max()
        .unwrap_or(0);
    let reason_column = u16::try_from(width).unwrap_or(u16::MAX - 1);
    for (column, header) in plan.headers.iter().enumerate() {
        let column = u16::try_from(column).unwrap_or(u16::MAX);
        worksheet.write_string_with_format(0, column, cell(header), &bold)?;
    }
    worksheet.write_string_with_format(0, reason_column, REASON_HEADER, &bold)?;
    // Every problem of each row, in Chinese (columns named as in the file) and in English.
    let notes = super::report::dry_run_report(plan).rejected;
    for (line, planned) in rejected.iter().enumerate() {
        let row = u32::try_from(line + 1).unwrap_or(u32::MAX);
        if let Some(original) = sheet.rows.get(planned.sheet_index) {
            for (column, value) in original.cells.iter().enumerate() {
                if !value.is_empty() {
                    let column = u16::try_from(column).unwrap_or(u16::MAX);
                    worksheet.write_string_with_format(row, column, cell(value), &text)?;
                }
            }
        }
        let note = notes
            .iter()
            .find(|n| n.row == planned.row)
            .map(|n| format!("第 {} 行：{} / {}", planned.row, n.reason_zh, n.reason))
            .unwrap_or_default();
        worksheet.write_string(row, reason_column, &note)?;
    }
    for column in 0..reason_column {
        worksheet.set_column_width(column, 16)?;
    }
    worksheet.set_column_width(reason_column, 60)?;
    worksheet.set_freeze_panes(1, 0)?;
    workbook.save_to_buffer()
}

/// Writes the rejected rows of `plan` to an .xlsx at `path` and returns how many there were.
/// The file is written even when there are none, with the header only.
pub fn write_rejects(plan: &Plan, sheet: &Sheet, path: &Path) -> Result<usize, ImportError> {
    let bytes = rejects_xlsx(plan, sheet)?;
    std::fs::write(path, bytes).map_err(|e| ImportError::CannotWrite {
        reason: format!("{}: {e}", path.display()),
    })?;
    Ok(plan
        .rows
        .iter()
        .filter(|p| matches!(p.action, Action::Rejected { .. }))
        .count())
}

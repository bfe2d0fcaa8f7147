//! What a read file is: its first sheet with data as rows of text, each with the row number
//! the user sees, and the format and encoding it turned out to be.
//!
//! Invariant: these types hold only what reading produced; the reader (`read`) makes them
//! and the header search (`header`) inspects them, and this module imports neither, so the
//! two never import each other.

use serde::Serialize;

/// The kind of file a sheet came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceFormat {
    /// Excel 2007 and later.
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
    /// Comma-, tab- or semicolon-separated text.
    Csv,
}

/// The character encoding of a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    Utf16,
    /// GB18030, which includes GBK and GB2312 (Excel's CSV on Chinese Windows).
    Gb18030,
}

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetRow {
    /// The row number the user sees in the spreadsheet (1-based, title rows counted).
    pub number: u32,
    /// The cells as text, from the sheet's first used column.
    pub cells: Vec<String>,
}

/// A file's first sheet with data, as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sheet {
    /// What the file turned out to be.
    pub format: SourceFormat,
    /// For text files, how they were decoded.
    pub encoding: Option<TextEncoding>,
    /// For workbooks, the name of the sheet that was read.
    pub sheet_name: Option<String>,
    /// The rows that hold any text, in order.
    pub rows: Vec<SheetRow>,
}

impl Sheet {
    /// The widest row's number of cells.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
    }
}

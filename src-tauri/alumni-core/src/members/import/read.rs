//! A file → rows of cells as text, each with the row number the user sees in the spreadsheet.
//!
//! Invariants: the format is decided by the content, not the extension (a zip is a workbook, an
//! OLE container an .xls, text is CSV in UTF-8, UTF-16 or GB18030); nothing is written anywhere;
//! whole numbers print without ".0" and date cells as `YYYY-MM-DD`, so the normaliser sees what
//! the user saw, and formula errors (#N/A) are empty; rows with no text at all are left out but never renumber the others.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, Xlsx};
use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};

use super::sheet::{Sheet, SheetRow, SourceFormat, TextEncoding};
use super::ImportError;

/// Control characters a text file may hold and still be read (each sends its row to review);
/// one in every 1,000 bytes for longer files. Binaries decoded as text hold far more.
const MAX_STRAY_CONTROLS: usize = 8;

/// How many rows the extension-blind checks look at.
const SNIFF_ROWS: usize = 10;

/// Reads a spreadsheet or CSV file from disk.
pub fn read_file(path: &Path) -> Result<Sheet, ImportError> {
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        reason: e.to_string(),
    })?;
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    read_bytes(&bytes, extension.as_deref())
}

/// Reads a spreadsheet or CSV file already in memory. `extension` (lowercase, no dot) is only a
/// hint for text that has no columns: a letter named `.xlsx` is not a spreadsheet.
pub fn read_bytes(bytes: &[u8], extension: Option<&str>) -> Result<Sheet, ImportError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty);
    }
    const ZIP: &[u8] = b"PK\x03\x04";
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(ZIP) {
        read_zip_workbook(bytes)
    } else if bytes.starts_with(OLE) {
        let book =
            calamine::open_workbook_from_rs::<Xls<_>, _>(Cursor::new(bytes)).map_err(|e| {
                // Encrypted .xlsx files are OLE containers too, hence the hint.
                ImportError::Unreadable {
                    reason: format!(
                    "not a readable Excel 97-2003 workbook (damaged or password-protected?): {e}"
                ),
                }
            })?;
        first_sheet(book, SourceFormat::Xls)
    } else {
        read_text(bytes, extension)
    }
}

/// A zip archive: xlsx, else xlsb, else ods.
fn read_zip_workbook(bytes: &[u8]) -> Result<Sheet, ImportError> {
    let xlsx = match calamine::open_workbook_from_rs::<Xlsx<_>, _>(Cursor::new(bytes)) {
        Ok(book) => return first_sheet(book, SourceFormat::Xlsx),
        Err(e) => e,
    };
    if let Ok(book) = calamine::open_workbook_from_rs::<Xlsb<_>, _>(Cursor::new(bytes)) {
        return first_sheet(book, SourceFormat::Xlsb);
    }
    if let Ok(book) = calamine::open_workbook_from_rs::<Ods<_>, _>(Cursor::new(bytes)) {
        return first_sheet(book, SourceFormat::Ods);
    }
    Err(ImportError::Unreadable {
        reason: format!("a zip archive without a readable workbook: {xlsx}"),
    })
}

/// The first sheet with a header row; templates often open with a sheet of instructions
/// (填写说明). Without one anywhere, the first sheet with any cell (so the user hears that it
/// has no header); a workbook whose sheets are all blank is empty.
fn first_sheet<RS, R>(mut book: R, format: SourceFormat) -> Result<Sheet, ImportError>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut first_with_cells: Option<Sheet> = None;
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| ImportError::Unreadable {
                reason: format!("sheet {name}: {e}"),
            })?;
        let rows = range_rows(&range);
        if rows.is_empty() {
            continue;
        }
        let sheet = Sheet {
            format,
            encoding: None,
            sheet_name: Some(name),
            rows,
        };
        if super::header::has_header(&sheet) {
            return Ok(sheet);
        }
        first_with_cells.get_or_insert(sheet);
    }
    first_with_cells.ok_or(ImportError::Empty)
}

fn range_rows(range: &Range<Data>) -> Vec<SheetRow> {
    let Some((first_row, _)) = range.start() else {
        return Vec::new();
    };
    let mut rows = Vec::with_capacity(range.height());
    for (offset, cells) in range.rows().enumerate() {
        let texts: Vec<String> = cells.iter().map(cell_text).collect();
        if texts.iter().any(|t| !t.trim().is_empty()) {
            rows.push(SheetRow {
                // Calamine's positions are 0-based and absolute.
                number: first_row + offset as u32 + 1,
                cells: trim_trailing_empty(texts),
            });
        }
    }
    rows
}

/// A cell as the user saw it: whole numbers without ".0", dates as `YYYY-MM-DD`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        // #N/A, #REF! …: the value is unknown, which is an empty cell, not a name.
        Data::Error(_) => String::new(),
    }
}

/// `13812345678.0` → `13812345678`; a number of 16 digits or more as Excel shows it,
/// `4.40106198706133E+17`: Excel keeps 15 significant digits, so the digits after them were
/// lost, and printing them as zeros would make a rounded ID number look whole (the normaliser
/// refuses this form for ID numbers, student numbers and phones). Other numbers in Rust's
/// shortest form.
fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.abs() >= 1e15 && f.is_finite() {
        let text = format!("{f:.14E}");
        let (mantissa, exponent) = text.split_once('E').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        format!("{mantissa}E+{exponent}")
    } else {
        f.to_string()
    }
}

fn trim_trailing_empty(mut cells: Vec<String>) -> Vec<String> {
    while cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells
}

/// Decodes text by its content: a BOM, else valid UTF-8, else GB18030. Bytes that are none of
/// these, or text with control characters, are not a spreadsheet.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| (t.to_owned(), TextEncoding::Utf8))
            .map_err(|e| ImportError::Unreadable {
                reason: format!("marked as UTF-8 but is not: {e}"),
            });
    }
    for (bom, encoding) in [(&b"\xFF\xFE"[..], UTF_16LE), (&b"\xFE\xFF"[..], UTF_16BE)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|t| (t.into_owned(), TextEncoding::Utf16))
                .ok_or(ImportError::NotASpreadsheet);
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), TextEncoding::Utf8));
    }
    GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| (t.into_owned(), TextEncoding::Gb18030))
        .ok_or(ImportError::NotASpreadsheet)
}

fn read_text(bytes: &[u8], extension: Option<&str>) -> Result<Sheet, ImportError> {
    let (text, encoding) = decode(bytes)?;
    // Images, PDFs and other binaries decode "successfully" as GB18030 now and then; real text
    // has no NULs, and at most a stray control character or two (pasted from another program),
    // which the import sends to review with its row rather than refusing the whole file.
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}'))
        .count();
    if text.contains('\0') || controls > MAX_STRAY_CONTROLS.max(text.len() / 1000) {
        return Err(ImportError::NotASpreadsheet);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        return Err(ImportError::Unreadable {
            reason: "a web page or XML saved under a spreadsheet name; open it in Excel and save \
                     it as .xlsx"
                .to_owned(),
        });
    }
    let delimiter = sniff_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    // The csv reader skips blank lines and a quoted cell may span lines, so the spreadsheet row
    // is counted from the line each record starts on and the line the previous one ended on.
    let (mut last_row, mut last_end_line) = (0u32, 0u64);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ImportError::Unreadable {
                    reason: format!("not valid CSV: {e}"),
                })
            }
        }
        // A record's position is where the previous one ended, before the blank lines the
        // reader skipped; those lines are rows in the spreadsheet too.
        let start_line = match record.position() {
            Some(p) => {
                let after = text.as_bytes().get(p.byte() as usize..).unwrap_or_default();
                let blank_lines = after
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .filter(|b| **b == b'\n')
                    .count();
                p.line() + blank_lines as u64
            }
            None => last_end_line + 1,
        };
        let row = last_row + (start_line.saturating_sub(last_end_line).max(1)) as u32;
        let inner_breaks: usize = record.iter().map(|f| f.matches('\n').count()).sum();
        last_row = row;
        last_end_line = start_line + inner_breaks as u64;
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().any(|c| !c.trim().is_empty()) {
            rows.push(SheetRow {
                number: row,
                cells: trim_trailing_empty(cells),
            });
        }
    }
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    // Text with no columns at all, under a workbook's name, is a document, not a table.
    let claims_workbook = matches!(extension, Some("xlsx" | "xlsm" | "xls" | "xlsb" | "ods"));
    let has_columns = rows.iter().take(SNIFF_ROWS).any(|r| r.cells.len() > 1);
    if claims_workbook && !has_columns {
        return Err(ImportError::NotASpreadsheet);
    }
    Ok(Sheet {
        format: SourceFormat::Csv,
        encoding: Some(encoding),
        sheet_name: None,
        rows,
    })
}

/// Comma unless the first lines clearly use tabs (Excel's "Unicode text") or semicolons.
fn sniff_delimiter(text: &str) -> u8 {
    let sample: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SNIFF_ROWS)
        .collect();
    let count = |c: char| sample.iter().map(|l| l.matches(c).count()).sum::<usize>();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_the_user_saw_them() {
        let cases = [
            (13812345678.0, "13812345678"),
            (39630.0, "39630"),
            (2008.0, "2008"),
            (3.5, "3.5"),
            (-1.0, "-1"),
        ];
        for (value, text) in cases {
            assert_eq!(number_text(value), text, "{value}");
        }
    }

    #[test]
    fn csv_rows_keep_the_numbers_the_user_sees() {
        let text = "名单\n\n姓名,备注\n张三,\"两行\n备注\"\n\n李四,x\n";
        let sheet = read_bytes(text.as_bytes(), Some("csv")).expect("csv");
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4, 6]);
        assert_eq!(sheet.rows[2].cells, ["张三", "两行\n备注"]);
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("姓名\t手机\n张三\t138"), b'\t');
        assert_eq!(sniff_delimiter("姓名;手机\n张三;138"), b';');
        assert_eq!(sniff_delimiter("姓名,手机\n张三,138"), b',');
    }

    #[test]
    fn utf16_text_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "姓名\t手机\r\n张三\t13812345678\r\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let sheet = read_bytes(&bytes, Some("txt")).expect("utf-16");
        assert_eq!(sheet.encoding, Some(TextEncoding::Utf16));
        assert_eq!(sheet.rows[1].cells, ["张三", "13812345678"]);
    }
}

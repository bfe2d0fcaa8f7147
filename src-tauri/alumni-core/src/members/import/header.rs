//! Finding the header row and what each column holds, from the names offices give columns.
//!
//! Invariants: only the first few rows are searched, so a title row above the header is passed
//! over; the header is the row — or the two rows, when the second names the columns of groups
//! merged across the first (联系方式 over 手机 and 邮箱) — with the most recognised names (at
//! least two, or 姓名 itself), and no header row is ever read as a person; each field goes
//! to at most one column — an exact name beats a name found inside a longer one, a preferred
//! synonym (手机) beats a looser one (电话), then the leftmost column wins.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::mapping::Mapping;
use super::sheet::Sheet;
use super::ImportError;
use crate::members::fields::FIELDS;
use crate::members::MemberField;

/// How many rows from the top may hold the header.
pub const HEADER_SEARCH_ROWS: usize = 10;
/// How many data rows a mapping carries as samples for the mapping screen.
const SAMPLE_ROWS: usize = 3;
/// Headers longer than this are sentences (a title, a note), not column names.
const MAX_CONTAINS_CHARS: usize = 10;

/// How well a header names a field: lower is better.
type Rank = u8;
/// Found inside a longer header rather than equal to it.
const CONTAINED: Rank = 10;
/// The rank of a field's Chinese name and its usual synonyms.
const USUAL: Rank = 0;
/// The rank of a looser synonym (电话), which loses to a usual one in the same file.
const LOOSE: Rank = 1;

/// Column names as offices write them, in normalised form (see [`header_key`]), with a rank,
/// from the table of fields: each imported field's Chinese name and usual synonyms, then its
/// looser ones, field by field.
fn synonyms() -> &'static [(&'static str, MemberField, Rank)] {
    static SYNONYMS: OnceLock<Vec<(&'static str, MemberField, Rank)>> = OnceLock::new();
    SYNONYMS.get_or_init(|| {
        FIELDS
            .iter()
            .filter(|spec| spec.imported)
            .flat_map(|spec| {
                let usual = std::iter::once(&spec.zh).chain(spec.synonyms);
                usual.map(|name| (*name, spec.field, USUAL)).chain(
                    spec.loose_synonyms
                        .iter()
                        .map(|name| (*name, spec.field, LOOSE)),
                )
            })
            .collect()
    })
}

/// A header cell in comparable form: ASCII-folded, lowercase, without spaces and punctuation;
/// `keep_notes = false` also drops bracketed notes such as `手机（必填）`.
pub(crate) fn header_key(raw: &str, keep_notes: bool) -> String {
    let mut key = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for c in raw.chars() {
        let c = super::normalise::fold_fullwidth(c, true);
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 && !keep_notes => {}
            _ if c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key
}

fn synonym_table() -> HashMap<&'static str, (MemberField, Rank)> {
    synonyms().iter().map(|(k, f, r)| (*k, (*f, *r))).collect()
}

/// The field a header names, with how well; `None` for columns of no interest (序号 …).
fn recognise_with(
    table: &HashMap<&str, (MemberField, Rank)>,
    raw: &str,
) -> Option<(MemberField, Rank)> {
    let with_notes = header_key(raw, true);
    let bare = header_key(raw, false);
    for key in [&with_notes, &bare] {
        if let Some(found) = table.get(key.as_str()) {
            return Some(*found);
        }
    }
    // 现工作单位 or 本人手机: a Chinese name inside a short header. Single characters (班, 系,
    // 届) are too common inside other words to count.
    if bare.is_empty() || bare.chars().count() > MAX_CONTAINS_CHARS {
        return None;
    }
    synonyms()
        .iter()
        .filter(|(syn, _, _)| !syn.is_ascii() && syn.chars().count() >= 2 && bare.contains(syn))
        .max_by_key(|(syn, _, rank)| (syn.chars().count(), std::cmp::Reverse(*rank)))
        .map(|(_, field, rank)| (*field, CONTAINED + rank))
}

/// The fields of one row of headers, each field given to its best column only.
fn map_row(
    table: &HashMap<&str, (MemberField, Rank)>,
    cells: &[String],
) -> Vec<Option<MemberField>> {
    let found: Vec<Option<(MemberField, Rank)>> =
        cells.iter().map(|c| recognise_with(table, c)).collect();
    let mut best: HashMap<MemberField, (Rank, usize)> = HashMap::new();
    for (column, hit) in found.iter().enumerate() {
        if let Some((field, rank)) = hit {
            let entry = best.entry(*field).or_insert((*rank, column));
            if (*rank, column) < *entry {
                *entry = (*rank, column);
            }
        }
    }
    found
        .iter()
        .enumerate()
        .map(|(column, hit)| {
            hit.and_then(|(field, _)| (best.get(&field)?.1 == column).then_some(field))
        })
        .collect()
}

/// True when a header row can be found near the top of `sheet`.
pub(crate) fn has_header(sheet: &Sheet) -> bool {
    find_header(sheet).is_some()
}

/// A header found: one row, or two when the second names the columns of groups in the first.
struct Found {
    /// The index in `sheet.rows` of the header's last row; data starts below it.
    last: usize,
    /// Each column's name as the mapping screen shows it (`联系方式 / 手机` for a grouped one).
    headers: Vec<String>,
    /// The field of each column.
    fields: Vec<Option<MemberField>>,
}

/// The header among the first rows: the row, or pair of rows, naming the most fields (at
/// least two, or 姓名 itself); on a tie the pair, since its second row is never a person.
fn find_header(sheet: &Sheet) -> Option<Found> {
    let table = synonym_table();
    let mut chosen: Option<(usize, Found)> = None;
    let rows = &sheet.rows;
    for index in 0..rows.len().min(HEADER_SEARCH_ROWS) {
        let single = Found {
            last: index,
            headers: rows[index].cells.clone(),
            fields: map_row(&table, &rows[index].cells),
        };
        let pair = rows
            .get(index + 1)
            .filter(|below| below.number == rows[index].number + 1)
            .and_then(|below| two_rows(&table, &rows[index].cells, &below.cells))
            .map(|(headers, fields)| Found {
                last: index + 1,
                headers,
                fields,
            });
        for found in std::iter::once(single).chain(pair) {
            let score = found.fields.iter().flatten().count();
            // A lone 姓名 is a header too (a list of names and other columns of no interest);
            // a title row never is a cell that says exactly that.
            let names_exactly = rows[index..=found.last].iter().any(|row| {
                row.cells.iter().any(|c| {
                    recognise_with(&table, c)
                        .is_some_and(|(f, rank)| f == MemberField::Name && rank < CONTAINED)
                })
            });
            let header_like = score >= 2 || names_exactly;
            let better = chosen.as_ref().is_none_or(|(best, kept)| {
                score > *best || (score == *best && found.last > kept.last && kept.last == index)
            });
            if header_like && better {
                chosen = Some((score, found));
            }
        }
    }
    chosen.map(|(_, found)| found)
}

/// A header drawn on two rows: `top` names some columns itself (merged down over both rows) and
/// groups others (联系方式, merged across), whose names are in `below` (手机, 邮箱). It is one
/// when every cell `below` holds is a column name and `top` names at least one column `below`
/// leaves empty; a title row names none, a data row is not all column names. Returns each
/// column's shown name and field.
fn two_rows(
    table: &HashMap<&str, (MemberField, Rank)>,
    top: &[String],
    below: &[String],
) -> Option<(Vec<String>, Vec<Option<MemberField>>)> {
    let filled = |cells: &[String], c: usize| cells.get(c).is_some_and(|v| !v.trim().is_empty());
    let width = top.len().max(below.len());
    let named_below: Vec<usize> = (0..width).filter(|&c| filled(below, c)).collect();
    if named_below.is_empty()
        || !named_below
            .iter()
            .all(|&c| recognise_with(table, &below[c]).is_some())
        || !(0..width).any(|c| {
            !filled(below, c) && filled(top, c) && recognise_with(table, &top[c]).is_some()
        })
    {
        return None;
    }
    let mut names = Vec::with_capacity(width);
    let mut shown = Vec::with_capacity(width);
    // The group a column below belongs to: the last name `top` holds at or left of it, while
    // every column since has a name below (a group merged across).
    let mut group: Option<String> = None;
    for c in 0..width {
        let top_cell = top.get(c).map(|v| v.trim()).unwrap_or("");
        if !filled(below, c) {
            group = None;
            names.push(top_cell.to_owned());
            shown.push(top_cell.to_owned());
            continue;
        }
        if !top_cell.is_empty() {
            group = Some(top_cell.to_owned());
        }
        let name = below[c].trim().to_owned();
        shown.push(match &group {
            Some(g) if *g != name => format!("{g} / {name}"),
            _ => name.clone(),
        });
        names.push(name);
    }
    let fields = map_row(table, &names);
    Some((shown, fields))
}

/// Finds the header row (or two rows) among the first rows and maps its columns.
pub fn detect_mapping(sheet: &Sheet) -> Result<Mapping, ImportError> {
    let Some(found) = find_header(sheet) else {
        return Err(ImportError::NoHeader {
            rows_searched: sheet.rows.len().min(HEADER_SEARCH_ROWS),
        });
    };
    let width = sheet.width().max(found.headers.len());
    let mut fields = found.fields;
    fields.resize(width, None);
    let mut headers = found.headers;
    headers.resize(width, String::new());
    let samples = sheet.rows[found.last + 1..]
        .iter()
        .take(SAMPLE_ROWS)
        .map(|r| r.cells.clone())
        .collect();
    Ok(Mapping {
        header_row: sheet.rows[found.last].number,
        headers,
        fields,
        samples,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_offices_write_are_recognised() {
        use MemberField::*;
        let cases: &[(&str, Option<MemberField>)] = &[
            ("姓名", Some(Name)),
            (" 姓 名 ", Some(Name)),
            ("姓名*", Some(Name)),
            ("Name", Some(Name)),
            ("手机号码（必填）", Some(Phone)),
            ("联系电话", Some(Phone)),
            ("Mobile Phone", Some(Phone)),
            ("E-mail", Some(Email)),
            ("Student No.", Some(StudentNumber)),
            ("院（系）", Some(College)),
            ("现工作单位", Some(Employer)),
            ("本人手机", Some(Phone)),
            ("毕业时间", Some(GraduationYear)),
            ("Graduation Year", Some(GraduationYear)),
            ("届别", Some(GraduationYear)),
            ("ＷｅＣｈａｔ", Some(Wechat)),
            ("序号", None),
            ("2008届计算机学院校友信息登记表", None),
        ];
        for (header, field) in cases {
            let found = recognise_with(&synonym_table(), header).map(|(f, _)| f);
            assert_eq!(found, *field, "{header}");
        }
    }

    #[test]
    fn every_field_is_recognised_by_its_labels_and_synonyms() {
        let table = synonym_table();
        let mut seen = HashMap::new();
        for spec in FIELDS {
            let names = std::iter::once(&spec.zh)
                .chain(spec.synonyms)
                .chain(spec.loose_synonyms);
            for name in names {
                // Normalised form, or the exact lookup would never find it.
                assert_eq!(header_key(name, true), *name, "{name}");
                if let Some(other) = seen.insert(*name, spec.field) {
                    panic!("{name} names both {other:?} and {:?}", spec.field);
                }
            }
            // The export's header and the window's English label read back as the field.
            for label in [spec.zh, spec.en] {
                let found = recognise_with(&table, label).map(|(f, _)| f);
                let expected = spec.imported.then_some(spec.field);
                assert_eq!(found, expected, "{label}");
            }
            if spec.imported {
                assert_eq!(
                    table.get(spec.zh),
                    Some(&(spec.field, USUAL)),
                    "{}",
                    spec.zh
                );
            }
        }
    }

    #[test]
    fn an_export_header_row_maps_back_to_its_columns() {
        let columns = MemberField::imported();
        let header: Vec<&str> = columns.iter().map(|f| f.zh()).collect();
        let csv = format!("校友名册\n{}\n", header.join(","));
        let sheet = super::super::read_bytes(csv.as_bytes(), Some("csv")).expect("csv");
        let mapping = detect_mapping(&sheet).expect("header");
        assert_eq!(mapping.header_row, 2);
        let fields: Vec<MemberField> = mapping.fields.iter().map(|f| f.expect("mapped")).collect();
        assert_eq!(fields, columns);
    }

    #[test]
    fn each_field_goes_to_its_best_column() {
        let table = synonym_table();
        let cells: Vec<String> = ["联系电话", "姓名", "手机", "家长姓名"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            map_row(&table, &cells),
            [
                None,
                Some(MemberField::Name),
                Some(MemberField::Phone),
                None
            ]
        );
    }
}

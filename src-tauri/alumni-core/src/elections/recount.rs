//! The independent recount's files, read strictly: scrutineers key the ballots into a
//! spreadsheet, and anything the count cannot be sure of stops it, naming the ballot and the
//! column, before a single vote is counted.
//!
//! - Text in UTF-8 (with or without a BOM) or GB18030 (Excel's CSV on Chinese Windows).
//! - `candidates.csv`: a header `name` (or `姓名`), then one candidate a row in ballot order; a
//!   name twice is an error.
//! - `ballots.csv`: a header `ballot,<each candidate's name, in the same order>[,write_in]`;
//!   one row per returned ballot; a cell is `同意`, `不同意`, `弃权` or empty (`Y`, `N`, `A` in
//!   any case also count), trimmed; `write_in` holds names separated by `;`.

use serde::Serialize;

use super::tally::{Ballot, Mark};
use crate::members::import::decode_text;

/// Which file a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecountFile {
    /// `candidates.csv`
    Candidates,
    /// `ballots.csv`
    Ballots,
}

/// A problem in a recount file (boxed: errors stay small to pass around).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} file, {}: {}", .0.file.as_str(), .0.place, .0.message)]
pub struct RecountError(Box<RecountProblem>);

impl std::ops::Deref for RecountError {
    type Target = RecountProblem;

    fn deref(&self) -> &RecountProblem {
        &self.0
    }
}

impl RecountFile {
    /// `candidates` or `ballots`.
    pub fn as_str(self) -> &'static str {
        match self {
            RecountFile::Candidates => "candidates",
            RecountFile::Ballots => "ballots",
        }
    }
}

/// Where a problem in a recount file is, and what it is (`reason` is a snake_case code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecountProblem {
    /// Which file.
    pub file: RecountFile,
    /// The line in the file (1-based, the header is line 1).
    pub line: Option<usize>,
    /// The ballot's number as written, for a problem on a ballot.
    pub ballot: Option<String>,
    /// The column's header, for a problem in a cell.
    pub column: Option<String>,
    /// The value that could not be read.
    pub value: Option<String>,
    /// `unreadable`, `no_header`, `header_mismatch`, `duplicate_candidate`, `no_candidates`,
    /// `wrong_cells`, `not_a_ballot_number`, `duplicate_ballot`, `not_a_mark`.
    pub reason: &'static str,
    /// Where, in words.
    #[serde(skip)]
    pub place: String,
    /// What, in words.
    #[serde(skip)]
    pub message: String,
}

impl RecountProblem {
    fn new(file: RecountFile, reason: &'static str, message: impl Into<String>) -> Box<Self> {
        Box::new(RecountProblem {
            file,
            line: None,
            ballot: None,
            column: None,
            value: None,
            reason,
            place: "the whole file".to_owned(),
            message: message.into(),
        })
    }

    fn at_line(mut self: Box<Self>, line: usize) -> Box<Self> {
        self.line = Some(line);
        self.place = format!("line {line}");
        self
    }
}

impl From<Box<RecountProblem>> for RecountError {
    fn from(problem: Box<RecountProblem>) -> Self {
        RecountError(problem)
    }
}

/// The rows of a CSV text: (line number, trimmed cells); blank rows are skipped.
fn rows(bytes: &[u8], file: RecountFile) -> Result<Vec<(usize, Vec<String>)>, Box<RecountProblem>> {
    let (text, _) = decode_text(bytes).map_err(|e| {
        RecountProblem::new(file, "unreadable", format!("cannot read the text: {e}"))
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RecountProblem::new(file, "unreadable", e.to_string()))?;
        let line = record
            .position()
            .map_or(out.len() + 1, |p| p.line() as usize);
        let cells: Vec<String> = record.iter().map(|c| c.trim().to_owned()).collect();
        if cells.iter().all(String::is_empty) {
            continue;
        }
        out.push((line, cells));
    }
    Ok(out)
}

/// The candidates of `candidates.csv`, in ballot order. Errors: [`RecountError`] with reason
/// `unreadable`, `no_header`, `duplicate_candidate` or `no_candidates`.
pub fn read_candidates(bytes: &[u8]) -> Result<Vec<String>, RecountError> {
    Ok(candidates_in(bytes)?)
}

fn candidates_in(bytes: &[u8]) -> Result<Vec<String>, Box<RecountProblem>> {
    let file = RecountFile::Candidates;
    let rows = rows(bytes, file)?;
    let Some((_, header)) = rows.first() else {
        return Err(RecountProblem::new(
            file,
            "no_candidates",
            "the file is empty",
        ));
    };
    if header.len() != 1 || !matches!(header[0].to_lowercase().as_str(), "name" | "姓名") {
        return Err(RecountProblem::new(
            file,
            "no_header",
            format!("the header must be the one column `name`, not {header:?}"),
        )
        .at_line(1));
    }
    let mut names: Vec<String> = Vec::new();
    for (line, cells) in &rows[1..] {
        let name = cells[0].clone();
        if names.contains(&name) {
            let mut err = RecountProblem::new(
                file,
                "duplicate_candidate",
                format!("{name} is listed twice"),
            )
            .at_line(*line);
            err.value = Some(name);
            return Err(err);
        }
        names.push(name);
    }
    if names.is_empty() {
        return Err(RecountProblem::new(
            file,
            "no_candidates",
            "no candidate is listed",
        ));
    }
    Ok(names)
}

/// The mark a cell holds, or `None` for anything else.
fn mark(cell: &str) -> Option<Mark> {
    match cell.to_lowercase().as_str() {
        "同意" | "y" => Some(Mark::Agree),
        "不同意" | "n" => Some(Mark::Disagree),
        "弃权" | "a" => Some(Mark::Abstain),
        "" => Some(Mark::Empty),
        _ => None,
    }
}

/// The returned ballots of `ballots.csv`, checked against the candidates. Errors:
/// [`RecountError`] with reason `unreadable`, `header_mismatch`, `wrong_cells`,
/// `not_a_ballot_number`, `duplicate_ballot` or `not_a_mark` — nothing is counted then.
pub fn read_ballots(bytes: &[u8], candidates: &[String]) -> Result<Vec<Ballot>, RecountError> {
    Ok(ballots_in(bytes, candidates)?)
}

fn ballots_in(bytes: &[u8], candidates: &[String]) -> Result<Vec<Ballot>, Box<RecountProblem>> {
    let file = RecountFile::Ballots;
    let rows = rows(bytes, file)?;
    let mut expected: Vec<String> = std::iter::once("ballot".to_owned())
        .chain(candidates.iter().cloned())
        .collect();
    let header = rows.first().map(|(_, h)| h.clone()).unwrap_or_default();
    let with_write_in = header
        .last()
        .is_some_and(|h| h.eq_ignore_ascii_case("write_in"));
    if with_write_in {
        expected.push("write_in".to_owned());
    }
    let same = header.len() == expected.len()
        && header
            .iter()
            .zip(&expected)
            .all(|(h, e)| h == e || (e == "ballot" && h.eq_ignore_ascii_case("ballot")));
    if !same {
        let mut err = RecountProblem::new(
            file,
            "header_mismatch",
            format!(
                "the header must be `{}` (the candidates in the same order), not `{}`",
                expected.join(","),
                header.join(",")
            ),
        )
        .at_line(1);
        err.value = Some(header.join(","));
        return Err(err);
    }
    let mut ballots: Vec<Ballot> = Vec::with_capacity(rows.len());
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in &rows[1..] {
        let written = cells[0].clone();
        let on_ballot = |reason, message: String| {
            let mut err = RecountProblem::new(file, reason, message).at_line(*line);
            err.ballot = Some(written.clone());
            err.place = format!("ballot {written} (line {line})");
            err
        };
        if cells.len() > expected.len() || cells.len() < expected.len() - usize::from(with_write_in)
        {
            return Err(on_ballot(
                "wrong_cells",
                format!(
                    "{} cells where the header has {}",
                    cells.len(),
                    expected.len()
                ),
            ));
        }
        let number: u32 = written.parse().map_err(|_| {
            on_ballot(
                "not_a_ballot_number",
                format!("{written:?} is not a ballot number"),
            )
        })?;
        if !seen.insert(number) {
            return Err(on_ballot(
                "duplicate_ballot",
                format!("ballot {number} is keyed twice"),
            ));
        }
        let mut marks = Vec::with_capacity(candidates.len());
        for (i, name) in candidates.iter().enumerate() {
            let cell = &cells[i + 1];
            let Some(m) = mark(cell) else {
                let mut err = on_ballot(
                    "not_a_mark",
                    format!("{cell:?} under {name} is not 同意, 不同意, 弃权 or empty"),
                );
                err.column = Some(name.clone());
                err.value = Some(cell.clone());
                err.place = format!("ballot {written} (line {line}), column {name}");
                return Err(err);
            };
            marks.push(m);
        }
        let write_ins = if with_write_in {
            cells
                .get(candidates.len() + 1)
                .map(|c| {
                    c.split([';', '；'])
                        .map(str::trim)
                        .filter(|n| !n.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        ballots.push(Ballot {
            number,
            marks,
            write_ins,
        });
    }
    Ok(ballots)
}

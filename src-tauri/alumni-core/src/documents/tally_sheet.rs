//! 计票单: the sheet the scrutineers fill by hand while counting a round, on A4 landscape (the
//! tally cells want width) — the election and its round, seats and candidates, blanks for the
//! ballot figures with the checks they must pass, then every candidate in ballot order with a
//! wide cell for tally marks (正字) and a narrow 合计 cell for 同意 / 不同意 / 弃权 (for a
//! mark-up-to-N ballot, 同意 only), empty rows for written-in names, and lines to sign.
//!
//! Invariants: nothing is filled in — the sheet is for the hand count, the figures come from
//! the paper; every listed candidate has exactly one row, numbered by their place on the
//! ballot (the number the ballot prints), in ballot order; every page repeats the table's
//! header row and says "第 N 页 共 M 页".

use super::ballot_paper::{kind_words, round_title};
use super::engine::{Align, Column, Document, PageSize, TextStyle};
use super::{DocumentError, DocumentMeta};
use crate::elections::{BallotForm, ElectionDetail};

/// After the election's title: "…计票单".
pub const TALLY_TITLE: &str = "计票单";

/// The ballot figures the scrutineers write in, in the order they are counted.
pub const FIGURES: [&str; 5] = [
    "发出票数",
    "收回票数",
    "有效票",
    "无效票",
    "空白票（计入有效票）",
];

/// The heading over the written-in names' rows.
pub const WRITE_IN_HEADING: &str = "另选他人得票";

/// The lines the scrutineers sign.
pub const SIGNATURES: &str =
    "计票人：____________　　监票人：____________　　总监票人：____________";

/// Rows left for written-in names per write-in line on the ballot, and at least this many.
const WRITE_IN_ROWS_PER_LINE: u32 = 5;
const WRITE_IN_ROWS_MIN: u32 = 10;

/// Body rows tall enough to write 正 marks in two lines.
const TALLY_ROW_MM: f32 = 10.0;
/// The figures' row: room to write a number.
const FIGURES_ROW_MM: f32 = 11.0;

/// Empty rows for written-in names: none when the ballot has no write-in cells, else
/// [`WRITE_IN_ROWS_PER_LINE`] per line and at least [`WRITE_IN_ROWS_MIN`].
pub fn write_in_rows(write_in_lines: u32) -> u32 {
    if write_in_lines == 0 {
        0
    } else {
        (write_in_lines * WRITE_IN_ROWS_PER_LINE).max(WRITE_IN_ROWS_MIN)
    }
}

/// The 计票单 of an election round as PDF bytes, with its page count. Errors: `MissingGlyphs`
/// (a name or the title holds a character no face has), `Image` (the logo), `Pdf`.
pub fn render_tally_sheet(
    detail: &ElectionDetail,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, u32), DocumentError> {
    let title = format!("{}{TALLY_TITLE}", round_title(&detail.title, detail.round));
    let mut doc = Document::new(PageSize::A4_LANDSCAPE, &title)
        .fonts(meta.fonts)
        .body_size(10.0)
        .running_header(&meta.association_name, TALLY_TITLE)
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }
    doc.paragraph(&title, TextStyle::new(18.0).bold().align(Align::Center));
    doc.paragraph(
        &summary_line(detail),
        TextStyle::new(11.5).align(Align::Center),
    );
    doc.space(1.0);
    figures(&mut doc, detail);
    candidates(&mut doc, detail);
    write_ins(&mut doc, detail);
    signatures(&mut doc);
    let pages = doc.page_count() as u32;
    Ok((doc.finish()?, pages))
}

/// "应选N名　候选人M名　差额选举　<how the ballot is marked>".
pub fn summary_line(detail: &ElectionDetail) -> String {
    let form = match detail.ballot_form {
        BallotForm::PerCandidate => "逐人表决（同意／不同意／弃权）".to_string(),
        BallotForm::MarkUpToN => format!("划票（每票至多{}名）", detail.seats),
    };
    format!(
        "应选{}名　候选人{}名　{}　{form}",
        detail.seats,
        detail.candidates.len(),
        kind_words(detail.kind)
    )
}

/// The ballot figures: one header row of [`FIGURES`], one row to write them in, and the checks
/// they must pass.
fn figures(doc: &mut Document, detail: &ElectionDetail) {
    let width = doc.content_width_mm() / FIGURES.len() as f32;
    let columns: Vec<Column> = FIGURES
        .iter()
        .map(|f| Column::new(*f, width).align(Align::Right))
        .collect();
    let row = vec![vec!["张".to_string(); FIGURES.len()]];
    doc.set_min_row_height(FIGURES_ROW_MM);
    doc.table(&columns, &row);
    let each = match detail.ballot_form {
        BallotForm::PerCandidate => "每名候选人的同意、不同意、弃权票数之和等于有效票",
        BallotForm::MarkUpToN => "每名候选人的同意票不多于有效票",
    };
    doc.paragraph(
        &format!("核对：收回票数不多于发出票数；有效票＋无效票＝收回票数；{each}。"),
        TextStyle::new(9.5),
    );
}

/// The listed candidates' table: 序号, 姓名, then a tally cell and a 合计 cell for each count.
fn candidates(doc: &mut Document, detail: &ElectionDetail) {
    let width = doc.content_width_mm();
    let (number, name) = (12.0, 30.0);
    let mut columns = vec![
        Column::new("序号", number).align(Align::Right),
        Column::new("姓名", name).shrink(),
    ];
    let counts: &[&str] = match detail.ballot_form {
        BallotForm::PerCandidate => &["同意", "不同意", "弃权"],
        BallotForm::MarkUpToN => &["划票同意"],
    };
    let total_w = 16.0;
    let tally_w = (width - number - name) / counts.len() as f32 - total_w;
    for count in counts {
        columns.push(Column::new(format!("{count}（正字）"), tally_w));
        columns.push(Column::new("合计", total_w).align(Align::Right));
    }
    let rows: Vec<Vec<String>> = detail
        .candidates
        .iter()
        .map(|c| vec![c.position.to_string(), c.name.trim().to_string()])
        .collect();
    doc.heading(
        &format!(
            "候选人得票（共 {} 人，按选票顺序）",
            detail.candidates.len()
        ),
        TextStyle::new(12.0).bold(),
    );
    doc.set_min_row_height(TALLY_ROW_MM);
    doc.table_with_caption(&columns, &rows, "候选人得票（续）");
}

/// Empty rows for written-in names (同意 only: a written-in name is an agree), when the
/// ballot has write-in cells.
fn write_ins(doc: &mut Document, detail: &ElectionDetail) {
    let rows = write_in_rows(detail.write_in_lines);
    if rows == 0 {
        return;
    }
    let width = doc.content_width_mm();
    let (name, total) = (54.0, 16.0);
    let columns = [
        Column::new("姓名（另选他人）", name),
        Column::new("同意（正字）", width - name - total),
        Column::new("合计", total).align(Align::Right),
    ];
    let empty = vec![vec![String::new(); columns.len()]; rows as usize];
    doc.heading(WRITE_IN_HEADING, TextStyle::new(12.0).bold());
    doc.set_min_row_height(TALLY_ROW_MM);
    doc.table_with_caption(&columns, &empty, &format!("{WRITE_IN_HEADING}（续）"));
}

/// The scrutineers' signatures and the date, kept together at the end.
fn signatures(doc: &mut Document) {
    doc.set_min_row_height(0.0);
    doc.reserve(28.0);
    doc.space(8.0);
    doc.paragraph(SIGNATURES, TextStyle::new(12.0));
    doc.space(4.0);
    doc.paragraph(
        "日期：________年____月____日",
        TextStyle::new(12.0).align(Align::Right),
    );
}

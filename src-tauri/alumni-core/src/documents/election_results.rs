//! Two documents of an election round, on A4 portrait: the 选举结果报告单 (the tellers' report:
//! every figure of the count, every candidate's votes in ballot order, a bar chart of the agree
//! votes with the threshold marked, lines for the tellers to sign) and the 当选名单 (the
//! announcement: the elected in surname stroke order in a grid, the association and the date
//! at the bottom right with room for the seal).
//!
//! Invariants: every figure is the [`ElectionResult`] given — nothing is recounted here, so
//! the paper says what the count said; candidates are listed in the order of the outcome
//! (ballot order, then write-ins), the elected in the order given (already stroke order), each
//! exactly once; a void round elects nobody on paper either and says why; the tied are never
//! printed as elected.

use super::engine::{Align, Bar, ChartMark, Column, Document, Rgb3, TextStyle};
use super::{report_document, sign_off, DocumentError, DocumentMeta};
use crate::desk::ElectionResult;
use crate::elections::tally::{CandidateVotes, RoundStatus};
use crate::elections::Body;

/// The report's title, after the election's.
pub const REPORT_TITLE: &str = "选举结果报告单";

/// The announcement's title, after the election's.
pub const ANNOUNCEMENT_TITLE: &str = "当选名单";

/// What a void round says.
pub const VOID_LINE: &str = "收回票数多于发出票数，本轮选举无效";

/// What the report says of a tied candidate.
pub const TIED_LINE: &str = "票数相同，待另行选举";

/// What the report says of an elected candidate.
pub const ELECTED: &str = "当选";

/// How the report marks a written-in name.
pub const WRITE_IN: &str = "另选他人";

/// The line the tellers sign.
pub const SIGNATURES: &str =
    "总监票人：____________　　监票人：____________　　计票人：____________";

/// Under the announcement's title.
pub const STROKE_ORDER_NOTE: &str = "（按姓氏笔画为序）";

/// A valid round's status line: dark green.
const VALID_COLOUR: Rgb3 = (0.05, 0.45, 0.2);
/// A void round's status line.
const VOID_COLOUR: Rgb3 = (0.75, 0.1, 0.1);

/// Names per row of the announcement's grid.
const GRID_COLUMNS: usize = 6;
/// Height of a row of the announcement's grid: at most, and at least (when the names and the
/// seal would not fit on one page at the most).
const GRID_ROW_MM: f32 = 9.0;
const GRID_ROW_MIN_MM: f32 = 6.2;
/// The empty square left for the seal above the association's name.
const SEAL_MM: f32 = 40.0;
/// The seal block: the square, the name and the date, and the space above it.
const SEAL_BLOCK_MM: f32 = SEAL_MM + 16.0;

/// "<title>第N轮" (the round only after the first).
fn election_name(result: &ElectionResult) -> String {
    if result.round > 1 {
        format!("{}第{}轮", result.title.trim(), result.round)
    } else {
        result.title.trim().to_string()
    }
}

/// What a member of the body is called, for "共选出 N 名理事".
fn member_word(body: Body) -> &'static str {
    match body {
        Body::Council => "理事",
        Body::ExecutiveCouncil => "常务理事",
        Body::Supervisors => "监事",
        Body::Officers => "负责人",
    }
}

/// The 选举结果报告单 as PDF bytes, with its page count.
pub fn render_report(
    result: &ElectionResult,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let title = format!("{}{REPORT_TITLE}", election_name(result));
    let mut doc = report_document(&title, REPORT_TITLE, meta)?;
    doc.space(2.0);
    doc.paragraph(&title, TextStyle::new(18.0).bold().align(Align::Center));
    doc.space(2.0);
    figures(&mut doc, result);
    candidates_table(&mut doc, result);
    agree_chart(&mut doc, result);
    sign_off(&mut doc, SIGNATURES);
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// 一、计票结果: seats, ballots issued, returned, valid (blank), invalid, the threshold, and
/// whether the round counts.
fn figures(doc: &mut Document, result: &ElectionResult) {
    let o = &result.outcome;
    doc.heading("一、计票结果", TextStyle::new(13.0).bold());
    let seats = o.elected.len() as u32 + o.unfilled;
    let columns = [Column::new("项目", 60.0), Column::new("数量", 110.0)];
    let mut rows = vec![
        vec!["应选名额".to_string(), format!("{seats} 名")],
        vec!["发出选票".to_string(), format!("{} 张", o.issued)],
        vec!["收回选票".to_string(), format!("{} 张", o.returned)],
        vec![
            "有效票".to_string(),
            format!("{} 张（其中空白票 {} 张）", o.valid, o.blank),
        ],
        vec!["无效票".to_string(), format!("{} 张", o.invalid)],
        vec![
            "当选所需票数".to_string(),
            format!("超过半数，即 ≥ {} 票", o.threshold),
        ],
    ];
    if o.status == RoundStatus::Valid {
        rows.push(vec![
            "当选人数".to_string(),
            format!("{} 名", o.elected.len()),
        ]);
        if !o.tied.is_empty() {
            rows.push(vec![
                "票数相同".to_string(),
                format!("{} 名（{}）", o.tied.len(), TIED_LINE),
            ]);
        }
        rows.push(vec!["未选出名额".to_string(), format!("{} 名", o.unfilled)]);
    }
    doc.table(&columns, &rows);
    let (line, colour) = match o.status {
        RoundStatus::Void => (format!("{VOID_LINE}，无人当选。"), VOID_COLOUR),
        RoundStatus::Valid => (
            format!("本轮选举有效，当选 {} 名。", o.elected.len()),
            VALID_COLOUR,
        ),
    };
    doc.paragraph(&line, TextStyle::new(13.0).bold().colour(colour));
}

/// What the 是否当选 cell says of a candidate.
fn standing(result: &ElectionResult, c: &CandidateVotes) -> &'static str {
    if c.elected {
        ELECTED
    } else if result.outcome.tied.contains(&c.name) {
        TIED_LINE
    } else {
        ""
    }
}

/// 二、候选人得票: every candidate in ballot order, then the written-in names.
fn candidates_table(doc: &mut Document, result: &ElectionResult) {
    let o = &result.outcome;
    doc.heading(
        &format!("二、候选人得票情况（共 {} 人）", o.candidates.len()),
        TextStyle::new(13.0).bold(),
    );
    let columns = [
        Column::new("序号", 14.0).align(Align::Right),
        Column::new("姓名", 44.0),
        Column::new("同意", 20.0).align(Align::Right),
        Column::new("不同意", 20.0).align(Align::Right),
        Column::new("弃权", 20.0).align(Align::Right),
        Column::new("是否当选", 52.0),
    ];
    let rows: Vec<Vec<String>> = o
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (name, disagree, abstain) = if c.write_in {
                (
                    format!("{}（{WRITE_IN}）", c.name),
                    "—".to_string(),
                    "—".to_string(),
                )
            } else {
                (
                    c.name.clone(),
                    c.disagree.to_string(),
                    c.abstain.to_string(),
                )
            };
            vec![
                (i + 1).to_string(),
                name,
                c.agree.to_string(),
                disagree,
                abstain,
                standing(result, c).to_string(),
            ]
        })
        .collect();
    doc.table_with_caption(&columns, &rows, "候选人得票情况（续）");
}

/// 三、同意票分布: one bar per candidate, scaled to the ballots returned, the threshold marked.
fn agree_chart(doc: &mut Document, result: &ElectionResult) {
    let o = &result.outcome;
    if o.candidates.is_empty() {
        return;
    }
    doc.heading("三、同意票分布", TextStyle::new(13.0).bold());
    let bars: Vec<Bar> = o
        .candidates
        .iter()
        .map(|c| {
            let label = if c.write_in {
                format!("{}（另选）", c.name)
            } else {
                c.name.clone()
            };
            Bar::count(label, u64::from(c.agree))
        })
        .collect();
    let most = o.candidates.iter().map(|c| c.agree).max().unwrap_or(0);
    let full_scale = f64::from(o.returned.max(most).max(o.threshold));
    let mark = ChartMark {
        value: f64::from(o.threshold),
        label: format!("红色虚线：当选所需 ≥ {} 票", o.threshold),
    };
    doc.horizontal_bar_chart_marked("各候选人同意票数", &bars, Some(full_scale), Some(&mark));
}

/// The 当选名单 as PDF bytes, with its page count.
pub fn render_announcement(
    result: &ElectionResult,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let o = &result.outcome;
    let title = format!("{}{ANNOUNCEMENT_TITLE}", result.title.trim());
    let mut doc = report_document(&title, ANNOUNCEMENT_TITLE, meta)?;
    doc.space(4.0);
    doc.paragraph(&title, TextStyle::new(22.0).bold().align(Align::Center));
    doc.paragraph(STROKE_ORDER_NOTE, TextStyle::new(12.0).align(Align::Center));
    doc.space(4.0);
    let body = TextStyle::new(13.0);
    // The indent is the paragraph's own: a leading full-width space is dropped like any space
    // at a line's start.
    for line in announcement_lines(result) {
        doc.paragraph_indented(&line, body, 2.0);
    }
    doc.space(4.0);
    if o.status == RoundStatus::Valid {
        name_grid(&mut doc, &o.elected);
    }
    seal_block(&mut doc, meta);
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// The sentences above the names: how many were elected in which round, and what is left.
pub fn announcement_lines(result: &ElectionResult) -> Vec<String> {
    let o = &result.outcome;
    let member = member_word(result.body);
    let seats = o.elected.len() as u32 + o.unfilled;
    if o.status == RoundStatus::Void {
        return vec![format!("{VOID_LINE}，无人当选。")];
    }
    let how = if result.round > 1 {
        format!("经第{}轮投票", result.round)
    } else {
        "经投票选举".to_string()
    };
    let mut lines = Vec::new();
    if o.elected.is_empty() {
        lines.push(format!(
            "本次选举应选{member}{seats}名，{how}，无候选人获得超过半数的同意票，无人当选。"
        ));
    } else {
        lines.push(format!(
            "本次选举应选{member}{seats}名，{how}，共选出{}名{member}，名单如下：",
            o.elected.len()
        ));
    }
    if !o.tied.is_empty() {
        lines.push(format!(
            "另有 {} 名候选人票数相同，将另行选举。",
            o.tied.len()
        ));
    } else if o.unfilled > 0 {
        lines.push(format!("尚有 {} 个名额未选出。", o.unfilled));
    }
    lines
}

/// The names in rows of [`GRID_COLUMNS`], in the order given, each row kept on one page; the
/// rows closer (down to [`GRID_ROW_MIN_MM`]) where that keeps the names and the seal block on
/// the page they start on.
fn name_grid(doc: &mut Document, names: &[String]) {
    let rows = names.len().div_ceil(GRID_COLUMNS).max(1) as f32;
    let room = doc.remaining_mm() - SEAL_BLOCK_MM - 3.0;
    let row_h = (room / rows).clamp(GRID_ROW_MIN_MM, GRID_ROW_MM);
    let size = if row_h >= 8.5 {
        14.0
    } else if row_h >= 7.5 {
        13.0
    } else {
        12.0
    };
    let style = TextStyle::new(size).align(Align::Center);
    doc.grid(names, GRID_COLUMNS, row_h, style);
}

/// The association's name and the date at the bottom right of the last page, with a square
/// of [`SEAL_MM`] left empty above them for the seal.
fn seal_block(doc: &mut Document, meta: &DocumentMeta) {
    let style = TextStyle::new(14.0).align(Align::Right);
    doc.reserve(SEAL_BLOCK_MM + 2.0);
    // Down to the foot of the page: the seal goes at the bottom right.
    let spare = doc.remaining_mm() - SEAL_BLOCK_MM;
    doc.space(spare.max(2.0));
    let top = doc.cursor_mm();
    let right = doc.page_size().width_mm - 30.0;
    doc.text_at(&meta.association_name, right, top + SEAL_MM, style);
    doc.text_at(&meta.date(), right, top + SEAL_MM + 8.0, style);
}

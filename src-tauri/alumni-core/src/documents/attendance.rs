//! 出席情况报告: a meeting's attendance at a moment on A4 portrait — who was expected, who is
//! here and who is not, whether the quorum is reached and since when, by credential and by
//! delegation, arrivals over time as a column chart, the names of the absent by delegation,
//! and lines for the counter and the checker to sign.
//!
//! Invariants: every figure is the [`Attendance`] given (nothing is recounted here, so the
//! paper says what the door's screen said); every absentee given is listed exactly once,
//! under their delegation (those without one under "未分组"), in surname stroke order within
//! it; phone numbers are never printed; absent counts are expected − present, never below
//! zero; a rate is "—" where nobody was expected.

use std::cmp::Ordering;

use chrono::DateTime;

use super::engine::{Align, Bar, Column, Document, PageSize, Rgb3, TextStyle};
use super::{DocumentError, DocumentMeta};
use crate::checkin::{Attendance, DoorAttendee};
use crate::meetings::Category;
use crate::names::compare_stroke_order;

/// The document's title, on the page and in the running header.
pub const TITLE: &str = "出席情况报告";

/// The heading of attendees without a delegation.
pub const NO_GROUP: &str = "未分组";

/// The quorum line when reached: dark green, seen at a glance.
const REACHED: Rgb3 = (0.05, 0.45, 0.2);
/// The quorum line when not reached.
const NOT_REACHED: Rgb3 = (0.75, 0.1, 0.1);

/// Height of the arrivals chart's plot at its tallest column.
const CHART_PLOT_MM: f32 = 45.0;

/// The credential as printed in the report: 出席代表, 列席, 特邀嘉宾, 工作人员.
pub fn category_label(category: Category) -> &'static str {
    match category {
        Category::Delegate => "出席代表",
        Category::Observer => "列席",
        Category::Guest => "特邀嘉宾",
        Category::Staff => "工作人员",
    }
}

/// The attendance report as PDF bytes.
pub fn render(report: &Attendance, meta: &DocumentMeta) -> Result<Vec<u8>, DocumentError> {
    render_counted(report, meta).map(|(pdf, _)| pdf)
}

/// The attendance report as PDF bytes, with its page count.
pub fn render_counted(
    report: &Attendance,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let mut doc = Document::new(PageSize::A4_PORTRAIT, &format!("{} {TITLE}", report.title))
        .fonts(meta.fonts)
        .running_header(&meta.association_name, TITLE)
        .footer_note(&format!("生成于 {}", meta.generated_at_local));
    if let Some(logo) = &meta.logo_png {
        doc.header_logo(logo)?;
    }

    doc.space(2.0);
    doc.paragraph(TITLE, TextStyle::new(22.0).bold().align(Align::Center));
    doc.paragraph(
        &report.title,
        TextStyle::new(14.0).bold().align(Align::Center),
    );
    doc.paragraph(
        &format!("截至 {}", local_date_time(&report.as_of)),
        TextStyle::new(11.0).align(Align::Center),
    );
    doc.space(3.0);

    summary(&mut doc, report);
    by_category(&mut doc, report);
    by_group(&mut doc, report);
    arrivals(&mut doc, report);
    absentees(&mut doc, &report.missing);
    signatures(&mut doc);

    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

fn heading(doc: &mut Document, text: &str) {
    doc.heading(text, TextStyle::new(14.0).bold());
}

/// 一、出席概况: the figures the chair reads out, and the quorum.
fn summary(doc: &mut Document, report: &Attendance) {
    heading(doc, "一、出席概况");
    let body = TextStyle::new(12.0);
    let absent = report.expected.saturating_sub(report.present);
    doc.paragraph(
        &format!(
            "应到 {} 人，实到 {} 人，缺席 {absent} 人，出席率 {}。",
            report.expected,
            report.present,
            percent(report.present, report.expected)
        ),
        body,
    );
    doc.paragraph(
        &format!(
            "有表决权应到 {} 人，实到 {} 人，缺席 {} 人。",
            report.voting_expected,
            report.voting_present,
            report.voting_expected.saturating_sub(report.voting_present)
        ),
        body,
    );
    let quorum = &report.quorum;
    doc.paragraph(
        &format!(
            "法定人数：应到有表决权人数的 {}/{}，至少 {} 人。",
            quorum.numerator, quorum.denominator, quorum.needed
        ),
        body,
    );
    let (line, colour) = quorum_state(report);
    doc.paragraph(&line, TextStyle::new(14.0).bold().colour(colour));
    doc.space(1.0);
}

/// "已达到法定人数（09:12 达到）" or "未达到法定人数（尚差 K 人）", and its colour.
pub fn quorum_state(report: &Attendance) -> (String, Rgb3) {
    let quorum = &report.quorum;
    if quorum.reached {
        let line = match &quorum.reached_at {
            Some(at) => format!("已达到法定人数（{} 达到）", moment_since(at, &report.as_of)),
            None => "已达到法定人数".to_string(),
        };
        (line, REACHED)
    } else if report.voting_expected == 0 {
        ("无有表决权人员，不计法定人数".to_string(), NOT_REACHED)
    } else {
        let short = quorum.needed.saturating_sub(report.voting_present).max(1);
        (format!("未达到法定人数（尚差 {short} 人）"), NOT_REACHED)
    }
}

/// 二、按参会类别: expected, present, absent and rate per credential, and the total.
fn by_category(doc: &mut Document, report: &Attendance) {
    heading(doc, "二、按参会类别");
    let columns = [
        Column::new("类别", 50.0),
        Column::new("应到", 30.0).align(Align::Right),
        Column::new("实到", 30.0).align(Align::Right),
        Column::new("缺席", 30.0).align(Align::Right),
        Column::new("出席率", 30.0).align(Align::Right),
    ];
    let row = |label: &str, expected: u32, present: u32| {
        vec![
            label.to_string(),
            expected.to_string(),
            present.to_string(),
            expected.saturating_sub(present).to_string(),
            percent(present, expected),
        ]
    };
    let mut rows: Vec<Vec<String>> = report
        .by_category
        .iter()
        .map(|c| row(category_label(c.category), c.expected, c.present))
        .collect();
    rows.push(row("合计", report.expected, report.present));
    doc.table(&columns, &rows);
}

/// 三、按代表团: expected, present and absent per delegation, and its voting attendees.
fn by_group(doc: &mut Document, report: &Attendance) {
    heading(doc, "三、按代表团（组别）");
    let columns = [
        Column::new("代表团（组别）", 62.0),
        Column::new("应到", 22.0).align(Align::Right),
        Column::new("实到", 22.0).align(Align::Right),
        Column::new("缺席", 22.0).align(Align::Right),
        Column::new("有表决权 实到/应到", 42.0)
            .align(Align::Right)
            .shrink(),
    ];
    let mut rows: Vec<Vec<String>> = report
        .by_group
        .iter()
        .map(|g| {
            vec![
                g.group.clone().unwrap_or_else(|| NO_GROUP.to_string()),
                g.expected.to_string(),
                g.present.to_string(),
                g.expected.saturating_sub(g.present).to_string(),
                voting_fraction(g.voting_present, g.voting_expected),
            ]
        })
        .collect();
    rows.push(vec![
        "合计".to_string(),
        report.expected.to_string(),
        report.present.to_string(),
        report.expected.saturating_sub(report.present).to_string(),
        voting_fraction(report.voting_present, report.voting_expected),
    ]);
    doc.table(&columns, &rows);
}

/// "230 / 300", or "—" for a delegation without voting attendees.
fn voting_fraction(present: u32, expected: u32) -> String {
    if expected == 0 {
        "—".to_string()
    } else {
        format!("{present} / {expected}")
    }
}

/// 四、签到时间分布: arrivals per slice as columns, and the span in words.
fn arrivals(doc: &mut Document, report: &Attendance) {
    heading(doc, "四、签到时间分布");
    let (Some(first), Some(last)) = (report.arrivals.first(), report.arrivals.last()) else {
        doc.paragraph("（尚无人签到）", TextStyle::new(10.5));
        return;
    };
    let bars: Vec<Bar> = report
        .arrivals
        .iter()
        .map(|s| Bar::count(s.label.clone(), u64::from(s.arrived)))
        .collect();
    doc.column_chart(
        &format!("每 {} 分钟签到人数", report.slice_min),
        &bars,
        CHART_PLOT_MM,
    );
    doc.paragraph(
        &format!(
            "自 {} 至 {} 共 {} 个时段，现在场 {} 人（已撤销的签到不计）。",
            first.label,
            slice_end(last, report.slice_min),
            report.arrivals.len(),
            last.present
        ),
        TextStyle::new(10.0),
    );
}

/// The end of a slice as "HH:MM" (its start plus its length), or its label when its start
/// cannot be read.
fn slice_end(slice: &crate::checkin::ArrivalSlice, slice_min: u32) -> String {
    DateTime::parse_from_rfc3339(&slice.from)
        .map(|from| {
            (from + chrono::Duration::minutes(i64::from(slice_min)))
                .format("%H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| slice.label.clone())
}

/// 五、缺席人员名单: per delegation, in the order the delegations first appear, a table of
/// name, unit and credential in surname stroke order.
fn absentees(doc: &mut Document, missing: &[DoorAttendee]) {
    heading(doc, &format!("五、缺席人员名单（共 {} 人）", missing.len()));
    if missing.is_empty() {
        doc.paragraph("（无缺席人员）", TextStyle::new(10.5));
        return;
    }
    let columns = [
        Column::new("序号", 14.0).align(Align::Right),
        Column::new("姓名", 30.0).shrink(),
        Column::new("单位", 94.0),
        Column::new("类别", 32.0).shrink(),
    ];
    for (group, mut people) in by_delegation(missing) {
        people.sort_by(|a, b| by_stroke_order(a, b));
        let group = group.unwrap_or(NO_GROUP);
        doc.heading(
            &format!("{group}（缺席 {} 人）", people.len()),
            TextStyle::new(12.0).bold(),
        );
        let rows: Vec<Vec<String>> = people
            .iter()
            .enumerate()
            .map(|(i, who)| {
                vec![
                    (i + 1).to_string(),
                    who.name.clone(),
                    who.unit.clone().unwrap_or_default(),
                    category_label(who.category).to_string(),
                ]
            })
            .collect();
        doc.table_with_caption(&columns, &rows, &format!("{group}（续）"));
    }
}

/// The absent by delegation, delegations in the order they first appear (the protocol order
/// the list is given in), people in the order given.
fn by_delegation(missing: &[DoorAttendee]) -> Vec<(Option<&str>, Vec<&DoorAttendee>)> {
    let mut groups: Vec<(Option<&str>, Vec<&DoorAttendee>)> = Vec::new();
    for who in missing {
        let group = who.group.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, people)) => people.push(who),
            None => groups.push((group, vec![who])),
        }
    }
    groups
}

/// Surname stroke order, then id, so the order is the same on every run.
fn by_stroke_order(a: &DoorAttendee, b: &DoorAttendee) -> Ordering {
    compare_stroke_order(&a.name, &b.name).then(a.id.0.cmp(&b.id.0))
}

/// The lines to sign, kept together at the end.
fn signatures(doc: &mut Document) {
    doc.space(10.0);
    doc.paragraph(
        "统计人：________________　　　　审核人：________________",
        TextStyle::new(12.0).align(Align::Right),
    );
}

/// An RFC 3339 time as printed: "2026年05月03日 14:30" (as the footer's "生成于") in its own
/// offset (the host's local time), or the text as given when it cannot be read.
fn local_date_time(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| t.format("%Y年%m月%d日 %H:%M").to_string())
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// When the quorum was reached: "09:12" on the day of `as_of`, "5月2日 09:12" on another day.
fn moment_since(at: &str, as_of: &str) -> String {
    let (Ok(at_time), Ok(as_of)) = (
        DateTime::parse_from_rfc3339(at),
        DateTime::parse_from_rfc3339(as_of),
    ) else {
        return at.to_string();
    };
    if at_time.date_naive() == as_of.date_naive() {
        at_time.format("%H:%M").to_string()
    } else {
        at_time.format("%-m月%-d日 %H:%M").to_string()
    }
}

/// `part` of `whole` as "60.0%", or "—" when `whole` is zero.
fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{:.1}%", f64::from(part) * 100.0 / f64::from(whole))
}

//! 决议, the record of a meeting's votes on A4 portrait: the meeting (title, date, venue, the
//! voting attendees expected and present), then every motion in agenda order — its title, how
//! the vote was taken (举手表决 / 投票表决), 赞成 / 反对 / 弃权, the base it was decided on
//! (应到 or 实到 voting attendees at the vote), the votes it needed and the result — and lines
//! for the chair (主持人) and the clerk (记录人) to sign, with the date.
//!
//! Invariants: every figure is the motion's own as recorded (nothing is recounted here); the
//! result says exactly one of 通过, 未通过, "会议未达法定人数，未表决" (the chair recorded the lack
//! of a quorum) or 尚未表决 (no vote recorded); motions keep the order given (the agenda's).

use super::engine::{Align, Column, Document, Rgb3, TextStyle};
use super::meeting::{date_with_weekday, when_and_where};
use super::{report_document, sign_off, DocumentError, DocumentMeta};
use crate::meetings::MeetingSummary;
use crate::motions::{Motion, MotionBase, VoteMethod};
use crate::settings::MajorityRule;

/// The document's title, after the meeting's.
pub const TITLE: &str = "决议";
/// A motion that passed.
pub const PASSED: &str = "通过";
/// A motion that did not.
pub const FAILED: &str = "未通过";
/// A motion the meeting could not vote on for want of a quorum.
pub const NO_QUORUM: &str = "会议未达法定人数，未表决";
/// A motion no vote is recorded on yet.
pub const NOT_VOTED: &str = "尚未表决";
/// The lines the chair and the clerk sign.
pub const SIGNATURES: &str = "主持人（签字）：______________　　　记录人（签字）：______________";

const PASSED_COLOUR: Rgb3 = (0.05, 0.45, 0.2);
const FAILED_COLOUR: Rgb3 = (0.75, 0.1, 0.1);
const GREY: Rgb3 = (0.35, 0.35, 0.35);

/// What the record is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolutions {
    /// The meeting.
    pub meeting: MeetingSummary,
    /// Voting attendees on the list (应到).
    pub voting_expected: u32,
    /// Voting attendees checked in (实到) when the record is made.
    pub voting_present: u32,
    /// The motions, in agenda order.
    pub motions: Vec<Motion>,
}

/// The result as printed: 通过, 未通过, "会议未达法定人数，未表决" or 尚未表决.
pub fn result_text(motion: &Motion) -> &'static str {
    if motion.no_quorum {
        NO_QUORUM
    } else {
        match motion.passed {
            Some(true) => PASSED,
            Some(false) => FAILED,
            None => NOT_VOTED,
        }
    }
}

/// 举手表决 or 投票表决; "—" before a vote.
pub fn method_text(method: Option<VoteMethod>) -> &'static str {
    match method {
        Some(VoteMethod::ShowOfHands) => "举手表决",
        Some(VoteMethod::Ballot) => "投票表决",
        None => "—",
    }
}

/// The rule in words: 过半数 or 三分之二以上.
pub fn rule_text(rule: MajorityRule) -> &'static str {
    match rule {
        MajorityRule::MoreThanHalf => "过半数",
        MajorityRule::TwoThirds => "三分之二以上",
    }
}

/// The base as printed: "实到 380 人" (voting attendees present at the vote) or "应到 392 人"
/// (all entitled); the lack of a quorum shows those present then; "—" before a vote.
pub fn base_text(motion: &Motion) -> String {
    let word = match (motion.base, motion.no_quorum) {
        (_, true) | (MotionBase::PresentVoting, false) => "实到",
        (MotionBase::Entitled, false) => "应到",
    };
    match motion.base_count {
        Some(n) => format!("{word} {n} 人"),
        None => "—".to_owned(),
    }
}

/// Chinese ordinal headings: 一、 … 十、 十一、 … (up to 99, then digits).
fn ordinal(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[n % 10]),
        20..=99 => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
        _ => n.to_string(),
    }
}

/// The 决议 as PDF bytes, with its page count.
pub fn render(
    record: &Resolutions,
    meta: &DocumentMeta,
) -> Result<(Vec<u8>, usize), DocumentError> {
    let meeting = &record.meeting;
    let title = format!("{}{TITLE}", meeting.title.trim());
    let mut doc = report_document(&title, TITLE, meta)?;
    doc.space(2.0);
    doc.paragraph(
        meeting.title.trim(),
        TextStyle::new(16.0).bold().align(Align::Center),
    );
    doc.paragraph("决　议", TextStyle::new(22.0).bold().align(Align::Center));
    doc.paragraph(
        &when_and_where(meeting),
        TextStyle::new(11.0).align(Align::Center).colour(GREY),
    );
    doc.space(3.0);
    doc.paragraph_indented(
        &format!(
            "{}，{}召开。本次会议应到有表决权人员 {} 人，实到 {} 人。会议共审议表决事项 {} 项，表决情况及结果如下：",
            date_with_weekday(&meeting.starts_at),
            meeting.title.trim(),
            record.voting_expected,
            record.voting_present,
            record.motions.len()
        ),
        TextStyle::new(12.0),
        2.0,
    );
    if record.motions.is_empty() {
        doc.paragraph_indented("本次会议未设表决事项。", TextStyle::new(12.0), 2.0);
    }
    for (i, motion) in record.motions.iter().enumerate() {
        motion_block(&mut doc, i + 1, motion);
    }
    sign_off(&mut doc, SIGNATURES);
    let pages = doc.page_count();
    Ok((doc.finish()?, pages))
}

/// One motion: its heading, its figures in a one-row table, and the result in colour.
fn motion_block(doc: &mut Document, n: usize, motion: &Motion) {
    doc.heading(
        &format!("{}、{}", ordinal(n), motion.title.trim()),
        TextStyle::new(12.5).bold(),
    );
    let votes = |v: Option<u32>| v.map_or("—".to_owned(), |v| format!("{v} 票"));
    let columns = [
        Column::new("表决方式", 18.0),
        Column::new("赞成", 15.0).align(Align::Right),
        Column::new("反对", 15.0).align(Align::Right),
        Column::new("弃权", 15.0).align(Align::Right),
        Column::new("表决基数", 22.0),
        Column::new("表决规则", 26.0),
        Column::new("通过所需", 20.0).align(Align::Right),
        Column::new("表决结果", 39.0).shrink(),
    ];
    let result = result_text(motion);
    let row = vec![
        method_text(motion.method).to_owned(),
        votes(motion.yes),
        votes(motion.no),
        votes(motion.abstain),
        base_text(motion),
        rule_text(motion.rule).to_owned(),
        motion
            .needed
            .map_or("—".to_owned(), |n| format!("≥ {n} 票")),
        result.to_owned(),
    ];
    doc.table(&columns, &[row]);
    let colour = match result {
        PASSED => PASSED_COLOUR,
        FAILED => FAILED_COLOUR,
        _ => GREY,
    };
    doc.paragraph(
        &format!("表决结果：{result}"),
        TextStyle::new(12.0).bold().colour(colour),
    );
}

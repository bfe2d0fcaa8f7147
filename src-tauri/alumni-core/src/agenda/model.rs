//! Agenda types, the planned times, and a report's text as headings and paragraphs.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::meetings::MeetingId;

/// An agenda item's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AgendaItemId(pub i64);

/// What an agenda item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgendaKind {
    /// 讲话, 致辞: a speech.
    Speech,
    /// 报告: a report, with its text or an attached PDF, usually put to a vote.
    Report,
    /// 审议表决: a motion to approve.
    Motion,
    /// 选举
    Election,
    /// Anything else: opening, closing, a break.
    Other,
}

impl AgendaKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaKind::Speech => "speech",
            AgendaKind::Report => "report",
            AgendaKind::Motion => "motion",
            AgendaKind::Election => "election",
            AgendaKind::Other => "other",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "speech" => Some(AgendaKind::Speech),
            "report" => Some(AgendaKind::Report),
            "motion" => Some(AgendaKind::Motion),
            "election" => Some(AgendaKind::Election),
            "other" => Some(AgendaKind::Other),
            _ => None,
        }
    }
}

/// An agenda item as listed (the CLI's `agenda --json` shape): `{id, position, title, kind,
/// presenter, starts_at, duration_min}` plus the fixed start, the report's size and the
/// attachment's name. The text itself is read with [`crate::agenda::report_text`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AgendaItem {
    /// Its id.
    pub id: AgendaItemId,
    /// The meeting.
    pub meeting_id: MeetingId,
    /// 1-based order.
    pub position: u32,
    /// What happens.
    pub title: String,
    /// Speech, report, motion, election or other.
    pub kind: AgendaKind,
    /// Who presents or chairs it.
    pub presenter: Option<String>,
    /// When it starts, RFC 3339 in the association's zone: its fixed start, else the previous
    /// item's start plus its duration (the first item: the meeting's start); `None` after an
    /// item without a duration.
    pub starts_at: Option<String>,
    /// Planned length in minutes.
    pub duration_min: Option<u32>,
    /// A start set by hand (an afternoon session after lunch), RFC 3339; `None` when computed.
    pub fixed_start: Option<String>,
    /// Characters of the report's text (0: none).
    pub text_chars: u32,
    /// The attached PDF's file name, if a PDF is attached.
    pub attachment_name: Option<String>,
}

/// An agenda item to add or change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AgendaItemSetup {
    /// What happens.
    pub title: String,
    /// Speech, report, motion, election or other.
    pub kind: AgendaKind,
    /// Who presents or chairs it.
    #[serde(default)]
    pub presenter: Option<String>,
    /// Planned length in minutes (1 to 600).
    #[serde(default)]
    pub duration_min: Option<u32>,
    /// A start set by hand, RFC 3339 with an offset.
    #[serde(default)]
    pub fixed_start: Option<String>,
}

/// One block of a report's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum ReportBlock {
    /// A heading, printed bold.
    Heading(String),
    /// A paragraph, printed with a first-line indent of two characters.
    Paragraph(String),
}

/// Splits a report's stored text into blocks: one a line, blank lines dropped; a line that
/// starts with `# ` is a heading. Whitespace at either end of a line is trimmed (a pasted
/// full-width indent included: the packet indents every paragraph itself).
pub fn report_blocks(text: &str) -> Vec<ReportBlock> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if line.is_empty() {
                return None;
            }
            Some(match line.strip_prefix("# ") {
                Some(heading) => ReportBlock::Heading(heading.trim().to_owned()),
                None => ReportBlock::Paragraph(line.to_owned()),
            })
        })
        .collect()
}

/// Marks as headings (`# `) the lines of text typed or imported that read as a Chinese
/// report's numbered headings — "一、…", "（一）…", "第一章 …", "第一部分 …" — when short
/// (at most 40 characters) and not ending a sentence (。；：). Lines already marked are kept.
pub fn mark_headings(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        let trimmed = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
        if !trimmed.starts_with("# ") && reads_as_heading(trimmed) {
            out.push_str("# ");
            out.push_str(trimmed);
        } else {
            out.push_str(line.trim_end());
        }
        out.push('\n');
    }
    out
}

const NUMERALS: &str = "一二三四五六七八九十百零";

fn reads_as_heading(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    if chars.is_empty() || chars.len() > 40 {
        return false;
    }
    if matches!(chars.last(), Some('。' | '；' | '：' | ';' | ':' | '，')) {
        return false;
    }
    let numeral = |c: &char| NUMERALS.contains(*c);
    let leading = chars.iter().take_while(|c| numeral(c)).count();
    // 一、  十二、
    if leading > 0 && chars.get(leading) == Some(&'、') {
        return true;
    }
    // （一）  (二)
    if matches!(chars.first(), Some('（' | '(')) {
        let inner = chars[1..].iter().take_while(|c| numeral(c)).count();
        if inner > 0 && matches!(chars.get(1 + inner), Some('）' | ')')) {
            return true;
        }
    }
    // 第一章  第二部分  第三节
    if chars.first() == Some(&'第') {
        let inner = chars[1..].iter().take_while(|c| numeral(c)).count();
        let rest: String = chars[1 + inner..].iter().take(2).collect();
        if inner > 0 && (rest.starts_with('章') || rest.starts_with('节') || rest == "部分") {
            return true;
        }
    }
    false
}

/// The planned start of every item, in order: its fixed start if any, else the previous
/// item's start plus its duration (the first: the meeting's start). An item after one whose
/// start or duration is unknown has no computed start.
pub fn schedule(
    meeting_start: Option<DateTime<Utc>>,
    items: &[(Option<DateTime<Utc>>, Option<u32>)],
) -> Vec<Option<DateTime<Utc>>> {
    let mut next = meeting_start;
    items
        .iter()
        .map(|(fixed, duration)| {
            let start = fixed.or(next);
            next = match (start, duration) {
                (Some(s), Some(d)) => Some(s + Duration::minutes(i64::from(*d))),
                _ => None,
            };
            start
        })
        .collect()
}

//! The election documents (选举结果报告单, 当选名单) checked from outside: text extracted with
//! `pdftotext` from results counted by [`tally::tally`] on synthetic ballots — a 129-seat round
//! of 140 candidates with candidates tied across the last seat, and a void round.
//!
//! With `ELECTION_DOCS_OUT=/tmp/dir` the documents are also written there, to look at.

use super::election_results::{
    announcement_lines, render_announcement, render_report, ANNOUNCEMENT_TITLE, ELECTED,
    REPORT_TITLE, STROKE_ORDER_NOTE, TIED_LINE, VOID_LINE, WRITE_IN,
};
use super::tests::{pages_text, pdftotext, squeeze, write_temp};
use super::{DocumentMeta, Fonts};
use crate::desk::ElectionResult;
use crate::elections::tally::{self, Ballot, Base, Mark, RoundStatus, Rules};
use crate::elections::{Body, ElectionId};

const ASSOCIATION: &str = "华东理工科技大学校友总会";

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "欧阳",
];
const GIVEN: [&str; 7] = ["建国", "晓梅", "志强", "海燕", "文博", "静", "子涵"];

fn meta() -> DocumentMeta {
    DocumentMeta {
        association_name: ASSOCIATION.to_string(),
        generated_at_local: "2026年12月12日 16:40".to_string(),
        logo_png: Some(super::DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    }
}

/// 140 distinct names, in ballot order.
fn candidates() -> Vec<String> {
    let mut names = Vec::new();
    for given in GIVEN {
        for surname in SURNAMES {
            names.push(format!("{surname}{given}"));
        }
    }
    names
}

/// `returned` ballots of which ballot b marks 11 candidates disagree or abstain, by rotation
/// `(b·7 + k·13) mod 140`, disagrees with candidate i when b is a multiple of
/// `(7i mod 23) + 4`, and agrees with the rest; ballot 0 also has a write-in (and
/// one ballot fewer agree mark, so it stays valid), the last one is blank, one over-marked.
fn ballots(names: &[String], returned: u32) -> Vec<Ballot> {
    let n = names.len();
    (0..returned)
        .map(|b| {
            let mut marks = vec![Mark::Agree; n];
            // Some candidates are less popular than others: a spread of votes.
            for (i, mark) in marks.iter_mut().enumerate() {
                if (b as usize).is_multiple_of((i * 7) % 23 + 4) {
                    *mark = Mark::Disagree;
                }
            }
            for k in 0..11 {
                let i = (b as usize * 7 + k * 13) % n;
                marks[i] = if k % 2 == 0 {
                    Mark::Disagree
                } else {
                    Mark::Abstain
                };
            }
            let mut write_ins = Vec::new();
            if b == 0 {
                if let Some(i) = marks.iter().position(|m| *m == Mark::Agree) {
                    marks[i] = Mark::Empty;
                }
                write_ins.push("钱学森".to_string());
            }
            if b == returned - 1 {
                marks = vec![Mark::Empty; n];
            }
            if b == returned - 2 {
                // 130 agree marks for 129 seats: invalid.
                write_ins = vec!["钱学森".to_string(), "邓稼先".to_string()];
                marks = vec![Mark::Agree; n];
                for mark in marks.iter_mut().take(10) {
                    *mark = Mark::Disagree;
                }
            }
            Ballot {
                number: b + 1,
                marks,
                write_ins,
            }
        })
        .collect()
}

/// The big round: 129 seats, 140 candidates, `issued` ballots issued and `returned` returned.
fn result(issued: u32, returned: u32) -> ElectionResult {
    let names = candidates();
    let rules = Rules {
        seats: 129,
        issued,
        base: Base::Returned,
        present: None,
        entitled: None,
    };
    let outcome = tally::tally(&names, &ballots(&names, returned), &rules).expect("tally");
    ElectionResult {
        id: ElectionId(7),
        body: Body::Council,
        title: "第五届理事会理事".to_string(),
        round: 1,
        outcome,
        source: "ballots",
        sheet_differences: Vec::new(),
    }
}

/// The text of a PDF's pages (whitespace dropped), written to `ELECTION_DOCS_OUT` if set.
fn text_of(pdf: &[u8], name: &str) -> (Vec<String>, String) {
    if let Ok(dir) = std::env::var("ELECTION_DOCS_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).expect("write out");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_temp(&dir, name, pdf);
    let raw = pdftotext(&path, &["-raw"]);
    (pages_text(&path), raw)
}

#[test]
fn the_big_round_has_tied_candidates_and_fills_the_rest() {
    let r = result(300, 293);
    let o = &r.outcome;
    assert_eq!(o.status, RoundStatus::Valid);
    assert!(!o.tied.is_empty(), "the pattern ties candidates: {o:?}");
    assert_eq!(o.elected.len() as u32 + o.unfilled, 129);
    assert_eq!(o.invalid, 1);
    assert_eq!(o.blank, 1);
}

#[test]
fn the_report_prints_every_figure_every_candidate_and_the_signatures() {
    let r = result(300, 293);
    let o = &r.outcome;
    let (pdf, pages) = render_report(&r, &meta()).expect("render");
    let (text, _) = text_of(&pdf, "results.pdf");
    assert_eq!(text.len(), pages);
    let all: String = text.concat();
    for page in 1..=pages {
        assert!(
            text[page - 1].contains(&format!("第{page}页共{pages}页")),
            "page {page}"
        );
    }
    assert!(text[0].contains(&format!("第五届理事会理事{REPORT_TITLE}")));
    for figure in [
        "应选名额129名".to_string(),
        format!("发出选票{}张", o.issued),
        format!("收回选票{}张", o.returned),
        format!("有效票{}张（其中空白票{}张）", o.valid, o.blank),
        format!("无效票{}张", o.invalid),
        format!("超过半数，即≥{}票", o.threshold),
        format!("当选人数{}名", o.elected.len()),
    ] {
        assert!(all.contains(&figure), "{figure}");
    }
    // Candidate 1 in ballot order: 序号, name, agree, disagree, abstain, standing.
    let first = &o.candidates[0];
    let standing = if first.elected { ELECTED } else { "" };
    let row = format!(
        "1{}{}{}{}{standing}",
        first.name, first.agree, first.disagree, first.abstain
    );
    assert!(all.contains(&row), "{row}");
    // A tied candidate is said to be tied, never elected.
    let tied = o
        .candidates
        .iter()
        .position(|c| o.tied.contains(&c.name))
        .expect("a tied candidate");
    let c = &o.candidates[tied];
    let row = format!(
        "{}{}{}{}{}{TIED_LINE}",
        tied + 1,
        c.name,
        c.agree,
        c.disagree,
        c.abstain
    );
    assert!(all.contains(&row), "{row}");
    // The write-in after the listed candidates.
    assert!(all.contains(&format!("141钱学森（{WRITE_IN}）")));
    let elected_cells = o.candidates.iter().filter(|c| c.elected).count();
    assert_eq!(elected_cells, o.elected.len());
    assert!(all.contains("总监票人："));
    assert!(all.contains("监票人："));
    assert!(all.contains("计票人："));
    assert!(all.contains("日期："));
    assert!(all.contains(&format!("当选所需≥{}票", o.threshold)));
    assert!(!all.contains(VOID_LINE));
}

#[test]
fn a_void_round_says_so_and_elects_nobody() {
    let r = result(280, 293);
    let o = &r.outcome;
    assert_eq!(o.status, RoundStatus::Void);
    let (pdf, pages) = render_report(&r, &meta()).expect("render");
    let (text, _) = text_of(&pdf, "void.pdf");
    let all: String = text.concat();
    assert!(all.contains(VOID_LINE));
    assert!(all.contains("发出选票280张"));
    assert!(all.contains("收回选票293张"));
    for (i, c) in o.candidates.iter().enumerate().filter(|(_, c)| !c.write_in) {
        let row = format!("{}{}{}{}{}", i + 1, c.name, c.agree, c.disagree, c.abstain);
        assert!(all.contains(&row), "{row}");
        assert!(
            !all.contains(&format!("{row}{ELECTED}")),
            "nobody is elected on a void round: {row}"
        );
    }
    assert!(all.contains(&format!("第1页共{pages}页")));

    let (pdf, _) = render_announcement(&r, &meta()).expect("render");
    let (text, _) = text_of(&pdf, "void-announcement.pdf");
    let all: String = text.concat();
    assert!(all.contains(VOID_LINE));
    for c in &o.candidates {
        assert!(!all.contains(&c.name), "{} is not announced", c.name);
    }
}

#[test]
fn the_announcement_names_every_elected_once_in_the_order_given() {
    let r = result(300, 293);
    let o = &r.outcome;
    let (pdf, pages) = render_announcement(&r, &meta()).expect("render");
    let (text, raw) = text_of(&pdf, "announcement.pdf");
    let all: String = text.concat();
    assert!(all.contains(&format!("第五届理事会理事{ANNOUNCEMENT_TITLE}")));
    assert!(all.contains(&squeeze(STROKE_ORDER_NOTE)));
    assert!(all.contains(&format!("共选出{}名理事", o.elected.len())));
    assert!(all.contains(&format!("另有{}名候选人票数相同，将另行选举", o.tied.len())));
    assert!(all.contains(ASSOCIATION));
    assert!(all.contains("2026年12月12日"));
    assert!(all.contains(&format!("第{pages}页共{pages}页")));
    let words: Vec<&str> = raw.split_whitespace().collect();
    for name in &o.elected {
        let n = words.iter().filter(|w| *w == name).count();
        assert_eq!(n, 1, "{name} appears {n} times");
    }
    for name in &o.tied {
        assert!(
            !words.contains(&name.as_str()),
            "{name} is tied, not elected"
        );
    }
    // In the order given: each name after the one before it.
    let at: Vec<usize> = o
        .elected
        .iter()
        .map(|n| words.iter().position(|w| w == n).expect("named"))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "stroke order kept");
}

#[test]
fn the_announcement_sentences_follow_the_round() {
    let mut r = result(300, 293);
    r.round = 2;
    let lines = announcement_lines(&r);
    assert!(lines[0].contains("经第2轮投票"), "{lines:?}");
    r.outcome.tied.clear();
    let lines = announcement_lines(&r);
    assert!(
        lines.iter().any(|l| l.contains("个名额未选出")),
        "{lines:?}"
    );
}

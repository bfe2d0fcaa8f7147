//! The ballot papers (选票) checked from outside: text extracted with `pdftotext`, pages counted,
//! and the QR codes read back by `rqrr` from pages rendered by `pdftoppm` — on the seed's size
//! (140 candidates, 129 seats), a list too long for one page, both ballot forms, long and rare
//! names.
//!
//! With `ELECTION_DOCS_OUT=/tmp/dir` the documents are also written there, to look at.

use super::ballot_paper::{
    ballot_columns, ballot_number, instructions, qr_payload, render_ballots,
    render_ballots_reporting, BALLOT_TITLE, STROKE_ORDER_NOTE, WRITE_IN_LABEL,
};
use super::tests::{decode_qr_codes, pages_text, render_grey, write_temp};
use super::{DocumentError, DocumentMeta, Fonts};
use crate::elections::tally::Base;
use crate::elections::{BallotForm, Body, Candidate, ElectionDetail, ElectionId, TieRule};
use crate::meetings::MeetingId;

pub(super) const ASSOCIATION: &str = "华东理工科技大学校友总会";

/// Surnames in stroke order (2, 3, 4, 5, 6 … strokes), so a list made of them in this order,
/// given name by given name, is in surname stroke order only per given name — the lists below
/// are sorted before use.
const SURNAMES: [&str; 20] = [
    "丁", "于", "王", "石", "朱", "刘", "李", "张", "陈", "林", "周", "赵", "胡", "徐", "高", "黄",
    "董", "谢", "欧阳", "魏",
];
const GIVEN: [&str; 8] = ["建国", "振华", "晓梅", "志强", "静", "文博", "海燕", "子涵"];

pub(super) fn meta() -> DocumentMeta {
    DocumentMeta {
        association_name: ASSOCIATION.to_string(),
        generated_at_local: "2026年12月12日 16:40".to_string(),
        logo_png: Some(super::DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    }
}

/// `n` distinct names in surname stroke order (欧阳振华 among them: a four-character name).
pub(super) fn names(n: usize) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    'fill: for round in 0.. {
        for given in GIVEN {
            for surname in SURNAMES {
                if names.len() == n {
                    break 'fill;
                }
                let name = if round == 0 {
                    format!("{surname}{given}")
                } else {
                    format!("{surname}{}{given}", ["一", "二", "三"][round % 3])
                };
                names.push(name);
            }
        }
    }
    names.sort_by(|a, b| crate::names::compare_stroke_order(a, b));
    names
}

/// An election of `seats` seats with `list` as its candidates in that order.
pub(super) fn election(
    list: &[String],
    seats: u32,
    form: BallotForm,
    write_in_lines: u32,
) -> ElectionDetail {
    ElectionDetail {
        id: ElectionId(7),
        meeting: MeetingId(1),
        body: Body::Council,
        title: "第五届理事会理事选举".to_string(),
        seats,
        kind: if list.len() as u32 > seats {
            "competitive"
        } else {
            "equal"
        },
        ballot_form: form,
        write_in_lines,
        base: Base::Returned,
        tie_rule: TieRule::RunOff,
        electorate: None,
        round: 1,
        previous_round: None,
        status: "draft".to_string(),
        issued: None,
        returned: None,
        declared_at: None,
        candidates: list
            .iter()
            .enumerate()
            .map(|(i, name)| Candidate {
                id: 100 + i as i64,
                position: i as u32 + 1,
                member: None,
                name: name.clone(),
                unit: Some("某某单位".to_string()),
            })
            .collect(),
    }
}

/// The seed's size: 140 candidates for 129 seats, one write-in line.
fn seed_election() -> ElectionDetail {
    election(&names(140), 129, BallotForm::PerCandidate, 1)
}

/// The PDF written to a temporary folder (and to `ELECTION_DOCS_OUT` if set).
pub(super) fn saved(dir: &tempfile::TempDir, pdf: &[u8], name: &str) -> std::path::PathBuf {
    if let Ok(out) = std::env::var("ELECTION_DOCS_OUT") {
        std::fs::create_dir_all(&out).expect("out dir");
        std::fs::write(std::path::Path::new(&out).join(name), pdf).expect("write out");
    }
    write_temp(dir, name, pdf)
}

#[test]
fn the_grid_has_one_row_for_a_few_names_and_ten_columns_at_the_seed_size() {
    for (candidates, columns) in [
        (0, 1),
        (1, 1),
        (5, 5),
        (6, 6),
        (24, 6),
        (25, 8),
        (60, 8),
        (61, 10),
        (140, 10),
        (200, 10),
        (201, 12),
    ] {
        assert_eq!(ballot_columns(candidates), columns, "{candidates}");
    }
}

#[test]
fn the_seed_sized_ballot_is_one_page_per_ballot_numbered_with_every_name_in_order() {
    let detail = seed_election();
    let (pdf, pages) = render_ballots(&detail, &meta(), 1, 3).expect("render");
    assert_eq!(pages, 3, "one page per ballot");
    let dir = tempfile::tempdir().expect("tmp");
    let path = saved(&dir, &pdf, "ballots.pdf");
    let text = pages_text(&path);
    assert_eq!(text.len(), 3);
    for (i, page) in text.iter().enumerate() {
        assert!(page.contains(ASSOCIATION), "page {i}");
        assert!(page.contains(&format!("第五届理事会理事选举{BALLOT_TITLE}")));
        assert!(page.contains(&format!("№000{}", i + 1)), "{page}");
        assert!(page.contains("第1页共1页"));
        assert!(page.contains(&format!("应选129名，候选人140名{STROKE_ORDER_NOTE}")));
        assert!(page.contains("不同意的划“×”"));
        assert!(page.contains("同意人数（含另选他人）不得超过应选名额129名，超过的为无效票"));
        assert!(page.contains(&format!("{WRITE_IN_LABEL}：")));
        // Every name once, in ballot order.
        let mut from = 0;
        for c in &detail.candidates {
            let at = page[from..]
                .find(&c.name)
                .unwrap_or_else(|| panic!("{} after {from} on page {i}", c.name));
            from += at + c.name.len();
        }
    }
}

#[test]
fn each_page_carries_a_qr_code_of_the_ballot_and_nothing_else() {
    let detail = seed_election();
    let (pdf, pages) = render_ballots(&detail, &meta(), 1, 3).expect("render");
    assert_eq!(pages, 3);
    let dir = tempfile::tempdir().expect("tmp");
    let path = saved(&dir, &pdf, "ballots-qr.pdf");
    for (page, dpi) in [(3, 300), (1, 200)] {
        let (w, h, luma) = render_grey(&dir, &path, page, dpi);
        let codes = decode_qr_codes(w, h, &luma);
        let want = qr_payload(detail.id, 1, 1, 1, page as u32);
        assert_eq!(codes, vec![want.clone()], "page {page} at {dpi} dpi");
        // Exactly the format: the election, the round, the page and the number — nothing a
        // voter could be found by.
        let fields: Vec<&str> = want.split(';').collect();
        assert_eq!(fields[0], "ADB1");
        let keys: Vec<&str> = fields[1..]
            .iter()
            .map(|f| f.split('=').next().unwrap_or_default())
            .collect();
        assert_eq!(keys, ["e", "r", "p", "n"]);
    }
    assert_eq!(
        qr_payload(ElectionId(7), 1, 1, 1, 3),
        "ADB1;e=7;r=1;p=1/1;n=3"
    );
}

#[test]
fn a_list_too_long_for_one_page_continues_with_its_own_page_numbers_and_codes() {
    let detail = election(&names(330), 300, BallotForm::PerCandidate, 2);
    let (pdf, pages) = render_ballots(&detail, &meta(), 41, 2).expect("render");
    assert_eq!(pages, 4, "two pages per ballot");
    let dir = tempfile::tempdir().expect("tmp");
    let path = saved(&dir, &pdf, "ballots-long.pdf");
    let text = pages_text(&path);
    assert!(text[0].contains("№0041") && text[1].contains("№0041"));
    assert!(text[2].contains("№0042") && text[3].contains("№0042"));
    assert!(text[0].contains("第1页共2页") && text[1].contains("第2页共2页"));
    assert!(text[1].contains("（续）"));
    let both = format!("{}{}", text[0], text[1]);
    for c in &detail.candidates {
        assert_eq!(both.matches(&c.name).count(), 1, "{}", c.name);
    }
    let (w, h, luma) = render_grey(&dir, &path, 4, 300);
    assert_eq!(
        decode_qr_codes(w, h, &luma),
        vec![qr_payload(detail.id, 1, 2, 2, 42)]
    );
}

#[test]
fn a_mark_up_to_n_ballot_says_to_mark_at_most_n() {
    let list = names(12);
    let detail = election(&list, 9, BallotForm::MarkUpToN, 0);
    let lines = instructions(&detail);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(
        lines[1],
        "2．在同意的候选人姓名下方格内划“○”，所划不得超过9名，超过的为无效票。"
    );
    let (pdf, pages) = render_ballots(&detail, &meta(), 1, 1).expect("render");
    assert_eq!(pages, 1);
    let dir = tempfile::tempdir().expect("tmp");
    let text = pages_text(&saved(&dir, &pdf, "ballots-mark.pdf")).concat();
    assert!(text.contains("所划不得超过9名，超过的为无效票"));
    assert!(!text.contains("不同意的划"), "{text}");
    assert!(!text.contains(WRITE_IN_LABEL), "no write-in cells: {text}");

    let with_write_ins = election(&list, 9, BallotForm::MarkUpToN, 2);
    let lines = instructions(&with_write_ins);
    assert!(
        lines[1].contains("所划（含另选他人）不得超过9名"),
        "{lines:?}"
    );
    assert!(lines[2].contains(WRITE_IN_LABEL));
}

#[test]
fn an_equal_election_out_of_stroke_order_says_neither_competitive_nor_stroke_order() {
    let list: Vec<String> = ["赵静", "王建国", "丁文博"].map(String::from).to_vec();
    let lines = instructions(&election(&list, 3, BallotForm::PerCandidate, 0));
    assert_eq!(lines[0], "1．本次选举为等额选举，应选3名，候选人3名。");
    let one = instructions(&election(&list[..1], 1, BallotForm::PerCandidate, 1));
    assert_eq!(one[0], "1．本次选举为等额选举，应选1名，候选人1名。");
    let sorted = instructions(&election(&names(3), 2, BallotForm::PerCandidate, 0));
    assert_eq!(
        sorted[0],
        format!("1．本次选举为差额选举，应选2名，候选人3名{STROKE_ORDER_NOTE}。")
    );
}

#[test]
fn long_and_rare_names_print_in_their_cells_and_a_name_no_face_has_is_refused() {
    let mut list = names(136);
    list.extend(["上官婉儿", "司马相如玉", "赵孟𫖯", "吉𠮷"].map(String::from));
    let detail = election(&list, 129, BallotForm::PerCandidate, 0);
    let (pdf, pages) = render_ballots(&detail, &meta(), 1, 1).expect("render");
    assert_eq!(pages, 1);
    let dir = tempfile::tempdir().expect("tmp");
    let text = pages_text(&saved(&dir, &pdf, "ballots-rare.pdf")).concat();
    for name in ["欧阳振华", "上官婉儿", "司马相如玉", "赵孟𫖯", "吉𠮷"] {
        assert!(text.contains(name), "{name}: {text}");
    }
    let main_only = DocumentMeta {
        fonts: Fonts::MainOnly,
        ..meta()
    };
    match render_ballots(&detail, &main_only, 1, 1) {
        Err(DocumentError::MissingGlyphs { chars }) => assert!(chars.contains(&'𫖯')),
        other => panic!("{:?}", other.map(|(_, p)| p)),
    }
}

#[test]
fn a_run_reports_each_ballot_and_stops_on_cancel() {
    let detail = seed_election();
    let seen = std::sync::Mutex::new(Vec::new());
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let (_, pages) = render_ballots_reporting(
        &detail,
        &meta(),
        1,
        3,
        &|done, total| seen.lock().expect("lock").push((done, total)),
        &cancel,
    )
    .expect("render");
    assert_eq!(pages, 3);
    assert_eq!(*seen.lock().expect("lock"), [(1, 3), (2, 3), (3, 3)]);
    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(matches!(
        render_ballots_reporting(&detail, &meta(), 1, 3, &|_, _| {}, &cancel),
        Err(DocumentError::Cancelled)
    ));
    assert_eq!(ballot_number(3), "№ 0003");
    assert_eq!(ballot_number(12345), "№ 12345");
}

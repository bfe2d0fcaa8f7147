//! The 计票单 checked from outside with `pdftotext`: every candidate once in ballot order with
//! their number, the header row and page numbers on every page, the columns of each ballot
//! form, the figures to fill, the write-in rows and the signatures.
//!
//! With `ELECTION_DOCS_OUT=/tmp/dir` the documents are also written there, to look at.

use super::ballot_paper_tests::{election, meta, names, saved, ASSOCIATION};
use super::tally_sheet::{
    render_tally_sheet, summary_line, write_in_rows, FIGURES, TALLY_TITLE, WRITE_IN_HEADING,
};
use super::tests::{pages_text, squeeze};
use crate::elections::BallotForm;

#[test]
fn the_seed_sized_sheet_lists_every_candidate_once_with_the_header_on_every_page() {
    let detail = election(&names(140), 129, BallotForm::PerCandidate, 1);
    let (pdf, pages) = render_tally_sheet(&detail, &meta()).expect("render");
    let dir = tempfile::tempdir().expect("tmp");
    let text = pages_text(&saved(&dir, &pdf, "tally.pdf"));
    assert_eq!(text.len(), pages as usize);
    assert!(
        (9..=13).contains(&pages),
        "140 rows of 10 mm on A4 landscape: {pages} pages"
    );
    assert!(text[0].contains(&format!("第五届理事会理事选举{TALLY_TITLE}")));
    assert!(text[0].contains(&squeeze(&summary_line(&detail))));
    assert!(text[0].contains("应选129名候选人140名差额选举"));
    for figure in FIGURES {
        assert!(text[0].contains(&squeeze(figure)), "{figure}");
    }
    for (i, page) in text.iter().enumerate() {
        assert!(page.contains(ASSOCIATION), "page {}", i + 1);
        assert!(
            page.contains(&format!("第{}页共{pages}页", i + 1)),
            "page {}",
            i + 1
        );
        assert!(
            page.contains("序号姓名同意（正字）合计不同意（正字）合计弃权（正字）合计")
                || page.contains("姓名（另选他人）同意（正字）合计"),
            "the header row on page {}: {page}",
            i + 1
        );
    }
    let all = text.concat();
    let mut from = 0;
    for c in &detail.candidates {
        let row = format!("{}{}", c.position, c.name);
        assert_eq!(all.matches(&c.name).count(), 1, "{}", c.name);
        let at = all[from..].find(&row).unwrap_or_else(|| panic!("{row}"));
        from += at + row.len();
    }
    assert!(all.contains(WRITE_IN_HEADING));
    for signer in ["计票人：", "监票人：", "总监票人：", "日期："] {
        assert!(all.contains(signer), "{signer}");
    }
}

#[test]
fn a_mark_up_to_n_sheet_has_only_agree_columns_and_no_write_in_rows_without_write_ins() {
    let detail = election(&names(40), 33, BallotForm::MarkUpToN, 0);
    let (pdf, pages) = render_tally_sheet(&detail, &meta()).expect("render");
    let dir = tempfile::tempdir().expect("tmp");
    let text = pages_text(&saved(&dir, &pdf, "tally-mark.pdf"));
    assert_eq!(text.len(), pages as usize);
    let all = text.concat();
    assert!(all.contains("序号姓名划票同意（正字）合计"), "{all}");
    assert!(!all.contains("不同意"), "{all}");
    assert!(!all.contains("弃权（正字）"));
    assert!(all.contains("划票（每票至多33名）"));
    assert!(!all.contains(WRITE_IN_HEADING));
}

#[test]
fn write_in_rows_are_five_a_line_and_at_least_ten() {
    assert_eq!(write_in_rows(0), 0);
    assert_eq!(write_in_rows(1), 10);
    assert_eq!(write_in_rows(2), 10);
    assert_eq!(write_in_rows(3), 15);
}

//! The resolutions record checked from outside: every motion in the order given with its
//! method, counts, base, votes needed and the one result it has — passed, failed, no quorum,
//! not yet voted — the attendance, and the lines to sign.
//!
//! With `RESOLUTIONS_OUT=/tmp/dir` the record is also written there, to look at.

use super::resolutions::{render, Resolutions, FAILED, NOT_VOTED, NO_QUORUM, PASSED, SIGNATURES};
use super::seating_plan_tests::{assembly, meta};
use super::tests::{pages_text, squeeze, write_temp};
use crate::meetings::{MeetingId, MotionKind};
use crate::motions::{Motion, MotionBase, MotionId, VoteMethod};
use crate::settings::MajorityRule;

/// A motion as recorded: counts (yes, no, abstain), base count, needed, passed.
fn motion(
    id: i64,
    title: &str,
    rule: MajorityRule,
    base: MotionBase,
    vote: Option<(VoteMethod, u32, u32, u32, u32, u32, bool)>,
    no_quorum: Option<u32>,
) -> Motion {
    let (method, yes, no, abstain, base_count, needed, passed) = match vote {
        Some((m, y, n, a, b, need, p)) => (
            Some(m),
            Some(y),
            Some(n),
            Some(a),
            Some(b),
            Some(need),
            Some(p),
        ),
        None => (None, None, None, None, no_quorum, None, None),
    };
    Motion {
        id: MotionId(id),
        meeting_id: MeetingId(1),
        agenda_item_id: None,
        title: title.to_string(),
        kind: MotionKind::Report,
        base,
        rule,
        method,
        yes,
        no,
        abstain,
        base_count,
        needed,
        passed,
        no_quorum: no_quorum.is_some(),
        recorded_at: None,
    }
}

fn record() -> Resolutions {
    use MajorityRule::*;
    use MotionBase::*;
    use VoteMethod::*;
    Resolutions {
        meeting: assembly(),
        voting_expected: 392,
        voting_present: 380,
        motions: vec![
            motion(
                1,
                "审议通过《第一届理事会工作报告》",
                MoreThanHalf,
                PresentVoting,
                Some((Ballot, 370, 5, 5, 380, 191, true)),
                None,
            ),
            motion(
                2,
                "审议通过《章程修正案》",
                TwoThirds,
                Entitled,
                Some((ShowOfHands, 250, 100, 30, 392, 262, false)),
                None,
            ),
            motion(
                3,
                "审议财务报告",
                MoreThanHalf,
                PresentVoting,
                None,
                Some(250),
            ),
            motion(4, "审议会费标准", MoreThanHalf, PresentVoting, None, None),
        ],
    }
}

#[test]
fn every_motion_is_recorded_in_order_with_its_one_result() {
    let record = record();
    let (pdf, pages) = render(&record, &meta()).expect("render");
    if let Ok(dir) = std::env::var("RESOLUTIONS_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        std::fs::write(std::path::Path::new(&dir).join("resolutions.pdf"), &pdf)
            .expect("write out");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let text = pages_text(&write_temp(&dir, "resolutions.pdf", &pdf));
    assert_eq!(text.len(), pages);
    let all: String = text.concat();
    assert!(all.contains("校友会第二届会员代表大会第一次会议决议"));
    assert!(all.contains("2026年12月19日09:00·图书馆报告厅"));
    assert!(all.contains("应到有表决权人员392人，实到380人"));
    assert!(all.contains("共审议表决事项4项"));
    // Each motion's row: method, yes, no, abstain, base, needed, result — then the result line.
    let rows = [
        "一、审议通过《第一届理事会工作报告》".to_string()
            + "表决方式赞成反对弃权表决基数表决规则通过所需表决结果"
            + "投票表决370票5票5票实到380人过半数≥191票"
            + PASSED
            + "表决结果："
            + PASSED,
        "二、审议通过《章程修正案》".to_string()
            + "表决方式赞成反对弃权表决基数表决规则通过所需表决结果"
            + "举手表决250票100票30票应到392人三分之二以上≥262票"
            + FAILED
            + "表决结果："
            + FAILED,
        "三、审议财务报告".to_string()
            + "表决方式赞成反对弃权表决基数表决规则通过所需表决结果"
            + "————实到250人过半数—"
            + &squeeze(NO_QUORUM),
        "四、审议会费标准".to_string()
            + "表决方式赞成反对弃权表决基数表决规则通过所需表决结果"
            + "—————过半数—"
            + NOT_VOTED
            + "表决结果："
            + NOT_VOTED,
    ];
    let mut from = 0;
    for row in &rows {
        let at = all[from..]
            .find(row.as_str())
            .unwrap_or_else(|| panic!("{row} in order: {all}"));
        from += at + row.len();
    }
    assert!(all.contains(&squeeze(SIGNATURES)));
    assert!(all.contains("主持人（签字）："));
    assert!(all.contains("记录人（签字）："));
    assert!(all.contains("日期："));
    assert!(text[0].contains(&format!("第1页共{pages}页")));
}

#[test]
fn a_meeting_without_motions_says_so() {
    let mut record = record();
    record.motions.clear();
    let (pdf, _) = render(&record, &meta()).expect("render");
    let dir = tempfile::tempdir().expect("tempdir");
    let all: String = pages_text(&write_temp(&dir, "none.pdf", &pdf)).concat();
    assert!(all.contains("共审议表决事项0项"));
    assert!(all.contains("本次会议未设表决事项。"));
    assert!(all.contains("记录人（签字）："));
}

//! The meeting packet checked from outside, built from data made here (not the demo): page by
//! page with `pdftotext` — the cover, the contents' page numbers, the agenda's times, a
//! report's headings and indented paragraphs with no line starting with closing punctuation,
//! an attached PDF's pages numbered with the rest, the candidate lists, the seating plan and
//! the notes; parts with nothing to show left out; an unreadable attachment named; a cancel.
//!
//! With `PACKET_OUT=/tmp/dir` the packets are also written there, to look at.

use std::sync::atomic::AtomicBool;

use super::engine::{Document, PageSize, TextStyle};
use super::packet::{render, CandidateList, Packet, PacketReport, CANDIDATES, NOTES, SEATING};
use super::seating_plan_tests::{assembly, meta, people, plan_of};
use super::tests::{pages_text, pdftotext, squeeze, word_boxes, write_temp};
use super::DocumentError;
use crate::agenda::{report_blocks, AgendaItem, AgendaItemId, AgendaKind};
use crate::meetings::MeetingId;
use crate::seating::Section;

/// Closing punctuation that must never start a printed line (the engine's kinsoku set).
const NO_LINE_START: &str = "，。、；：？！）》」』】…";

fn item(position: u32, title: &str, start: &str, presenter: Option<&str>) -> AgendaItem {
    AgendaItem {
        id: AgendaItemId(i64::from(position)),
        meeting_id: MeetingId(1),
        position,
        title: title.to_string(),
        kind: AgendaKind::Other,
        presenter: presenter.map(str::to_string),
        starts_at: Some(format!("2026-12-19T{start}:00+08:00")),
        duration_min: Some(15),
        fixed_start: None,
        text_chars: 0,
        attachment_name: None,
    }
}

/// A report's text with headings and long paragraphs full of punctuation, so that some of it
/// falls at a line's end.
fn work_report() -> String {
    let mut text = String::from("# 一、过去五年的主要工作\n");
    for i in 0..6 {
        text.push_str(&format!(
            "第{i}项，校友会坚持服务校友、服务母校、服务社会的宗旨，联络海内外校友，组织各类活动，\
             开展校友返校日、校友讲坛、创新创业大赛等品牌活动（共计{}场），累计参与校友超过一万人次。\
             各地分会、行业分会与学院分会协同推进，形成了“总会—分会—校友”三级联络体系；\
             同时，校友捐赠、校友企业合作等工作取得新进展！\n",
            i * 12 + 5
        ));
    }
    text.push_str("# 二、今后五年的工作建议\n");
    text.push_str("进一步完善组织建设，健全分会管理制度，做好校友信息维护与服务工作。\n");
    text
}

/// A PDF of two pages made by the engine: an attached report as another program might give it.
fn attachment_pdf() -> Vec<u8> {
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "附件");
    doc.paragraph("财务报告附件第一页", TextStyle::new(20.0));
    doc.new_page();
    doc.paragraph("财务报告附件第二页", TextStyle::new(20.0));
    doc.finish().expect("attachment")
}

fn packet() -> Packet {
    let hall = vec![Section {
        name: "报告厅".to_string(),
        rows: 6,
        seats: 14,
    }];
    Packet {
        meeting: assembly(),
        agenda: vec![
            item(1, "宣布大会开幕", "09:00", Some("李主持")),
            item(2, "审议第一届理事会工作报告", "09:15", Some("王会长")),
            item(3, "审议财务报告", "10:00", Some("赵秘书长")),
            item(4, "选举第二届理事会", "10:30", None),
            item(5, "大会闭幕", "11:30", None),
        ],
        reports: vec![
            PacketReport {
                title: "第一届理事会工作报告".to_string(),
                presenter: Some("王会长".to_string()),
                blocks: report_blocks(&work_report()),
                attachment: None,
            },
            PacketReport {
                title: "财务报告".to_string(),
                presenter: None,
                blocks: Vec::new(),
                attachment: Some(("财务报告.pdf".to_string(), attachment_pdf())),
            },
        ],
        elections: vec![
            CandidateList {
                title: "第二届理事会理事".to_string(),
                seats: 5,
                names: ["丁一", "王五", "刘一", "张三", "李四", "欧阳华", "赵六"]
                    .map(String::from)
                    .to_vec(),
            },
            CandidateList {
                title: "监事".to_string(),
                seats: 1,
                names: vec!["周七".to_string()],
            },
        ],
        seating: Some(plan_of(hall, &people(70))),
        notes: Some("# 注意事项\n请提前二十分钟入场。\n会场内请将手机调至静音。".to_string()),
    }
}

fn rendered(packet: &Packet, name: &str) -> (Vec<u8>, usize) {
    let (pdf, pages) =
        render(packet, &meta(), &|_, _| {}, &AtomicBool::new(false)).expect("render");
    if let Ok(dir) = std::env::var("PACKET_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        std::fs::write(std::path::Path::new(&dir).join(name), &pdf).expect("write out");
    }
    (pdf, pages)
}

#[test]
fn the_packet_has_every_part_in_order_numbered_across_attached_pages() {
    let packet = packet();
    let (pdf, pages) = rendered(&packet, "packet.pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(&dir, "packet.pdf", &pdf);
    let text = pages_text(&path);
    assert_eq!(text.len(), pages, "pdftotext sees every page");
    // cover, contents, agenda, report (1+ pages), attachment (2), candidates, seating, notes.
    let report_pages = pages - 8;
    assert!(report_pages >= 1, "{pages} pages");

    // The cover: unnumbered, with the date's weekday.
    let cover = &text[0];
    for part in [
        "申江理工大学校友会",
        "校友会第二届会员代表大会第一次会议",
        "会议手册",
        "2026年12月19日（星期六）",
        "图书馆报告厅",
    ] {
        assert!(cover.contains(part), "cover: {part}");
    }
    assert!(!cover.contains("第1页"));
    // Every other page numbered across the whole packet, attached pages included.
    for (i, page) in text.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("第{}页共{pages}页", i + 1)),
            "page {}: {page}",
            i + 1
        );
    }
    // The contents give each part's first page.
    let report_at = 4;
    let attachment_at = report_at + report_pages;
    let candidates_at = attachment_at + 2;
    for (entry, page) in [
        ("会议议程".to_string(), 3),
        ("第一届理事会工作报告".to_string(), report_at),
        ("财务报告".to_string(), attachment_at),
        (CANDIDATES.to_string(), candidates_at),
        (SEATING.to_string(), candidates_at + 1),
        (NOTES.to_string(), candidates_at + 2),
    ] {
        assert!(
            text[1].contains(&format!("{entry}{page}")),
            "contents: {entry} on {page}: {}",
            text[1]
        );
        assert!(text[page - 1].contains(&entry), "{entry} on page {page}");
    }

    // The agenda: times as their own wall clock, in order.
    let agenda = &text[2];
    let mut from = 0;
    for (time, title) in [
        ("09:00", "1.宣布大会开幕"),
        ("09:15", "2.审议第一届理事会工作报告"),
        ("10:00", "3.审议财务报告"),
        ("11:30", "5.大会闭幕"),
    ] {
        let at = agenda[from..]
            .find(&format!("{time}{title}"))
            .unwrap_or_else(|| panic!("{time} {title} in order: {agenda}"));
        from += at;
    }
    assert!(agenda.contains("2026年12月19日（星期六）09:00图书馆报告厅"));

    // The attached pages as they are.
    assert!(text[attachment_at - 1].contains("财务报告附件第一页"));
    assert!(text[attachment_at].contains("财务报告附件第二页"));

    // Candidates in ballot order, with the stroke-order note where it holds.
    let list = &text[candidates_at - 1];
    assert!(
        list.contains("应选5名，候选人7名（按姓氏笔画为序）"),
        "{list}"
    );
    assert!(list.contains("应选1名，候选人1名"));
    let mut from = 0;
    for name in [
        "丁一",
        "王五",
        "刘一",
        "张三",
        "李四",
        "欧阳华",
        "赵六",
        "周七",
    ] {
        let at = list[from..].find(name).expect("in ballot order");
        from += at + name.len();
    }

    // The seating plan and the notes.
    let plan = packet.seating.as_ref().expect("plan");
    for seat in &plan.seats {
        let name = squeeze(&seat.name);
        assert!(text[candidates_at].contains(&name), "{name}");
    }
    assert!(text[candidates_at + 1].contains("请提前二十分钟入场。"));
    assert!(text[candidates_at + 1].contains("注意事项"));
}

#[test]
fn a_report_wraps_by_the_rules_with_bold_headings_and_indented_paragraphs() {
    let packet = packet();
    let (pdf, pages) = rendered(&packet, "packet-report.pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(&dir, "report.pdf", &pdf);
    let report_pages = pages - 8;
    let raw = pdftotext(
        &path,
        &["-raw", "-f", "4", "-l", &(3 + report_pages).to_string()],
    );
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for line in &lines {
        let first = line.chars().next().expect("a character");
        assert!(
            !NO_LINE_START.contains(first),
            "a line starts with {first}: {line}"
        );
    }
    let all = squeeze(&raw);
    let blocks = report_blocks(&work_report());
    let mut from = 0;
    for block in &blocks {
        let text = match block {
            crate::agenda::ReportBlock::Heading(t) | crate::agenda::ReportBlock::Paragraph(t) => t,
        };
        let at = all[from..]
            .find(&squeeze(text))
            .expect("every block, in order");
        from += at;
    }
    assert!(all.contains("报告人：王会长"));

    // The first line of a paragraph starts two characters (2 × 12 pt) right of the rest.
    let words = word_boxes(&path);
    let left_pt = 20.0 * 72.0 / 25.4;
    let first = words
        .iter()
        .position(|(w, _, _)| w.starts_with("第0项"))
        .expect("the first paragraph");
    assert!(
        (words[first].1 - (left_pt + 24.0)).abs() < 1.5,
        "indented: {:?}",
        words[first]
    );
    assert!(
        (words[first + 1].1 - left_pt).abs() < 1.5,
        "the next line is not: {:?}",
        words[first + 1]
    );
}

#[test]
fn parts_with_nothing_to_show_are_left_out_and_a_bad_attachment_is_named() {
    let mut packet = packet();
    packet.reports.truncate(1);
    packet.elections.clear();
    packet.seating = None;
    packet.notes = None;
    let (pdf, pages) = rendered(&packet, "packet-short.pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let text = pages_text(&write_temp(&dir, "short.pdf", &pdf));
    assert_eq!(text.len(), pages);
    let all: String = text.concat();
    for absent in [CANDIDATES, SEATING, NOTES] {
        assert!(!all.contains(absent), "{absent}");
    }

    packet.reports[0].attachment = Some(("扫描件.pdf".to_string(), b"not a pdf".to_vec()));
    let err = render(&packet, &meta(), &|_, _| {}, &AtomicBool::new(false)).expect_err("not a PDF");
    match &err {
        DocumentError::ImportedPdf { name, .. } => assert_eq!(name, "扫描件.pdf"),
        other => panic!("{other:?}"),
    }
    assert_eq!(crate::DomainError::kind(&err), "invalid_input");
}

#[test]
fn progress_is_reported_and_a_cancel_stops_the_packet() {
    let packet = packet();
    let seen = std::sync::Mutex::new(Vec::new());
    render(
        &packet,
        &meta(),
        &|done, total| seen.lock().expect("lock").push((done, total)),
        &AtomicBool::new(false),
    )
    .expect("render");
    let seen = seen.into_inner().expect("lock");
    let total = seen[0].1;
    assert!(seen.iter().all(|(d, t)| *t == total && *d <= total));
    assert_eq!(seen.last().map(|p| p.0), Some(total));
    let cancelled = render(&packet, &meta(), &|_, _| {}, &AtomicBool::new(true));
    assert!(matches!(cancelled, Err(DocumentError::Cancelled)));
}

/// A one-page PDF of `page` size with `text` at 20 pt.
fn one_page(page: PageSize, text: &str) -> Vec<u8> {
    let mut doc = Document::new(page, text);
    doc.paragraph(text, TextStyle::new(20.0));
    doc.finish().expect("pdf")
}

#[test]
fn a_landscape_page_is_turned_onto_a_portrait_page_and_a_page_rotate_is_honoured() {
    // A portrait page whose /Rotate shows it landscape: seen as landscape, it is turned back
    // and so lands as it was drawn — upright text, as wide as it was.
    let mut rotated =
        lopdf::Document::load_mem(&one_page(PageSize::A4_PORTRAIT, "竖排旋转页")).expect("load");
    let first = *rotated.get_pages().values().next().expect("a page");
    rotated
        .get_dictionary_mut(first)
        .expect("page")
        .set("Rotate", lopdf::Object::Integer(90));
    let mut rotated_bytes = Vec::new();
    rotated.save_to(&mut rotated_bytes).expect("save");

    let mut doc = Document::new(PageSize::A4_PORTRAIT, "t").page_numbers();
    assert_eq!(
        doc.import_pages("横向.pdf", &one_page(PageSize::A4_LANDSCAPE, "横向附件页"))
            .expect("landscape"),
        1
    );
    assert_eq!(
        doc.import_pages("旋转.pdf", &rotated_bytes)
            .expect("rotated"),
        1
    );
    let pdf = doc.finish().expect("pdf");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(&dir, "turned.pdf", &pdf);
    let text = pages_text(&path);
    assert_eq!(text.len(), 2);
    assert!(text[0].contains("横向附件页") && text[0].contains("第1页共2页"));
    assert!(text[1].contains("竖排旋转页") && text[1].contains("第2页共2页"));
    // Turned a quarter, five characters at 20 pt (× 0.92) run down the page: their box is
    // about one character wide; unturned, about five.
    let words = word_boxes(&path);
    let width = |needle: &str| {
        let (_, x0, x1) = words
            .iter()
            .find(|(w, _, _)| w.contains(needle))
            .unwrap_or_else(|| panic!("{needle} in {words:?}"));
        x1 - x0
    };
    assert!(
        width("横向附件页") < 25.0,
        "turned: {}",
        width("横向附件页")
    );
    assert!(
        width("竖排旋转页") > 80.0,
        "as drawn: {}",
        width("竖排旋转页")
    );
}

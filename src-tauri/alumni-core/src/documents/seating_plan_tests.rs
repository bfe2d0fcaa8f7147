//! The seating plan checked from outside: every seated name read back with `pdftotext` in its
//! seat's order, the stage, the section names and the legend's counts; a hall too large for
//! legible names on one page spread over several; 420 seats on one page.
//!
//! With `SEATING_OUT=/tmp/dir` the plans are also written there, to look at.

use super::seating_plan::{render, render_for_packet, EMPTY_SEAT, STAGE, TITLE};
use super::tests::{pages_text, pdftotext, squeeze, write_temp};
use super::{DocumentMeta, Fonts, DEFAULT_LOGO_PNG};
use crate::meetings::{AttendeeId, Category, MeetingKind, MeetingSummary};
use crate::seating::{auto_seat, equal_sections, PlanSeat, SeatingPlan, Section, Sitter};

pub(super) fn meta() -> DocumentMeta {
    DocumentMeta {
        association_name: "申江理工大学校友会".to_string(),
        generated_at_local: "2026年11月25日 14:30".to_string(),
        logo_png: Some(DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    }
}

pub(super) fn assembly() -> MeetingSummary {
    MeetingSummary {
        id: 1,
        title: "校友会第二届会员代表大会第一次会议".to_string(),
        kind: MeetingKind::GeneralAssembly,
        expanded: false,
        starts_at: "2026-12-19T09:00:00+08:00".to_string(),
        venue: Some("图书馆报告厅".to_string()),
        attendees: 420,
        status: crate::meetings::MeetingStatus::Planning,
    }
}

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "欧阳", "司马",
];
const GIVEN: [&str; 20] = [
    "建国", "晓梅", "志强", "海燕", "文博", "静", "子涵", "国栋", "丽娟", "明", "振华", "秀英",
    "伟", "婷婷", "俊杰", "淑芬", "浩然", "雨桐", "立新", "嘉怡",
];

/// `n` people as the demo's assembly has them: 10 guests, then delegates, 14 observers and 4
/// staff at the end, every name different.
pub(super) fn people(n: usize) -> Vec<Sitter> {
    (0..n)
        .map(|i| {
            let (category, group, order) = match i {
                0..=9 => (Category::Guest, "校领导", 0),
                i if i >= n - 4 => (Category::Staff, "会务组", 5),
                i if i >= n - 18 => (Category::Observer, "校友工作人员", 4),
                i if i % 2 == 0 => (Category::Delegate, "分会代表", 2),
                _ => (Category::Delegate, "校友代表", 3),
            };
            // One alumnus from abroad: a Latin name in a narrow seat is turned, not stacked.
            let name = if i == 50 {
                "John Smith".to_string()
            } else {
                format!(
                    "{}{}",
                    SURNAMES[i % SURNAMES.len()],
                    GIVEN[(i / SURNAMES.len()) % GIVEN.len()]
                )
            };
            Sitter {
                attendee: AttendeeId(i as i64 + 1),
                name,
                category,
                group: Some(group.to_string()),
                group_order: order,
                protocol_order: None,
            }
        })
        .collect()
}

/// The plan of `people` seated automatically in `hall`.
pub(super) fn plan_of(hall: Vec<Section>, people: &[Sitter]) -> SeatingPlan {
    let placement = auto_seat(&hall, people);
    let seats = placement
        .seated
        .iter()
        .map(|(id, seat)| {
            let p = people.iter().find(|p| p.attendee == *id).expect("sitter");
            PlanSeat {
                section: seat.section.clone(),
                row: seat.row,
                number: seat.number,
                attendee_id: *id,
                name: p.name.clone(),
                category: p.category,
                group: p.group.clone(),
            }
        })
        .collect();
    SeatingPlan { hall, seats }
}

pub(super) fn four_sections(rows: u32, seats: u32) -> Vec<Section> {
    equal_sections(&["A区", "B区", "C区", "D区"], rows, seats)
}

fn written(pdf: &[u8], name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    if let Ok(dir) = std::env::var("SEATING_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        std::fs::write(std::path::Path::new(&dir).join(name), pdf).expect("write out");
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = write_temp(&dir, name, pdf);
    (dir, path)
}

#[test]
fn four_hundred_and_twenty_seats_fit_one_page_with_every_name_in_seat_order() {
    let people = people(420);
    let plan = plan_of(four_sections(6, 20), &people);
    assert_eq!(plan.seats.len(), 420);
    let (pdf, pages) = render(&plan, &assembly(), &meta()).expect("render");
    assert_eq!(pages, 1);
    let (_dir, path) = written(&pdf, "seating-420.pdf");
    let text = pages_text(&path);
    assert_eq!(text.len(), 1);
    let page = &text[0];
    assert!(page.contains(&format!("校友会第二届会员代表大会第一次会议{TITLE}")));
    assert!(page.contains(STAGE));
    assert!(page.contains("2026年12月19日09:00·图书馆报告厅"), "{page}");
    assert!(page.contains("共480座，已安排420人"));
    for section in ["A区", "B区", "C区", "D区"] {
        assert!(page.contains(section), "{section}");
    }
    assert!(page.contains("特邀嘉宾10人"));
    assert!(page.contains("工作人员4人"));
    assert!(page.contains(&format!("{EMPTY_SEAT}60个")));
    assert!(page.contains("第1页共1页"));
    // Stacked names come back one character a line: read each seat's characters in order.
    let raw = squeeze(&pdftotext(&path, &["-raw"]));
    let mut from = 0;
    for seat in &plan.seats {
        let name = squeeze(&seat.name);
        let at = raw[from..]
            .find(&name)
            .unwrap_or_else(|| panic!("{name} in seat order"));
        from += at + name.len();
    }
}

#[test]
fn a_hall_too_large_for_one_page_goes_on_over_several_and_every_seat_is_drawn_once() {
    // 1,600 seats in four sections 40 wide and 10 deep: names would be too small on one page.
    let people = people(1_500);
    let plan = plan_of(four_sections(10, 40), &people);
    let (pdf, pages) = render(&plan, &assembly(), &meta()).expect("render");
    assert!(pages > 1, "{pages} pages");
    let (_dir, path) = written(&pdf, "seating-1600.pdf");
    let text = pages_text(&path);
    assert_eq!(text.len(), pages);
    let all: String = text.concat();
    for seat in &plan.seats {
        assert!(all.contains(&squeeze(&seat.name)), "{}", seat.name);
    }
    assert!(text[0].contains(&format!("（1/{pages}）")));
    assert!(text[0].contains(STAGE));
    assert!(all.contains("共1600座，已安排1500人"));
}

#[test]
fn the_packet_version_has_no_header_or_page_numbers_of_its_own() {
    let people = people(60);
    let plan = plan_of(
        vec![Section {
            name: "报告厅".to_string(),
            rows: 5,
            seats: 14,
        }],
        &people,
    );
    let pdf = render_for_packet(&plan, &assembly(), &meta()).expect("render");
    let (_dir, path) = written(&pdf, "seating-packet.pdf");
    let text = pages_text(&path);
    assert_eq!(text.len(), 1);
    assert!(!text[0].contains("第1页"));
    assert!(!text[0].contains("申江理工大学校友会"));
    assert!(text[0].contains(STAGE));
    for seat in &plan.seats {
        assert!(text[0].contains(&squeeze(&seat.name)), "{}", seat.name);
    }
}

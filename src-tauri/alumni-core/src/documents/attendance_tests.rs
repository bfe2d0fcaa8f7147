//! The attendance report (出席情况报告) checked from outside: text extracted with `pdftotext`
//! from reports made by hand (counts, both quorum states, stroke order, 500 absentees over
//! many pages) and from a demo register after check-ins at the door (through the desk).
//!
//! With `ATTENDANCE_REPORT_OUT=/tmp/attendance-report.pdf` the desk test also writes its report
//! there, to look at.

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};

use super::attendance::{self, category_label, quorum_state, NO_GROUP, TITLE};
use super::engine::{Bar, Document, PageSize};
use super::tests::{pages_text, squeeze, word_boxes, write_temp};
use super::{DocumentMeta, Fonts};
use crate::checkin::{ArrivalSlice, Attendance, CategoryCount, DoorAttendee, GroupCount, Quorum};
use crate::meetings::{AttendeeId, Category, MeetingId};

const ASSOCIATION: &str = "华东理工科技大学校友总会";

fn meta() -> DocumentMeta {
    DocumentMeta {
        association_name: ASSOCIATION.to_string(),
        generated_at_local: "2026年12月12日 10:05".to_string(),
        logo_png: Some(super::DEFAULT_LOGO_PNG.to_vec()),
        fonts: Fonts::Installed,
    }
}

fn person(id: i64, name: &str, group: Option<&str>, category: Category) -> DoorAttendee {
    DoorAttendee {
        id: AttendeeId(id),
        name: name.to_string(),
        unit: Some(format!("第{id}单位")),
        category,
        group: group.map(str::to_string),
        seat: None,
        voting: category == Category::Delegate,
        phone_masked: Some("138****5678".to_string()),
        walk_in: false,
    }
}

/// A report of `expected` attendees of whom `missing` are absent, all delegates; the quorum
/// two thirds, reached at 09:12 when `reached`.
fn report(expected: u32, missing: Vec<DoorAttendee>, reached: bool) -> Attendance {
    let present = expected - missing.len() as u32;
    let needed = (expected * 2).div_ceil(3);
    let mut by_group: Vec<GroupCount> = Vec::new();
    for who in &missing {
        match by_group.iter_mut().find(|g| g.group == who.group) {
            Some(g) => g.expected += 1,
            None => by_group.push(GroupCount {
                group: who.group.clone(),
                expected: 1,
                present: 0,
                voting_expected: 1,
                voting_present: 0,
            }),
        }
    }
    by_group.push(GroupCount {
        group: Some("校友代表".to_string()),
        expected: present,
        present,
        voting_expected: present,
        voting_present: present,
    });
    let arrivals = (0..8)
        .map(|i| ArrivalSlice {
            from: format!("2026-12-12T08:{:02}:00+08:00", 20 + 5 * i),
            label: format!("08:{:02}", 20 + 5 * i),
            arrived: if i == 7 {
                present - 7 * (present / 8)
            } else {
                present / 8
            },
            present: 0,
        })
        .collect();
    Attendance {
        meeting_id: MeetingId(1),
        title: "第五届会员代表大会第一次会议".to_string(),
        expected,
        present,
        voting_expected: expected,
        voting_present: present,
        quorum: Quorum {
            numerator: 2,
            denominator: 3,
            needed,
            reached,
            reached_at: reached.then(|| "2026-12-12T09:12:30+08:00".to_string()),
        },
        by_category: vec![CategoryCount {
            category: Category::Delegate,
            expected,
            present,
        }],
        by_group,
        arrivals,
        slice_min: 5,
        missing,
        stations: Vec::new(),
        conflicts: Vec::new(),
        as_of: "2026-12-12T10:05:00+08:00".to_string(),
    }
}

fn rendered_pages(report: &Attendance) -> Vec<String> {
    let (bytes, pages) = attendance::render_counted(report, &meta()).expect("report renders");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "attendance.pdf", &bytes);
    let text = pages_text(&pdf);
    assert_eq!(text.len(), pages, "the page count reported is the PDF's");
    text
}

#[test]
fn a_report_prints_the_counts_the_quorum_and_the_absent_in_stroke_order_without_phones() {
    let missing = vec![
        person(1, "王五", Some("分会代表"), Category::Delegate),
        person(2, "李四", Some("分会代表"), Category::Delegate),
        person(3, "丁一", Some("分会代表"), Category::Delegate),
        person(4, "欧阳修文", None, Category::Observer),
    ];
    let not_reached = report(10, missing.clone(), false);
    let pages = rendered_pages(&not_reached);
    let all = pages.concat();
    for needle in [
        TITLE,
        "第五届会员代表大会第一次会议",
        "截至2026年12月12日10:05",
        "应到10人，实到6人，缺席4人，出席率60.0%",
        "有表决权应到10人，实到6人，缺席4人",
        "法定人数：应到有表决权人数的2/3，至少7人",
        "未达到法定人数（尚差1人）",
        "出席代表",
        "缺席人员名单（共4人）",
        "分会代表（缺席3人）",
        "未分组（缺席1人）",
        "欧阳修文",
        "第4单位",
        "每5分钟签到人数",
        "08:20",
        "统计人：",
        "审核人：",
    ] {
        assert!(all.contains(needle), "{needle} is not in: {all}");
    }
    assert!(
        !all.contains("****") && !all.contains("5678"),
        "a phone is printed"
    );
    // 丁 (2 strokes) before 王 (4) before 李 (7), whatever order they were given in.
    let at = |name: &str| all.find(name).unwrap_or_else(|| panic!("{name} missing"));
    assert!(at("丁一") < at("王五") && at("王五") < at("李四"));
    assert_eq!(
        quorum_state(&not_reached).0,
        "未达到法定人数（尚差 1 人）",
        "as printed, with its spaces"
    );

    let reached = report(10, missing[..3].to_vec(), true);
    let all = rendered_pages(&reached).concat();
    assert!(all.contains("已达到法定人数（09:12达到）"), "{all}");
    assert!(
        all.contains("应到10人，实到7人，缺席3人，出席率70.0%"),
        "{all}"
    );
    assert!(!all.contains(NO_GROUP), "no ungrouped absentee, no heading");
}

#[test]
fn five_hundred_absentees_run_over_pages_with_their_header_and_numbers_on_each() {
    let groups = [
        Some("市级领导"),
        Some("分会代表"),
        None,
        Some("校友代表"),
        Some("辅导员"),
    ];
    let surnames = ["王", "李", "张", "刘", "陈", "丁", "欧阳"];
    let missing: Vec<DoorAttendee> = (0..500)
        .map(|i| {
            let name = format!("{}{i}号", surnames[i % surnames.len()]);
            let category = [Category::Delegate, Category::Observer][i % 2];
            person(i as i64 + 1, &name, groups[i % groups.len()], category)
        })
        .collect();
    let pages = rendered_pages(&report(900, missing.clone(), false));
    let total = pages.len();
    assert!(total >= 10, "500 rows on {total} pages");
    assert!(pages[0].contains(&format!("第1页共{total}页")));
    for (i, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("第{}页共{total}页", i + 1)),
            "page {}",
            i + 1
        );
        assert!(page.contains(ASSOCIATION) && page.contains(TITLE));
        let content = page
            .replace(ASSOCIATION, "")
            .replace(TITLE, "")
            .replace(&format!("第{}页共{total}页", i + 1), "")
            .replace(
                &squeeze(&format!("生成于 {}", meta().generated_at_local)),
                "",
            );
        assert!(content.chars().count() > 20, "page {} is empty", i + 1);
    }
    // Every page after the first that lists absentees starts its table with the header row.
    let listing: Vec<&String> = pages.iter().filter(|p| p.contains("号第")).collect();
    assert!(listing.len() >= 9);
    for page in &listing {
        assert!(page.contains("序号姓名单位类别"), "{page}");
    }
    // A delegation's list continued on a new page says whose it is above its header row.
    let continued = pages
        .iter()
        .filter(|p| p.contains("（续）序号姓名单位类别"))
        .count();
    assert!(continued >= 5, "{continued} continued pages");
    assert!(pages.iter().any(|p| p.contains("未分组（续）序号")));
    let all = pages.concat();
    for who in &missing {
        assert_eq!(all.matches(&who.name).count(), 1, "{} once", who.name);
    }
    assert!(all.contains(category_label(Category::Observer)));
    assert!(all.contains("未分组（缺席100人）"));
    let end = pages.last().expect("a last page");
    assert!(end.contains("统计人：") && end.contains("审核人："));
}

#[test]
fn a_column_chart_of_48_slices_thins_its_labels_apart_within_the_margins() {
    let bars: Vec<Bar> = (0..48)
        .map(|i| {
            Bar::count(
                format!("{:02}:{:02}", 7 + i / 12, (i % 12) * 5),
                (i * 7 % 31) as u64,
            )
        })
        .collect();
    let mut doc = Document::new(PageSize::A4_PORTRAIT, "chart").fonts(Fonts::Installed);
    let before = doc.column_chart_height_mm(&bars, 45.0);
    doc.column_chart("各时段签到人数", &bars, 45.0);
    let bytes = doc.finish().expect("chart renders");
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_temp(&dir, "chart.pdf", &bytes);
    assert!(before > 45.0 && before < 80.0, "{before} mm");

    let is_time = |w: &str| w.len() == 5 && w.as_bytes()[2] == b':';
    let mut labels: Vec<(String, f32, f32)> = word_boxes(&pdf)
        .into_iter()
        .filter(|(w, _, _)| is_time(w))
        .collect();
    labels.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(labels.first().map(|l| l.0.as_str()), Some("07:00"));
    assert!(
        labels.len() >= 8 && labels.len() < 48,
        "{} labels",
        labels.len()
    );
    let (left_pt, right_pt) = (20.0 * 72.0 / 25.4, 190.0 * 72.0 / 25.4);
    for pair in labels.windows(2) {
        assert!(
            pair[0].2 <= pair[1].1,
            "{} overlaps {}",
            pair[0].0,
            pair[1].0
        );
    }
    for (word, x_min, x_max) in &labels {
        assert!(
            *x_min >= left_pt - 0.5 && *x_max <= right_pt + 0.5,
            "{word} off the text width"
        );
    }
    // Figures for every column but the empty ones (0, 31, …): none printed as "0".
    let text = squeeze(&super::tests::pdftotext(&pdf, &["-raw"]));
    assert!(text.contains("各时段签到人数") && text.contains("30"));
    let figures: Vec<String> = word_boxes(&pdf)
        .into_iter()
        .map(|(w, _, _)| w)
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(figures.len(), bars.iter().filter(|b| b.value > 0.0).count());
    assert!(!figures.iter().any(|f| f == "0"));
}

/// The most recent 08:20 in the association's zone whose 45 minutes of arrivals are over, if it is recent
/// enough to be taken as a queued scan's time; else 50 minutes ago.
fn arrivals_start(now: DateTime<Utc>) -> DateTime<Utc> {
    let eight_twenty = NaiveTime::from_hms_opt(8, 20, 0).expect("time");
    let zone = crate::timestamps::zone();
    let today = now.with_timezone(&zone).date_naive();
    [today, today - Duration::days(1)]
        .into_iter()
        .filter_map(|day| {
            zone.from_local_datetime(&day.and_time(eight_twenty))
                .single()
        })
        .map(|t| t.with_timezone(&Utc))
        .find(|t| *t + Duration::minutes(45) <= now && *t > now - Duration::hours(23))
        .unwrap_or(now - Duration::minutes(50))
}

#[test]
fn the_desk_renders_a_meetings_attendance_after_check_ins_at_the_door() {
    use crate::checkin::{CheckinRequest, CheckinTarget, Method};
    use crate::demo::{self, DemoOptions};
    use crate::desk::{Desk, Destination};
    use crate::error::ErrorKind;
    use crate::meetings;

    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 7,
        meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    let listed = desk
        .read(|conn| Ok(meetings::list(conn)?))
        .expect("meetings");
    let assembly = listed
        .iter()
        .max_by_key(|m| m.attendees)
        .expect("a meeting");
    let meeting = MeetingId(assembly.id);
    let attendees = desk
        .read(|conn| Ok(meetings::attendees(conn, meeting)?))
        .expect("attendees");
    assert_eq!(attendees.len(), 420);

    // About two thirds come, over 40 minutes, most of them in the middle: every guest, staff
    // member and most observers, and delegates until just past the quorum (262 of 392).
    // A fixed shuffle, so that delegations and credentials arrive mixed.
    let shuffled = |a: &&meetings::AttendeeRow| (a.id.0 * 7919) % 1009;
    let mut delegates: Vec<_> = attendees
        .iter()
        .filter(|a| a.category == Category::Delegate)
        .collect();
    delegates.sort_by_key(shuffled);
    let mut coming: Vec<_> = attendees
        .iter()
        .filter(|a| a.category != Category::Delegate)
        .filter(|a| a.category != Category::Observer || a.id.0 % 7 != 0)
        .chain(delegates.into_iter().take(266))
        .collect();
    coming.sort_by_key(shuffled);
    let start = arrivals_start(Utc::now());
    let n = coming.len();
    for (k, who) in coming.iter().enumerate() {
        // Few at first, a crowd in the middle, stragglers at the end: the k-th arrival's time
        // rises slowest (most arrivals per minute) halfway through.
        let x = (k as f64 + 0.5) / n as f64;
        let tau = std::f64::consts::TAU;
        let time = x + 0.8 * (tau * x).sin() / tau;
        let at = start + Duration::seconds((time * 40.0 * 60.0) as i64);
        desk.check_in(
            CheckinRequest {
                meeting,
                target: CheckinTarget::Code(who.badge_token.as_str().to_owned()),
                station: ["东门 1", "东门 2", "南门"][k % 3].to_string(),
                event_id: format!("report-{k}"),
                method: Method::Scan,
                queued_at: Some(at),
            },
            false,
        )
        .expect("checked in");
    }

    let out = dir.path().join("report.pdf");
    let done = desk
        .render_attendance(meeting, &Destination::File(out.clone()))
        .expect("rendered");
    assert_eq!(done.document, "attendance");
    assert!(done.file_name.ends_with(".pdf"));
    let counts = desk.attendance(meeting).expect("attendance");
    assert_eq!(counts.present as usize, n);
    assert!(counts.quorum.reached, "{:?}", counts.quorum);

    let pages = pages_text(&out);
    assert_eq!(done.pages, Some(pages.len()));
    let all = pages.concat();
    let absent = counts.expected - counts.present;
    for needle in [
        format!(
            "应到{}人，实到{}人，缺席{absent}人",
            counts.expected, counts.present
        ),
        format!(
            "有表决权应到{}人，实到{}人",
            counts.voting_expected, counts.voting_present
        ),
        format!("至少{}人", counts.quorum.needed),
        squeeze(&quorum_state(&counts).0),
        squeeze(&assembly.title),
        "缺席人员名单".to_string(),
        squeeze(&counts.missing[0].name),
        squeeze(&counts.missing[counts.missing.len() - 1].name),
        format!("第1页共{}页", pages.len()),
    ] {
        assert!(all.contains(&needle), "{needle} is not in the report");
    }
    assert!(all.contains("已达到法定人数（"));

    let folder = dir.path().join("documents");
    let named = desk
        .render_attendance(meeting, &Destination::Folder(folder.clone()))
        .expect("rendered into a folder");
    assert!(named
        .file_name
        .starts_with(&format!("出席情况报告-{}-", assembly.title)));
    assert!(folder.join(&named.file_name).exists());

    let err = desk
        .render_attendance(
            MeetingId(9999),
            &Destination::File(dir.path().join("x.pdf")),
        )
        .expect_err("no such meeting");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(!dir.path().join("x.pdf").exists());

    if let Ok(path) = std::env::var("ATTENDANCE_REPORT_OUT") {
        std::fs::copy(&out, &path).expect("copy the report out");
    }
}

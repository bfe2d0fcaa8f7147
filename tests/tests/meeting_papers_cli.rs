//! `alumni-desk pdf packet|invitations|resolutions|seating`: a meeting's papers from a copy of
//! the demo database with data added here through the core (a hall and its seating, a report's
//! text and an attached PDF — the demo need not have them), checked as a reader gets them
//! (poppler's `pdftotext` and `pdfinfo`). With `PAPERS_OUT=/tmp/dir` the files are also copied
//! there, to look at.

use std::path::{Path, PathBuf};

use alumni_core::agenda;
use alumni_core::desk::{Desk, Destination};
use alumni_core::meetings::MeetingId;
use alumni_core::seating::equal_sections;
use alumni_desk_tests::{attendees, cli, pages_text, pdfinfo_pages, shared_demo};
use serde_json::Value;

/// A copy of the shared demo (which tests only read) to add a hall and report texts to.
fn demo_copy(dir: &Path) -> PathBuf {
    let copy = dir.join("demo-copy.sqlite3");
    std::fs::copy(shared_demo(), &copy).expect("copy the demo");
    for suffix in ["-wal", "-shm"] {
        let mut from = shared_demo().as_os_str().to_owned();
        from.push(suffix);
        let mut to = copy.as_os_str().to_owned();
        to.push(suffix);
        if Path::new(&from).exists() {
            std::fs::copy(&from, &to).expect("copy the demo's log");
        }
    }
    copy
}

/// `pdf ARGS… -o OUT --json`: the answer, checked against the file written.
fn pdf(db: &Path, args: &[&str], out: &Path) -> Value {
    let mut all = vec!["--json", "pdf"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", out.to_str().expect("utf-8")]);
    let run = cli(db, &all);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    let json = run.json();
    assert_eq!(
        json["bytes"],
        std::fs::metadata(out).expect("written").len(),
        "{args:?}"
    );
    assert_eq!(json["pages"], pdfinfo_pages(out), "{args:?}");
    assert_eq!(json["path"], out.to_str().expect("utf-8"));
    if let Some(dir) = std::env::var_os("PAPERS_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        let name = out.file_name().expect("a file name");
        std::fs::copy(out, Path::new(&dir).join(name)).expect("copy out");
    }
    json
}

/// A work report as the office would paste it: numbered headings and paragraphs.
const REPORT: &str = "# 一、五年工作回顾
校友会坚持服务校友、服务母校、服务社会。五年来，校友会以“联络校友、凝聚力量、服务发展”为工作主线，新建地方、行业和海外分会十一个，举办校友返校日、校友讲坛和创新创业大赛等活动一百二十余场，参与校友逾两万人次。
在服务母校方面，校友会协助学校设立奖学金、助学金十六项，促成校企合作项目四十余项；在服务校友方面，建立校友信息库，开展职业发展指导，为毕业五年内的青年校友提供交流平台。
# 二、今后五年的工作建议
（一）完善组织体系。健全总会、分会两级组织，规范分会换届与年度报告制度。
（二）提升服务能力。推进校友信息化建设，做好校友数据的维护与保护，让校友“找得到、联得上、留得住”。";

#[test]
fn the_packet_letters_resolutions_and_seating_plan_print_from_the_demo() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = demo_copy(dir.path());
    let meeting = MeetingId(1);
    let attached = dir.path().join("attached.pdf");
    {
        let desk = Desk::open(&db, None).expect("open");
        let hall = equal_sections(&["A区", "B区", "C区", "D区"], 6, 20);
        desk.set_hall(meeting, &hall).expect("hall");
        assert_eq!(desk.auto_seat(meeting).expect("seated").seated, 420);
        desk.render_attendance(meeting, &Destination::File(attached.clone()))
            .expect("a PDF to attach");
        let bytes = std::fs::read(&attached).expect("read");
        desk.write(|tx, _| {
            let items = agenda::list(tx, meeting)?;
            // The demo's third item is the work report, its fourth the financial report.
            agenda::set_report_text(tx, items[2].id, Some(REPORT))?;
            agenda::set_attachment(tx, items[3].id, Some(("出席情况.pdf", &bytes)))?;
            Ok(())
        })
        .expect("agenda");
    }
    let people = attendees(&db, 1);
    assert_eq!(people.len(), 420);
    let names: Vec<&str> = people
        .iter()
        .map(|a| a["name"].as_str().expect("name"))
        .collect();
    let title = cli(&db, &["--json", "meetings"]).json()[0]["title"]
        .as_str()
        .expect("title")
        .to_string();

    // The packet: numbered throughout, the report, the attached pages, the plan.
    let out = dir.path().join("packet.pdf");
    let json = pdf(&db, &["packet", "--meeting", "1"], &out);
    assert_eq!(json["document"], "packet");
    let text = pages_text(&out);
    let total = text.len();
    assert!(text[0].contains(&title) && text[0].contains("会议手册"));
    for (i, page) in text.iter().enumerate().skip(1) {
        assert!(
            page.contains(&format!("第{}页共{total}页", i + 1)),
            "page {}",
            i + 1
        );
    }
    let all: String = text.concat();
    assert!(all.contains("一、五年工作回顾"));
    assert!(all.contains("校友会坚持服务校友、服务母校、服务社会。"));
    assert!(all.contains("出席情况报告"), "the attached PDF's own text");
    assert!(all.contains("选举候选人名单"));
    assert!(all.contains("座位图"));
    for name in &names {
        assert!(all.contains(name), "{name} on the seating plan");
    }

    // Invitations: one letter per attendee but staff, each with its salutation.
    let out = dir.path().join("invitations.pdf");
    let json = pdf(&db, &["invitations", "--meeting", "1"], &out);
    assert_eq!(json["document"], "invitations");
    let staff = people.iter().filter(|a| a["category"] == "staff").count();
    assert_eq!(json["pages"], 420 - staff);
    let letters = pages_text(&out);
    for person in people.iter().filter(|a| a["category"] != "staff") {
        let name = person["name"].as_str().expect("name");
        let seat = person["seat"].as_str().expect("seated");
        assert!(
            letters
                .iter()
                .any(|l| l.contains(&format!("尊敬的{name}")) && l.contains(&seat.replace(' ', ""))),
            "{name}'s letter with {seat}"
        );
    }

    // The resolutions: every motion of the meeting, none voted on yet in the demo.
    let out = dir.path().join("resolutions.pdf");
    let json = pdf(&db, &["resolutions", "--meeting", "1"], &out);
    assert_eq!(json["document"], "resolutions");
    let record: String = pages_text(&out).concat();
    assert!(record.contains(&format!("{title}决议")));
    assert!(record.contains("主持人（签字）：") && record.contains("记录人（签字）："));
    let motions: Vec<String> = rusqlite::Connection::open(&db)
        .expect("open")
        .prepare("SELECT title FROM motions WHERE meeting_id = 1 ORDER BY id")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("titles");
    for motion in &motions {
        let squeezed: String = motion.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(record.contains(&squeezed), "{motion}");
    }

    // The seating plan: every name once, on one page.
    let out = dir.path().join("seating.pdf");
    let json = pdf(&db, &["seating", "--meeting", "1"], &out);
    assert_eq!(json["document"], "seating");
    assert_eq!(json["pages"], 1);
    let plan = pages_text(&out).concat();
    for name in &names {
        assert!(plan.contains(name), "{name}");
    }
    assert!(plan.contains("主席台"));

    // The afternoon meeting has no hall: a clear refusal, no file.
    let out = dir.path().join("no-hall.pdf");
    let run = cli(
        &db,
        &[
            "--json",
            "pdf",
            "seating",
            "--meeting",
            "2",
            "-o",
            out.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.json()["error"]["kind"], "invalid_input");
    assert!(!out.exists());
}

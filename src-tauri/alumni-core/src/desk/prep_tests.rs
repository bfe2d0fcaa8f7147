//! Meeting preparation through the application layer: a meeting created and copied, its
//! agenda timed and reordered, members invited by term and guests added, a vote refused
//! without a quorum and recorded with one, recorded again by mistake with both in the audit
//! log.

use chrono::NaiveDate;

use super::{CopyForm, Desk};
use crate::agenda::{AgendaItemSetup, AgendaKind};
use crate::checkin::{CheckinRequest, CheckinTarget, Method};
use crate::demo::{self, DemoOptions};
use crate::error::AppError;
use crate::invitations::{GuestForm, InviteOptions};
use crate::meetings::{self, Category, MeetingForm, MeetingId, MeetingKind, MotionKind};
use crate::motions::{MotionSetup, NewVote, VoteCounts, VoteMethod};

fn demo_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 5,
        meeting_date: NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    (dir, desk)
}

fn reason(error: &AppError) -> &str {
    error.params["reason"].as_str().unwrap_or_default()
}

fn form(title: &str) -> MeetingForm {
    MeetingForm {
        title: title.to_owned(),
        kind: MeetingKind::Council,
        expanded: false,
        term: None,
        starts_at: "2030-09-01T09:00:00+08:00".to_owned(),
        ends_at: None,
        venue: Some("行政楼第一会议室".to_owned()),
        notes: None,
        quorum: None,
    }
}

fn item(title: &str, kind: AgendaKind, minutes: u32) -> AgendaItemSetup {
    AgendaItemSetup {
        title: title.to_owned(),
        kind,
        presenter: None,
        duration_min: Some(minutes),
        fixed_start: None,
    }
}

#[test]
fn a_meeting_is_created_timed_and_copied_as_a_template() {
    let (_dir, desk) = demo_desk();
    let bad = desk
        .create_meeting(&MeetingForm {
            starts_at: "2030/09/01 09:00".to_owned(),
            ..form("理事会")
        })
        .expect_err("no offset");
    assert_eq!(reason(&bad), "not_a_time");
    let meeting = desk
        .create_meeting(&form("第二届理事会第二次会议"))
        .expect("create");
    let id = MeetingId(meeting.summary.id);
    // Shown in the association's zone: 09:00 whatever the machine's zone is.
    assert_eq!(meeting.summary.starts_at, "2030-09-01T09:00:00+08:00");
    assert_eq!(meeting.summary.status, meetings::MeetingStatus::Planning);

    let opening = desk
        .add_agenda_item(id, &item("开幕", AgendaKind::Other, 10))
        .expect("item");
    let report = desk
        .add_agenda_item(id, &item("工作报告", AgendaKind::Report, 40))
        .expect("item");
    let closing = desk
        .add_agenda_item(id, &item("闭幕", AgendaKind::Other, 5))
        .expect("item");
    let agenda = desk.agenda(id).expect("agenda");
    let starts: Vec<_> = agenda
        .iter()
        .map(|i| i.starts_at.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        starts,
        [
            "2030-09-01T09:00:00+08:00",
            "2030-09-01T09:10:00+08:00",
            "2030-09-01T09:50:00+08:00"
        ]
    );
    desk.set_report_text(report.id, "一、过去一年\n五年来，校友会……。\n")
        .expect("text");
    let reordered = desk
        .reorder_agenda(id, &[report.id, opening.id, closing.id])
        .expect("reorder");
    assert_eq!(reordered[0].title, "工作报告");
    assert_eq!(
        reordered[1].starts_at.as_deref(),
        Some("2030-09-01T09:40:00+08:00")
    );
    let wrong = desk
        .reorder_agenda(id, &[report.id, opening.id])
        .expect_err("one missing");
    assert_eq!(reason(&wrong), "not_the_agenda");
    desk.create_motion(
        id,
        &MotionSetup {
            title: "审议工作报告".to_owned(),
            kind: MotionKind::Report,
            agenda_item: Some(report.id.0),
            base: None,
            rule: None,
        },
    )
    .expect("motion");

    let copy = desk
        .copy_meeting(
            id,
            &CopyForm {
                title: "第二届理事会第三次会议".to_owned(),
                starts_at: "2031-03-01T14:30:00+08:00".to_owned(),
            },
        )
        .expect("copy");
    let copied = MeetingId(copy.summary.id);
    let agenda = desk.agenda(copied).expect("agenda");
    assert_eq!(agenda.len(), 3);
    assert_eq!(
        agenda[0].starts_at.as_deref(),
        Some("2031-03-01T14:30:00+08:00")
    );
    assert!(agenda[0].text_chars > 0, "the report's text came along");
    let motions = desk.motions(copied).expect("motions");
    assert_eq!(motions.len(), 1);
    assert_eq!(motions[0].agenda_item_id, Some(agenda[0].id.0));
    assert_eq!(motions[0].yes, None);
    assert_eq!(desk.meeting(copied).expect("detail").summary.attendees, 0);
}

#[test]
fn invited_members_vote_on_a_report_only_with_a_quorum() {
    let (_dir, desk) = demo_desk();
    let meeting = desk.create_meeting(&form("理事会")).expect("create");
    let id = MeetingId(meeting.summary.id);
    let term = desk
        .read(|conn| Ok(crate::council::list_terms(conn)?))
        .expect("terms")
        .iter()
        .find(|t| t.number == 1)
        .expect("the first council")
        .id;
    let options = InviteOptions {
        category: None,
        group: None,
    };
    let first = desk.invite_term(id, term, &options).expect("invite");
    assert!(first.added > 50, "the first council: {first:?}");
    let again = desk.invite_term(id, term, &options).expect("again");
    assert_eq!((again.added, again.already), (0, first.added));
    assert_eq!(again.already_invited[0].category, Category::Delegate);
    for name in ["张局长", "李处长"] {
        desk.add_guest(
            id,
            &GuestForm {
                name: name.to_owned(),
                unit: Some("市教委".to_owned()),
                job_title: None,
                category: None,
                group: Some("上级领导".to_owned()),
                protocol_order: None,
            },
        )
        .expect("guest");
    }
    let attendees = desk
        .read(|conn| Ok(meetings::attendees(conn, id)?))
        .expect("list");
    assert_eq!(attendees.len() as u32, first.added + 2);
    let voters: Vec<_> = attendees.iter().filter(|a| a.voting).collect();
    assert_eq!(voters.len() as u32, first.added, "guests do not vote");

    let report = desk
        .add_agenda_item(id, &item("工作报告", AgendaKind::Report, 30))
        .expect("item");
    let motion = desk
        .create_motion(
            id,
            &MotionSetup {
                title: "审议工作报告".to_owned(),
                kind: MotionKind::Report,
                agenda_item: Some(report.id.0),
                base: None,
                rule: None,
            },
        )
        .expect("motion");
    let vote = |yes, no, abstain| NewVote {
        method: VoteMethod::ShowOfHands,
        counts: VoteCounts { yes, no, abstain },
    };
    let refused = desk
        .record_vote(motion.id, vote(1, 0, 0))
        .expect_err("nobody here");
    assert_eq!(reason(&refused), "no_quorum");
    assert_eq!(
        desk.motions(id).expect("motions")[0].yes,
        None,
        "nothing recorded"
    );
    let lacked = desk.record_no_quorum(motion.id).expect("chair records it");
    assert!(lacked.no_quorum);
    assert_eq!(lacked.passed, None);

    // Everyone who votes checks in.
    for (i, a) in voters.iter().enumerate() {
        desk.check_in(
            CheckinRequest {
                meeting: id,
                target: CheckinTarget::Attendee(a.id),
                station: "door-1".to_owned(),
                event_id: format!("e{i}"),
                method: Method::Search,
                queued_at: None,
            },
            false,
        )
        .expect("check in");
    }
    let present = voters.len() as u32;
    let too_many = desk
        .record_vote(motion.id, vote(present, 1, 0))
        .expect_err("more votes than voters");
    assert_eq!(reason(&too_many), "above_present");
    let recorded = desk
        .record_vote(motion.id, vote(present / 2, present / 2, 0))
        .expect("vote");
    assert_eq!(recorded.passed, Some(false), "half is not more than half");
    assert!(!recorded.no_quorum);
    let again = desk
        .record_vote(motion.id, vote(present - 1, 1, 0))
        .expect("recorded again");
    assert_eq!(again.passed, Some(true));
    assert_eq!(again.base_count, Some(present));
    assert_eq!(again.needed, Some(present / 2 + 1));
    let log = desk
        .read(|conn| {
            Ok(crate::audit::recent(
                conn,
                &crate::audit::Filter {
                    entity: Some("motion".to_owned()),
                    entity_id: Some(motion.id.0),
                    ..Default::default()
                },
            )?)
        })
        .expect("audit");
    let votes = log.iter().filter(|e| e.action == "record_vote").count();
    assert_eq!(votes, 2, "both votes are in the audit log");
}

#[test]
fn a_guest_list_from_a_real_xlsx_is_imported_with_row_numbered_errors() {
    use rust_xlsxwriter::{Format, Workbook};
    let (dir, desk) = demo_desk();
    let meeting = desk.create_meeting(&form("理事会")).expect("create");
    let id = MeetingId(meeting.summary.id);
    // A guest who is also an alumnus on record: invited as that member, never twice.
    let (alumnus, phone): (String, String) = desk
        .read(|conn| {
            Ok(conn.query_row(
                "SELECT name, phone FROM members WHERE phone LIKE '1%' ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("a member with a phone");
    let phone_number: f64 = phone.parse().expect("digits");

    let path = dir.path().join("特邀嘉宾名单.xlsx");
    let mut workbook = Workbook::new();
    let plain = Format::new();
    let sheet = workbook.add_worksheet();
    // Row 1: a title merged across the table, as offices make them.
    sheet
        .merge_range(0, 0, 0, 4, "第二届会员代表大会特邀嘉宾名单", &plain)
        .expect("title");
    for (c, h) in ["序号", "姓名", "单位", "职务", "手机"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    /// Name, unit, title, and the phone as a number or as text.
    type GuestRow<'a> = (&'a str, &'a str, &'a str, Option<f64>, Option<&'a str>);
    let rows: [GuestRow; 5] = [
        (
            "王建国",
            "市教育委员会",
            "副主任",
            Some(13_911_112_222.0),
            None,
        ), // a phone as a number
        ("赵丽", "申江理工大学", "校长", Some(13_922_223_333.0), None),
        ("", "某单位", "", None, None), // no name: row 5
        ("周明", "某区人民政府", "区长", None, Some("139-1111-333")), // not a phone: row 6
        (alumnus.as_str(), "", "", Some(phone_number), None), // on record: a member
    ];
    for (i, (name, unit, title, number, text)) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        sheet.write_number(r, 0, (i + 1) as f64).expect("no");
        if !name.is_empty() {
            sheet.write_string(r, 1, *name).expect("name");
        }
        sheet.write_string(r, 2, *unit).expect("unit");
        sheet.write_string(r, 3, *title).expect("title");
        if let Some(n) = number {
            sheet.write_number(r, 4, *n).expect("phone");
        }
        if let Some(t) = text {
            sheet.write_string(r, 4, *t).expect("phone");
        }
    }
    workbook.save(&path).expect("save");

    let options = InviteOptions {
        category: None,
        group: Some("特邀嘉宾".to_owned()),
    };
    let report = desk.import_guests(id, &path, &options).expect("import");
    assert_eq!(report.added, 3, "{report:?}");
    let rows: Vec<u32> = report.rejected.iter().map(|r| r.row).collect();
    assert_eq!(rows, [5, 6], "{report:?}");
    assert!(report.rejected[1].reason.contains("手机"), "{report:?}");
    let list = desk.meeting_attendees(id).expect("list");
    let guest = list.iter().find(|a| a.row.name == "王建国").expect("guest");
    assert_eq!(guest.row.unit.as_deref(), Some("市教育委员会"));
    assert_eq!(guest.extras.job_title.as_deref(), Some("副主任"));
    assert_eq!(guest.row.category, Category::Guest);
    assert!(!guest.row.voting);
    assert_eq!(guest.extras.member_id, None);
    let member = list
        .iter()
        .find(|a| a.row.name == alumnus)
        .expect("alumnus");
    assert!(
        member.extras.member_id.is_some(),
        "matched to the register by phone"
    );
    // The same file again adds nobody: the member and the guests (same name and unit) are
    // on the list already, and the refused rows are refused again.
    let again = desk.import_guests(id, &path, &options).expect("again");
    assert_eq!(
        (again.added, again.already, again.rejected.len()),
        (0, 3, 2)
    );
    // By hand too: the same guest is refused with who and where.
    let twice = desk
        .add_guest(
            id,
            &GuestForm {
                name: "王建国".to_owned(),
                unit: Some("市教育委员会".to_owned()),
                job_title: None,
                category: None,
                group: None,
                protocol_order: None,
            },
        )
        .expect_err("on the list");
    assert_eq!(reason(&twice), "already_on_list");
    assert_eq!(twice.params["group"], "特邀嘉宾");
}

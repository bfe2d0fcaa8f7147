//! A meeting's papers through the application layer, on the demo register with data added
//! here (a hall, a report's text and an attached PDF — the demo may have none): the packet,
//! the resolutions and the seating plan written to files, and `document_runs` recording the
//! packet, invitations, badges, sign-in sheet and ballots, nothing else and nothing cancelled.

use chrono::NaiveDate;

use super::{Desk, Destination, MeetingPaper, RenderRequest};
use crate::agenda;
use crate::demo::{self, DemoOptions};
use crate::documents::meeting::{MeetingDocument, MeetingDocumentOptions};
use crate::elections;
use crate::error::{AppError, ErrorKind};
use crate::jobs::Job;
use crate::meetings::{AttendeeId, MeetingId};
use crate::seating::equal_sections;

fn demo_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 12,
        meeting_date: NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    (dir, desk)
}

fn job(desk: &Desk, id: &str) -> Job {
    desk.jobs().start(id, None).expect("job")
}

fn paper(
    desk: &Desk,
    meeting: MeetingId,
    paper: MeetingPaper,
    dest: &Destination,
) -> Result<super::RenderedFile, AppError> {
    let job = job(desk, paper.as_str());
    let outcome = desk.render_meeting_paper(meeting, paper, dest, &job);
    job.end(outcome)
}

fn documents_run(desk: &Desk, meeting: MeetingId) -> Vec<(String, Option<i64>)> {
    desk.document_runs(meeting)
        .expect("runs")
        .into_iter()
        .map(|r| (r.document, r.election_id))
        .collect()
}

#[test]
fn the_papers_are_written_and_what_was_printed_is_recorded() {
    let (dir, desk) = demo_desk();
    let meeting = MeetingId(1);
    let out = Destination::Folder(dir.path().join("out"));

    // Without a hall there is no seating plan to print (the demo's afternoon meeting has none;
    // the assembly's hall is set again below).
    let err = paper(&desk, MeetingId(2), MeetingPaper::SeatingPlan, &out).expect_err("no hall");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(err.params["field"], "hall");

    let hall = equal_sections(&["A区", "B区", "C区", "D区"], 6, 20);
    desk.set_hall(meeting, &hall).expect("hall");
    let seated = desk.auto_seat(meeting).expect("seated");
    assert_eq!(seated.seated, 420);
    assert!(seated.unseated.is_empty());

    // A report's text and an attached PDF on the agenda's first two items.
    let attached = desk
        .render_attendance(meeting, &Destination::File(dir.path().join("attached.pdf")))
        .expect("a PDF to attach");
    let bytes = std::fs::read(&attached.path).expect("read");
    desk.write(|tx, _| {
        let items = agenda::list(tx, meeting)?;
        agenda::set_report_text(
            tx,
            items[0].id,
            Some("# 一、工作回顾\n校友会联络海内外校友，服务母校发展。"),
        )?;
        agenda::set_attachment(tx, items[1].id, Some(("出席情况.pdf", &bytes)))?;
        Ok(())
    })
    .expect("agenda texts");

    let packet = paper(&desk, meeting, MeetingPaper::Packet, &out).expect("packet");
    assert_eq!(packet.document, "packet");
    assert!(
        packet.file_name.starts_with("会议手册-"),
        "{}",
        packet.file_name
    );
    let pages = packet.pages.expect("pages");
    assert!(pages >= 6 + attached.pages.expect("pages"), "{pages} pages");
    assert_eq!(
        packet.bytes,
        std::fs::metadata(&packet.path).expect("written").len()
    );

    let record = paper(&desk, meeting, MeetingPaper::Resolutions, &out).expect("record");
    assert!(record.file_name.starts_with("决议-"));
    let plan = paper(&desk, meeting, MeetingPaper::SeatingPlan, &out).expect("plan");
    assert!(plan.file_name.starts_with("座位图-"));
    assert_eq!(plan.pages, Some(1));

    for (document, attendees) in [
        (
            MeetingDocument::Invitations,
            Some(vec![AttendeeId(1), AttendeeId(2)]),
        ),
        (MeetingDocument::Badges, Some(vec![AttendeeId(3)])),
        (MeetingDocument::SignIn, None),
        (MeetingDocument::TableCards, Some(vec![AttendeeId(3)])),
    ] {
        let job = job(&desk, document.as_str());
        let request = RenderRequest {
            meeting,
            document,
            options: MeetingDocumentOptions {
                attendees,
                ..MeetingDocumentOptions::default()
            },
        };
        let outcome = desk.render_meeting_document(&request, &out, &job);
        job.end(outcome).expect("rendered");
    }
    let council = desk
        .read(|conn| Ok(elections::list(conn, meeting)?))
        .expect("elections")[0]
        .id;
    let job = job(&desk, "ballots");
    let outcome = desk.render_ballot_papers(council, Some(2), &out, &job);
    job.end(outcome).expect("ballots");

    // A cancelled packet writes nothing and is not recorded.
    let cancelled = desk.jobs().start("packet-cancelled", None).expect("job");
    desk.jobs().cancel("packet-cancelled").expect("cancel");
    let outcome = desk.render_meeting_paper(
        meeting,
        MeetingPaper::Packet,
        &Destination::File(dir.path().join("cancelled.pdf")),
        &cancelled,
    );
    assert_eq!(
        cancelled.end(outcome).expect_err("cancelled").kind,
        ErrorKind::Cancelled
    );
    assert!(!dir.path().join("cancelled.pdf").exists());

    assert_eq!(
        documents_run(&desk, meeting),
        [
            ("packet".to_string(), None),
            ("invitations".to_string(), None),
            ("badges".to_string(), None),
            ("sign_in".to_string(), None),
            ("ballots".to_string(), Some(council.0)),
        ]
    );
    let runs = desk.document_runs(meeting).expect("runs");
    assert_eq!(runs[0].pages, Some(pages as u32));
    assert_eq!(runs[1].pages, Some(2), "two letters");
    assert_eq!(runs[0].staff_id, Some(desk.actor().id.0));
    assert!(desk.document_runs(MeetingId(99)).is_err());
}

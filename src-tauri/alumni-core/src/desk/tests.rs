//! The application layer on real SQLite files: long jobs never block reads, a cancel writes
//! nothing, and the use cases leave the audit entries every door relies on.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use chrono::NaiveDate;

use super::{Desk, Destination, RenderRequest};
use crate::audit::{self, Filter};
use crate::demo::{self, DemoOptions};
use crate::documents::meeting::{MeetingDocument, MeetingDocumentOptions};
use crate::error::ErrorKind;
use crate::jobs::{Phase, Progress, ProgressSink};
use crate::meetings::{self, MeetingId};
use crate::members::search::{self, SearchQuery};
use crate::overview;
use crate::staff::{self, Role};

/// A demo register in a temporary folder.
fn demo_desk() -> (tempfile::TempDir, Desk) {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("register.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 7,
        meeting_date: NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    (dir, desk)
}

/// A progress sink that, at the first report `stop_at` accepts, tells the test and then holds
/// the job right there — mid-flight, holding whatever it holds — until the test lets it go.
fn holding_sink(
    stop_at: impl Fn(&Progress) -> bool + Send + Sync + 'static,
) -> (ProgressSink, Receiver<Progress>, Sender<()>) {
    let (reached_tx, reached) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    let state = Mutex::new(Some((reached_tx, released)));
    let sink: ProgressSink = Arc::new(move |p: &Progress| {
        if !stop_at(p) {
            return;
        }
        let taken = state.lock().expect("lock").take();
        if let Some((reached_tx, released)) = taken {
            reached_tx.send(p.clone()).expect("test listening");
            // Wait for the test, but never forever: a failing test must not hang CI.
            let _ = released.recv_timeout(Duration::from_secs(120));
        }
    });
    (sink, reached, release)
}

/// What the office does while a long job runs: a search and the meeting list.
fn everyday_reads(desk: &Desk) -> (usize, usize) {
    let hits = desk
        .read(|conn| {
            Ok(search::search(
                conn,
                &SearchQuery {
                    text: "王".into(),
                    limit: 20,
                    ..SearchQuery::default()
                },
            )?)
        })
        .expect("search answered");
    let meetings = desk
        .read(|conn| Ok(meetings::list(conn)?))
        .expect("meetings answered");
    (hits.len(), meetings.len())
}

#[test]
fn searches_and_lists_are_answered_while_420_badges_render_and_a_cancel_writes_no_file() {
    let (dir, desk) = demo_desk();
    let desk = Arc::new(desk);
    let (sink, reached, release) = holding_sink(|p| p.phase == Phase::Rendering && p.done >= 100);
    let job = desk.jobs().start("badges-1", Some(sink)).expect("job");
    let dest = dir.path().join("badges.pdf");
    let worker = {
        let desk = desk.clone();
        let dest = dest.clone();
        thread::spawn(move || {
            let request = RenderRequest {
                meeting: MeetingId(1),
                document: MeetingDocument::Badges,
                options: MeetingDocumentOptions::default(),
            };
            let outcome = desk.render_meeting_document(&request, &Destination::File(dest), &job);
            job.end(outcome)
        })
    };
    let at = reached
        .recv_timeout(Duration::from_secs(300))
        .expect("render under way");
    assert_eq!(at.total, 420);

    // The render holds a reader and is stopped mid-way: the office's reads still answer.
    let (hits, meetings) = everyday_reads(&desk);
    assert!(hits > 0);
    assert_eq!(meetings, 2);
    assert_eq!(
        desk.jobs().status("badges-1").map(|s| s.state),
        Some(crate::jobs::JobState::Running),
        "the reads were answered before the render ended"
    );

    desk.jobs().cancel("badges-1").expect("cancel");
    release.send(()).expect("release");
    let err = worker.join().expect("thread").expect_err("cancelled");
    assert_eq!(err.kind, ErrorKind::Cancelled);
    assert!(!dest.exists(), "a cancelled render writes no file");
    assert!(!super::files::partial_path(&dest).exists());
}

fn import_csv(dir: &Path, rows: usize) -> PathBuf {
    let mut text = String::from("姓名,手机,毕业年份,学院\n");
    let given = ["明", "华", "伟", "芳", "静", "磊", "洋", "敏"];
    for i in 0..rows {
        text.push_str(&format!(
            "测{}{},1390{:07},{},机械工程学院\n",
            given[i % given.len()],
            given[(i / given.len()) % given.len()],
            i,
            1990 + (i % 30)
        ));
    }
    let path = dir.join("import.csv");
    std::fs::write(&path, text).expect("csv");
    path
}

#[test]
fn an_import_of_20000_rows_holds_the_writer_yet_reads_answer_and_a_cancel_writes_nothing() {
    let (dir, desk) = demo_desk();
    let desk = Arc::new(desk);
    let file = import_csv(dir.path(), 20_000);
    let members_before = desk
        .read(|conn| Ok(overview::stats(conn)?.members))
        .expect("stats");

    let (sink, reached, release) = holding_sink(|p| p.phase == Phase::Writing && p.done > 0);
    let job = desk.jobs().start("import-1", Some(sink)).expect("job");
    let worker = {
        let desk = desk.clone();
        thread::spawn(move || {
            let outcome = desk.import_file(&file, false, None, &job);
            job.end(outcome)
        })
    };
    let at = reached
        .recv_timeout(Duration::from_secs(600))
        .expect("import writing");
    assert_eq!(at.total, 20_000);

    // The import is inside its write transaction now; reads go on.
    let (hits, meetings) = everyday_reads(&desk);
    assert!(hits > 0);
    assert_eq!(meetings, 2);

    desk.jobs().cancel("import-1").expect("cancel");
    release.send(()).expect("release");
    let err = worker.join().expect("thread").expect_err("cancelled");
    assert_eq!(err.kind, ErrorKind::Cancelled);

    let (members_after, imports) = desk
        .read(|conn| {
            let imports = audit::recent(
                conn,
                &Filter {
                    action: Some("import".into()),
                    ..Filter::default()
                },
            )?;
            Ok((overview::stats(conn)?.members, imports.len()))
        })
        .expect("read");
    assert_eq!(members_after, members_before, "nothing written");
    assert_eq!(imports, 0, "no audit entry for a cancelled import");
}

#[test]
fn backup_and_restore_are_audited_and_restore_is_an_admins() {
    let (dir, desk) = demo_desk();
    let copy = dir.path().join("copy.sqlite3");
    desk.backup_to(&copy).expect("backup");

    let clerk = desk
        .write(|tx, actor| Ok(staff::create(tx, actor.id, "王芳", Role::Staff)?))
        .expect("clerk");
    let admin = desk.actor();
    desk.set_actor(clerk);
    let refused = desk
        .restore_from(&copy, &dir.path().join("safety.sqlite3"))
        .expect_err("staff may not restore");
    assert_eq!(refused.kind, ErrorKind::Forbidden);
    desk.set_actor(admin);

    let safety = dir.path().join("before").join("safety.sqlite3");
    let done = desk.restore_from(&copy, &safety).expect("restore");
    assert!(done.safety_copy.exists());
    let actions: Vec<String> = desk
        .read(|conn| Ok(audit::recent(conn, &Filter::default())?))
        .expect("audit")
        .into_iter()
        .filter(|e| e.entity == "database")
        .map(|e| e.action)
        .collect();
    // The restored copy was taken before its own backup entry was written: only the restore's
    // entry and none of the replaced database's are in the log now.
    assert_eq!(actions, vec!["restore".to_owned()]);
}

#[test]
fn a_missing_register_is_not_created_by_reading_and_says_how_to_create_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("none.sqlite3");
    let err = Desk::open_existing(&path, None, None)
        .err()
        .expect("refused");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("init"), "{}", err.message);
    assert!(!path.exists());
    let (_desk, done) = Desk::init(&path, None).expect("init");
    assert!(done.created);
    let (_desk, again) = Desk::init(&path, None).expect("init again");
    assert!(!again.created);
}

#[test]
fn an_export_reads_without_the_write_lock_and_is_audited_once_written() {
    let (dir, desk) = demo_desk();
    let desk = Arc::new(desk);
    // Hold the writer from another thread: the export's rows and file need no write lock.
    let (hold_tx, hold_rx) = mpsc::channel::<()>();
    let (held_tx, held_rx) = mpsc::channel::<()>();
    let holder = {
        let desk = desk.clone();
        thread::spawn(move || {
            desk.write(|_, _| {
                held_tx.send(()).expect("test");
                let _ = hold_rx.recv_timeout(Duration::from_secs(120));
                Ok(())
            })
        })
    };
    held_rx.recv().expect("writer held");
    let dest = dir.path().join("register.csv");
    let (sink, reached, release) = holding_sink(|p| p.phase == Phase::Exporting && p.done > 0);
    let job = desk.jobs().start("export-1", Some(sink)).expect("job");
    let worker = {
        let desk = desk.clone();
        let dest = dest.clone();
        thread::spawn(move || {
            let request = crate::members::export::ExportRequest {
                member_ids: None,
                columns: vec![crate::members::export::Column::Name],
                unmasked: false,
            };
            let outcome = desk.export_members(&request, &dest, &job);
            job.end(outcome)
        })
    };
    reached
        .recv_timeout(Duration::from_secs(120))
        .expect("export writing its file while the writer is held");
    release.send(()).expect("release");
    hold_tx.send(()).expect("let the writer go");
    holder.join().expect("thread").expect("write");
    let done = worker.join().expect("thread").expect("export");
    assert_eq!(done.rows, u64::from(demo::MIN_MEMBERS));
    let exports = desk
        .read(|conn| {
            Ok(audit::recent(
                conn,
                &Filter {
                    action: Some("export".into()),
                    ..Filter::default()
                },
            )?)
        })
        .expect("audit");
    assert_eq!(exports.len(), 1);
}

/// The demo's General Assembly: (meeting, badge tokens of its attendees).
fn assembly(desk: &Desk) -> (MeetingId, Vec<String>) {
    let meeting = MeetingId(
        desk.read(|conn| Ok(meetings::list(conn)?))
            .expect("meetings")
            .iter()
            .max_by_key(|m| m.attendees)
            .expect("a meeting")
            .id,
    );
    let tokens = desk
        .read(|conn| Ok(meetings::attendees(conn, meeting)?))
        .expect("attendees")
        .into_iter()
        .map(|a| a.badge_token.as_str().to_owned())
        .collect();
    (meeting, tokens)
}

#[test]
fn stations_checking_in_at_once_share_commits_and_nobody_is_counted_twice() {
    use crate::checkin::{CheckinRequest, CheckinResult, CheckinTarget, Method};
    let (_dir, desk) = demo_desk();
    let desk = Arc::new(desk);
    let (meeting, tokens) = assembly(&desk);
    let heard = Arc::new(Mutex::new(0usize));
    {
        let heard = heard.clone();
        desk.on_door_event(Box::new(move |event| {
            if event.outcome.result == CheckinResult::CheckedIn {
                *heard.lock().expect("lock") += 1;
            }
            true
        }));
    }
    // Eight stations; every badge is scanned by two of them, and each request is sent twice.
    let stations: Vec<_> = (0..8)
        .map(|s| {
            let (desk, tokens) = (desk.clone(), tokens.clone());
            thread::spawn(move || {
                let mut answers = Vec::new();
                for (i, token) in tokens.iter().enumerate() {
                    if i % 4 != s % 4 {
                        continue;
                    }
                    for _ in 0..2 {
                        let outcome = desk
                            .check_in(
                                CheckinRequest {
                                    meeting,
                                    target: CheckinTarget::Code(token.clone()),
                                    station: format!("门 {s}"),
                                    event_id: format!("s{s}-{i}"),
                                    method: Method::Scan,
                                    queued_at: None,
                                },
                                false,
                            )
                            .expect("answered");
                        answers.push(outcome.result);
                    }
                }
                answers
            })
        })
        .collect();
    let answers: Vec<CheckinResult> = stations
        .into_iter()
        .flat_map(|s| s.join().expect("station"))
        .collect();
    let admitted = answers
        .iter()
        .filter(|r| **r == CheckinResult::CheckedIn)
        .count();
    // Each first request of the station that won, and its retry, answer checked_in.
    assert_eq!(admitted, tokens.len() * 2);
    let attendance = desk.attendance(meeting).expect("attendance");
    assert_eq!(attendance.present as usize, tokens.len());
    let events: i64 = desk
        .read(|conn| Ok(conn.query_row("SELECT count(*) FROM checkin_events", [], |r| r.get(0))?))
        .expect("events");
    assert_eq!(events as usize, tokens.len());
    assert_eq!(*heard.lock().expect("lock"), tokens.len());
}

#[test]
fn long_writes_are_refused_while_a_door_is_open_and_allowed_after() {
    let (dir, desk) = demo_desk();
    let (meeting, _) = assembly(&desk);
    let door = desk.open_door(meeting, "server").expect("open");
    let csv = import_csv(dir.path(), 10);
    let job = desk.jobs().start("import", None).expect("job");
    let refused = desk.import_file(&csv, false, None, &job);
    let err = job
        .end(refused)
        .expect_err("refused while the door is open");
    assert_eq!(err.kind, ErrorKind::DoorOpen);
    assert!(err.message.contains("会员代表大会"), "{}", err.message);
    let err = desk
        .restore_from(&dir.path().join("none.sqlite3"), &dir.path().join("safety"))
        .expect_err("restore refused");
    assert_eq!(err.kind, ErrorKind::DoorOpen);
    // A dry run writes nothing and is allowed.
    let job = desk.jobs().start("import", None).expect("job");
    let dry = desk.import_file(&csv, true, None, &job);
    job.end(dry).expect("dry run");
    desk.close_door(door).expect("close");
    let job = desk.jobs().start("import", None).expect("job");
    let done = desk.import_file(&csv, false, None, &job);
    assert_eq!(job.end(done).expect("import after").inserted, 10);
}

#[test]
fn election_documents_are_rendered_from_the_election_result() {
    use super::ElectionDocument;
    use crate::documents::election_results;
    use crate::elections;

    let (dir, desk) = demo_desk();
    let election = desk
        .read(|conn| {
            let mut found = None;
            for m in meetings::list(conn)? {
                let listed = elections::list(conn, MeetingId(m.id))?;
                if let Some(e) = listed.into_iter().next() {
                    found = Some(e);
                    break;
                }
            }
            Ok(found)
        })
        .expect("read")
        .expect("the demo holds an election");
    let names: Vec<String> = desk
        .read(|conn| Ok(elections::candidate_names(conn, election.id)?))
        .expect("candidates")
        .into_iter()
        .map(|(_, n)| n)
        .collect();
    // Five ballots agreeing with the first `seats` candidates and no other.
    let mut file = format!("ballot,{}\n", names.join(","));
    for b in 1..=5 {
        let cells: Vec<&str> = (0..names.len())
            .map(|i| {
                if i < election.seats as usize {
                    "同意"
                } else {
                    "不同意"
                }
            })
            .collect();
        file.push_str(&format!("{b},{}\n", cells.join(",")));
    }
    desk.issue_ballots(election.id, 5).expect("issue");
    desk.enter_ballots(election.id, file.as_bytes(), 1)
        .expect("enter");
    let result = desk.election_result(election.id).expect("result");

    let out = Destination::Folder(dir.path().join("out"));
    let report = desk
        .render_election_document(election.id, ElectionDocument::Results, &out)
        .expect("report");
    let title = election.title.trim();
    assert_eq!(
        report.file_name,
        format!("选举结果报告单-{title}-第1轮.pdf")
    );
    assert_eq!(report.document, "results");
    let meta = desk.read(super::documents::document_meta).expect("meta");
    let (_, pages) = election_results::render_report(&result, &meta).expect("render");
    assert_eq!(report.pages, Some(pages), "the same count, the same pages");
    let pdf = std::fs::read(&report.path).expect("written");
    assert!(pdf.starts_with(b"%PDF"));

    let notice = desk
        .render_election_document(election.id, ElectionDocument::Announcement, &out)
        .expect("announcement");
    assert_eq!(notice.file_name, format!("当选名单-{title}.pdf"));
    assert_eq!(notice.document, "announcement");
    assert!(notice.pages.is_some_and(|p| p >= 1));
    assert_eq!(
        ElectionDocument::parse("announcement"),
        Some(ElectionDocument::Announcement)
    );
    assert_eq!(
        ElectionDocument::parse("results"),
        Some(ElectionDocument::Results)
    );
    assert_eq!(
        ElectionDocument::parse("ballots"),
        Some(ElectionDocument::Ballots)
    );
    assert_eq!(
        ElectionDocument::parse("tally"),
        Some(ElectionDocument::TallySheet)
    );
    assert_eq!(ElectionDocument::parse("ballot"), None);
}

#[test]
fn ballot_papers_and_the_tally_sheet_need_no_count_and_print_as_many_as_asked() {
    use super::ElectionDocument;
    use crate::checkin;
    use crate::elections;

    let (dir, desk) = demo_desk();
    // The shortest list (the supervisor's): a sheet per voter is a few hundred sheets.
    let (election, meeting) = desk
        .read(|conn| {
            let mut found = Vec::new();
            for m in meetings::list(conn)? {
                for e in elections::list(conn, MeetingId(m.id))? {
                    found.push((e, MeetingId(m.id)));
                }
            }
            Ok(found.into_iter().min_by_key(|(e, _)| e.candidates))
        })
        .expect("read")
        .expect("the demo holds an election");
    let title = election.title.trim().to_string();
    let out = Destination::Folder(dir.path().join("out"));

    // Before any ballot is issued: the tally sheet, and as many ballots as voting attendees.
    let sheet = desk
        .render_election_document(election.id, ElectionDocument::TallySheet, &out)
        .expect("tally sheet");
    assert_eq!(sheet.file_name, format!("计票单-{title}.pdf"));
    assert_eq!(sheet.document, "tally");
    assert!(sheet.pages.is_some_and(|p| p >= 1));
    let voting = desk
        .read(|conn| Ok(checkin::attendance(conn, meeting, chrono::Utc::now())?.voting_expected))
        .expect("attendance");
    assert!(voting > 0);
    let ballots = desk
        .render_election_document(election.id, ElectionDocument::Ballots, &out)
        .expect("ballots");
    assert_eq!(ballots.file_name, format!("选票-{title}.pdf"));
    assert_eq!(ballots.document, "ballots");
    assert_eq!(ballots.pages, Some(voting as usize), "one sheet per voter");
    assert!(std::fs::read(&ballots.path)
        .expect("written")
        .starts_with(b"%PDF"));

    // Once issued, the default is the ballots issued; an explicit count wins; with progress.
    desk.issue_ballots(election.id, 4).expect("issue");
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = progress.clone();
    let sink: ProgressSink =
        Arc::new(move |p: &Progress| seen.lock().expect("lock").push(p.clone()));
    let job = desk.jobs().start("ballots-1", Some(sink)).expect("job");
    let file = desk.render_ballot_papers(election.id, None, &out, &job);
    let file = job.end(file).expect("issued");
    assert_eq!(file.pages, Some(4));
    let last = progress
        .lock()
        .expect("lock")
        .last()
        .cloned()
        .expect("progress");
    assert_eq!(
        (last.phase, last.done, last.total),
        (Phase::Rendering, 4, 4)
    );
    let job = desk.jobs().start("ballots-2", None).expect("job");
    let file = desk.render_ballot_papers(election.id, Some(2), &out, &job);
    assert_eq!(job.end(file).expect("two").pages, Some(2));

    for bad in [0, super::MAX_BALLOTS + 1] {
        let job = desk.jobs().start("ballots-3", None).expect("job");
        let refused = desk.render_ballot_papers(election.id, Some(bad), &out, &job);
        let err = job.end(refused).expect_err("refused");
        assert_eq!(err.kind, ErrorKind::InvalidInput);
        assert_eq!(err.params["field"], "count");
        assert_eq!(err.params["reason"], "out_of_range");
    }
    let job = desk.jobs().start("ballots-4", None).expect("job");
    desk.jobs().cancel("ballots-4").expect("cancel");
    let stopped = desk.render_ballot_papers(election.id, Some(3), &out, &job);
    assert_eq!(
        job.end(stopped).expect_err("cancelled").kind,
        ErrorKind::Cancelled
    );
    let missing = desk.render_election_document(
        crate::elections::ElectionId(9999),
        ElectionDocument::TallySheet,
        &out,
    );
    assert_eq!(
        missing.expect_err("no such election").kind,
        ErrorKind::NotFound
    );
}

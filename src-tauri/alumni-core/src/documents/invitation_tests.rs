//! Invitation letters checked from outside: one page a letter in print order, the salutation
//! with the job title or the name alone (never 先生/女士), the date with its weekday and the
//! meeting's own time, the seat where one is assigned, the badge's QR code decoded from the
//! page, staff left out unless asked for, progress per letter and a cancel.
//!
//! With `INVITATION_OUT=/tmp/dir` the letters are also written there, to look at.

use std::sync::atomic::AtomicBool;
use std::sync::Mutex;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::invitation::{body, time_phrase, BRING_LINE, CLOSING};
use super::meeting::{
    date_with_weekday, render, MeetingDocument, MeetingDocumentError, MeetingDocumentOptions,
    Progress, Rendered,
};
use super::seating_plan_tests::meta;
use super::tests::{decode_qr_codes, pages_text, render_grey, write_temp};
use crate::checkin::BadgeToken;
use crate::meetings::{
    self, AttendeeId, Category, MeetingId, MeetingKind, NewAttendee, NewMeeting,
};
use crate::storage::{self, Connection};

/// (name, job title, category, group, group order, seat)
type Person = (
    &'static str,
    Option<&'static str>,
    Category,
    &'static str,
    u32,
    Option<&'static str>,
);

const PEOPLE: [Person; 5] = [
    ("赵六", None, Category::Staff, "会务组", 9, None),
    (
        "王芳",
        None,
        Category::Delegate,
        "校友代表",
        2,
        Some("A区 2排 5座"),
    ),
    (
        "张建国",
        Some("校长"),
        Category::Guest,
        "校领导",
        0,
        Some("A区 1排 1座"),
    ),
    (
        "John Smith",
        Some("Honorary Fellow"),
        Category::Guest,
        "校领导",
        0,
        None,
    ),
    ("丁一", None, Category::Delegate, "校友代表", 2, None),
];

fn meeting() -> (Connection, MeetingId) {
    let mut conn = storage::open_in_memory().expect("db");
    let tx = conn.transaction().expect("tx");
    let meeting = meetings::insert(
        &tx,
        &NewMeeting {
            title: "校友会第二届会员代表大会第一次会议".to_string(),
            kind: MeetingKind::GeneralAssembly,
            expanded: false,
            term: None,
            starts_at: "2026-12-19T01:00:00Z".to_string(),
            ends_at: None,
            venue: Some("图书馆报告厅".to_string()),
        },
    )
    .expect("meeting");
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for (name, title, category, group, order, seat) in PEOPLE {
        meetings::add_attendee(
            &tx,
            meeting,
            &NewAttendee {
                member: None,
                name: name.to_string(),
                unit: Some("申江理工大学".to_string()),
                job_title: title.map(str::to_string),
                category,
                group: Some(group.to_string()),
                group_order: order,
                protocol_order: None,
                voting: category.votes_by_default(),
                seat: seat.map(str::to_string),
                badge_token: BadgeToken::generate(&mut rng),
            },
        )
        .expect("attendee");
    }
    tx.commit().expect("commit");
    (conn, meeting)
}

fn letters(
    conn: &Connection,
    meeting: MeetingId,
    options: &MeetingDocumentOptions,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Rendered, MeetingDocumentError> {
    let rendered = render(
        conn,
        meeting,
        MeetingDocument::Invitations,
        options,
        &meta(),
        progress,
        cancel,
    )?;
    if let Ok(dir) = std::env::var("INVITATION_OUT") {
        std::fs::create_dir_all(&dir).expect("out dir");
        std::fs::write(
            std::path::Path::new(&dir).join("invitations.pdf"),
            &rendered.pdf,
        )
        .expect("write out");
    }
    Ok(rendered)
}

#[test]
fn one_letter_a_page_in_print_order_with_salutation_time_seat_and_qr_code() {
    let (conn, meeting) = meeting();
    let summary = meetings::get(&conn, meeting).expect("meeting");
    let roster = meetings::roster(&conn, meeting).expect("roster");
    let done = Mutex::new(Vec::new());
    let rendered = letters(
        &conn,
        meeting,
        &MeetingDocumentOptions::default(),
        &|p| done.lock().expect("lock").push(p.done),
        &AtomicBool::new(false),
    )
    .expect("letters");
    assert_eq!(
        rendered.file_name,
        "邀请函-校友会第二届会员代表大会第一次会议.pdf"
    );
    // Staff are left out unless asked for: four letters.
    assert_eq!(rendered.pages, 4);
    assert_eq!(
        *done.lock().expect("lock"),
        [0, 1, 2, 3, 4],
        "a step a letter"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = write_temp(&dir, "letters.pdf", &rendered.pdf);
    let text = pages_text(&path);
    assert_eq!(text.len(), 4);
    // Guests first (stroke order: 张 before J…), then delegates (丁 before 王).
    let salutations = [
        "尊敬的张建国校长：",
        "尊敬的JohnSmithHonoraryFellow：",
        "尊敬的丁一：",
        "尊敬的王芳：",
    ];
    let when = format!(
        "兹定于{}{}在图书馆报告厅召开校友会第二届会员代表大会第一次会议",
        date_with_weekday(&summary.starts_at),
        time_phrase(&summary.starts_at)
    );
    for (page, salutation) in text.iter().zip(salutations) {
        assert!(page.contains(salutation), "{salutation}: {page}");
        assert!(page.contains(&when), "{when}: {page}");
        assert!(page.contains(CLOSING));
        assert!(page.contains("邀请函"));
        assert!(page.contains(BRING_LINE));
        assert!(
            page.contains("申江理工大学校友会2026年11月25日"),
            "signer and date"
        );
        assert!(!page.contains("先生") && !page.contains("女士"));
        assert!(!page.contains("第1页"), "letters carry no page numbers");
    }
    assert!(text[0].contains("您的座位A区1排1座"));
    assert!(text[3].contains("您的座位A区2排5座"));
    assert!(!text[2].contains("您的座位"), "no seat, no line");

    // Each letter's QR code is its holder's badge token, as on the badge.
    let order = ["张建国", "John Smith", "丁一", "王芳"];
    for (i, name) in order.iter().enumerate() {
        let token = &roster
            .iter()
            .find(|e| e.name == *name)
            .expect("on the list")
            .badge_token;
        let (w, h, luma) = render_grey(&dir, &path, i + 1, 200);
        assert_eq!(
            decode_qr_codes(w, h, &luma),
            vec![token.as_str().to_string()],
            "{name}"
        );
        assert!(text[i].contains(&token.grouped().replace(' ', "")));
    }
}

#[test]
fn staff_get_a_letter_when_asked_for_and_a_cancel_stops_the_run() {
    let (conn, meeting) = meeting();
    let staff = AttendeeId(1);
    let options = MeetingDocumentOptions {
        attendees: Some(vec![staff]),
        ..MeetingDocumentOptions::default()
    };
    let one =
        letters(&conn, meeting, &options, &|_| {}, &AtomicBool::new(false)).expect("asked for");
    assert_eq!(one.pages, 1);
    let dir = tempfile::tempdir().expect("tempdir");
    let text = pages_text(&write_temp(&dir, "one.pdf", &one.pdf));
    assert!(text[0].contains("尊敬的赵六："));
    assert!(one.file_name.starts_with("邀请函-赵六-"));

    let cancelled = letters(
        &conn,
        meeting,
        &MeetingDocumentOptions::default(),
        &|_| {},
        &AtomicBool::new(true),
    );
    assert!(matches!(cancelled, Err(MeetingDocumentError::Cancelled)));
}

#[test]
fn times_and_the_body_read_as_a_letter_says_them() {
    for (at, phrase) in [
        ("2026-12-19T09:00:00+08:00", "上午9:00"),
        ("2026-12-19T12:30:00+08:00", "中午12:30"),
        ("2026-12-19T14:30:00+08:00", "下午2:30"),
        ("2026-12-19T19:05:00+08:00", "晚上7:05"),
        ("not a time", "not a time"),
    ] {
        assert_eq!(time_phrase(at), phrase, "{at}");
    }
    let mut summary = super::seating_plan_tests::assembly();
    assert_eq!(
        body(&summary),
        "兹定于2026年12月19日（星期六）上午9:00在图书馆报告厅召开校友会第二届会员代表大会第一次会议，诚挚邀请您拨冗出席。"
    );
    summary.venue = None;
    assert!(!body(&summary).contains("在"));
}

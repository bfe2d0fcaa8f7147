//! The commands through Tauri's IPC (mock runtime, real permissions, no display).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use alumni_core::demo::{self, DemoOptions};
use alumni_core::desk::Desk;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

use crate::app::AppState;
use crate::dialogs::{Answer, FilePicker, FileQuestion};

/// File dialogs answered by the test: each question takes the next answer (a cancel when none
/// is left).
#[derive(Default)]
struct ScriptedDialogs {
    answers: Mutex<VecDeque<Option<PathBuf>>>,
}

impl ScriptedDialogs {
    fn answer(&self, path: &Path) {
        self.answers
            .lock()
            .expect("lock")
            .push_back(Some(path.to_owned()));
    }
}

impl FilePicker for ScriptedDialogs {
    fn ask(&self, _question: FileQuestion) -> Answer {
        let next = self.answers.lock().expect("lock").pop_front().flatten();
        Box::pin(async move { next })
    }
}

type MockApp = tauri::App<tauri::test::MockRuntime>;
type MockWindow = tauri::WebviewWindow<tauri::test::MockRuntime>;

fn app_on(path: &Path) -> (MockApp, MockWindow) {
    let (app, window, _) = app_with_dialogs(path);
    (app, window)
}

fn app_with_dialogs(path: &Path) -> (MockApp, MockWindow, Arc<ScriptedDialogs>) {
    let dialogs = Arc::new(ScriptedDialogs::default());
    let state = AppState {
        desk: RwLock::new(Desk::open(path, None).map(Arc::new)),
        register_path: path.to_owned(),
        staff_name: None,
        jobs: Default::default(),
        imports: Default::default(),
        dialogs: dialogs.clone(),
        door_server: Default::default(),
        door_listeners: Default::default(),
    };
    let app = mock_builder()
        .manage(state)
        .invoke_handler(super::handler())
        .build(crate::app::context())
        .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window, dialogs)
}

/// Fails naming the key when an answer has a key that is not snake_case: every IPC answer is
/// snake_case (ui/API.md).
fn assert_snake_case(value: &Value, at: &str) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let snake = key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                assert!(snake, "{at}: key {key:?} is not snake_case");
                assert_snake_case(inner, at);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| assert_snake_case(item, at)),
        _ => {}
    }
}

fn invoke(
    window: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        // The app origin on Linux and macOS; capabilities apply to local origins only.
        url: if cfg!(windows) {
            "http://tauri.localhost"
        } else {
            "tauri://localhost"
        }
        .parse()
        .expect("url"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let answer =
        get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("json"));
    // Answers and errors alike: every key the UI reads is snake_case.
    match &answer {
        Ok(value) | Err(value) => assert_snake_case(value, cmd),
    }
    answer
}

#[test]
fn overview_and_attendees_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ipc.sqlite3");
    demo_database(&path);
    let (_app, window) = app_on(&path);
    let overview = invoke(&window, "get_overview", json!({})).expect("overview");
    assert_eq!(overview["stats"]["members"], demo::MIN_MEMBERS);
    assert_eq!(overview["database"]["is_demo"], true);
    assert_eq!(overview["association_name"], demo::ASSOCIATION_NAME);
    assert_eq!(overview["staff"]["role"], "admin");

    let attendees = invoke(&window, "list_attendees", json!({ "meetingId": 1 })).expect("list");
    assert_eq!(attendees.as_array().map(Vec::len), Some(420));

    let missing =
        invoke(&window, "list_attendees", json!({ "meetingId": 999 })).expect_err("error");
    assert_eq!(missing["kind"], "not_found");
    assert_eq!(missing["params"], json!({ "entity": "meeting", "id": 999 }));
    assert!(missing["message"]
        .as_str()
        .is_some_and(|m| m.contains("999")));
}

#[test]
fn settings_errors_name_the_field_and_staff_rights_are_enforced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = app_on(&dir.path().join("empty.sqlite3"));
    let overview = invoke(&window, "get_overview", json!({})).expect("overview");
    assert_eq!(
        overview["database"]["is_empty"], true,
        "a new register shows the welcome screen"
    );
    assert_eq!(overview["database"]["is_demo"], false);

    let mut settings = invoke(&window, "get_settings", json!({})).expect("settings");
    settings["quorum_numerator"] = json!(4);
    let err =
        invoke(&window, "save_settings", json!({ "settings": settings })).expect_err("refused");
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(err["params"]["field"], "quorum");

    let clerk = invoke(
        &window,
        "create_staff",
        json!({ "name": "王芳", "role": "staff" }),
    )
    .expect("create");
    invoke(&window, "select_staff", json!({ "staffId": clerk["id"] })).expect("select");
    let err = invoke(
        &window,
        "create_staff",
        json!({ "name": "李明", "role": "admin" }),
    )
    .expect_err("forbidden");
    assert_eq!(err["kind"], "forbidden");
    assert_eq!(err["params"]["action"], "manage_staff");
    let err = invoke(&window, "restore_database", json!({})).expect_err("forbidden");
    assert_eq!(err["params"]["action"], "restore_database");

    let log = invoke(&window, "list_audit", json!({ "limit": 10 })).expect("audit");
    assert_eq!(log[0]["entity"], "staff");
    assert_eq!(log[0]["staff_name"], "管理员");
}

#[test]
fn a_database_that_cannot_be_opened_reaches_the_ui_as_its_kind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let letter = dir.path().join("letter.txt");
    std::fs::write(&letter, "这不是数据库").expect("write");
    let (_app, window) = app_on(&letter);
    let err = invoke(&window, "get_overview", json!({})).expect_err("refused");
    assert_eq!(err["kind"], "not_a_database");
    assert_eq!(
        std::fs::read_to_string(&letter).expect("read"),
        "这不是数据库"
    );
}

/// Fills a new database at `path` with the smallest demo register (one meeting of 420).
fn demo_database(path: &Path) {
    let desk = Desk::open(path, None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 1,
        meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
}

/// An app on a fresh demo database (one meeting of 420 attendees).
fn demo_app(dir: &Path) -> (MockApp, MockWindow) {
    let path = dir.join("documents.sqlite3");
    demo_database(&path);
    app_on(&path)
}

/// A job id no other test (or test run) uses, since the documents folder is shared.
fn job_id(name: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("test-{name}-{}-{nanos}", std::process::id())
}

/// Removes a rendered document's job folder: the documents folder is the user's, not the test's.
fn forget(rendered: &Value) {
    if let Some(folder) = rendered["path"]
        .as_str()
        .and_then(|p| std::path::Path::new(p).parent())
    {
        let _ = std::fs::remove_dir_all(folder);
    }
}

#[test]
fn meeting_documents_render_into_the_documents_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());

    let id = job_id("sign-in");
    let rendered = invoke(
        &window,
        "render_meeting_document",
        json!({ "meetingId": 1, "document": "sign_in", "jobId": id }),
    )
    .expect("render");
    assert_eq!(rendered["job_id"], id.as_str());
    let path = std::path::PathBuf::from(rendered["path"].as_str().expect("path"));
    assert!(path.starts_with(crate::paths::documents_dir()), "{path:?}");
    let pdf = std::fs::read(&path).expect("the PDF is there");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(rendered["bytes"], pdf.len());
    assert!(
        rendered["pages"].as_u64().is_some_and(|p| p > 1),
        "{rendered}"
    );
    let file_name = rendered["file_name"].as_str().expect("file_name");
    assert!(file_name.starts_with("签到表-") && file_name.ends_with(".pdf"));
    assert_eq!(path.file_name().and_then(|n| n.to_str()), Some(file_name));

    // A reprint of one attendee's badge: one badge-size page.
    let attendees = invoke(&window, "list_attendees", json!({ "meetingId": 1 })).expect("list");
    let one = attendees[0]["id"].clone();
    let badge = invoke(
        &window,
        "render_meeting_document",
        json!({
            "meetingId": 1, "document": "badges", "badgeLayout": "single",
            "attendeeIds": [one], "jobId": job_id("badge"),
        }),
    )
    .expect("badge");
    assert_eq!(badge["pages"], 1, "{badge}");
    assert!(badge["file_name"]
        .as_str()
        .is_some_and(|n| n.starts_with("胸卡-")));
    forget(&rendered);
    forget(&badge);
}

#[test]
fn bad_document_requests_get_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let render = |args: Value| invoke(&window, "render_meeting_document", args);

    let err = render(json!({ "meetingId": 1, "document": "posters", "jobId": job_id("bad") }))
        .expect_err("unknown document");
    assert_eq!(err["kind"], "invalid_input");
    assert_eq!(
        err["params"],
        json!({ "field": "document", "reason": "unknown" })
    );
    assert!(err["message"]
        .as_str()
        .is_some_and(|m| m.contains("posters")));

    let err = render(json!({
        "meetingId": 1, "document": "badges", "badgeLayout": "poster", "jobId": job_id("bad"),
    }))
    .expect_err("unknown layout");
    assert_eq!(err["params"]["field"], "badge_layout");

    let err = render(json!({ "meetingId": 1, "document": "sign_in", "jobId": "../../etc" }))
        .expect_err("job ids cannot name another folder");
    assert_eq!(err["params"]["field"], "job_id");

    let err = render(json!({ "meetingId": 999, "document": "sign_in", "jobId": job_id("bad") }))
        .expect_err("no such meeting");
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["params"]["entity"], "meeting");

    let err = render(json!({
        "meetingId": 1, "document": "badges", "attendeeIds": [], "jobId": job_id("bad"),
    }))
    .expect_err("nobody to print");
    assert_eq!(err["kind"], "no_attendees");
}

/// A name no font can draw (a private-use character): the window hears whose it is, then asks
/// again with `markMissing` and gets the document with the name marked.
#[test]
fn a_name_no_font_has_is_named_and_printed_marked_when_asked() {
    use alumni_core::checkin::BadgeToken;
    use alumni_core::meetings::{self, Category, MeetingId, NewAttendee};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("documents.sqlite3");
    demo_database(&path);
    let mut conn = alumni_core::storage::open(&path).expect("open").conn;
    let tx = conn.transaction().expect("tx");
    let attendee = NewAttendee {
        member: None,
        name: "张\u{E000}".to_string(),
        unit: None,
        job_title: None,
        category: Category::Staff,
        group: None,
        group_order: 0,
        protocol_order: None,
        voting: false,
        seat: None,
        // Twelve zeros pass the Luhn check; the demo's random tokens never are all zeros.
        badge_token: BadgeToken::parse("000000000000").expect("token"),
    };
    let id = meetings::add_attendee(&tx, MeetingId(1), &attendee).expect("attendee");
    tx.commit().expect("commit");
    drop(conn);
    let (_app, window) = app_on(&path);
    let render = |mark: bool| {
        invoke(
            &window,
            "render_meeting_document",
            json!({
                "meetingId": 1, "document": "badges", "badgeLayout": "single",
                "attendeeIds": [id], "jobId": job_id("marked"), "markMissing": mark,
            }),
        )
    };
    let err = render(false).expect_err("refused");
    assert_eq!(err["kind"], "missing_glyphs");
    assert_eq!(err["params"]["places"][0]["name"], "张□", "{err}");
    assert_eq!(err["params"]["places"][0]["attendee_id"], json!(id));
    let badge = render(true).expect("printed, marked");
    assert_eq!(badge["marked"][0]["field"], "name", "{badge}");
    assert_eq!(badge["pages"], 1);
    forget(&badge);
}

#[test]
fn a_cancelled_render_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let id = job_id("cancel");
    // The window may send cancel before the render has started; it still counts.
    invoke(&window, "cancel_job", json!({ "jobId": id })).expect("cancel");
    let err = invoke(
        &window,
        "render_meeting_document",
        json!({ "meetingId": 1, "document": "badges", "jobId": id }),
    )
    .expect_err("cancelled");
    assert_eq!(err["kind"], "cancelled");
    assert!(!crate::paths::documents_dir().join(&id).exists());
}

#[test]
fn only_rendered_documents_can_be_saved_opened_or_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let stray = dir.path().join("stray.pdf");
    std::fs::write(&stray, b"%PDF-1.7").expect("write");
    let inside = crate::paths::documents_dir();
    std::fs::create_dir_all(&inside).expect("documents folder");
    let climbing = inside.join("..").join("..").join("stray.pdf");
    let outside = [
        stray.display().to_string(),
        climbing.display().to_string(),
        "/etc/passwd".to_owned(),
        "relative.pdf".to_owned(),
    ];
    for path in &outside {
        for (cmd, args) in [
            (
                "save_document",
                json!({ "path": path, "fileName": "x.pdf" }),
            ),
            ("open_document", json!({ "path": path })),
            ("print_document", json!({ "path": path, "copies": 1 })),
        ] {
            let err = invoke(&window, cmd, args).expect_err("refused");
            assert_eq!(err["kind"], "invalid_input", "{cmd} {path}: {err}");
            assert_eq!(
                err["params"],
                json!({ "field": "path", "reason": "outside_documents" }),
                "{cmd} {path}"
            );
        }
    }

    let rendered = invoke(
        &window,
        "render_meeting_document",
        json!({ "meetingId": 1, "document": "table_cards", "jobId": job_id("cards") }),
    )
    .expect("render");
    let err = invoke(
        &window,
        "print_document",
        json!({ "path": rendered["path"], "copies": 0 }),
    )
    .expect_err("no copies");
    assert_eq!(
        err["params"],
        json!({ "field": "copies", "reason": "out_of_range" })
    );
    let err = invoke(
        &window,
        "print_document",
        json!({ "path": rendered["path"], "printer": "-oraw", "copies": 1 }),
    )
    .expect_err("an option is no printer");
    assert_eq!(err["params"]["field"], "printer");
    forget(&rendered);
    // Without CUPS the list is empty, not an error.
    let printers = invoke(&window, "list_printers", json!({})).expect("printers");
    assert!(printers.is_array());
}

#[test]
fn a_reissued_badge_replaces_the_old_token() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let before = invoke(&window, "list_attendees", json!({ "meetingId": 1 })).expect("list");
    let attendee = before[3].clone();
    let old = attendee["badge_token"].as_str().expect("token").to_owned();

    let fresh = invoke(
        &window,
        "reissue_badge",
        json!({ "attendeeId": attendee["id"] }),
    )
    .expect("reissue");
    let fresh = fresh.as_str().expect("a token string").to_owned();
    assert_ne!(fresh, old);
    assert_eq!(fresh.len(), 12);
    assert!(
        alumni_core::checkin::BadgeToken::parse(&fresh).is_some(),
        "{fresh}"
    );

    let after = invoke(&window, "list_attendees", json!({ "meetingId": 1 })).expect("list");
    let rows = after.as_array().expect("rows");
    let row = rows
        .iter()
        .find(|a| a["id"] == attendee["id"])
        .expect("still there");
    assert_eq!(row["badge_token"], fresh.as_str());
    assert!(rows.iter().all(|a| a["badge_token"] != old.as_str()));

    let log = invoke(&window, "list_audit", json!({ "limit": 1 })).expect("audit");
    assert_eq!(log[0]["action"], "reissue_badge");
    assert_eq!(log[0]["entity_id"], attendee["id"]);

    let err = invoke(&window, "reissue_badge", json!({ "attendeeId": 99_999 }))
        .expect_err("no such attendee");
    assert_eq!(err["kind"], "not_found");
    assert_eq!(err["params"]["entity"], "attendee");
}

/// The audit log oldest first, without what differs between two runs of the same steps (ids,
/// times, and notes, which name temporary paths).
fn audit_trail(path: &Path) -> Vec<Value> {
    let desk = Desk::open(path, None).expect("open");
    let entries = desk
        .read(|conn| {
            Ok(alumni_core::audit::recent(
                conn,
                &alumni_core::audit::Filter {
                    limit: Some(500),
                    ..Default::default()
                },
            )?)
        })
        .expect("audit");
    entries
        .into_iter()
        .rev()
        .map(|e| {
            json!({
                "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
                "staff": e.staff_name, "before": e.before, "after": e.after,
            })
        })
        .collect()
}

/// Runs the CLI door in this process, as `alumni-desk --db DB --json ARGS…`.
fn cli_door(db: &Path, args: &[&str]) {
    use clap::Parser;
    let mut words = vec![
        "alumni-desk",
        "--db",
        db.to_str().expect("utf-8 path"),
        "--json",
    ];
    words.extend_from_slice(args);
    let mut cli = crate::cli::Cli::parse_from(words);
    let command = cli.command.take().expect("a command");
    let code = crate::cli::run(cli, command);
    assert_eq!(
        format!("{code:?}"),
        format!("{:?}", std::process::ExitCode::SUCCESS),
        "{args:?}"
    );
}

#[test]
fn the_window_and_the_cli_share_one_call_path_and_leave_the_same_audit_entries() {
    let dir = tempfile::tempdir().expect("tempdir");
    let csv = dir.path().join("door.csv");
    std::fs::write(
        &csv,
        "姓名,手机,毕业年份,学院\n门口甲,13900000001,2001,机械工程学院\n门口乙,13900000002,2002,机械工程学院\n",
    )
    .expect("csv");

    // The window: every file through a dialog the test answers.
    let window_db = dir.path().join("window.sqlite3");
    demo_database(&window_db);
    let window_copy = dir.path().join("window-copy.sqlite3");
    let (_app, window, dialogs) = app_with_dialogs(&window_db);
    dialogs.answer(&window_copy);
    invoke(&window, "backup_database", json!({})).expect("backup");
    dialogs.answer(&csv);
    let opened = invoke(&window, "import_open", json!({ "jobId": "import-door" })).expect("open");
    assert_eq!(opened["token"], "import-door");
    let mapping: Vec<Value> = opened["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c["field"].clone())
        .collect();
    let imported = invoke(
        &window,
        "import_apply",
        json!({ "token": "import-door", "mapping": mapping }),
    )
    .expect("import");
    assert_eq!(imported["inserted"], 2);
    let window_export = dir.path().join("window.xlsx");
    dialogs.answer(&window_export);
    let exported = invoke(
        &window,
        "export_members",
        json!({ "query": { "text": "", "limit": 50 }, "columns": ["name", "phone"], "unmasked": false }),
    )
    .expect("export");
    assert_eq!(exported["rows"], demo::MIN_MEMBERS + 2);
    let rendered = invoke(
        &window,
        "render_meeting_document",
        json!({ "meetingId": 1, "document": "sign_in", "jobId": job_id("doors") }),
    )
    .expect("render");
    forget(&rendered);
    let window_before_restore = audit_trail(&window_db);
    dialogs.answer(&window_copy);
    invoke(&window, "restore_database", json!({})).expect("restore");

    // The CLI: the same steps, as a script would run them.
    let cli_db = dir.path().join("cli.sqlite3");
    demo_database(&cli_db);
    let cli_copy = dir.path().join("cli-copy.sqlite3");
    let copy = cli_copy.to_str().expect("path");
    cli_door(&cli_db, &["backup", copy]);
    cli_door(&cli_db, &["members", "import", csv.to_str().expect("path")]);
    let cli_export = dir.path().join("cli.xlsx");
    cli_door(
        &cli_db,
        &[
            "members",
            "export",
            cli_export.to_str().expect("path"),
            "--columns",
            "name,phone",
        ],
    );
    let cli_pdf = dir.path().join("cli-signin.pdf");
    cli_door(
        &cli_db,
        &[
            "pdf",
            "signin",
            "--meeting",
            "1",
            "-o",
            cli_pdf.to_str().expect("path"),
        ],
    );
    let cli_before_restore = audit_trail(&cli_db);
    cli_door(&cli_db, &["restore", copy]);

    assert_eq!(window_before_restore, cli_before_restore);
    let last_two: Vec<_> = window_before_restore
        .iter()
        .rev()
        .take(2)
        .map(|e| e["action"].clone())
        .collect();
    assert_eq!(last_two, vec![json!("export"), json!("import")]);
    assert_eq!(audit_trail(&window_db), audit_trail(&cli_db));
    assert_eq!(
        audit_trail(&cli_db).last().map(|e| e["action"].clone()),
        Some(json!("restore"))
    );

    // Both doors wrote their files (atomically: no `.part` left behind).
    for file in [&window_export, &cli_export, &cli_pdf] {
        assert!(file.is_file(), "{}", file.display());
        assert!(!alumni_core::desk::files::partial_path(file).exists());
    }
    assert!(rendered["pages"].as_u64().is_some_and(|p| p > 1));
}

#[test]
fn the_door_through_ipc_checks_in_searches_counts_and_holds_off_long_writes() {
    use tauri::Manager;
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let attendees = invoke(&window, "list_attendees", json!({ "meetingId": 1 })).expect("list");
    let first = &attendees[0];
    let token = first["badge_token"].as_str().expect("token");
    let args = |event: &str| json!({ "meetingId": 1, "token": token, "station": "东门", "eventId": event });
    let answer = invoke(&window, "door_checkin", args("ipc-1")).expect("check in");
    assert_eq!(answer["result"], "checked_in");
    assert_eq!(answer["attendee"]["name"], first["name"]);
    assert!(answer["attendee"].get("badge_token").is_none());
    let again = invoke(&window, "door_checkin", args("ipc-2")).expect("again");
    assert_eq!(again["result"], "already");
    let retry = invoke(&window, "door_checkin", args("ipc-1")).expect("retry");
    assert_eq!(retry["replayed"], true);

    let neither = invoke(
        &window,
        "door_checkin",
        json!({ "meetingId": 1, "station": "东门", "eventId": "ipc-3" }),
    )
    .expect_err("neither token nor attendee");
    assert_eq!(neither["kind"], "invalid_input");

    let name = first["name"].as_str().expect("name");
    let hits = invoke(
        &window,
        "door_search",
        json!({ "meetingId": 1, "query": name }),
    )
    .expect("search");
    assert!(hits
        .as_array()
        .expect("hits")
        .iter()
        .any(|h| h["name"] == name && h["checked_in_at"].is_string()));

    let attendance = invoke(&window, "get_attendance", json!({ "meetingId": 1 })).expect("counts");
    assert_eq!(attendance["present"], 1);
    assert_eq!(attendance["expected"], 420);

    // While the window's door screen is open, an import is refused, and allowed after.
    let door = invoke(&window, "door_window_open", json!({ "meetingId": 1 })).expect("open");
    let desk = super::desk_of(&window.state::<AppState>()).expect("desk");
    let err = desk.refuse_while_door_open().expect_err("door open");
    assert_eq!(err.kind, crate::error::ErrorKind::DoorOpen);
    invoke(&window, "door_window_heartbeat", json!({ "doorId": door })).expect("heartbeat");
    invoke(&window, "door_window_close", json!({ "doorId": door })).expect("close");
    desk.refuse_while_door_open().expect("door closed");
}

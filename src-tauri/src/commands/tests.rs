//! The commands through Tauri's IPC (mock runtime, real permissions, no display).

use std::sync::{Arc, Mutex};

use alumni_core::demo::{self, DemoOptions};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

use crate::app::AppState;
use crate::session::Session;

fn app_on(
    path: &std::path::Path,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    tauri::WebviewWindow<tauri::test::MockRuntime>,
) {
    let state = AppState {
        session: Arc::new(Mutex::new(Session::open(path, None))),
        register_path: path.to_owned(),
        staff_name: None,
        imports: Default::default(),
        documents: Default::default(),
    };
    let app = mock_builder()
        .manage(state)
        .invoke_handler(super::handler())
        .build(tauri::generate_context!())
        .expect("app");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window");
    (app, window)
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
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("json"))
}

#[test]
fn overview_and_attendees_through_ipc() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ipc.sqlite3");
    {
        let mut session = Session::open(&path, None).expect("open");
        let options = DemoOptions {
            members: demo::MIN_MEMBERS,
            seed: 1,
            meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
        };
        session
            .write(|tx, actor| Ok(demo::populate(tx, actor.id, &options)?))
            .expect("demo");
    }
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
    assert_eq!(err["params"]["action"], "create_staff");
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

/// An app on a fresh demo database (one meeting of 420 attendees).
fn demo_app(
    dir: &std::path::Path,
) -> (
    tauri::App<tauri::test::MockRuntime>,
    tauri::WebviewWindow<tauri::test::MockRuntime>,
) {
    let path = dir.join("documents.sqlite3");
    {
        let mut session = Session::open(&path, None).expect("open");
        let options = DemoOptions {
            members: demo::MIN_MEMBERS,
            seed: 1,
            meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
        };
        session
            .write(|tx, actor| Ok(demo::populate(tx, actor.id, &options)?))
            .expect("demo");
    }
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
    assert_eq!(rendered["jobId"], id.as_str());
    let path = std::path::PathBuf::from(rendered["path"].as_str().expect("path"));
    assert!(path.starts_with(crate::paths::documents_dir()), "{path:?}");
    let pdf = std::fs::read(&path).expect("the PDF is there");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(rendered["bytes"], pdf.len());
    assert!(
        rendered["pages"].as_u64().is_some_and(|p| p > 1),
        "{rendered}"
    );
    let file_name = rendered["fileName"].as_str().expect("fileName");
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
    assert!(badge["fileName"]
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

#[test]
fn a_cancelled_render_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_app, window) = demo_app(dir.path());
    let id = job_id("cancel");
    // The window may send cancel before the render has started; it still counts.
    invoke(&window, "cancel_document", json!({ "jobId": id })).expect("cancel");
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

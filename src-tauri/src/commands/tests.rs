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

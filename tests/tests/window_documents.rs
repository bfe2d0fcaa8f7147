//! Meeting documents in the real window: render the sign-in sheet, print two copies through the
//! print dialog, reprint one attendee's badge and reissue another's. Printing goes to fake CUPS
//! commands (`lp`, `lpstat`) placed first on PATH: they reach the app through tauri-driver, and
//! `lp` records its arguments in a file.

// Fake CUPS commands are shell scripts; the window tests run on Linux.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use alumni_desk_tests::webdriver::{click, text_of, wait_for, wait_for_contains, Driver};
use alumni_desk_tests::{cli, shared_demo};
use fantoccini::{Client, Locator};

/// The default printer the fake `lpstat` names.
const DEFAULT_PRINTER: &str = "Front_Desk";

/// Writes executable fake `lp` and `lpstat` into `dir`; `lp` appends each call's arguments, one
/// per line and a blank line after, to `dir/lp-calls.txt`.
fn fake_cups(dir: &Path) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let log = dir.join("lp-calls.txt");
    let lp = format!(
        "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{log}'\necho >> '{log}'\n\
         echo 'request id is Fake-1 (1 file(s))'\n",
        log = log.display()
    );
    let lpstat = format!(
        "#!/bin/sh\ncase \"$1\" in\n  -e) printf 'Office_Laser\\n{DEFAULT_PRINTER}\\n' ;;\n  \
         -d) echo 'system default destination: {DEFAULT_PRINTER}' ;;\n  *) exit 1 ;;\nesac\n"
    );
    for (name, script) in [("lp", lp), ("lpstat", lpstat)] {
        let path = dir.join(name);
        std::fs::write(&path, script).expect("write fake");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    log
}

/// The calls `lp` recorded so far, each as its list of arguments.
fn lp_calls(log: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    text.split("\n\n")
        .map(|call| call.lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|args| !args.is_empty())
        .collect()
}

/// Waits until `lp` has been called `n` times.
async fn wait_for_calls(log: &Path, n: usize) -> Vec<Vec<String>> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let calls = lp_calls(log);
        if calls.len() >= n || Instant::now() > deadline {
            return calls;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Sets the copies field, chooses nothing else, prints, and waits for the job line.
async fn print_copies(client: &Client, copies: &str) {
    // The printer list has loaded once the default printer is there.
    wait_for(
        client,
        &format!("#print-printer option[value='{DEFAULT_PRINTER}']"),
    )
    .await;
    let chosen = client
        .find(Locator::Css("#print-printer"))
        .await
        .expect("printer")
        .prop("value")
        .await
        .expect("value");
    assert_eq!(
        chosen.as_deref(),
        Some(DEFAULT_PRINTER),
        "the default is preselected"
    );
    let field = wait_for(client, "#print-copies").await;
    field.clear().await.expect("clear");
    field.send_keys(copies).await.expect("type");
    click(client, "#print-run").await;
    let job = wait_for_contains(client, "#print-status", "Fake-1").await;
    assert!(job.contains("Fake-1"), "the job is shown: {job:?}");
}

fn has_pair(args: &[String], a: &str, b: &str) -> bool {
    args.windows(2).any(|w| w[0] == a && w[1] == b)
}

#[tokio::test(flavor = "multi_thread")]
async fn render_print_reprint_and_reissue() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("documents.sqlite3");
    let copied = cli(shared_demo(), &["backup", db.to_str().expect("utf-8")]);
    assert_eq!(copied.code, 0, "{}", copied.stderr);
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    let log = fake_cups(&bin);
    // tauri-driver passes its environment on to the app; this test binary starts one driver
    // and runs no other test, so changing PATH here reaches only that app.
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![bin.clone()];
    dirs.extend(std::env::split_paths(&path));
    std::env::set_var("PATH", std::env::join_paths(dirs).expect("PATH"));

    let driver = Driver::start(&db);
    let client = driver.session().await;
    wait_for(&client, "#home[data-ready='true']").await;
    client
        .execute("window.location.hash = '#/meetings/1/documents'", vec![])
        .await
        .expect("navigate");
    wait_for(&client, "#meeting[data-tab='documents'][data-ready='true']").await;

    // The sign-in sheet: rendered with progress, then the result line.
    click(&client, "#doc-sign_in").await;
    wait_for(&client, "#doc-result").await;
    let name = text_of(&client, "#doc-file-name").await;
    assert!(
        name.starts_with("签到表-") && name.ends_with(".pdf"),
        "{name}"
    );
    let facts = text_of(&client, "#doc-file-facts").await;
    assert!(facts.contains('页') && facts.contains("KB"), "{facts}");

    // 打印…: the dialog, two copies on the default printer.
    click(&client, "#doc-print").await;
    wait_for(&client, "#print-dialog").await;
    print_copies(&client, "2").await;
    let calls = wait_for_calls(&log, 1).await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    let args = &calls[0];
    assert!(has_pair(args, "-n", "2"), "two copies: {args:?}");
    assert!(has_pair(args, "-d", DEFAULT_PRINTER), "{args:?}");
    let pdf = PathBuf::from(args.last().expect("the file comes last"));
    assert_eq!(args[args.len() - 2], "--", "the file follows --: {args:?}");
    assert_eq!(
        pdf.file_name().and_then(|n| n.to_str()),
        Some(name.as_str())
    );
    let bytes = std::fs::read(&pdf).expect("the printed PDF exists");
    assert!(bytes.starts_with(b"%PDF"));
    click(&client, "#print-close").await;

    // 补打胸卡 on one row of the attendees tab: one badge rendered, straight to the print dialog
    // with save and open.
    client
        .execute("window.location.hash = '#/meetings/1/attendees'", vec![])
        .await
        .expect("navigate");
    wait_for(&client, "#meeting[data-tab='attendees'][data-ready='true']").await;
    click(&client, "#attendees-table tbody tr .row-menu summary").await;
    click(&client, "#attendees-table .reprint-badge").await;
    wait_for(&client, "#print-dialog").await;
    assert!(text_of(&client, "#print-file-name")
        .await
        .starts_with("胸卡-"));
    wait_for(&client, "#print-save").await;
    wait_for(&client, "#print-open").await;
    print_copies(&client, "1").await;
    let calls = wait_for_calls(&log, 2).await;
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(has_pair(&calls[1], "-n", "1"), "{:?}", calls[1]);
    click(&client, "#print-close").await;

    // 重新发证 on another row: confirmed, the row shows the new number, the old one is gone.
    let rows = client
        .find_all(Locator::Css("#attendees-table tbody tr"))
        .await
        .expect("rows");
    let row = &rows[2];
    let attendee_id = row
        .attr("data-attendee-id")
        .await
        .expect("attr")
        .expect("an attendee row");
    let old = row
        .find(Locator::Css(".badge-token"))
        .await
        .expect("token")
        .text()
        .await
        .expect("text");
    row.find(Locator::Css(".row-menu summary"))
        .await
        .expect("menu")
        .click()
        .await
        .expect("open the row's menu");
    row.find(Locator::Css(".reissue-badge"))
        .await
        .expect("reissue")
        .click()
        .await
        .expect("click");
    click(&client, "dialog .btn-danger").await;
    let row_css = format!("#attendees-table tr[data-attendee-id='{attendee_id}'] .col-token .tag");
    wait_for(&client, &row_css).await;
    // The offer to print the new badge: not now.
    click(&client, "dialog .dialog-actions .btn:not(.btn-primary)").await;
    let shown = text_of(
        &client,
        &format!("#attendees-table tr[data-attendee-id='{attendee_id}'] .badge-token"),
    )
    .await;
    assert_ne!(shown, old);
    assert_eq!(shown.len(), 12, "{shown}");

    // The documents desk: the afternoon meeting chosen, its table cards rendered there.
    client
        .execute("window.location.hash = '#/documents'", vec![])
        .await
        .expect("navigate");
    wait_for(&client, "#documents-view[data-ready='true']").await;
    click(&client, "#documents-meeting option[value='2']").await;
    click(&client, "#doc-table_cards").await;
    let cards = wait_for_contains(&client, "#doc-file-name", "桌签-").await;
    assert!(cards.contains("常务理事会"), "{cards}");
    client.close().await.expect("close");

    let attendees = cli(&db, &["attendees", "--meeting", "1", "--json"]).json();
    let list = attendees.as_array().expect("attendees");
    let changed = list
        .iter()
        .find(|a| {
            a["id"].as_i64().map(|id| id.to_string()).as_deref() == Some(attendee_id.as_str())
        })
        .expect("the attendee");
    assert_eq!(changed["badge_token"], shown.as_str());
    assert!(list.iter().all(|a| a["badge_token"] != old.as_str()));
}

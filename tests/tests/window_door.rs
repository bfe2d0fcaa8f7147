//! The door screen in the real window (tauri-driver + WebKitWebDriver): a scan, a duplicate, a
//! search check-in, a walk-in and an undo, with the live counts following each; then the live
//! view and the check-in desk with the LAN door server's pairing code.

use alumni_desk_tests::webdriver::{
    click, screenshot_if_asked, text_of, wait_for, wait_for_attribute, wait_for_contains, Driver,
};
use alumni_desk_tests::{attendees, small_demo};
use rusqlite::Connection;
use serde_json::Value;

const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_door_screen_checks_in_by_scan_and_search_takes_a_walk_in_and_undoes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let list = attendees(&db, meeting);
    let delegates: Vec<&Value> = list
        .iter()
        .filter(|a| a["category"] == "delegate")
        .collect();
    let scanned = delegates[0];
    let searched = *delegates
        .iter()
        .skip(1)
        .find(|a| list.iter().filter(|b| b["name"] == a["name"]).count() == 1)
        .expect("a unique name");
    let token = scanned["badge_token"].as_str().expect("token");

    let driver = Driver::start(&db);
    let client = driver.session().await;
    client
        .execute("window.location.hash = '#/checkin/1/door'", vec![])
        .await
        .expect("open the door screen");
    wait_for_attribute(&client, "#door", "data-ready", "true").await;
    wait_for_contains(&client, "#door-present", "0 / 420").await;
    let input = wait_for(&client, "#door-input").await;

    // A scan as the badge prints it, in groups of four.
    let grouped = format!("{} {} {}", &token[..4], &token[4..8], &token[8..]);
    input
        .send_keys(&format!("{grouped}{ENTER}"))
        .await
        .expect("scan");
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    assert_eq!(
        text_of(&client, "#door-name").await,
        scanned["name"].as_str().expect("name")
    );
    wait_for_contains(&client, "#door-present", "1 / 420").await;
    screenshot_if_asked(&client, "window-door-green").await;

    // The same badge again.
    input
        .send_keys(&format!("{token}{ENTER}"))
        .await
        .expect("scan again");
    wait_for_attribute(&client, "#door-result", "data-result", "already").await;
    wait_for_contains(&client, "#door-already", "工作台").await;

    // A search by name, then Enter.
    input
        .send_keys(searched["name"].as_str().expect("name"))
        .await
        .expect("type");
    wait_for_contains(
        &client,
        "#door-hits",
        searched["name"].as_str().expect("name"),
    )
    .await;
    input.send_keys(ENTER).await.expect("enter");
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    wait_for_contains(&client, "#door-present", "2 / 420").await;

    // A walk-in: the form, then a green answer with the badge to print.
    click(&client, "#door-walk-in").await;
    wait_for(&client, "#walk-in-name")
        .await
        .send_keys("陈现场")
        .await
        .expect("name");
    wait_for(&client, "#walk-in-unit")
        .await
        .send_keys("市教委")
        .await
        .expect("unit");
    click(&client, "#walk-in-save").await;
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    assert_eq!(text_of(&client, "#door-name").await, "陈现场");
    wait_for(&client, "#door-print-badge").await;
    wait_for_contains(&client, "#door-present", "3 / 421").await;

    // Undo the last one.
    click(&client, "#door-undo").await;
    wait_for_attribute(&client, "#door-result", "data-result", "undone").await;
    wait_for_contains(&client, "#door-present", "2 / 421").await;

    // The live view follows.
    client
        .execute("window.location.hash = '#/checkin/1/live'", vec![])
        .await
        .expect("live view");
    wait_for_attribute(&client, "#live", "data-ready", "true").await;
    assert_eq!(text_of(&client, "#live-present").await, "2");
    screenshot_if_asked(&client, "window-live").await;

    // The check-in desk starts the LAN door server and shows its pairing code.
    client
        .execute("window.location.hash = '#/checkin/1'", vec![])
        .await
        .expect("desk");
    wait_for_attribute(&client, "#checkin-desk", "data-ready", "true").await;
    click(&client, "#door-server-start").await;
    wait_for_attribute(&client, "#door-server", "data-running", "true").await;
    let url = text_of(&client, "#door-url").await;
    assert!(url.contains("/door.html#key="), "{url}");
    wait_for(&client, "#door-qr").await;
    // The pairing QR code is an SVG image: it must load, not just be there.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let width = client
            .execute(
                "const img = document.querySelector('#door-qr'); \
                 return img && img.complete ? img.naturalWidth : 0;",
                vec![],
            )
            .await
            .expect("script");
        if width.as_u64().unwrap_or(0) > 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the QR code never loaded"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    screenshot_if_asked(&client, "window-checkin-desk").await;
    click(&client, "#door-server-stop").await;
    wait_for_attribute(&client, "#door-server", "data-running", "false").await;
    client.close().await.expect("close");

    let conn = Connection::open(&db).expect("open");
    let kinds: Vec<String> = conn
        .prepare("SELECT kind || ':' || method FROM checkin_events ORDER BY seq")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(
        kinds,
        [
            "check_in:scan",
            "check_in:search",
            "check_in:walk_in",
            "undo:manual"
        ]
    );
}

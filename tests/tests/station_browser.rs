//! The door station's page in a real browser (headless Chromium through chromedriver) against
//! `alumni-desk serve`: pairing, a scan, a duplicate, a search check-in, the host stopped (the
//! station says queued, never green), restarted (the queued scan lands once).

use std::time::Duration;

use alumni_desk_tests::door::Server;
use alumni_desk_tests::webdriver::{
    free_port, screenshot_if_asked, text_of, wait_for, wait_for_attribute, wait_for_contains,
    Chrome,
};
use alumni_desk_tests::{attendees, small_demo};
use fantoccini::Locator;
use rusqlite::Connection;
use serde_json::Value;

const SECRET: &str = "station-browser-test-secret";
const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_station_scans_searches_queues_while_the_host_is_down_and_replays_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let people = attendees(&db, meeting);
    // Three delegates: one scanned, one found by name, one scanned during the outage; a name
    // that nobody else on the list has, so the search finds just them.
    let delegates: Vec<&Value> = people
        .iter()
        .filter(|a| a["category"] == "delegate")
        .collect();
    let unique = |a: &Value| people.iter().filter(|b| b["name"] == a["name"]).count() == 1;
    let scanned = delegates[0];
    let searched = *delegates
        .iter()
        .skip(1)
        .find(|a| unique(a))
        .expect("a unique name");
    let queued = delegates[40];
    let token = |a: &Value| a["badge_token"].as_str().expect("token").to_owned();
    let name = |a: &Value| a["name"].as_str().expect("name").to_owned();

    let bind = format!("127.0.0.1:{}", free_port());
    let mut server = Server::start_on(&db, meeting, &bind, Some(SECRET));
    let chrome = Chrome::start();
    let client = chrome.session(1366, 768).await;
    client
        .goto(&server.url)
        .await
        .expect("open the pairing address");

    // First visit: the station names itself; the secret leaves the address bar.
    let field = wait_for(&client, "#station-name").await;
    field.send_keys("东门 1").await.expect("type");
    client
        .find(Locator::Css("#station-start"))
        .await
        .expect("start")
        .click()
        .await
        .expect("click");
    wait_for_attribute(&client, "#door", "data-ready", "true").await;
    let address = client.current_url().await.expect("url");
    assert!(!address.as_str().contains(SECRET), "{address}");
    screenshot_if_asked(&client, "door-station-ready").await;

    // A scan, as a USB scanner types it: the digits, then Enter.
    let input = wait_for(&client, "#door-input").await;
    input
        .send_keys(&format!("{}{ENTER}", token(scanned)))
        .await
        .expect("scan");
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    assert_eq!(text_of(&client, "#door-name").await, name(scanned));
    wait_for_contains(&client, "#door-present", "1 /").await;
    screenshot_if_asked(&client, "door-green").await;

    // The same badge again: amber, with when and where.
    input
        .send_keys(&format!("{}{ENTER}", token(scanned)))
        .await
        .expect("scan again");
    wait_for_attribute(&client, "#door-result", "data-result", "already").await;
    assert!(text_of(&client, "#door-already").await.contains("东门 1"));
    screenshot_if_asked(&client, "door-amber").await;

    // A badge number with a wrong digit: red, with the reason.
    let mut typo = token(scanned).into_bytes();
    typo[5] = if typo[5] == b'9' { b'0' } else { typo[5] + 1 };
    input
        .send_keys(&format!(
            "{}{ENTER}",
            String::from_utf8(typo).expect("ascii")
        ))
        .await
        .expect("typo");
    wait_for_attribute(&client, "#door-result", "data-result", "unknown").await;
    assert!(!text_of(&client, "#door-reason").await.is_empty());
    screenshot_if_asked(&client, "door-red").await;

    // Typing a name searches the meeting's list; Enter checks in the one selected.
    input.send_keys(&name(searched)).await.expect("type a name");
    wait_for_contains(&client, "#door-hits", &name(searched)).await;
    screenshot_if_asked(&client, "door-search").await;
    input.send_keys(ENTER).await.expect("enter");
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    assert_eq!(text_of(&client, "#door-name").await, name(searched));

    // The host goes away: a scan is queued (blue), never confirmed.
    assert_eq!(server.stop(), Some(0));
    input
        .send_keys(&format!("{}{ENTER}", token(queued)))
        .await
        .expect("scan during the outage");
    wait_for_attribute(&client, "#door-result", "data-result", "queued").await;
    wait_for_contains(&client, "#door-queue", "1").await;
    screenshot_if_asked(&client, "door-queued").await;

    // The host is back: the queue is replayed, and the scan lands once.
    let server = Server::start_on(&db, meeting, &bind, Some(SECRET));
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let hidden = client
            .find(Locator::Css("#door-queue"))
            .await
            .expect("queue note")
            .attr("hidden")
            .await
            .expect("attr");
        if hidden.is_some() {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the queue was never replayed"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let conn = Connection::open(&db).expect("open");
    let events_of = |id: i64| -> i64 {
        conn.query_row(
            "SELECT count(*) FROM checkin_events WHERE attendee_id = ?1",
            [id],
            |r| r.get(0),
        )
        .expect("count")
    };
    assert_eq!(events_of(queued["id"].as_i64().expect("id")), 1);
    assert_eq!(events_of(scanned["id"].as_i64().expect("id")), 1);
    assert_eq!(events_of(searched["id"].as_i64().expect("id")), 1);
    let total: i64 = conn
        .query_row("SELECT count(*) FROM checkin_events", [], |r| r.get(0))
        .expect("count");
    assert_eq!(total, 3);
    let present = server.call("GET", "/api/attendance", None).json()["present"].clone();
    assert_eq!(present, 3);
    client.close().await.expect("close");
}

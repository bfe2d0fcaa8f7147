//! Every screen at 1024×700 (the smallest office laptop the brief names): each page of the
//! window, every tab of a meeting's workspace included, renders without the page itself
//! scrolling sideways — wide tables scroll inside their own panel. Pictures of each page are
//! written when ALUMNI_DESK_SCREENSHOTS names a folder.

use alumni_desk_tests::small_demo;
use alumni_desk_tests::webdriver::{screenshot_if_asked, wait_for, Driver};
use serde_json::Value;
use std::time::Duration;

const PAGES: &[(&str, &str)] = &[
    ("#/home", "#home[data-ready='true']"),
    ("#/members", "#members"),
    ("#/branches", "#branches"),
    ("#/council", "#council"),
    ("#/meetings", "#meetings[data-ready='true']"),
    ("#/meetings/1/overview", "#meeting[data-ready='true']"),
    ("#/meetings/1/agenda", "#meeting[data-ready='true']"),
    ("#/meetings/1/attendees", "#meeting[data-ready='true']"),
    ("#/meetings/1/seating", "#meeting[data-ready='true']"),
    ("#/meetings/1/documents", "#meeting[data-ready='true']"),
    ("#/meetings/1/votes", "#meeting[data-ready='true']"),
    ("#/meetings/1/elections", "#meeting[data-ready='true']"),
    ("#/elections", "#elections"),
    ("#/checkin", "#checkin"),
    ("#/documents", "#documents-view"),
    ("#/statistics", "#statistics"),
    ("#/settings", "#settings"),
    ("#/audit", "#audit"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_screen_fits_1024_by_700() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = small_demo(dir.path());
    let driver = Driver::start(&db);
    let client = driver.session().await;
    client.set_window_size(1024, 700).await.expect("1024×700");
    wait_for(&client, "#home[data-ready='true']").await;
    let mut wide = Vec::new();
    for (hash, ready) in PAGES {
        client
            .execute(&format!("window.location.hash = '{hash}'"), vec![])
            .await
            .expect("navigate");
        wait_for(&client, ready).await;
        tokio::time::sleep(Duration::from_millis(400)).await;
        let widths: Value = client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .expect("widths");
        let (scroll, inner) = (
            widths[0].as_i64().unwrap_or(0),
            widths[1].as_i64().unwrap_or(0),
        );
        assert!(inner <= 1024 && inner > 900, "the window is {inner} wide");
        if scroll > inner {
            wide.push(format!("{hash}: {scroll} > {inner}"));
        }
        let name = format!("small{}", hash.replace(['#', '/'], "-"));
        screenshot_if_asked(&client, &name).await;
    }
    assert!(wide.is_empty(), "pages wider than the window: {wide:?}");
}

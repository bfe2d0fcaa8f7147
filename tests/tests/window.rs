//! The real window over WebDriver: the home screen shows the demo's counts in Chinese, and the
//! language switch changes the labels.

use alumni_desk_tests::webdriver::{wait_for, wait_for_text, Driver};
use alumni_desk_tests::{cli, shared_demo};
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn home_shows_demo_counts_in_chinese_and_switches_to_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("window.sqlite3");
    let copied = cli(shared_demo(), &["backup", db.to_str().expect("utf-8")]);
    assert_eq!(copied.code, 0, "{}", copied.stderr);
    let stats = cli(&db, &["stats", "--json"]).json();

    let driver = Driver::start(&db);
    let client = driver.session().await;
    wait_for(&client, "#home[data-ready='true']").await;

    let shown = |n: &serde_json::Value| {
        let n = n.as_u64().expect("count");
        // Thousands separators, as the UI formats counts.
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        wait_for_text(&client, "#stat-members", "20,000").await,
        "20,000"
    );
    for (id, key) in [
        ("branches", "branches"),
        ("meetings", "meetings"),
        ("attendees", "attendees"),
    ] {
        let text = client
            .find(Locator::Css(&format!("#stat-{id}")))
            .await
            .expect(id)
            .text()
            .await
            .expect("text");
        assert_eq!(text, shown(&stats[key]), "{id}");
    }
    assert_eq!(wait_for_text(&client, "#stat-upcoming", "2").await, "2");
    assert_eq!(
        wait_for_text(&client, "#label-members", "校友").await,
        "校友"
    );
    assert_eq!(
        wait_for_text(&client, "#label-branches", "分会").await,
        "分会"
    );
    assert_eq!(
        wait_for_text(&client, "#label-meetings", "会议").await,
        "会议"
    );

    client
        .find(Locator::Css("#lang-toggle"))
        .await
        .expect("language switch")
        .click()
        .await
        .expect("click");
    assert_eq!(
        wait_for_text(&client, "#label-members", "Alumni").await,
        "Alumni"
    );
    assert_eq!(
        wait_for_text(&client, "#label-branches", "Branches").await,
        "Branches"
    );
    assert_eq!(
        wait_for_text(&client, "#label-meetings", "Meetings").await,
        "Meetings"
    );
    // The numbers stay; only the words change.
    assert_eq!(
        wait_for_text(&client, "#stat-members", "20,000").await,
        "20,000"
    );

    client.close().await.expect("close session");
}

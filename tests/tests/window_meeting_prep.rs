//! A meeting prepared from end to end in the real window at 1024×700 (tauri-driver +
//! WebKitWebDriver): create it, add three agenda items (times computed) and a report's text,
//! invite all members of a council term plus two guests (a second invitation of the term is
//! refused with who and where), record a vote on a report — refused without a quorum, then
//! recorded once voters have checked in — and produce the meeting packet.

use alumni_desk_tests::webdriver::{
    click, screenshot_if_asked, text_of, wait_for, wait_for_attribute, wait_for_contains, Driver,
};
use alumni_desk_tests::{cli, small_demo};
use fantoccini::{Client, Locator};
use serde_json::json;
use std::time::Duration;

/// The Enter key, as WebDriver sends it (a newline in a text area).
const ENTER: &str = "\u{E007}";

/// WebKit's screenshot can show the frame before the last change: let it paint first.
async fn picture(client: &Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(600)).await;
    screenshot_if_asked(client, name).await;
}

/// Sets a form control's value the way a user's pick would (date-time fields and selects do
/// not take typed keys dependably in WebKitWebDriver).
async fn set_value(client: &Client, css: &str, value: &str) {
    client
        .execute(
            "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
             e.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![json!(css), json!(value)],
        )
        .await
        .expect("set value");
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let field = wait_for(client, css).await;
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

async fn open_tab(client: &Client, tab: &str) {
    click(client, &format!("#tab-{tab}")).await;
    wait_for(
        client,
        &format!("#meeting[data-tab='{tab}'][data-ready='true']"),
    )
    .await;
}

/// Picks the first council term (the one with council members) in the invitation panel.
async fn pick_first_term(client: &Client) {
    client
        .execute(
            "const s = document.getElementById('invite-term'); \
             s.value = [...s.options].find((o) => o.textContent.includes('1')).value;",
            vec![],
        )
        .await
        .expect("pick the first term");
}

async fn count_rows(client: &Client, css: &str) -> usize {
    client
        .find_all(Locator::Css(css))
        .await
        .expect("rows")
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_is_created_prepared_voted_on_and_its_packet_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, _) = small_demo(dir.path());
    let driver = Driver::start(&db);
    let client = driver.session().await;
    client.set_window_size(1024, 700).await.expect("1024×700");

    // Create the meeting: times typed as the association's wall clock.
    wait_for(&client, "#home[data-ready='true']").await;
    client
        .execute("window.location.hash = '#/meetings'", vec![])
        .await
        .expect("meetings");
    wait_for(&client, "#meetings[data-ready='true']").await;
    click(&client, "#new-meeting").await;
    type_into(&client, "#mf-title", "第二届理事会第二次会议").await;
    set_value(&client, "#mf-kind", "council").await;
    set_value(&client, "#mf-starts", "2030-09-01T09:00").await;
    type_into(&client, "#mf-venue", "行政楼第一会议室").await;
    // A small quorum of this meeting's own, so that a few check-ins reach it.
    type_into(&client, "#mf-quorum-n", "1").await;
    type_into(&client, "#mf-quorum-d", "50").await;
    click(&client, "#meeting-form-save").await;
    wait_for_attribute(&client, "#meeting", "data-ready", "true").await;
    let meeting: i64 = client
        .find(Locator::Css("#meeting"))
        .await
        .expect("workspace")
        .attr("data-meeting-id")
        .await
        .expect("attr")
        .expect("id")
        .parse()
        .expect("number");
    assert!(text_of(&client, "#meeting-date").await.contains("09:00"));
    wait_for(
        &client,
        "#readiness li[data-code='agenda_set'][data-done='false']",
    )
    .await;
    picture(&client, "meeting-overview").await;

    // Three agenda items; each start follows from the one before.
    open_tab(&client, "agenda").await;
    for (title, kind, minutes) in [
        ("开幕", "other", "10"),
        ("审议第二届理事会工作报告", "report", "30"),
        ("闭幕", "other", "5"),
    ] {
        click(&client, "#agenda-add").await;
        type_into(&client, "#ai-title", title).await;
        set_value(&client, "#ai-kind", kind).await;
        type_into(&client, "#ai-minutes", minutes).await;
        click(&client, "#agenda-item-form-save").await;
        wait_for_contains(&client, "#agenda-table", title).await;
    }
    assert_eq!(count_rows(&client, "#agenda-table tbody tr").await, 3);
    assert_eq!(
        text_of(&client, "#agenda-table tr[data-position='2'] .agenda-start").await,
        "09:10"
    );
    assert_eq!(
        text_of(&client, "#agenda-table tr[data-position='3'] .agenda-start").await,
        "09:40"
    );
    // The report's text, typed with a numbered heading.
    click(&client, "#agenda-table tr[data-position='2'] .edit-report").await;
    type_into(
        &client,
        "#report-text",
        &format!("一、过去一年的工作{ENTER}一年来，理事会坚持服务校友、服务学校。"),
    )
    .await;
    click(&client, "#report-form-save").await;
    // A heading and a paragraph: the numbered line was found as a heading.
    wait_for_contains(&client, "#report-saved", "（2 段）").await;
    wait_for_contains(
        &client,
        "#agenda-table tr[data-position='2'] .agenda-report",
        "正文",
    )
    .await;
    picture(&client, "meeting-agenda").await;

    // Invite the first council term, then two guests.
    open_tab(&client, "attendees").await;
    // With nobody on the list yet, the invitation panel is open.
    wait_for(&client, "#invite-panel[open]").await;
    pick_first_term(&client).await;
    click(&client, "#invite-term-go").await;
    let added = wait_for_contains(&client, "#invite-status", "新增").await;
    wait_for(
        &client,
        "#meeting[data-tab='attendees'][data-ready='true'] #attendees-table",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    wait_for(&client, "#attendees-table tbody tr").await;
    let invited = count_rows(&client, "#attendees-table tbody tr").await;
    assert!(invited > 50, "{added}: {invited} rows");
    for (name, unit) in [("张建华", "市教育委员会"), ("李晓梅", "申江理工大学")] {
        click(&client, "#add-guest").await;
        type_into(&client, "#guest-name", name).await;
        type_into(&client, "#guest-unit", unit).await;
        click(&client, "#guest-form-save").await;
        wait_for_contains(&client, "#attendees-table", name).await;
    }
    wait_for_contains(&client, "#count-guest", "2").await;
    // The term again: nobody is added twice, and the list says who is there already and as what.
    pick_first_term(&client).await;
    click(&client, "#invite-term-go").await;
    let again = wait_for_contains(&client, "#invite-status", "已在名单中").await;
    assert!(again.contains("新增 0 人"), "{again}");
    assert!(again.contains("出席"), "{again}");
    // The guests chip filters the list to the two guests.
    click(&client, "button.count-chip[data-chip='guest']").await;
    wait_for_contains(&client, "#attendee-shown", "显示 2").await;
    picture(&client, "meeting-attendees").await;

    // A motion on the report; no vote while nobody has checked in.
    open_tab(&client, "votes").await;
    click(&client, "#motion-add").await;
    type_into(&client, "#motion-title", "第二届理事会工作报告").await;
    set_value(&client, "#motion-kind", "report").await;
    client
        .execute(
            "const s = document.getElementById('motion-item'); s.value = s.options[2].value;",
            vec![],
        )
        .await
        .expect("the report's item");
    click(&client, "#motion-form-save").await;
    wait_for(&client, ".motion-card").await;
    let card = ".motion-card";
    type_into(&client, &format!("{card} input[id$='-yes']"), "2").await;
    type_into(&client, &format!("{card} input[id$='-no']"), "1").await;
    type_into(&client, &format!("{card} input[id$='-abstain']"), "0").await;
    click(&client, &format!("{card} .record-vote")).await;
    wait_for_contains(&client, &format!("{card} .status-line"), "未达到法定人数").await;

    // Three voters check in at the door (the CLI, on the same database).
    let attendees = cli(
        &db,
        &["--json", "attendees", "--meeting", &meeting.to_string()],
    )
    .json();
    let voters: Vec<String> = attendees
        .as_array()
        .expect("list")
        .iter()
        .filter(|a| a["voting"] == true)
        .take(3)
        .map(|a| a["badge_token"].as_str().expect("token").to_owned())
        .collect();
    for token in &voters {
        let run = cli(&db, &["checkin", "--meeting", &meeting.to_string(), token]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    open_tab(&client, "votes").await;
    wait_for_contains(&client, "#votes-quorum", "已达到法定人数").await;
    type_into(&client, &format!("{card} input[id$='-yes']"), "2").await;
    type_into(&client, &format!("{card} input[id$='-no']"), "1").await;
    type_into(&client, &format!("{card} input[id$='-abstain']"), "0").await;
    click(&client, &format!("{card} .record-vote")).await;
    let outcome = wait_for_contains(&client, &format!("{card} .motion-outcome"), "通过").await;
    assert!(outcome.contains("赞成 2"), "{outcome}");
    assert!(outcome.contains("基数 3"), "{outcome}");
    picture(&client, "meeting-votes").await;
    // The CLI sees the same vote.
    let motions = cli(
        &db,
        &["--json", "motions", "--meeting", &meeting.to_string()],
    )
    .json();
    assert_eq!(motions[0]["passed"], true);
    assert_eq!(motions[0]["yes"], 2);
    assert_eq!(motions[0]["base_count"], 3);

    // The packet.
    open_tab(&client, "documents").await;
    click(&client, "#doc-packet").await;
    wait_for_contains(&client, "#doc-file-name", "会议手册").await;
    picture(&client, "meeting-documents").await;
}

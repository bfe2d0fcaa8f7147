//! An election from end to end in the real window (tauri-driver + WebKitWebDriver): set one up
//! with a pasted list, see the quorum warning, print its ballots, record the ballots issued,
//! key ten ballots from the keyboard (one over-marked, one blank, one with a write-in), and
//! see the result with its chart — checked against the CLI's count of the same election.

use alumni_desk_tests::webdriver::{
    click, screenshot_if_asked, text_of, wait_for, wait_for_attribute, wait_for_contains, Driver,
};
use alumni_desk_tests::{cli, small_demo};
use fantoccini::Locator;
use std::time::Duration;

/// WebKit's screenshot can show the frame before the last change: let it paint first.
async fn picture(client: &fantoccini::Client, name: &str) {
    tokio::time::sleep(Duration::from_millis(600)).await;
    screenshot_if_asked(client, name).await;
}

const ENTER: &str = "\u{E007}";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_election_is_set_up_printed_keyed_and_counted_in_the_window() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let driver = Driver::start(&db);
    let client = driver.session().await;

    // Set up: three seats, four candidates pasted in any order, one write-in line.
    client
        .execute(
            &format!("window.location.hash = '#/elections/new?meeting={meeting}'"),
            vec![],
        )
        .await
        .expect("new election");
    wait_for_attribute(&client, "#election-setup", "data-ready", "true").await;
    let title = wait_for(&client, "#setup-title").await;
    title.clear().await.expect("clear");
    title.send_keys("副会长选举").await.expect("title");
    let seats = wait_for(&client, "#setup-seats").await;
    seats.clear().await.expect("clear");
    seats.send_keys("3").await.expect("seats");
    let lines = wait_for(&client, "#setup-write-ins").await;
    lines.clear().await.expect("clear");
    lines.send_keys("1").await.expect("lines");
    wait_for(&client, "#setup-paste")
        .await
        .send_keys(&["赵敏，市教委", "李明", "王芳", "丁一"].join(ENTER))
        .await
        .expect("paste");
    click(&client, "#setup-add-pasted").await;
    wait_for_contains(&client, "#setup-count", "4 名").await;
    click(&client, "#setup-save").await;
    wait_for_attribute(&client, "#election", "data-ready", "true").await;
    let id: i64 = client
        .find(Locator::Css("#election"))
        .await
        .expect("page")
        .attr("data-election")
        .await
        .expect("attr")
        .expect("id")
        .parse()
        .expect("number");
    // Nobody has checked in: the quorum warning shows before any ballot goes out.
    wait_for(&client, "#election-quorum.warn-text").await;
    assert!(text_of(&client, "#election-quorum").await.contains("0 /"));

    // Twelve ballot papers print (the print dialog offers the rendered file).
    let papers = wait_for(&client, "#ballot-count").await;
    papers.send_keys("12").await.expect("count");
    click(&client, "#print-ballots").await;
    wait_for_contains(&client, "#print-file-name", "选票").await;
    assert!(text_of(&client, "#print-file-name").await.ends_with(".pdf"));
    click(&client, "#print-close").await;

    // Twelve ballots issued, confirmed past the quorum warning.
    let issued = wait_for(&client, "#issued-input").await;
    issued.clear().await.expect("clear");
    issued.send_keys("12").await.expect("issued");
    click(&client, "#issue-ballots").await;
    click(&client, ".dialog-actions .btn-primary").await;
    wait_for_attribute(&client, "#election", "data-status", "open").await;

    // Ten ballots keyed. The list is in stroke order: 1 丁一, 2 王芳, 3 李明, 4 赵敏.
    click(&client, "#key-pass-1").await;
    wait_for_attribute(&client, "#keying", "data-ready", "true").await;
    let names = client
        .execute(
            "return [...document.querySelectorAll('#ballot-grid .ballot-name')].map((e) => e.textContent)",
            vec![],
        )
        .await
        .expect("names");
    assert_eq!(names, serde_json::json!(["丁一", "王芳", "李明", "赵敏"]));
    let command = wait_for(&client, "#keying-command").await;
    let papers = [
        "*4-", "*4-", "*4-", "*3-", "*", /* over-marked */
        "/", /* blank */
    ];
    for keys in papers {
        command
            .send_keys(&format!("{keys}{ENTER}"))
            .await
            .expect("key a ballot");
    }
    wait_for_contains(&client, "#keying-count", "6").await;
    // Ballot 7: 丁一 marked and a name written in.
    command.send_keys("/1+").await.expect("mark");
    let write_in = wait_for(&client, ".keying-write-in").await;
    write_in.send_keys("钱七").await.expect("write in");
    wait_for_contains(&client, "#keying-status", "2").await;
    picture(&client, "election-keying").await;
    write_in.send_keys(ENTER).await.expect("save 7");
    wait_for_contains(&client, "#keying-count", "7").await;
    let command = wait_for(&client, "#keying-command").await;
    for keys in ["*2-4-", "*4-", "*4-"] {
        command
            .send_keys(&format!("{keys}{ENTER}"))
            .await
            .expect("key a ballot");
    }
    wait_for_contains(&client, "#keying-count", "10").await;
    assert!(text_of(&client, "#keying-tally").await.contains('1'));
    assert!(
        client
            .find_all(Locator::Css("#keyed-list .keyed-invalid"))
            .await
            .expect("list")
            .len()
            == 1,
        "ballot 5 is listed as invalid"
    );

    // A second clerk keys ballot 1 with a slip: the difference shows at once.
    client
        .execute(
            &format!("window.location.hash = '#/elections/{id}/key?pass=2'"),
            vec![],
        )
        .await
        .expect("pass 2");
    wait_for_attribute(&client, "#keying", "data-pass", "2").await;
    wait_for_attribute(&client, "#keying", "data-ready", "true").await;
    wait_for(&client, "#keying-command")
        .await
        .send_keys(&format!("*3-{ENTER}"))
        .await
        .expect("a slip");
    let differs = wait_for_contains(&client, "#keying-differences", "李明").await;
    assert!(differs.contains("赵敏"), "{differs}");
    picture(&client, "election-keying-pass2").await;
    client
        .execute(
            &format!("window.location.hash = '#/elections/{id}'"),
            vec![],
        )
        .await
        .expect("back");

    // The result: counted by the rules, with the chart and its threshold line.
    wait_for_attribute(&client, "#election", "data-ready", "true").await;
    wait_for(&client, "#election-result").await;
    let figure = |key: &'static str| {
        let client = client.clone();
        async move { text_of(&client, &format!("#result-figures dd[data-figure='{key}']")).await }
    };
    assert_eq!(figure("returned").await, "10");
    assert_eq!(figure("valid").await, "9");
    assert_eq!(figure("invalid").await, "1");
    assert_eq!(figure("blank").await, "1");
    assert_eq!(figure("threshold").await, "6");
    let elected = text_of(&client, "#result-elected").await;
    for name in ["丁一", "王芳", "李明"] {
        assert!(elected.contains(name), "{name} elected: {elected}");
    }
    assert!(!elected.contains("赵敏"));
    let bars = client
        .find_all(Locator::Css("#result-chart .bar-row"))
        .await
        .expect("bars");
    assert_eq!(bars.len(), 5, "four listed and one written in");
    let marks = client
        .find_all(Locator::Css("#result-chart .bar-mark"))
        .await
        .expect("threshold lines");
    assert_eq!(marks.len(), 5, "the threshold line on every bar");
    client
        .execute(
            "document.querySelector('#election-result').scrollIntoView()",
            vec![],
        )
        .await
        .expect("scroll");
    picture(&client, "election-result").await;

    // The window's count is the CLI's count of the same ballots.
    let json = cli(
        &db,
        &[
            "--json",
            "election",
            "result",
            "--election",
            &id.to_string(),
        ],
    )
    .json();
    assert_eq!(json["returned"], 10);
    assert_eq!(json["invalid"], 1);
    assert_eq!(json["blank"], 1);
    let agree = |name: &str| {
        json["candidates"]
            .as_array()
            .expect("candidates")
            .iter()
            .find(|c| c["name"] == name)
            .map(|c| c["agree"].as_i64().expect("agree"))
    };
    assert_eq!(agree("丁一"), Some(8));
    assert_eq!(agree("王芳"), Some(6));
    assert_eq!(agree("李明"), Some(6));
    assert_eq!(agree("赵敏"), Some(1));
    assert_eq!(agree("钱七"), Some(1));

    // The seed-sized council ballot: 140 names drawn in the paper's grid; "all agree" and the
    // eleven names crossed out make a valid ballot of 129.
    let listed = cli(
        &db,
        &["--json", "elections", "--meeting", &meeting.to_string()],
    )
    .json();
    let council = listed
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["body"] == "council")
        .expect("the demo council election")["id"]
        .as_i64()
        .expect("id");
    let issued = cli(
        &db,
        &[
            "election",
            "issue",
            "--election",
            &council.to_string(),
            "--issued",
            "412",
        ],
    );
    assert_eq!(issued.code, 0, "{}", issued.stderr);
    client
        .execute(
            &format!("window.location.hash = '#/elections/{council}/key?pass=1'"),
            vec![],
        )
        .await
        .expect("keying");
    wait_for_attribute(&client, "#keying", "data-ready", "true").await;
    let cells = client
        .find_all(Locator::Css("#ballot-grid .ballot-cell"))
        .await
        .expect("cells");
    assert_eq!(cells.len(), 140);
    let command = wait_for(&client, "#keying-command").await;
    command
        .send_keys("*3-17-25-38-46-59-63-77-84-98-112-")
        .await
        .expect("keys");
    wait_for_contains(&client, "#keying-status", "129").await;
    assert!(
        client
            .find_all(Locator::Css(
                "#ballot-grid .ballot-cell[data-mark='disagree']"
            ))
            .await
            .expect("crossed out")
            .len()
            == 11
    );
    picture(&client, "election-keying-140").await;
    command.send_keys(ENTER).await.expect("save");
    wait_for_contains(&client, "#keying-status", "1").await;
    wait_for(&client, "#keyed-list .keyed-item").await;
    client.close().await.expect("close");
}

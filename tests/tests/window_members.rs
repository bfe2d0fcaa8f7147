//! The members area in the real window: type pinyin initials in the search box, open the record,
//! edit a field, and find the change in the audit log.

use alumni_desk_tests::webdriver::{text_of, wait_for, wait_for_contains, Driver};
use alumni_desk_tests::{cli, shared_demo};
use fantoccini::Locator;

/// The demo's first member: a compound surname (欧阳) with the longest unit of the demo.
const NAME: &str = "欧阳思睿";
const INITIALS: &str = "oysr";
const NEW_EMPLOYER: &str = "江城新能源科技有限公司";

#[tokio::test(flavor = "multi_thread")]
async fn initials_search_open_edit_and_audit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("members.sqlite3");
    let copied = cli(shared_demo(), &["backup", db.to_str().expect("utf-8")]);
    assert_eq!(copied.code, 0, "{}", copied.stderr);

    let driver = Driver::start(&db);
    let client = driver.session().await;
    wait_for(&client, "#home[data-ready='true']").await;
    client
        .find(Locator::Css("#nav-members"))
        .await
        .expect("nav")
        .click()
        .await
        .expect("click");
    wait_for(&client, "#members[data-ready='true']").await;

    let search = wait_for(&client, "#member-search").await;
    search.send_keys(INITIALS).await.expect("type");
    assert!(
        wait_for_contains(&client, "#member-results .member-row", NAME)
            .await
            .contains(NAME),
        "typing {INITIALS} lists {NAME}"
    );
    // Enter opens the first hit; the initials match only this member.
    search.send_keys("\u{E007}").await.expect("enter");
    wait_for(&client, "#member-detail[data-ready='true']").await;
    assert!(text_of(&client, "#member-detail").await.contains(NAME));

    client
        .find(Locator::Css("#member-edit"))
        .await
        .expect("edit")
        .click()
        .await
        .expect("click");
    wait_for(&client, "#member-form").await;
    let employer = wait_for(&client, "#field-employer").await;
    employer.clear().await.expect("clear");
    employer.send_keys(NEW_EMPLOYER).await.expect("type");
    client
        .find(Locator::Css("#member-save"))
        .await
        .expect("save")
        .click()
        .await
        .expect("click");
    assert!(
        wait_for_contains(&client, "#member-detail[data-ready='true']", NEW_EMPLOYER)
            .await
            .contains(NEW_EMPLOYER),
        "the record shows the new employer"
    );

    client
        .execute("window.location.hash = '#/audit'", vec![])
        .await
        .expect("navigate");
    wait_for(&client, "#audit[data-ready='true']").await;
    assert!(
        wait_for_contains(&client, ".audit-row", NEW_EMPLOYER)
            .await
            .contains(NEW_EMPLOYER),
        "the audit log shows the change"
    );
    client.close().await.expect("close");

    // The change is in the database, with its audit entry.
    let after = cli(&db, &["members", "search", INITIALS, "--json"]).json();
    let hit = after
        .as_array()
        .and_then(|hits| hits.iter().find(|h| h["name"] == NAME))
        .unwrap_or_else(|| panic!("{NAME} in {after}"));
    assert_eq!(hit["employer"], NEW_EMPLOYER, "{hit}");
}

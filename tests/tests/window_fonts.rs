//! A name no font can draw, in the real window: the documents panel says whose it is instead of
//! a bare error, and "仍然打印，标记待手工更正" prints the document with the name marked.

use alumni_desk_tests::meeting_of;
use alumni_desk_tests::webdriver::{click, text_of, wait_for, wait_for_contains, Driver};

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_names_the_person_and_the_staff_print_it_marked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("rare.sqlite3");
    // 赵孟𫖯 and 吉𠮷 print with the fallback faces; U+E000 (private use) with none.
    let meeting = meeting_of(&db, &["赵孟𫖯", "吉𠮷", "张\u{E000}"]);

    let driver = Driver::start(&db);
    let client = driver.session().await;
    // A register without members opens on the welcome page; the meeting is one link away.
    wait_for(
        &client,
        "#welcome[data-ready='true'], #home[data-ready='true']",
    )
    .await;
    client
        .execute(
            &format!("window.location.hash = '#/meetings/{meeting}/documents'"),
            vec![],
        )
        .await
        .expect("navigate");
    wait_for(&client, "#meeting[data-ready='true']").await;

    click(&client, "#doc-sign_in").await;
    let refused = wait_for_contains(&client, "#doc-refused", "张□").await;
    assert!(
        refused.contains("签到表") && refused.contains("姓名"),
        "{refused}"
    );
    assert!(!refused.contains("赵孟"), "the rare names print: {refused}");

    click(&client, "#doc-print-marked").await;
    wait_for(&client, "#doc-result").await;
    let notice = text_of(&client, "#doc-notice").await;
    assert!(
        notice.contains("张□") && notice.contains("手工更正"),
        "{notice}"
    );
    assert!(text_of(&client, "#doc-file-name")
        .await
        .starts_with("签到表-"));
}

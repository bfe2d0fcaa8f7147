//! Captures the main views of the real window as PNGs, for the README and for review:
//! `xvfb-run -a cargo run -p alumni-desk-tests --example screenshots -- DB OUT_DIR [en]`
//! (DB: a demo database; start with `TZ=Asia/Shanghai` to show China time).

use std::path::PathBuf;

use alumni_desk_tests::webdriver::{wait_for, Driver};
use fantoccini::Locator;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: screenshots DB OUT_DIR [en]");
        std::process::exit(2);
    };
    let english = args.next().as_deref() == Some("en");
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("output folder");

    let driver = Driver::start(&PathBuf::from(db));
    let client = driver.session().await;
    wait_for(&client, "#home[data-ready='true']").await;
    if english {
        client
            .find(Locator::Css("#lang-toggle"))
            .await
            .expect("switch")
            .click()
            .await
            .expect("click");
    }
    let views = [
        ("home", "#/home", "#home[data-ready='true']"),
        ("meeting", "#/meetings/1", "#meeting[data-ready='true']"),
        ("settings", "#/settings", "#settings[data-ready='true']"),
        ("audit", "#/audit", "#audit[data-ready='true']"),
        ("members", "#/members", "#members[data-ready='true']"),
        ("member", "#/members/1", "#member-detail[data-ready='true']"),
        ("member-edit", "#/members/1/edit", "#member-form"),
        ("branches", "#/branches", "#branches[data-ready='true']"),
        ("council", "#/council", "#council[data-ready='true']"),
        (
            "statistics",
            "#/statistics",
            "#statistics[data-ready='true']",
        ),
        ("import", "#/members/import", "#member-import"),
        (
            "duplicates",
            "#/members/review?tab=duplicates",
            "#member-review[data-ready='true']",
        ),
    ];
    for (name, hash, ready) in views {
        client
            .execute(&format!("window.location.hash = '{hash}'"), vec![])
            .await
            .expect("navigate");
        wait_for(&client, ready).await;
        if name == "members" {
            let search = wait_for(&client, "#member-search").await;
            search.send_keys("wang").await.expect("type");
        }
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        let png = client.screenshot().await.expect("screenshot");
        let path = out.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("write");
        println!("{}", path.display());
    }
    client.close().await.expect("close");
}

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

    // The print dialog lists printers from CUPS; a fake `lpstat` (and no `lp`, so nothing can
    // print) shows two office printers where the machine has none.
    let fake = tempfile::tempdir().expect("tempdir");
    fake_lpstat(fake.path());

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
            "documents",
            "#/documents",
            "#documents-view[data-ready='true']",
        ),
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

    // The meeting's documents panel after rendering the sign-in sheet, then its print dialog.
    client
        .execute("window.location.hash = '#/meetings/1'", vec![])
        .await
        .expect("navigate");
    wait_for(&client, "#meeting[data-ready='true']").await;
    client
        .find(Locator::Css("#doc-sign_in"))
        .await
        .expect("sign-in sheet")
        .click()
        .await
        .expect("click");
    wait_for(&client, "#doc-result").await;
    shoot(&client, &out, "meeting-documents").await;
    client
        .find(Locator::Css("#doc-print"))
        .await
        .expect("print")
        .click()
        .await
        .expect("click");
    wait_for(&client, "#print-printer option[value='Front_Desk']").await;
    shoot(&client, &out, "print-dialog").await;
    // 补打胸卡 on the first attendee: the print dialog with save and open as well.
    for css in ["#print-close", "#attendees-table .reprint-badge"] {
        client
            .find(Locator::Css(css))
            .await
            .expect(css)
            .click()
            .await
            .expect("click");
    }
    wait_for(&client, "#print-save").await;
    wait_for(&client, "#print-printer option[value='Front_Desk']").await;
    shoot(&client, &out, "badge-reprint").await;
    client.close().await.expect("close");
}

async fn shoot(client: &fantoccini::Client, out: &std::path::Path, name: &str) {
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let png = client.screenshot().await.expect("screenshot");
    let path = out.join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write");
    println!("{}", path.display());
}

/// Puts a fake `lpstat` naming two printers (`Front_Desk` the default) first on PATH; the
/// environment reaches the app through tauri-driver.
fn fake_lpstat(dir: &std::path::Path) {
    let script = "#!/bin/sh\ncase \"$1\" in\n  -e) printf 'Office_Laser\\nFront_Desk\\n' ;;\n  \
                  -d) echo 'system default destination: Front_Desk' ;;\n  *) exit 1 ;;\nesac\n";
    let path = dir.join("lpstat");
    std::fs::write(&path, script).expect("write lpstat");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let mut dirs = vec![dir.to_owned()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::set_var("PATH", std::env::join_paths(dirs).expect("PATH"));
}

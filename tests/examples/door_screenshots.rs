//! Pictures of the door for the README, from a station's browser on a realistic morning:
//! `cargo run -p alumni-desk-tests --example door_screenshots -- DB OUT_DIR [WIDTHxHEIGHT]`
//! (DB: a fresh demo database, which this fills with check-ins). About 300 of the 420 arrive
//! over the last hour through the door server (as replayed scans with their own times), then
//! the station shows a scan (green), a second scan (amber), a misread badge (red), a search,
//! the live view, and — the host stopped — a queued scan (blue). Needs chromium-driver.

use std::path::{Path, PathBuf};

use alumni_desk_tests::cli;
use alumni_desk_tests::door::Server;
use alumni_desk_tests::webdriver::{click, wait_for, wait_for_attribute, Chrome};
use chrono_free::minutes_ago;
use fantoccini::Client;
use serde_json::{json, Value};

const ENTER: &str = "\u{E007}";

/// Times without a date library: RFC 3339 UTC from the system clock.
mod chrono_free {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    pub fn minutes_ago(minutes: u64) -> String {
        let at = SystemTime::now() - Duration::from_secs(minutes * 60);
        let secs = at.duration_since(UNIX_EPOCH).expect("after 1970").as_secs();
        let (days, rest) = (secs / 86_400, secs % 86_400);
        let (y, m, d) = civil(days as i64);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        )
    }

    /// Days since 1970-01-01 → (year, month, day), Howard Hinnant's algorithm.
    fn civil(z: i64) -> (i64, u32, u32) {
        let z = z + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }
}

async fn shot(client: &Client, out: &Path, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    std::fs::write(out.join(format!("{name}.png")), png).expect("write");
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(out)) = (args.next(), args.next()) else {
        eprintln!("usage: door_screenshots DB OUT_DIR [WIDTHxHEIGHT]");
        std::process::exit(2);
    };
    // The browser window (1366 × 768 by default: the usual door laptop).
    let (width, height) = args
        .next()
        .and_then(|size| {
            let (w, h) = size.split_once('x')?;
            Some((w.parse().ok()?, h.parse().ok()?))
        })
        .unwrap_or((1366, 768));
    let (db, out) = (PathBuf::from(db), PathBuf::from(out));
    std::fs::create_dir_all(&out).expect("output folder");
    let people: Vec<Value> = cli(&db, &["--json", "attendees", "--meeting", "1"])
        .json()
        .as_array()
        .expect("list")
        .clone();
    let mut server = Server::start_on(&db, 1, "127.0.0.1:18770", Some("screenshot-pairing-secret"));
    // A morning: arrivals over the last hour, most in the half hour before the start.
    let stations = ["东门 1", "东门 2", "西门"];
    for (i, person) in people.iter().enumerate().take(380) {
        if i % 5 == 4 {
            continue;
        }
        let minutes = 60 - (i * 60 / 380).min(59) as u64;
        let minutes = if i % 3 == 0 {
            minutes
        } else {
            minutes.saturating_sub(10).max(1)
        };
        let reply = server.call(
            "POST",
            "/api/checkin",
            Some(&json!({
                "token": person["badge_token"], "station": stations[i % 3],
                "event_id": format!("morning-{i}"), "queued_at": minutes_ago(minutes),
            })),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let chrome = Chrome::start();
    let client = chrome.session(width, height).await;
    client.goto(&server.url).await.expect("pairing address");
    wait_for(&client, "#station-name")
        .await
        .send_keys("东门 1")
        .await
        .expect("name");
    click(&client, "#station-start").await;
    wait_for_attribute(&client, "#door", "data-ready", "true").await;
    let input = wait_for(&client, "#door-input").await;
    let late = people
        .iter()
        .skip(380)
        .find(|p| p["category"] == "delegate")
        .or_else(|| people.get(380))
        .expect("someone late");
    let token = late["badge_token"].as_str().expect("token");
    input
        .send_keys(&format!("{token}{ENTER}"))
        .await
        .expect("scan");
    wait_for_attribute(&client, "#door-result", "data-result", "ok").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    shot(&client, &out, "door-green").await;
    input
        .send_keys(&format!("{token}{ENTER}"))
        .await
        .expect("again");
    wait_for_attribute(&client, "#door-result", "data-result", "already").await;
    shot(&client, &out, "door-amber").await;
    let typo = format!("{}{}", &token[..11], (token.as_bytes()[11] - b'0' + 1) % 10);
    input
        .send_keys(&format!("{typo}{ENTER}"))
        .await
        .expect("typo");
    wait_for_attribute(&client, "#door-result", "data-result", "unknown").await;
    shot(&client, &out, "door-red").await;
    input.send_keys("liu").await.expect("search");
    wait_for(&client, "#door-hits li").await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    shot(&client, &out, "door-search").await;
    input.send_keys("\u{E00C}").await.expect("escape");

    click(&client, "#station-view").await;
    wait_for_attribute(&client, "#live", "data-ready", "true").await;
    shot(&client, &out, "live-view").await;
    click(&client, "#station-view").await;
    wait_for_attribute(&client, "#door", "data-ready", "true").await;

    server.stop();
    let input = wait_for(&client, "#door-input").await;
    let next = people
        .iter()
        .skip(381)
        .find(|p| p["category"] == "delegate")
        .expect("next");
    input
        .send_keys(&format!(
            "{}{ENTER}",
            next["badge_token"].as_str().expect("token")
        ))
        .await
        .expect("scan");
    wait_for_attribute(&client, "#door-result", "data-result", "queued").await;
    shot(&client, &out, "door-queued").await;
    client.close().await.expect("close");
    println!("wrote {}", out.display());
}

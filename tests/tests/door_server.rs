//! The door server over HTTP on loopback, as stations use it: the pairing secret guards every
//! request, malformed bodies are refused, ten stations at once count everyone once, a server
//! killed mid-burst loses no confirmed check-in, and stations hear each other live.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use alumni_desk_tests::door::{request, Server};
use alumni_desk_tests::{attendees, cli, keys, small_demo, DOOR_FIELDS};
use rusqlite::Connection;
use serde_json::{json, Value};

fn tokens(db: &Path, meeting: i64) -> Vec<(i64, String)> {
    attendees(db, meeting)
        .iter()
        .map(|a| {
            (
                a["id"].as_i64().expect("id"),
                a["badge_token"].as_str().expect("token").to_owned(),
            )
        })
        .collect()
}

fn events(db: &Path) -> i64 {
    Connection::open(db)
        .expect("open")
        .query_row("SELECT count(*) FROM checkin_events", [], |r| r.get(0))
        .expect("count")
}

/// A small seeded generator: the same run every time, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn requests_without_the_secret_with_a_wrong_one_or_malformed_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let token = tokens(&db, meeting)[0].1.clone();
    let server = Server::start(&db, meeting, None);
    let good = json!({ "token": token, "station": "东门", "event_id": "e-1" }).to_string();
    let routes = [
        ("POST", "/api/checkin", Some(good.as_str())),
        ("POST", "/api/undo", Some(good.as_str())),
        (
            "POST",
            "/api/walk-in",
            Some(r#"{"name":"陈晨","station":"东门","event_id":"w-1"}"#),
        ),
        ("GET", "/api/search?q=liu", None),
        ("GET", "/api/attendance", None),
        ("GET", "/api/events", None),
        ("GET", "/api/meeting", None),
        ("GET", "/api/stations", None),
        ("GET", "/api/walk-in/1/badge", None),
    ];
    let wrong = format!("Bearer {}x", server.key);
    let near = format!("Bearer {}", &server.key[..server.key.len() - 1]);
    for (method, path, body) in routes {
        for auth in [
            None,
            Some("Bearer "),
            Some(wrong.as_str()),
            Some(near.as_str()),
            Some(server.key.as_str()),
        ] {
            let reply = request(&server.address, method, path, auth, body).expect("answer");
            assert_eq!(
                reply.status, 401,
                "{method} {path} with {auth:?}: {}",
                reply.body
            );
            assert_eq!(reply.json()["error"]["kind"], "forbidden");
        }
    }
    let malformed = [
        "not json",
        "{}",
        r#"{"station":"东门","event_id":"m-1"}"#,
        r#"{"token":1,"station":"东门","event_id":"m-2"}"#,
        &format!(r#"{{"token":"{token}","attendee_id":1,"station":"东门","event_id":"m-3"}}"#),
        &format!(r#"{{"token":"{token}","station":"","event_id":"m-4"}}"#),
        &format!(r#"{{"token":"{token}","station":"东门","event_id":"has spaces"}}"#),
        &format!(
            r#"{{"token":"{token}","station":"东门","event_id":"m-5","queued_at":"yesterday"}}"#
        ),
        &format!(r#"{{"token":"{token}","station":"东门","event_id":"m-6","method":"teleport"}}"#),
    ];
    for body in malformed {
        for path in ["/api/checkin", "/api/undo"] {
            let reply = server.call_raw("POST", path, Some(body));
            assert_eq!(reply.status, 400, "{path} {body}: {}", reply.body);
            assert_eq!(reply.json()["error"]["kind"], "invalid_input", "{body}");
        }
    }
    for body in [
        "[]",
        r#"{"name":"  ","station":"东门","event_id":"w-2"}"#,
        r#"{"station":"东门","event_id":"w-3"}"#,
    ] {
        let reply = server.call_raw("POST", "/api/walk-in", Some(body));
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
    }
    let reply = server.call_raw("GET", "/api/search", None);
    assert_eq!(reply.status, 400, "search without q");
    assert_eq!(events(&db), 0, "nothing was checked in");
    let walk_ins: i64 = Connection::open(&db)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM attendees WHERE walk_in = 1",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(walk_ins, 0, "nobody was added");
    // And with the secret, the same badge checks in.
    let reply = server.call(
        "POST",
        "/api/checkin",
        Some(&serde_json::from_str(&good).expect("json")),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.json()["result"], "checked_in");
    assert_eq!(events(&db), 1);
}

trait RawCall {
    fn call_raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> alumni_desk_tests::door::Reply;
}

impl RawCall for Server {
    fn call_raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
    ) -> alumni_desk_tests::door::Reply {
        request(
            &self.address,
            method,
            path,
            Some(&format!("Bearer {}", self.key)),
            body,
        )
        .expect("answer")
    }
}

#[test]
fn ten_stations_scanning_in_random_order_with_retries_count_everyone_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let people = tokens(&db, meeting);
    assert_eq!(people.len(), 420);
    // Every badge 1–3 times, shuffled, dealt to ten stations; one request in five is sent twice
    // with the same event id (a station that did not get the answer retries).
    let mut rng = Rng(0x5eed_2026);
    let mut scans: Vec<(String, String)> = Vec::new();
    for (i, (_, token)) in people.iter().enumerate() {
        for n in 0..=rng.below(3) {
            scans.push((token.clone(), format!("scan-{i}-{n}")));
        }
    }
    for i in (1..scans.len()).rev() {
        let j = rng.below(i + 1);
        scans.swap(i, j);
    }
    let server = Server::start(&db, meeting, None);
    let scans = Arc::new(scans);
    let answers = Arc::new(Mutex::new(Vec::new()));
    let stations: Vec<_> = (0..10)
        .map(|s| {
            let (scans, answers) = (scans.clone(), answers.clone());
            let (address, key) = (server.address.clone(), server.key.clone());
            thread::spawn(move || {
                let mut rng = Rng(0x1234 + s as u64);
                for (token, event_id) in scans.iter().skip(s).step_by(10) {
                    let body = json!({ "token": token, "station": format!("门{s}"), "event_id": event_id }).to_string();
                    let times = if rng.below(5) == 0 { 2 } else { 1 };
                    for _ in 0..times {
                        let reply = request(&address, "POST", "/api/checkin", Some(&format!("Bearer {key}")), Some(&body))
                            .expect("answer");
                        assert_eq!(reply.status, 200, "{}", reply.body);
                        let value = reply.json();
                        answers.lock().expect("lock").push((
                            value["result"].as_str().unwrap_or_default().to_owned(),
                            value["attendee"]["id"].as_i64().unwrap_or_default(),
                            value["replayed"].as_bool().unwrap_or_default(),
                        ));
                    }
                }
            })
        })
        .collect();
    for station in stations {
        station.join().expect("station");
    }
    let answers = answers.lock().expect("lock");
    let first_admissions: Vec<i64> = answers
        .iter()
        .filter(|(result, _, replayed)| result == "checked_in" && !replayed)
        .map(|(_, id, _)| *id)
        .collect();
    assert_eq!(
        first_admissions.len(),
        420,
        "each attendee admitted exactly once"
    );
    assert_eq!(first_admissions.iter().collect::<HashSet<_>>().len(), 420);
    assert!(answers
        .iter()
        .all(|(result, ..)| result == "checked_in" || result == "already"));
    let attendance = server.call("GET", "/api/attendance", None).json();
    assert_eq!(attendance["present"], 420);
    assert_eq!(attendance["expected"], 420);
    let conn = Connection::open(&db).expect("open");
    let per_attendee: Vec<i64> = conn
        .prepare("SELECT count(*) FROM checkin_events WHERE meeting_id = ?1 GROUP BY attendee_id")
        .expect("prepare")
        .query_map([meeting], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(per_attendee.len(), 420);
    assert!(
        per_attendee.iter().all(|n| *n == 1),
        "one event per attendee"
    );
    let stations = server.call("GET", "/api/stations", None).json();
    assert_eq!(stations.as_array().expect("list").len(), 10);
}

#[test]
fn a_server_killed_mid_burst_keeps_every_confirmed_check_in() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let people = tokens(&db, meeting);
    let mut server = Server::start(&db, meeting, Some("a-fixed-secret-for-the-kill-test"));
    let confirmed = Arc::new(Mutex::new(HashMap::new()));
    let stations: Vec<_> = (0..4)
        .map(|s| {
            let confirmed = confirmed.clone();
            let (address, key) = (server.address.clone(), server.key.clone());
            let mine: Vec<(i64, String)> = people.iter().skip(s).step_by(4).cloned().collect();
            thread::spawn(move || {
                for (id, token) in mine {
                    let body = json!({ "token": token, "station": format!("门{s}"), "event_id": format!("k-{id}") }).to_string();
                    // Once the server is gone, requests fail: the station would queue them.
                    let Ok(reply) = request(&address, "POST", "/api/checkin", Some(&format!("Bearer {key}")), Some(&body)) else {
                        break;
                    };
                    if reply.status == 200 && reply.json()["result"] == "checked_in" {
                        confirmed.lock().expect("lock").insert(id, token);
                    }
                }
            })
        })
        .collect();
    // Let the burst run, then kill the server without warning.
    while confirmed.lock().expect("lock").len() < 60 {
        thread::sleep(Duration::from_millis(5));
    }
    server.kill_hard();
    for station in stations {
        station.join().expect("station");
    }
    let confirmed = confirmed.lock().expect("lock").clone();
    assert!(
        confirmed.len() >= 60 && confirmed.len() < 420,
        "killed mid-burst: {}",
        confirmed.len()
    );

    let conn = Connection::open(&db).expect("open");
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity");
    assert_eq!(integrity, "ok");
    drop(conn);
    // Restarted, the server knows every check-in it confirmed.
    let server = Server::start(&db, meeting, Some("a-fixed-secret-for-the-kill-test"));
    let present: HashSet<i64> = cli(
        &db,
        &["--json", "attendees", "--meeting", &meeting.to_string()],
    )
    .json()
    .as_array()
    .expect("list")
    .iter()
    .filter(|a| !a["checked_in_at"].is_null())
    .map(|a| a["id"].as_i64().expect("id"))
    .collect();
    for id in confirmed.keys() {
        assert!(
            present.contains(id),
            "confirmed check-in of attendee {id} was lost"
        );
    }
    // A station replaying its last request after the restart gets the first answer again.
    let (id, token) = confirmed.iter().next().expect("one");
    let reply = server.call(
        "POST",
        "/api/checkin",
        Some(&json!({ "token": token, "station": "门0", "event_id": format!("k-{id}") })),
    );
    assert_eq!(reply.json()["replayed"], true, "{}", reply.body);
    assert_eq!(events(&db), present.len() as i64);
}

/// Reads one server-sent event named `door` from an open stream; its data as JSON.
fn next_door_event(reader: &mut BufReader<TcpStream>) -> Value {
    let mut name = String::new();
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).expect("stream");
        assert!(n > 0, "stream ended");
        let line = line.trim_end();
        if let Some(rest) = line.strip_prefix("event:") {
            name = rest.trim().to_owned();
        } else if let Some(data) = line.strip_prefix("data:") {
            if name == "door" {
                return serde_json::from_str(data.trim()).expect("event JSON");
            }
        }
    }
}

#[test]
fn stations_hear_each_others_check_ins_live_and_only_door_fields_leave_the_host() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let people = tokens(&db, meeting);
    let server = Server::start(&db, meeting, None);
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        stream,
        "GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nX-Station: %E8%A5%BF%E9%97%A8\r\n\r\n",
        server.key
    )
    .expect("subscribe");
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("status line");
    assert!(status.contains("200"), "{status}");
    // Give the subscription a moment to be registered before the check-in.
    thread::sleep(Duration::from_millis(300));
    let reply = server.call(
        "POST",
        "/api/checkin",
        Some(&json!({ "token": people[3].1, "station": "东门", "event_id": "live-1" })),
    );
    assert_eq!(reply.status, 200);
    let event = next_door_event(&mut reader);
    assert_eq!(event["kind"], "check_in");
    assert_eq!(event["outcome"]["station"], "东门");
    assert_eq!(event["outcome"]["attendee"]["id"], people[3].0);
    // What a door sees of a person: no badge token, no unmasked phone, no ID number.
    assert_eq!(keys(&event["outcome"]["attendee"]), DOOR_FIELDS);
    let search = server.call("GET", "/api/search?q=1", None).json();
    for hit in search.as_array().expect("hits") {
        assert!(hit.get("badge_token").is_none());
        if let Some(phone) = hit["phone_masked"].as_str() {
            assert!(phone.contains("****"), "{phone}");
        }
    }
    let stations = server.call("GET", "/api/stations", None).json();
    let names: Vec<&str> = stations
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|s| s["station"].as_str())
        .collect();
    assert!(
        names.contains(&"西门") && names.contains(&"东门"),
        "{names:?}"
    );

    // A walk-in's badge goes to the station that added them; nobody else's leaves the host.
    let walk_in = server.call(
        "POST",
        "/api/walk-in",
        Some(
            &json!({ "name": "陈现场", "unit": "市教委", "station": "东门", "event_id": "w-live" }),
        ),
    );
    assert_eq!(walk_in.status, 200, "{}", walk_in.body);
    let id = walk_in.json()["attendee"]["id"].as_i64().expect("id");
    let badge = server.call("GET", &format!("/api/walk-in/{id}/badge"), None);
    assert_eq!(badge.status, 200);
    assert!(badge.body.starts_with("%PDF"), "a PDF");
    let invited = server.call("GET", &format!("/api/walk-in/{}/badge", people[3].0), None);
    assert_eq!(
        invited.status, 404,
        "an invited attendee's badge stays on the host"
    );
}

#[test]
fn long_writes_are_refused_while_the_door_server_runs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let csv = dir.path().join("校友.csv");
    std::fs::write(&csv, "姓名,手机\n测试甲,13900000001\n").expect("csv");
    let mut server = Server::start(&db, meeting, None);
    let run = cli(
        &db,
        &["--json", "members", "import", csv.to_str().expect("path")],
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.json()["error"]["kind"], "door_open");
    assert!(run.stderr.contains("会员代表大会"), "{}", run.stderr);
    assert_eq!(server.stop(), Some(0), "SIGTERM stops the server cleanly");
    let run = cli(
        &db,
        &["--json", "members", "import", csv.to_str().expect("path")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["inserted"], 1);
}

#[test]
fn the_station_page_and_its_scripts_are_served_with_a_strict_policy() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (db, meeting) = small_demo(dir.path());
    let server = Server::start(&db, meeting, None);
    for path in [
        "/door.html",
        "/station.js",
        "/api.js",
        "/views/door.js",
        "/styles/door.css",
    ] {
        let reply = request(&server.address, "GET", path, None, None).expect("answer");
        assert_eq!(reply.status, 200, "{path}");
    }
    for path in ["/../Cargo.toml", "/nothing.js"] {
        let reply = request(&server.address, "GET", path, None, None).expect("answer");
        assert_eq!(reply.status, 404, "{path}");
    }
    assert!(server.url.contains("/door.html#key="), "{}", server.url);
}

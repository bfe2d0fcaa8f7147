//! The door under load, over loopback HTTP against a real `alumni-desk serve` (release build):
//! scan-to-durable-confirm latency (median, p99, max) and sustained throughput with 1, 3 and
//! 10 stations scanning as fast as they can, each on its own keep-alive connection; the door's
//! search at the demo's 420 attendees and at a 5,000-attendee meeting; and check-ins while an
//! import of 100,000 rows is attempted (the door is open, so the import is refused at once —
//! the figure shows the door never notices it).
//!
//! Run: `cargo bench -p alumni-desk --bench door`. Prints a table; never fails. Issue 10's goal:
//! p99 under 10 ms at 10 stations. Not part of `make test`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use alumni_core::meetings::{self, Category, MeetingKind, NewAttendee, NewMeeting};
use alumni_core::storage;
use serde_json::{json, Value};

/// The binary measured: the release build of this package.
const BIN: &str = env!("CARGO_BIN_EXE_alumni-desk");
const SECRET: &str = "door-benchmark-secret-0001";
const BIG_MEETING_ATTENDEES: usize = 5_000;

struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(db: &Path, meeting: i64) -> Server {
        let mut child = Command::new(BIN)
            .arg("--db")
            .arg(db)
            .args([
                "serve",
                "--meeting",
                &meeting.to_string(),
                "--bind",
                "127.0.0.1:0",
            ])
            .args(["--secret", SECRET])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("pairing address");
        let address = line
            .trim()
            .trim_start_matches("http://")
            .split('/')
            .next()
            .expect("address")
            .to_owned();
        Server { child, address }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// One keep-alive HTTP/1.1 connection, as a station's browser keeps one.
struct Station {
    stream: BufReader<TcpStream>,
    address: String,
}

impl Station {
    fn connect(address: &str) -> Station {
        let stream = TcpStream::connect(address).expect("connect");
        stream.set_nodelay(true).expect("nodelay");
        Station {
            stream: BufReader::new(stream),
            address: address.to_owned(),
        }
    }

    fn call(&mut self, method: &str, path: &str, body: Option<&str>) -> Value {
        let body = body.unwrap_or("");
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {SECRET}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.address,
            body.len()
        );
        self.stream
            .get_mut()
            .write_all(request.as_bytes())
            .expect("send");
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            self.stream.read_line(&mut line).expect("header");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line
                .to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(str::trim)
                .map(str::to_owned)
            {
                length = value.parse().expect("length");
            }
        }
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).expect("body");
        serde_json::from_slice(&body).expect("JSON")
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

/// A demo register with a second meeting of 5,000 guests; (database, their tokens).
fn build(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("door-bench.sqlite3");
    let status = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--members", "20000", "--meeting-date", "2030-06-15"])
        .stdout(Stdio::null())
        .status()
        .expect("demo");
    assert!(status.success());
    let mut conn = storage::open(&db).expect("open").conn;
    let tx = conn.transaction().expect("tx");
    let big = meetings::insert(
        &tx,
        &NewMeeting {
            title: "校友返校日大会".to_owned(),
            kind: MeetingKind::GeneralAssembly,
            expanded: true,
            term: None,
            starts_at: "2030-06-16T01:00:00Z".to_owned(),
            ends_at: None,
            venue: Some("体育馆".to_owned()),
        },
    )
    .expect("meeting");
    let people: Vec<(String, Option<String>)> = tx
        .prepare("SELECT name, phone FROM members ORDER BY id LIMIT ?1")
        .expect("prepare")
        .query_map([BIG_MEETING_ATTENDEES as i64], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut rng = rand::rng();
    for (i, (name, phone)) in people.iter().enumerate() {
        let token = meetings::issue_badge_token(&tx, &mut rng).expect("token");
        let id = meetings::add_attendee(
            &tx,
            big,
            &NewAttendee {
                member: None,
                name: name.clone(),
                unit: None,
                job_title: None,
                category: if i % 5 == 0 {
                    Category::Guest
                } else {
                    Category::Delegate
                },
                group: Some(format!("第{}组", i % 40 + 1)),
                group_order: (i % 40) as u32,
                protocol_order: None,
                voting: i % 5 != 0,
                seat: None,
                badge_token: token,
            },
        )
        .expect("attendee");
        tx.execute(
            "UPDATE attendees SET phone = ?2 WHERE id = ?1",
            (id.0, phone.clone()),
        )
        .expect("phone");
    }
    tx.commit().expect("commit");
    (db, big.0)
}

fn tokens(db: &Path, meeting: i64) -> Vec<String> {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--json", "attendees", "--meeting", &meeting.to_string()])
        .output()
        .expect("attendees");
    let list: Value = serde_json::from_slice(&out.stdout).expect("json");
    list.as_array()
        .expect("list")
        .iter()
        .map(|a| a["badge_token"].as_str().expect("token").to_owned())
        .collect()
}

/// Every token checked in once by `stations` stations at full speed; the latencies and the
/// wall time.
fn scan_all(address: &str, tokens: &[String], stations: usize) -> (Vec<Duration>, Duration) {
    let barrier = Arc::new(Barrier::new(stations + 1));
    let handles: Vec<_> = (0..stations)
        .map(|s| {
            let mine: Vec<String> = tokens.iter().skip(s).step_by(stations).cloned().collect();
            let (address, barrier) = (address.to_owned(), barrier.clone());
            std::thread::spawn(move || {
                let mut station = Station::connect(&address);
                barrier.wait();
                let mut times = Vec::with_capacity(mine.len());
                for (i, token) in mine.iter().enumerate() {
                    let body = json!({ "token": token, "station": format!("门{s}"), "event_id": format!("b{s}-{i}") }).to_string();
                    let start = Instant::now();
                    let answer = station.call("POST", "/api/checkin", Some(&body));
                    times.push(start.elapsed());
                    assert_eq!(answer["result"], "checked_in", "{answer}");
                }
                times
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    let mut times: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("station"))
        .collect();
    let wall = start.elapsed();
    times.sort();
    (times, wall)
}

fn search_times(address: &str, queries: &[String]) -> Vec<Duration> {
    let mut station = Station::connect(address);
    let mut times: Vec<Duration> = queries
        .iter()
        .map(|q| {
            let path = format!("/api/search?q={}&limit=12", percent(q));
            let start = Instant::now();
            let _ = station.call("GET", &path, None);
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Queries as door staff type them: a surname, a whole name, initials, pinyin, a phone tail.
fn queries(db: &Path, meeting: i64) -> Vec<String> {
    let conn = storage::open(db).expect("open").conn;
    let rows: Vec<(String, Option<String>)> = conn
        .prepare("SELECT a.name, coalesce(a.phone, m.phone) FROM attendees a LEFT JOIN members m ON m.id = a.member_id WHERE a.meeting_id = ?1 ORDER BY a.id")
        .expect("prepare")
        .query_map([meeting], |r| Ok((r.get(0)?, r.get(1)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let mut out = Vec::new();
    for (i, (name, phone)) in rows.iter().enumerate().step_by((rows.len() / 60).max(1)) {
        let first: String = name.chars().take(1).collect();
        out.push(first);
        out.push(name.clone());
        let letters = ["ld", "wf", "zhang", "liu", "chen", "zw", "lim", "huang"];
        out.push(letters[i % letters.len()].to_owned());
        if let Some(phone) = phone {
            let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 4 {
                out.push(digits[digits.len() - 4..].to_owned());
            }
        }
    }
    out
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    eprintln!("building a demo register with a 5,000-attendee meeting …");
    let (db, big) = build(dir.path());
    let big_tokens = tokens(&db, big);
    println!("# Door benchmark (release build, loopback HTTP, keep-alive connections)");
    println!();
    println!("| stations | check-ins | median ms | p99 ms | max ms | check-ins/s |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for stations in [1usize, 3, 10] {
        let copy = dir.path().join(format!("run-{stations}.sqlite3"));
        std::fs::copy(&db, &copy).expect("copy");
        let server = Server::start(&copy, big);
        let (times, wall) = scan_all(&server.address, &big_tokens, stations);
        println!(
            "| {stations} | {} | {} | {} | {} | {:.0} |",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("times")),
            times.len() as f64 / wall.as_secs_f64()
        );
    }
    println!();
    println!("| door search | queries | median ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for (label, meeting) in [
        ("420 attendees (demo assembly)", 1i64),
        ("5,000 attendees", big),
    ] {
        let server = Server::start(&db, meeting);
        let qs = queries(&db, meeting);
        // One untimed pass fills the door's kept search terms, as the first keystrokes do.
        let _ = search_times(&server.address, &qs[..qs.len().min(5)]);
        let times = search_times(&server.address, &qs);
        println!(
            "| {label} | {} | {} | {} | {} |",
            times.len(),
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("times"))
        );
    }

    // Check-ins while an import of 100,000 rows is attempted.
    let csv = dir.path().join("import-100k.csv");
    let mut text = String::from("姓名,手机,毕业年份,学院\n");
    for i in 0..100_000u32 {
        text.push_str(&format!(
            "导入{i},1370{:07},{},机械工程学院\n",
            i,
            1980 + i % 40
        ));
    }
    std::fs::write(&csv, text).expect("csv");
    let copy = dir.path().join("run-import.sqlite3");
    std::fs::copy(&db, &copy).expect("copy");
    let server = Server::start(&copy, big);
    let importer = {
        let (copy, csv) = (copy.clone(), csv.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            let out = Command::new(BIN)
                .arg("--db")
                .arg(&copy)
                .args(["--json", "members", "import"])
                .arg(&csv)
                .output()
                .expect("import");
            let answer: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
            (start.elapsed(), answer)
        })
    };
    let (times, _) = scan_all(&server.address, &big_tokens[..3_000], 3);
    let (import_time, import_answer) = importer.join().expect("importer");
    println!();
    println!(
        "| check-ins while a 100,000-row import is attempted | check-ins | median ms | p99 ms | max ms | the import |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    println!(
        "| 3 stations | {} | {} | {} | {} | {} after {:.2} s |",
        times.len(),
        ms(percentile(&times, 0.5)),
        ms(percentile(&times, 0.99)),
        ms(*times.last().expect("times")),
        import_answer["error"]["kind"]
            .as_str()
            .map(|k| format!("refused ({k})"))
            .unwrap_or_else(|| "ran".to_owned()),
        import_time.as_secs_f64()
    );
    drop(server);
}

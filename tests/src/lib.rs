//! Helpers for testing the whole program from outside: find the built binary, run the CLI on
//! real files, make demo databases and small registers, and drive the window over WebDriver.

pub mod door;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

/// The `alumni-desk` binary: `ALUMNI_DESK_BIN`, or the workspace's debug build.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("ALUMNI_DESK_BIN") {
        return PathBuf::from(path);
    }
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate sits in the workspace")
        .to_owned();
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|t| {
            if t.is_absolute() {
                t
            } else {
                workspace.join(t)
            }
        })
        .unwrap_or_else(|| workspace.join("target"));
    let bin = target
        .join("debug")
        .join(format!("alumni-desk{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p alumni-desk` first (make test does)",
        bin.display()
    );
    bin
}

/// The result of one CLI run.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as the one JSON document `--json` promises.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {}", self.stdout))
    }
}

impl From<Output> for Run {
    fn from(out: Output) -> Self {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Runs `alumni-desk --db DB ARGS…` without the environment's database override.
pub fn cli(db: &Path, args: &[&str]) -> Run {
    Command::new(binary())
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ALUMNI_DESK_DB")
        .output()
        .expect("run alumni-desk")
        .into()
}

/// A demo database with 20,000 members made once per test binary by the CLI; tests only read it.
pub fn shared_demo() -> &'static Path {
    static DEMO: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = DEMO.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.sqlite3");
        let run = cli(
            &path,
            &[
                "demo",
                "--members",
                "20000",
                "--meeting-date",
                "2030-06-15",
                "--json",
            ],
        );
        assert_eq!(run.code, 0, "demo failed: {}", run.stderr);
        (dir, path)
    });
    path
}

/// A register with one meeting whose attendees are `names`, made through the core's own
/// functions (the CLI has no command to add attendees yet); the meeting's id.
pub fn meeting_of(db: &Path, names: &[&str]) -> i64 {
    use alumni_core::checkin::BadgeToken;
    use alumni_core::meetings::{self, Category, MeetingKind, NewAttendee, NewMeeting};
    let run = cli(db, &["init"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut conn = alumni_core::storage::open(db).expect("open").conn;
    let tx = conn.transaction().expect("tx");
    let meeting = meetings::insert(
        &tx,
        &NewMeeting {
            title: "校友会理事会会议".to_string(),
            kind: MeetingKind::Council,
            expanded: false,
            term: None,
            starts_at: "2030-06-15T01:00:00Z".to_string(),
            ends_at: None,
            venue: Some("图书馆报告厅".to_string()),
        },
    )
    .expect("meeting");
    // Valid tokens (Luhn check digit), as the demo issues them.
    let tokens = ["931600966788", "919312911895", "196874793041"];
    for (name, token) in names.iter().zip(tokens) {
        let attendee = NewAttendee {
            member: None,
            name: (*name).to_string(),
            unit: Some("申江理工大学".to_string()),
            job_title: None,
            category: Category::Delegate,
            group: Some("校友代表".to_string()),
            group_order: 0,
            protocol_order: None,
            voting: true,
            seat: None,
            badge_token: BadgeToken::parse(token).expect("valid token"),
        };
        meetings::add_attendee(&tx, meeting, &attendee).expect("attendee");
    }
    tx.commit().expect("commit");
    meeting.0
}

/// A fresh small demo register in `dir` (1,000 members; the seed event's 420 attendees) made by
/// the CLI, and the id of its General Assembly (the meeting with the most attendees).
pub fn small_demo(dir: &Path) -> (PathBuf, i64) {
    let db = dir.join("demo-small.sqlite3");
    let run = cli(
        &db,
        &["demo", "--members", "1000", "--meeting-date", "2030-06-15"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let meetings = cli(&db, &["--json", "meetings"]).json();
    let assembly = meetings
        .as_array()
        .expect("list")
        .iter()
        .max_by_key(|m| m["attendees"].as_i64())
        .expect("a meeting")["id"]
        .as_i64()
        .expect("id");
    (db, assembly)
}

/// The keys of a JSON object, sorted: for checking a promised shape.
pub fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// A meeting's attendees as `attendees --json` lists them.
pub fn attendees(db: &Path, meeting: i64) -> Vec<Value> {
    cli(
        db,
        &["--json", "attendees", "--meeting", &meeting.to_string()],
    )
    .json()
    .as_array()
    .expect("a list")
    .clone()
}

/// Every field a door sees of an attendee, sorted — and nothing else: no badge token, no ID
/// number, no unmasked phone.
pub const DOOR_FIELDS: [&str; 9] = [
    "category",
    "group",
    "id",
    "name",
    "phone_masked",
    "seat",
    "unit",
    "voting",
    "walk_in",
];

/// The text of a PDF in content-stream order (`pdftotext -raw`), pages separated by form feeds.
pub fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by make test");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// The text of each page of a PDF (`pdftotext -raw`, pages split at form feeds) with all
/// whitespace removed, so wrapped or spaced-out labels read as one string.
pub fn pages_text(pdf: &Path) -> Vec<String> {
    let text = pdftotext(pdf);
    let mut pages: Vec<String> = text
        .split('\u{c}')
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    if pages.last().is_some_and(String::is_empty) {
        pages.pop();
    }
    pages
}

/// `Pages:` as `pdfinfo` (poppler) reads the file.
pub fn pdfinfo_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed by make test");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

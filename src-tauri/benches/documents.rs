//! A meeting's documents from the database, timed as the office runs them: the whole CLI
//! process (spawn → exit: start, open the database, lay out, subset the font, write the file)
//! for the 420 badges of the demo General Assembly, four to an A4 sheet and one per page, the
//! 420-name sign-in sheet, the table cards, 410 ballot papers of the council election and its
//! tally sheet, with file sizes and page counts; and, to show
//! the fixed part, process start with opening the database, and a single badge. Then, in the
//! same run on the same machine, the same badges in the same order drawn by ReportLab
//! (`reportlab_badges.py` beside this file: same font, layout, logo and QR codes), installed
//! from PyPI into a throwaway venv under the target directory, also timed as a whole process:
//! once the idiomatic way (QrCodeWidget in a Drawing — the run compared), once with the QR
//! codes drawn as canvas paths (a tuned program, for reference). Prints a table, the ratios
//! ReportLab / Rust and a PASS/FAIL line per figure issue 4 asks for. Reports, never fails:
//! no Python, no venv or no network only skips the ReportLab runs.
//!
//! Run in release: `cargo bench -p alumni-desk --bench documents`. Arguments after `--`:
//! a number of timed runs per document (default 7, after one untimed warm-up run),
//! `--out DIR` to keep the database and PDFs there (a database already there is reused),
//! `--no-reportlab` for the Rust figures only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use alumni_core::documents::meeting::{sections, NameOrder};
use alumni_core::meetings::{self, MeetingId};
use alumni_core::{settings, storage};
use serde_json::{json, Value};

/// The binary measured: the release build of this package's CLI.
const BIN: &str = env!("CARGO_BIN_EXE_alumni-desk");
/// The demo's seed General Assembly, 420 attendees.
const MEETING: i64 = 1;
const DEFAULT_RUNS: usize = 7;
/// The ReportLab release compared against, from PyPI.
const REPORTLAB_VERSION: &str = "5.1.0";

/// Issue 4's thresholds ("Must show").
const BADGES_MAX_S: f64 = 0.6;
const BADGES_MAX_BYTES: u64 = 1_500_000;
const SIGNIN_MAX_S: f64 = 0.2;
const MIN_RATIO: f64 = 10.0;

/// One document's timed runs.
struct Measured {
    label: String,
    times: Vec<Duration>,
    pages: Option<u64>,
    bytes: Option<u64>,
}

impl Measured {
    fn sorted(&self) -> Vec<Duration> {
        let mut t = self.times.clone();
        t.sort();
        t
    }

    fn median(&self) -> Duration {
        let t = self.sorted();
        t[t.len() / 2]
    }

    fn min(&self) -> Duration {
        self.sorted()[0]
    }

    fn max(&self) -> Duration {
        self.sorted()[self.times.len() - 1]
    }
}

struct Options {
    runs: usize,
    out: Option<PathBuf>,
    reportlab: bool,
}

fn options() -> Options {
    let mut options = Options {
        runs: DEFAULT_RUNS,
        out: None,
        reportlab: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {}
            "--no-reportlab" => options.reportlab = false,
            "--out" => options.out = args.next().map(PathBuf::from),
            n => match n.parse::<usize>() {
                Ok(n) if n > 0 => options.runs = n,
                _ => eprintln!("ignoring argument {n:?}"),
            },
        }
    }
    options
}

fn main() {
    let options = options();
    // The temporary directory lives until the end of main unless --out names a directory.
    let temp = tempfile::tempdir().expect("a temporary directory");
    let dir = match &options.out {
        Some(dir) => {
            std::fs::create_dir_all(dir).expect("the --out directory");
            dir.clone()
        }
        None => temp.path().to_path_buf(),
    };
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));

    println!("Meeting documents, whole CLI process from the database (release build)");
    println!("machine: {}", machine());
    println!("commit:  {}", commit(manifest));
    if cfg!(debug_assertions) {
        println!("WARNING: debug build; the figures mean nothing (run `cargo bench`)");
    }
    println!(
        "runs:    {} timed runs per document after one untimed warm-up; median, min, max",
        options.runs
    );
    println!();

    let db = dir.join("demo.sqlite3");
    if !db.exists() {
        let started = Instant::now();
        match cli(&["--db", path_str(&db), "--json", "demo"]) {
            Ok((_, summary)) => println!(
                "demo database: {} members, {} attendees in {:.1} s",
                summary["members"],
                summary["attendees"],
                started.elapsed().as_secs_f64()
            ),
            Err(e) => {
                println!("cannot make the demo database: {e}");
                return;
            }
        }
    } else {
        println!("demo database: reusing {}", db.display());
    }
    let meeting = MEETING.to_string();
    let db_arg = path_str(&db);

    let mut rows = Vec::new();
    let timed = |label: &str, args: Vec<String>| -> Option<Measured> {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match measure_cli(label, &args, options.runs) {
            Ok(m) => Some(m),
            Err(e) => {
                println!("{label}: FAILED: {e}");
                None
            }
        }
    };
    let pdf = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let base = |args: &[&str]| -> Vec<String> {
        ["--db", db_arg, "--json"]
            .iter()
            .chain(args)
            .map(|s| s.to_string())
            .collect()
    };

    // Fixed costs: process start alone (on Linux mostly the dynamic loader binding the GUI
    // libraries), with opening the database, then one badge (font parse, subsetting, one
    // page) — what 420 badges add is the rest.
    rows.push(timed(
        "process start only (--version)",
        vec!["--version".into()],
    ));
    rows.push(timed(
        "start + open database (meetings list)",
        base(&["meetings"]),
    ));
    let attendees = cli(&["--db", db_arg, "--json", "attendees", "--meeting", &meeting])
        .map(|(_, v)| v)
        .unwrap_or(Value::Null);
    let heading = format!(
        "meeting {MEETING} ({} attendees), whole process",
        attendees.as_array().map_or(0, Vec::len)
    );
    let first_id = attendees[0]["id"].as_i64().unwrap_or(1).to_string();
    rows.push(timed(
        "1 badge (--attendee)",
        base(&[
            "pdf",
            "badges",
            "--meeting",
            &meeting,
            "--attendee",
            &first_id,
            "-o",
            &pdf("badge-1.pdf"),
        ]),
    ));
    let badges = timed(
        "badges, 4 per A4 sheet",
        base(&[
            "pdf",
            "badges",
            "--meeting",
            &meeting,
            "-o",
            &pdf("badges-sheet.pdf"),
        ]),
    );
    let badges_median = badges.as_ref().map(Measured::median);
    let badges_bytes = badges.as_ref().and_then(|m| m.bytes);
    rows.push(badges);
    rows.push(timed(
        "badges, 1 per badge-size page",
        base(&[
            "pdf",
            "badges",
            "--meeting",
            &meeting,
            "--layout",
            "single",
            "-o",
            &pdf("badges-single.pdf"),
        ]),
    ));
    let signin = timed(
        "sign-in sheet",
        base(&[
            "pdf",
            "signin",
            "--meeting",
            &meeting,
            "-o",
            &pdf("signin.pdf"),
        ]),
    );
    let signin_median = signin.as_ref().map(Measured::median);
    rows.push(signin);
    rows.push(timed(
        "table cards",
        base(&[
            "pdf",
            "cards",
            "--meeting",
            &meeting,
            "-o",
            &pdf("cards.pdf"),
        ]),
    ));
    // The meeting's council election: 410 ballot papers (the seed event's ballots returned),
    // one a sheet, and its tally sheet — printed before the vote, no count needed.
    let council = cli(&["--db", db_arg, "--json", "elections", "--meeting", &meeting])
        .ok()
        .and_then(|(_, list)| {
            list.as_array()?
                .iter()
                .find(|e| e["body"] == "council")
                .map(|e| (e["id"].to_string(), e["candidates"].clone()))
        });
    match council {
        Some((election, candidates)) => {
            rows.push(timed(
                &format!("ballot papers, 410 ({candidates} candidates)"),
                base(&[
                    "pdf",
                    "ballots",
                    "--election",
                    &election,
                    "--count",
                    "410",
                    "-o",
                    &pdf("ballots.pdf"),
                ]),
            ));
            rows.push(timed(
                "tally sheet (council election)",
                base(&[
                    "pdf",
                    "tally",
                    "--election",
                    &election,
                    "-o",
                    &pdf("tally.pdf"),
                ]),
            ));
        }
        None => println!("no council election in the demo: ballot papers not measured"),
    }

    // ReportLab: the idiomatic QrCodeWidget run is the one compared; the run with QR codes
    // as canvas paths shows what a profiled, hand-tuned ReportLab program would reach.
    let mut notes = Vec::new();
    let mut reportlab_median = None;
    let mut tuned_median = None;
    if options.reportlab {
        match prepare_reportlab(&db, &dir, &attendees) {
            Ok((python, input)) => {
                for (qr, how) in [("widget", "QrCodeWidget"), ("path", "QR as canvas path")] {
                    let label = format!("badges, ReportLab {REPORTLAB_VERSION}, {how}");
                    match reportlab_run(&python, &input, &dir, qr, &label, options.runs) {
                        Ok((m, note)) => {
                            let median = Some(m.median());
                            if qr == "widget" {
                                reportlab_median = median;
                            } else {
                                tuned_median = median;
                            }
                            notes.push(note);
                            rows.push(Some(m));
                        }
                        Err(e) => println!("ReportLab run ({qr}) failed: {e}"),
                    }
                }
            }
            Err(e) => println!("ReportLab run skipped: {e}"),
        }
    } else {
        println!("ReportLab run skipped (--no-reportlab)");
    }

    println!();
    println!(
        "{:<44} {:>4} {:>9} {:>9} {:>9} {:>6} {:>10}",
        heading, "runs", "median", "min", "max", "pages", "size"
    );
    for m in rows.iter().flatten() {
        println!(
            "{:<44} {:>4} {:>9} {:>9} {:>9} {:>6} {:>10}",
            m.label,
            m.times.len(),
            secs(m.median()),
            secs(m.min()),
            secs(m.max()),
            m.pages.map_or("-".to_string(), |p| p.to_string()),
            m.bytes.map_or("-".to_string(), size),
        );
    }
    for note in &notes {
        println!("{note}");
    }
    println!();

    let ratio = |other: Option<Duration>, what: &str| match (other, badges_median) {
        (Some(r), Some(b)) => {
            let ratio = r.as_secs_f64() / b.as_secs_f64();
            println!(
                "{what} / Rust, badges 4 per sheet, medians: {} / {} = {ratio:.1}×",
                secs(r),
                secs(b)
            );
            Some(ratio)
        }
        _ => None,
    };
    let ratio_widget = ratio(reportlab_median, "ReportLab (QrCodeWidget)");
    ratio(tuned_median, "ReportLab (QR as canvas path)");
    println!();
    check(
        "badges (4 per sheet), median time",
        badges_median.map(|d| (d.as_secs_f64(), secs(d))),
        |v| v < BADGES_MAX_S,
        &format!("< {BADGES_MAX_S} s"),
    );
    check(
        "badges (4 per sheet), file size",
        badges_bytes.map(|b| (b as f64, size(b))),
        |v| v < BADGES_MAX_BYTES as f64,
        "< 1.5 MB",
    );
    check(
        "sign-in sheet, median time",
        signin_median.map(|d| (d.as_secs_f64(), secs(d))),
        |v| v < SIGNIN_MAX_S,
        &format!("< {SIGNIN_MAX_S} s"),
    );
    check(
        "ReportLab (QrCodeWidget) / Rust, badges",
        ratio_widget.map(|r| (r, format!("{r:.1}×"))),
        |v| v >= MIN_RATIO,
        &format!(">= {MIN_RATIO}×"),
    );
    println!("(MB = 1,000,000 bytes; kB = 1,000 bytes)");
    if options.out.is_some() {
        println!("files kept in {}", dir.display());
    }
}

/// Prints PASS, FAIL or SKIP for one figure against its threshold.
fn check(what: &str, value: Option<(f64, String)>, ok: impl Fn(f64) -> bool, limit: &str) {
    match value {
        Some((v, shown)) => {
            let verdict = if ok(v) { "PASS" } else { "FAIL" };
            println!("{verdict}  {what}: {shown} (must be {limit})");
        }
        None => println!("SKIP  {what}: not measured (must be {limit})"),
    }
}

/// Runs the CLI once: its wall time and its JSON output (null for text, e.g. `--version`).
/// Fails on a non-zero exit.
fn cli(args: &[&str]) -> Result<(Duration, Value), String> {
    let started = Instant::now();
    let output = Command::new(BIN)
        .args(args)
        .output()
        .map_err(|e| format!("cannot start {BIN}: {e}"))?;
    let elapsed = started.elapsed();
    if !output.status.success() {
        return Err(format!(
            "{} exited with {}: {}",
            args.join(" "),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    Ok((elapsed, value))
}

/// One warm-up run, then `runs` timed runs of the CLI; pages and bytes from its JSON.
fn measure_cli(label: &str, args: &[&str], runs: usize) -> Result<Measured, String> {
    let (_, first) = cli(args)?;
    let mut times = Vec::with_capacity(runs);
    let mut last = first;
    for _ in 0..runs {
        let (t, v) = cli(args)?;
        times.push(t);
        last = v;
    }
    let bytes = last["bytes"].as_u64();
    if let (Some(bytes), Some(path)) = (bytes, last["path"].as_str()) {
        let on_disk = std::fs::metadata(path)
            .map_err(|e| format!("{path}: {e}"))?
            .len();
        if on_disk != bytes {
            return Err(format!("{path}: {on_disk} bytes on disk, {bytes} reported"));
        }
    }
    Ok(Measured {
        label: label.to_string(),
        times,
        pages: last["pages"].as_u64(),
        bytes,
    })
}

/// The venv with ReportLab, and its input file: the attendees in print order.
fn prepare_reportlab(
    db: &Path,
    dir: &Path,
    attendees: &Value,
) -> Result<(PathBuf, PathBuf), String> {
    let python = venv_python()?;
    let input = dir.join("reportlab-input.json");
    std::fs::write(&input, reportlab_input(db, attendees)?.to_string())
        .map_err(|e| format!("{}: {e}", input.display()))?;
    Ok((python, input))
}

/// The same badges by ReportLab (`qr`: `widget` or `path`), one warm-up and `runs` timed
/// whole-process runs. Returns the measurement and where ReportLab's time went.
fn reportlab_run(
    python: &Path,
    input: &Path,
    dir: &Path,
    qr: &str,
    label: &str,
    runs: usize,
) -> Result<(Measured, String), String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/reportlab_badges.py");
    let out = dir.join(format!("badges-reportlab-{qr}.pdf"));
    let run = || -> Result<(Duration, Value), String> {
        let started = Instant::now();
        let output = Command::new(python)
            // As installed systems run: bytecode cached (some environments turn that off).
            .env_remove("PYTHONDONTWRITEBYTECODE")
            .arg(&script)
            .arg(input)
            .arg(&out)
            .args(["--qr", qr])
            .output()
            .map_err(|e| format!("cannot start {}: {e}", python.display()))?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "reportlab_badges.py failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let value = serde_json::from_slice(&output.stdout)
            .map_err(|e| format!("reportlab_badges.py output is not JSON: {e}"))?;
        Ok((elapsed, value))
    };
    // The warm-up also leaves the bytecode and the file cache as an installed system has them.
    let (_, mut last) = run()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (t, v) = run()?;
        times.push(t);
        last = v;
    }
    let bytes = std::fs::metadata(&out)
        .map_err(|e| format!("{}: {e}", out.display()))?
        .len();
    let phase = |key: &str| last[key].as_f64().unwrap_or(f64::NAN);
    let note = format!(
        "  {label}, inside the process (last run): imports {:.2} s, font registration {:.2} s, \
         drawing {:.2} s, save (subset, compress) {:.2} s",
        phase("import_s"),
        phase("font_s"),
        phase("draw_s"),
        phase("save_s"),
    );
    Ok((
        Measured {
            label: label.to_string(),
            times,
            pages: last["pages"].as_u64(),
            bytes: Some(bytes),
        },
        note,
    ))
}

/// ReportLab's input: the attendees as the CLI lists them, put in the order the badges are
/// printed (the core's print order: credential, delegation, rank, surname strokes), with the
/// association's name from the settings and the meeting's title from the CLI.
fn reportlab_input(db: &Path, attendees: &Value) -> Result<Value, String> {
    let list = attendees
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or("the CLI listed no attendees")?;
    let (_, meetings) = cli(&["--db", path_str(db), "--json", "meetings"])?;
    let title = meetings
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"].as_i64() == Some(MEETING)))
        .and_then(|m| m["title"].as_str())
        .ok_or("meeting 1 is not in the meetings list")?
        .to_string();
    let opened = storage::open(db).map_err(|e| format!("open {}: {e}", db.display()))?;
    let association = settings::load(&opened.conn)
        .map_err(|e| format!("settings: {e}"))?
        .association_name;
    let roster =
        meetings::roster(&opened.conn, MeetingId(MEETING)).map_err(|e| format!("roster: {e}"))?;
    let order: HashMap<i64, usize> = sections(roster, NameOrder::Strokes)
        .iter()
        .flat_map(|s| &s.entries)
        .enumerate()
        .map(|(i, e)| (e.id.0, i))
        .collect();
    let mut sorted = list.clone();
    sorted.sort_by_key(|a| {
        a["id"]
            .as_i64()
            .and_then(|id| order.get(&id).copied())
            .unwrap_or(usize::MAX)
    });
    Ok(json!({
        "association_name": association,
        "meeting_title": title,
        "attendees": sorted,
    }))
}

/// The venv's Python with ReportLab pinned, made under the target directory on first use.
fn venv_python() -> Result<PathBuf, String> {
    // BIN is <target>/release/alumni-desk.
    let target = Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot tell the target directory")?;
    let venv = target.join("bench-venv");
    let python = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    if !python.exists() {
        let system = if cfg!(windows) { "python" } else { "python3" };
        println!("making a venv in {} …", venv.display());
        let status = Command::new(system)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .map_err(|e| format!("no {system}: {e}"))?;
        if !status.success() || !python.exists() {
            return Err(format!("`{system} -m venv` failed ({status})"));
        }
    }
    let installed = Command::new(&python)
        .args(["-c", "import reportlab; print(reportlab.Version)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if installed.as_deref() != Some(REPORTLAB_VERSION) {
        println!("installing reportlab=={REPORTLAB_VERSION} from PyPI into the venv …");
        let status = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(format!("reportlab=={REPORTLAB_VERSION}"))
            .status()
            .map_err(|e| format!("pip: {e}"))?;
        if !status.success() {
            return Err(format!("pip install reportlab=={REPORTLAB_VERSION} failed"));
        }
    }
    let version = Command::new(&python)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    println!(
        "ReportLab {REPORTLAB_VERSION} on {version} ({})",
        venv.display()
    );
    Ok(python)
}

/// CPU model and logical cores.
fn machine() -> String {
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "CPU model unknown".to_string());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{model}, {cores} logical cores, {}", std::env::consts::OS)
}

/// The commit measured, marked when the working tree differs from it.
fn commit(dir: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(hash) => {
            let dirty = git(&["status", "--porcelain", "--untracked-files=no"])
                .is_some_and(|s| !s.is_empty());
            if dirty {
                format!("{hash} + uncommitted changes")
            } else {
                hash
            }
        }
        None => "unknown (no git)".to_string(),
    }
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} kB", bytes as f64 / 1e3)
    }
}

//! The independent recount at the seed event's size, as scrutineers run it: the whole CLI
//! process (`alumni-desk election tally`, release build) on files — 129 seats, 140 candidates,
//! 412 issued, 410 returned with over-marked, blank and written-in ballots — median and max of
//! timed runs after one untimed warm-up. Issue 11's goal: under 1 second. Reports, never fails.
//!
//! Run: `cargo bench -p alumni-desk --bench tally [-- RUNS]`. Not part of `make test`.

use std::process::Command;
use std::time::{Duration, Instant};

/// The binary measured: the release build of this package's CLI.
const BIN: &str = env!("CARGO_BIN_EXE_alumni-desk");
const SEATS: usize = 129;
const CANDIDATES: usize = 140;

fn main() {
    let runs: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(11);
    let dir = tempfile::tempdir().expect("tempdir");
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "赵"];
    let given = [
        "明", "华", "伟", "芳", "静", "磊", "洋", "敏", "军", "丽", "强", "霞", "平", "刚", "杰",
        "涛", "超", "勇", "艳", "娟",
    ];
    let names: Vec<String> = (0..CANDIDATES)
        .map(|i| format!("{}{}", surnames[i % 7], given[i / 7]))
        .collect();
    let candidates = dir.path().join("candidates.csv");
    std::fs::write(&candidates, format!("name\n{}\n", names.join("\n"))).expect("write");
    let mut ballots = format!("ballot,{},write_in\n", names.join(","));
    for b in 1..=410usize {
        let mut cells = vec!["同意"; CANDIDATES];
        let mut write_in = "";
        match b {
            401..=405 => {}
            406..=408 => cells = vec![""; CANDIDATES],
            _ => {
                for k in 0..(CANDIDATES - SEATS) {
                    cells[(b * 7 + k * 13) % CANDIDATES] =
                        if k % 3 == 0 { "弃权" } else { "不同意" };
                }
                if b >= 409 {
                    cells[(b * 7 + 1) % CANDIDATES] = "";
                    write_in = "新人甲";
                }
            }
        }
        ballots.push_str(&format!("{b},{},{write_in}\n", cells.join(",")));
    }
    let ballots_path = dir.path().join("ballots.csv");
    std::fs::write(&ballots_path, ballots).expect("write");
    let run = || {
        let start = Instant::now();
        let out = Command::new(BIN)
            .args([
                "--json", "election", "tally", "--seats", "129", "--issued", "412",
            ])
            .arg("--candidates")
            .arg(&candidates)
            .arg("--ballots")
            .arg(&ballots_path)
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        start.elapsed()
    };
    run();
    let mut times: Vec<Duration> = (0..runs).map(|_| run()).collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("# Recount from files, whole process (release), {runs} runs");
    println!(
        "median {:.1} ms, max {:.1} ms — goal under 1,000 ms: {}",
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1]),
        if times[times.len() - 1] < Duration::from_secs(1) {
            "PASS"
        } else {
            "FAIL"
        }
    );
}

//! Keying the seed event's council ballots (issue 11: "410 such ballots must be keyable in well
//! under an hour by two clerks"). Two parts, reported, never failed:
//!
//! 1. The software's share: 410 ballots of 140 candidates keyed one by one through
//!    `Desk::key_ballot` — the call the window's keying screen makes for every Enter — each a
//!    real ballot of the 129-of-140 election (every box agreed but eleven, the fewest a valid
//!    ballot crosses out), into a demo register on disk (release build): latency per ballot.
//! 2. The clerk's share: the keys those same ballots take on the keying screen (`*`, then
//!    each exception as its number and one operator key, then Enter), and what that means at
//!    a stated keying rate. The rate is a parameter, not a measurement of people.
//!
//! Run: `cargo bench -p alumni-desk --bench keying`. Not part of `make test`. The clerk's time is
//! shown at 8,000, 10,000 and 12,000 keys an hour: a range for numeric-keypad data entry, not
//! a measurement of any clerk.

use std::time::{Duration, Instant};

use alumni_core::demo::{self, DemoOptions};
use alumni_core::desk::Desk;
use alumni_core::elections::tally::Mark;
use alumni_core::elections::Body;
use alumni_core::meetings::{self, MeetingId};

const BALLOTS: u32 = 410;

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let desk = Desk::open(&dir.path().join("bench.sqlite3"), None).expect("open");
    desk.fill_demo(&DemoOptions {
        members: demo::MIN_MEMBERS,
        seed: 3,
        meeting_date: chrono::NaiveDate::from_ymd_opt(2030, 6, 15).expect("date"),
    })
    .expect("demo");
    let assembly = desk
        .read(|conn| Ok(meetings::list(conn)?))
        .expect("meetings")
        .into_iter()
        .find(|m| !m.expanded)
        .map(|m| MeetingId(m.id))
        .expect("assembly");
    let council = desk
        .elections(assembly)
        .expect("elections")
        .into_iter()
        .find(|e| e.body == Body::Council)
        .expect("council");
    let size = council.candidates as usize;
    let crossed = size - council.seats as usize;
    desk.issue_ballots(council.id, 412).expect("issue");

    let mut latencies = Vec::with_capacity(BALLOTS as usize);
    let mut keys = 0usize;
    for number in 1..=BALLOTS {
        let mut marks = vec![Mark::Agree; size];
        // The exceptions vary from ballot to ballot, as real papers do.
        let mut exceptions: Vec<usize> = (0..crossed)
            .map(|k| (number as usize * 7 + k * 13) % size)
            .collect();
        exceptions.sort_unstable();
        exceptions.dedup();
        for &i in &exceptions {
            marks[i] = Mark::Disagree;
        }
        // `*`, then "<number><operator>" per exception, then Enter.
        keys += 2 + exceptions
            .iter()
            .map(|i| (i + 1).to_string().len() + 1)
            .sum::<usize>();
        let start = Instant::now();
        desk.key_ballot(council.id, 1, number, marks, Vec::new())
            .expect("key");
        latencies.push(start.elapsed());
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    let total: Duration = latencies.iter().sum();
    let per_ballot = keys as f64 / f64::from(BALLOTS);
    println!("keying {BALLOTS} ballots of {size} candidates, {crossed} crossed out on each");
    println!(
        "software: per ballot p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; all {BALLOTS}: {:.2} s",
        ms(at(0.5)),
        ms(at(0.99)),
        ms(at(1.0)),
        total.as_secs_f64()
    );
    println!("keys: {keys} in all, {per_ballot:.1} per ballot");
    for keys_per_hour in [8000.0, 10000.0, 12000.0] {
        let one = keys as f64 / keys_per_hour * 60.0;
        println!(
            "  at {keys_per_hour:.0} keys/hour: one clerk {one:.0} min, two clerks splitting the \
             pile {:.0} min",
            one / 2.0
        );
    }
    let result = desk.election_result(council.id).expect("result");
    println!(
        "counted: returned {}, valid {}, elected {}",
        result.outcome.returned,
        result.outcome.valid,
        result.outcome.elected.len()
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

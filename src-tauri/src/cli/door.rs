//! The door's commands in text: a check-in's answer and a meeting's attendance as lines.

use alumni_core::checkin::{Attendance, CheckinOutcome};
use serde_json::json;

/// A new event id for a check-in from the command line: time and randomness, unique enough
/// that two terminals never collide.
pub(super) fn new_event_id() -> String {
    format!(
        "cli-{}-{}",
        chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f"),
        std::process::id()
    )
}

pub(super) fn checkin_text(outcome: &CheckinOutcome) -> String {
    let who = outcome
        .attendee
        .as_ref()
        .map(|a| {
            format!(
                "{}\t{}\t{}\t{}",
                a.name,
                a.category.as_str(),
                a.group.as_deref().unwrap_or(""),
                a.seat.as_deref().unwrap_or("")
            )
        })
        .unwrap_or_default();
    let result = json!(outcome.result);
    let mut text = format!(
        "{}\t{}\t{}\t{}",
        result.as_str().unwrap_or_default(),
        who,
        outcome.at.as_deref().unwrap_or(""),
        outcome.station.as_deref().unwrap_or("")
    );
    if let Some(reason) = outcome.reason {
        text.push_str(&format!("\t{}", json!(reason).as_str().unwrap_or_default()));
    }
    if let Some(holder) = &outcome.badge_of {
        text.push_str(&format!("\tbadge of {}", holder.name));
    }
    if let Some(other) = &outcome.other_meeting {
        text.push_str(&format!("\tbadge of {other}"));
    }
    if outcome.conflict {
        text.push_str("\tconflict");
    }
    text.push('\n');
    text
}

pub(super) fn attendance_text(a: &Attendance) -> String {
    let q = &a.quorum;
    let mut text = format!(
        "{}\nexpected\t{}\npresent\t{}\nvoting_expected\t{}\nvoting_present\t{}\n\
         quorum\t{}/{} needs {}\t{}\n",
        a.title,
        a.expected,
        a.present,
        a.voting_expected,
        a.voting_present,
        q.numerator,
        q.denominator,
        q.needed,
        match &q.reached_at {
            Some(at) => format!("reached at {at}"),
            None => "not reached".to_owned(),
        }
    );
    for c in &a.by_category {
        text.push_str(&format!(
            "category\t{}\t{}/{}\n",
            c.category.as_str(),
            c.present,
            c.expected
        ));
    }
    for g in &a.by_group {
        text.push_str(&format!(
            "group\t{}\t{}/{}\n",
            g.group.as_deref().unwrap_or("-"),
            g.present,
            g.expected
        ));
    }
    text
}

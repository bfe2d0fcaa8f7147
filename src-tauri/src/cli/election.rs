//! `alumni-desk election …`: the independent recount from files (no database is opened), and
//! the same count from the database: ballots issued, ballots keyed, the result, the next round
//! and the declared result.

use std::path::Path;

use alumni_core::elections::{self, tally};
use serde_json::json;

use alumni_core::elections::ElectionId;

use super::{ElectionCommand, Output, Who};
use crate::error::{AppError, ErrorKind};

/// `election …`: the recount reads files only; no database is opened.
pub(super) fn election(
    path: &Path,
    staff: &Who,
    command: ElectionCommand,
) -> Result<Output, AppError> {
    let (seats, issued, candidates, ballots, base, present, entitled) = match command {
        ElectionCommand::Tally {
            seats,
            issued,
            candidates,
            ballots,
            base,
            present,
            entitled,
        } => (seats, issued, candidates, ballots, base, present, entitled),
        ElectionCommand::Issue { election, issued } => {
            let desk = staff.open_existing(path)?;
            desk.issue_ballots(ElectionId(election), issued)?;
            let text = format!("election {election}: {issued} ballots issued\n");
            return Output::new(&json!({ "id": election, "issued": issued }), text);
        }
        ElectionCommand::Ballots {
            election,
            file,
            pass,
        } => {
            let desk = staff.open_existing(path)?;
            let entry = desk.enter_ballots(ElectionId(election), &read(&file)?, pass)?;
            let mut text = format!(
                "election {election}: {} ballots keyed (pass {pass})\n",
                entry.ballots
            );
            for d in &entry.differences {
                text.push_str(&format!(
                    "differs\tballot {}\t{}\tpass 1: {}\tpass 2: {}\n",
                    d.ballot, d.column, d.first, d.second
                ));
            }
            return Output::new(&entry, text);
        }
        ElectionCommand::NextRound { election } => {
            let desk = staff.open_existing(path)?;
            let next = desk.next_round(ElectionId(election))?;
            let text = format!(
                "election {}: round {} ({}), {} seats among {}\n",
                next.id.0,
                next.round,
                next.kind,
                next.seats,
                next.candidates.join(" ")
            );
            return Output::new(&next, text);
        }
        ElectionCommand::Declare { election } => {
            let desk = staff.open_existing(path)?;
            let declared = desk.declare_result(ElectionId(election))?;
            let mut text = format!(
                "election {election}: declared, {} elected\n",
                declared.elected.len()
            );
            for e in &declared.electorates {
                text.push_str(&format!(
                    "election {}: {} voters at meeting {}\n",
                    e.election, e.voters, e.meeting.0
                ));
            }
            return Output::new(&declared, text);
        }
        ElectionCommand::Result { election } => {
            let desk = staff.open_existing(path)?;
            let result = desk.election_result(ElectionId(election))?;
            let text = format!(
                "{} (round {})\n{}",
                result.title,
                result.round,
                tally_text(&result.outcome)
            );
            return Output::new(&result, text);
        }
    };
    let rules = tally::Rules {
        seats,
        issued,
        base: serde_json::from_value(json!(base)).unwrap_or_default(),
        present,
        entitled,
    };
    let outcome = elections::recount_files(&read(&candidates)?, &read(&ballots)?, &rules)?;
    Output::new(&outcome, tally_text(&outcome))
}

/// A file's bytes; a missing one is `not_found`, an unreadable one `unreadable_file`.
fn read(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => AppError::new(
            ErrorKind::NotFound,
            json!({ "entity": "file", "id": path }),
            format!("no file {}", path.display()),
        ),
        _ => AppError::new(
            ErrorKind::UnreadableFile,
            json!({ "reason": e.to_string() }),
            format!("cannot read {}: {e}", path.display()),
        ),
    })
}

fn tally_text(outcome: &tally::Outcome) -> String {
    let status = json!(outcome.status);
    let mut text = format!(
        "{}: issued {}, returned {}, valid {} (blank {}), invalid {}; threshold {} agree votes\n\
         name\tagree\tdisagree\tabstain\telected\n",
        status.as_str().unwrap_or_default(),
        outcome.issued,
        outcome.returned,
        outcome.valid,
        outcome.blank,
        outcome.invalid,
        outcome.threshold
    );
    for c in &outcome.candidates {
        text.push_str(&format!(
            "{}{}\t{}\t{}\t{}\t{}\n",
            c.name,
            if c.write_in { " (write-in)" } else { "" },
            c.agree,
            c.disagree,
            c.abstain,
            if c.elected { "elected" } else { "" }
        ));
    }
    text.push_str(&format!("elected\t{}\n", outcome.elected.join(" ")));
    if !outcome.tied.is_empty() {
        text.push_str(&format!("tied\t{}\n", outcome.tied.join(" ")));
    }
    text.push_str(&format!("unfilled\t{}\n", outcome.unfilled));
    text
}

//! `alumni-desk election …`: the independent recount from files (no database is opened).

use std::path::Path;

use alumni_core::elections::{self, tally};
use serde_json::json;

use super::{ElectionCommand, Output};
use crate::error::{AppError, ErrorKind};

/// `election …`: the recount reads files only; no database is opened.
pub(super) fn election(command: ElectionCommand) -> Result<Output, AppError> {
    let ElectionCommand::Tally {
        seats,
        issued,
        candidates,
        ballots,
        base,
        present,
        entitled,
    } = command;
    let read = |path: &Path| {
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

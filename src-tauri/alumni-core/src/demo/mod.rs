//! Demo data: a realistic, seeded register of a university of technology's alumni and the
//! seed event (the second General Assembly and the expanded executive council meeting).
//!
//! Invariants: the same options give the same people, branches and meetings; it only ever
//! fills an empty database, so demo people never mix with a real register.

mod agendas;
mod people;
mod register;
mod seed_event;
mod sources;
mod store;
#[cfg(test)]
mod tests;

/// The demo's longest-name attendee (a four-character compound surname name) and the unit
/// of 30+ characters they carry: documents are checked against both.
pub use register::{COMPOUND_NAME, LONGEST_UNIT};
pub use store::is_demo;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rusqlite::Transaction;
use serde::Serialize;
use serde_json::json;

use crate::error::ErrorKind;
use crate::settings::{self, Settings};
use crate::staff::StaffId;
use crate::{audit, overview, DomainError};

/// The fewest members that can staff the seed event (392 delegates, 135 candidates).
pub const MIN_MEMBERS: u32 = 1_000;
/// The most members a demo holds (the benchmark size).
pub const MAX_MEMBERS: u32 = 300_000;
/// The demo association's name.
pub const ASSOCIATION_NAME: &str = "申江理工大学校友会";
/// The demo university's name.
pub const UNIVERSITY_NAME: &str = "申江理工大学";

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many alumni.
    pub members: u32,
    /// The random seed; the same seed gives the same data.
    pub seed: u64,
    /// The day of the seed event (China Standard Time).
    pub meeting_date: NaiveDate,
}

impl DemoOptions {
    /// The default demo: 20,000 members, seed 2024, the event on the first Saturday three
    /// weeks or more after `today`.
    pub fn standard(today: NaiveDate) -> Self {
        DemoOptions {
            members: 20_000,
            seed: 2024,
            meeting_date: default_meeting_date(today),
        }
    }
}

/// The first Saturday at least 21 days after `today`, so the demo meeting is upcoming.
pub fn default_meeting_date(today: NaiveDate) -> NaiveDate {
    let mut day = today + Days::new(21);
    while day.weekday() != Weekday::Sat {
        day = day + Days::new(1);
    }
    day
}

/// What was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    /// Alumni.
    pub members: u64,
    /// Branches.
    pub branches: u64,
    /// Meetings.
    pub meetings: u64,
    /// Attendees over all meetings.
    pub attendees: u64,
    /// Elections set up.
    pub elections: u64,
}

/// Why the demo could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The database already holds a register.
    #[error("the database already holds data ({members} members, {branches} branches, {meetings} meetings); demo data only goes into a new or empty database")]
    NotEmpty {
        /// Members found.
        members: u64,
        /// Branches found.
        branches: u64,
        /// Meetings found.
        meetings: u64,
    },
    /// The member count is out of range.
    #[error("the demo holds {min} to {max} members, not {requested}")]
    MemberCount {
        /// Asked for.
        requested: u32,
        /// Smallest.
        min: u32,
        /// Largest.
        max: u32,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
    /// Saving the demo settings failed.
    #[error(transparent)]
    Settings(#[from] settings::SettingsError),
}

impl DomainError for DemoError {
    fn kind(&self) -> ErrorKind {
        match self {
            DemoError::NotEmpty { .. } => ErrorKind::DemoNotEmpty,
            DemoError::MemberCount { .. } => ErrorKind::InvalidInput,
            DemoError::Database(_) | DemoError::Settings(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            DemoError::NotEmpty {
                members,
                branches,
                meetings,
            } => json!({ "members": members, "branches": branches, "meetings": meetings }),
            DemoError::MemberCount { min, max, .. } => {
                json!({ "field": "members", "reason": "out_of_range", "min": min, "max": max })
            }
            DemoError::Database(_) | DemoError::Settings(_) => json!({}),
        }
    }
}

/// Fills an empty database with the demo register and the seed event, in the caller's
/// transaction, and records it in the audit log.
pub fn populate(
    tx: &Transaction,
    actor: StaffId,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    if !(MIN_MEMBERS..=MAX_MEMBERS).contains(&options.members) {
        return Err(DemoError::MemberCount {
            requested: options.members,
            min: MIN_MEMBERS,
            max: MAX_MEMBERS,
        });
    }
    let before = overview::stats(tx)?;
    if !overview::is_empty(&before) {
        return Err(DemoError::NotEmpty {
            members: before.members,
            branches: before.branches,
            meetings: before.meetings,
        });
    }

    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut maker = people::PeopleMaker::new();
    let register = register::generate(tx, &mut rng, &mut maker, options.members)?;
    let event = seed_event::generate(tx, &mut rng, &mut maker, &register, options.meeting_date)?;
    // Members were added row by row without counting, as an import's are: one recount.
    crate::members::search::refresh_filter_counts(tx)?;

    settings::save(
        tx,
        actor,
        &Settings {
            association_name: ASSOCIATION_NAME.to_owned(),
            ..settings::load(tx)?
        },
    )?;
    store::mark(tx, options.seed)?;
    let after = overview::stats(tx)?;
    let summary = DemoSummary {
        members: after.members,
        branches: after.branches,
        meetings: after.meetings,
        attendees: after.attendees,
        elections: event.elections,
    };
    audit::record(
        tx,
        actor,
        audit::Change::new("create", "demo", None)
            .after(serde_json::to_value(summary).ok())
            .note(format!("seed {}", options.seed)),
    )?;
    Ok(summary)
}

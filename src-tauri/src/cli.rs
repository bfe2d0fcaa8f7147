//! The headless command line: `alumni-desk [--db PATH] [--json] COMMAND`.
//!
//! A translation layer only: it parses arguments, calls the core and prints. Success exits 0;
//! a failure exits 1 with one line on stderr (and, with `--json`, `{"error": …}` on stdout);
//! bad usage exits 2 (clap's own exit code).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alumni_core::demo::{self, DemoOptions};
use alumni_core::meetings::{self, MeetingId};
use alumni_core::storage::{self, backup, FileState};
use alumni_core::{elections, overview};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use crate::error::AppError;
use crate::paths;
use crate::session::Session;

/// Alumni Desk: the alumni office's register, meetings, check-in, elections and printing.
/// Without a command it opens the window.
#[derive(Debug, Parser)]
#[command(name = "alumni-desk", version)]
pub struct Cli {
    /// The database file (default: the app's own database in the data folder).
    #[arg(long, global = true, env = paths::DB_ENV, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// Act as this staff profile (default: the first admin); recorded in the audit log.
    #[arg(long, global = true, value_name = "NAME")]
    pub staff: Option<String>,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a new or empty database with demo data (refuses one that holds data).
    Demo {
        /// How many alumni (1,000 to 300,000).
        #[arg(long, default_value_t = 20_000)]
        members: u32,
        /// Random seed: the same seed gives the same data.
        #[arg(long, default_value_t = 2024)]
        seed: u64,
        /// Day of the seed event, YYYY-MM-DD (default: a Saturday three weeks ahead).
        #[arg(long, value_name = "DATE")]
        meeting_date: Option<NaiveDate>,
    },
    /// Counts of members, branches, meetings and attendees.
    Stats,
    /// List meetings.
    Meetings,
    /// List a meeting's attendees.
    Attendees {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
    },
    /// List a meeting's elections.
    Elections {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
    },
    /// Copy the database to FILE (SQLite online backup).
    Backup {
        /// Where to write the copy.
        file: PathBuf,
    },
    /// Replace the database with the backup FILE, keeping a copy of what it replaces (admin).
    Restore {
        /// The backup to restore.
        file: PathBuf,
    },
}

/// Runs a subcommand and prints its result; returns the process exit code.
pub fn run(cli: Cli, command: Command) -> ExitCode {
    let json = cli.json;
    match execute(&cli, command) {
        Ok(output) => {
            let text = if json {
                format!("{}\n", output.json)
            } else {
                output.text
            };
            // A closed pipe (`… | head`) is the reader's choice, not a failure worth a panic.
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("alumni-desk: {}", err.message);
            if json {
                let doc = json!({ "error": { "kind": err.kind, "message": err.message, "params": err.params } });
                println!("{doc}");
            }
            ExitCode::from(1)
        }
    }
}

/// A command's result in both forms.
struct Output {
    json: serde_json::Value,
    text: String,
}

impl Output {
    fn new(value: &impl Serialize, text: String) -> Result<Output, AppError> {
        Ok(Output {
            json: serde_json::to_value(value).map_err(AppError::internal)?,
            text,
        })
    }
}

fn execute(cli: &Cli, command: Command) -> Result<Output, AppError> {
    let path = cli.db.clone().unwrap_or_else(paths::register_db);
    let staff = cli.staff.as_deref();
    match command {
        Command::Demo {
            members,
            seed,
            meeting_date,
        } => {
            let today = chrono::Local::now().date_naive();
            let options = DemoOptions {
                members,
                seed,
                meeting_date: meeting_date.unwrap_or_else(|| demo::default_meeting_date(today)),
            };
            let mut session = Session::open(&path, staff)?;
            let summary = session.write(|tx, actor| Ok(demo::populate(tx, actor.id, &options)?))?;
            let text = format!(
                "{}: {} members, {} branches, {} meetings, {} attendees, {} elections\n",
                path.display(),
                summary.members,
                summary.branches,
                summary.meetings,
                summary.attendees,
                summary.elections
            );
            Output::new(&summary, text)
        }
        Command::Stats => {
            let session = open_existing(&path, staff)?;
            let stats = overview::stats(&session.conn)?;
            let text = format!(
                "members\t{}\nbranches\t{}\nmeetings\t{}\nattendees\t{}\nupcoming_meetings\t{}\n",
                stats.members,
                stats.branches,
                stats.meetings,
                stats.attendees,
                stats.upcoming_meetings
            );
            Output::new(&stats, text)
        }
        Command::Meetings => {
            let session = open_existing(&path, staff)?;
            let list = meetings::list(&session.conn)?;
            let mut text = String::from("id\tstarts_at\tattendees\ttitle\tvenue\n");
            for m in &list {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    m.id,
                    m.starts_at,
                    m.attendees,
                    m.title,
                    m.venue.as_deref().unwrap_or("")
                ));
            }
            Output::new(&list, text)
        }
        Command::Attendees { meeting } => {
            let session = open_existing(&path, staff)?;
            let list = meetings::attendees(&session.conn, MeetingId(meeting))?;
            let mut text = String::from("id\tname\tcategory\tgroup\tseat\tchecked_in_at\tunit\n");
            for a in &list {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    a.id,
                    a.name,
                    a.category.as_str(),
                    a.group.as_deref().unwrap_or(""),
                    a.seat.as_deref().unwrap_or(""),
                    a.checked_in_at.as_deref().unwrap_or(""),
                    a.unit.as_deref().unwrap_or("")
                ));
            }
            Output::new(&list, text)
        }
        Command::Elections { meeting } => {
            let session = open_existing(&path, staff)?;
            // The same not-found error as the attendee list for an unknown meeting.
            meetings::attendees(&session.conn, MeetingId(meeting))?;
            let list = elections::list(&session.conn, MeetingId(meeting))?;
            let mut text = String::from("id\tbody\tseats\tcandidates\tstatus\ttitle\n");
            for e in &list {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    e.id,
                    e.body.as_str(),
                    e.seats,
                    e.candidates,
                    e.status,
                    e.title
                ));
            }
            Output::new(&list, text)
        }
        Command::Backup { file } => {
            let session = open_existing(&path, staff)?;
            backup::backup_to(&session.conn, &file)?;
            let text = format!("backed up {} to {}\n", path.display(), file.display());
            Output::new(&json!({ "path": file }), text)
        }
        Command::Restore { file } => {
            let mut session = Session::open(&path, staff)?;
            session.require_admin("restore_database")?;
            let safety = paths::restore_safety_copy();
            if let Some(dir) = safety.parent() {
                std::fs::create_dir_all(dir).map_err(AppError::internal)?;
            }
            backup::restore_from(&mut session.conn, &file, &safety)?;
            session.write(|tx, actor| {
                alumni_core::audit::record(
                    tx,
                    actor.id,
                    alumni_core::audit::Change::new("restore", "database", None).note(format!(
                        "from {}; previous kept at {}",
                        file.display(),
                        safety.display()
                    )),
                )?;
                Ok(())
            })?;
            let text = format!(
                "restored {} from {}; the replaced database is kept at {}\n",
                path.display(),
                file.display(),
                safety.display()
            );
            Output::new(&json!({ "path": path, "safety_copy": safety }), text)
        }
    }
}

/// Opens a database that must already exist: reading commands never create files.
fn open_existing(path: &Path, staff: Option<&str>) -> Result<Session, AppError> {
    if storage::inspect(path)? == FileState::Missing {
        return Err(AppError::new(
            "not_found",
            json!({ "entity": "database", "id": path }),
            format!("no database at {}", path.display()),
        ));
    }
    Session::open(path, staff)
}

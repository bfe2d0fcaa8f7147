//! The headless command line: `alumni-desk [--db PATH] [--json] COMMAND`.
//!
//! A translation layer only: it parses arguments, calls the core and prints. Success exits 0;
//! a failure exits 1 with one line on stderr (and, with `--json`, `{"error": …}` on stdout);
//! bad usage exits 2 (clap's own exit code).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use alumni_core::checkin::{CheckinRequest, CheckinResult, CheckinTarget, Method};
use alumni_core::demo::{self, DemoOptions};
use alumni_core::desk::Desk;
use alumni_core::elections;
use alumni_core::jobs::Job;
use alumni_core::meetings::{self, MeetingId};
use alumni_core::members::export::{Column, ExportRequest};
use alumni_core::members::search::{self, SearchQuery};
use alumni_core::overview;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use serde::Serialize;
use serde_json::json;

use crate::error::{AppError, ErrorKind};
use crate::paths;

mod door;
mod election;
mod meeting;
mod pdf;

use door::{attendance_text, checkin_text, new_event_id};
use election::election;
use meeting::{AgendaArgs, InviteArgs, MeetingCommand, VoteArgs};
pub use pdf::PdfCommand;
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
    /// Act as this staff profile (default: the first admin while it has no PIN, else the first
    /// staff profile); recorded in the audit log. An admin with a PIN needs it: from
    /// ALUMNI_DESK_PIN, or asked for on the terminal.
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
    /// Create a new, empty register at --db (or the app's own); reports one already there.
    Init,
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
    /// Check an attendee in at a meeting's door by badge token (as scanned, or typed with
    /// spaces or dashes); exit 1 when the code lets nobody in.
    Checkin {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
        /// The badge token.
        code: String,
        /// Undo this attendee's check-in instead.
        #[arg(long)]
        undo: bool,
        /// The station's name, recorded with the check-in.
        #[arg(long, default_value = "命令行")]
        station: String,
        /// The event id (default: a new one); the same id again changes nothing.
        #[arg(long)]
        event_id: Option<String>,
    },
    /// A meeting's attendance now: present against expected, by credential and delegation,
    /// and the quorum.
    Attendance {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
    },
    /// Serve a meeting's door to stations on the LAN (no window); the first line printed is
    /// the pairing address. Stops cleanly on SIGTERM or Ctrl-C.
    Serve {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
        /// Address and port to listen on.
        #[arg(long, default_value = "0.0.0.0:8765", value_name = "ADDR:PORT")]
        bind: std::net::SocketAddr,
        /// The pairing secret (default: a new random one), at least 16 characters.
        #[arg(long, env = "ALUMNI_DESK_DOOR_SECRET", hide_env_values = true)]
        secret: Option<String>,
    },
    /// Prepare a meeting: create, copy a past one, show its readiness, set its status.
    Meeting {
        /// What to do.
        #[command(subcommand)]
        command: MeetingCommand,
    },
    /// A meeting's agenda (with --meeting), or add an item or set a report's text.
    Agenda(AgendaArgs),
    /// A meeting's motions and the votes recorded on them.
    Motions {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
    },
    /// Record a vote on a motion, decided by its rule against the voting attendees present
    /// now; refused without a quorum or with more votes than voters present.
    Vote(VoteArgs),
    /// Put people on a meeting's list: a council term, a branch, or a spreadsheet of members
    /// or of guests.
    Invite(InviteArgs),
    /// Elections: the independent recount from files.
    Election {
        /// What to do.
        #[command(subcommand)]
        command: ElectionCommand,
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
    /// Print-ready PDF documents.
    Pdf {
        /// Which document.
        #[command(subcommand)]
        document: PdfCommand,
    },
    /// The alumni register: search, import, export.
    Members {
        /// What to do with it.
        #[command(subcommand)]
        command: MembersCommand,
    },
}

/// `alumni-desk election …`
#[derive(Debug, Subcommand)]
pub enum ElectionCommand {
    /// Count a round from files, independently of any database: candidates.csv (a column
    /// `name`, in ballot order) and ballots.csv (`ballot,<the candidates>[,write_in]`, one row
    /// per returned ballot; cells 同意/不同意/弃权/empty, or Y/N/A). UTF-8 or GB18030.
    Tally {
        /// Seats to fill.
        #[arg(long)]
        seats: u32,
        /// Ballots issued.
        #[arg(long)]
        issued: u32,
        /// The candidates file.
        #[arg(long, value_name = "CSV")]
        candidates: PathBuf,
        /// The ballots file.
        #[arg(long, value_name = "CSV")]
        ballots: PathBuf,
        /// What the threshold is a majority of.
        #[arg(long, value_parser = ["returned", "valid", "present", "entitled"], default_value = "returned")]
        base: String,
        /// Voting attendees present (for --base present).
        #[arg(long)]
        present: Option<u32>,
        /// All entitled to vote (for --base entitled).
        #[arg(long)]
        entitled: Option<u32>,
    },
    /// Record how many ballots were issued for an election.
    Issue {
        /// The election's id (see `elections --meeting ID`).
        #[arg(long)]
        election: i64,
        /// Ballots issued.
        #[arg(long)]
        issued: u32,
    },
    /// Key an election's returned ballots from a file in the recount's format
    /// (`ballot,<the candidates in ballot order>[,write_in]`), in one transaction; a second
    /// pass shows its differences from the first.
    Ballots {
        /// The election's id.
        #[arg(long)]
        election: i64,
        /// The ballots file.
        file: PathBuf,
        /// Entry pass: 1 (the count's), or 2 (a second clerk's, compared with the first).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=2))]
        pass: u8,
    },
    /// An election's result, computed from its ballots by the recount's rules.
    Result {
        /// The election's id.
        #[arg(long)]
        election: i64,
    },
    /// Set up the next round from an election's result: a run-off among the tied, or a
    /// further round among the not yet elected for the unfilled seats.
    NextRound {
        /// The election's id.
        #[arg(long)]
        election: i64,
    },
    /// Declare a round's result: the round closes, and the elections that take this one's
    /// elected as their voters get them as their meeting's voting attendees.
    Declare {
        /// The election's id.
        #[arg(long)]
        election: i64,
    },
}

/// `alumni-desk members …`
#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// Find members by name, pinyin, initials, phone tail, student number or employer.
    Search {
        /// What to look for.
        query: String,
        /// At most this many results.
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Read FILE (.xlsx, .xls, .csv) into the register in one transaction; --dry-run only
    /// reports. A first import creates the register.
    Import {
        /// The spreadsheet.
        file: PathBuf,
        /// Report what would happen, change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also write the rejected rows, with a reason column, to this .xlsx.
        #[arg(long, value_name = "XLSX")]
        rejects: Option<PathBuf>,
    },
    /// Write the register to FILE (.xlsx or .csv), phones and ID numbers masked.
    Export {
        /// The file to write; its extension picks the format.
        file: PathBuf,
        /// Phones and ID numbers in full (admin only; recorded in the audit log).
        #[arg(long)]
        unmasked: bool,
        /// Columns, comma-separated (default: all but the ID number), e.g. name,phone,college.
        #[arg(long, value_delimiter = ',')]
        columns: Option<Vec<String>>,
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
            match output.refused {
                Some(line) => {
                    eprintln!("alumni-desk: {line}");
                    ExitCode::from(1)
                }
                None => ExitCode::SUCCESS,
            }
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
    /// An answer that is a refusal (a check-in code that lets nobody in): printed in full,
    /// then this line on stderr, and exit 1.
    refused: Option<String>,
}

impl Output {
    fn new(value: &impl Serialize, text: String) -> Result<Output, AppError> {
        Ok(Output {
            json: serde_json::to_value(value).map_err(AppError::internal)?,
            text,
            refused: None,
        })
    }
}

/// The environment variable that gives the PIN of the admin named by `--staff`.
pub const PIN_ENV: &str = "ALUMNI_DESK_PIN";

/// Who the CLI acts as: `--staff NAME`, with the PIN of an admin that has one taken from
/// [`PIN_ENV`] or, on a terminal, asked for without echo.
struct Who {
    staff: Option<String>,
}

impl Who {
    /// Opens (creating if missing) the register at `path` as this profile.
    fn open(&self, path: &Path) -> Result<Desk, AppError> {
        self.with_pin(|pin| Desk::open_as(path, self.staff.as_deref(), pin))
    }

    /// Opens the register at `path`, which must exist, as this profile.
    fn open_existing(&self, path: &Path) -> Result<Desk, AppError> {
        self.with_pin(|pin| Desk::open_existing(path, self.staff.as_deref(), pin))
    }

    fn with_pin(
        &self,
        open: impl Fn(Option<&str>) -> Result<Desk, AppError>,
    ) -> Result<Desk, AppError> {
        let given = std::env::var(PIN_ENV).ok();
        match open(given.as_deref()) {
            Err(e)
                if e.kind == ErrorKind::PinRequired
                    && given.is_none()
                    && std::io::stdin().is_terminal() =>
            {
                let name = self.staff.as_deref().unwrap_or_default();
                let pin = rpassword::prompt_password(format!("PIN for {name}: "))
                    .map_err(AppError::internal)?;
                open(Some(pin.trim()))
            }
            other => other,
        }
    }
}

/// A job for one CLI run: no progress events (the terminal shows the result), and no cancel
/// but Ctrl-C, which ends the process before anything is committed.
fn cli_job(desk: &Desk, name: &str) -> Result<Job, AppError> {
    desk.jobs().start(name, None)
}

fn execute(cli: &Cli, command: Command) -> Result<Output, AppError> {
    let path = cli.db.clone().unwrap_or_else(paths::register_db);
    let staff = &Who {
        staff: cli.staff.clone(),
    };
    match command {
        Command::Init => {
            let (_desk, done) = Desk::init(&path, None)?;
            let text = if done.created {
                format!("created an empty register at {}\n", path.display())
            } else {
                format!(
                    "{} is already an Alumni Desk register; left as it was\n",
                    path.display()
                )
            };
            Output::new(&done, text)
        }
        Command::Demo {
            members,
            seed,
            meeting_date,
        } => {
            let today = alumni_core::timestamps::now_local().date_naive();
            let options = DemoOptions {
                members,
                seed,
                meeting_date: meeting_date.unwrap_or_else(|| demo::default_meeting_date(today)),
            };
            let desk = staff.open(&path)?;
            let summary = desk.fill_demo(&options)?;
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
            let desk = staff.open_existing(&path)?;
            let stats = desk.read(|conn| Ok(overview::stats(conn)?))?;
            let mut text = format!(
                "members\t{}\nbranches\t{}\nmeetings\t{}\nattendees\t{}\nupcoming_meetings\t{}\n",
                stats.members,
                stats.branches,
                stats.meetings,
                stats.attendees,
                stats.upcoming_meetings
            );
            // Left by an upgrade for staff to resolve: one member, two badges and two votes.
            for twice in desk.info()?.duplicate_invitations {
                text.push_str(&format!(
                    "invited_twice\tmeeting {}\t{}\tattendees {:?}\n",
                    twice.meeting_id.0,
                    twice.name,
                    twice.attendee_ids.iter().map(|a| a.0).collect::<Vec<_>>()
                ));
            }
            Output::new(&stats, text)
        }
        Command::Meetings => {
            let desk = staff.open_existing(&path)?;
            let list = desk.read(|conn| Ok(meetings::list(conn)?))?;
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
            let desk = staff.open_existing(&path)?;
            let list = desk.read(|conn| Ok(meetings::attendees(conn, MeetingId(meeting))?))?;
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
            let desk = staff.open_existing(&path)?;
            let list = desk.read(|conn| {
                // The same not-found error as the attendee list for an unknown meeting.
                meetings::attendees(conn, MeetingId(meeting))?;
                Ok(elections::list(conn, MeetingId(meeting))?)
            })?;
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
            let desk = staff.open_existing(&path)?;
            let done = desk.backup_to(&file)?;
            let text = format!("backed up {} to {}\n", path.display(), file.display());
            Output::new(&done, text)
        }
        Command::Restore { file } => {
            let desk = staff.open_existing(&path)?;
            let done = desk.restore_from(&file, &paths::restore_safety_copy(&path))?;
            let text = format!(
                "restored {} from {}; the replaced database is kept at {}\n",
                path.display(),
                file.display(),
                done.safety_copy.display()
            );
            Output::new(&done, text)
        }
        Command::Checkin {
            meeting,
            code,
            undo,
            station,
            event_id,
        } => {
            let desk = staff.open_existing(&path)?;
            let request = CheckinRequest {
                meeting: MeetingId(meeting),
                target: CheckinTarget::Code(code),
                station,
                event_id: event_id.unwrap_or_else(new_event_id),
                method: Method::Manual,
                queued_at: None,
            };
            let outcome = desk.check_in(request, undo)?;
            let text = checkin_text(&outcome);
            if outcome.result == CheckinResult::Unknown {
                // The contract: `unknown` exits 1, with the answer still printed in full.
                let mut output = Output::new(&outcome, text)?;
                output.refused = Some(format!(
                    "nobody checked in: {}",
                    outcome
                        .reason
                        .map(|r| json!(r).as_str().unwrap_or_default().to_owned())
                        .unwrap_or_default()
                ));
                return Ok(output);
            }
            Output::new(&outcome, text)
        }
        Command::Attendance { meeting } => {
            let desk = staff.open_existing(&path)?;
            let report = desk.attendance(MeetingId(meeting))?;
            let text = attendance_text(&report);
            Output::new(&report, text)
        }
        Command::Serve {
            meeting,
            bind,
            secret,
        } => {
            let desk = staff.open_existing(&path)?;
            crate::door::serve_until_stopped(desk, MeetingId(meeting), bind, secret)?;
            Output::new(&json!({ "stopped": true }), String::new())
        }
        Command::Election { command } => election(&path, staff, command),
        Command::Meeting { command } => meeting::meeting(&path, staff, command),
        Command::Agenda(args) => meeting::agenda(&path, staff, args),
        Command::Motions { meeting } => meeting::motions(&path, staff, meeting),
        Command::Vote(args) => meeting::vote(&path, staff, args),
        Command::Invite(args) => meeting::invite(&path, staff, args),
        Command::Members { command } => members(&path, staff, command),
        Command::Pdf { document } => pdf::pdf(&path, staff, document),
    }
}

fn members(path: &Path, staff: &Who, command: MembersCommand) -> Result<Output, AppError> {
    match command {
        MembersCommand::Search { query, limit } => {
            let desk = staff.open_existing(path)?;
            let query = SearchQuery {
                text: query,
                limit,
                ..SearchQuery::default()
            };
            let hits = desk.read(|conn| Ok(search::search(conn, &query)?))?;
            let mut text = String::from("id\tname\tcollege\tgraduation_year\tphone\temployer\n");
            for h in &hits {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\n",
                    h.id,
                    h.name,
                    h.college.as_deref().unwrap_or(""),
                    h.graduation_year.map(|y| y.to_string()).unwrap_or_default(),
                    h.phone_masked.as_deref().unwrap_or(""),
                    h.employer.as_deref().unwrap_or("")
                ));
            }
            Output::new(&hits, text)
        }
        MembersCommand::Import {
            file,
            dry_run,
            rejects,
        } => {
            // A first import creates the register; a dry run never creates a file.
            let desk = if dry_run {
                staff.open_existing(path)?
            } else {
                staff.open(path)?
            };
            let job = cli_job(&desk, "import")?;
            let outcome = desk.import_file(&file, dry_run, rejects.as_deref(), &job);
            let report = job.end(outcome)?;
            let mut text = format!(
                "{}{} inserted, {} updated, {} unchanged, {} to review, {} rejected\n",
                if dry_run { "dry run: " } else { "" },
                report.inserted,
                report.updated,
                report.unchanged,
                report.review.len(),
                report.rejected.len()
            );
            for (label, notes) in [("review", &report.review), ("rejected", &report.rejected)] {
                for note in notes {
                    text.push_str(&format!("{label}\trow {}\t{}\n", note.row, note.reason));
                }
            }
            Output::new(&report, text)
        }
        MembersCommand::Export {
            file,
            unmasked,
            columns,
        } => {
            let desk = staff.open_existing(path)?;
            let columns = match columns {
                None => Column::ALL
                    .into_iter()
                    .filter(|c| *c != Column::IdNumber)
                    .collect(),
                Some(names) => names
                    .iter()
                    .map(|n| {
                        serde_json::from_value::<Column>(json!(n.trim())).map_err(|_| {
                            AppError::new(
                                ErrorKind::InvalidInput,
                                json!({ "field": "columns", "reason": "unknown_column", "value": n }),
                                format!("unknown column {n}"),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            };
            let request = ExportRequest {
                member_ids: None,
                columns,
                unmasked,
            };
            let job = cli_job(&desk, "export")?;
            let outcome = desk.export_members(&request, &file, &job);
            let done = job.end(outcome)?;
            let text = format!(
                "wrote {} members to {}{}\n",
                done.rows,
                done.path.display(),
                if done.masked {
                    " (phones and ID numbers masked)"
                } else {
                    ""
                }
            );
            Output::new(&done, text)
        }
    }
}

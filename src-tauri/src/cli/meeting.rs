//! `alumni-desk meeting …`, `agenda`, `motions`, `vote`, `invite`: preparing a meeting from
//! scripts, on the same `Desk` methods as the window.

use std::path::{Path, PathBuf};

use alumni_core::agenda::{AgendaItemId, AgendaItemSetup, AgendaKind};
use alumni_core::council::TermId;
use alumni_core::desk::CopyForm;
use alumni_core::invitations::InviteOptions;
use alumni_core::meetings::{Category, MeetingForm, MeetingId, MeetingKind, MeetingStatus};
use alumni_core::motions::{MotionId, NewVote, VoteCounts, VoteMethod};
use clap::{Args, Subcommand};
use serde_json::json;

use super::{Output, Who};
use crate::error::AppError;

/// `alumni-desk meeting …`
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Create a meeting (status planning).
    Create {
        /// Full title, printed on every document.
        #[arg(long)]
        title: String,
        /// general_assembly, council or executive_council.
        #[arg(long, value_parser = ["general_assembly", "council", "executive_council"])]
        kind: String,
        /// 扩大会议: non-members invited.
        #[arg(long)]
        expanded: bool,
        /// Start, RFC 3339 with its offset (2026-12-19T09:00:00+08:00).
        #[arg(long, value_name = "RFC3339")]
        starts_at: String,
        /// End, RFC 3339 with its offset.
        #[arg(long, value_name = "RFC3339")]
        ends_at: Option<String>,
        /// Where.
        #[arg(long)]
        venue: Option<String>,
        /// The council term's id.
        #[arg(long)]
        term: Option<i64>,
    },
    /// Make a new meeting from a past one: agenda (with texts and PDFs), motions without
    /// votes, hall and quotas; no attendees.
    Copy {
        /// The meeting to copy.
        #[arg(long)]
        meeting: i64,
        /// The new meeting's title.
        #[arg(long)]
        title: String,
        /// Its start, RFC 3339 with its offset.
        #[arg(long, value_name = "RFC3339")]
        starts_at: String,
    },
    /// A meeting's particulars and its readiness checklist.
    Show {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
    },
    /// Move a meeting to planning, ready, in_session or closed.
    Status {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
        /// The new status.
        #[arg(long, value_parser = ["planning", "ready", "in_session", "closed"])]
        status: String,
    },
}

/// `alumni-desk agenda …`: without a subcommand, list a meeting's agenda.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct AgendaArgs {
    /// The meeting's id (to list its agenda).
    #[arg(long)]
    meeting: Option<i64>,
    /// Add an item, or set a report's text.
    #[command(subcommand)]
    command: Option<AgendaCommand>,
}

/// `alumni-desk agenda add|text`
#[derive(Debug, Subcommand)]
pub enum AgendaCommand {
    /// Add an item at the end of a meeting's agenda.
    Add {
        /// The meeting's id.
        #[arg(long)]
        meeting: i64,
        /// What happens.
        #[arg(long)]
        title: String,
        /// speech, report, motion, election or other.
        #[arg(long, value_parser = ["speech", "report", "motion", "election", "other"], default_value = "other")]
        kind: String,
        /// Who presents or chairs it.
        #[arg(long)]
        presenter: Option<String>,
        /// Planned length in minutes.
        #[arg(long)]
        minutes: Option<u32>,
    },
    /// Set a report's text from a .txt or .docx file (numbered headings found).
    Text {
        /// The agenda item's id.
        #[arg(long)]
        item: i64,
        /// The file.
        file: PathBuf,
    },
}

/// `alumni-desk vote …`: counts are read as signed numbers so that a negative count is a
/// clear refusal (exit 1), not a usage error.
#[derive(Debug, Args)]
pub struct VoteArgs {
    /// The motion's id (see `motions --meeting ID`).
    #[arg(long)]
    motion: i64,
    /// 赞成
    #[arg(long, allow_negative_numbers = true)]
    yes: i64,
    /// 反对
    #[arg(long, allow_negative_numbers = true)]
    no: i64,
    /// 弃权
    #[arg(long, allow_negative_numbers = true)]
    abstain: i64,
    /// show_of_hands or ballot.
    #[arg(long, value_parser = ["show_of_hands", "ballot"])]
    method: String,
}

/// `alumni-desk invite …`: one source of people.
#[derive(Debug, Args)]
pub struct InviteArgs {
    /// The meeting's id.
    #[arg(long)]
    meeting: i64,
    /// Every member holding a position in this council term.
    #[arg(long, group = "source")]
    term: Option<i64>,
    /// Every member of this branch (the branch becomes their delegation).
    #[arg(long, group = "source")]
    branch: Option<i64>,
    /// The members listed in this spreadsheet (matched by ID number, student number, phone).
    #[arg(long, group = "source", value_name = "FILE")]
    members: Option<PathBuf>,
    /// The guests listed in this spreadsheet (姓名, 单位, 职务).
    #[arg(long, group = "source", value_name = "FILE")]
    guests: Option<PathBuf>,
    /// delegate, observer, guest or staff (default: delegate; guest for --guests).
    #[arg(long, value_parser = ["delegate", "observer", "guest", "staff"])]
    category: Option<String>,
    /// The delegation they come with.
    #[arg(long)]
    group: Option<String>,
}

/// `meeting …`
pub(super) fn meeting(
    path: &Path,
    staff: &Who,
    command: MeetingCommand,
) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    let detail = match command {
        MeetingCommand::Create {
            title,
            kind,
            expanded,
            starts_at,
            ends_at,
            venue,
            term,
        } => desk.create_meeting(&MeetingForm {
            title,
            kind: MeetingKind::parse(&kind).unwrap_or(MeetingKind::GeneralAssembly),
            expanded,
            term: term.map(TermId),
            starts_at,
            ends_at,
            venue,
            notes: None,
            quorum: None,
        })?,
        MeetingCommand::Copy {
            meeting,
            title,
            starts_at,
        } => desk.copy_meeting(MeetingId(meeting), &CopyForm { title, starts_at })?,
        MeetingCommand::Status { meeting, status } => desk.set_meeting_status(
            MeetingId(meeting),
            MeetingStatus::parse(&status).unwrap_or(MeetingStatus::Planning),
        )?,
        MeetingCommand::Show { meeting } => {
            let detail = desk.meeting(MeetingId(meeting))?;
            let readiness = desk.meeting_readiness(MeetingId(meeting))?;
            let mut text = format!("{}\t{}\n", detail.summary.id, detail.summary.title);
            for item in &readiness {
                text.push_str(&format!(
                    "{}\t{}\n",
                    if item.done { "✓" } else { "✗" },
                    item.code
                ));
            }
            let mut value = serde_json::to_value(&detail).map_err(AppError::internal)?;
            value["readiness"] = serde_json::to_value(&readiness).map_err(AppError::internal)?;
            return Output::new(&value, text);
        }
    };
    let text = format!(
        "{}\t{}\t{}\t{}\n",
        detail.summary.id,
        detail.summary.title,
        detail.summary.starts_at,
        detail.summary.status.as_str()
    );
    Output::new(&detail, text)
}

/// `agenda …`
pub(super) fn agenda(path: &Path, staff: &Who, args: AgendaArgs) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    match (args.command, args.meeting) {
        (
            Some(AgendaCommand::Add {
                meeting,
                title,
                kind,
                presenter,
                minutes,
            }),
            _,
        ) => {
            let item = desk.add_agenda_item(
                MeetingId(meeting),
                &AgendaItemSetup {
                    title,
                    kind: AgendaKind::parse(&kind).unwrap_or(AgendaKind::Other),
                    presenter,
                    duration_min: minutes,
                    fixed_start: None,
                },
            )?;
            let text = format!("{}\t{}\t{}\n", item.id.0, item.position, item.title);
            Output::new(&item, text)
        }
        (Some(AgendaCommand::Text { item, file }), _) => {
            let report = desk.import_report_text(AgendaItemId(item), &file)?;
            let text = format!(
                "item {item}: {} headings, {} paragraphs\n",
                report
                    .blocks
                    .iter()
                    .filter(|b| matches!(b, alumni_core::agenda::ReportBlock::Heading(_)))
                    .count(),
                report
                    .blocks
                    .iter()
                    .filter(|b| matches!(b, alumni_core::agenda::ReportBlock::Paragraph(_)))
                    .count(),
            );
            Output::new(
                &json!({ "item": item, "chars": report.text.chars().count(), "blocks": report.blocks.len() }),
                text,
            )
        }
        (None, Some(meeting)) => {
            let items = desk.agenda(MeetingId(meeting))?;
            let mut text = String::new();
            for i in &items {
                text.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\n",
                    i.position,
                    i.starts_at
                        .as_deref()
                        .map(|s| s.get(11..16).unwrap_or(s))
                        .unwrap_or("—"),
                    i.title,
                    i.presenter.as_deref().unwrap_or(""),
                    i.duration_min
                        .map(|d| format!("{d} min"))
                        .unwrap_or_default()
                ));
            }
            Output::new(&items, text)
        }
        (None, None) => Err(AppError::invalid(
            "meeting",
            "required",
            "say which meeting: agenda --meeting ID",
        )),
    }
}

/// `motions --meeting ID`
pub(super) fn motions(path: &Path, staff: &Who, meeting: i64) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    let list = desk.motions(MeetingId(meeting))?;
    let mut text = String::new();
    for m in &list {
        let outcome = match (m.passed, m.no_quorum) {
            (_, true) => "no quorum".to_owned(),
            (Some(p), _) => format!(
                "{} {}/{}/{} of {} (needed {})",
                if p { "passed" } else { "not passed" },
                m.yes.unwrap_or(0),
                m.no.unwrap_or(0),
                m.abstain.unwrap_or(0),
                m.base_count.unwrap_or(0),
                m.needed.unwrap_or(0)
            ),
            (None, false) => "not voted".to_owned(),
        };
        text.push_str(&format!(
            "{}\t{}\t{}\t{outcome}\n",
            m.id.0,
            m.kind.as_str(),
            m.title
        ));
    }
    Output::new(&list, text)
}

fn count(field: &str, value: i64) -> Result<u32, AppError> {
    u32::try_from(value).map_err(|_| {
        AppError::invalid(
            field,
            "out_of_range",
            format!("--{field} must be a count of votes (0 or more), not {value}"),
        )
    })
}

/// `vote …`
pub(super) fn vote(path: &Path, staff: &Who, args: VoteArgs) -> Result<Output, AppError> {
    let counts = VoteCounts {
        yes: count("yes", args.yes)?,
        no: count("no", args.no)?,
        abstain: count("abstain", args.abstain)?,
    };
    let desk = staff.open_existing(path)?;
    let motion = desk.record_vote(
        MotionId(args.motion),
        NewVote {
            method: VoteMethod::parse(&args.method).unwrap_or(VoteMethod::ShowOfHands),
            counts,
        },
    )?;
    let text = format!(
        "motion {}: {} ({} yes of {}, {} needed)\n",
        motion.id.0,
        if motion.passed == Some(true) {
            "passed"
        } else {
            "not passed"
        },
        counts.yes,
        motion.base_count.unwrap_or(0),
        motion.needed.unwrap_or(0)
    );
    Output::new(&motion, text)
}

/// `invite …`
pub(super) fn invite(path: &Path, staff: &Who, args: InviteArgs) -> Result<Output, AppError> {
    let options = InviteOptions {
        category: args.category.as_deref().and_then(Category::parse),
        group: args.group,
    };
    let meeting = MeetingId(args.meeting);
    let desk = staff.open_existing(path)?;
    let report = match (args.term, args.branch, args.members, args.guests) {
        (Some(term), ..) => desk.invite_term(meeting, TermId(term), &options)?,
        (_, Some(branch), ..) => desk.invite_branch(meeting, branch, &options)?,
        (_, _, Some(file), _) => desk.invite_from_file(meeting, &file, &options)?,
        (_, _, _, Some(file)) => desk.import_guests(meeting, &file, &options)?,
        _ => {
            return Err(AppError::invalid(
                "source",
                "required",
                "say whom to invite: --term ID, --branch ID, --members FILE or --guests FILE",
            ))
        }
    };
    let mut text = format!(
        "added {}, already on the list {}\n",
        report.added, report.already
    );
    for r in &report.rejected {
        text.push_str(&format!("row {}\t{}\n", r.row, r.reason));
    }
    Output::new(&report, text)
}

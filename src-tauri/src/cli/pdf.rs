//! `alumni-desk pdf …`: one document from the database to a file, written atomically — the
//! meeting documents (sign-in sheet, badges, table cards, invitation letters), the meeting's
//! papers (packet, resolutions, seating plan), the attendance report, the statistics report and
//! the election documents (ballot papers, tally sheet, result report, announcement).

use std::path::{Path, PathBuf};

use alumni_core::desk::{Destination, ElectionDocument, MeetingPaper, RenderRequest, RenderedFile};
use alumni_core::documents::format_chars;
use alumni_core::documents::meeting::{
    BadgeLayout, MeetingDocument, MeetingDocumentOptions, NameOrder,
};
use alumni_core::elections::ElectionId;
use alumni_core::meetings::{AttendeeId, MeetingId};
use clap::Subcommand;
use serde_json::json;

use super::{cli_job, Output, Who};
use crate::error::AppError;

/// `alumni-desk pdf …`
#[derive(Debug, Subcommand)]
pub enum PdfCommand {
    /// 校友信息统计报告: the register in figures.
    Statistics {
        /// Where to write the PDF.
        #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
        output: PathBuf,
    },
    /// 签到表: a meeting's sign-in sheet, by credential and delegation, in surname stroke order.
    Signin(MeetingPdf),
    /// 出席证 / 列席证 / 嘉宾证: a meeting's badges with QR codes.
    Badges {
        /// Meeting and file.
        #[command(flatten)]
        target: MeetingPdf,
        /// `sheet`: four per A4 sheet with cutting marks; `single`: one per badge-size page.
        #[arg(long, value_parser = ["sheet", "single"], default_value = "sheet")]
        layout: String,
    },
    /// 桌签: a meeting's folding table cards, one A4 sheet each.
    Cards(MeetingPdf),
    /// 选票: an election's numbered ballot papers, one a sheet, with a QR code of the ballot
    /// (never of a voter).
    Ballots {
        /// Election and file.
        #[command(flatten)]
        target: ElectionPdf,
        /// How many ballots, numbered from 1 (default: the ballots issued if recorded, else the
        /// meeting's voting attendees).
        #[arg(long, value_name = "N")]
        count: Option<u32>,
    },
    /// 计票单: the sheet the scrutineers fill by hand while counting.
    Tally(ElectionPdf),
    /// 选举结果报告单: an election's count, every candidate's votes, the chart, signatures.
    Results(ElectionPdf),
    /// 当选名单: the elected in surname stroke order, with room for the seal.
    Announcement(ElectionPdf),
    /// 出席情况报告: a meeting's attendance now, by credential and delegation, the quorum, the
    /// arrivals and the absentees.
    Attendance(MeetingFile),
    /// 邀请函: a letter per attendee (staff only when named with --attendee) with the meeting,
    /// the seat and the badge's QR code.
    Invitations(MeetingPdf),
    /// 会议手册: cover, contents, agenda, reports (attached PDFs as they are), candidate lists,
    /// seating plan and notes, numbered throughout.
    Packet(MeetingFile),
    /// 决议: every motion's vote and result, with lines for the chair and the clerk.
    Resolutions(MeetingFile),
    /// 座位图: the hall, every seat and who sits there (needs the meeting's hall).
    Seating(MeetingFile),
}

/// The meeting and the output file of a meeting's report or paper.
#[derive(Debug, clap::Args)]
pub struct MeetingFile {
    /// The meeting's id (see `meetings`).
    #[arg(long, value_name = "ID")]
    meeting: i64,
    /// Where to write the PDF.
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
    output: PathBuf,
}

/// The election and the output file of an election document.
#[derive(Debug, clap::Args)]
pub struct ElectionPdf {
    /// The election's id (see `elections --meeting ID`).
    #[arg(long, value_name = "ID")]
    election: i64,
    /// Where to write the PDF.
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
    output: PathBuf,
}

/// The meeting, optionally some of its attendees, and the output file of a meeting document.
#[derive(Debug, clap::Args)]
pub struct MeetingPdf {
    /// The meeting's id (see `meetings`).
    #[arg(long, value_name = "ID")]
    meeting: i64,
    /// Only this attendee (repeat for several), e.g. to reprint one badge.
    #[arg(long = "attendee", value_name = "ID")]
    attendees: Vec<i64>,
    /// Names within a delegation in surname stroke order (姓氏笔画) or pinyin order.
    #[arg(long, value_parser = ["strokes", "pinyin"], default_value = "strokes")]
    order: String,
    /// Print even if a name or unit holds characters no font has: each is printed as □ in a
    /// red box, noted for hand correction (without it the document is refused, naming whose).
    #[arg(long)]
    mark_missing: bool,
    /// Where to write the PDF.
    #[arg(short = 'o', long = "output", value_name = "FILE.pdf")]
    output: PathBuf,
}

/// `pdf …`: one document from the database to a file (written atomically).
pub(super) fn pdf(path: &Path, staff: &Who, command: PdfCommand) -> Result<Output, AppError> {
    let (document, target, layout) = match command {
        PdfCommand::Statistics { output } => {
            let desk = staff.open_existing(path)?;
            let file = desk.render_statistics(&Destination::File(output))?;
            let text = format!("wrote {} ({} bytes)\n", file.path.display(), file.bytes);
            return Output::new(&json!({ "path": file.path, "bytes": file.bytes }), text);
        }
        PdfCommand::Attendance(target) => {
            let desk = staff.open_existing(path)?;
            let file = desk
                .render_attendance(MeetingId(target.meeting), &Destination::File(target.output))?;
            return written(&file);
        }
        PdfCommand::Packet(target) => return paper_pdf(path, staff, target, MeetingPaper::Packet),
        PdfCommand::Resolutions(target) => {
            return paper_pdf(path, staff, target, MeetingPaper::Resolutions)
        }
        PdfCommand::Seating(target) => {
            return paper_pdf(path, staff, target, MeetingPaper::SeatingPlan)
        }
        PdfCommand::Invitations(target) => {
            (MeetingDocument::Invitations, target, BadgeLayout::Sheet)
        }
        PdfCommand::Ballots { target, count } => return ballots_pdf(path, staff, target, count),
        PdfCommand::Tally(target) => {
            return election_pdf(path, staff, target, ElectionDocument::TallySheet)
        }
        PdfCommand::Results(target) => {
            return election_pdf(path, staff, target, ElectionDocument::Results)
        }
        PdfCommand::Announcement(target) => {
            return election_pdf(path, staff, target, ElectionDocument::Announcement)
        }
        PdfCommand::Signin(target) => (MeetingDocument::SignIn, target, BadgeLayout::Sheet),
        PdfCommand::Badges { target, layout } => (
            MeetingDocument::Badges,
            target,
            BadgeLayout::parse(&layout).unwrap_or_default(),
        ),
        PdfCommand::Cards(target) => (MeetingDocument::TableCards, target, BadgeLayout::Sheet),
    };
    let desk = staff.open_existing(path)?;
    let request = RenderRequest {
        meeting: MeetingId(target.meeting),
        document,
        options: MeetingDocumentOptions {
            badge_layout: layout,
            attendees: (!target.attendees.is_empty())
                .then(|| target.attendees.iter().map(|id| AttendeeId(*id)).collect()),
            order: NameOrder::parse(&target.order).unwrap_or_default(),
            mark_missing: target.mark_missing,
        },
    };
    let job = cli_job(&desk, "pdf")?;
    let outcome = desk.render_meeting_document(&request, &Destination::File(target.output), &job);
    let file = job.end(outcome)?;
    let mut text = wrote_line(&file);
    for m in &file.marked {
        let field = m.field.as_str();
        let whose = m
            .name
            .as_deref()
            .map(|n| format!(" of {n}"))
            .unwrap_or_default();
        let chars: Vec<char> = m.chars.chars().collect();
        text.push_str(&format!(
            "marked for hand correction: {field}{whose}: {} (cannot print {})\n",
            m.text,
            format_chars(&chars)
        ));
    }
    Output::new(
        &json!({
            "path": file.path,
            "document": file.document,
            "pages": file.pages,
            "bytes": file.bytes,
            "marked": file.marked,
        }),
        text,
    )
}

/// `pdf tally|results|announcement`: an election's document (the last two from its count).
fn election_pdf(
    path: &Path,
    staff: &Who,
    target: ElectionPdf,
    document: ElectionDocument,
) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    let file = desk.render_election_document(
        ElectionId(target.election),
        document,
        &Destination::File(target.output),
    )?;
    written(&file)
}

/// `pdf packet|resolutions|seating`: one of a meeting's papers.
fn paper_pdf(
    path: &Path,
    staff: &Who,
    target: MeetingFile,
    paper: MeetingPaper,
) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    let job = cli_job(&desk, paper.as_str())?;
    let outcome = desk.render_meeting_paper(
        MeetingId(target.meeting),
        paper,
        &Destination::File(target.output),
        &job,
    );
    let file = job.end(outcome)?;
    written(&file)
}

/// `pdf ballots`: the ballot papers, as many as asked or the election's default.
fn ballots_pdf(
    path: &Path,
    staff: &Who,
    target: ElectionPdf,
    count: Option<u32>,
) -> Result<Output, AppError> {
    let desk = staff.open_existing(path)?;
    let job = cli_job(&desk, "ballots")?;
    let outcome = desk.render_ballot_papers(
        ElectionId(target.election),
        count,
        &Destination::File(target.output),
        &job,
    );
    let file = job.end(outcome)?;
    written(&file)
}

/// "wrote PATH (N pages, B bytes)", the human answer of every `pdf` command.
fn wrote_line(file: &RenderedFile) -> String {
    format!(
        "wrote {} ({} pages, {} bytes)\n",
        file.path.display(),
        file.pages.unwrap_or_default(),
        file.bytes
    )
}

/// A written document's answer: `{path, document, pages, bytes}`, or [`wrote_line`].
fn written(file: &RenderedFile) -> Result<Output, AppError> {
    Output::new(
        &json!({ "path": file.path, "document": file.document, "pages": file.pages, "bytes": file.bytes }),
        wrote_line(file),
    )
}

//! A meeting's papers that are not one per attendee, from the register to files: the meeting
//! packet (会议手册), the resolutions record (决议) and the seating plan (座位图).
//!
//! Invariants: everything is read on one reader (one consistent moment of the register) and
//! laid out off it, so a long packet never holds a reader or the write lock; the file is
//! written atomically; a packet written is recorded in `document_runs`.

use serde::Serialize;

use super::documents::{document_meta, file_name_of};
use super::{files, Desk, Destination, RenderedFile};
use crate::agenda::{self, report_blocks};
use crate::checkin;
use crate::documents::packet::{self, CandidateList, Packet, PacketReport};
use crate::documents::{resolutions, seating_plan};
use crate::elections;
use crate::error::AppError;
use crate::jobs::{Job, Phase};
use crate::meetings::{self, MeetingId};
use crate::motions;
use crate::seating;
use crate::storage::Connection;

/// Which of a meeting's papers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingPaper {
    /// 会议手册: cover, contents, agenda, reports, candidate lists, seating plan, notes.
    Packet,
    /// 决议: every motion's vote and result, for the chair and the clerk to sign.
    Resolutions,
    /// 座位图: the hall with every seat and who sits there.
    SeatingPlan,
}

impl MeetingPaper {
    /// `packet`, `resolutions` or `seating`.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingPaper::Packet => "packet",
            MeetingPaper::Resolutions => "resolutions",
            MeetingPaper::SeatingPlan => "seating",
        }
    }

    /// Parses `packet`, `resolutions` or `seating` (also `seating_plan`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "packet" => Some(MeetingPaper::Packet),
            "resolutions" => Some(MeetingPaper::Resolutions),
            "seating" | "seating_plan" => Some(MeetingPaper::SeatingPlan),
            _ => None,
        }
    }

    /// The Chinese title, first in the file name: "会议手册".
    pub fn title(self) -> &'static str {
        match self {
            MeetingPaper::Packet => packet::TITLE,
            MeetingPaper::Resolutions => resolutions::TITLE,
            MeetingPaper::SeatingPlan => seating_plan::TITLE,
        }
    }
}

/// Everything a packet prints, read at one moment: the meeting with its agenda (start times
/// computed), the reports with a text or an attached PDF, the first rounds' candidate lists,
/// the seating plan if the meeting has a hall, and the notes.
fn packet_of(conn: &Connection, meeting: MeetingId) -> Result<Packet, AppError> {
    let summary = meetings::get(conn, meeting)?;
    let items = agenda::with_times(agenda::list(conn, meeting)?, &summary.starts_at);
    let mut reports = Vec::new();
    for item in &items {
        let text = agenda::report_text(conn, item.id)?.unwrap_or_default();
        let attachment = match item.attachment_name {
            Some(_) => agenda::attachment(conn, item.id)?,
            None => None,
        };
        if !text.trim().is_empty() || attachment.is_some() {
            reports.push(PacketReport {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                blocks: report_blocks(&text),
                attachment,
            });
        }
    }
    let mut candidate_lists = Vec::new();
    for election in elections::list(conn, meeting)?
        .into_iter()
        .filter(|e| e.round == 1)
    {
        if let Some(detail) = elections::detail(conn, election.id)? {
            candidate_lists.push(CandidateList {
                title: detail.title,
                seats: detail.seats,
                names: detail.candidates.into_iter().map(|c| c.name).collect(),
            });
        }
    }
    let seating = match seating::hall(conn, meeting)? {
        Some(_) => Some(seating::plan(conn, meeting)?),
        None => None,
    };
    Ok(Packet {
        notes: meetings::detail(conn, meeting)?
            .notes
            .filter(|n| !n.trim().is_empty()),
        meeting: summary,
        agenda: items,
        reports,
        elections: candidate_lists,
        seating,
    })
}

impl Desk {
    /// Renders one of a meeting's papers to `dest`, named "<title>-<meeting>.pdf" (会议手册,
    /// 决议, 座位图). The packet reports phase `rendering` in parts laid out (a report with
    /// a long attached PDF is one part) and stops on a cancel before any file is written; it
    /// is recorded in `document_runs`. The resolutions count the voting attendees present
    /// now. Errors: `not_found` (meeting), `invalid_input` (seating plan: field `hall` reason
    /// `required` when no hall is set; packet: field `attachment` reason `not_a_pdf`, naming
    /// an attached file that does not read as a PDF), `missing_glyphs`, `cancelled`,
    /// `write_failed`.
    pub fn render_meeting_paper(
        &self,
        meeting: MeetingId,
        paper: MeetingPaper,
        dest: &Destination,
        job: &Job,
    ) -> Result<RenderedFile, AppError> {
        let (pdf, pages, title) = match paper {
            MeetingPaper::Packet => {
                let (data, meta) = self.database().read_for(job, |conn| {
                    Ok::<_, AppError>((packet_of(conn, meeting)?, document_meta(conn)?))
                })?;
                let progress = |done: usize, total: usize| {
                    job.report(Phase::Rendering, done as u64, total as u64)
                };
                let (pdf, pages) = packet::render(&data, &meta, &progress, job.cancel_flag())?;
                (pdf, pages, data.meeting.title)
            }
            MeetingPaper::Resolutions => {
                let (record, meta) = self.read(|conn| {
                    let summary = meetings::get(conn, meeting)?;
                    let attendance = checkin::attendance(conn, meeting, chrono::Utc::now())?;
                    let record = resolutions::Resolutions {
                        voting_expected: attendance.voting_expected,
                        voting_present: attendance.voting_present,
                        motions: motions::list(conn, meeting)?,
                        meeting: summary,
                    };
                    Ok((record, document_meta(conn)?))
                })?;
                let (pdf, pages) = resolutions::render(&record, &meta)?;
                (pdf, pages, record.meeting.title)
            }
            MeetingPaper::SeatingPlan => {
                let (summary, plan, meta) = self.read(|conn| {
                    let summary = meetings::get(conn, meeting)?;
                    let plan = seating::plan(conn, meeting)?;
                    Ok((summary, plan, document_meta(conn)?))
                })?;
                let (pdf, pages) = seating_plan::render(&plan, &summary, &meta)?;
                (pdf, pages, summary.title)
            }
        };
        job.check()?;
        let name = format!("{}-{}.pdf", paper.title(), title.trim());
        let path = dest.resolve(&name)?;
        files::write_atomically(&path, &pdf)?;
        if paper == MeetingPaper::Packet {
            self.record_run(meeting, None, paper.as_str(), pages);
        }
        Ok(RenderedFile {
            file_name: file_name_of(&path, &name),
            path,
            document: paper.as_str(),
            pages: Some(pages),
            bytes: pdf.len() as u64,
            marked: Vec::new(),
        })
    }
}

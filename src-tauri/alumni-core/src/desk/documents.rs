//! Documents from the register to files, as every door produces them: the meeting documents
//! (签到表, 胸卡, 桌签, 邀请函), a meeting's attendance report (出席情况报告), an election's ballot papers
//! (选票), tally sheet (计票单), result report (选举结果报告单) and announcement (当选名单), and
//! the statistics report.
//!
//! The sign-in sheet, badges, invitations and ballot papers are recorded in `document_runs`
//! once written (see [`Desk::document_runs`]).
//!
//! Invariants: the data is read on a reader, so rendering 420 badges never holds the write lock
//! nor blocks a search; the file is written atomically; the association's name and logo come
//! from Settings, and a logo file that has gone missing is replaced by the shipped emblem (and
//! logged) rather than stopping a print run at the door.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::{files, Desk};
use crate::checkin;
use crate::documents::meeting::{self, MeetingDocument, MeetingDocumentOptions, Unprintable};
use crate::documents::runs::{self, DocumentRun};
use crate::documents::statistics::{self, StatisticsReport};
use crate::documents::{attendance, ballot_paper, election_results, tally_sheet};
use crate::documents::{DocumentMeta, Fonts, DEFAULT_LOGO_PNG};
use crate::elections::{self, ElectionDetail, ElectionError, ElectionId};
use crate::error::AppError;
use crate::jobs::{Job, Phase};
use crate::meetings::MeetingId;
use crate::storage::Connection;
use crate::{settings, statistics as figures};

/// Which meeting document, for which meeting, how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderRequest {
    /// The meeting.
    pub meeting: MeetingId,
    /// Sign-in sheet, badges or table cards.
    pub document: MeetingDocument,
    /// Layout, order of names, and the attendees (all when `None`).
    pub options: MeetingDocumentOptions,
}

/// Where a rendered document goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Exactly this file (the CLI's `-o`).
    File(PathBuf),
    /// This folder (created if missing), under the document's own name, e.g.
    /// "签到表-<meeting>.pdf" (the window's documents folder).
    Folder(PathBuf),
}

/// A document written to a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RenderedFile {
    /// The file.
    pub path: PathBuf,
    /// Its name, to offer when saving elsewhere.
    pub file_name: String,
    /// `sign_in`, `badges`, `table_cards`, `invitations`, `attendance`, `ballots`, `tally`,
    /// `results`, `announcement`, `statistics`, `packet`, `resolutions` or `seating`.
    pub document: &'static str,
    /// Pages (meeting documents, the attendance report and the election documents; `None` for
    /// the statistics report, whose engine call does not count them).
    pub pages: Option<usize>,
    /// Size in bytes.
    pub bytes: u64,
    /// Fields printed with marks for hand correction (a meeting document rendered with
    /// `mark_missing`); empty otherwise.
    pub marked: Vec<Unprintable>,
}

/// Which document of an election round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ElectionDocument {
    /// 选票: the numbered ballot papers, one a sheet (before the vote).
    Ballots,
    /// 计票单: the sheet the scrutineers fill by hand while counting.
    TallySheet,
    /// 选举结果报告单: every figure and every candidate's votes, for the tellers to sign.
    Results,
    /// 当选名单: the elected in surname stroke order, to post and seal.
    Announcement,
}

impl ElectionDocument {
    /// `ballots`, `tally`, `results` or `announcement`.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionDocument::Ballots => "ballots",
            ElectionDocument::TallySheet => "tally",
            ElectionDocument::Results => "results",
            ElectionDocument::Announcement => "announcement",
        }
    }

    /// Parses `ballots`, `tally`, `results` or `announcement`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "ballots" => Some(ElectionDocument::Ballots),
            "tally" => Some(ElectionDocument::TallySheet),
            "results" => Some(ElectionDocument::Results),
            "announcement" => Some(ElectionDocument::Announcement),
            _ => None,
        }
    }
}

/// The most ballot papers one run prints: far above any meeting's electorate, and a bound on a
/// mistyped count (a run of 10,000 is about 40 MB and a minute).
pub const MAX_BALLOTS: u32 = 10_000;

/// How many ballot papers to print when none is asked for: the ballots issued, once recorded;
/// else the voting attendees on the meeting's list (for a linked electorate, once its result is
/// declared, those are its elected). Errors: `invalid_input` field `count` — reason
/// `out_of_range` (0 or above [`MAX_BALLOTS`]) or `required` (nothing to go by: no voting
/// attendees, or the voters are another election's elected and that result is not declared).
fn ballot_count(
    conn: &Connection,
    detail: &ElectionDetail,
    asked: Option<u32>,
) -> Result<u32, AppError> {
    let count = match (asked, detail.issued) {
        (Some(asked), _) => asked,
        (None, Some(issued)) if issued > 0 => issued,
        (None, _)
            if detail
                .electorate
                .map(|e| super::election_setup::electorate_declared(conn, e))
                .transpose()?
                == Some(false) =>
        {
            return Err(AppError::invalid(
                "count",
                "required",
                "the voters are another election's elected, not yet declared: say how many ballots to print",
            ))
        }
        (None, _) => checkin::attendance(conn, detail.meeting, chrono::Utc::now())?.voting_expected,
    };
    if asked.is_none() && count == 0 {
        return Err(AppError::invalid(
            "count",
            "required",
            "no ballots issued and no voting attendees: say how many ballots to print",
        ));
    }
    if count == 0 || count > MAX_BALLOTS {
        return Err(AppError::invalid(
            "count",
            "out_of_range",
            format!("print between 1 and {MAX_BALLOTS} ballots, not {count}"),
        ));
    }
    Ok(count)
}

/// "<document>-<title>[-第N轮].pdf": the round only after the first.
fn election_file_name(document: &str, title: &str, round: u32) -> String {
    let round = if round > 1 {
        format!("-第{round}轮")
    } else {
        String::new()
    };
    format!("{document}-{}{round}.pdf", title.trim())
}

impl Destination {
    /// The path for a document whose own name is `file_name`.
    pub(super) fn resolve(&self, file_name: &str) -> Result<PathBuf, AppError> {
        match self {
            Destination::File(path) => Ok(path.clone()),
            Destination::Folder(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| AppError::write_failed(dir, e))?;
                Ok(dir.join(files::safe_file_name(file_name, "document.pdf")))
            }
        }
    }
}

/// What every document shows besides its content: the association, its logo and when it was
/// made (local time).
pub fn document_meta(conn: &Connection) -> Result<DocumentMeta, AppError> {
    let settings = settings::load(conn)?;
    let logo = match settings
        .logo_path
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        Some(path) => std::fs::read(path).unwrap_or_else(|e| {
            log::warn!("logo {path} cannot be read ({e}); using the shipped emblem");
            DEFAULT_LOGO_PNG.to_vec()
        }),
        None => DEFAULT_LOGO_PNG.to_vec(),
    };
    Ok(DocumentMeta {
        association_name: settings.association_name,
        generated_at_local: crate::timestamps::now_local()
            .format("%Y年%m月%d日 %H:%M")
            .to_string(),
        logo_png: Some(logo),
        fonts: Fonts::Installed,
    })
}

impl Desk {
    /// Renders a meeting's document to `dest`, phase `rendering` in attendees. Errors:
    /// `not_found` (meeting or attendee), `no_attendees`, `missing_glyphs` (whose fields, unless
    /// the request marks them for hand correction), `cancelled` (no file written),
    /// `write_failed`.
    pub fn render_meeting_document(
        &self,
        request: &RenderRequest,
        dest: &Destination,
        job: &Job,
    ) -> Result<RenderedFile, AppError> {
        let progress =
            |p: meeting::Progress| job.report(Phase::Rendering, p.done as u64, p.total as u64);
        let rendered = self.database().read_for(job, |conn| {
            let meta = document_meta(conn)?;
            Ok::<_, AppError>(meeting::render(
                conn,
                request.meeting,
                request.document,
                &request.options,
                &meta,
                &progress,
                job.cancel_flag(),
            )?)
        })?;
        job.check()?;
        let path = dest.resolve(&rendered.file_name)?;
        files::write_atomically(&path, &rendered.pdf)?;
        if request.document != MeetingDocument::TableCards {
            let document = request.document.as_str();
            self.record_run(request.meeting, None, document, rendered.pages);
        }
        Ok(RenderedFile {
            file_name: file_name_of(&path, &rendered.file_name),
            path,
            document: request.document.as_str(),
            pages: Some(rendered.pages),
            bytes: rendered.pdf.len() as u64,
            marked: rendered.marked,
        })
    }

    /// Renders the 出席情况报告 of a meeting as it stands now to `dest`, named
    /// "出席情况报告-<meeting title>-YYYYMMDD-HHMM.pdf" (local time). The counts are read on a
    /// reader, so the door keeps checking people in while it renders. Errors: `not_found`
    /// (meeting), `missing_glyphs`, `write_failed`.
    pub fn render_attendance(
        &self,
        meeting: MeetingId,
        dest: &Destination,
    ) -> Result<RenderedFile, AppError> {
        let (report, meta) = self.read(|conn| {
            let report = checkin::attendance(conn, meeting, chrono::Utc::now())?;
            Ok((report, document_meta(conn)?))
        })?;
        let (pdf, pages) = attendance::render_counted(&report, &meta)?;
        let name = format!(
            "{}-{}-{}.pdf",
            attendance::TITLE,
            report.title.trim(),
            crate::timestamps::now_local().format("%Y%m%d-%H%M")
        );
        let path = dest.resolve(&name)?;
        files::write_atomically(&path, &pdf)?;
        Ok(RenderedFile {
            file_name: file_name_of(&path, &name),
            path,
            document: "attendance",
            pages: Some(pages),
            bytes: pdf.len() as u64,
            marked: Vec::new(),
        })
    }

    /// Renders a document of an election round to `dest`. The result report and the
    /// announcement come from [`Desk::election_result`] (the count is never made another way):
    /// "选举结果报告单-<title>-第N轮.pdf", "当选名单-<title>.pdf"; the ballot papers and the tally
    /// sheet need no count — they are printed before it — "选票-<title>.pdf" (as many as
    /// [`Desk::render_ballot_papers`] prints by default), "计票单-<title>.pdf" ("-第N轮" after
    /// the first round). Errors: `not_found`, `invalid_input` (results or announcement:
    /// `issued` not recorded; ballots: field `count`), `missing_glyphs`, `write_failed`.
    pub fn render_election_document(
        &self,
        election: ElectionId,
        document: ElectionDocument,
        dest: &Destination,
    ) -> Result<RenderedFile, AppError> {
        match document {
            ElectionDocument::Ballots => {
                return self.ballot_papers(
                    election,
                    None,
                    dest,
                    &|_, _| {},
                    &AtomicBool::new(false),
                )
            }
            ElectionDocument::TallySheet => return self.render_tally_sheet(election, dest),
            ElectionDocument::Results | ElectionDocument::Announcement => {}
        }
        let result = self.election_result(election)?;
        let meta = self.read(document_meta)?;
        let title = result.title.trim();
        let (pdf, pages, name) = match document {
            ElectionDocument::Announcement => {
                let (pdf, pages) = election_results::render_announcement(&result, &meta)?;
                let name =
                    election_file_name(election_results::ANNOUNCEMENT_TITLE, title, result.round);
                (pdf, pages, name)
            }
            _ => {
                let (pdf, pages) = election_results::render_report(&result, &meta)?;
                // The report names its round always: the tellers file one per round.
                let name = format!(
                    "{}-{title}-第{}轮.pdf",
                    election_results::REPORT_TITLE,
                    result.round
                );
                (pdf, pages, name)
            }
        };
        self.write_election_file(document, dest, &name, &pdf, pages)
    }

    /// Prints ballot papers numbered 1..=`count` of an election round to `dest`, named
    /// "选票-<title>[-第N轮].pdf": one ballot a sheet, each with its number and a QR code of the
    /// election, round, page and number — never anything about a voter. `count` defaults to
    /// the ballots issued if recorded, else the voting attendees on the meeting's list. Reports
    /// phase `rendering` in ballots; a cancel stops it before any file is written. Errors:
    /// `not_found`, `invalid_input` (field `count`: `out_of_range` for 0 or above
    /// [`MAX_BALLOTS`], `required` when there is no default), `missing_glyphs`, `cancelled`,
    /// `write_failed`.
    pub fn render_ballot_papers(
        &self,
        election: ElectionId,
        count: Option<u32>,
        dest: &Destination,
        job: &Job,
    ) -> Result<RenderedFile, AppError> {
        let progress =
            |done: u32, total: u32| job.report(Phase::Rendering, u64::from(done), u64::from(total));
        self.ballot_papers(election, count, dest, &progress, job.cancel_flag())
    }

    /// The ballot papers, reporting ballots laid out to `progress` and stopping on `cancel`.
    fn ballot_papers(
        &self,
        election: ElectionId,
        count: Option<u32>,
        dest: &Destination,
        progress: &dyn Fn(u32, u32),
        cancel: &AtomicBool,
    ) -> Result<RenderedFile, AppError> {
        let (detail, count, meta) = self.read(|conn| {
            let detail = election_detail(conn, election)?;
            let count = ballot_count(conn, &detail, count)?;
            Ok((detail, count, document_meta(conn)?))
        })?;
        // Laid out off the reader: a run of 400 ballots takes seconds and must not hold one.
        let (pdf, pages) =
            ballot_paper::render_ballots_reporting(&detail, &meta, 1, count, progress, cancel)?;
        let name = election_file_name(ballot_paper::BALLOT_TITLE, &detail.title, detail.round);
        let file =
            self.write_election_file(ElectionDocument::Ballots, dest, &name, &pdf, pages as usize)?;
        self.record_run(detail.meeting, Some(detail.id), "ballots", pages as usize);
        Ok(file)
    }

    /// Records a document printed for a meeting (`document_runs`, the readiness checklist).
    /// The file is written by then and the user has it, so a failure here is logged, not
    /// raised.
    pub(super) fn record_run(
        &self,
        meeting: MeetingId,
        election: Option<ElectionId>,
        document: &str,
        pages: usize,
    ) {
        let recorded = self.write(|tx, actor| {
            Ok(runs::record(
                tx,
                meeting,
                election,
                document,
                Some(pages),
                actor.id,
            )?)
        });
        if let Err(e) = recorded {
            log::warn!(
                "the {document} printed for meeting {} was not recorded: {e}",
                meeting.0
            );
        }
    }

    /// The documents printed for a meeting, oldest first. Errors: `not_found` (meeting).
    pub fn document_runs(&self, meeting: MeetingId) -> Result<Vec<DocumentRun>, AppError> {
        self.read(|conn| {
            crate::meetings::get(conn, meeting)?;
            Ok(runs::list(conn, meeting)?)
        })
    }

    /// The 计票单 of an election round to `dest`, "计票单-<title>[-第N轮].pdf".
    fn render_tally_sheet(
        &self,
        election: ElectionId,
        dest: &Destination,
    ) -> Result<RenderedFile, AppError> {
        let (detail, meta) =
            self.read(|conn| Ok((election_detail(conn, election)?, document_meta(conn)?)))?;
        let (pdf, pages) = tally_sheet::render_tally_sheet(&detail, &meta)?;
        let name = election_file_name(tally_sheet::TALLY_TITLE, &detail.title, detail.round);
        self.write_election_file(
            ElectionDocument::TallySheet,
            dest,
            &name,
            &pdf,
            pages as usize,
        )
    }

    /// Writes an election document's bytes under its own name in `dest` (atomically).
    fn write_election_file(
        &self,
        document: ElectionDocument,
        dest: &Destination,
        name: &str,
        pdf: &[u8],
        pages: usize,
    ) -> Result<RenderedFile, AppError> {
        let path = dest.resolve(name)?;
        files::write_atomically(&path, pdf)?;
        Ok(RenderedFile {
            file_name: file_name_of(&path, name),
            path,
            document: document.as_str(),
            pages: Some(pages),
            bytes: pdf.len() as u64,
            marked: Vec::new(),
        })
    }

    /// Renders the 校友信息统计报告 of the register now to `dest`. Errors: `write_failed`.
    pub fn render_statistics(&self, dest: &Destination) -> Result<RenderedFile, AppError> {
        let pdf = self.read(|conn| {
            let report = StatisticsReport::from_statistics(&figures::compute(conn)?);
            Ok(statistics::render(&report, &document_meta(conn)?)?)
        })?;
        let name = format!(
            "校友信息统计报告-{}.pdf",
            crate::timestamps::now_local().format("%Y%m%d")
        );
        let path = dest.resolve(&name)?;
        files::write_atomically(&path, &pdf)?;
        Ok(RenderedFile {
            file_name: file_name_of(&path, &name),
            path,
            document: "statistics",
            pages: None,
            bytes: pdf.len() as u64,
            marked: Vec::new(),
        })
    }
}

/// An election with its candidates. Errors: `not_found`.
fn election_detail(conn: &Connection, election: ElectionId) -> Result<ElectionDetail, AppError> {
    Ok(elections::detail(conn, election)?.ok_or(ElectionError::NotFound { id: election.0 })?)
}

/// The written file's own name, to offer when saving elsewhere.
pub(super) fn file_name_of(path: &Path, fallback: &str) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| fallback.to_owned())
}

//! Documents from the register to files, as every door produces them: the meeting documents
//! (签到表, 胸卡, 桌签), a meeting's attendance report (出席情况报告), an election's result report
//! (选举结果报告单) and announcement (当选名单), and the statistics report.
//!
//! Invariants: the data is read on a reader, so rendering 420 badges never holds the write lock
//! nor blocks a search; the file is written atomically; the association's name and logo come
//! from Settings, and a logo file that has gone missing is replaced by the shipped emblem (and
//! logged) rather than stopping a print run at the door.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::{files, Desk};
use crate::checkin;
use crate::documents::meeting::{self, MeetingDocument, MeetingDocumentOptions, Unprintable};
use crate::documents::statistics::{self, StatisticsReport};
use crate::documents::{attendance, election_results};
use crate::documents::{DocumentMeta, Fonts, DEFAULT_LOGO_PNG};
use crate::elections::ElectionId;
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
    /// `sign_in`, `badges`, `table_cards`, `attendance`, `results`, `announcement` or
    /// `statistics`.
    pub document: &'static str,
    /// Pages (meeting documents, the attendance report and the election documents; `None` for
    /// the statistics report,
    /// whose engine call does not count them).
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
    /// 选举结果报告单: every figure and every candidate's votes, for the tellers to sign.
    Results,
    /// 当选名单: the elected in surname stroke order, to post and seal.
    Announcement,
}

impl ElectionDocument {
    /// `results` or `announcement`.
    pub fn as_str(self) -> &'static str {
        match self {
            ElectionDocument::Results => "results",
            ElectionDocument::Announcement => "announcement",
        }
    }

    /// Parses `results` or `announcement`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "results" => Some(ElectionDocument::Results),
            "announcement" => Some(ElectionDocument::Announcement),
            _ => None,
        }
    }
}

impl Destination {
    /// The path for a document whose own name is `file_name`.
    fn resolve(&self, file_name: &str) -> Result<PathBuf, AppError> {
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
        generated_at_local: chrono::Local::now()
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
            chrono::Local::now().format("%Y%m%d-%H%M")
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

    /// Renders a document of an election round to `dest`, from [`Desk::election_result`]
    /// (the count is never made another way): "选举结果报告单-<title>-第N轮.pdf" or
    /// "当选名单-<title>.pdf" ("-第N轮" after the first round). Errors: `not_found`,
    /// `invalid_input` (`issued` not recorded), `missing_glyphs`, `write_failed`.
    pub fn render_election_document(
        &self,
        election: ElectionId,
        document: ElectionDocument,
        dest: &Destination,
    ) -> Result<RenderedFile, AppError> {
        let result = self.election_result(election)?;
        let meta = self.read(document_meta)?;
        let title = result.title.trim();
        let (pdf, pages, name) = match document {
            ElectionDocument::Results => {
                let (pdf, pages) = election_results::render_report(&result, &meta)?;
                let name = format!(
                    "{}-{title}-第{}轮.pdf",
                    election_results::REPORT_TITLE,
                    result.round
                );
                (pdf, pages, name)
            }
            ElectionDocument::Announcement => {
                let (pdf, pages) = election_results::render_announcement(&result, &meta)?;
                let round = if result.round > 1 {
                    format!("-第{}轮", result.round)
                } else {
                    String::new()
                };
                let name = format!(
                    "{}-{title}{round}.pdf",
                    election_results::ANNOUNCEMENT_TITLE
                );
                (pdf, pages, name)
            }
        };
        let path = dest.resolve(&name)?;
        files::write_atomically(&path, &pdf)?;
        Ok(RenderedFile {
            file_name: file_name_of(&path, &name),
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
            chrono::Local::now().format("%Y%m%d")
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

fn file_name_of(path: &Path, fallback: &str) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| fallback.to_owned())
}

//! A meeting's documents (签到表, 胸卡, 桌签): rendered off the UI thread with progress events
//! and cancel into the app's own documents folder, then saved, opened or printed from there;
//! and a badge reissued (the old token stops working at the door).
//!
//! Invariant: save, open and print accept only PDFs inside [`paths::documents_dir`], so the
//! webview can never copy, open or print a file of its choosing.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, SystemTime};

use alumni_core::checkin::BadgeToken;
use alumni_core::desk::{files, Desk, Destination, MeetingPaper, RenderRequest, RenderedFile};
use alumni_core::documents::meeting::{
    BadgeLayout, MeetingDocument, MeetingDocumentOptions, NameOrder,
};
use alumni_core::jobs::Job;
use alumni_core::meetings::{self, AttendeeId, MeetingId};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::{desk_of, jobs, with_desk};
use crate::app::AppState;
use crate::dialogs::FileQuestion;
use crate::error::AppError;
use crate::paths;
use crate::platform::{self, Printer};

/// Rendered files older than this are removed when the next document is rendered.
const KEEP_RENDERED: Duration = Duration::from_secs(24 * 3600);

/// A finished render, as the window shows it.
#[derive(Debug, Serialize)]
pub struct RenderedDocument {
    pub(super) job_id: String,
    #[serde(flatten)]
    pub(super) file: RenderedFile,
}

fn unknown(field: &str, value: &str, choices: &str) -> AppError {
    AppError::invalid(field, "unknown", format!("no {field} {value:?}: {choices}"))
}

/// Removes rendered documents of earlier days; what cannot be removed (open in a viewer on
/// Windows) stays for the next time.
fn prune_old(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| now.duration_since(at).ok())
            .is_some_and(|age| age > KEEP_RENDERED);
        if old {
            if let Err(e) = std::fs::remove_dir_all(entry.path()) {
                log::debug!("kept {}: {e}", entry.path().display());
            }
        }
    }
}

/// Renders a meeting's document into the documents folder as job `job_id` (`job-progress`
/// events; `cancel_job` stops it with kind `cancelled` and no file).
#[tauri::command]
#[allow(clippy::too_many_arguments)] // The window's arguments, one per IPC key.
pub async fn render_meeting_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
    document: String,
    badge_layout: Option<String>,
    attendee_ids: Option<Vec<i64>>,
    order: Option<String>,
    mark_missing: Option<bool>,
    job_id: String,
) -> Result<RenderedDocument, AppError> {
    // The meeting's papers (packet, resolutions, seating plan) print from the same panel.
    if let Some(paper) = MeetingPaper::parse(&document) {
        let meeting = MeetingId(meeting_id);
        let file = in_documents_folder(app, &state, &job_id, move |desk, dest, job| {
            desk.render_meeting_paper(meeting, paper, &dest, job)
        })
        .await?;
        return Ok(RenderedDocument { job_id, file });
    }
    let document = MeetingDocument::parse(&document).ok_or_else(|| {
        unknown(
            "document",
            &document,
            "sign_in, badges, table_cards, invitations, packet, resolutions or seating",
        )
    })?;
    let badge_layout = match badge_layout.as_deref() {
        None => BadgeLayout::default(),
        Some(text) => BadgeLayout::parse(text)
            .ok_or_else(|| unknown("badge_layout", text, "sheet or single"))?,
    };
    let order = match order.as_deref() {
        None => NameOrder::default(),
        Some(text) => {
            NameOrder::parse(text).ok_or_else(|| unknown("order", text, "strokes or pinyin"))?
        }
    };
    let request = RenderRequest {
        meeting: MeetingId(meeting_id),
        document,
        options: MeetingDocumentOptions {
            badge_layout,
            order,
            attendees: attendee_ids.map(|ids| ids.into_iter().map(AttendeeId).collect()),
            mark_missing: mark_missing.unwrap_or(false),
        },
    };
    let file = in_documents_folder(app, &state, &job_id, move |desk, dest, job| {
        desk.render_meeting_document(&request, &dest, job)
    })
    .await?;
    log::info!(
        "rendered {} ({:?} pages, {} bytes) for meeting {meeting_id}",
        file.path.display(),
        file.pages,
        file.bytes
    );
    Ok(RenderedDocument { job_id, file })
}

/// Renders a meeting's 出席情况报告 as it stands now into the documents folder as job `job_id`,
/// for the print dialog (save, open, print).
#[tauri::command]
pub async fn render_attendance_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
    job_id: String,
) -> Result<RenderedDocument, AppError> {
    let file = in_documents_folder(app, &state, &job_id, move |desk, dest, _| {
        desk.render_attendance(MeetingId(meeting_id), &dest)
    })
    .await?;
    Ok(RenderedDocument { job_id, file })
}

/// Runs `render` as job `job_id` off the UI thread into the job's own folder of the documents
/// folder (older renders pruned first).
pub(super) async fn in_documents_folder<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    job_id: &str,
    render: impl FnOnce(&Desk, Destination, &Job) -> Result<RenderedFile, AppError> + Send + 'static,
) -> Result<RenderedFile, AppError> {
    let desk = desk_of(state)?;
    let job = jobs::start(app, state, job_id)?;
    let root = paths::documents_dir();
    let folder = root.join(job_id);
    tauri::async_runtime::spawn_blocking(move || {
        prune_old(&root);
        let rendered = render(&desk, Destination::Folder(folder), &job);
        job.end(rendered)
    })
    .await
    .map_err(AppError::internal)?
}

/// The PDF at `path` if it is one of ours; anything else is refused.
fn our_document(path: &str) -> Result<PathBuf, AppError> {
    let outside = || {
        AppError::invalid(
            "path",
            "outside_documents",
            format!("{path} is not a document rendered by this app"),
        )
    };
    let given = Path::new(path);
    let climbs = given
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::CurDir));
    if climbs || !given.is_absolute() || given.extension().is_none_or(|e| e != "pdf") {
        return Err(outside());
    }
    let root = paths::documents_dir()
        .canonicalize()
        .map_err(|_| outside())?;
    let file = match given.canonicalize() {
        Ok(file) => file,
        // Inside our folder but gone: removed with yesterday's documents, render it again.
        Err(_) if given.starts_with(paths::documents_dir()) => {
            return Err(AppError::not_found(
                "document",
                path,
                format!("{path} no longer exists; render it again"),
            ))
        }
        Err(_) => return Err(outside()),
    };
    if file.starts_with(&root) && file.is_file() {
        Ok(file)
    } else {
        Err(outside())
    }
}

/// Where a document was saved.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: PathBuf,
}

/// Asks where to save a rendered document (offering `file_name`) and copies it there; `None`
/// when the user cancels.
#[tauri::command]
pub async fn save_document(
    state: State<'_, AppState>,
    path: String,
    file_name: String,
    title: Option<String>,
) -> Result<Option<Saved>, AppError> {
    let source = our_document(&path)?;
    let question = FileQuestion::save(
        title.as_deref().unwrap_or("保存文档"),
        &files::safe_file_name(&file_name, "document.pdf"),
    )
    .filter("PDF", &["pdf"]);
    let Some(target) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let pdf = std::fs::read(&source).map_err(AppError::internal)?;
        files::write_atomically(&written, &pdf)
    })
    .await
    .map_err(AppError::internal)??;
    log::info!("saved {} as {}", path, target.display());
    Ok(Some(Saved { path: target }))
}

/// Shows a rendered document in the system's PDF viewer.
#[tauri::command]
pub async fn open_document(path: String) -> Result<(), AppError> {
    let file = our_document(&path)?;
    tauri::async_runtime::spawn_blocking(move || platform::open_file(&file))
        .await
        .map_err(AppError::internal)?
}

/// The system's printers, the default marked; empty when there is no print service.
#[tauri::command]
pub async fn list_printers() -> Result<Vec<Printer>, AppError> {
    tauri::async_runtime::spawn_blocking(platform::printers)
        .await
        .map_err(AppError::internal)
}

/// A print job handed to the system.
#[derive(Debug, Serialize)]
pub struct Printed {
    job: String,
}

/// Prints a rendered document on `printer` (the system default when absent), `copies` times.
/// Not audited — nothing in the register changes — but logged.
#[tauri::command]
pub async fn print_document(
    path: String,
    printer: Option<String>,
    copies: u32,
) -> Result<Printed, AppError> {
    let file = our_document(&path)?;
    platform::check_print_request(printer.as_deref(), copies)?;
    let job = tauri::async_runtime::spawn_blocking(move || {
        let job = platform::print_file(&file, printer.as_deref(), copies)?;
        log::info!(
            "printed {} on {} × {copies}: job {job}",
            file.display(),
            printer.as_deref().unwrap_or("the default printer")
        );
        Ok::<_, AppError>(job)
    })
    .await
    .map_err(AppError::internal)??;
    Ok(Printed { job })
}

/// Gives an attendee a new badge token (recorded in the audit log); the old one stops working
/// at the door. Returns the new token.
#[tauri::command]
pub async fn reissue_badge(
    state: State<'_, AppState>,
    attendee_id: i64,
) -> Result<BadgeToken, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(meetings::reissue_badge(
                tx,
                AttendeeId(attendee_id),
                actor.id,
            )?)
        })
    })
    .await
}

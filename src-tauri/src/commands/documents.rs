//! A meeting's documents (签到表, 胸卡, 桌签): rendered off the UI thread with progress events
//! and cancel into the app's own documents folder, then saved, opened or printed from there;
//! and a badge reissued (the old token stops working at the door).
//!
//! Invariant: save, open and print accept only PDFs inside [`paths::documents_dir`], so the webview can
//! never copy, open or print a file of its choosing.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use alumni_core::checkin::BadgeToken;
use alumni_core::documents::meeting::{
    self, BadgeLayout, MeetingDocument, MeetingDocumentOptions, NameOrder, Progress,
};
use alumni_core::meetings::{self, AttendeeId, MeetingId};
use serde::Serialize;
use serde_json::json;
use tauri::{AppHandle, Emitter, Runtime, State};

use super::with_session;
use crate::app::AppState;
use crate::error::{from_domain, AppError};
use crate::paths;
use crate::platform::{self, Printer};

/// The event a running render reports progress with.
pub const PROGRESS_EVENT: &str = "document-progress";

/// Rendered files older than this are removed when the next document is rendered.
const KEEP_RENDERED: Duration = Duration::from_secs(24 * 3600);

/// One render by the job id the window chose.
#[derive(Default)]
struct Job {
    cancel: Arc<AtomicBool>,
    running: bool,
}

/// Renders running now (or cancelled before they started), by job id.
#[derive(Default)]
pub struct DocumentJobs {
    jobs: Mutex<HashMap<String, Job>>,
}

impl DocumentJobs {
    fn lock(&self) -> Result<MutexGuard<'_, HashMap<String, Job>>, AppError> {
        self.jobs
            .lock()
            .map_err(|_| AppError::internal("document jobs lock poisoned"))
    }
}

/// A finished render, as the window shows it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RenderedFile {
    job_id: String,
    path: PathBuf,
    file_name: String,
    pages: usize,
    bytes: u64,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProgressEvent<'a> {
    job_id: &'a str,
    done: usize,
    total: usize,
}

fn invalid(field: &str, reason: &str, message: String) -> AppError {
    AppError::new(
        "invalid_input",
        json!({ "field": field, "reason": reason }),
        message,
    )
}

/// Job ids name a folder: letters, digits, '-' and '_' only, so none can climb out of it.
fn check_job_id(job_id: &str) -> Result<(), AppError> {
    let ok = (1..=64).contains(&job_id.len())
        && job_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "job_id",
            "invalid",
            format!("not a job id: {job_id:?}"),
        ))
    }
}

/// Progress as events, at most one per percent, so hundreds of badges do not flood the window.
fn reporter<R: Runtime>(app: AppHandle<R>, job_id: String) -> impl Fn(Progress) + Send {
    let last = Mutex::new(None::<usize>);
    move |p: Progress| {
        let step = (p.done * 100).checked_div(p.total).unwrap_or(100);
        let Ok(mut last) = last.lock() else { return };
        if *last == Some(step) && p.done != p.total {
            return;
        }
        *last = Some(step);
        let event = ProgressEvent {
            job_id: &job_id,
            done: p.done,
            total: p.total,
        };
        if let Err(e) = app.emit(PROGRESS_EVENT, event) {
            log::warn!("progress event not sent: {e}");
        }
    }
}

/// A file name safe on every platform (the core's is already; this guards the folder).
fn safe_file_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "document.pdf".to_owned()
    } else {
        cleaned
    }
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

fn write_failed(path: &Path, e: &std::io::Error) -> AppError {
    log::error!("cannot write {}: {e}", path.display());
    AppError::new(
        "write_failed",
        json!({ "path": path }),
        format!("cannot write {}: {e}", path.display()),
    )
}

/// Renders a meeting's document into the documents folder, reporting `document-progress`
/// events; stops with `cancelled` when [`cancel_document`] is called with the same job id.
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
    job_id: String,
) -> Result<RenderedFile, AppError> {
    check_job_id(&job_id)?;
    let document = MeetingDocument::parse(&document).ok_or_else(|| {
        invalid(
            "document",
            "unknown",
            format!("no document {document:?}: sign_in, badges or table_cards"),
        )
    })?;
    let badge_layout = match badge_layout.as_deref() {
        None => BadgeLayout::default(),
        Some(text) => BadgeLayout::parse(text).ok_or_else(|| {
            invalid(
                "badge_layout",
                "unknown",
                format!("no badge layout {text:?}: sheet or single"),
            )
        })?,
    };
    let order = match order.as_deref() {
        None => NameOrder::default(),
        Some(text) => NameOrder::parse(text).ok_or_else(|| {
            invalid(
                "order",
                "unknown",
                format!("no name order {text:?}: strokes or pinyin"),
            )
        })?,
    };
    let options = MeetingDocumentOptions {
        badge_layout,
        order,
        attendees: attendee_ids.map(|ids| ids.into_iter().map(AttendeeId).collect()),
    };

    let cancel = {
        let mut jobs = state.documents.lock()?;
        // A cancel that arrived before the render started has left its flag set: honour it.
        let job = jobs.entry(job_id.clone()).or_default();
        if job.running {
            return Err(invalid(
                "job_id",
                "in_use",
                format!("job {job_id} is already running"),
            ));
        }
        job.running = true;
        job.cancel.clone()
    };
    let progress = reporter(app, job_id.clone());
    let root = paths::documents_dir();
    let folder = root.join(&job_id);
    let id = job_id.clone();
    let outcome = with_session(&state, move |s| {
        let meta = crate::documents::meta(&s.conn)?;
        let rendered = meeting::render(
            &s.conn,
            MeetingId(meeting_id),
            document,
            &options,
            &meta,
            &progress,
            &cancel,
        )
        .map_err(from_domain)?;
        prune_old(&root);
        std::fs::create_dir_all(&folder).map_err(|e| write_failed(&folder, &e))?;
        let file_name = safe_file_name(&rendered.file_name);
        let path = folder.join(&file_name);
        std::fs::write(&path, &rendered.pdf).map_err(|e| write_failed(&path, &e))?;
        Ok(RenderedFile {
            job_id: id,
            path,
            file_name,
            pages: rendered.pages,
            bytes: rendered.pdf.len() as u64,
        })
    })
    .await;
    state.documents.lock()?.remove(&job_id);
    let file = outcome?;
    log::info!(
        "rendered {} ({} pages, {} bytes) for meeting {meeting_id}",
        file.path.display(),
        file.pages,
        file.bytes
    );
    Ok(file)
}

/// Stops a running render; it then fails with kind `cancelled`. Harmless when it has ended.
#[tauri::command]
pub async fn cancel_document(state: State<'_, AppState>, job_id: String) -> Result<(), AppError> {
    check_job_id(&job_id)?;
    // The window may send cancel before its render has registered: the flag waits for it.
    state
        .documents
        .lock()?
        .entry(job_id)
        .or_default()
        .cancel
        .store(true, Ordering::Relaxed);
    Ok(())
}

/// The PDF at `path` if it is one of ours; anything else is refused.
fn our_document(path: &str) -> Result<PathBuf, AppError> {
    let outside = || {
        invalid(
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
            return Err(AppError::new(
                "not_found",
                json!({ "entity": "document", "id": path }),
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
    path: String,
    file_name: String,
    title: Option<String>,
) -> Result<Option<Saved>, AppError> {
    let source = our_document(&path)?;
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("保存文档"))
        .set_file_name(safe_file_name(&file_name))
        .add_filter("PDF", &["pdf"])
        .save_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let target = file.path().to_owned();
    let written = target.clone();
    tauri::async_runtime::spawn_blocking(move || {
        std::fs::copy(&source, &written)
            .map(|_| ())
            .map_err(|e| write_failed(&written, &e))
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
    with_session(&state, move |s| {
        s.write(|tx, actor| {
            Ok(meetings::reissue_badge(
                tx,
                AttendeeId(attendee_id),
                actor.id,
            )?)
        })
    })
    .await
}

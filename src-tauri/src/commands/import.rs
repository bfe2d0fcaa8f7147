//! Importing the register from a spreadsheet: choose the file, correct the column mapping,
//! dry run, apply; with progress events and cancel. Each open file is a job kept by token until
//! the window closes.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use alumni_core::members::import::{
    self, ColumnMapping, ImportReport, Mapping, Phase, Plan, Progress, Sheet,
};
use alumni_core::members::MemberField;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// The event a running preview or apply reports progress with.
pub const PROGRESS_EVENT: &str = "import-progress";

/// One file being imported.
struct Job {
    file_name: String,
    sheet: Arc<Sheet>,
    mapping: Mapping,
    cancel: Arc<AtomicBool>,
    plan: Option<Arc<Plan>>,
}

/// The open import jobs.
#[derive(Default)]
pub struct ImportJobs {
    next: AtomicU64,
    jobs: Mutex<HashMap<String, Job>>,
}

/// A column as the mapping screen shows it.
#[derive(Debug, Serialize)]
pub struct ColumnView {
    index: usize,
    header: String,
    field: Option<MemberField>,
    samples: Vec<String>,
}

/// A file read and its columns detected.
#[derive(Debug, Serialize)]
pub struct Opened {
    token: String,
    file_name: String,
    header_row: u32,
    rows: usize,
    columns: Vec<ColumnView>,
    fields: Vec<MemberField>,
}

#[derive(Debug, Clone, Serialize)]
struct ProgressEvent<'a> {
    token: &'a str,
    phase: &'static str,
    done: usize,
    total: usize,
}

fn no_job(token: &str) -> AppError {
    AppError::new(
        "not_found",
        serde_json::json!({ "entity": "import", "id": token }),
        format!("no import {token}; open the file again"),
    )
}

fn lock(jobs: &ImportJobs) -> Result<std::sync::MutexGuard<'_, HashMap<String, Job>>, AppError> {
    jobs.jobs
        .lock()
        .map_err(|_| AppError::internal("import jobs lock poisoned"))
}

/// Asks for a file, reads it and detects its columns; `None` when the user cancels.
#[tauri::command]
pub async fn import_open(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<Opened>, AppError> {
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("导入校友名册"))
        .add_filter("Excel / CSV", &["xlsx", "xls", "csv"])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path: PathBuf = file.path().to_owned();
    let file_name = file.file_name();
    let (sheet, mapping) = tauri::async_runtime::spawn_blocking(move || {
        let sheet = import::read_file(&path)?;
        let mapping = import::detect_mapping(&sheet)?;
        Ok::<_, AppError>((sheet, mapping))
    })
    .await
    .map_err(AppError::internal)??;
    let rows = sheet
        .rows
        .iter()
        .filter(|r| r.number > mapping.header_row)
        .count();
    let columns = mapping
        .headers
        .iter()
        .enumerate()
        .map(|(index, header)| ColumnView {
            index,
            header: header.clone(),
            field: mapping.fields.get(index).copied().flatten(),
            samples: mapping
                .samples
                .iter()
                .filter_map(|row| row.get(index).cloned())
                .take(3)
                .collect(),
        })
        .collect();
    let token = format!(
        "import-{}",
        state.imports.next.fetch_add(1, Ordering::Relaxed) + 1
    );
    let opened = Opened {
        token: token.clone(),
        file_name: file_name.clone(),
        header_row: mapping.header_row,
        rows,
        columns,
        fields: MemberField::imported().to_vec(),
    };
    lock(&state.imports)?.insert(
        token,
        Job {
            file_name,
            sheet: Arc::new(sheet),
            mapping,
            cancel: Arc::new(AtomicBool::new(false)),
            plan: None,
        },
    );
    Ok(Some(opened))
}

/// The job's sheet, mapping (with the user's fields) and a fresh cancel flag.
fn prepare(
    state: &AppState,
    token: &str,
    fields: ColumnMapping,
) -> Result<(Arc<Sheet>, Mapping, Arc<AtomicBool>, String), AppError> {
    let jobs = lock(&state.imports)?;
    let job = jobs.get(token).ok_or_else(|| no_job(token))?;
    job.cancel.store(false, Ordering::Relaxed);
    Ok((
        job.sheet.clone(),
        job.mapping.clone().with_fields(fields),
        job.cancel.clone(),
        job.file_name.clone(),
    ))
}

fn reporter<R: Runtime>(app: AppHandle<R>, token: String) -> impl Fn(Progress) {
    move |p: Progress| {
        let phase = match p.phase {
            Phase::Planning => "checking",
            Phase::Applying => "writing",
        };
        let event = ProgressEvent {
            token: &token,
            phase,
            done: p.done,
            total: p.total,
        };
        if let Err(e) = app.emit(PROGRESS_EVENT, event) {
            log::warn!("progress event not sent: {e}");
        }
    }
}

fn keep_plan(state: &AppState, token: &str, plan: Plan) -> Result<Arc<Plan>, AppError> {
    let plan = Arc::new(plan);
    if let Some(job) = lock(&state.imports)?.get_mut(token) {
        job.plan = Some(plan.clone());
    }
    Ok(plan)
}

/// The dry run: what the import would do, writing nothing.
#[tauri::command]
pub async fn import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    mapping: ColumnMapping,
) -> Result<ImportReport, AppError> {
    let (sheet, mapping, cancel, _) = prepare(&state, &token, mapping)?;
    let progress = reporter(app, token.clone());
    let plan = with_session(&state, move |s| {
        Ok(import::plan(&s.conn, &sheet, &mapping, &progress, &cancel)?)
    })
    .await?;
    let report = import::dry_run_report(&plan);
    keep_plan(&state, &token, plan)?;
    Ok(report)
}

/// Checks the file again against the register as it is now and writes it in one transaction.
#[tauri::command]
pub async fn import_apply<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    mapping: ColumnMapping,
) -> Result<ImportReport, AppError> {
    let (sheet, mapping, cancel, file_name) = prepare(&state, &token, mapping)?;
    let progress = reporter(app, token.clone());
    let done = with_session(&state, move |s| {
        let actor = s.actor.id;
        // The dry run is repeated inside the write transaction, against the register as it is.
        Ok(import::run(
            &mut s.conn,
            actor,
            &sheet,
            &mapping,
            &file_name,
            &progress,
            &cancel,
        )?)
    })
    .await?;
    let (plan, report) = (done.plan, done.report);
    keep_plan(&state, &token, plan)?;
    Ok(report)
}

/// Stops a running preview or apply; nothing is written.
#[tauri::command]
pub async fn import_cancel(state: State<'_, AppState>, token: String) -> Result<(), AppError> {
    let jobs = lock(&state.imports)?;
    let job = jobs.get(&token).ok_or_else(|| no_job(&token))?;
    job.cancel.store(true, Ordering::Relaxed);
    Ok(())
}

/// Where the rejected rows were saved.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: PathBuf,
}

/// Asks where to save the rejected rows (.xlsx with a reason column) and writes them.
#[tauri::command]
pub async fn import_save_rejects(
    state: State<'_, AppState>,
    token: String,
    title: Option<String>,
) -> Result<Option<Saved>, AppError> {
    let (plan, sheet, file_name) = {
        let jobs = lock(&state.imports)?;
        let job = jobs.get(&token).ok_or_else(|| no_job(&token))?;
        let plan = job.plan.clone().ok_or_else(|| {
            AppError::new(
                "invalid_input",
                serde_json::json!({ "field": "import", "reason": "no_dry_run" }),
                "run the dry run first",
            )
        })?;
        (plan, job.sheet.clone(), job.file_name.clone())
    };
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(s, _)| s)
        .to_owned();
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("保存未能导入的行"))
        .set_file_name(format!("{stem}-未导入.xlsx"))
        .add_filter("Excel", &["xlsx"])
        .save_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_owned();
    let written = path.clone();
    tauri::async_runtime::spawn_blocking(move || import::write_rejects(&plan, &sheet, &written))
        .await
        .map_err(AppError::internal)??;
    Ok(Some(Saved { path }))
}

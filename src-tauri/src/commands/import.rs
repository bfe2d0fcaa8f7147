//! Importing the register from a spreadsheet: choose the file, correct the column mapping,
//! dry run, apply — each a job (`job-progress` events, `cancel_job`) whose id is the import's
//! token. The use cases are the core's ([`Desk::import_read`] …), shared with the CLI; this
//! file keeps only what the window holds between its steps: the file read and the last plan.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use alumni_core::desk::{Desk, OpenedSheet};
use alumni_core::members::import::{self, ColumnMapping, ImportReport, Plan};
use alumni_core::members::MemberField;
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

use super::{desk_of, jobs};
use crate::app::AppState;
use crate::dialogs::FileQuestion;
use crate::error::AppError;

/// One file opened for import.
struct OpenImport {
    opened: OpenedSheet,
    plan: Option<Arc<Plan>>,
}

/// The files opened for import, by token.
#[derive(Default)]
pub struct OpenImports {
    next: AtomicU64,
    open: Mutex<HashMap<String, OpenImport>>,
}

impl OpenImports {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, OpenImport>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
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

fn no_import(token: &str) -> AppError {
    AppError::not_found(
        "import",
        token,
        format!("no import {token}; open the file again"),
    )
}

/// Asks for a file, reads it and detects its columns; `None` when the user cancels. The read
/// is job `job_id` (the import's token from then on), so the window can show and cancel it.
#[tauri::command]
pub async fn import_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    title: Option<String>,
    job_id: Option<String>,
) -> Result<Option<Opened>, AppError> {
    let question = FileQuestion::open(title.as_deref().unwrap_or("导入校友名册"))
        .filter("Excel / CSV", &["xlsx", "xls", "csv"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    let token = job_id.unwrap_or_else(|| {
        format!(
            "import-{}",
            state.imports.next.fetch_add(1, Ordering::Relaxed) + 1
        )
    });
    let desk = desk_of(&state)?;
    let job = jobs::start(app, &state, &token)?;
    let opened = tauri::async_runtime::spawn_blocking(move || {
        let read = desk.import_read(&path, &job);
        job.end(read)
    })
    .await
    .map_err(AppError::internal)??;
    let view = view_of(&token, &opened);
    state
        .imports
        .lock()
        .insert(token, OpenImport { opened, plan: None });
    Ok(Some(view))
}

fn view_of(token: &str, opened: &OpenedSheet) -> Opened {
    let mapping = &opened.mapping;
    let rows = opened
        .sheet
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
    Opened {
        token: token.to_owned(),
        file_name: opened.file_name.clone(),
        header_row: mapping.header_row,
        rows,
        columns,
        fields: MemberField::imported().to_vec(),
    }
}

/// The opened file with the user's column fields.
fn prepared(state: &AppState, token: &str, fields: ColumnMapping) -> Result<OpenedSheet, AppError> {
    let imports = state.imports.lock();
    let open = imports.get(token).ok_or_else(|| no_import(token))?;
    let mut opened = open.opened.clone();
    opened.mapping = opened.mapping.with_fields(fields);
    Ok(opened)
}

fn keep_plan(state: &AppState, token: &str, plan: Plan) {
    if let Some(open) = state.imports.lock().get_mut(token) {
        open.plan = Some(Arc::new(plan));
    }
}

/// Runs `work` as the import's job off the UI thread.
async fn as_job<R: Runtime, T: Send + 'static>(
    app: AppHandle<R>,
    state: &AppState,
    token: &str,
    work: impl FnOnce(&Desk, &alumni_core::jobs::Job) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let desk = desk_of(state)?;
    let job = jobs::start(app, state, token)?;
    tauri::async_runtime::spawn_blocking(move || {
        let outcome = work(&desk, &job);
        job.end(outcome)
    })
    .await
    .map_err(AppError::internal)?
}

/// The dry run: what the import would do, writing nothing.
#[tauri::command]
pub async fn import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    token: String,
    mapping: ColumnMapping,
) -> Result<ImportReport, AppError> {
    let opened = prepared(&state, &token, mapping)?;
    let plan = as_job(app, &state, &token, move |desk, job| {
        desk.import_preview(&opened.sheet, &opened.mapping, job)
    })
    .await?;
    let report = import::dry_run_report(&plan);
    keep_plan(&state, &token, plan);
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
    let opened = prepared(&state, &token, mapping)?;
    let done = as_job(app, &state, &token, move |desk, job| {
        desk.import_apply(&opened.sheet, &opened.mapping, &opened.file_name, job)
    })
    .await?;
    keep_plan(&state, &token, done.plan);
    Ok(done.report)
}

/// Where the rejected rows were saved.
#[derive(Debug, Serialize)]
pub struct Saved {
    path: std::path::PathBuf,
}

/// Asks where to save the rejected rows (.xlsx with a reason column) and writes them.
#[tauri::command]
pub async fn import_save_rejects(
    state: State<'_, AppState>,
    token: String,
    title: Option<String>,
) -> Result<Option<Saved>, AppError> {
    let (plan, opened) = {
        let imports = state.imports.lock();
        let open = imports.get(&token).ok_or_else(|| no_import(&token))?;
        let plan = open
            .plan
            .clone()
            .ok_or_else(|| AppError::invalid("import", "no_dry_run", "run the dry run first"))?;
        (plan, open.opened.clone())
    };
    let stem = opened
        .file_name
        .rsplit_once('.')
        .map_or(opened.file_name.as_str(), |(s, _)| s)
        .to_owned();
    let question = FileQuestion::save(
        title.as_deref().unwrap_or("保存未能导入的行"),
        &format!("{stem}-未导入.xlsx"),
    )
    .filter("Excel", &["xlsx"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    let desk = desk_of(&state)?;
    let written = path.clone();
    tauri::async_runtime::spawn_blocking(move || {
        desk.import_write_rejects(&plan, &opened.sheet, &written)
    })
    .await
    .map_err(AppError::internal)??;
    Ok(Some(Saved { path }))
}

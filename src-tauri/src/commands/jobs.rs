//! Long jobs as the window sees them: every progress report is a `job-progress` event
//! `{job_id, phase, done, total}`; `cancel_job` stops one; `job_status` is the polling twin of
//! the event (for a door station that cannot receive events).

use std::sync::Arc;

use alumni_core::jobs::{Job, JobStatus, Progress, ProgressSink};
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::app::AppState;
use crate::error::AppError;

/// The event every long job reports progress with.
pub const PROGRESS_EVENT: &str = "job-progress";

/// A sink that turns a job's progress into `job-progress` events.
pub fn events<R: Runtime>(app: AppHandle<R>) -> ProgressSink {
    Arc::new(move |progress: &Progress| {
        if let Err(e) = app.emit(PROGRESS_EVENT, progress) {
            log::warn!("progress event not sent: {e}");
        }
    })
}

/// Starts job `job_id`, reporting through events. The window's jobs outlive a switch between
/// the register and the demo, so a cancel always reaches its job.
pub fn start<R: Runtime>(
    app: AppHandle<R>,
    state: &AppState,
    job_id: &str,
) -> Result<Job, AppError> {
    state.jobs.start(job_id, Some(events(app)))
}

/// Stops a running job (its SQL is interrupted); it then fails with kind `cancelled` and
/// nothing is written. Harmless when the job has ended; kept for a job not yet started.
#[tauri::command]
pub async fn cancel_job(state: State<'_, AppState>, job_id: String) -> Result<(), AppError> {
    state.jobs.cancel(&job_id)
}

/// The last progress and state of a job, or `null` when no such job is known.
#[tauri::command]
pub async fn job_status(
    state: State<'_, AppState>,
    job_id: String,
) -> Result<Option<JobStatus>, AppError> {
    Ok(state.jobs.status(&job_id))
}

//! Thin `#[tauri::command]`s, one file per area: translate arguments, call the core, translate
//! the result. Every command runs off the UI thread (`spawn_blocking`) against the session.

mod audit;
mod database;
mod meetings;
mod overview;
mod settings;
mod staff;

use tauri::ipc::Invoke;
use tauri::Runtime;

use crate::app::AppState;
use crate::error::AppError;
use crate::session::Session;

/// Every command the window can invoke.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        overview::get_overview,
        meetings::list_meetings,
        meetings::list_attendees,
        settings::get_settings,
        settings::save_settings,
        staff::list_staff,
        staff::create_staff,
        staff::select_staff,
        audit::list_audit,
        database::backup_database,
        database::restore_database,
        database::open_demo_database,
        database::open_register,
    ]
}

/// Runs `work` on a blocking thread with the open session.
pub(crate) async fn with_session<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&mut Session) -> Result<T, AppError> + Send + 'static,
{
    let shared = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut guard = shared
            .lock()
            .map_err(|_| AppError::internal("session lock poisoned"))?;
        match &mut *guard {
            Ok(session) => work(session),
            Err(startup) => Err(startup.clone()),
        }
    })
    .await
    .map_err(AppError::internal)?
}

#[cfg(test)]
mod tests;

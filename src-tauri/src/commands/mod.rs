//! Thin `#[tauri::command]`s, one file per area: translate arguments, call the core, translate
//! the result. Every command runs off the UI thread (`spawn_blocking`) against the session.

mod audit;
mod branches;
mod database;
pub(crate) mod documents;
pub(crate) mod import;
mod meetings;
mod members;
mod overview;
mod reviews;
mod settings;
mod staff;
mod statistics;

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
        members::search_members,
        members::member_filter_options,
        members::member_fields,
        members::get_member,
        members::reveal_member,
        members::create_member,
        members::update_member,
        members::archive_member,
        members::merge_members,
        members::export_members,
        branches::list_branches,
        branches::branch_members,
        branches::create_branch,
        branches::update_branch,
        branches::archive_branch,
        branches::set_branch_role,
        branches::list_terms,
        branches::term_positions,
        branches::set_position,
        statistics::get_statistics,
        statistics::export_statistics_pdf,
        import::import_open,
        import::import_preview,
        import::import_apply,
        import::import_cancel,
        import::import_save_rejects,
        reviews::list_reviews,
        reviews::resolve_review,
        reviews::list_duplicate_members,
        documents::render_meeting_document,
        documents::cancel_document,
        documents::save_document,
        documents::open_document,
        documents::list_printers,
        documents::print_document,
        documents::reissue_badge,
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

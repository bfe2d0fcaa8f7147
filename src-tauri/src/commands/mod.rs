//! Thin `#[tauri::command]`s, one file per area: translate arguments, call the core, translate
//! the result. Every command runs off the UI thread (`spawn_blocking`) against the open
//! register ([`alumni_core::desk::Desk`]), which owns the use cases and the permission checks.

mod audit;
mod branches;
mod database;
pub(crate) mod documents;
mod door;
mod elections;
pub(crate) mod import;
pub(crate) mod jobs;
mod meetings;
mod members;
mod overview;
mod preparation;
mod reviews;
mod settings;
mod staff;
mod statistics;

use tauri::ipc::Invoke;
use tauri::Runtime;

use std::sync::Arc;

use alumni_core::desk::Desk;
use alumni_core::storage::Connection;

use crate::app::AppState;
use crate::error::AppError;

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
        staff::set_staff_pin,
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
        import::import_save_rejects,
        reviews::list_reviews,
        reviews::resolve_review,
        reviews::list_duplicate_members,
        documents::render_meeting_document,
        documents::save_document,
        documents::open_document,
        documents::list_printers,
        documents::print_document,
        documents::reissue_badge,
        documents::render_attendance_report,
        door::door_checkin,
        door::door_walk_in,
        door::door_search,
        door::get_attendance,
        door::resolve_conflict,
        door::door_window_open,
        door::door_window_heartbeat,
        door::door_window_close,
        door::door_server_start,
        door::door_server_stop,
        door::door_server_status,
        elections::list_elections,
        elections::get_election,
        elections::create_election,
        elections::update_election,
        elections::delete_election,
        elections::issue_ballots,
        elections::key_ballot,
        elections::delete_ballot,
        elections::keyed_ballots,
        elections::pass_differences,
        elections::enter_tally_sheet,
        elections::election_result,
        elections::next_round,
        elections::declare_result,
        elections::render_election_document,
        preparation::get_meeting,
        preparation::create_meeting,
        preparation::update_meeting,
        preparation::set_meeting_status,
        preparation::copy_meeting,
        preparation::meeting_readiness,
        preparation::list_agenda,
        preparation::add_agenda_item,
        preparation::update_agenda_item,
        preparation::reorder_agenda,
        preparation::delete_agenda_item,
        preparation::get_report_text,
        preparation::set_report_text,
        preparation::import_report_text,
        preparation::attach_report_pdf,
        preparation::remove_report_pdf,
        preparation::list_motions,
        preparation::create_motion,
        preparation::update_motion,
        preparation::delete_motion,
        preparation::record_vote,
        preparation::record_no_quorum,
        preparation::meeting_attendees,
        preparation::invite_term,
        preparation::invite_branch,
        preparation::invite_members,
        preparation::invite_from_file,
        preparation::add_guest,
        preparation::update_attendee,
        preparation::withdraw_attendee,
        preparation::substitute_delegate,
        preparation::list_quotas,
        preparation::set_quota,
        preparation::seating_plan,
        preparation::set_hall,
        preparation::auto_seat,
        preparation::assign_seat,
        jobs::cancel_job,
        jobs::job_status,
    ]
}

/// The open register, or why it could not be opened (shown in the window).
pub(crate) fn desk_of(state: &AppState) -> Result<Arc<Desk>, AppError> {
    state.desk()
}

/// Runs `work` on a blocking thread with the open register: the UI thread never waits, and
/// neither does any other command (each takes its own reader or waits for the writer alone).
pub(crate) async fn with_desk<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Desk) -> Result<T, AppError> + Send + 'static,
{
    let desk = desk_of(state)?;
    tauri::async_runtime::spawn_blocking(move || work(&desk))
        .await
        .map_err(AppError::internal)?
}

/// Runs `read` on a reader of the open register, off the UI thread.
pub(crate) async fn read<T, F>(state: &AppState, read: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, AppError> + Send + 'static,
{
    with_desk(state, move |desk| desk.read(read)).await
}

#[cfg(test)]
mod tests;

//! Member records: search, the record screen, edits, merges and exports.

use alumni_core::members::export::{Column, ExportDone};
use alumni_core::members::facets::{self, Facets};
use alumni_core::members::fields::{self, FieldInfo};
use alumni_core::members::record::{self, Member, MemberDetail};
use alumni_core::members::search::{self, SearchHit, SearchQuery};
use alumni_core::members::{MemberId, NewMember};
use alumni_core::staff::Action;
use tauri::{AppHandle, Runtime, State};

use super::{desk_of, jobs, read, with_desk};
use crate::app::AppState;
use crate::dialogs::FileQuestion;
use crate::error::AppError;

/// Members matching the query, best match first.
#[tauri::command]
pub async fn search_members(
    state: State<'_, AppState>,
    query: SearchQuery,
) -> Result<Vec<SearchHit>, AppError> {
    read(&state, move |conn| Ok(search::search(conn, &query)?)).await
}

/// Every field of a member's record with its labels, limit and masking, from the core's table.
#[tauri::command]
pub async fn member_fields() -> Result<Vec<FieldInfo>, AppError> {
    Ok(fields::specs())
}

/// The choices of the search filters.
#[tauri::command]
pub async fn member_filter_options(state: State<'_, AppState>) -> Result<Facets, AppError> {
    read(&state, |conn| Ok(facets::facets(conn)?)).await
}

/// A record (masked) with its branches and positions.
#[tauri::command]
pub async fn get_member(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<MemberDetail, AppError> {
    read(&state, move |conn| {
        Ok(record::detail(conn, MemberId(member_id))?)
    })
    .await
}

/// A record unmasked; the audit log records who looked.
#[tauri::command]
pub async fn reveal_member(state: State<'_, AppState>, member_id: i64) -> Result<Member, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(record::reveal(tx, actor.id, MemberId(member_id))?))
    })
    .await
}

/// Adds a record.
#[tauri::command]
pub async fn create_member(
    state: State<'_, AppState>,
    fields: NewMember,
) -> Result<Member, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(record::create(tx, actor.id, fields)?))
    })
    .await
}

/// Replaces a record's editable fields.
#[tauri::command]
pub async fn update_member(
    state: State<'_, AppState>,
    member_id: i64,
    fields: NewMember,
) -> Result<Member, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(record::update(tx, actor.id, MemberId(member_id), fields)?))
    })
    .await
}

/// Archives a record or brings it back.
#[tauri::command]
pub async fn archive_member(
    state: State<'_, AppState>,
    member_id: i64,
    archived: bool,
) -> Result<Member, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(record::set_archived(
                tx,
                actor.id,
                MemberId(member_id),
                archived,
            )?)
        })
    })
    .await
}

/// Merges two records of the same person (admin only).
#[tauri::command]
pub async fn merge_members(
    state: State<'_, AppState>,
    keep_id: i64,
    merge_id: i64,
    fields: NewMember,
) -> Result<Member, AppError> {
    with_desk(&state, move |d| {
        d.require(Action::Merge)?;
        d.write(|tx, actor| {
            Ok(record::merge(
                tx,
                actor.id,
                MemberId(keep_id),
                MemberId(merge_id),
                fields,
            )?)
        })
    })
    .await
}

/// Asks where to save, then exports the members the query selects with the chosen columns, as
/// job `job_id` (`job-progress` events, phase `exporting`; `cancel_job` stops it with no file
/// and no audit entry).
#[tauri::command]
#[allow(clippy::too_many_arguments)] // The window's arguments, one per IPC key.
pub async fn export_members<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    query: SearchQuery,
    columns: Vec<Column>,
    unmasked: bool,
    title: Option<String>,
    job_id: Option<String>,
) -> Result<Option<ExportDone>, AppError> {
    let name = format!(
        "校友名册-{}.xlsx",
        alumni_core::timestamps::now_local().format("%Y%m%d")
    );
    let question = FileQuestion::save(title.as_deref().unwrap_or("导出校友名册"), &name)
        .filter("Excel", &["xlsx"])
        .filter("CSV (UTF-8)", &["csv"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    let desk = desk_of(&state)?;
    let job_id =
        job_id.unwrap_or_else(|| format!("export-{}", chrono::Utc::now().timestamp_millis()));
    let job = jobs::start(app, &state, &job_id)?;
    tauri::async_runtime::spawn_blocking(move || {
        let done = desk.export_search(&query, columns, unmasked, &path, &job);
        job.end(done).map(Some)
    })
    .await
    .map_err(AppError::internal)?
}

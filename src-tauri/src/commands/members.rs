//! Member records: search, the record screen, edits, merges and exports.

use std::sync::atomic::AtomicBool;

use alumni_core::members::export::{self, Column, ExportDone, ExportRequest};
use alumni_core::members::facets::{self, Facets};
use alumni_core::members::fields::{self, FieldInfo};
use alumni_core::members::record::{self, Member, MemberDetail};
use alumni_core::members::search::{self, SearchHit, SearchQuery};
use alumni_core::members::{MemberId, NewMember};
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// Members matching the query, best match first.
#[tauri::command]
pub async fn search_members(
    state: State<'_, AppState>,
    query: SearchQuery,
) -> Result<Vec<SearchHit>, AppError> {
    with_session(&state, move |s| Ok(search::search(&s.conn, &query)?)).await
}

/// Every field of a member's record with its labels, limit and masking, from the core's table.
#[tauri::command]
pub async fn member_fields(state: State<'_, AppState>) -> Result<Vec<FieldInfo>, AppError> {
    with_session(&state, |_| Ok(fields::specs())).await
}

/// The choices of the search filters.
#[tauri::command]
pub async fn member_filter_options(state: State<'_, AppState>) -> Result<Facets, AppError> {
    with_session(&state, |s| Ok(facets::facets(&s.conn)?)).await
}

/// A record (masked) with its branches and positions.
#[tauri::command]
pub async fn get_member(
    state: State<'_, AppState>,
    member_id: i64,
) -> Result<MemberDetail, AppError> {
    with_session(&state, move |s| {
        Ok(record::detail(&s.conn, MemberId(member_id))?)
    })
    .await
}

/// A record unmasked; the audit log records who looked.
#[tauri::command]
pub async fn reveal_member(state: State<'_, AppState>, member_id: i64) -> Result<Member, AppError> {
    with_session(&state, move |s| {
        s.write(|tx, actor| Ok(record::reveal(tx, actor.id, MemberId(member_id))?))
    })
    .await
}

/// Adds a record.
#[tauri::command]
pub async fn create_member(
    state: State<'_, AppState>,
    fields: NewMember,
) -> Result<Member, AppError> {
    with_session(&state, move |s| {
        s.write(|tx, actor| Ok(record::create(tx, actor.id, fields)?))
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
    with_session(&state, move |s| {
        s.write(|tx, actor| Ok(record::update(tx, actor.id, MemberId(member_id), fields)?))
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
    with_session(&state, move |s| {
        s.write(|tx, actor| {
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
    with_session(&state, move |s| {
        s.require_admin("merge_members")?;
        s.write(|tx, actor| {
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

/// The ids a query selects for export: every member when nothing narrows it.
pub(crate) fn selection(
    conn: &alumni_core::storage::Connection,
    query: &SearchQuery,
) -> Result<Option<Vec<i64>>, AppError> {
    let narrows = !query.text.trim().is_empty()
        || query.college.is_some()
        || query.graduation_year_from.is_some()
        || query.graduation_year_to.is_some()
        || query.branch_id.is_some()
        || query.city.is_some()
        || query.status.is_some()
        || query.office.is_some()
        || query.include_archived;
    if !narrows {
        return Ok(None);
    }
    let all = SearchQuery {
        limit: u32::MAX,
        offset: 0,
        ..query.clone()
    };
    Ok(Some(
        search::search(conn, &all)?
            .into_iter()
            .map(|h| h.id)
            .collect(),
    ))
}

/// Asks where to save, then exports the members the query selects with the chosen columns.
#[tauri::command]
pub async fn export_members(
    state: State<'_, AppState>,
    query: SearchQuery,
    columns: Vec<Column>,
    unmasked: bool,
    title: Option<String>,
) -> Result<Option<ExportDone>, AppError> {
    let name = format!("校友名册-{}.xlsx", chrono::Local::now().format("%Y%m%d"));
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("导出校友名册"))
        .set_file_name(&name)
        .add_filter("Excel", &["xlsx"])
        .add_filter("CSV (UTF-8)", &["csv"])
        .save_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_owned();
    with_session(&state, move |s| {
        let member_ids = selection(&s.conn, &query)?;
        let request = ExportRequest {
            member_ids,
            columns,
            unmasked,
        };
        let cancel = AtomicBool::new(false);
        let done = s.write(|tx, actor| {
            Ok(export::export(
                tx,
                actor,
                &request,
                &path,
                &|_, _| {},
                &cancel,
            )?)
        })?;
        Ok(Some(done))
    })
    .await
}

//! The review queue of imported rows.

use alumni_core::members::record::Member;
use alumni_core::members::review::{self, Resolution, ReviewItem};
use alumni_core::members::NewMember;
use tauri::State;

use super::{read, with_desk};
use crate::app::AppState;
use crate::error::AppError;

/// The open items, oldest first.
#[tauri::command]
pub async fn list_reviews(state: State<'_, AppState>) -> Result<Vec<ReviewItem>, AppError> {
    read(&state, |conn| Ok(review::open_items(conn)?)).await
}

/// Merges, inserts or dismisses an item.
#[tauri::command]
pub async fn resolve_review(
    state: State<'_, AppState>,
    review_id: i64,
    action: Resolution,
    fields: Option<NewMember>,
) -> Result<Option<Member>, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(review::resolve(tx, actor.id, review_id, action, fields)?))
    })
    .await
}

/// Probable duplicates among the records on file (same name, graduation year and college).
#[tauri::command]
pub async fn list_duplicate_members(
    state: State<'_, AppState>,
    limit: Option<u32>,
) -> Result<Vec<review::DuplicatePair>, AppError> {
    read(&state, move |conn| {
        Ok(review::register_duplicates(conn, limit.unwrap_or(200))?)
    })
    .await
}

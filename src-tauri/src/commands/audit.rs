//! The audit log.

use alumni_core::audit::{self, Entry, Filter};
use tauri::State;

use super::read;
use crate::app::AppState;
use crate::error::AppError;

/// The newest entries, optionally of one kind of record, record, profile or action.
#[tauri::command]
pub async fn list_audit(
    state: State<'_, AppState>,
    limit: Option<u32>,
    entity: Option<String>,
    entity_id: Option<i64>,
    staff_id: Option<i64>,
    action: Option<String>,
) -> Result<Vec<Entry>, AppError> {
    read(&state, move |conn| {
        let filter = Filter {
            entity,
            entity_id,
            staff_id,
            action,
            limit,
        };
        Ok(audit::recent(conn, &filter)?)
    })
    .await
}

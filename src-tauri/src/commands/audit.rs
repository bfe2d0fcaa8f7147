//! The audit log.

use alumni_core::audit::{self, Entry, Filter};
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// The newest entries, optionally of one kind of record.
#[tauri::command]
pub async fn list_audit(
    state: State<'_, AppState>,
    limit: Option<u32>,
    entity: Option<String>,
) -> Result<Vec<Entry>, AppError> {
    with_session(&state, move |s| {
        let filter = Filter {
            entity,
            limit,
            ..Filter::default()
        };
        Ok(audit::recent(&s.conn, &filter)?)
    })
    .await
}

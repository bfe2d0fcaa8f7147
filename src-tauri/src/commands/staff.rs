//! Staff profiles and the one acting now.

use alumni_core::staff::{self, Role, Staff, StaffId};
use serde_json::json;
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// Every profile.
#[tauri::command]
pub async fn list_staff(state: State<'_, AppState>) -> Result<Vec<Staff>, AppError> {
    with_session(&state, |s| Ok(staff::list(&s.conn)?)).await
}

/// Adds a profile (admin only).
#[tauri::command]
pub async fn create_staff(
    state: State<'_, AppState>,
    name: String,
    role: Role,
) -> Result<Staff, AppError> {
    with_session(&state, move |s| {
        s.require_admin("create_staff")?;
        s.write(|tx, actor| Ok(staff::create(tx, actor.id, &name, role)?))
    })
    .await
}

/// Makes a profile the one the audit log records from now on.
#[tauri::command]
pub async fn select_staff(state: State<'_, AppState>, staff_id: i64) -> Result<Staff, AppError> {
    with_session(&state, move |s| {
        let chosen = staff::get(&s.conn, StaffId(staff_id))?;
        if !chosen.active {
            return Err(AppError::new(
                "invalid_input",
                json!({ "field": "staff", "reason": "inactive" }),
                format!("{} is no longer active", chosen.name),
            ));
        }
        s.actor = chosen.clone();
        Ok(chosen)
    })
    .await
}

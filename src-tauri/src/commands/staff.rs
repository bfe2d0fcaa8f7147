//! Staff profiles and the one acting now.

use alumni_core::staff::{self, Role, Staff, StaffId};
use tauri::State;

use super::{read, with_desk};
use crate::app::AppState;
use crate::error::AppError;

/// Every profile.
#[tauri::command]
pub async fn list_staff(state: State<'_, AppState>) -> Result<Vec<Staff>, AppError> {
    read(&state, |conn| Ok(staff::list(conn)?)).await
}

/// Adds a profile (admin only).
#[tauri::command]
pub async fn create_staff(
    state: State<'_, AppState>,
    name: String,
    role: Role,
) -> Result<Staff, AppError> {
    with_desk(&state, move |d| {
        d.require_admin("create_staff")?;
        d.write(|tx, actor| Ok(staff::create(tx, actor.id, &name, role)?))
    })
    .await
}

/// Makes a profile the one the audit log records from now on.
#[tauri::command]
pub async fn select_staff(state: State<'_, AppState>, staff_id: i64) -> Result<Staff, AppError> {
    with_desk(&state, move |d| {
        let chosen = d.read(|conn| Ok(staff::get(conn, StaffId(staff_id))?))?;
        if !chosen.active {
            return Err(AppError::invalid(
                "staff",
                "inactive",
                format!("{} is no longer active", chosen.name),
            ));
        }
        d.set_actor(chosen.clone());
        Ok(chosen)
    })
    .await
}

//! Staff profiles and the one acting now.

use alumni_core::staff::{self, Role, Staff, StaffId};
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

/// Makes a profile the one the audit log records from now on. Switching to an admin needs its
/// `pin` (`pin_required`, `wrong_pin`; `pin_required_to_set` while it has none); every switch is
/// audited (`switch_staff`).
#[tauri::command]
pub async fn select_staff(
    state: State<'_, AppState>,
    staff_id: i64,
    pin: Option<String>,
) -> Result<Staff, AppError> {
    with_session(&state, move |s| {
        let chosen = s.write(|tx, actor| {
            Ok(staff::switch_to(
                tx,
                actor,
                StaffId(staff_id),
                pin.as_deref(),
            )?)
        })?;
        s.actor = chosen.clone();
        Ok(chosen)
    })
    .await
}

/// Sets a profile's PIN: one's own (with `oldPin` when it has one) or, as an admin, another's.
/// Returns the profile (`has_pin` true); the PIN is never returned or logged.
#[tauri::command]
pub async fn set_staff_pin(
    state: State<'_, AppState>,
    staff_id: i64,
    pin: String,
    old_pin: Option<String>,
) -> Result<Staff, AppError> {
    with_session(&state, move |s| {
        s.write(|tx, actor| {
            Ok(staff::set_pin(
                tx,
                actor,
                StaffId(staff_id),
                &pin,
                old_pin.as_deref(),
            )?)
        })?;
        if s.actor.id == StaffId(staff_id) {
            s.actor = staff::get(&s.conn, s.actor.id)?;
        }
        Ok(staff::get(&s.conn, StaffId(staff_id))?)
    })
    .await
}

//! Staff profiles and the one acting now.

use alumni_core::staff::{self, Action, Role, Staff, StaffId};
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
        d.require(Action::ManageStaff)?;
        d.write(|tx, actor| Ok(staff::create(tx, actor.id, &name, role)?))
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
    with_desk(&state, move |d| {
        let chosen = d.write(|tx, actor| {
            Ok(staff::switch_to(
                tx,
                actor,
                StaffId(staff_id),
                pin.as_deref(),
            )?)
        })?;
        d.set_actor(chosen.clone());
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
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(staff::set_pin(
                tx,
                actor,
                StaffId(staff_id),
                &pin,
                old_pin.as_deref(),
            )?)
        })?;
        let changed = d.read(|conn| Ok(staff::get(conn, StaffId(staff_id))?))?;
        if d.actor().id == changed.id {
            d.set_actor(changed.clone());
        }
        Ok(changed)
    })
    .await
}

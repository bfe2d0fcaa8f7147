//! The association's settings.

use alumni_core::settings::{self, Settings};
use tauri::State;

use super::{read, with_desk};
use crate::app::AppState;
use crate::error::AppError;

/// The settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, AppError> {
    read(&state, |conn| Ok(settings::load(conn)?)).await
}

/// Validates and saves the settings; returns them as stored.
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(settings::save(tx, actor.id, &settings)?))?;
        d.read(|conn| Ok(settings::load(conn)?))
    })
    .await
}

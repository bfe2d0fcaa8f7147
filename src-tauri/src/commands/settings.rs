//! The association's settings.

use alumni_core::settings::{self, Settings};
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// The settings.
#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, AppError> {
    with_session(&state, |s| Ok(settings::load(&s.conn)?)).await
}

/// Validates and saves the settings; returns them as stored.
#[tauri::command]
pub async fn save_settings(
    state: State<'_, AppState>,
    settings: Settings,
) -> Result<Settings, AppError> {
    with_session(&state, move |s| {
        s.write(|tx, actor| Ok(settings::save(tx, actor.id, &settings)?))?;
        Ok(settings::load(&s.conn)?)
    })
    .await
}

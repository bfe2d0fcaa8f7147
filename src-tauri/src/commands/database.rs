//! Which database the window works on, and backing it up or restoring it through native
//! dialogs. The use cases (and their audit entries) are the core's, shared with the CLI.

use alumni_core::demo::DemoOptions;
use alumni_core::desk::{BackupDone, Desk, RestoreDone};
use alumni_core::overview;
use alumni_core::staff::Action;
use tauri::State;

use super::overview::{overview_of, Overview};
use super::with_desk;
use crate::app::{open_desk, AppState};
use crate::dialogs::FileQuestion;
use crate::error::AppError;
use crate::paths;

/// Asks where to save a backup and writes it; `None` when the user cancels.
#[tauri::command]
pub async fn backup_database(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<BackupDone>, AppError> {
    let name = format!(
        "alumni-desk-backup-{}.sqlite3",
        alumni_core::timestamps::now_local().format("%Y%m%d-%H%M")
    );
    let question = FileQuestion::save(title.as_deref().unwrap_or("备份数据库"), &name)
        .filter("SQLite", &["sqlite3", "db"]);
    let Some(dest) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |d| d.backup_to(&dest).map(Some)).await
}

/// Asks for a backup and replaces the database with it, keeping a copy of what it replaces
/// (admin only); `None` when the user cancels.
#[tauri::command]
pub async fn restore_database(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<RestoreDone>, AppError> {
    // Refuse before the dialog, so a staff profile is not asked for a file in vain.
    with_desk(&state, |d| d.require(Action::Restore)).await?;
    let question = FileQuestion::open(title.as_deref().unwrap_or("从备份恢复"))
        .filter("SQLite", &["sqlite3", "db", "bak"]);
    let Some(source) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |d| {
        d.restore_from(&source, &paths::restore_safety_copy(d.path()))
            .map(Some)
    })
    .await
}

/// Switches to the demo database, creating it with demo data the first time.
#[tauri::command]
pub async fn open_demo_database(state: State<'_, AppState>) -> Result<Overview, AppError> {
    let staff_name = state.staff_name.clone();
    let desk = tauri::async_runtime::spawn_blocking(move || -> Result<Desk, AppError> {
        let desk = open_desk(&paths::demo_db(), staff_name.as_deref())?;
        let empty = desk.read(|conn| Ok(overview::is_empty(&overview::stats(conn)?)))?;
        if empty {
            desk.fill_demo(&DemoOptions::standard(
                alumni_core::timestamps::now_local().date_naive(),
            ))?;
        } else if !desk.info()?.is_demo {
            // Never show a register that happens to sit at the demo path as demo data.
            return Err(AppError::invalid(
                "database",
                "not_demo",
                format!("{} holds data that is not demo data", desk.path().display()),
            ));
        }
        Ok(desk)
    })
    .await
    .map_err(AppError::internal)??;
    state.switch_to(desk);
    with_desk(&state, overview_of).await
}

/// Switches back to the office's own database.
#[tauri::command]
pub async fn open_register(state: State<'_, AppState>) -> Result<Overview, AppError> {
    let path = state.register_path.clone();
    let staff_name = state.staff_name.clone();
    let desk =
        tauri::async_runtime::spawn_blocking(move || open_desk(&path, staff_name.as_deref()))
            .await
            .map_err(AppError::internal)??;
    state.switch_to(desk);
    with_desk(&state, overview_of).await
}

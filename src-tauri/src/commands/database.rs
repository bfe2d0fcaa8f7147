//! Which database the window works on, and backing it up or restoring it through native
//! dialogs.

use std::path::PathBuf;

use alumni_core::audit::{self, Change};
use alumni_core::demo::{self, DemoOptions};
use alumni_core::overview;
use alumni_core::staff;
use alumni_core::storage::backup;
use serde::Serialize;
use serde_json::json;
use tauri::State;

use super::overview::{overview_of, Overview};
use super::with_session;
use crate::app::AppState;
use crate::error::AppError;
use crate::paths;
use crate::session::Session;

/// Where a backup was written.
#[derive(Debug, Serialize)]
pub struct BackupDone {
    path: PathBuf,
}

/// What a restore replaced, and where the replaced database is kept.
#[derive(Debug, Serialize)]
pub struct RestoreDone {
    path: PathBuf,
    safety_copy: PathBuf,
}

/// Asks where to save a backup and writes it; `None` when the user cancels.
#[tauri::command]
pub async fn backup_database(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<BackupDone>, AppError> {
    let name = format!(
        "alumni-desk-backup-{}.sqlite3",
        chrono::Local::now().format("%Y%m%d-%H%M")
    );
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("备份数据库"))
        .set_file_name(&name)
        .add_filter("SQLite", &["sqlite3", "db"])
        .save_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let dest = file.path().to_owned();
    with_session(&state, move |s| {
        backup::backup_to(&s.conn, &dest)?;
        s.write(|tx, actor| {
            audit::record(
                tx,
                actor.id,
                Change::new("backup", "database", None).note(dest.display().to_string()),
            )?;
            Ok(())
        })?;
        Ok(Some(BackupDone { path: dest }))
    })
    .await
}

/// Asks for a backup and replaces the database with it, keeping a copy of what it replaces
/// (admin only); `None` when the user cancels.
#[tauri::command]
pub async fn restore_database(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<RestoreDone>, AppError> {
    // Refuse before the dialog, so a staff profile is not asked for a file in vain.
    with_session(&state, |s| s.require_admin("restore_database")).await?;
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("从备份恢复"))
        .add_filter("SQLite", &["sqlite3", "db", "bak"])
        .pick_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let source = file.path().to_owned();
    with_session(&state, move |s| {
        s.require_admin("restore_database")?;
        let safety = paths::restore_safety_copy();
        if let Some(dir) = safety.parent() {
            std::fs::create_dir_all(dir).map_err(AppError::internal)?;
        }
        backup::restore_from(&mut s.conn, &source, &safety)?;
        // The restored database has its own profiles: keep acting as the same name if it
        // exists there, otherwise as its first admin.
        s.actor = staff::default_actor(&s.conn, Some(&s.actor.name))
            .or_else(|_| staff::default_actor(&s.conn, None))?;
        s.write(|tx, actor| {
            audit::record(
                tx,
                actor.id,
                Change::new("restore", "database", None).note(format!(
                    "from {}; previous kept at {}",
                    source.display(),
                    safety.display()
                )),
            )?;
            Ok(())
        })?;
        Ok(Some(RestoreDone {
            path: s.path.clone(),
            safety_copy: safety,
        }))
    })
    .await
}

/// Switches to the demo database, creating it with demo data the first time.
#[tauri::command]
pub async fn open_demo_database(state: State<'_, AppState>) -> Result<Overview, AppError> {
    let staff_name = state.staff_name.clone();
    let session = tauri::async_runtime::spawn_blocking(move || -> Result<Session, AppError> {
        let mut session = Session::open(&paths::demo_db(), staff_name.as_deref())?;
        let stats = overview::stats(&session.conn)?;
        if overview::is_empty(&stats) {
            let options = DemoOptions::standard(chrono::Local::now().date_naive());
            session.write(|tx, actor| Ok(demo::populate(tx, actor.id, &options)?))?;
        } else if !demo::is_demo(&session.conn)? {
            // Never show a register that happens to sit at the demo path as demo data.
            return Err(AppError::new(
                "invalid_input",
                json!({ "field": "database", "reason": "not_demo" }),
                format!(
                    "{} holds data that is not demo data",
                    session.path.display()
                ),
            ));
        }
        Ok(session)
    })
    .await
    .map_err(AppError::internal)??;
    switch_to(&state, session).await
}

/// Switches back to the office's own database.
#[tauri::command]
pub async fn open_register(state: State<'_, AppState>) -> Result<Overview, AppError> {
    let path = state.register_path.clone();
    let staff_name = state.staff_name.clone();
    let session =
        tauri::async_runtime::spawn_blocking(move || Session::open(&path, staff_name.as_deref()))
            .await
            .map_err(AppError::internal)??;
    switch_to(&state, session).await
}

async fn switch_to(state: &AppState, session: Session) -> Result<Overview, AppError> {
    let shared = state.session.clone();
    tauri::async_runtime::spawn_blocking(move || -> Result<(), AppError> {
        let mut guard = shared
            .lock()
            .map_err(|_| AppError::internal("session lock poisoned"))?;
        *guard = Ok(session);
        Ok(())
    })
    .await
    .map_err(AppError::internal)??;
    with_session(state, |s| overview_of(s)).await
}

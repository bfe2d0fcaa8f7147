//! Where the data lives: the platform's data folder, the same one Tauri uses for the app.
//!
//! The one platform-dependent module of the shell: everything else takes paths from here.

use std::path::PathBuf;

/// The app's identifier, as in `tauri.conf.json`; names its data folder.
pub const IDENTIFIER: &str = "cn.edu.alumni.desk";
/// The environment variable that points the app (and the CLI, below `--db`) at a database.
pub const DB_ENV: &str = "ALUMNI_DESK_DB";

/// The data folder: `~/.local/share/cn.edu.alumni.desk` on Linux, `%APPDATA%\cn.edu.alumni.desk`
/// on Windows, `~/Library/Application Support/cn.edu.alumni.desk` on macOS.
pub fn data_dir() -> PathBuf {
    directories::BaseDirs::new()
        .map(|dirs| dirs.data_dir().join(IDENTIFIER))
        // No home folder (a service account): keep the data beside the working directory.
        .unwrap_or_else(|| PathBuf::from("alumni-desk-data"))
}

/// The office's own database.
pub fn register_db() -> PathBuf {
    data_dir().join("alumni-desk.sqlite3")
}

/// The demo database, kept apart so demo people never mix with the register.
pub fn demo_db() -> PathBuf {
    data_dir().join("demo.sqlite3")
}

/// The default folder of the daily backups.
pub fn default_backup_dir() -> PathBuf {
    data_dir().join("backups")
}

/// Where a restore keeps the database it replaces: a `before-restore` folder beside that
/// database (the same disk, so the copy is quick and stays with the register it came from),
/// named after it and the time, e.g. `before-restore/alumni-desk-20261130-142102.sqlite3`.
pub fn restore_safety_copy(db: &std::path::Path) -> PathBuf {
    let stamp = alumni_core::timestamps::now_local().format("%Y%m%d-%H%M%S");
    let stem = db
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "alumni-desk".to_owned());
    db.parent()
        .map(PathBuf::from)
        .unwrap_or_default()
        .join("before-restore")
        .join(format!("{stem}-{stamp}.sqlite3"))
}

/// The folder rendered documents wait in before they are saved, opened or printed: the user's
/// cache folder (per user, unlike the shared system temp folder), else the temp folder.
pub fn documents_dir() -> PathBuf {
    directories::BaseDirs::new()
        .map(|dirs| dirs.cache_dir().join(IDENTIFIER).join("documents"))
        .unwrap_or_else(|| std::env::temp_dir().join("alumni-desk-documents"))
}

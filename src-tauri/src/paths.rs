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

/// Where a restore keeps the database it replaces.
pub fn restore_safety_copy() -> PathBuf {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    data_dir()
        .join("before-restore")
        .join(format!("alumni-desk-{stamp}.sqlite3"))
}

/// The folder rendered documents wait in before they are saved, opened or printed: the user's
/// cache folder (per user, unlike the shared system temp folder), else the temp folder.
pub fn documents_dir() -> PathBuf {
    directories::BaseDirs::new()
        .map(|dirs| dirs.cache_dir().join(IDENTIFIER).join("documents"))
        .unwrap_or_else(|| std::env::temp_dir().join("alumni-desk-documents"))
}

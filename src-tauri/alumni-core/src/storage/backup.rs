//! Backups through SQLite's online backup API: on demand, daily, and restore.
//!
//! A backup is written to a temporary name and renamed, so a failed one never leaves a
//! half-written file under the real name; a restore first copies what it replaces.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};

use super::{inspect, migrate, FileState, StorageError};

/// How many daily backups are kept.
pub const DAILY_BACKUPS_KEPT: usize = 30;

const DAILY_PREFIX: &str = "alumni-desk-";
const DAILY_SUFFIX: &str = ".sqlite3";

/// Copies the open database, consistently, to `dest` (replacing a file there).
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<(), StorageError> {
    let io_err = |source| StorageError::Io {
        path: dest.to_owned(),
        source,
    };
    let mut tmp_name = dest.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(".partial");
    let tmp = dest.with_file_name(tmp_name);
    if tmp.exists() {
        std::fs::remove_file(&tmp).map_err(io_err)?;
    }
    {
        let mut target = Connection::open(&tmp)?;
        let backup = Backup::new(conn, &mut target)?;
        backup.run_to_completion(1024, Duration::ZERO, None)?;
    }
    std::fs::rename(&tmp, dest).map_err(io_err)
}

/// Replaces the open database's content with the backup at `src`, after copying the current
/// content to `safety_copy`. The backup must be an Alumni Desk database this version can read.
pub fn restore_from(
    conn: &mut Connection,
    src: &Path,
    safety_copy: &Path,
) -> Result<(), StorageError> {
    match inspect(src)? {
        FileState::AlumniDesk { .. } => {}
        FileState::Missing | FileState::Blank => {
            return Err(StorageError::NotADatabase {
                path: src.to_owned(),
            })
        }
    }
    backup_to(conn, safety_copy)?;
    let source = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    {
        let backup = Backup::new(&source, conn)?;
        backup.run_to_completion(1024, Duration::ZERO, None)?;
    }
    // An older backup is brought up to this version's schema; the safety copy covers it.
    migrate(conn)
}

/// Takes today's automatic backup into `dir` unless one exists, then keeps only the newest
/// [`DAILY_BACKUPS_KEPT`]. Returns the new file, or `None` when today's was already there.
pub fn daily_backup(
    conn: &Connection,
    dir: &Path,
    today: NaiveDate,
) -> Result<Option<PathBuf>, StorageError> {
    std::fs::create_dir_all(dir).map_err(|source| StorageError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let dest = dir.join(format!(
        "{DAILY_PREFIX}{}{DAILY_SUFFIX}",
        today.format("%Y-%m-%d")
    ));
    let made = if dest.exists() {
        None
    } else {
        backup_to(conn, &dest)?;
        Some(dest)
    };
    prune_daily(dir)?;
    Ok(made)
}

/// The daily backups in `dir`, newest first.
pub fn daily_backups(dir: &Path) -> Result<Vec<PathBuf>, StorageError> {
    let entries = std::fs::read_dir(dir).map_err(|source| StorageError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(DAILY_PREFIX))
                .and_then(|n| n.strip_suffix(DAILY_SUFFIX))
                .is_some_and(|date| NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok())
        })
        .collect();
    // ISO dates sort by name.
    found.sort();
    found.reverse();
    Ok(found)
}

fn prune_daily(dir: &Path) -> Result<(), StorageError> {
    for old in daily_backups(dir)?.into_iter().skip(DAILY_BACKUPS_KEPT) {
        std::fs::remove_file(&old).map_err(|source| StorageError::Io { path: old, source })?;
    }
    Ok(())
}

//! An open database and the staff profile acting on it.
//!
//! Every write goes through [`Session::write`]: one transaction, committed only when the whole
//! change succeeded, so nothing is ever half-written.

use std::path::{Path, PathBuf};

use alumni_core::staff::{self, Staff};
use alumni_core::storage::{self, Connection, Transaction};
use alumni_core::{demo, settings};
use serde::Serialize;

use crate::error::AppError;
use crate::paths;

/// An open database.
pub struct Session {
    /// The connection.
    pub conn: Connection,
    /// Its file.
    pub path: PathBuf,
    /// The profile the audit log records.
    pub actor: Staff,
}

/// What the UI shows about the open database.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseInfo {
    /// The file.
    pub path: PathBuf,
    /// Holds demo data.
    pub is_demo: bool,
    /// Nothing entered yet: the welcome screen shows.
    pub is_empty: bool,
    /// `PRAGMA user_version`.
    pub schema_version: u32,
}

impl Session {
    /// Opens (creating, migrating) the database at `path`, acting as the named profile or the
    /// first admin.
    pub fn open(path: &Path, staff_name: Option<&str>) -> Result<Session, AppError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| AppError::internal(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut opened = storage::open(path)?;
        // Databases from before the search index get their keys once, here.
        if alumni_core::members::search::ensure_index(&mut opened.conn)? {
            log::info!("built the search index of {}", path.display());
        }
        if let Some(copy) = &opened.pre_migration_backup {
            log::info!(
                "upgraded {}; the previous version is kept at {}",
                path.display(),
                copy.display()
            );
        }
        let actor = staff::default_actor(&opened.conn, staff_name)?;
        Ok(Session {
            conn: opened.conn,
            path: path.to_owned(),
            actor,
        })
    }

    /// Runs a change in one transaction, committed only if it returns `Ok`.
    pub fn write<T>(
        &mut self,
        change: impl FnOnce(&Transaction, &Staff) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let tx = self.conn.transaction()?;
        let value = change(&tx, &self.actor)?;
        tx.commit()?;
        Ok(value)
    }

    /// Refuses unless the acting profile is an admin.
    pub fn require_admin(&self, action: &str) -> Result<(), AppError> {
        if self.actor.is_admin() {
            Ok(())
        } else {
            Err(AppError::forbidden(action))
        }
    }

    /// Facts about the open database.
    pub fn info(&self) -> Result<DatabaseInfo, AppError> {
        let stats = alumni_core::overview::stats(&self.conn)?;
        Ok(DatabaseInfo {
            path: self.path.clone(),
            is_demo: demo::is_demo(&self.conn)?,
            is_empty: alumni_core::overview::is_empty(&stats),
            schema_version: storage::schema_version(&self.conn)?,
        })
    }

    /// The folder for daily backups: the setting, or the data folder's `backups`.
    pub fn backup_dir(&self) -> Result<PathBuf, AppError> {
        Ok(settings::load(&self.conn)?
            .backup_dir
            .map(PathBuf::from)
            .unwrap_or_else(paths::default_backup_dir))
    }
}

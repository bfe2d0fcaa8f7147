//! The register as a file: create it, back it up, restore it, take the daily backup, fill a
//! new one with demo data — the same use case whichever door asks.
//!
//! Invariants: a restore is an admin's, keeps a copy of what it replaces first, and is written
//! to the audit log together with a backup, whichever door ran it; the idle readers are closed
//! after a restore so no read serves the replaced content.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Serialize;

use super::Desk;
use crate::audit::{self, Change};
use crate::demo::{self, DemoOptions, DemoSummary};
use crate::error::AppError;
use crate::staff;
use crate::storage::{self, backup, FileState, WritePriority};

/// Where a backup was written.
#[derive(Debug, Clone, Serialize)]
pub struct BackupDone {
    /// The copy.
    pub path: PathBuf,
}

/// What a restore replaced, and where the replaced database is kept.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreDone {
    /// The database that now holds the backup's content.
    pub path: PathBuf,
    /// The copy of what it held before.
    pub safety_copy: PathBuf,
}

/// What `init` found or made.
#[derive(Debug, Clone, Serialize)]
pub struct InitDone {
    /// The register.
    pub path: PathBuf,
    /// False when an Alumni Desk database was already there (left as it was).
    pub created: bool,
    /// Its schema version.
    pub schema_version: u32,
}

impl Desk {
    /// Creates a new, empty register at `path` (and its folder), or reports the one already
    /// there. Errors: the refusals of [`storage::inspect`] for a file that is not ours.
    pub fn init(path: &Path, staff_name: Option<&str>) -> Result<(Desk, InitDone), AppError> {
        let created = matches!(
            storage::inspect(path)?,
            FileState::Missing | FileState::Blank
        );
        let desk = Desk::open(path, staff_name)?;
        let schema_version = desk.info()?.schema_version;
        let done = InitDone {
            path: path.to_owned(),
            created,
            schema_version,
        };
        Ok((desk, done))
    }

    /// Copies the database, consistently and without stopping anyone, to `dest`, and records
    /// the backup in the audit log. Errors: `internal` when the copy cannot be written.
    pub fn backup_to(&self, dest: &Path) -> Result<BackupDone, AppError> {
        self.read(|conn| Ok(backup::backup_to(conn, dest)?))?;
        self.write(|tx, actor| {
            audit::record(
                tx,
                actor.id,
                Change::new("backup", "database", None).note(dest.display().to_string()),
            )?;
            Ok(())
        })?;
        Ok(BackupDone {
            path: dest.to_owned(),
        })
    }

    /// Replaces the database's content with the backup at `source` (admin only), keeping a
    /// copy of what it replaces at `safety_copy`, and records it in the audit log. The acting
    /// profile stays the same name if the backup has it, else becomes the backup's first
    /// admin. Errors: `forbidden`; `door_open`; `not_a_database` and the other refusals for
    /// `source`.
    pub fn restore_from(&self, source: &Path, safety_copy: &Path) -> Result<RestoreDone, AppError> {
        self.require(staff::Action::Restore)?;
        // A restore replaces everything under the door: never while check-in is open.
        self.refuse_while_door_open()?;
        if let Some(dir) = safety_copy.parent() {
            std::fs::create_dir_all(dir).map_err(|e| AppError::write_failed(dir, e))?;
        }
        self.database()
            .with_writer(WritePriority::Normal, None, |conn| {
                backup::restore_from(conn, source, safety_copy)
            })?;
        self.database().drop_idle_readers();
        let name = self.actor().name;
        let actor = self.read(|conn| {
            Ok(staff::default_actor(conn, Some(&name))
                .or_else(|_| staff::default_actor(conn, None))?)
        })?;
        self.set_actor(actor);
        self.write(|tx, actor| {
            audit::record(
                tx,
                actor.id,
                Change::new("restore", "database", None).note(format!(
                    "from {}; previous kept at {}",
                    source.display(),
                    safety_copy.display()
                )),
            )?;
            Ok(())
        })?;
        Ok(RestoreDone {
            path: self.path().to_owned(),
            safety_copy: safety_copy.to_owned(),
        })
    }

    /// Takes today's automatic backup into `dir` unless one exists (keeping the last 30);
    /// demo data is never backed up. Returns the new file, if one was made.
    pub fn daily_backup(&self, dir: &Path, today: NaiveDate) -> Result<Option<PathBuf>, AppError> {
        if self.info()?.is_demo {
            return Ok(None);
        }
        self.read(|conn| Ok(backup::daily_backup(conn, dir, today)?))
    }

    /// Fills a new or empty database with demo data. Errors: `demo_not_empty`, `door_open`.
    pub fn fill_demo(&self, options: &DemoOptions) -> Result<DemoSummary, AppError> {
        self.refuse_while_door_open()?;
        self.write(|tx, actor| Ok(demo::populate(tx, actor.id, options)?))
    }
}

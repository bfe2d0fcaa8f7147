//! The application layer: one open register as the window, the CLI and the door server all use
//! it — the database (one writer, a pool of readers), the acting staff profile, the permission
//! checks, the registry of long jobs, and every use case more than one door runs (open, init,
//! backup, restore, import, export, documents to files).
//!
//! Invariants: no Tauri, HTTP or dialogs here (this crate does not depend on them), so every
//! door reaches the same function for the same use case and writes the same audit entries; a
//! door only translates its arguments, errors and output. Every change runs in one
//! transaction with the acting profile ([`Desk::write`]); reads never wait behind a long job
//! ([`Desk::read`]); every file a use case writes is written atomically ([`files`]).

mod agenda;
mod documents;
mod door;
mod election_setup;
#[cfg(test)]
mod election_tests;
mod elections;
mod export;
pub mod files;
mod import;
mod invitations;
mod meeting_papers;
#[cfg(test)]
mod meeting_papers_tests;
mod meeting_prep;
mod motions;
#[cfg(test)]
mod prep_tests;
mod register;
mod seating;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::{PoisonError, RwLock};

use serde::Serialize;
use serde_json::json;

use crate::error::{AppError, ErrorKind};
use crate::jobs::Jobs;
use crate::staff::{self, Staff};
use crate::storage::{self, Connection, Database, FileState, Transaction, WritePriority};
use crate::{demo, meetings, overview};

pub use agenda::{ReportText, MAX_ATTACHMENT_BYTES};
pub use documents::{Destination, ElectionDocument, RenderRequest, RenderedFile, MAX_BALLOTS};
pub use door::{DoorEvent, DoorListener};
pub use election_setup::{Declared, ElectionSetup, SeatedElectorate, Warning};
pub use elections::{
    BallotEntry, BallotKeyed, ElectionResult, KeyedBallot, NextRound, SheetDifference,
};
pub use import::OpenedSheet;
pub use invitations::MAX_GUEST_FIELD_CHARS;
pub use meeting_papers::MeetingPaper;
pub use meeting_prep::{CopyForm, ReadinessItem, MAX_MEETING_TITLE_CHARS};
pub use motions::MAX_MOTION_TITLE_CHARS;
pub use register::{BackupDone, InitDone, RestoreDone};

/// An open register and who is acting on it. Shared by reference (`Arc<Desk>`) between the
/// window's commands, or owned by one CLI run; every method takes `&self`.
pub struct Desk {
    db: Database,
    jobs: Jobs,
    actor: RwLock<Staff>,
    commits: door::CommitGroup,
    door_search: crate::checkin::search::DoorSearch,
}

/// What the doors show about the open database.
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
    /// Members on a meeting's list more than once, left by an upgrade for staff to resolve
    /// (the schema refuses new ones); normally empty.
    pub duplicate_invitations: Vec<meetings::DuplicateInvitation>,
}

impl Desk {
    /// Opens (creating it and its folder if missing, migrating) the database at `path`, acting
    /// as the named profile, or, unnamed, as [`staff::opening_actor`] (the first admin while it
    /// has no PIN, else the first staff profile). Errors: the refusals of [`storage::open`]
    /// (`not_a_database`, `foreign_database`, `newer_version`), `not_found` for an unknown
    /// profile, `pin_required` for a named admin that has a PIN (see [`Desk::open_as`]).
    pub fn open(path: &Path, staff_name: Option<&str>) -> Result<Desk, AppError> {
        Desk::open_as(path, staff_name, None)
    }

    /// As [`Desk::open`], with the PIN of the named profile: an admin with a PIN acts only
    /// with it (`pin_required`, `wrong_pin`). A profile without a PIN needs none.
    pub fn open_as(
        path: &Path,
        staff_name: Option<&str>,
        pin: Option<&str>,
    ) -> Result<Desk, AppError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| AppError::write_failed(dir, e))?;
        }
        let (db, report) = Database::open(path)?;
        if let Some(copy) = &report.pre_migration_backup {
            log::info!(
                "upgraded {}; the previous version is kept at {}",
                path.display(),
                copy.display()
            );
        }
        // Databases from before the search index get their keys once, here.
        let built = db.with_writer(WritePriority::Normal, None, |conn| {
            crate::members::search::ensure_index(conn)
        })?;
        if built {
            log::info!("built the search index of {}", path.display());
        }
        let actor = db.read(|conn| -> Result<Staff, AppError> {
            let Some(name) = staff_name else {
                return match staff::opening_actor(conn) {
                    Ok(actor) => Ok(actor),
                    // Every profile is an admin with a PIN: the window still opens (as the first
                    // admin) rather than lock the office out; switching profiles asks for PINs.
                    Err(staff::StaffError::PinRequired { .. }) => {
                        log::warn!("every profile is an admin with a PIN; opening as the first");
                        Ok(staff::default_actor(conn, None)?)
                    }
                    Err(e) => Err(e.into()),
                };
            };
            let named = staff::default_actor(conn, Some(name))?;
            if named.needs_pin() {
                match pin {
                    Some(pin) => staff::verify_pin(conn, &named, pin)?,
                    None => {
                        return Err(staff::StaffError::PinRequired {
                            name: named.name.clone(),
                        }
                        .into())
                    }
                }
            }
            Ok(named)
        })?;
        // Times are shown and printed in the association's zone from here on.
        let zone = db.read(|conn| -> Result<String, AppError> {
            Ok(crate::settings::load(conn)?.time_zone)
        })?;
        if let Some(zone) = crate::timestamps::parse_zone(&zone) {
            crate::timestamps::set_zone(zone);
        }
        Ok(Desk {
            db,
            jobs: Jobs::default(),
            actor: RwLock::new(actor),
            commits: Default::default(),
            door_search: Default::default(),
        })
    }

    /// Opens a database that must already exist, as [`Desk::open_as`]: reading commands never
    /// create files. Errors: `not_found` (entity `database`) with a message that says how to
    /// create one.
    pub fn open_existing(
        path: &Path,
        staff_name: Option<&str>,
        pin: Option<&str>,
    ) -> Result<Desk, AppError> {
        if storage::inspect(path)? == FileState::Missing {
            return Err(AppError::new(
                ErrorKind::NotFound,
                json!({ "entity": "database", "id": path }),
                format!(
                    "no database at {}; create one with `alumni-desk --db {} init`, or import \
                     a register with `alumni-desk --db {} members import FILE`",
                    path.display(),
                    path.display(),
                    path.display()
                ),
            ));
        }
        Desk::open_as(path, staff_name, pin)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.db.path()
    }

    /// The shared database, for doors that need its finer controls (e.g. urgent writes).
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// The long jobs running on this register.
    pub fn jobs(&self) -> &Jobs {
        &self.jobs
    }

    /// The profile the audit log records now.
    pub fn actor(&self) -> Staff {
        self.actor
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes `staff` the acting profile (the caller has checked the switch is allowed).
    pub fn set_actor(&self, staff: Staff) {
        *self.actor.write().unwrap_or_else(PoisonError::into_inner) = staff;
    }

    /// Refuses with `forbidden` (params `action`) unless the acting profile may do `action`:
    /// the one permission check, the core's ([`staff::require`]).
    pub fn require(&self, action: staff::Action) -> Result<(), AppError> {
        Ok(staff::require(&self.actor(), action)?)
    }

    /// Runs `read` on a reader of the pool: never waits behind a write, a render or an export.
    pub fn read<T>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        self.db.read(read)
    }

    /// Runs `change` in one IMMEDIATE transaction as the acting profile, committed only if it
    /// returns `Ok`.
    pub fn write<T>(
        &self,
        change: impl FnOnce(&Transaction, &Staff) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        let actor = self.actor();
        self.db
            .write(WritePriority::Normal, |tx| change(tx, &actor))
    }

    /// Facts about the open database.
    pub fn info(&self) -> Result<DatabaseInfo, AppError> {
        self.read(|conn| {
            let stats = overview::stats(conn)?;
            Ok(DatabaseInfo {
                path: self.path().to_owned(),
                is_demo: demo::is_demo(conn)?,
                is_empty: overview::is_empty(&stats),
                schema_version: storage::schema_version(conn)?,
                duplicate_invitations: meetings::duplicate_invitations(conn)?,
            })
        })
    }
}

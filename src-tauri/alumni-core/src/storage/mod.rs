//! Opening the one SQLite file: the only place that opens a `Connection`.
//!
//! Invariants: a file is inspected read-only before anything writes to it, so a letter, another
//! program's database or one from a newer Alumni Desk is refused and left byte-for-byte as it
//! was; pending migrations run in one IMMEDIATE transaction after a backup copy of an existing
//! database; every connection has foreign keys on, WAL and a busy timeout.

pub mod backup;
mod migrations;
pub mod pool;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::OpenFlags;
use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use migrations::SCHEMA_VERSION;
pub use pool::{Database, Interruptible, OpenReport, WritePriority};
/// The connection, transaction and error types of the one database, for the shells.
pub use rusqlite::{
    Connection, Error as SqlError, InterruptHandle, Transaction, TransactionBehavior,
};

/// `PRAGMA application_id` of an Alumni Desk database: "ALUM" in ASCII.
pub const APPLICATION_ID: i32 = 0x414C_554D;

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Why a database could not be opened, backed up or restored.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// The file is not an SQLite database at all (a letter, a spreadsheet, a folder).
    #[error("{} is not an Alumni Desk database; it was left untouched", path.display())]
    NotADatabase {
        /// The file that was refused.
        path: PathBuf,
    },
    /// An SQLite database written by another program.
    #[error("{} belongs to another program (application id {application_id:#010x}); it was left untouched", path.display())]
    ForeignDatabase {
        /// The file that was refused.
        path: PathBuf,
        /// The application id found in its header.
        application_id: i32,
    },
    /// An Alumni Desk database from a newer version of the program.
    #[error("{} was written by a newer Alumni Desk (schema {found}; this version reads up to {supported}); it was left untouched", path.display())]
    NewerVersion {
        /// The file that was refused.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest schema this build knows.
        supported: u32,
    },
    /// Reading or writing a file failed.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for StorageError {
    fn kind(&self) -> ErrorKind {
        match self {
            StorageError::NotADatabase { .. } => ErrorKind::NotADatabase,
            StorageError::ForeignDatabase { .. } => ErrorKind::ForeignDatabase,
            StorageError::NewerVersion { .. } => ErrorKind::NewerVersion,
            StorageError::Io { .. } | StorageError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            StorageError::NotADatabase { path } | StorageError::ForeignDatabase { path, .. } => {
                json!({ "path": path })
            }
            StorageError::NewerVersion {
                path,
                found,
                supported,
            } => json!({ "path": path, "found": found, "supported": supported }),
            StorageError::Io { path, .. } => json!({ "path": path }),
            StorageError::Database(_) => json!({}),
        }
    }
}

/// What [`inspect`] found at a path, before anything was written to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Nothing there yet: a new database will be created.
    Missing,
    /// An empty file or an SQLite database with no tables: safe to initialise.
    Blank,
    /// An Alumni Desk database at this schema version.
    AlumniDesk {
        /// `PRAGMA user_version`.
        version: u32,
    },
}

/// An open database and what opening it did.
#[derive(Debug)]
pub struct Opened {
    /// The connection, configured and migrated.
    pub conn: Connection,
    /// The schema version before migrations ran, if any ran on an existing database.
    pub upgraded_from: Option<u32>,
    /// The copy taken before migrating an existing database.
    pub pre_migration_backup: Option<PathBuf>,
}

/// Looks at a file without writing to it and says whether Alumni Desk may open it.
pub fn inspect(path: &Path) -> Result<FileState, StorageError> {
    let io_err = |source| StorageError::Io {
        path: path.to_owned(),
        source,
    };
    let metadata = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(FileState::Missing),
        Err(e) => return Err(io_err(e)),
    };
    if metadata.is_dir() {
        return Err(StorageError::NotADatabase {
            path: path.to_owned(),
        });
    }
    if metadata.len() == 0 {
        return Ok(FileState::Blank);
    }
    let mut header = [0u8; 100];
    let read = File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut header))
        .map_err(io_err)?;
    if read < header.len() || &header[..16] != SQLITE_MAGIC {
        return Err(StorageError::NotADatabase {
            path: path.to_owned(),
        });
    }

    // Read-only, so nothing (not even a journal-mode change) can touch a refused file.
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let probe = || -> rusqlite::Result<(i32, u32, i64)> {
        let app_id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: u32 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app_id, version, objects))
    };
    let (app_id, version, objects) = match probe() {
        Ok(found) => found,
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            return Err(StorageError::NotADatabase {
                path: path.to_owned(),
            })
        }
        Err(e) => return Err(e.into()),
    };
    match app_id {
        APPLICATION_ID if version > SCHEMA_VERSION => Err(StorageError::NewerVersion {
            path: path.to_owned(),
            found: version,
            supported: SCHEMA_VERSION,
        }),
        APPLICATION_ID => Ok(FileState::AlumniDesk { version }),
        0 if objects == 0 && version == 0 => Ok(FileState::Blank),
        other => Err(StorageError::ForeignDatabase {
            path: path.to_owned(),
            application_id: other,
        }),
    }
}

/// Opens (creating if missing) an Alumni Desk database and brings its schema up to date.
pub fn open(path: &Path) -> Result<Opened, StorageError> {
    let state = inspect(path)?;
    let mut conn = Connection::open(path)?;
    configure(&conn)?;
    let mut pre_migration_backup = None;
    let mut upgraded_from = None;
    if let FileState::AlumniDesk { version } = state {
        if version < SCHEMA_VERSION {
            let copy = pre_migration_backup_path(path, version);
            backup::backup_to(&conn, &copy)?;
            pre_migration_backup = Some(copy);
            upgraded_from = Some(version);
        }
    }
    migrate(&mut conn)?;
    Ok(Opened {
        conn,
        upgraded_from,
        pre_migration_backup,
    })
}

/// A private in-memory database with the full schema, for tests and previews.
pub fn open_in_memory() -> Result<Connection, StorageError> {
    let mut conn = Connection::open_in_memory()?;
    conn.pragma_update(None, "foreign_keys", true)?;
    migrate(&mut conn)?;
    Ok(conn)
}

/// Whether a row with this id exists in `table` (a literal table name, never user input).
pub fn exists(conn: &Connection, table: &'static str, id: i64) -> Result<bool, rusqlite::Error> {
    conn.query_row(
        &format!("SELECT EXISTS (SELECT 1 FROM {table} WHERE id = ?1)"),
        [id],
        |r| r.get(0),
    )
}

/// The schema version of an open database.
pub fn schema_version(conn: &Connection) -> Result<u32, StorageError> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // journal_mode answers with a row, so it is queried rather than updated.
    let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // Up to 256 MiB of page cache per connection (SQLite's default is 2 MB). It only grows as
    // pages are read: a 20,000-member register is a 25 MB file. At 300,000 members (a 370 MB
    // file) search's key scans and lookups stay in memory; benches/search.rs there, p99 of the
    // slowest kind: 16 MiB 15.8 ms (run beside a build), 64 MiB 5.6 ms, 256 MiB 4.0–5.5 ms
    // over three runs, 64 MiB with a 1 GiB mmap 5.4 ms (README, Figures).
    conn.pragma_update(None, "cache_size", -262_144)?;
    Ok(())
}

/// Applies the pending migrations in one IMMEDIATE transaction.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StorageError> {
    migrate_to(conn, SCHEMA_VERSION)
}

pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StorageError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read inside the write lock: another process may have migrated meanwhile.
    let version: u32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let reached = version.min(target);
    if version >= target && !migrations::deferred(&tx, reached)? {
        return Ok(());
    }
    // Also retries a guarded step deferred at an earlier open, now that the data allows it.
    migrations::apply(&tx, version, target)?;
    if version < target {
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", target)?;
    }
    tx.commit()?;
    Ok(())
}

fn pre_migration_backup_path(path: &Path, version: u32) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}-{stamp}.bak"));
    path.with_file_name(name)
}

fn read_up_to(file: &mut File, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

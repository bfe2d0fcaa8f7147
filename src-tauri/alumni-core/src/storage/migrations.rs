//! The numbered migrations, embedded in the binary. Forward only; a landed file is never edited.
//!
//! Most steps are plain SQL. A guarded step (a constraint that existing data may break, such as
//! 0004's one invitation per member and meeting) runs only when the data allows it; until then
//! the version still advances, so an upgrade never fails on data staff must resolve, and the
//! step is retried at every open until it has run.

use rusqlite::{Connection, OptionalExtension};

/// One step from version i to i + 1.
struct Migration {
    /// The SQL, idempotent for a guarded step (it may run at a later open).
    sql: &'static str,
    /// For a guarded step: whether it has run, and whether the data allows it now.
    guard: Option<Guard>,
}

struct Guard {
    /// What the step is waiting for, for the log.
    waits_for: &'static str,
    done: fn(&Connection) -> rusqlite::Result<bool>,
    ready: fn(&Connection) -> rusqlite::Result<bool>,
}

/// Every migration in order; index i holds the step from version i to i + 1.
const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../../migrations/0001_schema.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0002_search.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0003_import_review.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0004_attendee_once.sql"),
        guard: Some(Guard {
            waits_for: "members invited twice to one meeting (meetings::duplicate_invitations)",
            done: has_attendee_once_index,
            ready: no_member_invited_twice,
        }),
    },
    Migration {
        sql: include_str!("../../migrations/0005_search_speed.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0006_branch_search_keys.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0007_member_filter_counts.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0008_door.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0009_election_setup.sql"),
        guard: None,
    },
    Migration {
        sql: include_str!("../../migrations/0010_meeting_preparation.sql"),
        guard: None,
    },
];

/// The schema version this build writes and reads up to.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings a database from version `from` to `to`, then runs any guarded step of the versions
/// below `from` that the data now allows. The caller holds the write transaction.
pub(crate) fn apply(conn: &Connection, from: u32, to: u32) -> rusqlite::Result<()> {
    for (index, step) in MIGRATIONS.iter().enumerate().take(to as usize) {
        let pending = index >= from as usize;
        match &step.guard {
            None if pending => conn.execute_batch(step.sql)?,
            None => {}
            Some(guard) => {
                if (guard.done)(conn)? {
                    continue;
                }
                if (guard.ready)(conn)? {
                    conn.execute_batch(step.sql)?;
                } else if pending {
                    log::warn!(
                        "migration {} deferred: waiting for staff to resolve {}",
                        index + 1,
                        guard.waits_for
                    );
                }
            }
        }
    }
    Ok(())
}

/// Whether any guarded step of the versions up to `version` has yet to run: opening then needs
/// a write transaction even when the version is current.
pub(crate) fn deferred(conn: &Connection, version: u32) -> rusqlite::Result<bool> {
    for step in MIGRATIONS.iter().take(version as usize) {
        if let Some(guard) = &step.guard {
            if !(guard.done)(conn)? && (guard.ready)(conn)? {
                return Ok(true);
            }
        }
    }
    Ok(false)
}

fn has_attendee_once_index(conn: &Connection) -> rusqlite::Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'attendees_member_once'",
            [],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn no_member_invited_twice(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM attendees WHERE member_id IS NOT NULL
                            GROUP BY meeting_id, member_id HAVING count(*) > 1)",
        [],
        |r| r.get(0),
    )
}

//! The counts on the home screen and in `alumni-desk stats`.

use rusqlite::Connection;
use serde::Serialize;

use crate::{branches, meetings, members, timestamps};

/// Counts of what is on record (the CLI's `stats --json` shape plus `upcoming_meetings`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Members, archived ones left out.
    pub members: u64,
    /// Branches, archived ones left out.
    pub branches: u64,
    /// All meetings.
    pub meetings: u64,
    /// Invited attendees over all meetings.
    pub attendees: u64,
    /// Meetings that have not started yet.
    pub upcoming_meetings: u64,
}

/// Counts what is on record now.
pub fn stats(conn: &Connection) -> rusqlite::Result<Stats> {
    Ok(Stats {
        members: members::count(conn)?,
        branches: branches::count(conn)?,
        meetings: meetings::count(conn)?,
        attendees: meetings::attendee_count(conn)?,
        upcoming_meetings: meetings::upcoming_count(conn, &timestamps::now_text())?,
    })
}

/// True when nothing has been entered yet: the welcome screen shows instead of the home screen.
pub fn is_empty(stats: &Stats) -> bool {
    stats.members == 0 && stats.branches == 0 && stats.meetings == 0
}

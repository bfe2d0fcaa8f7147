//! Document runs in SQL.

use rusqlite::{params, Connection, Transaction};

use super::DocumentRun;
use crate::elections::ElectionId;
use crate::meetings::MeetingId;
use crate::staff::StaffId;
use crate::timestamps;

/// Records that `document` (`pages` long) was printed for a meeting (and an election) by
/// `staff`, now.
pub fn record(
    tx: &Transaction,
    meeting: MeetingId,
    election: Option<ElectionId>,
    document: &str,
    pages: Option<usize>,
    staff: StaffId,
) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO document_runs (meeting_id, election_id, document, pages, staff_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            meeting.0,
            election.map(|e| e.0),
            document,
            pages.map(|p| p as i64),
            staff.0,
            timestamps::now_text(),
        ],
    )?;
    Ok(())
}

/// A meeting's runs, oldest first.
pub fn list(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<DocumentRun>> {
    let mut stmt = conn.prepare(
        "SELECT id, meeting_id, election_id, document, pages, staff_id, at FROM document_runs
         WHERE meeting_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([meeting.0], |r| {
        let at: String = r.get(6)?;
        Ok(DocumentRun {
            id: r.get(0)?,
            meeting_id: r.get(1)?,
            election_id: r.get(2)?,
            document: r.get(3)?,
            pages: r.get(4)?,
            staff_id: r.get(5)?,
            at: timestamps::to_local_rfc3339(&at),
        })
    })?;
    rows.collect()
}

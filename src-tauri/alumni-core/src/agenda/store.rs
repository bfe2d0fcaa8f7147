//! Agenda items in SQL: their order, a report's text and an attached PDF.

use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};

use super::model::{AgendaItem, AgendaItemId, AgendaKind};
use crate::meetings::MeetingId;
use crate::timestamps;

const SELECT: &str = "SELECT id, meeting_id, position, title, kind, presenter, starts_at,
        duration_min, length(report_text) AS text_chars, attachment_name
 FROM agenda_items";

/// An item as stored; `starts_at` holds the fixed start only (the caller computes the rest).
fn from_row(row: &Row) -> rusqlite::Result<AgendaItem> {
    let kind: String = row.get("kind")?;
    let fixed: Option<String> = row.get("starts_at")?;
    Ok(AgendaItem {
        id: AgendaItemId(row.get("id")?),
        meeting_id: MeetingId(row.get("meeting_id")?),
        position: row.get("position")?,
        title: row.get("title")?,
        kind: AgendaKind::parse(&kind).unwrap_or(AgendaKind::Other),
        presenter: row.get("presenter")?,
        starts_at: None,
        duration_min: row.get("duration_min")?,
        fixed_start: fixed.as_deref().map(timestamps::to_local_rfc3339),
        text_chars: row.get::<_, Option<u32>>("text_chars")?.unwrap_or(0),
        attachment_name: row.get("attachment_name")?,
    })
}

/// A meeting's items in order, with fixed starts only.
pub fn list(conn: &Connection, meeting: MeetingId) -> rusqlite::Result<Vec<AgendaItem>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE meeting_id = ?1 ORDER BY position"))?;
    let rows = stmt.query_map([meeting.0], from_row)?;
    rows.collect()
}

/// One item, with its fixed start only.
pub fn get(conn: &Connection, id: AgendaItemId) -> rusqlite::Result<Option<AgendaItem>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id.0], from_row)
        .optional()
}

/// The stored fields of an item, ready for SQL.
pub struct ItemRow<'a> {
    /// What happens.
    pub title: &'a str,
    /// Its kind.
    pub kind: AgendaKind,
    /// Who presents.
    pub presenter: Option<&'a str>,
    /// Minutes.
    pub duration_min: Option<u32>,
    /// Fixed start, UTC text.
    pub fixed_start: Option<String>,
}

/// Adds an item at the end of a meeting's agenda; its position.
pub fn append(
    tx: &Transaction,
    meeting: MeetingId,
    item: &ItemRow,
) -> rusqlite::Result<AgendaItemId> {
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, title, kind, presenter, duration_min,
                                   starts_at)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items
                      WHERE meeting_id = ?1), ?2, ?3, ?4, ?5, ?6)",
        params![
            meeting.0,
            item.title,
            item.kind.as_str(),
            item.presenter,
            item.duration_min,
            item.fixed_start
        ],
    )?;
    Ok(AgendaItemId(tx.last_insert_rowid()))
}

/// Changes an item's fields (not its place, text or attachment).
pub fn update(tx: &Transaction, id: AgendaItemId, item: &ItemRow) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE agenda_items SET title = ?2, kind = ?3, presenter = ?4, duration_min = ?5,
                starts_at = ?6
         WHERE id = ?1",
        params![
            id.0,
            item.title,
            item.kind.as_str(),
            item.presenter,
            item.duration_min,
            item.fixed_start
        ],
    )?;
    Ok(())
}

/// Puts a meeting's items in the order of `ids` (every item of the meeting, each once: the
/// caller checks), positions 1..=n. Two steps, because (meeting, position) is unique.
pub fn reorder(tx: &Transaction, meeting: MeetingId, ids: &[AgendaItemId]) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE agenda_items SET position = -position WHERE meeting_id = ?1",
        [meeting.0],
    )?;
    let mut stmt = tx.prepare_cached("UPDATE agenda_items SET position = ?2 WHERE id = ?1")?;
    for (position, id) in (1u32..).zip(ids) {
        stmt.execute(params![id.0, position])?;
    }
    Ok(())
}

/// Removes an item; motions that pointed at it keep standing without an item.
pub fn delete(tx: &Transaction, id: AgendaItemId) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE motions SET agenda_item_id = NULL WHERE agenda_item_id = ?1",
        [id.0],
    )?;
    tx.execute("DELETE FROM agenda_items WHERE id = ?1", [id.0])?;
    Ok(())
}

/// A report's stored text (`None`: none).
pub fn report_text(conn: &Connection, id: AgendaItemId) -> rusqlite::Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT report_text FROM agenda_items WHERE id = ?1",
            [id.0],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Sets or clears (`None`) a report's text.
pub fn set_report_text(
    tx: &Transaction,
    id: AgendaItemId,
    text: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE agenda_items SET report_text = ?2 WHERE id = ?1",
        params![id.0, text],
    )?;
    Ok(())
}

/// An attached PDF: its file name and bytes.
pub fn attachment(
    conn: &Connection,
    id: AgendaItemId,
) -> rusqlite::Result<Option<(String, Vec<u8>)>> {
    Ok(conn
        .query_row(
            "SELECT attachment_name, attachment FROM agenda_items WHERE id = ?1",
            [id.0],
            |r| {
                Ok(
                    match (
                        r.get::<_, Option<String>>(0)?,
                        r.get::<_, Option<Vec<u8>>>(1)?,
                    ) {
                        (Some(name), Some(bytes)) => Some((name, bytes)),
                        _ => None,
                    },
                )
            },
        )
        .optional()?
        .flatten())
}

/// Attaches a PDF (or removes it with `None`).
pub fn set_attachment(
    tx: &Transaction,
    id: AgendaItemId,
    file: Option<(&str, &[u8])>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE agenda_items SET attachment_name = ?2, attachment = ?3 WHERE id = ?1",
        params![id.0, file.map(|f| f.0), file.map(|f| f.1)],
    )?;
    Ok(())
}

/// Copies every item of `from` — texts and attachments included — to the empty agenda of `to`.
pub fn copy(tx: &Transaction, from: MeetingId, to: MeetingId) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO agenda_items (meeting_id, position, title, kind, presenter, duration_min,
                                   report_text, attachment_name, attachment)
         SELECT ?2, position, title, kind, presenter, duration_min, report_text,
                attachment_name, attachment
         FROM agenda_items WHERE meeting_id = ?1",
        params![from.0, to.0],
    )?;
    Ok(())
}

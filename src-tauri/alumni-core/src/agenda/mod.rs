//! A meeting's agenda (议程): ordered items with a kind, a presenter and a planned duration,
//! start times computed from the meeting's start, and a report's text (headings and
//! paragraphs) or an attached PDF whose pages go into the packet as they are.
//!
//! Invariant: a meeting's positions are exactly 1..=n (the schema keeps them unique; every
//! change that moves items renumbers them all in one transaction).

mod model;
mod report_file;
mod store;
#[cfg(test)]
mod tests;

use serde_json::json;

use crate::error::ErrorKind;
use crate::timestamps;
use crate::DomainError;

pub use model::{
    mark_headings, report_blocks, schedule, AgendaItem, AgendaItemId, AgendaItemSetup, AgendaKind,
    ReportBlock,
};
pub use report_file::{checked_text, read_report_file, MAX_REPORT_CHARS, MAX_REPORT_FILE_BYTES};
pub use store::{
    append, attachment, copy, delete, get, list, reorder, report_text, set_attachment,
    set_report_text, update, ItemRow,
};

/// Why an agenda change was refused.
#[derive(Debug, thiserror::Error)]
pub enum AgendaError {
    /// No agenda item with that id.
    #[error("no agenda item with id {id}")]
    NotFound {
        /// The id asked for.
        id: i64,
    },
    /// A field's value is not acceptable.
    #[error("{field}: {reason}")]
    Invalid {
        /// `title`, `presenter`, `duration_min`, `fixed_start`, `order`, `text`, `file`.
        field: &'static str,
        /// `empty`, `too_long`, `out_of_range`, `not_a_time`, `not_the_agenda`,
        /// `unsupported`, `unreadable`, `not_a_pdf`.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for AgendaError {
    fn kind(&self) -> ErrorKind {
        match self {
            AgendaError::NotFound { .. } => ErrorKind::NotFound,
            AgendaError::Invalid { .. } => ErrorKind::InvalidInput,
            AgendaError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            AgendaError::NotFound { id } => json!({ "entity": "agenda_item", "id": id }),
            AgendaError::Invalid { field, reason } => json!({ "field": field, "reason": reason }),
            AgendaError::Database(_) => json!({}),
        }
    }
}

/// Fills every item's `starts_at` by [`schedule`] from the meeting's start (stored UTC text).
pub fn with_times(mut items: Vec<AgendaItem>, meeting_starts_at: &str) -> Vec<AgendaItem> {
    let fixed: Vec<_> = items
        .iter()
        .map(|i| {
            (
                i.fixed_start.as_deref().and_then(timestamps::parse),
                i.duration_min,
            )
        })
        .collect();
    let starts = schedule(timestamps::parse(meeting_starts_at), &fixed);
    for (item, start) in items.iter_mut().zip(starts) {
        item.starts_at = start.map(|s| timestamps::to_local_rfc3339(&timestamps::to_text(s)));
    }
    items
}

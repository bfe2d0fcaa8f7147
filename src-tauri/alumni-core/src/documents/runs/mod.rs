//! Documents printed for a meeting (`document_runs`): which document, how many pages, who
//! printed it and when — the readiness checklist's record that the invitations, badges,
//! sign-in sheet, ballots and packet have been made.
//!
//! Invariant: a run is recorded only after its file was written; a cancelled or failed render
//! leaves no row.

mod store;

use serde::Serialize;

pub use store::{list, record};

/// One document printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRun {
    /// The row's id.
    pub id: i64,
    /// The meeting.
    pub meeting_id: i64,
    /// The election, for its ballot papers.
    pub election_id: Option<i64>,
    /// `packet`, `invitations`, `badges`, `sign_in` or `ballots`.
    pub document: String,
    /// Pages printed.
    pub pages: Option<u32>,
    /// The staff profile that printed it.
    pub staff_id: Option<i64>,
    /// When, RFC 3339 in the association's zone.
    pub at: String,
}

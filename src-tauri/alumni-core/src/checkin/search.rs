//! The door's search over one meeting's list: part of a name, full pinyin, initials, the
//! phone's last four digits — the rules of the members search (`members::search`), applied to
//! the meeting's attendees, guests included.
//!
//! Invariants: results are only the meeting's current (not withdrawn) attendees; a meeting's
//! terms are computed once and kept until its list's version moves (migration 0008's triggers
//! move it with every change to who is on the list or how they are found), so a keystroke
//! costs one read of that version and a scan of the kept terms.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::Connection;
use serde::Serialize;

use super::{
    checked_in_at, door_attendee, door_names, list_version, meeting_exists as door_names_exist,
    CheckinError, DoorAttendee,
};
use crate::meetings::{AttendeeId, MeetingId};
use crate::members::search::{attendee_terms, normalize};
use crate::timestamps;

/// Most hits a door search returns.
pub const MAX_HITS: usize = 50;

/// One hit: the attendee as the door shows them, and whether they are in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorHit {
    /// Who.
    #[serde(flatten)]
    pub attendee: DoorAttendee,
    /// RFC 3339 local when checked in now; `None` when absent.
    pub checked_in_at: Option<String>,
}

/// An attendee's search terms: `(term, by_prefix, rank)` (see `members::search`).
type Terms = Vec<(String, bool, i64)>;

/// A meeting's list as last read, with each attendee's search terms, in protocol order.
struct Kept {
    version: i64,
    entries: Vec<(AttendeeId, Terms)>,
}

/// The kept terms of the meetings searched at a door; shared by every station of a desk.
#[derive(Default)]
pub struct DoorSearch {
    kept: Mutex<HashMap<i64, Kept>>,
}

impl DoorSearch {
    /// The meeting's attendees matching `query`, best first (an exact name or phone tail, then
    /// a pinyin or initials prefix; ties in protocol order), at most `limit` (≤ [`MAX_HITS`]).
    /// An empty query finds nobody. Errors: `MeetingNotFound`.
    pub fn search(
        &self,
        conn: &Connection,
        meeting: MeetingId,
        query: &str,
        limit: usize,
    ) -> Result<Vec<DoorHit>, CheckinError> {
        let query = normalize(query);
        // The list's version first: a change committed after this read moves it again, so
        // terms read below are never kept under a version they are older than.
        let version = list_version(conn, meeting)?;
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = kept.get(&meeting.0).is_some_and(|k| k.version == version);
        if !fresh {
            let entries = door_names(conn, meeting)?
                .into_iter()
                .map(|(id, name, phone)| (id, attendee_terms(&name, phone.as_deref())))
                .collect();
            kept.insert(meeting.0, Kept { version, entries });
        } else {
            // An unknown meeting has no list to keep: say so as a fresh read would.
            door_names_exist(conn, meeting)?;
        }
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let entries = &kept[&meeting.0].entries;
        let mut scored: Vec<(i64, usize, AttendeeId)> = entries
            .iter()
            .enumerate()
            .filter_map(|(order, (id, terms))| {
                terms
                    .iter()
                    .filter_map(|(term, by_prefix, rank)| {
                        if *term == query {
                            Some(rank * 2)
                        } else if *by_prefix && term.starts_with(&query) {
                            Some(rank * 2 + 1)
                        } else {
                            None
                        }
                    })
                    .min()
                    .map(|score| (score, order, *id))
            })
            .collect();
        drop(kept);
        scored.sort_unstable_by_key(|(score, order, _)| (*score, *order));
        scored
            .into_iter()
            .take(limit.min(MAX_HITS))
            .map(|(_, _, id)| {
                Ok(DoorHit {
                    attendee: door_attendee(conn, id)?,
                    checked_in_at: checked_in_at(conn, id)?
                        .map(|at| timestamps::to_local_rfc3339(&at)),
                })
            })
            .collect()
    }
}

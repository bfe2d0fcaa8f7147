//! The door's search over one meeting's list: part of a name, full pinyin, initials, the
//! phone's last four digits — the rules of the members search (`members::search`), applied to
//! the meeting's attendees, guests included.
//!
//! Invariants: results are only the meeting's current (not withdrawn) attendees; the terms of
//! an attendee are computed once and kept until their name or phone changes, so a keystroke
//! costs one read of the list's names and a scan of the kept terms.

use std::collections::HashMap;
use std::sync::Mutex;

use rusqlite::Connection;
use serde::Serialize;

use super::{checked_in_at, door_attendee, door_names, CheckinError, DoorAttendee};
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

struct Terms {
    name: String,
    phone: Option<String>,
    terms: Vec<(String, bool, i64)>,
}

/// The kept terms of the meetings searched at a door; shared by every station of a desk.
#[derive(Default)]
pub struct DoorSearch {
    kept: Mutex<HashMap<i64, HashMap<AttendeeId, Terms>>>,
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
        let names = door_names(conn, meeting)?;
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let mut scored: Vec<(i64, usize, AttendeeId)> = Vec::new();
        {
            let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
            let terms_of = kept.entry(meeting.0).or_default();
            if terms_of.len() > names.len() * 2 + 64 {
                // Many attendees withdrawn or moved since: drop what is no longer listed.
                terms_of.clear();
            }
            for (order, (id, name, phone)) in names.iter().enumerate() {
                let stale = terms_of
                    .get(id)
                    .is_none_or(|t| t.name != *name || t.phone != *phone);
                if stale {
                    terms_of.insert(
                        *id,
                        Terms {
                            name: name.clone(),
                            phone: phone.clone(),
                            terms: attendee_terms(name, phone.as_deref()),
                        },
                    );
                }
                let best = terms_of[id]
                    .terms
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
                    .min();
                if let Some(score) = best {
                    scored.push((score, order, *id));
                }
            }
        }
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

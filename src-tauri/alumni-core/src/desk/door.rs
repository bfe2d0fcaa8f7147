//! The door's use cases, as the window's door screen, the CLI and the LAN door server all run
//! them: check in, undo, walk in, search the list, count, and keep the door from stalling.
//!
//! Invariants: a check-in is answered only after its commit is on disk (`synchronous=FULL`,
//! [`crate::storage::Database::write_durable_each`]); check-ins arriving together share one
//! commit (group commit: the first to arrive commits for everyone waiting behind it); every
//! change at the door is announced to the listeners ([`Desk::on_door_event`]) after it
//! committed; while a door is open, long writes are refused ([`Desk::refuse_while_door_open`]).

use std::sync::atomic::AtomicBool;
use std::sync::mpsc;
use std::sync::{Mutex, PoisonError};

use chrono::Utc;
use serde::Serialize;

use super::documents::document_meta;
use super::Desk;
use crate::checkin::search::DoorHit;
use crate::checkin::{
    self, Attendance, CheckinError, CheckinOutcome, CheckinRequest, CheckinResult, NewWalkIn,
};
use crate::documents::meeting::{self, BadgeLayout, MeetingDocument, MeetingDocumentOptions};
use crate::error::AppError;
use crate::meetings::{AttendeeId, MeetingError, MeetingId};
use crate::storage::Transaction;

/// A change at a meeting's door, as the live views and the other stations hear of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorEvent {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// `check_in`, `undo` or `walk_in`.
    pub kind: &'static str,
    /// The answer the station got.
    pub outcome: CheckinOutcome,
}

/// A listener for door events; called on the thread that committed, so it must not block.
/// It returns whether it still listens: one that returns `false` (its door server stopped)
/// is dropped.
pub type DoorListener = Box<dyn Fn(&DoorEvent) -> bool + Send + Sync>;

type Change = Box<dyn FnOnce(&Transaction) -> Result<CheckinOutcome, AppError> + Send>;

/// Where a change's answer goes once its commit is on disk.
type Reply = mpsc::Sender<Result<CheckinOutcome, AppError>>;

/// Changes waiting for the next durable commit, and whether someone is committing.
#[derive(Default)]
pub(super) struct CommitGroup {
    waiting: Mutex<(Vec<(Change, Reply)>, bool)>,
    listeners: Mutex<Vec<DoorListener>>,
}

/// Clears the leader's flag if a commit panicked, so the door never waits for a leader that is
/// gone. (Normally the flag is cleared under the same lock that saw the queue empty: clearing
/// it later would leave a change queued in between without a leader.)
struct StepDown<'a> {
    group: &'a CommitGroup,
    done: bool,
}

impl Drop for StepDown<'_> {
    fn drop(&mut self) {
        if !self.done {
            self.group
                .waiting
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .1 = false;
        }
    }
}

impl Desk {
    /// Checks an attendee in (or, with `undo`, undoes their check-in); answered once the event
    /// is on disk. Errors: `not_found` (meeting), `invalid_input` (station, event id, an event
    /// id used before for something else), `not_checked_in` (an undo of someone absent).
    pub fn check_in(
        &self,
        request: CheckinRequest,
        undo: bool,
    ) -> Result<CheckinOutcome, AppError> {
        let actor = self.actor().id;
        let meeting = request.meeting;
        let outcome = self.commit_at_door(Box::new(move |tx| {
            let now = Utc::now();
            Ok(if undo {
                checkin::undo(tx, &request, actor, now)?
            } else {
                checkin::check_in(tx, &request, actor, now)?
            })
        }))?;
        if !outcome.replayed && outcome.result != CheckinResult::Unknown {
            self.announce(DoorEvent {
                meeting_id: meeting,
                kind: if undo { "undo" } else { "check_in" },
                outcome: outcome.clone(),
            });
        }
        Ok(outcome)
    }

    /// Adds a guest at the door and checks them in, in one transaction, on disk before the
    /// answer (whose attendee is the new guest; their badge prints from the attendee id).
    /// Errors: as [`Desk::check_in`], and `invalid_input` for the name.
    pub fn walk_in(&self, walk_in: NewWalkIn) -> Result<CheckinOutcome, AppError> {
        let actor = self.actor().id;
        let meeting = walk_in.meeting;
        let outcome = self.commit_at_door(Box::new(move |tx| {
            Ok(checkin::walk_in(tx, &walk_in, actor, Utc::now())?)
        }))?;
        if !outcome.replayed {
            self.announce(DoorEvent {
                meeting_id: meeting,
                kind: "walk_in",
                outcome: outcome.clone(),
            });
        }
        Ok(outcome)
    }

    /// The badge of a walk-in of `meeting`, one per page, as PDF bytes: for the station that
    /// added them to print — the one badge (with its token) that leaves the host. A character
    /// no font has is printed marked for hand correction rather than refused. Errors:
    /// `not_found` unless `attendee` is a current walk-in of that meeting.
    pub fn walk_in_badge(
        &self,
        meeting: MeetingId,
        attendee: AttendeeId,
    ) -> Result<Vec<u8>, AppError> {
        self.read(|conn| {
            let listed = checkin::door_list(conn, meeting)?;
            if !listed.iter().any(|(a, _)| a.id == attendee && a.walk_in) {
                return Err(MeetingError::AttendeeNotFound { id: attendee.0 }.into());
            }
            let options = MeetingDocumentOptions {
                badge_layout: BadgeLayout::Single,
                attendees: Some(vec![attendee]),
                mark_missing: true,
                ..MeetingDocumentOptions::default()
            };
            let rendered = meeting::render(
                conn,
                meeting,
                MeetingDocument::Badges,
                &options,
                &document_meta(conn)?,
                &|_| {},
                &AtomicBool::new(false),
            )?;
            Ok(rendered.pdf)
        })
    }

    /// The meeting's attendance now. Errors: `not_found`.
    pub fn attendance(&self, meeting: MeetingId) -> Result<Attendance, AppError> {
        self.read(|conn| Ok(checkin::attendance(conn, meeting, Utc::now())?))
    }

    /// The door's search over the meeting's list (see [`checkin::search::DoorSearch`]).
    pub fn door_search(
        &self,
        meeting: MeetingId,
        query: &str,
        limit: usize,
    ) -> Result<Vec<DoorHit>, AppError> {
        self.read(|conn| Ok(self.door_search.search(conn, meeting, query, limit)?))
    }

    /// Marks a conflict as looked at. Errors: `not_found`.
    pub fn resolve_conflict(&self, id: i64) -> Result<(), AppError> {
        self.write(|tx, actor| Ok(checkin::resolve_conflict(tx, id, actor.id)?))
    }

    /// Records that a door (`window` or `server`) is open for the meeting; returns its id.
    /// The host calls [`Desk::door_still_open`] at least every
    /// [`checkin::DOOR_SILENCE_SECS`] / 2 seconds and [`Desk::close_door`] when it closes.
    pub fn open_door(&self, meeting: MeetingId, host: &str) -> Result<i64, AppError> {
        self.write(|tx, _| Ok(checkin::open_door(tx, meeting, host, Utc::now())?))
    }

    /// The door's host is still there.
    pub fn door_still_open(&self, door: i64) -> Result<(), AppError> {
        self.write(|tx, _| Ok(checkin::touch_door(tx, door, Utc::now())?))
    }

    /// The door closed.
    pub fn close_door(&self, door: i64) -> Result<(), AppError> {
        self.write(|tx, _| Ok(checkin::close_door(tx, door, Utc::now())?))
    }

    /// Refuses (`door_open`, params `meeting`) a write that holds the write lock for seconds —
    /// an import, a restore, a demo build — while any meeting's door is open, in this process
    /// or another: the door's check-ins would wait behind it.
    pub fn refuse_while_door_open(&self) -> Result<(), AppError> {
        let open = self.read(|conn| Ok(checkin::open_door_meeting(conn, Utc::now())?))?;
        match open {
            Some(meeting) => Err(CheckinError::DoorOpen { meeting }.into()),
            None => Ok(()),
        }
    }

    /// Calls `listener` with every change at any door of this desk, after it committed.
    pub fn on_door_event(&self, listener: DoorListener) {
        self.commits
            .listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(listener);
    }

    fn announce(&self, event: DoorEvent) {
        self.commits
            .listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|listener| listener(&event));
    }

    /// Queues `change` for the next durable commit and waits for its answer. The caller that
    /// finds nobody committing commits, for itself and for everyone who queued meanwhile,
    /// until the queue is empty.
    fn commit_at_door(&self, change: Change) -> Result<CheckinOutcome, AppError> {
        let (reply, answer) = mpsc::channel();
        let lead = {
            let mut waiting = self
                .commits
                .waiting
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            waiting.0.push((change, reply));
            !std::mem::replace(&mut waiting.1, true)
        };
        if lead {
            // Whatever happens below, the next caller can lead.
            let mut turn = StepDown {
                group: &self.commits,
                done: false,
            };
            loop {
                let batch = {
                    let mut waiting = self
                        .commits
                        .waiting
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner);
                    if waiting.0.is_empty() {
                        waiting.1 = false;
                        turn.done = true;
                        break;
                    }
                    std::mem::take(&mut waiting.0)
                };
                let (changes, replies): (Vec<_>, Vec<_>) = batch.into_iter().unzip();
                let changes = changes
                    .into_iter()
                    .map(|c| c as Box<dyn FnOnce(&Transaction) -> Result<CheckinOutcome, AppError>>)
                    .collect();
                match self.database().write_durable_each(changes) {
                    Ok(results) => {
                        for (result, reply) in results.into_iter().zip(replies) {
                            // A waiter that gave up is no loss: its change is committed.
                            let _ = reply.send(result);
                        }
                    }
                    Err(e) => {
                        let err = AppError::from(e);
                        for reply in replies {
                            let _ = reply.send(Err(err.clone()));
                        }
                    }
                }
            }
        }
        answer
            .recv()
            .map_err(|_| AppError::internal("the door's commit ended without an answer"))?
    }
}

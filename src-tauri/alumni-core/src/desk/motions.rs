//! Motions and the votes on them, for the three doors: set up, list, vote (with the presence
//! read from check-in at the moment of the vote), or record that the meeting lacked a quorum.

use chrono::Utc;
use serde_json::json;

use super::Desk;
use crate::audit::{self, Change};
use crate::checkin;
use crate::error::AppError;
use crate::meetings::{self, MeetingId, MotionKind};
use crate::motions::{
    self, rules, Motion, MotionBase, MotionError, MotionId, MotionSetup, NewVote, Presence,
};
use crate::settings::{self, MajorityRule};
use crate::staff::Action;
use crate::storage::Connection;

/// The longest motion title, in characters.
pub const MAX_MOTION_TITLE_CHARS: usize = 120;

fn load(conn: &Connection, id: MotionId) -> Result<Motion, AppError> {
    Ok(motions::get(conn, id)?.ok_or(MotionError::NotFound { id: id.0 })?)
}

/// Checks a setup and fills its defaults: the base (voting attendees present) and the rule
/// (two thirds for an amendment of the articles, the association's default otherwise).
fn settled(
    conn: &Connection,
    meeting: MeetingId,
    setup: &MotionSetup,
) -> Result<(String, MotionBase, MajorityRule), AppError> {
    let title = setup.title.trim();
    if title.is_empty() {
        return Err(MotionError::Invalid {
            field: "title",
            reason: "empty",
        }
        .into());
    }
    if title.chars().count() > MAX_MOTION_TITLE_CHARS {
        return Err(MotionError::Invalid {
            field: "title",
            reason: "too_long",
        }
        .into());
    }
    if let Some(item) = setup.agenda_item {
        if !motions::agenda_item_of(conn, meeting, item)? {
            return Err(MotionError::Invalid {
                field: "agenda_item",
                reason: "not_in_meeting",
            }
            .into());
        }
    }
    let rule = match (setup.rule, setup.kind) {
        (Some(rule), _) => rule,
        (None, MotionKind::Amendment) => MajorityRule::TwoThirds,
        (None, _) => settings::load(conn)?.majority,
    };
    Ok((
        title.to_owned(),
        setup.base.unwrap_or(MotionBase::PresentVoting),
        rule,
    ))
}

/// The voting attendees present, entitled and needed for the quorum now.
fn presence_now(conn: &Connection, meeting: MeetingId) -> Result<Presence, AppError> {
    let attendance = checkin::attendance(conn, meeting, Utc::now())?;
    Ok(Presence {
        present: attendance.voting_present,
        entitled: attendance.voting_expected,
        quorum_needed: attendance.quorum.needed,
    })
}

impl Desk {
    /// A meeting's motions in agenda order. Errors: `not_found` (meeting).
    pub fn motions(&self, meeting: MeetingId) -> Result<Vec<Motion>, AppError> {
        self.read(|conn| {
            meetings::get(conn, meeting)?;
            Ok(motions::list(conn, meeting)?)
        })
    }

    /// Adds a motion to a meeting (audited). Errors: `not_found` (meeting), `invalid_input`
    /// (`title` empty or longer than [`MAX_MOTION_TITLE_CHARS`]; `agenda_item` not of this
    /// meeting).
    pub fn create_motion(
        &self,
        meeting: MeetingId,
        setup: &MotionSetup,
    ) -> Result<Motion, AppError> {
        self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            let (title, base, rule) = settled(tx, meeting, setup)?;
            let id = motions::insert(
                tx,
                meeting,
                setup.agenda_item,
                &title,
                setup.kind,
                base,
                rule,
            )?;
            let motion = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("create_motion", "motion", Some(id.0)).after(Some(
                    serde_json::to_value(&motion).map_err(AppError::internal)?,
                )),
            )?;
            Ok(motion)
        })
    }

    /// Changes a motion's title, kind, agenda item, base and rule; a vote already recorded
    /// stays as it was decided. Errors: `not_found`, `invalid_input` as for
    /// [`Desk::create_motion`].
    pub fn update_motion(&self, id: MotionId, setup: &MotionSetup) -> Result<Motion, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            let (title, base, rule) = settled(tx, before.meeting_id, setup)?;
            motions::update(tx, id, setup.agenda_item, &title, setup.kind, base, rule)?;
            let after = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("update_motion", "motion", Some(id.0))
                    .before(Some(
                        serde_json::to_value(&before).map_err(AppError::internal)?,
                    ))
                    .after(Some(
                        serde_json::to_value(&after).map_err(AppError::internal)?,
                    )),
            )?;
            Ok(after)
        })
    }

    /// Removes a motion (admin; audited with what it held). Errors: `forbidden`, `not_found`.
    pub fn delete_motion(&self, id: MotionId) -> Result<(), AppError> {
        self.require(Action::Delete)?;
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            motions::delete(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("delete_motion", "motion", Some(id.0)).before(Some(
                    serde_json::to_value(&before).map_err(AppError::internal)?,
                )),
            )?;
            Ok(())
        })
    }

    /// Records a vote on a motion, decided by its rule against the voting attendees present
    /// at this moment (from check-in). A vote recorded again replaces the first; the audit log
    /// keeps both. Errors: `not_found`; `invalid_input` — reason `no_quorum` (the quorum is
    /// not reached: record the lack with [`Desk::record_no_quorum`]) or `above_present` (more
    /// votes than voting attendees present). Nothing is written on an error.
    pub fn record_vote(&self, id: MotionId, vote: NewVote) -> Result<Motion, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            let presence = presence_now(tx, before.meeting_id)?;
            let decision = rules::decide(before.rule, before.base, vote.counts, presence)?;
            motions::record_vote(tx, id, vote.method, vote.counts, decision)?;
            let after = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("record_vote", "motion", Some(id.0))
                    .before(Some(
                        serde_json::to_value(&before).map_err(AppError::internal)?,
                    ))
                    .after(Some(json!({
                        "method": vote.method,
                        "yes": vote.counts.yes,
                        "no": vote.counts.no,
                        "abstain": vote.counts.abstain,
                        "present": presence.present,
                        "entitled": presence.entitled,
                        "base_count": decision.base_count,
                        "needed": decision.needed,
                        "passed": decision.passed,
                    }))),
            )?;
            Ok(after)
        })
    }

    /// Records that the meeting lacked a quorum when the motion came to a vote (the chair's
    /// record; no counts, no outcome). Refused while the quorum is in fact reached: then the
    /// vote is taken. Errors: `not_found`; `invalid_input` field `quorum` reason
    /// `quorum_reached`.
    pub fn record_no_quorum(&self, id: MotionId) -> Result<Motion, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            let presence = presence_now(tx, before.meeting_id)?;
            if presence.quorum_reached() {
                return Err(AppError::invalid(
                    "quorum",
                    "quorum_reached",
                    format!(
                        "the quorum is reached ({} of {} needed present): take the vote",
                        presence.present, presence.quorum_needed
                    ),
                ));
            }
            motions::record_no_quorum(tx, id, presence.present)?;
            let after = load(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("record_no_quorum", "motion", Some(id.0))
                    .before(Some(
                        serde_json::to_value(&before).map_err(AppError::internal)?,
                    ))
                    .after(Some(json!({
                        "present": presence.present,
                        "needed": presence.quorum_needed,
                        "entitled": presence.entitled,
                    }))),
            )?;
            Ok(after)
        })
    }
}

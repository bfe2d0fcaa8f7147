//! Setting up an election and closing it: its body, seats, rules and candidates (in surname
//! stroke order), the checks shown as warnings before ballots go out (DESIGN.md size checks,
//! the quorum from check-in, the linked electorate), and the declared result, whose elected
//! become the voters of the elections that take this one as their electorate.
//!
//! Invariants: only a draft's setup changes (ballots issued fix it); candidate names are unique
//! in an election (write-ins and recount files match by name); a declared round is closed and
//! its elected are seated as voting attendees of every meeting that elects from it.

use std::collections::HashSet;

use chrono::Utc;
use serde::Serialize;
use serde_json::{json, Value};

use super::Desk;
use crate::audit::{self, Change};
use crate::checkin;
use crate::documents::ballot_paper;
use crate::elections::tally::RoundStatus;
use crate::elections::{
    self, Body, ElectionDetail, ElectionError, ElectionId, ElectionSummary, NewCandidate,
    NewElection,
};
use crate::error::AppError;
use crate::meetings::{self, MeetingId, Voter};
use crate::names;
use crate::staff::Action;
use crate::storage::{Connection, Transaction};

/// The longest title a ballot prints, in characters.
pub const MAX_TITLE_CHARS: usize = 60;

/// A council larger than this may have an executive council (民政部 2016 通知: 理事会人数超过
/// 50 人的可设立常务理事会).
pub const EXECUTIVE_COUNCIL_MIN_COUNCIL: u32 = 50;

/// One thing staff should look at before the ballots go out; never a refusal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// `fewer_candidates`, `council_over_third`, `executive_over_third`,
    /// `executive_small_council`, `electorate_not_declared`, `candidates_outside_electorate`,
    /// `no_voters` or `quorum_not_reached`.
    pub code: &'static str,
    /// The figures the message names.
    pub params: Value,
}

/// An election with what its setup screen shows: the detail, the checks, and the voting
/// attendees present against the quorum now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElectionSetup {
    /// Everything about the election.
    #[serde(flatten)]
    pub detail: ElectionDetail,
    /// Voting attendees on the meeting's list (those entitled).
    pub voting_expected: u32,
    /// Voting attendees checked in now.
    pub voting_present: u32,
    /// Voting attendees the quorum needs.
    pub quorum_needed: u32,
    /// Whether the quorum is reached now.
    pub quorum_reached: bool,
    /// The checks, shown as warnings.
    pub warnings: Vec<Warning>,
    /// Columns of the ballot paper's candidate grid ([`ballot_paper::ballot_columns`]), which
    /// the keying screen draws the same way.
    pub ballot_columns: usize,
}

/// A declared result: who was elected over all rounds, and where they were seated as voters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared {
    /// The round declared.
    pub id: ElectionId,
    /// Elected over every round of the election, in surname stroke order.
    pub elected: Vec<String>,
    /// Elections that elect from this one, whose meeting's voters were set.
    pub electorates: Vec<SeatedElectorate>,
}

/// The voters of one meeting, set from a declared election.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeatedElectorate {
    /// The election electing from the declared one.
    pub election: ElectionId,
    /// Its meeting.
    pub meeting: MeetingId,
    /// Voting attendees now.
    pub voters: u32,
    /// Elected names with no member record (written in), who could not be seated.
    pub unseated: Vec<String>,
}

fn setup_error(field: &'static str, reason: &'static str, value: Option<&str>) -> ElectionError {
    ElectionError::Setup {
        field,
        reason,
        value: value.map(str::to_owned),
    }
}

/// Checks a setup and returns its candidates trimmed and in surname stroke order (ties keep
/// the order given). Errors: [`ElectionError::Setup`].
fn checked(
    conn: &Connection,
    id: Option<ElectionId>,
    setup: &NewElection,
    candidates: &[NewCandidate],
) -> Result<Vec<NewCandidate>, ElectionError> {
    let title = setup.title.trim();
    if title.is_empty() {
        return Err(setup_error("title", "required", None));
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(setup_error("title", "too_long", Some(title)));
    }
    if setup.seats == 0 {
        return Err(setup_error("seats", "no_seats", None));
    }
    if let Some(electorate) = setup.electorate {
        if Some(electorate) == id {
            return Err(setup_error("electorate", "self", None));
        }
        let found = elections::detail(conn, electorate)?;
        if found.is_none_or(|e| e.previous_round.is_some()) {
            return Err(setup_error("electorate", "not_found", None));
        }
    }
    let mut seen = HashSet::new();
    let mut list = Vec::with_capacity(candidates.len());
    for c in candidates {
        let name = c.name.trim();
        if name.is_empty() {
            return Err(setup_error("candidates", "required", None));
        }
        if !seen.insert(name.to_owned()) {
            return Err(setup_error("candidates", "duplicate_name", Some(name)));
        }
        list.push(NewCandidate {
            member: c.member,
            name: name.to_owned(),
            unit: c
                .unit
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
        });
    }
    // The ballot order of DESIGN.md: surname stroke order; a stable sort keeps equal names'
    // order as given.
    list.sort_by(|a, b| names::compare_stroke_order(&a.name, &b.name));
    Ok(list)
}

fn must_be_draft(detail: &ElectionDetail) -> Result<(), ElectionError> {
    if detail.status == "draft" {
        Ok(())
    } else {
        Err(ElectionError::NotDraft {
            status: detail.status.clone(),
        })
    }
}

fn load(conn: &Connection, id: ElectionId) -> Result<ElectionDetail, ElectionError> {
    elections::detail(conn, id)?.ok_or(ElectionError::NotFound { id: id.0 })
}

/// The members elected over every round of the election whose first round is `root`, each
/// with the name they were elected under; and the elected names with no member (written in).
fn elected_members(desk: &Desk, root: ElectionId) -> Result<(Vec<Voter>, Vec<String>), AppError> {
    let rounds = desk.read(|conn| Ok(elections::rounds(conn, root)?))?;
    let mut members = Vec::new();
    let mut unseated = Vec::new();
    for round in rounds {
        let detail = desk.read(|conn| Ok(load(conn, round)?))?;
        if detail.status != "closed" || detail.issued.is_none() {
            continue;
        }
        let result = desk.election_result(round)?;
        for name in &result.outcome.elected {
            match detail.candidates.iter().find(|c| &c.name == name) {
                Some(c) => match c.member {
                    Some(m) => members.push((m, c.name.clone(), c.unit.clone())),
                    None => unseated.push(name.clone()),
                },
                None => unseated.push(name.clone()),
            }
        }
    }
    Ok((members, unseated))
}

impl Desk {
    /// A meeting's elections in the order they were set up (every round listed).
    pub fn elections(&self, meeting: MeetingId) -> Result<Vec<ElectionSummary>, AppError> {
        self.read(|conn| Ok(elections::list(conn, meeting)?))
    }

    /// Sets up an election in a meeting (audited): candidates are put in surname stroke order.
    /// Errors: `not_found` (meeting), `invalid_input` ([`ElectionError::Setup`]).
    pub fn create_election(
        &self,
        meeting: MeetingId,
        setup: &NewElection,
        candidates: &[NewCandidate],
    ) -> Result<ElectionSetup, AppError> {
        let id = self.write(|tx, actor| {
            meetings::get(tx, meeting)?;
            let list = checked(tx, None, setup, candidates)?;
            let setup = NewElection {
                title: setup.title.trim().to_owned(),
                ..setup.clone()
            };
            let id = elections::insert(tx, meeting, &setup, &list)?;
            audit::record(
                tx,
                actor.id,
                Change::new("create_election", "election", Some(id.0)).after(Some(json!({
                    "meeting": meeting.0, "body": setup.body, "title": setup.title,
                    "seats": setup.seats, "candidates": list.len(),
                }))),
            )?;
            Ok(id)
        })?;
        self.election_setup(id)
    }

    /// Changes a draft election's setup and candidates (audited, one transaction).
    /// Errors: `not_found`, `invalid_input` (setup, or ballots already issued: `not_draft`).
    pub fn update_election(
        &self,
        id: ElectionId,
        setup: &NewElection,
        candidates: &[NewCandidate],
    ) -> Result<ElectionSetup, AppError> {
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            must_be_draft(&before)?;
            let list = checked(tx, Some(id), setup, candidates)?;
            let setup = NewElection {
                title: setup.title.trim().to_owned(),
                ..setup.clone()
            };
            elections::update_setup(tx, id, &setup)?;
            elections::replace_candidates(tx, id, &list)?;
            audit::record(
                tx,
                actor.id,
                Change::new("update_election", "election", Some(id.0))
                    .before(Some(json!({ "title": before.title, "seats": before.seats,
                        "candidates": before.candidates.len() })))
                    .after(Some(json!({ "title": setup.title, "seats": setup.seats,
                        "candidates": list.len() }))),
            )?;
            Ok(())
        })?;
        self.election_setup(id)
    }

    /// Deletes a draft election (admin's delete right; audited). Errors: `forbidden`,
    /// `not_found`, `invalid_input` (`not_draft`).
    pub fn delete_election(&self, id: ElectionId) -> Result<(), AppError> {
        self.require(Action::Delete)?;
        self.write(|tx, actor| {
            let before = load(tx, id)?;
            must_be_draft(&before)?;
            elections::delete(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("delete_election", "election", Some(id.0))
                    .before(Some(json!({ "title": before.title }))),
            )?;
            Ok(())
        })
    }

    /// An election with its checks and the quorum now. Errors: `not_found`.
    pub fn election_setup(&self, id: ElectionId) -> Result<ElectionSetup, AppError> {
        self.read(|conn| {
            let detail = load(conn, id)?;
            let attendance = checkin::attendance(conn, detail.meeting, Utc::now())?;
            let mut warnings = Vec::new();
            if detail.candidates.len() < detail.seats as usize {
                warnings.push(Warning {
                    code: "fewer_candidates",
                    params: json!({ "seats": detail.seats, "candidates": detail.candidates.len() }),
                });
            }
            size_checks(conn, &detail, attendance.voting_expected, &mut warnings)?;
            if attendance.voting_expected == 0 {
                warnings.push(Warning {
                    code: "no_voters",
                    params: json!({}),
                });
            } else if !attendance.quorum.reached {
                warnings.push(Warning {
                    code: "quorum_not_reached",
                    params: json!({
                        "present": attendance.voting_present,
                        "needed": attendance.quorum.needed,
                        "entitled": attendance.voting_expected,
                    }),
                });
            }
            Ok(ElectionSetup {
                voting_expected: attendance.voting_expected,
                voting_present: attendance.voting_present,
                quorum_needed: attendance.quorum.needed,
                quorum_reached: attendance.quorum.reached,
                ballot_columns: ballot_paper::ballot_columns(detail.candidates.len()),
                detail,
                warnings,
            })
        })
    }

    /// Declares a round's result (audited): the round is closed with no next round, and every
    /// election that takes this election as its electorate gets, in its meeting, the members
    /// elected over all declared rounds as its voting attendees (added as 出席 if not on the
    /// list; other attendees lose the vote there). Errors: `not_found`, `invalid_input`
    /// (`issued` not recorded, a void round, or the round already closed).
    pub fn declare_result(&self, id: ElectionId) -> Result<Declared, AppError> {
        let result = self.election_result(id)?;
        if result.outcome.status == RoundStatus::Void {
            return Err(setup_error("election", "void_round", None).into());
        }
        self.write(|tx, actor| {
            let detail = load(tx, id)?;
            if detail.status == "closed" {
                return Err(ElectionError::RoundClosed.into());
            }
            elections::declare(tx, id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("declare_result", "election", Some(id.0))
                    .after(Some(json!({ "elected": result.outcome.elected }))),
            )?;
            Ok(())
        })?;
        let root = self.read(|conn| Ok(elections::first_round(conn, id)?))?;
        let (members, unseated) = elected_members(self, root)?;
        let mut elected: Vec<String> = members.iter().map(|(_, n, _)| n.clone()).collect();
        elected.extend(unseated.iter().cloned());
        elected.sort_by(|a, b| names::compare_stroke_order(a, b));
        let electing = self.read(|conn| Ok(elections::electing_from(conn, root)?))?;
        let mut electorates = Vec::new();
        for election in electing {
            let seated = self.write(|tx, actor| {
                seat_electorate(tx, actor.id, root, election, &members, &unseated)
            })?;
            electorates.push(seated);
        }
        Ok(Declared {
            id,
            elected,
            electorates,
        })
    }
}

/// The size checks of DESIGN.md, as warnings: council members at most one third of the
/// delegates; an executive council at most one third of the council, and only where the
/// council has more than 50 (民政部 2016 通知).
fn size_checks(
    conn: &Connection,
    detail: &ElectionDetail,
    delegates: u32,
    warnings: &mut Vec<Warning>,
) -> Result<(), AppError> {
    let electorate = match detail.electorate {
        Some(e) => Some(load(conn, e)?),
        None => None,
    };
    match detail.body {
        Body::Council if delegates > 0 && u64::from(detail.seats) * 3 > u64::from(delegates) => {
            warnings.push(Warning {
                code: "council_over_third",
                params: json!({ "seats": detail.seats, "delegates": delegates }),
            });
        }
        Body::ExecutiveCouncil => {
            // The council: the linked council election's seats, else the voters here.
            let council = electorate.as_ref().map_or(delegates, |e| e.seats);
            if council > 0 && council <= EXECUTIVE_COUNCIL_MIN_COUNCIL {
                warnings.push(Warning {
                    code: "executive_small_council",
                    params: json!({ "council": council }),
                });
            }
            if council > 0 && u64::from(detail.seats) * 3 > u64::from(council) {
                warnings.push(Warning {
                    code: "executive_over_third",
                    params: json!({ "seats": detail.seats, "council": council }),
                });
            }
        }
        _ => {}
    }
    if let Some(e) = electorate {
        if !electorate_declared(conn, e.id)? {
            warnings.push(Warning {
                code: "electorate_not_declared",
                params: json!({ "electorate": e.id, "title": e.title }),
            });
        } else {
            let voters: HashSet<i64> = meetings::voting_members(conn, detail.meeting)?
                .into_iter()
                .collect();
            let outside: Vec<&str> = detail
                .candidates
                .iter()
                .filter(|c| c.member.is_none_or(|m| !voters.contains(&m.0)))
                .map(|c| c.name.as_str())
                .collect();
            if !outside.is_empty() {
                warnings.push(Warning {
                    code: "candidates_outside_electorate",
                    params: json!({ "names": outside, "count": outside.len() }),
                });
            }
        }
    }
    Ok(())
}

/// Whether any round of the election `root` has been declared — only then are its elected
/// the voting attendees of the elections that take it as their electorate.
pub(super) fn electorate_declared(conn: &Connection, root: ElectionId) -> Result<bool, AppError> {
    for round in elections::rounds(conn, root)? {
        if load(conn, round)?.declared_at.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Makes the members elected by `root` the voting attendees of `election`'s meeting.
fn seat_electorate(
    tx: &Transaction,
    actor: crate::staff::StaffId,
    root: ElectionId,
    election: ElectionId,
    members: &[Voter],
    unseated: &[String],
) -> Result<SeatedElectorate, AppError> {
    let detail = load(tx, election)?;
    let group = format!("{}当选人", load(tx, root)?.title.trim());
    let voters = meetings::seat_voters(tx, detail.meeting, members, &group, &mut rand::rng())?;
    audit::record(
        tx,
        actor,
        Change::new("seat_electorate", "meeting", Some(detail.meeting.0)).after(Some(json!({
            "from_election": root.0, "for_election": election.0, "voters": voters,
        }))),
    )?;
    Ok(SeatedElectorate {
        election,
        meeting: detail.meeting,
        voters,
        unseated: unseated.to_vec(),
    })
}

//! The election use cases every door runs: ballots issued, ballots keyed (from the recount's
//! file format, in one of two entry passes), and the result — always computed from the
//! ballots by the same rules as the independent recount, never typed.

use chrono::Utc;
use serde::Serialize;
use serde_json::json;

use super::Desk;
use crate::audit::{self, Change};
use crate::checkin;
use crate::elections::entry::{differences, Difference};
use crate::elections::tally::{self, Base, Outcome, Rules};
use crate::elections::{self, recount, Body, ElectionError, ElectionId};
use crate::error::AppError;

/// Ballots keyed in: how many, in which pass, and (for a second pass) where it differs from
/// the first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BallotEntry {
    /// The election.
    pub election: ElectionId,
    /// 1 or 2.
    pub pass: u8,
    /// Ballots keyed.
    pub ballots: usize,
    /// For pass 2: every difference from pass 1 (empty when they agree).
    pub differences: Vec<Difference>,
}

/// An election's result: the count of [`tally::tally`] with the election it is of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ElectionResult {
    /// The election.
    pub id: ElectionId,
    /// Its body.
    pub body: Body,
    /// Its title.
    pub title: String,
    /// Its round.
    pub round: u32,
    /// The count.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The round [`Desk::next_round`] set up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NextRound {
    /// The new election.
    pub id: ElectionId,
    /// `run_off` (among the tied) or `further` (among the not yet elected).
    pub kind: &'static str,
    /// Its round number.
    pub round: u32,
    /// Seats it fills.
    pub seats: u32,
    /// Its candidates, in ballot order.
    pub candidates: Vec<String>,
}

impl Desk {
    /// Records how many ballots were issued (audited). Errors: `not_found`.
    pub fn issue_ballots(&self, election: ElectionId, issued: u32) -> Result<(), AppError> {
        self.write(|tx, actor| {
            elections::counting(tx, election)?.ok_or(ElectionError::NotFound { id: election.0 })?;
            elections::set_issued(tx, election, issued)?;
            audit::record(
                tx,
                actor.id,
                Change::new("issue_ballots", "election", Some(election.0))
                    .after(Some(json!({ "issued": issued }))),
            )?;
            Ok(())
        })
    }

    /// Keys the ballots of a file in the recount's format (`ballot,<the candidates in ballot
    /// order>[,write_in]`) as entry pass `pass`, replacing that pass's ballots, in one
    /// transaction (audited). Errors: `not_found`, `invalid_input` (the file, naming the
    /// ballot and column; nothing is written then).
    pub fn enter_ballots(
        &self,
        election: ElectionId,
        file: &[u8],
        pass: u8,
    ) -> Result<BallotEntry, AppError> {
        let pass = if pass == 2 { 2 } else { 1 };
        self.write(|tx, actor| {
            elections::counting(tx, election)?.ok_or(ElectionError::NotFound { id: election.0 })?;
            let candidates = elections::candidate_names(tx, election)?;
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            let keyed = recount::read_ballots(file, &names).map_err(ElectionError::from)?;
            elections::replace_ballots(tx, election, pass, &candidates, &keyed, actor.id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("enter_ballots", "election", Some(election.0))
                    .after(Some(json!({ "pass": pass, "ballots": keyed.len() }))),
            )?;
            let differences = if pass == 2 {
                let first = elections::ballots(tx, election, 1, &candidates)?;
                differences(&names, &first, &keyed)
            } else {
                Vec::new()
            };
            Ok(BallotEntry {
                election,
                pass,
                ballots: keyed.len(),
                differences,
            })
        })
    }

    /// The result of an election from its first-pass ballots, by the rules of
    /// [`tally::tally`]; the base "voting attendees present" and "all entitled" come from the
    /// meeting's check-in now. Errors: `not_found`, `invalid_input` (`issued` not recorded).
    pub fn election_result(&self, election: ElectionId) -> Result<ElectionResult, AppError> {
        self.read(|conn| {
            let counting = elections::counting(conn, election)?
                .ok_or(ElectionError::NotFound { id: election.0 })?;
            let issued = counting.issued.ok_or(ElectionError::NotIssued)?;
            let candidates = elections::candidate_names(conn, election)?;
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            let ballots = elections::ballots(conn, election, 1, &candidates)?;
            let base = match counting.threshold_base.as_str() {
                "valid" => Base::Valid,
                "present_voting" => Base::Present,
                "entitled" => Base::Entitled,
                _ => Base::Returned,
            };
            let (present, entitled) = if matches!(base, Base::Present | Base::Entitled) {
                let a = checkin::attendance(conn, counting.meeting, Utc::now())?;
                (Some(a.voting_present), Some(a.voting_expected))
            } else {
                (None, None)
            };
            let rules = Rules {
                seats: counting.seats,
                issued,
                base,
                present,
                entitled,
            };
            let outcome = tally::tally(&names, &ballots, &rules).map_err(ElectionError::from)?;
            Ok(ElectionResult {
                id: election,
                body: counting.body,
                title: counting.title,
                round: counting.round,
                outcome,
            })
        })
    }

    /// Sets up the next round of an election from its result, in one step (audited): a
    /// run-off among the candidates tied across the last seat, for the seats left; or, with no
    /// tie, a further round among the listed candidates not yet elected, for the unfilled
    /// seats. The round counted is closed. Errors: `not_found`, `invalid_input` (`issued` not
    /// recorded, every seat filled, or a next round already set up from this one).
    pub fn next_round(&self, election: ElectionId) -> Result<NextRound, AppError> {
        let result = self.election_result(election)?;
        let outcome = &result.outcome;
        let closed = self.read(|conn| {
            Ok(elections::counting(conn, election)?.is_some_and(|c| c.status == "closed"))
        })?;
        if closed {
            return Err(ElectionError::RoundClosed.into());
        }
        if outcome.unfilled == 0 {
            return Err(ElectionError::NothingToFill.into());
        }
        let (kind, names): (&'static str, Vec<&str>) = if outcome.tied.is_empty() {
            let further = outcome
                .candidates
                .iter()
                .filter(|c| !c.write_in && !c.elected)
                .map(|c| c.name.as_str())
                .collect();
            ("further", further)
        } else {
            ("run_off", outcome.tied.iter().map(String::as_str).collect())
        };
        self.write(|tx, actor| {
            let listed = elections::candidate_names(tx, election)?;
            // Ballot order of the round counted, kept.
            let chosen: Vec<(i64, String)> = listed
                .into_iter()
                .filter(|(_, name)| names.contains(&name.as_str()))
                .collect();
            let ids: Vec<i64> = chosen.iter().map(|(id, _)| *id).collect();
            let id = elections::insert_next_round(tx, election, outcome.unfilled, &ids)?;
            audit::record(
                tx,
                actor.id,
                Change::new("next_round", "election", Some(id.0)).after(Some(json!({
                    "previous": election.0, "kind": kind, "seats": outcome.unfilled,
                    "candidates": chosen.len(),
                }))),
            )?;
            Ok(NextRound {
                id,
                kind,
                round: result.round + 1,
                seats: outcome.unfilled,
                candidates: chosen.into_iter().map(|(_, n)| n).collect(),
            })
        })
    }
}

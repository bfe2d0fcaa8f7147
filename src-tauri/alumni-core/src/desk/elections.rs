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
use crate::elections::tally::{self, Ballot, Base, Mark, Outcome, Rules, SheetTotals};
use crate::elections::{self, recount, Body, ElectionError, ElectionId, TieRule};
use crate::error::AppError;
use crate::storage::Connection;

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
    /// What was counted: `ballots` (keyed one by one, first pass) or `tally_sheet` (the
    /// totals of a paper tally sheet, when no ballot was keyed).
    pub source: &'static str,
    /// Where a paper tally sheet, also keyed, differs from the count of the ballots (empty
    /// when it agrees or there is none).
    pub sheet_differences: Vec<SheetDifference>,
}

/// One figure on which the paper tally sheet and the keyed ballots disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetDifference {
    /// A candidate's name, or `returned`, `invalid`, `blank`.
    pub name: String,
    /// `agree`, `disagree`, `abstain`, or `count` for a ballot figure.
    pub column: &'static str,
    /// From the ballots.
    pub ballots: u32,
    /// On the sheet.
    pub sheet: u32,
}

/// One ballot as keyed, for the keying screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyedBallot {
    /// The number printed on the paper.
    pub number: u32,
    /// One mark per candidate, in ballot order.
    pub marks: Vec<Mark>,
    /// Names written in.
    pub write_ins: Vec<String>,
    /// More agree marks than seats (write-ins included): invalid, left out of every count.
    pub over_marked: bool,
    /// No mark and no write-in (valid).
    pub blank: bool,
}

/// What keying one ballot did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BallotKeyed {
    /// The ballot as stored.
    pub ballot: KeyedBallot,
    /// 1 or 2.
    pub pass: u8,
    /// Ballots keyed in this pass now.
    pub keyed: u32,
    /// The number a clerk keys next: one above the highest keyed in this pass.
    pub next_number: u32,
    /// For pass 2: where this ballot differs from pass 1 (empty when it agrees or pass 1
    /// has no ballot of this number yet).
    pub differences: Vec<Difference>,
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
    /// Records how many ballots were issued (audited); the setup is fixed from then on.
    /// Errors: `not_found`, `invalid_input` (fewer candidates than seats, or the round closed).
    pub fn issue_ballots(&self, election: ElectionId, issued: u32) -> Result<(), AppError> {
        self.write(|tx, actor| {
            let detail = elections::detail(tx, election)?
                .ok_or(ElectionError::NotFound { id: election.0 })?;
            if detail.status == "closed" {
                return Err(ElectionError::RoundClosed.into());
            }
            if detail.candidates.len() < detail.seats as usize {
                return Err(ElectionError::Setup {
                    field: "candidates",
                    reason: "fewer_candidates",
                    value: None,
                }
                .into());
            }
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
            let sheet = elections::tally_sheet(conn, election)?;
            let base = elections::parse_base(&counting.threshold_base);
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
            let (outcome, source, sheet_differences) = match sheet {
                Some(sheet) if ballots.is_empty() => {
                    let outcome =
                        tally::tally_sheet(&names, &sheet, &rules).map_err(ElectionError::from)?;
                    (outcome, "tally_sheet", Vec::new())
                }
                sheet => {
                    let outcome =
                        tally::tally(&names, &ballots, &rules).map_err(ElectionError::from)?;
                    let differences = sheet
                        .map(|s| sheet_differences(&outcome, &s))
                        .unwrap_or_default();
                    (outcome, "ballots", differences)
                }
            };
            Ok(ElectionResult {
                id: election,
                body: counting.body,
                title: counting.title,
                round: counting.round,
                outcome,
                source,
                sheet_differences,
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
        let tie_rule = self.read(|conn| {
            Ok(elections::detail(conn, election)?.map_or(TieRule::RunOff, |d| d.tie_rule))
        })?;
        // Under "left unfilled" a tie is not run off: its seats stay empty (a tie takes every
        // seat still open, so nothing is left to fill).
        if !outcome.tied.is_empty() && tie_rule == TieRule::Unfilled {
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

/// Every figure on which a paper tally sheet differs from the count of the keyed ballots.
fn sheet_differences(outcome: &Outcome, sheet: &SheetTotals) -> Vec<SheetDifference> {
    let mut out = Vec::new();
    let mut figure = |name: &str, column: &'static str, ballots: u32, on_sheet: u32| {
        if ballots != on_sheet {
            out.push(SheetDifference {
                name: name.to_owned(),
                column,
                ballots,
                sheet: on_sheet,
            });
        }
    };
    figure("returned", "count", outcome.returned, sheet.returned);
    figure("invalid", "count", outcome.invalid, sheet.invalid);
    figure("blank", "count", outcome.blank, sheet.blank);
    let listed = outcome.candidates.iter().filter(|c| !c.write_in);
    for (c, t) in listed.zip(&sheet.listed) {
        figure(&c.name, "agree", c.agree, t.agree);
        figure(&c.name, "disagree", c.disagree, t.disagree);
        figure(&c.name, "abstain", c.abstain, t.abstain);
    }
    for c in outcome.candidates.iter().filter(|c| c.write_in) {
        let on_sheet = sheet
            .write_ins
            .iter()
            .find(|(n, _)| n.trim() == c.name)
            .map_or(0, |(_, a)| *a);
        figure(&c.name, "agree", c.agree, on_sheet);
    }
    for (name, agree) in &sheet.write_ins {
        if !outcome
            .candidates
            .iter()
            .any(|c| c.write_in && c.name == name.trim())
        {
            figure(name.trim(), "agree", 0, *agree);
        }
    }
    out
}

fn keyed_view(ballot: Ballot, seats: u32, names: &[String]) -> KeyedBallot {
    KeyedBallot {
        over_marked: tally::agrees(names, &ballot) > seats as usize,
        blank: ballot.marks.iter().all(|m| *m == Mark::Empty) && ballot.write_ins.is_empty(),
        number: ballot.number,
        marks: ballot.marks,
        write_ins: ballot.write_ins,
    }
}

/// The election's row for keying: it must exist, have its ballots issued and not be closed.
fn open_for_keying(
    conn: &Connection,
    election: ElectionId,
) -> Result<elections::ElectionDetail, ElectionError> {
    let detail =
        elections::detail(conn, election)?.ok_or(ElectionError::NotFound { id: election.0 })?;
    if detail.issued.is_none() {
        return Err(ElectionError::NotIssued);
    }
    if detail.status == "closed" {
        return Err(ElectionError::RoundClosed);
    }
    Ok(detail)
}

impl Desk {
    /// Keys one ballot in entry pass `pass` (1 or 2), replacing a ballot of the same number in
    /// that pass (audited). `marks` has one mark per candidate in ballot order; `write_ins`
    /// are the names on the write-in lines. An over-marked ballot is keyed as the paper is
    /// (the count leaves it out). Errors: `not_found`, `invalid_input` (`issued` not recorded,
    /// round closed, number 0, wrong number of marks, write-ins on a ballot without lines or
    /// more names than lines).
    pub fn key_ballot(
        &self,
        election: ElectionId,
        pass: u8,
        number: u32,
        marks: Vec<Mark>,
        write_ins: Vec<String>,
    ) -> Result<BallotKeyed, AppError> {
        let pass = if pass == 2 { 2 } else { 1 };
        let bad = |field: &'static str, reason: &'static str| ElectionError::Setup {
            field,
            reason,
            value: None,
        };
        self.write(|tx, actor| {
            let detail = open_for_keying(tx, election)?;
            if number == 0 {
                return Err(bad("number", "required").into());
            }
            if marks.len() != detail.candidates.len() {
                return Err(bad("marks", "wrong_cells").into());
            }
            let write_ins: Vec<String> = write_ins
                .iter()
                .map(|n| n.trim().to_owned())
                .filter(|n| !n.is_empty())
                .collect();
            if write_ins.len() > detail.write_in_lines as usize {
                return Err(bad("write_ins", "too_many").into());
            }
            let candidates: Vec<(i64, String)> = detail
                .candidates
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let ballot = Ballot {
                number,
                marks,
                write_ins,
            };
            elections::key_ballot(tx, election, pass, &candidates, &ballot, actor.id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("key_ballot", "election", Some(election.0))
                    .after(Some(json!({ "pass": pass, "number": number }))),
            )?;
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            let list = elections::ballots(tx, election, pass, &candidates)?;
            let differences = if pass == 2 {
                let first = elections::ballots(tx, election, 1, &candidates)?;
                match first.iter().find(|b| b.number == number) {
                    Some(f) => differences(
                        &names,
                        std::slice::from_ref(f),
                        std::slice::from_ref(&ballot),
                    ),
                    None => Vec::new(),
                }
            } else {
                Vec::new()
            };
            Ok(BallotKeyed {
                keyed: list.len() as u32,
                next_number: list.iter().map(|b| b.number).max().unwrap_or(0) + 1,
                ballot: keyed_view(ballot, detail.seats, &names),
                pass,
                differences,
            })
        })
    }

    /// Removes a keyed ballot from entry pass `pass` (audited); whether it was there.
    /// Errors: `not_found`, `invalid_input` (`issued` not recorded, round closed).
    pub fn delete_ballot(
        &self,
        election: ElectionId,
        pass: u8,
        number: u32,
    ) -> Result<bool, AppError> {
        let pass = if pass == 2 { 2 } else { 1 };
        self.write(|tx, actor| {
            open_for_keying(tx, election)?;
            let gone = elections::delete_ballot(tx, election, pass, number)?;
            if gone {
                audit::record(
                    tx,
                    actor.id,
                    Change::new("delete_ballot", "election", Some(election.0))
                        .before(Some(json!({ "pass": pass, "number": number }))),
                )?;
            }
            Ok(gone)
        })
    }

    /// The ballots keyed in entry pass `pass`, by number, each marked over-marked or blank.
    /// Errors: `not_found`.
    pub fn keyed_ballots(
        &self,
        election: ElectionId,
        pass: u8,
    ) -> Result<Vec<KeyedBallot>, AppError> {
        let pass = if pass == 2 { 2 } else { 1 };
        self.read(|conn| {
            let detail = elections::detail(conn, election)?
                .ok_or(ElectionError::NotFound { id: election.0 })?;
            let candidates: Vec<(i64, String)> = detail
                .candidates
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            Ok(elections::ballots(conn, election, pass, &candidates)?
                .into_iter()
                .map(|b| keyed_view(b, detail.seats, &names))
                .collect())
        })
    }

    /// Every difference between the two entry passes (empty when they agree).
    /// Errors: `not_found`.
    pub fn pass_differences(&self, election: ElectionId) -> Result<Vec<Difference>, AppError> {
        self.read(|conn| {
            elections::counting(conn, election)?
                .ok_or(ElectionError::NotFound { id: election.0 })?;
            let candidates = elections::candidate_names(conn, election)?;
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            let first = elections::ballots(conn, election, 1, &candidates)?;
            let second = elections::ballots(conn, election, 2, &candidates)?;
            Ok(differences(&names, &first, &second))
        })
    }

    /// Keys the totals of a paper tally sheet (replacing any before; audited), after checking
    /// them ([`tally::tally_sheet`]); returns the result as it now stands (counted from the
    /// sheet when no ballot was keyed, else from the ballots with the sheet's differences).
    /// Errors: `not_found`, `invalid_input` (`issued` not recorded, round closed, the sheet's
    /// checks: `tally_sheet` with the reason and candidate).
    pub fn enter_tally_sheet(
        &self,
        election: ElectionId,
        sheet: &SheetTotals,
    ) -> Result<ElectionResult, AppError> {
        self.write(|tx, actor| {
            let detail = open_for_keying(tx, election)?;
            let candidates: Vec<(i64, String)> = detail
                .candidates
                .iter()
                .map(|c| (c.id, c.name.clone()))
                .collect();
            let names: Vec<String> = candidates.iter().map(|(_, n)| n.clone()).collect();
            // The sheet's own checks; the base figures do not matter for them.
            let rules = Rules {
                seats: detail.seats,
                issued: detail.issued.unwrap_or(0),
                base: Base::Returned,
                present: None,
                entitled: None,
            };
            tally::tally_sheet(&names, sheet, &rules).map_err(ElectionError::from)?;
            elections::save_tally_sheet(tx, election, &candidates, sheet, actor.id)?;
            audit::record(
                tx,
                actor.id,
                Change::new("enter_tally_sheet", "election", Some(election.0)).after(Some(
                    json!({ "returned": sheet.returned, "invalid": sheet.invalid }),
                )),
            )?;
            Ok(())
        })?;
        self.election_result(election)
    }
}

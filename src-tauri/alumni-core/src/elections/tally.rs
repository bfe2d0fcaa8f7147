//! The count of one round, as pure rules (DESIGN.md "Elections"): ballots in, the result out.
//!
//! - Returned > issued: the round is void — every count is still reported, nobody is elected
//!   and every seat is unfilled.
//! - A ballot with more agree marks than seats (write-ins included) is invalid and left out of
//!   every count. A write-in of a listed candidate is an agree for that candidate, once per
//!   ballot. A blank ballot (no mark, no write-in) is valid; on a valid ballot an empty cell is
//!   an abstention.
//! - Threshold = ⌊base / 2⌋ + 1 agree votes; base = ballots returned (default), valid ballots,
//!   voting attendees present, or all entitled.
//! - Candidates at or above the threshold are elected in order of agree votes up to the seats;
//!   candidates tied across the last seat are not elected but reported for a run-off (their
//!   seats unfilled) — never decided by list order.
//!
//! Invariants: the result depends on the multiset of ballots, not their order; the elected are
//! never more than the seats and each has at least the threshold; names are compared as
//! written, trimmed.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::names;

/// One candidate's cell on a ballot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// 同意 (or a name marked on a "mark up to N" ballot).
    Agree,
    /// 不同意
    Disagree,
    /// 弃权
    Abstain,
    /// Nothing marked: an abstention on a valid ballot.
    Empty,
}

/// A returned ballot: one mark per listed candidate, in ballot order, and the names written in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ballot {
    /// The number printed on the paper; counts ballots only, never links to a voter.
    pub number: u32,
    /// One per listed candidate, in ballot order.
    pub marks: Vec<Mark>,
    /// Names written on the write-in lines (trimmed, non-empty).
    pub write_ins: Vec<String>,
}

/// What the threshold is a majority of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    /// Ballots returned (the default).
    #[default]
    Returned,
    /// Valid ballots.
    Valid,
    /// Voting attendees present at the vote (from check-in).
    Present,
    /// All entitled to vote.
    Entitled,
}

/// The rules of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    /// Seats to fill (N ≥ 1).
    pub seats: u32,
    /// Ballots issued.
    pub issued: u32,
    /// The majority base.
    pub base: Base,
    /// Voting attendees present, for [`Base::Present`].
    pub present: Option<u32>,
    /// All entitled, for [`Base::Entitled`].
    pub entitled: Option<u32>,
}

/// Whether the round counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Counted.
    Valid,
    /// More ballots returned than issued: nobody is elected.
    Void,
}

/// One candidate's votes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CandidateVotes {
    /// As on the ballot, or as written in.
    pub name: String,
    /// Agree votes (write-ins of this name included, once per ballot).
    pub agree: u32,
    /// Disagree votes.
    pub disagree: u32,
    /// Abstentions, empty cells on valid ballots included.
    pub abstain: u32,
    /// Not on the list: written in.
    pub write_in: bool,
    /// Elected in this round.
    pub elected: bool,
}

/// The result of a round (the `election tally --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// `valid` or `void`.
    pub status: RoundStatus,
    /// Ballots issued.
    pub issued: u32,
    /// Ballots returned.
    pub returned: u32,
    /// Valid ballots (blank ones included).
    pub valid: u32,
    /// Invalid (over-marked) ballots.
    pub invalid: u32,
    /// Blank ballots, among the valid.
    pub blank: u32,
    /// The smallest number of agree votes that elects: ⌊base / 2⌋ + 1.
    pub threshold: u32,
    /// The listed candidates in ballot order, then the written-in names by votes.
    pub candidates: Vec<CandidateVotes>,
    /// Who is elected, in surname stroke order.
    pub elected: Vec<String>,
    /// Candidates tied across the last seats, for a run-off; empty if none.
    pub tied: Vec<String>,
    /// Seats not filled, the tied seats included.
    pub unfilled: u32,
}

/// Why a round cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TallyError {
    /// No seats.
    #[error("an election fills at least one seat")]
    NoSeats,
    /// A ballot has a different number of cells than there are candidates.
    #[error("ballot {ballot} has {found} cells for {expected} candidates")]
    WrongCells {
        /// The ballot's number.
        ballot: u32,
        /// Cells on it.
        found: usize,
        /// Candidates on the list.
        expected: usize,
    },
    /// The base needs a figure that was not given (`present` or `entitled`).
    #[error("the majority base {base} needs the number of {base} voters")]
    MissingBase {
        /// `present` or `entitled`.
        base: &'static str,
    },
    /// A paper tally sheet's totals do not check out (see [`tally_sheet`]).
    #[error("the tally sheet does not check out ({reason}{})", candidate.as_deref().map(|c| format!(": {c}")).unwrap_or_default())]
    Sheet {
        /// `wrong_rows`, `invalid_above_returned`, `blank_above_valid`, `totals_not_valid`,
        /// `agree_above_marked`, `too_many_agrees` or `duplicate_write_in`.
        reason: &'static str,
        /// The candidate whose row is wrong, if one is.
        candidate: Option<String>,
    },
}

/// One listed candidate's totals on a paper tally sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Totals {
    /// 同意 votes.
    pub agree: u32,
    /// 不同意 votes.
    pub disagree: u32,
    /// 弃权 (empty cells included).
    pub abstain: u32,
}

/// A paper tally sheet (计票单) keyed as totals: the ballot figures, one row per listed
/// candidate in ballot order, and the written-in names with their agree votes.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SheetTotals {
    /// Ballots returned.
    pub returned: u32,
    /// Invalid (over-marked) ballots.
    pub invalid: u32,
    /// Blank ballots (among the valid).
    pub blank: u32,
    /// The listed candidates' totals, in ballot order.
    pub listed: Vec<Totals>,
    /// Written-in names and their agree votes.
    #[serde(default)]
    pub write_ins: Vec<(String, u32)>,
}

/// ⌊base / 2⌋ + 1: more than half of the base.
pub fn threshold(base: u32) -> u32 {
    base / 2 + 1
}

/// Counts a round: `candidates` are the listed names in ballot order; every ballot has one
/// mark per candidate. Errors: [`TallyError`].
pub fn tally(
    candidates: &[String],
    ballots: &[Ballot],
    rules: &Rules,
) -> Result<Outcome, TallyError> {
    if rules.seats == 0 {
        return Err(TallyError::NoSeats);
    }
    if let Some(b) = ballots.iter().find(|b| b.marks.len() != candidates.len()) {
        return Err(TallyError::WrongCells {
            ballot: b.number,
            found: b.marks.len(),
            expected: candidates.len(),
        });
    }
    let listed: HashMap<&str, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, n)| (n.trim(), i))
        .collect();
    let mut votes: Vec<CandidateVotes> = candidates
        .iter()
        .map(|name| CandidateVotes {
            name: name.trim().to_owned(),
            agree: 0,
            disagree: 0,
            abstain: 0,
            write_in: false,
            elected: false,
        })
        .collect();
    let mut written: Vec<(String, u32)> = Vec::new();
    let (mut valid, mut invalid, mut blank) = (0u32, 0u32, 0u32);
    for ballot in ballots {
        let (agreed, others) = agreed_on(&listed, ballot);
        let agrees = agreed.iter().filter(|a| **a).count() + others.len();
        if agrees > rules.seats as usize {
            invalid += 1;
            continue;
        }
        valid += 1;
        if ballot.marks.iter().all(|m| *m == Mark::Empty)
            && ballot.write_ins.iter().all(|n| n.trim().is_empty())
        {
            blank += 1;
        }
        for (i, (mark, agree)) in ballot.marks.iter().zip(&agreed).enumerate() {
            let v = &mut votes[i];
            match (agree, mark) {
                (true, _) => v.agree += 1,
                (false, Mark::Disagree) => v.disagree += 1,
                (false, _) => v.abstain += 1,
            }
        }
        for name in others {
            match written.iter_mut().find(|(n, _)| n == name) {
                Some((_, n)) => *n += 1,
                None => written.push((name.to_owned(), 1)),
            }
        }
    }
    append_written(&mut votes, written);
    decide(
        votes,
        Figures {
            returned: ballots.len() as u32,
            valid,
            invalid,
            blank,
        },
        rules,
    )
}

/// The listed candidates a ballot agrees with (marked, or written in — each once) and the
/// other names written in, each once; `listed` maps a trimmed name to its ballot position.
fn agreed_on<'a>(listed: &HashMap<&str, usize>, ballot: &'a Ballot) -> (Vec<bool>, Vec<&'a str>) {
    let mut agreed: Vec<bool> = ballot.marks.iter().map(|m| *m == Mark::Agree).collect();
    let mut others: Vec<&str> = Vec::new();
    for name in ballot
        .write_ins
        .iter()
        .map(|n| n.trim())
        .filter(|n| !n.is_empty())
    {
        match listed.get(name) {
            Some(&i) => agreed[i] = true,
            None if !others.contains(&name) => others.push(name),
            None => {}
        }
    }
    (agreed, others)
}

/// How many names a ballot agrees with (write-ins included, a listed name once): more than the
/// seats makes it invalid. `candidates` are the listed names in ballot order.
pub fn agrees(candidates: &[String], ballot: &Ballot) -> usize {
    let listed: HashMap<&str, usize> = candidates
        .iter()
        .enumerate()
        .map(|(i, n)| (n.trim(), i))
        .collect();
    let (agreed, others) = agreed_on(&listed, ballot);
    agreed.iter().filter(|a| **a).count() + others.len()
}

/// Adds the written-in names after the listed ones, by votes then by name, so the order never
/// depends on the ballots'.
fn append_written(votes: &mut Vec<CandidateVotes>, mut written: Vec<(String, u32)>) {
    written.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    votes.extend(written.into_iter().map(|(name, agree)| CandidateVotes {
        name,
        agree,
        disagree: 0,
        abstain: 0,
        write_in: true,
        elected: false,
    }));
}

/// The ballot figures of a round.
struct Figures {
    returned: u32,
    valid: u32,
    invalid: u32,
    blank: u32,
}

/// Counts a round from a paper tally sheet's totals, after checking them (cross-checked the
/// way scrutineers check a sheet: the figures add up, every listed row sums to the valid
/// ballots, nobody has more agree votes than ballots that were marked, and the agree votes fit
/// in the seats of the marked ballots). Errors: [`TallyError::Sheet`] naming the check and the
/// candidate, [`TallyError::NoSeats`], [`TallyError::MissingBase`].
pub fn tally_sheet(
    candidates: &[String],
    sheet: &SheetTotals,
    rules: &Rules,
) -> Result<Outcome, TallyError> {
    let fail = |reason: &'static str, candidate: Option<&str>| TallyError::Sheet {
        reason,
        candidate: candidate.map(str::to_owned),
    };
    if rules.seats == 0 {
        return Err(TallyError::NoSeats);
    }
    if sheet.listed.len() != candidates.len() {
        return Err(fail("wrong_rows", None));
    }
    let valid = sheet
        .returned
        .checked_sub(sheet.invalid)
        .ok_or(fail("invalid_above_returned", None))?;
    let marked = valid
        .checked_sub(sheet.blank)
        .ok_or(fail("blank_above_valid", None))?;
    let mut votes = Vec::with_capacity(candidates.len() + sheet.write_ins.len());
    for (name, t) in candidates.iter().zip(&sheet.listed) {
        let name = name.trim();
        if u64::from(t.agree) + u64::from(t.disagree) + u64::from(t.abstain) != u64::from(valid) {
            return Err(fail("totals_not_valid", Some(name)));
        }
        if t.agree > marked {
            return Err(fail("agree_above_marked", Some(name)));
        }
        votes.push(CandidateVotes {
            name: name.to_owned(),
            agree: t.agree,
            disagree: t.disagree,
            abstain: t.abstain,
            write_in: false,
            elected: false,
        });
    }
    let mut written: Vec<(String, u32)> = Vec::new();
    for (name, agree) in &sheet.write_ins {
        let name = name.trim();
        if name.is_empty() || *agree == 0 {
            continue;
        }
        if *agree > marked {
            return Err(fail("agree_above_marked", Some(name)));
        }
        if candidates.iter().any(|c| c.trim() == name) || written.iter().any(|(n, _)| n == name) {
            return Err(fail("duplicate_write_in", Some(name)));
        }
        written.push((name.to_owned(), *agree));
    }
    append_written(&mut votes, written);
    let agrees: u64 = votes.iter().map(|v| u64::from(v.agree)).sum();
    if agrees > u64::from(marked) * u64::from(rules.seats) {
        return Err(fail("too_many_agrees", None));
    }
    decide(
        votes,
        Figures {
            returned: sheet.returned,
            valid,
            invalid: sheet.invalid,
            blank: sheet.blank,
        },
        rules,
    )
}

/// The threshold, the round's status and who is elected or tied, from the counted votes.
fn decide(
    mut votes: Vec<CandidateVotes>,
    figures: Figures,
    rules: &Rules,
) -> Result<Outcome, TallyError> {
    let Figures {
        returned,
        valid,
        invalid,
        blank,
    } = figures;
    let base = match rules.base {
        Base::Returned => returned,
        Base::Valid => valid,
        Base::Present => rules
            .present
            .ok_or(TallyError::MissingBase { base: "present" })?,
        Base::Entitled => rules
            .entitled
            .ok_or(TallyError::MissingBase { base: "entitled" })?,
    };
    let threshold = threshold(base);
    let status = if returned > rules.issued {
        RoundStatus::Void
    } else {
        RoundStatus::Valid
    };
    let (elected, tied) = if status == RoundStatus::Void {
        (Vec::new(), Vec::new())
    } else {
        seats_filled(&votes, rules.seats, threshold)
    };
    for i in &elected {
        votes[*i].elected = true;
    }
    let mut elected_names: Vec<String> = elected.iter().map(|i| votes[*i].name.clone()).collect();
    elected_names.sort_by(|a, b| names::compare_stroke_order(a, b));
    let mut tied_names: Vec<String> = tied.iter().map(|i| votes[*i].name.clone()).collect();
    tied_names.sort_by(|a, b| names::compare_stroke_order(a, b));
    Ok(Outcome {
        status,
        issued: rules.issued,
        returned,
        valid,
        invalid,
        blank,
        threshold,
        unfilled: rules.seats - elected_names.len() as u32,
        candidates: votes,
        elected: elected_names,
        tied: tied_names,
    })
}

/// Indexes into `votes` of the elected and of those tied across the last seat: candidates at
/// or above `threshold` by agree votes, down to the last seat; a group with equal votes that
/// does not fit whole is tied, never split by list order.
fn seats_filled(votes: &[CandidateVotes], seats: u32, threshold: u32) -> (Vec<usize>, Vec<usize>) {
    let mut qualified: Vec<usize> = (0..votes.len())
        .filter(|i| votes[*i].agree >= threshold)
        .collect();
    qualified.sort_by(|a, b| votes[*b].agree.cmp(&votes[*a].agree));
    let seats = seats as usize;
    let mut elected = Vec::new();
    let mut at = 0;
    while at < qualified.len() {
        let level = votes[qualified[at]].agree;
        let group: Vec<usize> = qualified[at..]
            .iter()
            .copied()
            .take_while(|i| votes[*i].agree == level)
            .collect();
        if elected.len() + group.len() <= seats {
            at += group.len();
            elected.extend(group);
            if elected.len() == seats {
                break;
            }
        } else {
            return (elected, group);
        }
    }
    (elected, Vec::new())
}

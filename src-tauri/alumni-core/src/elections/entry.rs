//! Ballots keyed twice by two clerks: where the second pass differs from the first, so that
//! the paper is looked at again before the count (pure).

use serde::Serialize;

use super::tally::{Ballot, Mark};

/// One place where the two passes disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The ballot's number.
    pub ballot: u32,
    /// The candidate's name, `write_in`, or `ballot` for a ballot keyed in one pass only.
    pub column: String,
    /// What the first pass holds (`agree`, `disagree`, `abstain`, `empty`, the write-ins
    /// joined by `;`, or `missing`).
    pub first: String,
    /// What the second pass holds.
    pub second: String,
}

fn mark_word(mark: Mark) -> &'static str {
    match mark {
        Mark::Agree => "agree",
        Mark::Disagree => "disagree",
        Mark::Abstain => "abstain",
        Mark::Empty => "empty",
    }
}

/// Every difference between two passes over the same papers, by ballot number then column.
pub fn differences(candidates: &[String], first: &[Ballot], second: &[Ballot]) -> Vec<Difference> {
    let mut numbers: Vec<u32> = first.iter().chain(second).map(|b| b.number).collect();
    numbers.sort_unstable();
    numbers.dedup();
    let find = |list: &[Ballot], n: u32| list.iter().find(|b| b.number == n).cloned();
    let mut out = Vec::new();
    for n in numbers {
        match (find(first, n), find(second, n)) {
            (Some(a), Some(b)) => {
                for (i, name) in candidates.iter().enumerate() {
                    let (x, y) = (a.marks.get(i).copied(), b.marks.get(i).copied());
                    if x != y {
                        out.push(Difference {
                            ballot: n,
                            column: name.clone(),
                            first: x.map_or("missing", mark_word).to_owned(),
                            second: y.map_or("missing", mark_word).to_owned(),
                        });
                    }
                }
                if a.write_ins != b.write_ins {
                    out.push(Difference {
                        ballot: n,
                        column: "write_in".to_owned(),
                        first: a.write_ins.join(";"),
                        second: b.write_ins.join(";"),
                    });
                }
            }
            (a, b) => out.push(Difference {
                ballot: n,
                column: "ballot".to_owned(),
                first: if a.is_some() { "keyed" } else { "missing" }.to_owned(),
                second: if b.is_some() { "keyed" } else { "missing" }.to_owned(),
            }),
        }
    }
    out
}

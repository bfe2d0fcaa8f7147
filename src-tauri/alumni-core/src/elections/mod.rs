//! Elections: N seats of a body filled from M ≥ N candidates. For now: setting them up and
//! listing them; ballots and tallying come with the elections work.
//!
//! Invariants: candidates keep the ballot order they were given; a ballot is never linked to a
//! voter. `model` holds the types, `store` the SQL.

mod model;
mod store;
#[cfg(test)]
mod tests;

pub use model::{Body, ElectionId, ElectionSummary, NewCandidate, NewElection};
pub use store::{insert, list, reassign_member};

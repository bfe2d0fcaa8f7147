//! The audit log: which staff profile did what, when, with the record before and after.
//!
//! Rows are only ever appended, inside the transaction of the change they describe, so a change
//! and its entry are committed or rolled back together. Read back, an entry also says what it
//! was about in words (`subject`: the member's or attendee's name, resolved when read) and which
//! fields changed (`changes`), so the log reads as a person would; the raw `before` and `after`
//! stay for whoever needs them.

mod model;
mod store;
#[cfg(test)]
mod tests;

pub use model::{field_changes, Change, Entry, FieldChange, Filter};
pub use store::{recent, record};

//! Member search: keys kept beside each record so that any query — one character of a name,
//! full pinyin, initials, the last four phone digits, a student number, part of an employer —
//! is an index seek and a short ordered scan, with filters by college, graduation years,
//! branch, city, status and council office.
//!
//! Invariants: [`index`] runs after every write of a member and leaves exactly the keys its row
//! gives (archived members' keys are ranked out of the default search); the keys are complete
//! when the `search_index_version` setting equals [`INDEX_VERSION`], which [`ensure_index`]
//! restores on a database from before search; a query's cost is bounded by the page it returns
//! or by the members its filters let through, never by the size of the register.

mod keys;
mod model;
mod planning;
mod ranking;
mod store;
#[cfg(test)]
mod tests;

pub use keys::store::{
    count_change, ensure_index, index, index_new, index_same_name, rebuild, refresh_filter_counts,
    suspend, CountedFields, INDEX_VERSION,
};
pub(crate) use keys::{attendee_terms, normalize, sort_syllables, surname_reading};
pub use model::{SearchHit, SearchQuery, DEFAULT_LIMIT, MAX_DEPTH, MAX_LIMIT};
pub use store::search;

/// `13812345678` → `138****5678`, as search results show phones (DESIGN: masking). The rule
/// lives in [`crate::members::privacy`]; it is re-exported here for the search's callers.
pub use crate::members::privacy::mask_phone;

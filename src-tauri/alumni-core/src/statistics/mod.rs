//! Statistics of the register for the dashboard and the PDF report: alumni by graduation
//! decade, college, degree and city, branch sizes, and how many can be reached by what.
//!
//! Archived records are left out everywhere. Values are codes (decade start years, field
//! names) so the UI and the documents word them in their own language. `model` holds the
//! shape, `store` the SQL.

mod model;
mod store;
#[cfg(test)]
mod tests;

pub use model::Statistics;
pub use store::compute;

//! A meeting's attendance: what `store.rs` reads for the live view, the CLI and the report.

mod store;

pub use store::{attendance, conflicts};

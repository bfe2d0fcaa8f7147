//! The numbered migrations, embedded in the binary. Forward only; a landed file is never edited.

/// Every migration in order; index i holds the step from version i to i + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/0001_schema.sql"),
    include_str!("../../migrations/0002_search.sql"),
    include_str!("../../migrations/0003_import_review.sql"),
    include_str!("../../migrations/0006_search_speed.sql"),
];

/// The schema version this build writes and reads up to.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The SQL that takes a database from `from` to `to`.
pub(crate) fn pending(from: u32, to: u32) -> impl Iterator<Item = &'static str> {
    MIGRATIONS
        .iter()
        .copied()
        .skip(from as usize)
        .take(to.saturating_sub(from) as usize)
}

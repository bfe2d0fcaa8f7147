//! Council terms (第一届, 第二届 …) and the offices members hold in each.
//!
//! Invariants: a member holds an office in a term at most once; every change a person makes is
//! audited, and a repeated appointment writes nothing. `model` holds the types, `store` the SQL.

mod model;
mod store;
#[cfg(test)]
mod tests;

pub use model::{Office, PositionRow, TermId, TermRow};
pub use store::{appoint, insert_term, list_terms, positions, reassign_member, set_position};

/// Why a council operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CouncilError {
    /// No such term or member.
    #[error("no {entity} with id {id}")]
    NotFound {
        /// `term` or `member`.
        entity: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl crate::DomainError for CouncilError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            CouncilError::NotFound { .. } => crate::error::ErrorKind::NotFound,
            CouncilError::Database(_) => crate::error::ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            CouncilError::NotFound { entity, id } => {
                serde_json::json!({ "entity": entity, "id": id })
            }
            CouncilError::Database(_) => serde_json::json!({}),
        }
    }
}

//! Branches (分会): regional, industry, college or overseas, possibly nested, with members in
//! roles.
//!
//! Invariants: a branch's parent is never the branch itself nor one of its descendants; a
//! member holds at most one role in a branch; a branch with live children is not archived;
//! every change a person makes is audited. `model` holds the types and the name rule, `store`
//! the SQL.

mod model;
mod store;
#[cfg(test)]
mod tests;

pub use model::{
    name_problem, BranchId, BranchKind, BranchMember, BranchRole, BranchRow, NewBranch,
    MAX_NAME_CHARS,
};
pub use store::{
    add_member, archive, count, create, insert, list, members_of, reassign_member, set_role, update,
};

/// Why a branch operation failed.
#[derive(Debug, thiserror::Error)]
pub enum BranchError {
    /// No such branch or member.
    #[error("no {entity} with id {id}")]
    NotFound {
        /// `branch` or `member`.
        entity: &'static str,
        /// The id asked for.
        id: i64,
    },
    /// The name is empty, too long or taken, or the parent would make a cycle.
    #[error("invalid {field}: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why: `empty`, `too_long`, `duplicate`, `cycle`.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl crate::DomainError for BranchError {
    fn kind(&self) -> crate::error::ErrorKind {
        match self {
            BranchError::NotFound { .. } => crate::error::ErrorKind::NotFound,
            BranchError::Invalid { .. } => crate::error::ErrorKind::InvalidInput,
            BranchError::Database(_) => crate::error::ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            BranchError::NotFound { entity, id } => {
                serde_json::json!({ "entity": entity, "id": id })
            }
            BranchError::Invalid { field, reason } => {
                serde_json::json!({ "field": field, "reason": reason })
            }
            BranchError::Database(_) => serde_json::json!({}),
        }
    }
}

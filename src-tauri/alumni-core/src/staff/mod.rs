//! Staff profiles: who is at the keyboard, so the audit log always knows who did what.
//!
//! There is always at least one admin (the schema seeds "管理员"); only an admin exports
//! unmasked personal data, restores a backup or deletes.

mod store;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::DomainError;

pub use store::{create, default_actor, get, list};

/// A staff profile's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StaffId(pub i64);

/// What a profile may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// May also export unmasked data, restore backups and delete.
    Admin,
    /// Day-to-day work.
    Staff,
}

impl Role {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Staff => "staff",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "admin" => Some(Role::Admin),
            "staff" => Some(Role::Staff),
            _ => None,
        }
    }
}

/// A staff profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    /// Its id.
    pub id: StaffId,
    /// Display name, unique.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Inactive profiles stay in the audit log but cannot be chosen.
    pub active: bool,
}

impl Staff {
    /// True for admins.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// Why a staff operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StaffError {
    /// No profile with that id or name.
    #[error("no staff profile {what}")]
    NotFound {
        /// The id or name asked for.
        what: String,
    },
    /// A profile with that name exists.
    #[error("a staff profile named {name} already exists")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// The name is empty or too long.
    #[error("invalid staff name: {reason}")]
    InvalidName {
        /// Why.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for StaffError {
    fn kind(&self) -> &'static str {
        match self {
            StaffError::NotFound { .. } => "not_found",
            StaffError::DuplicateName { .. } | StaffError::InvalidName { .. } => "invalid_input",
            StaffError::Database(_) => "internal",
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            StaffError::NotFound { what } => json!({ "entity": "staff", "id": what }),
            StaffError::DuplicateName { name } => {
                json!({ "field": "name", "reason": "duplicate", "value": name })
            }
            StaffError::InvalidName { reason } => json!({ "field": "name", "reason": reason }),
            StaffError::Database(_) => json!({}),
        }
    }
}

//! Staff types and the pure rules: who may do what, and what a PIN looks like.

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

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

/// A staff profile. The PIN's hash never leaves the store: only whether there is one.
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
    /// Whether the profile has a PIN; switching to an admin with one asks for it.
    #[serde(default)]
    pub has_pin: bool,
}

impl Staff {
    /// True for admins.
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }

    /// Whether acting as this profile must be proved with its PIN (an admin that has one).
    pub fn needs_pin(&self) -> bool {
        self.is_admin() && self.has_pin
    }
}

/// What only some profiles may do; [`require`] says whether a profile may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Replace the database with a backup.
    Restore,
    /// Export phone and ID numbers unmasked.
    ExportUnmasked,
    /// Add profiles and set another profile's PIN.
    ManageStaff,
    /// Delete records.
    Delete,
    /// Merge two member records into one.
    Merge,
}

impl Action {
    /// Every action, for tests and tables.
    pub const ALL: [Action; 5] = [
        Action::Restore,
        Action::ExportUnmasked,
        Action::ManageStaff,
        Action::Delete,
        Action::Merge,
    ];

    /// The code in a `forbidden` error's `action` param. These are the codes the UI phrased
    /// before this enum existed (`restore_database`, `export_unmasked`, `merge_members`), kept.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Restore => "restore_database",
            Action::ExportUnmasked => "export_unmasked",
            Action::ManageStaff => "manage_staff",
            Action::Delete => "delete",
            Action::Merge => "merge_members",
        }
    }

    /// The roles that may do it.
    pub fn allowed(self, role: Role) -> bool {
        match self {
            Action::Restore
            | Action::ExportUnmasked
            | Action::ManageStaff
            | Action::Delete
            | Action::Merge => role == Role::Admin,
        }
    }
}

/// Refuses with [`StaffError::Forbidden`] unless `actor` may do `action`: the one permission
/// check every door calls.
pub fn require(actor: &Staff, action: Action) -> Result<(), StaffError> {
    if actor.active && action.allowed(actor.role) {
        Ok(())
    } else {
        Err(StaffError::Forbidden { action })
    }
}

/// Shortest and longest PIN, in digits.
pub const PIN_DIGITS: std::ops::RangeInclusive<usize> = 4..=12;

/// Checks a new PIN: 4 to 12 ASCII digits (typed on any keyboard, and through the Chinese
/// input method, which would eat letters).
pub fn check_pin_format(pin: &str) -> Result<(), StaffError> {
    if PIN_DIGITS.contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(StaffError::InvalidPin)
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
    /// The profile is no longer active and cannot be chosen.
    #[error("{name} is no longer active")]
    Inactive {
        /// Its name.
        name: String,
    },
    /// The actor's role may not do this.
    #[error("only an admin may do this ({})", action.as_str())]
    Forbidden {
        /// What was refused.
        action: Action,
    },
    /// A new PIN is not 4 to 12 digits.
    #[error("a PIN is 4 to 12 digits")]
    InvalidPin,
    /// The PIN given does not match (which profile or which digit is not said).
    #[error("wrong PIN")]
    WrongPin,
    /// The profile has a PIN and none was given: ask for it.
    #[error("the PIN of {name} is needed")]
    PinRequired {
        /// The profile whose PIN is needed.
        name: String,
    },
    /// An admin profile without a PIN cannot be switched to: an admin sets its PIN first.
    #[error("{name} has no PIN yet; an admin must set one before anyone can switch to it")]
    PinRequiredToSet {
        /// The admin profile without a PIN.
        name: String,
    },
    /// Hashing failed (not the user's input).
    #[error("PIN hashing failed: {0}")]
    Hash(String),
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl DomainError for StaffError {
    fn kind(&self) -> ErrorKind {
        match self {
            StaffError::NotFound { .. } => ErrorKind::NotFound,
            StaffError::DuplicateName { .. }
            | StaffError::InvalidName { .. }
            | StaffError::Inactive { .. }
            | StaffError::InvalidPin => ErrorKind::InvalidInput,
            StaffError::Forbidden { .. } => ErrorKind::Forbidden,
            StaffError::WrongPin => ErrorKind::WrongPin,
            StaffError::PinRequired { .. } => ErrorKind::PinRequired,
            StaffError::PinRequiredToSet { .. } => ErrorKind::PinRequiredToSet,
            StaffError::Hash(_) | StaffError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            StaffError::NotFound { what } => json!({ "entity": "staff", "id": what }),
            StaffError::DuplicateName { name } => {
                json!({ "field": "name", "reason": "duplicate", "value": name })
            }
            StaffError::InvalidName { reason } => json!({ "field": "name", "reason": reason }),
            StaffError::Inactive { name } => {
                json!({ "field": "staff", "reason": "inactive", "name": name })
            }
            StaffError::Forbidden { action } => json!({ "action": action.as_str() }),
            StaffError::InvalidPin => json!({ "field": "pin", "reason": "pin_format" }),
            StaffError::PinRequired { name } | StaffError::PinRequiredToSet { name } => {
                json!({ "name": name })
            }
            StaffError::WrongPin | StaffError::Hash(_) | StaffError::Database(_) => json!({}),
        }
    }
}

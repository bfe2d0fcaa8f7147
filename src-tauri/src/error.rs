//! The one error shape every door of the shell hands out: `{kind, params, message}`.
//!
//! The UI phrases the sentence from `kind` and `params`; `message` is plain text for the CLI
//! and logs. Internal failures (SQL, IO) are logged in full where they are converted.

use alumni_core::DomainError;
use serde::Serialize;
use serde_json::{json, Value};

/// An error as the UI, the CLI's `--json` and the door server see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppError {
    /// Stable snake_case identifier, e.g. `newer_version`.
    pub kind: String,
    /// Values the UI needs to phrase the message.
    pub params: Value,
    /// Plain text in English for the CLI and logs.
    pub message: String,
}

impl AppError {
    /// An error of a given kind.
    pub fn new(kind: &str, params: Value, message: impl Into<String>) -> Self {
        AppError {
            kind: kind.to_owned(),
            params,
            message: message.into(),
        }
    }

    /// A failure of the machine, not of the user's input: logged in full.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        log::error!("internal error: {detail}");
        AppError::new("internal", json!({}), detail.to_string())
    }

    /// The action (a command name such as `restore_database`) needs an admin profile.
    pub fn forbidden(action: &str) -> Self {
        AppError::new(
            "forbidden",
            json!({ "action": action }),
            format!("only an admin may do this ({action})"),
        )
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AppError {}

/// Converts any domain error, logging internal ones in full.
pub fn from_domain<E: DomainError>(err: E) -> AppError {
    if err.is_internal() {
        AppError::internal(&err)
    } else {
        AppError::new(err.kind(), err.params(), err.to_string())
    }
}

macro_rules! domain_errors {
    ($($t:ty),* $(,)?) => {
        $(impl From<$t> for AppError {
            fn from(err: $t) -> Self {
                from_domain(err)
            }
        })*
    };
}

domain_errors!(
    alumni_core::storage::StorageError,
    alumni_core::staff::StaffError,
    alumni_core::settings::SettingsError,
    alumni_core::meetings::MeetingError,
    alumni_core::demo::DemoError,
    alumni_core::members::record::MemberError,
    alumni_core::members::export::ExportError,
    alumni_core::branches::BranchError,
    alumni_core::council::CouncilError,
    alumni_core::members::import::ImportError,
    alumni_core::documents::DocumentError,
    alumni_core::documents::meeting::MeetingDocumentError,
);

impl From<alumni_core::storage::SqlError> for AppError {
    fn from(err: alumni_core::storage::SqlError) -> Self {
        AppError::internal(err)
    }
}

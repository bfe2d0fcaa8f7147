//! What every area's error enum tells the shells: a stable `kind`, its `params`, and a message.
//!
//! The UI phrases the sentence from `kind` and `params` in the user's language; `Display` is
//! the plain text for the CLI and logs. SQL and IO failures are kind `internal`.

use serde_json::Value;

/// A domain error the shells can translate without knowing the area it came from.
pub trait DomainError: std::error::Error {
    /// Stable snake_case identifier the UI acts on, e.g. `newer_version`.
    fn kind(&self) -> &'static str;
    /// Values the UI needs to phrase the message, e.g. `{"found": 3, "supported": 1}`.
    fn params(&self) -> Value {
        Value::Object(Default::default())
    }
    /// True for failures of the machine (SQL, IO) rather than of the user's input.
    fn is_internal(&self) -> bool {
        self.kind() == "internal"
    }
}

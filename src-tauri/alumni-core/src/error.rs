//! The one error shape every door hands out — `{kind, params, message}` — and the one list of
//! kinds.
//!
//! Each area keeps its own `thiserror` enum with domain variants and implements
//! [`DomainError`]; the application layer ([`crate::desk`]) and the doors turn any of them into
//! an [`AppError`]. The UI phrases the sentence from `kind` and `params` in the user's language
//! (every [`ErrorKind`] has a sentence in `ui/i18n/zh-CN.js` and `en.js`, a test holds it);
//! `message` is plain English for the CLI and logs. Internal failures (SQL, IO) are logged in
//! full where they are converted and reach the user as kind `internal`.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// Declares [`ErrorKind`] with its snake_case names and the list of all kinds together, so a
/// new kind cannot be added without its name (and the i18n test then asks for its sentence).
macro_rules! error_kinds {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// What went wrong, as the UI acts on it; serialised snake_case (`not_found`). A new kind
        /// only when a door acts on it differently (DESIGN.md).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorKind {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant,)*];

            /// The snake_case name, as serialised.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $name,)*
                }
            }

            /// The kind of a snake_case name.
            pub fn parse(name: &str) -> Option<ErrorKind> {
                match name {
                    $($name => Some(ErrorKind::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

error_kinds! {
    /// A failure of the machine (SQL, IO), not of the user's input; logged in full.
    Internal = "internal",
    /// The record, file or job asked for does not exist (`{entity, id}`).
    NotFound = "not_found",
    /// A value the user gave is not acceptable (`{field, reason, value?}`).
    InvalidInput = "invalid_input",
    /// The acting staff profile may not do this (`{action}`).
    Forbidden = "forbidden",
    /// The user cancelled a long job; nothing was written.
    Cancelled = "cancelled",
    /// The file is not an Alumni Desk database (`{path}`); it was left untouched.
    NotADatabase = "not_a_database",
    /// Another program's SQLite database (`{path}`); left untouched.
    ForeignDatabase = "foreign_database",
    /// A database from a newer Alumni Desk (`{path, found, supported}`); left untouched.
    NewerVersion = "newer_version",
    /// Demo data only goes into an empty database.
    DemoNotEmpty = "demo_not_empty",
    /// The member exists already (`{field, existing_id}`).
    DuplicateMember = "duplicate_member",
    /// A spreadsheet could not be read (`{reason}`).
    UnreadableFile = "unreadable_file",
    /// The file is not a spreadsheet or CSV file.
    NotASpreadsheet = "not_a_spreadsheet",
    /// The file holds nothing.
    EmptyFile = "empty_file",
    /// No header row with known column names (`{rows_searched}`).
    NoHeader = "no_header",
    /// The column mapping cannot drive an import (`{problem, field}`).
    InvalidMapping = "invalid_mapping",
    /// The register changed between the dry run and the import; nothing was written.
    RecordsChanged = "records_changed",
    /// A file the user asked for could not be written (`{reason}`).
    CannotWriteFile = "cannot_write_file",
    /// A file could not be written (`{path}`); nothing half-written is left.
    WriteFailed = "write_failed",
    /// The font cannot print these characters (`{chars}`); nothing was printed.
    MissingGlyphs = "missing_glyphs",
    /// An image (the logo) cannot be used (`{reason}`).
    InvalidImage = "invalid_image",
    /// Nobody to print for this meeting.
    NoAttendees = "no_attendees",
    /// The machine has no print service.
    PrintUnavailable = "print_unavailable",
    /// The print service refused the job (`{reason}`).
    PrintFailed = "print_failed",
    /// The system viewer could not open the file (`{reason}`).
    OpenFailed = "open_failed",
    /// Acting as this admin needs its PIN (`{name}`).
    PinRequired = "pin_required",
    /// The PIN does not match.
    WrongPin = "wrong_pin",
    /// This admin has no PIN yet; an admin sets one first (`{name}`).
    PinRequiredToSet = "pin_required_to_set",
    /// An undo of someone who is not checked in (`{name}`).
    NotCheckedIn = "not_checked_in",
    /// A long write refused while check-in is open at a meeting's door (`{meeting}`).
    DoorOpen = "door_open",
}

/// Tests and tables compare a kind with its name: `assert_eq!(err.kind(), "not_found")`.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, name: &&str) -> bool {
        self.as_str() == *name
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A domain error the application layer and the doors can translate without knowing the area
/// it came from.
pub trait DomainError: std::error::Error {
    /// What the UI acts on, e.g. [`ErrorKind::NewerVersion`].
    fn kind(&self) -> ErrorKind;
    /// Values the UI needs to phrase the message, e.g. `{"found": 3, "supported": 1}`.
    fn params(&self) -> Value {
        Value::Object(Default::default())
    }
    /// True for failures of the machine (SQL, IO) rather than of the user's input.
    fn is_internal(&self) -> bool {
        self.kind() == ErrorKind::Internal
    }
}

/// An error as the UI, the CLI's `--json` and the door server see it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AppError {
    /// What went wrong, e.g. `newer_version`.
    pub kind: ErrorKind,
    /// Values the UI needs to phrase the message.
    pub params: Value,
    /// Plain text in English for the CLI and logs.
    pub message: String,
}

impl AppError {
    /// An error of a given kind.
    pub fn new(kind: ErrorKind, params: Value, message: impl Into<String>) -> Self {
        AppError {
            kind,
            params,
            message: message.into(),
        }
    }

    /// A failure of the machine, not of the user's input: logged in full.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        log::error!("internal error: {detail}");
        AppError::new(ErrorKind::Internal, json!({}), detail.to_string())
    }

    /// The action (a code such as `restore_database`) needs an admin profile.
    pub fn forbidden(action: &str) -> Self {
        AppError::new(
            ErrorKind::Forbidden,
            json!({ "action": action }),
            format!("only an admin may do this ({action})"),
        )
    }

    /// A value the user gave is not acceptable: `field` names it, `reason` is a code the UI
    /// phrases (`unknown`, `in_use` …).
    pub fn invalid(field: &str, reason: &str, message: impl Into<String>) -> Self {
        AppError::new(
            ErrorKind::InvalidInput,
            json!({ "field": field, "reason": reason }),
            message,
        )
    }

    /// The `entity` with this `id` does not exist.
    pub fn not_found(entity: &str, id: impl Serialize, message: impl Into<String>) -> Self {
        AppError::new(
            ErrorKind::NotFound,
            json!({ "entity": entity, "id": id }),
            message,
        )
    }

    /// The user cancelled; nothing was written.
    pub fn cancelled() -> Self {
        AppError::new(
            ErrorKind::Cancelled,
            json!({}),
            "cancelled; nothing was changed",
        )
    }

    /// A file could not be written at `path`.
    pub fn write_failed(path: &std::path::Path, detail: impl std::fmt::Display) -> Self {
        log::error!("cannot write {}: {detail}", path.display());
        AppError::new(
            ErrorKind::WriteFailed,
            json!({ "path": path }),
            format!("cannot write {}: {detail}", path.display()),
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
        return AppError::internal(&err);
    }
    AppError::new(err.kind(), err.params(), err.to_string())
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
    crate::storage::StorageError,
    crate::staff::StaffError,
    crate::settings::SettingsError,
    crate::meetings::MeetingError,
    crate::checkin::CheckinError,
    crate::elections::ElectionError,
    crate::motions::MotionError,
    crate::agenda::AgendaError,
    crate::seating::SeatingError,
    crate::motions::VoteError,
    crate::demo::DemoError,
    crate::members::record::MemberError,
    crate::members::export::ExportError,
    crate::branches::BranchError,
    crate::council::CouncilError,
    crate::members::import::ImportError,
    crate::documents::DocumentError,
    crate::documents::meeting::MeetingDocumentError,
);

impl From<rusqlite::Error> for AppError {
    fn from(err: rusqlite::Error) -> Self {
        // SQLite's interrupt is how a cancelled job's SQL stops: the user's cancel, not a fault.
        if let rusqlite::Error::SqliteFailure(e, _) = &err {
            if e.code == rusqlite::ErrorCode::OperationInterrupted {
                return AppError::cancelled();
            }
        }
        AppError::internal(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name_and_serde() {
        for kind in ErrorKind::ALL {
            assert_eq!(ErrorKind::parse(kind.as_str()), Some(*kind));
            assert_eq!(
                serde_json::to_value(kind).expect("json"),
                json!(kind.as_str())
            );
        }
    }

    #[test]
    fn an_interrupted_statement_is_a_cancel_not_an_internal_error() {
        let interrupted = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_INTERRUPT),
            None,
        );
        assert_eq!(AppError::from(interrupted).kind, ErrorKind::Cancelled);
    }
}

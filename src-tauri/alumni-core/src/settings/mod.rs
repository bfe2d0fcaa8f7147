//! The association's settings: its name, logo, default quorum and majority rules, backup folder.
//!
//! Stored as key/value rows so later versions add settings without a migration; a missing key
//! means the default.

mod store;

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::ErrorKind;
use crate::DomainError;

pub use store::{load, save};

/// How a motion or election passes by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MajorityRule {
    /// 过半数: more than half of the base.
    MoreThanHalf,
    /// 三分之二以上: at least two thirds of the base.
    TwoThirds,
}

impl MajorityRule {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MajorityRule::MoreThanHalf => "more_than_half",
            MajorityRule::TwoThirds => "two_thirds",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "more_than_half" => Some(MajorityRule::MoreThanHalf),
            "two_thirds" => Some(MajorityRule::TwoThirds),
            _ => None,
        }
    }
}

/// The association's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Printed on every document and shown in the title bar.
    pub association_name: String,
    /// An image file for documents, if any.
    pub logo_path: Option<String>,
    /// Quorum: present voting attendees ≥ numerator / denominator of those entitled.
    pub quorum_numerator: u32,
    /// See `quorum_numerator`.
    pub quorum_denominator: u32,
    /// Default rule for motions.
    pub majority: MajorityRule,
    /// Where the daily backups go; `None` for the data folder's `backups`.
    pub backup_dir: Option<String>,
    /// The IANA zone every time is shown and printed in (`Asia/Shanghai`), whatever the
    /// machine's clock zone is.
    #[serde(default = "default_zone")]
    pub time_zone: String,
}

fn default_zone() -> String {
    crate::timestamps::DEFAULT_ZONE.to_owned()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            association_name: "校友会".to_owned(),
            logo_path: None,
            quorum_numerator: 2,
            quorum_denominator: 3,
            majority: MajorityRule::MoreThanHalf,
            backup_dir: None,
            time_zone: default_zone(),
        }
    }
}

const MAX_NAME_CHARS: usize = 60;

impl Settings {
    /// Checks the values a person typed; the first problem found is returned.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let name = self.association_name.trim();
        if name.is_empty() {
            return Err(SettingsError::invalid("association_name", "empty"));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(SettingsError::invalid("association_name", "too_long"));
        }
        if self.quorum_denominator == 0
            || self.quorum_numerator == 0
            || self.quorum_numerator > self.quorum_denominator
            || self.quorum_denominator > 100
        {
            return Err(SettingsError::invalid("quorum", "not_a_fraction"));
        }
        if crate::timestamps::parse_zone(&self.time_zone).is_none() {
            return Err(SettingsError::invalid("time_zone", "unknown_zone"));
        }
        Ok(())
    }
}

/// Why settings could not be saved.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A value is out of range.
    #[error("invalid setting {field}: {reason}")]
    Invalid {
        /// Which setting.
        field: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// SQLite failed.
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),
}

impl SettingsError {
    fn invalid(field: &'static str, reason: &'static str) -> Self {
        SettingsError::Invalid { field, reason }
    }
}

impl DomainError for SettingsError {
    fn kind(&self) -> ErrorKind {
        match self {
            SettingsError::Invalid { .. } => ErrorKind::InvalidInput,
            SettingsError::Database(_) => ErrorKind::Internal,
        }
    }

    fn params(&self) -> serde_json::Value {
        match self {
            SettingsError::Invalid { field, reason } => {
                json!({ "field": field, "reason": reason })
            }
            SettingsError::Database(_) => json!({}),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{audit, staff, storage};

    #[test]
    fn defaults_then_saved_values_are_read_back_and_audited() {
        let mut conn = storage::open_in_memory().expect("db");
        assert_eq!(load(&conn).expect("load"), Settings::default());
        let admin = staff::default_actor(&conn, None).expect("admin");
        let wanted = Settings {
            association_name: "江城理工大学校友会".into(),
            quorum_numerator: 1,
            quorum_denominator: 2,
            majority: MajorityRule::TwoThirds,
            ..Settings::default()
        };
        let tx = conn.transaction().expect("tx");
        save(&tx, admin.id, &wanted).expect("save");
        tx.commit().expect("commit");
        assert_eq!(load(&conn).expect("load"), wanted);
        let log = audit::recent(&conn, &audit::Filter::default()).expect("log");
        assert_eq!(log[0].entity, "settings");
        assert_eq!(
            log[0].before.as_ref().expect("before")["association_name"],
            "校友会"
        );
    }

    #[test]
    fn bad_values_are_refused_with_the_field() {
        let cases = [
            (
                Settings {
                    association_name: " ".into(),
                    ..Settings::default()
                },
                "association_name",
            ),
            (
                Settings {
                    association_name: "校".repeat(61),
                    ..Settings::default()
                },
                "association_name",
            ),
            (
                Settings {
                    quorum_numerator: 3,
                    quorum_denominator: 2,
                    ..Settings::default()
                },
                "quorum",
            ),
            (
                Settings {
                    quorum_numerator: 0,
                    ..Settings::default()
                },
                "quorum",
            ),
            (
                Settings {
                    quorum_denominator: 0,
                    ..Settings::default()
                },
                "quorum",
            ),
        ];
        for (settings, field) in cases {
            match settings.validate() {
                Err(SettingsError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("expected invalid {field}, got {other:?}"),
            }
        }
        assert!(Settings::default().validate().is_ok());
    }
}

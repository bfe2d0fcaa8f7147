//! Settings in SQL: one row per key.

use rusqlite::{params, Connection, Transaction};

use super::{MajorityRule, Settings, SettingsError};
use crate::audit;
use crate::staff::StaffId;

/// The settings, defaults for whatever was never saved.
pub fn load(conn: &Connection) -> Result<Settings, SettingsError> {
    let mut settings = Settings::default();
    let mut stmt = conn.prepare("SELECT key, value FROM settings")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let value: String = row.get(1)?;
        // Unknown keys and unparsable values keep the default rather than failing the app.
        match key.as_str() {
            "association_name" => settings.association_name = value,
            "logo_path" => settings.logo_path = Some(value),
            "quorum_numerator" => {
                settings.quorum_numerator = value.parse().unwrap_or(settings.quorum_numerator)
            }
            "quorum_denominator" => {
                settings.quorum_denominator = value.parse().unwrap_or(settings.quorum_denominator)
            }
            "majority" => {
                settings.majority = MajorityRule::parse(&value).unwrap_or(settings.majority)
            }
            "backup_dir" => settings.backup_dir = Some(value),
            "time_zone" if crate::timestamps::parse_zone(&value).is_some() => {
                settings.time_zone = value
            }
            _ => {}
        }
    }
    Ok(settings)
}

/// Validates and saves all settings, recording before and after in the audit log; the time
/// zone applies to the process at once ([`crate::timestamps::set_zone`]).
pub fn save(tx: &Transaction, actor: StaffId, settings: &Settings) -> Result<(), SettingsError> {
    settings.validate()?;
    let before = load(tx)?;
    let pairs: [(&str, Option<String>); 7] = [
        (
            "association_name",
            Some(settings.association_name.trim().to_owned()),
        ),
        (
            "logo_path",
            settings.logo_path.clone().filter(|p| !p.is_empty()),
        ),
        (
            "quorum_numerator",
            Some(settings.quorum_numerator.to_string()),
        ),
        (
            "quorum_denominator",
            Some(settings.quorum_denominator.to_string()),
        ),
        ("majority", Some(settings.majority.as_str().to_owned())),
        (
            "backup_dir",
            settings.backup_dir.clone().filter(|p| !p.is_empty()),
        ),
        ("time_zone", Some(settings.time_zone.trim().to_owned())),
    ];
    for (key, value) in pairs {
        match value {
            Some(value) => tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )?,
            None => tx.execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
    }
    let after = load(tx)?;
    audit::record(
        tx,
        actor,
        audit::Change::new("update", "settings", None)
            .before(serde_json::to_value(before).ok())
            .after(serde_json::to_value(&after).ok()),
    )?;
    // The new zone applies at once (validated above, so it parses).
    if let Some(zone) = crate::timestamps::parse_zone(&after.time_zone) {
        crate::timestamps::set_zone(zone);
    }
    Ok(())
}

//! Time as stored (UTC text, `2026-12-19T01:00:00Z`) and as shown (RFC 3339 in the
//! association's time zone).
//!
//! The zone is the association's, not the machine's: a laptop on UTC must print 09:00 on the
//! sign-in sheet of a 09:00 meeting in Shanghai. It is one value for the process, set from the
//! settings when a database is opened and when they are saved ([`set_zone`]); until then, and
//! for a database that never saved one, [`DEFAULT_ZONE`].

use std::sync::RwLock;

use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;

/// The zone used until a database says otherwise (the seed association is in China).
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

static ZONE: RwLock<Tz> = RwLock::new(Tz::Asia__Shanghai);

/// Parses an IANA zone name (`Asia/Shanghai`, `Asia/Hong_Kong`, `UTC`).
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.trim().parse().ok()
}

/// Makes `zone` the zone every time is shown and printed in.
pub fn set_zone(zone: Tz) {
    // A poisoned lock only means a panic elsewhere while writing a Copy value: keep going.
    *ZONE.write().unwrap_or_else(|e| e.into_inner()) = zone;
}

/// The zone times are shown and printed in.
pub fn zone() -> Tz {
    *ZONE.read().unwrap_or_else(|e| e.into_inner())
}

/// Now, in the association's zone.
pub fn now_local() -> DateTime<Tz> {
    Utc::now().with_timezone(&zone())
}

/// The current time in the database's format.
pub fn now_text() -> String {
    to_text(Utc::now())
}

/// A UTC instant in the database's format: RFC 3339, whole seconds, `Z`.
pub fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses a stored time; `None` for text that is not RFC 3339.
pub fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A time as typed: RFC 3339 with an offset, or a wall-clock time without one
/// (`2026-12-19T09:00`, with or without seconds, `T` or a space), which is read in the
/// association's zone — a form's date-and-time field gives the latter. `None` for anything
/// else, and for a wall-clock time the zone skips (a daylight-saving gap).
pub fn parse_typed(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(at) = parse(text) {
        return Some(at);
    }
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
    .and_then(|naive| {
        use chrono::TimeZone;
        zone().from_local_datetime(&naive).earliest()
    })
    .map(|at| at.with_timezone(&Utc))
}

/// A stored time as RFC 3339 in the association's zone, for the CLI, the UI and documents.
/// Text that cannot be parsed is passed through unchanged rather than lost.
pub fn to_local_rfc3339(text: &str) -> String {
    match parse(text) {
        Some(at) => at
            .with_timezone(&zone())
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_keeps_the_instant() {
        let at = parse("2026-12-19T01:00:00Z").expect("valid");
        assert_eq!(to_text(at), "2026-12-19T01:00:00Z");
        let local = to_local_rfc3339("2026-12-19T01:00:00Z");
        assert_eq!(parse(&local), Some(at));
        assert_eq!(to_local_rfc3339("not a time"), "not a time");
    }

    #[test]
    fn times_are_shown_in_the_association_zone_whatever_the_machine_is_on() {
        // The process default is the association's (tests never change it).
        assert_eq!(zone(), Tz::Asia__Shanghai);
        assert_eq!(
            to_local_rfc3339("2026-12-19T01:00:00Z"),
            "2026-12-19T09:00:00+08:00"
        );
        assert_eq!(parse_zone(" Asia/Hong_Kong "), Some(Tz::Asia__Hong_Kong));
        assert_eq!(parse_zone("Mars/Olympus"), None);
        // A form's wall-clock time is the association's, not the machine's.
        assert_eq!(
            parse_typed("2026-12-19T09:00").map(to_text).as_deref(),
            Some("2026-12-19T01:00:00Z")
        );
        assert_eq!(
            parse_typed("2026-12-19T09:00:00+09:00")
                .map(to_text)
                .as_deref(),
            Some("2026-12-19T00:00:00Z")
        );
        assert_eq!(parse_typed("19/12/2026 09:00"), None);
    }
}

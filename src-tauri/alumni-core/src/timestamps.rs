//! Time as stored (UTC text, `2026-12-19T01:00:00Z`) and as shown (RFC 3339 with local offset).

use chrono::{DateTime, Local, SecondsFormat, Utc};

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

/// A stored time as RFC 3339 in this machine's local offset, for the CLI and the UI.
/// Text that cannot be parsed is passed through unchanged rather than lost.
pub fn to_local_rfc3339(text: &str) -> String {
    match parse(text) {
        Some(at) => at
            .with_timezone(&Local)
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
}

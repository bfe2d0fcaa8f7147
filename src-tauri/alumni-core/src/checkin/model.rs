//! Check-in types and the pure rules: what a scan asks, what the door answers, the counts the
//! chair watches, and the quorum (DESIGN.md "Check-in", "Meetings and votes on reports").

use chrono::{DateTime, Duration, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::meetings::{AttendeeId, Category, MeetingId};

/// Longest station name kept (a station names itself, e.g. `东门 2`).
pub const MAX_STATION_CHARS: usize = 40;

/// Longest event id accepted (a UUID is 36 characters).
pub const MAX_EVENT_ID_CHARS: usize = 64;

/// A scan the same station repeats within this many seconds is a double scan of one badge,
/// not a second admission, even when it was queued during an outage.
pub const DOUBLE_SCAN_SECS: i64 = 120;

/// How far a queued scan's own time may lie ahead of the host's clock (stations' clocks drift)
/// or behind it (a queue replayed the next morning) and still be taken as the arrival time;
/// outside that the host's time is used.
pub const QUEUED_CLOCK_AHEAD_SECS: i64 = 300;
/// See [`QUEUED_CLOCK_AHEAD_SECS`].
pub const QUEUED_CLOCK_BEHIND_SECS: i64 = 24 * 3600;

/// Who is to be checked in: what the scanner or a person typed, or the attendee picked from a
/// search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckinTarget {
    /// Text from the scanner or the keyboard: a badge token, maybe spaced or dashed.
    Code(String),
    /// An attendee picked from the door's search.
    Attendee(AttendeeId),
}

impl CheckinTarget {
    /// A door's request names a badge `token` (as scanned or typed) or an `attendee` picked
    /// from the search, never both: the target and the method that found it; `None` for
    /// both or neither.
    pub fn from_parts(token: Option<String>, attendee: Option<i64>) -> Option<(Self, Method)> {
        match (token, attendee) {
            (Some(token), None) => Some((CheckinTarget::Code(token), Method::Scan)),
            (None, Some(id)) => Some((CheckinTarget::Attendee(AttendeeId(id)), Method::Search)),
            _ => None,
        }
    }
}

/// How the attendee was found at the door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// A badge's QR code read by a scanner (or its digits typed).
    Scan,
    /// Picked from the door's search.
    Search,
    /// Added at the door.
    WalkIn,
    /// From the office's attendee list.
    Manual,
}

impl Method {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Scan => "scan",
            Method::Search => "search",
            Method::WalkIn => "walk_in",
            Method::Manual => "manual",
        }
    }
}

/// One check-in (or undo) as a station sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinRequest {
    /// The meeting at whose door the station stands.
    pub meeting: MeetingId,
    /// The badge or the person.
    pub target: CheckinTarget,
    /// The station's name, 1–[`MAX_STATION_CHARS`] characters.
    pub station: String,
    /// Chosen by the station, 1–[`MAX_EVENT_ID_CHARS`] of `A-Z a-z 0-9 - _ . :`; the same id
    /// sent again (a retry, a replayed queue) changes nothing and gets the first answer.
    pub event_id: String,
    /// How the attendee was found.
    pub method: Method,
    /// For a scan a station queued while the host was unreachable: when it scanned it (UTC).
    pub queued_at: Option<DateTime<Utc>>,
}

/// What a check-in came to (the CLI's `result`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckinResult {
    /// Now present.
    CheckedIn,
    /// Was present already: `at` and `station` say when and where.
    Already,
    /// Nobody to check in: `reason` says why.
    Unknown,
    /// An undo: absent again.
    Undone,
}

/// Why a code let nobody in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// Not 12 digits with a correct check digit: a misread or mistyped code.
    Malformed,
    /// A well-formed token no badge carries.
    NotFound,
    /// A badge replaced by a new one (lost and reissued): `badge_of` names whose it was.
    Revoked,
    /// The attendee was withdrawn from the list: `badge_of` names them.
    Withdrawn,
    /// A badge of another meeting (the morning's assembly at the afternoon's council):
    /// `other_meeting` names it.
    OtherMeeting,
}

/// What the door may show of an attendee — and all that leaves the office machine: no badge
/// token, no ID number, the phone masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DoorAttendee {
    /// Its id.
    pub id: AttendeeId,
    /// Name on the badge.
    pub name: String,
    /// Organisation on the badge.
    pub unit: Option<String>,
    /// Credential.
    pub category: Category,
    /// Delegation.
    pub group: Option<String>,
    /// Seat, display string.
    pub seat: Option<String>,
    /// Votes.
    pub voting: bool,
    /// The phone as printed, `138****5678`; `None` when unknown.
    pub phone_masked: Option<String>,
    /// Added at the door.
    pub walk_in: bool,
}

/// The holder of a badge that no longer opens the door.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BadgeHolder {
    /// The attendee.
    pub id: AttendeeId,
    /// Their name.
    pub name: String,
}

/// The door's answer to one check-in or undo (the CLI's `checkin --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckinOutcome {
    /// What it came to.
    pub result: CheckinResult,
    /// Who; `None` for [`CheckinResult::Unknown`].
    pub attendee: Option<DoorAttendee>,
    /// RFC 3339, local offset: when checked in (or undone); for `already`, when they were first
    /// checked in. `None` for `unknown`.
    pub at: Option<String>,
    /// The station of that event (for `already`, the one that admitted them).
    pub station: Option<String>,
    /// Why nobody was let in; `None` unless `unknown`.
    pub reason: Option<UnknownReason>,
    /// The request's event id.
    pub event_id: String,
    /// This event id had been answered before (a retry): this is that answer again, and
    /// nothing changed.
    pub replayed: bool,
    /// A scan queued during an outage, of someone already admitted elsewhere: kept for staff,
    /// not counted twice.
    pub conflict: bool,
    /// For `revoked` and `withdrawn`: whose badge it was.
    pub badge_of: Option<BadgeHolder>,
    /// For `other_meeting`: that meeting's title.
    pub other_meeting: Option<String>,
}

impl CheckinOutcome {
    /// An `unknown` answer.
    pub fn unknown(event_id: &str, reason: UnknownReason) -> CheckinOutcome {
        CheckinOutcome {
            result: CheckinResult::Unknown,
            attendee: None,
            at: None,
            station: None,
            reason: Some(reason),
            event_id: event_id.to_owned(),
            replayed: false,
            conflict: false,
            badge_of: None,
            other_meeting: None,
        }
    }
}

/// A walk-in as a door's form sends it (the window's and a station's alike).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WalkInForm {
    /// Name for the badge; required.
    pub name: String,
    /// Organisation.
    pub unit: Option<String>,
    /// Position.
    pub job_title: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Credential; a guest when not given.
    pub category: Option<Category>,
    /// Delegation.
    pub group: Option<String>,
}

impl WalkInForm {
    /// The walk-in this form asks for at `meeting`'s door.
    pub fn at(self, meeting: MeetingId, station: String, event_id: String) -> NewWalkIn {
        NewWalkIn {
            meeting,
            name: self.name,
            unit: self.unit,
            job_title: self.job_title,
            phone: self.phone,
            category: self.category.unwrap_or(Category::Guest),
            group: self.group,
            station,
            event_id,
        }
    }
}

/// A guest added and checked in at the door in one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWalkIn {
    /// The meeting.
    pub meeting: MeetingId,
    /// Name for the badge; required.
    pub name: String,
    /// Organisation.
    pub unit: Option<String>,
    /// Position.
    pub job_title: Option<String>,
    /// Phone (kept on the office machine; only its masked form reaches a door).
    pub phone: Option<String>,
    /// Credential; a walk-in is a guest unless staff say otherwise.
    pub category: Category,
    /// Delegation.
    pub group: Option<String>,
    /// The station adding them.
    pub station: String,
    /// As for [`CheckinRequest::event_id`]: a retried walk-in adds nobody twice.
    pub event_id: String,
}

/// The quorum of a meeting at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quorum {
    /// The fraction's numerator (the meeting's own, or the association's setting).
    pub numerator: u32,
    /// The fraction's denominator.
    pub denominator: u32,
    /// Voting attendees who must be present: ⌈entitled × numerator / denominator⌉
    /// (三分之二以上 includes two thirds itself).
    pub needed: u32,
    /// `voting_present ≥ needed` and someone is entitled.
    pub reached: bool,
    /// RFC 3339, local: when it was last reached; `None` while not reached.
    pub reached_at: Option<String>,
}

/// Present against expected for one credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryCount {
    /// The credential.
    pub category: Category,
    /// On the list.
    pub expected: u32,
    /// Checked in now.
    pub present: u32,
}

/// Present against expected for one delegation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCount {
    /// The delegation; `None` for attendees without one.
    pub group: Option<String>,
    /// On the list.
    pub expected: u32,
    /// Checked in now.
    pub present: u32,
    /// Voting attendees on the list.
    pub voting_expected: u32,
    /// Voting attendees checked in.
    pub voting_present: u32,
}

/// Arrivals in one slice of time, for the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArrivalSlice {
    /// Start of the slice, RFC 3339 local.
    pub from: String,
    /// `HH:MM` local, for the chart's axis.
    pub label: String,
    /// Attendees present now who arrived in it.
    pub arrived: u32,
    /// Present by the end of it.
    pub present: u32,
}

/// A station the host has heard from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StationCount {
    /// Its name.
    pub station: String,
    /// Check-ins it made (each attendee's first, undone ones included).
    pub check_ins: u32,
    /// Its latest event, RFC 3339 local.
    pub last_at: String,
}

/// A conflict kept for staff: someone admitted twice during an outage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Its id.
    pub id: i64,
    /// Who.
    pub attendee: DoorAttendee,
    /// The station that admitted them a second time.
    pub station: String,
    /// When that station scanned the badge (its clock), RFC 3339 local.
    pub scanned_at: String,
    /// The first admission: station and time.
    pub first_station: String,
    /// See `first_station`.
    pub first_at: String,
}

/// A meeting's attendance now (the CLI's `attendance --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendance {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// Its title.
    pub title: String,
    /// Attendees on the list (withdrawn ones left out).
    pub expected: u32,
    /// Checked in now.
    pub present: u32,
    /// Voting attendees on the list: those entitled.
    pub voting_expected: u32,
    /// Voting attendees checked in.
    pub voting_present: u32,
    /// The quorum.
    pub quorum: Quorum,
    /// By credential, in protocol order; every credential on the list.
    pub by_category: Vec<CategoryCount>,
    /// By delegation, in protocol order.
    pub by_group: Vec<GroupCount>,
    /// Arrivals over time, in slices of [`Attendance::slice_min`] minutes.
    pub arrivals: Vec<ArrivalSlice>,
    /// Minutes per arrival slice.
    pub slice_min: u32,
    /// Who is still missing, in protocol order.
    pub missing: Vec<DoorAttendee>,
    /// Stations heard from, busiest first.
    pub stations: Vec<StationCount>,
    /// Conflicts not yet resolved by staff.
    pub conflicts: Vec<Conflict>,
    /// When this was counted, RFC 3339 local.
    pub as_of: String,
}

/// A meeting's list counted: present against expected, by credential and delegation.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tally {
    /// Checked in now.
    pub present: u32,
    /// Voting attendees on the list.
    pub voting_expected: u32,
    /// Voting attendees checked in.
    pub voting_present: u32,
    /// By credential, in the list's order of first appearance.
    pub by_category: Vec<CategoryCount>,
    /// By delegation, in the list's order of first appearance.
    pub by_group: Vec<GroupCount>,
    /// Who is not checked in, in the list's order.
    pub missing: Vec<DoorAttendee>,
    /// When those present arrived.
    pub arrivals: Vec<DateTime<Utc>>,
}

/// Counts a meeting's list (in protocol order, each attendee with the time of their current
/// check-in, `None` when absent).
pub fn tally(list: &[(DoorAttendee, Option<DateTime<Utc>>)]) -> Tally {
    let mut counted = Tally::default();
    for (who, checked_in_at) in list {
        let here = u32::from(checked_in_at.is_some());
        let voting = u32::from(who.voting);
        counted.arrivals.extend(checked_in_at.iter().copied());
        counted.present += here;
        counted.voting_expected += voting;
        counted.voting_present += voting * here;
        match counted
            .by_category
            .iter_mut()
            .find(|c| c.category == who.category)
        {
            Some(c) => {
                c.expected += 1;
                c.present += here;
            }
            None => counted.by_category.push(CategoryCount {
                category: who.category,
                expected: 1,
                present: here,
            }),
        }
        let at = match counted.by_group.iter().position(|g| g.group == who.group) {
            Some(i) => i,
            None => {
                counted.by_group.push(GroupCount {
                    group: who.group.clone(),
                    expected: 0,
                    present: 0,
                    voting_expected: 0,
                    voting_present: 0,
                });
                counted.by_group.len() - 1
            }
        };
        let group = &mut counted.by_group[at];
        group.expected += 1;
        group.present += here;
        group.voting_expected += voting;
        group.voting_present += voting * here;
        if here == 0 {
            counted.missing.push(who.clone());
        }
    }
    counted
}

/// Voting attendees needed for a quorum of `numerator / denominator` of `entitled`:
/// ⌈entitled × numerator / denominator⌉, so that two thirds of 300 is 200 and of 301 is 201
/// (DESIGN.md: 三分之二以上 includes two thirds itself). A zero denominator is read as 1.
pub fn quorum_needed(entitled: u32, numerator: u32, denominator: u32) -> u32 {
    let den = u64::from(denominator.max(1));
    let product = u64::from(entitled) * u64::from(numerator);
    u32::try_from(product.div_ceil(den)).unwrap_or(u32::MAX)
}

/// One change of a voting attendee's presence, in the order the host recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresenceChange {
    /// Who.
    pub attendee: AttendeeId,
    /// Checked in (`true`) or undone.
    pub present: bool,
    /// When.
    pub at: DateTime<Utc>,
}

/// When the quorum was last reached, replaying the voting attendees' check-ins and undos in
/// the order they were recorded: the moment the count of present voting attendees last rose to
/// `needed`, or `None` if it is below now (or nobody is needed).
pub fn quorum_reached_at(changes: &[PresenceChange], needed: u32) -> Option<DateTime<Utc>> {
    if needed == 0 {
        return None;
    }
    let mut present = std::collections::HashSet::new();
    let mut reached_at = None;
    for change in changes {
        let was = present.len() as u32 >= needed;
        if change.present {
            present.insert(change.attendee);
        } else {
            present.remove(&change.attendee);
        }
        let is = present.len() as u32 >= needed;
        if is && !was {
            reached_at = Some(change.at);
        } else if !is {
            reached_at = None;
        }
    }
    reached_at
}

/// Minutes per slice so that the span of arrivals fits in at most 48 slices: 5, 10, 15, 30 or
/// 60, and 60 beyond two days.
pub fn slice_minutes(first: DateTime<Utc>, last: DateTime<Utc>) -> u32 {
    let span_min = (last - first).num_minutes().max(0);
    [5u32, 10, 15, 30, 60]
        .into_iter()
        .find(|m| span_min / i64::from(*m) < 48)
        .unwrap_or(60)
}

/// Arrival times (of those present now, unordered) as slices of `slice_min` minutes aligned to
/// the local clock, from the first arrival's slice to the last's, empty slices included.
pub fn arrival_slices(arrivals: &[DateTime<Utc>], slice_min: u32) -> Vec<ArrivalSlice> {
    let (Some(first), Some(last)) = (arrivals.iter().min(), arrivals.iter().max()) else {
        return Vec::new();
    };
    let slice = Duration::minutes(i64::from(slice_min.max(1)));
    let start = floor_to_slice(*first, slice_min);
    let count = ((*last - start).num_seconds() / slice.num_seconds()) as usize + 1;
    let mut arrived = vec![0u32; count];
    for at in arrivals {
        let index = ((*at - start).num_seconds() / slice.num_seconds()) as usize;
        arrived[index.min(count - 1)] += 1;
    }
    let mut present = 0;
    arrived
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            present += n;
            let from = (start + slice * i as i32).with_timezone(&crate::timestamps::zone());
            ArrivalSlice {
                from: from.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                label: from.format("%H:%M").to_string(),
                arrived: n,
                present,
            }
        })
        .collect()
}

/// The start of the local-clock slice of `slice_min` minutes that holds `at`.
fn floor_to_slice(at: DateTime<Utc>, slice_min: u32) -> DateTime<Utc> {
    let local = at.with_timezone(&crate::timestamps::zone());
    let minute = local.minute() - local.minute() % slice_min.clamp(1, 60);
    local
        .with_minute(minute)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or(at)
}

/// A new pairing secret for a door server: 26 random characters of `a-z` and `2-7` (130 bits),
/// carried in the pairing address a station opens and then in every request it sends.
pub fn pairing_secret() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut rng = rand::rng();
    (0..26)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A station name as kept: trimmed; `None` when empty or longer than [`MAX_STATION_CHARS`].
pub fn station_name(raw: &str) -> Option<String> {
    let name = raw.trim();
    let n = name.chars().count();
    (n > 0 && n <= MAX_STATION_CHARS && !name.chars().any(char::is_control))
        .then(|| name.to_owned())
}

/// Whether an event id is acceptable: 1–[`MAX_EVENT_ID_CHARS`] of `A-Z a-z 0-9 - _ . :`.
pub fn valid_event_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_EVENT_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

/// The arrival time of a check-in: the host's `now`, or for a queued scan its own time when
/// that is plausible (see [`QUEUED_CLOCK_AHEAD_SECS`]).
pub fn arrival_time(now: DateTime<Utc>, queued_at: Option<DateTime<Utc>>) -> DateTime<Utc> {
    match queued_at {
        Some(at)
            if at <= now + Duration::seconds(QUEUED_CLOCK_AHEAD_SECS)
                && at >= now - Duration::seconds(QUEUED_CLOCK_BEHIND_SECS) =>
        {
            at.min(now)
        }
        _ => now,
    }
}

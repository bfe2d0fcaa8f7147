//! Meeting and attendee types.

use serde::{Deserialize, Serialize};

use crate::checkin::BadgeToken;
use crate::council::TermId;
use crate::members::MemberId;

/// A meeting's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct MeetingId(pub i64);

/// An attendee's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AttendeeId(pub i64);

impl std::fmt::Display for AttendeeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The body that meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    /// 会员代表大会
    GeneralAssembly,
    /// 理事会
    Council,
    /// 常务理事会
    ExecutiveCouncil,
}

impl MeetingKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::GeneralAssembly => "general_assembly",
            MeetingKind::Council => "council",
            MeetingKind::ExecutiveCouncil => "executive_council",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "general_assembly" => Some(MeetingKind::GeneralAssembly),
            "council" => Some(MeetingKind::Council),
            "executive_council" => Some(MeetingKind::ExecutiveCouncil),
            _ => None,
        }
    }
}

/// An attendee's credential: what their badge lets them do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 出席: votes by default.
    Delegate,
    /// 列席
    Observer,
    /// 特邀嘉宾
    Guest,
    /// 工作人员
    Staff,
}

impl Category {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Delegate => "delegate",
            Category::Observer => "observer",
            Category::Guest => "guest",
            Category::Staff => "staff",
        }
    }

    /// Parses a stored value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "delegate" => Some(Category::Delegate),
            "observer" => Some(Category::Observer),
            "guest" => Some(Category::Guest),
            "staff" => Some(Category::Staff),
            _ => None,
        }
    }

    /// Whether this credential votes unless changed for one person.
    pub fn votes_by_default(self) -> bool {
        self == Category::Delegate
    }
}

/// A member to seat as a voter (`seat_voters`): the member, and the name and unit their badge
/// prints.
pub type Voter = (crate::members::MemberId, String, Option<String>);

/// A meeting to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    /// Full title, printed on every document.
    pub title: String,
    /// Which body meets.
    pub kind: MeetingKind,
    /// 扩大会议: non-members invited.
    pub expanded: bool,
    /// The council term it belongs to.
    pub term: Option<TermId>,
    /// Start, UTC text.
    pub starts_at: String,
    /// End, UTC text.
    pub ends_at: Option<String>,
    /// Where.
    pub venue: Option<String>,
}

/// What kind of motion is put to a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MotionKind {
    /// 工作报告 and other reports.
    Report,
    /// 决议
    Resolution,
    /// 章程修改: needs two thirds by default.
    Amendment,
}

impl MotionKind {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MotionKind::Report => "report",
            MotionKind::Resolution => "resolution",
            MotionKind::Amendment => "amendment",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "report" => Some(MotionKind::Report),
            "resolution" => Some(MotionKind::Resolution),
            "amendment" => Some(MotionKind::Amendment),
            _ => None,
        }
    }
}

/// An attendee to add: a member (with `member`) or a guest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttendee {
    /// The member, or `None` for a guest.
    pub member: Option<MemberId>,
    /// Name as printed on the badge.
    pub name: String,
    /// Organisation shown on the badge.
    pub unit: Option<String>,
    /// Position shown on table cards.
    pub job_title: Option<String>,
    /// Credential.
    pub category: Category,
    /// Delegation they come with.
    pub group: Option<String>,
    /// Protocol order of the group.
    pub group_order: u32,
    /// Protocol order within the group (officials by office), `None` for stroke order.
    pub protocol_order: Option<u32>,
    /// Votes; defaults from the category.
    pub voting: bool,
    /// Display string, e.g. `A区 3排 12座`.
    pub seat: Option<String>,
    /// The token printed as a QR code.
    pub badge_token: BadgeToken,
}

/// Where a meeting stands (会议状态).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingStatus {
    /// 筹备中: being prepared.
    Planning,
    /// 准备就绪: papers printed, ready to open.
    Ready,
    /// 进行中
    InSession,
    /// 已结束
    Closed,
}

impl MeetingStatus {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            MeetingStatus::Planning => "planning",
            MeetingStatus::Ready => "ready",
            MeetingStatus::InSession => "in_session",
            MeetingStatus::Closed => "closed",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "planning" => Some(MeetingStatus::Planning),
            "ready" => Some(MeetingStatus::Ready),
            "in_session" => Some(MeetingStatus::InSession),
            "closed" => Some(MeetingStatus::Closed),
            _ => None,
        }
    }
}

/// A meeting as the three doors create or change it; times are RFC 3339 with an offset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MeetingForm {
    /// Full title, printed on every document (1–80 characters).
    pub title: String,
    /// Which body meets.
    pub kind: MeetingKind,
    /// 扩大会议
    #[serde(default)]
    pub expanded: bool,
    /// The council term it belongs to.
    #[serde(default)]
    pub term: Option<TermId>,
    /// Start, RFC 3339 with an offset.
    pub starts_at: String,
    /// End, RFC 3339 with an offset.
    #[serde(default)]
    pub ends_at: Option<String>,
    /// Where.
    #[serde(default)]
    pub venue: Option<String>,
    /// Notes printed at the end of the packet (会议须知).
    #[serde(default)]
    pub notes: Option<String>,
    /// The meeting's own quorum fraction, `None` for the association's default.
    #[serde(default)]
    pub quorum: Option<(u32, u32)>,
}

/// A meeting with everything its workspace shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingDetail {
    /// As listed.
    #[serde(flatten)]
    pub summary: MeetingSummary,
    /// The council term.
    pub term_id: Option<TermId>,
    /// End, RFC 3339 in the association's zone.
    pub ends_at: Option<String>,
    /// Notes printed at the end of the packet.
    pub notes: Option<String>,
    /// The meeting's own quorum fraction (numerator, denominator), `None` for the default.
    pub quorum: Option<(u32, u32)>,
}

/// A meeting as listed (the CLI's `meetings --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingSummary {
    /// Its id.
    pub id: i64,
    /// Full title.
    pub title: String,
    /// Which body.
    pub kind: MeetingKind,
    /// 扩大会议
    pub expanded: bool,
    /// RFC 3339, local offset.
    pub starts_at: String,
    /// Where.
    pub venue: Option<String>,
    /// Invited attendees (withdrawn ones left out).
    pub attendees: u64,
    /// Where it stands.
    pub status: MeetingStatus,
}

/// An attendee as listed (the CLI's `attendees --json` shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeRow {
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
    /// Votes.
    pub voting: bool,
    /// Seat, display string.
    pub seat: Option<String>,
    /// Current badge token.
    pub badge_token: BadgeToken,
    /// When checked in, RFC 3339 local; `None` when absent (never came or undone).
    pub checked_in_at: Option<String>,
}

/// An attendee with everything printed about them: on a badge, a sign-in sheet or a table
/// card. Phone and ID numbers are not here: no meeting document prints them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
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
    /// Protocol order within the delegation, where set (officials by office).
    pub protocol_order: Option<u32>,
    /// Seat, display string.
    pub seat: Option<String>,
    /// Current badge token.
    pub badge_token: BadgeToken,
    /// Job title, as an invitation's salutation uses it ("校长").
    pub job_title: Option<String>,
}

/// A member on one meeting's list more than once (possible only in a database upgraded from
/// before the schema refused it): staff withdraw or remove all but one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicateInvitation {
    /// The meeting.
    pub meeting_id: MeetingId,
    /// The member invited more than once.
    pub member_id: MemberId,
    /// The name on the first of the invitations.
    pub name: String,
    /// Every attendee row of that member at that meeting, oldest first.
    pub attendee_ids: Vec<AttendeeId>,
}

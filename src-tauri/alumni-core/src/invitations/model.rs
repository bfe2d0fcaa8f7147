//! Invitation types.

use serde::{Deserialize, Serialize};

use crate::meetings::{AttendeeId, Category};
use crate::members::MemberId;

/// An invitation's answer (回执).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rsvp {
    /// No answer yet.
    Pending,
    /// 确认出席
    Accepted,
    /// 请假 / 不出席
    Declined,
}

impl Rsvp {
    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            Rsvp::Pending => "pending",
            Rsvp::Accepted => "accepted",
            Rsvp::Declined => "declined",
        }
    }

    /// Parses a stored or typed value.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "pending" => Some(Rsvp::Pending),
            "accepted" => Some(Rsvp::Accepted),
            "declined" => Some(Rsvp::Declined),
            _ => None,
        }
    }
}

/// A member about to be invited, with what their badge prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitee {
    /// The member.
    pub member: MemberId,
    /// Name as on record.
    pub name: String,
    /// Employer, printed on the badge as the unit.
    pub unit: Option<String>,
    /// Job title, for table cards and letters.
    pub job_title: Option<String>,
}

/// How a batch of members is put on the list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct InviteOptions {
    /// The credential; default 出席 (delegate).
    #[serde(default)]
    pub category: Option<Category>,
    /// The delegation; default the branch's name for a branch, else none.
    #[serde(default)]
    pub group: Option<String>,
}

/// A member already on the list, named so staff see who and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AlreadyInvited {
    /// The member (`None` for a guest already listed under the same name and unit).
    pub member_id: Option<MemberId>,
    /// The attendee row.
    pub attendee_id: AttendeeId,
    /// Their name.
    pub name: String,
    /// Their credential on the list.
    pub category: Category,
    /// Their delegation on the list.
    pub group: Option<String>,
}

/// A row of a file that was not invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// The row number the user sees in the spreadsheet.
    pub row: u32,
    /// Why, in words for staff (Chinese, as the import's reasons).
    pub reason: String,
}

/// What a batch did: `{added, already, rejected: [{row, reason}]}` plus who was already on the
/// list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct InviteReport {
    /// Attendees added.
    pub added: u32,
    /// Members already on the list (not added again).
    pub already: u32,
    /// Rows of a file that were not invited (empty for a term or branch).
    pub rejected: Vec<Rejected>,
    /// Who was already on the list, and as what.
    pub already_invited: Vec<AlreadyInvited>,
}

/// A guest (not a member) to put on the list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GuestForm {
    /// Name as printed on the badge.
    pub name: String,
    /// Organisation (单位).
    #[serde(default)]
    pub unit: Option<String>,
    /// Title (职务).
    #[serde(default)]
    pub job_title: Option<String>,
    /// Credential; default 特邀嘉宾 (guest).
    #[serde(default)]
    pub category: Option<Category>,
    /// Delegation.
    #[serde(default)]
    pub group: Option<String>,
    /// Protocol order within the delegation (officials by office).
    #[serde(default)]
    pub protocol_order: Option<u32>,
}

/// An attendee's fields staff change on the list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AttendeeChange {
    /// Credential.
    pub category: Category,
    /// Delegation.
    #[serde(default)]
    pub group: Option<String>,
    /// Votes.
    pub voting: bool,
    /// Organisation on the badge.
    #[serde(default)]
    pub unit: Option<String>,
    /// Title.
    #[serde(default)]
    pub job_title: Option<String>,
    /// Protocol order within the delegation.
    #[serde(default)]
    pub protocol_order: Option<u32>,
    /// The answer to the invitation.
    pub rsvp: Rsvp,
}

/// What staff edit on an attendee beyond the list row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttendeeExtras {
    /// The attendee.
    #[serde(skip)]
    pub id: AttendeeId,
    /// The member, `None` for a guest.
    pub member_id: Option<MemberId>,
    /// Title.
    pub job_title: Option<String>,
    /// Protocol order within the delegation.
    pub protocol_order: Option<u32>,
    /// The branch represented.
    pub branch_id: Option<i64>,
    /// The answer to the invitation.
    pub rsvp: Rsvp,
}

/// An attendee as the workspace's list shows and filters them: the list row, what staff edit,
/// and the keys the pinyin/initials filter matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListedAttendee {
    /// As `attendees --json` lists them.
    #[serde(flatten)]
    pub row: crate::meetings::AttendeeRow,
    /// Member, title, rank, branch, RSVP.
    #[serde(flatten)]
    pub extras: AttendeeExtras,
    /// Full pinyin of the name, lowercase without tones.
    pub pinyin: String,
    /// Pinyin initials of the name.
    pub initials: String,
}

/// One branch's delegates against its quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotaLine {
    /// The branch.
    pub branch_id: i64,
    /// Its name.
    pub branch: String,
    /// Delegates allotted (`None`: no quota set).
    pub quota: Option<u32>,
    /// Voting delegates on the list for it.
    pub delegates: u32,
    /// More delegates than the quota.
    pub over: bool,
}

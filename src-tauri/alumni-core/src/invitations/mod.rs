//! Building a meeting's list of attendees (邀请名单): members by council term, by branch, by a
//! list picked or a spreadsheet; guests by hand or from a spreadsheet; an attendee's
//! credential, delegation, vote and RSVP; a delegate substituted (代表替换); per-branch
//! delegate quotas.
//!
//! Invariants: a member is on a meeting's list at most once — a batch counts those already
//! there and names them, never adds them twice; a substitute takes over the vote and the
//! substituted delegate is withdrawn, in one transaction; an over-quota branch is a warning,
//! never a refusal (the office decides).

mod model;
mod store;

pub use model::{
    AlreadyInvited, AttendeeChange, AttendeeExtras, GuestForm, InviteOptions, InviteReport,
    Invitee, ListedAttendee, QuotaLine, Rejected, Rsvp,
};
pub use store::{
    attendee_extras, branch_exists, guest_on_list, invitees_by_ids, invitees_of_branch,
    invitees_of_term, meeting_of, on_list, quota_report, reinstate, set_attendee, set_branch,
    set_quota, substitute, withdraw,
};

//! Meeting preparation in the window: the meeting's particulars, status and readiness, its
//! agenda and reports, its motions and votes, and its list of attendees. Files (a report's
//! .txt/.docx or PDF, a guest or member list) come only from a dialog the user answered.

use alumni_core::agenda::{AgendaItem, AgendaItemId, AgendaItemSetup};
use alumni_core::council::TermId;
use alumni_core::desk::{CopyForm, ReadinessItem, ReportText};
use alumni_core::invitations::{
    AttendeeChange, GuestForm, InviteOptions, InviteReport, ListedAttendee, QuotaLine,
};
use alumni_core::meetings::{AttendeeId, MeetingDetail, MeetingForm, MeetingId, MeetingStatus};
use alumni_core::members::MemberId;
use alumni_core::motions::{Motion, MotionId, MotionSetup, NewVote};
use alumni_core::seating::{SeatRef, SeatingDone, SeatingPlan, Section, Unseated};
use tauri::State;

use super::with_desk;
use crate::app::AppState;
use crate::dialogs::FileQuestion;
use crate::error::AppError;

/// A meeting's particulars.
#[tauri::command]
pub async fn get_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<MeetingDetail, AppError> {
    with_desk(&state, move |desk| desk.meeting(MeetingId(meeting_id))).await
}

/// Creates a meeting.
#[tauri::command]
pub async fn create_meeting(
    state: State<'_, AppState>,
    form: MeetingForm,
) -> Result<MeetingDetail, AppError> {
    with_desk(&state, move |desk| desk.create_meeting(&form)).await
}

/// Changes a meeting's particulars.
#[tauri::command]
pub async fn update_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
    form: MeetingForm,
) -> Result<MeetingDetail, AppError> {
    with_desk(&state, move |desk| {
        desk.update_meeting(MeetingId(meeting_id), &form)
    })
    .await
}

/// Moves a meeting to another status.
#[tauri::command]
pub async fn set_meeting_status(
    state: State<'_, AppState>,
    meeting_id: i64,
    status: MeetingStatus,
) -> Result<MeetingDetail, AppError> {
    with_desk(&state, move |desk| {
        desk.set_meeting_status(MeetingId(meeting_id), status)
    })
    .await
}

/// A new meeting from a past one as a template.
#[tauri::command]
pub async fn copy_meeting(
    state: State<'_, AppState>,
    meeting_id: i64,
    form: CopyForm,
) -> Result<MeetingDetail, AppError> {
    with_desk(&state, move |desk| {
        desk.copy_meeting(MeetingId(meeting_id), &form)
    })
    .await
}

/// The readiness checklist.
#[tauri::command]
pub async fn meeting_readiness(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<ReadinessItem>, AppError> {
    with_desk(&state, move |desk| {
        desk.meeting_readiness(MeetingId(meeting_id))
    })
    .await
}

/// The agenda with planned starts.
#[tauri::command]
pub async fn list_agenda(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<AgendaItem>, AppError> {
    with_desk(&state, move |desk| desk.agenda(MeetingId(meeting_id))).await
}

/// Adds an agenda item at the end.
#[tauri::command]
pub async fn add_agenda_item(
    state: State<'_, AppState>,
    meeting_id: i64,
    setup: AgendaItemSetup,
) -> Result<AgendaItem, AppError> {
    with_desk(&state, move |desk| {
        desk.add_agenda_item(MeetingId(meeting_id), &setup)
    })
    .await
}

/// Changes an agenda item.
#[tauri::command]
pub async fn update_agenda_item(
    state: State<'_, AppState>,
    item_id: i64,
    setup: AgendaItemSetup,
) -> Result<AgendaItem, AppError> {
    with_desk(&state, move |desk| {
        desk.update_agenda_item(AgendaItemId(item_id), &setup)
    })
    .await
}

/// Puts the agenda in a new order (every item's id, once).
#[tauri::command]
pub async fn reorder_agenda(
    state: State<'_, AppState>,
    meeting_id: i64,
    item_ids: Vec<i64>,
) -> Result<Vec<AgendaItem>, AppError> {
    let ids: Vec<AgendaItemId> = item_ids.into_iter().map(AgendaItemId).collect();
    with_desk(&state, move |desk| {
        desk.reorder_agenda(MeetingId(meeting_id), &ids)
    })
    .await
}

/// Removes an agenda item; the rest as renumbered.
#[tauri::command]
pub async fn delete_agenda_item(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<Vec<AgendaItem>, AppError> {
    with_desk(&state, move |desk| {
        desk.delete_agenda_item(AgendaItemId(item_id))
    })
    .await
}

/// A report's text.
#[tauri::command]
pub async fn get_report_text(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<ReportText, AppError> {
    with_desk(&state, move |desk| desk.report_text(AgendaItemId(item_id))).await
}

/// Sets a report's text as typed or pasted (empty clears it).
#[tauri::command]
pub async fn set_report_text(
    state: State<'_, AppState>,
    item_id: i64,
    text: String,
) -> Result<ReportText, AppError> {
    with_desk(&state, move |desk| {
        desk.set_report_text(AgendaItemId(item_id), &text)
    })
    .await
}

/// Imports a report's text from a .txt or .docx the user picks; `None` when cancelled.
#[tauri::command]
pub async fn import_report_text(
    state: State<'_, AppState>,
    item_id: i64,
    title: String,
) -> Result<Option<ReportText>, AppError> {
    let question = FileQuestion::open(&title).filter("Word / 文本", &["docx", "txt"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |desk| {
        desk.import_report_text(AgendaItemId(item_id), &path)
    })
    .await
    .map(Some)
}

/// Attaches a report's PDF the user picks; `None` when cancelled.
#[tauri::command]
pub async fn attach_report_pdf(
    state: State<'_, AppState>,
    item_id: i64,
    title: String,
) -> Result<Option<AgendaItem>, AppError> {
    let question = FileQuestion::open(&title).filter("PDF", &["pdf"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |desk| {
        desk.attach_report_pdf(AgendaItemId(item_id), &path)
    })
    .await
    .map(Some)
}

/// Removes a report's attached PDF.
#[tauri::command]
pub async fn remove_report_pdf(
    state: State<'_, AppState>,
    item_id: i64,
) -> Result<AgendaItem, AppError> {
    with_desk(&state, move |desk| {
        desk.remove_report_pdf(AgendaItemId(item_id))
    })
    .await
}

/// A meeting's motions.
#[tauri::command]
pub async fn list_motions(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<Motion>, AppError> {
    with_desk(&state, move |desk| desk.motions(MeetingId(meeting_id))).await
}

/// Adds a motion.
#[tauri::command]
pub async fn create_motion(
    state: State<'_, AppState>,
    meeting_id: i64,
    setup: MotionSetup,
) -> Result<Motion, AppError> {
    with_desk(&state, move |desk| {
        desk.create_motion(MeetingId(meeting_id), &setup)
    })
    .await
}

/// Changes a motion.
#[tauri::command]
pub async fn update_motion(
    state: State<'_, AppState>,
    motion_id: i64,
    setup: MotionSetup,
) -> Result<Motion, AppError> {
    with_desk(&state, move |desk| {
        desk.update_motion(MotionId(motion_id), &setup)
    })
    .await
}

/// Removes a motion (admin).
#[tauri::command]
pub async fn delete_motion(state: State<'_, AppState>, motion_id: i64) -> Result<(), AppError> {
    with_desk(&state, move |desk| desk.delete_motion(MotionId(motion_id))).await
}

/// Records a vote, decided against the voting attendees present now.
#[tauri::command]
pub async fn record_vote(
    state: State<'_, AppState>,
    motion_id: i64,
    vote: NewVote,
) -> Result<Motion, AppError> {
    with_desk(&state, move |desk| {
        desk.record_vote(MotionId(motion_id), vote)
    })
    .await
}

/// Records that the meeting lacked a quorum for a motion.
#[tauri::command]
pub async fn record_no_quorum(
    state: State<'_, AppState>,
    motion_id: i64,
) -> Result<Motion, AppError> {
    with_desk(&state, move |desk| {
        desk.record_no_quorum(MotionId(motion_id))
    })
    .await
}

/// The attendee list with what staff edit and the filter's pinyin keys.
#[tauri::command]
pub async fn meeting_attendees(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<ListedAttendee>, AppError> {
    with_desk(&state, move |desk| {
        desk.meeting_attendees(MeetingId(meeting_id))
    })
    .await
}

/// Invites a council term's members.
#[tauri::command]
pub async fn invite_term(
    state: State<'_, AppState>,
    meeting_id: i64,
    term_id: i64,
    options: InviteOptions,
) -> Result<InviteReport, AppError> {
    with_desk(&state, move |desk| {
        desk.invite_term(MeetingId(meeting_id), TermId(term_id), &options)
    })
    .await
}

/// Invites a branch's members.
#[tauri::command]
pub async fn invite_branch(
    state: State<'_, AppState>,
    meeting_id: i64,
    branch_id: i64,
    options: InviteOptions,
) -> Result<InviteReport, AppError> {
    with_desk(&state, move |desk| {
        desk.invite_branch(MeetingId(meeting_id), branch_id, &options)
    })
    .await
}

/// Invites members picked in the window.
#[tauri::command]
pub async fn invite_members(
    state: State<'_, AppState>,
    meeting_id: i64,
    member_ids: Vec<i64>,
    options: InviteOptions,
) -> Result<InviteReport, AppError> {
    let ids: Vec<MemberId> = member_ids.into_iter().map(MemberId).collect();
    with_desk(&state, move |desk| {
        desk.invite_members(MeetingId(meeting_id), &ids, &options)
    })
    .await
}

/// Invites the members or adds the guests of a spreadsheet the user picks (`guests` picks
/// which); `None` when cancelled.
#[tauri::command]
pub async fn invite_from_file(
    state: State<'_, AppState>,
    meeting_id: i64,
    guests: bool,
    options: InviteOptions,
    title: String,
) -> Result<Option<InviteReport>, AppError> {
    let question = FileQuestion::open(&title).filter("Excel / CSV", &["xlsx", "xls", "csv"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |desk| {
        if guests {
            desk.import_guests(MeetingId(meeting_id), &path, &options)
        } else {
            desk.invite_from_file(MeetingId(meeting_id), &path, &options)
        }
    })
    .await
    .map(Some)
}

/// Adds a guest by hand.
#[tauri::command]
pub async fn add_guest(
    state: State<'_, AppState>,
    meeting_id: i64,
    guest: GuestForm,
) -> Result<i64, AppError> {
    with_desk(&state, move |desk| {
        desk.add_guest(MeetingId(meeting_id), &guest).map(|id| id.0)
    })
    .await
}

/// Changes an attendee's credential, delegation, vote, unit, title, rank and RSVP.
#[tauri::command]
pub async fn update_attendee(
    state: State<'_, AppState>,
    attendee_id: i64,
    change: AttendeeChange,
) -> Result<(), AppError> {
    with_desk(&state, move |desk| {
        desk.update_attendee(AttendeeId(attendee_id), &change)
    })
    .await
}

/// Takes an attendee off the list.
#[tauri::command]
pub async fn withdraw_attendee(
    state: State<'_, AppState>,
    attendee_id: i64,
) -> Result<(), AppError> {
    with_desk(&state, move |desk| {
        desk.withdraw_attendee(AttendeeId(attendee_id))
    })
    .await
}

/// 代表替换: a member or a guest takes over a delegate's vote and seat.
#[tauri::command]
pub async fn substitute_delegate(
    state: State<'_, AppState>,
    attendee_id: i64,
    member_id: Option<i64>,
    guest: Option<GuestForm>,
) -> Result<i64, AppError> {
    with_desk(&state, move |desk| {
        desk.substitute_delegate(
            AttendeeId(attendee_id),
            member_id.map(MemberId),
            guest.as_ref(),
        )
        .map(|id| id.0)
    })
    .await
}

/// Each branch's delegates against its quota.
#[tauri::command]
pub async fn list_quotas(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<QuotaLine>, AppError> {
    with_desk(&state, move |desk| desk.quotas(MeetingId(meeting_id))).await
}

/// Sets or removes a branch's delegate quota.
#[tauri::command]
pub async fn set_quota(
    state: State<'_, AppState>,
    meeting_id: i64,
    branch_id: i64,
    quota: Option<u32>,
) -> Result<Vec<QuotaLine>, AppError> {
    with_desk(&state, move |desk| {
        desk.set_quota(MeetingId(meeting_id), branch_id, quota)
    })
    .await
}

/// The hall and who sits where.
#[tauri::command]
pub async fn seating_plan(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<SeatingPlan, AppError> {
    with_desk(&state, move |desk| desk.seating_plan(MeetingId(meeting_id))).await
}

/// Sets the hall's sections (front row first); who lost a seat the hall no longer has.
#[tauri::command]
pub async fn set_hall(
    state: State<'_, AppState>,
    meeting_id: i64,
    sections: Vec<Section>,
) -> Result<Vec<Unseated>, AppError> {
    with_desk(&state, move |desk| {
        desk.set_hall(MeetingId(meeting_id), &sections)
    })
    .await
}

/// Seats everyone in protocol order and surname stroke order.
#[tauri::command]
pub async fn auto_seat(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<SeatingDone, AppError> {
    with_desk(&state, move |desk| desk.auto_seat(MeetingId(meeting_id))).await
}

/// Puts one attendee in a seat, or takes them out of theirs (`seat: null`).
#[tauri::command]
pub async fn assign_seat(
    state: State<'_, AppState>,
    attendee_id: i64,
    seat: Option<SeatRef>,
) -> Result<Option<SeatRef>, AppError> {
    with_desk(&state, move |desk| {
        desk.assign_seat(AttendeeId(attendee_id), seat)
    })
    .await
}

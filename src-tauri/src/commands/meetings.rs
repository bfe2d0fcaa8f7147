//! Meetings and their attendees.

use alumni_core::meetings::{self, AttendeeRow, MeetingId, MeetingSummary};
use tauri::State;

use super::read;
use crate::app::AppState;
use crate::error::AppError;

/// Every meeting, soonest first.
#[tauri::command]
pub async fn list_meetings(state: State<'_, AppState>) -> Result<Vec<MeetingSummary>, AppError> {
    read(&state, |conn| Ok(meetings::list(conn)?)).await
}

/// A meeting's attendees in protocol order.
#[tauri::command]
pub async fn list_attendees(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<AttendeeRow>, AppError> {
    read(&state, move |conn| {
        Ok(meetings::attendees(conn, MeetingId(meeting_id))?)
    })
    .await
}

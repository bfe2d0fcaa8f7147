//! The door in the window: check-in, undo, walk-in, the door's search and the live counts;
//! the window's own door session (so long office writes wait while its door screen is open);
//! and the LAN door server, started and stopped from the meeting's check-in page.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use alumni_core::checkin::search::DoorHit;
use alumni_core::checkin::{
    Attendance, CheckinOutcome, CheckinRequest, CheckinTarget, Method, WalkInForm,
};
use alumni_core::documents::qr;
use alumni_core::meetings::MeetingId;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use super::{desk_of, with_desk};
use crate::app::AppState;
use crate::door::{self, StationSeen, UiAssets};
use crate::error::AppError;

/// The event the window hears of every change at a door of the open register.
pub const DOOR_EVENT: &str = "door-event";

/// The port the door server listens on unless the window asks for another.
pub const DEFAULT_PORT: u16 = 8765;

/// Checks in (or, with `undo`, undoes) by badge (`token`, as scanned or typed) or by
/// `attendee_id` from the search; answered once the check-in is on disk.
#[tauri::command]
#[allow(clippy::too_many_arguments)] // The window's arguments, one per IPC key.
pub async fn door_checkin(
    state: State<'_, AppState>,
    meeting_id: i64,
    token: Option<String>,
    attendee_id: Option<i64>,
    station: String,
    event_id: String,
    undo: Option<bool>,
) -> Result<CheckinOutcome, AppError> {
    let (target, method) = CheckinTarget::from_parts(token, attendee_id).ok_or_else(|| {
        AppError::invalid(
            "token",
            "token_or_attendee_id",
            "give either a badge token or an attendee id",
        )
    })?;
    let undo = undo.unwrap_or(false);
    let request = CheckinRequest {
        meeting: MeetingId(meeting_id),
        target,
        station,
        event_id,
        // An undo is staff correcting the list, however the person was found.
        method: if undo { Method::Manual } else { method },
        queued_at: None,
    };
    with_desk(&state, move |desk| desk.check_in(request, undo)).await
}

/// Adds a guest at the door and checks them in.
#[tauri::command]
pub async fn door_walk_in(
    state: State<'_, AppState>,
    meeting_id: i64,
    walk_in: WalkInForm,
    station: String,
    event_id: String,
) -> Result<CheckinOutcome, AppError> {
    let walk_in = walk_in.at(MeetingId(meeting_id), station, event_id);
    with_desk(&state, move |desk| desk.walk_in(walk_in)).await
}

/// The door's search over the meeting's list.
#[tauri::command]
pub async fn door_search(
    state: State<'_, AppState>,
    meeting_id: i64,
    query: String,
    limit: Option<usize>,
) -> Result<Vec<DoorHit>, AppError> {
    with_desk(&state, move |desk| {
        desk.door_search(MeetingId(meeting_id), &query, limit.unwrap_or(20))
    })
    .await
}

/// The meeting's attendance now.
#[tauri::command]
pub async fn get_attendance(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Attendance, AppError> {
    with_desk(&state, move |desk| desk.attendance(MeetingId(meeting_id))).await
}

/// Marks a conflict as looked at.
#[tauri::command]
pub async fn resolve_conflict(state: State<'_, AppState>, id: i64) -> Result<(), AppError> {
    with_desk(&state, move |desk| desk.resolve_conflict(id)).await
}

/// The window's door screen opened: its door counts as open (long writes wait), and the
/// window hears of every change at the door (`door-event`) until [`door_window_close`].
/// Returns the door's id for the heartbeat and the close.
#[tauri::command]
pub async fn door_window_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<i64, AppError> {
    let desk = desk_of(&state)?;
    let listening = Arc::new(AtomicBool::new(true));
    {
        let listening = listening.clone();
        desk.on_door_event(Box::new(move |event| {
            let still = listening.load(Ordering::Relaxed);
            if still {
                if let Err(e) = app.emit(DOOR_EVENT, event) {
                    log::warn!("door event not delivered: {e}");
                }
            }
            still
        }));
    }
    let door = with_desk(&state, move |desk| {
        desk.open_door(MeetingId(meeting_id), "window")
    })
    .await?;
    state
        .door_listeners
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(door, listening);
    Ok(door)
}

/// The window's door screen is still open.
#[tauri::command]
pub async fn door_window_heartbeat(
    state: State<'_, AppState>,
    door_id: i64,
) -> Result<(), AppError> {
    with_desk(&state, move |desk| desk.door_still_open(door_id)).await
}

/// The window's door screen closed.
#[tauri::command]
pub async fn door_window_close(state: State<'_, AppState>, door_id: i64) -> Result<(), AppError> {
    if let Some(listening) = state
        .door_listeners
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .remove(&door_id)
    {
        listening.store(false, Ordering::Relaxed);
    }
    with_desk(&state, move |desk| desk.close_door(door_id)).await
}

/// The door server as the window shows it.
#[derive(Debug, Serialize)]
pub struct DoorServerStatus {
    running: bool,
    meeting_id: Option<i64>,
    /// The pairing address (with the secret): for the staff who set up the stations.
    url: Option<String>,
    /// The pairing address as a QR code, an SVG image.
    qr_svg: Option<String>,
    stations: Vec<StationSeen>,
}

async fn status_of(state: &AppState) -> Result<DoorServerStatus, AppError> {
    let running = state.door_server.lock().await;
    Ok(match running.as_ref() {
        None => DoorServerStatus {
            running: false,
            meeting_id: None,
            url: None,
            qr_svg: None,
            stations: Vec::new(),
        },
        Some(door) => DoorServerStatus {
            running: true,
            meeting_id: Some(door.meeting.0),
            qr_svg: Some(qr::svg(&door.url, 220)?),
            url: Some(door.url.clone()),
            stations: door.stations(),
        },
    })
}

/// Starts the door server for a meeting on all interfaces (`port`, default 8765); a server
/// already running for another meeting is stopped first.
#[tauri::command]
pub async fn door_server_start(
    state: State<'_, AppState>,
    meeting_id: i64,
    port: Option<u16>,
) -> Result<DoorServerStatus, AppError> {
    let desk = desk_of(&state)?;
    {
        let mut running = state.door_server.lock().await;
        if let Some(old) = running.take() {
            old.stop().await;
        }
        let bind = SocketAddr::from((Ipv4Addr::UNSPECIFIED, port.unwrap_or(DEFAULT_PORT)));
        let assets = tauri::async_runtime::spawn_blocking(UiAssets::embedded)
            .await
            .map_err(AppError::internal)?;
        *running = Some(door::start(desk, MeetingId(meeting_id), bind, None, assets).await?);
    }
    status_of(&state).await
}

/// Stops the door server, if running.
#[tauri::command]
pub async fn door_server_stop(state: State<'_, AppState>) -> Result<DoorServerStatus, AppError> {
    if let Some(door) = state.door_server.lock().await.take() {
        door.stop().await;
    }
    status_of(&state).await
}

/// Whether the door server runs, its pairing address and the stations it has heard from.
#[tauri::command]
pub async fn door_server_status(state: State<'_, AppState>) -> Result<DoorServerStatus, AppError> {
    status_of(&state).await
}

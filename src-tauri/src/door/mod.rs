//! The LAN door server (axum on tokio), off by default: the office workstation serves one
//! meeting's door to the stations — laptops with a USB scanner, in an ordinary browser — from
//! the same `ui/` as the window, and answers their check-ins through the core's use cases.
//!
//! Invariants: every `/api/` request must carry the pairing secret (`Authorization: Bearer`),
//! checked before its body is read; without it nothing is read or changed (401). Only what a
//! door needs (`checkin::DoorAttendee`: name, unit, credential, delegation, seat, masked phone)
//! leaves the host. While the server runs the meeting's door is open (`door_sessions`), so long
//! office writes are refused rather than stall the door. Stopping it (SIGTERM, or the window's
//! stop) closes the event streams, then the door.

mod api;
mod assets;

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use alumni_core::checkin;
use alumni_core::desk::Desk;
use alumni_core::meetings::MeetingId;
use serde::Serialize;
use tokio::sync::{broadcast, watch};

use crate::error::AppError;

pub use assets::UiAssets;

/// How often the server tells the database its door is still open (well inside
/// `checkin::DOOR_SILENCE_SECS`).
const HEARTBEAT: Duration = Duration::from_secs(20);

/// A station the host has heard from.
#[derive(Debug, Clone, Serialize)]
pub struct StationSeen {
    /// The name it gives itself.
    pub station: String,
    /// Its last request, RFC 3339 local.
    pub last_contact: String,
    /// Requests it made.
    pub requests: u64,
    /// Check-ins it made that admitted someone.
    pub check_ins: u64,
}

/// What every request handler shares.
pub(crate) struct Door {
    desk: Arc<Desk>,
    meeting: MeetingId,
    secret: String,
    stations: Mutex<HashMap<String, StationSeen>>,
    events: broadcast::Sender<String>,
    shutdown: watch::Receiver<bool>,
    assets: UiAssets,
}

impl Door {
    /// Notes a request from `station` (and whether it admitted someone).
    fn seen(&self, station: &str, admitted: bool) {
        let Some(name) = checkin::station_name(station) else {
            return;
        };
        let mut stations = self.stations.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = stations.entry(name.clone()).or_insert_with(|| StationSeen {
            station: name,
            last_contact: String::new(),
            requests: 0,
            check_ins: 0,
        });
        entry.last_contact = alumni_core::timestamps::now_local()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        entry.requests += 1;
        entry.check_ins += u64::from(admitted);
    }

    fn stations(&self) -> Vec<StationSeen> {
        let mut list: Vec<StationSeen> = self
            .stations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .cloned()
            .collect();
        list.sort_by(|a, b| a.station.cmp(&b.station));
        list
    }
}

/// A running door server, as its starter holds it.
pub struct RunningDoor {
    /// The pairing address: the station page, with the secret in the fragment (never sent to
    /// the server in a request line, so never in a log).
    pub url: String,
    /// The meeting served.
    pub meeting: MeetingId,
    /// The address bound.
    pub bound: SocketAddr,
    door: Arc<Door>,
    stop: watch::Sender<bool>,
    finished: tokio::task::JoinHandle<()>,
}

impl RunningDoor {
    /// The stations heard from so far.
    pub fn stations(&self) -> Vec<StationSeen> {
        self.door.stations()
    }

    /// Stops the server: event streams end, the listener closes, the door is recorded closed.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let _ = self.finished.await;
    }
}

/// Starts the door server for `meeting` on `bind` (e.g. `0.0.0.0:8765`; port 0 picks one),
/// with `secret` or a new one. Errors: `not_found` (meeting), `invalid_input` (a secret shorter
/// than 16 characters), `internal` when the address cannot be bound.
pub async fn start(
    desk: Arc<Desk>,
    meeting: MeetingId,
    bind: SocketAddr,
    secret: Option<String>,
    assets: UiAssets,
) -> Result<RunningDoor, AppError> {
    let secret = match secret {
        Some(s) if s.trim().len() >= 16 && s.trim().is_ascii() => s.trim().to_owned(),
        Some(_) => {
            return Err(AppError::new(
                crate::error::ErrorKind::InvalidInput,
                serde_json::json!({ "field": "secret", "reason": "too_short" }),
                "the pairing secret must be at least 16 ASCII characters",
            ))
        }
        None => checkin::pairing_secret(),
    };
    let session = {
        let desk = desk.clone();
        tokio::task::spawn_blocking(move || desk.open_door(meeting, "server"))
            .await
            .map_err(AppError::internal)??
    };
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| AppError::internal(format!("cannot listen on {bind}: {e}")))?;
    let bound = listener.local_addr().map_err(AppError::internal)?;
    let (events, _) = broadcast::channel(1024);
    let (stop, shutdown) = watch::channel(false);
    {
        let events = events.clone();
        desk.on_door_event(Box::new(move |event| {
            if event.meeting_id != meeting {
                return true;
            }
            match serde_json::to_string(event) {
                // No receiver now is fine; a dropped sender (server gone) ends the listener.
                Ok(json) => events.send(json).is_ok() || events.receiver_count() == 0,
                Err(_) => true,
            }
        }));
    }
    let door = Arc::new(Door {
        desk: desk.clone(),
        meeting,
        secret: secret.clone(),
        stations: Mutex::new(HashMap::new()),
        events,
        shutdown: shutdown.clone(),
        assets,
    });
    let router = api::router(door.clone());
    let url = pairing_url(bound, &secret, meeting);
    let finished = tokio::spawn(run(listener, router, desk, session, shutdown));
    Ok(RunningDoor {
        url,
        meeting,
        bound,
        door,
        stop,
        finished,
    })
}

async fn run(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    desk: Arc<Desk>,
    session: i64,
    mut shutdown: watch::Receiver<bool>,
) {
    let heartbeat = {
        let desk = desk.clone();
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(HEARTBEAT) => {}
                    _ = shutdown.changed() => break,
                }
                let desk = desk.clone();
                let touched =
                    tokio::task::spawn_blocking(move || desk.door_still_open(session)).await;
                if let Ok(Err(e)) = touched {
                    log::warn!("door heartbeat failed: {}", e.message);
                }
            }
        })
    };
    let stopping = async move {
        while !*shutdown.borrow() {
            if shutdown.changed().await.is_err() {
                break;
            }
        }
    };
    if let Err(e) = axum::serve(listener, router)
        .with_graceful_shutdown(stopping)
        .await
    {
        log::error!("door server failed: {e}");
    }
    heartbeat.abort();
    let closed = tokio::task::spawn_blocking(move || desk.close_door(session)).await;
    if let Ok(Err(e)) = closed {
        log::warn!("closing the door failed: {}", e.message);
    }
}

/// The address stations open: the host's LAN address when bound to all interfaces, the page
/// `door.html`, and the secret and meeting in the fragment.
fn pairing_url(bound: SocketAddr, secret: &str, meeting: MeetingId) -> String {
    let host = if bound.ip().is_unspecified() {
        lan_address().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST))
    } else {
        bound.ip()
    };
    let host = match host {
        IpAddr::V6(v6) => format!("[{v6}]"),
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!(
        "http://{host}:{}/door.html#key={secret}&meeting={}",
        bound.port(),
        meeting.0
    )
}

/// The address this machine would use to reach the LAN, found by routing (a UDP socket
/// "connected" to a private address sends nothing); `None` without a route.
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(10, 255, 255, 255), 9)).ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_unspecified()).then_some(ip)
}

/// `alumni-desk serve`: runs the door server until SIGTERM or Ctrl-C. Prints the pairing
/// address as the first line of stdout (and a QR code of it is shown by the window, not here).
pub fn serve_until_stopped(
    desk: Desk,
    meeting: MeetingId,
    bind: SocketAddr,
    secret: Option<String>,
) -> Result<(), AppError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(AppError::internal)?;
    runtime.block_on(async move {
        let running = start(Arc::new(desk), meeting, bind, secret, UiAssets::embedded()).await?;
        {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // Scripts read this line to pair their stations: it must arrive at once.
            let _ = writeln!(out, "{}", running.url);
            let _ = out.flush();
        }
        eprintln!(
            "alumni-desk: serving the door of meeting {} on {}; stop with Ctrl-C",
            meeting.0, running.bound
        );
        stopped_by_signal().await;
        running.stop().await;
        Ok(())
    })
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C; on Windows, Ctrl-C or Ctrl-Break).
async fn stopped_by_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

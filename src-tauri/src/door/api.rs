//! The door server's routes: the station page's files (no secret needed: code, no data) and
//! the `/api/` a station calls, every request of which carries the pairing secret. Bodies are
//! JSON; errors are `{"error": {kind, params, message}}` with a status that says who is at
//! fault (400 malformed, 401 no or wrong secret, 404, 409, 500).

use std::convert::Infallible;
use std::sync::Arc;

use alumni_core::checkin::{CheckinRequest, CheckinTarget, Method, WalkInForm};
use alumni_core::meetings::{self, AttendeeId};
use axum::body::Body;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, Stream};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::broadcast::error::RecvError;

use super::Door;
use crate::error::{AppError, ErrorKind};

/// The page's Content-Security-Policy: only the host's own scripts, styles and API.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
                   frame-ancestors 'none'";

type Shared = State<Arc<Door>>;

/// Every route of the door server.
pub(super) fn router(door: Arc<Door>) -> Router {
    let api = Router::new()
        .route("/checkin", post(checkin))
        .route("/undo", post(undo))
        .route("/walk-in", post(walk_in))
        .route("/walk-in/{id}/badge", get(walk_in_badge))
        .route("/search", get(search))
        .route("/attendance", get(attendance))
        .route("/events", get(events))
        .route("/meeting", get(meeting))
        .route("/stations", get(stations))
        .fallback(|| async { failure(StatusCode::NOT_FOUND, not_found("route")) })
        .route_layer(middleware::from_fn_with_state(door.clone(), require_secret));
    Router::new()
        .nest("/api", api)
        .route("/", get(|| async { redirect_to_page() }))
        .fallback(get(page_file))
        .with_state(door)
}

fn redirect_to_page() -> Response {
    (StatusCode::FOUND, [(header::LOCATION, "/door.html")]).into_response()
}

/// Refuses any `/api/` request without the secret, before its body is read.
async fn require_secret(State(door): Shared, request: Request, next: Next) -> Response {
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(secret) if same_secret(secret, &door.secret) => {
            let mut response = next.run(request).await;
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        _ => failure(
            StatusCode::UNAUTHORIZED,
            AppError::new(
                ErrorKind::Forbidden,
                json!({ "action": "door_station", "reason": "pairing_secret" }),
                "this station is not paired: open the pairing address shown on the host",
            ),
        ),
    }
}

/// Compares in time independent of where the strings differ.
fn same_secret(given: &str, secret: &str) -> bool {
    given.len() == secret.len()
        && given
            .bytes()
            .zip(secret.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// A station page file from `ui/`.
async fn page_file(State(door): Shared, uri: axum::http::Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    let Some((bytes, content_type)) = door.assets.get(path) else {
        return failure(StatusCode::NOT_FOUND, not_found("file"));
    };
    let mut response = Response::new(Body::from(bytes.into_owned()));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

fn not_found(entity: &str) -> AppError {
    AppError::new(
        ErrorKind::NotFound,
        json!({ "entity": entity }),
        format!("no such {entity}"),
    )
}

/// An error response: the status, and the error as the CLI's `--json` prints it.
fn failure(status: StatusCode, error: AppError) -> Response {
    (
        status,
        Json(json!({ "error": { "kind": error.kind, "params": error.params, "message": error.message } })),
    )
        .into_response()
}

fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotCheckedIn | ErrorKind::DoorOpen => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// 400 for a body or query that is not what the route takes, with serde's reason.
fn malformed(reason: impl std::fmt::Display) -> Response {
    failure(
        StatusCode::BAD_REQUEST,
        AppError::new(
            ErrorKind::InvalidInput,
            json!({ "field": "body", "reason": "malformed", "detail": reason.to_string() }),
            format!("malformed request: {reason}"),
        ),
    )
}

/// Runs a use case off the async threads; the answer as JSON, or the error with its status.
async fn answer<T: serde::Serialize + Send + 'static>(
    work: impl FnOnce() -> Result<T, AppError> + Send + 'static,
) -> Response {
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(value)) => Json(value).into_response(),
        Ok(Err(e)) => failure(status_of(e.kind), e),
        Err(e) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            AppError::internal(format!("door task failed: {e}")),
        ),
    }
}

/// A check-in or undo as a station sends it: a badge (`token`, as scanned or typed) or an
/// `attendee_id` picked from the search, never both.
#[derive(Debug, Deserialize)]
struct CheckinBody {
    token: Option<String>,
    attendee_id: Option<i64>,
    station: String,
    event_id: String,
    /// `scan` (default with a token) or `search` (default with an id).
    method: Option<Method>,
    /// For a scan the station queued while the host was unreachable: when it was scanned.
    queued_at: Option<String>,
}

impl CheckinBody {
    /// The core's request; `Err` with what is malformed.
    fn request(self, door: &Door, undo: bool) -> Result<CheckinRequest, &'static str> {
        let (target, default_method) = CheckinTarget::from_parts(self.token, self.attendee_id)
            .ok_or("give either token or attendee_id")?;
        let queued_at = match self.queued_at.as_deref() {
            None => None,
            Some(text) => Some(
                alumni_core::timestamps::parse(text).ok_or("queued_at is not an RFC 3339 time")?,
            ),
        };
        Ok(CheckinRequest {
            meeting: door.meeting,
            target,
            station: self.station,
            event_id: self.event_id,
            // An undo is staff correcting the list, however the person was found.
            method: self
                .method
                .unwrap_or(if undo { Method::Manual } else { default_method }),
            queued_at,
        })
    }
}

async fn checkin(State(door): Shared, body: Result<Json<CheckinBody>, JsonRejection>) -> Response {
    change_at_door(door, body, false).await
}

async fn undo(State(door): Shared, body: Result<Json<CheckinBody>, JsonRejection>) -> Response {
    change_at_door(door, body, true).await
}

async fn change_at_door(
    door: Arc<Door>,
    body: Result<Json<CheckinBody>, JsonRejection>,
    undo: bool,
) -> Response {
    let Json(body) = match body {
        Ok(body) => body,
        Err(rejection) => return malformed(rejection.body_text()),
    };
    let station = body.station.clone();
    let request = match body.request(&door, undo) {
        Ok(request) => request,
        Err(reason) => return malformed(reason),
    };
    let desk = door.desk.clone();
    let outcome = tokio::task::spawn_blocking(move || desk.check_in(request, undo)).await;
    match outcome {
        Ok(Ok(outcome)) => {
            let admitted = !undo
                && !outcome.replayed
                && outcome.result == alumni_core::checkin::CheckinResult::CheckedIn;
            door.seen(&station, admitted);
            Json(outcome).into_response()
        }
        Ok(Err(e)) => failure(status_of(e.kind), e),
        Err(e) => failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            AppError::internal(format!("door task failed: {e}")),
        ),
    }
}

/// A walk-in as a station sends it: the form, and who sends it.
#[derive(Debug, Deserialize)]
struct WalkInBody {
    #[serde(flatten)]
    form: WalkInForm,
    station: String,
    event_id: String,
}

async fn walk_in(State(door): Shared, body: Result<Json<WalkInBody>, JsonRejection>) -> Response {
    let Json(body) = match body {
        Ok(body) => body,
        Err(rejection) => return malformed(rejection.body_text()),
    };
    door.seen(&body.station, true);
    let walk_in = body.form.at(door.meeting, body.station, body.event_id);
    let desk = door.desk.clone();
    answer(move || desk.walk_in(walk_in)).await
}

/// The badge of a walk-in, one per page, for the station's browser to print. Only walk-ins:
/// the badges of the invited were printed in the office.
async fn walk_in_badge(State(door): Shared, Path(id): Path<i64>) -> Response {
    let (desk, meeting) = (door.desk.clone(), door.meeting);
    match tokio::task::spawn_blocking(move || desk.walk_in_badge(meeting, AttendeeId(id))).await {
        Ok(Ok(pdf)) => {
            ([(header::CONTENT_TYPE, "application/pdf")], Body::from(pdf)).into_response()
        }
        Ok(Err(e)) => failure(status_of(e.kind), e),
        Err(e) => failure(StatusCode::INTERNAL_SERVER_ERROR, AppError::internal(e)),
    }
}

#[derive(Debug, Deserialize)]
struct SearchQuery {
    q: String,
    limit: Option<usize>,
}

async fn search(
    State(door): Shared,
    headers: HeaderMap,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Response {
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => return malformed(rejection.body_text()),
    };
    door.seen(&station_of(&headers), false);
    let (desk, meeting) = (door.desk.clone(), door.meeting);
    answer(move || desk.door_search(meeting, &query.q, query.limit.unwrap_or(20))).await
}

async fn attendance(State(door): Shared, headers: HeaderMap) -> Response {
    door.seen(&station_of(&headers), false);
    let (desk, meeting) = (door.desk.clone(), door.meeting);
    answer(move || desk.attendance(meeting)).await
}

async fn meeting(State(door): Shared, headers: HeaderMap) -> Response {
    door.seen(&station_of(&headers), false);
    let (desk, meeting) = (door.desk.clone(), door.meeting);
    answer(move || desk.read(|conn| Ok(meetings::get(conn, meeting)?))).await
}

async fn stations(State(door): Shared) -> Response {
    Json(door.stations()).into_response()
}

/// The station's name, from the `X-Station` header (percent-encoded UTF-8, as the page sends
/// it: header values are ASCII).
fn station_of(headers: &HeaderMap) -> String {
    let raw = headers
        .get("x-station")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    percent_decode(raw)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(h), Some(l)) if hex(*h).is_some() && hex(*l).is_some() => {
                out.push((hex(*h).unwrap_or(0) * 16 + hex(*l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The live stream: every change at this meeting's door as an SSE event `door` whose data is
/// the `DoorEvent` JSON; ends when the server stops.
async fn events(
    State(door): Shared,
    headers: HeaderMap,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    door.seen(&station_of(&headers), false);
    let receiver = door.events.subscribe();
    let shutdown = door.shutdown.clone();
    let stream = stream::unfold(
        (receiver, shutdown),
        |(mut receiver, mut shutdown)| async move {
            loop {
                if *shutdown.borrow() {
                    return None;
                }
                tokio::select! {
                    received = receiver.recv() => match received {
                        Ok(json) => {
                            let event = Event::default().event("door").data(json);
                            return Some((Ok(event), (receiver, shutdown)));
                        }
                        // A slow station missed some: it refetches the counts on `lagged`.
                        Err(RecvError::Lagged(_)) => {
                            let event = Event::default().event("lagged").data("{}");
                            return Some((Ok(event), (receiver, shutdown)));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                    changed = shutdown.changed() => {
                        if changed.is_err() {
                            return None;
                        }
                    }
                }
            }
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

//! Elections in the window: setup and candidates, ballots issued, ballots keyed one by one in
//! two passes, a paper tally sheet's totals, the result with its chart data, the next round,
//! the declared result, and the election's documents for the print dialog.

use alumni_core::desk::{
    BallotKeyed, Declared, ElectionDocument, ElectionResult, ElectionSetup, KeyedBallot, NextRound,
};
use alumni_core::elections::entry::Difference;
use alumni_core::elections::tally::{Mark, SheetTotals};
use alumni_core::elections::{ElectionId, ElectionSummary, NewCandidate, NewElection};
use alumni_core::meetings::MeetingId;
use tauri::{AppHandle, Runtime, State};

use super::documents::{in_documents_folder, RenderedDocument};
use super::with_desk;
use crate::app::AppState;
use crate::error::AppError;

/// A meeting's elections, every round, in the order they were set up.
#[tauri::command]
pub async fn list_elections(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Vec<ElectionSummary>, AppError> {
    with_desk(&state, move |desk| desk.elections(MeetingId(meeting_id))).await
}

/// One election with its checks and the quorum now.
#[tauri::command]
pub async fn get_election(
    state: State<'_, AppState>,
    election_id: i64,
) -> Result<ElectionSetup, AppError> {
    with_desk(&state, move |desk| {
        desk.election_setup(ElectionId(election_id))
    })
    .await
}

/// Sets up an election in a meeting.
#[tauri::command]
pub async fn create_election(
    state: State<'_, AppState>,
    meeting_id: i64,
    setup: NewElection,
    candidates: Vec<NewCandidate>,
) -> Result<ElectionSetup, AppError> {
    with_desk(&state, move |desk| {
        desk.create_election(MeetingId(meeting_id), &setup, &candidates)
    })
    .await
}

/// Changes a draft election's setup and candidates.
#[tauri::command]
pub async fn update_election(
    state: State<'_, AppState>,
    election_id: i64,
    setup: NewElection,
    candidates: Vec<NewCandidate>,
) -> Result<ElectionSetup, AppError> {
    with_desk(&state, move |desk| {
        desk.update_election(ElectionId(election_id), &setup, &candidates)
    })
    .await
}

/// Deletes a draft election (admin).
#[tauri::command]
pub async fn delete_election(state: State<'_, AppState>, election_id: i64) -> Result<(), AppError> {
    with_desk(&state, move |desk| {
        desk.delete_election(ElectionId(election_id))
    })
    .await
}

/// Records how many ballots were issued.
#[tauri::command]
pub async fn issue_ballots(
    state: State<'_, AppState>,
    election_id: i64,
    issued: u32,
) -> Result<ElectionSetup, AppError> {
    with_desk(&state, move |desk| {
        desk.issue_ballots(ElectionId(election_id), issued)?;
        desk.election_setup(ElectionId(election_id))
    })
    .await
}

/// Keys one ballot in entry pass 1 or 2.
#[tauri::command]
pub async fn key_ballot(
    state: State<'_, AppState>,
    election_id: i64,
    pass: u8,
    number: u32,
    marks: Vec<Mark>,
    write_ins: Vec<String>,
) -> Result<BallotKeyed, AppError> {
    with_desk(&state, move |desk| {
        desk.key_ballot(ElectionId(election_id), pass, number, marks, write_ins)
    })
    .await
}

/// Removes a keyed ballot from an entry pass; whether it was there.
#[tauri::command]
pub async fn delete_ballot(
    state: State<'_, AppState>,
    election_id: i64,
    pass: u8,
    number: u32,
) -> Result<bool, AppError> {
    with_desk(&state, move |desk| {
        desk.delete_ballot(ElectionId(election_id), pass, number)
    })
    .await
}

/// The ballots keyed in an entry pass.
#[tauri::command]
pub async fn keyed_ballots(
    state: State<'_, AppState>,
    election_id: i64,
    pass: u8,
) -> Result<Vec<KeyedBallot>, AppError> {
    with_desk(&state, move |desk| {
        desk.keyed_ballots(ElectionId(election_id), pass)
    })
    .await
}

/// Every difference between the two entry passes.
#[tauri::command]
pub async fn pass_differences(
    state: State<'_, AppState>,
    election_id: i64,
) -> Result<Vec<Difference>, AppError> {
    with_desk(&state, move |desk| {
        desk.pass_differences(ElectionId(election_id))
    })
    .await
}

/// Keys a paper tally sheet's totals, checked; the result as it now stands.
#[tauri::command]
pub async fn enter_tally_sheet(
    state: State<'_, AppState>,
    election_id: i64,
    sheet: SheetTotals,
) -> Result<ElectionResult, AppError> {
    with_desk(&state, move |desk| {
        desk.enter_tally_sheet(ElectionId(election_id), &sheet)
    })
    .await
}

/// The result of a round, computed from its ballots (or its tally sheet).
#[tauri::command]
pub async fn election_result(
    state: State<'_, AppState>,
    election_id: i64,
) -> Result<ElectionResult, AppError> {
    with_desk(&state, move |desk| {
        desk.election_result(ElectionId(election_id))
    })
    .await
}

/// Sets up the run-off or further round of a round.
#[tauri::command]
pub async fn next_round(
    state: State<'_, AppState>,
    election_id: i64,
) -> Result<NextRound, AppError> {
    with_desk(&state, move |desk| desk.next_round(ElectionId(election_id))).await
}

/// Declares a round's result and seats the voters of the elections that elect from it.
#[tauri::command]
pub async fn declare_result(
    state: State<'_, AppState>,
    election_id: i64,
) -> Result<Declared, AppError> {
    with_desk(&state, move |desk| {
        desk.declare_result(ElectionId(election_id))
    })
    .await
}

/// Renders a document of an election round (`ballots`, `tally`, `results`, `announcement`)
/// into the documents folder as job `job_id`, for the print dialog. `count` is the number of
/// ballot papers (default: the ballots issued, else the voting attendees); other documents
/// ignore it.
#[tauri::command]
pub async fn render_election_document<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    election_id: i64,
    document: String,
    count: Option<u32>,
    job_id: String,
) -> Result<RenderedDocument, AppError> {
    let kind = ElectionDocument::parse(&document).ok_or_else(|| {
        AppError::invalid(
            "document",
            "unknown",
            format!("no election document {document}"),
        )
    })?;
    let election = ElectionId(election_id);
    let file = in_documents_folder(app, &state, &job_id, move |desk, dest, job| match kind {
        // 410 ballot papers take seconds: a job with progress and cancel.
        ElectionDocument::Ballots => desk.render_ballot_papers(election, count, &dest, job),
        _ => desk.render_election_document(election, kind, &dest),
    })
    .await?;
    Ok(RenderedDocument { job_id, file })
}

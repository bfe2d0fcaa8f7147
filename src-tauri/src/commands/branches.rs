//! Branches, their members and roles; council terms and positions.

use alumni_core::branches::{
    self, BranchId, BranchKind, BranchMember, BranchRole, BranchRow, NewBranch,
};
use alumni_core::council::{self, Office, PositionRow, TermId, TermRow};
use alumni_core::members::MemberId;
use serde::{Deserialize, Serialize};
use tauri::State;

use super::{read, with_desk};
use crate::app::AppState;
use crate::error::AppError;

/// A branch as the form sends it.
#[derive(Debug, Deserialize)]
pub struct BranchForm {
    name: String,
    kind: BranchKind,
    parent_id: Option<i64>,
    city: Option<String>,
}

impl BranchForm {
    fn into_new(self) -> NewBranch {
        NewBranch {
            name: self.name,
            kind: self.kind,
            parent: self.parent_id.map(BranchId),
            city: self.city.filter(|c| !c.trim().is_empty()),
            founded_on: None,
        }
    }
}

/// The id of a new branch.
#[derive(Debug, Serialize)]
pub struct Created {
    id: i64,
}

/// Every branch, parents before children.
#[tauri::command]
pub async fn list_branches(state: State<'_, AppState>) -> Result<Vec<BranchRow>, AppError> {
    read(&state, |conn| Ok(branches::list(conn)?)).await
}

/// A branch's members with their roles.
#[tauri::command]
pub async fn branch_members(
    state: State<'_, AppState>,
    branch_id: i64,
) -> Result<Vec<BranchMember>, AppError> {
    read(&state, move |conn| {
        Ok(branches::members_of(conn, BranchId(branch_id))?)
    })
    .await
}

/// Adds a branch.
#[tauri::command]
pub async fn create_branch(
    state: State<'_, AppState>,
    branch: BranchForm,
) -> Result<Created, AppError> {
    with_desk(&state, move |d| {
        let id = d.write(|tx, actor| Ok(branches::create(tx, actor.id, &branch.into_new())?))?;
        Ok(Created { id: id.0 })
    })
    .await
}

/// Renames or moves a branch.
#[tauri::command]
pub async fn update_branch(
    state: State<'_, AppState>,
    branch_id: i64,
    branch: BranchForm,
) -> Result<(), AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(branches::update(
                tx,
                actor.id,
                BranchId(branch_id),
                &branch.into_new(),
            )?)
        })
    })
    .await
}

/// Archives a branch without sub-branches.
#[tauri::command]
pub async fn archive_branch(state: State<'_, AppState>, branch_id: i64) -> Result<(), AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| Ok(branches::archive(tx, actor.id, BranchId(branch_id))?))
    })
    .await
}

/// Sets a member's role in a branch, or removes them with `role: null`.
#[tauri::command]
pub async fn set_branch_role(
    state: State<'_, AppState>,
    branch_id: i64,
    member_id: i64,
    role: Option<BranchRole>,
) -> Result<(), AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(branches::set_role(
                tx,
                actor.id,
                BranchId(branch_id),
                MemberId(member_id),
                role,
            )?)
        })
    })
    .await
}

/// Every council term, newest first.
#[tauri::command]
pub async fn list_terms(state: State<'_, AppState>) -> Result<Vec<TermRow>, AppError> {
    read(&state, |conn| Ok(council::list_terms(conn)?)).await
}

/// A term's positions in protocol order.
#[tauri::command]
pub async fn term_positions(
    state: State<'_, AppState>,
    term_id: i64,
) -> Result<Vec<PositionRow>, AppError> {
    read(&state, move |conn| {
        Ok(council::positions(conn, TermId(term_id))?)
    })
    .await
}

/// Records or removes an office of a member in a term.
#[tauri::command]
pub async fn set_position(
    state: State<'_, AppState>,
    term_id: i64,
    member_id: i64,
    office: Office,
    held: bool,
) -> Result<(), AppError> {
    with_desk(&state, move |d| {
        d.write(|tx, actor| {
            Ok(council::set_position(
                tx,
                actor.id,
                TermId(term_id),
                MemberId(member_id),
                office,
                held,
            )?)
        })
    })
    .await
}

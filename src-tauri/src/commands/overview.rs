//! The home screen's data.

use alumni_core::desk::{DatabaseInfo, Desk};
use alumni_core::overview::{self, Stats};
use alumni_core::settings;
use alumni_core::staff::Staff;
use serde::Serialize;
use tauri::State;

use super::with_desk;
use crate::app::AppState;
use crate::error::AppError;

/// What the home screen and the top bar show.
#[derive(Debug, Serialize)]
pub struct Overview {
    stats: Stats,
    database: DatabaseInfo,
    association_name: String,
    staff: Staff,
}

/// Builds the overview of the open register.
pub(crate) fn overview_of(desk: &Desk) -> Result<Overview, AppError> {
    let (stats, association_name) = desk.read(|conn| {
        Ok((
            overview::stats(conn)?,
            settings::load(conn)?.association_name,
        ))
    })?;
    Ok(Overview {
        stats,
        database: desk.info()?,
        association_name,
        staff: desk.actor(),
    })
}

/// Counts, the database in use, the association and the acting profile.
#[tauri::command]
pub async fn get_overview(state: State<'_, AppState>) -> Result<Overview, AppError> {
    with_desk(&state, overview_of).await
}

//! The home screen's data.

use alumni_core::overview::{self, Stats};
use alumni_core::settings;
use alumni_core::staff::Staff;
use serde::Serialize;
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;
use crate::session::{DatabaseInfo, Session};

/// What the home screen and the top bar show.
#[derive(Debug, Serialize)]
pub struct Overview {
    stats: Stats,
    database: DatabaseInfo,
    association_name: String,
    staff: Staff,
}

/// Builds the overview of the open session.
pub(crate) fn overview_of(session: &Session) -> Result<Overview, AppError> {
    Ok(Overview {
        stats: overview::stats(&session.conn)?,
        database: session.info()?,
        association_name: settings::load(&session.conn)?.association_name,
        staff: session.actor.clone(),
    })
}

/// Counts, the database in use, the association and the acting profile.
#[tauri::command]
pub async fn get_overview(state: State<'_, AppState>) -> Result<Overview, AppError> {
    with_session(&state, |session| overview_of(session)).await
}

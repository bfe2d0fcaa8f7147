//! The statistics dashboard.

use alumni_core::statistics::{self, Statistics};
use tauri::State;

use alumni_core::desk::{Destination, RenderedFile};

use super::{read, with_desk};
use crate::app::AppState;
use crate::dialogs::FileQuestion;
use crate::error::AppError;

/// The register in numbers.
#[tauri::command]
pub async fn get_statistics(state: State<'_, AppState>) -> Result<Statistics, AppError> {
    read(&state, |conn| Ok(statistics::compute(conn)?)).await
}

/// Asks where to save, then writes 校友信息统计报告 as PDF: `{path, …}` or `None` when the user
/// cancels.
#[tauri::command]
pub async fn export_statistics_pdf(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<RenderedFile>, AppError> {
    let name = format!(
        "校友信息统计报告-{}.pdf",
        alumni_core::timestamps::now_local().format("%Y%m%d")
    );
    let question = FileQuestion::save(title.as_deref().unwrap_or("导出统计报告"), &name)
        .filter("PDF", &["pdf"]);
    let Some(path) = state.dialogs.ask(question).await else {
        return Ok(None);
    };
    with_desk(&state, move |d| {
        d.render_statistics(&Destination::File(path)).map(Some)
    })
    .await
}

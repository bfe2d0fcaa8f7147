//! The statistics dashboard.

use alumni_core::statistics::{self, Statistics};
use tauri::State;

use super::with_session;
use crate::app::AppState;
use crate::error::AppError;

/// The register in numbers.
#[tauri::command]
pub async fn get_statistics(state: State<'_, AppState>) -> Result<Statistics, AppError> {
    with_session(&state, |s| Ok(statistics::compute(&s.conn)?)).await
}

/// Where the report was saved.
#[derive(Debug, serde::Serialize)]
pub struct Saved {
    path: std::path::PathBuf,
}

/// Asks where to save, then writes 校友信息统计报告 as PDF.
#[tauri::command]
pub async fn export_statistics_pdf(
    state: State<'_, AppState>,
    title: Option<String>,
) -> Result<Option<Saved>, AppError> {
    let name = format!(
        "校友信息统计报告-{}.pdf",
        chrono::Local::now().format("%Y%m%d")
    );
    let picked = rfd::AsyncFileDialog::new()
        .set_title(title.as_deref().unwrap_or("导出统计报告"))
        .set_file_name(&name)
        .add_filter("PDF", &["pdf"])
        .save_file()
        .await;
    let Some(file) = picked else { return Ok(None) };
    let path = file.path().to_owned();
    with_session(&state, move |s| {
        let pdf = crate::documents::statistics_pdf(&s.conn)?;
        std::fs::write(&path, pdf).map_err(|e| {
            AppError::new(
                "write_failed",
                serde_json::json!({ "path": path }),
                format!("cannot write {}: {e}", path.display()),
            )
        })?;
        Ok(Some(Saved { path }))
    })
    .await
}

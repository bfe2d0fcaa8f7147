//! Documents as the shell produces them: data from the database, the association's name and
//! the local time, rendered by the core's document engine.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use alumni_core::documents::meeting::{
    self, MeetingDocument, MeetingDocumentOptions, Progress, Rendered,
};
use alumni_core::documents::statistics::{self, StatisticsReport};
use alumni_core::documents::{DocumentMeta, DEFAULT_LOGO_PNG};
use alumni_core::meetings::MeetingId;
use alumni_core::storage::Connection;
use alumni_core::{settings, statistics as figures};

use crate::error::AppError;

/// What every document shows besides its content: the association and when it was made.
/// The logo is the one set in Settings, else the shipped emblem; a logo file that has gone
/// missing is logged and replaced by the emblem rather than stopping the print run at the door.
pub fn meta(conn: &Connection) -> Result<DocumentMeta, AppError> {
    let settings = settings::load(conn)?;
    let logo = match settings
        .logo_path
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        Some(path) => std::fs::read(path).unwrap_or_else(|e| {
            log::warn!("logo {path} cannot be read ({e}); using the shipped emblem");
            DEFAULT_LOGO_PNG.to_vec()
        }),
        None => DEFAULT_LOGO_PNG.to_vec(),
    };
    Ok(DocumentMeta {
        association_name: settings.association_name,
        generated_at_local: chrono::Local::now()
            .format("%Y年%m月%d日 %H:%M")
            .to_string(),
        logo_png: Some(logo),
    })
}

/// A meeting's sign-in sheet, badges or table cards.
pub fn meeting_pdf(
    conn: &Connection,
    meeting: MeetingId,
    document: MeetingDocument,
    options: &MeetingDocumentOptions,
    progress: &dyn Fn(Progress),
    cancel: &AtomicBool,
) -> Result<Rendered, AppError> {
    let meta = meta(conn)?;
    Ok(meeting::render(
        conn, meeting, document, options, &meta, progress, cancel,
    )?)
}

/// Writes a PDF next to `path` and then renames it into place, so a failure never leaves a
/// half-written file where a good one was.
pub fn write_pdf(path: &Path, pdf: &[u8]) -> Result<(), AppError> {
    let failed = |e: std::io::Error| {
        AppError::new(
            "write_failed",
            serde_json::json!({ "path": path }),
            format!("cannot write {}: {e}", path.display()),
        )
    };
    let mut partial = path.as_os_str().to_owned();
    partial.push(".part");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, pdf).map_err(failed)?;
    std::fs::rename(&partial, path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(e)
    })
}

/// 校友信息统计报告 of the register now.
pub fn statistics_pdf(conn: &Connection) -> Result<Vec<u8>, AppError> {
    let report = StatisticsReport::from_statistics(&figures::compute(conn)?);
    Ok(statistics::render(&report, &meta(conn)?)?)
}

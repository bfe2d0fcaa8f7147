//! Documents as the shell produces them: data from the database, the association's name and
//! the local time, rendered by the core's document engine.

use alumni_core::documents::statistics::{self, DocumentMeta, StatisticsReport};
use alumni_core::storage::Connection;
use alumni_core::{settings, statistics as figures};

use crate::error::AppError;

/// What every document shows besides its content: the association and when it was made.
pub fn meta(conn: &Connection) -> Result<DocumentMeta, AppError> {
    Ok(DocumentMeta {
        association_name: settings::load(conn)?.association_name,
        generated_at_local: chrono::Local::now()
            .format("%Y年%m月%d日 %H:%M")
            .to_string(),
    })
}

/// 校友信息统计报告 of the register now.
pub fn statistics_pdf(conn: &Connection) -> Result<Vec<u8>, AppError> {
    let report = StatisticsReport::from_statistics(&figures::compute(conn)?);
    Ok(statistics::render(&report, &meta(conn)?)?)
}

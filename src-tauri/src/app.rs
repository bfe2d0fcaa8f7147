//! The window: the Tauri app, its shared state and the daily backup.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use alumni_core::storage::backup;

use crate::cli::Cli;
use crate::commands;
use crate::error::AppError;
use crate::paths;
use crate::session::Session;

/// The open database, or why it could not be opened (shown in the window).
pub type SessionSlot = Result<Session, AppError>;

/// State shared by all commands.
pub struct AppState {
    /// The database the window works on.
    pub session: Arc<Mutex<SessionSlot>>,
    /// The office's own database (the demo lives elsewhere).
    pub register_path: PathBuf,
    /// The profile named at start, if any.
    pub staff_name: Option<String>,
    /// Spreadsheets being imported, by token.
    pub imports: commands::import::ImportJobs,
    /// Meeting documents being rendered, by job id.
    pub documents: commands::documents::DocumentJobs,
}

/// How often the daily-backup check runs; the backup itself is taken once a day.
const BACKUP_CHECK: Duration = Duration::from_secs(6 * 3600);

/// Opens the window on the database named by `--db` / `ALUMNI_DESK_DB`, or the office's own.
pub fn run(cli: Cli) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("alumni-desk: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    tauri::async_runtime::set(runtime.handle().clone());

    let register_path = cli.db.clone().unwrap_or_else(paths::register_db);
    let slot = Session::open(&register_path, cli.staff.as_deref());
    match &slot {
        Ok(_) => log::info!("database {}", register_path.display()),
        Err(e) => log::error!("cannot open {}: {}", register_path.display(), e.message),
    }
    let state = AppState {
        session: Arc::new(Mutex::new(slot)),
        register_path,
        staff_name: cli.staff.clone(),
        imports: Default::default(),
        documents: Default::default(),
    };
    let shared = state.session.clone();

    let result = tauri::Builder::default()
        .manage(state)
        .setup(move |_app| {
            tauri::async_runtime::spawn(daily_backups(shared));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("alumni-desk: the window failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// Takes the day's backup of the register (not of demo data) now and every few hours after.
async fn daily_backups(session: Arc<Mutex<SessionSlot>>) {
    loop {
        let shared = session.clone();
        let outcome = tauri::async_runtime::spawn_blocking(move || -> Result<(), AppError> {
            let guard = shared
                .lock()
                .map_err(|_| AppError::internal("session lock poisoned"))?;
            let Ok(session) = &*guard else { return Ok(()) };
            if session.info()?.is_demo {
                return Ok(());
            }
            let today = chrono::Local::now().date_naive();
            if let Some(made) = backup::daily_backup(&session.conn, &session.backup_dir()?, today)?
            {
                log::info!("daily backup {}", made.display());
            }
            Ok(())
        })
        .await;
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => log::error!("daily backup failed: {}", e.message),
            Err(e) => log::error!("daily backup task failed: {e}"),
        }
        tokio::time::sleep(BACKUP_CHECK).await;
    }
}

//! The window: the Tauri app, its shared state and the daily backup.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use alumni_core::desk::Desk;
use alumni_core::jobs::Jobs;
use tauri::Manager;

use crate::cli::Cli;
use crate::commands;
use crate::dialogs::{FilePicker, NativeDialogs};
use crate::error::{AppError, ErrorKind};
use crate::paths;

/// The open register, or why it could not be opened (shown in the window).
pub type DeskSlot = Result<Arc<Desk>, AppError>;

/// State shared by all commands.
pub struct AppState {
    /// The register the window works on; replaced whole when the window switches between the
    /// register and the demo. Commands take a clone of the `Arc` and let go of the lock at once.
    pub desk: RwLock<DeskSlot>,
    /// The office's own database (the demo lives elsewhere).
    pub register_path: PathBuf,
    /// The profile named at start, if any.
    pub staff_name: Option<String>,
    /// The window's long jobs (imports, exports, documents).
    pub jobs: Jobs,
    /// Spreadsheets opened for import, by token.
    pub imports: commands::import::OpenImports,
    /// The file dialogs.
    pub dialogs: Arc<dyn FilePicker>,
    /// The LAN door server, while it runs.
    pub door_server: tokio::sync::Mutex<Option<crate::door::RunningDoor>>,
    /// The window's open door screens, by door id: whether each still hears door events.
    pub door_listeners:
        std::sync::Mutex<std::collections::HashMap<i64, Arc<std::sync::atomic::AtomicBool>>>,
}

impl AppState {
    /// The window's state on the register at `path`, with the platform's dialogs.
    pub fn open(path: PathBuf, staff_name: Option<String>) -> AppState {
        let slot = open_desk(&path, staff_name.as_deref()).map(Arc::new);
        match &slot {
            Ok(_) => log::info!("database {}", path.display()),
            Err(e) => log::error!("cannot open {}: {}", path.display(), e.message),
        }
        AppState {
            desk: RwLock::new(slot),
            register_path: path,
            staff_name,
            jobs: Jobs::default(),
            imports: Default::default(),
            dialogs: Arc::new(NativeDialogs),
            door_server: Default::default(),
            door_listeners: Default::default(),
        }
    }

    /// The open register, or the error that kept it from opening.
    pub fn desk(&self) -> Result<Arc<Desk>, AppError> {
        self.desk
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Makes `desk` the register the window works on.
    pub fn switch_to(&self, desk: Desk) {
        *self.desk.write().unwrap_or_else(PoisonError::into_inner) = Ok(Arc::new(desk));
    }
}

/// Opens the register at `path` for the window, as `staff_name` if given. A named admin with a
/// PIN cannot be taken on without it: the window then opens as the default profile, and
/// switching to that admin asks for the PIN.
pub fn open_desk(path: &std::path::Path, staff_name: Option<&str>) -> Result<Desk, AppError> {
    match Desk::open(path, staff_name) {
        Err(e) if e.kind == ErrorKind::PinRequired => Desk::open(path, None),
        other => other,
    }
}

/// The app's context: its configuration and the `ui/` files embedded at build time. The one
/// place they are embedded; the door server takes its copy of the files from here too.
pub fn context<R: tauri::Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
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
    let state = AppState::open(register_path, cli.staff.clone());

    let result = tauri::Builder::default()
        .manage(state)
        .setup(|app| {
            tauri::async_runtime::spawn(daily_backups(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(commands::handler())
        .run(context());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("alumni-desk: the window failed: {e}");
            ExitCode::from(1)
        }
    }
}

/// Takes the day's backup of the register (not of demo data) now and every few hours after.
async fn daily_backups(app: tauri::AppHandle) {
    loop {
        // The register open now: the window may have switched since the last check.
        let desk = app.state::<AppState>().desk();
        let outcome = tauri::async_runtime::spawn_blocking(move || -> Result<(), AppError> {
            let Ok(desk) = desk else {
                return Ok(());
            };
            let dir = backup_dir(&desk)?;
            let today = alumni_core::timestamps::now_local().date_naive();
            if let Some(made) = desk.daily_backup(&dir, today)? {
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

/// The folder for daily backups: the setting, or the data folder's `backups`.
pub fn backup_dir(desk: &Desk) -> Result<PathBuf, AppError> {
    let configured = desk.read(|conn| Ok(alumni_core::settings::load(conn)?.backup_dir))?;
    Ok(configured
        .map(PathBuf::from)
        .unwrap_or_else(paths::default_backup_dir))
}

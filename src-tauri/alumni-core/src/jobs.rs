//! Long jobs — reading and importing a spreadsheet, exporting the register, rendering a
//! document — as every door sees them: one progress shape `{job_id, phase, done, total}`, one
//! cancel, and a polling twin of the progress event for door stations that cannot receive
//! events.
//!
//! Invariants: a job id names at most one running job; a cancel that arrives before its job
//! starts is kept and honoured at the start (the window may send it first); a cancel sets the
//! job's flag and interrupts the SQL it is running, so it stops within one statement; a
//! finished job's last status stays readable for [`KEEP_FINISHED`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rusqlite::InterruptHandle;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::storage::Interruptible;

/// How long a finished job's status can still be polled (and a cancel waits for its job).
pub const KEEP_FINISHED: Duration = Duration::from_secs(600);

/// What a job is doing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Reading a file (`done`/`total` 0 of 1 while the reader works, 1 of 1 when read).
    Reading,
    /// Checking rows against the register (an import's dry run); rows.
    Checking,
    /// Writing to the register; rows.
    Writing,
    /// Writing a file (an export); rows.
    Exporting,
    /// Laying out a document; attendees or pages.
    Rendering,
}

/// Progress as the doors send it: the `job-progress` event and the polled status alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// The job's id, chosen by the door that started it.
    pub job_id: String,
    /// What it is doing.
    pub phase: Phase,
    /// Units done in this phase.
    pub done: u64,
    /// Units in this phase.
    pub total: u64,
}

/// Where a job stands, for polling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    /// Still working (or asked to stop and not yet stopped).
    Running,
    /// Done.
    Finished,
    /// Stopped by a cancel; nothing was written.
    Cancelled,
    /// Stopped by an error.
    Failed,
}

/// A job's last progress and state: the polling twin of the progress event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobStatus {
    /// The last progress reported (phase `reading` 0 of 0 before the first).
    #[serde(flatten)]
    pub progress: Progress,
    /// Where it stands.
    pub state: JobState,
    /// True once a cancel was asked for.
    pub cancel_requested: bool,
}

/// Receives every progress report of a job (the window turns it into an event).
pub type ProgressSink = Arc<dyn Fn(&Progress) + Send + Sync>;

struct Entry {
    created_at: Instant,
    cancel: Arc<AtomicBool>,
    interrupt: Option<InterruptHandle>,
    status: JobStatus,
    running: bool,
    finished_at: Option<Instant>,
}

impl Entry {
    fn new(job_id: &str) -> Entry {
        Entry {
            created_at: Instant::now(),
            cancel: Arc::new(AtomicBool::new(false)),
            interrupt: None,
            status: JobStatus {
                progress: Progress {
                    job_id: job_id.to_owned(),
                    phase: Phase::Reading,
                    done: 0,
                    total: 0,
                },
                state: JobState::Running,
                cancel_requested: false,
            },
            running: false,
            finished_at: None,
        }
    }
}

/// The registry of long jobs of one open database; cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Jobs {
    entries: Arc<Mutex<HashMap<String, Entry>>>,
}

impl Jobs {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Entry>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts job `job_id` (letters, digits, `-`, `_`; 1–64 characters), reporting to `sink`.
    /// Errors: `invalid_input` for a malformed id (`reason: invalid`) or one already running
    /// (`reason: in_use`).
    pub fn start(&self, job_id: &str, sink: Option<ProgressSink>) -> Result<Job, AppError> {
        check_id(job_id)?;
        let mut entries = self.lock();
        let now = Instant::now();
        // Finished jobs, and cancels whose job never started, are kept only for a while.
        entries.retain(|_, e| {
            e.running || now - e.finished_at.unwrap_or(e.created_at) < KEEP_FINISHED
        });
        let entry = entries
            .entry(job_id.to_owned())
            .or_insert_with(|| Entry::new(job_id));
        if entry.running {
            return Err(AppError::invalid(
                "job_id",
                "in_use",
                format!("job {job_id} is already running"),
            ));
        }
        // A finished job's id may be used again; a cancel sent before this start is kept.
        if entry.finished_at.is_some() {
            *entry = Entry::new(job_id);
        }
        entry.running = true;
        Ok(Job {
            id: job_id.to_owned(),
            cancel: entry.cancel.clone(),
            jobs: self.clone(),
            sink,
            last_step: Mutex::new(None),
            ended: AtomicBool::new(false),
        })
    }

    /// Asks job `job_id` to stop: sets its flag and interrupts its SQL. A job that has not
    /// started yet stops as soon as it starts; one that has ended is not affected.
    pub fn cancel(&self, job_id: &str) -> Result<(), AppError> {
        check_id(job_id)?;
        let mut entries = self.lock();
        let entry = entries
            .entry(job_id.to_owned())
            .or_insert_with(|| Entry::new(job_id));
        if entry.finished_at.is_some() {
            return Ok(());
        }
        entry.cancel.store(true, Ordering::SeqCst);
        entry.status.cancel_requested = true;
        if let Some(handle) = &entry.interrupt {
            handle.interrupt();
        }
        Ok(())
    }

    /// The last status of job `job_id`, or `None` when no such job is known.
    pub fn status(&self, job_id: &str) -> Option<JobStatus> {
        self.lock().get(job_id).map(|e| e.status.clone())
    }

    fn update(&self, job_id: &str, change: impl FnOnce(&mut Entry)) {
        if let Some(entry) = self.lock().get_mut(job_id) {
            change(entry);
        }
    }
}

/// Job ids name folders and events: letters, digits, `-` and `_` only, so none can climb out of
/// a folder.
fn check_id(job_id: &str) -> Result<(), AppError> {
    let ok = (1..=64).contains(&job_id.len())
        && job_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid(
            "job_id",
            "invalid",
            format!("not a job id: {job_id:?}"),
        ))
    }
}

/// A running job, handed to the use case that does the work.
pub struct Job {
    id: String,
    cancel: Arc<AtomicBool>,
    jobs: Jobs,
    sink: Option<ProgressSink>,
    /// The last (phase, percent) sent, so hundreds of rows do not flood the window.
    last_step: Mutex<Option<(Phase, u64)>>,
    ended: AtomicBool,
}

impl Job {
    /// The job's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The flag the domain functions poll between rows.
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// True once a cancel was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Fails with `cancelled` when a cancel was asked for: call between steps.
    pub fn check(&self) -> Result<(), AppError> {
        if self.is_cancelled() {
            Err(AppError::cancelled())
        } else {
            Ok(())
        }
    }

    /// Reports `done` of `total` in `phase`: kept for polling, and sent to the sink at most
    /// once per percent and phase (always the last step).
    pub fn report(&self, phase: Phase, done: u64, total: u64) {
        let progress = Progress {
            job_id: self.id.clone(),
            phase,
            done,
            total,
        };
        let percent = (done * 100).checked_div(total).unwrap_or(100);
        let send = {
            let mut last = self
                .last_step
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let fresh = *last != Some((phase, percent)) || done == total;
            *last = Some((phase, percent));
            fresh
        };
        self.jobs
            .update(&self.id, |e| e.status.progress = progress.clone());
        if send {
            if let Some(sink) = &self.sink {
                sink(&progress);
            }
        }
    }

    /// Ends the job with the outcome of its work (kept for polling) and passes it on.
    pub fn end<T>(self, outcome: Result<T, AppError>) -> Result<T, AppError> {
        let state = match &outcome {
            Ok(_) => JobState::Finished,
            Err(e) if e.kind == crate::error::ErrorKind::Cancelled => JobState::Cancelled,
            Err(_) => JobState::Failed,
        };
        self.close(state);
        outcome
    }

    fn close(&self, state: JobState) {
        if self.ended.swap(true, Ordering::SeqCst) {
            return;
        }
        self.jobs.update(&self.id, |e| {
            e.running = false;
            e.interrupt = None;
            e.finished_at = Some(Instant::now());
            e.status.state = state;
        });
    }
}

impl Drop for Job {
    /// A job dropped without [`Job::end`] (a panic, an early return) has failed.
    fn drop(&mut self) {
        self.close(JobState::Failed);
    }
}

impl Interruptible for Job {
    fn attach(&self, handle: InterruptHandle) {
        // A cancel that came in before the SQL started must still stop it.
        if self.is_cancelled() {
            handle.interrupt();
        }
        self.jobs.update(&self.id, |e| e.interrupt = Some(handle));
    }

    fn detach(&self) {
        self.jobs.update(&self.id, |e| e.interrupt = None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn one_running_job_per_id_and_a_finished_id_can_be_used_again() {
        let jobs = Jobs::default();
        let job = jobs.start("render-1", None).expect("start");
        let again = jobs.start("render-1", None).err().expect("in use");
        assert_eq!(again.kind, ErrorKind::InvalidInput);
        assert_eq!(again.params["reason"], "in_use");
        job.end(Ok(())).expect("ok");
        assert_eq!(
            jobs.status("render-1").map(|s| s.state),
            Some(JobState::Finished)
        );
        jobs.start("render-1", None)
            .expect("again")
            .end(Ok(()))
            .expect("ok");
    }

    #[test]
    fn malformed_ids_are_refused() {
        let jobs = Jobs::default();
        for id in ["", "../x", "a/b", "空", &"x".repeat(65)] {
            let err = jobs.start(id, None).err().expect("refused");
            assert_eq!(err.params["reason"], "invalid", "{id}");
        }
    }

    #[test]
    fn a_cancel_sent_before_the_start_is_honoured() {
        let jobs = Jobs::default();
        jobs.cancel("import-7").expect("cancel");
        let job = jobs.start("import-7", None).expect("start");
        assert!(job.is_cancelled());
        assert_eq!(job.check().expect_err("stops").kind, ErrorKind::Cancelled);
        let ended = job.end::<()>(Err(AppError::cancelled()));
        assert!(ended.is_err());
        assert_eq!(
            jobs.status("import-7").map(|s| s.state),
            Some(JobState::Cancelled)
        );
    }

    #[test]
    fn progress_is_polled_and_sent_once_per_percent() {
        let jobs = Jobs::default();
        let sent = Arc::new(Mutex::new(Vec::<Progress>::new()));
        let into = sent.clone();
        let sink: ProgressSink = Arc::new(move |p: &Progress| {
            into.lock().expect("lock").push(p.clone());
        });
        let job = jobs.start("export-1", Some(sink)).expect("start");
        for done in 0..=1000 {
            job.report(Phase::Exporting, done, 1000);
        }
        let status = jobs.status("export-1").expect("status");
        assert_eq!(status.progress.done, 1000);
        assert_eq!(status.state, JobState::Running);
        let sent = sent.lock().expect("lock");
        assert_eq!(sent.len(), 101, "0 % to 100 %, each once");
        assert_eq!(sent.last().map(|p| p.done), Some(1000));
        let json = serde_json::to_value(&status).expect("json");
        assert_eq!(json["job_id"], "export-1");
        assert_eq!(json["phase"], "exporting");
        assert_eq!(json["state"], "running");
        drop(sent);
        job.end(Ok(())).expect("ok");
    }

    #[test]
    fn a_dropped_job_has_failed() {
        let jobs = Jobs::default();
        drop(jobs.start("x", None).expect("start"));
        assert_eq!(jobs.status("x").map(|s| s.state), Some(JobState::Failed));
    }
}

//! The open database as every door shares it: one writer and a small pool of readers (WAL).
//!
//! Invariants: at most one write transaction at a time, and it is always IMMEDIATE (the write
//! lock is taken at BEGIN, so two writers never deadlock on an upgrade); reads never wait for
//! a write, a render or an export (WAL readers see the last commit); an urgent write (a
//! check-in at the door) goes before every waiting normal write, though it cannot cut into a
//! transaction already running; a reader or the writer lent to a long job can be interrupted
//! (SQLite's `sqlite3_interrupt`), which stops its SQL at once.

use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard};

use rusqlite::{Connection, InterruptHandle, Transaction, TransactionBehavior};

use super::{configure, open, Opened, StorageError};

/// Readers kept open at most: a render, an export, a search and the live counts at once, on a
/// two-core office machine. A fifth reader waits for one of them.
pub const MAX_READERS: usize = 4;

/// Whether a write may wait behind other waiting writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WritePriority {
    /// Office work: edits, imports, audit entries.
    Normal,
    /// The door: a check-in goes before every waiting normal write.
    Urgent,
}

/// Something that can be told which connection its SQL runs on, so that cancelling it can
/// interrupt that SQL (a long job).
pub trait Interruptible {
    /// The SQL of this job now runs on the connection with `handle`.
    fn attach(&self, handle: InterruptHandle);
    /// The job's SQL has finished with the connection.
    fn detach(&self);
}

#[derive(Default)]
struct Gate {
    writing: bool,
    urgent_waiting: usize,
    normal_waiting: usize,
}

#[derive(Default)]
struct Readers {
    idle: Vec<Connection>,
    open: usize,
}

/// One change of [`Database::write_durable_each`], run in its own savepoint.
pub type DurableChange<'a, T, E> = Box<dyn FnOnce(&Transaction) -> Result<T, E> + 'a>;

/// An open Alumni Desk database: one writer, up to [`MAX_READERS`] readers.
pub struct Database {
    path: PathBuf,
    writer: Mutex<Connection>,
    gate: Mutex<Gate>,
    gate_turn: Condvar,
    readers: Mutex<Readers>,
    reader_free: Condvar,
}

/// What opening did besides opening: the schema upgrade and its backup copy.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    /// The schema version before migrations ran, if any ran on an existing database.
    pub upgraded_from: Option<u32>,
    /// The copy taken before migrating an existing database.
    pub pre_migration_backup: Option<PathBuf>,
}

impl Database {
    /// Opens (creating if missing, migrating) the database at `path`; readers open on demand.
    /// Errors: the refusals of [`super::open`] (not a database, another program's, newer).
    pub fn open(path: &Path) -> Result<(Database, OpenReport), StorageError> {
        let Opened {
            conn,
            upgraded_from,
            pre_migration_backup,
        } = open(path)?;
        let database = Database {
            path: path.to_owned(),
            writer: Mutex::new(conn),
            gate: Mutex::new(Gate::default()),
            gate_turn: Condvar::new(),
            readers: Mutex::new(Readers::default()),
            reader_free: Condvar::new(),
        };
        Ok((
            database,
            OpenReport {
                upgraded_from,
                pre_migration_backup,
            },
        ))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `read` on a reader; waits only when all [`MAX_READERS`] are busy.
    pub fn read<T, E: From<rusqlite::Error>>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let reader = self.reader()?;
        read(reader.conn())
    }

    /// Runs `read` on a reader whose SQL `job` can interrupt.
    pub fn read_for<T, E: From<rusqlite::Error>>(
        &self,
        job: &dyn Interruptible,
        read: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, E> {
        let reader = self.reader()?;
        job.attach(reader.conn().get_interrupt_handle());
        let result = read(reader.conn());
        job.detach();
        result
    }

    /// Runs `change` in one IMMEDIATE transaction, committed only if it returns `Ok`.
    pub fn write<T, E: From<rusqlite::Error>>(
        &self,
        priority: WritePriority,
        change: impl FnOnce(&Transaction) -> Result<T, E>,
    ) -> Result<T, E> {
        let mut writer = self.writer(priority);
        let tx = writer
            .conn()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = change(&tx)?;
        tx.commit()?;
        Ok(value)
    }

    /// Runs each of `changes` in a savepoint of one IMMEDIATE transaction, as an urgent write,
    /// and commits it with `synchronous=FULL`: when this returns, every change that returned
    /// `Ok` is on disk (the WAL is synced), so neither a crash nor a power cut can lose it. A
    /// change that returns `Err` is rolled back alone. Several door stations' check-ins arriving
    /// together share one commit (one sync) this way. Errors: the transaction's own failure
    /// (BEGIN or COMMIT), for all of them.
    pub fn write_durable_each<T, E: From<rusqlite::Error>>(
        &self,
        changes: Vec<DurableChange<'_, T, E>>,
    ) -> Result<Vec<Result<T, E>>, rusqlite::Error> {
        let mut writer = self.writer(WritePriority::Urgent);
        let conn = writer.conn();
        conn.pragma_update(None, "synchronous", "FULL")?;
        let outcome = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut results = Vec::with_capacity(changes.len());
            for change in changes {
                tx.execute_batch("SAVEPOINT door_change")?;
                let result = change(&tx);
                if result.is_ok() {
                    tx.execute_batch("RELEASE door_change")?;
                } else {
                    tx.execute_batch("ROLLBACK TO door_change; RELEASE door_change")?;
                }
                results.push(result);
            }
            tx.commit()?;
            Ok(results)
        })();
        // Office writes go back to NORMAL (WAL: a crash of the program loses nothing
        // committed; only a power cut can take the last few).
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        outcome
    }

    /// Lends the writer itself to `work` (for what manages its own transaction: an import that
    /// plans and applies under one lock, a restore), interruptible by `job`.
    pub fn with_writer<T>(
        &self,
        priority: WritePriority,
        job: Option<&dyn Interruptible>,
        work: impl FnOnce(&mut Connection) -> T,
    ) -> T {
        let mut writer = self.writer(priority);
        let conn = writer.conn();
        if let Some(job) = job {
            job.attach(conn.get_interrupt_handle());
        }
        let result = work(conn);
        if let Some(job) = job {
            job.detach();
        }
        result
    }

    /// Closes the idle readers, so the next read opens fresh ones (after a restore replaced
    /// the content under them).
    pub fn drop_idle_readers(&self) {
        let mut readers = lock(&self.readers);
        let closed = readers.idle.len();
        readers.idle.clear();
        readers.open -= closed;
    }

    /// Writers waiting for their turn now, as (urgent, normal).
    pub fn waiting_writers(&self) -> (usize, usize) {
        let gate = lock(&self.gate);
        (gate.urgent_waiting, gate.normal_waiting)
    }

    fn reader(&self) -> Result<Reader<'_>, rusqlite::Error> {
        let mut readers = lock(&self.readers);
        loop {
            if let Some(conn) = readers.idle.pop() {
                return Ok(Reader {
                    pool: self,
                    conn: Some(conn),
                });
            }
            if readers.open < MAX_READERS {
                readers.open += 1;
                drop(readers);
                return match self.open_reader() {
                    Ok(conn) => Ok(Reader {
                        pool: self,
                        conn: Some(conn),
                    }),
                    Err(e) => {
                        lock(&self.readers).open -= 1;
                        self.reader_free.notify_one();
                        Err(e)
                    }
                };
            }
            readers = self
                .reader_free
                .wait(readers)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn open_reader(&self) -> Result<Connection, rusqlite::Error> {
        let conn = Connection::open(&self.path)?;
        configure(&conn)?;
        // Readers only read: a write through one would bypass the writer's ordering.
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    }

    fn writer(&self, priority: WritePriority) -> Writer<'_> {
        let mut gate = lock(&self.gate);
        match priority {
            WritePriority::Urgent => gate.urgent_waiting += 1,
            WritePriority::Normal => gate.normal_waiting += 1,
        }
        while gate.writing || (priority == WritePriority::Normal && gate.urgent_waiting > 0) {
            gate = self
                .gate_turn
                .wait(gate)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        match priority {
            WritePriority::Urgent => gate.urgent_waiting -= 1,
            WritePriority::Normal => gate.normal_waiting -= 1,
        }
        gate.writing = true;
        drop(gate);
        Writer {
            pool: self,
            conn: lock(&self.writer),
        }
    }
}

/// A poisoned lock only means another thread panicked while holding it; the connection itself
/// is still consistent (SQLite rolls back an unfinished transaction), so carry on.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A reader lent out; handed back to the pool when dropped.
struct Reader<'a> {
    pool: &'a Database,
    /// Always `Some` until `drop` hands it back.
    conn: Option<Connection>,
}

impl Reader<'_> {
    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a lent reader holds its connection until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            lock(&self.pool.readers).idle.push(conn);
        }
        self.pool.reader_free.notify_one();
    }
}

struct Writer<'a> {
    pool: &'a Database,
    conn: MutexGuard<'a, Connection>,
}

impl Writer<'_> {
    fn conn(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        lock(&self.pool.gate).writing = false;
        self.pool.gate_turn.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::{Arc, Mutex};
    use std::thread;
    use std::time::{Duration, Instant};

    use super::*;

    fn database() -> (tempfile::TempDir, Arc<Database>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (db, _) = Database::open(&dir.path().join("pool.sqlite3")).expect("open");
        (dir, Arc::new(db))
    }

    /// Holds the writer inside a transaction until the returned sender is used.
    fn hold_writer(db: &Arc<Database>) -> (mpsc::Sender<()>, thread::JoinHandle<()>) {
        let (release, released) = mpsc::channel::<()>();
        let (held, holding) = mpsc::channel::<()>();
        let db = db.clone();
        let holder = thread::spawn(move || {
            db.write(WritePriority::Normal, |_tx| {
                held.send(()).expect("test");
                let _ = released.recv_timeout(Duration::from_secs(60));
                Ok::<_, rusqlite::Error>(())
            })
            .expect("hold");
        });
        holding.recv().expect("writer held");
        (release, holder)
    }

    /// Waits (bounded) until `ready` holds; the threads it waits for do no real work first.
    fn until(ready: impl Fn() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !ready() {
            assert!(Instant::now() < deadline, "never became ready");
            thread::yield_now();
        }
    }

    #[test]
    fn reads_are_answered_while_a_write_transaction_is_open() {
        let (_dir, db) = database();
        let (release, holder) = hold_writer(&db);
        let version: u32 = db
            .read(|conn| conn.pragma_query_value(None, "user_version", |r| r.get(0)))
            .expect("read while the writer is held");
        assert_eq!(version, super::super::SCHEMA_VERSION);
        release.send(()).expect("release");
        holder.join().expect("holder");
    }

    #[test]
    fn an_urgent_write_goes_before_waiting_normal_writes() {
        let (_dir, db) = database();
        let order = Arc::new(Mutex::new(Vec::new()));
        let (release, holder) = hold_writer(&db);
        let spawn = |priority: WritePriority, name: &'static str| {
            let (db, order) = (db.clone(), order.clone());
            thread::spawn(move || {
                db.write(priority, |_tx| {
                    order.lock().expect("lock").push(name);
                    Ok::<_, rusqlite::Error>(())
                })
                .expect("write");
            })
        };
        let normal = spawn(WritePriority::Normal, "office edit");
        until(|| db.waiting_writers() == (0, 1));
        let urgent = spawn(WritePriority::Urgent, "check-in");
        until(|| db.waiting_writers() == (1, 1));
        release.send(()).expect("release");
        holder.join().expect("holder");
        normal.join().expect("normal");
        urgent.join().expect("urgent");
        assert_eq!(
            *order.lock().expect("lock"),
            vec!["check-in", "office edit"]
        );
    }

    struct Handle(Mutex<Option<InterruptHandle>>, mpsc::Sender<()>);

    impl Interruptible for Handle {
        fn attach(&self, handle: InterruptHandle) {
            *self.0.lock().expect("lock") = Some(handle);
            self.1.send(()).expect("test");
        }
        fn detach(&self) {
            *self.0.lock().expect("lock") = None;
        }
    }

    #[test]
    fn a_long_read_is_stopped_by_its_jobs_interrupt() {
        let (_dir, db) = database();
        let (attached_tx, attached) = mpsc::channel();
        let job = Arc::new(Handle(Mutex::new(None), attached_tx));
        let reader = {
            let (db, job) = (db.clone(), job.clone());
            thread::spawn(move || {
                db.read_for(job.as_ref(), |conn| {
                    // Counts for ever unless interrupted.
                    conn.query_row(
                        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) \
                         SELECT count(*) FROM c",
                        [],
                        |r| r.get::<_, i64>(0),
                    )
                })
            })
        };
        attached.recv().expect("attached");
        // The statement may not have started yet: interrupt until the reader gives up.
        let deadline = Instant::now() + Duration::from_secs(30);
        while !reader.is_finished() {
            assert!(Instant::now() < deadline, "the read was never interrupted");
            if let Some(handle) = job.0.lock().expect("lock").as_ref() {
                handle.interrupt();
            }
            thread::sleep(Duration::from_millis(5));
        }
        let err = reader.join().expect("thread").expect_err("interrupted");
        assert!(
            matches!(&err, rusqlite::Error::SqliteFailure(e, _) if e.code == rusqlite::ErrorCode::OperationInterrupted),
            "{err}"
        );
        // The reader went back to the pool and still works.
        db.read(|conn| conn.query_row("SELECT 1", [], |r| r.get::<_, i64>(0)))
            .expect("reader usable");
    }
}

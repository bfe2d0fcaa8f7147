//! The demo's own mark in SQL: a settings row whose presence says "this is demo data".

use rusqlite::{params, Connection, Transaction};

/// The settings key that marks a database as demo data (its value is the seed).
const DEMO_MARK: &str = "demo_seed";

/// True when the database holds demo data rather than a real register.
pub fn is_demo(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM settings WHERE key = ?1)",
        [DEMO_MARK],
        |r| r.get(0),
    )
}

/// Marks the database as demo data made with `seed`.
pub(super) fn mark(tx: &Transaction, seed: u64) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)",
        params![DEMO_MARK, seed.to_string()],
    )?;
    Ok(())
}

//! Files the application writes: always atomically, so a failed or cancelled write never
//! leaves a half-written file where a good one was (or where the user expects one).
//!
//! Invariant: content goes to `NAME.part` beside the target, is flushed to disk, and is then
//! renamed over the target; on any failure the `.part` file is removed.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::AppError;

/// The temporary name beside `path` that a write goes to first.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Writes `bytes` to `path` atomically. Errors: `write_failed` naming `path`.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let partial = partial_path(path);
    let written = std::fs::File::create(&partial)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&partial, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        AppError::write_failed(path, e)
    })
}

/// A file name safe on every platform: path separators, characters Windows refuses and
/// control characters become `_`; leading dots and spaces go; an empty name becomes `fallback`.
pub fn safe_file_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim().to_owned();
    if cleaned.is_empty() {
        fallback.to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_part_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("a.pdf");
        std::fs::write(&path, b"old").expect("old");
        write_atomically(&path, b"new").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new");
        assert!(!partial_path(&path).exists());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().expect("dir");
        let missing = dir.path().join("no-such-folder").join("a.pdf");
        let err = write_atomically(&missing, b"x").expect_err("fails");
        assert_eq!(err.kind, crate::error::ErrorKind::WriteFailed);
    }

    #[test]
    fn file_names_lose_what_file_systems_refuse() {
        for (given, expected) in [
            ("签到表-第一次会议.pdf", "签到表-第一次会议.pdf"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("a:b*c?.pdf", "a_b_c_.pdf"),
            ("  ", "document.pdf"),
            (".hidden.pdf", "hidden.pdf"),
        ] {
            assert_eq!(safe_file_name(given, "document.pdf"), expected, "{given}");
        }
    }
}

//! Reads the crate's own sources and holds two boundaries of DESIGN.md: SQL lives only in
//! files named `store.rs` and under `storage/`, and no production source file grows past
//! [`MAX_LINES`] lines. Test files (`tests.rs`, `*_tests.rs`) are exempt from both: they check
//! outcomes against SQLite. A failure names the file and the line.

use std::path::{Path, PathBuf};

/// The most lines a production source file may have.
const MAX_LINES: usize = 800;

/// Calls that run SQL.
const CALLS: &[&str] = &[
    ".execute(",
    ".prepare(",
    ".prepare_cached(",
    ".query_row(",
    "execute_batch(",
    "query_map(",
];

/// Words a SQL statement starts with, each with words one of which must follow it somewhere in
/// the literal, so that a sentence such as "with the seal" or "update failed" is not taken for
/// SQL (all compared without regard to case).
const KEYWORDS: &[(&str, &[&str])] = &[
    ("SELECT", &[""]),
    ("INSERT", &[" INTO "]),
    ("UPDATE", &[" SET "]),
    ("DELETE", &[" FROM "]),
    ("WITH", &[" AS (", " AS("]),
    ("CREATE", &[" TABLE ", " INDEX ", " VIEW ", " TRIGGER "]),
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_file(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name == "tests.rs" || name.ends_with("_tests.rs")
}

fn may_hold_sql(relative: &str) -> bool {
    relative == "store.rs"
        || relative.ends_with("/store.rs")
        || relative.starts_with("storage/")
        || is_test_file(relative)
}

/// A piece of a source file: code outside strings and comments, or a string literal's content.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Code(String),
    Literal(String),
}

/// Splits a source into code and string literals (plain and raw), each with the line it starts
/// on; comments are dropped, and char literals are kept as code so a `'"'` opens no string.
fn pieces(source: &str) -> Vec<(usize, Piece)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut code = String::new();
    let mut code_line = 1;
    let mut line = 1;
    let mut i = 0;
    let flush = |code: &mut String, at: usize, out: &mut Vec<(usize, Piece)>| {
        if !code.is_empty() {
            out.push((at, Piece::Code(std::mem::take(code))));
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    line += 1;
                }
                i += 1;
            }
            i += 2;
            continue;
        }
        // A raw string: r"…", r#"…"#, br"…".
        let raw_start = if c == 'r' && matches!(next, Some('"') | Some('#')) {
            Some(i + 1)
        } else if c == 'b' && next == Some('r') {
            Some(i + 2)
        } else {
            None
        };
        let after_ident = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if let (Some(mut j), false) = (raw_start, after_ident) {
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) == Some(&'"') {
                flush(&mut code, code_line, &mut out);
                let start_line = line;
                let mut text = String::new();
                j += 1;
                loop {
                    match chars.get(j) {
                        None => break,
                        Some('"') if (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) => {
                            j += 1 + hashes;
                            break;
                        }
                        Some(&ch) => {
                            if ch == '\n' {
                                line += 1;
                            }
                            text.push(ch);
                            j += 1;
                        }
                    }
                }
                out.push((start_line, Piece::Literal(text)));
                i = j;
                code_line = line;
                continue;
            }
        }
        if c == '"' {
            flush(&mut code, code_line, &mut out);
            let start_line = line;
            let mut text = String::new();
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    text.push(chars[i]);
                    i += 1;
                }
                if let Some(&ch) = chars.get(i) {
                    if ch == '\n' {
                        line += 1;
                    }
                    text.push(ch);
                }
                i += 1;
            }
            i += 1;
            out.push((start_line, Piece::Literal(text)));
            code_line = line;
            continue;
        }
        // A char literal ('x', '\n', '\''), not a lifetime ('a).
        if c == '\'' {
            let escaped = next == Some('\\');
            let close = if escaped {
                chars[i + 2..]
                    .iter()
                    .take(10)
                    .position(|&ch| ch == '\'')
                    .map(|p| i + 2 + p)
            } else {
                (chars.get(i + 2) == Some(&'\'')).then_some(i + 2)
            };
            if let Some(end) = close {
                code.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
        }
        if c == '\n' {
            line += 1;
        }
        if code.is_empty() {
            code_line = line;
        }
        code.push(c);
        i += 1;
    }
    flush(&mut code, code_line, &mut out);
    out
}

/// The SQL found in a source: (line, what).
fn sql_in(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (start, piece) in pieces(source) {
        match piece {
            Piece::Code(code) => {
                for (offset, text) in code.split('\n').enumerate() {
                    for call in CALLS {
                        if text.contains(call) {
                            found.push((start + offset, format!("calls `{call}`")));
                        }
                    }
                }
            }
            Piece::Literal(text) => {
                let body = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\\');
                let upper = body.to_ascii_uppercase();
                // Line breaks and runs of spaces count as one space for the follower words.
                let spaced = format!(
                    "{} ",
                    upper.split_whitespace().collect::<Vec<_>>().join(" ")
                );
                for (keyword, followers) in KEYWORDS {
                    let statement = upper.starts_with(keyword)
                        && upper[keyword.len()..]
                            .chars()
                            .next()
                            .is_some_and(char::is_whitespace)
                        && followers.iter().any(|f| spaced.contains(f));
                    if statement {
                        found.push((start, format!("a `{keyword} …` statement")));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn the_scanner_finds_sql_and_only_sql() {
    let source = r##"
/// Runs `.execute(` in a doc comment, which is no call.
fn f(tx: &Transaction) {
    let quote = '"';
    let life: &'static str = "update";
    tx.execute(
        "
        UPDATE members SET name = ?1",
        [],
    );
    let text = r#"with "quotes" inside"#;
    let sql = r#"WITH RECURSIVE t AS (SELECT 1) SELECT * FROM t"#;
    let not_sql = ["Selected: {n}", "update failed: {e}", "Create a branch", "delete"];
    let also_sql = "INSERT OR IGNORE INTO t (a) VALUES (1)";
    let stmt = conn.prepare_cached(&format!("select {COLUMNS} from x"));
}
"##;
    let found = sql_in(source);
    assert_eq!(
        found,
        [
            (6, "calls `.execute(`".to_owned()),
            (7, "a `UPDATE …` statement".to_owned()),
            (12, "a `WITH …` statement".to_owned()),
            (14, "a `INSERT …` statement".to_owned()),
            (15, "calls `.prepare_cached(`".to_owned()),
            (15, "a `SELECT …` statement".to_owned()),
        ]
    );
    // And on a real store, which holds a good many statements.
    let store = include_str!("members/store.rs");
    let statements = sql_in(store)
        .into_iter()
        .filter(|(_, what)| what.ends_with("statement"))
        .count();
    assert!(
        statements > 20,
        "{statements} statements in members/store.rs"
    );
}

#[test]
fn sql_lives_only_in_stores_and_storage_and_no_source_is_too_long() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    assert!(
        files.len() > 20,
        "found the sources under {}",
        root.display()
    );
    let mut problems = Vec::new();
    for path in &files {
        let relative = path
            .strip_prefix(&root)
            .expect("under src")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if is_test_file(&relative) {
            continue;
        }
        let source =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let lines = source.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "src/{relative}: {lines} lines, more than {MAX_LINES}"
            ));
        }
        if !may_hold_sql(&relative) {
            for (line, what) in sql_in(&source) {
                problems.push(format!("src/{relative}:{line}: {what} outside a store.rs"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "SQL belongs in a store.rs (or storage/), and a source file stays under {MAX_LINES} lines:\n{}",
        problems.join("\n")
    );
}

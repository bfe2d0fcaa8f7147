//! The one place with operating-system-specific code: showing a file in the system's viewer,
//! listing printers and printing a PDF through each platform's own print service.
//!
//! Linux and macOS print through CUPS (`lp`, `lpstat`); Windows through PowerShell. Every
//! external program is started with `std::process::Command` and separate arguments, never a
//! shell string, and on Windows without a console window. Failures are typed `AppError`s
//! (`print_unavailable`, `print_failed`, `open_failed`, `invalid_input`) — never a panic.

use std::io::ErrorKind as IoErrorKind;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde::Serialize;
use serde_json::json;

use crate::error::{AppError, ErrorKind};

/// Copies one print job may ask for.
pub const MAX_COPIES: u32 = 999;

/// A printer the system knows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printer {
    /// The queue name as the print service knows it.
    pub name: String,
    /// The system's default printer.
    pub is_default: bool,
}

/// Refuses a copy count outside 1..=999 and a printer name a print command could take for an
/// option (a leading '-') or that holds control characters.
pub fn check_print_request(printer: Option<&str>, copies: u32) -> Result<(), AppError> {
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(AppError::new(
            ErrorKind::InvalidInput,
            json!({ "field": "copies", "reason": "out_of_range" }),
            format!("copies must be 1–{MAX_COPIES}, not {copies}"),
        ));
    }
    if let Some(name) = printer {
        let reason = if name.trim().is_empty() {
            Some("empty")
        } else if name.len() > 255 {
            Some("too_long")
        } else if name.starts_with('-') || name.chars().any(char::is_control) {
            Some("invalid")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(AppError::new(
                ErrorKind::InvalidInput,
                json!({ "field": "printer", "reason": reason }),
                format!("not a printer name: {name:?}"),
            ));
        }
    }
    Ok(())
}

/// How long `open_file` waits to hear whether the opener failed at once; a viewer that is
/// still running after that is taken as success.
const OPEN_WAIT: Duration = Duration::from_secs(3);

/// Shows a file in the system's default viewer (xdg-open on Linux, `open` on macOS,
/// `cmd /C start` on Windows). Returns once the viewer is on its way.
pub fn open_file(path: &Path) -> Result<(), AppError> {
    let mut command = opener(path);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let child = command.spawn().map_err(|e| {
        AppError::new(
            ErrorKind::OpenFailed,
            json!({ "path": path, "reason": e.to_string() }),
            format!("cannot start the file viewer for {}: {e}", path.display()),
        )
    })?;
    // Some openers (xdg-open on a bare X session) run the viewer in the foreground: a thread
    // waits for it, so the process is reaped whenever it ends, and the command does not block.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let outcome = child.wait_with_output();
        if sender.send(outcome).is_err() {
            log::debug!("the file viewer ended after the open command returned");
        }
    });
    match receiver.recv_timeout(OPEN_WAIT) {
        Ok(Ok(out)) if out.status.success() => Ok(()),
        Ok(Ok(out)) => {
            let detail = process_text(&out.stderr);
            Err(AppError::new(
                ErrorKind::OpenFailed,
                json!({ "path": path, "reason": detail }),
                format!(
                    "the file viewer could not open {} ({}): {detail}",
                    path.display(),
                    out.status
                ),
            ))
        }
        Ok(Err(e)) => Err(AppError::internal(format!(
            "waiting for the file viewer: {e}"
        ))),
        // Still running: the viewer is showing the file.
        Err(_) => Ok(()),
    }
}

#[cfg(target_os = "linux")]
fn opener(path: &Path) -> Command {
    let mut command = Command::new("xdg-open");
    command.arg(path);
    command
}

#[cfg(target_os = "macos")]
fn opener(path: &Path) -> Command {
    let mut command = Command::new("open");
    command.arg(path);
    command
}

#[cfg(windows)]
fn opener(path: &Path) -> Command {
    // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
    let mut command = no_window("cmd");
    command.args(["/C", "start", ""]).arg(path);
    command
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn opener(path: &Path) -> Command {
    let mut command = Command::new("xdg-open");
    command.arg(path);
    command
}

/// A command that opens no console window (the window binary has none to share).
#[cfg(windows)]
fn no_window(program: &str) -> Command {
    use std::os::windows::process::CommandExt;
    // CREATE_NO_WINDOW from the Win32 process creation flags.
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    let mut command = Command::new(program);
    command.creation_flags(CREATE_NO_WINDOW);
    command
}

/// The printers the system knows, the default marked; empty when there is no print service
/// (CUPS not installed) — that is a normal state, not an error.
pub fn printers() -> Vec<Printer> {
    match system_printers() {
        Ok(list) => list,
        Err(e) => {
            log::info!("no printer list: {e}");
            Vec::new()
        }
    }
}

/// Runs a program to the end; `NotFound` (the program is missing) stays recognisable.
fn run(mut command: Command) -> std::io::Result<Output> {
    command.stdin(Stdio::null()).output()
}

/// A program's output as text, trimmed; invalid UTF-8 shown with replacement characters.
fn process_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_owned()
}

// ---------- CUPS (Linux, macOS and other Unix) ----------

/// A CUPS command with English messages, whose output is parsed.
#[cfg(not(windows))]
fn cups(program: &str) -> Command {
    let mut command = Command::new(program);
    // CUPS translates its messages ("request id is …"); the parsers read the C locale's.
    command
        .env_remove("LC_ALL")
        .env_remove("LANGUAGE")
        .env("LC_MESSAGES", "C");
    command
}

#[cfg(not(windows))]
fn system_printers() -> Result<Vec<Printer>, String> {
    let mut names = Vec::new();
    let listed = run({
        let mut c = cups("lpstat");
        c.arg("-e");
        c
    })
    .map_err(|e| format!("lpstat: {e}"))?;
    if listed.status.success() {
        names = parse_lpstat_e(&process_text(&listed.stdout));
    } else {
        // CUPS before 2.2 has no -e; `lpstat -a` names each queue first on its line.
        let accepting = run({
            let mut c = cups("lpstat");
            c.arg("-a");
            c
        })
        .map_err(|e| format!("lpstat: {e}"))?;
        if accepting.status.success() {
            names = parse_lpstat_a(&process_text(&accepting.stdout));
        }
    }
    let default = run({
        let mut c = cups("lpstat");
        c.arg("-d");
        c
    })
    .ok()
    .filter(|out| out.status.success())
    .and_then(|out| parse_lpstat_d(&process_text(&out.stdout)));
    Ok(mark_default(names, default.as_deref()))
}

/// Prints a PDF: CUPS `lp [-d PRINTER] -n COPIES -- PATH`. Returns the job as CUPS names it,
/// e.g. `Office-12`. `printer` None prints on the system default.
#[cfg(not(windows))]
pub fn print_file(path: &Path, printer: Option<&str>, copies: u32) -> Result<String, AppError> {
    check_print_request(printer, copies)?;
    let mut command = cups("lp");
    command.args(lp_args(printer, copies)).arg(path);
    let out = run(command).map_err(|e| unavailable("lp", &e))?;
    let stdout = process_text(&out.stdout);
    if !out.status.success() {
        let stderr = process_text(&out.stderr);
        let detail = if stderr.is_empty() { stdout } else { stderr };
        return Err(print_failed(&detail));
    }
    Ok(parse_lp_job(&stdout).unwrap_or(stdout))
}

/// The arguments of `lp` before the file: the file comes after `--`, so no name can be an option.
#[cfg_attr(windows, allow(dead_code))]
fn lp_args(printer: Option<&str>, copies: u32) -> Vec<String> {
    let mut args = Vec::new();
    if let Some(name) = printer {
        args.push("-d".to_owned());
        args.push(name.to_owned());
    }
    args.push("-n".to_owned());
    args.push(copies.to_string());
    args.push("--".to_owned());
    args
}

/// The job id from `lp`'s "request id is Office-12 (1 file(s))".
#[cfg_attr(windows, allow(dead_code))]
fn parse_lp_job(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        let (_, rest) = line.split_once("request id is ")?;
        rest.split_whitespace().next().map(str::to_owned)
    })
}

/// `lpstat -e`: one destination per line.
#[cfg_attr(windows, allow(dead_code))]
fn parse_lpstat_e(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `lpstat -a`: "Office accepting requests since …" — the first word names the queue.
#[cfg_attr(windows, allow(dead_code))]
fn parse_lpstat_a(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

/// `lpstat -d`: "system default destination: Office", or "no system default destination".
#[cfg_attr(windows, allow(dead_code))]
fn parse_lpstat_d(stdout: &str) -> Option<String> {
    stdout.lines().find_map(|line| {
        let (label, name) = line.rsplit_once(':')?;
        let name = name.trim();
        (label.contains("default") && !name.is_empty()).then(|| name.to_owned())
    })
}

/// The names in order, the default marked; a default not among them is listed too (a
/// destination `lpstat -e` hides, e.g. an instance).
fn mark_default(names: Vec<String>, default: Option<&str>) -> Vec<Printer> {
    let mut printers: Vec<Printer> = names
        .into_iter()
        .map(|name| Printer {
            is_default: Some(name.as_str()) == default,
            name,
        })
        .collect();
    if let Some(default) = default {
        if !printers.iter().any(|p| p.is_default) {
            printers.insert(
                0,
                Printer {
                    name: default.to_owned(),
                    is_default: true,
                },
            );
        }
    }
    printers
}

fn unavailable(program: &str, e: &std::io::Error) -> AppError {
    let message = if e.kind() == IoErrorKind::NotFound {
        format!("{program} is not installed: no print service")
    } else {
        format!("cannot start {program}: {e}")
    };
    AppError::new(
        ErrorKind::PrintUnavailable,
        json!({ "program": program }),
        message,
    )
}

fn print_failed(detail: &str) -> AppError {
    log::warn!("printing failed: {detail}");
    AppError::new(
        ErrorKind::PrintFailed,
        json!({ "detail": detail }),
        format!("the print service refused the job: {detail}"),
    )
}

// ---------- Windows ----------

/// PowerShell without a profile or a console window; output forced to UTF-8 because printer
/// names are often Chinese and the console's code page is not.
#[cfg(windows)]
fn powershell(script: &str) -> Command {
    let script = format!("[Console]::OutputEncoding = [Text.Encoding]::UTF8; {script}");
    let mut command = no_window("powershell");
    command.args([
        "-NoProfile",
        "-NonInteractive",
        "-ExecutionPolicy",
        "Bypass",
        "-Command",
        script.as_str(),
    ]);
    command
}

#[cfg(windows)]
fn system_printers() -> Result<Vec<Printer>, String> {
    // Get-Printer has no default flag; Win32_Printer's Default property names it.
    let script = "$d = (Get-CimInstance -ClassName Win32_Printer -Filter 'Default=TRUE').Name; \
                  Get-Printer | ForEach-Object { $_.Name }; \"`n*default*`t$d\"";
    let out = run(powershell(script)).map_err(|e| format!("powershell: {e}"))?;
    if !out.status.success() {
        return Err(process_text(&out.stderr));
    }
    let text = process_text(&out.stdout);
    let mut names = Vec::new();
    let mut default = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix("*default*") {
            Some(rest) => default = Some(rest.trim().to_owned()).filter(|d| !d.is_empty()),
            None => names.push(line.to_owned()),
        }
    }
    Ok(mark_default(names, default.as_deref()))
}

/// Prints a PDF on Windows through the shell's print verb of the registered PDF application:
/// PowerShell `Start-Process -FilePath PATH -Verb PrintTo -ArgumentList "PRINTER"` (or
/// `-Verb Print` for the default printer), started once per copy because the verb has no copy
/// count. It needs a PDF application that registers those verbs (Adobe Reader, SumatraPDF…;
/// Edge does not), and the job id is not known, so the text returned names the printer.
/// Untested here: written against the documented verbs, checked on Linux only.
#[cfg(windows)]
pub fn print_file(path: &Path, printer: Option<&str>, copies: u32) -> Result<String, AppError> {
    check_print_request(printer, copies)?;
    // Single quotes in PowerShell literals are doubled; paths and names arrive as literals only.
    let quote = |s: &str| format!("'{}'", s.replace('\'', "''"));
    let file = quote(&path.to_string_lossy());
    let one = match printer {
        Some(name) => format!(
            "Start-Process -FilePath {file} -Verb PrintTo -ArgumentList {} -WindowStyle Hidden",
            quote(&format!("\"{name}\""))
        ),
        None => format!("Start-Process -FilePath {file} -Verb Print -WindowStyle Hidden"),
    };
    // No -Wait: a PDF reader may stay open after printing, and the job is with the spooler.
    let script =
        format!("$ErrorActionPreference = 'Stop'; 1..{copies} | ForEach-Object {{ {one} }}");
    let out = run(powershell(&script)).map_err(|e| unavailable("powershell", &e))?;
    if !out.status.success() {
        return Err(print_failed(&process_text(&out.stderr)));
    }
    Ok(printer.unwrap_or("default").to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lp_arguments_put_the_file_after_the_options() {
        let cases: [(Option<&str>, u32, &[&str]); 3] = [
            (None, 1, &["-n", "1", "--"]),
            (Some("Office"), 2, &["-d", "Office", "-n", "2", "--"]),
            (
                Some("会议室 打印机"),
                999,
                &["-d", "会议室 打印机", "-n", "999", "--"],
            ),
        ];
        for (printer, copies, expected) in cases {
            assert_eq!(lp_args(printer, copies), expected, "{printer:?} × {copies}");
        }
    }

    #[test]
    fn print_requests_are_checked() {
        // (printer, copies, the refused field and reason or None).
        type Case<'a> = (Option<&'a str>, u32, Option<(&'a str, &'a str)>);
        let long = "x".repeat(300);
        let cases: [Case; 8] = [
            (None, 1, None),
            (Some("Office"), 999, None),
            (None, 0, Some(("copies", "out_of_range"))),
            (None, 1000, Some(("copies", "out_of_range"))),
            (Some("-oraw"), 1, Some(("printer", "invalid"))),
            (Some("Off\nice"), 1, Some(("printer", "invalid"))),
            (Some("  "), 1, Some(("printer", "empty"))),
            (Some(&long), 1, Some(("printer", "too_long"))),
        ];
        for (printer, copies, expected) in cases {
            let got = check_print_request(printer, copies).err().map(|e| {
                assert_eq!(e.kind, ErrorKind::InvalidInput);
                (
                    e.params["field"].as_str().unwrap_or_default().to_owned(),
                    e.params["reason"].as_str().unwrap_or_default().to_owned(),
                )
            });
            let expected = expected.map(|(f, r)| (f.to_owned(), r.to_owned()));
            assert_eq!(got, expected, "{printer:?} × {copies}");
        }
    }

    #[test]
    fn lp_job_ids_are_read_from_its_output() {
        let cases = [
            ("request id is Office-12 (1 file(s))", Some("Office-12")),
            ("request id is Fake-1 (1 file(s))\n", Some("Fake-1")),
            (
                "lp: warning\nrequest id is HP_LaserJet-305 (1 file(s))",
                Some("HP_LaserJet-305"),
            ),
            ("", None),
            ("something else", None),
        ];
        for (stdout, expected) in cases {
            assert_eq!(parse_lp_job(stdout).as_deref(), expected, "{stdout:?}");
        }
    }

    #[test]
    fn lpstat_output_is_parsed() {
        assert_eq!(
            parse_lpstat_e("Office\nHP_LaserJet\n\n"),
            ["Office", "HP_LaserJet"]
        );
        assert_eq!(
            parse_lpstat_a(
                "Office accepting requests since Mon 01 Jan\nPDF accepting requests since"
            ),
            ["Office", "PDF"]
        );
        let defaults = [
            ("system default destination: Office", Some("Office")),
            (
                "system default destination: HP_LaserJet\n",
                Some("HP_LaserJet"),
            ),
            ("no system default destination", None),
            ("", None),
        ];
        for (stdout, expected) in defaults {
            assert_eq!(parse_lpstat_d(stdout).as_deref(), expected, "{stdout:?}");
        }
    }

    #[test]
    fn the_default_printer_is_marked_and_never_lost() {
        let names = || vec!["A".to_owned(), "B".to_owned()];
        let marked = mark_default(names(), Some("B"));
        assert_eq!(
            marked
                .iter()
                .map(|p| (p.name.as_str(), p.is_default))
                .collect::<Vec<_>>(),
            [("A", false), ("B", true)]
        );
        assert!(mark_default(names(), None).iter().all(|p| !p.is_default));
        let hidden = mark_default(names(), Some("C"));
        assert_eq!((hidden[0].name.as_str(), hidden[0].is_default), ("C", true));
        assert_eq!(hidden.len(), 3);
    }

    #[test]
    fn a_missing_print_service_is_its_own_kind() {
        let e = unavailable("lp", &std::io::Error::from(IoErrorKind::NotFound));
        assert_eq!(e.kind, ErrorKind::PrintUnavailable);
        assert!(e.message.contains("not installed"));
        let failed = print_failed("lp: Error - no default destination available.");
        assert_eq!(failed.kind, ErrorKind::PrintFailed);
        assert_eq!(
            failed.params["detail"],
            "lp: Error - no default destination available."
        );
    }

    #[cfg(unix)]
    #[test]
    fn printing_without_lp_on_path_is_print_unavailable() {
        // Only this test's child sees the empty PATH; the test process keeps its own.
        let mut command = cups("lp");
        command.env("PATH", "/nonexistent").arg("/tmp/x.pdf");
        let e = run(command)
            .map_err(|e| unavailable("lp", &e))
            .expect_err("no lp");
        assert_eq!(e.kind, ErrorKind::PrintUnavailable);
    }
}

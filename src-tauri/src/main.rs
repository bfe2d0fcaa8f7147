//! Alumni Desk's one binary: no arguments opens the window, a subcommand runs headless.

// The window must not open a console on Windows; a command attaches to its terminal's console
// (`attach_parent_console`).
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

mod app;
mod cli;
mod commands;
mod dialogs;
mod door;
mod error;
mod paths;
mod platform;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let mut cli = cli::Cli::parse();
    match cli.command.take() {
        Some(command) => {
            attach_parent_console();
            // The CLI's contract is one line on stderr for a failure: logs only on request.
            init_logging("off");
            cli::run(cli, command)
        }
        None => {
            init_logging("info");
            app::run(cli)
        }
    }
}

/// A Windows release build is a windows-subsystem program, started without a console: a
/// command run from a terminal prints to that terminal by attaching to its console (from the
/// Start menu there is none, and nothing changes). Output redirected to a file or a pipe keeps
/// its handles. Everywhere else (and in debug builds, console programs) there is nothing to do.
#[cfg(all(windows, not(debug_assertions)))]
fn attach_parent_console() {
    // Fails when the parent has no console (the Explorer): then there is nowhere to print.
    let _ = winsafe::AttachConsole(winsafe::PidParent::Parent);
}

#[cfg(not(all(windows, not(debug_assertions))))]
fn attach_parent_console() {}

fn init_logging(default_filter: &str) {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_filter))
        .init();
}

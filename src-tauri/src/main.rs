//! Alumni Desk's one binary: no arguments opens the window, a subcommand runs headless.

// The window must not open a console on Windows. (The CLI then needs its parent's console:
// see README "Windows".)
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

fn init_logging(default_filter: &str) {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default_filter))
        .init();
}

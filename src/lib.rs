//! trigger-privatelink: builds and checks the AWS PrivateLink side of a Trigger.dev
//! private connection. `main` parses the command line, runs one command and maps the
//! outcome to an exit code; everything else lives in the modules below.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod connection;
pub mod docs;
pub mod doctor;
pub mod error;
mod exit;
pub mod iam;
pub mod plan;
pub mod setup;
pub mod snapshot;
pub mod suggest;
pub mod terraform;
pub mod ui;
pub mod validate;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::Cli;

/// Entry point for the binary: parse, run on a Tokio runtime, report.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return exit::report_clap(err),
    };
    let ui = ui::Ui::new(cli.global.ui_options());
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| anyhow::Error::new(err).context("could not start the async runtime"))
        .and_then(|runtime| runtime.block_on(commands::run(cli, &ui)));
    match outcome {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) => exit::report(&ui, &err),
    }
}

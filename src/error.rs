//! Exit codes, the two kinds of failure, and how a failure is printed.
//!
//! Exit codes: 0 success; 1 a failure on the AWS side (or the network, or a check
//! that failed); 2 invalid input: a flag or value is wrong, or names something that
//! does not exist. Input errors are detected before anything is created.

use std::process::ExitCode;

use crate::aws::AwsCallError;
use crate::ui::Ui;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    Success = 0,
    Failure = 1,
    Usage = 2,
    /// The user stopped at a prompt (Ctrl-C, Esc): nothing was done.
    Cancelled = 130,
}

/// The user asked for something that cannot be done as asked. Exit code 2.
/// The message names the flag or value at fault.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    pub message: String,
}

/// The user left a prompt (Ctrl-C, Esc) before anything was applied. Exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("{command} cancelled; nothing was created or changed")]
pub struct Cancelled {
    pub command: &'static str,
}

/// Ctrl-C while a plan was being applied: the steps before it are done, and the same
/// command run again finishes the work. Exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted after {done} of {total} steps; run the same command again to finish")]
pub struct Interrupted {
    pub done: usize,
    pub total: usize,
}

/// Shorthand for returning a [`UsageError`] from a function that returns `anyhow::Result`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError { message: message.into() }.into()
}

/// Print `error: …` (the whole cause chain on one line) and, when one is known,
/// `hint: …` on the next; return the exit code for the error's kind.
pub fn report(ui: &Ui, err: &anyhow::Error) -> ExitCode {
    if let Some(cancelled) = err.downcast_ref::<Cancelled>() {
        ui.line(&cancelled.to_string());
        return ExitCode::from(ExitStatus::Cancelled as u8);
    }
    if let Some(interrupted) = err.downcast_ref::<Interrupted>() {
        ui.line(&format!("\n{interrupted}"));
        return ExitCode::from(ExitStatus::Cancelled as u8);
    }
    let chain: Vec<String> = err.chain().map(|cause| cause.to_string()).collect();
    ui.error_line(&dedup_chain(&chain).join(": "));
    if let Some(hint) = err.chain().find_map(|cause| cause.downcast_ref::<AwsCallError>()).and_then(AwsCallError::hint) {
        ui.hint_line(&hint);
    }
    let status = if err.chain().any(|cause| cause.is::<UsageError>()) { ExitStatus::Usage } else { ExitStatus::Failure };
    ExitCode::from(status as u8)
}

/// Drop causes whose text is already part of the previous one (SDK errors often repeat).
fn dedup_chain(chain: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for cause in chain {
        if !kept.last().is_some_and(|previous| previous.contains(cause.as_str())) {
            kept.push(cause.clone());
        }
    }
    kept
}

/// clap's own errors span several lines; bad input gets one line naming the flag.
pub fn report_clap(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = err.print();
        let code = if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { ExitStatus::Usage } else { ExitStatus::Success };
        return ExitCode::from(code as u8);
    }
    crate::ui::stderr_line(&format!("error: {}", one_line(&err.render().to_string())));
    ExitCode::from(ExitStatus::Usage as u8)
}

fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.is_empty())
        .map(|line| line.trim_start_matches("error: "))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_errors_fold_to_one_line() {
        let rendered = "error: the following required arguments were not provided:\n  --name <NAME>\n\nUsage: x --name <NAME>\n\nFor more information, try '--help'.\n";
        assert_eq!(one_line(rendered), "the following required arguments were not provided: --name <NAME>");
    }

    #[test]
    fn repeated_causes_are_dropped() {
        let chain = vec!["dispatch failure: io error: refused".to_string(), "io error: refused".to_string(), "refused".to_string()];
        assert_eq!(dedup_chain(&chain), vec!["dispatch failure: io error: refused".to_string()]);
    }
}

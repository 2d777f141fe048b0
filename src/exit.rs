//! How a run ends: the exit code for its outcome, and a failure printed as one
//! `error:` line (the whole cause chain) with a `hint:` when one is known.

use std::process::ExitCode;

use crate::aws::AwsCallError;
use crate::error::{Cancelled, ExitStatus, Interrupted, UsageError};
use crate::ui::Ui;

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

//! How a run ends: the exit code for its outcome, and a failure printed as one
//! `error:` line (the whole cause chain) with a `hint:` when one is known.

use std::process::ExitCode;

use crate::aws::AwsCallError;
use crate::error::{Back, Cancelled, ExitStatus, Interrupted, Refused, UsageError, WaitStopped};
use crate::ui::{OutputFormat, Ui};

/// Print `error: …` (the whole cause chain on one line) and, when one is known,
/// `hint: …` on the next; with `--output json`, the same as one JSON object on stdout
/// too, so a script can parse every outcome. Returns the exit code for the error's kind.
pub fn report(ui: &Ui, err: &anyhow::Error) -> ExitCode {
    let aws_error = err.chain().find_map(|cause| cause.downcast_ref::<AwsCallError>());
    let hint = aws_error.and_then(AwsCallError::hint);
    let (status, kind) = if err.is::<Cancelled>() || err.is::<Interrupted>() || err.is::<WaitStopped>() || err.is::<Back>() {
        (ExitStatus::Cancelled, "cancelled")
    } else if err.chain().any(|cause| cause.is::<UsageError>()) {
        (ExitStatus::Usage, "usage")
    } else if err.chain().any(|cause| cause.is::<Refused>()) {
        (ExitStatus::Refused, "refused")
    } else if aws_error.is_some_and(AwsCallError::is_credentials) {
        (ExitStatus::Failure, "credentials")
    } else if aws_error.is_some_and(|e| !e.reached_aws) {
        (ExitStatus::Failure, "network")
    } else {
        (ExitStatus::Failure, "aws")
    };
    let message = dedup_chain(&err.chain().map(|cause| cause.to_string()).collect::<Vec<_>>()).join(": ");
    match status {
        ExitStatus::Cancelled if err.is::<Interrupted>() || err.is::<WaitStopped>() => ui.line(&format!("\n{message}")),
        ExitStatus::Cancelled => ui.line(&message),
        _ => {
            ui.error_line(&message);
            if let Some(hint) = &hint {
                ui.hint_line(hint);
            }
        }
    }
    if ui.output == OutputFormat::Json {
        ui.emit_json(&serde_json::json!({"error": {"kind": kind, "message": message, "hint": hint}}));
    }
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

/// A usage error found by clap: on a terminal, in clap's own layout (the error, its tip,
/// the usage line); elsewhere one line naming the flag, with the tip as the hint (and
/// in JSON's `hint`).
pub fn report_clap(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(err.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand) {
        let _ = err.print();
        let code = if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand { ExitStatus::Usage } else { ExitStatus::Success };
        return ExitCode::from(code as u8);
    }
    let rendered = err.render().to_string();
    let invalid_value = invalid_value_message(&err);
    let hint = tip(&rendered);
    // There is no Ui yet: --color and --output are looked for in the words as typed.
    let args: Vec<String> = std::env::args().collect();
    let color = crate::ui::stderr_color_from_args(&args);
    // A refused value reads better as our one line (the value shown once); the rest in
    // clap's layout on a terminal.
    let clap_layout = crate::ui::stderr_is_terminal() && invalid_value.is_none();
    let message = invalid_value.unwrap_or_else(|| one_line(&rendered));
    if clap_layout {
        let _ = err.print();
    } else {
        crate::ui::error_line(&message, color);
        if let Some(hint) = &hint {
            crate::ui::hint_line(hint, color);
        }
    }
    if args.windows(2).any(|w| w[0] == "--output" && w[1] == "json") || args.iter().any(|a| a == "--output=json") {
        crate::ui::stdout_line(&serde_json::json!({"error": {"kind": "usage", "message": message, "hint": hint}}).to_string());
    }
    ExitCode::from(ExitStatus::Usage as u8)
}

/// clap's `tip: …` line (a similar flag or value), without the prefix.
fn tip(rendered: &str) -> Option<String> {
    rendered.lines().map(str::trim).find_map(|line| line.strip_prefix("tip: ")).map(str::to_string)
}

/// A value a flag's check refused: `--name: 'Orders' must be …`, the value shown once
/// (and shortened when long), not once by clap and again by the check.
fn invalid_value_message(err: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue};
    if err.kind() != clap::error::ErrorKind::ValueValidation {
        return None;
    }
    let ContextValue::String(arg) = err.get(ContextKind::InvalidArg)? else { return None };
    let ContextValue::String(value) = err.get(ContextKind::InvalidValue)? else { return None };
    let flag = arg.split_whitespace().next().unwrap_or(arg);
    let reason = std::error::Error::source(err)?.to_string();
    let shown = shorten(value);
    Some(if !value.trim().is_empty() && reason.contains(value.as_str()) {
        format!("{flag}: {}", reason.replace(value.as_str(), &shown))
    } else if value.trim().is_empty() {
        format!("{flag}: {reason}")
    } else {
        format!("{flag} '{shown}': {reason}")
    })
}

/// A value as an error shows it: whole up to 64 characters, else its start and length.
pub fn shorten(value: &str) -> String {
    const LONGEST: usize = 64;
    if value.chars().count() <= LONGEST {
        return value.to_string();
    }
    let start: String = value.chars().take(24).collect();
    format!("{start}… ({} characters)", value.chars().count())
}

fn one_line(rendered: &str) -> String {
    rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .filter(|line| !line.is_empty() && !line.starts_with("tip:"))
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
    fn the_tip_is_the_hint_not_part_of_the_message() {
        let rendered =
            "error: unexpected argument '--acount-id' found\n\n  tip: a similar argument exists: '--account-id'\n\nUsage: x setup\n";
        assert_eq!(one_line(rendered), "unexpected argument '--acount-id' found");
        assert_eq!(tip(rendered).as_deref(), Some("a similar argument exists: '--account-id'"));
    }

    #[test]
    fn repeated_causes_are_dropped() {
        let chain = vec!["dispatch failure: io error: refused".to_string(), "io error: refused".to_string(), "refused".to_string()];
        assert_eq!(dedup_chain(&chain), vec!["dispatch failure: io error: refused".to_string()]);
    }
}

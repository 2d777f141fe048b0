//! Exit codes and the kinds of failure (printed by `exit.rs`).
//!
//! Exit codes: 0 success; 1 a failure on the AWS side (or the network, or a check
//! that failed); 2 invalid input: a flag or value is wrong, or names something that
//! does not exist. Input errors are detected before anything is created. 130: the
//! user stopped it (Ctrl-C, Esc).

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    Success = 0,
    Failure = 1,
    Usage = 2,
    /// The tool declines, because of the state things are in: teardown while
    /// Trigger.dev is connected (without --force).
    Refused = 3,
    /// The user stopped it: at a prompt (nothing was done), or while a plan ran
    /// (the steps before are done; the same command finishes the work).
    Cancelled = 130,
}

/// The user asked for something that cannot be done as asked. Exit code 2.
/// The message names the flag or value at fault.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    pub message: String,
}

/// What was asked cannot be done safely as things stand (not bad input). Exit code 3.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Refused {
    pub message: String,
}

/// The user left a prompt (Ctrl-C, Esc) before anything was applied. Exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("{command} cancelled; nothing was created or changed")]
pub struct Cancelled {
    pub command: &'static str,
}

/// Esc at a prompt: the wizard goes back one question; anywhere else (or at the wizard's
/// first question) it cancels, as [`Cancelled`]. Exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("{command} cancelled; nothing was created or changed")]
pub struct Back {
    pub command: &'static str,
}

/// Ctrl-C while a plan was being applied: `done` steps are done, and the same command
/// run again finishes the work. Exit code 130.
#[derive(Debug, thiserror::Error)]
#[error("interrupted after {done} of {total} steps; run the same command again to finish{}",
    if *under_way { format!("; step {} was under way and may have taken effect", done + 1) } else { String::new() })]
pub struct Interrupted {
    pub done: usize,
    pub total: usize,
    /// The next step's write had not answered when the run stopped.
    pub under_way: bool,
}

/// Ctrl-C stopped a wait inside a write (for a load balancer to become active, say):
/// the write's change is made, the wait for it is not over.
#[derive(Debug, thiserror::Error)]
#[error("stopped while {what}")]
pub struct WaitStopped {
    pub what: String,
}

/// Shorthand for returning a [`UsageError`] from a function that returns `anyhow::Result`.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError { message: message.into() }.into()
}

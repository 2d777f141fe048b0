//! Ctrl-C. While a plan runs, the executor stops between writes and says how far it
//! got ([`requested`]); at any other time (a prompt, a read) the command ends at once
//! with 130, saying it was cancelled and nothing was changed.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::Notify;

static APPLYING: AtomicBool = AtomicBool::new(false);
static PRESSED: AtomicBool = AtomicBool::new(false);
static REQUESTED: OnceLock<Notify> = OnceLock::new();

fn notify() -> &'static Notify {
    REQUESTED.get_or_init(Notify::new)
}

/// Listens for Ctrl-C for the rest of the run; `command` names what is cancelled.
pub fn install(command: &'static str) {
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            if APPLYING.load(Ordering::SeqCst) {
                PRESSED.store(true, Ordering::SeqCst);
                notify().notify_waiters();
                continue;
            }
            // A prompt may have hidden the cursor; only a terminal has one to show.
            let stderr = console::Term::stderr();
            if stderr.is_term() {
                let _ = stderr.show_cursor();
            }
            eprintln!("\n{}", crate::error::Cancelled { command });
            std::process::exit(crate::error::ExitStatus::Cancelled as i32);
        }
    });
}

/// Resolves when Ctrl-C is pressed while a plan is being applied; from the first call
/// on, Ctrl-C no longer ends the process but this.
pub async fn requested() {
    APPLYING.store(true, Ordering::SeqCst);
    let notified = notify().notified();
    tokio::pin!(notified);
    // Registered before the flag is read, so a press in between is not lost.
    notified.as_mut().enable();
    if !PRESSED.load(Ordering::SeqCst) {
        notified.await;
    }
}

/// Forgets a press that has been answered (a wait stopped by it), so that the clean-up
/// that follows runs its writes; a second press stops that too.
pub fn answered() {
    PRESSED.store(false, Ordering::SeqCst);
}

//! Waiting for AWS to finish something, without the SDK waiters' 15-second minimum delay.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::ui::Ui;

/// How a poll ended.
pub enum Polled<T> {
    Ready(T),
    Pending(String),
}

/// Calls `check` with a short, bounded backoff (0.25 s doubling to 1 s) until it is
/// ready or `timeout` passes; shows `what` and the current state on a spinner.
pub async fn until_ready<T, F, Fut>(ui: &Ui, what: &str, timeout: Duration, mut check: F) -> anyhow::Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = anyhow::Result<Polled<T>>>,
{
    let started = Instant::now();
    let progress = ui.progress(what);
    let mut delay = Duration::from_millis(250);
    loop {
        match check().await? {
            Polled::Ready(value) => {
                progress.finish(&format!("{what}: done after {:.1} s", started.elapsed().as_secs_f64()));
                return Ok(value);
            }
            Polled::Pending(state) => {
                let waited = started.elapsed();
                if waited >= timeout {
                    progress.abandon();
                    anyhow::bail!(
                        "{what}: still {state} after {} s; run the same command again to keep waiting (or raise --wait-timeout)",
                        waited.as_secs()
                    );
                }
                progress.set_message(&format!("{what}: {state} ({} s)", waited.as_secs()));
                tokio::time::sleep(delay.min(timeout.saturating_sub(waited))).await;
                delay = (delay * 2).min(Duration::from_secs(1));
            }
        }
    }
}

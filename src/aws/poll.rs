//! Waiting for AWS to finish something, without the SDK waiters' 15-second minimum delay.

use std::future::Future;
use std::time::{Duration, Instant};

use crate::aws::AwsCallError;
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
    // Shown from the first answer that is not ready: a wait that does not wait prints nothing.
    let mut progress: Option<crate::ui::Progress> = None;
    let mut delay = Duration::from_millis(250);
    loop {
        match check().await? {
            Polled::Ready(value) => {
                if let Some(progress) = &progress {
                    progress.finish(&format!("{what}: done after {:.1} s", started.elapsed().as_secs_f64()));
                }
                return Ok(value);
            }
            Polled::Pending(state) => {
                let progress = progress.get_or_insert_with(|| ui.progress(what));
                let waited = started.elapsed();
                if waited >= timeout {
                    progress.abandon();
                    anyhow::bail!(
                        "{what}: still {state} after {} s; run the same command again to keep waiting (or raise --wait-timeout)",
                        waited.as_secs()
                    );
                }
                progress.set_message(&format!("{what}: {state} ({} s)", waited.as_secs()));
                // Ctrl-C ends the wait at once: the plan's executor says how far it got.
                tokio::select! {
                    () = tokio::time::sleep(delay.min(timeout.saturating_sub(waited))) => {}
                    () = crate::ui::interrupt::requested() => {
                        progress.abandon();
                        return Err(crate::error::WaitStopped { what: what.to_string() }.into());
                    }
                }
                delay = (delay * 2).min(Duration::from_secs(1));
            }
        }
    }
}

/// Deletes through `attempt` (which takes "not found" as done), waiting while AWS answers
/// `busy` because a deleted load balancer is still letting go of `resource` (minutes, in
/// AWS). When `holders` names load balancers that hold it now (made after this run read
/// the account: a setup running beside it), they will not let go, so that stops.
pub async fn delete_when_released<A, AF, H, HF>(
    ui: &Ui,
    what: &str,
    resource: &str,
    busy: &str,
    timeout: Duration,
    mut attempt: A,
    mut holders: H,
) -> anyhow::Result<()>
where
    A: FnMut() -> AF,
    AF: Future<Output = Result<(), AwsCallError>>,
    H: FnMut() -> HF,
    HF: Future<Output = anyhow::Result<Vec<String>>>,
{
    until_ready(ui, what, timeout, || {
        let deleted = attempt();
        let held = holders();
        async move {
            match deleted.await {
                Ok(()) => Ok(Polled::Ready(())),
                Err(err) if err.is(busy) => match held.await?.as_slice() {
                    [] => Ok(Polled::Pending(format!("waiting ({busy})"))),
                    users => Err(anyhow::anyhow!(
                        "{resource} is used by load balancer {}, made after this run read the account (a setup running beside it?); \
run the command again",
                        users.join(", ")
                    )),
                },
                Err(err) => Err(err.into()),
            }
        }
    })
    .await
}

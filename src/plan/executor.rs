//! Running a plan. [`execute`] is the one function through which every AWS write of
//! the tool goes: a write needs a [`Writer`] (inside a [`Context`]), and only `execute`
//! can make one.

use std::collections::BTreeMap;
use std::time::Duration;

use super::step::{Outcome, Plan};
use super::write::{Context, Id, Made, PermissionCheck, Slot, Writer};
use crate::aws::Aws;
use crate::error::{Interrupted, WaitStopped};
use crate::ui::Ui;

/// How long Ctrl-C waits for the write in flight to answer (a wait inside it stops at
/// once, see `aws::poll`).
const INTERRUPT_GRACE: Duration = Duration::from_secs(3);

/// Runs every step of `plan` in order, with a progress line before each, and stops at
/// the first failure, saying which step failed and how many were done (each step is
/// idempotent, so the same command run again finishes the work).
pub async fn execute(aws: &Aws, ui: &Ui, plan: &Plan, wait_timeout: Duration) -> anyhow::Result<Vec<Outcome>> {
    let writer = Writer(());
    let mut made: BTreeMap<Slot, Made> = BTreeMap::new();
    let total = plan.steps.len();
    let mut outcomes = Vec::with_capacity(total);
    for (index, step) in plan.steps.iter().enumerate() {
        // A step that changes nothing (`keep`) is listed with -v only.
        if step.writes.is_empty() {
            ui.debug(&format!("  {}/{total} {}", index + 1, step.describe()));
        } else {
            ui.step_line(index + 1, total, &step.describe());
        }
        for (number, write) in step.writes.iter().enumerate() {
            let result = {
                let cx = Context { aws, ui, wait_timeout, writer: &writer, made: &made };
                let applying = write.apply(&cx);
                tokio::pin!(applying);
                tokio::select! {
                    result = &mut applying => result,
                    () = crate::ui::interrupt::requested() => {
                        // The call in flight may have reached AWS already: let it answer,
                        // briefly, so that the count says what was really done.
                        let last = number + 1 == step.writes.len();
                        Err(match tokio::time::timeout(INTERRUPT_GRACE, &mut applying).await {
                            Ok(Ok(_)) if last => Interrupted { done: index + 1, total, under_way: false },
                            Ok(Err(err)) if !err.is::<WaitStopped>() => Interrupted { done: index, total, under_way: false },
                            // Done but not the step's last write, made but still waited for, or no answer yet.
                            Ok(_) | Err(_) => Interrupted { done: index, total, under_way: true },
                        }
                        .into())
                    }
                }
            };
            match result {
                Ok(Some(produced)) => {
                    if let Id::Made(slot) = step.id {
                        made.insert(slot, produced);
                    }
                }
                Ok(None) => {}
                Err(err) if err.is::<Interrupted>() => return Err(err),
                // Ctrl-C reached a wait inside the write first: its change is made.
                Err(err) if err.is::<WaitStopped>() => return Err(Interrupted { done: index, total, under_way: true }.into()),
                Err(err) => {
                    return Err(err.context(format!("step {} of {total} ({}); {index} done before it", index + 1, step.describe())));
                }
            }
        }
        let resolved = match &step.id {
            Id::Known(id) => Made { id: id.clone(), name: None },
            Id::Made(slot) => made.get(slot).cloned().ok_or_else(|| anyhow::anyhow!("step {} made no {slot:?}", index + 1))?,
        };
        outcomes.push(Outcome {
            kind: step.kind,
            id: resolved.id,
            name: step.name.clone().or(resolved.name),
            action: step.action,
            details: step.details.clone(),
        });
    }
    Ok(outcomes)
}

/// Every EC2 write of the plan sent with `DryRun`, which AWS answers with
/// DryRunOperation (allowed) or UnauthorizedOperation (denied) and does nothing;
/// one check per action. ELBv2 has no dry run, so its writes are not checked.
pub async fn dry_run(aws: &Aws, plan: &Plan) -> Vec<PermissionCheck> {
    let mut checks: Vec<PermissionCheck> = Vec::new();
    for write in plan.steps.iter().flat_map(|step| &step.writes) {
        if checks.iter().any(|c| Some(c.action) == write.ec2_action()) {
            continue;
        }
        if let Some(check) = write.dry_run(aws).await {
            checks.push(check);
        }
    }
    checks
}

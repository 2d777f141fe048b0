use std::time::{Duration, Instant};

use crate::aws::Aws;
use crate::cli::DoctorArgs;
use crate::doctor::checks::{self, Inputs};
use crate::doctor::report::DoctorReport;
use crate::doctor::target::{self, Selector, Target};
use crate::doctor::{CheckId, Finding, Status};
use crate::error::ExitStatus;
use crate::plan::{Plan, Step, execute};
use crate::snapshot::Snapshot;
use crate::ui::Ui;
use crate::ui::prompt::Question;

const WATCH_INTERVAL: Duration = Duration::from_secs(5);
/// Fixes can uncover further failures (targets healthy only once the group admits the
/// NLB, say); a few rounds settle them, and a fix that does not take cannot loop.
const MAX_FIX_ROUNDS: usize = 3;

/// One look: the snapshot, with what CloudWatch measured over `window`, and every check.
async fn examine(aws: &Aws, ui: &Ui, args: &Selector, inputs: &Inputs, window: Duration) -> anyhow::Result<(Target, Vec<Finding>)> {
    // What needs only the name (the tagged groups, the sync, the caller) beside the service.
    let (found, prefetch) = tokio::join!(target::find(aws, ui, args), crate::snapshot::Prefetch::read(aws, args.name.as_ref()));
    let (target, service) = found?;
    let name = target.connection.as_deref().and_then(|n| n.parse::<crate::connection::names::ConnectionName>().ok());
    let mut snapshot = Snapshot::gather_with_sync(aws, service, target.nlb_arn.as_deref(), name.as_ref(), Some(window), prefetch).await;
    // --port names the routes to judge: the others' targets are not this run's question.
    snapshot.narrow_to_ports(&inputs.ports);

    let results = checks::run_all(&snapshot, &target, inputs);
    Ok((target, results))
}

fn settled(results: &[Finding]) -> bool {
    results.iter().all(|r| r.status != Status::Fail) && results.iter().any(|r| r.id == CheckId::VendorEndpoint && r.status == Status::Pass)
}

pub async fn run(aws: &Aws, ui: &Ui, args: DoctorArgs) -> anyhow::Result<ExitStatus> {
    if args.probe && !args.dry_run {
        super::doctor_probe::refuse_unconfirmed(ui)?;
    }
    // --probe needs --name (clap says so); --dry-run needs --probe.
    let probing = args.name.as_ref().filter(|_| args.probe);
    if let (Some(name), true) = (probing, args.dry_run) {
        return super::doctor_probe::dry_run(aws, ui, name, args.probe_role.clone()).await;
    }
    let inputs = Inputs {
        account_ids: args.account_ids.clone(),
        ports: args.ports.clone(),
        task_region: args.task_region.clone(),
        vendor_zone_ids: args.vendor_zone_ids.clone(),
    };
    let selector = Selector {
        name: args.name.clone(),
        service_id: args.service_id.clone(),
        service_name: args.service_name.clone(),
        nlb: args.nlb.clone(),
    };
    let (mut target, mut results) = examine(aws, ui, &selector, &inputs, args.since.since).await?;
    let mut fixed = Vec::new();
    if args.fix {
        // Each round: the failed checks, each fix offered, the confirmed ones applied,
        // then a fresh look, which may find what the fixes uncovered.
        for _ in 0..MAX_FIX_ROUNDS {
            let offered: Vec<Step> =
                results.iter().filter(|r| r.status >= Status::Warn).flat_map(|r| r.fix.clone()).filter(|s| !s.writes.is_empty()).collect();
            if offered.is_empty() {
                if fixed.is_empty() {
                    ui.info("nothing the tool can fix");
                }
                break;
            }
            for finding in results.iter().filter(|r| r.status == Status::Fail) {
                ui.info(&format!("{} {}: {}", finding.status.symbol(), finding.id, finding.summary));
            }
            let mut confirmed = Plan::default();
            for fix in offered {
                if confirm(ui, &fix)? {
                    confirmed.push(fix);
                }
            }
            if confirmed.steps.is_empty() {
                break;
            }
            fixed.extend(execute(aws, ui, &confirmed, crate::plan::DEFAULT_WAIT).await?);
            (target, results) = examine(aws, ui, &selector, &inputs, args.since.since).await?;
        }
    }
    if let Some(seconds) = args.watch {
        let started = Instant::now();
        let deadline = started + Duration::from_secs(seconds);
        let progress = ui.progress(&format!("watching until nothing fails and Trigger.dev's endpoint is available (at most {seconds} s)"));
        while !settled(&results) && Instant::now() < deadline {
            let failing: Vec<&str> = results.iter().filter(|r| r.status >= Status::Warn).map(|r| r.id.as_str()).collect();
            progress.set_message(&format!("waiting on {} ({} s of {seconds} s)", failing.join(", "), started.elapsed().as_secs()));
            tokio::time::sleep(WATCH_INTERVAL.min(deadline.saturating_duration_since(Instant::now()))).await;
            (target, results) = examine(aws, ui, &selector, &inputs, args.since.since).await?;
        }
        progress.finish(if settled(&results) { "settled" } else { "gave up waiting" });
    }
    let mut probed = None;
    if let Some(name) = probing {
        let (findings, summary) = super::doctor_probe::run(aws, ui, name, args.probe_role.clone()).await?;
        results.extend(findings);
        probed = Some(summary);
    }
    let report = DoctorReport { probe: probed, ..DoctorReport::new(target, results, fixed) };
    ui.emit(&report)?;
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failure })
}

fn confirm(ui: &Ui, fix: &Step) -> anyhow::Result<bool> {
    if ui.yes {
        return Ok(true);
    }
    if !ui.interactive() {
        ui.warn(&format!("not applied: {} (re-run with --fix --yes to apply it)", fix.describe()));
        return Ok(false);
    }
    ui.prompter("doctor").confirm(Question { text: &format!("Fix: {}?", fix.describe()), flag: "--yes" }, true)
}

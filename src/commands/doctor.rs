use std::time::{Duration, Instant};

use crate::aws::Aws;
use crate::cli::DoctorArgs;
use crate::doctor::checks::{self, Inputs};
use crate::doctor::fixes;
use crate::doctor::report::DoctorReport;
use crate::doctor::target::{self, Selector, Target};
use crate::doctor::{CheckResult, Status, snapshot};
use crate::error::ExitStatus;
use crate::plan::{Plan, Step, execute};
use crate::ui::Ui;

const WATCH_INTERVAL: Duration = Duration::from_secs(5);

async fn examine(aws: &Aws, ui: &Ui, args: &Selector, inputs: &Inputs) -> anyhow::Result<(Target, snapshot::Snapshot, Vec<CheckResult>)> {
    let (target, service) = target::find(aws, ui, args).await?;
    let snapshot = snapshot::gather(aws, service, target.nlb_arn.as_deref()).await;
    let results = checks::run_all(&snapshot, &target, inputs);
    Ok((target, snapshot, results))
}

fn settled(results: &[CheckResult]) -> bool {
    results.iter().all(|r| r.status != Status::Fail) && results.iter().any(|r| r.id == "vendor-endpoint" && r.status == Status::Pass)
}

pub async fn run(aws: &Aws, ui: &Ui, args: DoctorArgs) -> anyhow::Result<ExitStatus> {
    let inputs = Inputs { account_ids: args.account_ids.clone(), port: args.port, task_region: args.task_region.clone() };
    let selector = Selector {
        name: args.name.clone(),
        service_id: args.service_id.clone(),
        service_name: args.service_name.clone(),
        nlb: args.nlb.clone(),
    };
    let (mut target, snapshot, mut results) = examine(aws, ui, &selector, &inputs).await?;
    let mut fixed = Vec::new();
    if args.fix {
        let offered = fixes::available(&snapshot, &target, &inputs, &results);
        if offered.is_empty() {
            ui.info("nothing the tool can fix");
        }
        let mut confirmed = Plan::default();
        for fix in offered {
            if confirm(ui, &fix)? {
                confirmed.push(fix);
            }
        }
        for done in execute(aws, ui, &confirmed, crate::plan::DEFAULT_WAIT).await? {
            fixed.push(format!("{} {} {}", done.action.as_str(), done.kind, done.id));
        }
        if !fixed.is_empty() {
            (target, _, results) = examine(aws, ui, &selector, &inputs).await?;
        }
    }
    if let Some(seconds) = args.watch {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let progress = ui.progress("watching until nothing fails and Trigger.dev's endpoint is available");
        while !settled(&results) && Instant::now() < deadline {
            let failing: Vec<&str> = results.iter().filter(|r| r.status >= Status::Warn).map(|r| r.id).collect();
            progress.set_message(&format!("waiting on {}", failing.join(", ")));
            tokio::time::sleep(WATCH_INTERVAL.min(deadline.saturating_duration_since(Instant::now()))).await;
            (target, _, results) = examine(aws, ui, &selector, &inputs).await?;
        }
        progress.finish(if settled(&results) { "settled" } else { "gave up waiting" });
    }
    let report = DoctorReport::new(target, results, fixed);
    ui.emit(&report)?;
    Ok(if report.ok { ExitStatus::Success } else { ExitStatus::Failure })
}

fn confirm(ui: &Ui, fix: &Step) -> anyhow::Result<bool> {
    if ui.yes {
        return Ok(true);
    }
    if !ui.interactive() {
        ui.warn(&format!("not applied without --yes: {}", fix.describe()));
        return Ok(false);
    }
    let answer = dialoguer::Confirm::new().with_prompt(format!("Fix: {}?", fix.describe())).default(true).interact_opt()?;
    Ok(answer == Some(true))
}

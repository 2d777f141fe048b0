use std::time::Duration;

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::TeardownArgs;
use crate::connection::teardown::{self, Row};
use crate::error::{ExitStatus, usage};
use crate::ui::{Report, Ui, table};

#[derive(Serialize)]
struct TeardownReport {
    connection: String,
    region: String,
    dry_run: bool,
    resources: Vec<Row>,
}

impl Report for TeardownReport {
    fn human(&self) -> String {
        if self.resources.is_empty() {
            return format!("nothing of connection '{}' in {}", self.connection, self.region);
        }
        table::render(
            &["resource", "id", "action"],
            self.resources.iter().map(|r| vec![r.kind.to_string(), r.id.clone(), r.action.clone()]),
        )
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: TeardownArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let plan = teardown::plan(aws, &connection).await?;
    let report = |dry_run, resources| TeardownReport { connection: connection.to_string(), region: aws.region.clone(), dry_run, resources };
    if args.dry_run || plan.is_empty() {
        ui.emit(&report(true, plan.rows("")))?;
        return Ok(ExitStatus::Success);
    }
    let live = plan.live_connections();
    if !live.is_empty() && !args.force {
        let owners: Vec<String> = live
            .iter()
            .map(|c| format!("{} (account {})", c.vpc_endpoint_id().unwrap_or("?"), c.vpc_endpoint_owner().unwrap_or("?")))
            .collect();
        return Err(usage(format!(
            "Trigger.dev is connected through {}: remove the connection in the Trigger.dev dashboard first (Organization Settings → Private Connections), or pass --force",
            owners.join(", ")
        )));
    }
    if !ui.yes {
        if !ui.interactive() {
            return Err(usage("teardown deletes resources: pass --yes to go ahead without being asked (or --dry-run to list them)"));
        }
        eprintln!("{}", report(true, plan.rows("")).human());
        let go =
            dialoguer::Confirm::new().with_prompt(format!("Delete these resources of '{connection}'?")).default(false).interact_opt()?;
        if go != Some(true) {
            ui.info("nothing was deleted");
            return Ok(ExitStatus::Cancelled);
        }
    }
    let done = teardown::apply(aws, ui, &plan, Duration::from_secs(args.wait_timeout)).await?;
    ui.emit(&report(false, done))?;
    Ok(ExitStatus::Success)
}

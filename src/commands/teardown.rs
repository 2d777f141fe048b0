use std::time::Duration;

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::TeardownArgs;
use crate::connection::teardown;
use crate::error::{ExitStatus, Refused, usage};
use crate::plan::{Outcome, Step, execute};
use crate::ui::prompt::Question;
use crate::ui::{Report, Ui, View, table};

/// A resource in the teardown's list: to be deleted (dry run: `delete`) or deleted
/// (`deleted`).
#[derive(Serialize)]
struct Row {
    kind: &'static str,
    id: String,
    action: &'static str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    details: Vec<String>,
}

impl From<&Step> for Row {
    fn from(step: &Step) -> Self {
        Row {
            kind: step.kind,
            id: step.id.known().unwrap_or_default().to_string(),
            action: step.action.verb(),
            details: step.details.clone(),
        }
    }
}

impl From<Outcome> for Row {
    fn from(outcome: Outcome) -> Self {
        Row { kind: outcome.kind, id: outcome.id, action: outcome.action.as_str(), details: outcome.details }
    }
}

#[derive(Serialize)]
struct TeardownReport {
    connection: String,
    region: String,
    dry_run: bool,
    resources: Vec<Row>,
}

impl Report for TeardownReport {
    fn human(&self, view: View) -> String {
        if self.resources.is_empty() {
            return format!("nothing of connection '{}' in {}", self.connection, self.region);
        }
        if !self.dry_run {
            let count = self.resources.len();
            let summary = format!(
                "Deleted {count} resource{} of connection '{}' in {}.",
                if count == 1 { "" } else { "s" },
                self.connection,
                self.region
            );
            return table::hanging(&summary, view.width, 0);
        }
        table::render(
            &["action", "resource", "id", "details"],
            self.resources.iter().map(|r| vec![r.action.to_string(), r.kind.to_string(), view.id(&r.id), r.details.join("; ")]),
            view.width,
        )
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: TeardownArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let teardown::Teardown { plan, live } = match args.port {
        // One route: the connection stays, so Trigger.dev's endpoint is no reason to stop.
        Some(port) => {
            let plan = super::for_name(aws, Some(&connection), teardown::plan_route(aws, &connection, port).await).await?;
            teardown::Teardown { plan, live: Vec::new() }
        }
        None => teardown::plan(aws, &connection).await?,
    };
    let report = |dry_run, resources| TeardownReport { connection: connection.to_string(), region: aws.region.clone(), dry_run, resources };
    let planned = || plan.steps.iter().map(Row::from).collect();
    if plan.steps.is_empty() && !args.ignore_not_found {
        // A mistyped name must not read as a clean-up done: a pipeline would believe it.
        let hint = crate::connection::inventory::close_names(aws, &connection).await?.unwrap_or_default();
        return Err(usage(format!(
            "nothing of connection '{connection}' in {}{hint} (pass --ignore-not-found when nothing left is success)",
            aws.region
        )));
    }
    // The refusal a real run would meet, said by a dry run too (with its exit code).
    let refusal = (!live.is_empty() && !args.force).then(|| {
        let owners: Vec<String> = live
            .iter()
            .map(|c| format!("{} (account {})", c.vpc_endpoint_id().unwrap_or("?"), c.vpc_endpoint_owner().unwrap_or("?")))
            .collect();
        Refused { message: format!(
            "Trigger.dev is connected through {}: remove the connection in the Trigger.dev dashboard first (Organization Settings → Private Connections), or pass --force",
            owners.join(", ")
        )}
    });
    if args.dry_run || plan.steps.is_empty() {
        ui.emit(&report(true, planned()))?;
        return match refusal {
            Some(refused) => Err(refused.into()),
            None => Ok(ExitStatus::Success),
        };
    }
    if let Some(refused) = refusal {
        return Err(refused.into());
    }
    if !ui.yes {
        if !ui.interactive() {
            return Err(usage("teardown deletes resources: pass --yes to go ahead without being asked (or --dry-run to list them)"));
        }
        ui.prompter("teardown").note(&report(true, planned()).human(ui.stderr_view()));
        let question = format!("Delete these resources of '{connection}'?");
        if !ui.prompter("teardown").confirm(Question { text: &question, flag: "--yes" }, false)? {
            ui.info("nothing was deleted");
            return Ok(ExitStatus::Cancelled);
        }
    }
    let done = execute(aws, ui, &plan, Duration::from_secs(args.wait_timeout)).await?;
    ui.emit(&report(false, done.into_iter().map(Row::from).collect()))?;
    Ok(ExitStatus::Success)
}

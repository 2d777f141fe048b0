//! `alerts`: a plan (`--dry-run` prints it) that makes the connection tell its owner when
//! it breaks; `--remove` takes it away again.

use crate::aws::Aws;
use crate::cli::AlertsArgs;
use crate::connection::alerts::{self, Destination};
use crate::connection::endpoint_service;
use crate::error::{Cancelled, ExitStatus};
use crate::plan::{Plan, StepReport, execute};
use crate::setup::plan::{PlanReport, plan_table};
use crate::ui::Ui;
use crate::ui::prompt::Question;

pub async fn run(aws: &Aws, ui: &Ui, args: AlertsArgs) -> anyhow::Result<ExitStatus> {
    let connection = &args.connection.name;
    let steps = if args.remove {
        let service = endpoint_service::find_by_connection(aws, connection).await?;
        alerts::remove(aws, connection, service.as_ref().and_then(|s| s.service_id())).await?
    } else {
        let destination = match (&args.email, &args.sns_topic) {
            (Some(email), _) => Destination::Email(email.clone()),
            (None, Some(arn)) => Destination::Topic(arn.clone()),
            // clap requires one of --email, --sns-topic and --remove.
            (None, None) => unreachable!("clap requires a destination"),
        };
        let desired = alerts::desired(aws, connection, destination).await?;
        let steps = alerts::plan(aws, &desired).await?;
        if matches!(desired.destination, Destination::Topic(_)) && steps.iter().any(|s| s.kind == "alert-topic" && !s.details.is_empty()) {
            ui.warn(&format!(
                "add this statement to the topic's policy so that the connection events reach it: {}",
                desired.vpce_statement()
            ));
        }
        steps
    };
    let plan = Plan { steps };
    let command = if args.remove { "alerts --remove" } else { "alerts" };
    if args.dry_run {
        ui.emit(&PlanReport {
            dry_run: true,
            connection: connection.to_string(),
            region: aws.region.clone(),
            plan,
            permissions: Vec::new(),
        })?;
        return Ok(ExitStatus::Success);
    }
    if plan.steps.iter().any(|s| !s.writes.is_empty()) {
        ui.info(&plan_table(&plan, ui.stderr_view()));
        if ui.interactive() && !ui.yes {
            let question = Question { text: "Apply this plan?", flag: "--yes" };
            if !ui.prompter("alerts").confirm(question, true)? {
                return Err(Cancelled { command: "alerts" }.into());
            }
        }
    }
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new(command, Some(connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

//! `alerts`: a plan (`--dry-run` prints it) that makes the connection tell its owner when
//! it breaks; `--remove` takes it away again.

use crate::aws::Aws;
use crate::cli::AlertsArgs;
use crate::connection::alerts::{self, Destination};
use crate::connection::endpoint_service;
use crate::error::ExitStatus;
use crate::plan::Plan;
use crate::ui::Ui;

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
        let (steps, missing_statement) = alerts::plan(aws, &desired).await?;
        if let Some(statement) = missing_statement {
            ui.warn(&format!("add this statement to the topic's policy so that the connection events reach it: {statement}"));
        }
        steps
    };
    let command = if args.remove { "alerts --remove" } else { "alerts" };
    super::apply_plan(aws, ui, Plan { steps }, command, connection, args.dry_run).await
}

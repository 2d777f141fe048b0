use std::time::Duration;

use crate::aws::Aws;
use crate::cli::CreateEndpointServiceArgs;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer;
use crate::error::{ExitStatus, usage};
use crate::plan::{Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateEndpointServiceArgs) -> anyhow::Result<ExitStatus> {
    let found = load_balancer::select(aws, args.name.as_ref(), args.nlb.as_deref()).await;
    let lb = super::for_name(aws, args.name.as_ref(), found).await?;
    if lb.scheme().map(|s| s.as_str()) != Some("internal") {
        return Err(usage("the load balancer is internet-facing; PrivateLink for Trigger.dev needs an internal NLB"));
    }
    let desired = DesiredService {
        connection: args.name.clone(),
        nlb: lb.load_balancer_arn().unwrap_or_default().into(),
        supported_regions: args.supported_regions.iter().filter(|r| **r != aws.region).cloned().collect(),
    };
    let plan = Plan { steps: vec![endpoint_service::plan(aws, &desired, !args.wait.no_wait).await?] };
    let outcomes = execute(aws, ui, &plan, Duration::from_secs(args.wait.wait_timeout)).await?;
    ui.emit(&StepReport::new("create-endpoint-service", args.name.map(|n| n.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

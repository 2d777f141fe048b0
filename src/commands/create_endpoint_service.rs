use std::time::Duration;

use crate::aws::Aws;
use crate::cli::CreateEndpointServiceArgs;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer;
use crate::connection::outcome::StepReport;
use crate::error::{ExitStatus, usage};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateEndpointServiceArgs) -> anyhow::Result<ExitStatus> {
    let lb = load_balancer::select(aws, args.name.as_ref(), args.nlb.as_deref()).await?;
    if lb.scheme().map(|s| s.as_str()) != Some("internal") {
        return Err(usage("the load balancer is internet-facing; PrivateLink for Trigger.dev needs an internal NLB"));
    }
    let desired = DesiredService {
        connection: args.name.clone(),
        nlb_arn: lb.load_balancer_arn().unwrap_or_default().to_string(),
        supported_regions: args.supported_regions.iter().filter(|r| **r != aws.region).cloned().collect(),
    };
    let (service, outcome) = endpoint_service::ensure(aws, &desired).await?;
    if !args.wait.no_wait {
        let id = service.service_id().unwrap_or_default();
        endpoint_service::wait_available(aws, ui, id, Duration::from_secs(args.wait.wait_timeout)).await?;
    }
    ui.emit(&StepReport::new("create-endpoint-service", args.name.map(|n| n.to_string()), &aws.region, vec![outcome]))?;
    Ok(ExitStatus::Success)
}

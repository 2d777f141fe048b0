use crate::aws::Aws;
use crate::cli::DisableEnforcementArgs;
use crate::connection::load_balancer;
use crate::error::ExitStatus;
use crate::plan::{Id, Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: DisableEnforcementArgs) -> anyhow::Result<ExitStatus> {
    let found = load_balancer::select(aws, args.target.name.as_ref(), args.target.nlb.as_deref()).await;
    let lb = super::for_name(aws, args.target.name.as_ref(), found).await?;
    if lb.security_groups().is_empty() {
        ui.info("the load balancer has no security group, so inbound rules cannot be enforced on PrivateLink traffic: nothing to do");
    }
    let arn = Id::from(lb.load_balancer_arn().unwrap_or_default());
    let plan = Plan { steps: vec![load_balancer::plan_enforcement(Some(&lb), &arn, &arn)] };
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new("disable-enforcement", args.target.name.map(|n| n.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

use crate::aws::Aws;
use crate::cli::DisableEnforcementArgs;
use crate::connection::load_balancer::{self, EnforcementChange};
use crate::connection::outcome::{PlanItem, StepReport};
use crate::error::ExitStatus;
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: DisableEnforcementArgs) -> anyhow::Result<ExitStatus> {
    let lb = load_balancer::select(aws, args.target.name.as_ref(), args.target.nlb.as_deref()).await?;
    let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    let outcome = match load_balancer::disable_enforcement(aws, &lb).await? {
        EnforcementChange::NotApplicable => {
            ui.info("the load balancer has no security group, so inbound rules cannot be enforced on PrivateLink traffic: nothing to do");
            PlanItem::keep("privatelink-enforcement", "", &arn).detail("no security group: enforcement does not apply")
        }
        EnforcementChange::AlreadyOff => PlanItem::keep("privatelink-enforcement", "", &arn).detail("enforcement off"),
        EnforcementChange::TurnedOff => {
            PlanItem::update("privatelink-enforcement", "", &arn).detail("enforcement turned off (read back: off)")
        }
    };
    let outcome = outcome.unnamed().done(arn);
    ui.emit(&StepReport::new("disable-enforcement", args.target.name.map(|n| n.to_string()), &aws.region, vec![outcome]))?;
    Ok(ExitStatus::Success)
}

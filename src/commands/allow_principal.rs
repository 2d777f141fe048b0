use std::collections::BTreeSet;

use crate::aws::Aws;
use crate::cli::AllowPrincipalArgs;
use crate::connection::endpoint_service;
use crate::error::ExitStatus;
use crate::plan::{Id, Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: AllowPrincipalArgs) -> anyhow::Result<ExitStatus> {
    let principals: BTreeSet<_> = args.account_ids.into_iter().chain(args.principals).collect();
    let found = endpoint_service::select(aws, args.target.name.as_ref(), args.target.service_id.as_deref()).await;
    let service = super::for_name(aws, args.target.name.as_ref(), found).await?;
    let id = Id::from(service.service_id().unwrap_or_default());
    let plan = Plan { steps: vec![endpoint_service::plan_principals(aws, &id, &principals).await?] };
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new("allow-principal", args.target.name.map(|n| n.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

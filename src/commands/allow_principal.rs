use std::collections::BTreeSet;

use crate::aws::Aws;
use crate::cli::AllowPrincipalArgs;
use crate::connection::endpoint_service;
use crate::connection::outcome::StepReport;
use crate::error::ExitStatus;
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: AllowPrincipalArgs) -> anyhow::Result<ExitStatus> {
    let principals: BTreeSet<_> = args.account_ids.into_iter().chain(args.principals).collect();
    let service = endpoint_service::select(aws, args.target.name.as_ref(), args.target.service_id.as_deref()).await?;
    let outcome = endpoint_service::allow_principals(aws, service.service_id().unwrap_or_default(), &principals).await?;
    ui.emit(&StepReport::new("allow-principal", args.target.name.map(|n| n.to_string()), &aws.region, vec![outcome]))?;
    Ok(ExitStatus::Success)
}

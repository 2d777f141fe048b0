use crate::aws::Aws;
use crate::cli::ResolveIpsArgs;
use crate::connection::resource;
use crate::error::{ExitStatus, usage};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: ResolveIpsArgs) -> anyhow::Result<ExitStatus> {
    let resource = args.resource.resource().ok_or_else(|| {
        usage("name the resource: --rds-instance, --rds-cluster, --elasticache-cluster or --elasticache-replication-group")
    })?;
    let resolved = resource::resolve(aws, &resource, args.vpc.as_deref()).await?;
    ui.emit(&resolved)?;
    Ok(ExitStatus::Success)
}

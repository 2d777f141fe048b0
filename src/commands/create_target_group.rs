use std::collections::BTreeSet;

use crate::aws::Aws;
use crate::cli::CreateTargetGroupArgs;
use crate::connection::outcome::StepReport;
use crate::connection::resource::{self, ResourceRef};
use crate::connection::target_group::{self, DesiredTargetGroup};
use crate::connection::vpc;
use crate::error::{ExitStatus, usage};
use crate::ui::Ui;

/// Flags, plus what the resource tells us, checked against the VPC: nothing is created
/// until every value is known to be right.
async fn resolve(aws: &Aws, args: CreateTargetGroupArgs) -> anyhow::Result<DesiredTargetGroup> {
    let connection = args.connection.name;
    let resource_ref = ResourceRef::from_args(&args.resource);
    let (vpc_id, port, targets, resource_tag) = match &resource_ref {
        Some(resource_ref) => {
            let resolved = resource::resolve(aws, resource_ref, args.vpc.as_deref()).await?;
            let port = args.port.or(resolved.port).ok_or_else(|| usage(format!("{} has no port on record: pass --port", resource_ref.flag())))?;
            let targets: BTreeSet<_> = resolved.target_ips(args.all_nodes).into_iter().collect();
            (resolved.vpc_id, port, targets, Some(resource_ref.tag_value()))
        }
        None => {
            if args.target_ips.is_empty() {
                return Err(usage("name the targets: --target-ip (repeatable) or a resource flag such as --rds-instance"));
            }
            let vpc_id = args.vpc.ok_or_else(|| usage("--vpc is required with --target-ip"))?;
            let port = args.port.ok_or_else(|| usage("--port is required with --target-ip"))?;
            (vpc_id, port, args.target_ips.iter().copied().collect(), None)
        }
    };
    let vpc = vpc::describe_vpc(aws, &vpc_id, "--vpc").await?;
    if let Some(outside) = targets.iter().find(|ip| !vpc.contains(**ip)) {
        return Err(usage(format!("--target-ip {outside} is outside {} ({})", vpc.id, vpc.cidr_list())));
    }
    Ok(DesiredTargetGroup { connection, vpc_id, port, targets, resource_tag })
}

pub async fn run(aws: &Aws, ui: &Ui, args: CreateTargetGroupArgs) -> anyhow::Result<ExitStatus> {
    let desired = resolve(aws, args).await?;
    let outcome = target_group::ensure(aws, &desired).await?;
    ui.emit(&StepReport::new("create-target-group", Some(desired.connection.to_string()), &aws.region, vec![outcome]))?;
    Ok(ExitStatus::Success)
}

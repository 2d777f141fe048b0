use crate::aws::Aws;
use crate::cli::CreateTargetGroupArgs;
use crate::connection::inputs;
use crate::connection::outcome::StepReport;
use crate::connection::resource::ResourceRef;
use crate::connection::target_group::{self, DesiredTargetGroup};
use crate::error::ExitStatus;
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateTargetGroupArgs) -> anyhow::Result<ExitStatus> {
    let resource = ResourceRef::from_args(&args.resource);
    let targets = inputs::targets(aws, resource.as_ref(), &args.target_ips, args.vpc.as_deref(), args.port, args.all_nodes).await?;
    let desired = DesiredTargetGroup {
        connection: args.connection.name,
        vpc_id: targets.vpc.id.clone(),
        port: targets.port,
        resource_tag: targets.resource_tag(),
        all_nodes: args.all_nodes,
        targets: targets.ips,
    };
    let outcome = target_group::ensure(aws, &desired).await?;
    ui.emit(&StepReport::new("create-target-group", Some(desired.connection.to_string()), &aws.region, vec![outcome]))?;
    Ok(ExitStatus::Success)
}

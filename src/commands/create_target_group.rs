use crate::aws::Aws;
use crate::cli::CreateTargetGroupArgs;
use crate::connection::inputs;
use crate::connection::target_group::{self, DesiredTargetGroup};
use crate::error::ExitStatus;
use crate::plan::{Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateTargetGroupArgs) -> anyhow::Result<ExitStatus> {
    let resource = args.resource.resource();
    let targets = inputs::targets(aws, resource.as_ref(), &args.target_ips, args.vpc.as_deref(), args.port, args.all_nodes).await?;
    let desired = DesiredTargetGroup {
        name: args.connection.name.target_group_name(),
        connection: args.connection.name,
        vpc_id: targets.vpc.id.clone(),
        port: targets.port,
        resource_tag: targets.resource_tag(),
        all_nodes: args.all_nodes,
        targets: targets.ips,
    };
    let plan = Plan { steps: vec![target_group::plan(aws, &desired).await?] };
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new("create-target-group", Some(desired.connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

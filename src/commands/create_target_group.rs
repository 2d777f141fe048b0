use crate::aws::Aws;
use crate::cli::CreateTargetGroupArgs;
use crate::connection::target_group::{self, DesiredTargetGroup};
use crate::connection::{inputs, ports};
use crate::error::ExitStatus;
use crate::plan::{Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateTargetGroupArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let ports = ports::checked(&args.ports, &connection)?;
    let resource = args.resource.resource();
    let targets =
        inputs::targets(aws, resource.as_ref(), &args.target_ips, args.vpc.as_deref(), ports.first().copied(), args.all_nodes).await?;
    let ports = if ports.is_empty() { vec![targets.port] } else { ports };
    let mut plan = Plan::default();
    for &port in &ports {
        let desired = DesiredTargetGroup {
            name: target_group::name_for(&connection, port, ports.len()),
            connection: connection.clone(),
            vpc_id: targets.vpc.id.clone(),
            port,
            resource_tag: targets.resource_tag(),
            all_nodes: args.all_nodes,
            targets: targets.ips.clone(),
        };
        plan.push(target_group::plan(aws, &desired).await?);
    }
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new("create-target-group", Some(connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

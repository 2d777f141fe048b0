use crate::aws::Aws;
use crate::cli::CreateTargetGroupArgs;
use crate::connection::target_group;
use crate::connection::{inputs, ports};
use crate::error::ExitStatus;
use crate::plan::{Plan, StepReport, execute};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, args: CreateTargetGroupArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let ports = ports::checked(&args.ports, &connection)?;
    let spec = args.targets.spec();
    let targets = inputs::targets(aws, &spec, args.vpc.as_deref(), ports.first().copied(), args.all_nodes).await?;
    let ports = if ports.is_empty() { vec![targets.port] } else { ports };
    targets.check_ports(&ports)?;
    let mut plan = Plan::default();
    for &port in &ports {
        let name = target_group::name_for(&connection, port, ports.len());
        let on_port = inputs::Targets { port, ..targets.clone() };
        plan.push(target_group::plan(aws, &on_port.desired_group(&connection, name, port, args.all_nodes)).await?);
    }
    let outcomes = execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&StepReport::new("create-target-group", Some(connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

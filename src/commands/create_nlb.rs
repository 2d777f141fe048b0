use std::time::Duration;

use crate::aws::Aws;
use crate::cli::CreateNlbArgs;
use crate::connection::load_balancer::{self, DesiredLoadBalancer};
use crate::connection::names::ConnectionName;
use crate::connection::vpc::{self, Subnet};
use crate::connection::{inputs, security_group, target_group};
use crate::error::{ExitStatus, usage};
use crate::plan::{Id, Plan, StepReport, execute};
use crate::ui::Ui;

struct Request {
    connection: ConnectionName,
    subnets: Vec<Subnet>,
    vpc: vpc::Vpc,
    security_group: Option<String>,
    /// (listener port, target group ARN): one per port of the connection.
    listeners: Vec<(u16, String)>,
    cross_zone: bool,
}

async fn resolve(aws: &Aws, args: &CreateNlbArgs) -> anyhow::Result<Request> {
    let connection = args.connection.name.clone();
    let subnets = inputs::nlb_subnets(aws, &args.subnets, None).await?;
    let vpc_id = subnets[0].vpc_id.clone();
    let groups = match &args.target_group_arn {
        Some(arn) => vec![target_group::by_arn(aws, arn).await?],
        None => target_group::find_all(aws, &connection).await?,
    };
    if groups.is_empty() {
        return Err(usage(format!(
            "connection '{connection}' has no target group yet: run `trigger-privatelink create-target-group --name {connection}` first, or pass --target-group-arn"
        )));
    }
    if args.port.is_some() && groups.len() > 1 {
        return Err(usage(format!(
            "--port picks the listener port of one target group, and connection '{connection}' has {}: leave --port out (each listener takes its group's port)",
            groups.len()
        )));
    }
    let mut listeners = Vec::new();
    for group in &groups {
        if group.vpc_id() != Some(vpc_id.as_str()) {
            return Err(usage(format!(
                "the subnets are in {vpc_id} but the target group is in {}: use subnets of the target group's VPC",
                group.vpc_id().unwrap_or_default()
            )));
        }
        let Some(port) = args.port.or_else(|| group.port().and_then(|p| u16::try_from(p).ok())) else {
            return Err(usage("the target group has no port: pass --port"));
        };
        listeners.push((port, group.target_group_arn().unwrap_or_default().to_string()));
    }
    let vpc = vpc::describe_vpc(aws, &vpc_id, "--subnet").await?;
    if let Some(sg) = &args.security_group {
        security_group::check_existing(aws, sg, &vpc_id).await?;
    }
    Ok(Request { connection, subnets, vpc, security_group: args.security_group.clone(), listeners, cross_zone: !args.no_cross_zone })
}

pub async fn run(aws: &Aws, ui: &Ui, args: CreateNlbArgs) -> anyhow::Result<ExitStatus> {
    let request = super::for_name(aws, Some(&args.connection.name), resolve(aws, &args).await).await?;
    let mut plan = Plan::default();
    let security_group = match &request.security_group {
        Some(id) => Id::from(id.as_str()),
        None => {
            let ports: Vec<u16> = request.listeners.iter().map(|(port, _)| *port).collect();
            let step = security_group::plan_dedicated(aws, &request.connection, &request.vpc, &ports).await?;
            let id = step.id.clone();
            plan.push(step);
            id
        }
    };
    let desired = DesiredLoadBalancer {
        connection: request.connection.clone(),
        subnets: request.subnets.clone(),
        security_group,
        subnets_asked: true,
    };
    let (_, lb) = load_balancer::plan(aws, &desired, !args.wait.no_wait).await?;
    let mut listeners = Vec::new();
    for (port, group) in &request.listeners {
        listeners.push(load_balancer::plan_listener(aws, &lb.id, *port, &Id::from(group.as_str()), Some(&request.connection)).await?);
    }
    let cross_zone = load_balancer::plan_cross_zone(aws, &lb.id, request.cross_zone).await?;
    plan.push(lb);
    plan.steps.extend(listeners);
    plan.push(cross_zone);
    let outcomes = execute(aws, ui, &plan, Duration::from_secs(args.wait.wait_timeout)).await?;
    ui.emit(&StepReport::new("create-nlb", Some(request.connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

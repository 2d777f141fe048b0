//! Deleting one connection's resources, and only those carrying its tags, as a plan in
//! the order AWS requires: reject consumer endpoints, delete the endpoint service,
//! delete the NLB (its listeners go with it) and wait until it is gone, delete the
//! target group, revoke exactly the rules the tool added, delete the security group it
//! created. The plan holds only what exists, so an interrupted teardown can be run again;
//! each kind is found by the connection's tags on its own, never through another
//! resource that an earlier, interrupted run may have deleted already.

use aws_sdk_ec2::types::VpcEndpointConnection;

use crate::aws::Aws;
use crate::connection::names::ConnectionName;
use crate::connection::resource_access::OwnGroups;
use crate::connection::{alerts, endpoint_service, load_balancer, probe, resource_access, route, security_group, sync, target_group};
use crate::error::usage;
use crate::plan::Plan;

/// The teardown plan, and the consumer endpoints still connected: deleting under them
/// breaks Trigger.dev's side, so the command refuses unless forced.
pub struct Teardown {
    pub plan: Plan,
    pub live: Vec<VpcEndpointConnection>,
}

pub async fn plan(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Teardown> {
    let (service, load_balancer, target_groups, own) = tokio::try_join!(
        endpoint_service::find_by_connection(aws, connection),
        load_balancer::find(aws, connection),
        target_group::find_all(aws, connection),
        OwnGroups::read(aws, connection),
    )?;
    let mut plan = Plan::default();
    // The probe's endpoint a run left (it holds the prober's group), then the prober.
    let leftovers = probe::endpoint::leftovers(aws, connection).await?;
    if !leftovers.is_empty() {
        plan.push(probe::endpoint::delete_step(leftovers));
    }
    plan.steps.extend(probe::prober::removal(aws, connection).await?);
    // The sync first: it registers targets in the groups deleted below. Then the alerts,
    // which would report the deletions as failures.
    plan.steps.extend(sync::install::uninstall(aws, connection).await?);
    plan.steps.extend(alerts::remove(aws, connection, service.as_ref().and_then(|s| s.service_id())).await?);
    let mut live = Vec::new();
    if let Some(service) = &service {
        let id = service.service_id().unwrap_or_default();
        for endpoint in &endpoint_service::connections(aws, id).await? {
            let state = endpoint_service::endpoint_state(endpoint);
            if matches!(state.as_str(), "rejected" | "deleted" | "deleting" | "failed" | "expired") {
                continue;
            }
            // Trigger.dev's: the account's own endpoint (the probe's) does not hold teardown up.
            if state == "available" && !endpoint_service::is_own(Some(service), endpoint) {
                live.push(endpoint.clone());
            }
            plan.push(endpoint_service::reject_step(id, endpoint.vpc_endpoint_id().unwrap_or_default()));
        }
        plan.push(endpoint_service::delete_step(service));
    }
    if let Some(lb) = &load_balancer {
        plan.push(load_balancer::delete_step(lb));
    }
    for group in &target_groups {
        plan.push(target_group::delete_step(group));
    }
    plan.steps.extend(resource_access::revoke_steps(&own.rules));
    for group in &own.groups {
        plan.push(security_group::delete_step(group));
    }
    Ok(Teardown { plan, live })
}

/// The plan that removes one route (`teardown --port`) and keeps the NLB, the service and
/// every other route: its listener, its target group, the NLB group's rule for its
/// listener port, and the rules made on the resource's groups for its target port unless
/// another route still needs that port. The last route is refused: that is the whole
/// connection, which `teardown --name` removes.
pub async fn plan_route(aws: &Aws, connection: &ConnectionName, port: u16) -> anyhow::Result<Plan> {
    let lb = load_balancer::find(aws, connection).await?;
    let lb_arn = lb.as_ref().and_then(|lb| lb.load_balancer_arn());
    let routes = route::read(aws, connection, lb_arn).await?;
    let ports = || routes.iter().map(|r| r.listener.to_string()).collect::<Vec<_>>().join(", ");
    let Some(gone) = routes.iter().find(|r| r.listener == port) else {
        return Err(usage(format!(
            "--port {port}: connection '{connection}' has no route on port {port} (its routes: {})",
            if routes.is_empty() { "none".into() } else { ports() }
        )));
    };
    if routes.len() == 1 {
        return Err(usage(format!(
            "--port {port} is the last route of '{connection}': removing it is removing the connection; use `trigger-privatelink teardown --name {connection}`"
        )));
    }
    let mut plan = Plan::default();
    // The route's alarms first: its group is about to publish nothing.
    plan.steps.extend(alerts::remove_route(aws, connection, port).await?);
    if let Some(arn) = lb_arn {
        let forwarding = load_balancer::listeners(aws, arn).await?;
        for listener in forwarding.iter().filter(|l| l.default_actions().iter().any(|a| a.target_group_arn() == Some(gone.arn()))) {
            plan.push(load_balancer::delete_listener_step(listener));
        }
    }
    plan.push(target_group::delete_step(&gone.group));
    let own = OwnGroups::read(aws, connection).await?;
    let target_port = i32::from(gone.target_port());
    let still_needed = routes.iter().any(|r| r.listener != port && r.target_port() == gone.target_port());
    let on_port = |rule: &&aws_sdk_ec2::types::SecurityGroupRule, port: i32| {
        rule.is_egress() != Some(true) && rule.from_port() == Some(port) && rule.to_port() == Some(port)
    };
    let mut rules: Vec<_> = if still_needed { Vec::new() } else { own.rules.iter().filter(|r| on_port(r, target_port)).cloned().collect() };
    let listener_rules = security_group::ingress_rules(aws, &own.group_ids()).await?;
    rules.extend(listener_rules.iter().filter(|r| on_port(r, i32::from(port))).cloned());
    plan.steps.extend(resource_access::revoke_steps(&rules));
    Ok(plan)
}

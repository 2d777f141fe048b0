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
use crate::connection::{endpoint_service, load_balancer, resource_access, security_group, target_group};
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
    let mut live = Vec::new();
    if let Some(service) = &service {
        let id = service.service_id().unwrap_or_default();
        for endpoint in &endpoint_service::connections(aws, id).await? {
            let state = endpoint_service::endpoint_state(endpoint);
            if matches!(state.as_str(), "rejected" | "deleted" | "deleting" | "failed" | "expired") {
                continue;
            }
            if state == "available" {
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

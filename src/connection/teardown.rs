//! Deleting one connection's resources, and only those carrying its tags, in the order
//! AWS requires: reject consumer connections, delete the endpoint service, delete the
//! NLB (its listeners go with it) and wait until it is gone, delete the target group,
//! revoke exactly the rules the tool added, delete the security group it created.
//! Each step skips what is already gone, so an interrupted teardown can be run again.

use std::time::Duration;

use aws_sdk_ec2::types::{IpPermission, SecurityGroup, ServiceConfiguration, VpcEndpointConnection};
use aws_sdk_elasticloadbalancingv2::types::{LoadBalancer, TargetGroup};
use serde::Serialize;

use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::vpc::ec2_filter;
use crate::connection::{endpoint_service, load_balancer, resource_access, security_group, target_group};
use crate::ui::Ui;

/// A rule the tool added to a resource's security group.
#[derive(Debug, Clone)]
pub struct AddedRule {
    pub group_id: String,
    pub permission: IpPermission,
}

#[derive(Debug, Clone, Default)]
pub struct TeardownPlan {
    pub service: Option<ServiceConfiguration>,
    /// Consumer connections not rejected yet.
    pub connections: Vec<VpcEndpointConnection>,
    pub load_balancer: Option<LoadBalancer>,
    pub target_group: Option<TargetGroup>,
    pub security_group: Option<SecurityGroup>,
    pub rules: Vec<AddedRule>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub kind: &'static str,
    pub id: String,
    /// `delete`, `reject` or `revoke` in a plan; `deleted`, `rejected`, `revoked` once done.
    pub action: String,
}

fn row(kind: &'static str, id: impl Into<String>, action: &str) -> Row {
    Row { kind, id: id.into(), action: action.to_string() }
}

fn rule_text(rule: &AddedRule) -> String {
    let port = rule.permission.from_port().unwrap_or_default();
    let source = rule
        .permission
        .user_id_group_pairs()
        .iter()
        .filter_map(|p| p.group_id())
        .chain(rule.permission.ip_ranges().iter().filter_map(|r| r.cidr_ip()))
        .collect::<Vec<_>>()
        .join(", ");
    format!("{} TCP {port} from {source}", rule.group_id)
}

impl TeardownPlan {
    pub fn is_empty(&self) -> bool {
        self.rows("").is_empty()
    }

    /// Consumer endpoints that are connected: deleting under them breaks Trigger.dev's side.
    pub fn live_connections(&self) -> Vec<&VpcEndpointConnection> {
        self.connections.iter().filter(|c| endpoint_service::endpoint_state(c) == "available").collect()
    }

    pub fn rows(&self, done: &str) -> Vec<Row> {
        let verb = |plan: &str, past: &str| if done.is_empty() { plan.to_string() } else { past.to_string() };
        let mut rows: Vec<Row> = Vec::new();
        for c in &self.connections {
            rows.push(row("endpoint-connection", c.vpc_endpoint_id().unwrap_or_default(), &verb("reject", "rejected")));
        }
        if let Some(s) = &self.service {
            rows.push(row("endpoint-service", s.service_id().unwrap_or_default(), &verb("delete", "deleted")));
        }
        if let Some(lb) = &self.load_balancer {
            rows.push(row("load-balancer", lb.load_balancer_arn().unwrap_or_default(), &verb("delete", "deleted")));
        }
        if let Some(tg) = &self.target_group {
            rows.push(row("target-group", tg.target_group_arn().unwrap_or_default(), &verb("delete", "deleted")));
        }
        for rule in &self.rules {
            rows.push(row("resource-sg-rule", rule_text(rule), &verb("revoke", "revoked")));
        }
        if let Some(sg) = &self.security_group {
            rows.push(row("security-group", sg.group_id().unwrap_or_default(), &verb("delete", "deleted")));
        }
        rows
    }
}

/// Rules whose description says this connection added them.
fn added_rules(groups: &[SecurityGroup], connection: &ConnectionName) -> Vec<AddedRule> {
    let description = resource_access::rule_description(connection);
    let mut rules = Vec::new();
    for group in groups {
        for permission in group.ip_permissions() {
            let pairs: Vec<_> =
                permission.user_id_group_pairs().iter().filter(|p| p.description() == Some(description.as_str())).cloned().collect();
            let ranges: Vec<_> = permission.ip_ranges().iter().filter(|r| r.description() == Some(description.as_str())).cloned().collect();
            if pairs.is_empty() && ranges.is_empty() {
                continue;
            }
            let exact = IpPermission::builder()
                .set_ip_protocol(permission.ip_protocol().map(str::to_string))
                .set_from_port(permission.from_port())
                .set_to_port(permission.to_port())
                .set_user_id_group_pairs(Some(pairs))
                .set_ip_ranges(Some(ranges))
                .build();
            rules.push(AddedRule { group_id: group.group_id().unwrap_or_default().to_string(), permission: exact });
        }
    }
    rules
}

pub async fn plan(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<TeardownPlan> {
    let (service, load_balancer, target_group) = tokio::try_join!(
        endpoint_service::find_by_connection(aws, connection),
        load_balancer::find(aws, connection),
        target_group::find(aws, connection),
    )?;
    let connections = match &service {
        Some(s) => {
            let found = aws
                .ec2
                .describe_vpc_endpoint_connections()
                .filters(ec2_filter("service-id", [s.service_id().unwrap_or_default()]))
                .send()
                .await
                .call("ec2:DescribeVpcEndpointConnections")?;
            found
                .vpc_endpoint_connections()
                .iter()
                .filter(|c| {
                    !matches!(endpoint_service::endpoint_state(c).as_str(), "rejected" | "deleted" | "deleting" | "failed" | "expired")
                })
                .cloned()
                .collect()
        }
        None => Vec::new(),
    };
    let vpc_id =
        target_group.as_ref().and_then(|g| g.vpc_id()).or_else(|| load_balancer.as_ref().and_then(|lb| lb.vpc_id())).map(str::to_string);
    let (security_group, rules) = match &vpc_id {
        Some(vpc_id) => {
            let groups = aws
                .ec2
                .describe_security_groups()
                .filters(ec2_filter("vpc-id", [vpc_id.as_str()]))
                .send()
                .await
                .call("ec2:DescribeSecurityGroups")?;
            let groups = groups.security_groups();
            let ours = security_group::find_in(groups, connection, vpc_id);
            (ours, added_rules(groups, connection))
        }
        None => (None, Vec::new()),
    };
    Ok(TeardownPlan { service, connections, load_balancer, target_group, security_group, rules })
}

/// Retry `attempt` while AWS answers one of `busy` (a dependency still being released).
async fn retry_while<F, Fut>(ui: &Ui, what: &str, busy: &[&str], timeout: Duration, mut attempt: F) -> anyhow::Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), crate::aws::AwsCallError>>,
{
    until_ready(ui, what, timeout, || {
        let next = attempt();
        async move {
            match next.await {
                Ok(()) => Ok(Polled::Ready(())),
                Err(err) if err.code().is_some_and(|c| busy.contains(&c)) => {
                    Ok(Polled::Pending(format!("waiting ({})", err.code().unwrap_or_default())))
                }
                Err(err) => Err(err.into()),
            }
        }
    })
    .await
}

pub async fn apply(aws: &Aws, ui: &Ui, plan: &TeardownPlan, timeout: Duration) -> anyhow::Result<Vec<Row>> {
    if let Some(service) = &plan.service {
        let id = service.service_id().unwrap_or_default();
        let endpoints: Vec<String> = plan.connections.iter().filter_map(|c| c.vpc_endpoint_id().map(str::to_string)).collect();
        if !endpoints.is_empty() {
            aws.ec2
                .reject_vpc_endpoint_connections()
                .service_id(id)
                .set_vpc_endpoint_ids(Some(endpoints))
                .send()
                .await
                .call("ec2:RejectVpcEndpointConnections")?;
        }
        let answer = aws
            .ec2
            .delete_vpc_endpoint_service_configurations()
            .service_ids(id)
            .send()
            .await
            .call("ec2:DeleteVpcEndpointServiceConfigurations")?;
        if let Some(failed) = answer.unsuccessful().first().and_then(|f| f.error()) {
            anyhow::bail!("could not delete endpoint service {id}: {}: {}", failed.code().unwrap_or("?"), failed.message().unwrap_or("?"));
        }
    }
    if let Some(lb) = &plan.load_balancer {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        match aws.elb.delete_load_balancer().load_balancer_arn(&arn).send().await.call("elasticloadbalancing:DeleteLoadBalancer") {
            Err(err) if !err.is("LoadBalancerNotFound") => return Err(err.into()),
            _ => {}
        }
        until_ready(ui, "waiting for the load balancer to be deleted", timeout, || async {
            match aws.elb.describe_load_balancers().load_balancer_arns(&arn).send().await.call("elasticloadbalancing:DescribeLoadBalancers")
            {
                Err(err) if err.is("LoadBalancerNotFound") => Ok(Polled::Ready(())),
                Ok(found) if found.load_balancers().is_empty() => Ok(Polled::Ready(())),
                Ok(_) => Ok(Polled::Pending("deleting".into())),
                Err(err) => Err(err.into()),
            }
        })
        .await?;
    }
    if let Some(tg) = &plan.target_group {
        let arn = tg.target_group_arn().unwrap_or_default().to_string();
        retry_while(ui, "deleting the target group", &["ResourceInUse"], timeout, || async {
            match aws.elb.delete_target_group().target_group_arn(&arn).send().await.call("elasticloadbalancing:DeleteTargetGroup") {
                Err(err) if err.is("TargetGroupNotFound") => Ok(()),
                other => other.map(|_| ()),
            }
        })
        .await?;
    }
    for rule in &plan.rules {
        match aws
            .ec2
            .revoke_security_group_ingress()
            .group_id(&rule.group_id)
            .ip_permissions(rule.permission.clone())
            .send()
            .await
            .call("ec2:RevokeSecurityGroupIngress")
        {
            Err(err) if !err.is("InvalidPermission.NotFound") => return Err(err.into()),
            _ => {}
        }
    }
    if let Some(sg) = &plan.security_group {
        let id = sg.group_id().unwrap_or_default().to_string();
        // The NLB's network interfaces take a while to go; until then the group is in use.
        retry_while(ui, "deleting the NLB's security group", &["DependencyViolation"], timeout, || async {
            match aws.ec2.delete_security_group().group_id(&id).send().await.call("ec2:DeleteSecurityGroup") {
                Err(err) if err.is("InvalidGroup.NotFound") => Ok(()),
                other => other.map(|_| ()),
            }
        })
        .await?;
    }
    Ok(plan.rows("done"))
}

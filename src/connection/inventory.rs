//! Every connection of the tool in a region, found by the tags it puts on what it makes:
//! an endpoint service, or (half-built, or half torn down) a load balancer, a target
//! group, a security group or a rule on a resource's group.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::elb_tags;
use crate::connection::endpoint_service;
use crate::connection::names::{CONNECTION_KEY, ConnectionName, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::connection::vpc::ec2_filter;

/// The names of every connection in the region.
pub async fn names(aws: &Aws) -> anyhow::Result<BTreeSet<ConnectionName>> {
    let mut found = BTreeSet::new();
    for service in endpoint_service::all(aws).await? {
        found.extend(connection_of(service.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default()))));
    }
    let mut arns: Vec<String> = Vec::new();
    let lbs = aws.elb.describe_load_balancers().send().await.call("elasticloadbalancing:DescribeLoadBalancers")?;
    arns.extend(
        lbs.load_balancers().iter().filter(|lb| ours(lb.load_balancer_name())).filter_map(|lb| lb.load_balancer_arn().map(str::to_string)),
    );
    let groups = aws.elb.describe_target_groups().send().await.call("elasticloadbalancing:DescribeTargetGroups")?;
    arns.extend(
        groups.target_groups().iter().filter(|g| ours(g.target_group_name())).filter_map(|g| g.target_group_arn().map(str::to_string)),
    );
    for pairs in elb_tags::tags_by_arn(aws, &arns).await?.values() {
        found.extend(connection_of(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))));
    }
    let managed = ec2_filter(&format!("tag:{MANAGED_BY_KEY}"), [MANAGED_BY_VALUE]);
    let groups = aws.ec2.describe_security_groups().filters(managed.clone()).send().await.call("ec2:DescribeSecurityGroups")?;
    for group in groups.security_groups() {
        found.extend(connection_of(group.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default()))));
    }
    let rules = aws.ec2.describe_security_group_rules().filters(managed).send().await.call("ec2:DescribeSecurityGroupRules")?;
    for rule in rules.security_group_rules() {
        found.extend(connection_of(rule.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default()))));
    }
    Ok(found)
}

/// `; did you mean orders?` (or the existing names) for a name that is no connection in
/// the region; `None` when it is one.
pub async fn close_names(aws: &Aws, name: &ConnectionName) -> anyhow::Result<Option<String>> {
    let known = names(aws).await?;
    Ok((!known.contains(name)).then(|| crate::suggest::did_you_mean(name.as_str(), known.iter().map(ConnectionName::as_str))))
}

/// Names the tool gives: `tpl-<name>-tg`, `tpl-<name>-nlb`.
fn ours(name: Option<&str>) -> bool {
    name.is_some_and(|n| n.starts_with("tpl-"))
}

/// The connection whose tags these are, when they are the tool's (both tags).
pub(super) fn connection_of<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<ConnectionName> {
    let tags: Vec<(&str, &str)> = tags.collect();
    let name: ConnectionName = tags.iter().find(|(k, _)| *k == CONNECTION_KEY)?.1.parse().ok()?;
    name.owns(tags.iter().copied()).then_some(name)
}

#[derive(Debug, Serialize)]
pub struct Endpoint {
    pub id: String,
    pub owner: String,
    pub state: String,
}

/// One route of a connection as `list` shows it.
#[derive(Debug, Serialize)]
pub struct RouteSummary {
    pub port: u16,
    pub destination: String,
    pub healthy: usize,
    pub total: usize,
}

/// One connection as `list` shows it.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub name: String,
    pub region: String,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub service_state: Option<String>,
    pub nlb_state: Option<String>,
    pub targets_healthy: usize,
    pub targets_total: usize,
    /// Each listener port and what it routes to, with its targets' health.
    pub routes: Vec<RouteSummary>,
    pub endpoints: Vec<Endpoint>,
    /// The connection's own security groups (sg-…).
    pub security_groups: Vec<String>,
    /// The rules it added to the resources' groups (sgr-…).
    pub resource_rules: Vec<String>,
}

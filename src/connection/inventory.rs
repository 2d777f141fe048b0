//! Every connection of the tool in a region, found by the tags it puts on what it makes:
//! an endpoint service, or (half-built, or half torn down) a load balancer, a target
//! group, a security group or a rule on a resource's group.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::endpoint_service::{self, endpoint_state};
use crate::connection::names::{CONNECTION_KEY, ConnectionName, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::connection::resource_access::OwnGroups;
use crate::connection::vpc::ec2_filter;
use crate::connection::{elb_tags, load_balancer, route};

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
fn connection_of<'a>(tags: impl Iterator<Item = (&'a str, &'a str)>) -> Option<ConnectionName> {
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

pub async fn summary(aws: &Aws, name: &ConnectionName) -> anyhow::Result<Summary> {
    let (service, own_lb, own) =
        tokio::try_join!(endpoint_service::find_by_connection(aws, name), load_balancer::find(aws, name), OwnGroups::read(aws, name),)?;
    let own_routes = route::read(aws, name, own_lb.as_ref().and_then(|lb| lb.load_balancer_arn())).await?;
    // A connection made with `setup --nlb` has the user's NLB behind its service, with
    // the user's target groups.
    let adopted = match (&own_lb, service.as_ref().and_then(|s| s.network_load_balancer_arns().first())) {
        (None, Some(arn)) => Some(load_balancer::lookup(aws, arn).await?),
        _ => None,
    };
    let groups: Vec<String> = match (own_routes.is_empty(), &adopted) {
        (false, _) => own_routes.iter().map(|r| r.arn().to_string()).collect(),
        (true, Some(lb)) => {
            let found = aws
                .elb
                .describe_target_groups()
                .load_balancer_arn(lb.load_balancer_arn().unwrap_or_default())
                .send()
                .await
                .call("elasticloadbalancing:DescribeTargetGroups")?;
            found.target_groups().iter().filter_map(|g| g.target_group_arn().map(str::to_string)).collect()
        }
        (true, None) => Vec::new(),
    };
    let lb = own_lb.or(adopted);
    let mut healthy = 0;
    let mut total = 0;
    let mut routes = Vec::new();
    for group in &groups {
        let health =
            aws.elb.describe_target_health().target_group_arn(group).send().await.call("elasticloadbalancing:DescribeTargetHealth")?;
        let (mut up, mut all) = (0, 0);
        for target in health.target_health_descriptions() {
            all += 1;
            up += usize::from(target.target_health().and_then(|h| h.state()).is_some_and(|s| s.as_str() == "healthy"));
        }
        healthy += up;
        total += all;
        if let Some(route) = own_routes.iter().find(|r| r.arn() == group) {
            routes.push(RouteSummary { port: route.listener, destination: route.destination(), healthy: up, total: all });
        }
    }
    let endpoints = match service.as_ref().and_then(|s| s.service_id()) {
        Some(id) => endpoint_service::connections(aws, id)
            .await?
            .iter()
            .map(|c| Endpoint {
                id: c.vpc_endpoint_id().unwrap_or_default().to_string(),
                owner: c.vpc_endpoint_owner().unwrap_or_default().to_string(),
                state: endpoint_state(c),
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(Summary {
        name: name.to_string(),
        region: aws.region.clone(),
        service_id: service.as_ref().and_then(|s| s.service_id()).map(str::to_string),
        service_name: service.as_ref().and_then(|s| s.service_name()).map(str::to_string),
        service_state: service.as_ref().and_then(|s| s.service_state()).map(|s| s.as_str().to_string()),
        nlb_state: lb.as_ref().and_then(|lb| lb.state()).and_then(|s| s.code()).map(|c| c.as_str().to_string()),
        targets_healthy: healthy,
        targets_total: total,
        routes,
        endpoints,
        resource_rules: own.rules.iter().filter_map(|r| r.security_group_rule_id().map(str::to_string)).collect(),
        security_groups: own.group_ids(),
    })
}

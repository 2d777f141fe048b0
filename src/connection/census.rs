//! Every connection of the tool in a region, as `list` shows them, read in three
//! dependent rounds of calls whatever their number:
//! 1. what can be listed for the whole region at once: endpoint services (with their
//!    tags), load balancers, target groups, the tool's security groups and rules, and
//!    the endpoints connected to any service;
//! 2. what needs an ARN from round 1, all at once ([`IN_FLIGHT`] of a kind at most): the tags
//!    of the tool-named balancers and groups (20 to a call), the listeners of the
//!    tool-named balancers, the target health of each group a connection routes to, and
//!    the groups that refer to the tool's own groups;
//! 3. the rules of those referring groups (rules made by releases that did not tag them).
//!
//! A connection per name found in the tags of what the tool makes (`names`: round 1 and
//! the tags of round 2, for the commands that look a name up).

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::types::{SecurityGroupRule, ServiceConfiguration, VpcEndpointConnection};
use aws_sdk_elasticloadbalancingv2::types::{Listener, LoadBalancer, TargetGroup, TargetHealthDescription};
use futures_util::stream::{self, StreamExt, TryStreamExt};
use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::endpoint_service::{self, endpoint_state};
use crate::connection::names::{CONNECTION_KEY, ConnectionName, MANAGED_BY_KEY, MANAGED_BY_VALUE};
use crate::connection::vpc::ec2_filter;
use crate::connection::{elb_tags, load_balancer, resource_access, route};

/// How many calls of one kind round 2 has in flight at once: 50 connections' listeners
/// (or their groups' health) in one wave, few enough that the SDK's retries absorb a
/// throttled burst.
const IN_FLIGHT: usize = 64;

type Tags = Vec<(String, String)>;

/// The connection an EC2 resource's tags name, when they are the tool's.
fn ec2_connection<'a>(tags: impl IntoIterator<Item = &'a aws_sdk_ec2::types::Tag>) -> Option<ConnectionName> {
    connection_of(tags.into_iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())))
}

/// The connection an ELB resource's tags name, when they are the tool's.
fn elb_connection(tags: &Tags) -> Option<ConnectionName> {
    connection_of(tags.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

fn tool_named(name: Option<&str>) -> bool {
    name.is_some_and(|n| n.starts_with("tpl-"))
}

/// Round 1.
struct Listed {
    services: Vec<ServiceConfiguration>,
    balancers: Vec<LoadBalancer>,
    groups: Vec<TargetGroup>,
    security_groups: Vec<aws_sdk_ec2::types::SecurityGroup>,
    rules: Vec<SecurityGroupRule>,
    endpoints: Vec<VpcEndpointConnection>,
}

async fn list_region(aws: &Aws) -> anyhow::Result<Listed> {
    let managed = ec2_filter(&format!("tag:{MANAGED_BY_KEY}"), [MANAGED_BY_VALUE]);
    let balancers = async {
        let all = aws.elb.describe_load_balancers().page_size(crate::aws::ELB_PAGE).into_paginator().items().send().try_collect().await;
        Ok::<_, anyhow::Error>(all.call("elasticloadbalancing:DescribeLoadBalancers")?)
    };
    let groups = async {
        let all = aws.elb.describe_target_groups().page_size(crate::aws::ELB_PAGE).into_paginator().items().send().try_collect().await;
        Ok::<_, anyhow::Error>(all.call("elasticloadbalancing:DescribeTargetGroups")?)
    };
    let endpoints = async {
        let all = aws
            .ec2
            .describe_vpc_endpoint_connections()
            .max_results(crate::aws::EC2_PAGE)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await;
        Ok::<_, anyhow::Error>(all.call("ec2:DescribeVpcEndpointConnections")?)
    };
    let security_groups = async {
        let found = aws.ec2.describe_security_groups().filters(managed.clone()).send().await.call("ec2:DescribeSecurityGroups")?;
        Ok::<_, anyhow::Error>(found.security_groups.unwrap_or_default())
    };
    let rules = async {
        let found = aws.ec2.describe_security_group_rules().filters(managed.clone()).send().await.call("ec2:DescribeSecurityGroupRules")?;
        Ok::<_, anyhow::Error>(found.security_group_rules.unwrap_or_default())
    };
    let (services, balancers, groups, security_groups, rules, endpoints) =
        tokio::try_join!(endpoint_service::all(aws), balancers, groups, security_groups, rules, endpoints)?;
    Ok(Listed { services, balancers, groups, security_groups, rules, endpoints })
}

/// Round 2's reads of one kind, at most IN_FLIGHT of them at once.
async fn all_at_once<T, F>(reads: impl IntoIterator<Item = F>) -> anyhow::Result<Vec<T>>
where
    F: std::future::Future<Output = anyhow::Result<T>>,
{
    stream::iter(reads).buffer_unordered(IN_FLIGHT).try_collect().await
}

/// The load balancers and target groups the tool names (`tpl-…`), by ARN.
fn tool_named_arns(listed: &Listed) -> (Vec<String>, Vec<String>) {
    let balancers = listed
        .balancers
        .iter()
        .filter(|lb| tool_named(lb.load_balancer_name()))
        .filter_map(|lb| lb.load_balancer_arn().map(str::to_string))
        .collect();
    let groups = listed
        .groups
        .iter()
        .filter(|g| tool_named(g.target_group_name()))
        .filter_map(|g| g.target_group_arn().map(str::to_string))
        .collect();
    (balancers, groups)
}

/// The tags of these ELB resources, 20 to a call, all at once.
async fn elb_tags_of(aws: &Aws, arns: &[String]) -> anyhow::Result<BTreeMap<String, Tags>> {
    Ok(all_at_once(arns.chunks(20).map(|batch| elb_tags::tags_by_arn(aws, batch))).await?.into_iter().flatten().collect())
}

/// The names of every connection in the region: round 1, and the tags of round 2.
pub async fn names(aws: &Aws) -> anyhow::Result<BTreeSet<ConnectionName>> {
    let listed = list_region(aws).await?;
    let (balancers, groups) = tool_named_arns(&listed);
    let tags = elb_tags_of(aws, &[balancers, groups].concat()).await?;
    Ok(names_in(&listed, &tags))
}

/// The connections the listings' and the ELB tags name.
fn names_in(listed: &Listed, tags: &BTreeMap<String, Tags>) -> BTreeSet<ConnectionName> {
    let services = listed.services.iter().filter_map(|s| ec2_connection(s.tags()));
    let groups = listed.security_groups.iter().filter_map(|g| ec2_connection(g.tags()));
    let rules = listed.rules.iter().filter_map(|r| ec2_connection(r.tags()));
    services.chain(groups).chain(rules).chain(tags.values().filter_map(elb_connection)).collect()
}

/// Every connection in the region, by name.
pub async fn summaries(aws: &Aws) -> anyhow::Result<Vec<Summary>> {
    let listed = list_region(aws).await?;
    let (tool_balancers, tool_groups) = tool_named_arns(&listed);
    // A connection made with `setup --nlb` serves the user's NLB: its groups' health too.
    let adopted: BTreeSet<&str> = listed
        .services
        .iter()
        .flat_map(|s| s.network_load_balancer_arns())
        .map(String::as_str)
        .filter(|arn| !tool_balancers.iter().any(|t| t == arn))
        .collect();
    let adopted_groups = listed
        .groups
        .iter()
        .filter(|g| g.load_balancer_arns().iter().any(|a| adopted.contains(a.as_str())))
        .filter_map(|g| g.target_group_arn().map(str::to_string));
    let health_of: BTreeSet<String> = tool_groups.iter().cloned().chain(adopted_groups).collect();
    let own_group_ids: Vec<String> = listed.security_groups.iter().filter_map(|g| g.group_id().map(str::to_string)).collect();

    let tagged: Vec<String> = tool_balancers.iter().chain(&tool_groups).cloned().collect();
    let tags = elb_tags_of(aws, &tagged);
    let listeners =
        all_at_once(tool_balancers.iter().map(|arn| async move { Ok((arn.clone(), load_balancer::listeners(aws, arn).await?)) }));
    let health = all_at_once(health_of.iter().map(|arn| async move {
        let found =
            aws.elb.describe_target_health().target_group_arn(arn).send().await.call("elasticloadbalancing:DescribeTargetHealth")?;
        Ok((arn.clone(), found.target_health_descriptions.unwrap_or_default()))
    }));
    let referring_rules = resource_access::rules_referring_to(aws, &own_group_ids);
    let (tags, listeners, health, referring_rules) = tokio::try_join!(tags, listeners, health, referring_rules)?;
    let listeners: BTreeMap<String, Vec<Listener>> = listeners.into_iter().collect();
    let health: BTreeMap<String, Vec<TargetHealthDescription>> = health.into_iter().collect();

    let region = Region { listed: &listed, tags: &tags, listeners: &listeners, health: &health, referring_rules: &referring_rules };
    Ok(region.names().iter().map(|name| region.summary(aws, name)).collect())
}

/// What the three rounds read.
struct Region<'a> {
    listed: &'a Listed,
    tags: &'a BTreeMap<String, Tags>,
    listeners: &'a BTreeMap<String, Vec<Listener>>,
    health: &'a BTreeMap<String, Vec<TargetHealthDescription>>,
    referring_rules: &'a [SecurityGroupRule],
}

impl Region<'_> {
    fn names(&self) -> BTreeSet<ConnectionName> {
        names_in(self.listed, self.tags)
    }

    fn owned_by(&self, arn: Option<&str>, name: &ConnectionName) -> bool {
        arn.and_then(|a| self.tags.get(a)).is_some_and(|tags| elb_connection(tags).as_ref() == Some(name))
    }

    fn summary(&self, aws: &Aws, name: &ConnectionName) -> Summary {
        let l = self.listed;
        let service = l.services.iter().find(|s| endpoint_service::owned_by(s, name));
        let own_lb = l
            .balancers
            .iter()
            .find(|lb| lb.load_balancer_name() == Some(name.load_balancer_name().as_str()) && self.owned_by(lb.load_balancer_arn(), name));
        let own_groups: Vec<(TargetGroup, Tags)> = l
            .groups
            .iter()
            .filter(|g| g.target_group_name().is_some_and(|n| name.names_target_group(n)) && self.owned_by(g.target_group_arn(), name))
            .map(|g| (g.clone(), self.tags[g.target_group_arn().unwrap_or_default()].clone()))
            .collect();
        let no_listeners = Vec::new();
        let listeners = own_lb.and_then(|lb| self.listeners.get(lb.load_balancer_arn()?)).unwrap_or(&no_listeners);
        let own_routes = route::assemble(name, own_groups, listeners);
        let adopted = match (own_lb, service.and_then(|s| s.network_load_balancer_arns().first())) {
            (None, Some(arn)) => l.balancers.iter().find(|lb| lb.load_balancer_arn() == Some(arn.as_str())),
            _ => None,
        };
        let groups: Vec<String> = match (own_routes.is_empty(), adopted) {
            (false, _) => own_routes.iter().map(|r| r.arn().to_string()).collect(),
            (true, Some(lb)) => l
                .groups
                .iter()
                .filter(|g| g.load_balancer_arns().iter().any(|a| Some(a.as_str()) == lb.load_balancer_arn()))
                .filter_map(|g| g.target_group_arn().map(str::to_string))
                .collect(),
            (true, None) => Vec::new(),
        };
        let (mut healthy, mut total, mut routes) = (0, 0, Vec::new());
        for group in &groups {
            let targets = self.health.get(group).map_or(&[][..], Vec::as_slice);
            let up = targets.iter().filter(|t| t.target_health().and_then(|h| h.state()).is_some_and(|s| s.as_str() == "healthy")).count();
            healthy += up;
            total += targets.len();
            if let Some(route) = own_routes.iter().find(|r| r.arn() == group) {
                routes.push(RouteSummary { port: route.listener, destination: route.destination(), healthy: up, total: targets.len() });
            }
        }
        let service_id = service.and_then(|s| s.service_id());
        let endpoints = l
            .endpoints
            .iter()
            .filter(|c| service_id.is_some() && c.service_id() == service_id && !endpoint_service::is_own(service, c))
            .map(|c| Endpoint {
                id: c.vpc_endpoint_id().unwrap_or_default().to_string(),
                owner: c.vpc_endpoint_owner().unwrap_or_default().to_string(),
                state: endpoint_state(c),
            })
            .collect();
        let security_groups: Vec<String> = l
            .security_groups
            .iter()
            .filter(|g| ec2_connection(g.tags()).as_ref() == Some(name))
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect();
        let tagged_rules: Vec<SecurityGroupRule> =
            l.rules.iter().filter(|r| ec2_connection(r.tags()).as_ref() == Some(name)).cloned().collect();
        let rules = resource_access::select_rules(tagged_rules, self.referring_rules, &security_groups);
        let lb = own_lb.or(adopted);
        Summary {
            name: name.to_string(),
            region: aws.region.clone(),
            service_id: service_id.map(str::to_string),
            service_name: service.and_then(|s| s.service_name()).map(str::to_string),
            service_state: service.and_then(|s| s.service_state()).map(|s| s.as_str().to_string()),
            nlb_state: lb.and_then(|lb| lb.state()).and_then(|s| s.code()).map(|c| c.as_str().to_string()),
            targets_healthy: healthy,
            targets_total: total,
            routes,
            endpoints,
            resource_rules: rules.iter().filter_map(|r| r.security_group_rule_id().map(str::to_string)).collect(),
            security_groups,
        }
    }
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

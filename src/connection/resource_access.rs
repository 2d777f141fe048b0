//! Whether the resource's security groups let the NLB in, and the one ingress rule the
//! tool adds when asked. PrivateLink traffic and health checks reach the target from
//! the NLB's private IPs, so a rule must admit the NLB's security group or the VPC CIDR.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{IpPermission, NetworkInterface, SecurityGroup};
use ipnet::Ipv4Net;

use crate::aws::{Aws, CallExt};
use crate::connection::inputs::Targets;
use crate::connection::names::ConnectionName;
use crate::connection::security_group::{self, Source, Write, covers};
use crate::connection::target::{Target, TargetKind};
use crate::connection::vpc::{Vpc, ec2_filter};
use crate::plan::{Action, Id, Step};

const KIND: &str = "resource-sg-rule";

/// The description on every rule the tool adds, so teardown removes exactly those.
pub fn rule_description(connection: &ConnectionName) -> String {
    format!("trigger-privatelink {connection}: from the NLB")
}

/// The network interfaces holding these IPs (in the VPC, when given).
pub async fn interfaces_holding(aws: &Aws, vpc_id: Option<&str>, ips: &BTreeSet<Ipv4Addr>) -> anyhow::Result<Vec<NetworkInterface>> {
    if ips.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: Vec<String> = ips.iter().map(ToString::to_string).collect();
    let mut request = aws.ec2.describe_network_interfaces().filters(ec2_filter("addresses.private-ip-address", wanted.clone()));
    if let Some(vpc_id) = vpc_id {
        request = request.filters(ec2_filter("vpc-id", [vpc_id]));
    }
    let found = request.send().await.call("ec2:DescribeNetworkInterfaces")?;
    // Filtered again here: not every API implementation honours the filter.
    Ok(found
        .network_interfaces
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e.private_ip_address().is_some_and(|ip| wanted.iter().any(|w| w == ip)))
        .collect())
}

/// The network interfaces of IP targets (holding the IP) and instance targets
/// (attached to the instance), in the VPC when given. An ALB's are not listed: its
/// security groups are on the load balancer.
pub async fn interfaces_of_targets(aws: &Aws, vpc_id: Option<&str>, targets: &BTreeSet<Target>) -> anyhow::Result<Vec<NetworkInterface>> {
    let ips: BTreeSet<Ipv4Addr> = targets.iter().filter_map(Target::ip).collect();
    let instances: Vec<String> =
        targets.iter().filter_map(|t| if let Target::Instance(id) = t { Some(id.clone()) } else { None }).collect();
    let mut found = interfaces_holding(aws, vpc_id, &ips).await?;
    if !instances.is_empty() {
        let attached = aws
            .ec2
            .describe_network_interfaces()
            .filters(ec2_filter("attachment.instance-id", instances.clone()))
            .send()
            .await
            .call("ec2:DescribeNetworkInterfaces")?;
        found.extend(
            attached
                .network_interfaces
                .unwrap_or_default()
                .into_iter()
                .filter(|e| e.attachment().and_then(|a| a.instance_id()).is_some_and(|id| instances.iter().any(|i| i == id))),
        );
    }
    Ok(found)
}

/// The interface an instance answers on: its primary one (device index 0) when listed.
pub fn instance_interface<'a>(interfaces: &'a [NetworkInterface], instance_id: &str) -> Option<&'a NetworkInterface> {
    let attached = |e: &&NetworkInterface| e.attachment().and_then(|a| a.instance_id()) == Some(instance_id);
    interfaces.iter().filter(attached).min_by_key(|e| e.attachment().and_then(|a| a.device_index()).unwrap_or(i32::MAX))
}

/// The security groups of these interfaces.
pub async fn groups_of(aws: &Aws, interfaces: &[NetworkInterface]) -> anyhow::Result<Vec<SecurityGroup>> {
    let ids: BTreeSet<String> =
        interfaces.iter().flat_map(|e| e.groups().iter().filter_map(|g| g.group_id().map(str::to_string))).collect();
    security_group::by_ids(aws, ids).await
}

/// The security groups in front of the targets: those of the interfaces holding IP
/// targets, or those of the instances or the ALB.
pub async fn groups_of_targets(aws: &Aws, targets: &Targets) -> anyhow::Result<Vec<SecurityGroup>> {
    if targets.kind == TargetKind::Ip {
        groups_of(aws, &interfaces_holding(aws, Some(&targets.vpc.id), &targets.ips()).await?).await
    } else {
        security_group::by_ids(aws, targets.security_groups.iter().cloned()).await
    }
}

/// Does the group admit `port` from the NLB's security group, or from a range that
/// contains one of the VPC's CIDR blocks?
pub fn admits_nlb(group: &SecurityGroup, port: u16, nlb_group: Option<&str>, vpc: &Vpc) -> bool {
    group.ip_permissions().iter().filter(|p| covers(p, port)).any(|p| {
        let from_group = nlb_group.is_some_and(|nlb| p.user_id_group_pairs().iter().any(|pair| pair.group_id() == Some(nlb)));
        let from_vpc = p
            .ip_ranges()
            .iter()
            .filter_map(|r| r.cidr_ip()?.parse::<Ipv4Net>().ok())
            .any(|range| vpc.cidrs.iter().any(|cidr| range.contains(cidr)));
        from_group || from_vpc
    })
}

/// One step per resource security group: kept when it admits the NLB already; else,
/// when `add` is set, a rule from the NLB's security group (`nlb_group`, which may be
/// made earlier in the same plan).
pub fn plan_rules(connection: &ConnectionName, groups: &[SecurityGroup], port: u16, nlb_group: &Id, vpc: &Vpc, add: bool) -> Vec<Step> {
    groups
        .iter()
        .filter_map(|group| {
            let id = group.group_id().unwrap_or_default();
            let name = group.group_name().unwrap_or_default();
            if admits_nlb(group, port, nlb_group.known(), vpc) {
                Some(Step::new(KIND, Action::Exists, id).named(name).detail(format!("admits TCP {port} from the NLB")))
            } else if add {
                Some(admit_step(rule_description(connection), id, port, Source::Group(nlb_group.clone())).named(name))
            } else {
                None
            }
        })
        .collect()
}

/// The groups that do not admit the NLB.
pub fn closed_groups(groups: &[SecurityGroup], port: u16, nlb_group: &Id, vpc: &Vpc) -> Vec<String> {
    groups.iter().filter(|g| !admits_nlb(g, port, nlb_group.known(), vpc)).filter_map(|g| g.group_id().map(str::to_string)).collect()
}

/// A rule on the resource's group `group_id` admitting TCP `port` from `from`.
pub fn admit_step(description: String, group_id: &str, port: u16, from: Source) -> Step {
    let detail = match &from {
        Source::Group(Id::Known(id)) => format!("allow TCP {port} from the NLB's security group {id}"),
        Source::Group(Id::Made(_)) => format!("allow TCP {port} from the NLB's security group"),
        Source::Cidrs(cidrs) => format!("allow TCP {port} from {}", cidrs.join(", ")),
    };
    Step::new(KIND, Action::Updated, group_id).detail(detail).write(Write::Authorize { group: group_id.into(), port, from, description })
}

/// The rules this connection added to groups, each as a step that revokes exactly it.
pub fn revoke_steps(groups: &[SecurityGroup], connection: &ConnectionName) -> Vec<Step> {
    let description = rule_description(connection);
    let mut steps = Vec::new();
    for group in groups {
        for permission in group.ip_permissions() {
            let pairs: Vec<_> =
                permission.user_id_group_pairs().iter().filter(|p| p.description() == Some(description.as_str())).cloned().collect();
            let ranges: Vec<_> = permission.ip_ranges().iter().filter(|r| r.description() == Some(description.as_str())).cloned().collect();
            if pairs.is_empty() && ranges.is_empty() {
                continue;
            }
            let sources: Vec<&str> = pairs.iter().filter_map(|p| p.group_id()).chain(ranges.iter().filter_map(|r| r.cidr_ip())).collect();
            let detail = format!("TCP {} from {}", permission.from_port().unwrap_or_default(), sources.join(", "));
            let exact = IpPermission::builder()
                .set_ip_protocol(permission.ip_protocol().map(str::to_string))
                .set_from_port(permission.from_port())
                .set_to_port(permission.to_port())
                .set_user_id_group_pairs(Some(pairs))
                .set_ip_ranges(Some(ranges))
                .build();
            let id = group.group_id().unwrap_or_default();
            steps.push(
                Step::new(KIND, Action::Revoked, id).detail(detail).write(Write::Revoke { group: id.to_string(), permission: exact }),
            );
        }
    }
    steps
}

//! Whether the resource's security groups let the NLB in, and the one ingress rule the
//! tool adds when asked. PrivateLink traffic and health checks reach the target from
//! the NLB's private IPs, so a rule must admit the NLB's security group or the VPC CIDR.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{IpPermission, SecurityGroup, UserIdGroupPair};
use ipnet::Ipv4Net;

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::outcome::{Action, PlanItem, ResourceOutcome};
use crate::connection::vpc::{Vpc, ec2_filter};

/// The description on every rule the tool adds, so teardown removes exactly those.
pub fn rule_description(connection: &ConnectionName) -> String {
    format!("trigger-privatelink {connection}: from the NLB")
}

/// The security groups of the network interfaces holding these IPs.
pub async fn groups_of_targets(aws: &Aws, vpc_id: &str, targets: &BTreeSet<Ipv4Addr>) -> anyhow::Result<Vec<SecurityGroup>> {
    if targets.is_empty() {
        return Ok(Vec::new());
    }
    let ips: Vec<String> = targets.iter().map(ToString::to_string).collect();
    let interfaces = aws
        .ec2
        .describe_network_interfaces()
        .filters(ec2_filter("vpc-id", [vpc_id]))
        .filters(ec2_filter("addresses.private-ip-address", ips.clone()))
        .send()
        .await
        .call("ec2:DescribeNetworkInterfaces")?;
    let group_ids: BTreeSet<String> = interfaces
        .network_interfaces()
        .iter()
        .filter(|eni| eni.private_ip_address().is_some_and(|ip| ips.iter().any(|wanted| wanted == ip)))
        .flat_map(|eni| eni.groups().iter().filter_map(|g| g.group_id().map(str::to_string)))
        .collect();
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    let groups = aws
        .ec2
        .describe_security_groups()
        .set_group_ids(Some(group_ids.into_iter().collect()))
        .send()
        .await
        .call("ec2:DescribeSecurityGroups")?;
    Ok(groups.security_groups.unwrap_or_default())
}

/// Does the rule's protocol and port range let TCP `port` through?
pub fn covers(permission: &IpPermission, port: u16) -> bool {
    match permission.ip_protocol() {
        Some("-1") => true,
        Some("tcp") | Some("6") => {
            permission.from_port().is_some_and(|f| f <= i32::from(port)) && permission.to_port().is_some_and(|t| t >= i32::from(port))
        }
        _ => false,
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

/// One item per resource security group: kept when it admits the NLB already, else
/// updated (a rule from the NLB's security group).
pub fn plan_rules(groups: &[SecurityGroup], port: u16, nlb_group: Option<&str>, vpc: &Vpc) -> Vec<PlanItem> {
    groups
        .iter()
        .map(|group| {
            let id = group.group_id().unwrap_or_default();
            let name = group.group_name().unwrap_or_default();
            if admits_nlb(group, port, nlb_group, vpc) {
                PlanItem::keep("resource-sg-rule", name, id).detail(format!("admits TCP {port} from the NLB"))
            } else {
                PlanItem::update("resource-sg-rule", name, id).detail(format!("allow TCP {port} from the NLB's security group"))
            }
        })
        .collect()
}

pub async fn apply_rule(
    aws: &Aws,
    connection: &ConnectionName,
    item: PlanItem,
    port: u16,
    nlb_group: &str,
) -> anyhow::Result<ResourceOutcome> {
    let id = item.id.clone().unwrap_or_default();
    if item.action == Action::Updated {
        let source = UserIdGroupPair::builder().group_id(nlb_group).description(rule_description(connection)).build();
        let permission = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(i32::from(port))
            .to_port(i32::from(port))
            .user_id_group_pairs(source)
            .build();
        aws.ec2
            .authorize_security_group_ingress()
            .group_id(&id)
            .ip_permissions(permission)
            .send()
            .await
            .call("ec2:AuthorizeSecurityGroupIngress")?;
    }
    Ok(item.done(id))
}

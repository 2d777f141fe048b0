//! Whether the resource's security groups let the NLB in, and the one ingress rule the
//! tool adds when asked. PrivateLink traffic and health checks reach the target from
//! the NLB's private IPs, so a rule must admit the NLB's security group or the VPC CIDR.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{NetworkInterface, SecurityGroup, SecurityGroupRule};
use ipnet::Ipv4Net;

use crate::aws::{Aws, CallExt};
use crate::connection::inputs::Targets;
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::security_group::{self, Source, Write, covers};
use crate::connection::target::{Target, TargetKind};
use crate::connection::vpc::{Vpc, ec2_filter};
use crate::plan::{Action, Id, Step};

const KIND: &str = "resource-sg-rule";

/// The description on every rule the tool adds, for a person reading the group (teardown
/// goes by the rule's tags and source, never by this text).
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
                Some(admit_step(Some(connection), id, port, Source::Group(nlb_group.clone())).named(name))
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

/// A rule on the resource's group `group_id` admitting TCP `port` from `from`, tagged
/// with the connection's tags when there is one (so teardown finds exactly it).
pub fn admit_step(connection: Option<&ConnectionName>, group_id: &str, port: u16, from: Source) -> Step {
    let detail = match &from {
        Source::Group(Id::Known(id)) => format!("allow TCP {port} from the NLB's security group {id}"),
        Source::Group(Id::Made(_)) => format!("allow TCP {port} from the NLB's security group"),
        Source::Cidrs(cidrs) => format!("allow TCP {port} from {}", cidrs.join(", ")),
    };
    let description = connection.map_or_else(|| "trigger-privatelink: from the NLB".to_string(), rule_description);
    Step::new(KIND, Action::Updated, group_id).detail(detail).write(Write::Authorize {
        group: group_id.into(),
        port,
        from,
        description,
        tagged: connection.cloned(),
    })
}

/// The connection's own security groups and the rules it made on others' groups, each
/// found by its own tags (what teardown removes last, and what an interrupted teardown
/// can leave behind).
pub struct OwnGroups {
    pub groups: Vec<SecurityGroup>,
    pub rules: Vec<SecurityGroupRule>,
}

impl OwnGroups {
    pub async fn read(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Self> {
        // The tagged rules need no group ID: read beside the groups.
        let (groups, tagged) = tokio::try_join!(security_group::owned(aws, connection), tagged_rules(aws, connection))?;
        let ids: Vec<String> = groups.iter().filter_map(|g| g.group_id().map(str::to_string)).collect();
        let referring = rules_referring_to(aws, &ids).await?;
        Ok(Self { groups, rules: select_rules(tagged, &referring, &ids) })
    }

    pub fn group_ids(&self) -> Vec<String> {
        self.groups.iter().filter_map(|g| g.group_id().map(str::to_string)).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.rules.is_empty()
    }
}

/// The ingress rules this connection made on groups it does not own, found each way on
/// its own, never through a resource that may be gone already: those carrying the
/// connection's tags (every rule since tags were put on rules), and those admitting from
/// one of the connection's own security groups (`own_groups`; every release made its
/// rule so, and AWS keeps no such rule once that group is gone: DeleteSecurityGroup
/// fails with DependencyViolation while "referenced by another security group in the
/// same VPC", https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html).
/// A rule is never chosen by its description: a person may have written the same words.
pub async fn rules_made(aws: &Aws, connection: &ConnectionName, own_groups: &[String]) -> anyhow::Result<Vec<SecurityGroupRule>> {
    let (tagged, referring) = tokio::try_join!(tagged_rules(aws, connection), rules_referring_to(aws, own_groups))?;
    Ok(select_rules(tagged, &referring, own_groups))
}

/// The rules carrying the connection's tags.
async fn tagged_rules(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<SecurityGroupRule>> {
    let tagged = aws
        .ec2
        .describe_security_group_rules()
        .filters(ec2_filter(&format!("tag:{CONNECTION_KEY}"), [connection.as_str()]))
        .send()
        .await
        .call("ec2:DescribeSecurityGroupRules")?;
    let owned = |rule: &SecurityGroupRule| {
        connection.owns(rule.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())))
    };
    Ok(tagged.security_group_rules().iter().filter(|r| owned(r)).cloned().collect())
}

/// Every rule of the other groups that have a rule admitting from one of `own_groups`.
pub async fn rules_referring_to(aws: &Aws, own_groups: &[String]) -> anyhow::Result<Vec<SecurityGroupRule>> {
    if own_groups.is_empty() {
        return Ok(Vec::new());
    }
    let referring = aws
        .ec2
        .describe_security_groups()
        .filters(ec2_filter("ip-permission.group-id", own_groups.to_vec()))
        .send()
        .await
        .call("ec2:DescribeSecurityGroups")?;
    let groups: Vec<String> =
        referring.security_groups().iter().filter_map(|g| g.group_id().map(str::to_string)).filter(|id| !own_groups.contains(id)).collect();
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let found = aws
        .ec2
        .describe_security_group_rules()
        .filters(ec2_filter("group-id", groups))
        .send()
        .await
        .call("ec2:DescribeSecurityGroupRules")?;
    Ok(found.security_group_rules.unwrap_or_default())
}

/// The connection's rules: its tagged ones, and of the rules of groups that refer to its
/// own groups those admitting from one of them; only ingress rules on groups it does not
/// own (rules on its own groups go with the groups), each once, by ID.
pub fn select_rules(tagged: Vec<SecurityGroupRule>, referring: &[SecurityGroupRule], own_groups: &[String]) -> Vec<SecurityGroupRule> {
    let own = |id: Option<&str>| id.is_some_and(|g| own_groups.iter().any(|o| o == g));
    // Only the rules admitting from one of its groups are copied: `list` passes every
    // connection the whole region's referring rules.
    let from_own = referring.iter().filter(|r| own(r.referenced_group_info().and_then(|g| g.group_id()))).cloned();
    let mut rules: Vec<SecurityGroupRule> =
        tagged.into_iter().chain(from_own).filter(|r| r.is_egress() != Some(true) && !own(r.group_id())).collect();
    rules.sort_by(|a, b| a.security_group_rule_id().cmp(&b.security_group_rule_id()));
    rules.dedup_by(|a, b| a.security_group_rule_id() == b.security_group_rule_id());
    rules
}

/// A step per group that revokes exactly these rules, by their IDs.
pub fn revoke_steps(rules: &[SecurityGroupRule]) -> Vec<Step> {
    let mut by_group: std::collections::BTreeMap<&str, Vec<&SecurityGroupRule>> = std::collections::BTreeMap::new();
    for rule in rules {
        by_group.entry(rule.group_id().unwrap_or_default()).or_default().push(rule);
    }
    by_group
        .into_iter()
        .map(|(group, rules)| {
            let described: Vec<String> = rules.iter().map(|r| describe_rule(r)).collect();
            let ids: Vec<String> = rules.iter().filter_map(|r| r.security_group_rule_id().map(str::to_string)).collect();
            Step::new(KIND, Action::Revoked, group)
                .detail(described.join("; "))
                .write(Write::RevokeRules { group: group.to_string(), rule_ids: ids })
        })
        .collect()
}

/// `sgr-0abc: TCP 5432 from sg-0def`.
pub fn describe_rule(rule: &SecurityGroupRule) -> String {
    let from = rule.referenced_group_info().and_then(|g| g.group_id()).or(rule.cidr_ipv4()).or(rule.cidr_ipv6()).unwrap_or("?");
    let ports = match (rule.from_port(), rule.to_port()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}-{b}"),
        _ => "all".into(),
    };
    format!("{}: TCP {ports} from {from}", rule.security_group_rule_id().unwrap_or("?"))
}

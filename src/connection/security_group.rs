//! The NLB's own security group: created for the connection unless the user names one,
//! admitting the listener port from the VPC's CIDR blocks (where PrivateLink traffic
//! and health checks arrive from).

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, SecurityGroup, Tag, TagSpecification};

use crate::aws::{Aws, CallExt};
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::outcome::{PlanItem, ResourceOutcome};
use crate::connection::resource_access;
use crate::connection::vpc::{Vpc, ec2_filter};
use crate::error::usage;

pub fn ec2_tags(connection: &ConnectionName, resource_type: ResourceType) -> TagSpecification {
    let tags = connection.tags().into_iter().map(|(key, value)| Tag::builder().key(key).value(value).build());
    TagSpecification::builder().resource_type(resource_type).set_tags(Some(tags.collect())).build()
}

fn owned_by(group: &SecurityGroup, connection: &ConnectionName) -> bool {
    connection.owns(group.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())))
}

/// A security group the user named: it must exist and be in the NLB's VPC.
pub async fn check_existing(aws: &Aws, id: &str, vpc_id: &str) -> anyhow::Result<()> {
    let found = aws.ec2.describe_security_groups().group_ids(id).send().await.call("ec2:DescribeSecurityGroups");
    let group = match found {
        Ok(output) => output.security_groups.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("InvalidGroup.NotFound") || err.is("InvalidGroupId.Malformed") => None,
        Err(err) => return Err(err.into()),
    };
    match group {
        None => Err(usage(format!("--security-group {id}: no such security group in {}", aws.region))),
        Some(group) if group.vpc_id() != Some(vpc_id) => {
            Err(usage(format!("--security-group {id} is in {}, not in the subnets' VPC {vpc_id}", group.vpc_id().unwrap_or_default())))
        }
        Some(_) => Ok(()),
    }
}

/// The connection's group among groups already read.
pub fn find_in(groups: &[SecurityGroup], connection: &ConnectionName, vpc_id: &str) -> Option<SecurityGroup> {
    groups.iter().find(|g| g.vpc_id() == Some(vpc_id) && owned_by(g, connection)).cloned()
}

pub async fn find(aws: &Aws, connection: &ConnectionName, vpc_id: &str) -> anyhow::Result<Option<SecurityGroup>> {
    let output = aws
        .ec2
        .describe_security_groups()
        .filters(ec2_filter("vpc-id", [vpc_id]))
        .filters(ec2_filter(&format!("tag:{CONNECTION_KEY}"), [connection.as_str()]))
        .send()
        .await
        .call("ec2:DescribeSecurityGroups")?;
    Ok(find_in(output.security_groups(), connection, vpc_id))
}

fn admits(group: &SecurityGroup, port: u16, cidr: &str) -> bool {
    group.ip_permissions().iter().any(|p| resource_access::covers(p, port) && p.ip_ranges().iter().any(|r| r.cidr_ip() == Some(cidr)))
}

/// The connection's own NLB security group: whether it exists and which VPC CIDRs it
/// does not admit the listener port from yet.
#[derive(Debug, Clone)]
pub struct SecurityGroupPlan {
    pub group_id: Option<String>,
    pub missing_cidrs: Vec<String>,
    pub port: u16,
    pub name: String,
}

impl SecurityGroupPlan {
    pub fn item(&self) -> PlanItem {
        let admits = format!("admits TCP {} from {}", self.port, self.missing_cidrs.join(", "));
        match &self.group_id {
            None => PlanItem::create("security-group", &self.name).detail(admits),
            Some(id) if self.missing_cidrs.is_empty() => {
                PlanItem::keep("security-group", &self.name, id).detail(format!("admits TCP {}", self.port))
            }
            Some(id) => PlanItem::update("security-group", &self.name, id).detail(format!(
                "add ingress TCP {} from {}",
                self.port,
                self.missing_cidrs.join(", ")
            )),
        }
    }
}

pub async fn plan_dedicated(aws: &Aws, connection: &ConnectionName, vpc: &Vpc, port: u16) -> anyhow::Result<SecurityGroupPlan> {
    let existing = find(aws, connection, &vpc.id).await?;
    let missing_cidrs =
        vpc.cidrs.iter().map(ToString::to_string).filter(|cidr| existing.as_ref().is_none_or(|group| !admits(group, port, cidr))).collect();
    Ok(SecurityGroupPlan {
        group_id: existing.and_then(|g| g.group_id).map(|id| id.to_string()),
        missing_cidrs,
        port,
        name: connection.security_group_name(),
    })
}

pub async fn apply_dedicated(
    aws: &Aws,
    connection: &ConnectionName,
    vpc_id: &str,
    plan: &SecurityGroupPlan,
) -> anyhow::Result<ResourceOutcome> {
    let group_id = match &plan.group_id {
        Some(id) => id.clone(),
        None => aws
            .ec2
            .create_security_group()
            .group_name(&plan.name)
            .description(format!("trigger-privatelink {connection}: NLB for Trigger.dev PrivateLink"))
            .vpc_id(vpc_id)
            .tag_specifications(ec2_tags(connection, ResourceType::SecurityGroup))
            .send()
            .await
            .call("ec2:CreateSecurityGroup")?
            .group_id
            .unwrap_or_default(),
    };
    if !plan.missing_cidrs.is_empty() {
        let ranges = plan
            .missing_cidrs
            .iter()
            .map(|cidr| IpRange::builder().cidr_ip(cidr).description(format!("trigger-privatelink {connection}: listener")).build());
        let permission = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(i32::from(plan.port))
            .to_port(i32::from(plan.port))
            .set_ip_ranges(Some(ranges.collect()))
            .build();
        aws.ec2
            .authorize_security_group_ingress()
            .group_id(&group_id)
            .ip_permissions(permission)
            .send()
            .await
            .call("ec2:AuthorizeSecurityGroupIngress")?;
    }
    Ok(plan.item().done(group_id))
}

pub async fn ensure_dedicated(aws: &Aws, connection: &ConnectionName, vpc: &Vpc, port: u16) -> anyhow::Result<ResourceOutcome> {
    let plan = plan_dedicated(aws, connection, vpc, port).await?;
    apply_dedicated(aws, connection, &vpc.id, &plan).await
}

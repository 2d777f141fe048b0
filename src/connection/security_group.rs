//! The NLB's own security group: created for the connection unless the user names one,
//! admitting the listener port from the VPC's CIDR blocks (where PrivateLink traffic
//! and health checks arrive from).

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, SecurityGroup, Tag, TagSpecification};

use crate::aws::{Aws, CallExt};
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::outcome::{Action, ResourceOutcome};
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
        Some(group) if group.vpc_id() != Some(vpc_id) => Err(usage(format!(
            "--security-group {id} is in {}, not in the subnets' VPC {vpc_id}",
            group.vpc_id().unwrap_or_default()
        ))),
        Some(_) => Ok(()),
    }
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
    Ok(output.security_groups.unwrap_or_default().into_iter().find(|g| g.vpc_id() == Some(vpc_id) && owned_by(g, connection)))
}

fn admits(group: &SecurityGroup, port: u16, cidr: &str) -> bool {
    group.ip_permissions().iter().any(|p| {
        let all = p.ip_protocol() == Some("-1");
        let tcp_covers = p.ip_protocol() == Some("tcp")
            && p.from_port().is_some_and(|from| from <= i32::from(port))
            && p.to_port().is_some_and(|to| to >= i32::from(port));
        (all || tcp_covers) && p.ip_ranges().iter().any(|r| r.cidr_ip() == Some(cidr))
    })
}

pub async fn ensure_dedicated(aws: &Aws, connection: &ConnectionName, vpc: &Vpc, port: u16) -> anyhow::Result<ResourceOutcome> {
    let name = connection.security_group_name();
    let (group_id, existing, mut action) = match find(aws, connection, &vpc.id).await? {
        Some(group) => (group.group_id().unwrap_or_default().to_string(), Some(group), Action::Exists),
        None => {
            let created = aws
                .ec2
                .create_security_group()
                .group_name(&name)
                .description(format!("trigger-privatelink {connection}: NLB for Trigger.dev PrivateLink"))
                .vpc_id(&vpc.id)
                .tag_specifications(ec2_tags(connection, ResourceType::SecurityGroup))
                .send()
                .await
                .call("ec2:CreateSecurityGroup")?;
            (created.group_id().unwrap_or_default().to_string(), None, Action::Created)
        }
    };
    let missing: Vec<String> = vpc
        .cidrs
        .iter()
        .map(ToString::to_string)
        .filter(|cidr| existing.as_ref().is_none_or(|group| !admits(group, port, cidr)))
        .collect();
    let mut details = vec![format!("admits TCP {port} from {}", vpc.cidr_list())];
    if !missing.is_empty() {
        let ranges = missing
            .iter()
            .map(|cidr| IpRange::builder().cidr_ip(cidr).description(format!("trigger-privatelink {connection}: listener")).build());
        let permission = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(i32::from(port))
            .to_port(i32::from(port))
            .set_ip_ranges(Some(ranges.collect()))
            .build();
        aws.ec2
            .authorize_security_group_ingress()
            .group_id(&group_id)
            .ip_permissions(permission)
            .send()
            .await
            .call("ec2:AuthorizeSecurityGroupIngress")?;
        if action == Action::Exists {
            action = Action::Updated;
            details = vec![format!("added ingress TCP {port} from {}", missing.join(", "))];
        }
    }
    Ok(ResourceOutcome::new("security-group", group_id, action).named(name).details(details))
}

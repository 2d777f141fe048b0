//! The NLB's own security group: created for the connection unless the user names one,
//! admitting the listener port from the VPC's CIDR blocks (where PrivateLink traffic
//! and health checks arrive from).

use aws_sdk_ec2::types::{IpPermission, IpRange, ResourceType, SecurityGroup, Tag, TagSpecification, UserIdGroupPair};

use crate::aws::poll::delete_when_released;
use crate::aws::{Aws, AwsCallError, CallExt};
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::vpc::{Vpc, ec2_filter};
use crate::error::usage;
use crate::plan::{Action, Context, Id, Made, Mode, PermissionCheck, Slot, Step, WriteOp, dry_run_id};

const KIND: &str = "security-group";

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

/// The security groups with these IDs (none for none).
pub async fn by_ids(aws: &Aws, ids: impl IntoIterator<Item = String>) -> anyhow::Result<Vec<SecurityGroup>> {
    let ids: Vec<String> = ids.into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = aws.ec2.describe_security_groups().set_group_ids(Some(ids)).send().await.call("ec2:DescribeSecurityGroups")?;
    Ok(found.security_groups.unwrap_or_default())
}

/// Whether a group admits TCP `port` from anywhere (0.0.0.0/0).
pub fn open_to_all(group: &SecurityGroup, port: u16) -> bool {
    group.ip_permissions().iter().any(|p| covers(p, port) && p.ip_ranges().iter().any(|r| r.cidr_ip() == Some("0.0.0.0/0")))
}

/// The connection's group among groups already read.
pub fn find_in(groups: &[SecurityGroup], connection: &ConnectionName, vpc_id: &str) -> Option<SecurityGroup> {
    groups.iter().find(|g| g.vpc_id() == Some(vpc_id) && owned_by(g, connection)).cloned()
}

/// Every security group carrying the connection's tags, in any VPC: found by its tags
/// alone, so a group whose NLB and target group are gone is still found.
pub async fn owned(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<SecurityGroup>> {
    let output = aws
        .ec2
        .describe_security_groups()
        .filters(ec2_filter(&format!("tag:{CONNECTION_KEY}"), [connection.as_str()]))
        .send()
        .await
        .call("ec2:DescribeSecurityGroups")?;
    Ok(output.security_groups().iter().filter(|g| owned_by(g, connection)).cloned().collect())
}

/// The connection's group in this VPC.
pub async fn find(aws: &Aws, connection: &ConnectionName, vpc_id: &str) -> anyhow::Result<Option<SecurityGroup>> {
    Ok(owned(aws, connection).await?.into_iter().find(|g| g.vpc_id() == Some(vpc_id)))
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

fn admits(group: &SecurityGroup, port: u16, cidr: &str) -> bool {
    group.ip_permissions().iter().any(|p| covers(p, port) && p.ip_ranges().iter().any(|r| r.cidr_ip() == Some(cidr)))
}

/// The step for the connection's own NLB security group: created, or given each
/// listener port from the VPC CIDRs it does not admit yet.
pub async fn plan_dedicated(aws: &Aws, connection: &ConnectionName, vpc: &Vpc, ports: &[u16]) -> anyhow::Result<Step> {
    let existing = find(aws, connection, &vpc.id).await?;
    // (port, the VPC CIDRs the group does not admit it from yet), for the ports that lack any.
    let missing: Vec<(u16, Vec<String>)> = ports
        .iter()
        .map(|&port| {
            let cidrs =
                vpc.cidrs.iter().map(ToString::to_string).filter(|cidr| existing.as_ref().is_none_or(|group| !admits(group, port, cidr)));
            (port, cidrs.collect::<Vec<_>>())
        })
        .filter(|(_, cidrs)| !cidrs.is_empty())
        .collect();
    let name = connection.security_group_name();
    let admit = |group: Id| {
        missing.iter().map(move |(port, cidrs)| Write::Authorize {
            group: group.clone(),
            port: *port,
            from: Source::Cidrs(cidrs.clone()),
            description: format!("trigger-privatelink {connection}: listener"),
            tagged: None,
        })
    };
    let list = |ports: &mut dyn Iterator<Item = u16>| ports.map(|p| p.to_string()).collect::<Vec<_>>().join(", ");
    let from = missing.first().map(|(_, cidrs)| cidrs.join(", ")).unwrap_or_default();
    let missing_ports = list(&mut missing.iter().map(|(port, _)| *port));
    Ok(match existing.and_then(|g| g.group_id) {
        None => Step::new(KIND, Action::Created, Id::Made(Slot::SecurityGroup))
            .named(&name)
            .detail(format!("admits TCP {missing_ports} from {from}"))
            .write(Write::Create { connection: connection.clone(), name, vpc_id: vpc.id.clone() })
            .writes(admit(Id::Made(Slot::SecurityGroup))),
        Some(id) if missing.is_empty() => {
            Step::new(KIND, Action::Exists, id).named(name).detail(format!("admits TCP {}", list(&mut ports.iter().copied())))
        }
        Some(id) => Step::new(KIND, Action::Updated, id.clone())
            .named(name)
            .detail(format!("add ingress TCP {missing_ports} from {from}"))
            .writes(admit(Id::Known(id))),
    })
}

/// The ingress rules of these groups (the connection's own), each with its rule ID.
pub async fn ingress_rules(aws: &Aws, group_ids: &[String]) -> anyhow::Result<Vec<aws_sdk_ec2::types::SecurityGroupRule>> {
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    let found = aws
        .ec2
        .describe_security_group_rules()
        .filters(crate::connection::vpc::ec2_filter("group-id", group_ids.iter().cloned()))
        .send()
        .await
        .call("ec2:DescribeSecurityGroupRules")?;
    Ok(found.security_group_rules.unwrap_or_default().into_iter().filter(|r| r.is_egress() != Some(true)).collect())
}

/// The step that deletes the NLB's security group, retried while the NLB's network
/// interfaces, which take a while to go, still use it.
pub fn delete_step(group: &SecurityGroup) -> Step {
    let id = group.group_id().unwrap_or_default();
    Step::new(KIND, Action::Deleted, id).named(group.group_name().unwrap_or_default()).write(Write::Delete { group: id.into() })
}

/// Where an ingress rule admits traffic from.
#[derive(Debug, Clone)]
pub enum Source {
    Cidrs(Vec<String>),
    Group(Id),
}

/// Security-group writes: the NLB's own group, and the rules the tool adds to groups.
#[derive(Debug, Clone)]
pub enum Write {
    Create {
        connection: ConnectionName,
        name: String,
        vpc_id: String,
    },
    /// TCP `port` from `from`, each source described with `description`; the rule
    /// carries the connection's tags when `tagged` names it (a rule on someone else's
    /// group, which teardown must find by them).
    Authorize {
        group: Id,
        port: u16,
        from: Source,
        description: String,
        tagged: Option<ConnectionName>,
    },
    /// Exactly these rules of the group, by their IDs, no more.
    RevokeRules {
        group: String,
        rule_ids: Vec<String>,
    },
    Delete {
        group: Id,
    },
}

/// The names of the load balancers that have the group.
async fn load_balancers_using(aws: &Aws, group: &str) -> anyhow::Result<Vec<String>> {
    let found = aws.elb.describe_load_balancers().send().await.call("elasticloadbalancing:DescribeLoadBalancers")?;
    Ok(found
        .load_balancers()
        .iter()
        .filter(|lb| lb.security_groups().iter().any(|g| g == group))
        .map(|lb| lb.load_balancer_name().unwrap_or("?").to_string())
        .collect())
}

impl WriteOp for Write {
    fn ec2_action(&self) -> Option<&'static str> {
        Some(self.action())
    }

    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let ids = |id: &Id| cx.id(id);
        if let Write::Delete { group } = self {
            let group = ids(group)?;
            delete_when_released(
                cx.ui,
                "deleting the NLB's security group",
                &format!("security group {group}"),
                "DependencyViolation",
                cx.wait_timeout,
                || async {
                    match self.send_with(cx.aws, &group, None, cx.mode()).await {
                        Err(err) if err.is("InvalidGroup.NotFound") => Ok(()),
                        other => other.map(|_| ()),
                    }
                },
                || load_balancers_using(cx.aws, &group),
            )
            .await?;
            return Ok(None);
        }
        let group = match self {
            Write::Authorize { group, .. } => ids(group)?,
            Write::RevokeRules { group, .. } => group.clone(),
            Write::Create { .. } | Write::Delete { .. } => String::new(),
        };
        let source = match self {
            Write::Authorize { from: Source::Group(id), .. } => Some(ids(id)?),
            _ => None,
        };
        match self.send_with(cx.aws, &group, source.as_deref(), cx.mode()).await {
            // Revoking a rule that is gone already is done.
            Err(err)
                if matches!(self, Write::RevokeRules { .. })
                    && (err.is("InvalidPermission.NotFound") || err.is("InvalidSecurityGroupRuleId.NotFound")) =>
            {
                Ok(None)
            }
            // A rule that is there already (a retry of a call whose answer was lost) is
            // what was asked.
            Err(err) if matches!(self, Write::Authorize { .. }) && err.is("InvalidPermission.Duplicate") => Ok(None),
            // The group exists: made by an earlier attempt whose answer was lost, or by a
            // run racing this one. Ours (by its tags) is taken; anyone else's is an error.
            Err(err) if err.is("InvalidGroup.Duplicate") => match self {
                Write::Create { connection, vpc_id, .. } => match find(cx.aws, connection, vpc_id).await? {
                    Some(found) => Ok(found.group_id.map(Made::id)),
                    None => Err(err.into()),
                },
                _ => Err(err.into()),
            },
            other => Ok(other?.map(Made::id)),
        }
    }

    async fn dry_run(&self, aws: &Aws) -> Option<PermissionCheck> {
        let group = match self {
            Write::Authorize { group, .. } | Write::Delete { group } => dry_run_id(aws, group),
            Write::RevokeRules { group, .. } => group.clone(),
            Write::Create { .. } => String::new(),
        };
        let source = match self {
            Write::Authorize { from: Source::Group(id), .. } => Some(dry_run_id(aws, id)),
            _ => None,
        };
        Some(PermissionCheck::from_answer(self.action(), self.send_with(aws, &group, source.as_deref(), Mode::DryRun).await))
    }
}

impl Write {
    fn action(&self) -> &'static str {
        match self {
            Write::Create { .. } => "ec2:CreateSecurityGroup",
            Write::Authorize { .. } => "ec2:AuthorizeSecurityGroupIngress",
            Write::RevokeRules { .. } => "ec2:RevokeSecurityGroupIngress",
            Write::Delete { .. } => "ec2:DeleteSecurityGroup",
        }
    }

    /// The one request of each write; `group` and `source` are the resolved IDs.
    async fn send_with(&self, aws: &Aws, group: &str, source: Option<&str>, mode: Mode<'_>) -> Result<Option<String>, AwsCallError> {
        let dry_run = mode.dry_run();
        match self {
            Write::Create { connection, name, vpc_id } => Ok(aws
                .ec2
                .create_security_group()
                .group_name(name)
                .description(format!("trigger-privatelink {connection}: NLB for Trigger.dev PrivateLink"))
                .vpc_id(vpc_id)
                .tag_specifications(ec2_tags(connection, ResourceType::SecurityGroup))
                .dry_run(dry_run)
                .send()
                .await
                .call("ec2:CreateSecurityGroup")?
                .group_id),
            Write::Authorize { port, from, description, tagged, .. } => {
                let rule = IpPermission::builder().ip_protocol("tcp").from_port(i32::from(*port)).to_port(i32::from(*port));
                let rule = match from {
                    Source::Cidrs(cidrs) => rule.set_ip_ranges(Some(
                        cidrs.iter().map(|cidr| IpRange::builder().cidr_ip(cidr).description(description).build()).collect(),
                    )),
                    Source::Group(_) => rule.user_id_group_pairs(
                        UserIdGroupPair::builder().set_group_id(source.map(str::to_string)).description(description).build(),
                    ),
                };
                aws.ec2
                    .authorize_security_group_ingress()
                    .group_id(group)
                    .ip_permissions(rule.build())
                    .set_tag_specifications(tagged.as_ref().map(|c| vec![ec2_tags(c, ResourceType::SecurityGroupRule)]))
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:AuthorizeSecurityGroupIngress")?;
                Ok(None)
            }
            Write::RevokeRules { rule_ids, .. } => {
                aws.ec2
                    .revoke_security_group_ingress()
                    .group_id(group)
                    .set_security_group_rule_ids(Some(rule_ids.clone()))
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:RevokeSecurityGroupIngress")?;
                Ok(None)
            }
            Write::Delete { .. } => {
                aws.ec2.delete_security_group().group_id(group).dry_run(dry_run).send().await.call("ec2:DeleteSecurityGroup")?;
                Ok(None)
            }
        }
    }
}

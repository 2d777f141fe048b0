//! Step 1: the TCP target group and its targets (IPs, instances or one ALB), health
//! checked on the traffic port: over TCP, or HTTP(S) for an ALB as AWS requires.

use std::collections::BTreeSet;

use aws_sdk_elasticloadbalancingv2::types::{ProtocolEnum, Tag, TargetGroup};

use crate::aws::poll::delete_when_released;
use crate::aws::{Aws, CallExt};
use crate::connection::elb_tags::{elb_tags, ensure_owned, tags_by_arn};
use crate::connection::names::{ConnectionName, NODES_KEY, RESOURCE_KEY};
use crate::connection::target::{self, Target, TargetKind};
use crate::error::usage;
use crate::plan::{Action, Context, Id, Made, Slot, Step, WriteOp, Writer};

const KIND: &str = "target-group";

/// Seconds between health checks. AWS's default for NLBs is 30; a tighter interval
/// notices a failed-over database sooner.
const HEALTH_CHECK_INTERVAL: i32 = 10;

#[derive(Debug, Clone)]
pub struct DesiredTargetGroup {
    pub connection: ConnectionName,
    /// `tpl-<name>-tg`, or `tpl-<name>-<listener port>` when the connection has several routes.
    pub name: String,
    pub vpc_id: String,
    /// The port the targets listen on.
    pub port: u16,
    /// The listener port of the route the group serves (the plan's slot for it).
    pub listener: u16,
    pub kind: TargetKind,
    pub targets: BTreeSet<Target>,
    pub health_check: HealthCheck,
    /// `rds-instance/<id>` and the like, when the targets came from a resource.
    pub resource_tag: Option<String>,
    /// Readers and replicas are targets too (remembered for sync-targets).
    pub all_nodes: bool,
    /// `--health-check-path` as given: an existing group on another path is moved to it
    /// (a plan step); not given, an existing group keeps the path it has.
    pub asked_path: Option<String>,
}

/// How the NLB checks a target: TCP, or HTTP/HTTPS on a path (an ALB target must be).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthCheck {
    pub protocol: ProtocolEnum,
    pub path: Option<String>,
}

impl HealthCheck {
    pub fn tcp() -> Self {
        Self { protocol: ProtocolEnum::Tcp, path: None }
    }
}

/// Every target group of the connection, one per port, ordered by port.
pub async fn find_all(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<TargetGroup>> {
    Ok(find_all_tagged(aws, connection).await?.into_iter().map(|(group, _)| group).collect())
}

/// Every target group of the connection with its tags (the resource it follows),
/// ordered by port.
pub async fn find_all_tagged(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<(TargetGroup, Vec<(String, String)>)>> {
    let mut named = Vec::new();
    let mut pages = aws.elb.describe_target_groups().page_size(crate::aws::ELB_PAGE).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.call("elasticloadbalancing:DescribeTargetGroups")?;
        named.extend(
            page.target_groups().iter().filter(|g| g.target_group_name().is_some_and(|n| connection.names_target_group(n))).cloned(),
        );
    }
    let arns: Vec<String> = named.iter().filter_map(|g| g.target_group_arn().map(str::to_string)).collect();
    let mut tags = tags_by_arn(aws, &arns).await?;
    let mut owned: Vec<(TargetGroup, Vec<(String, String)>)> = named
        .into_iter()
        .filter_map(|g| {
            let pairs = tags.remove(g.target_group_arn()?)?;
            connection.owns(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).then_some((g, pairs))
        })
        .collect();
    owned.sort_by_key(|(g, _)| g.port());
    Ok(owned)
}

/// The ARNs of the connection's target groups with their tags, in one call to the
/// Resource Groups Tagging API (GetResources, resource type
/// `elasticloadbalancing:targetgroup`, filtered by the connection's tag): what lets a
/// reader ask for the groups' health and the resources they follow in its first round,
/// before it knows the NLB. Pages follow `PaginationToken` until it is empty.
pub async fn tagged(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<(String, Vec<(String, String)>)>> {
    use aws_sdk_resourcegroupstagging::types::TagFilter;
    let filter = TagFilter::builder().key(crate::connection::names::CONNECTION_KEY).values(connection.as_str()).build();
    let mut found = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let page = aws
            .tagging
            .get_resources()
            .resource_type_filters("elasticloadbalancing:targetgroup")
            .tag_filters(filter.clone())
            .set_pagination_token(token.take())
            .send()
            .await
            .call("tag:GetResources")?;
        for mapping in page.resource_tag_mapping_list() {
            let tags: Vec<(String, String)> = mapping.tags().iter().map(|t| (t.key().to_string(), t.value().to_string())).collect();
            if connection.owns(tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
                found.extend(mapping.resource_arn().map(|arn| (arn.to_string(), tags)));
            }
        }
        match page.pagination_token().filter(|t| !t.is_empty()) {
            Some(next) => token = Some(next.to_string()),
            None => return Ok(found),
        }
    }
}

/// The connection's target group by name, confirmed by tag.
async fn find_named(aws: &Aws, connection: &ConnectionName, name: &str) -> anyhow::Result<Option<TargetGroup>> {
    let found = aws.elb.describe_target_groups().names(name).send().await.call("elasticloadbalancing:DescribeTargetGroups");
    let group = match found {
        Ok(output) => output.target_groups.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("TargetGroupNotFound") => None,
        Err(err) => return Err(err.into()),
    };
    if let Some(group) = &group {
        ensure_owned(aws, connection, group.target_group_arn().unwrap_or_default(), "target group", name).await?;
    }
    Ok(group)
}

pub async fn by_arn(aws: &Aws, arn: &str) -> anyhow::Result<TargetGroup> {
    let found = aws.elb.describe_target_groups().target_group_arns(arn).send().await.call("elasticloadbalancing:DescribeTargetGroups");
    match found {
        Ok(output) => output.target_groups.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("TargetGroupNotFound") || err.is("ValidationError") => None,
        Err(err) => return Err(err.into()),
    }
    .ok_or_else(|| usage(format!("--target-group-arn {arn}: no such target group in {}", aws.region)))
}

pub async fn registered(aws: &Aws, arn: &str) -> anyhow::Result<BTreeSet<Target>> {
    let health = aws.elb.describe_target_health().target_group_arn(arn).send().await.call("elasticloadbalancing:DescribeTargetHealth")?;
    Ok(health.target_health_descriptions().iter().filter_map(|d| Target::from_id(d.target()?.id()?)).collect())
}

/// What differs between an existing group and the one asked for, in words.
fn conflicts(group: &TargetGroup, desired: &DesiredTargetGroup) -> Vec<String> {
    let mut differs = Vec::new();
    if group.protocol() != Some(&ProtocolEnum::Tcp) {
        differs.push(format!("protocol {} (asked TCP)", group.protocol().map_or("none", |p| p.as_str())));
    }
    if group.port() != Some(i32::from(desired.port)) {
        differs.push(format!("port {} (asked {})", group.port().unwrap_or_default(), desired.port));
    }
    if group.vpc_id() != Some(desired.vpc_id.as_str()) {
        differs.push(format!("VPC {} (asked {})", group.vpc_id().unwrap_or_default(), desired.vpc_id));
    }
    if group.target_type() != Some(&desired.kind.aws()) {
        differs.push(format!("target type {} (asked {})", group.target_type().map_or("none", |t| t.as_str()), desired.kind.as_str()));
    }
    differs
}

/// The step that makes the connection's target group match `desired`: created with
/// its targets, or its targets brought in line.
pub async fn plan(aws: &Aws, desired: &DesiredTargetGroup) -> anyhow::Result<Step> {
    let name = desired.name.clone();
    let made = Id::Made(Slot::TargetGroup(desired.listener));
    let Some(group) = find_named(aws, &desired.connection, &name).await? else {
        return Ok(Step::new(KIND, Action::Created, made.clone())
            .named(name)
            .detail(format!("TCP {} in {}, {} targets", desired.port, desired.vpc_id, desired.kind.as_str()))
            .details(register_detail(&desired.targets))
            .write(Write::Create(desired.clone()))
            .writes(Drift::between(&BTreeSet::new(), desired.targets.clone()).writes(&made, desired.port)));
    };
    let differs = conflicts(&group, desired);
    if !differs.is_empty() {
        return Err(usage(format!("target group {name} already exists with {}; nothing was changed", differs.join(", "))));
    }
    let arn = group.target_group_arn().unwrap_or_default().to_string();
    let drift = Drift::between(&registered(aws, &arn).await?, desired.targets.clone());
    let new_path = desired.asked_path.as_deref().filter(|asked| group.health_check_path() != Some(*asked));
    Ok(match (drift.is_empty(), new_path) {
        (true, None) => Step::new(KIND, Action::Exists, arn).named(name).detail(format!("targets {}", target::list(&desired.targets))),
        (_, Some(path)) => {
            let moved = format!("health check path {} → {path}", group.health_check_path().unwrap_or("none"));
            let mut step = drift.step(&arn, desired.port).named(name);
            step.details.insert(0, moved);
            step.writes.insert(0, std::sync::Arc::new(Write::HealthCheckPath { group: arn.clone(), path: path.to_string() }));
            step
        }
        (false, None) => drift.step(&arn, desired.port).named(name),
    })
}

fn register_detail(targets: &BTreeSet<Target>) -> Option<String> {
    (!targets.is_empty()).then(|| format!("register {}", target::list(targets)))
}

/// How registered targets differ from the ones wanted (a resource's IPs now).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drift {
    pub wanted: BTreeSet<Target>,
    pub register: BTreeSet<Target>,
    pub deregister: BTreeSet<Target>,
}

impl Drift {
    pub fn between(registered: &BTreeSet<Target>, wanted: BTreeSet<Target>) -> Self {
        Self {
            register: wanted.difference(registered).cloned().collect(),
            deregister: registered.difference(&wanted).cloned().collect(),
            wanted,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.register.is_empty() && self.deregister.is_empty()
    }

    /// Register, then deregister, so the group is never empty in between.
    fn writes(&self, group: &Id, port: u16) -> Vec<Write> {
        let mut writes = Vec::new();
        if !self.register.is_empty() {
            writes.push(Write::Register { group: group.clone(), port, targets: self.register.clone() });
        }
        if !self.deregister.is_empty() {
            writes.push(Write::Deregister { group: group.clone(), port, targets: self.deregister.clone() });
        }
        writes
    }

    /// The step that brings an existing group in line.
    pub fn step(&self, arn: &str, port: u16) -> Step {
        let mut details: Vec<String> = register_detail(&self.register).into_iter().collect();
        if !self.deregister.is_empty() {
            details.push(format!("deregister {}", target::list(&self.deregister)));
        }
        Step::new(KIND, Action::Updated, arn).details(details).writes(self.writes(&Id::Known(arn.to_string()), port))
    }
}

/// The step that deletes a target group (once no listener uses it).
pub fn delete_step(group: &TargetGroup) -> Step {
    let arn = group.target_group_arn().unwrap_or_default();
    Step::new(KIND, Action::Deleted, arn).named(group.target_group_name().unwrap_or_default()).write(Write::Delete { group: arn.into() })
}

/// The target group's writes.
#[derive(Debug, Clone)]
pub enum Write {
    Create(DesiredTargetGroup),
    Register {
        group: Id,
        port: u16,
        targets: BTreeSet<Target>,
    },
    Deregister {
        group: Id,
        port: u16,
        targets: BTreeSet<Target>,
    },
    /// Retried while a listener that is being deleted still uses the group.
    Delete {
        group: Id,
    },
    /// The HTTP(S) path an ALB target is checked on (ModifyTargetGroup).
    HealthCheckPath {
        group: String,
        path: String,
    },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::Create(desired) => create(aws, cx.writer, desired).await.map(Some),
            Write::Register { group, port, targets } => {
                aws.elb
                    .register_targets()
                    .target_group_arn(cx.id(group)?)
                    .set_targets(Some(targets.iter().map(|t| t.description(*port)).collect()))
                    .send()
                    .await
                    .call("elasticloadbalancing:RegisterTargets")?;
                Ok(None)
            }
            Write::Deregister { group, port, targets } => {
                aws.elb
                    .deregister_targets()
                    .target_group_arn(cx.id(group)?)
                    .set_targets(Some(targets.iter().map(|t| t.description(*port)).collect()))
                    .send()
                    .await
                    .call("elasticloadbalancing:DeregisterTargets")?;
                Ok(None)
            }
            Write::HealthCheckPath { group, path } => {
                aws.elb
                    .modify_target_group()
                    .target_group_arn(group)
                    .health_check_path(path)
                    .send()
                    .await
                    .call("elasticloadbalancing:ModifyTargetGroup")?;
                Ok(None)
            }
            Write::Delete { group } => {
                let arn = cx.id(group)?;
                delete_when_released(
                    cx.ui,
                    "deleting the target group",
                    &format!("target group {arn}"),
                    "ResourceInUse",
                    cx.wait_timeout,
                    || async {
                        match aws
                            .elb
                            .delete_target_group()
                            .target_group_arn(&arn)
                            .send()
                            .await
                            .call("elasticloadbalancing:DeleteTargetGroup")
                        {
                            Err(err) if err.is("TargetGroupNotFound") => Ok(()),
                            other => other.map(|_| ()),
                        }
                    },
                    || load_balancers_using(aws, &arn),
                )
                .await?;
                Ok(None)
            }
        }
    }
}

/// The ARNs of the load balancers whose listeners use the group.
async fn load_balancers_using(aws: &Aws, arn: &str) -> anyhow::Result<Vec<String>> {
    let found = aws.elb.describe_target_groups().target_group_arns(arn).send().await.call("elasticloadbalancing:DescribeTargetGroups")?;
    Ok(found.target_groups().first().map(|g| g.load_balancer_arns().to_vec()).unwrap_or_default())
}

async fn create(aws: &Aws, _: &Writer, desired: &DesiredTargetGroup) -> anyhow::Result<Made> {
    let name = desired.name.clone();
    let mut tags = elb_tags(&desired.connection);
    if let Some(resource) = &desired.resource_tag {
        tags.push(Tag::builder().key(RESOURCE_KEY).value(resource).build());
        tags.push(Tag::builder().key(NODES_KEY).value(if desired.all_nodes { "all" } else { "primary" }).build());
    }
    let created = aws
        .elb
        .create_target_group()
        .name(&name)
        .protocol(ProtocolEnum::Tcp)
        .port(i32::from(desired.port))
        .vpc_id(&desired.vpc_id)
        .target_type(desired.kind.aws())
        .health_check_protocol(desired.health_check.protocol.clone())
        .set_health_check_path(desired.health_check.path.clone())
        .health_check_port("traffic-port")
        .health_check_interval_seconds(HEALTH_CHECK_INTERVAL)
        .set_tags(Some(tags))
        .send()
        .await
        .call("elasticloadbalancing:CreateTargetGroup")?;
    let arn = created.target_groups().first().and_then(|g| g.target_group_arn()).unwrap_or_default();
    Ok(Made { id: arn.to_string(), name: Some(name) })
}

/// The target group's name for `port` among `count` ports: one port keeps the name every
/// connection had before ports could be several.
pub fn name_for(connection: &ConnectionName, port: u16, count: usize) -> String {
    if count == 1 { connection.target_group_name() } else { connection.port_target_group_name(port) }
}

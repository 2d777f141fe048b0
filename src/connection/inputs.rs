//! Validation shared by the step subcommands and `setup`: what the user named, checked
//! against AWS with read-only calls, before anything is created.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::aws::Aws;
use crate::connection::alb::{self, Alb};
use crate::connection::instance;
use crate::connection::names::ConnectionName;
use crate::connection::resource::{self, ResolvedResource, ResourceRef};
use crate::connection::target::{Target, TargetKind};
use crate::connection::target_group::{DesiredTargetGroup, HealthCheck};
use crate::connection::vpc::{self, Subnet, Vpc};
use crate::error::usage;

/// The health check path of an ALB target when `--health-check-path` is not given.
pub const DEFAULT_HEALTH_CHECK_PATH: &str = "/";

/// What the user named as targets: one resource, IPs, instances, or one ALB.
#[derive(Debug, Clone, Default)]
pub struct TargetSpec {
    pub resource: Option<ResourceRef>,
    pub ips: Vec<Ipv4Addr>,
    pub instances: Vec<String>,
    /// `--alb`, as given: more than one is refused.
    pub albs: Vec<String>,
    pub health_check_path: Option<String>,
}

impl TargetSpec {
    pub fn is_empty(&self) -> bool {
        self.resource.is_none() && self.ips.is_empty() && self.instances.is_empty() && self.albs.is_empty()
    }

    /// Typed IPs say nothing of their VPC, port or subnets: the user must.
    pub fn hand_typed(&self) -> bool {
        self.resource.is_none() && !self.ips.is_empty()
    }
}

/// Where the targets are and which port they listen on.
#[derive(Debug, Clone)]
pub struct Targets {
    pub vpc: Vpc,
    pub port: u16,
    pub kind: TargetKind,
    pub targets: BTreeSet<Target>,
    pub resource: Option<ResolvedResource>,
    pub alb: Option<Alb>,
    /// (zone, subnet) where each target sits (an ALB: each of its subnets); none for typed IPs.
    pub placements: Vec<(String, String)>,
    /// The security groups of the instances or the ALB (an IP's are found from its interface).
    pub security_groups: Vec<String>,
    pub health_check_path: String,
    /// `--health-check-path` as given (an existing group is moved to it).
    pub asked_path: Option<String>,
}

impl Targets {
    /// `rds-instance/<id>` and the like, for the target group's resource tag.
    pub fn resource_tag(&self) -> Option<String> {
        self.resource.as_ref().map(|r| r.resource.tag_value())
    }

    pub fn ips(&self) -> BTreeSet<Ipv4Addr> {
        self.targets.iter().filter_map(Target::ip).collect()
    }

    /// The subnets the targets sit in, one per zone (empty for hand-given IPs).
    pub fn subnet_ids(&self) -> Vec<String> {
        subnets_by_zone(&self.placements)
    }

    /// IPs given by hand in a VPC already read, listening on `port`.
    pub fn of_ips(vpc: Vpc, ips: impl IntoIterator<Item = Ipv4Addr>, port: u16) -> Self {
        Targets {
            vpc,
            port,
            kind: TargetKind::Ip,
            targets: ips.into_iter().map(Target::Ip).collect(),
            resource: None,
            alb: None,
            placements: Vec::new(),
            security_groups: Vec::new(),
            health_check_path: DEFAULT_HEALTH_CHECK_PATH.into(),
            asked_path: None,
        }
    }

    /// Ports the targets can take: for an ALB, only its listener ports.
    pub fn check_ports(&self, ports: &[u16]) -> anyhow::Result<()> {
        self.alb.as_ref().map_or(Ok(()), |alb| alb.check_ports(ports))
    }

    fn health_check(&self, port: u16) -> HealthCheck {
        match &self.alb {
            Some(alb) => alb.health_check(port, &self.health_check_path),
            None => HealthCheck::tcp(),
        }
    }

    /// The target group named `name` holding these targets, for the route on `listener`.
    pub fn desired_group(&self, connection: &ConnectionName, name: String, listener: u16, all_nodes: bool) -> DesiredTargetGroup {
        DesiredTargetGroup {
            connection: connection.clone(),
            name,
            vpc_id: self.vpc.id.clone(),
            port: self.port,
            listener,
            kind: self.kind,
            targets: self.targets.clone(),
            health_check: self.health_check(self.port),
            resource_tag: self.resource_tag(),
            all_nodes,
            asked_path: self.alb.as_ref().and(self.asked_path.clone()),
        }
    }
}

/// One subnet per zone of these (zone, subnet) placements, the first seen in each zone.
pub fn subnets_by_zone(placements: &[(String, String)]) -> Vec<String> {
    let mut by_zone = BTreeMap::new();
    for (zone, subnet) in placements {
        by_zone.entry(zone.clone()).or_insert_with(|| subnet.clone());
    }
    by_zone.into_values().collect()
}

/// Targets from a resource (its VPC and port by default), EC2 instances or an ALB (their
/// VPC), or IPs given by hand (then `--vpc` and `--port` are needed); every IP must lie
/// in the VPC.
pub async fn targets(aws: &Aws, spec: &TargetSpec, vpc_id: Option<&str>, port: Option<u16>, all_nodes: bool) -> anyhow::Result<Targets> {
    let mut found = Found::default();
    let other_kinds = !spec.ips.is_empty() || !spec.instances.is_empty() || !spec.albs.is_empty();
    if spec.resource.is_some() && other_kinds {
        return Err(usage(
            "name one kind of target: a resource flag, --target-ip, --instance or --alb (setup takes several, a route each)",
        ));
    }
    if let Some(resource_ref) = &spec.resource {
        let resolved = resource::resolve(aws, resource_ref, vpc_id).await?;
        found.port =
            Some(port.or(resolved.port).ok_or_else(|| usage(format!("{} has no port on record: pass --port", resource_ref.flag())))?);
        let nodes: Vec<_> = resolved.nodes.iter().filter(|n| all_nodes || n.role.is_default_target()).collect();
        found.targets = nodes.iter().map(|n| Target::Ip(n.ip)).collect();
        found.placements = nodes.iter().map(|n| (n.availability_zone.clone(), n.subnet_id.clone())).collect();
        found.vpc_id = Some(resolved.vpc_id.clone());
        found.resource = Some(resolved);
    } else if !spec.instances.is_empty() {
        let instances = instance::resolve(aws, &spec.instances, vpc_id).await?;
        found.kind = TargetKind::Instance;
        found.port = Some(port.ok_or_else(|| usage("--port is required with --instance: the port the instances listen on"))?);
        found.targets = instances.iter().map(|i| Target::Instance(i.id.clone())).collect();
        found.placements = instances.iter().map(|i| (i.availability_zone.clone(), i.subnet_id.clone())).collect();
        found.security_groups = instances.iter().flat_map(|i| i.security_groups.clone()).collect();
        found.vpc_id = instances.first().map(|i| i.vpc_id.clone());
    } else if let [arn_or_name] = spec.albs.as_slice() {
        let alb = alb::resolve(aws, arn_or_name, vpc_id).await?;
        found.kind = TargetKind::Alb;
        found.port = Some(match port {
            Some(port) => port,
            None => alb.default_port()?,
        });
        found.targets = BTreeSet::from([Target::Alb(alb.arn.clone())]);
        found.placements = alb.zones.clone();
        found.security_groups = alb.security_groups.clone();
        found.vpc_id = Some(alb.vpc_id.clone());
        found.alb = Some(alb);
    } else if !spec.albs.is_empty() {
        return Err(usage(format!(
            "--alb given {} times: a target group takes one Application Load Balancer; make a connection per ALB",
            spec.albs.len()
        )));
    } else if spec.ips.is_empty() {
        return Err(usage("name the targets: a resource flag such as --rds-instance, --instance, --alb, or --target-ip"));
    } else {
        found.vpc_id = Some(vpc_id.ok_or_else(|| usage("--vpc is required with --target-ip"))?.to_string());
        found.port = Some(port.ok_or_else(|| usage("--port is required with --target-ip"))?);
        found.targets = spec.ips.iter().map(|ip| Target::Ip(*ip)).collect();
    }
    let vpc_id = found.vpc_id.clone().unwrap_or_default();
    let vpc = vpc::describe_vpc(aws, &vpc_id, "--vpc").await?;
    if let Some(outside) = found.targets.iter().filter_map(Target::ip).find(|ip| !vpc.contains(*ip)) {
        return Err(usage(format!("--target-ip {outside} is outside {} ({})", vpc.id, vpc.cidr_list())));
    }
    let targets = Targets {
        vpc,
        port: found.port.unwrap_or_default(),
        kind: found.kind,
        targets: found.targets,
        resource: found.resource,
        alb: found.alb,
        placements: found.placements,
        security_groups: found.security_groups,
        health_check_path: spec.health_check_path.clone().unwrap_or_else(|| DEFAULT_HEALTH_CHECK_PATH.into()),
        asked_path: spec.health_check_path.clone(),
    };
    targets.check_ports(&[targets.port])?;
    Ok(targets)
}

/// What one kind of target settles, before the VPC is read.
#[derive(Default)]
struct Found {
    kind: TargetKind,
    vpc_id: Option<String>,
    port: Option<u16>,
    targets: BTreeSet<Target>,
    resource: Option<ResolvedResource>,
    alb: Option<Alb>,
    placements: Vec<(String, String)>,
    security_groups: Vec<String>,
}

/// The NLB's subnets: they exist, share one VPC (`vpc_id` when given), one per zone.
pub async fn nlb_subnets(aws: &Aws, ids: &[String], vpc_id: Option<&str>) -> anyhow::Result<Vec<Subnet>> {
    let subnets = vpc::describe_subnets(aws, ids, "--subnet").await?;
    let first = subnets.first().ok_or_else(|| usage("give at least one --subnet"))?;
    if let Some(stray) = subnets.iter().find(|s| s.vpc_id != first.vpc_id) {
        return Err(usage(format!(
            "--subnet {} is in {}, but --subnet {} is in {}: all subnets must share one VPC",
            stray.id, stray.vpc_id, first.id, first.vpc_id
        )));
    }
    if let Some(vpc_id) = vpc_id.filter(|v| *v != first.vpc_id) {
        return Err(usage(format!("the subnets are in {} but the targets are in {vpc_id}: use subnets of the targets' VPC", first.vpc_id)));
    }
    let mut by_zone: BTreeMap<&str, &str> = BTreeMap::new();
    for subnet in &subnets {
        if let Some(other) = by_zone.insert(&subnet.availability_zone, &subnet.id)
            && other != subnet.id
        {
            return Err(usage(format!(
                "--subnet {other} and --subnet {} are both in {}: give one subnet per availability zone",
                subnet.id, subnet.availability_zone
            )));
        }
    }
    Ok(subnets)
}

//! Validation shared by the step subcommands and `setup`: what the user named, checked
//! against AWS with read-only calls, before anything is created.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use crate::aws::Aws;
use crate::connection::resource::{self, ResolvedResource, ResourceRef};
use crate::connection::vpc::{self, Subnet, Vpc};
use crate::error::usage;

/// Where the targets are and which port they listen on.
#[derive(Debug, Clone)]
pub struct Targets {
    pub vpc: Vpc,
    pub port: u16,
    pub ips: BTreeSet<Ipv4Addr>,
    pub resource: Option<ResolvedResource>,
}

impl Targets {
    /// `rds-instance/<id>` and the like, for the target group's resource tag.
    pub fn resource_tag(&self) -> Option<String> {
        self.resource.as_ref().map(|r| r.resource.tag_value())
    }

    /// The subnets of the targets' interfaces, one per zone (empty for hand-given IPs).
    pub fn subnet_ids(&self) -> Vec<String> {
        let mut by_zone = BTreeMap::new();
        for node in self.resource.iter().flat_map(|r| &r.nodes).filter(|n| self.ips.contains(&n.ip)) {
            by_zone.entry(node.availability_zone.clone()).or_insert_with(|| node.subnet_id.clone());
        }
        by_zone.into_values().collect()
    }
}

/// Targets from a resource (its VPC and port by default) or from IPs given by hand
/// (then `--vpc` and `--port` are needed); every IP must lie in the VPC.
pub async fn targets(
    aws: &Aws,
    resource_ref: Option<&ResourceRef>,
    ips: &[Ipv4Addr],
    vpc_id: Option<&str>,
    port: Option<u16>,
    all_nodes: bool,
) -> anyhow::Result<Targets> {
    let (vpc_id, port, ips, resource) = match resource_ref {
        Some(resource_ref) => {
            let resolved = resource::resolve(aws, resource_ref, vpc_id).await?;
            let port =
                port.or(resolved.port).ok_or_else(|| usage(format!("{} has no port on record: pass --port", resource_ref.flag())))?;
            (resolved.vpc_id.clone(), port, resolved.target_ips(all_nodes).into_iter().collect::<BTreeSet<_>>(), Some(resolved))
        }
        None => {
            if ips.is_empty() {
                return Err(usage("name the targets: --target-ip (repeatable) or a resource flag such as --rds-instance"));
            }
            let vpc_id = vpc_id.ok_or_else(|| usage("--vpc is required with --target-ip"))?;
            let port = port.ok_or_else(|| usage("--port is required with --target-ip"))?;
            (vpc_id.to_string(), port, ips.iter().copied().collect(), None)
        }
    };
    let vpc = vpc::describe_vpc(aws, &vpc_id, "--vpc").await?;
    if let Some(outside) = ips.iter().find(|ip| !vpc.contains(**ip)) {
        return Err(usage(format!("--target-ip {outside} is outside {} ({})", vpc.id, vpc.cidr_list())));
    }
    Ok(Targets { vpc, port, ips, resource })
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

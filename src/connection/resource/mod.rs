//! Finding the private IPs behind a managed resource: RDS and Aurora (with DocumentDB
//! and Neptune, which share the RDS API), ElastiCache, Redshift and RDS Proxy, one
//! module per kind; what they share (the reference, the resolved nodes, the interface
//! search) is here.
//!
//! AWS does not list a database's IPs: each node has an elastic network interface
//! whose description is `RDSNetworkInterface` (RDS, shared by every instance) or
//! `ElastiCache <cache-cluster-id>` (one per node). RDS interfaces are narrowed by the
//! instance's VPC, subnet group, security groups and availability zone, then by DNS;
//! when that still leaves several, we refuse to guess.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::target::Target;
use crate::connection::vpc::ec2_filter;
use crate::error::usage;
use crate::suggest::did_you_mean;

mod elasticache;
mod proxy;
mod rds;
mod redshift;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum ResourceRef {
    RdsInstance(String),
    RdsCluster(String),
    /// An Amazon DocumentDB cluster: a DB cluster of engine `docdb` on the RDS API.
    DocdbCluster(String),
    /// An Amazon Neptune cluster: a DB cluster of engine `neptune` on the RDS API.
    NeptuneCluster(String),
    ElasticacheCluster(String),
    ElasticacheReplicationGroup(String),
    /// An Amazon Redshift cluster: its leader node (or its one shared node) is the target.
    RedshiftCluster(String),
    /// An RDS Proxy, by name: every interface of its default endpoint is a target.
    RdsProxy(String),
}

/// One kind of resource as the command line names it: `--<name> <VALUE_NAME>`.
pub struct Kind {
    pub name: &'static str,
    pub value_name: &'static str,
    pub help: &'static str,
    pub make: fn(String) -> ResourceRef,
}

/// Every kind, in the order flags and lists name them: the one list that the command
/// line's resource flags, `--route`'s `KIND:ID`, the missing-flags error and the tag
/// reader take their kinds from.
pub const KINDS: [Kind; 8] = [
    Kind { name: "rds-instance", value_name: "ID", help: "An RDS DB instance identifier", make: ResourceRef::RdsInstance },
    Kind {
        name: "rds-cluster",
        value_name: "ID",
        help: "An RDS/Aurora DB cluster identifier (its writer is the target)",
        make: ResourceRef::RdsCluster,
    },
    Kind {
        name: "docdb-cluster",
        value_name: "ID",
        help: "An Amazon DocumentDB cluster identifier (its writer is the target)",
        make: ResourceRef::DocdbCluster,
    },
    Kind {
        name: "neptune-cluster",
        value_name: "ID",
        help: "An Amazon Neptune cluster identifier (its writer is the target)",
        make: ResourceRef::NeptuneCluster,
    },
    Kind {
        name: "elasticache-cluster",
        value_name: "ID",
        help: "An ElastiCache cache cluster ID (every node is a target)",
        make: ResourceRef::ElasticacheCluster,
    },
    Kind {
        name: "elasticache-replication-group",
        value_name: "ID",
        help: "An ElastiCache replication group ID (its primary is the target)",
        make: ResourceRef::ElasticacheReplicationGroup,
    },
    Kind {
        name: "redshift-cluster",
        value_name: "ID",
        help: "An Amazon Redshift cluster identifier (its leader node is the target)",
        make: ResourceRef::RedshiftCluster,
    },
    Kind {
        name: "rds-proxy",
        value_name: "NAME",
        help: "An RDS Proxy name (each of its interfaces is a target)",
        make: ResourceRef::RdsProxy,
    },
];

impl ResourceRef {
    /// The flag of every kind, in [`KINDS`] order: `--rds-instance`, `--rds-cluster`, ….
    pub fn flags() -> Vec<&'static str> {
        KINDS.iter().map(|kind| (kind.make)(String::new()).flag()).collect()
    }

    /// `rds-instance`: the kind as `--route` and the resource tag spell it.
    pub fn kind_name(&self) -> &'static str {
        &self.flag()[2..]
    }

    pub fn flag(&self) -> &'static str {
        match self {
            Self::RdsInstance(_) => "--rds-instance",
            Self::RdsCluster(_) => "--rds-cluster",
            Self::DocdbCluster(_) => "--docdb-cluster",
            Self::NeptuneCluster(_) => "--neptune-cluster",
            Self::ElasticacheCluster(_) => "--elasticache-cluster",
            Self::ElasticacheReplicationGroup(_) => "--elasticache-replication-group",
            Self::RedshiftCluster(_) => "--redshift-cluster",
            Self::RdsProxy(_) => "--rds-proxy",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            Self::RdsInstance(id)
            | Self::RdsCluster(id)
            | Self::DocdbCluster(id)
            | Self::NeptuneCluster(id)
            | Self::ElasticacheCluster(id)
            | Self::ElasticacheReplicationGroup(id)
            | Self::RedshiftCluster(id)
            | Self::RdsProxy(id) => id,
        }
    }

    /// `rds-instance/orders-db`: stored in a tag on the target group so later commands
    /// can re-resolve the resource.
    pub fn tag_value(&self) -> String {
        format!("{}/{}", self.kind_name(), self.id())
    }

    /// The reverse of [`tag_value`](Self::tag_value).
    pub fn from_tag_value(tag: &str) -> Option<Self> {
        let (kind, id) = tag.split_once('/')?;
        KINDS.iter().map(|k| (k.make)(id.to_string())).find(|resource| resource.kind_name() == kind)
    }
}

#[cfg(test)]
mod tag_tests {
    use super::ResourceRef;

    #[test]
    fn tag_values_read_back() {
        for r in [
            ResourceRef::RdsInstance("orders-db".into()),
            ResourceRef::RdsCluster("c".into()),
            ResourceRef::DocdbCluster("docs".into()),
            ResourceRef::NeptuneCluster("graph".into()),
            ResourceRef::ElasticacheCluster("memo".into()),
            ResourceRef::ElasticacheReplicationGroup("sessions".into()),
            ResourceRef::RedshiftCluster("warehouse".into()),
            ResourceRef::RdsProxy("orders-proxy".into()),
        ] {
            assert_eq!(ResourceRef::from_tag_value(&r.tag_value()), Some(r));
        }
        assert_eq!(ResourceRef::from_tag_value("s3/bucket"), None);
    }

    #[test]
    fn each_kind_names_its_own_flag() {
        for kind in &super::KINDS {
            assert_eq!((kind.make)("x".into()).kind_name(), kind.name);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// RDS instance, or an Aurora writer.
    Writer,
    /// A Redshift cluster's leader node (or its one shared node): where clients connect.
    Leader,
    Reader,
    /// ElastiCache primary of a replication group.
    Primary,
    Replica,
    /// A node with no role (a cache cluster's node).
    Node,
}

impl Role {
    /// Receives traffic by default; replicas and readers only with --all-nodes.
    pub fn is_default_target(self) -> bool {
        matches!(self, Role::Writer | Role::Leader | Role::Primary | Role::Node)
    }

    fn as_str(self) -> &'static str {
        match self {
            Role::Writer => "writer",
            Role::Leader => "leader",
            Role::Reader => "reader",
            Role::Primary => "primary",
            Role::Replica => "replica",
            Role::Node => "node",
        }
    }
}

/// One node of the resource and the network interface that carries its IP.
#[derive(Debug, Clone, Serialize)]
pub struct NodeIp {
    pub ip: Ipv4Addr,
    pub availability_zone: String,
    pub subnet_id: String,
    pub eni_id: String,
    pub node: String,
    pub role: Role,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResolvedResource {
    pub resource: ResourceRef,
    pub vpc_id: String,
    pub port: Option<u16>,
    pub nodes: Vec<NodeIp>,
}

impl ResolvedResource {
    /// The IP targets: the primary/writer's (every node's with `all_nodes`).
    pub fn targets(&self, all_nodes: bool) -> BTreeSet<Target> {
        self.nodes.iter().filter(|n| all_nodes || n.role.is_default_target()).map(|n| Target::Ip(n.ip)).collect()
    }
}

impl crate::ui::Report for ResolvedResource {
    fn human(&self, view: crate::ui::View) -> String {
        crate::ui::table::render(
            &["ip", "az", "subnet", "eni", "node", "role"],
            self.nodes.iter().map(|n| {
                vec![
                    n.ip.to_string(),
                    n.availability_zone.clone(),
                    n.subnet_id.clone(),
                    n.eni_id.clone(),
                    n.node.clone(),
                    n.role.as_str().into(),
                ]
            }),
            view.width,
        )
    }
}

/// A network interface that might belong to the resource.
#[derive(Debug, Clone)]
struct Interface {
    id: String,
    ip: Ipv4Addr,
    vpc_id: String,
    subnet_id: String,
    availability_zone: String,
    description: String,
    groups: Vec<String>,
}

async fn interfaces(aws: &Aws, descriptions: Vec<String>, vpc: Option<&str>) -> anyhow::Result<Vec<Interface>> {
    let mut request = aws.ec2.describe_network_interfaces().filters(ec2_filter("description", descriptions.clone()));
    if let Some(vpc) = vpc {
        request = request.filters(ec2_filter("vpc-id", [vpc]));
    }
    let mut pages = request.into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.call("ec2:DescribeNetworkInterfaces")?;
        for eni in page.network_interfaces() {
            let description = eni.description().unwrap_or_default().to_string();
            let ip = eni.private_ip_address().and_then(|ip| ip.parse().ok());
            // Filters are applied again here: not every API implementation honours them.
            if !descriptions.contains(&description) || vpc.is_some_and(|v| eni.vpc_id() != Some(v)) {
                continue;
            }
            let Some(ip) = ip else { continue };
            found.push(Interface {
                id: eni.network_interface_id().unwrap_or_default().to_string(),
                ip,
                vpc_id: eni.vpc_id().unwrap_or_default().to_string(),
                subnet_id: eni.subnet_id().unwrap_or_default().to_string(),
                availability_zone: eni.availability_zone().unwrap_or_default().to_string(),
                description,
                groups: eni.groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect(),
            });
        }
    }
    Ok(found)
}

/// The IPv4 addresses a DNS name resolves to, or none (emulator, no answer within 2 s).
async fn dns_ips(aws: &Aws, host: Option<&str>) -> BTreeSet<Ipv4Addr> {
    let Some(host) = host.filter(|_| !aws.local_endpoint) else { return BTreeSet::new() };
    let lookup = tokio::time::timeout(Duration::from_secs(2), tokio::net::lookup_host((host, 0))).await;
    match lookup {
        Ok(Ok(addrs)) => addrs.filter_map(|a| if let IpAddr::V4(v4) = a.ip() { Some(v4) } else { None }).collect(),
        _ => BTreeSet::new(),
    }
}

/// `--rds-instance ordersdb: no such DB instance in us-east-1; did you mean orders-db?`
fn not_found<'a>(resource: &ResourceRef, id: &str, what: &str, region: &str, existing: impl IntoIterator<Item = &'a str>) -> anyhow::Error {
    usage(format!("{} {id}: no such {what} in {region}{}", resource.flag(), did_you_mean(id, existing)))
}

fn check_vpc(resource: &ResourceRef, actual: &str, wanted: Option<&str>) -> anyhow::Result<()> {
    match wanted {
        Some(wanted) if wanted != actual => {
            Err(usage(format!("{} {} is in {actual}, not in --vpc {wanted}", resource.flag(), resource.id())))
        }
        _ => Ok(()),
    }
}

pub async fn resolve(aws: &Aws, resource: &ResourceRef, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    match resource {
        ResourceRef::RdsInstance(id) => {
            let instance = rds::instance(aws, resource, id).await?;
            check_vpc(resource, &instance.vpc_id, vpc)?;
            let node = rds::instance_node(aws, resource, &instance, Role::Writer).await?;
            Ok(ResolvedResource { resource: resource.clone(), vpc_id: instance.vpc_id, port: instance.port, nodes: vec![node] })
        }
        ResourceRef::RdsCluster(id) | ResourceRef::DocdbCluster(id) | ResourceRef::NeptuneCluster(id) => {
            rds::resolve_cluster(aws, resource, id, vpc).await
        }
        ResourceRef::ElasticacheReplicationGroup(id) => elasticache::resolve_replication_group(aws, resource, id, vpc).await,
        ResourceRef::ElasticacheCluster(id) => elasticache::resolve_cache_cluster(aws, resource, id, vpc).await,
        ResourceRef::RedshiftCluster(id) => redshift::resolve_cluster(aws, resource, id, vpc).await,
        ResourceRef::RdsProxy(id) => proxy::resolve(aws, resource, id, vpc).await,
    }
}

/// Keep the candidates that pass `keep`, unless none would be left.
fn narrow(candidates: &mut Vec<Interface>, keep: impl Fn(&Interface) -> bool) {
    if candidates.iter().any(&keep) {
        candidates.retain(keep);
    }
}

fn single(resource: &ResourceRef, node: &str, mut candidates: Vec<Interface>) -> anyhow::Result<Interface> {
    match candidates.len() {
        1 => Ok(candidates.remove(0)),
        0 => anyhow::bail!(
            "{} {}: no network interface found for {node}; if the resource is still being created wait for it, otherwise pass its private IP with --target-ip",
            resource.flag(),
            resource.id()
        ),
        _ => {
            let listed: Vec<String> =
                candidates.iter().map(|c| format!("{} ({}, {}, {})", c.ip, c.id, c.availability_zone, c.subnet_id)).collect();
            Err(usage(format!(
                "{} {}: cannot tell which network interface is {node}, candidates: {}; pass the right one with --target-ip",
                resource.flag(),
                resource.id(),
                listed.join(", ")
            )))
        }
    }
}

fn node_of(eni: Interface, node: String, role: Role) -> NodeIp {
    NodeIp { ip: eni.ip, availability_zone: eni.availability_zone, subnet_id: eni.subnet_id, eni_id: eni.id, node, role }
}

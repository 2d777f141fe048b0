//! Finding the private IPs behind an RDS or ElastiCache resource.
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

const RDS_DESCRIPTION: &str = "RDSNetworkInterface";

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

impl ResourceRef {
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
        format!("{}/{}", &self.flag()[2..], self.id())
    }

    /// The reverse of [`tag_value`](Self::tag_value).
    pub fn from_tag_value(tag: &str) -> Option<Self> {
        let (kind, id) = tag.split_once('/')?;
        let id = id.to_string();
        match kind {
            "rds-instance" => Some(Self::RdsInstance(id)),
            "rds-cluster" => Some(Self::RdsCluster(id)),
            "docdb-cluster" => Some(Self::DocdbCluster(id)),
            "neptune-cluster" => Some(Self::NeptuneCluster(id)),
            "elasticache-cluster" => Some(Self::ElasticacheCluster(id)),
            "elasticache-replication-group" => Some(Self::ElasticacheReplicationGroup(id)),
            "redshift-cluster" => Some(Self::RedshiftCluster(id)),
            "rds-proxy" => Some(Self::RdsProxy(id)),
            _ => None,
        }
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
            let instance = rds_instance(aws, resource, id).await?;
            check_vpc(resource, &instance.vpc_id, vpc)?;
            let node = rds_instance_node(aws, resource, &instance, Role::Writer).await?;
            Ok(ResolvedResource { resource: resource.clone(), vpc_id: instance.vpc_id, port: instance.port, nodes: vec![node] })
        }
        ResourceRef::RdsCluster(id) | ResourceRef::DocdbCluster(id) | ResourceRef::NeptuneCluster(id) => {
            resolve_rds_cluster(aws, resource, id, vpc).await
        }
        ResourceRef::ElasticacheReplicationGroup(id) => resolve_replication_group(aws, resource, id, vpc).await,
        ResourceRef::ElasticacheCluster(id) => resolve_cache_cluster(aws, resource, id, vpc).await,
        ResourceRef::RedshiftCluster(id) => resolve_redshift_cluster(aws, resource, id, vpc).await,
        ResourceRef::RdsProxy(id) => resolve_rds_proxy(aws, resource, id, vpc).await,
    }
}

struct RdsInstance {
    id: String,
    vpc_id: String,
    subnets: Vec<String>,
    security_groups: Vec<String>,
    availability_zone: Option<String>,
    endpoint: Option<String>,
    port: Option<u16>,
}

async fn rds_instance(aws: &Aws, resource: &ResourceRef, id: &str) -> anyhow::Result<RdsInstance> {
    let found = aws.rds.describe_db_instances().db_instance_identifier(id).send().await.call("rds:DescribeDBInstances");
    let instance = match found {
        Ok(output) => output.db_instances.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("DBInstanceNotFound") || err.is("DBInstanceNotFoundFault") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(instance) = instance else {
        let all = aws.rds.describe_db_instances().send().await.call("rds:DescribeDBInstances")?;
        return Err(not_found(
            resource,
            id,
            "DB instance",
            &aws.region,
            all.db_instances().iter().filter_map(|db| db.db_instance_identifier()),
        ));
    };
    let group = instance.db_subnet_group();
    Ok(RdsInstance {
        id: id.to_string(),
        vpc_id: group.and_then(|g| g.vpc_id()).unwrap_or_default().to_string(),
        subnets: group.map(|g| g.subnets().iter().filter_map(|s| s.subnet_identifier().map(str::to_string)).collect()).unwrap_or_default(),
        security_groups: instance.vpc_security_groups().iter().filter_map(|g| g.vpc_security_group_id().map(str::to_string)).collect(),
        availability_zone: instance.availability_zone().map(str::to_string),
        endpoint: instance.endpoint().and_then(|e| e.address()).map(str::to_string),
        port: instance.endpoint().and_then(|e| e.port()).and_then(|p| u16::try_from(p).ok()),
    })
}

/// Narrow the shared `RDSNetworkInterface` interfaces down to this instance's one.
async fn rds_instance_node(aws: &Aws, resource: &ResourceRef, instance: &RdsInstance, role: Role) -> anyhow::Result<NodeIp> {
    let mut candidates = interfaces(aws, vec![RDS_DESCRIPTION.into()], Some(&instance.vpc_id)).await?;
    candidates.retain(|eni| instance.subnets.is_empty() || instance.subnets.contains(&eni.subnet_id));
    candidates.retain(|eni| instance.security_groups.is_empty() || eni.groups.iter().any(|g| instance.security_groups.contains(g)));
    narrow(&mut candidates, |eni| instance.availability_zone.as_deref() == Some(eni.availability_zone.as_str()));
    let resolved = dns_ips(aws, instance.endpoint.as_deref()).await;
    narrow(&mut candidates, |eni| resolved.contains(&eni.ip));
    let eni = single(resource, &instance.id, candidates)?;
    Ok(node_of(eni, instance.id.clone(), role))
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

/// The family of DB cluster engines a flag names: DocumentDB and Neptune clusters share
/// the RDS API with Aurora, told apart by their engine.
fn cluster_family(engine: &str) -> ClusterFamily {
    match engine {
        "docdb" => ClusterFamily::Docdb,
        "neptune" => ClusterFamily::Neptune,
        _ => ClusterFamily::Rds,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClusterFamily {
    Rds,
    Docdb,
    Neptune,
}

impl ClusterFamily {
    fn of(resource: &ResourceRef) -> Self {
        match resource {
            ResourceRef::DocdbCluster(_) => ClusterFamily::Docdb,
            ResourceRef::NeptuneCluster(_) => ClusterFamily::Neptune,
            _ => ClusterFamily::Rds,
        }
    }

    fn name(self) -> &'static str {
        match self {
            ClusterFamily::Rds => "Aurora/RDS DB cluster",
            ClusterFamily::Docdb => "DocumentDB cluster",
            ClusterFamily::Neptune => "Neptune cluster",
        }
    }

    fn reference(self, id: &str) -> ResourceRef {
        match self {
            ClusterFamily::Rds => ResourceRef::RdsCluster(id.into()),
            ClusterFamily::Docdb => ResourceRef::DocdbCluster(id.into()),
            ClusterFamily::Neptune => ResourceRef::NeptuneCluster(id.into()),
        }
    }
}

async fn resolve_rds_cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    let family = ClusterFamily::of(resource);
    let found = aws.rds.describe_db_clusters().db_cluster_identifier(id).send().await.call("rds:DescribeDBClusters");
    let cluster = match found {
        Ok(output) => output.db_clusters.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("DBClusterNotFoundFault") || err.is("DBClusterNotFound") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(cluster) = cluster else {
        let all = aws.rds.describe_db_clusters().send().await.call("rds:DescribeDBClusters")?;
        let same_family = all.db_clusters().iter().filter(|c| cluster_family(c.engine().unwrap_or_default()) == family);
        return Err(not_found(resource, id, family.name(), &aws.region, same_family.filter_map(|c| c.db_cluster_identifier())));
    };
    let engine = cluster.engine().unwrap_or_default();
    let actual = cluster_family(engine);
    if actual != family {
        let right = actual.reference(id);
        return Err(usage(format!("{} {id} is a {} (engine {engine}): use {} {id}", resource.flag(), actual.name(), right.flag())));
    }
    let port = cluster.port().and_then(|p| u16::try_from(p).ok());
    let mut nodes = Vec::new();
    let mut vpc_id = String::new();
    for member in cluster.db_cluster_members() {
        let Some(member_id) = member.db_instance_identifier() else { continue };
        let role = if member.is_cluster_writer() == Some(true) { Role::Writer } else { Role::Reader };
        let instance = rds_instance(aws, resource, member_id).await?;
        check_vpc(resource, &instance.vpc_id, vpc)?;
        vpc_id = instance.vpc_id.clone();
        nodes.push(rds_instance_node(aws, resource, &instance, role).await?);
    }
    if nodes.is_empty() {
        anyhow::bail!("{} {id}: the cluster has no instances yet; add one, or pass --target-ip", resource.flag());
    }
    Ok(ResolvedResource { resource: resource.clone(), vpc_id, port, nodes })
}

fn elasticache_description(cache_cluster_id: &str) -> String {
    format!("ElastiCache {cache_cluster_id}")
}

async fn resolve_replication_group(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    let found =
        aws.elasticache.describe_replication_groups().replication_group_id(id).send().await.call("elasticache:DescribeReplicationGroups");
    let group = match found {
        Ok(output) => output.replication_groups.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("ReplicationGroupNotFoundFault") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(group) = group else {
        let all = aws.elasticache.describe_replication_groups().send().await.call("elasticache:DescribeReplicationGroups")?;
        return Err(not_found(
            resource,
            id,
            "replication group",
            &aws.region,
            all.replication_groups().iter().filter_map(|g| g.replication_group_id()),
        ));
    };
    // (cache cluster id, role) for every member; roles come from the node groups.
    let mut members: Vec<(String, Role)> = group
        .node_groups()
        .iter()
        .flat_map(|ng| ng.node_group_members())
        .filter_map(|m| {
            let role = if m.current_role() == Some("primary") { Role::Primary } else { Role::Replica };
            Some((m.cache_cluster_id()?.to_string(), role))
        })
        .collect();
    for member in group.member_clusters() {
        if !members.iter().any(|(id, _)| id == member) {
            members.push((member.clone(), Role::Node));
        }
    }
    let port = group
        .configuration_endpoint()
        .and_then(|e| e.port())
        .or_else(|| group.node_groups().iter().find_map(|ng| ng.primary_endpoint().and_then(|e| e.port())))
        .and_then(|p| u16::try_from(p).ok());
    let descriptions = members.iter().map(|(id, _)| elasticache_description(id)).collect();
    let found = interfaces(aws, descriptions, vpc).await?;
    let mut nodes = Vec::new();
    for (member, role) in members {
        let candidates = found.iter().filter(|eni| eni.description == elasticache_description(&member)).cloned().collect();
        nodes.push(node_of(single(resource, &member, candidates)?, member, role));
    }
    finish_elasticache(resource, port, nodes, &found)
}

async fn resolve_cache_cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    let found = aws
        .elasticache
        .describe_cache_clusters()
        .cache_cluster_id(id)
        .show_cache_node_info(true)
        .send()
        .await
        .call("elasticache:DescribeCacheClusters");
    let cluster = match found {
        Ok(output) => output.cache_clusters.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("CacheClusterNotFound") || err.is("CacheClusterNotFoundFault") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(cluster) = cluster else {
        let all = aws.elasticache.describe_cache_clusters().send().await.call("elasticache:DescribeCacheClusters")?;
        return Err(not_found(
            resource,
            id,
            "cache cluster",
            &aws.region,
            all.cache_clusters().iter().filter_map(|c| c.cache_cluster_id()),
        ));
    };
    let port = cluster
        .configuration_endpoint()
        .and_then(|e| e.port())
        .or_else(|| cluster.cache_nodes().iter().find_map(|n| n.endpoint().and_then(|e| e.port())))
        .and_then(|p| u16::try_from(p).ok());
    let found = interfaces(aws, vec![elasticache_description(id)], vpc).await?;
    if found.is_empty() {
        single(resource, id, Vec::new())?;
    }
    // Every node of a cache cluster shares the description; name a node by its AZ when that is unambiguous.
    let node_ids: Vec<(String, String)> = cluster
        .cache_nodes()
        .iter()
        .filter_map(|n| Some((n.cache_node_id()?.to_string(), n.customer_availability_zone().unwrap_or_default().to_string())))
        .collect();
    let nodes = found
        .iter()
        .cloned()
        .map(|eni| {
            let in_zone: Vec<&(String, String)> = node_ids.iter().filter(|(_, az)| *az == eni.availability_zone).collect();
            let node = match in_zone.as_slice() {
                [(node_id, _)] => format!("{id}/{node_id}"),
                _ => id.to_string(),
            };
            node_of(eni, node, Role::Node)
        })
        .collect();
    finish_elasticache(resource, port, nodes, &found)
}

fn finish_elasticache(
    resource: &ResourceRef,
    port: Option<u16>,
    nodes: Vec<NodeIp>,
    found: &[Interface],
) -> anyhow::Result<ResolvedResource> {
    let vpcs: BTreeSet<&str> = found.iter().map(|eni| eni.vpc_id.as_str()).collect();
    let vpc_id = match vpcs.into_iter().collect::<Vec<_>>().as_slice() {
        [one] => one.to_string(),
        many => {
            return Err(usage(format!(
                "{} {}: network interfaces in several VPCs ({}); pass --vpc",
                resource.flag(),
                resource.id(),
                many.join(", ")
            )));
        }
    };
    Ok(ResolvedResource { resource: resource.clone(), vpc_id, port, nodes })
}

const REDSHIFT_DESCRIPTION: &str = "RedshiftNetworkInterface";

/// A Redshift cluster's clients connect to its leader node (the one node of a single-node
/// cluster, role `SHARED`). DescribeClusters lists each node's private IP; the interface
/// holding it (description `RedshiftNetworkInterface`) gives its zone and subnet.
async fn resolve_redshift_cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    let found = aws.redshift.describe_clusters().cluster_identifier(id).send().await.call("redshift:DescribeClusters");
    let cluster = match found {
        Ok(output) => output.clusters.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("ClusterNotFound") || err.is("ClusterNotFoundFault") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(cluster) = cluster else {
        let all = aws.redshift.describe_clusters().send().await.call("redshift:DescribeClusters")?;
        return Err(not_found(resource, id, "Redshift cluster", &aws.region, all.clusters().iter().filter_map(|c| c.cluster_identifier())));
    };
    let vpc_id = cluster.vpc_id().unwrap_or_default().to_string();
    check_vpc(resource, &vpc_id, vpc)?;
    let port = cluster.endpoint().and_then(|e| e.port()).and_then(|p| u16::try_from(p).ok());
    let leader = cluster
        .cluster_nodes()
        .iter()
        .find(|n| matches!(n.node_role(), Some("LEADER" | "SHARED")))
        .and_then(|n| n.private_ip_address()?.parse::<Ipv4Addr>().ok());
    let Some(leader) = leader else {
        anyhow::bail!(
            "{} {id}: the cluster lists no leader node address yet; if it is still being created wait for it, otherwise pass its private IP with --target-ip",
            resource.flag()
        );
    };
    let candidates: Vec<Interface> =
        interfaces(aws, vec![REDSHIFT_DESCRIPTION.into()], Some(&vpc_id)).await?.into_iter().filter(|eni| eni.ip == leader).collect();
    let node = node_of(single(resource, &format!("{id}'s leader node"), candidates)?, id.to_string(), Role::Leader);
    Ok(ResolvedResource { resource: resource.clone(), vpc_id, port, nodes: vec![node] })
}

/// The description AWS gives an RDS Proxy's interfaces. AWS's guides do not print it;
/// it is what the interfaces carry in real accounts (public ENI inventory tools match
/// "Network interface for DBProxy <name>" to tell a proxy's interfaces apart), and the
/// candidates are narrowed further by the proxy's VPC and subnets.
fn rds_proxy_description(name: &str) -> String {
    format!("Network interface for DBProxy {name}")
}

/// The port an RDS Proxy listens on: its engine family's default, as a client connects
/// to it "the same way as to the database"
/// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-connecting.html).
fn rds_proxy_port(engine_family: &str) -> Option<u16> {
    match engine_family {
        "MYSQL" => Some(3306),
        "POSTGRESQL" => Some(5432),
        "SQLSERVER" => Some(1433),
        _ => None,
    }
}

/// An RDS Proxy's default endpoint answers on an interface in each of its subnets
/// (DescribeDBProxies: `VpcId`, `VpcSubnetIds`); every one is a target. The proxy's
/// addresses can change as it scales: sync-targets follows them as after a failover.
async fn resolve_rds_proxy(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
    let found = aws.rds.describe_db_proxies().db_proxy_name(id).send().await.call("rds:DescribeDBProxies");
    let proxy = match found {
        Ok(output) => output.db_proxies.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("DBProxyNotFoundFault") || err.is("DBProxyNotFound") => None,
        Err(err) => return Err(err.into()),
    };
    let Some(proxy) = proxy else {
        let all = aws.rds.describe_db_proxies().send().await.call("rds:DescribeDBProxies")?;
        return Err(not_found(resource, id, "RDS Proxy", &aws.region, all.db_proxies().iter().filter_map(|p| p.db_proxy_name())));
    };
    let vpc_id = proxy.vpc_id().unwrap_or_default().to_string();
    check_vpc(resource, &vpc_id, vpc)?;
    let port = rds_proxy_port(proxy.engine_family().unwrap_or_default());
    let mut candidates = interfaces(aws, vec![rds_proxy_description(id)], Some(&vpc_id)).await?;
    narrow(&mut candidates, |eni| proxy.vpc_subnet_ids().contains(&eni.subnet_id));
    let resolved = dns_ips(aws, proxy.endpoint()).await;
    narrow(&mut candidates, |eni| resolved.contains(&eni.ip));
    if candidates.is_empty() {
        single(resource, id, Vec::new())?;
    }
    let nodes = candidates.into_iter().map(|eni| {
        let node = format!("{id}/{}", eni.availability_zone);
        node_of(eni, node, Role::Node)
    });
    Ok(ResolvedResource { resource: resource.clone(), vpc_id, port, nodes: nodes.collect() })
}

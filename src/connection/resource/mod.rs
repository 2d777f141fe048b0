//! Finding the private IPs behind a managed resource: RDS and Aurora (with DocumentDB
//! and Neptune, which share the RDS API), ElastiCache, Redshift, RDS Proxy and Amazon MQ,
//! one module per kind, each defining its [`Kind`]; what they share (the registry of
//! kinds, the reference, the resolved nodes, the interface search) is here.
//!
//! AWS does not list a database's IPs: each node has an elastic network interface
//! whose description is `RDSNetworkInterface` (RDS, shared by every instance) or
//! `ElastiCache <cache-cluster-id>` (one per node). RDS interfaces are narrowed by the
//! instance's VPC, subnet group, security groups and availability zone, then by DNS;
//! when that still leaves several, we refuse to guess.

use std::collections::BTreeSet;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr};
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::target::Target;
use crate::connection::vpc::ec2_filter;
use crate::error::usage;
use crate::suggest::did_you_mean;

mod elasticache;
mod mq;
mod proxy;
mod rds;
mod redshift;

/// A future resolving a resource to its nodes' IPs.
pub type Resolving<'a> = Pin<Box<dyn Future<Output = anyhow::Result<ResolvedResource>> + Send + 'a>>;
/// A future listing a kind's resources in a VPC, for the wizard.
pub type Discovering<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Vec<Candidate>>> + Send + 'a>>;

/// A resource the wizard offers, with its label.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub resource: ResourceRef,
    pub label: String,
}

/// One kind of resource: everything about it that the rest of the tool needs, behind
/// one value. The command line's flag (`--<name>`), `--route`'s `KIND:ID`, the resource
/// tag a target group carries, the wizard's list, `sync-targets` and doctor's drift check
/// (which re-resolve), and the IAM policy all take the kinds from [`KINDS`]. A new kind
/// is a module defining one of these, and its line in [`KINDS`].
pub struct Kind {
    /// `--rds-instance`.
    pub flag: &'static str,
    pub value_name: &'static str,
    pub help: &'static str,
    /// The resource's nodes and their IPs (`vpc`: the VPC it must be in, when known).
    pub resolve: for<'a> fn(&'a Aws, &'a ResourceRef, Option<&'a str>) -> Resolving<'a>,
    /// The kind's resources in a VPC, each with the wizard's label.
    pub discover: for<'a> fn(&'a Aws, &'a str) -> Discovering<'a>,
    /// The read-only calls `resolve` and `discover` make.
    pub iam_actions: &'static [&'static str],
    /// What `doctor --probe` says to it on its target port.
    pub speaks: fn(u16) -> Speaks,
}

/// The first exchange `doctor --probe` has with a resource, one that needs no
/// credential (the prober, `connection/probe/prober.py`, says what each sends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Speaks {
    /// PostgreSQL, Aurora PostgreSQL, Redshift, RDS Proxy for PostgreSQL: SSLRequest.
    Postgres,
    /// MySQL, Aurora MySQL, MariaDB: the server's greeting, then a refused login.
    Mysql,
    /// Redis, Valkey: PING.
    Redis,
    /// An ALB or a web server: the status line of `GET /`.
    Http,
    /// Kafka: ApiVersions.
    Kafka,
    /// The connection alone (TLS-only services, protocols without a harmless first word).
    Tcp,
}

impl Speaks {
    pub fn as_str(self) -> &'static str {
        match self {
            Speaks::Postgres => "postgres",
            Speaks::Mysql => "mysql",
            Speaks::Redis => "redis",
            Speaks::Http => "http",
            Speaks::Kafka => "kafka",
            Speaks::Tcp => "tcp",
        }
    }

    /// An RDS engine by its port, which the route knows without a describe: PostgreSQL's
    /// 5432, MySQL's and MariaDB's 3306; any other, the connection alone.
    pub fn sql_by_port(port: u16) -> Self {
        match port {
            5432 => Speaks::Postgres,
            3306 => Speaks::Mysql,
            _ => Speaks::Tcp,
        }
    }

    /// Targets given by IP, instance or ALB: the protocol their port is known for.
    /// Kafka's 9092 is its plaintext listener (9094 and up are TLS or SASL).
    pub fn by_port(port: u16) -> Self {
        match port {
            5432 | 5439 => Speaks::Postgres,
            3306 => Speaks::Mysql,
            6379 => Speaks::Redis,
            80 | 8080 => Speaks::Http,
            9092 => Speaks::Kafka,
            _ => Speaks::Tcp,
        }
    }
}

impl Kind {
    /// `rds-instance`: the kind as `--route` and the resource tag spell it.
    pub fn name(&self) -> &'static str {
        &self.flag[2..]
    }
}

/// Every kind, in the order flags and lists name them.
pub static KINDS: &[&Kind] = &[
    &rds::INSTANCE,
    &rds::CLUSTER,
    &rds::DOCDB_CLUSTER,
    &rds::NEPTUNE_CLUSTER,
    &elasticache::CACHE_CLUSTER,
    &elasticache::REPLICATION_GROUP,
    &redshift::CLUSTER,
    &proxy::PROXY,
    &mq::BROKER,
];

/// A resource by kind and ID, as the user named it: `--rds-instance orders-db`.
#[derive(Clone)]
pub struct ResourceRef {
    kind: &'static Kind,
    id: String,
}

impl PartialEq for ResourceRef {
    fn eq(&self, other: &Self) -> bool {
        self.kind.flag == other.kind.flag && self.id == other.id
    }
}

impl Eq for ResourceRef {}

impl std::fmt::Debug for ResourceRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.kind.flag, self.id)
    }
}

/// `{"kind": "rds-instance", "id": "orders-db"}`.
impl Serialize for ResourceRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("ResourceRef", 2)?;
        out.serialize_field("kind", self.kind.name())?;
        out.serialize_field("id", &self.id)?;
        out.end()
    }
}

impl ResourceRef {
    pub fn new(kind: &'static Kind, id: impl Into<String>) -> Self {
        Self { kind, id: id.into() }
    }

    pub fn kind(&self) -> &'static Kind {
        self.kind
    }

    /// The flag of every kind, in [`KINDS`] order: `--rds-instance`, `--rds-cluster`, ….
    pub fn flags() -> Vec<&'static str> {
        KINDS.iter().map(|kind| kind.flag).collect()
    }

    pub fn flag(&self) -> &'static str {
        self.kind.flag
    }

    /// `rds-instance`: the kind as `--route` and the resource tag spell it.
    pub fn kind_name(&self) -> &'static str {
        self.kind.name()
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// `rds-instance/orders-db`: stored in a tag on the target group so later commands
    /// can re-resolve the resource.
    pub fn tag_value(&self) -> String {
        format!("{}/{}", self.kind_name(), self.id())
    }

    /// The reverse of [`tag_value`](Self::tag_value).
    pub fn from_tag_value(tag: &str) -> Option<Self> {
        let (kind, id) = tag.split_once('/')?;
        KINDS.iter().find(|k| k.name() == kind).map(|k| Self::new(k, id))
    }
}

#[cfg(test)]
mod tag_tests {
    use super::{KINDS, ResourceRef};

    #[test]
    fn tag_values_read_back() {
        for kind in KINDS {
            let resource = ResourceRef::new(kind, "orders-db");
            assert_eq!(ResourceRef::from_tag_value(&resource.tag_value()), Some(resource));
        }
        assert_eq!(ResourceRef::from_tag_value("s3/bucket"), None);
        let json = serde_json::to_value(ResourceRef::from_tag_value("rds-proxy/p").unwrap()).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "rds-proxy", "id": "p"}));
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
    (resource.kind.resolve)(aws, resource, vpc).await
}

/// Every kind's resources in the VPC, for the wizard to offer.
pub async fn discover(aws: &Aws, vpc: &str) -> anyhow::Result<Vec<Candidate>> {
    let mut found = Vec::new();
    for kind in KINDS {
        found.extend((kind.discover)(aws, vpc).await?);
    }
    Ok(found)
}

/// Every kind's read-only calls, for the IAM policy.
pub fn iam_actions() -> Vec<&'static str> {
    KINDS.iter().flat_map(|k| k.iam_actions.iter().copied()).collect()
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

//! RDS DB instances, and DB clusters: Aurora, DocumentDB and Neptune (the RDS API serves
//! all three, told apart by engine). Each instance's interface is described
//! `RDSNetworkInterface`, narrowed by VPC, subnet group, security groups, zone and DNS.
use std::collections::BTreeSet;

use super::{
    Candidate, Discovering, Kind, NodeIp, ResolvedResource, Resolving, ResourceRef, Role, Speaks, check_vpc, dns_ips, interfaces, narrow,
    node_of, not_found, single,
};
use crate::aws::{Aws, CallExt};
use crate::error::usage;

const INSTANCE_READS: &[&str] = &["rds:DescribeDBInstances", "ec2:DescribeNetworkInterfaces"];
const CLUSTER_READS: &[&str] = &["rds:DescribeDBClusters", "rds:DescribeDBInstances", "ec2:DescribeNetworkInterfaces"];

pub(super) static INSTANCE: Kind = Kind {
    flag: "--rds-instance",
    value_name: "ID",
    help: "An RDS DB instance identifier",
    resolve: resolve_instance,
    discover: discover_instances,
    iam_actions: INSTANCE_READS,
    speaks: Speaks::sql_by_port,
};

pub(super) static CLUSTER: Kind = Kind {
    flag: "--rds-cluster",
    value_name: "ID",
    help: "An RDS/Aurora DB cluster identifier (its writer is the target)",
    resolve: resolve_cluster,
    discover: |aws, vpc| Box::pin(discover_clusters(aws, vpc, ClusterFamily::Rds)),
    iam_actions: CLUSTER_READS,
    speaks: Speaks::sql_by_port,
};

pub(super) static DOCDB_CLUSTER: Kind = Kind {
    flag: "--docdb-cluster",
    value_name: "ID",
    help: "An Amazon DocumentDB cluster identifier (its writer is the target)",
    resolve: resolve_cluster,
    discover: |aws, vpc| Box::pin(discover_clusters(aws, vpc, ClusterFamily::Docdb)),
    iam_actions: CLUSTER_READS,
    speaks: |_| Speaks::Tcp,
};

pub(super) static NEPTUNE_CLUSTER: Kind = Kind {
    flag: "--neptune-cluster",
    value_name: "ID",
    help: "An Amazon Neptune cluster identifier (its writer is the target)",
    resolve: resolve_cluster,
    discover: |aws, vpc| Box::pin(discover_clusters(aws, vpc, ClusterFamily::Neptune)),
    iam_actions: CLUSTER_READS,
    speaks: |_| Speaks::Tcp,
};

fn resolve_instance<'a>(aws: &'a Aws, resource: &'a ResourceRef, vpc: Option<&'a str>) -> Resolving<'a> {
    Box::pin(async move {
        let instance = instance(aws, resource, resource.id()).await?;
        check_vpc(resource, &instance.vpc_id, vpc)?;
        let node = instance_node(aws, resource, &instance, Role::Writer).await?;
        Ok(ResolvedResource { resource: resource.clone(), vpc_id: instance.vpc_id, port: instance.port, nodes: vec![node] })
    })
}

/// The VPC's DB instances that belong to no cluster.
fn discover_instances<'a>(aws: &'a Aws, vpc: &'a str) -> Discovering<'a> {
    Box::pin(async move {
        let instances = aws.rds.describe_db_instances().send().await.call("rds:DescribeDBInstances")?;
        Ok(instances
            .db_instances()
            .iter()
            .filter(|db| db.db_subnet_group().and_then(|g| g.vpc_id()) == Some(vpc) && db.db_cluster_identifier().is_none())
            .map(|db| {
                let id = db.db_instance_identifier().unwrap_or_default();
                Candidate {
                    resource: ResourceRef::new(&INSTANCE, id),
                    label: format!("RDS instance  {id}  ({})", db.engine().unwrap_or("?")),
                }
            })
            .collect())
    })
}

/// The VPC's clusters of one family: a cluster is in the VPC when its instances are.
async fn discover_clusters(aws: &Aws, vpc: &str, family: ClusterFamily) -> anyhow::Result<Vec<Candidate>> {
    let instances = aws.rds.describe_db_instances().send().await.call("rds:DescribeDBInstances")?;
    let in_vpc: BTreeSet<&str> = instances
        .db_instances()
        .iter()
        .filter(|db| db.db_subnet_group().and_then(|g| g.vpc_id()) == Some(vpc))
        .filter_map(|db| db.db_cluster_identifier())
        .collect();
    let clusters = aws.rds.describe_db_clusters().send().await.call("rds:DescribeDBClusters")?;
    Ok(clusters
        .db_clusters()
        .iter()
        .filter(|c| c.db_cluster_identifier().is_some_and(|id| in_vpc.contains(id)))
        .filter(|c| cluster_family(c.engine().unwrap_or_default()) == family)
        .map(|c| {
            let id = c.db_cluster_identifier().unwrap_or_default();
            Candidate { resource: family.reference(id), label: format!("{}  {id}  ({})", family.label(), c.engine().unwrap_or("?")) }
        })
        .collect())
}

const RDS_DESCRIPTION: &str = "RDSNetworkInterface";

/// What of a DB instance finds its interface, and its port.
struct RdsInstance {
    id: String,
    vpc_id: String,
    subnets: Vec<String>,
    security_groups: Vec<String>,
    availability_zone: Option<String>,
    endpoint: Option<String>,
    port: Option<u16>,
}

async fn instance(aws: &Aws, resource: &ResourceRef, id: &str) -> anyhow::Result<RdsInstance> {
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
async fn instance_node(aws: &Aws, resource: &ResourceRef, instance: &RdsInstance, role: Role) -> anyhow::Result<NodeIp> {
    let mut candidates = interfaces(aws, vec![RDS_DESCRIPTION.into()], Some(&instance.vpc_id)).await?;
    candidates.retain(|eni| instance.subnets.is_empty() || instance.subnets.contains(&eni.subnet_id));
    candidates.retain(|eni| instance.security_groups.is_empty() || eni.groups.iter().any(|g| instance.security_groups.contains(g)));
    narrow(&mut candidates, |eni| instance.availability_zone.as_deref() == Some(eni.availability_zone.as_str()));
    let resolved = dns_ips(aws, instance.endpoint.as_deref()).await;
    narrow(&mut candidates, |eni| resolved.contains(&eni.ip));
    let eni = single(resource, &instance.id, candidates)?;
    Ok(node_of(eni, instance.id.clone(), role))
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
        match resource.kind().flag {
            "--docdb-cluster" => ClusterFamily::Docdb,
            "--neptune-cluster" => ClusterFamily::Neptune,
            _ => ClusterFamily::Rds,
        }
    }

    /// How the wizard lists one.
    fn label(self) -> &'static str {
        match self {
            ClusterFamily::Rds => "Aurora/RDS cluster",
            ClusterFamily::Docdb => "DocumentDB cluster",
            ClusterFamily::Neptune => "Neptune cluster",
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
            ClusterFamily::Rds => ResourceRef::new(&CLUSTER, id),
            ClusterFamily::Docdb => ResourceRef::new(&DOCDB_CLUSTER, id),
            ClusterFamily::Neptune => ResourceRef::new(&NEPTUNE_CLUSTER, id),
        }
    }
}

fn resolve_cluster<'a>(aws: &'a Aws, resource: &'a ResourceRef, vpc: Option<&'a str>) -> Resolving<'a> {
    Box::pin(cluster(aws, resource, resource.id(), vpc))
}

async fn cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
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
        let instance = instance(aws, resource, member_id).await?;
        check_vpc(resource, &instance.vpc_id, vpc)?;
        vpc_id = instance.vpc_id.clone();
        nodes.push(instance_node(aws, resource, &instance, role).await?);
    }
    if nodes.is_empty() {
        anyhow::bail!("{} {id}: the cluster has no instances yet; add one, or pass --target-ip", resource.flag());
    }
    Ok(ResolvedResource { resource: resource.clone(), vpc_id, port, nodes })
}

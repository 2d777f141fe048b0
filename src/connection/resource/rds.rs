//! RDS DB instances, and DB clusters: Aurora, DocumentDB and Neptune (the RDS API serves
//! all three, told apart by engine). Each instance's interface is described
//! `RDSNetworkInterface`, narrowed by VPC, subnet group, security groups, zone and DNS.
use super::{NodeIp, ResolvedResource, ResourceRef, Role, check_vpc, dns_ips, interfaces, narrow, node_of, not_found, single};
use crate::aws::{Aws, CallExt};
use crate::error::usage;

const RDS_DESCRIPTION: &str = "RDSNetworkInterface";

/// What of a DB instance finds its interface, and its port.
pub(super) struct RdsInstance {
    id: String,
    pub(super) vpc_id: String,
    subnets: Vec<String>,
    security_groups: Vec<String>,
    availability_zone: Option<String>,
    endpoint: Option<String>,
    pub(super) port: Option<u16>,
}

pub(super) async fn instance(aws: &Aws, resource: &ResourceRef, id: &str) -> anyhow::Result<RdsInstance> {
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
pub(super) async fn instance_node(aws: &Aws, resource: &ResourceRef, instance: &RdsInstance, role: Role) -> anyhow::Result<NodeIp> {
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

pub(super) async fn resolve_cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
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

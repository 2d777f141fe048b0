//! ElastiCache replication groups and cache clusters: one interface per node, described
//! `ElastiCache <cache-cluster-id>`.
use std::collections::BTreeSet;

use super::{Candidate, Interface, Kind, NodeIp, ResolvedResource, ResourceRef, Role, Speaks, interfaces, node_of, not_found, single};
use crate::aws::{Aws, CallExt};
use crate::connection::vpc::ec2_filter;
use crate::error::usage;

pub(super) static CACHE_CLUSTER: Kind = Kind {
    flag: "--elasticache-cluster",
    value_name: "ID",
    help: "An ElastiCache cache cluster ID (every node is a target)",
    resolve: |aws, resource, vpc| Box::pin(resolve_cache_cluster(aws, resource, resource.id(), vpc)),
    discover: |aws, vpc| Box::pin(discover(aws, vpc, false)),
    iam_actions: &["elasticache:DescribeCacheClusters", "elasticache:DescribeReplicationGroups", "ec2:DescribeNetworkInterfaces"],
    speaks: |_| Speaks::Redis,
};

pub(super) static REPLICATION_GROUP: Kind = Kind {
    flag: "--elasticache-replication-group",
    value_name: "ID",
    help: "An ElastiCache replication group ID (its primary is the target)",
    resolve: |aws, resource, vpc| Box::pin(resolve_replication_group(aws, resource, resource.id(), vpc)),
    discover: |aws, vpc| Box::pin(discover(aws, vpc, true)),
    iam_actions: &["elasticache:DescribeReplicationGroups", "ec2:DescribeNetworkInterfaces"],
    speaks: |_| Speaks::Redis,
};

/// The VPC's replication groups (`groups`), or its cache clusters outside any group.
/// ElastiCache does not say which VPC it is in; its nodes' interfaces do.
async fn discover(aws: &Aws, vpc: &str, groups: bool) -> anyhow::Result<Vec<Candidate>> {
    let enis =
        aws.ec2.describe_network_interfaces().filters(ec2_filter("vpc-id", [vpc])).send().await.call("ec2:DescribeNetworkInterfaces")?;
    let cache_ids: BTreeSet<String> =
        enis.network_interfaces().iter().filter_map(|e| e.description()?.strip_prefix("ElastiCache ").map(str::to_string)).collect();
    let found = aws.elasticache.describe_replication_groups().send().await.call("elasticache:DescribeReplicationGroups")?;
    let in_vpc: Vec<_> = found.replication_groups().iter().filter(|g| g.member_clusters().iter().any(|m| cache_ids.contains(m))).collect();
    if groups {
        return Ok(in_vpc
            .iter()
            .map(|g| {
                let id = g.replication_group_id().unwrap_or_default();
                Candidate { resource: ResourceRef::new(&REPLICATION_GROUP, id), label: format!("ElastiCache replication group  {id}") }
            })
            .collect());
    }
    let in_groups: BTreeSet<&String> = in_vpc.iter().flat_map(|g| g.member_clusters()).collect();
    Ok(cache_ids
        .iter()
        .filter(|id| !in_groups.contains(id))
        .map(|id| Candidate { resource: ResourceRef::new(&CACHE_CLUSTER, id.as_str()), label: format!("ElastiCache cluster  {id}") })
        .collect())
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

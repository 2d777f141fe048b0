//! Redshift clusters: the leader node's IP from DescribeClusters, checked against its
//! `RedshiftNetworkInterface`.
use std::net::Ipv4Addr;

use super::{
    Candidate, Discovering, Interface, Kind, ResolvedResource, Resolving, ResourceRef, Role, Speaks, check_vpc, interfaces, node_of,
    not_found, single,
};
use crate::aws::{Aws, CallExt};

pub(super) static CLUSTER: Kind = Kind {
    flag: "--redshift-cluster",
    value_name: "ID",
    help: "An Amazon Redshift cluster identifier (its leader node is the target)",
    resolve: |aws, resource, vpc| -> Resolving<'_> { Box::pin(resolve_cluster(aws, resource, resource.id(), vpc)) },
    discover,
    iam_actions: &["redshift:DescribeClusters", "ec2:DescribeNetworkInterfaces"],
    speaks: |_| Speaks::Postgres,
};

fn discover<'a>(aws: &'a Aws, vpc: &'a str) -> Discovering<'a> {
    Box::pin(async move {
        let found = aws.redshift.describe_clusters().send().await.call("redshift:DescribeClusters")?;
        Ok(found
            .clusters()
            .iter()
            .filter(|c| c.vpc_id() == Some(vpc))
            .map(|c| {
                let id = c.cluster_identifier().unwrap_or_default();
                Candidate { resource: ResourceRef::new(&CLUSTER, id), label: format!("Redshift cluster  {id}") }
            })
            .collect())
    })
}

const REDSHIFT_DESCRIPTION: &str = "RedshiftNetworkInterface";

/// A Redshift cluster's clients connect to its leader node (the one node of a single-node
/// cluster, role `SHARED`). DescribeClusters lists each node's private IP; the interface
/// holding it (description `RedshiftNetworkInterface`) gives its zone and subnet.
async fn resolve_cluster(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
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

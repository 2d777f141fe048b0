//! RDS Proxy: an interface in each of its subnets, every one a target.
use super::{
    Candidate, Discovering, Kind, ResolvedResource, ResourceRef, Role, Speaks, check_vpc, dns_ips, interfaces, narrow, node_of, not_found,
    single,
};
use crate::aws::{Aws, CallExt};

pub(super) static PROXY: Kind = Kind {
    flag: "--rds-proxy",
    value_name: "NAME",
    help: "An RDS Proxy name (each of its interfaces is a target)",
    resolve: |aws, resource, vpc| Box::pin(resolve(aws, resource, resource.id(), vpc)),
    discover,
    iam_actions: &["rds:DescribeDBProxies", "ec2:DescribeNetworkInterfaces"],
    speaks: Speaks::sql_by_port,
};

fn discover<'a>(aws: &'a Aws, vpc: &'a str) -> Discovering<'a> {
    Box::pin(async move {
        let found = aws.rds.describe_db_proxies().send().await.call("rds:DescribeDBProxies")?;
        Ok(found
            .db_proxies()
            .iter()
            .filter(|p| p.vpc_id() == Some(vpc))
            .map(|p| {
                let name = p.db_proxy_name().unwrap_or_default();
                Candidate {
                    resource: ResourceRef::new(&PROXY, name),
                    label: format!("RDS Proxy  {name}  ({})", p.engine_family().unwrap_or("?")),
                }
            })
            .collect())
    })
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
async fn resolve(aws: &Aws, resource: &ResourceRef, id: &str, vpc: Option<&str>) -> anyhow::Result<ResolvedResource> {
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

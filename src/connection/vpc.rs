//! VPCs and subnets: read-only lookups that validate what the user named.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{Filter, RouteTable};
use ipnet::Ipv4Net;

use crate::aws::{Aws, CallExt};
use crate::error::usage;

#[derive(Debug, Clone)]
pub struct Vpc {
    pub id: String,
    pub cidrs: Vec<Ipv4Net>,
}

impl Vpc {
    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        self.cidrs.iter().any(|cidr| cidr.contains(&ip))
    }

    pub fn cidr_list(&self) -> String {
        self.cidrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
    }
}

#[derive(Debug, Clone)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub availability_zone_id: Option<String>,
}

pub fn ec2_filter(name: &str, values: impl IntoIterator<Item = impl Into<String>>) -> Filter {
    Filter::builder().name(name).set_values(Some(values.into_iter().map(Into::into).collect())).build()
}

/// The VPC and its associated IPv4 CIDR blocks. Unknown VPC: a usage error naming `flag`.
pub async fn describe_vpc(aws: &Aws, id: &str, flag: &str) -> anyhow::Result<Vpc> {
    let found = aws.ec2.describe_vpcs().vpc_ids(id).send().await.call("ec2:DescribeVpcs");
    let vpc = match found {
        Ok(output) => output.vpcs.unwrap_or_default().into_iter().next(),
        Err(err) if err.is("InvalidVpcID.NotFound") => None,
        Err(err) => return Err(err.into()),
    };
    let vpc = vpc.ok_or_else(|| usage(format!("{flag} {id}: no such VPC in {}", aws.region)))?;
    let mut cidrs: Vec<Ipv4Net> = vpc
        .cidr_block_association_set()
        .iter()
        .filter(|assoc| assoc.cidr_block_state().and_then(|s| s.state()).is_none_or(|s| s.as_str() == "associated"))
        .filter_map(|assoc| assoc.cidr_block()?.parse().ok())
        .collect();
    if cidrs.is_empty() {
        cidrs.extend(vpc.cidr_block().and_then(|c| c.parse::<Ipv4Net>().ok()));
    }
    Ok(Vpc { id: id.to_string(), cidrs })
}

/// The named subnets, in the order given. Unknown subnet: a usage error naming `flag`.
pub async fn describe_subnets(aws: &Aws, ids: &[String], flag: &str) -> anyhow::Result<Vec<Subnet>> {
    if let Some(repeated) = ids.iter().enumerate().find_map(|(i, id)| ids[..i].contains(id).then_some(id)) {
        return Err(usage(format!("{flag} {repeated} is given twice: name each subnet once, one per availability zone")));
    }
    let found = aws.ec2.describe_subnets().set_subnet_ids(Some(ids.to_vec())).send().await.call("ec2:DescribeSubnets");
    let subnets = match found {
        Ok(output) => output.subnets.unwrap_or_default(),
        Err(err) if err.is("InvalidSubnetID.NotFound") => Vec::new(),
        Err(err) => return Err(err.into()),
    };
    ids.iter()
        .map(|id| {
            let subnet = subnets
                .iter()
                .find(|s| s.subnet_id() == Some(id.as_str()))
                .ok_or_else(|| usage(format!("{flag} {id}: no such subnet in {}", aws.region)))?;
            Ok(Subnet {
                id: id.clone(),
                vpc_id: subnet.vpc_id().unwrap_or_default().to_string(),
                availability_zone: subnet.availability_zone().unwrap_or_default().to_string(),
                availability_zone_id: subnet.availability_zone_id().map(str::to_string),
            })
        })
        .collect()
}

/// A subnet the NLB may go in, with what a person needs to pick it.
#[derive(Debug, Clone)]
pub struct PrivateSubnet {
    pub id: String,
    pub availability_zone: String,
    pub cidr: String,
    pub name: Option<String>,
}

/// The VPC's private subnets (no route to an internet gateway), by zone, then ID.
pub async fn private_subnets(aws: &Aws, vpc_id: &str) -> anyhow::Result<Vec<PrivateSubnet>> {
    let (subnets, tables) = tokio::try_join!(
        async { aws.ec2.describe_subnets().filters(ec2_filter("vpc-id", [vpc_id])).send().await.call("ec2:DescribeSubnets") },
        async { aws.ec2.describe_route_tables().filters(ec2_filter("vpc-id", [vpc_id])).send().await.call("ec2:DescribeRouteTables") },
    )?;
    let mut private: Vec<PrivateSubnet> = subnets
        .subnets()
        .iter()
        .filter(|s| !is_public(s.subnet_id().unwrap_or_default(), vpc_id, tables.route_tables()))
        .map(|s| PrivateSubnet {
            id: s.subnet_id().unwrap_or_default().to_string(),
            availability_zone: s.availability_zone().unwrap_or_default().to_string(),
            cidr: s.cidr_block().unwrap_or_default().to_string(),
            name: s.tags().iter().find(|t| t.key() == Some("Name")).and_then(|t| t.value().map(str::to_string)),
        })
        .collect();
    private.sort_by(|a, b| (&a.availability_zone, &a.id).cmp(&(&b.availability_zone, &b.id)));
    Ok(private)
}

/// Subnets whose route table sends traffic to an internet gateway are public.
fn is_public(subnet_id: &str, vpc_id: &str, tables: &[RouteTable]) -> bool {
    let explicit = tables.iter().find(|t| t.associations().iter().any(|a| a.subnet_id() == Some(subnet_id)));
    let main = tables.iter().find(|t| t.vpc_id() == Some(vpc_id) && t.associations().iter().any(|a| a.main() == Some(true)));
    explicit.or(main).is_some_and(|t| t.routes().iter().any(|r| r.gateway_id().is_some_and(|g| g.starts_with("igw-"))))
}

/// One subnet in every zone that has one: `preferred` (the targets' own subnets) where
/// it is among them, else the zone's first. PrivateLink is zonal: Trigger.dev's endpoint
/// can only use zones the NLB is in, so the default leaves none out.
pub fn one_per_zone(private: &[PrivateSubnet], preferred: &[String]) -> Vec<String> {
    let mut by_zone: BTreeMap<&str, &str> = BTreeMap::new();
    for subnet in private {
        let slot = by_zone.entry(&subnet.availability_zone).or_insert(&subnet.id);
        if preferred.contains(&subnet.id) {
            *slot = &subnet.id;
        }
    }
    by_zone.into_values().map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subnet(id: &str, zone: &str) -> PrivateSubnet {
        PrivateSubnet { id: id.into(), availability_zone: zone.into(), cidr: String::new(), name: None }
    }

    #[test]
    fn one_per_zone_keeps_the_targets_subnet_and_fills_the_other_zones() {
        let private = [
            subnet("subnet-a1", "us-east-1a"),
            subnet("subnet-a2", "us-east-1a"),
            subnet("subnet-b1", "us-east-1b"),
            subnet("subnet-c1", "us-east-1c"),
        ];
        assert_eq!(one_per_zone(&private, &["subnet-a2".into()]), ["subnet-a2", "subnet-b1", "subnet-c1"]);
        assert_eq!(one_per_zone(&private, &[]), ["subnet-a1", "subnet-b1", "subnet-c1"]);
        assert_eq!(one_per_zone(&private, &["subnet-public".into()]), ["subnet-a1", "subnet-b1", "subnet-c1"]);
        assert!(one_per_zone(&[], &["subnet-a1".into()]).is_empty());
    }
}

//! VPCs and subnets: read-only lookups that validate what the user named.

use std::net::Ipv4Addr;

use aws_sdk_ec2::types::Filter;
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

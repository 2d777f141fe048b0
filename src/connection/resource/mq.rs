//! Amazon MQ for ActiveMQ brokers: DescribeBroker lists each broker instance's address,
//! "the IP address of the Elastic Network Interface (ENI) attached to the broker"
//! (https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers-broker-id.html);
//! the interface holding it gives its zone and subnet. An active/standby broker has two
//! instances: both are targets, and the NLB's health checks send traffic to the one
//! that answers, so a broker failover needs no sync.

use std::net::Ipv4Addr;

use super::{
    Candidate, Discovering, Interface, Kind, ResolvedResource, Resolving, ResourceRef, Role, Speaks, check_vpc, node_of, not_found,
};
use crate::aws::{Aws, CallExt};
use crate::connection::vpc::ec2_filter;
use crate::error::usage;

pub(super) static BROKER: Kind = Kind {
    flag: "--mq-broker",
    value_name: "NAME|ID",
    help: "An Amazon MQ for ActiveMQ broker, by name or ID (each broker instance is a target; OpenWire 61617)",
    resolve,
    discover,
    iam_actions: &["mq:ListBrokers", "mq:DescribeBroker", "ec2:DescribeNetworkInterfaces"],
    speaks: |_| Speaks::Tcp,
};

/// (ID, name) of every broker in the region.
async fn brokers(aws: &Aws) -> anyhow::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    let mut pages = aws.mq.list_brokers().into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.call("mq:ListBrokers")?;
        found.extend(
            page.broker_summaries()
                .iter()
                .map(|b| (b.broker_id().unwrap_or_default().to_string(), b.broker_name().unwrap_or_default().to_string())),
        );
    }
    Ok(found)
}

/// The interfaces holding these addresses (in the VPC, when given).
async fn holding(aws: &Aws, ips: &[Ipv4Addr], vpc: Option<&str>) -> anyhow::Result<Vec<Interface>> {
    let wanted: Vec<String> = ips.iter().map(ToString::to_string).collect();
    let mut request = aws.ec2.describe_network_interfaces().filters(ec2_filter("addresses.private-ip-address", wanted.clone()));
    if let Some(vpc) = vpc {
        request = request.filters(ec2_filter("vpc-id", [vpc]));
    }
    let found = request.send().await.call("ec2:DescribeNetworkInterfaces")?;
    Ok(found
        .network_interfaces()
        .iter()
        .filter_map(|eni| {
            let ip: Ipv4Addr = eni.private_ip_address()?.parse().ok()?;
            ips.contains(&ip).then(|| Interface {
                id: eni.network_interface_id().unwrap_or_default().to_string(),
                ip,
                vpc_id: eni.vpc_id().unwrap_or_default().to_string(),
                subnet_id: eni.subnet_id().unwrap_or_default().to_string(),
                availability_zone: eni.availability_zone().unwrap_or_default().to_string(),
                description: eni.description().unwrap_or_default().to_string(),
                groups: Vec::new(),
            })
        })
        .collect())
}

/// The broker instances' addresses, and the port of the first endpoint (OpenWire).
struct Broker {
    name: String,
    ips: Vec<Ipv4Addr>,
    port: Option<u16>,
    rabbit: bool,
}

async fn describe(aws: &Aws, id: &str) -> anyhow::Result<Broker> {
    let broker = aws.mq.describe_broker().broker_id(id).send().await.call("mq:DescribeBroker")?;
    let instances = broker.broker_instances();
    Ok(Broker {
        name: broker.broker_name().unwrap_or(id).to_string(),
        ips: instances.iter().filter_map(|i| i.ip_address()?.parse().ok()).collect(),
        // `ssl://b-….mq.us-east-1.amazonaws.com:61617`: the port after the last colon.
        port: instances.first().and_then(|i| i.endpoints().first()).and_then(|e| e.rsplit(':').next()?.parse().ok()),
        rabbit: broker.engine_type().is_some_and(|e| e.as_str().eq_ignore_ascii_case("RABBITMQ")),
    })
}

fn resolve<'a>(aws: &'a Aws, resource: &'a ResourceRef, vpc: Option<&'a str>) -> Resolving<'a> {
    Box::pin(async move {
        let given = resource.id();
        let all = brokers(aws).await?;
        let Some((id, _)) = all.iter().find(|(id, name)| name == given || id == given) else {
            return Err(not_found(resource, given, "Amazon MQ broker", &aws.region, all.iter().map(|(_, name)| name.as_str())));
        };
        let broker = describe(aws, id).await?;
        if broker.rabbit {
            return Err(usage(format!(
                "{} {given} is a RabbitMQ broker, and Amazon MQ lists no address for one (its IpAddress \"does not apply to RabbitMQ\"): pass the address its endpoint resolves to with --target-ip and --port 5671",
                resource.flag()
            )));
        }
        if broker.ips.is_empty() {
            anyhow::bail!("{} {given}: the broker lists no address yet; wait until it is running", resource.flag());
        }
        let found = holding(aws, &broker.ips, None).await?;
        let mut nodes = Vec::new();
        let mut vpc_id = String::new();
        for (i, ip) in broker.ips.iter().enumerate() {
            let Some(eni) = found.iter().find(|e| e.ip == *ip) else {
                anyhow::bail!("{} {given}: no network interface holds {ip}; pass the broker's address with --target-ip", resource.flag());
            };
            check_vpc(resource, &eni.vpc_id, vpc)?;
            vpc_id = eni.vpc_id.clone();
            nodes.push(node_of(eni.clone(), format!("{}-{}", broker.name, i + 1), Role::Node));
        }
        Ok(ResolvedResource { resource: resource.clone(), vpc_id, port: broker.port, nodes })
    })
}

fn discover<'a>(aws: &'a Aws, vpc: &'a str) -> Discovering<'a> {
    Box::pin(async move {
        let mut found = Vec::new();
        for (id, name) in brokers(aws).await? {
            let broker = describe(aws, &id).await?;
            if broker.rabbit || broker.ips.is_empty() || holding(aws, &broker.ips, Some(vpc)).await?.is_empty() {
                continue;
            }
            found.push(Candidate {
                resource: ResourceRef::new(&BROKER, name.as_str()),
                label: format!("Amazon MQ broker  {name}  (ActiveMQ)"),
            });
        }
        Ok(found)
    })
}

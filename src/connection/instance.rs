//! EC2 instances as targets (`--instance`), registered by instance ID. AWS registers
//! only instances that are running and in the target group's VPC
//! (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html):
//! both are checked here, before anything is created, so the error names the flag.

use std::net::Ipv4Addr;

use aws_sdk_ec2::types::Instance as Ec2Instance;

use crate::aws::{Aws, CallExt};
use crate::connection::vpc::ec2_filter;
use crate::error::usage;

#[derive(Debug, Clone)]
pub struct Instance {
    pub id: String,
    /// The `Name` tag.
    pub name: Option<String>,
    pub state: String,
    pub vpc_id: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub private_ip: Option<Ipv4Addr>,
    pub security_groups: Vec<String>,
}

impl Instance {
    fn from_aws(instance: &Ec2Instance) -> Self {
        Self {
            id: instance.instance_id().unwrap_or_default().to_string(),
            name: instance.tags().iter().find(|t| t.key() == Some("Name")).and_then(|t| t.value()).map(str::to_string),
            state: instance.state().and_then(|s| s.name()).map_or("unknown", |s| s.as_str()).to_string(),
            vpc_id: instance.vpc_id().unwrap_or_default().to_string(),
            subnet_id: instance.subnet_id().unwrap_or_default().to_string(),
            availability_zone: instance.placement().and_then(|p| p.availability_zone()).unwrap_or_default().to_string(),
            private_ip: instance.private_ip_address().and_then(|ip| ip.parse().ok()),
            security_groups: instance.security_groups().iter().filter_map(|g| g.group_id().map(str::to_string)).collect(),
        }
    }

    /// `i-0abc  api-1  10.0.1.20  us-east-1a`: how the wizard lists it.
    pub fn label(&self) -> String {
        let ip = self.private_ip.map(|ip| ip.to_string()).unwrap_or_default();
        format!("{}  {}  {ip}  {}", self.id, self.name.as_deref().unwrap_or("-"), self.availability_zone)
    }
}

async fn described(aws: &Aws, filters: Vec<aws_sdk_ec2::types::Filter>) -> anyhow::Result<Vec<Instance>> {
    let mut pages = aws.ec2.describe_instances().set_filters(Some(filters)).into_paginator().send();
    let mut found = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.call("ec2:DescribeInstances")?;
        found.extend(page.reservations().iter().flat_map(|r| r.instances()).map(Instance::from_aws));
    }
    Ok(found)
}

/// The named instances, checked: each exists, is running, and all share one VPC
/// (`vpc` when given). Returned in the order given.
pub async fn resolve(aws: &Aws, ids: &[String], vpc: Option<&str>) -> anyhow::Result<Vec<Instance>> {
    // By filter, not by ID: an unknown ID then is missing from the answer rather than
    // failing the whole call, and the error can name it.
    let found = described(aws, vec![ec2_filter("instance-id", ids.iter().cloned())]).await?;
    let mut instances: Vec<Instance> = Vec::new();
    for id in ids {
        let instance =
            found.iter().find(|i| &i.id == id).ok_or_else(|| usage(format!("--instance {id}: no such EC2 instance in {}", aws.region)))?;
        if instance.state != "running" {
            return Err(usage(format!(
                "--instance {id} is {}, not running: AWS registers running instances only; start it or leave it out",
                instance.state
            )));
        }
        let first = instances.first();
        if let Some(vpc) = vpc.filter(|v| *v != instance.vpc_id) {
            return Err(usage(format!("--instance {id} is in {}, not in --vpc {vpc}", instance.vpc_id)));
        }
        if let Some(first) = first.filter(|f| f.vpc_id != instance.vpc_id) {
            return Err(usage(format!(
                "--instance {id} is in {}, but --instance {} is in {}: a target group's instances share one VPC",
                instance.vpc_id, first.id, first.vpc_id
            )));
        }
        if !instances.iter().any(|i| &i.id == id) {
            instances.push(instance.clone());
        }
    }
    Ok(instances)
}

/// The VPC's running instances, for the wizard to offer.
pub async fn running_in(aws: &Aws, vpc_id: &str) -> anyhow::Result<Vec<Instance>> {
    let mut found = described(aws, vec![ec2_filter("vpc-id", [vpc_id]), ec2_filter("instance-state-name", ["running"])]).await?;
    // Filtered again here: not every API implementation honours the filters.
    found.retain(|i| i.vpc_id == vpc_id && i.state == "running");
    found.sort_by(|a, b| (&a.name, &a.id).cmp(&(&b.name, &b.id)));
    Ok(found)
}

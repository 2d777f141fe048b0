//! An Application Load Balancer as the target (`--alb`). What AWS requires
//! (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html,
//! https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-target-group.html):
//! one ALB per target group, in the same VPC; the group's protocol is TCP and its port
//! is one of the ALB's listener ports; health checks are HTTP or HTTPS.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::{LoadBalancer, LoadBalancerSchemeEnum, LoadBalancerTypeEnum, ProtocolEnum};

use crate::aws::{Aws, CallExt};
use crate::connection::load_balancer;
use crate::connection::target_group::HealthCheck;
use crate::error::usage;

#[derive(Debug, Clone)]
pub struct Alb {
    pub arn: String,
    pub name: String,
    pub vpc_id: String,
    pub internal: bool,
    /// Listener port → its protocol (HTTP or HTTPS).
    pub listeners: BTreeMap<u16, ProtocolEnum>,
    pub security_groups: Vec<String>,
    /// (zone, subnet) of each of its subnets.
    pub zones: Vec<(String, String)>,
}

impl Alb {
    async fn from_aws(aws: &Aws, lb: &LoadBalancer) -> anyhow::Result<Self> {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        let listeners = load_balancer::listeners(aws, &arn)
            .await?
            .iter()
            .filter_map(|l| Some((u16::try_from(l.port()?).ok()?, l.protocol().cloned().unwrap_or(ProtocolEnum::Http))))
            .collect();
        Ok(Self {
            arn,
            name: lb.load_balancer_name().unwrap_or_default().to_string(),
            vpc_id: lb.vpc_id().unwrap_or_default().to_string(),
            internal: lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal),
            listeners,
            security_groups: lb.security_groups().to_vec(),
            zones: lb.availability_zones().iter().filter_map(|z| Some((z.zone_name()?.to_string(), z.subnet_id()?.to_string()))).collect(),
        })
    }

    fn listener_ports(&self) -> String {
        let ports: Vec<String> = self.listeners.keys().map(ToString::to_string).collect();
        if ports.is_empty() { "none".into() } else { ports.join(", ") }
    }

    /// Its one listener's port; with several, the user must choose.
    pub fn default_port(&self) -> anyhow::Result<u16> {
        match self.listeners.keys().collect::<Vec<_>>().as_slice() {
            [one] => Ok(**one),
            [] => Err(usage(format!("--alb {} has no listener: add one, then expose its port", self.name))),
            _ => Err(usage(format!("--alb {} listens on {}: pass --port with the one to expose", self.name, self.listener_ports()))),
        }
    }

    /// Every port must be one of the ALB's listener ports.
    pub fn check_ports(&self, ports: &[u16]) -> anyhow::Result<()> {
        match ports.iter().find(|p| !self.listeners.contains_key(p)) {
            Some(port) => Err(usage(format!(
                "--port {port}: --alb {} has no listener on {port} (its listener ports: {})",
                self.name,
                self.listener_ports()
            ))),
            None => Ok(()),
        }
    }

    /// HTTPS to an HTTPS listener, HTTP otherwise, on the traffic port.
    pub fn health_check(&self, port: u16, path: &str) -> HealthCheck {
        let protocol = match self.listeners.get(&port) {
            Some(ProtocolEnum::Https) => ProtocolEnum::Https,
            _ => ProtocolEnum::Http,
        };
        HealthCheck { protocol, path: Some(path.to_string()) }
    }
}

/// `--alb ARN|NAME`: an Application Load Balancer in `vpc` (when given).
pub async fn resolve(aws: &Aws, arn_or_name: &str, vpc: Option<&str>) -> anyhow::Result<Alb> {
    let lb = load_balancer::by_arn_or_name(aws, arn_or_name)
        .await?
        .ok_or_else(|| usage(format!("--alb {arn_or_name}: no such load balancer in {}", aws.region)))?;
    if lb.r#type() != Some(&LoadBalancerTypeEnum::Application) {
        return Err(usage(format!(
            "--alb {arn_or_name} is a {} load balancer, not an Application Load Balancer",
            lb.r#type().map_or("unknown", |t| t.as_str())
        )));
    }
    let alb = Alb::from_aws(aws, &lb).await?;
    if let Some(vpc) = vpc.filter(|v| *v != alb.vpc_id) {
        return Err(usage(format!("--alb {arn_or_name} is in {}, not in --vpc {vpc}", alb.vpc_id)));
    }
    Ok(alb)
}

/// The VPC's internal Application Load Balancers, for the wizard to offer.
pub async fn internal_in(aws: &Aws, vpc_id: &str) -> anyhow::Result<Vec<Alb>> {
    let mut pages = aws.elb.describe_load_balancers().page_size(crate::aws::ELB_PAGE).into_paginator().send();
    let mut albs = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.call("elasticloadbalancing:DescribeLoadBalancers")?;
        for lb in page.load_balancers() {
            let wanted = lb.r#type() == Some(&LoadBalancerTypeEnum::Application)
                && lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal)
                && lb.vpc_id() == Some(vpc_id);
            if wanted {
                albs.push(Alb::from_aws(aws, lb).await?);
            }
        }
    }
    Ok(albs)
}

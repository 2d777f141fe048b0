//! A connection as Terraform sees it: the resources of one connection, read from AWS,
//! each with the ID `terraform import` expects. [`render`] turns it into HCL.
//!
//! Everything here is sorted, so two exports of an unchanged connection are the same bytes.

mod from_aws;
mod render;

use std::collections::BTreeMap;

pub use from_aws::{Read, from_aws};
pub use render::{Files, render};

/// The AWS provider version the output needs: `supported_regions` on
/// `aws_vpc_endpoint_service` arrived in 5.80.0 (hashicorp/terraform-provider-aws#40346).
pub const AWS_PROVIDER_VERSION: &str = ">= 5.80.0";
/// `import` blocks arrived in Terraform 1.5.
pub const TERRAFORM_VERSION: &str = ">= 1.5.0";

pub type Tags = BTreeMap<String, String>;

/// One exported connection.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// The connection's name, or the NLB's for a connection built by hand.
    pub name: String,
    pub region: String,
    /// True when the tool made the connection (its name and tags are on every resource).
    pub made_by_tool: bool,
    pub target_groups: Vec<TargetGroup>,
    /// None when the NLB is not the tool's (`setup --nlb`): then it, its listeners and
    /// target groups stay with whoever made them, named by ARN.
    pub load_balancer: Option<LoadBalancer>,
    pub listeners: Vec<Listener>,
    /// The NLB's own security group, when the tool made it.
    pub security_group: Option<SecurityGroup>,
    /// The rules the tool added: to its own group, and to the resource's groups.
    pub ingress_rules: Vec<IngressRule>,
    pub service: Option<EndpointService>,
}

/// A resource this configuration also declares, or one it only names by ID.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ref {
    /// The label of a resource in this configuration.
    Declared(String),
    /// An ID or ARN of something Terraform does not manage here.
    Literal(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroup {
    pub label: String,
    pub arn: String,
    pub name: String,
    pub port: i32,
    pub protocol: String,
    pub target_type: String,
    pub vpc_id: String,
    pub health_check: HealthCheck,
    pub tags: Tags,
    /// `ip:port` of each registered target (left out of the configuration; see render).
    pub targets: Vec<String>,
    /// The targets follow a database or cache through `sync-targets`.
    pub synced_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HealthCheck {
    pub enabled: bool,
    pub protocol: Option<String>,
    pub port: Option<String>,
    pub path: Option<String>,
    pub matcher: Option<String>,
    pub interval: Option<i32>,
    pub timeout: Option<i32>,
    pub healthy_threshold: Option<i32>,
    pub unhealthy_threshold: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadBalancer {
    pub label: String,
    pub arn: String,
    pub name: String,
    pub internal: bool,
    pub subnets: Vec<String>,
    pub security_groups: Vec<Ref>,
    /// "on" or "off" (none when the NLB has no security group); written even when "off"
    /// so a review sees it.
    pub enforcement: Option<String>,
    pub cross_zone: bool,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Listener {
    pub label: String,
    pub arn: String,
    pub port: i32,
    pub protocol: String,
    /// The target group the listener forwards to.
    pub target_group: Ref,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityGroup {
    pub label: String,
    pub id: String,
    pub name: String,
    pub description: String,
    pub vpc_id: String,
    pub tags: Tags,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Cidr(String),
    Group(Ref),
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct IngressRule {
    pub group: Ref,
    pub from_port: i32,
    pub to_port: i32,
    pub protocol: String,
    pub source: Source,
    pub id: String,
    pub label: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EndpointService {
    pub label: String,
    pub id: String,
    pub acceptance_required: bool,
    pub load_balancers: Vec<Ref>,
    pub allowed_principals: Vec<String>,
    /// Always including the home region (terraform-provider-aws#40667: leaving it out
    /// shows a change on every plan).
    pub supported_regions: Vec<String>,
    pub private_dns_name: Option<String>,
    pub tags: Tags,
}

/// A Terraform identifier from a name: letters, digits, `_` and `-`, not starting with a digit.
pub fn label(name: &str) -> String {
    let mut out: String = name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
        out.insert(0, '_');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels_are_terraform_identifiers() {
        assert_eq!(label("orders"), "orders");
        assert_eq!(label("orders-db"), "orders-db");
        assert_eq!(label("1st.db"), "_1st_db");
    }
}

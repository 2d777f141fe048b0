//! What a target group registers. AWS knows three kinds for a Network Load Balancer
//! (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html#target-type):
//! IP addresses (a database's interfaces, or addresses typed by hand), EC2 instances by
//! ID, and one Application Load Balancer by ARN. A group holds one kind only.

use std::fmt;
use std::net::Ipv4Addr;

use aws_sdk_elasticloadbalancingv2::types::{TargetDescription, TargetTypeEnum};
use serde::{Serialize, Serializer};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    #[default]
    Ip,
    Instance,
    Alb,
}

impl TargetKind {
    /// Always passed to CreateTargetGroup: AWS's default is `instance`.
    pub fn aws(self) -> TargetTypeEnum {
        match self {
            TargetKind::Ip => TargetTypeEnum::Ip,
            TargetKind::Instance => TargetTypeEnum::Instance,
            TargetKind::Alb => TargetTypeEnum::Alb,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Ip => "ip",
            TargetKind::Instance => "instance",
            TargetKind::Alb => "alb",
        }
    }
}

/// One registered target, by the ID AWS registers it under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Ip(Ipv4Addr),
    /// `i-…`
    Instance(String),
    /// The Application Load Balancer's ARN.
    Alb(String),
}

impl Target {
    /// The target as DescribeTargetHealth names it: an address, an instance ID, an ARN.
    pub fn from_id(id: &str) -> Option<Self> {
        if let Ok(ip) = id.parse() {
            Some(Target::Ip(ip))
        } else if id.starts_with("i-") {
            Some(Target::Instance(id.to_string()))
        } else if id.starts_with("arn:") {
            Some(Target::Alb(id.to_string()))
        } else {
            None
        }
    }

    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Ip(_) => TargetKind::Ip,
            Target::Instance(_) => TargetKind::Instance,
            Target::Alb(_) => TargetKind::Alb,
        }
    }

    pub fn ip(&self) -> Option<Ipv4Addr> {
        match self {
            Target::Ip(ip) => Some(*ip),
            _ => None,
        }
    }

    pub fn description(&self, port: u16) -> TargetDescription {
        TargetDescription::builder().id(self.to_string()).port(i32::from(port)).build()
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Ip(ip) => write!(f, "{ip}"),
            Target::Instance(id) | Target::Alb(id) => f.write_str(id),
        }
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `10.0.1.5, 10.0.2.6`, or `-` for none.
pub fn list<'a>(targets: impl IntoIterator<Item = &'a Target>) -> String {
    let listed: Vec<String> = targets.into_iter().map(ToString::to_string).collect();
    if listed.is_empty() { "-".into() } else { listed.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_back_as_their_kind() {
        for target in [
            Target::Ip("10.0.1.5".parse().unwrap()),
            Target::Instance("i-0abc".into()),
            Target::Alb("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/api/1".into()),
        ] {
            assert_eq!(Target::from_id(&target.to_string()), Some(target.clone()));
        }
        assert_eq!(Target::from_id("lambda-fn"), None);
        assert_eq!(TargetKind::Alb.as_str(), "alb");
    }
}

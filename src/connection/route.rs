//! A connection's routes: each listener port of the NLB forwards to its own target group,
//! whose targets are one resource's (or the IPs, instances or ALB given). One NLB and one
//! endpoint service carry them all; Trigger.dev accepts every TCP port through one
//! connection, so a team's database, cache and brokers need no connection each.

use std::net::Ipv4Addr;
use std::str::FromStr;

use aws_sdk_elasticloadbalancingv2::types::{Listener, TargetGroup};

use crate::aws::Aws;
use crate::connection::inputs::Targets;
use crate::connection::names::{ConnectionName, NODES_KEY, RESOURCE_KEY};
use crate::connection::resource::ResourceRef;
use crate::connection::target::{self, TargetKind};
use crate::connection::{load_balancer, target_group};

/// AWS's limit of listeners on an NLB behind an endpoint service, so of routes
/// (https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-limits-endpoints.html).
pub const MAX_ROUTES: usize = crate::connection::ports::MAX_LISTENERS;

/// One route as asked: the listener port and the targets behind it (`targets.port` is
/// the port the targets listen on, which may differ from the listener's).
#[derive(Debug, Clone)]
pub struct Route {
    pub listener: u16,
    pub targets: Targets,
    /// Where the route came from, for errors: `--rds-instance orders-db`, `--route 9001=…`.
    pub origin: String,
}

impl Route {
    /// `rds-instance/orders-db`, or the targets with their port: `10.0.1.11:9092`.
    pub fn destination(&self) -> String {
        match &self.targets.resource {
            Some(resolved) => resolved.resource.tag_value(),
            None => format!("{}:{}", target::list(&self.targets.targets), self.targets.port),
        }
    }
}

/// `--route LISTENER=TARGET`: a listener port and what it forwards to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteArg {
    pub listener: u16,
    pub target: RouteTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteTarget {
    /// `10.0.1.11:9092`: an IP and the port it listens on (the listener's when left out).
    Ip(Ipv4Addr, Option<u16>),
    /// `rds-instance:analytics-db`: a resource on this listener port instead of its own.
    Resource(ResourceRef),
}

impl RouteArg {
    /// The IP target's port: given, or the listener's.
    pub fn target_port(&self) -> Option<u16> {
        match self.target {
            RouteTarget::Ip(_, port) => Some(port.unwrap_or(self.listener)),
            RouteTarget::Resource(_) => None,
        }
    }
}

impl std::fmt::Display for RouteArg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.target {
            RouteTarget::Ip(ip, Some(port)) => write!(f, "{}={ip}:{port}", self.listener),
            RouteTarget::Ip(ip, None) => write!(f, "{}={ip}", self.listener),
            RouteTarget::Resource(r) => write!(f, "{}={}:{}", self.listener, r.kind_name(), r.id()),
        }
    }
}

fn port(text: &str, what: &str) -> Result<u16, String> {
    match text.parse::<u32>() {
        Ok(port @ 1..=65535) => Ok(port as u16),
        Ok(port) => Err(format!("{what} {port} is not a TCP port (1-65535)")),
        Err(_) => Err(format!("{what} '{text}' is not a number")),
    }
}

impl FromStr for RouteArg {
    type Err = String;

    /// `9001=10.0.1.11:9092`, `9001=10.0.1.11`, `5433=rds-instance:analytics-db`.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let kinds = ResourceRef::flags().iter().map(|f| &f[2..]).collect::<Vec<_>>().join(", ");
        let form = format!("expected LISTENER=IP[:PORT] or LISTENER=KIND:ID, KIND one of {kinds}");
        let (listener, target) = value.split_once('=').ok_or_else(|| format!("'{value}': {form}"))?;
        let listener = port(listener.trim(), "listener port")?;
        let (head, tail) = match target.split_once(':') {
            Some((head, tail)) => (head, Some(tail)),
            None => (target, None),
        };
        let target = if let Ok(ip) = head.parse::<Ipv4Addr>() {
            RouteTarget::Ip(ip, tail.map(|p| port(p, "target port")).transpose()?)
        } else if let Some(id) = tail.filter(|id| !id.is_empty()) {
            let resource = ResourceRef::from_tag_value(&format!("{head}/{id}")).ok_or_else(|| format!("'{value}': {form}"))?;
            if id.chars().any(|c| c.is_whitespace() || c.is_control()) {
                return Err(format!("'{value}': '{id}' contains whitespace; no AWS identifier does"));
            }
            RouteTarget::Resource(resource)
        } else {
            return Err(format!("'{value}': {form}"));
        };
        Ok(RouteArg { listener, target })
    }
}

/// A route as it is in AWS: a target group of the connection and the listener port that
/// forwards to it.
#[derive(Debug, Clone)]
pub struct LiveRoute {
    pub listener: u16,
    pub group: TargetGroup,
    /// The resource its targets follow (the group's resource tag); none for IPs given by
    /// hand, instances and ALBs.
    pub resource: Option<ResourceRef>,
    /// Readers and replicas are targets too.
    pub all_nodes: bool,
}

impl LiveRoute {
    pub fn arn(&self) -> &str {
        self.group.target_group_arn().unwrap_or_default()
    }

    pub fn name(&self) -> &str {
        self.group.target_group_name().unwrap_or_default()
    }

    /// The port the targets listen on.
    pub fn target_port(&self) -> u16 {
        self.group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or(self.listener)
    }

    pub fn kind(&self) -> TargetKind {
        match self.group.target_type().map(|t| t.as_str()) {
            Some("instance") => TargetKind::Instance,
            Some("alb") => TargetKind::Alb,
            _ => TargetKind::Ip,
        }
    }

    /// `rds-instance/orders-db`, or the kind of targets it holds.
    pub fn destination(&self) -> String {
        match &self.resource {
            Some(resource) => resource.tag_value(),
            None => format!("{} targets on {}", self.kind().as_str(), self.target_port()),
        }
    }
}

/// The listener port a group of the connection is on when no listener forwards to it
/// (a run cut off before the listener): `tpl-<name>-<port>` names it; `tpl-<name>-tg`,
/// the one-route form, is on the targets' port.
fn port_from_name(connection: &ConnectionName, group: &TargetGroup) -> Option<u16> {
    let name = group.target_group_name()?;
    name.strip_prefix(&format!("tpl-{connection}-"))?.parse().ok()
}

/// Every route of the connection, by listener port: its tagged target groups, each with
/// the listener of the NLB (`lb_arn`, when there is one) that forwards to it. A
/// connection made before routes (one `tpl-<name>-tg`, or a group per port with the same
/// targets) reads the same way: nothing about it needs writing.
pub async fn read(aws: &Aws, connection: &ConnectionName, lb_arn: Option<&str>) -> anyhow::Result<Vec<LiveRoute>> {
    let (groups, listeners) = tokio::try_join!(target_group::find_all_tagged(aws, connection), async {
        match lb_arn {
            Some(arn) => load_balancer::listeners(aws, arn).await,
            None => Ok(Vec::new()),
        }
    })?;
    Ok(assemble(connection, groups, &listeners))
}

/// The routes of the connection's own target groups (with their tags), each on the port
/// of the listener forwarding to it.
pub fn assemble(connection: &ConnectionName, groups: Vec<(TargetGroup, Vec<(String, String)>)>, listeners: &[Listener]) -> Vec<LiveRoute> {
    let mut routes: Vec<LiveRoute> = groups
        .into_iter()
        .map(|(group, tags)| {
            let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
            let arn = group.target_group_arn().unwrap_or_default();
            let forwarding = listeners.iter().find(|l| l.default_actions().iter().any(|a| a.target_group_arn() == Some(arn)));
            let listener = forwarding
                .and_then(|l| l.port())
                .and_then(|p| u16::try_from(p).ok())
                .or_else(|| port_from_name(connection, &group))
                .or_else(|| group.port().and_then(|p| u16::try_from(p).ok()))
                .unwrap_or_default();
            LiveRoute {
                listener,
                resource: tag(RESOURCE_KEY).as_deref().and_then(ResourceRef::from_tag_value),
                all_nodes: tag(NODES_KEY).as_deref() == Some("all"),
                group,
            }
        })
        .collect();
    routes.sort_by_key(|r| r.listener);
    routes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_arguments_read() {
        let ip = |s: &str| s.parse::<Ipv4Addr>().unwrap();
        assert_eq!("9001=10.0.1.11:9092".parse(), Ok(RouteArg { listener: 9001, target: RouteTarget::Ip(ip("10.0.1.11"), Some(9092)) }));
        assert_eq!("5432=10.0.1.5".parse(), Ok(RouteArg { listener: 5432, target: RouteTarget::Ip(ip("10.0.1.5"), None) }));
        assert_eq!(
            "5433=rds-instance:analytics-db".parse(),
            Ok(RouteArg {
                listener: 5433,
                target: RouteTarget::Resource(ResourceRef::from_tag_value("rds-instance/analytics-db").unwrap())
            })
        );
        for bad in [
            "0=10.0.1.1",
            "65536=10.0.1.1",
            "9001=10.0.1.1:0",
            "9001=10.0.1.300:9092",
            "9001",
            "9001=s3:bucket",
            "x=10.0.1.1",
            "9001=rds-instance:",
        ] {
            assert!(bad.parse::<RouteArg>().is_err(), "{bad} was accepted");
        }
        assert_eq!("9001=10.0.1.11:9092".parse::<RouteArg>().unwrap().to_string(), "9001=10.0.1.11:9092");
    }
}

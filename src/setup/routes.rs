//! The routes `setup` is asked for, from the resource flags, `--port` and `--route`:
//! checked before any call where the flags say enough, resolved with read-only calls,
//! then checked again once every listener port is known.

use std::collections::BTreeMap;

use crate::aws::Aws;
use crate::connection::inputs::{self, TargetSpec, Targets};
use crate::connection::names::ConnectionName;
use crate::connection::ports;
use crate::connection::resource::ResourceRef;
use crate::connection::route::{MAX_ROUTES, Route, RouteArg, RouteTarget};
use crate::connection::vpc::{self, Vpc};
use crate::error::usage;

/// What the flags (or the wizard) ask of the routes, before anything is read.
pub struct Asked<'a> {
    /// The one-target spec: a resource, IPs, instances or an ALB (on each `--port`).
    pub spec: &'a TargetSpec,
    pub ports: &'a [u16],
    /// The second and later resource flags.
    pub more_resources: &'a [ResourceRef],
    pub routes: &'a [RouteArg],
    pub vpc: Option<&'a str>,
    pub all_nodes: bool,
}

/// How the flags name the one-target spec: `--rds-instance orders-db`, `--target-ip 10.0.1.5`.
fn spec_origin(spec: &TargetSpec) -> String {
    match &spec.resource {
        Some(resource) => format!("{} {}", resource.flag(), resource.id()),
        None if !spec.instances.is_empty() => format!("--instance {}", spec.instances.join(",")),
        None if !spec.albs.is_empty() => format!("--alb {}", spec.albs.join(",")),
        None => format!("--target-ip {}", spec.ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")),
    }
}

fn resource_origin(resource: &ResourceRef) -> String {
    format!("{} {}", resource.flag(), resource.id())
}

/// What the flags alone say: refused here, before any call, when they cannot make a
/// connection (a resource named twice, two routes on one listener port, too many routes,
/// a name too long for per-route target groups).
pub fn check_given(args: &Asked<'_>, connection: &ConnectionName) -> anyhow::Result<()> {
    let ports = ports::checked(args.ports, connection)?;
    if args.spec.resource.is_some() && !args.more_resources.is_empty() && !ports.is_empty() {
        return Err(usage(format!(
            "--port applies to one resource, but {} resources are named: each takes its own port; put one on another with --route PORT=KIND:ID",
            1 + args.more_resources.len()
        )));
    }
    let mut resources: Vec<(String, ResourceRef)> = Vec::new();
    resources.extend(args.spec.resource.iter().chain(args.more_resources).map(|r| (resource_origin(r), r.clone())));
    resources.extend(args.routes.iter().filter_map(|r| match &r.target {
        RouteTarget::Resource(resource) => Some((format!("--route {r}"), resource.clone())),
        RouteTarget::Ip(..) => None,
    }));
    for (i, (origin, resource)) in resources.iter().enumerate() {
        if let Some((first, _)) = resources[..i].iter().find(|(_, r)| r == resource) {
            return Err(usage(format!(
                "{} is named twice ({first}, {origin}): a resource takes one route; give it once",
                resource.tag_value()
            )));
        }
    }
    let classic = usize::from(!args.spec.is_empty()) * ports.len().max(1);
    let count = classic + args.more_resources.len() + args.routes.len();
    if count > MAX_ROUTES {
        return Err(usage(format!(
            "{count} routes asked: an NLB behind an endpoint service may have at most {MAX_ROUTES} listeners (make a second connection for the rest)"
        )));
    }
    // Listener ports the flags fix: --port with the one-target spec, and every --route.
    let mut listeners: Vec<(u16, String)> = Vec::new();
    if !args.spec.is_empty() {
        listeners.extend(ports.iter().map(|p| (*p, format!("{} --port {p}", spec_origin(args.spec)))));
    }
    listeners.extend(args.routes.iter().map(|r| (r.listener, format!("--route {r}"))));
    check_listeners(listeners.iter().map(|(p, o)| (*p, o.as_str())), None)?;
    if count > 1 {
        ports::check_name_length(connection, listeners.iter().map(|(p, _)| *p), "routes")?;
    }
    Ok(())
}

/// Two routes on one listener port: refused, naming both and a free port for the second.
fn check_listeners<'a>(
    listeners: impl Iterator<Item = (u16, &'a str)>,
    moved: Option<&dyn Fn(usize, u16) -> String>,
) -> anyhow::Result<()> {
    let listeners: Vec<(u16, &str)> = listeners.collect();
    for (i, (port, origin)) in listeners.iter().enumerate() {
        if let Some((_, first)) = listeners[..i].iter().find(|(p, _)| p == port) {
            let free = (port.saturating_add(1)..=u16::MAX).find(|p| listeners.iter().all(|(taken, _)| taken != p)).unwrap_or(1);
            let fix = match moved {
                Some(route_for) => format!("move one with {}", route_for(i, free)),
                None => "give each its own listener port".to_string(),
            };
            return Err(usage(format!("{first} and {origin} both take listener port {port}: {fix}")));
        }
    }
    Ok(())
}

/// The resolved routes: one VPC for all, one route per listener port.
pub fn check_resolved(routes: &[Route], connection: &ConnectionName) -> anyhow::Result<()> {
    if let Some(first) = routes.first()
        && let Some(stray) = routes.iter().find(|r| r.targets.vpc.id != first.targets.vpc.id)
    {
        return Err(usage(format!(
            "{} is in {}, but {} is in {}: one connection's routes share one VPC (make a connection per VPC)",
            stray.origin, stray.targets.vpc.id, first.origin, first.targets.vpc.id
        )));
    }
    let route_for = |i: usize, free: u16| {
        let route = &routes[i];
        match &route.targets.resource {
            Some(resolved) => format!("--route {free}={}:{}", resolved.resource.kind_name(), resolved.resource.id()),
            None => format!("--route {free}={}:{}", crate::connection::target::list(&route.targets.targets), route.targets.port),
        }
    };
    check_listeners(routes.iter().map(|r| (r.listener, r.origin.as_str())), Some(&route_for))?;
    if routes.len() > 1 {
        ports::check_name_length(connection, routes.iter().map(|r| r.listener), "routes")?;
    }
    Ok(())
}

/// Every route asked for, in the order given: the one-target spec (`classic`, resolved
/// by the caller, who keeps it) on each `--port` (or its own port), each further resource
/// on its own port, each `--route`.
pub async fn resolve(aws: &Aws, args: &Asked<'_>, classic: Option<Targets>, connection: &ConnectionName) -> anyhow::Result<Vec<Route>> {
    let mut routes: Vec<Route> = Vec::new();
    if let Some(targets) = classic {
        let ports = ports::checked(args.ports, connection)?;
        let ports = if ports.is_empty() { vec![targets.port] } else { ports };
        targets.check_ports(&ports)?;
        let origin = spec_origin(args.spec);
        for port in ports {
            routes.push(Route { listener: port, targets: Targets { port, ..targets.clone() }, origin: origin.clone() });
        }
    }
    let resource_spec = |resource: &ResourceRef| TargetSpec { resource: Some(resource.clone()), ..TargetSpec::default() };
    for resource in args.more_resources {
        let targets = inputs::targets(aws, &resource_spec(resource), args.vpc, None, args.all_nodes).await?;
        routes.push(Route { listener: targets.port, targets, origin: resource_origin(resource) });
    }
    // Resources first: their VPC is the one the IP routes' addresses must lie in.
    let mut by_index: BTreeMap<usize, Route> = BTreeMap::new();
    for (i, arg) in args.routes.iter().enumerate() {
        if let RouteTarget::Resource(resource) = &arg.target {
            let targets = inputs::targets(aws, &resource_spec(resource), args.vpc, None, args.all_nodes).await?;
            by_index.insert(i, Route { listener: arg.listener, targets, origin: format!("--route {arg}") });
        }
    }
    let known_vpc = routes.first().or(by_index.values().next()).map(|r| r.targets.vpc.id.clone());
    let mut vpc: Option<Vpc> = None;
    for (i, arg) in args.routes.iter().enumerate() {
        let RouteTarget::Ip(ip, _) = arg.target else { continue };
        if vpc.is_none() {
            let id = args
                .vpc
                .map(str::to_string)
                .or(known_vpc.clone())
                .ok_or_else(|| usage(format!("--route {arg}: pass --vpc, the VPC of {ip}")))?;
            vpc = Some(vpc::describe_vpc(aws, &id, "--vpc").await?);
        }
        let vpc = vpc.clone().expect("just read");
        if !vpc.contains(ip) {
            return Err(usage(format!("--route {arg}: {ip} is outside {} ({})", vpc.id, vpc.cidr_list())));
        }
        let port = arg.target_port().expect("an IP route has a target port");
        by_index.insert(i, Route { listener: arg.listener, targets: Targets::of_ips(vpc, [ip], port), origin: format!("--route {arg}") });
    }
    routes.extend(by_index.into_values());
    Ok(routes)
}

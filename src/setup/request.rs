//! The validated input of `setup`, filled by flags and, in a terminal, by the wizard.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use crate::aws::Aws;
use crate::connection::inputs::{self, TargetSpec, Targets};
use crate::connection::names::ConnectionName;
use crate::connection::principal::Principal;
use crate::connection::resource::ResourceRef;
use crate::connection::route::{Route, RouteArg, RouteTarget};
use crate::connection::vpc::{self, Subnet, Vpc};
use crate::error::usage;
use crate::setup::routes;

#[derive(Debug, Clone)]
pub struct SetupRequest {
    pub connection: ConnectionName,
    /// The VPC every route's targets are in, and the NLB's.
    pub vpc: Vpc,
    /// Each a listener port with its own target group and targets, in the order given.
    pub routes: Vec<Route>,
    pub subnets: Vec<Subnet>,
    /// The subnets were named: an existing NLB is brought to them (zones added or
    /// removed); the defaults leave an existing NLB's zones as they are.
    pub subnets_asked: bool,
    pub principals: BTreeSet<Principal>,
    /// Regions other than the home region.
    pub supported_regions: BTreeSet<String>,
    /// Add an ingress rule on the resource's security group when it does not admit the NLB.
    pub resource_rule: bool,
    pub cross_zone: bool,
    /// Readers and replicas are targets too.
    pub all_nodes: bool,
    pub wait_timeout: std::time::Duration,
    /// `--endpoint-ip`: Trigger.dev's endpoint address, for the Kafka lines.
    pub endpoint_ip: Option<Ipv4Addr>,
}

/// What the flags and the wizard's answers have settled so far; resolved once into a
/// [`SetupRequest`].
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: Option<ConnectionName>,
    pub vpc: Option<String>,
    /// The resource, IPs, instances or ALB the flags (or the wizard) named.
    pub spec: TargetSpec,
    /// `--port`, repeatable: empty for the resource's own port.
    pub ports: Vec<u16>,
    /// The second and later resource flags: a route each, on the resource's own port.
    pub more_resources: Vec<ResourceRef>,
    /// `--route LISTENER=TARGET`, repeatable.
    pub routes: Vec<RouteArg>,
    pub endpoint_ip: Option<Ipv4Addr>,
    pub subnets: Vec<String>,
    pub account_ids: Vec<Principal>,
    /// Other regions Trigger.dev may connect from: `None` when not said either way.
    pub supported_regions: Option<Vec<String>>,
    /// Add a rule to the resource's security group: `None` when not said either way.
    pub resource_rule: Option<bool>,
    pub all_nodes: bool,
    pub cross_zone: bool,
    pub wait_timeout: std::time::Duration,
    /// The targets, once the wizard has looked them up (so they are resolved once).
    pub targets: Option<Targets>,
    /// The ALB the wizard offered and the user chose (its listeners, to ask the port).
    pub alb_offered: Option<crate::connection::alb::Alb>,
    /// `--nlb`, or the NLB the wizard offered and the user chose: exposed as it is.
    pub nlb: Option<String>,
}

impl Draft {
    /// What the draft asks of the routes.
    fn asked(&self) -> routes::Asked<'_> {
        routes::Asked {
            spec: &self.spec,
            ports: &self.ports,
            more_resources: &self.more_resources,
            routes: &self.routes,
            vpc: self.vpc.as_deref(),
            all_nodes: self.all_nodes,
        }
    }

    /// The targets the draft names: looked up the first time, then kept.
    pub async fn targets(&mut self, aws: &Aws) -> anyhow::Result<Targets> {
        if self.targets.is_none() {
            let found = inputs::targets(aws, &self.spec, self.vpc.as_deref(), self.ports.first().copied(), self.all_nodes).await?;
            self.targets = Some(found);
        }
        Ok(self.targets.clone().expect("just filled"))
    }
}

/// Every flag that is still missing, named at once.
pub fn missing_flags(args: &Draft) -> Vec<String> {
    let mut missing: Vec<String> = Vec::new();
    if args.name.is_none() {
        missing.push("--name".into());
    }
    if args.spec.is_empty() && args.more_resources.is_empty() && args.routes.is_empty() {
        // Every kind's flag (from the one list of kinds), then the other targets.
        let mut flags = ResourceRef::flags();
        flags.extend(["--route", "--instance", "--alb", "--target-ip"]);
        missing.push(format!("{} or --nlb", flags.join(", ")));
    }
    let port_unknown = !args.spec.instances.is_empty() || args.spec.hand_typed();
    let only_ips = args.spec.resource.is_none()
        && args.spec.instances.is_empty()
        && args.spec.albs.is_empty()
        && args.more_resources.is_empty()
        && args.routes.iter().all(|r| matches!(r.target, RouteTarget::Ip(..)));
    if only_ips && (args.spec.hand_typed() || !args.routes.is_empty()) && args.vpc.is_none() {
        missing.push("--vpc".into());
    }
    if port_unknown && args.ports.is_empty() {
        missing.push("--port".into());
    }
    if args.account_ids.is_empty() {
        missing.push("--account-id".into());
    }
    missing
}

/// Flags alone (CI): a missing value is an error naming every missing flag.
pub async fn from_flags(aws: &Aws, args: &mut Draft) -> anyhow::Result<SetupRequest> {
    let missing = missing_flags(args);
    if !missing.is_empty() {
        return Err(usage(format!("missing {} (setup asks for them only in a terminal without --no-input)", missing.join("; "))));
    }
    resolve(aws, args).await
}

/// Checks every value against AWS (read-only) and fills what the resource implies.
pub async fn resolve(aws: &Aws, args: &mut Draft) -> anyhow::Result<SetupRequest> {
    let connection = args.name.clone().ok_or_else(|| usage("missing --name"))?;
    routes::check_given(&args.asked(), &connection)?;
    let classic = if args.spec.is_empty() { None } else { Some(args.targets(aws).await?) };
    let routes = routes::resolve(aws, &args.asked(), classic, &connection).await?;
    routes::check_resolved(&routes, &connection)?;
    let vpc = routes
        .first()
        .map(|r| r.targets.vpc.clone())
        .ok_or_else(|| usage("name the targets: a resource flag, --route, --instance, --alb or --target-ip"))?;
    let placements: Vec<(String, String)> = routes.iter().flat_map(|r| r.targets.placements.clone()).collect();
    let theirs = crate::connection::inputs::subnets_by_zone(&placements);
    let subnet_ids = match (args.subnets.is_empty(), placements.is_empty()) {
        (false, _) => args.subnets.clone(),
        // Where the targets are known: a private subnet in every zone of their VPC,
        // theirs first (or theirs alone, in a VPC without private subnets).
        (true, false) => {
            let every_zone = vpc::one_per_zone(&vpc::private_subnets(aws, &vpc.id).await?, &theirs);
            if every_zone.is_empty() { theirs } else { every_zone }
        }
        // Typed IPs: a private subnet in every zone of the VPC, as the wizard preselects.
        (true, true) => {
            let every_zone = vpc::one_per_zone(&vpc::private_subnets(aws, &vpc.id).await?, &[]);
            if every_zone.is_empty() {
                return Err(usage(format!("missing --subnet: {} has no private subnet to choose", vpc.id)));
            }
            every_zone
        }
    };
    let subnets = inputs::nlb_subnets(aws, &subnet_ids, Some(&vpc.id)).await?;
    if args.account_ids.is_empty() {
        return Err(usage("missing --account-id"));
    }
    Ok(SetupRequest {
        connection,
        vpc,
        routes,
        subnets,
        subnets_asked: !args.subnets.is_empty(),
        principals: args.account_ids.iter().cloned().collect(),
        supported_regions: args.supported_regions.iter().flatten().filter(|r| **r != aws.region).cloned().collect(),
        resource_rule: args.resource_rule.unwrap_or(false),
        cross_zone: args.cross_zone,
        all_nodes: args.all_nodes,
        wait_timeout: args.wait_timeout,
        endpoint_ip: args.endpoint_ip,
    })
}

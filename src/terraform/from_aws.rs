//! A [`Config`] from what AWS holds: the doctor's snapshot, the ELB tags and the
//! security-group rules (whose `sgr-` IDs Terraform imports by).

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::types::SecurityGroupRule;

use super::{
    Config, EndpointService, HealthCheck, IngressRule, Listener, LoadBalancer, Ref, SecurityGroup, Source, Tags, TargetGroup, label,
};
use crate::connection::names::ConnectionName;
use crate::connection::resource_access::rule_description;
use crate::connection::security_group;
use crate::snapshot::{Fetched, Snapshot, Unread};

/// What an export reads.
pub struct Read<'a> {
    /// The connection's name, when the tool made it.
    pub connection: Option<&'a ConnectionName>,
    pub snapshot: &'a Snapshot,
    /// ELB tags by ARN (load balancer, target groups, listeners).
    pub elb_tags: &'a BTreeMap<String, Tags>,
    /// Every rule of the NLB's and the targets' security groups.
    pub rules: &'a [SecurityGroupRule],
}

/// A value the export cannot do without; a failed read stops it (a partial configuration
/// would make Terraform plan to delete what it missed).
fn need<T>(value: &Fetched<T>) -> anyhow::Result<&T> {
    value.as_ref().map_err(|unread| match unread {
        Unread::Absent(why) => anyhow::anyhow!("nothing to export: {why}"),
        Unread::Failed { .. } => anyhow::anyhow!("{unread}"),
    })
}

pub fn from_aws(read: &Read) -> anyhow::Result<Config> {
    let s = read.snapshot;
    let Some(lb) = need(&s.load_balancer)?.as_ref() else {
        anyhow::bail!("nothing to export: the connection has no load balancer yet; finish it with `trigger-privatelink setup`");
    };
    let lb_name = lb.load_balancer_name().unwrap_or_default();
    let name = read.connection.map_or_else(|| lb_name.to_string(), ToString::to_string);
    let base = label(&name);
    let tags_of = |arn: &str| read.elb_tags.get(arn).cloned().unwrap_or_default();
    let lb_arn = lb.load_balancer_arn().unwrap_or_default();
    // A connection's NLB that does not carry its tags was adopted (`setup --nlb`): it is
    // the user's (or a controller's), so the export names it and declares none of it.
    let adopted = read.connection.is_some_and(|c| !c.owns(tags_of(lb_arn).iter().map(|(k, v)| (k.as_str(), v.as_str()))));

    // An adopted NLB's target groups and listeners are not exported, nor read.
    let views = if adopted { &[][..] } else { need(&s.target_groups)?.as_slice() };
    let read_listeners = if adopted { &[][..] } else { need(&s.listeners)?.as_slice() };

    let mut target_labels = Labels::default();
    let mut target_groups: Vec<TargetGroup> = views
        .iter()
        .map(|view| {
            let g = &view.group;
            let port = g.port().unwrap_or_default();
            let mut targets: Vec<String> = view
                .health
                .iter()
                .filter_map(|d| d.target())
                .map(|t| format!("{}:{}", t.id().unwrap_or_default(), t.port().unwrap_or(port)))
                .collect();
            targets.sort();
            TargetGroup {
                label: String::new(),
                arn: view.arn().to_string(),
                name: g.target_group_name().unwrap_or_default().to_string(),
                port,
                protocol: g.protocol().map_or("TCP", |p| p.as_str()).to_string(),
                target_type: g.target_type().map_or("ip", |t| t.as_str()).to_string(),
                vpc_id: g.vpc_id().unwrap_or_default().to_string(),
                health_check: HealthCheck {
                    enabled: g.health_check_enabled().unwrap_or(true),
                    protocol: g.health_check_protocol().map(|p| p.as_str().to_string()),
                    port: g.health_check_port().map(str::to_string),
                    path: g.health_check_path().map(str::to_string),
                    matcher: g.matcher().and_then(|m| m.http_code()).map(str::to_string),
                    interval: g.health_check_interval_seconds(),
                    timeout: g.health_check_timeout_seconds(),
                    healthy_threshold: g.healthy_threshold_count(),
                    unhealthy_threshold: g.unhealthy_threshold_count(),
                },
                tags: tags_of(view.arn()),
                targets,
                synced_from: view.resource.as_ref().ok().cloned().flatten(),
            }
        })
        .collect();
    target_groups.sort_by(|a, b| (a.port, &a.name).cmp(&(b.port, &b.name)));
    for group in &mut target_groups {
        group.label = target_labels.unique(format!("{base}_{}", group.port));
    }
    let group_ref = |arn: &str| {
        target_groups.iter().find(|g| g.arn == arn).map_or_else(|| Ref::Literal(arn.to_string()), |g| Ref::Declared(g.label.clone()))
    };

    // The NLB's own group and the rules, only for a connection the tool made: a group
    // built by hand may be shared, and is not the tool's to hand over.
    let vpc_id = lb.vpc_id().unwrap_or_default();
    let own_group = match read.connection {
        Some(connection) => security_group::find_in(need(&s.nlb_groups)?, connection, vpc_id),
        None => None,
    };
    let own_group_id = own_group.as_ref().and_then(|g| g.group_id()).map(str::to_string);
    let group_id_ref = |id: &str| {
        if own_group_id.as_deref() == Some(id) { Ref::Declared(base.clone()) } else { Ref::Literal(id.to_string()) }
    };
    let security_group = own_group.as_ref().map(|g| SecurityGroup {
        label: base.clone(),
        id: g.group_id().unwrap_or_default().to_string(),
        name: g.group_name().unwrap_or_default().to_string(),
        description: g.description().unwrap_or_default().to_string(),
        vpc_id: vpc_id.to_string(),
        tags: g.tags().iter().map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string())).collect(),
    });
    let ingress_rules = match read.connection {
        Some(connection) => {
            let resource_groups: BTreeSet<&str> = need(&s.resource_groups)?.iter().filter_map(|g| g.group_id()).collect();
            ingress_rules(read.rules, own_group_id.as_deref(), &resource_groups, &rule_description(connection), &base, &group_id_ref)
        }
        None => Vec::new(),
    };

    let mut subnets: Vec<String> = lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string)).collect();
    subnets.sort();
    let mut lb_groups: Vec<Ref> = lb.security_groups().iter().map(|id| group_id_ref(id)).collect();
    lb_groups.sort();
    let load_balancer = if adopted {
        None
    } else {
        Some(LoadBalancer {
            label: base.clone(),
            arn: lb_arn.to_string(),
            name: lb_name.to_string(),
            internal: lb.scheme().is_some_and(|s| s.as_str() == "internal"),
            subnets,
            security_groups: lb_groups,
            enforcement: lb.enforce_security_group_inbound_rules_on_private_link_traffic().map(str::to_string),
            cross_zone: *need(&s.cross_zone)?,
            tags: tags_of(lb_arn),
        })
    };

    let mut listener_labels = Labels::default();
    let mut listeners: Vec<Listener> = read_listeners
        .iter()
        .map(|l| {
            let forward_to = l.default_actions().iter().find_map(|a| a.target_group_arn()).unwrap_or_default();
            Listener {
                label: String::new(),
                arn: l.listener_arn().unwrap_or_default().to_string(),
                port: l.port().unwrap_or_default(),
                protocol: l.protocol().map_or("TCP", |p| p.as_str()).to_string(),
                target_group: group_ref(forward_to),
                tags: tags_of(l.listener_arn().unwrap_or_default()),
            }
        })
        .collect();
    listeners.sort_by_key(|l| l.port);
    for listener in &mut listeners {
        listener.label = listener_labels.unique(format!("{base}_{}", listener.port));
    }

    let service = match &s.service {
        Some(service) => {
            let mut principals = need(&s.principals)?.clone();
            principals.sort();
            let regions: BTreeSet<String> =
                service.supported_regions().iter().filter_map(|r| r.region().map(str::to_string)).chain([s.region.clone()]).collect();
            let load_balancers = service
                .network_load_balancer_arns()
                .iter()
                .map(|arn| if arn == lb_arn && !adopted { Ref::Declared(base.clone()) } else { Ref::Literal(arn.clone()) })
                .collect();
            Some(EndpointService {
                label: base.clone(),
                id: service.service_id().unwrap_or_default().to_string(),
                acceptance_required: service.acceptance_required().unwrap_or(false),
                load_balancers,
                allowed_principals: principals,
                supported_regions: regions.into_iter().collect(),
                private_dns_name: service.private_dns_name().map(str::to_string),
                tags: service
                    .tags()
                    .iter()
                    .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
                    .collect(),
            })
        }
        None => None,
    };

    Ok(Config {
        name,
        region: s.region.clone(),
        made_by_tool: read.connection.is_some(),
        target_groups,
        load_balancer,
        listeners,
        security_group,
        ingress_rules,
        service,
    })
}

/// The ingress rules of the tool's own group, and the rules it added (by their
/// description) to the targets' groups.
fn ingress_rules(
    rules: &[SecurityGroupRule],
    own_group: Option<&str>,
    resource_groups: &BTreeSet<&str>,
    description: &str,
    base: &str,
    group_ref: &dyn Fn(&str) -> Ref,
) -> Vec<IngressRule> {
    let mut chosen: Vec<IngressRule> = rules
        .iter()
        .filter(|r| r.is_egress() != Some(true))
        .filter(|r| {
            let group = r.group_id().unwrap_or_default();
            own_group == Some(group) || (resource_groups.contains(group) && r.description() == Some(description))
        })
        .map(|r| IngressRule {
            group: group_ref(r.group_id().unwrap_or_default()),
            from_port: r.from_port().unwrap_or(-1),
            to_port: r.to_port().unwrap_or(-1),
            protocol: r.ip_protocol().unwrap_or("tcp").to_string(),
            source: match (r.cidr_ipv4(), r.referenced_group_info().and_then(|g| g.group_id())) {
                (Some(cidr), _) => Source::Cidr(cidr.to_string()),
                (None, Some(group)) => Source::Group(group_ref(group)),
                (None, None) => Source::Cidr(r.cidr_ipv6().unwrap_or_default().to_string()),
            },
            id: r.security_group_rule_id().unwrap_or_default().to_string(),
            label: String::new(),
            description: r.description().map(str::to_string),
        })
        .collect();
    chosen.sort();
    let mut labels = Labels::default();
    for rule in &mut chosen {
        let group = match &rule.group {
            Ref::Declared(_) => "nlb".to_string(),
            Ref::Literal(id) => id.clone(),
        };
        let from = match &rule.source {
            Source::Cidr(cidr) => cidr.clone(),
            Source::Group(Ref::Declared(_)) => "nlb".to_string(),
            Source::Group(Ref::Literal(id)) => id.clone(),
        };
        rule.label = labels.unique(label(&format!("{base}_{group}_{}_from_{from}", rule.from_port)));
    }
    chosen
}

/// Labels unique within one resource kind (a suffix on a repeat).
#[derive(Default)]
struct Labels(BTreeMap<String, usize>);

impl Labels {
    fn unique(&mut self, wanted: String) -> String {
        let seen = self.0.entry(wanted.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 { wanted } else { format!("{wanted}_{seen}") }
    }
}

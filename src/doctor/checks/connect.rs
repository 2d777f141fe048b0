//! Status is Active but tasks can't connect: the NLB, its listener, targets and the
//! security groups and zones on the way to them.

use std::collections::BTreeSet;

use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerStateEnum, ProtocolEnum, TargetHealthStateEnum};

use super::{Inputs, UNKNOWN_RESOURCE, acl, doctor_fix, drifts, groups, input, nlb, nlb_ref};
use crate::connection::names::ConnectionName;
use crate::connection::security_group::Source;
use crate::connection::{load_balancer, resource_access, security_group};
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::plan::{Id, Step};
use crate::snapshot::{Snapshot, TargetAccess, TargetGroupView, Unread};

pub(super) fn nlb_internal_active(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let Some(lb) = input(&s.load_balancer)? else {
        return Ok(Finding::new(CheckId::NlbInternalActive, Status::Fail, "no Network Load Balancer for this connection").remedy(match &t
            .connection
        {
            Some(name) => format!("trigger-privatelink create-nlb --name {name} --subnet <subnet> ..."),
            None => "trigger-privatelink setup".into(),
        }));
    };
    let state = lb.state().and_then(|s| s.code());
    let internal = lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal);
    Ok(match (internal, state) {
        (false, _) => {
            Finding::new(CheckId::NlbInternalActive, Status::Fail, "the NLB is internet-facing; PrivateLink needs an internal NLB")
                .remedy("recreate it as internal: trigger-privatelink create-nlb")
        }
        (true, Some(LoadBalancerStateEnum::Active)) => Finding::new(
            CheckId::NlbInternalActive,
            Status::Pass,
            format!("internal NLB {} is active", lb.load_balancer_name().unwrap_or("?")),
        ),
        (true, Some(LoadBalancerStateEnum::Provisioning)) => {
            Finding::new(CheckId::NlbInternalActive, Status::Warn, "the NLB is still provisioning (1-2 minutes)")
        }
        (true, other) => {
            Finding::new(CheckId::NlbInternalActive, Status::Fail, format!("the NLB is {}", other.map_or("in no state", |s| s.as_str())))
                .remedy("EC2 console → Load Balancers: check its state and reason")
        }
    })
}

pub(super) fn nlb_enforcement_off(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let lb = nlb(s)?;
    if lb.security_groups().is_empty() {
        return Ok(Finding::new(CheckId::NlbEnforcementOff, Status::Pass, "the NLB has no security group, so nothing is enforced"));
    }
    Ok(match lb.enforce_security_group_inbound_rules_on_private_link_traffic() {
        Some("off") => Finding::new(CheckId::NlbEnforcementOff, Status::Pass, "inbound rules are not enforced on PrivateLink traffic"),
        // With enforcement on, the NLB's groups are evaluated against the consumer
        // endpoint's own addresses, which Trigger.dev does not publish: only a rule from
        // 0.0.0.0/0 on the listener ports lets its traffic through.
        // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
        Some(other) if enforced_but_open(s)? => Finding::new(
            CheckId::NlbEnforcementOff,
            Status::Pass,
            format!(
                "enforcement is {other}, but the NLB's security group admits the listener ports from 0.0.0.0/0, so Trigger.dev's \
traffic gets through (turning enforcement off keeps it so whatever the rules)"
            ),
        ),
        Some(other) => Finding::new(
            CheckId::NlbEnforcementOff,
            Status::Fail,
            format!(
                "\"enforce inbound rules on PrivateLink traffic\" is {other} and the NLB's security group does not admit TCP {} from \
0.0.0.0/0: Trigger.dev's traffic is dropped silently",
                listener_ports(s).iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
        )
        .remedy(format!("trigger-privatelink disable-enforcement {}", nlb_ref(t)))
        .fix([{
            let arn = Id::from(lb.load_balancer_arn().unwrap_or_default());
            load_balancer::plan_enforcement(Some(lb), &arn, &arn)
        }]),
        None => Finding::new(CheckId::NlbEnforcementOff, Status::Warn, "AWS did not report the enforcement setting")
            .remedy(format!("trigger-privatelink disable-enforcement {}", nlb_ref(t))),
    })
}

pub(super) fn listener_port(s: &Snapshot, _: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let listeners = input(&s.listeners)?;
    let tcp: Vec<i32> = listeners.iter().filter(|l| l.protocol() == Some(&ProtocolEnum::Tcp)).filter_map(|l| l.port()).collect();
    let list = |ports: &mut dyn Iterator<Item = String>| ports.collect::<Vec<_>>().join(", ");
    let listening = list(&mut tcp.iter().map(ToString::to_string));
    let missing: Vec<u16> = i.ports.iter().copied().filter(|p| !tcp.contains(&i32::from(*p))).collect();
    Ok(if tcp.is_empty() {
        Finding::new(CheckId::ListenerPort, Status::Fail, "the NLB has no TCP listener")
            .remedy("trigger-privatelink create-nlb --name <name> ...")
    } else if i.ports.is_empty() {
        Finding::new(CheckId::ListenerPort, Status::Pass, format!("TCP listener on {listening} (pass --port to check the port tasks dial)"))
    } else if missing.is_empty() {
        let dialled = list(&mut i.ports.iter().map(ToString::to_string));
        let noun = if i.ports.len() == 1 { "a TCP listener on" } else { "TCP listeners on" };
        Finding::new(
            CheckId::ListenerPort,
            Status::Pass,
            format!("{noun} {dialled}, the port{} tasks dial", if i.ports.len() == 1 { "" } else { "s" }),
        )
    } else {
        let absent = list(&mut missing.iter().map(ToString::to_string));
        Finding::new(CheckId::ListenerPort, Status::Fail, format!("tasks dial {absent} but the NLB listens on {listening}"))
            .remedy(format!("dial {listening} in the connection string, or add a listener on {absent}"))
    })
}

/// `port 6379 (tpl-prod-6379)`: how a finding names a route of a connection of several.
fn route_of(s: &Snapshot, group: &TargetGroupView) -> String {
    let name = group.group.target_group_name().unwrap_or_default();
    s.listener_port(group.arn()).map_or(name.to_string(), |port| format!("port {port} ({name})"))
}

pub(super) fn targets_registered(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let groups = groups(s)?;
    let count: usize = groups.iter().map(|g| g.registered().len()).sum();
    // Each route needs its own targets: one empty group is a route that goes nowhere.
    let empty: Vec<String> = groups.iter().filter(|g| g.registered().is_empty()).map(|g| route_of(s, g)).collect();
    Ok(if groups.is_empty() {
        Finding::new(CheckId::TargetsRegistered, Status::Fail, "no target group behind the NLB")
            .remedy("trigger-privatelink create-target-group --name <name> ...")
    } else if count == 0 && groups.len() == 1 {
        Finding::new(CheckId::TargetsRegistered, Status::Fail, "the target group has no registered target")
            .remedy("trigger-privatelink create-target-group --name <name> --rds-instance <id> (or --target-ip)")
    } else if !empty.is_empty() {
        Finding::new(CheckId::TargetsRegistered, Status::Fail, format!("no registered target on {}", empty.join(", ")))
            .remedy("trigger-privatelink setup --name <name> with the route's resource (or sync-targets --name <name> when it follows one)")
    } else {
        Finding::new(CheckId::TargetsRegistered, Status::Pass, format!("{count} target{} registered", if count == 1 { "" } else { "s" }))
    })
}

/// What AWS's reason codes mean for this setup.
fn explain(reason: &str) -> &'static str {
    match reason {
        "Target.NotInUse" => {
            "the target's zone is not enabled on the NLB (turn cross-zone on or add a subnet in that zone), or no listener uses the group"
        }
        "Target.Timeout" => {
            "the health check timed out: a security group or network ACL on the way drops it (see resource-sg-ingress and network-acl)"
        }
        "Target.FailedHealthChecks" => "the resource refused the health check connection",
        "Elb.RegistrationInProgress" => "just registered; the first health checks are running",
        "Target.NotRegistered" => "the target is not registered",
        "Target.DeregistrationInProgress" => "the target is being deregistered",
        _ => "see the target group's Targets tab in the EC2 console",
    }
}

pub(super) fn targets_healthy(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let mut worst = Status::Pass;
    let mut findings = Vec::new();
    // What the other checks see, read once for every target.
    let causes = Causes { access: s.target_access().ok(), blocked: acl::blocked_legs(s).ok() };
    let groups = groups(s)?;
    for group in groups {
        // A connection of several routes names each target's route.
        let route = if groups.len() > 1 { format!("{}: ", route_of(s, group)) } else { String::new() };
        for d in &group.health {
            let id = d.target().and_then(|t| t.id()).unwrap_or("?");
            let health = d.target_health();
            let state = health.and_then(|h| h.state()).cloned().unwrap_or(TargetHealthStateEnum::Unavailable);
            let reason = health.and_then(|h| h.reason()).map(|r| r.as_str().to_string()).unwrap_or_default();
            let cause = causes.found(s, id, &reason);
            let status = match (state.clone(), cause) {
                (TargetHealthStateEnum::Healthy, _) => Status::Pass,
                (TargetHealthStateEnum::Initial, _) => Status::Warn,
                // Another check fails naming the cause, with its fix: this is its symptom.
                (_, Some(_)) => Status::Warn,
                _ => Status::Fail,
            };
            worst = worst.max(status);
            findings.push(match (reason.is_empty(), cause) {
                (true, _) => format!("{route}{id} {}", state.as_str()),
                (false, Some(check)) => format!("{route}{id} {} ({reason}: the cause is under {check})", state.as_str()),
                (false, None) => format!("{route}{id} {} ({reason}: {})", state.as_str(), explain(&reason)),
            });
        }
    }
    if findings.is_empty() {
        return Err(Unread::Absent("no registered target"));
    }
    let mut finding = Finding::new(CheckId::TargetsHealthy, worst, findings.join("; "));
    if worst == Status::Fail {
        finding = finding.remedy(doctor_fix(t));
    }
    Ok(finding)
}

/// The security groups and ACL legs that resource-sg-ingress and network-acl judge.
struct Causes<'a> {
    access: Option<Vec<TargetAccess<'a>>>,
    blocked: Option<Vec<acl::Blocked>>,
}

impl Causes<'_> {
    /// The check that names why this target is not healthy, when one does: its security
    /// group shuts the NLB out, a network ACL stops the way to it, or its zone gets no
    /// traffic.
    fn found(&self, s: &Snapshot, id: &str, reason: &str) -> Option<CheckId> {
        let access = self.access.iter().flatten().find(|a| a.target.to_string() == id)?;
        match reason {
            "Target.Timeout" | "Target.FailedHealthChecks" => {
                if access.present && !access.admitted {
                    return Some(CheckId::ResourceSgIngress);
                }
                let ip = access.ip?;
                self.blocked.iter().flatten().any(|b| b.target == Some(ip)).then_some(CheckId::NetworkAcl)
            }
            "Target.NotInUse" => {
                let lb = nlb(s).ok()?;
                let interface = access.interface?;
                let in_nlb_zone = lb.availability_zones().iter().any(|z| z.zone_name() == interface.availability_zone());
                (!in_nlb_zone && !*s.cross_zone.as_ref().ok()?).then_some(CheckId::AzCoverage)
            }
            _ => None,
        }
    }
}

pub(super) fn target_ip_drift(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let drifts = drifts(s)?;
    if drifts.is_empty() {
        return Err(Unread::Absent(UNKNOWN_RESOURCE));
    }
    let several = drifts.len() > 1;
    // A connection of several routes names the route; one route reads as before.
    let route = |g: &crate::snapshot::TargetGroupView| match (several, s.listener_port(g.arn())) {
        (true, Some(port)) => format!("port {port}: "),
        _ => String::new(),
    };
    let named = |r: &crate::connection::resource::ResolvedResource| format!("{} {}", r.resource.flag(), r.resource.id());
    let drifted: Vec<String> = drifts
        .iter()
        .filter(|(_, _, d)| !d.is_empty())
        .map(|(g, r, d)| {
            format!(
                "{}registered {} but {} is now at {}",
                route(g),
                crate::connection::target::list(&g.registered()),
                named(r),
                crate::connection::target::list(&d.wanted)
            )
        })
        .collect();
    Ok(if drifted.is_empty() {
        let mut followed: Vec<String> = drifts.iter().map(|(_, r, _)| named(r)).collect();
        followed.dedup();
        let text = match followed.as_slice() {
            [one] => format!("registered IPs match {one}'s current interfaces"),
            all => format!("registered IPs match the current interfaces of {}", all.join(", ")),
        };
        Finding::new(CheckId::TargetIpDrift, Status::Pass, text)
    } else {
        let fix = match &t.connection {
            Some(name) => format!("trigger-privatelink sync-targets --name {name}"),
            None => doctor_fix(t),
        };
        let steps = drifts.iter().filter(|(_, _, d)| !d.is_empty()).map(|(g, _, d)| d.step(g.arn(), port_of(g)));
        Finding::new(CheckId::TargetIpDrift, Status::Fail, format!("{}: it failed over or was replaced", drifted.join("; ")))
            .remedy(fix)
            .fix(steps)
    })
}

pub(super) fn resource_sg_ingress(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let vpc = input(&s.vpc)?;
    let access = s.target_access()?;
    let closed: Vec<String> = access
        .iter()
        .filter(|a| a.present && !a.admitted)
        .map(|a| format!("{} ({})", a.target, a.groups.iter().filter_map(|g| g.group_id()).collect::<Vec<_>>().join(", ")))
        .collect();
    let orphaned: Vec<String> = access.iter().filter(|a| !a.present).map(|a| a.target.to_string()).collect();
    Ok(if !closed.is_empty() {
        Finding::new(
            CheckId::ResourceSgIngress,
            Status::Fail,
            format!("the security group of {} does not admit the port from the NLB or {}", closed.join(", "), vpc.cidr_list()),
        )
        .remedy(doctor_fix(t))
        .fix(admit_steps(s, t, &access))
    } else if !orphaned.is_empty() {
        Finding::new(
            CheckId::ResourceSgIngress,
            Status::Warn,
            format!("no network interface holds {}: nothing answers there", orphaned.join(", ")),
        )
    } else {
        Finding::new(CheckId::ResourceSgIngress, Status::Pass, "the resource's security groups admit the NLB")
    })
}

pub(super) fn az_coverage(s: &Snapshot, t: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let lb = nlb(s)?;
    let cross_zone = *input(&s.cross_zone)?;
    let interfaces = input(&s.interfaces)?;
    let subnets = input(&s.subnets)?;
    // Zone IDs name one place in every account; names do not (Trigger.dev's us-east-1a
    // may be your us-east-1c), so zones are compared and shown by ID.
    // https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html
    let zone_id =
        |subnet_id: Option<&str>| subnet_id.and_then(|id| subnets.iter().find(|s| s.subnet_id() == Some(id))?.availability_zone_id());
    let shown = |subnet_id: Option<&str>, name: Option<&str>| match (zone_id(subnet_id), name) {
        (Some(id), Some(name)) => format!("{id} ({name})"),
        (id, name) => id.or(name).unwrap_or("?").to_string(),
    };
    let nlb_zones: BTreeSet<String> = lb.availability_zones().iter().map(|z| shown(z.subnet_id(), z.zone_name())).collect();
    let target_zones: BTreeSet<String> = interfaces.iter().map(|e| shown(e.subnet_id(), e.availability_zone())).collect();
    let served: Vec<String> = match s.service.as_ref().map(|svc| svc.availability_zone_ids()) {
        Some(ids) if !ids.is_empty() => ids.to_vec(),
        _ => lb.availability_zones().iter().filter_map(|z| zone_id(z.subnet_id()).map(str::to_string)).collect(),
    };
    let missing: Vec<&str> = i.vendor_zone_ids.iter().filter(|z| !served.contains(z)).map(String::as_str).collect();
    let outside: Vec<&str> = target_zones.difference(&nlb_zones).map(String::as_str).collect();
    let zones = nlb_zones.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
    Ok(if !missing.is_empty() {
        Finding::new(
            CheckId::AzCoverage,
            Status::Fail,
            format!(
                "Trigger.dev's endpoint is in {} but the service serves only {}: AWS refuses an endpoint in a zone the service lacks",
                missing.join(", "),
                served.join(", ")
            ),
        )
        .remedy(format!(
            "add a private subnet in zone ID {} to the NLB (EC2 console → Load Balancers → Network mapping → Edit subnets; \
subnets show their AZ ID), then ask Trigger.dev to retry",
            missing.join(", ")
        ))
    } else if !outside.is_empty() && !cross_zone {
        Finding::new(
            CheckId::AzCoverage,
            Status::Fail,
            format!("targets in {} but the NLB is only in {zones} and cross-zone is off: no traffic reaches them", outside.join(", ")),
        )
        .remedy(doctor_fix(t))
        .fix([cross_zone_on(lb)])
    } else if nlb_zones.len() == 1 {
        Finding::new(
            CheckId::AzCoverage,
            Status::Warn,
            format!("the NLB is in one zone only ({zones}): PrivateLink is zonal, so the connection fails with that zone"),
        )
        .remedy("add a private subnet in another zone: EC2 console → Load Balancers → Network mapping")
    } else if !cross_zone && target_zones.len() < nlb_zones.len() {
        Finding::new(
            CheckId::AzCoverage,
            Status::Warn,
            format!(
                "cross-zone is off and targets are only in {}: NLB nodes in other zones have no target",
                target_zones.into_iter().collect::<Vec<_>>().join(", ")
            ),
        )
        .remedy(doctor_fix(t))
        .fix([cross_zone_on(lb)])
    } else {
        let vendor = if i.vendor_zone_ids.is_empty() {
            String::new()
        } else {
            format!(", Trigger.dev's {} among them", i.vendor_zone_ids.join(", "))
        };
        Finding::new(
            CheckId::AzCoverage,
            Status::Pass,
            format!("service in {}{vendor}; NLB in {zones}; cross-zone {}", served.join(", "), if cross_zone { "on" } else { "off" }),
        )
    })
}

fn cross_zone_on(lb: &aws_sdk_elasticloadbalancingv2::types::LoadBalancer) -> Step {
    load_balancer::cross_zone_step(&Id::from(lb.load_balancer_arn().unwrap_or_default()), false, true)
        .detail("turn cross-zone load balancing on")
}

fn port_of(group: &TargetGroupView) -> u16 {
    group.group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default()
}

/// A rule on each closed group admitting the target port from the NLB's first security
/// group, or from the VPC CIDRs when the NLB has none.
fn admit_steps(s: &Snapshot, target: &Target, access: &[TargetAccess<'_>]) -> Vec<Step> {
    let Ok(vpc) = &s.vpc else { return Vec::new() };
    let nlb_group = s.load_balancer.as_ref().ok().and_then(Option::as_ref).and_then(|lb| lb.security_groups().first().cloned());
    let connection: Option<ConnectionName> = target.connection.as_deref().and_then(|name| name.parse().ok());
    let mut steps: Vec<Step> = Vec::new();
    let mut groups: Vec<&str> = Vec::new();
    for closed in access.iter().filter(|a| !a.admitted) {
        if let Some(group_id) = closed.groups.first().and_then(|sg| sg.group_id())
            && !groups.contains(&group_id)
        {
            groups.push(group_id);
            let from = match &nlb_group {
                Some(nlb) => Source::Group(Id::from(nlb.as_str())),
                None => Source::Cidrs(vpc.cidrs.iter().map(ToString::to_string).collect()),
            };
            steps.push(resource_access::admit_step(connection.as_ref(), group_id, closed.port, from));
        }
    }
    steps
}

pub(super) fn listener_ports(s: &Snapshot) -> Vec<u16> {
    s.listeners.iter().flatten().filter_map(|l| l.port()).filter_map(|p| u16::try_from(p).ok()).collect()
}

/// Enforcement is on, but every listener port is open to 0.0.0.0/0 on the NLB's groups.
fn enforced_but_open(s: &Snapshot) -> Result<bool, Unread> {
    let groups = input(&s.nlb_groups)?;
    let ports = listener_ports(s);
    Ok(!ports.is_empty() && ports.iter().all(|port| groups.iter().any(|g| security_group::open_to_all(g, *port))))
}

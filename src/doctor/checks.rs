//! The checks: one function per stable id, each a pure function of the snapshot. Each
//! covers one line of the vendor's troubleshooting list or one known pitfall.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::ServiceState;
use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerStateEnum, ProtocolEnum, TargetHealthStateEnum};

use super::snapshot::{Fetched, NO_NLB, NO_SERVICE, NO_TARGET_GROUP, Snapshot, TargetGroupView, Unread};
use super::target::Target;
use super::{CheckResult, Status, Symptom};
use crate::connection::endpoint_service::endpoint_state;
use crate::connection::principal::Principal;
use crate::connection::target_group::Drift;

/// What the user told doctor that sharpens the verdicts.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub account_ids: Vec<Principal>,
    pub port: Option<u16>,
    pub task_region: Option<String>,
}

type Check = fn(&Snapshot, &Target, &Inputs) -> Result<CheckResult, Unread>;

pub const CHECKS: &[(&str, Symptom, Check)] = &[
    ("credentials", Symptom::StuckPending, credentials),
    ("service-exists", Symptom::StuckPending, service_exists),
    ("service-available", Symptom::StuckPending, service_available),
    ("principal-allowed", Symptom::StuckPending, principal_allowed),
    ("no-wildcard-principal", Symptom::StuckPending, no_wildcard_principal),
    ("acceptance-not-required", Symptom::StuckPending, acceptance_not_required),
    ("vendor-endpoint", Symptom::StuckPending, vendor_endpoint),
    ("private-dns-off", Symptom::StuckPending, private_dns_off),
    ("supported-region", Symptom::StuckPending, supported_region),
    ("nlb-internal-active", Symptom::CannotConnect, nlb_internal_active),
    ("nlb-enforcement-off", Symptom::CannotConnect, nlb_enforcement_off),
    ("listener-port", Symptom::CannotConnect, listener_port),
    ("targets-registered", Symptom::CannotConnect, targets_registered),
    ("targets-healthy", Symptom::CannotConnect, targets_healthy),
    ("target-ip-drift", Symptom::CannotConnect, target_ip_drift),
    ("resource-sg-ingress", Symptom::CannotConnect, resource_sg_ingress),
    ("az-coverage", Symptom::CannotConnect, az_coverage),
    ("health-check", Symptom::Slow, health_check),
    ("cross-region-latency", Symptom::Slow, cross_region_latency),
];

/// Runs every check; one with nothing to look at is skipped with the reason, one whose
/// AWS call failed is a failure naming the error.
pub fn run_all(snapshot: &Snapshot, target: &Target, inputs: &Inputs) -> Vec<CheckResult> {
    CHECKS
        .iter()
        .map(|(id, symptom, check)| match check(snapshot, target, inputs) {
            Ok(result) => result,
            Err(Unread::Absent(why)) => CheckResult::new(id, *symptom, Status::Skip, format!("skipped: {why}")),
            Err(failed @ Unread::Failed { .. }) => CheckResult::new(id, *symptom, Status::Fail, failed.to_string()).remedy(
                "fix the AWS error and run doctor again; `trigger-privatelink iam-policy --for doctor` prints the permissions it needs",
            ),
        })
        .collect()
}

fn result(id: &'static str, status: Status, summary: impl Into<String>) -> CheckResult {
    let symptom = CHECKS.iter().find(|(i, _, _)| *i == id).map_or(Symptom::StuckPending, |(_, s, _)| *s);
    CheckResult::new(id, symptom, status, summary)
}

fn input<T>(value: &Fetched<T>) -> Result<&T, Unread> {
    value.as_ref().map_err(Clone::clone)
}

fn service_ref(target: &Target) -> String {
    match (&target.connection, &target.service_id) {
        (Some(name), _) => format!("--name {name}"),
        (None, Some(id)) => format!("--service-id {id}"),
        _ => "--service-id <id>".into(),
    }
}

fn nlb_ref(target: &Target) -> String {
    match (&target.connection, &target.nlb_arn) {
        (Some(name), _) => format!("--name {name}"),
        (None, Some(arn)) => format!("--nlb {arn}"),
        _ => "--nlb <arn>".into(),
    }
}

fn doctor_fix(target: &Target) -> String {
    format!("trigger-privatelink doctor {} --fix", service_ref(target))
}

fn credentials(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    Ok(match &s.identity {
        Ok(who) => result("credentials", Status::Pass, format!("AWS credentials work: {who}")),
        Err(Unread::Failed { error, .. }) => result("credentials", Status::Fail, format!("AWS credentials do not work: {error}"))
            .remedy("set AWS_PROFILE (or --profile), or refresh them: aws sso login / aws configure"),
        Err(Unread::Absent(why)) => return Err(Unread::Absent(why)),
    })
}

fn service_exists(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    Ok(match &s.service {
        Some(service) => result(
            "service-exists",
            Status::Pass,
            format!("endpoint service {} ({})", service.service_id().unwrap_or("?"), service.service_name().unwrap_or("?")),
        ),
        None => {
            result("service-exists", Status::Fail, "no VPC endpoint service for this connection: Trigger.dev has nothing to connect to")
                .remedy(match &t.connection {
                    Some(name) => format!("trigger-privatelink create-endpoint-service --name {name}"),
                    None => "trigger-privatelink setup".to_string(),
                })
        }
    })
}

fn service_available(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    let state = service.service_state();
    Ok(match state {
        Some(ServiceState::Available) => result("service-available", Status::Pass, "endpoint service is Available"),
        Some(ServiceState::Pending) => result("service-available", Status::Warn, "endpoint service is still Pending; wait a minute"),
        other => result("service-available", Status::Fail, format!("endpoint service is {}", other.map_or("in no state", |s| s.as_str())))
            .remedy("check the NLB is an active internal NLB; recreate the service with trigger-privatelink create-endpoint-service"),
    })
}

fn principal_allowed(s: &Snapshot, t: &Target, i: &Inputs) -> Result<CheckResult, Unread> {
    let allowed = input(&s.principals)?;
    let named: Vec<&String> = allowed.iter().filter(|p| p.as_str() != "*").collect();
    if i.account_ids.is_empty() {
        return Ok(if named.is_empty() {
            result("principal-allowed", Status::Fail, "no AWS account may connect: Trigger.dev gets \"Private link not found\"").remedy(
                format!("trigger-privatelink allow-principal {} --account-id <Trigger.dev account ID from the dashboard>", service_ref(t)),
            )
        } else {
            result(
                "principal-allowed",
                Status::Pass,
                format!(
                    "allowed: {} (pass --account-id to check Trigger.dev's)",
                    named.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")
                ),
            )
        });
    }
    let missing: Vec<String> = i.account_ids.iter().map(Principal::arn).filter(|arn| !allowed.contains(arn)).collect();
    Ok(if missing.is_empty() {
        result(
            "principal-allowed",
            Status::Pass,
            format!("Trigger.dev's account is allowed: {}", i.account_ids.iter().map(Principal::arn).collect::<Vec<_>>().join(", ")),
        )
    } else {
        let ids = i
            .account_ids
            .iter()
            .filter(|p| missing.contains(&p.arn()))
            .map(|p| format!("--account-id {}", p.account_id()))
            .collect::<Vec<_>>()
            .join(" ");
        result(
            "principal-allowed",
            Status::Fail,
            format!(
                "not allowed: {} (allowed: {})",
                missing.join(", "),
                if named.is_empty() { "none".to_string() } else { named.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ") }
            ),
        )
        .remedy(format!("trigger-privatelink allow-principal {} {ids}", service_ref(t)))
    })
}

fn no_wildcard_principal(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let allowed = input(&s.principals)?;
    Ok(if allowed.iter().any(|p| p == "*") {
        result("no-wildcard-principal", Status::Fail, "principal \"*\" is allowed: any AWS account can connect to this service")
            .remedy("VPC console → Endpoint services → Allow principals: remove \"*\"; keep only Trigger.dev's account")
    } else {
        result("no-wildcard-principal", Status::Pass, "no wildcard principal")
    })
}

fn acceptance_not_required(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    Ok(if service.acceptance_required() == Some(true) {
        result(
            "acceptance-not-required",
            Status::Fail,
            "acceptance is required: Trigger.dev's endpoint waits in pendingAcceptance until approved",
        )
        .remedy(doctor_fix(t))
    } else {
        result("acceptance-not-required", Status::Pass, "acceptance not required")
    })
}

fn vendor_endpoint(s: &Snapshot, t: &Target, i: &Inputs) -> Result<CheckResult, Unread> {
    let connections = input(&s.connections)?;
    if connections.is_empty() {
        return Ok(result(
            "vendor-endpoint",
            Status::Warn,
            "no endpoint has connected yet: submit the service name in the Trigger.dev dashboard (Private Connections → Add connection)",
        ));
    }
    let described: Vec<String> = connections
        .iter()
        .map(|c| {
            format!(
                "{} from {} in {}: {}",
                c.vpc_endpoint_id().unwrap_or("?"),
                c.vpc_endpoint_owner().unwrap_or("?"),
                c.vpc_endpoint_region().unwrap_or("?"),
                c.vpc_endpoint_state().map_or("?", |s| s.as_str())
            )
        })
        .collect();
    let wanted: Vec<&str> = i.account_ids.iter().map(Principal::account_id).collect();
    let relevant: Vec<_> =
        connections.iter().filter(|c| wanted.is_empty() || c.vpc_endpoint_owner().is_some_and(|o| wanted.contains(&o))).collect();
    let states: Vec<String> = relevant.iter().map(|c| endpoint_state(c)).collect();
    let status = if states.iter().any(|s| s == "available") {
        Status::Pass
    } else if states.is_empty() || states.iter().all(|s| s == "pending") {
        Status::Warn
    } else {
        Status::Fail
    };
    let mut finding = result("vendor-endpoint", status, described.join("; "));
    if status == Status::Fail && states.iter().any(|s| s == "pendingacceptance") {
        finding = finding.remedy(doctor_fix(t));
    } else if status == Status::Fail {
        finding = finding.remedy("remove the connection in the Trigger.dev dashboard and add it again with the service name");
    }
    Ok(finding)
}

fn private_dns_off(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    Ok(match service.private_dns_name().filter(|n| !n.is_empty()) {
        Some(name) => result(
            "private-dns-off",
            Status::Warn,
            format!("private DNS name {name} is set; Trigger.dev dials the endpoint IP, so it is not needed"),
        )
        .remedy("VPC console → Endpoint services → Actions → Modify private DNS name → remove"),
        None => result("private-dns-off", Status::Pass, "no private DNS name"),
    })
}

fn regions(s: &Snapshot) -> Result<BTreeSet<String>, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    let mut regions: BTreeSet<String> = service.supported_regions().iter().filter_map(|r| r.region().map(str::to_string)).collect();
    regions.insert(s.region.clone());
    Ok(regions)
}

fn supported_region(s: &Snapshot, t: &Target, i: &Inputs) -> Result<CheckResult, Unread> {
    let regions = regions(s)?;
    let listed = regions.iter().cloned().collect::<Vec<_>>().join(", ");
    let Some(task_region) = &i.task_region else {
        return Ok(result(
            "supported-region",
            Status::Pass,
            format!("supported regions: {listed} (pass --task-region to check where your tasks run)"),
        ));
    };
    Ok(if regions.contains(task_region) {
        result("supported-region", Status::Pass, format!("{task_region} is a supported region ({listed})"))
    } else {
        let name = t.connection.as_ref().map_or("--nlb <arn>".to_string(), |n| format!("--name {n}"));
        result("supported-region", Status::Fail, format!("tasks run in {task_region}, which may not connect (supported: {listed})")).remedy(
            format!(
                "trigger-privatelink create-endpoint-service {name} {}",
                regions
                    .iter()
                    .chain([task_region])
                    .filter(|r| **r != s.region)
                    .map(|r| format!("--supported-region {r}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        )
    })
}

fn nlb(s: &Snapshot) -> Result<&aws_sdk_elasticloadbalancingv2::types::LoadBalancer, Unread> {
    input(&s.load_balancer)?.as_ref().ok_or(Unread::Absent(NO_NLB))
}

fn nlb_internal_active(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let Some(lb) = input(&s.load_balancer)? else {
        return Ok(result("nlb-internal-active", Status::Fail, "no Network Load Balancer for this connection").remedy(
            match &t.connection {
                Some(name) => format!("trigger-privatelink create-nlb --name {name} --subnet <subnet> ..."),
                None => "trigger-privatelink setup".into(),
            },
        ));
    };
    let state = lb.state().and_then(|s| s.code());
    let internal = lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal);
    Ok(match (internal, state) {
        (false, _) => result("nlb-internal-active", Status::Fail, "the NLB is internet-facing; PrivateLink needs an internal NLB")
            .remedy("recreate it as internal: trigger-privatelink create-nlb"),
        (true, Some(LoadBalancerStateEnum::Active)) => {
            result("nlb-internal-active", Status::Pass, format!("internal NLB {} is active", lb.load_balancer_name().unwrap_or("?")))
        }
        (true, Some(LoadBalancerStateEnum::Provisioning)) => {
            result("nlb-internal-active", Status::Warn, "the NLB is still provisioning (1-2 minutes)")
        }
        (true, other) => result("nlb-internal-active", Status::Fail, format!("the NLB is {}", other.map_or("in no state", |s| s.as_str())))
            .remedy("EC2 console → Load Balancers: check its state and reason"),
    })
}

fn nlb_enforcement_off(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let lb = nlb(s)?;
    if lb.security_groups().is_empty() {
        return Ok(result("nlb-enforcement-off", Status::Pass, "the NLB has no security group, so nothing is enforced"));
    }
    Ok(match lb.enforce_security_group_inbound_rules_on_private_link_traffic() {
        Some("off") => result("nlb-enforcement-off", Status::Pass, "inbound rules are not enforced on PrivateLink traffic"),
        Some(other) => result(
            "nlb-enforcement-off",
            Status::Fail,
            format!("\"enforce inbound rules on PrivateLink traffic\" is {other}: Trigger.dev's traffic is dropped silently"),
        )
        .remedy(format!("trigger-privatelink disable-enforcement {}", nlb_ref(t))),
        None => result("nlb-enforcement-off", Status::Warn, "AWS did not report the enforcement setting")
            .remedy(format!("trigger-privatelink disable-enforcement {}", nlb_ref(t))),
    })
}

fn listener_port(s: &Snapshot, _: &Target, i: &Inputs) -> Result<CheckResult, Unread> {
    let listeners = input(&s.listeners)?;
    let tcp: Vec<i32> = listeners.iter().filter(|l| l.protocol() == Some(&ProtocolEnum::Tcp)).filter_map(|l| l.port()).collect();
    let ports = tcp.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    Ok(match (tcp.is_empty(), i.port) {
        (true, _) => {
            result("listener-port", Status::Fail, "the NLB has no TCP listener").remedy("trigger-privatelink create-nlb --name <name> ...")
        }
        (false, Some(port)) if tcp.contains(&i32::from(port)) => {
            result("listener-port", Status::Pass, format!("a TCP listener on {port}, the port tasks dial"))
        }
        (false, Some(port)) => result("listener-port", Status::Fail, format!("tasks dial {port} but the NLB listens on {ports}"))
            .remedy(format!("dial {ports} in the connection string, or add a listener on {port}")),
        (false, None) => {
            result("listener-port", Status::Pass, format!("TCP listener on {ports} (pass --port to check the port tasks dial)"))
        }
    })
}

fn groups(s: &Snapshot) -> Result<&Vec<TargetGroupView>, Unread> {
    input(&s.target_groups)
}

fn targets_registered(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let groups = groups(s)?;
    let count: usize = groups.iter().map(|g| g.registered_ips().len()).sum();
    Ok(if groups.is_empty() {
        result("targets-registered", Status::Fail, "no target group behind the NLB")
            .remedy("trigger-privatelink create-target-group --name <name> ...")
    } else if count == 0 {
        result("targets-registered", Status::Fail, "the target group has no registered target")
            .remedy("trigger-privatelink create-target-group --name <name> --rds-instance <id> (or --target-ip)")
    } else {
        result("targets-registered", Status::Pass, format!("{count} target(s) registered"))
    })
}

/// What AWS's reason codes mean for this setup.
fn explain(reason: &str) -> &'static str {
    match reason {
        "Target.NotInUse" => {
            "the target's zone is not enabled on the NLB (turn cross-zone on or add a subnet in that zone), or no listener uses the group"
        }
        "Target.Timeout" => "the health check timed out: the resource's security group most likely does not admit the NLB",
        "Target.FailedHealthChecks" => "the resource refused the health check connection",
        "Elb.RegistrationInProgress" => "just registered; the first health checks are running",
        "Target.NotRegistered" => "the target is not registered",
        "Target.DeregistrationInProgress" => "the target is being deregistered",
        _ => "see the target group's Targets tab in the EC2 console",
    }
}

fn targets_healthy(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let mut worst = Status::Pass;
    let mut findings = Vec::new();
    for group in groups(s)? {
        for d in &group.health {
            let ip = d.target().and_then(|t| t.id()).unwrap_or("?");
            let health = d.target_health();
            let state = health.and_then(|h| h.state()).cloned().unwrap_or(TargetHealthStateEnum::Unavailable);
            let reason = health.and_then(|h| h.reason()).map(|r| r.as_str().to_string()).unwrap_or_default();
            let status = match state {
                TargetHealthStateEnum::Healthy => Status::Pass,
                TargetHealthStateEnum::Initial => Status::Warn,
                _ => Status::Fail,
            };
            worst = worst.max(status);
            findings.push(if reason.is_empty() {
                format!("{ip} {}", state.as_str())
            } else {
                format!("{ip} {} ({reason}: {})", state.as_str(), explain(&reason))
            });
        }
    }
    if findings.is_empty() {
        return Err(Unread::Absent("no registered target"));
    }
    let mut finding = result("targets-healthy", worst, findings.join("; "));
    if worst == Status::Fail {
        finding = finding.remedy(doctor_fix(t));
    }
    Ok(finding)
}

const UNKNOWN_RESOURCE: &str = "the resource behind the targets is not known (no trigger-privatelink:resource tag)";

/// Registered targets against what the resource's interfaces hold now, per group.
pub fn drifts(s: &Snapshot) -> Result<Vec<(&TargetGroupView, Drift)>, Unread> {
    // The groups first: unreadable ones also hide which resource they came from.
    let groups = groups(s)?;
    let resolved = match &s.resource {
        None => return Err(Unread::Absent(UNKNOWN_RESOURCE)),
        Some(fetched) => input(fetched)?,
    };
    Ok(groups
        .iter()
        .filter(|g| matches!(g.resource, Ok(Some(_))))
        .map(|g| (g, Drift::between(&g.registered_ips(), resolved.target_ips(g.all_nodes).into_iter().collect())))
        .collect())
}

fn target_ip_drift(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let drifts = drifts(s)?;
    let Some(Ok(resolved)) = &s.resource else { return Err(Unread::Absent(UNKNOWN_RESOURCE)) };
    let resource = format!("{} {}", resolved.resource.flag(), resolved.resource.id());
    let drifted: Vec<String> = drifts
        .iter()
        .filter(|(_, d)| !d.is_empty())
        .map(|(g, d)| {
            let list = |ips: &BTreeSet<Ipv4Addr>| ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            format!("registered {} but {resource} is now at {}", list(&g.registered_ips()), list(&d.wanted))
        })
        .collect();
    Ok(if drifted.is_empty() {
        result("target-ip-drift", Status::Pass, format!("registered IPs match {resource}'s current interfaces"))
    } else {
        let fix = match &t.connection {
            Some(name) => format!("trigger-privatelink sync-targets --name {name}"),
            None => doctor_fix(t),
        };
        result("target-ip-drift", Status::Fail, format!("{}: it failed over or was replaced", drifted.join("; "))).remedy(fix)
    })
}

fn resource_sg_ingress(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let vpc = input(&s.vpc)?;
    let access = s.target_access()?;
    let closed: Vec<String> = access
        .iter()
        .filter(|a| a.interface.is_some() && !a.admitted)
        .map(|a| {
            format!(
                "{} ({})",
                a.ip,
                a.interface.into_iter().flat_map(|e| e.groups()).filter_map(|g| g.group_id()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    let orphaned: Vec<String> = access.iter().filter(|a| a.interface.is_none()).map(|a| a.ip.to_string()).collect();
    Ok(if !closed.is_empty() {
        result(
            "resource-sg-ingress",
            Status::Fail,
            format!("the security group of {} does not admit the port from the NLB or {}", closed.join(", "), vpc.cidr_list()),
        )
        .remedy(doctor_fix(t))
    } else if !orphaned.is_empty() {
        result("resource-sg-ingress", Status::Warn, format!("no network interface holds {}: nothing answers there", orphaned.join(", ")))
    } else {
        result("resource-sg-ingress", Status::Pass, "the resource's security groups admit the NLB")
    })
}

fn az_coverage(s: &Snapshot, t: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let lb = nlb(s)?;
    let cross_zone = *input(&s.cross_zone)?;
    let interfaces = input(&s.interfaces)?;
    let nlb_zones: BTreeSet<&str> = lb.availability_zones().iter().filter_map(|z| z.zone_name()).collect();
    let target_zones: BTreeSet<&str> = interfaces.iter().filter_map(|e| e.availability_zone()).collect();
    let outside: Vec<&str> = target_zones.difference(&nlb_zones).copied().collect();
    let zones = nlb_zones.iter().copied().collect::<Vec<_>>().join(", ");
    Ok(if !outside.is_empty() && !cross_zone {
        result(
            "az-coverage",
            Status::Fail,
            format!("targets in {} but the NLB is only in {zones} and cross-zone is off: no traffic reaches them", outside.join(", ")),
        )
        .remedy(doctor_fix(t))
    } else if nlb_zones.len() == 1 {
        result(
            "az-coverage",
            Status::Warn,
            format!("the NLB is in one zone only ({zones}): PrivateLink is zonal, so the connection fails with that zone"),
        )
        .remedy("add a private subnet in another zone: EC2 console → Load Balancers → Network mapping")
    } else if !cross_zone && target_zones.len() < nlb_zones.len() {
        result(
            "az-coverage",
            Status::Warn,
            format!(
                "cross-zone is off and targets are only in {}: NLB nodes in other zones have no target",
                target_zones.into_iter().collect::<Vec<_>>().join(", ")
            ),
        )
        .remedy(doctor_fix(t))
    } else {
        result("az-coverage", Status::Pass, format!("NLB in {zones}; cross-zone {}", if cross_zone { "on" } else { "off" }))
    })
}

fn health_check(s: &Snapshot, _: &Target, _: &Inputs) -> Result<CheckResult, Unread> {
    let mut findings = Vec::new();
    let mut worst = Status::Pass;
    for view in groups(s)? {
        let g = &view.group;
        let protocol = g.health_check_protocol().map_or("?", |p| p.as_str());
        let port = g.health_check_port().unwrap_or("traffic-port");
        let interval = g.health_check_interval_seconds().unwrap_or(30);
        let on_traffic_port = port == "traffic-port" || Some(port) == g.port().map(|p| p.to_string()).as_deref();
        let status = if protocol != "TCP" || !on_traffic_port || interval > 10 { Status::Warn } else { Status::Pass };
        worst = worst.max(status);
        findings.push(format!(
            "{protocol} on {port} every {interval} s{}",
            if interval > 10 { " (a 10 s interval notices a failover sooner)" } else { "" }
        ));
    }
    if findings.is_empty() {
        return Err(Unread::Absent(NO_TARGET_GROUP));
    }
    let mut finding = result("health-check", worst, findings.join("; "));
    if worst == Status::Warn {
        finding = finding.remedy("EC2 console → Target Groups → Health checks: TCP, traffic port, interval 10 s");
    }
    Ok(finding)
}

fn cross_region_latency(s: &Snapshot, _: &Target, i: &Inputs) -> Result<CheckResult, Unread> {
    let others: Vec<String> = regions(s)?.into_iter().filter(|r| *r != s.region).collect();
    Ok(match &i.task_region {
        Some(task) if *task != s.region => result(
            "cross-region-latency",
            Status::Warn,
            format!("tasks in {task} reach {} across regions: expect ~10-30 ms more per round trip, and data-transfer cost", s.region),
        ),
        _ if others.is_empty() => result("cross-region-latency", Status::Pass, "same-region only: no cross-region latency"),
        _ => result(
            "cross-region-latency",
            Status::Pass,
            format!("cross-region allowed from {} (~10-30 ms more per round trip from there)", others.join(", ")),
        ),
    })
}

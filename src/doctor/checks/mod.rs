//! The checks: one function per stable id, each a pure function of the snapshot. Each
//! covers one line of the vendor's troubleshooting list or one known pitfall.

mod acl;
mod connect;
mod evidence;
mod pending;
mod slow;
mod sync;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use super::target::Target;
use super::{CheckId, Finding, Status};
use crate::connection::principal::Principal;
use crate::connection::resource::ResolvedResource;
use crate::connection::target_group::Drift;
use crate::snapshot::{Fetched, NO_NLB, NO_SERVICE, Snapshot, TargetGroupView, Unread};

/// What the user told doctor that sharpens the verdicts.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub account_ids: Vec<Principal>,
    /// The ports tasks dial; each needs a listener.
    pub ports: Vec<u16>,
    pub task_region: Option<String>,
    /// The zone IDs Trigger.dev's endpoint uses; the service must serve each.
    pub vendor_zone_ids: Vec<String>,
}

/// A check: a pure function of the snapshot; `Err` when it has nothing to look at or
/// the read it needs failed.
type Check = fn(&Snapshot, &Target, &Inputs) -> Result<Finding, Unread>;

fn check_of(id: CheckId) -> Check {
    match id {
        CheckId::Credentials => pending::credentials,
        CheckId::ServiceExists => pending::service_exists,
        CheckId::ServiceAvailable => pending::service_available,
        CheckId::PrincipalAllowed => pending::principal_allowed,
        CheckId::NoWildcardPrincipal => pending::no_wildcard_principal,
        CheckId::AcceptanceNotRequired => pending::acceptance_not_required,
        CheckId::VendorEndpoint => pending::vendor_endpoint,
        CheckId::PrivateDnsOff => pending::private_dns_off,
        CheckId::SupportedRegion => pending::supported_region,
        CheckId::NlbInternalActive => connect::nlb_internal_active,
        CheckId::NlbEnforcementOff => connect::nlb_enforcement_off,
        CheckId::ListenerPort => connect::listener_port,
        CheckId::TargetsRegistered => connect::targets_registered,
        CheckId::TargetsHealthy => connect::targets_healthy,
        CheckId::TargetIpDrift => connect::target_ip_drift,
        CheckId::ResourceSgIngress => connect::resource_sg_ingress,
        CheckId::NetworkAcl => acl::network_acl,
        CheckId::AzCoverage => connect::az_coverage,
        CheckId::HealthCheck => slow::health_check,
        CheckId::CrossRegionLatency => slow::cross_region_latency,
        CheckId::SyncInstalled => sync::sync_installed,
        CheckId::EndpointTraffic => evidence::endpoint_traffic,
        CheckId::BlockedFlows => evidence::blocked_flows,
        CheckId::TargetResets => evidence::target_resets,
        CheckId::TargetsFlapping => evidence::targets_flapping,
        CheckId::Probe => |_, _, _| Err(Unread::Absent("only doctor --probe dials")),
    }
}

/// Runs one check; one with nothing to look at is skipped with the reason, one whose
/// AWS call failed is a failure naming the error.
pub fn run(id: CheckId, snapshot: &Snapshot, target: &Target, inputs: &Inputs) -> Finding {
    match check_of(id)(snapshot, target, inputs) {
        Ok(finding) => finding,
        Err(Unread::Absent(why)) => Finding::new(id, Status::Skip, format!("skipped: {why}")),
        Err(failed @ Unread::Failed { .. }) => Finding::new(id, Status::Fail, failed.to_string()).remedy(
            "fix the AWS error and run doctor again; `trigger-privatelink iam-policy --for doctor` prints the permissions it needs",
        ),
    }
}

/// Every check, in the order of the vendor's troubleshooting list.
pub fn run_all(snapshot: &Snapshot, target: &Target, inputs: &Inputs) -> Vec<Finding> {
    CheckId::ALL.into_iter().map(|id| run(id, snapshot, target, inputs)).collect()
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

fn regions(s: &Snapshot) -> Result<BTreeSet<String>, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    let mut regions: BTreeSet<String> = service.supported_regions().iter().filter_map(|r| r.region().map(str::to_string)).collect();
    regions.insert(s.region.clone());
    Ok(regions)
}

fn nlb(s: &Snapshot) -> Result<&aws_sdk_elasticloadbalancingv2::types::LoadBalancer, Unread> {
    input(&s.load_balancer)?.as_ref().ok_or(Unread::Absent(NO_NLB))
}

fn groups(s: &Snapshot) -> Result<&Vec<TargetGroupView>, Unread> {
    input(&s.target_groups)
}

const REGISTERED_BY_ID: &str = "instance and ALB targets are registered by ID: there is no IP to drift";

const UNKNOWN_RESOURCE: &str = "the resource behind the targets is not known (no trigger-privatelink:resource tag)";

/// Registered targets against what each route's resource's interfaces hold now, per
/// group that follows a resource.
pub fn drifts(s: &Snapshot) -> Result<Vec<(&TargetGroupView, &ResolvedResource, Drift)>, Unread> {
    // The groups first: unreadable ones also hide which resource they came from.
    let groups = groups(s)?;
    if !groups.is_empty() && groups.iter().all(|g| g.group.target_type().is_some_and(|t| t.as_str() != "ip")) {
        return Err(Unread::Absent(REGISTERED_BY_ID));
    }
    let resolved = match &s.resources {
        None => return Err(Unread::Absent(UNKNOWN_RESOURCE)),
        Some(fetched) => input(fetched)?,
    };
    Ok(groups
        .iter()
        .filter_map(|g| {
            let tag = g.resource.as_ref().ok()?.as_deref()?;
            let resource = resolved.iter().find(|r| r.resource.tag_value() == tag)?;
            Some((g, resource, Drift::between(&g.registered(), resource.targets(g.all_nodes))))
        })
        .collect())
}

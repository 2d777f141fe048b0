//! What `doctor --fix` can repair, each derived from a failed check and the snapshot,
//! shown, confirmed, applied.

use super::checks::Inputs;
use super::snapshot::{Snapshot, TargetGroupView};
use super::target::Target;
use super::{CheckResult, Status};
use crate::connection::principal::Principal;
use crate::connection::security_group::Source;
use crate::connection::{endpoint_service, load_balancer, resource_access};
use crate::plan::{Id, Step};

fn failed(results: &[CheckResult], id: &str) -> bool {
    results.iter().any(|r| r.id == id && r.status == Status::Fail)
}

/// Every fix for the failed checks that the tool can make.
pub fn available(s: &Snapshot, target: &Target, inputs: &Inputs, results: &[CheckResult]) -> Vec<Step> {
    let mut fixes = Vec::new();
    let lb = s.load_balancer.as_ref().ok().and_then(|lb| lb.as_ref());
    let lb_arn = lb.and_then(|lb| lb.load_balancer_arn()).map(str::to_string);
    let service_id = s.service.as_ref().and_then(|svc| svc.service_id()).map(str::to_string);
    if let (true, Some(lb)) = (failed(results, "nlb-enforcement-off"), lb) {
        let arn = Id::from(lb.load_balancer_arn().unwrap_or_default());
        fixes.push(load_balancer::plan_enforcement(Some(lb), &arn, &arn));
    }
    if let (true, Some(id)) = (failed(results, "acceptance-not-required"), &service_id) {
        fixes.push(endpoint_service::stop_requiring_acceptance(id));
    }
    let allowed: Vec<String> = s.principals.clone().unwrap_or_default();
    if let (true, Some(id)) = (failed(results, "principal-allowed"), &service_id) {
        let missing: Vec<String> = inputs.account_ids.iter().map(Principal::arn).filter(|a| !allowed.contains(a)).collect();
        if !missing.is_empty() {
            fixes.push(endpoint_service::allow_step(&Id::from(id.as_str()), missing));
        }
    }
    if let (Some(id), Ok(connections)) = (&service_id, &s.connections) {
        // Only endpoints of accounts that are allowed: accepting a stranger is not a fix.
        let pending: Vec<String> = connections
            .iter()
            .filter(|c| endpoint_service::endpoint_state(c) == "pendingacceptance")
            .filter(|c| c.vpc_endpoint_owner().is_some_and(|owner| allowed.contains(&format!("arn:aws:iam::{owner}:root"))))
            .filter_map(|c| c.vpc_endpoint_id().map(str::to_string))
            .collect();
        if !pending.is_empty() && failed(results, "vendor-endpoint") {
            fixes.push(endpoint_service::accept_step(id, pending));
        }
    }
    if failed(results, "target-ip-drift") {
        for (group, drift) in super::checks::drifts(s).unwrap_or_default().into_iter().filter(|(_, d)| !d.is_empty()) {
            fixes.push(drift.step(group.arn(), port_of(group)));
        }
    }
    let zones_short = results.iter().any(|r| r.id == "az-coverage" && r.status >= Status::Warn && r.remedy.contains("--fix"));
    if let (true, Some(lb_arn)) = (zones_short, &lb_arn) {
        fixes.push(load_balancer::cross_zone_step(&Id::from(lb_arn.as_str()), false, true).detail("turn cross-zone load balancing on"));
    }
    if failed(results, "resource-sg-ingress") {
        fixes.extend(admit_fixes(s, target, lb));
    }
    fixes
}

fn port_of(group: &TargetGroupView) -> u16 {
    group.group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default()
}

fn admit_fixes(s: &Snapshot, target: &Target, lb: Option<&aws_sdk_elasticloadbalancingv2::types::LoadBalancer>) -> Vec<Step> {
    let (Ok(vpc), Ok(access)) = (&s.vpc, s.target_access()) else { return Vec::new() };
    let nlb_group = lb.and_then(|lb| lb.security_groups().first().cloned());
    let description = match &target.connection {
        Some(name) => resource_access::rule_description(&name.parse().expect("a connection name from the command line")),
        None => "trigger-privatelink: from the NLB".to_string(),
    };
    let mut fixes: Vec<Step> = Vec::new();
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
            fixes.push(resource_access::admit_step(description.clone(), group_id, closed.port, from));
        }
    }
    fixes
}

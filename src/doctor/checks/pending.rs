//! Status stays at Pending or Provisioning: the endpoint service and who may use it.

use aws_sdk_ec2::types::{ServiceState, VpcEndpointConnection};

use super::{Inputs, doctor_fix, input, regions, service_ref};
use crate::connection::endpoint_service::{self, endpoint_state};
use crate::connection::principal::Principal;
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::plan::Id;
use crate::snapshot::{NO_SERVICE, Snapshot, Unread};

fn service_id(s: &Snapshot) -> Option<&str> {
    s.service.as_ref().and_then(|service| service.service_id())
}

pub(super) fn credentials(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    Ok(match &s.identity {
        Ok(who) => Finding::new(CheckId::Credentials, Status::Pass, format!("AWS credentials work: {who}")),
        Err(Unread::Failed { error, .. }) => {
            Finding::new(CheckId::Credentials, Status::Fail, format!("AWS credentials do not work: {error}"))
                .remedy("set AWS_PROFILE (or --profile), or refresh them: aws sso login / aws configure")
        }
        Err(Unread::Absent(why)) => return Err(Unread::Absent(why)),
    })
}

pub(super) fn service_exists(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    Ok(match &s.service {
        Some(service) => Finding::new(
            CheckId::ServiceExists,
            Status::Pass,
            format!("endpoint service {} ({})", service.service_id().unwrap_or("?"), service.service_name().unwrap_or("?")),
        ),
        None => Finding::new(
            CheckId::ServiceExists,
            Status::Fail,
            "no VPC endpoint service for this connection: Trigger.dev has nothing to connect to",
        )
        .remedy(match &t.connection {
            Some(name) => format!("trigger-privatelink create-endpoint-service --name {name}"),
            None => "trigger-privatelink setup".to_string(),
        }),
    })
}

pub(super) fn service_available(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    let state = service.service_state();
    Ok(match state {
        Some(ServiceState::Available) => Finding::new(CheckId::ServiceAvailable, Status::Pass, "endpoint service is Available"),
        Some(ServiceState::Pending) => {
            Finding::new(CheckId::ServiceAvailable, Status::Warn, "endpoint service is still Pending; wait a minute")
        }
        other => Finding::new(
            CheckId::ServiceAvailable,
            Status::Fail,
            format!("endpoint service is {}", other.map_or("in no state", |s| s.as_str())),
        )
        .remedy("check the NLB is an active internal NLB; recreate the service with trigger-privatelink create-endpoint-service"),
    })
}

pub(super) fn principal_allowed(s: &Snapshot, t: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let allowed = input(&s.principals)?;
    let named: Vec<&str> = allowed.iter().map(String::as_str).filter(|p| *p != "*").collect();
    let listed = if named.is_empty() { "none".to_string() } else { named.join(", ") };
    // "*" admits every account, Trigger.dev's too; that it admits everyone else is
    // no-wildcard-principal's finding, not this one's.
    if allowed.iter().any(|p| p == "*") {
        return Ok(Finding::new(
            CheckId::PrincipalAllowed,
            Status::Pass,
            "every AWS account may connect (principal \"*\"), Trigger.dev's too; see no-wildcard-principal",
        ));
    }
    if i.account_ids.is_empty() {
        return Ok(if named.is_empty() {
            Finding::new(CheckId::PrincipalAllowed, Status::Fail, "no AWS account may connect: Trigger.dev gets \"Private link not found\"")
                .remedy(format!(
                    "trigger-privatelink allow-principal {} --account-id <Trigger.dev account ID from the dashboard>",
                    service_ref(t)
                ))
        } else {
            Finding::new(CheckId::PrincipalAllowed, Status::Pass, format!("allowed: {listed} (pass --account-id to check Trigger.dev's)"))
        });
    }
    let missing: Vec<String> = i.account_ids.iter().map(Principal::arn).filter(|arn| !allowed.contains(arn)).collect();
    Ok(if missing.is_empty() {
        Finding::new(
            CheckId::PrincipalAllowed,
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
        Finding::new(CheckId::PrincipalAllowed, Status::Fail, format!("not allowed: {} (allowed: {listed})", missing.join(", ")))
            .remedy(format!("trigger-privatelink allow-principal {} {ids}", service_ref(t)))
            .fix(service_id(s).map(|id| endpoint_service::allow_step(&Id::from(id), missing.clone())))
    })
}

pub(super) fn no_wildcard_principal(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let allowed = input(&s.principals)?;
    Ok(if allowed.iter().any(|p| p == "*") {
        Finding::new(CheckId::NoWildcardPrincipal, Status::Fail, "principal \"*\" is allowed: any AWS account can connect to this service")
            .remedy("VPC console → Endpoint services → Allow principals: remove \"*\"; keep only Trigger.dev's account")
    } else {
        Finding::new(CheckId::NoWildcardPrincipal, Status::Pass, "no wildcard principal")
    })
}

pub(super) fn acceptance_not_required(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    Ok(if service.acceptance_required() == Some(true) {
        Finding::new(
            CheckId::AcceptanceNotRequired,
            Status::Fail,
            "acceptance is required: Trigger.dev's endpoint waits in pendingAcceptance until approved",
        )
        .remedy(doctor_fix(t))
        .fix(service_id(s).map(endpoint_service::stop_requiring_acceptance))
    } else {
        Finding::new(CheckId::AcceptanceNotRequired, Status::Pass, "acceptance not required")
    })
}

/// The endpoints of other accounts: the provider's own (the probe's) are never Trigger.dev's.
fn consumers(s: &Snapshot) -> Result<Vec<&VpcEndpointConnection>, Unread> {
    Ok(input(&s.connections)?.iter().filter(|c| !endpoint_service::is_own(s.service.as_ref(), c)).collect())
}

/// The endpoint connections of Trigger.dev's accounts: those given with --account-id, or
/// every other account's when none was given.
pub(super) fn vendor_connections<'a>(s: &'a Snapshot, i: &Inputs) -> Result<Vec<&'a VpcEndpointConnection>, Unread> {
    let wanted: Vec<&str> = i.account_ids.iter().map(Principal::account_id).collect();
    Ok(consumers(s)?.into_iter().filter(|c| wanted.is_empty() || c.vpc_endpoint_owner().is_some_and(|o| wanted.contains(&o))).collect())
}

pub(super) fn vendor_endpoint(s: &Snapshot, t: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let connections = consumers(s)?;
    if connections.is_empty() {
        return Ok(Finding::new(
            CheckId::VendorEndpoint,
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
    let relevant = vendor_connections(s, i)?;
    let states: Vec<String> = relevant.iter().map(|c| endpoint_state(c)).collect();
    let status = if states.iter().any(|s| s == "available") {
        Status::Pass
    } else if states.is_empty() || states.iter().all(|s| s == "pending") {
        Status::Warn
    } else {
        Status::Fail
    };
    let mut finding = Finding::new(CheckId::VendorEndpoint, status, described.join("; "));
    if status == Status::Fail && states.iter().any(|s| s == "pendingacceptance") {
        // Only endpoints of accounts that are allowed: accepting a stranger is not a fix.
        let allowed = s.principals.clone().unwrap_or_default();
        let pending: Vec<String> = connections
            .iter()
            .filter(|c| endpoint_state(c) == "pendingacceptance")
            .filter(|c| c.vpc_endpoint_owner().is_some_and(|owner| allowed.contains(&format!("arn:aws:iam::{owner}:root"))))
            .filter_map(|c| c.vpc_endpoint_id().map(str::to_string))
            .collect();
        let accept = service_id(s).filter(|_| !pending.is_empty()).map(|id| endpoint_service::accept_step(id, pending));
        finding = finding.remedy(doctor_fix(t)).fix(accept);
    } else if status == Status::Fail {
        finding = finding.remedy("remove the connection in the Trigger.dev dashboard and add it again with the service name");
    }
    Ok(finding)
}

pub(super) fn private_dns_off(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let service = s.service.as_ref().ok_or(Unread::Absent(NO_SERVICE))?;
    Ok(match service.private_dns_name().filter(|n| !n.is_empty()) {
        Some(name) => Finding::new(
            CheckId::PrivateDnsOff,
            Status::Warn,
            format!("private DNS name {name} is set; Trigger.dev dials the endpoint IP, so it is not needed"),
        )
        .remedy("VPC console → Endpoint services → Actions → Modify private DNS name → remove"),
        None => Finding::new(CheckId::PrivateDnsOff, Status::Pass, "no private DNS name"),
    })
}

pub(super) fn supported_region(s: &Snapshot, t: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let regions = regions(s)?;
    let listed = regions.iter().cloned().collect::<Vec<_>>().join(", ");
    let Some(task_region) = &i.task_region else {
        return Ok(Finding::new(
            CheckId::SupportedRegion,
            Status::Pass,
            format!("supported regions: {listed} (pass --task-region to check where your tasks run)"),
        ));
    };
    Ok(if regions.contains(task_region) {
        Finding::new(CheckId::SupportedRegion, Status::Pass, format!("{task_region} is a supported region ({listed})"))
    } else {
        let name = t.connection.as_ref().map_or("--nlb <arn>".to_string(), |n| format!("--name {n}"));
        Finding::new(
            CheckId::SupportedRegion,
            Status::Fail,
            format!("tasks run in {task_region}, which may not connect (supported: {listed})"),
        )
        .remedy(format!(
            "trigger-privatelink create-endpoint-service {name} {}",
            regions
                .iter()
                .chain([task_region])
                .filter(|r| **r != s.region)
                .map(|r| format!("--supported-region {r}"))
                .collect::<Vec<_>>()
                .join(" ")
        ))
    })
}

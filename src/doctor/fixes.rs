//! What `doctor --fix` can repair, each derived from a failed check and the snapshot,
//! shown, confirmed, applied.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{IpPermission, IpRange, UserIdGroupPair};

use super::checks::Inputs;
use super::snapshot::{Snapshot, TargetGroupView};
use super::target::Target;
use super::{CheckResult, Status};
use crate::aws::{Aws, CallExt};
use crate::connection::load_balancer::{self, EnforcementChange};
use crate::connection::principal::Principal;
use crate::connection::target_group::{self, Drift};
use crate::connection::{endpoint_service, resource_access};

#[derive(Debug, Clone)]
pub enum Fix {
    DisableEnforcement { lb_arn: String },
    StopRequiringAcceptance { service_id: String },
    AllowPrincipals { service_id: String, principals: Vec<String> },
    AcceptConnections { service_id: String, endpoint_ids: Vec<String> },
    SyncTargets { target_group_arn: String, port: u16, drift: Drift },
    EnableCrossZone { lb_arn: String },
    AdmitNlb { group_id: String, port: u16, nlb_group: Option<String>, cidrs: Vec<String>, description: String },
}

fn list(ips: &BTreeSet<Ipv4Addr>) -> String {
    ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

impl Fix {
    pub fn describe(&self) -> String {
        match self {
            Fix::DisableEnforcement { lb_arn } => format!("turn off PrivateLink inbound-rule enforcement on {lb_arn}"),
            Fix::StopRequiringAcceptance { service_id } => format!("stop requiring acceptance on {service_id}"),
            Fix::AllowPrincipals { service_id, principals } => format!("allow {} on {service_id}", principals.join(", ")),
            Fix::AcceptConnections { service_id, endpoint_ids } => format!("accept {} on {service_id}", endpoint_ids.join(", ")),
            Fix::SyncTargets { drift, .. } => format!("register {} then deregister {}", list(&drift.register), list(&drift.deregister)),
            Fix::EnableCrossZone { lb_arn } => format!("turn cross-zone load balancing on for {lb_arn}"),
            Fix::AdmitNlb { group_id, port, nlb_group, cidrs, .. } => match nlb_group {
                Some(nlb) => format!("let {group_id} admit TCP {port} from the NLB's security group {nlb}"),
                None => format!("let {group_id} admit TCP {port} from {}", cidrs.join(", ")),
            },
        }
    }

    pub async fn apply(&self, aws: &Aws) -> anyhow::Result<()> {
        match self {
            Fix::DisableEnforcement { lb_arn } => {
                let lb = load_balancer::lookup(aws, lb_arn).await?;
                if load_balancer::disable_enforcement(aws, &lb).await? == EnforcementChange::NotApplicable {
                    anyhow::bail!("the NLB has no security group");
                }
            }
            Fix::StopRequiringAcceptance { service_id } => {
                aws.ec2
                    .modify_vpc_endpoint_service_configuration()
                    .service_id(service_id)
                    .acceptance_required(false)
                    .send()
                    .await
                    .call("ec2:ModifyVpcEndpointServiceConfiguration")?;
            }
            Fix::AllowPrincipals { service_id, principals } => {
                aws.ec2
                    .modify_vpc_endpoint_service_permissions()
                    .service_id(service_id)
                    .set_add_allowed_principals(Some(principals.clone()))
                    .send()
                    .await
                    .call("ec2:ModifyVpcEndpointServicePermissions")?;
            }
            Fix::AcceptConnections { service_id, endpoint_ids } => {
                let answer = aws
                    .ec2
                    .accept_vpc_endpoint_connections()
                    .service_id(service_id)
                    .set_vpc_endpoint_ids(Some(endpoint_ids.clone()))
                    .send()
                    .await
                    .call("ec2:AcceptVpcEndpointConnections")?;
                if let Some(failed) = answer.unsuccessful().first() {
                    anyhow::bail!(
                        "could not accept {}: {}",
                        failed.resource_id().unwrap_or("?"),
                        failed.error().and_then(|e| e.message()).unwrap_or("?")
                    );
                }
            }
            Fix::SyncTargets { target_group_arn, port, drift } => {
                target_group::apply_drift(aws, target_group_arn, *port, drift).await?;
            }
            Fix::EnableCrossZone { lb_arn } => {
                load_balancer::ensure_cross_zone(aws, lb_arn, true).await?;
            }
            Fix::AdmitNlb { group_id, port, nlb_group, cidrs, description } => {
                let mut permission = IpPermission::builder().ip_protocol("tcp").from_port(i32::from(*port)).to_port(i32::from(*port));
                permission = match nlb_group {
                    Some(nlb) => permission.user_id_group_pairs(UserIdGroupPair::builder().group_id(nlb).description(description).build()),
                    None => permission.set_ip_ranges(Some(
                        cidrs.iter().map(|c| IpRange::builder().cidr_ip(c).description(description).build()).collect(),
                    )),
                };
                aws.ec2
                    .authorize_security_group_ingress()
                    .group_id(group_id)
                    .ip_permissions(permission.build())
                    .send()
                    .await
                    .call("ec2:AuthorizeSecurityGroupIngress")?;
            }
        }
        Ok(())
    }
}

fn failed(results: &[CheckResult], id: &str) -> bool {
    results.iter().any(|r| r.id == id && r.status == Status::Fail)
}

/// Every fix for the failed checks that the tool can make.
pub fn available(s: &Snapshot, target: &Target, inputs: &Inputs, results: &[CheckResult]) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let lb = s.load_balancer.as_ref().ok().and_then(|lb| lb.as_ref());
    let lb_arn = lb.and_then(|lb| lb.load_balancer_arn()).map(str::to_string);
    let service_id = s.service.as_ref().and_then(|svc| svc.service_id()).map(str::to_string);
    if let (true, Some(lb_arn)) = (failed(results, "nlb-enforcement-off"), &lb_arn) {
        fixes.push(Fix::DisableEnforcement { lb_arn: lb_arn.clone() });
    }
    if let (true, Some(id)) = (failed(results, "acceptance-not-required"), &service_id) {
        fixes.push(Fix::StopRequiringAcceptance { service_id: id.clone() });
    }
    let allowed: Vec<String> = s.principals.clone().unwrap_or_default();
    if let (true, Some(id)) = (failed(results, "principal-allowed"), &service_id) {
        let missing: Vec<String> = inputs.account_ids.iter().map(Principal::arn).filter(|a| !allowed.contains(a)).collect();
        if !missing.is_empty() {
            fixes.push(Fix::AllowPrincipals { service_id: id.clone(), principals: missing });
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
            fixes.push(Fix::AcceptConnections { service_id: id.clone(), endpoint_ids: pending });
        }
    }
    if failed(results, "target-ip-drift") {
        for (group, drift) in super::checks::drifts(s).unwrap_or_default().into_iter().filter(|(_, d)| !d.is_empty()) {
            fixes.push(Fix::SyncTargets { target_group_arn: group.arn().to_string(), port: port_of(group), drift });
        }
    }
    let zones_short = results.iter().any(|r| r.id == "az-coverage" && r.status >= Status::Warn && r.remedy.contains("--fix"));
    if let (true, Some(lb_arn)) = (zones_short, &lb_arn) {
        fixes.push(Fix::EnableCrossZone { lb_arn: lb_arn.clone() });
    }
    if failed(results, "resource-sg-ingress") {
        fixes.extend(admit_fixes(s, target, lb));
    }
    fixes
}

fn port_of(group: &TargetGroupView) -> u16 {
    group.group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default()
}

fn admit_fixes(s: &Snapshot, target: &Target, lb: Option<&aws_sdk_elasticloadbalancingv2::types::LoadBalancer>) -> Vec<Fix> {
    let (Ok(vpc), Ok(access)) = (&s.vpc, s.target_access()) else { return Vec::new() };
    let nlb_group = lb.and_then(|lb| lb.security_groups().first().cloned());
    let description = match &target.connection {
        Some(name) => resource_access::rule_description(&name.parse().expect("a connection name from the command line")),
        None => "trigger-privatelink: from the NLB".to_string(),
    };
    let mut fixes: Vec<Fix> = Vec::new();
    for closed in access.iter().filter(|a| !a.admitted) {
        if let Some(group_id) = closed.groups.first().and_then(|sg| sg.group_id())
            && !fixes.iter().any(|f| matches!(f, Fix::AdmitNlb { group_id: g, .. } if g == group_id))
        {
            fixes.push(Fix::AdmitNlb {
                group_id: group_id.to_string(),
                port: closed.port,
                nlb_group: nlb_group.clone(),
                cidrs: vpc.cidrs.iter().map(ToString::to_string).collect(),
                description: description.clone(),
            });
        }
    }
    fixes
}

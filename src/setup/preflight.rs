//! `--dry-run`'s permission check: each EC2 write the plan would make, sent with
//! `DryRun`, which AWS answers with DryRunOperation (allowed) or UnauthorizedOperation
//! (denied) without doing anything. ELBv2 has no dry run, so its writes are not checked.

use aws_sdk_ec2::types::{IpPermission, IpRange};
use serde::Serialize;

use crate::aws::{Aws, AwsCallError, CallExt};
use crate::connection::outcome::Action;
use crate::setup::plan::Plan;

/// Stands in for resources that do not exist yet; the permission is checked before
/// the resource is looked up.
const PLACEHOLDER_SERVICE: &str = "vpce-svc-00000000000000000";

#[derive(Debug, Clone, Serialize)]
pub struct PermissionCheck {
    pub action: &'static str,
    /// `allowed`, `denied`, or `unknown: <AWS error code>`.
    pub result: String,
}

impl PermissionCheck {
    pub fn denied(&self) -> bool {
        self.result == "denied"
    }
}

fn verdict<T>(action: &'static str, answer: Result<T, AwsCallError>) -> PermissionCheck {
    let result = match answer {
        Ok(_) => "allowed".to_string(),
        Err(err) if err.is("DryRunOperation") => "allowed".to_string(),
        Err(err) if err.is("UnauthorizedOperation") || err.is("AccessDenied") => "denied".to_string(),
        Err(err) => format!("unknown: {}", err.code().unwrap_or("no answer")),
    };
    PermissionCheck { action, result }
}

pub async fn check(aws: &Aws, plan: &Plan) -> Vec<PermissionCheck> {
    let mut checks = Vec::new();
    let port = i32::from(plan.request.targets.port);
    if plan.security_group.group_id.is_none() {
        let answer = aws
            .ec2
            .create_security_group()
            .group_name(&plan.security_group.name)
            .description("trigger-privatelink dry run")
            .vpc_id(&plan.request.targets.vpc.id)
            .dry_run(true)
            .send()
            .await
            .call("ec2:CreateSecurityGroup");
        checks.push(verdict("ec2:CreateSecurityGroup", answer));
    }
    let rule_target =
        plan.security_group.group_id.clone().or_else(|| plan.resource_groups.first().and_then(|g| g.group_id().map(str::to_string)));
    let adds_rules =
        !plan.security_group.missing_cidrs.is_empty() || (plan.request.resource_rule && !plan.unadmitted_groups_if_asked().is_empty());
    if let (true, Some(group_id)) = (adds_rules, rule_target) {
        let cidr = plan.request.targets.vpc.cidrs.first().map(ToString::to_string).unwrap_or_else(|| "10.0.0.0/16".into());
        let permission = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(port)
            .to_port(port)
            .ip_ranges(IpRange::builder().cidr_ip(cidr).build())
            .build();
        let answer = aws.ec2.authorize_security_group_ingress().group_id(group_id).ip_permissions(permission).dry_run(true).send().await;
        checks.push(verdict("ec2:AuthorizeSecurityGroupIngress", answer.call("ec2:AuthorizeSecurityGroupIngress")));
    }
    match &plan.service.existing {
        None => {
            let nlb = plan.load_balancer.as_ref().and_then(|lb| lb.load_balancer_arn().map(str::to_string)).unwrap_or_else(|| {
                format!("arn:aws:elasticloadbalancing:{}:000000000000:loadbalancer/net/dry-run/0000000000000000", aws.region)
            });
            let answer = aws
                .ec2
                .create_vpc_endpoint_service_configuration()
                .network_load_balancer_arns(nlb)
                .acceptance_required(false)
                .dry_run(true)
                .send()
                .await;
            checks.push(verdict("ec2:CreateVpcEndpointServiceConfiguration", answer.call("ec2:CreateVpcEndpointServiceConfiguration")));
        }
        Some(service) if plan.service.item().action == Action::Updated => {
            let answer = aws
                .ec2
                .modify_vpc_endpoint_service_configuration()
                .service_id(service.service_id().unwrap_or_default())
                .acceptance_required(false)
                .dry_run(true)
                .send()
                .await;
            checks.push(verdict("ec2:ModifyVpcEndpointServiceConfiguration", answer.call("ec2:ModifyVpcEndpointServiceConfiguration")));
        }
        Some(_) => {}
    }
    if !plan.principals.missing.is_empty() {
        let service_id = plan.service.existing.as_ref().and_then(|s| s.service_id()).unwrap_or(PLACEHOLDER_SERVICE);
        let answer = aws
            .ec2
            .modify_vpc_endpoint_service_permissions()
            .service_id(service_id)
            .set_add_allowed_principals(Some(plan.principals.missing.clone()))
            .dry_run(true)
            .send()
            .await;
        checks.push(verdict("ec2:ModifyVpcEndpointServicePermissions", answer.call("ec2:ModifyVpcEndpointServicePermissions")));
    }
    checks
}

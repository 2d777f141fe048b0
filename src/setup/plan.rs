//! The plan: every resource of the connection and what applying will do to it,
//! computed with read-only calls.

use aws_sdk_ec2::types::SecurityGroup;
use aws_sdk_elasticloadbalancingv2::types::LoadBalancer;
use serde::Serialize;

use crate::aws::Aws;
use crate::connection::endpoint_service::{self, DesiredService, PrincipalsPlan, ServicePlan};
use crate::connection::load_balancer::{self, DesiredLoadBalancer};
use crate::connection::outcome::{Action, PlanItem};
use crate::connection::resource_access;
use crate::connection::security_group::{self, SecurityGroupPlan};
use crate::connection::target_group::{self, DesiredTargetGroup, TargetGroupPlan};
use crate::setup::request::SetupRequest;
use crate::ui::{Report, table};

pub struct Plan {
    pub request: SetupRequest,
    pub target_group: DesiredTargetGroup,
    pub target_group_plan: TargetGroupPlan,
    pub security_group: SecurityGroupPlan,
    pub load_balancer: Option<LoadBalancer>,
    pub listener: PlanItem,
    pub cross_zone: PlanItem,
    pub enforcement: PlanItem,
    /// The resource's security groups (those of the targets' interfaces).
    pub resource_groups: Vec<SecurityGroup>,
    pub resource_rules: Vec<PlanItem>,
    pub service: ServicePlan,
    pub principals: PrincipalsPlan,
}

impl Plan {
    pub fn desired_load_balancer(&self, security_group_id: String) -> DesiredLoadBalancer {
        DesiredLoadBalancer { connection: self.request.connection.clone(), subnets: self.request.subnets.clone(), security_group_id }
    }

    pub fn items(&self) -> Vec<PlanItem> {
        let mut items = vec![
            self.target_group_plan.item(&self.target_group),
            self.security_group.item(),
            load_balancer::plan_item(&self.desired_load_balancer(String::new()), self.load_balancer.as_ref()),
            self.listener.clone(),
            self.cross_zone.clone(),
            self.enforcement.clone(),
        ];
        items.extend(self.resource_rules.iter().filter(|r| self.request.resource_rule || r.action == Action::Exists).cloned());
        items.push(self.service.item());
        items.push(self.principals.item(self.service.existing.as_ref().and_then(|s| s.service_id())));
        items
    }

    /// Resource security groups that do not admit the NLB (whether or not a rule is asked for).
    pub fn unadmitted_groups_if_asked(&self) -> Vec<String> {
        self.resource_rules.iter().filter(|r| r.action == Action::Updated).filter_map(|r| r.id.clone()).collect()
    }

    /// Resource security groups that do not admit the NLB and will not be changed.
    pub fn unadmitted_groups(&self) -> Vec<String> {
        if self.request.resource_rule { Vec::new() } else { self.unadmitted_groups_if_asked() }
    }
}

pub async fn plan(aws: &Aws, request: SetupRequest) -> anyhow::Result<Plan> {
    let target_group = DesiredTargetGroup {
        connection: request.connection.clone(),
        vpc_id: request.targets.vpc.id.clone(),
        port: request.targets.port,
        targets: request.targets.ips.clone(),
        resource_tag: request.targets.resource_tag(),
        all_nodes: request.all_nodes,
    };
    let target_group_plan = target_group::plan(aws, &target_group).await?;
    let security_group = security_group::plan_dedicated(aws, &request.connection, &request.targets.vpc, request.targets.port).await?;
    let desired_lb = DesiredLoadBalancer {
        connection: request.connection.clone(),
        subnets: request.subnets.clone(),
        security_group_id: security_group.group_id.clone().unwrap_or_default(),
    };
    let existing_lb = load_balancer::plan(aws, &desired_lb).await?;
    let lb_arn = existing_lb.as_ref().and_then(|lb| lb.load_balancer_arn());
    let listener = load_balancer::plan_listener(aws, lb_arn, request.targets.port, target_group_plan.arn.as_deref()).await?;
    let cross_zone = load_balancer::plan_cross_zone(aws, lb_arn, request.cross_zone).await?;
    let enforcement = load_balancer::plan_enforcement(existing_lb.as_ref());
    let resource_groups = resource_access::groups_of_targets(aws, &request.targets.vpc.id, &request.targets.ips).await?;
    let resource_rules =
        resource_access::plan_rules(&resource_groups, request.targets.port, security_group.group_id.as_deref(), &request.targets.vpc);
    let service = match lb_arn {
        Some(arn) => {
            let desired = DesiredService {
                connection: Some(request.connection.clone()),
                nlb_arn: arn.to_string(),
                supported_regions: request.supported_regions.clone(),
            };
            endpoint_service::plan(aws, &desired).await?
        }
        None => ServicePlan::new_service(request.supported_regions.iter().cloned().chain([aws.region.clone()]).collect()),
    };
    let service_id = service.existing.as_ref().and_then(|s| s.service_id());
    let principals = endpoint_service::plan_principals(aws, service_id, &request.principals).await?;
    Ok(Plan {
        request,
        target_group,
        target_group_plan,
        security_group,
        load_balancer: existing_lb,
        listener,
        cross_zone,
        enforcement,
        resource_groups,
        resource_rules,
        service,
        principals,
    })
}

/// What `--dry-run` prints.
#[derive(Serialize)]
pub struct PlanReport {
    pub dry_run: bool,
    pub connection: String,
    pub region: String,
    pub plan: Vec<PlanItem>,
    /// EC2 writes checked with DryRun: `allowed` or `denied`.
    pub permissions: Vec<crate::setup::preflight::PermissionCheck>,
}

fn plan_word(action: Action) -> &'static str {
    match action {
        Action::Created => "create",
        Action::Exists => "keep",
        Action::Updated => "update",
    }
}

impl Report for PlanReport {
    fn human(&self) -> String {
        let mut out = table::render(
            &["resource", "name", "id", "plan", "details"],
            self.plan.iter().map(|item| {
                vec![
                    item.kind.to_string(),
                    item.name.clone().unwrap_or_default(),
                    item.id.clone().unwrap_or_default(),
                    plan_word(item.action).to_string(),
                    item.details.join("; "),
                ]
            }),
        );
        if !self.permissions.is_empty() {
            out.push_str("\n\n");
            out.push_str(&table::render(
                &["permission", "dry run"],
                self.permissions.iter().map(|p| vec![p.action.to_string(), p.result.clone()]),
            ));
        }
        out
    }
}

impl PlanReport {
    pub fn human_plan(plan: &Plan) -> String {
        PlanReport { dry_run: false, connection: String::new(), region: String::new(), plan: plan.items(), permissions: Vec::new() }.human()
    }
}

//! Applying the plan, step by step, with a progress line per step on stderr. Every
//! step is idempotent, so a run cut off anywhere can simply be run again.

use serde::Serialize;

use crate::aws::Aws;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer::{self, EnforcementChange};
use crate::connection::outcome::{Action, ResourceOutcome};
use crate::connection::{resource_access, security_group, target_group};
use crate::setup::plan::Plan;
use crate::ui::{Report, Ui, table};

#[derive(Debug, Serialize)]
pub struct SetupReport {
    pub connection: String,
    pub region: String,
    pub service_name: String,
    pub service_id: String,
    /// The strongest action among the resources: created > updated > exists.
    pub action: Action,
    pub resources: Vec<ResourceOutcome>,
}

impl Report for SetupReport {
    fn human(&self) -> String {
        let rows =
            self.resources.iter().map(|r| vec![r.kind.to_string(), r.id.clone(), r.action.as_str().to_string(), r.details.join("; ")]);
        format!("{}\n\nService name:\n{}", table::render(&["resource", "id", "action", "details"], rows), self.service_name)
    }
}

/// Where to go next in the Trigger.dev dashboard (stderr: guidance, not data).
pub fn next_steps(report: &SetupReport) -> String {
    format!(
        "Next, in the Trigger.dev dashboard: Organization Settings → Private Connections → Add connection → \"I have my details\":\n  \
friendly name:              {}\n  VPC endpoint service name:  {}\n  target region:              {}\n\
The connection goes Pending → Provisioning → Active (about 30-90 s). If it stalls: trigger-privatelink doctor --name {}",
        report.connection, report.service_name, report.region, report.connection
    )
}

pub async fn apply(aws: &Aws, ui: &Ui, plan: Plan) -> anyhow::Result<SetupReport> {
    let request = &plan.request;
    let connection = &request.connection;
    let port = request.targets.port;
    let mut outcomes = Vec::new();
    let step = |outcome: ResourceOutcome, outcomes: &mut Vec<ResourceOutcome>| {
        ui.info(&format!("  {:<24} {:<8} {}", outcome.kind, outcome.action.as_str(), outcome.details.join("; ")));
        outcomes.push(outcome);
    };
    ui.info(&format!("setting up connection '{connection}' in {}", aws.region));

    let tg = target_group::apply(aws, &plan.target_group, &plan.target_group_plan).await?;
    let tg_arn = tg.id.clone();
    step(tg, &mut outcomes);

    let sg = security_group::apply_dedicated(aws, connection, &request.targets.vpc.id, &plan.security_group).await?;
    let sg_id = sg.id.clone();
    step(sg, &mut outcomes);

    let (lb, lb_outcome) = load_balancer::apply(aws, &plan.desired_load_balancer(sg_id.clone()), plan.load_balancer.clone()).await?;
    let lb_arn = lb_outcome.id.clone();
    step(lb_outcome, &mut outcomes);

    let listener = load_balancer::apply_listener(aws, plan.listener.clone(), &lb_arn, port, &tg_arn, Some(connection)).await?;
    step(listener, &mut outcomes);
    step(load_balancer::apply_cross_zone(aws, plan.cross_zone.clone(), &lb_arn, request.cross_zone).await?, &mut outcomes);

    let active = if plan.load_balancer.as_ref().is_some_and(|lb| lb.state().and_then(|s| s.code()).is_some_and(|c| c.as_str() == "active"))
    {
        lb
    } else {
        load_balancer::wait_active(aws, ui, &lb_arn, request.wait_timeout).await?
    };
    let enforcement = match load_balancer::disable_enforcement(aws, &active).await? {
        EnforcementChange::TurnedOff => plan.enforcement.clone().done(&lb_arn),
        EnforcementChange::AlreadyOff | EnforcementChange::NotApplicable => {
            let mut item = plan.enforcement.clone();
            item.action = Action::Exists;
            item.done(&lb_arn)
        }
    };
    step(enforcement, &mut outcomes);

    for rule in &plan.resource_rules {
        if request.resource_rule || rule.action == Action::Exists {
            // Planned before the NLB's group existed, so check again against it.
            let groups: Vec<_> = plan.resource_groups.iter().filter(|g| g.group_id() == rule.id.as_deref()).cloned().collect();
            let replanned = resource_access::plan_rules(&groups, port, Some(&sg_id), &request.targets.vpc);
            for item in replanned {
                step(resource_access::apply_rule(aws, connection, item, port, &sg_id).await?, &mut outcomes);
            }
        }
    }
    for group in plan.unadmitted_groups() {
        ui.warn(&format!(
            "security group {group} of the resource does not admit TCP {port} from the NLB; health checks will fail until it does \
(run again with --resource-security-group-rule, or add the rule yourself)"
        ));
    }

    let desired_service = DesiredService {
        connection: Some(connection.clone()),
        nlb_arn: lb_arn.clone(),
        supported_regions: request.supported_regions.clone(),
    };
    let service_plan = match &plan.service.existing {
        Some(_) => plan.service.clone(),
        None => endpoint_service::plan(aws, &desired_service).await?,
    };
    let (service, service_outcome) = endpoint_service::apply(aws, &desired_service, &service_plan).await?;
    let service_id = service.service_id().unwrap_or_default().to_string();
    step(service_outcome, &mut outcomes);
    endpoint_service::wait_available(aws, ui, &service_id, request.wait_timeout).await?;
    step(endpoint_service::apply_principals(aws, &plan.principals, &service_id).await?, &mut outcomes);

    let action = outcomes.iter().map(|o| o.action).max().unwrap_or(Action::Exists);
    Ok(SetupReport {
        connection: connection.to_string(),
        region: aws.region.clone(),
        service_name: service.service_name().unwrap_or_default().to_string(),
        service_id,
        action,
        resources: outcomes,
    })
}

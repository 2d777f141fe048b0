//! `setup`'s plan: every resource of the connection in the order AWS needs them,
//! decided with read-only calls. `--dry-run` prints it; apply runs exactly it.

use serde::Serialize;

use crate::aws::Aws;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer::{self, DesiredLoadBalancer};
use crate::connection::target_group;
use crate::connection::{resource_access, security_group};
use crate::plan::{Action, Outcome, PermissionCheck, Plan, Step, outcome_table};
use crate::setup::request::SetupRequest;
use crate::ui::{Report, View, table};

pub struct SetupPlan {
    pub request: SetupRequest,
    pub plan: Plan,
    /// Resource security groups that do not admit the NLB on a port, and that the plan leaves so.
    pub closed_groups: Vec<(String, u16)>,
}

pub async fn plan(aws: &Aws, request: SetupRequest) -> anyhow::Result<SetupPlan> {
    let connection = &request.connection;
    let vpc = &request.targets.vpc;
    let mut groups = Vec::new();
    for &port in &request.ports {
        let desired = request.targets.desired_group(connection, port, request.ports.len(), request.all_nodes);
        groups.push(target_group::plan(aws, &desired).await?);
    }
    let nlb_group = security_group::plan_dedicated(aws, connection, vpc, &request.ports).await?;
    let desired_lb = DesiredLoadBalancer {
        connection: connection.clone(),
        subnets: request.subnets.clone(),
        security_group: nlb_group.id.clone(),
        subnets_asked: request.subnets_asked,
    };
    let (existing_lb, lb) = load_balancer::plan(aws, &desired_lb, true).await?;
    let mut listeners = Vec::new();
    for (&port, group) in request.ports.iter().zip(&groups) {
        listeners.push(load_balancer::plan_listener(aws, &lb.id, port, &group.id, Some(connection)).await?);
    }
    let cross_zone = load_balancer::plan_cross_zone(aws, &lb.id, request.cross_zone).await?;
    let enforcement = load_balancer::plan_enforcement(existing_lb.as_ref(), &lb.id, &nlb_group.id);
    let resource_groups = resource_access::groups_of_targets(aws, &request.targets).await?;
    let mut rules = Vec::new();
    let mut closed_groups = Vec::new();
    for &port in &request.ports {
        rules.extend(resource_access::plan_rules(connection, &resource_groups, port, &nlb_group.id, vpc, request.resource_rule));
        if !request.resource_rule {
            closed_groups.extend(resource_access::closed_groups(&resource_groups, port, &nlb_group.id, vpc).into_iter().map(|g| (g, port)));
        }
    }
    let desired_service =
        DesiredService { connection: Some(connection.clone()), nlb: lb.id.clone(), supported_regions: request.supported_regions.clone() };
    let service = endpoint_service::plan(aws, &desired_service, true).await?;
    let principals = endpoint_service::plan_principals(aws, &service.id, &request.principals).await?;
    let mut steps = groups;
    steps.extend([nlb_group, lb]);
    steps.extend(listeners);
    steps.extend([cross_zone, enforcement]);
    steps.extend(rules);
    steps.extend([service, principals]);
    Ok(SetupPlan { request, plan: Plan { steps }, closed_groups })
}

/// What `--dry-run` prints.
#[derive(Serialize)]
pub struct PlanReport {
    pub dry_run: bool,
    pub connection: String,
    pub region: String,
    pub plan: Plan,
    /// EC2 writes checked with DryRun: `allowed` or `denied`.
    pub permissions: Vec<PermissionCheck>,
}

/// The plan as a table: one row per step.
pub fn plan_table(plan: &Plan, view: View) -> String {
    table::render(
        &["plan", "resource", "name", "details"],
        plan.steps.iter().map(|step: &Step| {
            let id = step.id.known().map(|id| view.id(id));
            let name = if view.full_ids { id.or(step.name.clone()) } else { step.name.clone().or(id) };
            vec![step.action.verb().to_string(), step.kind.to_string(), name.unwrap_or_default(), step.details.join("; ")]
        }),
        view.width,
    )
}

impl Report for PlanReport {
    fn human(&self, view: View) -> String {
        let mut out = plan_table(&self.plan, view);
        if !self.permissions.is_empty() {
            out.push_str("\n\n");
            out.push_str(&table::render(
                &["permission", "dry run"],
                self.permissions.iter().map(|p| vec![p.action.to_string(), p.result.clone()]),
                view.width,
            ));
        }
        out
    }
}

#[derive(Debug, Serialize)]
pub struct SetupReport {
    pub connection: String,
    pub region: String,
    pub service_name: String,
    pub service_id: String,
    /// The strongest action among the resources: created > updated > exists.
    pub action: Action,
    pub resources: Vec<Outcome>,
    /// What the user should know beyond the resources (an adopted NLB's lasting setting).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl SetupReport {
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    pub fn new(connection: String, region: String, resources: Vec<Outcome>) -> Self {
        let service = resources.iter().find(|o| o.kind == "endpoint-service");
        Self {
            connection,
            region,
            service_name: service.and_then(|s| s.name.clone()).unwrap_or_default(),
            service_id: service.map(|s| s.id.clone()).unwrap_or_default(),
            action: Outcome::strongest(&resources),
            resources,
            notes: Vec::new(),
        }
    }

    /// Where to go next in the Trigger.dev dashboard (stderr: guidance, not data).
    pub fn next_steps(&self, width: usize) -> String {
        let wrap = |text: &str| table::hanging(text, width, 0);
        [
            wrap(
                "Next, in the Trigger.dev dashboard: Organization Settings → Private Connections → Add connection → \"I have my details\":",
            ),
            format!("  friendly name:              {}", self.connection),
            format!("  VPC endpoint service name:  {}", self.service_name),
            format!("  target region:              {}", self.region),
            wrap(&format!(
                "The connection goes Pending → Provisioning → Active (about 30-90 s). If it stalls: trigger-privatelink doctor --name {}",
                self.connection
            )),
        ]
        .join("\n")
    }
}

impl Report for SetupReport {
    fn human(&self, view: View) -> String {
        let count = |action: Action| self.resources.iter().filter(|r| r.action == action).count();
        let summary = format!(
            "Connection '{}' in {}: {} created, {} updated, {} unchanged.",
            self.connection,
            self.region,
            count(Action::Created),
            count(Action::Updated),
            count(Action::Exists)
        );
        let table = if view.full_ids { format!("{}\n\n", outcome_table(&self.resources, view)) } else { String::new() };
        format!("{table}{}\nService name:\n{}", table::hanging(&summary, view.width, 0), self.service_name)
    }
}

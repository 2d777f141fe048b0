//! `setup`'s plan: every resource of the connection in the order AWS needs them,
//! decided with read-only calls. `--dry-run` prints it; apply runs exactly it.

use std::collections::{BTreeMap, BTreeSet};

use aws_sdk_ec2::types::SecurityGroup;
use serde::Serialize;

use crate::aws::Aws;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer::{self, DesiredLoadBalancer};
use crate::connection::names::ConnectionName;
use crate::connection::route::{self, LiveRoute, Route};
use crate::connection::target_group;
use crate::connection::{resource_access, security_group};
use crate::error::usage;
use crate::plan::{Action, Outcome, PermissionCheck, Plan, Step, outcome_table};
use crate::setup::request::SetupRequest;
use crate::ui::{Report, View, table};

pub struct SetupPlan {
    pub request: SetupRequest,
    pub plan: Plan,
    /// Resource security groups that do not admit the NLB on a port, and that the plan leaves so.
    pub closed_groups: Vec<(String, u16)>,
    /// Every route the connection has once the plan ran: those asked and those kept.
    pub routes: Vec<RouteLine>,
}

/// One route of the connection as the report shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RouteLine {
    /// The listener port Trigger.dev's tasks dial.
    pub port: u16,
    /// `rds-instance/orders-db`, or the IPs (instances, ALB) with the port they listen on.
    pub destination: String,
    /// The port the targets listen on.
    pub target_port: u16,
    /// Its target group's name.
    pub target_group: String,
    /// `ip`, `instance` or `alb`.
    pub target_type: String,
    /// The IP targets (a self-hosted broker's address, for its advertised.listeners).
    #[serde(skip)]
    pub ips: Vec<std::net::Ipv4Addr>,
}

pub async fn plan(aws: &Aws, request: SetupRequest) -> anyhow::Result<SetupPlan> {
    let connection = &request.connection;
    let vpc = &request.vpc;
    let lb_now = load_balancer::find(aws, connection).await?;
    let live = route::read(aws, connection, lb_now.as_ref().and_then(|lb| lb.load_balancer_arn())).await?;
    refuse_taken_ports(connection, &request.routes, &live)?;
    let listeners: BTreeSet<u16> = request.routes.iter().map(|r| r.listener).chain(live.iter().map(|l| l.listener)).collect();
    let mut groups = Vec::new();
    let mut lines = Vec::new();
    for route in &request.routes {
        // A route the connection has keeps its group's name (`tpl-<name>-tg` from
        // before routes); a new one is named by its listener port unless it is the only one.
        let name = live.iter().find(|l| l.listener == route.listener).map(|l| l.name().to_string()).unwrap_or_else(|| {
            if listeners.len() == 1 { connection.target_group_name() } else { connection.port_target_group_name(route.listener) }
        });
        let desired = route.targets.desired_group(connection, name.clone(), route.listener, request.all_nodes);
        groups.push(target_group::plan(aws, &desired).await?);
        lines.push(RouteLine {
            port: route.listener,
            destination: route.destination(),
            target_port: route.targets.port,
            target_group: name,
            target_type: route.targets.kind.as_str().to_string(),
            ips: route.targets.ips().into_iter().collect(),
        });
    }
    let kept: Vec<&LiveRoute> = live.iter().filter(|l| request.routes.iter().all(|r| r.listener != l.listener)).collect();
    let keep_steps = kept
        .iter()
        .map(|l| Step::new("route", Action::Kept, l.arn()).named(l.name()).detail(format!("TCP {} → {}", l.listener, l.destination())));
    lines.extend(kept.iter().map(|l| RouteLine {
        port: l.listener,
        destination: l.destination(),
        target_port: l.target_port(),
        target_group: l.name().to_string(),
        target_type: l.kind().as_str().to_string(),
        ips: Vec::new(),
    }));
    lines.sort_by_key(|l| l.port);
    let asked_ports: Vec<u16> = request.routes.iter().map(|r| r.listener).collect();
    let nlb_group = security_group::plan_dedicated(aws, connection, vpc, &asked_ports).await?;
    let desired_lb = DesiredLoadBalancer {
        connection: connection.clone(),
        subnets: request.subnets.clone(),
        security_group: nlb_group.id.clone(),
        subnets_asked: request.subnets_asked,
    };
    let (existing_lb, lb) = load_balancer::plan(aws, &desired_lb, true).await?;
    let mut listener_steps = Vec::new();
    for (route, group) in request.routes.iter().zip(&groups) {
        listener_steps.push(load_balancer::plan_listener(aws, &lb.id, route.listener, &group.id, Some(connection)).await?);
    }
    let cross_zone = load_balancer::plan_cross_zone(aws, &lb.id, request.cross_zone).await?;
    let enforcement = load_balancer::plan_enforcement(existing_lb.as_ref(), &lb.id, &nlb_group.id);
    // The resource groups in front of each target port, each (group, port) once: three
    // brokers behind one group on 9092 need one rule.
    let mut in_front: BTreeMap<u16, Vec<SecurityGroup>> = BTreeMap::new();
    for route in &request.routes {
        let found = resource_access::groups_of_targets(aws, &route.targets).await?;
        let list = in_front.entry(route.targets.port).or_default();
        for group in found {
            if list.iter().all(|g| g.group_id() != group.group_id()) {
                list.push(group);
            }
        }
    }
    let mut rules = Vec::new();
    let mut closed_groups = Vec::new();
    for (&port, resource_groups) in &in_front {
        rules.extend(resource_access::plan_rules(connection, resource_groups, port, &nlb_group.id, vpc, request.resource_rule));
        if !request.resource_rule {
            closed_groups.extend(resource_access::closed_groups(resource_groups, port, &nlb_group.id, vpc).into_iter().map(|g| (g, port)));
        }
    }
    let desired_service =
        DesiredService { connection: Some(connection.clone()), nlb: lb.id.clone(), supported_regions: request.supported_regions.clone() };
    let service = endpoint_service::plan(aws, &desired_service, true).await?;
    let principals = endpoint_service::plan_principals(aws, &service.id, &request.principals).await?;
    let mut steps = groups;
    steps.extend(keep_steps);
    steps.extend([nlb_group, lb]);
    steps.extend(listener_steps);
    steps.extend([cross_zone, enforcement]);
    steps.extend(rules);
    steps.extend([service, principals]);
    Ok(SetupPlan { request, plan: Plan { steps }, closed_groups, routes: lines })
}

/// A route asked on a listener port the connection already routes to another resource:
/// refused, as moving it would cut the traffic of the one there.
fn refuse_taken_ports(connection: &ConnectionName, asked: &[Route], live: &[LiveRoute]) -> anyhow::Result<()> {
    for route in asked {
        let Some(there) = live.iter().find(|l| l.listener == route.listener) else { continue };
        let wanted = route.targets.resource.as_ref().map(|r| &r.resource);
        if there.resource.as_ref() != wanted && (there.resource.is_some() || wanted.is_some()) {
            return Err(usage(format!(
                "port {} of '{connection}' already routes to {}, so {} cannot take it: choose another port with --route, or remove that route first with `trigger-privatelink teardown --name {connection} --port {}`",
                route.listener,
                there.destination(),
                route.origin,
                route.listener
            )));
        }
    }
    Ok(())
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
    /// Every route of the connection, by listener port (none for an adopted NLB).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteLine>,
    /// Self-hosted Kafka brokers behind IP routes: what each must advertise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kafka: Option<KafkaAdvice>,
}

/// Kafka clients dial the bootstrap address, then each broker at the address it
/// advertises; through PrivateLink every broker is Trigger.dev's endpoint IP on its own
/// listener port, so each broker must advertise exactly that.
#[derive(Debug, Serialize)]
pub struct KafkaAdvice {
    pub brokers: Vec<KafkaBroker>,
    /// The client's bootstrap servers, through the endpoint.
    pub bootstrap: String,
}

#[derive(Debug, Serialize)]
pub struct KafkaBroker {
    pub port: u16,
    /// The broker's private address and port, as it listens now.
    pub broker: String,
    /// The `advertised.listeners` entry this broker needs.
    pub advertised_listener: String,
}

/// The ports Kafka brokers listen on by convention (9092 plaintext; 9093-9098 the TLS,
/// SASL and IAM listeners, as MSK numbers them): an IP route to one of them is a broker.
pub const KAFKA_PORTS: std::ops::RangeInclusive<u16> = 9092..=9098;

impl KafkaAdvice {
    /// The advice for the IP routes to Kafka ports, if any; `endpoint_ip` when known.
    pub fn for_routes(routes: &[RouteLine], endpoint_ip: Option<std::net::Ipv4Addr>) -> Option<Self> {
        let host = endpoint_ip.map_or_else(|| "<endpoint-ip>".to_string(), |ip| ip.to_string());
        let brokers: Vec<KafkaBroker> = routes
            .iter()
            .filter(|r| r.target_type == "ip" && KAFKA_PORTS.contains(&r.target_port))
            .filter_map(|r| {
                let [ip] = r.ips.as_slice() else { return None };
                Some(KafkaBroker {
                    port: r.port,
                    broker: format!("{ip}:{}", r.target_port),
                    advertised_listener: format!("EXTERNAL://{host}:{}", r.port),
                })
            })
            .collect();
        if brokers.is_empty() {
            return None;
        }
        let bootstrap = brokers.iter().map(|b| format!("{host}:{}", b.port)).collect::<Vec<_>>().join(",");
        Some(Self { brokers, bootstrap })
    }

    /// For stderr, after the report: what to set on each broker and give the client.
    pub fn human(&self, width: usize) -> String {
        let wrap = |text: &str| table::hanging(text, width, 0);
        let mut lines = vec![wrap(
            "Kafka: each broker must advertise Trigger.dev's endpoint on its own port. Add to each broker's listeners an EXTERNAL listener on the port it listens on, map EXTERNAL in listener.security.protocol.map, and append to advertised.listeners:",
        )];
        for broker in &self.brokers {
            lines.push(format!("  {:<22}  {}", broker.broker, broker.advertised_listener));
        }
        lines.push(format!("Bootstrap servers for the client: {}", self.bootstrap));
        if self.brokers.iter().any(|b| b.advertised_listener.contains("<endpoint-ip>")) {
            lines.push(wrap(
                "<endpoint-ip>: the IP of Trigger.dev's endpoint for this connection, shown in the dashboard once it is Active (or pass --endpoint-ip)",
            ));
        }
        lines.join("\n")
    }
}

impl SetupReport {
    pub fn with_notes(mut self, notes: Vec<String>) -> Self {
        self.notes = notes;
        self
    }

    pub fn with_routes(mut self, routes: Vec<RouteLine>, endpoint_ip: Option<std::net::Ipv4Addr>) -> Self {
        self.kafka = KafkaAdvice::for_routes(&routes, endpoint_ip);
        self.routes = routes;
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
            routes: Vec::new(),
            kafka: None,
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
            count(Action::Exists) + count(Action::Kept)
        );
        let table = if view.full_ids { format!("{}\n\n", outcome_table(&self.resources, view)) } else { String::new() };
        let routes = if self.routes.len() > 1 {
            let rows = self.routes.iter().map(|r| vec![r.port.to_string(), r.destination.clone()]);
            format!("{}\n", table::render(&["port", "routes to"], rows, view.width))
        } else {
            String::new()
        };
        format!("{table}{}\n{routes}Service name:\n{}", table::hanging(&summary, view.width, 0), self.service_name)
    }
}

//! `status`: one view of a connection, from the same snapshot doctor reads.

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::StatusArgs;
use crate::connection::alerts::{self, Installed};
use crate::connection::evidence::{self, Evidence, Measured};
use crate::connection::names::ConnectionName;
use crate::connection::resource_access::{self, OwnGroups};
use crate::connection::sync::state::SyncState;
use crate::error::ExitStatus;
use crate::snapshot::Snapshot;
use crate::ui::{Report, Ui, View, table};

#[derive(Serialize)]
struct Target {
    /// The registered ID: an IP, an instance ID or an ALB's ARN.
    id: String,
    /// For IP targets, the same address (kept for scripts written before other kinds).
    #[serde(skip_serializing_if = "Option::is_none")]
    ip: Option<String>,
    state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

#[derive(Serialize)]
struct TargetGroup {
    arn: String,
    name: String,
    port: Option<i32>,
    /// `ip`, `instance` or `alb`.
    target_type: Option<String>,
    targets: Vec<Target>,
}

/// One route: a listener port and what its group's targets are.
#[derive(Serialize)]
struct Route {
    port: u16,
    /// `rds-instance/orders-db`, or the kind of targets and their port.
    destination: String,
    target_group: String,
    healthy: usize,
    total: usize,
}

#[derive(Serialize)]
struct LoadBalancer {
    arn: String,
    name: String,
    state: String,
    zones: Vec<String>,
    enforcement: Option<String>,
    cross_zone: Option<bool>,
    listeners: Vec<String>,
}

#[derive(Serialize)]
struct Endpoint {
    id: String,
    owner: String,
    state: String,
    region: String,
    created: Option<String>,
    age_seconds: Option<i64>,
}

#[derive(Serialize)]
struct StatusReport {
    connection: Option<String>,
    region: String,
    service_name: Option<String>,
    service_id: Option<String>,
    service_state: Option<String>,
    acceptance_required: Option<bool>,
    supported_regions: Vec<String>,
    allowed_principals: Vec<String>,
    load_balancer: Option<LoadBalancer>,
    /// Each listener port and the resource its group follows.
    routes: Vec<Route>,
    target_groups: Vec<TargetGroup>,
    endpoints: Vec<Endpoint>,
    /// The connection's own security groups (sg-…).
    security_groups: Vec<String>,
    /// The rules it added to the resources' groups, each `sgr-…: TCP port from source`.
    resource_rules: Vec<String>,
    /// The installed sync (`sync-targets --install`), when this is a connection of the tool.
    #[serde(skip_serializing_if = "Option::is_none")]
    sync: Option<SyncState>,
    /// What CloudWatch measured in the window (`--since`, connection::evidence), when readable.
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics: Option<Evidence>,
    /// Why the metrics are missing (access denied, say): they add to the view, so their
    /// absence is not a failure of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    metrics_unread: Option<String>,
    /// The alerts (`alerts`): the connection's alarms and the notifications on its service.
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts: Option<Installed>,
    /// Why the alerts could not be read: like the metrics, they add to the view.
    #[serde(skip_serializing_if = "Option::is_none")]
    alerts_unread: Option<String>,
    /// The reads that failed: the parts of this view that are missing, not empty.
    unread: Vec<String>,
}

fn build(connection: Option<String>, s: &Snapshot) -> StatusReport {
    let service = s.service.as_ref();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    StatusReport {
        connection,
        region: s.region.clone(),
        service_name: service.and_then(|s| s.service_name()).map(str::to_string),
        service_id: service.and_then(|s| s.service_id()).map(str::to_string),
        service_state: service.and_then(|s| s.service_state()).map(|s| s.as_str().to_string()),
        acceptance_required: service.and_then(|s| s.acceptance_required()),
        supported_regions: service
            .map(|s| s.supported_regions().iter().filter_map(|r| r.region().map(str::to_string)).collect())
            .unwrap_or_default(),
        allowed_principals: s.principals.clone().unwrap_or_default(),
        load_balancer: s.load_balancer.as_ref().ok().and_then(|lb| lb.as_ref()).map(|lb| LoadBalancer {
            arn: lb.load_balancer_arn().unwrap_or_default().to_string(),
            name: lb.load_balancer_name().unwrap_or_default().to_string(),
            state: lb.state().and_then(|s| s.code()).map_or("unknown", |c| c.as_str()).to_string(),
            zones: lb.availability_zones().iter().filter_map(|z| z.zone_name().map(str::to_string)).collect(),
            enforcement: lb.enforce_security_group_inbound_rules_on_private_link_traffic().map(str::to_string),
            cross_zone: s.cross_zone.as_ref().ok().copied(),
            listeners: s
                .listeners
                .iter()
                .flatten()
                .map(|l| format!("{} {}", l.protocol().map_or("?", |p| p.as_str()), l.port().unwrap_or_default()))
                .collect(),
        }),
        routes: routes_of(s),
        target_groups: s
            .target_groups
            .iter()
            .flatten()
            .map(|view| TargetGroup {
                arn: view.arn().to_string(),
                name: view.group.target_group_name().unwrap_or_default().to_string(),
                port: view.group.port(),
                target_type: view.group.target_type().map(|t| t.as_str().to_string()),
                targets: view
                    .health
                    .iter()
                    .map(|d| Target {
                        id: d.target().and_then(|t| t.id()).unwrap_or_default().to_string(),
                        ip: d.target().and_then(|t| t.id()).filter(|id| id.parse::<std::net::Ipv4Addr>().is_ok()).map(str::to_string),
                        state: d.target_health().and_then(|h| h.state()).map_or("unknown", |s| s.as_str()).to_string(),
                        reason: d.target_health().and_then(|h| h.reason()).map(|r| r.as_str().to_string()),
                    })
                    .collect(),
            })
            .collect(),
        // Trigger.dev's: an endpoint of the account's own (the probe's) is not.
        endpoints: s
            .connections
            .iter()
            .flatten()
            .filter(|c| !crate::connection::endpoint_service::is_own(service, c))
            .map(|c| Endpoint {
                id: c.vpc_endpoint_id().unwrap_or_default().to_string(),
                owner: c.vpc_endpoint_owner().unwrap_or_default().to_string(),
                state: c.vpc_endpoint_state().map_or("unknown", |s| s.as_str()).to_string(),
                region: c.vpc_endpoint_region().unwrap_or_default().to_string(),
                created: c.creation_timestamp().map(|t| t.to_string()),
                age_seconds: c.creation_timestamp().map(|t| now - t.secs()),
            })
            .collect(),
        security_groups: Vec::new(),
        resource_rules: Vec::new(),
        sync: s.sync.as_ref().and_then(|f| f.as_ref().ok()).cloned(),
        metrics: None,
        metrics_unread: None,
        alerts: None,
        alerts_unread: None,
        unread: s.failed_reads(),
    }
}

fn routes_of(s: &Snapshot) -> Vec<Route> {
    let mut routes: Vec<Route> = s
        .target_groups
        .iter()
        .flatten()
        .filter_map(|view| {
            let port = s.listener_port(view.arn())?;
            let kind = view.group.target_type().map_or("ip", |t| t.as_str());
            let destination = match view.resource.as_ref().ok().cloned().flatten() {
                Some(resource) => resource,
                None => format!("{kind} targets on {}", view.group.port().unwrap_or_default()),
            };
            let healthy = view.health.iter().filter(|d| d.target_health().and_then(|h| h.state()).is_some_and(|s| s.as_str() == "healthy"));
            Some(Route {
                port,
                destination,
                target_group: view.group.target_group_name().unwrap_or_default().to_string(),
                healthy: healthy.count(),
                total: view.health.len(),
            })
        })
        .collect();
    routes.sort_by_key(|r| r.port);
    routes
}

fn age(seconds: Option<i64>) -> String {
    match seconds {
        Some(s) if s >= 86_400 => format!("{}d", s / 86_400),
        Some(s) if s >= 3_600 => format!("{}h", s / 3_600),
        Some(s) if s >= 60 => format!("{}m", s / 60),
        Some(s) => format!("{s}s"),
        None => "?".into(),
    }
}

impl Report for StatusReport {
    fn human(&self, view: View) -> String {
        let field = |label: &str, value: String| table::labelled(&format!("{label:<15} "), &value, view.width);
        let name = self.connection.clone().unwrap_or_else(|| "-".into());
        let mut out = vec![field("connection", name.clone()), field("region", self.region.clone())];
        match (&self.service_id, &self.service_name) {
            (Some(id), Some(service_name)) => {
                out.push(field("service name", service_name.clone()));
                out.push(field(
                    "service",
                    format!(
                        "{id} {} (acceptance {}; regions {})",
                        self.service_state.clone().unwrap_or_default(),
                        if self.acceptance_required == Some(true) { "required" } else { "not required" },
                        self.supported_regions.join(", ")
                    ),
                ));
                let principals = if self.allowed_principals.is_empty() { "none".into() } else { self.allowed_principals.join(", ") };
                out.push(field("principals", principals));
            }
            _ => out.push(field("service", format!("none yet: finish with `trigger-privatelink setup --name {name}`"))),
        }
        match &self.load_balancer {
            Some(lb) => out.push(field(
                "load balancer",
                format!(
                    "{} {} in {} (listeners {}; enforcement {}; cross-zone {})",
                    if view.full_ids { &lb.arn } else { &lb.name },
                    lb.state,
                    lb.zones.join(", "),
                    lb.listeners.join(", "),
                    lb.enforcement.clone().unwrap_or_else(|| "n/a".into()),
                    lb.cross_zone.map_or("?", |c| if c { "on" } else { "off" })
                ),
            )),
            None => out.push(field("load balancer", format!("none yet: finish with `trigger-privatelink setup --name {name}`"))),
        }
        if let Some(metrics) = &self.metrics {
            out.push(field(&window_label(metrics.window_seconds), traffic_line(metrics)));
            // Over the window, where a terminal can show it: new flows, unhealthy hosts.
            let drawn = |m: &[Measured], metric: &str| {
                let series = m.iter().find(|x| x.metric == metric).and_then(|x| x.series.as_deref()).filter(|_| view.terminal);
                series.map(evidence::sparkline)
            };
            if let Some(flows) = drawn(&metrics.load_balancer, "NewFlowCount") {
                let every = evidence::window_words(metrics.series_period_seconds);
                out.push(field("flows", format!("{flows}  new flows per {every}, oldest first")));
            }
            for route in &metrics.routes {
                let unhealthy = drawn(&route.metrics, "UnHealthyHostCount").map(|s| format!("; unhealthy {s}")).unwrap_or_default();
                out.push(field(&format!("port {}", route.port), format!("{}{unhealthy}", hosts_line(&route.metrics))));
            }
        } else if let Some(why) = &self.metrics_unread {
            out.push(field("traffic", format!("not readable: {why}")));
        }
        if !self.security_groups.is_empty() {
            out.push(field("security group", self.security_groups.join(", ")));
        }
        for rule in &self.resource_rules {
            out.push(field("resource rule", rule.clone()));
        }
        if self.service_id.is_none()
            && self.load_balancer.is_none()
            && (!self.security_groups.is_empty() || !self.resource_rules.is_empty())
        {
            out.push(field(
                "leftovers",
                format!("an interrupted teardown left these: `trigger-privatelink teardown --name {name}` removes them"),
            ));
        }
        if let Some(installed) = &self.alerts {
            out.push(field("alerts", alerts_line(installed, self.connection.as_deref().unwrap_or("<name>"))));
        } else if let Some(why) = &self.alerts_unread {
            out.push(field("alerts", format!("not readable: {why}")));
        }
        if let Some(sync) = &self.sync {
            let name = self.connection.clone().unwrap_or_default();
            let line = if sync.absent() {
                format!("not installed (`trigger-privatelink sync-targets --name {name} --install`)")
            } else {
                let last =
                    sync.last_run.as_ref().and_then(|r| r["routes"].as_array()).map_or("no run logged in 24 h".to_string(), |routes| {
                        let each: Vec<String> =
                            routes.iter().map(|x| format!("{} {}", x["port"], x["result"].as_str().unwrap_or("?"))).collect();
                        format!("last run: {}", each.join(", "))
                    });
                format!(
                    "{} {}{}; {last}",
                    sync.schedule.as_deref().unwrap_or("no schedule"),
                    if sync.schedule_enabled { "enabled" } else { "DISABLED" },
                    if sync.events_rule.is_some() { ", and on RDS events" } else { "" }
                )
            };
            out.push(field("sync", line));
        }
        for route in &self.routes {
            out.push(field("route", format!("{} → {} ({}/{} healthy)", route.port, route.destination, route.healthy, route.total)));
        }
        for group in &self.target_groups {
            let kind = group.target_type.as_deref().unwrap_or("ip");
            out.push(field("target group", format!("{} port {} ({kind} targets)", group.name, group.port.unwrap_or_default())));
            out.push(table::render(
                &["  target", "health", "reason"],
                group.targets.iter().map(|t| vec![format!("  {}", t.id), t.state.clone(), t.reason.clone().unwrap_or_default()]),
                view.width,
            ));
        }
        out.push(String::new());
        if self.endpoints.is_empty() {
            out.push(table::hanging("Trigger.dev endpoints: none yet (submit the service name in the dashboard)", view.width, 2));
        } else {
            out.push(table::render(
                &["endpoint", "owner", "state", "region", "age"],
                self.endpoints.iter().map(|e| vec![e.id.clone(), e.owner.clone(), e.state.clone(), e.region.clone(), age(e.age_seconds)]),
                view.width,
            ));
        }
        if !self.unread.is_empty() {
            out.push(String::new());
            out.push("Not shown, because these reads failed:".into());
            out.extend(self.unread.iter().map(|line| table::hanging(&format!("  {line}"), view.width, 4)));
        }
        out.join("\n")
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: StatusArgs) -> anyhow::Result<ExitStatus> {
    // What needs only the name (the tagged groups, the sync, the caller) beside the service.
    let (found, prefetch) = tokio::join!(
        super::find_connection_or_service(aws, ui, &args.connection),
        crate::snapshot::Prefetch::read(aws, args.connection.name.as_ref())
    );
    let (target, service) = found?;
    let name = target.connection.as_deref().and_then(|n| n.parse::<ConnectionName>().ok());
    // The connection's own groups and rules, and its alerts, depend on its name and
    // service only: read beside the snapshot.
    let service_id = service.as_ref().and_then(|s| s.service_id()).map(str::to_string);
    let (snapshot, own, installed) = tokio::join!(
        Snapshot::gather_with_sync(aws, service, target.nlb_arn.as_deref(), name.as_ref(), Some(args.since.since), prefetch),
        async {
            match &name {
                Some(name) => OwnGroups::read(aws, name).await.map(Some),
                None => Ok(None),
            }
        },
        async {
            match &name {
                Some(name) => Some(alerts::read(aws, name, service_id.as_deref()).await),
                None => None,
            }
        }
    );
    let mut report = build(target.connection.clone(), &snapshot);
    match snapshot.evidence.clone() {
        Some(Ok(found)) => report.metrics = Some(found),
        Some(Err(why)) => report.metrics_unread = Some(why),
        None => {}
    }
    match installed {
        Some(Ok(found)) => report.alerts = Some(found),
        Some(Err(err)) => report.alerts_unread = Some(format!("{err:#}")),
        None => {}
    }
    if let Some(own) = own? {
        report.resource_rules = own.rules.iter().map(resource_access::describe_rule).collect();
        report.security_groups = own.group_ids();
    }
    ui.emit(&report)?;
    // A partial view must not pass for a whole one in a script.
    Ok(if report.unread.is_empty() { ExitStatus::Success } else { ExitStatus::Failure })
}

/// The alarms by state, and where the connection events go.
fn alerts_line(installed: &Installed, name: &str) -> String {
    if installed.none() {
        return format!("none (`trigger-privatelink alerts --name {name} --email you@example.com`)");
    }
    let topic = |arn: &str| arn.rsplit(':').next().unwrap_or(arn).to_string();
    let mut states: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for alarm in &installed.alarms {
        *states.entry(alarm.state.as_str()).or_default() += 1;
    }
    let states: Vec<String> = states.iter().map(|(state, n)| format!("{n} {state}")).collect();
    let topics: Vec<String> = installed
        .alarms
        .iter()
        .flat_map(|a| a.topics.iter().map(|t| topic(t)))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let alarms = match installed.alarms.len() {
        0 => "no alarms".to_string(),
        n => format!("{n} alarm{} ({}) to {}", if n == 1 { "" } else { "s" }, states.join(", "), topics.join(", ")),
    };
    let events: Vec<String> =
        installed.notifications.iter().map(|n| format!("{} to {} ({})", n.events.join("/"), topic(&n.topic), n.state)).collect();
    let events = if events.is_empty() { "no connection events".to_string() } else { format!("connection events {}", events.join("; ")) };
    format!("{alarms}; {events}")
}

/// A figure, or "-" when CloudWatch published none in the window.
fn figure(value: Option<f64>) -> String {
    value.map_or("-".into(), |v| format!("{v:.0}"))
}

/// What went through: the endpoints' connections to the service, the NLB's new flows and
/// bytes, what its group blocked, the resets by side.
fn traffic_line(m: &Evidence) -> String {
    format!(
        "endpoints' connections {}, bytes {}; NLB flows {}, bytes {}, blocked by its group {}; resets by client {}, NLB {}, target {}",
        figure(m.service("NewConnections")),
        figure(m.service("BytesProcessed")),
        figure(m.load_balancer("NewFlowCount")),
        figure(m.load_balancer("ProcessedBytes")),
        figure(m.load_balancer("SecurityGroupBlockedFlowCount_Inbound_TCP")),
        figure(m.load_balancer("TCP_Client_Reset_Count")),
        figure(m.load_balancer("TCP_ELB_Reset_Count")),
        figure(m.load_balancer("TCP_Target_Reset_Count")),
    )
}

/// A route's host counts over the window: the healthy and unhealthy range.
fn hosts_line(metrics: &[Measured]) -> String {
    let of = |metric: &str, stat: &str| metrics.iter().find(|m| m.metric == metric && m.stat == stat).and_then(|m| m.value);
    match (of("HealthyHostCount", "Minimum"), of("HealthyHostCount", "Maximum")) {
        (None, None) => "host counts not published in the window".into(),
        (low, high) => format!(
            "healthy hosts {}-{}, unhealthy {}-{}",
            figure(low),
            figure(high),
            figure(of("UnHealthyHostCount", "Minimum")),
            figure(of("UnHealthyHostCount", "Maximum"))
        ),
    }
}

/// `traffic (1 h)`: the label names the window the figures cover.
fn window_label(seconds: u64) -> String {
    format!("traffic ({})", evidence::window_words(seconds))
}

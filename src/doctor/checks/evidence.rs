//! What AWS measured, beside what the configuration says should happen: CloudWatch's
//! figures for the window (`--since`, connection::evidence). Evidence only adds: these
//! checks warn at most, and one whose figures cannot be read is skipped with the reason,
//! so doctor's exit code stays the configuration checks' verdict.

use aws_sdk_elasticloadbalancingv2::types::TargetHealthStateEnum;

use super::connect::listener_ports;
use super::{Inputs, groups, input, nlb, nlb_ref, pending};
use crate::connection::endpoint_service::endpoint_state;
use crate::connection::evidence::{Evidence, window_words};
use crate::connection::security_group;
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::snapshot::{NO_NLB, Snapshot, Unread};

const BLOCKED: &str = "SecurityGroupBlockedFlowCount_Inbound_TCP";
const TARGET_RESETS: &str = "TCP_Target_Reset_Count";

/// The figures, or the finding that skips the check: not read (no NLB) or unreadable.
fn evidence(s: &Snapshot, id: CheckId) -> Result<Result<&Evidence, Finding>, Unread> {
    match &s.evidence {
        None => Err(Unread::Absent(NO_NLB)),
        Some(Ok(evidence)) => Ok(Ok(evidence)),
        Some(Err(why)) => Ok(Err(Finding::new(id, Status::Skip, format!("skipped: CloudWatch's figures could not be read: {why}"))
            .remedy("grant cloudwatch:GetMetricData (`trigger-privatelink iam-policy --for doctor` includes it)"))),
    }
}

/// A count, or "not published" (AWS publishes most figures only for minutes with traffic).
fn quoted(metric: &str, value: Option<f64>) -> String {
    value.map_or(format!("{metric} not published"), |v| format!("{metric} {v:.0}"))
}

fn plural(n: f64, one: &str, many: &str) -> String {
    format!("{n:.0} {}", if n == 1.0 { one } else { many })
}

/// No bytes through an endpoint of Trigger.dev's that is `available`: the tasks are not
/// dialing it.
pub(super) fn endpoint_traffic(s: &Snapshot, _: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let evidence = match evidence(s, CheckId::EndpointTraffic)? {
        Ok(evidence) => evidence,
        Err(skip) => return Ok(skip),
    };
    let window = window_words(evidence.window_seconds);
    let available: Vec<&str> = pending::vendor_connections(s, i)?
        .into_iter()
        .filter(|c| endpoint_state(c) == "available")
        .filter_map(|c| c.vpc_endpoint_id())
        .collect();
    if available.is_empty() {
        return Ok(Finding::new(
            CheckId::EndpointTraffic,
            Status::Skip,
            "skipped: no endpoint of Trigger.dev's is available to carry traffic",
        ));
    }
    let (busy, idle): (Vec<&str>, Vec<&str>) =
        available.iter().partition(|id| evidence.endpoint(id, "BytesProcessed").is_some_and(|bytes| bytes > 0.0));
    let each = |id: &&str| {
        format!(
            "{id}: {}, {}",
            quoted("BytesProcessed", evidence.endpoint(id, "BytesProcessed")),
            quoted("NewConnections", evidence.endpoint(id, "NewConnections"))
        )
    };
    if idle.is_empty() {
        let figures: Vec<String> = busy.iter().map(each).collect();
        return Ok(Finding::new(CheckId::EndpointTraffic, Status::Pass, format!("in the last {window}, {}", figures.join("; "))));
    }
    let figures: Vec<String> = idle.iter().map(each).collect();
    let ports: Vec<String> = listener_ports(s).iter().map(ToString::to_string).collect();
    Ok(Finding::new(
        CheckId::EndpointTraffic,
        Status::Warn,
        format!(
            "no bytes through Trigger.dev's available endpoint in the last {window} ({}): its tasks are not dialing it",
            figures.join("; ")
        ),
    )
    .remedy(format!(
        "point the task's connection string at the host the Trigger.dev dashboard shows for this private connection, on a \
listener port ({}), and run a task; a string that still names the resource's own host goes elsewhere",
        ports.join(", ")
    )))
}

/// Flows the NLB's security groups dropped: enforcement on PrivateLink traffic with rules
/// that do not admit the consumers (nlb-enforcement-off judges the setting).
pub(super) fn blocked_flows(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let evidence = match evidence(s, CheckId::BlockedFlows)? {
        Ok(evidence) => evidence,
        Err(skip) => return Ok(skip),
    };
    let window = window_words(evidence.window_seconds);
    let blocked = evidence.load_balancer(BLOCKED);
    let Some(count) = blocked.filter(|n| *n > 0.0) else {
        return Ok(Finding::new(
            CheckId::BlockedFlows,
            Status::Pass,
            format!("no flow dropped by the NLB's security groups in the last {window} ({})", quoted(BLOCKED, blocked)),
        ));
    };
    let lb = nlb(s)?;
    let groups = lb.security_groups().join(", ");
    let ports = listener_ports(s);
    // The ports whose flows the groups drop: those not open to every address.
    let closed: Vec<String> = match input(&s.nlb_groups) {
        Ok(nlb_groups) => ports
            .iter()
            .filter(|port| !nlb_groups.iter().any(|g| security_group::open_to_all(g, **port)))
            .map(ToString::to_string)
            .collect(),
        Err(_) => ports.iter().map(ToString::to_string).collect(),
    };
    let flows = plural(count, "flow", "flows");
    if lb.enforce_security_group_inbound_rules_on_private_link_traffic() == Some("off") {
        return Ok(Finding::new(
            CheckId::BlockedFlows,
            Status::Pass,
            format!("{flows} dropped by {groups} in the last {window} ({BLOCKED}), before enforcement was turned off; none can be now"),
        ));
    }
    Ok(Finding::new(
        CheckId::BlockedFlows,
        Status::Warn,
        format!(
            "{flows} dropped in the last {window} by the NLB's security group {groups}, which does not admit TCP {} from \
Trigger.dev's endpoint ({BLOCKED}; enforcement is on, as nlb-enforcement-off says)",
            if closed.is_empty() { "every listener port".to_string() } else { closed.join(", ") }
        ),
    )
    .remedy(format!("trigger-privatelink disable-enforcement {}", nlb_ref(t))))
}

/// Connections the targets reset: the resource refuses them.
pub(super) fn target_resets(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let evidence = match evidence(s, CheckId::TargetResets)? {
        Ok(evidence) => evidence,
        Err(skip) => return Ok(skip),
    };
    let window = window_words(evidence.window_seconds);
    let resets = evidence.load_balancer(TARGET_RESETS);
    let Some(count) = resets.filter(|n| *n > 0.0) else {
        return Ok(Finding::new(
            CheckId::TargetResets,
            Status::Pass,
            format!("no connection reset by a target in the last {window} ({})", quoted(TARGET_RESETS, resets)),
        ));
    };
    let ports: Vec<String> =
        groups(s).map(|g| g.iter().filter_map(|v| v.group.port()).map(|p| p.to_string()).collect()).unwrap_or_default();
    Ok(Finding::new(
        CheckId::TargetResets,
        Status::Warn,
        format!(
            "the targets reset {} in the last {window} ({TARGET_RESETS}): the resource refuses the connection",
            plural(count, "connection", "connections")
        ),
    )
    .remedy(format!(
        "check that the resource listens on the target port ({}), whether it requires TLS (then the task's client must use it), \
and whether it is at its maximum connections",
        ports.join(", ")
    )))
}

/// Unhealthy hosts at some time in the window on a route whose targets are healthy now.
pub(super) fn targets_flapping(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let evidence = match evidence(s, CheckId::TargetsFlapping)? {
        Ok(evidence) => evidence,
        Err(skip) => return Ok(skip),
    };
    let window = window_words(evidence.window_seconds);
    let mut flapped = Vec::new();
    let mut published = false;
    for view in groups(s)? {
        let most_unhealthy = evidence.route(view.arn(), "UnHealthyHostCount", "Maximum");
        let port = s.listener_port(view.arn()).or_else(|| view.group.port().and_then(|p| u16::try_from(p).ok())).unwrap_or_default();
        published |= most_unhealthy.is_some();
        let healthy_now = !view.health.is_empty()
            && view.health.iter().all(|d| d.target_health().and_then(|h| h.state()) == Some(&TargetHealthStateEnum::Healthy));
        if let (Some(unhealthy), true) = (most_unhealthy.filter(|n| *n > 0.0), healthy_now) {
            let g = &view.group;
            flapped.push(format!(
                "port {port}: up to {} in the last {window} though {} healthy now (health check {} on {} every {} s, \
{} to turn healthy, {} unhealthy)",
                plural(unhealthy, "unhealthy host", "unhealthy hosts"),
                match view.health.len() {
                    1 => "its one target is".to_string(),
                    n => format!("all {n} are"),
                },
                g.health_check_protocol().map_or("?", |p| p.as_str()),
                g.health_check_port().unwrap_or("traffic-port"),
                g.health_check_interval_seconds().unwrap_or(30),
                g.healthy_threshold_count().unwrap_or(3),
                g.unhealthy_threshold_count().unwrap_or(3),
            ));
        }
    }
    if !flapped.is_empty() {
        return Ok(Finding::new(CheckId::TargetsFlapping, Status::Warn, format!("the targets flapped: {}", flapped.join("; "))).remedy(
            "look for failovers, restarts or connection limits of the resource in the window; tasks that dialed then were \
refused or reset",
        ));
    }
    Ok(if published {
        Finding::new(CheckId::TargetsFlapping, Status::Pass, format!("no route healthy now had an unhealthy host in the last {window}"))
    } else {
        // AWS publishes host counts for groups with registered targets.
        Finding::new(CheckId::TargetsFlapping, Status::Skip, format!("skipped: host counts not published in the last {window}"))
    })
}

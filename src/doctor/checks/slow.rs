//! Connection works but is slow: health checks and cross-region round trips.

use super::{Inputs, groups, regions};
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::snapshot::{NO_TARGET_GROUP, Snapshot, Unread};

pub(super) fn health_check(s: &Snapshot, _: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let mut findings = Vec::new();
    let mut worst = Status::Pass;
    for view in groups(s)? {
        let g = &view.group;
        let protocol = g.health_check_protocol().map_or("?", |p| p.as_str());
        let port = g.health_check_port().unwrap_or("traffic-port");
        let interval = g.health_check_interval_seconds().unwrap_or(30);
        let on_traffic_port = port == "traffic-port" || Some(port) == g.port().map(|p| p.to_string()).as_deref();
        // An ALB target must be checked over HTTP or HTTPS (AWS refuses TCP for it).
        let right_protocol =
            if g.target_type().is_some_and(|t| t.as_str() == "alb") { matches!(protocol, "HTTP" | "HTTPS") } else { protocol == "TCP" };
        let status = if !right_protocol || !on_traffic_port || interval > 10 { Status::Warn } else { Status::Pass };
        worst = worst.max(status);
        findings.push(format!(
            "{protocol} on {port} every {interval} s{}",
            if interval > 10 { " (a 10 s interval notices a failover sooner)" } else { "" }
        ));
    }
    if findings.is_empty() {
        return Err(Unread::Absent(NO_TARGET_GROUP));
    }
    let mut finding = Finding::new(CheckId::HealthCheck, worst, findings.join("; "));
    if worst == Status::Warn {
        finding = finding.remedy("EC2 console → Target Groups → Health checks: TCP (HTTP for an ALB target), traffic port, interval 10 s");
    }
    Ok(finding)
}

pub(super) fn cross_region_latency(s: &Snapshot, _: &Target, i: &Inputs) -> Result<Finding, Unread> {
    let others: Vec<String> = regions(s)?.into_iter().filter(|r| *r != s.region).collect();
    Ok(match &i.task_region {
        Some(task) if *task != s.region => Finding::new(
            CheckId::CrossRegionLatency,
            Status::Warn,
            format!("tasks in {task} reach {} across regions: expect ~10-30 ms more per round trip, and data-transfer cost", s.region),
        ),
        _ if others.is_empty() => Finding::new(CheckId::CrossRegionLatency, Status::Pass, "same-region only: no cross-region latency"),
        _ => Finding::new(
            CheckId::CrossRegionLatency,
            Status::Pass,
            format!("cross-region allowed from {} (~10-30 ms more per round trip from there)", others.join(", ")),
        ),
    })
}

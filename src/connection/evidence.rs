//! What CloudWatch measured of a connection in a window (the last hour unless `--since`
//! says otherwise): the NLB's flows, bytes, resets and blocked flows (`AWS/NetworkELB`),
//! each route's host counts, and the endpoint service's connections, bytes and resets,
//! in all and per consumer endpoint (`AWS/PrivateLinkServices`), in one `GetMetricData`
//! call. Names, dimensions and statistics as AWS's pages give them:
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html>,
//! <https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html>.
//! A metric with no datapoint in the window is "not published", never 0: AWS publishes
//! most of these only in minutes that carried traffic, and host counts only for groups
//! with registered targets.

use std::time::{Duration, SystemTime};

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use serde::Serialize;

use crate::aws::{Aws, CallExt};

/// How many points a series has (a sparkline's width).
pub const SERIES_POINTS: u64 = 12;

/// The window `status` and `doctor` read unless `--since` says otherwise.
pub const WINDOW: Duration = Duration::from_secs(3600);

/// `1h`, `15m`: a window as `--since` takes it, in a finding or a label.
pub fn window_words(seconds: u64) -> String {
    if seconds.is_multiple_of(3600) { format!("{}h", seconds / 3600) } else { format!("{}m", seconds / 60) }
}

/// One metric over the window.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub namespace: &'static str,
    pub metric: &'static str,
    pub stat: &'static str,
    pub unit: &'static str,
    /// None: no datapoint in the window (not published), not zero.
    pub value: Option<f64>,
    /// The same statistic in each of the window's periods of `series_period_seconds`,
    /// oldest first (None: not published then), for the metrics `status` draws.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<Vec<Option<f64>>>,
}

/// The metrics of one route (listener port), by its target group.
#[derive(Debug, Clone, Serialize)]
pub struct RouteEvidence {
    pub port: u16,
    pub target_group_arn: String,
    pub metrics: Vec<Measured>,
}

/// The metrics of one consumer endpoint (dimensions `Service Id, VPC Endpoint Id`).
#[derive(Debug, Clone, Serialize)]
pub struct EndpointEvidence {
    pub endpoint_id: String,
    pub metrics: Vec<Measured>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub window_seconds: u64,
    /// The period of each point of a `series`: the window in twelve, at least a minute.
    pub series_period_seconds: u64,
    pub load_balancer: Vec<Measured>,
    pub routes: Vec<RouteEvidence>,
    pub service: Vec<Measured>,
    pub endpoints: Vec<EndpointEvidence>,
}

impl Evidence {
    /// The value of a load-balancer metric, when published.
    pub fn load_balancer(&self, metric: &str) -> Option<f64> {
        self.load_balancer.iter().find(|m| m.metric == metric).and_then(|m| m.value)
    }

    pub fn service(&self, metric: &str) -> Option<f64> {
        self.service.iter().find(|m| m.metric == metric).and_then(|m| m.value)
    }

    /// The value of one consumer endpoint's metric, when published.
    pub fn endpoint(&self, endpoint_id: &str, metric: &str) -> Option<f64> {
        let endpoint = self.endpoints.iter().find(|e| e.endpoint_id == endpoint_id)?;
        endpoint.metrics.iter().find(|m| m.metric == metric).and_then(|m| m.value)
    }

    /// The value of a route's metric under one statistic, when published.
    pub fn route(&self, target_group_arn: &str, metric: &str, stat: &str) -> Option<f64> {
        let route = self.routes.iter().find(|r| r.target_group_arn == target_group_arn)?;
        route.metrics.iter().find(|m| m.metric == metric && m.stat == stat).and_then(|m| m.value)
    }
}

const NLB: &str = "AWS/NetworkELB";
const PRIVATELINK: &str = "AWS/PrivateLinkServices";

/// (metric, statistic, unit) read for the whole NLB (dimension `LoadBalancer`).
const LOAD_BALANCER: &[(&str, &str, &str)] = &[
    ("NewFlowCount", "Sum", "Count"),
    ("ProcessedBytes", "Sum", "Bytes"),
    ("TCP_Client_Reset_Count", "Sum", "Count"),
    ("TCP_ELB_Reset_Count", "Sum", "Count"),
    ("TCP_Target_Reset_Count", "Sum", "Count"),
    ("SecurityGroupBlockedFlowCount_Inbound_TCP", "Sum", "Count"),
];
/// For each route (dimensions `LoadBalancer, TargetGroup`): AWS advises the maximum of
/// the healthy count and the minimum of the unhealthy one; the other two show flapping.
const ROUTE: &[(&str, &str, &str)] = &[
    ("HealthyHostCount", "Maximum", "Count"),
    ("HealthyHostCount", "Minimum", "Count"),
    ("UnHealthyHostCount", "Maximum", "Count"),
    ("UnHealthyHostCount", "Minimum", "Count"),
];
/// For the endpoint service (dimension `Service Id`), and for each consumer endpoint
/// (`Service Id, VPC Endpoint Id`).
const SERVICE: &[(&str, &str, &str)] =
    &[("NewConnections", "Sum", "Count"), ("BytesProcessed", "Sum", "Bytes"), ("RstPacketsSent", "Sum", "Count")];

fn dimension(name: &str, value: &str) -> Dimension {
    Dimension::builder().name(name).value(value).build()
}

/// `net/<name>/<id>`: the part of the NLB's ARN CloudWatch names it by (a group's is
/// `targetgroup/<name>/<id>`, after the ARN's last colon).
fn after<'a>(arn: &'a str, marker: &str) -> &'a str {
    arn.split_once(marker).map_or(arn, |(_, rest)| rest)
}

/// What to read: the NLB, its routes (port, group ARN), the service and its consumers'
/// endpoints, over a window.
pub struct Subject<'a> {
    pub lb_arn: &'a str,
    pub routes: &'a [(u16, String)],
    pub service_id: Option<&'a str>,
    pub endpoint_ids: &'a [String],
    pub window: Duration,
}

/// Reads the window's figures for the subject.
pub async fn read(aws: &Aws, subject: Subject<'_>) -> anyhow::Result<Evidence> {
    let Subject { lb_arn, routes, service_id, endpoint_ids, window } = subject;
    let balancer = dimension("LoadBalancer", after(lb_arn, ":loadbalancer/"));
    // A minute at least (CloudWatch's resolution for these), a whole number of minutes.
    let series_period = (window.as_secs() / SERIES_POINTS).max(60) / 60 * 60;
    let mut queries: Vec<MetricDataQuery> = Vec::new();
    let mut add = |namespace: &str, metric: &str, stat: &str, dimensions: Vec<Dimension>, period: u64| {
        let id = format!("q{}", queries.len());
        let metric = Metric::builder().namespace(namespace).metric_name(metric).set_dimensions(Some(dimensions)).build();
        let stat = MetricStat::builder().metric(metric).period(period as i32).stat(stat).build();
        queries.push(MetricDataQuery::builder().id(id).metric_stat(stat).build());
        queries.len()
    };
    for (metric, stat, _) in LOAD_BALANCER {
        add(NLB, metric, stat, vec![balancer.clone()], window.as_secs());
    }
    for (_, group) in routes {
        for (metric, stat, _) in ROUTE {
            let target_group = group.rsplit_once(':').map_or(group.as_str(), |(_, g)| g);
            add(NLB, metric, stat, vec![balancer.clone(), dimension("TargetGroup", target_group)], window.as_secs());
        }
    }
    if let Some(id) = service_id {
        for (metric, stat, _) in SERVICE {
            add(PRIVATELINK, metric, stat, vec![dimension("Service Id", id)], window.as_secs());
        }
        for endpoint in endpoint_ids {
            for (metric, stat, _) in SERVICE {
                add(PRIVATELINK, metric, stat, vec![dimension("Service Id", id), dimension("VPC Endpoint Id", endpoint)], window.as_secs());
            }
        }
    }
    // The series status draws, after the figures: the NLB's new flows, each route's
    // unhealthy hosts.
    let series_from = add(NLB, "NewFlowCount", "Sum", vec![balancer.clone()], series_period) - 1;
    for (_, group) in routes {
        let target_group = group.rsplit_once(':').map_or(group.as_str(), |(_, g)| g);
        add(NLB, "UnHealthyHostCount", "Maximum", vec![balancer.clone(), dimension("TargetGroup", target_group)], series_period);
    }
    // Aligned to the minute, as CloudWatch advises, and ending at the next minute so that
    // this minute's datapoints (EndTime is exclusive) are in.
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
    let end = SystemTime::UNIX_EPOCH + Duration::from_secs((now / 60 + 1) * 60);
    let start = end - window;
    let mut values = std::collections::BTreeMap::new();
    let mut points: std::collections::BTreeMap<String, Vec<Option<f64>>> = std::collections::BTreeMap::new();
    let buckets = (window.as_secs() / series_period) as usize;
    let start_seconds = start.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs() as i64;
    let mut request = aws.cloudwatch.get_metric_data().start_time(start.into()).end_time(end.into());
    for query in queries {
        request = request.metric_data_queries(query);
    }
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        for result in page.call("cloudwatch:GetMetricData")?.metric_data_results() {
            let id = result.id().unwrap_or_default().to_string();
            let index: usize = id.trim_start_matches('q').parse().unwrap_or(usize::MAX);
            if index >= series_from {
                let series = points.entry(id).or_insert_with(|| vec![None; buckets]);
                for (at, value) in result.timestamps().iter().zip(result.values()) {
                    let bucket = usize::try_from((at.secs() - start_seconds) / series_period as i64).unwrap_or(usize::MAX);
                    if let Some(slot) = series.get_mut(bucket) {
                        *slot = Some(slot.map_or(*value, |v: f64| v.max(*value)));
                    }
                }
            } else {
                values.entry(id).or_insert_with(Vec::new).extend_from_slice(result.values());
            }
        }
    }
    let mut next = 0;
    let mut take = |namespace: &'static str, (metric, stat, unit): &(&'static str, &'static str, &'static str)| {
        let value = values.get(&format!("q{next}")).and_then(|points| combine(stat, points));
        next += 1;
        Measured { namespace, metric, stat, unit, value, series: None }
    };
    let load_balancer = LOAD_BALANCER.iter().map(|m| take(NLB, m)).collect();
    let routes = routes
        .iter()
        .map(|(port, group)| RouteEvidence {
            port: *port,
            target_group_arn: group.clone(),
            metrics: ROUTE.iter().map(|m| take(NLB, m)).collect(),
        })
        .collect();
    let (service, endpoints) = match service_id {
        Some(_) => (
            SERVICE.iter().map(|m| take(PRIVATELINK, m)).collect(),
            endpoint_ids
                .iter()
                .map(|id| EndpointEvidence { endpoint_id: id.clone(), metrics: SERVICE.iter().map(|m| take(PRIVATELINK, m)).collect() })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    let mut evidence =
        Evidence { window_seconds: window.as_secs(), series_period_seconds: series_period, load_balancer, routes, service, endpoints };
    // Each series beside its figure, in the order the series queries were added.
    let mut series = (series_from..).map(|i| points.remove(&format!("q{i}")).unwrap_or_else(|| vec![None; buckets]));
    if let Some(flows) = evidence.load_balancer.iter_mut().find(|m| m.metric == "NewFlowCount") {
        flows.series = series.next();
    }
    for route in &mut evidence.routes {
        if let Some(unhealthy) = route.metrics.iter_mut().find(|m| m.metric == "UnHealthyHostCount" && m.stat == "Maximum") {
            unhealthy.series = series.next();
        }
    }
    Ok(evidence)
}

/// One figure from the window's datapoints (one per period, so one unless a page split
/// them), under the statistic asked for.
fn combine(stat: &str, points: &[f64]) -> Option<f64> {
    let mut points = points.iter().copied();
    let first = points.next()?;
    Some(match stat {
        "Maximum" => points.fold(first, f64::max),
        "Minimum" => points.fold(first, f64::min),
        _ => points.fold(first, |a, b| a + b),
    })
}

/// A series as a sparkline, one character a point, scaled to its largest: `▁` for a zero,
/// `█` for the largest, a space where nothing was published.
pub fn sparkline(series: &[Option<f64>]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = series.iter().flatten().copied().fold(0.0, f64::max);
    series
        .iter()
        .map(|point| match point {
            None => ' ',
            Some(v) if top <= 0.0 || *v <= 0.0 => BARS[0],
            Some(v) => BARS[((v / top) * 7.0).round().clamp(0.0, 7.0) as usize],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sparkline_scales_to_its_largest_and_leaves_gaps_blank() {
        assert_eq!(sparkline(&[None, Some(0.0), Some(1.0), Some(4.0), None]), " ▁▃█ ");
        assert_eq!(sparkline(&[Some(0.0), Some(0.0)]), "▁▁");
        assert_eq!(sparkline(&[]), "");
    }
}

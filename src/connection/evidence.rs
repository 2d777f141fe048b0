//! What CloudWatch measured of a connection in the last hour: the NLB's flows, bytes,
//! resets and blocked flows (`AWS/NetworkELB`), each route's host counts, and the
//! endpoint service's connections and bytes (`AWS/PrivateLinkServices`), in one
//! `GetMetricData` call. Names, dimensions and statistics as AWS's pages give them:
//! <https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html>,
//! <https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html>.
//! A metric with no datapoint in the window is "not published", never 0: AWS publishes
//! most of these only in minutes that carried traffic, and host counts only for groups
//! with registered targets.

use std::time::{Duration, SystemTime};

use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};
use serde::Serialize;

use crate::aws::{Aws, CallExt};

/// The window `status` reads.
pub const WINDOW: Duration = Duration::from_secs(3600);

/// One metric over the window.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    pub namespace: &'static str,
    pub metric: &'static str,
    pub stat: &'static str,
    pub unit: &'static str,
    /// None: no datapoint in the window (not published), not zero.
    pub value: Option<f64>,
}

/// The metrics of one route (listener port), by its target group.
#[derive(Debug, Clone, Serialize)]
pub struct RouteEvidence {
    pub port: u16,
    pub target_group_arn: String,
    pub metrics: Vec<Measured>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub window_seconds: u64,
    pub load_balancer: Vec<Measured>,
    pub routes: Vec<RouteEvidence>,
    pub service: Vec<Measured>,
}

impl Evidence {
    /// The value of a load-balancer metric, when published.
    pub fn load_balancer(&self, metric: &str) -> Option<f64> {
        self.load_balancer.iter().find(|m| m.metric == metric).and_then(|m| m.value)
    }

    pub fn service(&self, metric: &str) -> Option<f64> {
        self.service.iter().find(|m| m.metric == metric).and_then(|m| m.value)
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
/// For the endpoint service (dimension `Service Id`).
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

/// Reads the window's figures for the NLB, its routes (port, group ARN) and the service.
pub async fn read(aws: &Aws, lb_arn: &str, routes: &[(u16, String)], service_id: Option<&str>) -> anyhow::Result<Evidence> {
    let balancer = dimension("LoadBalancer", after(lb_arn, ":loadbalancer/"));
    let mut queries: Vec<(String, MetricDataQuery)> = Vec::new();
    let mut add = |namespace: &str, metric: &str, stat: &str, dimensions: Vec<Dimension>| {
        let id = format!("q{}", queries.len());
        let metric = Metric::builder().namespace(namespace).metric_name(metric).set_dimensions(Some(dimensions)).build();
        let stat = MetricStat::builder().metric(metric).period(WINDOW.as_secs() as i32).stat(stat).build();
        queries.push((id.clone(), MetricDataQuery::builder().id(id).metric_stat(stat).build()));
    };
    for (metric, stat, _) in LOAD_BALANCER {
        add(NLB, metric, stat, vec![balancer.clone()]);
    }
    for (_, group) in routes {
        for (metric, stat, _) in ROUTE {
            let target_group = group.rsplit_once(':').map_or(group.as_str(), |(_, g)| g);
            add(NLB, metric, stat, vec![balancer.clone(), dimension("TargetGroup", target_group)]);
        }
    }
    if let Some(id) = service_id {
        for (metric, stat, _) in SERVICE {
            add(PRIVATELINK, metric, stat, vec![dimension("Service Id", id)]);
        }
    }
    // Aligned to the minute, as CloudWatch advises, and ending at the next minute so that
    // this minute's datapoints (EndTime is exclusive) are in.
    let now = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
    let end = SystemTime::UNIX_EPOCH + Duration::from_secs((now / 60 + 1) * 60);
    let start = end - WINDOW;
    let mut values = std::collections::BTreeMap::new();
    let mut request = aws.cloudwatch.get_metric_data().start_time(start.into()).end_time(end.into());
    for (_, query) in &queries {
        request = request.metric_data_queries(query.clone());
    }
    let mut pages = request.into_paginator().send();
    while let Some(page) = pages.next().await {
        for result in page.call("cloudwatch:GetMetricData")?.metric_data_results() {
            let id = result.id().unwrap_or_default().to_string();
            if !result.values().is_empty() {
                *values.entry(id).or_insert(0.0) += result.values().iter().sum::<f64>();
            }
        }
    }
    let mut next = 0;
    let mut take = |namespace: &'static str, (metric, stat, unit): &(&'static str, &'static str, &'static str)| {
        let value = values.get(&format!("q{next}")).copied();
        next += 1;
        Measured { namespace, metric, stat, unit, value }
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
    let service = if service_id.is_some() { SERVICE.iter().map(|m| take(PRIVATELINK, m)).collect() } else { Vec::new() };
    Ok(Evidence { window_seconds: WINDOW.as_secs(), load_balancer, routes, service })
}

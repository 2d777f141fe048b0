//! The connection's CloudWatch alarms (`tpl-<name>-…`), each sending to the alerts topic
//! when it goes into ALARM and back to OK. What each watches, from AWS's NLB metrics page
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html>:
//! host counts are most useful as Maximum/Minimum, per `LoadBalancer, TargetGroup`):
//! - per route, no healthy host for 2 minutes: `HealthyHostCount` Maximum < 1 over two
//!   one-minute periods; missing data is breaching (AWS publishes host counts every
//!   minute while targets are registered: none means none is);
//! - per route, unhealthy hosts for 2 minutes: `UnHealthyHostCount` Minimum > 0;
//! - for the NLB, when it has security groups (the only NLBs that publish it), flows its
//!   groups dropped: `SecurityGroupBlockedFlowCount_Inbound_TCP` Sum > 0 in a minute;
//!   missing data is not breaching (published only when flows are dropped).
//!
//! `PutMetricAlarm` "creates or updates" by name and an update "completely overwrites the
//! previous configuration" (CloudWatch API Reference, PutMetricAlarm), so a change is one
//! call with the whole alarm; its tags apply only when it creates the alarm.

use aws_sdk_cloudwatch::types::{ComparisonOperator, Dimension, MetricAlarm, Statistic, Tag};

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::plan::{Context, Made, WriteOp};

const NLB: &str = "AWS/NetworkELB";

/// One alarm as the tool wants it.
#[derive(Debug, Clone, PartialEq)]
pub struct Wanted {
    pub name: String,
    pub description: String,
    pub metric: &'static str,
    pub statistic: &'static str,
    /// `(name, value)`, in the order CloudWatch is given them.
    pub dimensions: Vec<(String, String)>,
    pub periods: i32,
    pub comparison: &'static str,
    pub threshold: f64,
    pub missing: &'static str,
    pub topic: String,
}

/// `net/<name>/<id>` and `targetgroup/<name>/<id>`: how CloudWatch names them.
fn balancer(lb_arn: &str) -> String {
    lb_arn.split_once(":loadbalancer/").map_or(lb_arn, |(_, rest)| rest).to_string()
}

fn target_group(arn: &str) -> String {
    arn.rsplit_once(':').map_or(arn, |(_, g)| g).to_string()
}

/// The alarms a connection's routes and NLB get.
pub fn wanted(connection: &ConnectionName, lb_arn: &str, routes: &[(u16, String)], nlb_has_groups: bool, topic: &str) -> Vec<Wanted> {
    let lb = ("LoadBalancer".to_string(), balancer(lb_arn));
    let mut alarms = Vec::new();
    for (port, group) in routes {
        let dims = vec![lb.clone(), ("TargetGroup".to_string(), target_group(group))];
        alarms.push(Wanted {
            name: format!("tpl-{connection}-{port}-no-healthy-host"),
            description: format!("trigger-privatelink {connection}: port {port} has had no healthy target for 2 minutes"),
            metric: "HealthyHostCount",
            statistic: "Maximum",
            dimensions: dims.clone(),
            periods: 2,
            comparison: "LessThanThreshold",
            threshold: 1.0,
            missing: "breaching",
            topic: topic.to_string(),
        });
        alarms.push(Wanted {
            name: format!("tpl-{connection}-{port}-unhealthy-hosts"),
            description: format!("trigger-privatelink {connection}: port {port} has had unhealthy targets for 2 minutes"),
            metric: "UnHealthyHostCount",
            statistic: "Minimum",
            dimensions: dims,
            periods: 2,
            comparison: "GreaterThanThreshold",
            threshold: 0.0,
            missing: "notBreaching",
            topic: topic.to_string(),
        });
    }
    if nlb_has_groups {
        alarms.push(Wanted {
            name: format!("tpl-{connection}-blocked-flows"),
            description: format!("trigger-privatelink {connection}: the NLB's security groups dropped flows"),
            metric: "SecurityGroupBlockedFlowCount_Inbound_TCP",
            statistic: "Sum",
            dimensions: vec![lb],
            periods: 1,
            comparison: "GreaterThanThreshold",
            threshold: 0.0,
            missing: "notBreaching",
            topic: topic.to_string(),
        });
    }
    alarms
}

impl Wanted {
    /// The existing alarm is this one, as CloudWatch answers it.
    pub fn same_as(&self, found: &MetricAlarm) -> bool {
        let dims: Vec<(String, String)> = found
            .dimensions()
            .iter()
            .map(|d| (d.name().unwrap_or_default().to_string(), d.value().unwrap_or_default().to_string()))
            .collect();
        found.namespace() == Some(NLB)
            && found.metric_name() == Some(self.metric)
            && found.statistic().map(|s| s.as_str()) == Some(self.statistic)
            && dims == self.dimensions
            && found.period() == Some(60)
            && found.evaluation_periods() == Some(self.periods)
            && found.comparison_operator().map(|c| c.as_str()) == Some(self.comparison)
            && found.threshold() == Some(self.threshold)
            && found.treat_missing_data() == Some(self.missing)
            && found.alarm_actions() == [self.topic.clone()]
            && found.ok_actions() == [self.topic.clone()]
            && found.actions_enabled() == Some(true)
    }

    pub fn summary(&self) -> String {
        let comparison = if self.comparison == "LessThanThreshold" { "<" } else { ">" };
        format!("{} {} {comparison} {} for {} min", self.metric, self.statistic, self.threshold, self.periods)
    }
}

#[derive(Debug, Clone)]
pub enum Write {
    Put { alarm: Wanted, tags: Vec<(String, String)> },
    Delete { names: Vec<String> },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws: &Aws = cx.aws;
        match self {
            Write::Put { alarm, tags } => {
                let mut request = aws
                    .cloudwatch
                    .put_metric_alarm()
                    .alarm_name(&alarm.name)
                    .alarm_description(&alarm.description)
                    .namespace(NLB)
                    .metric_name(alarm.metric)
                    .statistic(Statistic::from(alarm.statistic))
                    .period(60)
                    .evaluation_periods(alarm.periods)
                    .datapoints_to_alarm(alarm.periods)
                    .comparison_operator(ComparisonOperator::from(alarm.comparison))
                    .threshold(alarm.threshold)
                    .treat_missing_data(alarm.missing)
                    .actions_enabled(true)
                    .alarm_actions(&alarm.topic)
                    .ok_actions(&alarm.topic);
                for (name, value) in &alarm.dimensions {
                    request = request.dimensions(Dimension::builder().name(name).value(value).build());
                }
                for (key, value) in tags {
                    request = request.tags(Tag::builder().key(key).value(value).build());
                }
                request.send().await.call("cloudwatch:PutMetricAlarm")?;
                Ok(Some(Made { id: alarm.name.clone(), name: Some(alarm.name.clone()) }))
            }
            Write::Delete { names } => {
                aws.cloudwatch.delete_alarms().set_alarm_names(Some(names.clone())).send().await.call("cloudwatch:DeleteAlarms")?;
                Ok(None)
            }
        }
    }
}

/// An alarm name the tool gives this connection: `tpl-<name>-<port>-no-healthy-host`,
/// `tpl-<name>-<port>-unhealthy-hosts` or `tpl-<name>-blocked-flows` (the prefix alone
/// would also match a connection named `<name>-eu`).
fn is_ours(connection: &ConnectionName, alarm: &str) -> bool {
    let Some(rest) = alarm.strip_prefix(&format!("tpl-{connection}-")) else { return false };
    if rest == "blocked-flows" {
        return true;
    }
    let Some((port, kind)) = rest.split_once('-') else { return false };
    port.parse::<u16>().is_ok() && matches!(kind, "no-healthy-host" | "unhealthy-hosts")
}

/// The connection's alarms, by the names the tool gives them.
pub async fn named(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<MetricAlarm>> {
    let mut found = Vec::new();
    let mut pages = aws.cloudwatch.describe_alarms().alarm_name_prefix(format!("tpl-{connection}-")).into_paginator().send();
    while let Some(page) = pages.next().await {
        let page = page.call("cloudwatch:DescribeAlarms")?;
        found.extend(page.metric_alarms().iter().filter(|a| a.alarm_name().is_some_and(|n| is_ours(connection, n))).cloned());
    }
    Ok(found)
}

/// The connection's alarms, each with whether it carries the tool's tags for this
/// connection (an alarm named like ours but not tagged is not ours to change).
pub async fn existing(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<(MetricAlarm, bool)>> {
    // Each alarm's tags at once: one round, not one per alarm.
    let tagged = named(aws, connection).await?.into_iter().map(|alarm| async move {
        let arn = alarm.alarm_arn().unwrap_or_default().to_string();
        let tags = aws.cloudwatch.list_tags_for_resource().resource_arn(&arn).send().await.call("cloudwatch:ListTagsForResource")?;
        let mine = connection.owns(tags.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())));
        anyhow::Ok((alarm, mine))
    });
    futures_util::future::try_join_all(tagged).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_the_tool_gives_are_the_connections() {
        let orders: ConnectionName = "orders".parse().unwrap();
        for name in ["tpl-orders-5432-no-healthy-host", "tpl-orders-5432-unhealthy-hosts", "tpl-orders-blocked-flows"] {
            assert!(is_ours(&orders, name), "{name}");
        }
        for name in
            ["tpl-orders-eu-5432-no-healthy-host", "tpl-orders-eu-blocked-flows", "tpl-orders-5432-cpu", "tpl-orders2-blocked-flows"]
        {
            assert!(!is_ours(&orders, name), "{name}");
        }
    }
}

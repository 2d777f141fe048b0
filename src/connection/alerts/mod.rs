//! `alerts`: the customer hears that the connection broke from AWS, not from their own
//! failing jobs. A plan like every write, each resource found first (a second run makes
//! no write): an SNS topic (the tool's own with `--email`, or the user's), the endpoint
//! service's connection notification to it, and CloudWatch alarms on the routes' host
//! counts and the NLB's blocked flows, sending to it. `--remove` and teardown delete
//! what the tool made; a topic of the user's is left as it is.

pub mod alarm;
pub mod notification;
pub mod topic;

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::{endpoint_service, load_balancer, route};
use crate::error::usage;
use crate::plan::{Action, Step};

/// Where the alerts go.
#[derive(Debug, Clone)]
pub enum Destination {
    /// The tool's own topic, with this address subscribed.
    Email(String),
    /// A topic the user has.
    Topic(String),
}

/// What `alerts` is to make, settled with read-only calls.
#[derive(Debug, Clone)]
pub struct Desired {
    pub connection: ConnectionName,
    pub account: String,
    pub region: String,
    pub service_id: String,
    pub lb_arn: String,
    pub nlb_has_groups: bool,
    pub routes: Vec<(u16, String)>,
    pub destination: Destination,
}

impl Desired {
    pub fn topic_arn(&self) -> String {
        match &self.destination {
            Destination::Email(_) => topic::arn(&self.region, &self.account, &topic::own_name(&self.connection)),
            Destination::Topic(arn) => arn.clone(),
        }
    }

    fn tags(&self) -> Vec<(String, String)> {
        self.connection.tags().into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// The statement a topic of the user's lacks for the connection events to arrive.
    fn vpce_statement(&self) -> serde_json::Value {
        topic::vpce_statement(&self.topic_arn(), &self.account, &self.region, &self.service_id)
    }
}

async fn account(aws: &Aws) -> anyhow::Result<String> {
    let me = aws.sts.get_caller_identity().send().await.call("sts:GetCallerIdentity")?;
    Ok(me.account().unwrap_or_default().to_string())
}

/// The connection's service, NLB and routes; a topic given must be in this region.
pub async fn desired(aws: &Aws, connection: &ConnectionName, destination: Destination) -> anyhow::Result<Desired> {
    let finish = format!("finish it with `trigger-privatelink setup --name {connection}` first");
    let (service, lb, account) =
        tokio::try_join!(endpoint_service::find_by_connection(aws, connection), load_balancer::find(aws, connection), account(aws))?;
    let service = service.ok_or_else(|| usage(format!("connection '{connection}' has no endpoint service to watch: {finish}")))?;
    let lb = lb.ok_or_else(|| usage(format!("connection '{connection}' has no load balancer to watch: {finish}")))?;
    let lb_arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    if let Destination::Topic(arn) = &destination {
        let region = arn.split(':').nth(3).unwrap_or_default();
        if region != aws.region {
            return Err(usage(format!(
                "--sns-topic: {arn} is in {region}; alarms and notifications publish to a topic in the connection's region ({})",
                aws.region
            )));
        }
    }
    let routes = route::read(aws, connection, Some(&lb_arn)).await?.iter().map(|r| (r.listener, r.arn().to_string())).collect();
    Ok(Desired {
        connection: connection.clone(),
        account,
        region: aws.region.clone(),
        service_id: service.service_id().unwrap_or_default().to_string(),
        nlb_has_groups: !lb.security_groups().is_empty(),
        lb_arn,
        routes,
        destination,
    })
}

/// The plan: the topic (and the subscription), the notification, the alarms; and, for a
/// topic of the user's whose policy does not let the service publish, the statement its
/// policy needs (the tool does not change it).
pub async fn plan(aws: &Aws, d: &Desired) -> anyhow::Result<(Vec<Step>, Option<serde_json::Value>)> {
    let topic_arn = d.topic_arn();
    let (attributes, notifications, alarms) = tokio::try_join!(
        topic::attributes(aws, &topic_arn),
        notification::on_service(aws, &d.service_id),
        alarm::existing(aws, &d.connection)
    )?;
    let mut steps = Vec::new();
    let mut missing_statement = None;
    match &d.destination {
        Destination::Email(email) => {
            let name = topic::own_name(&d.connection);
            let policy = topic::own_policy(&topic_arn, &d.account, &d.region, &d.service_id);
            let set_policy = topic::Write::SetPolicy { topic_arn: topic_arn.clone(), policy: policy.to_string() };
            steps.push(match &attributes {
                None => Step::new("alert-topic", Action::Created, topic_arn.clone())
                    .named(&name)
                    .detail("SNS; the endpoint service may publish its connection events to it")
                    .write(topic::Write::Create { name: name.clone(), tags: d.tags() })
                    .write(set_policy),
                Some(found) => {
                    if !topic::owned_by(aws, &topic_arn, &d.connection).await? {
                        return Err(usage(format!(
                            "an SNS topic named {name} exists but is not tagged for connection '{}'; nothing was changed",
                            d.connection
                        )));
                    }
                    let current = found.get("Policy").and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
                    if topic::admits_vpce(&current) {
                        Step::new("alert-topic", Action::Exists, topic_arn.clone()).named(&name)
                    } else {
                        Step::new("alert-topic", Action::Updated, topic_arn.clone())
                            .named(&name)
                            .detail("policy: the endpoint service may publish")
                            .write(set_policy)
                    }
                }
            });
            let subscribed = match &attributes {
                Some(_) => topic::subscription(aws, &topic_arn, email).await?,
                None => None,
            };
            steps.push(match subscribed {
                None => Step::new("alert-subscription", Action::Created, email.clone())
                    .detail(format!("AWS mails {email} a link to confirm: alerts arrive once it is followed"))
                    .write(topic::Write::Subscribe { topic_arn: topic_arn.clone(), email: email.clone() }),
                Some(true) => Step::new("alert-subscription", Action::Exists, email.clone())
                    .detail(format!("waiting for {email} to confirm (the link AWS mailed)")),
                Some(false) => Step::new("alert-subscription", Action::Exists, email.clone()),
            });
        }
        Destination::Topic(arn) => {
            let Some(found) = &attributes else {
                return Err(usage(format!("--sns-topic: no topic {arn} in {}", d.region)));
            };
            let current = found.get("Policy").and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default();
            let mut step = Step::new("alert-topic", Action::Exists, arn.clone()).named(arn.rsplit(':').next().unwrap_or(arn));
            if !topic::admits_vpce(&current) {
                step = step.detail("its policy does not let vpce.amazonaws.com publish: connection events will not arrive until it does");
                missing_statement = Some(d.vpce_statement());
            }
            steps.push(step);
        }
    }

    let mine: Vec<_> = notifications.iter().filter(|n| n.connection_notification_arn() == Some(topic_arn.as_str())).collect();
    let events = notification::EVENTS.join(", ");
    let create = notification::Write::Create { service_id: d.service_id.clone(), topic_arn: topic_arn.clone() };
    steps.push(match mine.iter().find(|n| notification::complete(n)) {
        Some(kept) => {
            let id = kept.connection_notification_id().unwrap_or_default().to_string();
            let extra: Vec<String> =
                mine.iter().filter_map(|n| n.connection_notification_id()).filter(|other| *other != id).map(str::to_string).collect();
            let step = Step::new("connection-notification", Action::Exists, id).detail(events);
            if extra.is_empty() { step } else { step.write(notification::Write::Delete { ids: extra }) }
        }
        None if mine.is_empty() => Step::new("connection-notification", Action::Created, d.service_id.clone()).detail(events).write(create),
        None => {
            let ids = mine.iter().filter_map(|n| n.connection_notification_id()).map(str::to_string).collect();
            Step::new("connection-notification", Action::Updated, d.service_id.clone())
                .detail(events)
                .write(notification::Write::Delete { ids })
                .write(create)
        }
    });

    let wanted = alarm::wanted(&d.connection, &d.lb_arn, &d.routes, d.nlb_has_groups, &topic_arn);
    for want in &wanted {
        let found = alarms.iter().find(|(a, _)| a.alarm_name() == Some(want.name.as_str()));
        let arn = format!("arn:aws:cloudwatch:{}:{}:alarm:{}", d.region, d.account, want.name);
        let put = alarm::Write::Put { alarm: want.clone(), tags: d.tags() };
        steps.push(match found {
            None => Step::new("alarm", Action::Created, arn).named(&want.name).detail(want.summary()).write(put),
            Some((_, false)) => {
                return Err(usage(format!(
                    "an alarm named {} exists but is not tagged for connection '{}'; nothing was changed",
                    want.name, d.connection
                )));
            }
            Some((existing, true)) if want.same_as(existing) => Step::new("alarm", Action::Exists, arn).named(&want.name),
            Some(_) => Step::new("alarm", Action::Updated, arn).named(&want.name).detail(want.summary()).write(put),
        });
    }
    // The notification to the topic the alerts went to before (their alarms name it): the
    // alerts move, they do not double.
    let before: Vec<&String> =
        alarms.iter().filter(|(_, mine)| *mine).flat_map(|(a, _)| a.alarm_actions()).filter(|t| **t != topic_arn).collect();
    for old in notifications.iter().filter(|n| n.connection_notification_arn().is_some_and(|t| before.iter().any(|b| *b == t))) {
        steps.push(notification_delete_step(old));
    }
    // Alarms of a route that is gone, or on blocked flows the NLB no longer publishes.
    for (stale, _) in alarms.iter().filter(|(a, mine)| *mine && !wanted.iter().any(|w| a.alarm_name() == Some(w.name.as_str()))) {
        steps.push(delete_alarm_step(stale));
    }
    Ok((steps, missing_statement))
}

fn notification_delete_step(n: &aws_sdk_ec2::types::ConnectionNotification) -> Step {
    let id = n.connection_notification_id().unwrap_or_default().to_string();
    Step::new("connection-notification", Action::Deleted, id.clone())
        .detail(n.connection_notification_arn().unwrap_or_default().to_string())
        .write(notification::Write::Delete { ids: vec![id] })
}

fn delete_alarm_step(alarm: &aws_sdk_cloudwatch::types::MetricAlarm) -> Step {
    let name = alarm.alarm_name().unwrap_or_default().to_string();
    Step::new("alarm", Action::Deleted, alarm.alarm_arn().unwrap_or(&name).to_string())
        .named(&name)
        .write(alarm::Write::Delete { names: vec![name.clone()] })
}

/// What `--remove` and teardown delete: the connection's alarms, the notifications on its
/// service to the topics they send to and to its own topic, and its own topic (with its
/// subscriptions). Only what exists, so a removal cut off can be run again.
pub async fn remove(aws: &Aws, connection: &ConnectionName, service_id: Option<&str>) -> anyhow::Result<Vec<Step>> {
    let own_topic = topic::arn(&aws.region, &account(aws).await?, &topic::own_name(connection));
    let (alarms, notifications, own) = tokio::try_join!(
        alarm::existing(aws, connection),
        async {
            match service_id {
                Some(id) => notification::on_service(aws, id).await,
                None => Ok(Vec::new()),
            }
        },
        topic::attributes(aws, &own_topic)
    )?;
    let mine: Vec<_> = alarms.iter().filter(|(_, mine)| *mine).map(|(a, _)| a).collect();
    let mut topics: Vec<String> = mine.iter().flat_map(|a| a.alarm_actions().iter().cloned()).collect();
    topics.push(own_topic.clone());
    let mut steps: Vec<Step> = mine.iter().map(|a| delete_alarm_step(a)).collect();
    for n in notifications.iter().filter(|n| n.connection_notification_arn().is_some_and(|arn| topics.iter().any(|t| t == arn))) {
        steps.push(notification_delete_step(n));
    }
    if own.is_some() && topic::owned_by(aws, &own_topic, connection).await? {
        steps.push(
            Step::new("alert-topic", Action::Deleted, own_topic.clone())
                .named(topic::own_name(connection))
                .write(topic::Write::Delete { topic_arn: own_topic }),
        );
    }
    Ok(steps)
}

/// The alarms of one route (`teardown --port`).
pub async fn remove_route(aws: &Aws, connection: &ConnectionName, port: u16) -> anyhow::Result<Vec<Step>> {
    let prefix = format!("tpl-{connection}-{port}-");
    let alarms = alarm::existing(aws, connection).await?;
    Ok(alarms
        .iter()
        .filter(|(a, mine)| *mine && a.alarm_name().is_some_and(|n| n.starts_with(&prefix)))
        .map(|(a, _)| delete_alarm_step(a))
        .collect())
}

/// An alarm of the connection, as `status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct AlarmState {
    pub name: String,
    /// `OK`, `ALARM` or `INSUFFICIENT_DATA`.
    pub state: String,
    pub topics: Vec<String>,
}

/// A connection notification on the service, as `status` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NotificationState {
    pub id: String,
    pub topic: String,
    pub events: Vec<String>,
    pub state: String,
}

/// What `status` shows of the alerts: read in two calls, beside the snapshot.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Installed {
    pub alarms: Vec<AlarmState>,
    pub notifications: Vec<NotificationState>,
}

impl Installed {
    pub fn none(&self) -> bool {
        self.alarms.is_empty() && self.notifications.is_empty()
    }
}

/// The connection's alarms (by the names the tool gives them) and every notification on
/// its service.
pub async fn read(aws: &Aws, connection: &ConnectionName, service_id: Option<&str>) -> anyhow::Result<Installed> {
    let (alarms, notifications) = tokio::try_join!(alarm::named(aws, connection), async {
        match service_id {
            Some(id) => notification::on_service(aws, id).await,
            None => Ok(Vec::new()),
        }
    })?;
    Ok(Installed {
        alarms: alarms
            .iter()
            .map(|a| AlarmState {
                name: a.alarm_name().unwrap_or_default().to_string(),
                state: a.state_value().map_or("?", |s| s.as_str()).to_string(),
                topics: a.alarm_actions().to_vec(),
            })
            .collect(),
        notifications: notifications
            .iter()
            .map(|n| NotificationState {
                id: n.connection_notification_id().unwrap_or_default().to_string(),
                topic: n.connection_notification_arn().unwrap_or_default().to_string(),
                events: n.connection_events().to_vec(),
                state: n.connection_notification_state().map_or("?", |s| s.as_str()).to_string(),
            })
            .collect(),
    })
}

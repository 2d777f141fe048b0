//! `alerts`: the topic, the subscription, the endpoint service's connection notification
//! and the alarms, read back from the emulator; a second run makes no write; `--remove`
//! and teardown leave the census of topics, alarms and notifications as it was.

use serde_json::Value;

use crate::doctor::{healthy, nlb_group};
use crate::harness::{Clients, Emulator};
use crate::steps::writes;

/// Topics, subscriptions, alarms and connection notifications in the account.
fn census(c: &Clients) -> Vec<(&'static str, usize)> {
    c.block(async {
        let topics = c.sns.list_topics().send().await.unwrap().topics().len();
        let subscriptions = c.sns.list_subscriptions().send().await.unwrap().subscriptions().len();
        let alarms = c.cloudwatch.describe_alarms().send().await.unwrap().metric_alarms().len();
        let notifications =
            c.ec2.describe_vpc_endpoint_connection_notifications().send().await.unwrap().connection_notification_set().len();
        vec![("topics", topics), ("subscriptions", subscriptions), ("alarms", alarms), ("notifications", notifications)]
    })
}

fn alerts(emulator: &Emulator, extra: &[&str]) -> Value {
    let mut args = vec!["alerts", "--name", "sessions", "--output", "json"];
    args.extend_from_slice(extra);
    emulator.run(&args).success().json()
}

fn actions(report: &Value) -> Vec<(String, String)> {
    report["resources"]
        .as_array()
        .or_else(|| report["plan"].as_array())
        .unwrap_or_else(|| panic!("{report:#}"))
        .iter()
        .map(|s| (s["kind"].as_str().unwrap().to_string(), s["action"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn email_alerts_are_made_read_back_kept_and_removed() {
    let h = healthy(true);
    let c = h.emulator.clients();
    let before = census(&c);

    // The plan first: no write at all.
    h.emulator.reset_requests();
    let plan = alerts(&h.emulator, &["--email", "oncall@example.com", "--dry-run"]);
    assert_eq!(writes(&h.emulator.requests()), Default::default(), "--dry-run writes nothing");
    assert_eq!(
        actions(&plan),
        [
            ("alert-topic", "create"),
            ("alert-subscription", "create"),
            ("connection-notification", "create"),
            ("alarm", "create"),
            ("alarm", "create"),
            ("alarm", "create")
        ]
        .map(|(k, a)| (k.to_string(), a.to_string())),
        "{plan:#}"
    );

    let made = alerts(&h.emulator, &["--email", "oncall@example.com"]);
    assert!(actions(&made).iter().all(|(_, a)| a == "created"), "{made:#}");
    let made_topic = made["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "alert-topic").unwrap();
    let topic = made_topic["id"].as_str().unwrap().to_string();
    assert!(topic.starts_with("arn:aws:sns:us-east-1:") && topic.ends_with(":tpl-sessions-alerts"), "{made:#}");
    let account = topic.split(':').nth(4).unwrap().to_string();

    // Read back: the topic, tagged, whose policy lets the service's events in.
    let (attributes, tags, subscriptions) = c.block(async {
        (
            c.sns.get_topic_attributes().topic_arn(&topic).send().await.unwrap(),
            c.sns.list_tags_for_resource().resource_arn(&topic).send().await.unwrap(),
            c.sns.list_subscriptions_by_topic().topic_arn(&topic).send().await.unwrap(),
        )
    });
    let policy: Value = serde_json::from_str(&attributes.attributes().unwrap()["Policy"]).unwrap();
    let vpce = policy["Statement"].as_array().unwrap().iter().find(|s| s["Principal"]["Service"] == "vpce.amazonaws.com").unwrap();
    assert_eq!(
        vpce["Condition"]["ArnLike"]["aws:SourceArn"],
        format!("arn:aws:ec2:us-east-1:{account}:vpc-endpoint-service/{}", h.service_id)
    );
    assert!(tags.tags().iter().any(|t| t.key() == "trigger-privatelink:connection" && t.value() == "sessions"), "{tags:?}");
    let subscribed: Vec<_> = subscriptions.subscriptions().iter().map(|s| (s.protocol().unwrap(), s.endpoint().unwrap())).collect();
    assert_eq!(subscribed, [("email", "oncall@example.com")]);

    // The notification on the service, every event, to the topic.
    let notifications = c.block(async { c.ec2.describe_vpc_endpoint_connection_notifications().send().await.unwrap() });
    let notification = &notifications.connection_notification_set()[0];
    assert_eq!(notification.service_id(), Some(h.service_id.as_str()));
    assert_eq!(notification.connection_notification_arn(), Some(topic.as_str()));
    assert_eq!(notification.connection_events(), ["Connect", "Accept", "Reject", "Delete"]);

    // The alarms: the route's two on its target group, the NLB's on blocked flows.
    let alarms = c.block(async { c.cloudwatch.describe_alarms().alarm_name_prefix("tpl-sessions-").send().await.unwrap() });
    let balancer = h.lb_arn.split(":loadbalancer/").nth(1).unwrap();
    let group = h.tg_arn.rsplit(':').next().unwrap();
    let mut seen = Vec::new();
    for alarm in alarms.metric_alarms() {
        let dims: Vec<(&str, &str)> = alarm.dimensions().iter().map(|d| (d.name().unwrap(), d.value().unwrap())).collect();
        seen.push((alarm.alarm_name().unwrap().to_string(), alarm.metric_name().unwrap().to_string(), dims.len()));
        assert_eq!(dims[0], ("LoadBalancer", balancer));
        if dims.len() == 2 {
            assert_eq!(dims[1], ("TargetGroup", group));
        }
        assert_eq!(alarm.alarm_actions(), std::slice::from_ref(&topic));
        assert_eq!(alarm.ok_actions(), std::slice::from_ref(&topic));
        assert_eq!(alarm.state_value().map(|s| s.as_str()), Some("INSUFFICIENT_DATA"));
    }
    seen.sort();
    assert_eq!(
        seen,
        [
            ("tpl-sessions-6379-no-healthy-host".to_string(), "HealthyHostCount".to_string(), 2),
            ("tpl-sessions-6379-unhealthy-hosts".to_string(), "UnHealthyHostCount".to_string(), 2),
            ("tpl-sessions-blocked-flows".to_string(), "SecurityGroupBlockedFlowCount_Inbound_TCP".to_string(), 1),
        ]
    );
    let no_host = alarms.metric_alarms().iter().find(|a| a.alarm_name() == Some("tpl-sessions-6379-no-healthy-host")).unwrap();
    assert_eq!(
        (no_host.statistic().map(|s| s.as_str()), no_host.period(), no_host.evaluation_periods(), no_host.threshold()),
        (Some("Maximum"), Some(60), Some(2), Some(1.0))
    );
    assert_eq!(no_host.treat_missing_data(), Some("breaching"));

    // A second run changes nothing.
    h.emulator.reset_requests();
    let again = alerts(&h.emulator, &["--email", "oncall@example.com"]);
    assert_eq!(writes(&h.emulator.requests()), Default::default(), "{again:#}");
    assert!(actions(&again).iter().all(|(_, a)| a == "exists"), "{again:#}");

    // status lists them.
    let status = h.emulator.run(&["status", "--name", "sessions", "--output", "json"]).success().json();
    assert_eq!(status["alerts"]["alarms"].as_array().unwrap().len(), 3, "{status:#}");
    assert_eq!(status["alerts"]["notifications"][0]["topic"], topic.as_str());
    let human = h.emulator.run(&["status", "--name", "sessions"]).success().stdout();
    let flat = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "alerts 3 alarms (3 INSUFFICIENT_DATA) to tpl-sessions-alerts; connection events Connect/Accept/Reject/Delete to tpl-sessions-alerts (Enabled)"
        ),
        "{human}"
    );

    // --remove leaves the census as before; a second --remove finds nothing to do.
    let removed = alerts(&h.emulator, &["--remove"]);
    assert!(actions(&removed).iter().all(|(_, a)| a == "deleted"), "{removed:#}");
    assert_eq!(census(&c), before);
    h.emulator.reset_requests();
    alerts(&h.emulator, &["--remove"]);
    assert_eq!(writes(&h.emulator.requests()), Default::default());
}

/// A topic of the user's is used as it is: the tool does not rewrite its policy, and says
/// which statement lets the connection events in; removing the alerts leaves the topic.
#[test]
fn a_topic_of_the_users_is_used_unchanged_and_left_on_removal() {
    let h = healthy(true);
    let c = h.emulator.clients();
    let theirs = c.block(async { c.sns.create_topic().name("oncall").send().await.unwrap().topic_arn.unwrap() });
    let policy_before = c.block(async { c.sns.get_topic_attributes().topic_arn(&theirs).send().await.unwrap() });
    let run = h.emulator.run(&["alerts", "--name", "sessions", "--sns-topic", &theirs, "--output", "json"]);
    run.success();
    assert!(run.stderr().contains("\"vpce.amazonaws.com\""), "the statement to add: {}", run.stderr());
    let report = run.json();
    assert!(actions(&report).contains(&("alert-topic".to_string(), "exists".to_string())), "{report:#}");
    let policy_after = c.block(async { c.sns.get_topic_attributes().topic_arn(&theirs).send().await.unwrap() });
    assert_eq!(policy_before.attributes().unwrap()["Policy"], policy_after.attributes().unwrap()["Policy"], "their policy is theirs");
    let alarms = c.block(async { c.cloudwatch.describe_alarms().alarm_name_prefix("tpl-sessions-").send().await.unwrap() });
    assert!(alarms.metric_alarms().iter().all(|a| a.alarm_actions() == [theirs.clone()]));

    h.emulator.reset_requests();
    h.emulator.run(&["alerts", "--name", "sessions", "--sns-topic", &theirs]).success();
    assert_eq!(writes(&h.emulator.requests()), Default::default());

    alerts(&h.emulator, &["--remove"]);
    let topics = c.block(async { c.sns.list_topics().send().await.unwrap() });
    assert_eq!(topics.topics().iter().filter_map(|t| t.topic_arn()).collect::<Vec<_>>(), [theirs.as_str()]);
    assert_eq!(c.block(async { c.cloudwatch.describe_alarms().send().await.unwrap() }).metric_alarms().len(), 0);
    let notifications = c.block(async { c.ec2.describe_vpc_endpoint_connection_notifications().send().await.unwrap() });
    assert!(notifications.connection_notification_set().is_empty());
}

/// The connection events reach the tool's own topic, whose policy lets the endpoint
/// service publish: Trigger.dev connecting is a `Connect` message; a topic of the user's
/// without that statement (the one `alerts` printed) gets none.
#[test]
fn trigger_devs_endpoint_connecting_is_a_message_on_the_topic() {
    let h = healthy(false);
    let c = h.emulator.clients();
    let theirs = c.block(async { c.sns.create_topic().name("oncall").send().await.unwrap().topic_arn.unwrap() });
    h.emulator.run(&["alerts", "--name", "sessions", "--sns-topic", &theirs]).success();
    let made = alerts(&h.emulator, &["--email", "oncall@example.com"]);
    let topic =
        made["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "alert-topic").unwrap()["id"].as_str().unwrap().to_string();
    assert!(h.emulator.sns_messages(&topic).is_empty());
    let endpoint = h.emulator.vendor_connect_in(crate::doctor::TRIGGER_ACCOUNT, &h.service_name, "use1-az6").unwrap();
    let sent = h.emulator.sns_messages(&topic);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["subject"], "VPC endpoint connection Connect");
    let message: Value = serde_json::from_str(sent[0]["message"].as_str().unwrap()).unwrap();
    assert_eq!(
        (message["VpcEndpointId"].as_str(), message["ServiceId"].as_str()),
        (Some(endpoint.id.as_str()), Some(h.service_id.as_str()))
    );
    assert!(h.emulator.sns_messages(&theirs).is_empty(), "their topic's policy does not let the service publish");
    // Moved from their topic to the tool's: the notification to theirs went with the alarms.
    let notifications = c.block(async { c.ec2.describe_vpc_endpoint_connection_notifications().send().await.unwrap() });
    let topics: Vec<&str> = notifications.connection_notification_set().iter().filter_map(|n| n.connection_notification_arn()).collect();
    assert_eq!(topics, [topic.as_str()]);
}

/// Bad input is refused with exit 2 naming the flag, before anything is made.
#[test]
fn bad_destinations_are_refused_before_anything_is_made() {
    let h = healthy(false);
    let c = h.emulator.clients();
    let before = census(&c);
    h.emulator.run(&["alerts", "--name", "sessions"]).fails_with(2, "--email");
    h.emulator.run(&["alerts", "--name", "sessions", "--email", "oncall"]).fails_with(2, "--email");
    h.emulator
        .run(&["alerts", "--name", "sessions", "--email", "a@example.com", "--sns-topic", "arn:aws:sns:us-east-1:123456789012:x"])
        .fails_with(2, "--sns-topic");
    h.emulator
        .run(&["alerts", "--name", "sessions", "--sns-topic", "arn:aws:sns:eu-west-1:123456789012:oncall"])
        .fails_with(2, "--sns-topic");
    h.emulator
        .run(&["alerts", "--name", "sessions", "--sns-topic", "arn:aws:sns:us-east-1:123456789012:missing"])
        .fails_with(2, "--sns-topic");
    h.emulator.run(&["alerts", "--name", "nothing", "--email", "a@example.com"]).fails_with(2, "no endpoint service");
    assert_eq!(census(&c), before, "nothing was made");
}

/// Teardown removes the alerts with the rest: the census of topics, alarms and
/// notifications is the one before setup's alerts.
#[test]
fn teardown_removes_the_alerts() {
    let h = healthy(true);
    let c = h.emulator.clients();
    let before = census(&c);
    alerts(&h.emulator, &["--email", "oncall@example.com"]);
    assert_ne!(census(&c), before);
    assert!(!nlb_group(&h).is_empty());
    let dry = h.emulator.run(&["teardown", "--name", "sessions", "--force", "--dry-run", "--output", "json"]).success().json();
    let kinds: Vec<String> = actions(&dry).into_iter().map(|(k, _)| k).collect();
    for kind in ["alarm", "connection-notification", "alert-topic"] {
        assert!(kinds.iter().any(|k| k == kind), "{kind}: {dry:#}");
    }
    h.emulator.run(&["teardown", "--name", "sessions", "--force", "--yes"]).success();
    assert_eq!(census(&c), before);
}

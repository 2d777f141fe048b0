//! What AWS measured, beside what the configuration says: CloudWatch as the Rust SDK
//! reads it, `status`'s figures, and doctor's evidence checks, each driven by the
//! emulator's traffic model (a task dialing through Trigger.dev's endpoint, a flow the
//! NLB's group drops, health as the emulator decides it) or, for what the model does not
//! decide (target resets), by data put into CloudWatch.

use serde_json::Value;

use crate::doctor::{
    Healthy, TRIGGER_ACCOUNT, assert_only, close_cache_group, doctor, failing, healthy, nlb_group, set_enforcement, statuses,
};

/// The emulator's CloudWatch answers the Rust SDK (Smithy RPC v2 CBOR) with what its
/// traffic model measured: each connection of Trigger.dev's through the endpoint counts a
/// flow on the NLB and a connection on the service (the ground the evidence stands on).
#[test]
fn cloudwatch_answers_the_rust_sdk_with_what_the_traffic_measured() {
    use aws_sdk_cloudwatch::types::{Dimension, Metric, MetricDataQuery, MetricStat};

    let h = healthy(true);
    let endpoint = h.endpoint_id.clone().unwrap();
    assert!(h.emulator.reach(&endpoint, 6379).is_ok());
    let c = h.emulator.clients();
    let dimension = |name: &str, value: &str| Dimension::builder().name(name).value(value).build();
    let query = |id: &str, namespace: &str, metric: &str, dimensions: Vec<Dimension>| {
        let metric = Metric::builder().namespace(namespace).metric_name(metric).set_dimensions(Some(dimensions)).build();
        MetricDataQuery::builder().id(id).metric_stat(MetricStat::builder().metric(metric).period(600).stat("Sum").build()).build()
    };
    let balancer = h.lb_arn.split(":loadbalancer/").nth(1).unwrap().to_string();
    let now = std::time::SystemTime::now();
    let answer = c.block(async {
        c.cloudwatch
            .get_metric_data()
            .metric_data_queries(query("flows", "AWS/NetworkELB", "NewFlowCount", vec![dimension("LoadBalancer", &balancer)]))
            .metric_data_queries(query(
                "connections",
                "AWS/PrivateLinkServices",
                "NewConnections",
                vec![dimension("Service Id", &h.service_id)],
            ))
            .start_time((now - std::time::Duration::from_secs(600)).into())
            .end_time((now + std::time::Duration::from_secs(60)).into())
            .send()
            .await
            .unwrap()
    });
    let sums: Vec<(Option<&str>, f64)> = answer.metric_data_results().iter().map(|r| (r.id(), r.values().iter().sum())).collect();
    // One connection by the fixture, one here.
    assert_eq!(sums, [(Some("flows"), 2.0), (Some("connections"), 2.0)], "{answer:#?}");
    assert_eq!(h.emulator.requests().get("cloudwatch:GetMetricData"), Some(&1));
}

/// `status` shows what CloudWatch measured in the last hour: each connection of a task
/// through Trigger.dev's endpoint (one by the fixture, one here) is a flow at the NLB and
/// a connection on the service and on that endpoint; the host counts are the route's
/// health as the emulator decides it; what nothing published is null in JSON and "-" on
/// the terminal, never 0. `--since 15m` reads a shorter window.
#[test]
fn status_shows_what_cloudwatch_measured() {
    let h = healthy(true);
    let endpoint = h.endpoint_id.clone().unwrap();
    assert!(h.emulator.reach(&endpoint, 6379).is_ok());
    let status = h.emulator.run(&["status", "--name", "sessions", "--output", "json"]).json();
    let metrics = &status["metrics"];
    let value = |list: &Value, metric: &str, stat: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|m| m["metric"] == metric && m["stat"] == stat)
            .unwrap_or_else(|| panic!("{metric}: {metrics:#}"))["value"]
            .clone()
    };
    assert_eq!(value(&metrics["load_balancer"], "NewFlowCount", "Sum"), 2.0, "{metrics:#}");
    assert_eq!(value(&metrics["load_balancer"], "ProcessedBytes", "Sum"), 240.0, "{metrics:#}");
    assert_eq!(value(&metrics["service"], "NewConnections", "Sum"), 2.0, "{metrics:#}");
    assert_eq!(metrics["endpoints"][0]["endpoint_id"], endpoint.as_str(), "{metrics:#}");
    assert_eq!(value(&metrics["endpoints"][0]["metrics"], "BytesProcessed", "Sum"), 240.0, "{metrics:#}");
    assert_eq!(value(&metrics["load_balancer"], "TCP_Target_Reset_Count", "Sum"), Value::Null, "not published is not 0");
    assert_eq!(metrics["window_seconds"], 3600);
    let route = &metrics["routes"][0];
    assert_eq!(route["port"], 6379, "{metrics:#}");
    assert_eq!(route["metrics"][0]["namespace"], "AWS/NetworkELB");
    assert_eq!((route["metrics"][0]["metric"].as_str(), route["metrics"][0]["unit"].as_str()), (Some("HealthyHostCount"), Some("Count")));
    let healthy = status["routes"][0]["healthy"].as_u64().unwrap();
    assert!(healthy > 0, "{status:#}");
    assert_eq!(value(&route["metrics"], "HealthyHostCount", "Maximum"), healthy as f64, "{metrics:#}");
    assert_eq!(value(&route["metrics"], "UnHealthyHostCount", "Maximum"), 0.0, "{metrics:#}");
    let human = h.emulator.run(&["status", "--name", "sessions"]).success().stdout();
    let flat = human.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("traffic (1h) endpoints' connections 2, bytes 240; NLB flows 2, bytes 240, blocked by its group -;"), "{human}");
    assert!(flat.contains(&format!("port 6379 healthy hosts {healthy}-{healthy}, unhealthy 0-0")), "{human}");
    // Over time, for the sparklines: twelve periods of 5 minutes, both flows in the newest.
    assert_eq!(metrics["series_period_seconds"], 300);
    let flows = metrics["load_balancer"].as_array().unwrap().iter().find(|m| m["metric"] == "NewFlowCount").unwrap();
    let series = flows["series"].as_array().unwrap();
    assert_eq!(series.len(), 12, "{flows:#}");
    assert_eq!(series[11], 2.0, "{flows:#}");
    assert!(series[..11].iter().all(Value::is_null), "nothing published before: {flows:#}");
    let short = h.emulator.run(&["status", "--name", "sessions", "--since", "15m", "--output", "json"]).json();
    assert_eq!(short["metrics"]["window_seconds"], 900, "{short:#}");
    assert_eq!(short["metrics"]["series_period_seconds"], 60, "a minute at least: {short:#}");
    assert!(h.emulator.run(&["status", "--name", "sessions", "--since", "15m"]).success().stdout().contains("traffic (15m)"));
}

/// On a terminal, status draws the NLB's new flows and each route's unhealthy hosts over
/// the window; on a pipe (the test above) it does not.
#[test]
fn status_on_a_terminal_draws_the_window() {
    let h = healthy(true);
    let (code, mut screen, raw) = crate::first_hour::in_terminal_80x24(&h.emulator, &["status", "--name", "sessions"]);
    assert_eq!(code, 0, "{raw}");
    let text = raw.replace('\r', "");
    let flows = text.lines().find(|l| l.starts_with("flows ")).unwrap_or_else(|| panic!("{text}"));
    assert!(flows.contains("           █  new flows per 5m, oldest first"), "one flow, in the newest period: {flows:?}");
    let port = text.lines().find(|l| l.starts_with("port 6379")).unwrap();
    // Host counts published once, by this read: none unhealthy, in the newest period.
    assert!(port.trim_end().ends_with("unhealthy 0-0; unhealthy            ▁"), "{port:?}");
    assert!(crate::first_hour::wrapped_rows(&mut screen).is_empty(), "fits 80 columns: {text}");
}

/// `iam-policy --for doctor`, whole and without `cloudwatch:GetMetricData`.
fn doctor_policy_with_and_without_metrics(h: &Healthy) -> (Value, Value) {
    let policy = h.emulator.run(&["iam-policy", "--for", "doctor"]).json();
    let mut blind = policy.clone();
    for statement in blind["Statement"].as_array_mut().unwrap() {
        statement["Action"].as_array_mut().unwrap().retain(|a| a != "cloudwatch:GetMetricData");
    }
    (policy, blind)
}

/// Metrics the caller may not read leave status whole: `metrics_unread` names the denied
/// action, and the exit code is the configuration's (0); with `iam-policy --for doctor`
/// whole, the figures are there.
#[test]
fn status_without_cloudwatch_access_says_so_and_still_succeeds() {
    let h = healthy(true);
    let (policy, blind) = doctor_policy_with_and_without_metrics(&h);
    let (reader, no_metrics) = (h.emulator.user("status-reader", &policy), h.emulator.user("status-blind", &blind));
    h.emulator.enforce_iam(true);
    let seen = h.emulator.run_as(&reader, &["status", "--name", "sessions", "--output", "json"]);
    let unseen = h.emulator.run_as(&no_metrics, &["status", "--name", "sessions", "--output", "json"]);
    let human = h.emulator.run_as(&no_metrics, &["status", "--name", "sessions"]);
    h.emulator.enforce_iam(false);
    assert_eq!(seen.code(), 0, "{}", seen.describe());
    assert!(seen.json()["metrics"]["load_balancer"].is_array(), "{}", seen.stdout());
    assert_eq!(unseen.code(), 0, "{}", unseen.describe());
    let json = unseen.json();
    assert!(json["metrics"].is_null(), "{json:#}");
    assert!(json["metrics_unread"].as_str().unwrap().contains("cloudwatch:GetMetricData"), "{json:#}");
    assert_eq!(json["unread"], serde_json::json!([]), "{json:#}");
    assert!(human.stdout().contains("not readable"), "{}", human.stdout());
}

fn check<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no {id}: {report:#}"))
}

/// Enforcement on with the NLB's narrow group: each task's connection is dropped, the
/// traffic model counts it as a blocked flow, and doctor names the figure, the group and
/// the listener port, beside nlb-enforcement-off's failure; once enforcement is off the
/// flows blocked earlier in the window are history, not a warning.
#[test]
fn blocked_flows_name_the_group_and_the_port() {
    let h = healthy(true);
    let endpoint = h.endpoint_id.clone().unwrap();
    set_enforcement(&h, true);
    for _ in 0..3 {
        assert!(h.emulator.reach(&endpoint, 6379).is_err());
    }
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(failing(&report), ["nlb-enforcement-off"], "evidence never fails: {report:#}");
    let blocked = check(&report, "blocked-flows");
    assert_eq!(blocked["status"], "warn", "{blocked:#}");
    let summary = blocked["summary"].as_str().unwrap();
    let group = nlb_group(&h);
    assert!(summary.starts_with(&format!("3 flows dropped in the last 1h by the NLB's security group {group}")), "{summary}");
    assert!(summary.contains("TCP 6379") && summary.contains("nlb-enforcement-off"), "{summary}");
    assert_eq!(blocked["remedy"], "trigger-privatelink disable-enforcement --name sessions");
    let human = h.emulator.run(&["doctor", "--name", "sessions"]).stdout();
    assert!(human.contains("⚠ blocked-flows"), "{human}");
    assert!(human.contains("  nlb-enforcement-off, blocked-flows: trigger-privatelink disable-enforcement --name sessions"), "{human}");

    set_enforcement(&h, false);
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    let blocked = check(&report, "blocked-flows");
    assert_eq!(blocked["status"], "pass", "{blocked:#}");
    assert!(blocked["summary"].as_str().unwrap().contains("3 flows dropped by"), "{blocked:#}");
}

/// Trigger.dev's endpoint connected and available, and no task has dialed it: doctor says
/// the tasks are not dialing it (the figure is "not published", never 0), and passes,
/// quoting the bytes, once one has.
#[test]
fn an_available_endpoint_that_carried_nothing_means_the_tasks_are_not_dialing_it() {
    let h = healthy(false);
    let endpoint = h.emulator.vendor_connect_in(TRIGGER_ACCOUNT, &h.service_name, "use1-az6").unwrap();
    assert_eq!(endpoint.state, "available");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "a warning, not a failure: {report:#}");
    assert_only(&report, "endpoint-traffic", "warn", &[]);
    let idle = check(&report, "endpoint-traffic");
    let summary = idle["summary"].as_str().unwrap();
    assert!(
        summary.starts_with(&format!(
            "no bytes through Trigger.dev's available endpoint in the last 1h ({}: BytesProcessed not published, NewConnections not published)",
            endpoint.id
        )),
        "{summary}"
    );
    assert!(summary.ends_with("its tasks are not dialing it"), "{summary}");
    assert!(idle["remedy"].as_str().unwrap().contains("listener port (6379)"), "{idle:#}");

    assert!(h.emulator.reach(&endpoint.id, 6379).is_ok());
    let (_, report) = doctor(&h, &["--since", "15m"]);
    let busy = check(&report, "endpoint-traffic");
    assert_eq!(busy["status"], "pass", "{busy:#}");
    assert_eq!(busy["summary"], format!("in the last 15m, {}: BytesProcessed 120, NewConnections 1", endpoint.id));
}

/// Resets by the target are not the traffic model's to decide: put into CloudWatch as
/// the NLB publishes them, doctor reports them with the figure and what to look at.
#[test]
fn target_resets_say_the_resource_refuses_the_connection() {
    use aws_sdk_cloudwatch::types::{Dimension, MetricDatum, StandardUnit};

    let h = healthy(true);
    let c = h.emulator.clients();
    let balancer = h.lb_arn.split(":loadbalancer/").nth(1).unwrap().to_string();
    c.block(async {
        let datum = MetricDatum::builder()
            .metric_name("TCP_Target_Reset_Count")
            .dimensions(Dimension::builder().name("LoadBalancer").value(&balancer).build())
            .value(4.0)
            .unit(StandardUnit::Count)
            .timestamp(std::time::SystemTime::now().into())
            .build();
        c.cloudwatch.put_metric_data().namespace("AWS/NetworkELB").metric_data(datum).send().await.unwrap()
    });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_only(&report, "target-resets", "warn", &[]);
    let resets = check(&report, "target-resets");
    assert_eq!(
        resets["summary"],
        "the targets reset 4 connections in the last 1h (TCP_Target_Reset_Count): the resource refuses the connection"
    );
    assert!(resets["remedy"].as_str().unwrap().contains("target port (6379)"), "{resets:#}");
    let status = h.emulator.run(&["status", "--name", "sessions"]).success().stdout();
    assert!(status.split_whitespace().collect::<Vec<_>>().join(" ").contains("target 4"), "{status}");
}

/// The cache's group closed, then opened again by `doctor --fix`: health as the emulator
/// decided it at each read is what CloudWatch holds, so the healthy targets had unhealthy
/// hosts in the window, and doctor says they flapped, with the health check's settings.
#[test]
fn targets_unhealthy_earlier_in_the_window_and_healthy_now_flapped() {
    let h = healthy(true);
    close_cache_group(&h);
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report)["targets-flapping"], "pass", "unhealthy now is targets-healthy's to say: {report:#}");
    doctor(&h, &["--fix", "--yes"]);
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_only(&report, "targets-flapping", "warn", &[]);
    let summary = check(&report, "targets-flapping")["summary"].as_str().unwrap().to_string();
    assert!(
        summary.starts_with("the targets flapped: port 6379: up to 2 unhealthy hosts in the last 1h though all 2 are healthy now"),
        "{summary}"
    );
    assert!(summary.contains("(health check TCP on traffic-port every 10 s"), "{summary}");
}

/// Without cloudwatch:GetMetricData the evidence checks are skipped with the reason, and
/// doctor's exit code is the configuration checks' alone: 0 for a healthy connection, 1
/// when one fails.
#[test]
fn unreadable_metrics_skip_the_evidence_and_leave_the_verdict_to_the_configuration() {
    let h = healthy(true);
    let (_, blind) = doctor_policy_with_and_without_metrics(&h);
    let reader = h.emulator.user("doctor-blind", &blind);
    let args = ["doctor", "--name", "sessions", "--account-id", TRIGGER_ACCOUNT, "--port", "6379", "--output", "json"];
    h.emulator.enforce_iam(true);
    let healthy_run = h.emulator.run_as(&reader, &args);
    h.emulator.enforce_iam(false);
    set_enforcement(&h, true);
    h.emulator.enforce_iam(true);
    let broken_run = h.emulator.run_as(&reader, &args);
    h.emulator.enforce_iam(false);
    assert_eq!(healthy_run.code(), 0, "{}", healthy_run.describe());
    let report = healthy_run.json();
    for id in ["endpoint-traffic", "blocked-flows", "target-resets", "targets-flapping"] {
        let finding = check(&report, id);
        assert_eq!(finding["status"], "skip", "{finding:#}");
        assert!(finding["summary"].as_str().unwrap().contains("cloudwatch:GetMetricData"), "{finding:#}");
    }
    assert!(
        statuses(&report)
            .iter()
            .all(|(id, status)| status == "pass" || check(&report, id)["summary"].as_str().unwrap().contains("CloudWatch"))
    );
    assert_eq!(broken_run.code(), 1, "{}", broken_run.describe());
    let broken: Value = serde_json::from_str(&broken_run.stdout()).unwrap();
    assert_eq!(failing(&broken), ["nlb-enforcement-off"]);
}

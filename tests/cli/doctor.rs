//! doctor: for each check id, a scenario that breaks exactly that thing; fixes; a
//! console-built service diagnosed by ID; and its speed under added latency.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use crate::harness::Emulator;
use crate::seed::{self, Account};

pub const TRIGGER_ACCOUNT: &str = "210987654321";

pub struct Healthy {
    pub emulator: Emulator,
    pub account: Account,
    pub service_id: String,
    pub service_name: String,
    pub lb_arn: String,
    pub tg_arn: String,
    /// Trigger.dev's endpoint, when it connected.
    pub endpoint_id: Option<String>,
}

/// A two-target connection (the Redis primary and replica, zones a and b), with its
/// sync installed, that Trigger.dev's account has connected to: every check passes.
pub fn healthy(vendor_connects: bool) -> Healthy {
    healthy_in_zones(vendor_connects, 2)
}

/// As [`healthy`], with the NLB in the first `zones` of the seeded subnets.
pub fn healthy_in_zones(vendor_connects: bool, zones: usize) -> Healthy {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut args = vec![
        "setup",
        "--no-input",
        "--name",
        "sessions",
        "--elasticache-replication-group",
        "sessions",
        "--all-nodes",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--supported-region",
        "eu-central-1",
        "--resource-security-group-rule",
        "--output",
        "json",
    ];
    for subnet in &account.subnets[..zones] {
        args.extend(["--subnet", subnet.as_str()]);
    }
    let report = emulator.run(&args).json();
    emulator.run(&["sync-targets", "--name", "sessions", "--install"]).success();
    let service_name = report["service_name"].as_str().unwrap().to_string();
    let endpoint_id = vendor_connects.then(|| {
        let endpoint = emulator.vendor_connect_in(TRIGGER_ACCOUNT, &service_name, "use1-az6").unwrap();
        assert_eq!(endpoint.state, "available");
        // A task dials through it once: the bytes CloudWatch then holds are what
        // endpoint-traffic looks for.
        assert!(emulator.reach(&endpoint.id, 6379).is_ok(), "a healthy connection carries a task's connection");
        endpoint.id
    });
    let find = |kind: &str| {
        report["resources"].as_array().unwrap().iter().find(|r| r["kind"] == kind).unwrap()["id"].as_str().unwrap().to_string()
    };
    Healthy {
        service_id: report["service_id"].as_str().unwrap().to_string(),
        lb_arn: find("load-balancer"),
        tg_arn: find("target-group"),
        service_name,
        endpoint_id,
        emulator,
        account,
    }
}

pub fn doctor(h: &Healthy, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["doctor", "--name", "sessions", "--account-id", TRIGGER_ACCOUNT, "--output", "json"];
    if !extra.contains(&"--port") {
        args.extend(["--port", "6379"]);
    }
    args.extend_from_slice(extra);
    let run = h.emulator.run(&args);
    let json: Value = serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}\n{}", run.stdout(), run.stderr()));
    (run.code(), json)
}

pub fn statuses(report: &Value) -> BTreeMap<String, String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["id"].as_str().unwrap().to_string(), c["status"].as_str().unwrap().to_string()))
        .collect()
}

/// `broken` has the expected status; every check not in `related` passes.
pub fn assert_only(report: &Value, broken: &str, status: &str, related: &[&str]) {
    let all = statuses(report);
    assert_eq!(all[broken], status, "{broken}: {report:#}");
    for (id, got) in &all {
        if id != broken && !related.contains(&id.as_str()) {
            assert_eq!(got, "pass", "{id} should pass when only {broken} is broken: {report:#}");
        }
    }
    let check = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == broken).unwrap();
    assert!(!check["summary"].as_str().unwrap().is_empty());
    if status == "fail" {
        assert!(!check["remedy"].as_str().unwrap_or_default().is_empty(), "a failure carries a remedy: {check:#}");
    }
}

#[test]
fn a_healthy_connection_passes_every_check() {
    let h = healthy(true);
    let (code, report) = doctor(&h, &["--task-region", "us-east-1"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["ok"], true);
    assert_eq!(statuses(&report).len(), 25);
    assert!(statuses(&report).values().all(|s| s == "pass"), "{report:#}");
    assert_eq!(report["target"]["service_id"], h.service_id.as_str());
    let human = h.emulator.run(&["doctor", "--name", "sessions"]);
    human.success();
    for title in [
        "Status stays at Pending or Provisioning",
        "Status is Active but tasks can't connect",
        "Connection works but is slow",
        "✔ credentials",
    ] {
        assert!(human.stdout().contains(title), "{}", human.stdout());
    }
}

#[test]
fn credentials() {
    let h = healthy(true);
    h.emulator.fault("sts:GetCallerIdentity", 1, 10, "InvalidClientTokenId");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "credentials", "fail", &[]);
}

fn not_passing(report: &Value) -> Vec<&Value> {
    report["checks"].as_array().unwrap().iter().filter(|c| c["status"] != "pass").collect()
}

#[test]
fn a_read_that_fails_fails_the_checks_that_needed_it() {
    // An unreadable list is not an empty one: doctor must not pass (or skip) what it
    // could not see.
    let h = healthy(true);
    h.emulator.fault("elasticloadbalancing:DescribeTargetHealth", 1, 10, "AccessDenied");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    let failed: Vec<&str> = not_passing(&report).iter().map(|c| c["id"].as_str().unwrap()).collect();
    // sync-installed too: which routes can drift is read from the same groups.
    let target_checks = [
        "targets-registered",
        "targets-healthy",
        "target-ip-drift",
        "resource-sg-ingress",
        "network-acl",
        "az-coverage",
        "health-check",
        "sync-installed",
        "targets-flapping",
    ];
    assert_eq!(failed, target_checks, "{report:#}");
    for check in not_passing(&report) {
        assert_eq!(check["status"], "fail", "{check:#}");
        let summary = check["summary"].as_str().unwrap();
        assert!(
            summary.starts_with("could not read the target health of tpl-sessions-tg:") && summary.contains("AccessDenied"),
            "{check:#}"
        );
        assert!(check["remedy"].as_str().unwrap().contains("iam-policy --for doctor"), "{check:#}");
    }
    h.emulator.clear_faults();
    assert_eq!(doctor(&h, &[]).0, 0);

    // Unreadable tags hide which resource the targets came from: drift cannot be judged,
    // and says why instead of calling the resource unknown.
    h.emulator.fault("elasticloadbalancing:DescribeTags", 1, 10, "AccessDenied");
    let by_id = h.emulator.run(&["doctor", "--service-id", &h.service_id, "--port", "6379", "--output", "json"]);
    let report: Value = serde_json::from_str(&by_id.stdout()).unwrap();
    assert_eq!(by_id.code(), 1, "{report:#}");
    // By service ID the connection's sync is not looked for: that check is skipped, saying so.
    let sync = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "sync-installed").unwrap();
    assert_eq!(
        (sync["status"].as_str(), sync["summary"].as_str()),
        (Some("skip"), Some("skipped: not a connection of the tool: its sync is not known"))
    );
    let failed: Vec<&Value> = not_passing(&report).into_iter().filter(|c| c["id"] != "sync-installed").collect();
    assert_eq!(failed.len(), 1, "{report:#}");
    assert_eq!(failed[0]["id"], "target-ip-drift");
    assert!(failed[0]["summary"].as_str().unwrap().starts_with("could not read the tags of tpl-sessions-tg:"), "{report:#}");
}

#[test]
fn service_exists_and_service_available() {
    let h = healthy(false);
    h.emulator.set_state(serde_json::json!({"service_id": h.service_id, "state": "Failed"}));
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "service-available", "fail", &["vendor-endpoint", "endpoint-traffic"]);
    h.emulator.set_state(serde_json::json!({"service_id": h.service_id, "state": "Pending"}));
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "service-available", "warn", &["vendor-endpoint", "endpoint-traffic"]);

    let c = h.emulator.clients();
    c.block(async { c.ec2.delete_vpc_endpoint_service_configurations().service_ids(&h.service_id).send().await.unwrap() });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    let service_checks = [
        "service-available",
        "principal-allowed",
        "no-wildcard-principal",
        "acceptance-not-required",
        "vendor-endpoint",
        "private-dns-off",
        "supported-region",
        "cross-region-latency",
        "endpoint-traffic",
    ];
    assert_only(&report, "service-exists", "fail", &service_checks);
    for id in service_checks {
        assert_eq!(statuses(&report)[id], "skip", "{id} cannot be judged without a service");
    }
}

#[test]
fn principal_allowed_and_no_wildcard() {
    let h = healthy(true);
    let c = h.emulator.clients();
    let principals = |add: Option<&str>, remove: Option<&str>| {
        c.block(async {
            c.ec2
                .modify_vpc_endpoint_service_permissions()
                .service_id(&h.service_id)
                .set_add_allowed_principals(add.map(|p| vec![p.to_string()]))
                .set_remove_allowed_principals(remove.map(|p| vec![p.to_string()]))
                .send()
                .await
                .unwrap()
        })
    };
    principals(Some("*"), None);
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "no-wildcard-principal", "fail", &[]);
    principals(None, Some("*"));
    principals(None, Some(&format!("arn:aws:iam::{TRIGGER_ACCOUNT}:root")));
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "principal-allowed", "fail", &[]);
    let (code, _) = doctor(&h, &["--fix", "--yes"]);
    assert_eq!(code, 0, "--fix allows the missing principal");
}

#[test]
fn acceptance_required_and_a_pending_vendor_endpoint_are_fixed() {
    let h = healthy(false);
    let c = h.emulator.clients();
    c.block(async {
        c.ec2.modify_vpc_endpoint_service_configuration().service_id(&h.service_id).acceptance_required(true).send().await.unwrap()
    });
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "acceptance-not-required", "fail", &["vendor-endpoint", "endpoint-traffic"]);
    assert_eq!(statuses(&report)["vendor-endpoint"], "warn", "no endpoint yet");
    assert_eq!(h.emulator.vendor_connect(TRIGGER_ACCOUNT, &h.service_name), "pendingAcceptance");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "vendor-endpoint", "fail", &["acceptance-not-required", "endpoint-traffic"]);
    let fixed =
        h.emulator.run(&["doctor", "--name", "sessions", "--account-id", TRIGGER_ACCOUNT, "--fix", "--yes", "--output", "json"]).json();
    assert_eq!(fixed["fixed"].as_array().unwrap().len(), 2, "{fixed:#}");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(statuses(&report)["vendor-endpoint"], "pass");
}

#[test]
fn vendor_endpoint_rejected() {
    let h = healthy(true);
    let c = h.emulator.clients();
    c.block(async {
        let found = c.ec2.describe_vpc_endpoint_connections().send().await.unwrap();
        let id = found.vpc_endpoint_connections()[0].vpc_endpoint_id().unwrap().to_string();
        c.ec2.reject_vpc_endpoint_connections().service_id(&h.service_id).vpc_endpoint_ids(id).send().await.unwrap()
    });
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "vendor-endpoint", "fail", &["endpoint-traffic"]);
    assert!(report.to_string().contains("rejected"));
}

#[test]
fn private_dns_supported_region_and_cross_region_latency() {
    let h = healthy(true);
    let c = h.emulator.clients();
    c.block(async {
        c.ec2.modify_vpc_endpoint_service_configuration().service_id(&h.service_id).private_dns_name("db.example.com").send().await.unwrap()
    });
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "private-dns-off", "warn", &[]);
    c.block(async {
        c.ec2.modify_vpc_endpoint_service_configuration().service_id(&h.service_id).remove_private_dns_name(true).send().await.unwrap()
    });
    let (_, report) = doctor(&h, &["--task-region", "ap-south-1"]);
    assert_only(&report, "supported-region", "fail", &["cross-region-latency"]);
    let (code, report) = doctor(&h, &["--task-region", "eu-central-1"]);
    assert_eq!(code, 0);
    assert_only(&report, "cross-region-latency", "warn", &[]);
}

#[test]
fn nlb_internal_active_and_enforcement() {
    let h = healthy(true);
    h.emulator.set_state(serde_json::json!({"load_balancer": h.lb_arn, "state": "failed"}));
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "nlb-internal-active", "fail", &[]);
    h.emulator.set_state(serde_json::json!({"load_balancer": h.lb_arn, "state": "active"}));
    let c = h.emulator.clients();
    c.block(async {
        let lb = c.elb.describe_load_balancers().load_balancer_arns(&h.lb_arn).send().await.unwrap();
        let groups = lb.load_balancers()[0].security_groups().to_vec();
        c.elb
            .set_security_groups()
            .load_balancer_arn(&h.lb_arn)
            .set_security_groups(Some(groups))
            .enforce_security_group_inbound_rules_on_private_link_traffic(
                aws_sdk_elasticloadbalancingv2::types::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum::On,
            )
            .send()
            .await
            .unwrap()
    });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "nlb-enforcement-off", "fail", &[]);
    assert!(report.to_string().contains("trigger-privatelink disable-enforcement --name sessions"));
    doctor(&h, &["--fix", "--yes"]);
    assert_eq!(doctor(&h, &[]).0, 0);
}

#[test]
fn listener_port_the_tasks_dial() {
    let h = healthy(true);
    let (code, report) = doctor(&h, &["--port", "6380"]);
    assert_eq!(code, 1);
    assert_only(&report, "listener-port", "fail", &[]);
}

#[test]
fn targets_registered() {
    let h = healthy(true);
    let c = h.emulator.clients();
    c.block(async {
        let health = c.elb.describe_target_health().target_group_arn(&h.tg_arn).send().await.unwrap();
        let targets: Vec<_> = health.target_health_descriptions().iter().map(|d| d.target().unwrap().clone()).collect();
        c.elb.deregister_targets().target_group_arn(&h.tg_arn).set_targets(Some(targets)).send().await.unwrap()
    });
    let (_, report) = doctor(&h, &[]);
    // No target, no host count: targets-flapping has nothing to judge.
    assert_only(
        &report,
        "targets-registered",
        "fail",
        &["targets-healthy", "target-ip-drift", "resource-sg-ingress", "az-coverage", "targets-flapping"],
    );
}

/// Every rule of the cache's own group revoked: the NLB's health checks no longer reach
/// it. Its ID.
pub fn close_cache_group(h: &Healthy) -> String {
    let c = h.emulator.clients();
    c.block(async {
        let groups = c.ec2.describe_security_groups().group_names("sessions-cache").send().await.unwrap();
        let group = groups.security_groups()[0].clone();
        c.ec2
            .revoke_security_group_ingress()
            .group_id(group.group_id().unwrap())
            .set_ip_permissions(Some(group.ip_permissions().to_vec()))
            .send()
            .await
            .unwrap();
        group.group_id().unwrap().to_string()
    })
}

#[test]
fn unhealthy_targets_behind_a_closed_security_group_are_fixed() {
    let h = healthy(true);
    let cache_group = close_cache_group(&h);
    let (_, report) = doctor(&h, &[]);
    // The closed group is the cause and fails; the unhealthy targets are its symptom, a
    // warning that points at it: one failure, not several.
    assert_only(&report, "resource-sg-ingress", "fail", &["targets-healthy"]);
    assert_eq!(statuses(&report)["targets-healthy"], "warn");
    assert_eq!(failing(&report), ["resource-sg-ingress"]);
    assert!(report.to_string().contains("Target.Timeout: the cause is under resource-sg-ingress"), "{report:#}");
    assert!(report.to_string().contains(&cache_group));
    doctor(&h, &["--fix", "--yes"]);
    assert_eq!(doctor(&h, &[]).0, 0);
}

#[test]
fn target_ip_drift_after_failover_is_fixed() {
    let h = healthy(true);
    let new_ip = h.emulator.failover("sessions-001");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "target-ip-drift", "fail", &["targets-healthy", "resource-sg-ingress"]);
    assert!(report.to_string().contains(&h.account.cache_primary_ip), "{report:#}");
    doctor(&h, &["--fix", "--yes"]);
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    let registered = h.emulator.run(&["resolve-ips", "--elasticache-replication-group", "sessions", "--output", "json"]).json();
    assert_eq!(registered["nodes"][0]["ip"], new_ip.as_str());
}

#[test]
fn az_coverage_with_cross_zone_off_is_fixed() {
    // The NLB in us-east-1a only; the replica lives in us-east-1b.
    let h = healthy_in_zones(true, 1);
    let (_, report) = doctor(&h, &[]);
    assert_only(&report, "az-coverage", "warn", &[]);
    assert!(report.to_string().contains("one zone only"));
    let c = h.emulator.clients();
    c.block(async {
        c.elb
            .modify_load_balancer_attributes()
            .load_balancer_arn(&h.lb_arn)
            .attributes(
                aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute::builder()
                    .key("load_balancing.cross_zone.enabled")
                    .value("false")
                    .build(),
            )
            .send()
            .await
            .unwrap()
    });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_only(&report, "az-coverage", "fail", &["targets-healthy"]);
    assert!(report.to_string().contains("Target.NotInUse"), "{report:#}");
    doctor(&h, &["--fix", "--yes"]);
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(statuses(&report)["az-coverage"], "warn", "one zone left, cross-zone on: {report:#}");
    assert_eq!(statuses(&report)["targets-healthy"], "pass");
}

#[test]
fn health_check_interval() {
    let h = healthy(true);
    let c = h.emulator.clients();
    c.block(async { c.elb.modify_target_group().target_group_arn(&h.tg_arn).health_check_interval_seconds(30).send().await.unwrap() });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "a warning is not a failure");
    assert_only(&report, "health-check", "warn", &[]);
}

#[test]
fn a_console_built_service_is_diagnosed_by_id() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let spec = seed::HandBuilt {
        nlb: "console-nlb",
        target_group: "console-tg",
        port: 5432,
        target_ip: &account.rds_ip,
        subnets: &account.subnets[..1],
        security_groups: Vec::new(),
        tags: &[],
    };
    let lb_arn = seed::hand_built_nlb(&emulator, &account, spec);
    let c = emulator.clients();
    let service_id = c.block(async {
        let svc = c
            .ec2
            .create_vpc_endpoint_service_configuration()
            .network_load_balancer_arns(&lb_arn)
            .acceptance_required(true)
            .send()
            .await
            .unwrap();
        svc.service_configuration().unwrap().service_id().unwrap().to_string()
    });
    let run = emulator.run(&["doctor", "--service-id", &service_id, "--output", "json"]);
    let report: Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(run.code(), 1);
    let all = statuses(&report);
    assert_eq!(all["acceptance-not-required"], "fail");
    assert_eq!(all["principal-allowed"], "fail", "nobody allowed");
    assert_eq!(all["resource-sg-ingress"], "fail", "orders-db's group admits nothing");
    assert_eq!(all["nlb-enforcement-off"], "pass", "no security group on the NLB");
    assert_eq!(all["target-ip-drift"], "skip", "an untagged target group names no resource");
    assert_eq!(all["az-coverage"], "warn", "one zone");
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["status"] == "fail")
            .all(|c| c["remedy"].as_str().is_some_and(|r| r.contains("--service-id")))
    );
    // With only one service in the region, doctor finds it without being told.
    let found = emulator.run(&["doctor", "--output", "json"]);
    assert_eq!(serde_json::from_str::<Value>(&found.stdout()).unwrap()["target"]["service_id"], service_id.as_str());
}

#[test]
fn several_services_without_a_target_is_a_usage_error_listing_them() {
    let h = healthy(false);
    let c = h.emulator.clients();
    // A second service, on a load balancer of its own (AWS allows one service per NLB).
    c.block(async {
        use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerTypeEnum};
        let other = c
            .elb
            .create_load_balancer()
            .name("other-nlb")
            .r#type(LoadBalancerTypeEnum::Network)
            .scheme(LoadBalancerSchemeEnum::Internal)
            .subnets(&h.account.subnets[0])
            .send()
            .await
            .unwrap();
        let arn = other.load_balancers()[0].load_balancer_arn().unwrap().to_string();
        c.ec2.create_vpc_endpoint_service_configuration().network_load_balancer_arns(arn).send().await.unwrap()
    });
    let run = h.emulator.run(&["doctor"]);
    run.fails_with(2, "several endpoint services");
    assert!(run.stderr().contains(&h.service_id));
}

#[test]
fn doctor_is_quick_under_latency_and_reads_each_thing_once() {
    let h = healthy(true);
    h.emulator.set(serde_json::json!({"latency_ms": 100}));
    // A benchmark's figure is its best run: the other tests share these two cores, and
    // one run slowed by them says nothing about doctor. Three tries at most.
    let mut walls = Vec::new();
    let (wall, counts) = loop {
        h.emulator.reset_requests();
        let started = Instant::now();
        let (code, _) = doctor(&h, &[]);
        let wall = started.elapsed().as_secs_f64();
        assert_eq!(code, 0);
        walls.push(format!("{wall:.2}"));
        if wall < 1.0 || walls.len() == 3 {
            break (wall, h.emulator.requests());
        }
    };
    let calls: u64 = counts.values().sum();
    let serial = calls as f64 * 0.1;
    eprintln!(
        "doctor with 100 ms per AWS call: {wall:.2} s wall (runs: {walls:?}), {calls} calls ({serial:.1} s one after another): {counts:#?}"
    );
    assert!(wall < 1.0, "doctor took {walls:?} s");
    assert!(wall < serial, "{wall:.2} s is not faster than {serial:.1} s serial");
    for (operation, count) in &counts {
        let allowed = if operation.ends_with("DescribeNetworkInterfaces") { 2 } else { 1 };
        assert!(*count <= allowed, "{operation} called {count} times");
    }
}

#[test]
fn watch_waits_until_trigger_dev_connects() {
    let h = healthy(false);
    let started = Instant::now();
    let args = ["--endpoint-url", h.emulator.url.as_str(), "doctor", "--name", "sessions", "--watch", "60", "--output", "json"];
    let watcher =
        crate::harness::binary_command(&args).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::piped()).spawn().unwrap();
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(h.emulator.vendor_connect(TRIGGER_ACCOUNT, &h.service_name), "available");
    let output = watcher.wait_with_output().unwrap();
    let waited = started.elapsed().as_secs_f64();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{report:#}");
    assert_eq!(statuses(&report)["vendor-endpoint"], "pass");
    assert!((2.0..20.0).contains(&waited), "watched for {waited:.1} s");
    // Without the vendor, the watch gives up at its timeout and reports what is missing.
    let h = healthy(false);
    let run = h.emulator.run(&["doctor", "--name", "sessions", "--watch", "1"]);
    assert_eq!(run.code(), 0, "a warning is not a failure");
    assert!(run.stderr().contains("gave up waiting"), "{}", run.stderr());
}

pub fn failing(report: &Value) -> Vec<String> {
    statuses(report).into_iter().filter(|(_, status)| status == "fail").map(|(id, _)| id).collect()
}

pub fn nlb_group(h: &Healthy) -> String {
    let c = h.emulator.clients();
    c.block(async {
        let lb = c.elb.describe_load_balancers().load_balancer_arns(&h.lb_arn).send().await.unwrap();
        lb.load_balancers()[0].security_groups()[0].clone()
    })
}

pub fn set_enforcement(h: &Healthy, on: bool) {
    use aws_sdk_elasticloadbalancingv2::types::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum as Enforcement;
    let group = nlb_group(h);
    let c = h.emulator.clients();
    c.block(async {
        c.elb
            .set_security_groups()
            .load_balancer_arn(&h.lb_arn)
            .security_groups(group)
            .enforce_security_group_inbound_rules_on_private_link_traffic(if on { Enforcement::On } else { Enforcement::Off })
            .send()
            .await
            .unwrap()
    });
}

#[test]
fn enforcement_on_fails_with_a_narrow_group_and_passes_open_to_all_as_traffic_flows() {
    let h = healthy(true);
    let endpoint = h.endpoint_id.clone().unwrap();
    assert!(h.emulator.reach(&endpoint, 6379).is_ok());
    set_enforcement(&h, true);
    let dropped = h.emulator.reach(&endpoint, 6379).unwrap_err();
    assert!(dropped.starts_with("enforcement is on and the NLB's security groups do not admit TCP 6379"), "{dropped}");
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    assert_eq!(failing(&report), ["nlb-enforcement-off"], "one failure, not several: {report:#}");
    // The vendor's alternative to turning enforcement off: the listener port open to all.
    let c = h.emulator.clients();
    let group = nlb_group(&h);
    c.block(async {
        let open = aws_sdk_ec2::types::IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(6379)
            .to_port(6379)
            .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .build();
        c.ec2.authorize_security_group_ingress().group_id(group).ip_permissions(open).send().await.unwrap()
    });
    assert_eq!(h.emulator.reach(&endpoint, 6379).as_deref(), Ok(h.account.cache_primary_ip.clone() + ":6379").as_deref());
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(statuses(&report)["nlb-enforcement-off"], "pass");
}

#[test]
fn a_network_acl_that_blocks_the_health_check_is_named() {
    let h = healthy(true);
    // The replica's subnet (us-east-1b) refuses the port from the NLB's node in us-east-1a
    // (the seeded subnet 10.20.1.0/24).
    let replica_subnet = h.account.subnets[1].clone();
    let c = h.emulator.clients();
    let acl = c.block(async {
        use aws_sdk_ec2::types::{Filter, PortRange, RuleAction};
        let acl = c.ec2.create_network_acl().vpc_id(&h.account.vpc).send().await.unwrap();
        let acl_id = acl.network_acl().unwrap().network_acl_id().unwrap().to_string();
        for (number, egress, action, from, to, cidr) in [
            (90, false, RuleAction::Deny, 6379, 6379, "10.20.1.0/24"),
            (100, false, RuleAction::Allow, 0, 65535, "0.0.0.0/0"),
            (100, true, RuleAction::Allow, 0, 65535, "0.0.0.0/0"),
        ] {
            c.ec2
                .create_network_acl_entry()
                .network_acl_id(&acl_id)
                .rule_number(number)
                .egress(egress)
                .rule_action(action)
                .protocol("6")
                .port_range(PortRange::builder().from(from).to(to).build())
                .cidr_block(cidr)
                .send()
                .await
                .unwrap();
        }
        let current = c
            .ec2
            .describe_network_acls()
            .filters(Filter::builder().name("association.subnet-id").values(&replica_subnet).build())
            .send()
            .await
            .unwrap();
        let association = current.network_acls()[0]
            .associations()
            .iter()
            .find(|a| a.subnet_id() == Some(replica_subnet.as_str()))
            .and_then(|a| a.network_acl_association_id())
            .unwrap()
            .to_string();
        c.ec2.replace_network_acl_association().association_id(association).network_acl_id(&acl_id).send().await.unwrap();
        acl_id
    });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 1);
    let acl_finding = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "network-acl").unwrap();
    assert_eq!(acl_finding["status"], "fail", "{report:#}");
    let summary = acl_finding["summary"].as_str().unwrap();
    assert!(summary.contains(&format!("{acl} inbound rule 90 denies TCP 6379 from 10.20.1.0/24 (subnet {replica_subnet})")), "{summary}");
    assert!(summary.contains(&h.account.cache_replica_ip), "{summary}");
    // The health check fails (AWS reports the replica unhealthy): that is the symptom, a
    // warning pointing at the ACL, the one failure.
    assert_eq!(failing(&report), ["network-acl"], "one failure, not several: {report:#}");
    assert_eq!(statuses(&report)["targets-healthy"], "warn");
    assert!(report.to_string().contains("Target.Timeout: the cause is under network-acl"), "{report:#}");
    // Once the entry is gone, everything passes.
    c.block(async { c.ec2.delete_network_acl_entry().network_acl_id(&acl).rule_number(90).egress(false).send().await.unwrap() });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
}

#[test]
fn a_service_missing_the_zone_of_trigger_devs_endpoint_is_named() {
    // The NLB in us-east-1a only (use1-az6 in this account); Trigger.dev's endpoint is in use1-az1.
    let h = healthy_in_zones(false, 1);
    let refused = h.emulator.vendor_connect_in(TRIGGER_ACCOUNT, &h.service_name, "use1-az1").err().unwrap();
    assert!(
        refused.starts_with("InvalidParameter: The VPC endpoint service") && refused.contains("does not support the Availability Zone")
    );
    let (code, report) = doctor(&h, &["--vendor-zone-id", "use1-az1"]);
    assert_eq!(code, 1);
    assert_eq!(failing(&report), ["az-coverage"], "one failure, not several: {report:#}");
    let text = report.to_string();
    assert!(text.contains("Trigger.dev's endpoint is in use1-az1 but the service serves only use1-az6"), "{report:#}");
    // Without the flag the doctor cannot know Trigger.dev's zone, and says which the service has.
    let (_, report) = doctor(&h, &[]);
    assert!(report.to_string().contains("use1-az6 (us-east-1a)"), "{report:#}");
    // The provider adds a subnet in that zone; Trigger.dev's retry then connects.
    let c = h.emulator.clients();
    let subnets = h.account.subnets[..2].to_vec();
    c.block(async { c.elb.set_subnets().load_balancer_arn(&h.lb_arn).set_subnets(Some(subnets)).send().await.unwrap() });
    assert_eq!(h.emulator.vendor_connect_in(TRIGGER_ACCOUNT, &h.service_name, "use1-az1").unwrap().state, "available");
    let (code, report) = doctor(&h, &["--vendor-zone-id", "use1-az1"]);
    assert_eq!(code, 0, "{report:#}");
    assert!(report.to_string().contains("Trigger.dev's use1-az1 among them"), "{report:#}");
}

#[test]
fn a_zone_name_is_refused_where_a_zone_id_is_asked() {
    let h = healthy(false);
    let run = h.emulator.run(&["doctor", "--name", "sessions", "--vendor-zone-id", "us-east-1a"]);
    assert_eq!(run.code(), 2);
    assert!(run.stderr().contains("'us-east-1a' is a zone name"), "{}", run.stderr());
}

/// `sync-installed`: warns without a sync, passes with one, fails naming what broke when
/// its rule is disabled or its role deleted.
#[test]
fn sync_installed_warns_without_a_sync_and_names_what_broke() {
    let h = healthy(true);
    let sync = |h: &Healthy| {
        let (_, report) = doctor(h, &[]);
        report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "sync-installed").unwrap().clone()
    };
    let installed = sync(&h);
    assert_eq!(installed["status"], "pass", "{installed:#}");
    assert!(installed["summary"].as_str().unwrap().contains("rate(1 minute)"), "{installed:#}");
    let c = h.emulator.clients();
    c.block(async { c.events.disable_rule().name("tpl-sessions-sync-every").send().await.unwrap() });
    let disabled = sync(&h);
    assert_eq!(
        (disabled["status"].as_str(), disabled["summary"].as_str().unwrap().contains("tpl-sessions-sync-every is disabled")),
        (Some("fail"), true),
        "{disabled:#}"
    );
    assert!(disabled["remedy"].as_str().unwrap().contains("sync-targets --name sessions --install"));
    h.emulator.run(&["sync-targets", "--name", "sessions", "--install"]).success();
    assert_eq!(sync(&h)["status"], "pass", "a second install puts the rule back on");
    c.block(async {
        c.iam.delete_role_policy().role_name("tpl-sessions-sync").policy_name("sync").send().await.unwrap();
        c.iam.delete_role().role_name("tpl-sessions-sync").send().await.unwrap();
    });
    let no_role = sync(&h);
    assert!(no_role["summary"].as_str().unwrap().contains("role tpl-sessions-sync is missing"), "{no_role:#}");
    assert_eq!(no_role["status"], "fail");
    h.emulator.run(&["sync-targets", "--name", "sessions", "--uninstall"]).success();
    let none = sync(&h);
    assert_eq!(none["status"], "warn", "{none:#}");
    let (code, _) = doctor(&h, &[]);
    assert_eq!(code, 0, "a warning is no failure");
}

/// A target group tagged for the connection that its NLB does not use (a run cut off
/// before its listener), naming a resource that no longer exists: the snapshot reads the
/// connection's groups by tag in its first round, and this one does not fail the checks
/// of the groups the NLB does use.
#[test]
fn a_tagged_group_the_nlb_does_not_use_is_not_judged() {
    let h = healthy(true);
    let c = h.emulator.clients();
    c.block(async {
        let vpc = c.elb.describe_target_groups().target_group_arns(&h.tg_arn).send().await.unwrap().target_groups()[0]
            .vpc_id()
            .unwrap()
            .to_string();
        let made = c
            .elb
            .create_target_group()
            .name("tpl-sessions-9999")
            .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Tcp)
            .port(9999)
            .vpc_id(vpc)
            .target_type(aws_sdk_elasticloadbalancingv2::types::TargetTypeEnum::Ip)
            .send()
            .await
            .unwrap();
        let tag = |k: &str, v: &str| aws_sdk_elasticloadbalancingv2::types::Tag::builder().key(k).value(v).build();
        c.elb
            .add_tags()
            .resource_arns(made.target_groups()[0].target_group_arn().unwrap())
            .tags(tag("managed-by", "trigger-privatelink"))
            .tags(tag("trigger-privatelink:connection", "sessions"))
            .tags(tag("trigger-privatelink:resource", "rds-instance/gone-db"))
            .send()
            .await
            .unwrap();
    });
    let (code, report) = doctor(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(statuses(&report)["target-ip-drift"], "pass", "{report:#}");
}

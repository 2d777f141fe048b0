//! `doctor --probe`'s ground (issue 26): the endpoint the probe makes in the customer's
//! own account, to their own endpoint service, is never taken for Trigger.dev's.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Stdio;

use crate::doctor::{Healthy, TRIGGER_ACCOUNT, close_cache_group, doctor, healthy, healthy_in_zones, statuses};
use crate::harness::binary_command;

/// An interface endpoint of the account's own, to its own service: `vendor-endpoint`,
/// `status` and `list` leave it out, and teardown is not held up by it.
#[test]
fn the_accounts_own_endpoint_is_never_trigger_devs() {
    let h = healthy(false);
    let c = h.emulator.clients();
    let own = c.block(async {
        let lb = c.elb.describe_load_balancers().load_balancer_arns(&h.lb_arn).send().await.unwrap();
        let lb = &lb.load_balancers()[0];
        let subnets: Vec<String> = lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string)).collect();
        c.ec2
            .create_vpc_endpoint()
            .vpc_endpoint_type(aws_sdk_ec2::types::VpcEndpointType::Interface)
            .vpc_id(lb.vpc_id().unwrap())
            .service_name(&h.service_name)
            .set_subnet_ids(Some(subnets))
            .send()
            .await
            .unwrap()
            .vpc_endpoint
            .unwrap()
            .vpc_endpoint_id
            .unwrap()
    });
    let (_, report) = doctor(&h, &[]);
    assert_eq!(statuses(&report)["vendor-endpoint"], "warn", "{report:#}");
    assert!(!report.to_string().contains(&own), "the account's own endpoint is not named as Trigger.dev's: {report:#}");
    let (_, unfiltered) = doctor(&h, &["--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(statuses(&unfiltered)["vendor-endpoint"], "warn");
    let status = h.emulator.run(&["status", "--name", "sessions", "--output", "json"]).success().json();
    assert_eq!(status["endpoints"], serde_json::json!([]), "{status:#}");
    let list = h.emulator.run(&["list", "--output", "json"]).success().json();
    assert!(!list.to_string().contains(&own), "{list:#}");

    // Trigger.dev's endpoint, beside it, is the one seen.
    let vendor = h.emulator.vendor_connect_in(TRIGGER_ACCOUNT, &h.service_name, "use1-az6").unwrap();
    let status = h.emulator.run(&["status", "--name", "sessions", "--output", "json"]).success().json();
    let ids: Vec<&str> = status["endpoints"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [vendor.id.as_str()]);
    let (_, report) = doctor(&h, &[]);
    assert_eq!(statuses(&report)["vendor-endpoint"], "pass", "{report:#}");
}

/// The probe's findings, by label: (status, summary).
fn probes(report: &serde_json::Value) -> BTreeMap<String, (String, String)> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["id"].as_str().unwrap().starts_with("probe"))
        .map(|c| {
            (c["id"].as_str().unwrap().to_string(), (c["status"].as_str().unwrap().to_string(), c["summary"].as_str().unwrap().to_string()))
        })
        .collect()
}

/// The account's VPC endpoints that are not deleted.
fn endpoints(h: &Healthy) -> Vec<String> {
    let c = h.emulator.clients();
    c.block(async {
        let found = c.ec2.describe_vpc_endpoints().send().await.unwrap();
        found
            .vpc_endpoints()
            .iter()
            .filter(|e| !e.state().is_some_and(|s| s.as_str().eq_ignore_ascii_case("deleted")))
            .map(|e| e.vpc_endpoint_id().unwrap().to_string())
            .collect()
    })
}

fn probe(h: &Healthy, extra: &[&str]) -> (i32, serde_json::Value) {
    doctor(h, &[&["--probe", "--yes"], extra].concat())
}

/// A healthy connection: every dial passes, route × zone × both paths, each with the
/// cache's `+PONG`; the run's endpoint is gone afterwards; a second run makes no write to
/// the prober (role, group, function), only the endpoint it makes and deletes again.
#[test]
fn a_healthy_connection_passes_every_probe_and_keeps_no_endpoint() {
    let h = healthy(true);
    let before = endpoints(&h);
    let (code, report) = probe(&h, &[]);
    assert_eq!(code, 0, "{report:#}");
    let found = probes(&report);
    let zones = ["us-east-1a", "us-east-1b"];
    let expected: BTreeSet<String> =
        zones.iter().flat_map(|z| [format!("probe-nlb-6379-{z}"), format!("probe-endpoint-6379-{z}")]).collect();
    assert_eq!(found.keys().cloned().collect::<BTreeSet<_>>(), expected, "{report:#}");
    for (id, (status, summary)) in &found {
        assert_eq!(status, "pass", "{id}: {summary}");
        assert!(summary.contains("+PONG") && summary.contains("port 6379"), "{id}: {summary}");
    }
    let endpoint = report["probe"]["endpoint"].as_str().unwrap().to_string();
    assert!(endpoint.starts_with("vpce-"), "{report:#}");
    assert_eq!(endpoints(&h), before, "the run's endpoint {endpoint} is deleted");
    assert_eq!(statuses(&report)["vendor-endpoint"], "pass", "the static checks stay: {report:#}");

    h.emulator.reset_requests();
    let (code, again) = probe(&h, &[]);
    assert_eq!(code, 0, "{again:#}");
    let writes = crate::steps::writes(&h.emulator.requests());
    let expected: BTreeMap<String, u64> =
        [("ec2:CreateVpcEndpoint".to_string(), 1), ("ec2:DeleteVpcEndpoints".to_string(), 1)].into_iter().collect();
    assert_eq!(writes, expected, "a second probe writes only its endpoint");
    assert_eq!(endpoints(&h), before);
    let human = h.emulator.run(&["doctor", "--name", "sessions", "--probe", "--yes"]).stdout();
    assert!(human.contains("Dialed from inside the VPC (--probe)") && human.contains("probe-endpoint-6379-us-east-1a"), "{human}");
    assert!(human.contains("The probe cannot prove") && human.contains("Trigger.dev's principal"), "{human}");
}

/// `--dry-run`: the plan with the prober, the endpoint, the time and the cost; no write.
/// `--no-input` without `--yes`: refused naming --yes, nothing made.
#[test]
fn a_dry_run_writes_nothing_and_no_input_without_yes_is_refused() {
    let h = healthy(false);
    h.emulator.reset_requests();
    let run = h.emulator.run(&["doctor", "--name", "sessions", "--probe", "--dry-run", "--output", "json"]);
    let plan = run.success().json();
    assert_eq!(crate::steps::writes(&h.emulator.requests()), BTreeMap::new(), "{plan:#}");
    let steps: Vec<(String, String)> = plan["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["kind"].as_str().unwrap().to_string(), s["action"].as_str().unwrap().to_string()))
        .collect();
    for kind in ["probe-role", "probe-log-group", "probe-security-group", "probe-function", "probe-endpoint"] {
        assert!(steps.contains(&(kind.to_string(), "create".to_string())), "{kind}: {plan:#}");
    }
    assert_eq!(plan["zones"], 2);
    assert_eq!(plan["cost"]["endpoint_hours"], 2);
    assert_eq!(plan["cost"]["usd"], 0.02);
    let human = h.emulator.run(&["doctor", "--name", "sessions", "--probe", "--dry-run"]).success().stdout();
    assert!(human.contains("costs: about $0.02") && human.contains("The probe cannot prove"), "{human}");

    h.emulator.reset_requests();
    h.emulator.run(&["doctor", "--name", "sessions", "--probe", "--no-input"]).fails_with(2, "--yes");
    assert_eq!(crate::steps::writes(&h.emulator.requests()), BTreeMap::new());
    h.emulator.run(&["doctor", "--probe", "--yes"]).fails_with(2, "--name");
}

/// The cache's group no longer admitting the NLB: every dial to it fails, through the NLB
/// and through the endpoint, in each zone, naming the port and the path, with the remedy
/// that points at the groups; the endpoint is gone afterwards.
#[test]
fn a_resource_group_closed_to_the_nlb_fails_every_dial_and_leaves_no_endpoint() {
    let h = healthy(true);
    let before = endpoints(&h);
    close_cache_group(&h);
    let (code, report) = probe(&h, &[]);
    assert_eq!(code, 1, "{report:#}");
    let found = probes(&report);
    assert_eq!(found.len(), 4, "{report:#}");
    for (id, (status, summary)) in &found {
        assert_eq!(status, "fail", "{id}: {summary}");
        assert!(summary.contains("port 6379") && summary.contains("no answer"), "{id}: {summary}");
    }
    let checks = report["checks"].as_array().unwrap();
    let remedy = |id: &str| checks.iter().find(|c| c["id"] == id).unwrap()["remedy"].as_str().unwrap().to_string();
    assert!(remedy("probe-nlb-6379-us-east-1a").contains("resource-sg-ingress"), "{report:#}");
    assert!(remedy("probe-endpoint-6379-us-east-1b").contains("probe-nlb-6379-us-east-1b"), "{report:#}");
    assert_eq!(endpoints(&h), before);
}

/// The NLB in three zones, the cache's nodes in two, cross-zone off: only the third
/// zone's endpoint path fails (its NLB node has no target); the NLB's name, which answers
/// with the zones that have one, is reached from every zone.
#[test]
fn a_zone_without_a_target_fails_only_its_endpoint_path() {
    let h = healthy_in_zones(true, 3);
    let c = h.emulator.clients();
    c.block(async {
        let off =
            aws_sdk_elasticloadbalancingv2::types::LoadBalancerAttribute::builder().key("load_balancing.cross_zone.enabled").value("false");
        c.elb.modify_load_balancer_attributes().load_balancer_arn(&h.lb_arn).attributes(off.build()).send().await.unwrap()
    });
    let (code, report) = probe(&h, &[]);
    assert_eq!(code, 1, "{report:#}");
    let failing: Vec<String> = probes(&report).into_iter().filter(|(_, (s, _))| s != "pass").map(|(id, _)| id).collect();
    assert_eq!(failing, ["probe-endpoint-6379-us-east-1c"], "{report:#}");
    let checks = report["checks"].as_array().unwrap();
    let failed = checks.iter().find(|c| c["id"] == "probe-endpoint-6379-us-east-1c").unwrap();
    assert!(failed["remedy"].as_str().unwrap().contains("az-coverage"), "{failed:#}");
}

/// The roles, functions, security groups, log groups and live VPC endpoints of the account.
fn prober_census(h: &crate::harness::Emulator) -> (usize, usize, usize, usize, Vec<String>) {
    let c = h.clients();
    c.block(async {
        let endpoints = c.ec2.describe_vpc_endpoints().send().await.unwrap();
        (
            c.iam.list_roles().send().await.unwrap().roles().len(),
            c.lambda.list_functions().send().await.unwrap().functions().len(),
            c.ec2.describe_security_groups().send().await.unwrap().security_groups().len(),
            c.logs.describe_log_groups().send().await.unwrap().log_groups().len(),
            endpoints
                .vpc_endpoints()
                .iter()
                .filter(|e| !e.state().is_some_and(|s| s.as_str().eq_ignore_ascii_case("deleted")))
                .map(|e| e.vpc_endpoint_id().unwrap().to_string())
                .collect(),
        )
    })
}

/// Ctrl-C while the run waits for its endpoint: exit 130 and the endpoint is deleted
/// before the run ends. A run killed outright (no chance to clean up) leaves it; the
/// next run deletes it first.
#[test]
fn an_interrupted_probe_leaves_no_endpoint_and_a_killed_ones_is_cleaned_by_the_next() {
    let h = healthy(false);
    let before = endpoints(&h);
    h.emulator.set(serde_json::json!({"endpoint_pending_seconds": 30}));
    let url = h.emulator.url.clone();
    let args = ["--endpoint-url", url.as_str(), "doctor", "--name", "sessions", "--probe", "--yes"];
    let started = std::time::Instant::now();
    let wait_for_endpoint = || {
        while endpoints(&h).len() == before.len() {
            assert!(started.elapsed() < std::time::Duration::from_secs(60), "the probe's endpoint never appeared");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    };
    let child = binary_command(&args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    wait_for_endpoint();
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("stopped while probing; the probe's endpoint is deleted"), "{stderr}");
    assert_eq!(endpoints(&h), before, "{stderr}");

    let mut killed = binary_command(&args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    wait_for_endpoint();
    killed.kill().unwrap();
    killed.wait().unwrap();
    let left = endpoints(&h);
    assert_eq!(left.len(), before.len() + 1, "a killed run leaves its endpoint");
    h.emulator.set(serde_json::json!({"endpoint_pending_seconds": 0}));
    let (code, report) = probe(&h, &["--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(report["probe"]["endpoint"].as_str().map(|e| left.contains(&e.to_string())), Some(false), "{report:#}");
    assert!(probes(&report).values().all(|(s, _)| s == "pass"), "{code} {report:#}");
    assert_eq!(endpoints(&h), before, "the next run deleted the one left");
}

/// Setup, a probe (the role made moments ago is given to the function once IAM has
/// spread it), teardown: the roles, functions, groups, log groups and endpoints are as
/// before setup. Teardown waits for Lambda to let go of the prober's interfaces (which
/// hold its group), within --wait-timeout; reaching it says what is held, keeps the role
/// (Lambda needs it to let go), and the same command run again finishes.
#[test]
fn teardown_removes_the_prober_once_lambda_lets_go_of_its_interfaces() {
    let emulator = crate::harness::Emulator::start();
    let account = crate::seed::account(&emulator);
    let before = prober_census(&emulator);
    emulator.run(&crate::seed::setup_args("orders", "--rds-instance", "orders-db", &account)).success();
    emulator.set(serde_json::json!({"iam_role_propagation_seconds": 2, "lambda_eni_release_seconds": 4}));
    let report = emulator.run(&["doctor", "--name", "orders", "--probe", "--yes", "--output", "json"]).json();
    let found = probes(&report);
    assert_eq!(found.len(), 4, "{report:#}");
    assert!(found.values().all(|(s, summary)| s == "pass" && summary.contains("S (TLS available)")), "{report:#}");

    let cut = emulator.run(&["teardown", "--name", "orders", "--yes", "--wait-timeout", "1"]);
    assert_eq!(cut.code(), 1, "{}", cut.describe());
    assert!(cut.stderr().contains("held by Lambda") && cut.stderr().contains("run the same command again"), "{}", cut.describe());
    let c = emulator.clients();
    assert!(c.block(async { c.iam.get_role().role_name("tpl-orders-probe").send().await.is_ok() }), "the role stays while Lambda holds");
    std::thread::sleep(std::time::Duration::from_secs(4));
    emulator.run(&["teardown", "--name", "orders", "--yes"]).success();
    assert_eq!(prober_census(&emulator), before);
}

/// A role the user brings (`--probe-role`) is used as it is: no role is made, the
/// function runs as it. A service that requires acceptance: the run accepts its own
/// endpoint (acceptance-not-required still fails: the static checks stay).
#[test]
fn a_role_the_user_brings_is_used_and_an_endpoint_awaiting_acceptance_is_accepted() {
    let h = healthy(false);
    let c = h.emulator.clients();
    let role = c.block(async {
        let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
        let made = c.iam.create_role().role_name("their-prober").assume_role_policy_document(trust).send().await.unwrap();
        c.ec2.modify_vpc_endpoint_service_configuration().service_id(&h.service_id).acceptance_required(true).send().await.unwrap();
        made.role().unwrap().arn().to_string()
    });
    let (code, report) = probe(&h, &["--probe-role", &role]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(statuses(&report)["acceptance-not-required"], "fail", "{report:#}");
    let found = probes(&report);
    assert_eq!(found.len(), 4, "{report:#}");
    assert!(found.values().all(|(s, _)| s == "pass"), "{report:#}");
    let (function_role, made_role) = c.block(async {
        let config = c.lambda.get_function_configuration().function_name("tpl-sessions-probe").send().await.unwrap();
        (config.role().unwrap().to_string(), c.iam.get_role().role_name("tpl-sessions-probe").send().await.is_ok())
    });
    assert_eq!((function_role.as_str(), made_role), (role.as_str(), false));
    h.emulator.run(&["doctor", "--name", "sessions", "--probe", "--yes", "--probe-role", "not-an-arn"]).fails_with(2, "--probe-role");
}

//! `iam-policy --scoped` against the emulator's IAM evaluation (tests/emulator/emulator/iam.py:
//! each call authorized on each resource it touches, with request and resource tags, as
//! AWS does): every command works with only its scoped policy, and without any one
//! statement the tool fails naming the action AWS denied.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::LoadBalancerTypeEnum;
use serde_json::Value;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::{Emulator, run_binary};
use crate::seed::{self, Account};
use crate::steps::writes;

fn scoped(command: Option<&str>, account: &Account) -> Value {
    let mut args = vec!["iam-policy", "--scoped", "--security-group", &account.db_security_group];
    if let Some(command) = command {
        args.extend(["--for", command]);
    }
    run_binary(&args).json()
}

fn setup_args<'a>(name: &'a str, account: &'a Account) -> Vec<&'a str> {
    seed::setup_args(name, "--rds-instance", "orders-db", account)
}

fn check_status(report: &Value, id: &str) -> String {
    report["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap()["status"].as_str().unwrap().to_string()
}

#[test]
fn every_command_works_with_only_its_scoped_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = seed::census(&emulator.clients());
    let keys: BTreeMap<&str, _> = ["setup", "doctor", "sync-targets", "export", "teardown"]
        .into_iter()
        .map(|command| (command, emulator.user(command, &scoped(Some(command), &account))))
        .collect();
    emulator.enforce_iam(true);

    emulator.run_as(&keys["setup"], &setup_args("orders", &account)).success();
    emulator.reset_requests();
    emulator.run_as(&keys["setup"], &setup_args("orders", &account)).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");

    // Something doctor --fix mends: enforcement turned back on, by someone else.
    emulator.enforce_iam(false);
    let c = emulator.clients();
    c.block(async {
        let lbs = c.elb.describe_load_balancers().names("tpl-orders-nlb").send().await.unwrap();
        let lb = &lbs.load_balancers()[0];
        assert_eq!(lb.r#type(), Some(&LoadBalancerTypeEnum::Network));
        c.elb
            .set_security_groups()
            .load_balancer_arn(lb.load_balancer_arn().unwrap())
            .set_security_groups(Some(lb.security_groups().to_vec()))
            .enforce_security_group_inbound_rules_on_private_link_traffic(
                aws_sdk_elasticloadbalancingv2::types::EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum::On,
            )
            .send()
            .await
            .unwrap();
    });
    emulator.enforce_iam(true);
    let doctor = |extra: &[&str]| {
        let mut args = vec!["doctor", "--name", "orders", "--account-id", TRIGGER_ACCOUNT, "--output", "json"];
        args.extend_from_slice(extra);
        let run = emulator.run_as(&keys["doctor"], &args);
        assert!(!run.stderr().contains("not authorized"), "{}", run.stderr());
        let report: Value = serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("{e}: {}", run.stderr()));
        (run.code(), report)
    };
    let (code, broken) = doctor(&[]);
    assert_eq!((code, check_status(&broken, "nlb-enforcement-off")), (1, "fail".to_string()), "{broken:#}");
    let (code, fixed) = doctor(&["--fix", "--yes"]);
    assert_eq!(code, 0, "doctor --fix mended it with only the doctor's scoped policy: {fixed:#}");
    let (code, after) = doctor(&[]);
    assert_eq!((code, check_status(&after, "nlb-enforcement-off")), (0, "pass".to_string()), "{after:#}");

    let new_ip = emulator.failover("orders-db");
    emulator.run_as(&keys["sync-targets"], &["sync-targets", "--name", "orders"]).success();
    let status = emulator.run_as(&keys["doctor"], &["status", "--name", "orders", "--output", "json"]);
    assert_eq!(status.json()["target_groups"][0]["targets"][0]["ip"], new_ip.as_str(), "sync-targets followed the failover");

    let export = emulator.run_as(&keys["export"], &["export", "terraform", "--name", "orders"]);
    assert!(export.success().stdout().contains("import {"), "{}", export.stdout());

    // A second route joins and goes again: teardown --port deletes a listener of the tool's.
    let mut cache = seed::setup_args("orders", "--elasticache-replication-group", "sessions", &account);
    cache.pop();
    emulator.run_as(&keys["setup"], &cache).success();
    emulator.run_as(&keys["teardown"], &["teardown", "--name", "orders", "--port", "6379", "--yes"]).success();

    emulator.run_as(&keys["teardown"], &["teardown", "--name", "orders", "--yes"]).success();
    emulator.enforce_iam(false);
    assert_eq!(seed::census(&emulator.clients()), before, "teardown left nothing of the tool's, and the rule on orders-db is gone");
}

#[test]
fn without_any_one_statement_the_tool_fails_naming_the_denied_action() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // Setup's policy: every statement of it must be needed (the sync's statements, which
    // only `sync-targets --install` uses, are the next test's).
    let full = scoped(Some("setup"), &account);
    let statements = full["Statement"].as_array().unwrap().clone();
    emulator.enforce_iam(true);
    for (i, removed) in statements.iter().enumerate() {
        let sid = removed["Sid"].as_str().unwrap();
        let mut policy = full.clone();
        policy["Statement"].as_array_mut().unwrap().retain(|s| s["Sid"] != sid);
        let keys = emulator.user(&format!("without-{sid}"), &policy);
        let name = format!("t{i}");
        let run = emulator.run_as(&keys, &setup_args(&name, &account));
        let denied = denied_from(&run, removed);
        eprintln!("without {sid}: setup fails, denied {denied}");
    }
}

/// A run without `removed` failed (exit 1) naming an action of that statement, and the
/// hint names it too; that action.
fn denied_from(run: &crate::harness::Run, removed: &Value) -> String {
    let sid = removed["Sid"].as_str().unwrap();
    assert_eq!(run.code(), 1, "without {sid} the run must fail: {}", run.stderr());
    let denied =
        run.stderr().split("not authorized to perform: ").nth(1).and_then(|rest| rest.split_whitespace().next()).map(str::to_string);
    let denied = denied.unwrap_or_else(|| panic!("without {sid}: no denied action named in {}", run.stderr()));
    let actions: Vec<&str> = removed["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(actions.contains(&denied.as_str()), "without {sid}, AWS denied {denied}, not one of {actions:?}");
    assert!(run.stderr().contains(&format!("may not call {denied}")), "the hint names it too: {}", run.stderr());
    denied
}

/// The sync's install and uninstall work with only `sync-targets`' scoped policy, and
/// without any one of the sync's statements the install fails naming the denied action.
#[test]
fn the_sync_installs_and_uninstalls_with_only_its_scoped_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&setup_args("orders", &account)).success();
    let full = scoped(Some("sync-targets"), &account);
    emulator.enforce_iam(true);
    let keys = emulator.user("sync-installer", &full);
    emulator.run_as(&keys, &["sync-targets", "--name", "orders", "--install"]).success();
    emulator.run_as(&keys, &["sync-targets", "--name", "orders", "--install"]).success();
    emulator.run_as(&keys, &["sync-targets", "--name", "orders", "--uninstall"]).success();
    for sid in ["CreateTaggedSyncRole", "ChangeOwnedSyncRole", "PassSyncRoleToLambda", "OwnSyncFunction", "OwnSyncRules", "OwnSyncLogGroup"]
    {
        let removed = full["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == sid).unwrap_or_else(|| panic!("no {sid}")).clone();
        let mut policy = full.clone();
        policy["Statement"].as_array_mut().unwrap().retain(|s| s["Sid"] != sid);
        let keys = emulator.user(&format!("without-{sid}"), &policy);
        let run = emulator.run_as(&keys, &["sync-targets", "--name", "orders", "--install"]);
        let denied = denied_from(&run, &removed);
        eprintln!("without {sid}: install fails, denied {denied}");
        // What that run made is removed before the next, with the whole policy.
        let full_keys = emulator.user(&format!("cleaner-{sid}"), &full);
        emulator.run_as(&full_keys, &["sync-targets", "--name", "orders", "--uninstall"]).success();
    }
    emulator.enforce_iam(false);
}

/// `alerts` works with only its scoped policy (a second run makes no write), `status`
/// reads them with doctor's, teardown removes them with its own; without the statement
/// for its topic or for its alarms, `alerts` fails naming the action AWS denied.
#[test]
fn alerts_work_with_only_their_scoped_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&setup_args("orders", &account)).success();
    let full = scoped(Some("alerts"), &account);
    let (keys, reader, remover) = (
        emulator.user("alerts", &full),
        emulator.user("alerts-reader", &scoped(Some("doctor"), &account)),
        emulator.user("alerts-remover", &scoped(Some("teardown"), &account)),
    );
    let alerts = ["alerts", "--name", "orders", "--email", "oncall@example.com"];
    emulator.enforce_iam(true);
    emulator.run_as(&keys, &alerts).success();
    emulator.reset_requests();
    emulator.run_as(&keys, &alerts).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second run changes nothing");
    let status = emulator.run_as(&reader, &["status", "--name", "orders", "--output", "json"]).success().json();
    assert_eq!(status["alerts"]["alarms"].as_array().map(Vec::len), Some(3), "{status:#}");
    emulator.run_as(&keys, &["alerts", "--name", "orders", "--remove"]).success();
    for (sid, action) in [("OwnAlertTopic", "sns:CreateTopic"), ("OwnAlarms", "cloudwatch:PutMetricAlarm")] {
        let mut policy = full.clone();
        policy["Statement"].as_array_mut().unwrap().retain(|s| s["Sid"] != sid);
        let without = emulator.user(&format!("alerts-without-{sid}"), &policy);
        let run = emulator.run_as(&without, &alerts);
        assert_eq!(run.code(), 1, "{}", run.describe());
        assert!(run.stderr().contains(action), "without {sid}: {}", run.stderr());
        emulator.run_as(&keys, &["alerts", "--name", "orders", "--remove"]).success();
    }
    emulator.run_as(&keys, &alerts).success();
    emulator.run_as(&remover, &["teardown", "--name", "orders", "--yes"]).success();
    emulator.enforce_iam(false);
    let c = emulator.clients();
    let left = c.block(async {
        (
            c.sns.list_topics().send().await.unwrap().topics().len(),
            c.cloudwatch.describe_alarms().send().await.unwrap().metric_alarms().len(),
            c.ec2.describe_vpc_endpoint_connection_notifications().send().await.unwrap().connection_notification_set().len(),
        )
    });
    assert_eq!(left, (0, 0, 0), "teardown removed the alerts");
}

/// `doctor --probe` works with only `iam-policy --for doctor-probe --scoped` (a second run
/// writes only its endpoint), teardown removes the prober with its own scoped policy;
/// without the statement for the prober's function, the probe fails naming the action.
#[test]
fn the_probe_works_with_only_its_scoped_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&setup_args("orders", &account)).success();
    let full = scoped(Some("doctor-probe"), &account);
    let (keys, remover) = (emulator.user("prober", &full), emulator.user("remover", &scoped(Some("teardown"), &account)));
    let probe = ["doctor", "--name", "orders", "--probe", "--yes", "--output", "json"];
    emulator.enforce_iam(true);
    let report = emulator.run_as(&keys, &probe).json();
    let probes: Vec<&Value> =
        report["checks"].as_array().unwrap().iter().filter(|c| c["id"].as_str().unwrap().starts_with("probe-")).collect();
    assert_eq!(probes.len(), 4, "{report:#}");
    assert!(probes.iter().all(|c| c["status"] == "pass"), "{report:#}");
    emulator.reset_requests();
    emulator.run_as(&keys, &probe).json();
    let expected: BTreeMap<String, u64> =
        [("ec2:CreateVpcEndpoint".to_string(), 1), ("ec2:DeleteVpcEndpoints".to_string(), 1)].into_iter().collect();
    assert_eq!(writes(&emulator.requests()), expected, "a second probe writes only its endpoint");
    let mut policy = full.clone();
    policy["Statement"].as_array_mut().unwrap().retain(|s| s["Sid"] != "InvokeProber");
    let without = emulator.user("prober-without-invoke", &policy);
    let run = emulator.run_as(&without, &probe);
    assert_eq!(run.code(), 1, "{}", run.describe());
    assert!(run.stderr().contains("lambda:InvokeFunction"), "{}", run.stderr());
    emulator.run_as(&remover, &["teardown", "--name", "orders", "--yes"]).success();
    emulator.enforce_iam(false);
    let c = emulator.clients();
    let left = c.block(async {
        (
            c.lambda.list_functions().send().await.unwrap().functions().len(),
            c.iam.list_roles().send().await.unwrap().roles().len(),
            c.ec2
                .describe_vpc_endpoints()
                .send()
                .await
                .unwrap()
                .vpc_endpoints()
                .iter()
                .filter(|e| e.state().is_some_and(|s| s.as_str() != "deleted"))
                .count(),
        )
    });
    assert_eq!(left, (0, 0, 0), "teardown removed the prober and no endpoint is left");
}

/// A doctor policy made before doctor asked for `tag:GetResources` (the connection's target
/// groups by tag, in the first round) still works: the groups are read through the NLB, a
/// round later, with the same verdicts.
#[test]
fn doctor_and_status_work_without_tag_get_resources() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&setup_args("orders", &account)).success();
    let full = scoped(Some("doctor"), &account);
    let mut older = full.clone();
    for statement in older["Statement"].as_array_mut().unwrap() {
        if let Some(actions) = statement["Action"].as_array_mut() {
            actions.retain(|a| a != "tag:GetResources");
        }
    }
    assert_ne!(older, full, "the doctor policy asks for tag:GetResources");
    let (now, before) = (emulator.user("doctor-now", &full), emulator.user("doctor-before", &older));
    let doctor = ["doctor", "--name", "orders", "--account-id", TRIGGER_ACCOUNT, "--output", "json"];
    emulator.enforce_iam(true);
    let with = emulator.run_as(&now, &doctor).json();
    let without = emulator.run_as(&before, &doctor).json();
    let verdicts = |report: &Value| -> Vec<(String, String)> {
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_str().unwrap().into(), c["status"].as_str().unwrap().into()))
            .collect()
    };
    assert_eq!(verdicts(&with), verdicts(&without), "{without:#}");
    assert_eq!(check_status(&without, "target-ip-drift"), "pass", "{without:#}");
    let status = emulator.run_as(&before, &["status", "--name", "orders", "--output", "json"]).success().json();
    assert_eq!(status["routes"][0]["healthy"], 1, "{status:#}");
    emulator.enforce_iam(false);
}

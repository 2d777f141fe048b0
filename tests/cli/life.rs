//! Life after set-up: status, sync-targets after a failover, teardown, the IAM policy,
//! and the generated completions and man pages.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::{Emulator, run_binary};
use crate::seed::{self, Account};
use crate::steps::writes;

pub fn setup_orders(emulator: &Emulator, account: &Account) -> Value {
    let mut args = seed::setup_args("orders", "--rds-instance", "orders-db", account);
    args.extend(["--output", "json"]);
    emulator.run(&args).json()
}

#[test]
fn status_of_a_healthy_and_a_broken_connection() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let report = setup_orders(&emulator, &account);
    emulator.vendor_connect(TRIGGER_ACCOUNT, report["service_name"].as_str().unwrap());
    let status = emulator.run(&["status", "--name", "orders", "--output", "json"]).json();
    assert_eq!(status["service_name"], report["service_name"]);
    assert_eq!(status["service_state"], "Available");
    assert_eq!(status["load_balancer"]["state"], "active");
    assert_eq!(status["load_balancer"]["zones"], serde_json::json!(["us-east-1a", "us-east-1b"]));
    assert_eq!(status["load_balancer"]["enforcement"], "off");
    assert_eq!(status["target_groups"][0]["targets"][0]["ip"], account.rds_ip.as_str());
    assert_eq!(status["target_groups"][0]["targets"][0]["state"], "healthy");
    assert_eq!(status["allowed_principals"], serde_json::json!([format!("arn:aws:iam::{TRIGGER_ACCOUNT}:root")]));
    assert_eq!(status["endpoints"][0]["owner"], TRIGGER_ACCOUNT);
    assert_eq!(status["endpoints"][0]["state"], "available");
    assert!(status["endpoints"][0]["age_seconds"].as_i64().unwrap() < 600);
    assert_eq!(status["unread"], serde_json::json!([]));
    let human = emulator.run(&["status", "--name", "orders"]);
    assert!(human.success().stdout().contains(report["service_name"].as_str().unwrap()));

    // A read AWS refuses is named, not shown as "no principals", and the exit code says so.
    emulator.fault("ec2:DescribeVpcEndpointServicePermissions", 1, 10, "UnauthorizedOperation");
    let partial = emulator.run(&["status", "--name", "orders", "--output", "json"]);
    assert_eq!(partial.code(), 1);
    let partial: serde_json::Value = serde_json::from_str(&partial.stdout()).unwrap();
    let unread = partial["unread"].as_array().unwrap();
    assert_eq!(unread.len(), 1, "{partial:#}");
    assert!(
        unread[0].as_str().unwrap().starts_with("could not read the allowed principals:")
            && unread[0].as_str().unwrap().contains("UnauthorizedOperation"),
        "{partial:#}"
    );
    assert_eq!(partial["load_balancer"]["state"], "active", "the rest is still shown");
    let human = emulator.run(&["status", "--name", "orders"]);
    assert!(
        human.stdout().contains("Not shown, because these reads failed:\n  could not read the allowed principals:"),
        "{}",
        human.stdout()
    );
    emulator.clear_faults();

    // Broken: the database's group no longer admits the NLB.
    let c = emulator.clients();
    c.block(async {
        let group =
            c.ec2.describe_security_groups().group_ids(&account.db_security_group).send().await.unwrap().security_groups()[0].clone();
        c.ec2
            .revoke_security_group_ingress()
            .group_id(&account.db_security_group)
            .set_ip_permissions(Some(group.ip_permissions().to_vec()))
            .send()
            .await
            .unwrap();
    });
    let broken = emulator.run(&["status", "--service-id", report["service_id"].as_str().unwrap(), "--output", "json"]).json();
    assert_eq!(broken["target_groups"][0]["targets"][0]["state"], "unhealthy");
    assert_eq!(broken["target_groups"][0]["targets"][0]["reason"], "Target.Timeout");
}

#[test]
fn sync_targets_follows_a_failover() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let in_sync = emulator.run(&["sync-targets", "--name", "orders", "--check", "--output", "json"]).json();
    assert_eq!(in_sync["result"], "in-sync");

    let new_ip = emulator.failover("orders-db");
    let check = emulator.run(&["sync-targets", "--name", "orders", "--check", "--output", "json"]);
    assert_eq!(check.code(), 1, "drift is exit 1 for monitoring");
    let drifted: Value = serde_json::from_str(&check.stdout()).unwrap();
    assert_eq!(drifted["result"], "drifted");
    assert_eq!(drifted["register"], serde_json::json!([new_ip]));
    assert_eq!(drifted["deregister"], serde_json::json!([account.rds_ip]));

    emulator.reset_requests();
    let dry = emulator.run(&["sync-targets", "--name", "orders", "--dry-run", "--output", "json"]).json();
    assert_eq!(dry["result"], "drifted");
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "--dry-run changes nothing");

    emulator.reset_requests();
    let synced = emulator.run(&["sync-targets", "--name", "orders", "--output", "json"]).json();
    assert_eq!(synced["result"], "synced");
    let sequence: Vec<String> = emulator.request_sequence().into_iter().filter(|op| op.ends_with("egisterTargets")).collect();
    assert_eq!(sequence, ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"], "new first, stale after");
    let again = emulator.run(&["sync-targets", "--name", "orders", "--check", "--output", "json"]);
    assert_eq!(again.code(), 0);
    let registered: Value = serde_json::from_str(&again.stdout()).unwrap();
    assert_eq!(registered["registered"], serde_json::json!([new_ip]));
}

/// Resources in the account, read through the AWS API.
fn census(emulator: &Emulator) -> BTreeMap<&'static str, usize> {
    let c = emulator.clients();
    c.block(async {
        let groups = c.ec2.describe_security_groups().send().await.unwrap();
        BTreeMap::from([
            ("target groups", c.elb.describe_target_groups().send().await.unwrap().target_groups().len()),
            ("load balancers", c.elb.describe_load_balancers().send().await.unwrap().load_balancers().len()),
            (
                "endpoint services",
                c.ec2.describe_vpc_endpoint_service_configurations().send().await.unwrap().service_configurations().len(),
            ),
            ("security groups", groups.security_groups().len()),
            (
                "ingress rules",
                groups
                    .security_groups()
                    .iter()
                    .flat_map(|g| g.ip_permissions())
                    .map(|p| p.user_id_group_pairs().len() + p.ip_ranges().len())
                    .sum(),
            ),
        ])
    })
}

/// An NLB, a target group and a rule on the database's group that are not the tool's.
fn neighbours(emulator: &Emulator, account: &Account) {
    let c = emulator.clients();
    c.block(async {
        use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerTypeEnum, ProtocolEnum, TargetTypeEnum};
        c.elb
            .create_target_group()
            .name("neighbour-tg")
            .protocol(ProtocolEnum::Tcp)
            .port(5432)
            .vpc_id(&account.vpc)
            .target_type(TargetTypeEnum::Ip)
            .send()
            .await
            .unwrap();
        c.elb
            .create_load_balancer()
            .name("neighbour-nlb")
            .r#type(LoadBalancerTypeEnum::Network)
            .scheme(LoadBalancerSchemeEnum::Internal)
            .subnets(&account.subnets[2])
            .send()
            .await
            .unwrap();
        c.ec2
            .authorize_security_group_ingress()
            .group_id(&account.db_security_group)
            .ip_permissions(
                aws_sdk_ec2::types::IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(5432)
                    .to_port(5432)
                    .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip("10.20.3.0/24").description("bastion").build())
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });
}

#[test]
fn teardown_deletes_the_connection_and_nothing_else() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    neighbours(&emulator, &account);
    let before_setup = census(&emulator);
    setup_orders(&emulator, &account);
    let after_setup = census(&emulator);

    emulator.reset_requests();
    let listed = emulator.run(&["teardown", "--name", "orders", "--dry-run", "--output", "json"]).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new());
    let kinds: Vec<&str> = listed["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["endpoint-service", "load-balancer", "target-group", "resource-sg-rule", "security-group"]);
    emulator.run(&["teardown", "--name", "orders"]).fails_with(2, "pass --yes");

    let done = emulator.run(&["teardown", "--name", "orders", "--yes", "--output", "json"]).json();
    assert!(done["resources"].as_array().unwrap().iter().all(|r| r["action"].as_str().unwrap().ends_with('d')), "{done:#}");
    let after_teardown = census(&emulator);
    eprintln!("resources before setup {before_setup:?}\nafter setup {after_setup:?}\nafter teardown {after_teardown:?}");
    assert_eq!(after_teardown, before_setup, "teardown removed exactly what setup added");
    assert_eq!(after_setup["load balancers"], before_setup["load balancers"] + 1);
    // Nothing is left: a name that names nothing is exit 2, unless the pipeline says that is fine.
    emulator.run(&["teardown", "--name", "orders", "--yes"]).fails_with(2, "nothing of connection 'orders' in us-east-1");
    let again = emulator.run(&["teardown", "--name", "orders", "--yes", "--ignore-not-found", "--output", "json"]).json();
    assert_eq!(again["resources"], serde_json::json!([]), "nothing left to delete");
    let c = emulator.clients();
    c.block(async {
        assert_eq!(c.elb.describe_load_balancers().names("neighbour-nlb").send().await.unwrap().load_balancers().len(), 1);
        assert_eq!(c.elb.describe_target_groups().names("neighbour-tg").send().await.unwrap().target_groups().len(), 1);
        let db = c.ec2.describe_security_groups().group_ids(&account.db_security_group).send().await.unwrap();
        let descriptions: Vec<&str> =
            db.security_groups()[0].ip_permissions().iter().flat_map(|p| p.ip_ranges()).filter_map(|r| r.description()).collect();
        assert_eq!(descriptions, ["bastion"]);
    });
}

#[test]
fn teardown_refuses_while_trigger_dev_is_connected_unless_forced() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let report = setup_orders(&emulator, &account);
    emulator.vendor_connect(TRIGGER_ACCOUNT, report["service_name"].as_str().unwrap());
    let before = census(&emulator);
    let refused = emulator.run(&["teardown", "--name", "orders", "--yes"]);
    refused.fails_with(3, "remove the connection in the Trigger.dev dashboard first");
    assert_eq!(census(&emulator), before);
    // A dry run predicts the refusal and its exit code, after listing the plan.
    let predicted = emulator.run(&["teardown", "--name", "orders", "--dry-run"]);
    predicted.fails_with(3, "remove the connection in the Trigger.dev dashboard first");
    assert!(predicted.stdout().contains("reject"), "{}", predicted.describe());
    let forced_plan = emulator.run(&["teardown", "--name", "orders", "--dry-run", "--force"]);
    assert_eq!(forced_plan.code(), 0, "{}", forced_plan.describe());
    let forced = emulator.run(&["teardown", "--name", "orders", "--yes", "--force", "--output", "json"]).json();
    assert_eq!(forced["resources"][0]["kind"], "endpoint-connection");
    assert_eq!(forced["resources"][0]["action"], "rejected");
    assert_eq!(census(&emulator)["endpoint services"], 0);
}

#[test]
fn teardown_interrupted_then_run_again_finishes() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = census(&emulator);
    setup_orders(&emulator, &account);
    emulator.fault("elasticloadbalancing:DeleteTargetGroup", 1, 10, "InternalFailure");
    let cut = emulator.run(&["teardown", "--name", "orders", "--yes"]);
    assert_eq!(cut.code(), 1, "{}", cut.stderr());
    assert!(cut.stderr().contains("DeleteTargetGroup"), "{}", cut.stderr());
    emulator.clear_faults();
    let rest = emulator.run(&["teardown", "--name", "orders", "--yes", "--output", "json"]).json();
    let kinds: Vec<&str> = rest["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["target-group", "resource-sg-rule", "security-group"], "only what was left");
    assert_eq!(census(&emulator), before);
}

/// Every `service:Operation` the code names in its AWS calls.
fn operations_in_code() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (_, text) in crate::structure::sources() {
        for piece in text.split(".call(\"").skip(1) {
            found.insert(piece.split('"').next().unwrap().to_string());
        }
    }
    found
}

fn policy_actions(args: &[&str]) -> BTreeSet<String> {
    let mut all = vec!["iam-policy"];
    all.extend_from_slice(args);
    let policy = run_binary(&all).json();
    policy["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["Action"].as_array().unwrap())
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_iam_policy_names_every_operation_the_code_calls_and_no_other() {
    let code = operations_in_code();
    assert!(code.len() > 30, "{code:?}");
    let policy = policy_actions(&[]);
    let implied: BTreeSet<String> = trigger_privatelink::iam::IMPLIED.iter().map(|s| s.to_string()).collect();
    let expected: BTreeSet<String> = code.union(&implied).cloned().collect();
    assert_eq!(
        policy,
        expected,
        "policy minus code: {:?}; code minus policy: {:?}",
        policy.difference(&expected).collect::<Vec<_>>(),
        expected.difference(&policy).collect::<Vec<_>>()
    );
}

#[test]
fn each_command_stays_within_its_own_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let observed = |emulator: &Emulator| -> BTreeSet<String> {
        emulator.requests().into_keys().map(|op| op.trim_end_matches("[DryRun]").to_string()).collect()
    };
    let check = |command: &str, seen: BTreeSet<String>| {
        let allowed = policy_actions(&["--for", command]);
        let outside: Vec<&String> = seen.iter().filter(|op| !allowed.contains(*op)).collect();
        assert!(outside.is_empty(), "{command} called {outside:?} outside its policy");
    };
    emulator.reset_requests();
    emulator
        .run(&[
            "setup",
            "--no-input",
            "--name",
            "orders",
            "--rds-instance",
            "orders-db",
            "--account-id",
            TRIGGER_ACCOUNT,
            "--resource-security-group-rule",
            "--dry-run",
        ])
        .success();
    setup_orders(&emulator, &account);
    check("setup", observed(&emulator));
    emulator.failover("orders-db");
    emulator.reset_requests();
    emulator.run(&["doctor", "--name", "orders", "--fix", "--yes", "--account-id", TRIGGER_ACCOUNT]);
    emulator.run(&["status", "--name", "orders"]).success();
    check("doctor", observed(&emulator));
    emulator.failover("orders-db");
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "orders"]).success();
    emulator.run(&["sync-targets", "--name", "orders", "--install"]).success();
    emulator.run(&["sync-targets", "--name", "orders", "--install"]).success();
    emulator.run(&["sync-targets", "--name", "orders", "--uninstall"]).success();
    emulator.run(&["sync-targets", "--name", "orders", "--install"]).success();
    check("sync-targets", observed(&emulator));
    emulator.reset_requests();
    emulator.run(&["teardown", "--name", "orders", "--yes"]).success();
    check("teardown", observed(&emulator));
}

#[test]
fn committed_completions_and_man_pages_match_the_cli() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = trigger_privatelink::docs::generated().unwrap();
    assert_eq!(generated.iter().filter(|(p, _)| p.starts_with("completions")).count(), 5);
    for (path, contents) in &generated {
        let committed = std::fs::read(root.join(path)).unwrap_or_default();
        assert!(
            committed == *contents,
            "{} is out of date: run `cargo run -- generate-docs` and commit completions/ and man/",
            path.display()
        );
    }
    let on_disk: usize = ["completions", "man"].iter().map(|d| std::fs::read_dir(root.join(d)).unwrap().count()).sum();
    assert_eq!(on_disk, generated.len(), "a stale generated file is left in completions/ or man/");
    let zsh = run_binary(&["completions", "zsh"]);
    assert_eq!(zsh.success().output.stdout, std::fs::read(root.join("completions/_trigger-privatelink")).unwrap());
}

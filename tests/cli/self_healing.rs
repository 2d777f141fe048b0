//! `sync-targets --install`: the sync function, its role, log group and rules in the
//! account, read back through the API; a second install writes nothing; `--uninstall`
//! and `teardown` leave none of it.

use std::collections::BTreeMap;

use crate::harness::{Clients, Emulator};
use crate::seed;
use crate::steps::writes;
use trigger_privatelink::connection::function::url_decoded;

/// How many roles, functions, rules and log groups the emulator holds.
fn census(c: &Clients) -> (usize, usize, usize, usize) {
    c.block(async {
        (
            c.iam.list_roles().send().await.unwrap().roles().len(),
            c.lambda.list_functions().send().await.unwrap().functions().len(),
            c.events.list_rules().send().await.unwrap().rules().len(),
            c.logs.describe_log_groups().send().await.unwrap().log_groups().len(),
        )
    })
}

#[test]
fn the_sync_installs_once_reads_back_exactly_and_uninstalls_to_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    let mut setup = seed::setup_args("prod", "--rds-instance", "orders-db", &account);
    setup.extend(["--elasticache-replication-group", "sessions"]);
    emulator.run(&setup).success();
    let before = census(&c);

    let plan = emulator.run(&["sync-targets", "--name", "prod", "--install", "--dry-run"]).success().stdout();
    assert!(plan.contains("tpl-prod-sync"), "{plan}");
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install", "--every", "5m"]).success();
    assert!(!writes(&emulator.requests()).is_empty());

    let groups: Vec<String> = {
        let status = emulator.run(&["status", "--name", "prod", "--output", "json"]).json();
        let mut arns: Vec<String> =
            status["target_groups"].as_array().unwrap().iter().map(|g| g["arn"].as_str().unwrap().to_string()).collect();
        arns.sort();
        arns
    };
    let package = emulator
        .run(&[
            "sync-targets",
            "--name",
            "prod",
            "--package-to",
            std::env::temp_dir().join("tpl-self-healing").to_str().unwrap(),
            "--output",
            "json",
        ])
        .json();
    c.block(async {
        // The role: trusted by Lambda, tagged, its policy scoped to the two groups.
        let role = c.iam.get_role().role_name("tpl-prod-sync").send().await.unwrap().role.unwrap();
        assert!(role.tags().iter().any(|t| t.key() == "trigger-privatelink:connection" && t.value() == "prod"));
        let policy = c.iam.get_role_policy().role_name("tpl-prod-sync").policy_name("sync").send().await.unwrap();
        let document: serde_json::Value = serde_json::from_str(&url_decoded(policy.policy_document())).unwrap();
        let sync = &document["Statement"][0];
        assert_eq!(sync["Action"], serde_json::json!(["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"]));
        let mut scoped: Vec<String> = sync["Resource"].as_array().unwrap().iter().map(|a| a.as_str().unwrap().to_string()).collect();
        scoped.sort();
        assert_eq!(scoped, groups, "register/deregister on this connection's groups only");
        // The function: the package's bytes, its routes in its configuration, tagged.
        let function = c.lambda.get_function().function_name("tpl-prod-sync").send().await.unwrap();
        let config = function.configuration().unwrap();
        assert_eq!(config.code_sha256(), package["code_sha256"].as_str(), "the uploaded code is the package");
        assert_eq!(config.handler(), Some("handler.handler"));
        let routes: serde_json::Value = serde_json::from_str(&config.environment().unwrap().variables().unwrap()["TPL_ROUTES"]).unwrap();
        let followed: Vec<&str> = routes.as_array().unwrap().iter().map(|r| r["resource"].as_str().unwrap()).collect();
        assert_eq!(followed, ["rds-instance/orders-db", "elasticache-replication-group/sessions"]);
        assert_eq!(function.tags().unwrap()["trigger-privatelink:connection"], "prod");
        // The rules: the schedule, and the RDS events of orders-db; each targets the function.
        let every = c.events.describe_rule().name("tpl-prod-sync-every").send().await.unwrap();
        assert_eq!(every.schedule_expression(), Some("rate(5 minutes)"));
        let events = c.events.describe_rule().name("tpl-prod-sync-events").send().await.unwrap();
        let pattern: serde_json::Value = serde_json::from_str(events.event_pattern().unwrap()).unwrap();
        assert_eq!(pattern["source"], serde_json::json!(["aws.rds"]));
        assert_eq!(pattern["resources"], serde_json::json!(["arn:aws:rds:us-east-1:123456789012:db:orders-db"]));
        for rule in ["tpl-prod-sync-every", "tpl-prod-sync-events"] {
            let targets = c.events.list_targets_by_rule().rule(rule).send().await.unwrap();
            assert_eq!(targets.targets().iter().map(|t| t.arn()).collect::<Vec<_>>(), [config.function_arn().unwrap()]);
        }
        // Each rule may invoke it.
        let policy: serde_json::Value =
            serde_json::from_str(c.lambda.get_policy().function_name("tpl-prod-sync").send().await.unwrap().policy().unwrap()).unwrap();
        let sids: Vec<&str> = policy["Statement"].as_array().unwrap().iter().map(|s| s["Sid"].as_str().unwrap()).collect();
        assert_eq!(sids, ["tpl-sync-every", "tpl-sync-events"]);
        let retention = c.logs.describe_log_groups().log_group_name_prefix("/aws/lambda/tpl-prod-sync").send().await.unwrap();
        assert_eq!(retention.log_groups()[0].retention_in_days(), Some(14));
    });

    // A failover of orders-db: RDS sends its event, the events rule runs the function (in
    // the emulator's Lambda runtime, as its role), which moves the target; status shows
    // the line that run logged.
    let answer = emulator.failover_answer("orders-db");
    let deliveries = answer["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 1, "{answer:#}");
    assert_eq!(
        (deliveries[0]["rule"].as_str(), deliveries[0]["invoked"].as_bool()),
        (Some("tpl-prod-sync-events"), Some(true)),
        "{answer:#}"
    );
    assert!(deliveries[0]["error"].is_null(), "{answer:#}");
    emulator.run(&["sync-targets", "--name", "prod", "--check"]).success();
    let status = emulator.run(&["status", "--name", "prod", "--output", "json"]).json();
    assert_eq!(status["sync"]["schedule"], "rate(5 minutes)");
    let last = &status["sync"]["last_run"]["routes"];
    assert_eq!((last[0]["port"].as_u64(), last[0]["result"].as_str()), (Some(5432), Some("synced")), "{:#}", status["sync"]);
    assert_eq!(last[0]["register"], serde_json::json!([answer["new_address"]]), "{:#}", status["sync"]);
    assert_eq!(last[0]["deregister"], serde_json::json!([answer["old_address"]]), "{:#}", status["sync"]);
    assert_eq!(last[1]["result"], "in-sync", "{:#}", status["sync"]);
    let human = emulator.run(&["status", "--name", "prod"]).success().stdout();
    assert!(human.contains("rate(5 minutes) enabled, and on RDS events; last run: 5432 synced, 6379 in-sync"), "{human}");

    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install", "--every", "5m"]).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second install writes nothing");

    // A route more: the installed sync no longer matches the connection; doctor says so,
    // and a second install brings the function's configuration and role policy to it.
    emulator.run(&seed::setup_args("prod", "--route", "5433=rds-instance:billing-db", &account)).success();
    let report: serde_json::Value =
        serde_json::from_str(&emulator.run(&["doctor", "--name", "prod", "--output", "json"]).stdout()).unwrap();
    let sync = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "sync-installed").unwrap();
    assert_eq!(sync["status"], "fail", "{sync:#}");
    assert!(sync["summary"].as_str().unwrap().contains("follows other target groups"), "{sync:#}");
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install", "--every", "5m"]).success();
    let updated = writes(&emulator.requests());
    assert!(updated.contains_key("iam:PutRolePolicy") && updated.contains_key("lambda:UpdateFunctionConfiguration"), "{updated:?}");
    assert!(!updated.contains_key("lambda:CreateFunction") && !updated.contains_key("lambda:UpdateFunctionCode"), "{updated:?}");
    let report: serde_json::Value =
        serde_json::from_str(&emulator.run(&["doctor", "--name", "prod", "--output", "json"]).stdout()).unwrap();
    let sync = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "sync-installed").unwrap();
    assert_eq!(sync["status"], "pass", "{sync:#}");

    emulator.run(&["sync-targets", "--name", "prod", "--uninstall"]).success();
    assert_eq!(census(&c), before, "uninstall leaves no role, function, rule or log group");

    emulator.run(&["sync-targets", "--name", "prod", "--install"]).success();
    emulator.run(&["teardown", "--name", "prod", "--yes"]).success();
    assert_eq!(census(&c), before, "teardown removes the sync too");
}

#[test]
fn a_connection_whose_targets_cannot_drift_gets_no_sync() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator
        .run(&[
            "setup",
            "--no-input",
            "--name",
            "hand",
            "--target-ip",
            &account.rds_ip,
            "--vpc",
            &account.vpc,
            "--port",
            "5432",
            "--account-id",
            crate::doctor::TRIGGER_ACCOUNT,
        ])
        .success();
    let before = census(&emulator.clients());
    emulator.run(&["sync-targets", "--name", "hand", "--install"]).fails_with(2, "has no route whose targets can drift");
    assert_eq!(census(&emulator.clients()), before);
}

/// The last `TPL_SYNC` line the function logged, and how many log streams it has written.
fn last_logged_run(c: &Clients) -> (Option<serde_json::Value>, usize) {
    c.block(async {
        let group = "/aws/lambda/tpl-prod-sync";
        let streams = c.logs.describe_log_streams().log_group_name(group).send().await.unwrap();
        let events = c.logs.filter_log_events().log_group_name(group).filter_pattern("TPL_SYNC").send().await.unwrap();
        let last = events.events().iter().filter_map(|e| e.message()?.strip_prefix("TPL_SYNC ")).next_back();
        (last.map(|line| serde_json::from_str(line).unwrap()), streams.log_streams().len())
    })
}

/// The sync's role with its inline policy minus one statement (None: all of it).
fn role_policy_without(c: &Clients, policy: &serde_json::Value, sid: Option<&str>) {
    let mut document = policy.clone();
    document["Statement"].as_array_mut().unwrap().retain(|s| Some(s["Sid"].as_str().unwrap()) != sid);
    c.block(async {
        c.iam.put_role_policy().role_name("tpl-prod-sync").policy_name("sync").policy_document(document.to_string()).send().await.unwrap()
    });
}

/// The installed function heals the connection by itself, run by the emulator's Lambda
/// runtime as its own role: the failovers of a database and of an Aurora cluster's
/// writer send RDS events, on which it moves those routes within the call; the cache
/// (ElastiCache sends no EventBridge event) waits for the schedule's tick. Without the
/// policy's statement for the groups or for the reads, a run changes nothing and logs
/// the denied action; without the Logs statement it still syncs but leaves no log.
#[test]
fn the_installed_function_heals_failovers_by_itself_with_only_its_own_policy() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    let aurora = seed::cluster(&emulator, &account, "aurora-postgresql", "app");
    let mut setup = seed::setup_args("prod", "--rds-instance", "orders-db", &account);
    setup.extend(["--elasticache-replication-group", "sessions", "--route", "5433=rds-cluster:app"]);
    emulator.run(&setup).success();
    emulator.run(&["sync-targets", "--name", "prod", "--install"]).success();
    let policy = c.block(async {
        let policy = c.iam.get_role_policy().role_name("tpl-prod-sync").policy_name("sync").send().await.unwrap();
        serde_json::from_str::<serde_json::Value>(&url_decoded(policy.policy_document())).unwrap()
    });

    emulator.enforce_iam(true);
    let database = emulator.failover_answer("orders-db");
    emulator.enforce_iam(false);
    assert_eq!(database["deliveries"][0]["invoked"], true, "{database:#}");
    c.block(async {
        c.rds.failover_db_cluster().db_cluster_identifier("app").target_db_instance_identifier(&aurora.reader).send().await.unwrap()
    });
    emulator.failover("sessions-001");
    let check = emulator.run(&["sync-targets", "--name", "prod", "--check"]);
    assert_eq!(check.code(), 1, "{}", check.describe());
    for healed in ["port 5432: in sync", "port 5433: in sync", "port 6379: drifted"] {
        assert!(check.stdout().contains(healed), "{healed}: {}", check.stdout());
    }
    let (last, _) = last_logged_run(&c);
    assert_eq!(last.as_ref().unwrap()["routes"][1]["register"], serde_json::json!([aurora.reader_ip]), "the new writer: {last:#?}");

    for sid in ["SyncThisConnection", "Read"] {
        role_policy_without(&c, &policy, Some(sid));
        emulator.enforce_iam(true);
        let tick = emulator.run_schedules();
        emulator.enforce_iam(false);
        assert_eq!(tick["deliveries"][0]["invoked"], true, "{tick:#}");
        let (last, _) = last_logged_run(&c);
        let cache = &last.as_ref().unwrap()["routes"][2];
        assert_eq!(cache["result"], "unchanged", "without {sid}: {last:#?}");
        assert!(cache["error"].as_str().unwrap().contains("not authorized to perform"), "without {sid}: {last:#?}");
        assert_eq!(emulator.run(&["sync-targets", "--name", "prod", "--check"]).code(), 1, "without {sid} nothing moved");
        // doctor reads the run's line and says why the route was left as it was.
        let report: serde_json::Value =
            serde_json::from_str(&emulator.run(&["doctor", "--name", "prod", "--output", "json"]).stdout()).unwrap();
        let check = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "sync-installed").unwrap().clone();
        assert_eq!(check["status"], "warn", "without {sid}: {check:#}");
        let summary = check["summary"].as_str().unwrap();
        let action = if sid == "Read" { "elasticache:DescribeReplicationGroups" } else { "elasticloadbalancing:RegisterTargets" };
        assert!(summary.contains(&format!("port 6379: not authorized to perform {action}")), "without {sid}: {check:#}");
        eprintln!("without {sid}: {}", cache["error"]);
    }

    role_policy_without(&c, &policy, Some("Logs"));
    let (_, streams) = last_logged_run(&c);
    emulator.enforce_iam(true);
    emulator.run_schedules();
    emulator.enforce_iam(false);
    emulator.run(&["sync-targets", "--name", "prod", "--check"]).success();
    assert_eq!(last_logged_run(&c).1, streams, "without the Logs statement the run leaves no log");

    role_policy_without(&c, &policy, None);
    let moved = emulator.failover("sessions-001");
    emulator.enforce_iam(true);
    emulator.run_schedules();
    emulator.enforce_iam(false);
    emulator.run(&["sync-targets", "--name", "prod", "--check"]).success();
    let status = emulator.run(&["status", "--name", "prod", "--output", "json"]).json();
    let cache = &status["sync"]["last_run"]["routes"][2];
    assert_eq!((cache["result"].as_str(), &cache["register"]), (Some("synced"), &serde_json::json!([moved])), "{:#}", status["sync"]);
}

/// A role IAM has not spread yet ("cannot be assumed by Lambda") is waited out; an
/// install cut off half-way (the function's creation failing) finishes when run again,
/// making only what is missing.
#[test]
fn an_install_waits_for_its_role_and_one_cut_off_finishes_when_run_again() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&seed::setup_args("prod", "--rds-instance", "orders-db", &account)).success();
    emulator.fault_saying(
        "lambda:CreateFunction",
        "InvalidParameterValueException",
        "The role defined for the function cannot be assumed by Lambda.",
    );
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install"]).success();
    assert_eq!(emulator.requests()["lambda:CreateFunction"], 2, "created on the second try");
    emulator.run(&["sync-targets", "--name", "prod", "--uninstall"]).success();

    emulator.fault("lambda:CreateFunction", 1, 1, "ServiceException");
    let cut = emulator.run(&["sync-targets", "--name", "prod", "--install"]);
    assert_eq!(cut.code(), 1, "{}", cut.describe());
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install"]).success();
    let made = writes(&emulator.requests());
    assert!(made.contains_key("lambda:CreateFunction"), "{made:?}");
    assert!(!made.contains_key("iam:CreateRole") && !made.contains_key("logs:CreateLogGroup"), "what the first run made stays: {made:?}");
    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod", "--install"]).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new());
}

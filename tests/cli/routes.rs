//! One connection, many resources: each listener port a route to its own target group
//! and targets, on one NLB and one endpoint service. Read back through the AWS API.

use std::collections::BTreeMap;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::export;
use crate::harness::Emulator;
use crate::seed::{self, Account};
use crate::steps::writes;

/// Each listener port of the connection's NLB with the targets its group holds.
fn routes_in_aws(emulator: &Emulator, name: &str) -> BTreeMap<i32, Vec<String>> {
    let c = emulator.clients();
    c.block(async {
        let lbs = c.elb.describe_load_balancers().names(format!("tpl-{name}-nlb")).send().await.unwrap();
        let lb = lbs.load_balancers()[0].load_balancer_arn().unwrap().to_string();
        let mut found = BTreeMap::new();
        for listener in c.elb.describe_listeners().load_balancer_arn(&lb).send().await.unwrap().listeners() {
            let group = listener.default_actions()[0].target_group_arn().unwrap();
            let health = c.elb.describe_target_health().target_group_arn(group).send().await.unwrap();
            let mut targets: Vec<String> =
                health.target_health_descriptions().iter().filter_map(|d| d.target()?.id()).map(str::to_string).collect();
            targets.sort();
            found.insert(listener.port().unwrap(), targets);
        }
        found
    })
}

/// How many NLBs and endpoint services the tool made in the emulator.
fn nlbs_and_services(emulator: &Emulator) -> (usize, usize) {
    let c = emulator.clients();
    c.block(async {
        let lbs = c.elb.describe_load_balancers().send().await.unwrap();
        let ours = lbs.load_balancers().iter().filter(|lb| lb.load_balancer_name().unwrap().starts_with("tpl-")).count();
        let services = c.ec2.describe_vpc_endpoint_service_configurations().send().await.unwrap();
        (ours, services.service_configurations().len())
    })
}

fn three_resources<'a>(account: &'a Account, alb: &'a str) -> Vec<&'a str> {
    vec![
        "setup",
        "--no-input",
        "--name",
        "prod",
        "--rds-instance",
        "orders-db",
        "--elasticache-replication-group",
        "sessions",
        "--alb",
        alb,
        "--account-id",
        TRIGGER_ACCOUNT,
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
        "--resource-security-group-rule",
        "--output",
        "json",
    ]
}

#[test]
fn a_database_a_cache_and_an_alb_are_three_routes_of_one_connection() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let api_group = seed::security_group(&emulator, &account, "internal-api", Some(80));
    let alb = seed::alb(&emulator, &account, &api_group, &[80]);
    let setup = three_resources(&account, seed::ALB);
    let report = emulator.run(&setup).success().json();
    let routes: Vec<(u64, String)> =
        report["routes"].as_array().unwrap().iter().map(|r| (r["port"].as_u64().unwrap(), r["destination"].to_string())).collect();
    eprintln!("routes: {routes:?}");
    assert_eq!(routes.iter().map(|(p, _)| *p).collect::<Vec<_>>(), [80, 5432, 6379]);

    let expected: BTreeMap<i32, Vec<String>> =
        [(80, vec![alb.clone()]), (5432, vec![account.rds_ip.clone()]), (6379, vec![account.cache_primary_ip.clone()])]
            .into_iter()
            .collect();
    assert_eq!(routes_in_aws(&emulator, "prod"), expected, "each listener forwards to a group holding only its own resource's targets");
    assert_eq!(nlbs_and_services(&emulator), (1, 1), "one NLB and one endpoint service carry the three routes");

    emulator.reset_requests();
    emulator.run(&setup).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");

    let doctor = emulator.run(&["doctor", "--name", "prod", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(doctor.code(), 0, "{}", doctor.describe());

    // The database fails over: only its route drifts, and only its route is changed.
    let moved = emulator.failover("orders-db");
    let drift = |args: &[&str]| -> serde_json::Value {
        let run = emulator.run(args);
        let report: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
        report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "target-ip-drift").unwrap().clone()
    };
    let whole = drift(&["doctor", "--name", "prod", "--account-id", TRIGGER_ACCOUNT, "--output", "json"]);
    assert_eq!(whole["status"], "fail", "{whole}");
    assert!(whole["summary"].as_str().unwrap().starts_with("port 5432: registered"), "the failing check names its route: {whole}");
    let cache_only = drift(&["doctor", "--name", "prod", "--account-id", TRIGGER_ACCOUNT, "--port", "6379", "--output", "json"]);
    assert_eq!(cache_only["status"], "pass", "--port 6379 judges the cache's route alone: {cache_only}");
    let check = emulator.run(&["sync-targets", "--name", "prod", "--check"]);
    assert_eq!(check.code(), 1, "{}", check.describe());
    assert!(check.stdout().contains("prod port 5432: drifted (--rds-instance orders-db)"), "{}", check.stdout());
    assert!(check.stdout().contains("prod port 6379: in sync"), "{}", check.stdout());
    let json: serde_json::Value =
        serde_json::from_str(&emulator.run(&["sync-targets", "--name", "prod", "--check", "--output", "json"]).stdout()).unwrap();
    let drifted: Vec<u64> =
        json["routes"].as_array().unwrap().iter().filter(|r| r["result"] == "drifted").map(|r| r["port"].as_u64().unwrap()).collect();
    assert_eq!(drifted, [5432]);

    emulator.reset_requests();
    emulator.run(&["sync-targets", "--name", "prod"]).success();
    let expected_writes: BTreeMap<String, u64> =
        [("elasticloadbalancing:DeregisterTargets".to_string(), 1), ("elasticloadbalancing:RegisterTargets".to_string(), 1)]
            .into_iter()
            .collect();
    assert_eq!(writes(&emulator.requests()), expected_writes, "one register and one deregister: the 5432 route's");
    let after = routes_in_aws(&emulator, "prod");
    assert_eq!(after[&5432], vec![moved]);
    assert_eq!(after[&6379], vec![account.cache_primary_ip.clone()]);
    assert_eq!(after[&80], vec![alb]);

    // One route left without targets: doctor names that route, not the connection.
    deregister_all(&emulator, "tpl-prod-6379");
    let report: serde_json::Value =
        serde_json::from_str(&emulator.run(&["doctor", "--name", "prod", "--account-id", TRIGGER_ACCOUNT, "--output", "json"]).stdout())
            .unwrap();
    let registered = report["checks"].as_array().unwrap().iter().find(|c| c["id"] == "targets-registered").unwrap();
    assert_eq!(registered["status"], "fail", "{registered:#}");
    assert_eq!(registered["summary"], "no registered target on port 6379 (tpl-prod-6379)");
}

/// Deregisters every target of the named group.
fn deregister_all(emulator: &Emulator, name: &str) {
    let c = emulator.clients();
    c.block(async {
        let group =
            c.elb.describe_target_groups().names(name).send().await.unwrap().target_groups()[0].target_group_arn().unwrap().to_string();
        let health = c.elb.describe_target_health().target_group_arn(&group).send().await.unwrap();
        let targets: Vec<_> = health.target_health_descriptions().iter().filter_map(|d| d.target().cloned()).collect();
        c.elb.deregister_targets().target_group_arn(&group).set_targets(Some(targets)).send().await.unwrap();
    });
}

#[test]
fn three_kafka_brokers_are_three_routes_with_their_advertised_listeners() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "kafka", Some(9092));
    let brokers: Vec<String> = (0..3).map(|i| seed::interface(&emulator, &account.subnets[i % 2], &group, "kafka")).collect();
    let routes: Vec<String> = brokers.iter().enumerate().map(|(i, ip)| format!("{}={ip}:9092", 9001 + i)).collect();
    let mut setup = vec!["setup", "--no-input", "--name", "events", "--vpc", &account.vpc, "--account-id", TRIGGER_ACCOUNT];
    for route in &routes {
        setup.extend(["--route", route.as_str()]);
    }
    setup.extend(["--endpoint-ip", "10.50.0.7", "--subnet", &account.subnets[0], "--subnet", &account.subnets[1]]);
    let run = emulator.run(&setup).success().describe();
    eprintln!("{run}");
    for (i, broker) in brokers.iter().enumerate() {
        let line = format!("{broker}:9092");
        let advertised = format!("EXTERNAL://10.50.0.7:{}", 9001 + i);
        assert!(run.lines().any(|l| l.contains(&line) && l.contains(&advertised)), "no line {line} {advertised}:\n{run}");
    }
    assert!(run.contains("Bootstrap servers for the client: 10.50.0.7:9001,10.50.0.7:9002,10.50.0.7:9003"), "{run}");
    let expected: BTreeMap<i32, Vec<String>> = brokers.iter().enumerate().map(|(i, ip)| (9001 + i as i32, vec![ip.clone()])).collect();
    assert_eq!(routes_in_aws(&emulator, "events"), expected, "each listener to one broker");
    let c = emulator.clients();
    let ports: Vec<i32> = c.block(async {
        let groups = c.elb.describe_target_groups().send().await.unwrap();
        groups.target_groups().iter().filter_map(|g| g.port()).collect()
    });
    assert_eq!(ports, [9092, 9092, 9092], "every broker is reached on 9092");

    let (main_tf, imports_tf) = export::export(&emulator, &["--name", "events"]);
    let parsed = export::parse(&main_tf, &imports_tf);
    let kinds = export::kinds(&parsed);
    assert_eq!((kinds["aws_lb_target_group"], kinds["aws_lb_listener"], kinds["aws_lb"]), (3, 3, 1), "{main_tf}");
    export::assert_imports_complete(&parsed, &emulator.clients());
}

#[test]
fn a_live_connection_gains_a_route_and_loses_one_but_never_its_last() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = seed::census(&emulator.clients());
    let database = seed::setup_args("prod", "--rds-instance", "orders-db", &account);
    emulator.run(&database).success();
    let service_before = emulator.run(&["status", "--name", "prod", "--output", "json"]).json()["service_id"].clone();

    // Grow: the cache joins; the database's route is kept as it is.
    let mut cache = seed::setup_args("prod", "--elasticache-replication-group", "sessions", &account);
    cache.push("--dry-run");
    let plan = emulator.run(&cache).success().stdout();
    assert!(plan.lines().any(|l| l.starts_with("keep") && l.contains("tpl-prod-tg")), "{plan}");
    cache.pop();
    emulator.run(&cache).success();
    let routes = routes_in_aws(&emulator, "prod");
    assert_eq!(routes.keys().copied().collect::<Vec<_>>(), [5432, 6379]);
    assert_eq!(nlbs_and_services(&emulator), (1, 1), "no second service for one connection name");
    let status = emulator.run(&["status", "--name", "prod", "--output", "json"]).json();
    assert_eq!(status["service_id"], service_before);
    let listed: Vec<(u64, String)> = status["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["port"].as_u64().unwrap(), r["destination"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(listed, [(5432, "rds-instance/orders-db".to_string()), (6379, "elasticache-replication-group/sessions".to_string())]);
    emulator.reset_requests();
    emulator.run(&database).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "naming one route again changes nothing");

    // Shrink: the cache's route goes; the rest stays.
    emulator.run(&["teardown", "--name", "prod", "--port", "6379", "--yes"]).success();
    assert_eq!(routes_in_aws(&emulator, "prod").keys().copied().collect::<Vec<_>>(), [5432]);
    assert_eq!(nlbs_and_services(&emulator), (1, 1));
    let rules = emulator.run(&["status", "--name", "prod", "--output", "json"]).json()["resource_rules"].clone();
    assert!(
        rules.as_array().unwrap().iter().all(|r| !r.as_str().unwrap().contains("6379")),
        "the cache's rule went with its route: {rules}"
    );
    emulator.run(&["teardown", "--name", "prod", "--port", "6379", "--yes"]).fails_with(2, "no route on port 6379 (its routes: 5432)");
    emulator
        .run(&["teardown", "--name", "prod", "--port", "5432", "--yes"])
        .fails_with(2, "use `trigger-privatelink teardown --name prod`");

    emulator.run(&["teardown", "--name", "prod", "--yes"]).success();
    assert_eq!(seed::census(&emulator.clients()), before, "nothing left after the whole teardown");
}

/// A connection of several ports in the shape releases before routes made (a group per
/// port, `tpl-<name>-<port>`, each tagged with the same resource; `setup --port` still
/// makes exactly it): read as routes, and reading it writes nothing.
#[test]
fn a_connection_made_before_routes_is_read_as_routes_without_a_write() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let old = [
        "setup",
        "--no-input",
        "--name",
        "legacy",
        "--rds-instance",
        "orders-db",
        "--port",
        "5432",
        "--port",
        "6432",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
    ];
    emulator.run(&old).success();
    let c = emulator.clients();
    let names: Vec<String> = c.block(async {
        let groups = c.elb.describe_target_groups().send().await.unwrap();
        let mut names: Vec<String> = groups.target_groups().iter().map(|g| g.target_group_name().unwrap().to_string()).collect();
        names.sort();
        names
    });
    assert_eq!(names, ["tpl-legacy-5432", "tpl-legacy-6432"], "the shape of a connection of several ports");
    emulator.reset_requests();
    let status = emulator.run(&["status", "--name", "legacy", "--output", "json"]).success().json();
    let ports: Vec<u64> = status["routes"].as_array().unwrap().iter().map(|r| r["port"].as_u64().unwrap()).collect();
    assert_eq!(ports, [5432, 6432]);
    emulator.run(&["sync-targets", "--name", "legacy", "--check"]).success();
    emulator.run(&["doctor", "--name", "legacy", "--account-id", TRIGGER_ACCOUNT]);
    emulator.run(&old).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "status, sync-targets --check, doctor and a second setup write nothing");
}

#[test]
fn routes_that_cannot_be_are_refused_before_anything_is_made() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = seed::census(&emulator.clients());
    let base = ["setup", "--no-input", "--name", "prod", "--account-id", TRIGGER_ACCOUNT, "--vpc", &account.vpc];
    let refused = |extra: &[&str], needle: &str| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(extra);
        let run = emulator.run(&args);
        run.fails_with(2, needle);
        assert_eq!(run.stderr().trim().lines().count(), 1, "one line: {}", run.stderr());
    };
    refused(
        &["--rds-instance", "orders-db", "--rds-instance", "billing-db"],
        "--rds-instance orders-db and --rds-instance billing-db both take listener port 5432: move one with --route 5433=rds-instance:billing-db",
    );
    refused(&["--route", "9001=10.20.1.10:9092", "--route", "9001=10.20.1.11:9092"], "both take listener port 9001");
    refused(&["--route", "9001=10.20.1.300:9092"], "--route");
    refused(&["--route", "9001=10.99.1.10:9092"], "--route 9001=10.99.1.10:9092: 10.99.1.10 is outside");
    refused(&["--route", "0=10.20.1.10"], "listener port 0 is not a TCP port");
    refused(&["--route", "65536=10.20.1.10"], "listener port 65536 is not a TCP port");
    refused(&["--port", "0", "--target-ip", "10.20.1.10"], "--port");
    refused(&["--port", "65536", "--target-ip", "10.20.1.10"], "--port");
    let many: Vec<String> = (0..51).map(|i| format!("{}=10.20.1.{}:9092", 9001 + i, 10 + i)).collect();
    let mut args: Vec<&str> = Vec::new();
    for route in &many {
        args.extend(["--route", route.as_str()]);
    }
    refused(&args, "51 routes asked: an NLB behind an endpoint service may have at most 50 listeners");
    refused(
        &["--rds-instance", "orders-db", "--route", "5433=rds-instance:orders-db"],
        "rds-instance/orders-db is named twice (--rds-instance orders-db, --route 5433=rds-instance:orders-db)",
    );
    assert_eq!(seed::census(&emulator.clients()), before, "nothing was made");
}

/// Amazon MQ for ActiveMQ, the kind added with routes (one module, `resource/mq.rs`): an
/// active/standby broker is one route to both instances, beside a database's.
#[test]
fn an_activemq_broker_is_a_route_to_both_of_its_instances() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "orders-mq", Some(61617));
    let c = emulator.clients();
    let broker_ips: Vec<String> = c.block(async {
        use aws_sdk_mq::types::{DeploymentMode, EngineType, User};
        let user = User::builder().username("admin").password("not-a-secret-12").build();
        let made =
            c.mq.create_broker()
                .broker_name("orders-mq")
                .deployment_mode(DeploymentMode::ActiveStandbyMultiAz)
                .engine_type(EngineType::Activemq)
                .engine_version("5.17.6")
                .host_instance_type("mq.m5.large")
                .auto_minor_version_upgrade(true)
                .publicly_accessible(false)
                .security_groups(&group)
                .set_subnet_ids(Some(account.subnets[..2].to_vec()))
                .users(user)
                .send()
                .await
                .unwrap();
        let broker = c.mq.describe_broker().broker_id(made.broker_id().unwrap()).send().await.unwrap();
        let mut ips: Vec<String> = broker.broker_instances().iter().filter_map(|i| i.ip_address().map(str::to_string)).collect();
        ips.sort();
        ips
    });
    assert_eq!(broker_ips.len(), 2);
    let mut setup = seed::setup_args("prod", "--rds-instance", "orders-db", &account);
    setup.extend(["--mq-broker", "orders-mq"]);
    emulator.run(&setup).success();
    let expected: BTreeMap<i32, Vec<String>> = [(5432, vec![account.rds_ip.clone()]), (61617, broker_ips)].into_iter().collect();
    assert_eq!(routes_in_aws(&emulator, "prod"), expected);
    let resolved = emulator.run(&["resolve-ips", "--mq-broker", "orders-mq", "--output", "json"]).success().json();
    assert_eq!((resolved["resource"]["kind"].as_str(), resolved["port"].as_u64()), (Some("mq-broker"), Some(61617)));
    emulator.run(&["sync-targets", "--name", "prod", "--check"]).success();
    emulator
        .run(&["resolve-ips", "--mq-broker", "orders-mqq"])
        .fails_with(2, "--mq-broker orders-mqq: no such Amazon MQ broker in us-east-1; did you mean orders-mq?");
}

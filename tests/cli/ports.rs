//! Several ports on one connection: a target group and a TCP listener per port on one NLB
//! and one endpoint service (RabbitMQ's AMQPS 5671 and management 15671, say).

use std::collections::BTreeMap;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::Emulator;
use crate::seed;
use crate::steps::writes;

/// Each target group of the connection (by name) with its port and registered targets.
fn groups(emulator: &Emulator) -> BTreeMap<String, (i32, Vec<String>)> {
    let c = emulator.clients();
    c.block(async {
        let mut found = BTreeMap::new();
        for group in c.elb.describe_target_groups().send().await.unwrap().target_groups() {
            let name = group.target_group_name().unwrap().to_string();
            if !name.starts_with("tpl-") {
                continue;
            }
            let health = c.elb.describe_target_health().target_group_arn(group.target_group_arn().unwrap()).send().await.unwrap();
            let targets = health.target_health_descriptions().iter().filter_map(|d| d.target()?.id()).map(str::to_string).collect();
            found.insert(name, (group.port().unwrap(), targets));
        }
        found
    })
}

fn listeners(emulator: &Emulator, name: &str) -> serde_json::Value {
    emulator.run(&["status", "--name", name, "--output", "json"]).json()["load_balancer"]["listeners"].clone()
}

#[test]
fn two_ports_get_a_target_group_and_listener_each_and_live_a_whole_life() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let broker_group = seed::security_group(&emulator, &account, "rabbitmq", Some(5671));
    let c = emulator.clients();
    c.block(async {
        use aws_sdk_ec2::types::{IpPermission, IpRange};
        let management = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(15671)
            .to_port(15671)
            .ip_ranges(IpRange::builder().cidr_ip(seed::VPC_CIDR).build())
            .build();
        c.ec2.authorize_security_group_ingress().group_id(&broker_group).ip_permissions(management).send().await.unwrap();
    });
    let broker_ip = seed::interface(&emulator, &account.subnets[1], &broker_group, "rabbitmq");
    let before = seed::census(&emulator.clients());
    let setup = [
        "setup",
        "--no-input",
        "--name",
        "mq",
        "--target-ip",
        &broker_ip,
        "--vpc",
        &account.vpc,
        "--port",
        "5671",
        "--port",
        "15671",
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
        "--account-id",
        TRIGGER_ACCOUNT,
        "--output",
        "json",
    ];
    emulator.run(&setup).json();
    let expected: BTreeMap<String, (i32, Vec<String>)> =
        [("tpl-mq-15671".to_string(), (15671, vec![broker_ip.clone()])), ("tpl-mq-5671".to_string(), (5671, vec![broker_ip.clone()]))]
            .into_iter()
            .collect();
    assert_eq!(groups(&emulator), expected, "one target group per port, read back through the API");
    assert_eq!(listeners(&emulator, "mq"), serde_json::json!(["TCP 5671", "TCP 15671"]));
    let listed = emulator.run(&["list", "--output", "json"]).json();
    assert_eq!(
        (&listed["connections"][0]["targets_healthy"], &listed["connections"][0]["targets_total"]),
        (&serde_json::json!(2), &serde_json::json!(2))
    );

    emulator.reset_requests();
    emulator.run(&setup).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");
    let doctor = emulator.run(&["doctor", "--name", "mq", "--account-id", TRIGGER_ACCOUNT, "--port", "5671", "--port", "15671"]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());
    assert!(doctor.stdout().contains("TCP listeners on 5671, 15671, the ports tasks dial"), "{}", doctor.stdout());

    let exported = emulator.run(&["export", "terraform", "--name", "mq"]);
    let text = exported.success().stdout();
    let body = hcl::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let kinds: Vec<String> =
        body.blocks().filter(|b| b.identifier.as_str() == "resource").map(|b| b.labels[0].as_str().to_string()).collect();
    let count = |kind: &str| kinds.iter().filter(|k| *k == kind).count();
    assert_eq!((count("aws_lb_target_group"), count("aws_lb_listener")), (2, 2), "{text}");
    assert_eq!(text.matches("import {").count(), kinds.len(), "one import per resource");

    emulator.run(&["teardown", "--name", "mq", "--yes"]).success();
    assert_eq!(seed::census(&emulator.clients()), before, "both target groups, the listeners, the NLB and its group are gone");
}

#[test]
fn sync_targets_follows_a_failover_in_every_ports_target_group() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // Postgres and a PgBouncer beside it on the same host.
    let mut setup = seed::setup_args("orders", "--rds-instance", "orders-db", &account);
    setup.extend(["--port", "5432", "--port", "6432", "--output", "json"]);
    emulator.run(&setup).json();
    let old = vec![account.rds_ip.clone()];
    assert_eq!(groups(&emulator).into_values().collect::<Vec<_>>(), vec![(5432, old.clone()), (6432, old)]);
    let new_ip = emulator.failover("orders-db");
    assert_eq!(emulator.run(&["sync-targets", "--name", "orders", "--check"]).code(), 1);
    let synced = emulator.run(&["sync-targets", "--name", "orders", "--output", "json"]).json();
    assert_eq!(synced["result"], "synced");
    assert_eq!(synced["target_group_arns"].as_array().unwrap().len(), 2);
    let new = vec![new_ip];
    assert_eq!(groups(&emulator).into_values().collect::<Vec<_>>(), vec![(5432, new.clone()), (6432, new)], "both groups follow");
}

#[test]
fn too_many_ports_or_too_long_a_name_is_refused_before_any_call() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = seed::census(&emulator.clients());
    let ports: Vec<String> = (5000..5051).map(|p| p.to_string()).collect();
    let mut args = seed::setup_args("mq", "--rds-instance", "orders-db", &account);
    for port in &ports {
        args.extend(["--port", port.as_str()]);
    }
    emulator.reset_requests();
    emulator.run(&args).fails_with(2, "--port given 51 times: an NLB behind an endpoint service may have at most 50 listeners");
    assert_eq!(emulator.requests(), BTreeMap::new(), "refused before any AWS call");
    let mut long = seed::setup_args("a-connection-name-of-24c", "--rds-instance", "orders-db", &account);
    long.extend(["--port", "5432", "--port", "6432"]);
    emulator.run(&long).fails_with(2, "--name a-connection-name-of-24c is too long for several ports");
    assert_eq!(seed::census(&emulator.clients()), before, "nothing was created");
}

#[test]
fn the_steps_take_several_ports_too() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let target = ["--target-ip", &account.rds_ip, "--vpc", &account.vpc];
    let mut group_step = vec!["create-target-group", "--name", "pg", "--port", "5432", "--port", "6432", "--output", "json"];
    group_step.extend(target);
    let made = emulator.run(&group_step).json();
    let actions = |report: &serde_json::Value| -> Vec<String> {
        report["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| format!("{} {}", r["action"].as_str().unwrap(), r["name"].as_str().unwrap_or_default()))
            .collect()
    };
    assert_eq!(actions(&made), ["created tpl-pg-5432", "created tpl-pg-6432"]);
    let nlb_step = ["create-nlb", "--name", "pg", "--subnet", &account.subnets[0], "--subnet", &account.subnets[1], "--output", "json"];
    emulator.run(&nlb_step).json();
    assert_eq!(listeners(&emulator, "pg"), serde_json::json!(["TCP 5432", "TCP 6432"]), "a listener per target group, on its port");
    emulator.reset_requests();
    assert_eq!(actions(&emulator.run(&group_step).json()), ["exists tpl-pg-5432", "exists tpl-pg-6432"]);
    emulator.run(&nlb_step).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "the steps again change nothing");
    let mut one_port = nlb_step.to_vec();
    one_port.extend(["--port", "5432"]);
    emulator.run(&one_port).fails_with(2, "--port picks the listener port of one target group, and connection 'pg' has 2");
}

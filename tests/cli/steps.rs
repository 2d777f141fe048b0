//! Every step subcommand, in order, against the emulator; results read back through
//! the AWS API; then the whole sequence again, which must change nothing.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::Value;

use crate::harness::Emulator;
use crate::seed;

pub const VENDOR_ACCOUNT: &str = "123456789012";

/// Runs the six steps for connection `name`; returns each step's JSON output.
fn run_steps(emulator: &Emulator, name: &str, resource: &[&str], subnets: &[String]) -> Vec<Value> {
    let mut target_group = vec!["create-target-group", "--name", name, "--output", "json"];
    target_group.extend_from_slice(resource);
    let mut nlb = vec!["create-nlb", "--name", name, "--output", "json"];
    for subnet in subnets {
        nlb.extend(["--subnet", subnet.as_str()]);
    }
    vec![
        emulator.run(&target_group).json(),
        emulator.run(&nlb).json(),
        emulator.run(&["disable-enforcement", "--name", name, "--output", "json"]).json(),
        emulator.run(&["create-endpoint-service", "--name", name, "--supported-region", "eu-central-1", "--output", "json"]).json(),
        emulator.run(&["allow-principal", "--name", name, "--account-id", VENDOR_ACCOUNT, "--output", "json"]).json(),
        emulator.run(&["service-name", "--name", name, "--output", "json"]).json(),
    ]
}

fn actions(outputs: &[Value]) -> Vec<String> {
    outputs.iter().filter_map(|o| o["action"].as_str().map(str::to_string)).collect()
}

/// Calls that change something, by operation: a repeated run must make none.
pub fn writes(counts: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let write_prefixes = [
        "Create",
        "Modify",
        "Register",
        "Deregister",
        "Authorize",
        "Revoke",
        "Set",
        "Delete",
        "Add",
        "Remove",
        "Accept",
        "Reject",
        "Put",
        "Update",
        "Tag",
        "Untag",
        "Enable",
        "Disable",
    ];
    counts
        .iter()
        .filter(|(op, _)| {
            let name = op.split(':').nth(1).unwrap_or_default();
            if name.ends_with("[DryRun]") {
                return false;
            }
            write_prefixes.iter().any(|p| name.starts_with(p))
        })
        .map(|(op, n)| (op.clone(), *n))
        .collect()
}

struct Expected {
    port: i32,
    targets: Vec<String>,
}

/// Reads the built connection back through the AWS API and checks every setting.
fn assert_connection(emulator: &Emulator, name: &str, expected: &Expected, service_name_output: &Value) {
    let c = emulator.clients();
    c.block(async {
        let groups = c.elb.describe_target_groups().names(format!("tpl-{name}-tg")).send().await.unwrap();
        let group = &groups.target_groups()[0];
        assert_eq!(group.protocol().unwrap().as_str(), "TCP");
        assert_eq!(group.target_type().unwrap().as_str(), "ip");
        assert_eq!(group.port(), Some(expected.port));
        assert_eq!(group.health_check_protocol().unwrap().as_str(), "TCP");
        let health = c.elb.describe_target_health().target_group_arn(group.target_group_arn().unwrap()).send().await.unwrap();
        let mut registered: Vec<String> =
            health.target_health_descriptions().iter().map(|d| d.target().unwrap().id().unwrap().to_string()).collect();
        registered.sort();
        assert_eq!(registered, expected.targets);

        let lbs = c.elb.describe_load_balancers().names(format!("tpl-{name}-nlb")).send().await.unwrap();
        let lb = &lbs.load_balancers()[0];
        assert_eq!(lb.scheme().unwrap().as_str(), "internal");
        assert_eq!(lb.r#type().unwrap().as_str(), "network");
        assert_eq!(lb.enforce_security_group_inbound_rules_on_private_link_traffic(), Some("off"));
        let lb_arn = lb.load_balancer_arn().unwrap();
        let listeners = c.elb.describe_listeners().load_balancer_arn(lb_arn).send().await.unwrap();
        assert_eq!(listeners.listeners().len(), 1);
        let listener = &listeners.listeners()[0];
        assert_eq!(listener.port(), Some(expected.port));
        assert_eq!(listener.protocol().unwrap().as_str(), "TCP");
        assert_eq!(listener.default_actions()[0].target_group_arn(), group.target_group_arn());
        let attrs = c.elb.describe_load_balancer_attributes().load_balancer_arn(lb_arn).send().await.unwrap();
        let cross_zone = attrs.attributes().iter().find(|a| a.key() == Some("load_balancing.cross_zone.enabled")).unwrap();
        assert_eq!(cross_zone.value(), Some("true"));

        let services = c.ec2.describe_vpc_endpoint_service_configurations().send().await.unwrap();
        let ours: Vec<_> = services
            .service_configurations()
            .iter()
            .filter(|s| s.tags().iter().any(|t| t.key() == Some("trigger-privatelink:connection") && t.value() == Some(name)))
            .collect();
        assert_eq!(ours.len(), 1);
        let service = ours[0];
        assert_eq!(service.acceptance_required(), Some(false));
        assert_eq!(service.network_load_balancer_arns(), [lb_arn.to_string()]);
        let mut regions: Vec<&str> = service.supported_regions().iter().filter_map(|r| r.region()).collect();
        regions.sort();
        assert_eq!(regions, ["eu-central-1", "us-east-1"]);
        let permissions = c.ec2.describe_vpc_endpoint_service_permissions().service_id(service.service_id().unwrap()).send().await.unwrap();
        let principals: Vec<&str> = permissions.allowed_principals().iter().filter_map(|p| p.principal()).collect();
        assert_eq!(principals, [format!("arn:aws:iam::{VENDOR_ACCOUNT}:root")]);

        assert_eq!(service_name_output["service_name"].as_str(), service.service_name());
        assert_eq!(service_name_output["service_id"].as_str(), service.service_id());
        assert_eq!(service_name_output["region"], "us-east-1");
        assert!(service.service_name().unwrap().starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"));
    });
}

fn full_sequence(resource: &[&str], name: &str, expected: impl Fn(&seed::Account) -> Expected) {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let expected = expected(&account);
    let subnets = &account.subnets[..2];

    emulator.reset_requests();
    let first = run_steps(&emulator, name, resource, subnets);
    let first_counts = emulator.requests();
    assert_eq!(actions(&first), ["created", "created", "updated", "created", "updated"], "{first:#?}");
    assert_connection(&emulator, name, &expected, &first[5]);

    emulator.reset_requests();
    let second = run_steps(&emulator, name, resource, subnets);
    let second_counts = emulator.requests();
    assert_eq!(actions(&second), ["exists"; 5], "{second:#?}");
    assert_eq!(writes(&second_counts), BTreeMap::new(), "a repeated run must not change anything");
    assert_connection(&emulator, name, &expected, &second[5]);
    eprintln!("first run, AWS calls by operation: {first_counts:#?}\nsecond run: {second_counts:#?}");

    // The human form of service-name is the name alone, for $(...).
    let plain = emulator.run(&["service-name", "--name", name]);
    plain.success();
    assert_eq!(plain.stdout().trim(), second[5]["service_name"].as_str().unwrap());
    assert_eq!(plain.stdout().lines().count(), 1);
}

#[test]
fn rds_instance_every_step_then_again() {
    full_sequence(&["--rds-instance", "orders-db"], "orders", |account| Expected { port: 5432, targets: vec![account.rds_ip.clone()] });
}

#[test]
fn elasticache_replication_group_every_step_then_again() {
    full_sequence(&["--elasticache-replication-group", "sessions"], "sessions", |account| Expected {
        port: 6379,
        targets: vec![account.cache_primary_ip.clone()],
    });
}

#[test]
fn explicit_target_ips_every_step() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let vpc = account.vpc.clone();
    let resource = ["--vpc", vpc.as_str(), "--port", "5432", "--target-ip", account.rds_ip.as_str()];
    let first = run_steps(&emulator, "manual", &resource, &account.subnets[..2]);
    assert_eq!(actions(&first)[0], "created");
    assert_connection(&emulator, "manual", &Expected { port: 5432, targets: vec![account.rds_ip.clone()] }, &first[5]);
}

#[test]
fn resolve_ips_lists_nodes_with_roles() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let rds = emulator.run(&["resolve-ips", "--rds-instance", "orders-db", "--output", "json"]).json();
    let nodes = rds["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 1, "{rds:#}");
    assert_eq!(nodes[0]["ip"], account.rds_ip.as_str());
    assert_eq!(nodes[0]["availability_zone"], "us-east-1a");
    assert_eq!(nodes[0]["role"], "writer");
    assert!(nodes[0]["eni_id"].as_str().unwrap().starts_with("eni-"));

    let cache = emulator.run(&["resolve-ips", "--elasticache-replication-group", "sessions", "--output", "json"]).json();
    let roles: Vec<(&str, &str)> =
        cache["nodes"].as_array().unwrap().iter().map(|n| (n["ip"].as_str().unwrap(), n["role"].as_str().unwrap())).collect();
    assert_eq!(roles, [(account.cache_primary_ip.as_str(), "primary"), (account.cache_replica_ip.as_str(), "replica")]);
    let billing = emulator.run(&["resolve-ips", "--rds-instance", "billing-db", "--output", "json"]).json();
    assert_eq!(billing["nodes"][0]["ip"], account.other_rds_ip.as_str());
    assert_eq!(cache["port"], 6379);

    let table = emulator.run(&["resolve-ips", "--elasticache-replication-group", "sessions"]);
    table.success();
    let stdout = table.stdout();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.stdout());
    assert!(lines[0].starts_with("IP"), "{}", table.stdout());
    assert!(lines[1].contains("sessions-001") && lines[1].contains("primary"), "{}", table.stdout());
}

#[test]
fn resolve_ips_refuses_to_guess_between_lookalike_interfaces() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    c.block(async {
        c.ec2
            .create_network_interface()
            .subnet_id(&account.subnets[0])
            .description("RDSNetworkInterface")
            .groups(&account.db_security_group)
            .private_ip_address("10.20.1.251")
            .send()
            .await
            .unwrap();
    });
    let run = emulator.run(&["resolve-ips", "--rds-instance", "orders-db"]);
    run.fails_with(2, "--target-ip");
    assert!(run.stderr().contains(&account.rds_ip) && run.stderr().contains("10.20.1.251"), "{}", run.stderr());
}

#[test]
fn all_nodes_registers_the_replica_too() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let out = emulator
        .run(&["create-target-group", "--name", "cache", "--elasticache-replication-group", "sessions", "--all-nodes", "--output", "json"])
        .json();
    assert_eq!(out["action"], "created", "{out:#}");
    let c = emulator.clients();
    let registered = c.block(async {
        let arn = out["resources"][0]["id"].as_str().unwrap();
        let health = c.elb.describe_target_health().target_group_arn(arn).send().await.unwrap();
        let mut ips: Vec<String> =
            health.target_health_descriptions().iter().map(|d| d.target().unwrap().id().unwrap().to_string()).collect();
        ips.sort();
        ips
    });
    let mut expected = vec![account.cache_primary_ip.clone(), account.cache_replica_ip.clone()];
    expected.sort();
    assert_eq!(registered, expected);
}

#[test]
fn create_nlb_waits_while_provisioning() {
    let emulator = Emulator::start_with(&[("EMULATOR_NLB_PROVISIONING_SECONDS", "2")]);
    let account = seed::account(&emulator);
    emulator.run(&["create-target-group", "--name", "slow", "--rds-instance", "orders-db"]).success();
    let started = Instant::now();
    let run = emulator.run(&["create-nlb", "--name", "slow", "--subnet", &account.subnets[0], "--output", "json"]);
    let elapsed = started.elapsed().as_secs_f64();
    run.json();
    assert!(elapsed >= 2.0, "returned after {elapsed:.1} s, before the NLB was active");
    assert!(elapsed < 6.0, "took {elapsed:.1} s for a 2 s provisioning");
    assert!(run.stderr().contains("active: done after"), "{}", run.stderr());
}

#[test]
fn no_wait_returns_while_provisioning_and_wait_timeout_gives_up() {
    let emulator = Emulator::start();
    emulator.set(serde_json::json!({"nlb_provisioning_seconds": 30}));
    let account = seed::account(&emulator);
    emulator.run(&["create-target-group", "--name", "slow", "--rds-instance", "orders-db"]).success();
    let subnet = account.subnets[0].as_str();
    let started = Instant::now();
    emulator.run(&["create-nlb", "--name", "slow", "--subnet", subnet, "--no-wait"]).success();
    assert!(started.elapsed().as_secs_f64() < 5.0);
    let run = emulator.run(&["create-nlb", "--name", "slow", "--subnet", subnet, "--wait-timeout", "1"]);
    assert_eq!(run.code(), 1, "{}", run.stderr());
    let last = run.stderr().lines().last().unwrap_or_default().to_string();
    assert!(last.starts_with("error: ") && last.contains("still provisioning after 1 s"), "{}", run.stderr());
}

#[test]
fn disable_enforcement_on_an_nlb_without_security_groups_is_a_no_op() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    c.block(async {
        c.elb
            .create_load_balancer()
            .name("console-made")
            .r#type(aws_sdk_elasticloadbalancingv2::types::LoadBalancerTypeEnum::Network)
            .scheme(aws_sdk_elasticloadbalancingv2::types::LoadBalancerSchemeEnum::Internal)
            .subnets(&account.subnets[0])
            .send()
            .await
            .unwrap();
    });
    emulator.reset_requests();
    let run = emulator.run(&["disable-enforcement", "--nlb", "console-made"]);
    run.success();
    assert!(run.stderr().contains("no security group"), "{}", run.stderr());
    assert_eq!(writes(&emulator.requests()), BTreeMap::new());
}

#[test]
fn steps_work_on_console_made_resources_by_id() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    let lb_arn = c.block(async {
        let sg =
            c.ec2.create_security_group().group_name("nlb").description("nlb").vpc_id(&account.vpc).send().await.unwrap().group_id.unwrap();
        let lb = c
            .elb
            .create_load_balancer()
            .name("console-nlb")
            .r#type(aws_sdk_elasticloadbalancingv2::types::LoadBalancerTypeEnum::Network)
            .scheme(aws_sdk_elasticloadbalancingv2::types::LoadBalancerSchemeEnum::Internal)
            .subnets(&account.subnets[0])
            .security_groups(sg)
            .send()
            .await
            .unwrap();
        lb.load_balancers()[0].load_balancer_arn().unwrap().to_string()
    });
    emulator.run(&["disable-enforcement", "--nlb", &lb_arn]).success();
    let service = emulator.run(&["create-endpoint-service", "--nlb", &lb_arn, "--output", "json"]).json();
    let id = service["resources"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(emulator.run(&["create-endpoint-service", "--nlb", "console-nlb", "--output", "json"]).json()["action"], "exists");
    emulator.run(&["allow-principal", "--service-id", &id, "--principal", &format!("arn:aws:iam::{VENDOR_ACCOUNT}:root")]).success();
    let again = emulator.run(&["allow-principal", "--service-id", &id, "--account-id", VENDOR_ACCOUNT, "--output", "json"]).json();
    assert_eq!(again["action"], "exists");
    let name = emulator.run(&["service-name", "--service-id", &id]);
    assert!(name.success().stdout().starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"));
}

//! `setup` without a terminal (CI): end to end, dry run, repeat, and interruption at
//! every write call and during the NLB wait.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::Emulator;
use crate::seed::{self, Account};
use crate::steps::{VENDOR_ACCOUNT, writes};

fn setup_args<'a>(account: &'a Account, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "setup",
        "--no-input",
        "--name",
        "orders",
        "--rds-instance",
        "orders-db",
        "--account-id",
        VENDOR_ACCOUNT,
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
        "--supported-region",
        "eu-central-1",
        "--resource-security-group-rule",
        "--output",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

/// How many of each connection resource exist, read through the AWS API.
fn connection_census(emulator: &Emulator) -> BTreeMap<&'static str, usize> {
    let c = emulator.clients();
    c.block(async {
        let tgs = c.elb.describe_target_groups().send().await.unwrap();
        let lbs = c.elb.describe_load_balancers().send().await.unwrap();
        let mut listeners = 0;
        for lb in lbs.load_balancers() {
            listeners +=
                c.elb.describe_listeners().load_balancer_arn(lb.load_balancer_arn().unwrap()).send().await.unwrap().listeners().len();
        }
        let services = c.ec2.describe_vpc_endpoint_service_configurations().send().await.unwrap();
        let groups = c.ec2.describe_security_groups().send().await.unwrap();
        let ours = groups.security_groups().iter().filter(|g| g.group_name() == Some("tpl-orders-nlb")).count();
        let rules = groups
            .security_groups()
            .iter()
            .flat_map(|g| g.ip_permissions())
            .flat_map(|p| p.user_id_group_pairs())
            .filter(|pair| pair.description().is_some_and(|d| d.starts_with("trigger-privatelink orders")))
            .count();
        BTreeMap::from([
            ("target groups", tgs.target_groups().len()),
            ("load balancers", lbs.load_balancers().len()),
            ("listeners", listeners),
            ("endpoint services", services.service_configurations().len()),
            ("nlb security groups", ours),
            ("resource rules", rules),
        ])
    })
}

fn one_of_each() -> BTreeMap<&'static str, usize> {
    ["target groups", "load balancers", "listeners", "endpoint services", "nlb security groups", "resource rules"]
        .into_iter()
        .map(|k| (k, 1))
        .collect()
}

#[test]
fn setup_builds_everything_and_a_second_run_changes_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.reset_requests();
    let first = emulator.run(&setup_args(&account, &[]));
    let report = first.json();
    let first_counts = emulator.requests();
    assert_eq!(report["action"], "created");
    assert!(report["service_name"].as_str().unwrap().starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"));
    assert_eq!(report["region"], "us-east-1");
    let kinds: Vec<&str> = report["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "target-group",
            "security-group",
            "load-balancer",
            "listener",
            "lb-attribute",
            "privatelink-enforcement",
            "resource-sg-rule",
            "endpoint-service",
            "allowed-principals"
        ]
    );
    assert_eq!(connection_census(&emulator), one_of_each());
    assert!(first.stderr().contains("I have my details"), "{}", first.stderr());

    // Read back what the step tests read back.
    let service_name = emulator.run(&["service-name", "--name", "orders", "--output", "json"]).json();
    assert_eq!(service_name["service_name"], report["service_name"]);
    let c = emulator.clients();
    c.block(async {
        let lb = c.elb.describe_load_balancers().names("tpl-orders-nlb").send().await.unwrap();
        assert_eq!(lb.load_balancers()[0].enforce_security_group_inbound_rules_on_private_link_traffic(), Some("off"));
        let health = c.elb.describe_target_health().target_group_arn(report["resources"][0]["id"].as_str().unwrap()).send().await.unwrap();
        let states: Vec<&str> =
            health.target_health_descriptions().iter().map(|d| d.target_health().unwrap().state().unwrap().as_str()).collect();
        assert_eq!(states, ["healthy"], "the resource rule lets the health check through");
    });

    emulator.reset_requests();
    let second = emulator.run(&setup_args(&account, &[])).json();
    let second_counts = emulator.requests();
    assert_eq!(second["action"], "exists", "{second:#}");
    assert!(second["resources"].as_array().unwrap().iter().all(|r| r["action"] == "exists"), "{second:#}");
    assert_eq!(writes(&second_counts), BTreeMap::new());
    assert_eq!(second["service_name"], report["service_name"]);
    eprintln!("setup, first run, AWS calls by operation: {first_counts:#?}\nsecond run: {second_counts:#?}");
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.reset_requests();
    let plan = emulator.run(&setup_args(&account, &["--dry-run"])).json();
    let counts = emulator.requests();
    assert_eq!(writes(&counts), BTreeMap::new(), "{counts:#?}");
    assert!(counts.keys().any(|op| op.ends_with("[DryRun]")), "{counts:#?}");
    assert_eq!(plan["dry_run"], true);
    let actions: Vec<(&str, &str)> =
        plan["plan"].as_array().unwrap().iter().map(|i| (i["kind"].as_str().unwrap(), i["action"].as_str().unwrap())).collect();
    assert_eq!(actions[0], ("target-group", "create"));
    assert_eq!(actions[2], ("load-balancer", "create"));
    assert!(actions.contains(&("endpoint-service", "create")));
    assert!(actions.contains(&("resource-sg-rule", "update")));
    let permissions: Vec<(&str, &str)> =
        plan["permissions"].as_array().unwrap().iter().map(|p| (p["action"].as_str().unwrap(), p["result"].as_str().unwrap())).collect();
    assert!(permissions.contains(&("ec2:CreateSecurityGroup", "allowed")), "{permissions:?}");
    assert!(permissions.contains(&("ec2:CreateVpcEndpointServiceConfiguration", "allowed")), "{permissions:?}");
    assert_eq!(connection_census(&emulator).values().sum::<usize>(), 0);

    // A denied EC2 action is named.
    emulator.fault("ec2:CreateVpcEndpointServiceConfiguration", 1, 1, "UnauthorizedOperation");
    let denied = emulator.run(&setup_args(&account, &["--dry-run"]));
    assert_eq!(denied.code(), 1);
    assert!(denied.stderr().contains("may not call ec2:CreateVpcEndpointServiceConfiguration"), "{}", denied.stderr());

    // After a real run, the dry run finds everything as it is: `exists`, the result's word too.
    emulator.clear_faults();
    emulator.run(&setup_args(&account, &[])).success();
    let again = emulator.run(&setup_args(&account, &["--dry-run"])).json();
    assert!(again["plan"].as_array().unwrap().iter().all(|i| i["action"] == "exists"), "{again:#}");
    assert_eq!(again["permissions"].as_array().unwrap().len(), 0);
}

#[test]
fn setup_cut_off_at_any_write_finishes_when_run_again() {
    // Learn the write calls a first run makes, on an emulator of its own.
    let probe = Emulator::start();
    let probe_account = seed::account(&probe);
    probe.reset_requests();
    probe.run(&setup_args(&probe_account, &[])).success();
    let write_ops: Vec<String> =
        probe.request_sequence().into_iter().filter(|op| !writes(&BTreeMap::from([(op.clone(), 1)])).is_empty()).collect();
    assert!(write_ops.len() >= 10, "{write_ops:?}");
    drop(probe);

    // Cut each run off at the next write call in turn: every run gets one call further.
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    for op in &write_ops {
        // Fail every attempt of this call, so the SDK's retries cannot hide it.
        emulator.fault(op, 1, 10, "InternalFailure");
        let cut = emulator.run(&setup_args(&account, &[]));
        assert_eq!(cut.code(), 1, "setup should fail at {op}:\n{}", cut.stderr());
        assert!(cut.stderr().contains(op.as_str()), "the error names {op}:\n{}", cut.stderr());
        emulator.clear_faults();
    }
    let finished = emulator.run(&setup_args(&account, &[])).json();
    assert!(finished["service_name"].as_str().unwrap().starts_with("com.amazonaws.vpce."));
    assert_eq!(connection_census(&emulator), one_of_each());
}

#[test]
fn setup_killed_during_the_nlb_wait_finishes_when_run_again() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.set(serde_json::json!({"nlb_provisioning_seconds": 4}));
    let mut child = emulator.spawn(&setup_args(&account, &[]));
    // Wait until the NLB exists, then kill the process while it waits for it.
    let started = Instant::now();
    loop {
        if connection_census(&emulator)["load balancers"] == 1 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the NLB never appeared");
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(connection_census(&emulator)["endpoint services"], 0, "killed before the service");
    let finished = emulator.run(&setup_args(&account, &[])).json();
    assert_eq!(finished["action"], "created", "the rest of the work was done by the second run");
    assert_eq!(connection_census(&emulator), one_of_each());
}

#[test]
fn setup_finishes_within_three_seconds_of_the_nlb_becoming_active() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // The benchmark for other values: PROVISIONING_SECONDS=30 cargo test --test cli setup_finishes -- --nocapture
    let provisioning: f64 = std::env::var("PROVISIONING_SECONDS").ok().and_then(|v| v.parse().ok()).unwrap_or(5.0);
    emulator.set(serde_json::json!({"nlb_provisioning_seconds": provisioning}));
    let started = Instant::now();
    emulator.run(&setup_args(&account, &[])).success();
    let took = started.elapsed().as_secs_f64();
    eprintln!("setup with {provisioning} s of NLB provisioning took {took:.2} s");
    assert!(took >= provisioning && took < provisioning + 3.0, "took {took:.2} s");
}

#[test]
fn missing_flags_are_named_at_once() {
    let emulator = Emulator::start();
    seed::account(&emulator);
    let run = emulator.run(&["setup", "--no-input"]);
    run.fails_with(2, "missing --name");
    for flag in ["--rds-instance", "--target-ip", "--account-id"] {
        assert!(run.stderr().contains(flag), "{flag} not named: {}", run.stderr());
    }
    let hand = emulator.run(&["setup", "--name", "x", "--target-ip", "10.20.1.5", "--account-id", VENDOR_ACCOUNT]);
    // Typed IPs: the VPC and port are not known; the subnets are, as the wizard finds
    // them (a private subnet in every zone of the --vpc), so --subnet is not demanded.
    hand.fails_with(2, "missing --vpc; --port (");
    assert!(!hand.stderr().contains("--subnet"), "{}", hand.describe());
}

#[test]
fn setup_json_names_every_resource_with_its_id() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let report: Value = emulator.run(&setup_args(&account, &[])).json();
    for resource in report["resources"].as_array().unwrap() {
        assert!(!resource["id"].as_str().unwrap().is_empty(), "{resource:#}");
        assert!(["created", "updated", "exists"].contains(&resource["action"].as_str().unwrap()));
    }
    assert!(report["service_id"].as_str().unwrap().starts_with("vpce-svc-"));
}

#[test]
fn without_subnets_the_nlb_gets_a_private_subnet_in_every_zone() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // A public subnet (its route table sends 0.0.0.0/0 to an internet gateway) in a
    // fourth zone, and a second private subnet in the database's zone: neither is chosen.
    let c = emulator.clients();
    let (public, extra_private) = c.block(async {
        let subnet = |cidr: &'static str, zone: &'static str| {
            let c = &c;
            let vpc = account.vpc.clone();
            async move {
                c.ec2
                    .create_subnet()
                    .vpc_id(vpc)
                    .cidr_block(cidr)
                    .availability_zone(zone)
                    .send()
                    .await
                    .unwrap()
                    .subnet
                    .unwrap()
                    .subnet_id
                    .unwrap()
            }
        };
        let public = subnet("10.20.50.0/24", "us-east-1d").await;
        let extra_private = subnet("10.20.51.0/24", "us-east-1a").await;
        let igw = c.ec2.create_internet_gateway().send().await.unwrap().internet_gateway.unwrap().internet_gateway_id.unwrap();
        c.ec2.attach_internet_gateway().internet_gateway_id(&igw).vpc_id(&account.vpc).send().await.unwrap();
        let table = c.ec2.create_route_table().vpc_id(&account.vpc).send().await.unwrap().route_table.unwrap().route_table_id.unwrap();
        c.ec2.create_route().route_table_id(&table).destination_cidr_block("0.0.0.0/0").gateway_id(&igw).send().await.unwrap();
        c.ec2.associate_route_table().route_table_id(&table).subnet_id(&public).send().await.unwrap();
        (public, extra_private)
    });
    let args =
        ["setup", "--no-input", "--name", "orders", "--rds-instance", "orders-db", "--account-id", VENDOR_ACCOUNT, "--output", "json"];
    let report = emulator.run(&args).json();
    let lb_arn =
        report["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "load-balancer").unwrap()["id"].as_str().unwrap().to_string();
    let mut subnets: Vec<(String, String)> = c.block(async {
        let lbs = c.elb.describe_load_balancers().load_balancer_arns(&lb_arn).send().await.unwrap();
        lbs.load_balancers()[0]
            .availability_zones()
            .iter()
            .map(|z| (z.zone_name().unwrap().to_string(), z.subnet_id().unwrap().to_string()))
            .collect()
    });
    subnets.sort();
    let expected: Vec<(String, String)> = ["us-east-1a", "us-east-1b", "us-east-1c"]
        .iter()
        .zip(&account.subnets)
        .map(|(zone, subnet)| (zone.to_string(), subnet.clone()))
        .collect();
    assert_eq!(subnets, expected, "public {public} and second private {extra_private} left out");
}

/// The executor's line before each step: `  3/9 create load-balancer tpl-orders-nlb (…)`
/// as (kind, verb), in order.
fn executed_steps(stderr: &str) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let counter = words.next()?;
            let (done, total) = counter.split_once('/')?;
            (done.parse::<usize>().is_ok() && total.parse::<usize>().is_ok()).then_some(())?;
            let verb = words.next()?.to_string();
            Some((words.next()?.to_string(), verb))
        })
        .collect()
}

#[test]
fn dry_run_prints_the_steps_that_apply_then_performs() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // (kind, action) of each item of a JSON list.
    let pairs = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|i| (i["kind"].as_str().unwrap().to_string(), i["action"].as_str().unwrap().to_string()))
            .collect()
    };
    let planned = pairs(&emulator.run(&setup_args(&account, &["--dry-run"])).json()["plan"]);
    let applied = emulator.run(&setup_args(&account, &[]));
    let done = pairs(&applied.json()["resources"]);
    // The plan speaks in the imperative, the result in the past tense.
    let past = |verb: &str| match verb {
        "create" => "created",
        "update" => "updated",
        "exists" => "exists",
        other => panic!("unexpected plan word {other}"),
    };
    let expected: Vec<(String, String)> = planned.iter().map(|(kind, verb)| (kind.clone(), past(verb).to_string())).collect();
    assert_eq!(done, expected, "apply did what the dry run said, step for step");
    let announced = executed_steps(&applied.stderr());
    assert_eq!(announced, planned, "one progress line per planned step, in order:\n{}", applied.stderr());
    assert!(planned.len() >= 9, "{planned:?}");
}

#[test]
fn an_answer_lost_at_any_write_still_leaves_exactly_one_of_each_resource() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.reset_requests();
    emulator.run(&setup_args(&account, &[])).success();
    let write_ops: BTreeSet<String> =
        emulator.request_sequence().into_iter().filter(|op| !writes(&BTreeMap::from([(op.clone(), 1)])).is_empty()).collect();
    assert!(write_ops.len() >= 10, "{write_ops:?}");
    for op in &write_ops {
        emulator.reset();
        let account = seed::account(&emulator);
        // The first call of `op` takes effect and its answer is lost; the SDK retries.
        emulator.lose_answer(op, 1, 1);
        let run = emulator.run(&setup_args(&account, &[]));
        assert_eq!(run.code(), 0, "setup after a lost answer to {op}:\n{}", run.stderr());
        assert_eq!(connection_census(&emulator), one_of_each(), "after a lost answer to {op}");
        // No retry (one attempt): the run fails on the lost answer; the next one finishes
        // with one of each.
        emulator.reset();
        let account = seed::account(&emulator);
        emulator.lose_answer(op, 1, 1);
        let mut args = vec!["--endpoint-url", emulator.url.as_str()];
        args.extend(setup_args(&account, &[]));
        let cut = crate::harness::binary_command(&args).env("AWS_MAX_ATTEMPTS", "1").stdin(std::process::Stdio::null()).output().unwrap();
        assert_eq!(cut.status.code(), Some(1), "{op}: {}", String::from_utf8_lossy(&cut.stderr));
        emulator.run(&setup_args(&account, &[])).success();
        assert_eq!(connection_census(&emulator), one_of_each(), "after {op} lost every answer, then a re-run");
    }
    eprintln!("lost answers at {} write operations, each left one of each resource: {write_ops:?}", write_ops.len());
}

/// The tool against the emulator in a process of its own, running while the test goes on.
fn spawn(emulator: &Emulator, args: &[&str]) -> std::process::Child {
    let mut all = vec!["--endpoint-url", emulator.url.as_str()];
    all.extend_from_slice(args);
    crate::harness::binary_command(&all)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn setups_of_one_connection_racing_each_other_end_with_one_of_each_resource() {
    // The figure for more trials: TRIALS=10 cargo test --test cli setups_of_one_connection -- --nocapture
    let trials: usize = std::env::var("TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    let emulator = Emulator::start();
    let mut outcomes = Vec::new();
    for racers in [2, 4] {
        for trial in 0..trials {
            emulator.reset();
            let account = seed::account(&emulator);
            emulator.reset_requests();
            let children: Vec<_> = (0..racers).map(|_| spawn(&emulator, &setup_args(&account, &[]))).collect();
            let codes: Vec<i32> = children.into_iter().map(|c| c.wait_with_output().unwrap().status.code().unwrap_or(-1)).collect();
            // A run that lost the race may fail with a clear error; the next run finishes.
            if codes.iter().any(|c| *c != 0) {
                emulator.run(&setup_args(&account, &[])).success();
            }
            assert_eq!(connection_census(&emulator), one_of_each(), "{racers} racers, trial {trial}, exit codes {codes:?}");
            // How many creates raced: one setup makes 5; more means the racers met.
            let creates: u64 = writes(&emulator.requests()).iter().filter(|(op, _)| op.contains(":Create")).map(|(_, n)| n).sum();
            outcomes.push(format!("{racers} racers #{trial}: exits {codes:?}, {creates} create calls"));
        }
    }
    eprintln!("racing setups, each ending with one of each resource:\n{}", outcomes.join("\n"));
}

#[test]
fn setup_racing_teardown_never_duplicates_and_the_next_run_finishes() {
    // The figure for more trials: TRIALS=10 cargo test --test cli setup_racing_teardown -- --nocapture
    let trials: usize = std::env::var("TRIALS").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let emulator = Emulator::start();
    let mut outcomes = Vec::new();
    // Teardown starts at different points of setup's run (the NLB stays provisioning for
    // 1 s): before anything exists, among the creates, during the wait, near the end.
    for delay_ms in [0u64, 150, 400, 900, 1500] {
        for trial in 0..trials {
            emulator.reset();
            emulator.set(serde_json::json!({"nlb_provisioning_seconds": 1}));
            let account = seed::account(&emulator);
            let setup = spawn(&emulator, &setup_args(&account, &[]));
            std::thread::sleep(std::time::Duration::from_millis(delay_ms));
            let teardown = spawn(&emulator, &["teardown", "--name", "orders", "--yes", "--no-input"]);
            let runs = [("setup", setup.wait_with_output().unwrap()), ("teardown", teardown.wait_with_output().unwrap())];
            let mut codes = Vec::new();
            for (command, run) in &runs {
                let code = run.status.code().unwrap_or(-1);
                let stderr = String::from_utf8_lossy(&run.stderr);
                // A run that lost the race says so in an error line, never a panic.
                assert!(!stderr.contains("panicked"), "{command}: {stderr}");
                if code != 0 {
                    assert!(stderr.lines().any(|l| l.starts_with("error:")), "{command} exit {code} without an error line: {stderr}");
                }
                codes.push(code);
            }
            let census = connection_census(&emulator);
            assert!(census.values().all(|n| *n <= 1), "delay {delay_ms} ms, trial {trial}: duplicates {census:?} (exits {codes:?})");
            let left: usize = census.values().sum();
            // Whatever the race left, the next setup finishes it, and teardown then removes it all.
            emulator.run(&setup_args(&account, &[])).success();
            assert_eq!(connection_census(&emulator), one_of_each(), "delay {delay_ms} ms, trial {trial}");
            emulator.run(&["teardown", "--name", "orders", "--yes"]).success();
            assert!(connection_census(&emulator).values().all(|n| *n == 0), "delay {delay_ms} ms, trial {trial}");
            outcomes.push(format!("teardown after {delay_ms} ms #{trial}: exits (setup, teardown) {codes:?}, {left} resources left"));
        }
    }
    eprintln!("setup racing teardown:\n{}", outcomes.join("\n"));
}

//! EC2 instances and an Application Load Balancer as targets, end to end against the
//! emulator: registered by ID (target type `instance` or `alb`), health following their
//! security groups, no IP to drift, and each refusal a one-line exit 2 with nothing made.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::TargetGroup;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::Emulator;
use crate::seed;
use crate::steps::writes;

/// The connection's one target group and its registered target IDs, read back through the AWS API.
fn target_group(emulator: &Emulator, name: &str) -> (TargetGroup, Vec<String>) {
    let c = emulator.clients();
    c.block(async {
        let groups = c.elb.describe_target_groups().names(format!("tpl-{name}-tg")).send().await.unwrap();
        let group = groups.target_groups()[0].clone();
        let health = c.elb.describe_target_health().target_group_arn(group.target_group_arn().unwrap()).send().await.unwrap();
        let mut ids: Vec<String> =
            health.target_health_descriptions().iter().filter_map(|d| d.target()?.id()).map(str::to_string).collect();
        ids.sort();
        (group, ids)
    })
}

/// A second setup makes no write; doctor passes; sync-targets says there is no IP to
/// drift; teardown leaves the census as it was.
fn lives_on(emulator: &Emulator, setup: &[&str], name: &str, kind: &str, before: &[(&'static str, usize)]) {
    emulator.reset_requests();
    emulator.run(setup).success();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");
    let doctor = emulator.run(&["doctor", "--name", name, "--account-id", TRIGGER_ACCOUNT, "--output", "json"]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());
    let report = doctor.json();
    let check = |id: &str| report["checks"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    for id in ["targets-registered", "targets-healthy", "resource-sg-ingress", "health-check"] {
        assert_eq!(check(id)["status"], "pass", "{id}: {}", check(id));
    }
    assert_eq!(check("target-ip-drift")["status"], "skip");
    assert!(check("target-ip-drift").to_string().contains("registered by ID"), "{}", check("target-ip-drift"));
    let sync = emulator.run(&["sync-targets", "--name", name, "--check", "--output", "json"]);
    assert_eq!(sync.code(), 0, "{}", sync.describe());
    assert_eq!(sync.json()["result"], "no-ip-to-drift");
    assert_eq!(sync.json()["target_type"], kind);
    let human = emulator.run(&["sync-targets", "--name", name]);
    assert!(human.success().stdout().contains("there is no IP to drift"), "{}", human.stdout());
    let status = emulator.run(&["status", "--name", name, "--output", "json"]).json();
    assert_eq!(status["target_groups"][0]["target_type"], kind);
    assert!(status["target_groups"][0]["targets"].as_array().unwrap().iter().all(|t| t["state"] == "healthy"), "{status}");
    emulator.run(&["teardown", "--name", name, "--yes"]).success();
    assert_eq!(seed::census(&emulator.clients()), before, "nothing of the tool's is left");
}

#[test]
fn two_instances_in_two_zones_live_a_whole_life() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "api", None);
    let (a, _) = seed::instance(&emulator, &account.subnets[0], Some(&group), "api-1", true);
    let (b, _) = seed::instance(&emulator, &account.subnets[1], Some(&group), "api-2", true);
    let before = seed::census(&emulator.clients());
    let setup = [
        "setup",
        "--no-input",
        "--name",
        "api",
        "--instance",
        &a,
        "--instance",
        &b,
        "--port",
        "8080",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--resource-security-group-rule",
    ];
    let made = emulator.run(&setup).success().stdout();
    assert!(made.contains("Service name:"), "{made}");
    let (tg, registered) = target_group(&emulator, "api");
    assert_eq!(tg.target_type().unwrap().as_str(), "instance", "the target type is passed explicitly");
    assert_eq!(tg.port(), Some(8080));
    let mut both = vec![a.clone(), b.clone()];
    both.sort();
    assert_eq!(registered, both);
    let zones = seed::nlb_zones(&emulator, "tpl-api-nlb");
    assert_eq!(zones[..2], ["us-east-1a", "us-east-1b"], "the NLB covers both instances' zones");
    lives_on(&emulator, &setup, "api", "instance", &before);
}

#[test]
fn an_alb_lives_a_whole_life_health_checked_over_http() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "alb", None);
    let arn = seed::alb(&emulator, &account, &group, &[80, 8080]);
    let before = seed::census(&emulator.clients());
    let setup = [
        "setup",
        "--no-input",
        "--name",
        "web",
        "--alb",
        seed::ALB,
        "--port",
        "80",
        "--health-check-path",
        "/healthz",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--resource-security-group-rule",
    ];
    emulator.run(&setup).success();
    let (tg, registered) = target_group(&emulator, "web");
    assert_eq!(tg.target_type().unwrap().as_str(), "alb");
    assert_eq!(tg.protocol().unwrap().as_str(), "TCP");
    assert_eq!(tg.health_check_protocol().unwrap().as_str(), "HTTP", "AWS health-checks an ALB over HTTP(S)");
    assert_eq!(tg.health_check_path(), Some("/healthz"));
    assert_eq!(registered, vec![arn]);
    lives_on(&emulator, &setup, "web", "alb", &before);
}

#[test]
fn instance_and_alb_refusals_are_one_line_exit_2_with_nothing_made() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "api", None);
    let (running, _) = seed::instance(&emulator, &account.subnets[0], Some(&group), "api-1", true);
    let (stopped, _) = seed::instance(&emulator, &account.subnets[1], Some(&group), "api-old", false);
    let (elsewhere, _) = seed::instance(&emulator, &account.other_vpc_subnet, None, "other", true);
    seed::alb(&emulator, &account, &group, &[80, 443]);
    let before = seed::census(&emulator.clients());
    let setup = |extra: &[&str]| {
        let mut args = vec!["setup", "--no-input", "--name", "bad", "--account-id", TRIGGER_ACCOUNT];
        args.extend(extra);
        emulator.run(&args)
    };
    setup(&["--alb", seed::ALB, "--port", "8080"])
        .fails_with(2, "--port 8080: --alb internal-api has no listener on 8080 (its listener ports: 80, 443)");
    setup(&["--alb", seed::ALB]).fails_with(2, "--alb internal-api listens on 80, 443: pass --port");
    setup(&["--instance", &running, "--instance", &stopped, "--port", "8080"])
        .fails_with(2, &format!("--instance {stopped} is stopped, not running"));
    setup(&["--instance", &running, "--instance", &elsewhere, "--port", "8080"]).fails_with(2, &format!("--instance {elsewhere} is in "));
    setup(&["--instance", "i-0123456789abcdef0", "--port", "8080"]).fails_with(2, "--instance i-0123456789abcdef0: no such EC2 instance");
    setup(&["--alb", seed::ALB, "--alb", "other-alb", "--port", "80"]).fails_with(2, "--alb given 2 times: a target group takes one");
    setup(&["--instance", &running]).fails_with(2, "--port");
    let create = emulator.run(&["create-target-group", "--name", "bad", "--alb", seed::ALB, "--port", "80", "--port", "8443"]);
    create.fails_with(2, "--port 8443: --alb internal-api has no listener on 8443");
    assert_eq!(seed::census(&emulator.clients()), before, "nothing was created");
}

/// A second setup with another --health-check-path moves the group to it (an `update`
/// in the plan), and one without the flag keeps the path the group has.
#[test]
fn another_health_check_path_is_an_update_and_no_path_keeps_the_one_there() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "alb", None);
    seed::alb(&emulator, &account, &group, &[80]);
    let setup = |path: Option<&str>, dry_run: bool| {
        let mut args =
            vec!["setup", "--no-input", "--name", "web", "--alb", seed::ALB, "--account-id", TRIGGER_ACCOUNT, "--output", "json"];
        if let Some(path) = path {
            args.extend(["--health-check-path", path]);
        }
        if dry_run {
            args.push("--dry-run");
        }
        emulator.run(&args).json()
    };
    setup(Some("/healthz"), false);
    let planned = setup(Some("/ready"), true);
    let step = planned["plan"].as_array().unwrap().iter().find(|s| s["kind"] == "target-group").unwrap().clone();
    assert_eq!(step["action"], "update", "{planned:#}");
    assert_eq!(step["details"][0], "health check path /healthz → /ready", "{planned:#}");
    assert_eq!(target_group(&emulator, "web").0.health_check_path(), Some("/healthz"), "a dry run changes nothing");
    setup(Some("/ready"), false);
    assert_eq!(target_group(&emulator, "web").0.health_check_path(), Some("/ready"));
    let again = setup(None, true);
    let step = again["plan"].as_array().unwrap().iter().find(|s| s["kind"] == "target-group").unwrap().clone();
    assert_eq!(step["action"], "exists", "no --health-check-path keeps the group's: {again:#}");
}

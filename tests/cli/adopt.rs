//! `setup --nlb`: a load balancer the user already has (here one shaped like the AWS Load
//! Balancer Controller's) behind the connection's endpoint service, and only that.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::{LoadBalancerSchemeEnum, LoadBalancerTypeEnum};

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::Emulator;
use crate::seed;
use crate::steps::writes;

const ANNOTATION: &str = "service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic: \"off\"";

fn enforcement(emulator: &Emulator, arn: &str) -> Option<String> {
    let c = emulator.clients();
    c.block(async {
        let found = c.elb.describe_load_balancers().load_balancer_arns(arn).send().await.unwrap();
        found.load_balancers()[0].enforce_security_group_inbound_rules_on_private_link_traffic().map(str::to_string)
    })
}

#[test]
fn an_existing_nlb_with_controller_tags_gets_a_service_and_keeps_everything_else() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let arn = seed::controller_nlb(&emulator, &account);
    let before = seed::census(&emulator.clients());
    assert_eq!(enforcement(&emulator, &arn).as_deref(), Some("on"), "AWS's default with a security group");
    let setup =
        ["setup", "--no-input", "--name", "api", "--nlb", seed::CONTROLLER_NLB, "--account-id", TRIGGER_ACCOUNT, "--output", "json"];
    let run = emulator.run(&setup);
    let report = run.json();
    assert!(run.stderr().contains(ANNOTATION), "the lasting setting is named: {}", run.stderr());
    assert!(report["notes"][0].as_str().unwrap().contains(ANNOTATION), "{report:#}");
    let kinds: Vec<&str> = report["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["privatelink-enforcement", "endpoint-service", "allowed-principals"], "{report:#}");
    assert_eq!(enforcement(&emulator, &arn).as_deref(), Some("off"));
    let after: BTreeMap<_, _> = seed::census(&emulator.clients()).into_iter().collect();
    let mut expected: BTreeMap<_, _> = before.iter().cloned().collect();
    *expected.get_mut("endpoint services").unwrap() += 1;
    // The service's interfaces are not in use until Trigger.dev connects; nothing else is new.
    assert_eq!(after, expected, "one endpoint service, and no target group, listener or security group");
    let c = emulator.clients();
    let service_id = report["service_id"].as_str().unwrap().to_string();
    c.block(async {
        let found = c.ec2.describe_vpc_endpoint_service_configurations().service_ids(&service_id).send().await.unwrap();
        assert_eq!(found.service_configurations()[0].network_load_balancer_arns(), std::slice::from_ref(&arn));
    });

    let listed = emulator.run(&["list", "--output", "json"]).json();
    let api = &listed["connections"][0];
    assert_eq!((api["name"].as_str(), api["nlb_state"].as_str()), (Some("api"), Some("active")), "{listed:#}");
    assert_eq!((&api["targets_healthy"], &api["targets_total"]), (&serde_json::json!(1), &serde_json::json!(1)), "the pod behind it");
    let status = emulator.run(&["status", "--name", "api", "--output", "json"]).json();
    assert_eq!(status["load_balancer"]["name"], seed::CONTROLLER_NLB);
    assert_eq!(status["load_balancer"]["listeners"], serde_json::json!(["TCP 8080"]));

    emulator.reset_requests();
    emulator.run(&setup).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");
    let doctor = emulator.run(&["doctor", "--name", "api", "--account-id", TRIGGER_ACCOUNT, "--port", "8080"]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());

    // Terraform gets the service only: the NLB is named by ARN, never declared or imported.
    let exported = emulator.run(&["export", "terraform", "--name", "api"]);
    let hcl_text = exported.success().stdout();
    let body = hcl::parse(&hcl_text).unwrap_or_else(|e| panic!("{e}\n{hcl_text}"));
    let resources: Vec<String> =
        body.blocks().filter(|b| b.identifier.as_str() == "resource").map(|b| b.labels[0].as_str().to_string()).collect();
    assert_eq!(resources, ["aws_vpc_endpoint_service"], "{hcl_text}");
    assert!(hcl_text.contains(&format!("\"{arn}\"")), "{hcl_text}");
    assert_eq!(hcl_text.matches("import {").count(), 1, "{hcl_text}");

    emulator.run(&["teardown", "--name", "api", "--yes"]).success();
    assert_eq!(seed::census(&emulator.clients()), before, "only the service went");
    assert_eq!(enforcement(&emulator, &arn).as_deref(), Some("off"), "the adopted NLB is intact");
}

#[test]
fn an_nlb_that_cannot_back_a_service_is_refused_and_nothing_is_made() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let arn = seed::controller_nlb(&emulator, &account);
    let c = emulator.clients();
    let (public, alb) = c.block(async {
        let make = |name: &'static str, kind: LoadBalancerTypeEnum, scheme: LoadBalancerSchemeEnum| {
            let c = &c;
            let subnets = account.subnets[..2].to_vec();
            async move {
                let lb =
                    c.elb.create_load_balancer().name(name).r#type(kind).scheme(scheme).set_subnets(Some(subnets)).send().await.unwrap();
                lb.load_balancers()[0].load_balancer_arn().unwrap().to_string()
            }
        };
        let public = make("public-nlb", LoadBalancerTypeEnum::Network, LoadBalancerSchemeEnum::InternetFacing).await;
        let alb = make("web-alb", LoadBalancerTypeEnum::Application, LoadBalancerSchemeEnum::Internal).await;
        (public, alb)
    });
    // Someone already put a service on the controller's NLB.
    let theirs = c.block(async {
        let made = c
            .ec2
            .create_vpc_endpoint_service_configuration()
            .network_load_balancer_arns(&arn)
            .acceptance_required(true)
            .send()
            .await
            .unwrap();
        made.service_configuration().unwrap().service_id().unwrap().to_string()
    });
    let before = seed::census(&emulator.clients());
    let setup = |nlb: &str| emulator.run(&["setup", "--no-input", "--name", "api", "--nlb", nlb, "--account-id", TRIGGER_ACCOUNT]);
    setup(&public).fails_with(2, "is internet-facing: an endpoint service needs an internal NLB");
    setup("web-alb").fails_with(2, "--nlb web-alb is not a Network Load Balancer");
    setup(&alb).fails_with(2, "is not a Network Load Balancer");
    setup(seed::CONTROLLER_NLB)
        .fails_with(2, &format!("already backs endpoint service {theirs}, and an NLB can back one endpoint service only"));
    setup("no-such-nlb").fails_with(2, "--nlb no-such-nlb: no such load balancer");
    emulator.run(&["setup", "--no-input", "--name", "api", "--nlb", seed::CONTROLLER_NLB]).fails_with(2, "missing --account-id");
    emulator
        .run(&[
            "setup",
            "--no-input",
            "--name",
            "api",
            "--nlb",
            seed::CONTROLLER_NLB,
            "--rds-instance",
            "orders-db",
            "--account-id",
            TRIGGER_ACCOUNT,
        ])
        .fails_with(2, "--nlb");
    assert_eq!(seed::census(&emulator.clients()), before, "nothing was created");
}

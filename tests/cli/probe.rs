//! `doctor --probe`'s ground (issue 26): the endpoint the probe makes in the customer's
//! own account, to their own endpoint service, is never taken for Trigger.dev's.

use crate::doctor::{TRIGGER_ACCOUNT, doctor, healthy, statuses};

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

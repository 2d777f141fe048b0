//! Bad input: a one-line error naming the flag or value, exit 2 (or 1 when the
//! failure is on the AWS side), and nothing created.

use crate::harness::{Emulator, run_binary};
use crate::seed;

#[test]
fn invalid_values_are_refused_before_anything_is_created() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // A connection whose target group exists, so later steps get as far as their own checks.
    emulator.run(&["create-target-group", "--name", "orders", "--rds-instance", "orders-db"]).success();
    let clients = emulator.clients();
    let before = seed::census(&clients);

    let (a, c) = (account.subnets[0].as_str(), account.other_vpc_subnet.as_str());
    let vpc = account.vpc.as_str();
    let cases: Vec<(Vec<&str>, i32, &str)> = vec![
        (vec!["allow-principal", "--name", "orders", "--account-id", "12345"], 2, "'12345' is not an AWS account ID"),
        (vec!["allow-principal", "--name", "orders", "--account-id", "*"], 2, "'*' would let any AWS account connect"),
        (vec!["allow-principal", "--name", "orders", "--principal", "*"], 2, "'*' would let any AWS account connect"),
        (vec!["allow-principal", "--name", "orders", "--principal", "arn:aws:iam::123456789012:user/bob"], 2, "is not of the form"),
        (vec!["create-target-group", "--name", "x", "--vpc", vpc, "--port", "0", "--target-ip", "10.20.1.5"], 2, "--port"),
        (vec!["create-target-group", "--name", "x", "--vpc", vpc, "--port", "70000", "--target-ip", "10.20.1.5"], 2, "70000"),
        (
            vec!["create-target-group", "--name", "x", "--vpc", "vpc-0badbad0", "--port", "5432", "--target-ip", "10.20.1.5"],
            2,
            "--vpc vpc-0badbad0: no such VPC",
        ),
        (
            vec!["create-target-group", "--name", "x", "--vpc", vpc, "--port", "5432", "--target-ip", "192.168.1.5"],
            2,
            "--target-ip 192.168.1.5 is outside",
        ),
        (vec!["create-target-group", "--name", "x", "--vpc", vpc, "--port", "5432", "--target-ip", "not-an-ip"], 2, "--target-ip"),
        (
            vec!["create-target-group", "--name", "abcdefghijklmnopqrstuvwxyz", "--rds-instance", "orders-db"],
            2,
            "must be 1 to 24 characters",
        ),
        (vec!["create-target-group", "--name", "Orders", "--rds-instance", "orders-db"], 2, "'Orders' must be"),
        (vec!["create-target-group", "--name", "x", "--rds-instance", "no-such-db"], 2, "--rds-instance no-such-db: no such DB instance"),
        (
            vec!["create-target-group", "--name", "x", "--elasticache-replication-group", "nope"],
            2,
            "--elasticache-replication-group nope: no such replication group",
        ),
        (vec!["create-target-group", "--name", "x", "--vpc", vpc, "--target-ip", "10.20.1.5"], 2, "--port is required"),
        (vec!["create-target-group", "--name", "x", "--rds-instance", "orders-db", "--vpc", "vpc-0abc"], 2, "not in --vpc vpc-0abc"),
        (vec!["create-nlb", "--name", "orders", "--subnet", a, "--subnet", c], 2, "all subnets must share one VPC"),
        (vec!["create-nlb", "--name", "orders", "--subnet", c], 2, "the target group is in"),
        (vec!["create-nlb", "--name", "orders", "--subnet", "subnet-0badbad0"], 2, "--subnet subnet-0badbad0: no such subnet"),
        (
            vec!["create-nlb", "--name", "orders", "--subnet", a, "--security-group", "sg-0badbad0"],
            2,
            "--security-group sg-0badbad0: no such security group",
        ),
        (vec!["create-nlb", "--name", "nothing-yet", "--subnet", a], 2, "has no target group yet"),
        (vec!["create-nlb", "--name", "orders"], 2, "--subnet"),
        (vec!["create-nlb", "--name", "orders", "--subnet", "sub-123"], 2, "'sub-123' is not a subnet ID"),
        (vec!["create-endpoint-service", "--name", "orders", "--supported-region", "mars-1"], 2, "'mars-1' is not an AWS region"),
        (vec!["create-endpoint-service", "--name", "orders"], 2, "has no load balancer yet"),
        (vec!["allow-principal", "--name", "orders", "--account-id", "123456789012"], 2, "has no endpoint service yet"),
        (
            vec!["allow-principal", "--service-id", "vpce-svc-0badbad0", "--account-id", "123456789012"],
            2,
            "--service-id vpce-svc-0badbad0: no such endpoint service",
        ),
        (vec!["service-name"], 2, "--name"),
        (vec!["disable-enforcement", "--nlb", "no-such-nlb"], 2, "--nlb no-such-nlb: no such load balancer"),
        (vec!["--no-input", "create-target-group", "--rds-instance", "orders-db"], 2, "--name"),
        (vec!["resolve-ips"], 2, "name the resource"),
    ];
    for (args, code, needle) in &cases {
        emulator.run(args).fails_with(*code, needle);
    }
    assert!(cases.len() >= 15);
    // Two subnets in one zone: make a second subnet in us-east-1a.
    let second_in_a = clients.block(async {
        let subnet =
            clients.ec2.create_subnet().vpc_id(vpc).cidr_block("10.20.9.0/24").availability_zone("us-east-1a").send().await.unwrap();
        subnet.subnet.unwrap().subnet_id.unwrap()
    });
    emulator.run(&["create-nlb", "--name", "orders", "--subnet", a, "--subnet", &second_in_a]).fails_with(2, "both in us-east-1a");
    assert_eq!(seed::census(&clients), before, "a refused command created something");
}

#[test]
fn an_endpoint_that_refuses_connections_is_an_aws_side_failure() {
    // Bind then drop a listener: the port is then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let url = format!("http://127.0.0.1:{port}");
    let run = run_binary(&["--endpoint-url", &url, "service-name", "--service-id", "vpce-svc-0abc"]);
    run.fails_with(1, "could not reach AWS");
    assert!(run.stderr().contains("hint: check the network"), "{}", run.stderr());
}

#[test]
fn malformed_endpoint_url_and_missing_region() {
    run_binary(&["--endpoint-url", "localhost:1", "service-name", "--name", "x"]).fails_with(2, "--endpoint-url");
    run_binary(&["--region", "nowhere", "service-name", "--name", "x"]).fails_with(2, "--region");
}

#[test]
fn missing_credentials_are_named_with_what_to_do() {
    // Instance metadata stays disabled by the harness, so nothing leaves the machine.
    let output = crate::harness::binary_command(&["--endpoint-url", "http://127.0.0.1:9", "service-name", "--service-id", "vpce-svc-0abc"])
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].starts_with("error: ec2:DescribeVpcEndpointServiceConfigurations failed: no usable AWS credentials"), "{stderr}");
    assert!(lines[1].starts_with("hint: no usable AWS credentials: set AWS_PROFILE"), "{stderr}");
}

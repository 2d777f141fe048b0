//! Unlucky or hostile runs: empty values, bad settings from the environment and the
//! shared files, an endpoint that never answers or answers nonsense, an interrupted
//! teardown, and rules a person made that look like the tool's.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::harness::{Emulator, Run, binary_command, run_binary_with};
use crate::life::setup_orders;
use crate::seed;

/// One bad input: the arguments (after `--endpoint-url`), the environment on top of the
/// clean one, the variables to remove, and what the one error line must name.
struct Case {
    args: Vec<String>,
    set: Vec<(&'static str, String)>,
    unset: Vec<&'static str>,
    needle: String,
}

fn case(args: &[&str], needle: &str) -> Case {
    Case { args: args.iter().map(|a| a.to_string()).collect(), set: Vec::new(), unset: Vec::new(), needle: needle.into() }
}

fn with_env(args: &[&str], set: &[(&'static str, &str)], needle: &str) -> Case {
    Case { set: set.iter().map(|(k, v)| (*k, v.to_string())).collect(), ..case(args, needle) }
}

/// Every bad input refused with exit 2 and one `error:` line naming the flag, variable or
/// file at fault; none reaches a panic; the account is unchanged after all of them.
#[test]
fn bad_inputs_from_flags_environment_and_files_exit_2_change_nothing_and_never_panic() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let clients = emulator.clients();
    let before = seed::census(&clients);
    let dir = std::env::temp_dir().join(format!("tpl-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let zero_attempts = write("zero-attempts", "[default]\nmax_attempts = 0\n");
    let bad_mode = write("bad-mode", "[default]\nretry_mode = sometimes\n");
    let bad_region = write("bad-region", "[profile ci]\nregion = not-a-region\n");
    let unreadable = dir.display().to_string(); // a folder: exists, cannot be read as a file

    let a = account.subnets[0].as_str();
    let setup = |extra: &[&str]| {
        let mut args = vec!["setup", "--no-input", "--name", "hy", "--account-id", crate::doctor::TRIGGER_ACCOUNT];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let service_name = ["service-name", "--service-id", "vpce-svc-0abc"];
    let long_name = "x".repeat(10_000);
    let mut cases: Vec<Case> = Vec::new();
    // 1. Empty and blank values, on every resource flag, from setup and resolve-ips.
    for flag in [
        "--rds-instance",
        "--rds-cluster",
        "--docdb-cluster",
        "--neptune-cluster",
        "--elasticache-cluster",
        "--elasticache-replication-group",
        "--redshift-cluster",
        "--rds-proxy",
    ] {
        for value in ["", "  "] {
            cases.push(case(&["resolve-ips", flag, value], flag));
            let args = setup(&[flag, value]);
            cases.push(case(&args.iter().map(String::as_str).collect::<Vec<_>>(), flag));
        }
    }
    for (flag, value) in [
        ("--alb", ""),
        ("--nlb", " "),
        ("--subnet", ""),
        ("--vpc", ""),
        ("--account-id", ""),
        ("--target-ip", ""),
        ("--instance", ""),
        ("--supported-region", ""),
        ("--name", ""),
        ("--port", ""),
    ] {
        let args = setup(&[flag, value]);
        cases.push(case(&args.iter().map(String::as_str).collect::<Vec<_>>(), flag));
    }
    // 7. Accepted, then failing or changing nothing: refused first.
    let args = setup(&["--rds-instance", "orders-db", "--subnet", a, "--wait-timeout", "0"]);
    cases.push(case(&args.iter().map(String::as_str).collect::<Vec<_>>(), "--wait-timeout"));
    let args = setup(&["--alb", "internal-api", "--health-check-path", "health check"]);
    cases.push(case(&args.iter().map(String::as_str).collect::<Vec<_>>(), "--health-check-path"));
    cases.push(case(&["--endpoint-url", "http://", "list"], "--endpoint-url"));
    cases.push(case(&["--call-timeout", "0", "list"], "--call-timeout"));
    // 8. Misleading messages: a repeated subnet is said to be repeated; a long value is shown once, shortened.
    let args = setup(&["--rds-instance", "orders-db", "--subnet", a, "--subnet", a]);
    cases.push(case(&args.iter().map(String::as_str).collect::<Vec<_>>(), "is given twice"));
    cases.push(case(&["teardown", "--name", &long_name, "--yes"], "(10000 characters)"));
    // 4. Settings aws-config panics on, from the environment and from the profile.
    for value in ["0", "-1", "abc", ""] {
        cases.push(with_env(&service_name, &[("AWS_MAX_ATTEMPTS", value)], "AWS_MAX_ATTEMPTS"));
    }
    cases.push(with_env(&service_name, &[("AWS_RETRY_MODE", "sometimes")], "AWS_RETRY_MODE"));
    cases.push(with_env(&service_name, &[("AWS_CONFIG_FILE", &zero_attempts)], "max_attempts in profile 'default'"));
    cases.push(with_env(&service_name, &[("AWS_CONFIG_FILE", &bad_mode)], "retry_mode in profile 'default'"));
    cases.push(with_env(&service_name, &[("AWS_CONFIG_FILE", &unreadable)], "AWS_CONFIG_FILE="));
    cases.push(with_env(&service_name, &[("AWS_ENDPOINT_URL", "::::")], "AWS_ENDPOINT_URL"));
    // 5. A region from any source is checked, naming the source.
    cases.push(with_env(&["list"], &[("AWS_REGION", "moon-base-9")], "AWS_REGION: 'moon-base-9'"));
    cases.push(with_env(&["list"], &[("AWS_REGION", "")], "AWS_REGION"));
    cases.push(with_env(&["list"], &[("AWS_REGION", "us-esat-1")], "did you mean us-east-1?"));
    cases.push(case(&["list", "--region", "xx-yy-0"], "--region"));
    let mut from_profile = with_env(&["list"], &[("AWS_CONFIG_FILE", &bad_region), ("AWS_PROFILE", "ci")], "region in profile 'ci'");
    from_profile.unset.push("AWS_REGION");
    cases.push(from_profile);
    cases.push(with_env(&["list"], &[("AWS_PROFILE", "nope")], "AWS_PROFILE: profile 'nope' does not exist"));

    let mut panics = 0;
    for case in &cases {
        let mut args = Vec::new();
        if !case.args.iter().any(|a| a == "--endpoint-url") {
            args.extend(["--endpoint-url", emulator.url.as_str()]);
        }
        args.extend(case.args.iter().map(String::as_str));
        let set: Vec<(&str, &str)> = case.set.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let run = run_binary_with(&args, &set, &case.unset);
        panics += usize::from(run.stderr().contains("panicked") || run.code() == 101);
        run.fails_with(2, &case.needle);
        assert!(run.stderr().lines().all(|l| l.len() < 400), "an error line echoes a long value:\n{}", run.describe());
    }
    assert_eq!(panics, 0);
    assert_eq!(seed::census(&clients), before, "a refused input created something");
    eprintln!("bad-input suite: {} inputs, {} exit 2, account unchanged, {panics} panics", cases.len(), cases.len());
    std::fs::remove_dir_all(&dir).ok();
}

/// A server on loopback that takes connections and never answers; held open until dropped.
fn silent_endpoint() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut held: Vec<TcpStream> = Vec::new();
        listener.set_nonblocking(true).unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            if let Ok((stream, _)) = listener.accept() {
                held.push(stream);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    });
    (url, handle)
}

#[test]
fn a_silent_endpoint_is_named_while_it_waits_and_ends_the_run_within_the_call_timeout() {
    let (url, _server) = silent_endpoint();
    let started = Instant::now();
    let run = run_binary_with(&["--endpoint-url", &url, "--call-timeout", "6", "service-name", "--service-id", "vpce-svc-0abc"], &[], &[]);
    let took = started.elapsed();
    let host = url.trim_start_matches("http://");
    assert_eq!(run.code(), 1, "{}", run.describe());
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!("note: waiting for ec2:DescribeVpcEndpointServiceConfigurations at {host}: no answer for ")),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("no answer from {host} in time (--call-timeout)")), "{stderr}");
    assert!(stderr.contains("hint: the endpoint took the connection but did not answer"), "{stderr}");
    assert!(took >= Duration::from_secs(5) && took < Duration::from_secs(12), "took {took:?}");
    eprintln!("silent endpoint: exit 1 after {:.1} s with --call-timeout 6", took.as_secs_f64());
}

#[test]
fn ctrl_c_during_a_read_ends_at_once_without_writing_a_cursor_escape_to_a_pipe() {
    let (url, _server) = silent_endpoint();
    let child = binary_command(&["--endpoint-url", &url, "list"]).stdin(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(800));
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("list cancelled; nothing was created or changed"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "an escape sequence reached a pipe: {stderr:?}");
}

/// An endpoint that answers every request with HTTP 500 and a body that is no AWS error.
#[test]
fn an_http_500_without_an_aws_error_is_said_as_such() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut request = [0u8; 65536];
            let _ = stream.read(&mut request);
            let _ = stream.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!");
        }
    });
    let run =
        run_binary_with(&["--endpoint-url", &url, "service-name", "--service-id", "vpce-svc-0abc"], &[("AWS_MAX_ATTEMPTS", "1")], &[]);
    run.fails_with(1, "answered HTTP 500 without an AWS error in the body");
    assert!(!run.stderr().contains("XML"), "{}", run.describe());
    assert!(run.stderr().contains("hint: AWS (or whatever answers at the endpoint) failed on its side"), "{}", run.describe());
}

#[test]
fn missing_credentials_are_their_own_kind_in_json() {
    let run = run_binary_with(
        &["--endpoint-url", "http://127.0.0.1:9", "--output", "json", "service-name", "--service-id", "vpce-svc-0abc"],
        &[],
        &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
    );
    assert_eq!(run.code(), 1, "{}", run.describe());
    let json: serde_json::Value = serde_json::from_str(&run.stdout()).unwrap();
    assert_eq!(json["error"]["kind"], "credentials", "{json}");
}

/// The emulator's security groups, rules and the rest, as `seed::census` counts them.
fn census(emulator: &Emulator) -> Vec<(&'static str, usize)> {
    seed::census(&emulator.clients())
}

fn teardown(emulator: &Emulator, extra: &[&str]) -> Run {
    let mut args = vec!["teardown", "--name", "orders"];
    args.extend_from_slice(extra);
    emulator.run(&args)
}

/// Teardown cut off at each of its writes in turn leaves resources that status, list
/// and a dry run all see, and the next teardown removes: the account is as before setup.
#[test]
fn teardown_cut_off_at_each_write_is_seen_and_finished_by_the_next_run() {
    let probe = Emulator::start();
    let probe_account = seed::account(&probe);
    setup_orders(&probe, &probe_account);
    probe.reset_requests();
    teardown(&probe, &["--yes"]).success();
    let write_ops: Vec<String> = probe
        .request_sequence()
        .into_iter()
        .filter(|op| ["Delete", "Revoke", "Reject"].iter().any(|verb| op.split(':').nth(1).unwrap_or_default().starts_with(verb)))
        .collect();
    assert_eq!(
        write_ops,
        [
            "ec2:DeleteVpcEndpointServiceConfigurations",
            "elasticloadbalancing:DeleteLoadBalancer",
            "elasticloadbalancing:DeleteTargetGroup",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DeleteSecurityGroup"
        ]
    );
    drop(probe);

    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = census(&emulator);
    for op in &write_ops {
        setup_orders(&emulator, &account);
        emulator.fault(op, 1, 10, "InternalFailure");
        let cut = teardown(&emulator, &["--yes"]);
        assert_eq!(cut.code(), 1, "teardown should fail at {op}:\n{}", cut.describe());
        assert!(cut.stderr().contains(op.as_str()), "{}", cut.describe());
        emulator.clear_faults();
        let listed = emulator.run(&["list", "--output", "json"]).json();
        let names: Vec<&str> = listed["connections"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["orders"], "list sees what is left after a cut at {op}");
        let planned = teardown(&emulator, &["--dry-run", "--output", "json"]).json();
        assert!(!planned["resources"].as_array().unwrap().is_empty(), "a dry run sees what is left after a cut at {op}");
        let status = emulator.run(&["status", "--name", "orders", "--output", "json"]);
        assert_ne!(status.code(), 2, "status sees what is left after a cut at {op}:\n{}", status.describe());
        teardown(&emulator, &["--yes"]).success();
        assert_eq!(census(&emulator), before, "after a cut at {op} and a second teardown");
    }
}

/// Only the security group and the rule survive (the state an interrupted run of the
/// last release could leave): status names them and teardown removes them.
#[test]
fn a_security_group_and_rule_left_alone_are_shown_and_removed() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = census(&emulator);
    setup_orders(&emulator, &account);
    emulator.fault("ec2:RevokeSecurityGroupIngress", 1, 10, "InternalFailure");
    assert_eq!(teardown(&emulator, &["--yes"]).code(), 1);
    emulator.clear_faults();
    let status = emulator.run(&["status", "--name", "orders", "--output", "json"]).json();
    assert_eq!(status["security_groups"].as_array().unwrap().len(), 1, "{status:#}");
    assert_eq!(status["resource_rules"].as_array().unwrap().len(), 1, "{status:#}");
    let human = emulator.run(&["status", "--name", "orders"]);
    assert!(human.stdout().contains("an interrupted teardown left these"), "{}", human.describe());
    let done = teardown(&emulator, &["--yes", "--output", "json"]).json();
    let kinds: Vec<&str> = done["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["resource-sg-rule", "security-group"]);
    assert_eq!(census(&emulator), before);
}

/// Rules that read like the tool's but are a person's stay; the tool's own goes.
#[test]
fn teardown_revokes_only_the_rules_the_tool_made() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let c = emulator.clients();
    let db_group = account.db_security_group.clone();
    let lookalike = "trigger-privatelink orders: from the NLB";
    c.block(async {
        let app = c.ec2.create_security_group().group_name("app").description("app").vpc_id(&account.vpc).send().await.unwrap();
        let app = app.group_id().unwrap().to_string();
        use aws_sdk_ec2::types::{IpPermission, IpRange, UserIdGroupPair};
        c.ec2
            .authorize_security_group_ingress()
            .group_id(&db_group)
            .ip_permissions(
                IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(6000)
                    .to_port(6000)
                    .user_id_group_pairs(UserIdGroupPair::builder().group_id(&app).description(lookalike).build())
                    .build(),
            )
            .ip_permissions(
                IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(5432)
                    .to_port(5432)
                    .ip_ranges(IpRange::builder().cidr_ip("10.50.0.0/16").description(lookalike).build())
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });
    let done = teardown(&emulator, &["--yes", "--output", "json"]).json();
    let revoked: Vec<&serde_json::Value> =
        done["resources"].as_array().unwrap().iter().filter(|r| r["kind"] == "resource-sg-rule").collect();
    assert_eq!(revoked.len(), 1, "{done:#}");
    let left = c.block(async { c.ec2.describe_security_groups().group_ids(&db_group).send().await.unwrap() });
    let permissions = left.security_groups()[0].ip_permissions();
    assert!(permissions.iter().any(|p| p.from_port() == Some(6000)), "the person's rule from another group stays: {permissions:?}");
    assert!(
        permissions.iter().any(|p| p.ip_ranges().iter().any(|r| r.cidr_ip() == Some("10.50.0.0/16"))),
        "the person's rule from a CIDR stays: {permissions:?}"
    );
    assert_eq!(permissions.len(), 2, "only the tool's own rule went: {permissions:?}");
}

/// A connection made by the last release: its rule on the database's group carries no
/// tags, only the NLB's group as its source. Teardown still finds and removes it.
#[test]
fn teardown_removes_an_untagged_rule_from_the_connections_own_group() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let before = census(&emulator);
    setup_orders(&emulator, &account);
    let c = emulator.clients();
    c.block(async {
        use aws_sdk_ec2::types::Filter;
        let rules = c
            .ec2
            .describe_security_group_rules()
            .filters(Filter::builder().name("group-id").values(&account.db_security_group).build())
            .send()
            .await
            .unwrap();
        let ours = rules.security_group_rules().iter().find(|r| !r.tags().is_empty()).expect("the tool's rule is tagged");
        assert!(ours.tags().iter().any(|t| t.key() == Some("trigger-privatelink:connection") && t.value() == Some("orders")));
        // The same rule as the last release made it: no tags, the NLB's group as source.
        let nlb_group = ours.referenced_group_info().and_then(|g| g.group_id()).unwrap().to_string();
        c.ec2
            .revoke_security_group_ingress()
            .group_id(&account.db_security_group)
            .security_group_rule_ids(ours.security_group_rule_id().unwrap())
            .send()
            .await
            .unwrap();
        use aws_sdk_ec2::types::{IpPermission, UserIdGroupPair};
        c.ec2
            .authorize_security_group_ingress()
            .group_id(&account.db_security_group)
            .ip_permissions(
                IpPermission::builder()
                    .ip_protocol("tcp")
                    .from_port(5432)
                    .to_port(5432)
                    .user_id_group_pairs(
                        UserIdGroupPair::builder().group_id(nlb_group).description("trigger-privatelink orders: from the NLB").build(),
                    )
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });
    let done = teardown(&emulator, &["--yes", "--output", "json"]).json();
    assert!(done["resources"].as_array().unwrap().iter().any(|r| r["kind"] == "resource-sg-rule"), "{done:#}");
    assert_eq!(census(&emulator), before);
}

//! A newcomer's first hour: output that fits an 80-column terminal, errors a script can
//! parse, values typed as the console shows them, and typos caught before any call.

use std::process::Stdio;

use serde_json::Value;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::{Emulator, binary_command, run_binary};
use crate::seed;

/// Runs the binary against the emulator with `COLUMNS=80`, piped (as in a CI log
/// viewed in a narrow window); returns (exit code, stdout, stderr).
fn run_80(emulator: &Emulator, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--endpoint-url", emulator.url.as_str()];
    all.extend_from_slice(args);
    let output = binary_command(&all).env("COLUMNS", "80").stdin(Stdio::null()).output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout).into(), String::from_utf8_lossy(&output.stderr).into())
}

/// `setup` of connection `orders` for the seeded RDS instance, without prompts, with
/// `account_id` allowed and the NLB in the first subnet; then `extra`.
fn orders<'a>(account: &'a seed::Account, account_id: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["setup", "--no-input", "--name", "orders", "--rds-instance", "orders-db", "--account-id", account_id];
    args.extend(["--subnet", account.subnets[0].as_str()]);
    args.extend_from_slice(extra);
    args
}

fn assert_fits(what: &str, text: &str, columns: usize) {
    for line in text.lines() {
        assert!(line.chars().count() <= columns, "{what}: a line of {} columns:\n{line}\n---\n{text}", line.chars().count());
    }
}

#[test]
fn every_human_output_fits_80_columns() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut with_subnets = orders(&account, TRIGGER_ACCOUNT, &["--supported-region", "eu-central-1", "--resource-security-group-rule"]);
    for subnet in &account.subnets[1..] {
        with_subnets.extend(["--subnet", subnet.as_str()]);
    }
    let commands: Vec<Vec<&str>> = vec![
        [with_subnets.as_slice(), &["--dry-run"]].concat(),
        with_subnets.clone(),
        with_subnets.clone(),
        vec!["status", "--name", "orders"],
        vec!["doctor", "--name", "orders", "--account-id", TRIGGER_ACCOUNT, "--port", "5432"],
        vec!["-v", "status", "--name", "orders"],
        vec![
            "create-nlb",
            "--name",
            "orders",
            "--subnet",
            &account.subnets[0],
            "--subnet",
            &account.subnets[1],
            "--subnet",
            &account.subnets[2],
        ],
        vec!["teardown", "--name", "orders", "--dry-run"],
        vec!["teardown", "--name", "orders", "--yes"],
    ];
    for args in commands {
        let (code, stdout, stderr) = run_80(&emulator, &args);
        assert!(code == 0 || args[0] == "doctor", "{args:?} exited {code}:\n{stderr}");
        assert_fits(&format!("stdout of {args:?}"), &stdout, 80);
        assert_fits(&format!("stderr of {args:?}"), &stderr, 80);
    }
}

#[test]
fn a_second_setup_waits_for_nothing_and_ends_in_a_summary() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let args = orders(&account, TRIGGER_ACCOUNT, &[]);
    let (code, first, _) = run_80(&emulator, &args);
    assert_eq!(code, 0);
    assert!(first.contains("Connection 'orders' in us-east-1: ") && first.contains(" created"), "{first}");
    assert!(first.contains("Service name:\ncom.amazonaws.vpce.us-east-1.vpce-svc-"), "{first}");
    let (code, again, stderr) = run_80(&emulator, &args);
    assert_eq!(code, 0);
    assert!(again.contains("0 created, 0 updated"), "{again}");
    assert!(!stderr.contains("waiting"), "a re-run has nothing to wait for:\n{stderr}");
}

#[test]
fn doctor_ends_with_one_summary_line() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&orders(&account, TRIGGER_ACCOUNT, &["--resource-security-group-rule"])).success();
    let (code, stdout, _) = run_80(&emulator, &["doctor", "--name", "orders", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(code, 0, "{stdout}");
    let last = stdout.lines().last().unwrap();
    assert!(last.starts_with("0 failed, ") && last.contains(" passed"), "{last}");
}

/// The error object a run printed on stdout with --output json.
fn error_object(stdout: &str) -> Value {
    let value: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|err| panic!("not one JSON object ({err}):\n{stdout}"));
    value["error"].clone()
}

#[test]
fn with_json_output_every_failure_is_one_json_object_too() {
    // A usage error found by clap, before anything else runs.
    let clap = run_binary(&["--output", "json", "service-name", "--name", "Bad Name"]);
    assert_eq!(clap.code(), 2);
    assert_eq!(error_object(&clap.stdout())["kind"], "usage");

    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // A usage error found by the tool.
    let missing = emulator.run(&["--output", "json", "setup", "--no-input"]);
    assert_eq!(missing.code(), 2);
    let error = error_object(&missing.stdout());
    assert_eq!(error["kind"], "usage");
    assert!(error["message"].as_str().unwrap().contains("missing --name"), "{error}");

    // An AWS error, with its hint.
    emulator.fault("elasticloadbalancing:DescribeLoadBalancers", 1, 10, "AccessDenied");
    let denied = emulator.run(&["--output", "json", "disable-enforcement", "--name", "orders"]);
    assert_eq!(denied.code(), 1);
    let error = error_object(&denied.stdout());
    assert_eq!(error["kind"], "aws");
    assert!(error["message"].as_str().unwrap().contains("AccessDenied"), "{error}");
    assert!(error["hint"].as_str().unwrap().contains("may not call elasticloadbalancing:DescribeLoadBalancers"), "{error}");
    emulator.clear_faults();

    // Nothing listens on the endpoint: a network error.
    let closed = run_binary(&["--endpoint-url", "http://127.0.0.1:9", "--output", "json", "service-name", "--name", "orders"]);
    assert_eq!(closed.code(), 1);
    assert_eq!(error_object(&closed.stdout())["kind"], "network");

    // Teardown refused while Trigger.dev is connected: exit 3, kind refused.
    let report = emulator.run(&orders(&account, TRIGGER_ACCOUNT, &["--output", "json"])).json();
    emulator.vendor_connect(TRIGGER_ACCOUNT, report["service_name"].as_str().unwrap());
    let refused = emulator.run(&["--output", "json", "teardown", "--name", "orders", "--yes"]);
    assert_eq!(refused.code(), 3, "{}", refused.stderr());
    assert_eq!(error_object(&refused.stdout())["kind"], "refused");
}

#[test]
fn typed_values_are_taken_as_the_console_shows_them_and_typos_caught_before_any_call() {
    let typo = run_binary(&["--region", "us-esat-1", "service-name", "--name", "orders"]);
    typo.fails_with(2, "did you mean us-east-1?");
    let supported = run_binary(&["create-endpoint-service", "--name", "orders", "--supported-region", "eu-centrl-1"]);
    supported.fails_with(2, "did you mean eu-central-1?");

    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let report = emulator.run(&orders(&account, " 2109-8765-4321 ,123456789012", &["--no-supported-region", "--output", "json"])).json();
    let principals = report["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "allowed-principals").unwrap().clone();
    let detail = principals["details"][0].as_str().unwrap();
    assert!(detail.contains("arn:aws:iam::210987654321:root") && detail.contains("arn:aws:iam::123456789012:root"), "{detail}");
}

#[test]
fn list_shows_every_connection_and_unknown_names_get_suggestions() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let subnet = account.subnets[0].as_str();
    for (name, resource) in [("orders", ["--rds-instance", "orders-db"]), ("sessions", ["--elasticache-replication-group", "sessions"])] {
        let mut args = vec!["setup", "--no-input", "--name", name, resource[0], resource[1], "--account-id", TRIGGER_ACCOUNT];
        args.extend(["--subnet", subnet, "--resource-security-group-rule"]);
        emulator.run(&args).success();
    }
    // A third, half-built: only its target group exists.
    emulator
        .run(&["create-target-group", "--name", "billing", "--vpc", &account.vpc, "--port", "8080", "--target-ip", "10.20.1.77"])
        .success();

    let listed = emulator.run(&["list", "--output", "json"]).json();
    let connections = listed["connections"].as_array().unwrap();
    let names: Vec<&str> = connections.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["billing", "orders", "sessions"]);
    let orders = &connections[1];
    assert!(orders["service_name"].as_str().unwrap().starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"), "{orders}");
    assert_eq!(orders["nlb_state"], "active");
    assert_eq!((orders["targets_healthy"].as_u64(), orders["targets_total"].as_u64()), (Some(1), Some(1)), "{orders}");
    assert_eq!(connections[0]["service_name"], Value::Null, "billing has no service yet");
    let (code, human, _) = run_80(&emulator, &["list"]);
    assert_eq!(code, 0);
    assert_fits("list", &human, 80);
    assert!(human.contains("billing") && human.contains("1/1 healthy"), "{human}");

    emulator.run(&["doctor", "--name", "order"]).fails_with(2, "did you mean orders?");
    emulator.run(&["status"]).fails_with(2, "3 connections in us-east-1: pass --name (one of billing, orders, sessions)");
    let mut typo = vec!["setup", "--no-input", "--name", "x", "--rds-instance", "ordersdb", "--account-id", TRIGGER_ACCOUNT];
    typo.extend(["--subnet", subnet]);
    emulator.run(&typo).fails_with(2, "did you mean orders-db?");

    // A half-built connection says what is missing and how to finish it.
    let (code, status, _) = run_80(&emulator, &["status", "--name", "billing"]);
    assert_eq!(code, 0, "{status}");
    assert!(status.contains("none yet: finish with `trigger-privatelink setup --name billing`"), "{status}");
}

#[test]
fn verbose_shows_every_aws_call_and_never_a_secret() {
    const SECRET: &str = "marker-secret-0f1e2d3c";
    const TOKEN: &str = "marker-session-token-4b5a6978";
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let run = |args: &[&str]| {
        let mut all = vec!["--endpoint-url", emulator.url.as_str(), "-vv"];
        all.extend_from_slice(args);
        let output = binary_command(&all)
            .env("AWS_SECRET_ACCESS_KEY", SECRET)
            .env("AWS_SESSION_TOKEN", TOKEN)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{args:?} printed a secret:\n{text}");
        text
    };
    let setup = run(&orders(&account, TRIGGER_ACCOUNT, &[]));
    assert!(setup.contains("credentials from the environment"), "{setup}");
    assert!(setup.contains("aws elasticloadbalancing:CreateLoadBalancer ok in "), "{setup}");
    assert!(setup.contains("aws ec2:CreateVpcEndpointServiceConfiguration ok in "), "{setup}");
    assert!(setup.contains(", request"), "-vv shows request IDs:\n{setup}");
    for args in [
        vec!["status", "--name", "orders"],
        vec!["doctor", "--name", "orders"],
        vec!["list"],
        vec!["sync-targets", "--name", "orders"],
        vec!["resolve-ips", "--rds-instance", "orders-db"],
        vec!["service-name", "--name", "orders"],
        vec!["iam-policy"],
        vec!["teardown", "--name", "orders", "--dry-run"],
        vec!["teardown", "--name", "orders", "--yes"],
    ] {
        run(&args);
    }
}

/// Runs the binary in a pseudo-terminal of 80x24 (stdin, stdout and stderr a terminal,
/// as for a person); returns the exit code, the screen as a terminal of that size draws
/// it (a VT100 emulation, with scrollback), and the raw text.
pub fn in_terminal_80x24(emulator: &Emulator, args: &[&str]) -> (i32, vt100::Parser, String) {
    use expectrl::{Eof, Session, WaitStatus};
    let mut all = vec!["--endpoint-url", emulator.url.as_str()];
    all.extend_from_slice(args);
    let mut command = binary_command(&all);
    command.env("TERM", "xterm").env_remove("COLUMNS");
    let mut session = Session::spawn(command).expect("spawn in a pty");
    session.get_process_mut().set_window_size(80, 24).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    let output = session.expect(Eof).unwrap();
    let code = match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    };
    let mut screen = vt100::Parser::new(24, 80, 10_000);
    screen.process(output.as_bytes());
    (code, screen, String::from_utf8_lossy(output.as_bytes()).into_owned())
}

/// Rows the terminal had to wrap because a line was longer than its width, over the
/// whole scrollback.
pub fn wrapped_rows(parser: &mut vt100::Parser) -> Vec<String> {
    let mut wrapped = Vec::new();
    let mut offset = 0;
    loop {
        parser.screen_mut().set_scrollback(offset);
        let screen = parser.screen();
        let rows: Vec<String> = screen.rows(0, 80).collect();
        for (index, row) in rows.iter().enumerate() {
            // A row the terminal wrapped, filled with text to its last column (a spinner
            // pads its line with spaces to the width: that is no overflow).
            if screen.row_wrapped(u16::try_from(index).unwrap()) && row.trim_end().chars().count() >= 80 {
                wrapped.push(row.clone());
            }
        }
        if screen.scrollback() < offset || offset > 10_000 {
            break;
        }
        offset += 24;
    }
    parser.screen_mut().set_scrollback(0);
    wrapped.sort();
    wrapped.dedup();
    wrapped
}

#[test]
fn in_an_80_column_terminal_nothing_overflows_and_yes_asks_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let setup = [
        "setup",
        "--name",
        "orders",
        "--rds-instance",
        "orders-db",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--subnet",
        &account.subnets[0],
        "--subnet",
        &account.subnets[1],
        "--no-supported-region",
        "--resource-security-group-rule",
        "--yes",
    ];
    for args in [
        setup.to_vec(),
        vec!["status", "--name", "orders"],
        vec!["doctor", "--name", "orders", "--account-id", TRIGGER_ACCOUNT],
        vec!["list"],
        vec!["teardown", "--name", "orders", "--yes"],
    ] {
        let (code, mut screen, raw) = in_terminal_80x24(&emulator, &args);
        assert_eq!(code, 0, "{args:?}:\n{raw}");
        assert!(!raw.contains("Apply this plan"), "--yes asks nothing:\n{raw}");
        let wrapped = wrapped_rows(&mut screen);
        assert!(wrapped.is_empty(), "{args:?}: lines longer than 80 columns, wrapped by the terminal:\n{}", wrapped.join("\n"));
    }
}

#[test]
fn ctrl_c_while_applying_stops_between_steps_and_a_second_run_finishes() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.set(serde_json::json!({"nlb_provisioning_seconds": 4}));
    let mut args = vec!["--endpoint-url", emulator.url.as_str()];
    args.extend(orders(&account, TRIGGER_ACCOUNT, &[]));
    let child = binary_command(&args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Wait for the NLB wait (step 3 of 9), then press Ctrl-C.
    let c = emulator.clients();
    let started = std::time::Instant::now();
    while c.block(async { c.elb.describe_load_balancers().send().await.unwrap().load_balancers().is_empty() }) {
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "the NLB never appeared");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted after 2 of 8 steps; run the same command again to finish"), "{stderr}");
    // The NLB was made; only the wait for it was cut: said, not counted as undone.
    assert!(stderr.contains("step 3 was under way and may have taken effect"), "{stderr}");
    emulator.set(serde_json::json!({"nlb_provisioning_seconds": 0}));
    let mut again = args[2..].to_vec();
    again.extend(["--output", "json"]);
    let finished = emulator.run(&again).json();
    assert!(finished["service_name"].as_str().unwrap().starts_with("com.amazonaws.vpce."), "{finished}");
}

#[test]
fn an_unknown_profile_names_the_known_ones_and_the_own_account_is_warned_about() {
    let dir = std::env::temp_dir().join(format!("tpl-profiles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("config");
    std::fs::write(
        &config,
        "[default]\nregion = us-east-1\n\n[profile prod]\nregion = us-east-1\n\n[profile staging]\nregion = us-east-1\n",
    )
    .unwrap();
    let output =
        binary_command(&["--profile", "prd", "service-name", "--name", "orders"]).env("AWS_CONFIG_FILE", &config).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("profile 'prd' does not exist") && stderr.contains("did you mean prod?"), "{stderr}");
    assert!(stderr.lines().count() <= 2, "one line, not the SDK's credential chain:\n{stderr}");

    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // The emulator's own account is the caller's.
    let own = "123456789012";
    let run = emulator.run(&orders(&account, own, &[]));
    run.success();
    assert!(run.stderr().contains("--account-id 123456789012 is the account you are signed in to"), "{}", run.stderr());
}

#[test]
fn the_wrap_detector_sees_a_long_line_and_not_a_padded_one() {
    let mut long = vt100::Parser::new(24, 80, 10_000);
    long.process(format!("{}\r\nshort\r\n", "x".repeat(100)).as_bytes());
    assert_eq!(wrapped_rows(&mut long).len(), 1);
    let mut padded = vt100::Parser::new(24, 80, 10_000);
    padded.process(format!("waiting: done{}\r\nnext\r\n", " ".repeat(67)).as_bytes());
    assert!(wrapped_rows(&mut padded).is_empty());
}

#[test]
fn the_wizard_in_80_columns_asks_again_after_every_typo() {
    use expectrl::{Eof, Session};
    const DOWN: &str = "\x1b[B";
    const UP: &str = "\x1b[A";
    const BACKSPACE: &str = "\x7f";
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut command = binary_command(&["--endpoint-url", &emulator.url, "setup"]);
    command.env("TERM", "xterm");
    let mut session = Session::spawn(command).expect("spawn in a pty");
    session.get_process_mut().set_window_size(80, 24).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    let mut transcript: Vec<u8> = Vec::new();
    let mut expect = |session: &mut Session, text: &str| {
        let found = session.expect(text).unwrap_or_else(|err| {
            let screen = console::strip_ansi_codes(&String::from_utf8_lossy(&transcript)).into_owned();
            panic!("waiting for {text:?}: {err}\n--- so far:\n{screen}")
        });
        transcript.extend_from_slice(found.as_bytes());
    };
    let erase = |session: &mut Session, n: usize| {
        for _ in 0..n {
            session.send(BACKSPACE).unwrap();
        }
    };
    expect(&mut session, "10.20.0.0/16");
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    // The last item, one step up from the first.
    expect(&mut session, "Enter IP addresses by hand");
    session.send(UP).unwrap();
    session.send_line("").unwrap();
    // An address outside the VPC, then the database's.
    expect(&mut session, "Private IPs");
    session.send_line("10.99.0.5").unwrap();
    expect(&mut session, "is outside");
    erase(&mut session, "10.99.0.5".len());
    session.send_line(&account.rds_ip).unwrap();
    // Port 0, then abc, then the right one.
    expect(&mut session, "Port(s) the resource listens on");
    session.send_line("0").unwrap();
    expect(&mut session, "is not a port");
    erase(&mut session, 1);
    session.send_line("abc").unwrap();
    expect(&mut session, "is not a port");
    erase(&mut session, 3);
    session.send_line("5432").unwrap();
    expect(&mut session, "Subnets for the NLB");
    session.send(" ").unwrap();
    session.send_line("").unwrap();
    expect(&mut session, "Trigger.dev AWS account ID");
    session.send_line("2109-8765-432").unwrap();
    expect(&mut session, "is not an AWS account ID");
    erase(&mut session, "2109-8765-432".len());
    session.send_line("2109-8765-4321").unwrap();
    expect(&mut session, "Other regions Trigger.dev may connect from");
    session.send_line("").unwrap();
    // A confirmation takes one key: no Enter after it.
    expect(&mut session, "Add a rule admitting the NLB?");
    session.send("y").unwrap();
    // A name with capitals, then a good one.
    expect(&mut session, "Connection name");
    session.send_line("Bad_Name").unwrap();
    expect(&mut session, "must be 1 to 24 characters");
    erase(&mut session, "Bad_Name".len());
    session.send_line("typed").unwrap();
    expect(&mut session, "Apply this plan (account 123456789012, us-east-1)?");
    session.send("y").unwrap();
    expect(&mut session, "Service name:");
    let rest = session.expect(Eof).unwrap();
    transcript.extend_from_slice(rest.as_bytes());
    let text = String::from_utf8_lossy(&transcript).into_owned();
    assert!(!text.contains("--target-ip") && !text.contains("--port"), "the wizard names no flag the user did not type:\n{text}");
    let mut screen = vt100::Parser::new(24, 80, 10_000);
    screen.process(&transcript);
    let wrapped = wrapped_rows(&mut screen);
    assert!(wrapped.is_empty(), "lines longer than 80 columns:\n{}", wrapped.join("\n"));
    let listed = emulator.run(&["list", "--output", "json"]).json();
    assert_eq!(listed["connections"][0]["name"], "typed");
}

#[test]
fn help_examples_are_copy_paste_safe_and_global_options_have_their_own_heading() {
    use clap::CommandFactory;
    let mut cli = trigger_privatelink::cli::Cli::command().term_width(62);
    cli.build();
    let mut checked = 0;
    for sub in cli.get_subcommands_mut().filter(|s| s.get_name() != "help") {
        let examples = sub.get_after_help().map(ToString::to_string).unwrap_or_default();
        let help = sub.render_long_help().to_string();
        for line in examples.lines().filter(|l| l.starts_with("  ")) {
            assert!(help.lines().any(|h| h == line), "{}: the example line {line:?} was re-wrapped:\n{help}", sub.get_name());
            checked += 1;
        }
        assert!(help.contains("Global options:"), "{}:\n{help}", sub.get_name());
    }
    assert!(checked >= 20, "{checked}");
    let top = cli.render_long_help().to_string();
    assert!(top.contains("130 stopped by the user"), "{top}");
}

/// `list` reads a region in the same few rounds whatever the number of connections:
/// each region-wide listing once, then one listener read per NLB, one health read per
/// target group and one tag read per 20 ARNs; and what it shows of each connection is
/// what `status` shows of it, read the other way.
#[test]
fn list_reads_a_region_in_fixed_rounds_and_agrees_with_status() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let subnet = account.subnets[0].as_str();
    let make = |name: &str, extra: &[&str]| {
        let mut args = vec!["setup", "--no-input", "--name", name, "--rds-instance", "orders-db", "--account-id", TRIGGER_ACCOUNT];
        args.extend(["--subnet", subnet, "--resource-security-group-rule"]);
        args.extend(extra);
        emulator.run(&args).success();
    };
    let counted = |emulator: &Emulator| {
        emulator.reset_requests();
        let listed = emulator.run(&["list", "--output", "json"]).json();
        (listed, emulator.requests())
    };
    make("one", &[]);
    make("two", &["--elasticache-replication-group", "sessions"]);
    let (_, few) = counted(&emulator);
    for name in ["three", "four", "five"] {
        make(name, &[]);
    }
    let (listed, many) = counted(&emulator);
    for once in [
        "ec2:DescribeVpcEndpointServiceConfigurations",
        "elasticloadbalancing:DescribeLoadBalancers",
        "elasticloadbalancing:DescribeTargetGroups",
        "ec2:DescribeVpcEndpointConnections",
        "elasticloadbalancing:DescribeTags",
    ] {
        assert_eq!((few.get(once), many.get(once)), (Some(&1), Some(&1)), "{once}: {few:?} then {many:?}");
    }
    // The tool's groups and rules, then the groups referring to them and their rules: two
    // reads of each, whatever the count.
    for twice in ["ec2:DescribeSecurityGroups", "ec2:DescribeSecurityGroupRules"] {
        assert_eq!((few[twice], many[twice]), (2, 2), "{twice}: {many:?}");
    }
    assert_eq!(many["elasticloadbalancing:DescribeListeners"], 5, "one per NLB: {many:?}");
    assert_eq!(many["elasticloadbalancing:DescribeTargetHealth"], 6, "one per target group: {many:?}");

    for connection in listed["connections"].as_array().unwrap() {
        let name = connection["name"].as_str().unwrap();
        let status = emulator.run(&["status", "--name", name, "--output", "json"]).json();
        assert_eq!(connection["service_id"], status["service_id"], "{name}");
        assert_eq!(connection["security_groups"], status["security_groups"], "{name}");
        let rules: Vec<String> = status["resource_rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().split(':').next().unwrap().to_string())
            .collect();
        assert_eq!(connection["resource_rules"], serde_json::json!(rules), "{name}");
        let ports: Vec<u64> = connection["routes"].as_array().unwrap().iter().map(|r| r["port"].as_u64().unwrap()).collect();
        assert_eq!(ports, if name == "two" { vec![5432, 6379] } else { vec![5432] }, "{name}");
        assert_eq!(connection["targets_total"].as_u64(), Some(ports.len() as u64), "{name}");
    }
}

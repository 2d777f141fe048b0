//! Rough edges a new user hits: a mistyped name, a dry run that must predict the real
//! run, and the rest of what a first hour with the tool showed.

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::Emulator;
use crate::life::setup_orders;
use crate::seed;

/// Every command that takes `--name` answers a name that names nothing the same way:
/// exit 2, the close match, nothing changed.
#[test]
fn a_mistyped_name_is_exit_2_with_the_close_match_for_every_command() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let before = seed::census(&emulator.clients());
    let a = account.subnets[0].as_str();
    let commands: Vec<Vec<&str>> = vec![
        vec!["teardown", "--name", "ordrs", "--yes"],
        vec!["teardown", "--name", "ordrs", "--dry-run"],
        vec!["service-name", "--name", "ordrs"],
        vec!["sync-targets", "--name", "ordrs"],
        vec!["sync-targets", "--name", "ordrs", "--check"],
        vec!["status", "--name", "ordrs"],
        vec!["doctor", "--name", "ordrs"],
        vec!["export", "terraform", "--name", "ordrs"],
        vec!["create-nlb", "--name", "ordrs", "--subnet", a],
        vec!["disable-enforcement", "--name", "ordrs"],
        vec!["create-endpoint-service", "--name", "ordrs"],
        vec!["allow-principal", "--name", "ordrs", "--account-id", crate::doctor::TRIGGER_ACCOUNT],
    ];
    for args in &commands {
        emulator.run(args).fails_with(2, "did you mean orders?");
    }
    assert_eq!(seed::census(&emulator.clients()), before, "a mistyped name changed something");
    // A pipeline step that may find nothing left says so.
    let ignored = emulator.run(&["teardown", "--name", "gone", "--yes", "--ignore-not-found", "--output", "json"]).json();
    assert_eq!(ignored["resources"], serde_json::json!([]));
    eprintln!("{} commands answer a mistyped --name with exit 2 and the close match", commands.len());
}

/// A connection made in one zone grows: setup again with more subnets adds the zones as
/// a plan step; fewer is refused while Trigger.dev is connected, naming what to do.
#[test]
fn a_zone_is_added_later_and_removed_only_while_nothing_is_connected() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let (a, b) = (account.subnets[0].as_str(), account.subnets[1].as_str());
    let setup = |subnets: &[&str]| {
        let mut args = vec!["setup", "--no-input", "--name", "orders", "--rds-instance", "orders-db", "--account-id", TRIGGER_ACCOUNT];
        for subnet in subnets {
            args.extend(["--subnet", subnet]);
        }
        args.extend(["--output", "json"]);
        emulator.run(&args)
    };
    let zones = || {
        let c = emulator.clients();
        c.block(async {
            let found = c.elb.describe_load_balancers().names("tpl-orders-nlb").send().await.unwrap();
            let mut subnets: Vec<String> =
                found.load_balancers()[0].availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string)).collect();
            subnets.sort();
            subnets
        })
    };
    let made = setup(&[a]).json();
    assert_eq!(zones(), [a.to_string()]);
    let grown = setup(&[a, b]).json();
    let lb = grown["resources"].as_array().unwrap().iter().find(|r| r["kind"] == "load-balancer").unwrap().clone();
    assert_eq!(lb["action"], "updated", "{grown:#}");
    assert!(lb["details"][0].as_str().unwrap().starts_with("add us-east-1b"), "{grown:#}");
    let mut both = vec![a.to_string(), b.to_string()];
    both.sort();
    assert_eq!(zones(), both);
    // Without --subnet an existing NLB keeps its zones; the same subnets again change nothing.
    emulator.reset_requests();
    for again in [setup(&[]).json(), setup(&[a, b]).json()] {
        assert_eq!(again["action"], "exists", "{again:#}");
    }
    assert_eq!(crate::steps::writes(&emulator.requests()), std::collections::BTreeMap::new());
    emulator.vendor_connect(TRIGGER_ACCOUNT, made["service_name"].as_str().unwrap());
    let refused = setup(&[a]);
    refused.fails_with(3, "cannot leave us-east-1b while Trigger.dev's endpoint");
    assert!(refused.stderr().contains(&format!("add --subnet {b} again")), "{}", refused.describe());
    assert_eq!(zones(), both, "a refused run changed nothing");
}

/// A mistyped flag keeps clap's layout on a terminal (the error, the tip, the usage
/// line); in JSON the tip is the hint, not part of the message.
#[test]
fn a_mistyped_flag_keeps_clap_layout_on_a_terminal_and_its_tip_is_the_json_hint() {
    let emulator = Emulator::start();
    let (code, _, raw) = crate::first_hour::in_terminal_80x24(&emulator, &["setup", "--acount-id", "1"]);
    assert_eq!(code, 2, "{raw}");
    assert!(raw.contains("tip: a similar argument exists: '--account-id'"), "{raw}");
    assert!(raw.contains("Usage: trigger-privatelink setup"), "{raw}");
    let piped = emulator.run(&["--output", "json", "setup", "--acount-id", "1"]);
    piped.fails_with(2, "unexpected argument '--acount-id' found");
    assert!(piped.stderr().contains("hint: a similar argument exists: '--account-id'"), "{}", piped.describe());
    let json: serde_json::Value = serde_json::from_str(&piped.stdout()).unwrap();
    assert_eq!(json["error"]["message"], "unexpected argument '--acount-id' found");
    assert_eq!(json["error"]["hint"], "a similar argument exists: '--account-id'");
}

/// Two sandboxes (or test runs) starting together set the virtualenv up once: the second
/// waits on the lock the harness uses too, then finds it installed.
#[test]
fn the_emulator_virtualenv_is_set_up_once_when_two_runs_start_together() {
    let root = std::env::temp_dir().join(format!("tpl-venv-lock-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    // A stand-in for python3: `-m venv DIR` makes DIR/bin/python, which logs each pip
    // install and takes a second over it (no network, no real install).
    let fake = root.join("python3");
    std::fs::write(
        &fake,
        "#!/usr/bin/env bash\nset -e\ndir=\"$3\"\nmkdir -p \"$dir/bin\"\nprintf '#!/usr/bin/env bash\\necho install >> \"%s/installs.log\"\\nsleep 1\\n' \"$dir\" > \"$dir/bin/python\"\nchmod +x \"$dir/bin/python\"\n",
    )
    .unwrap();
    std::process::Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let venv = root.join(".venv");
    let script = format!("source {}/tests/emulator/venv.sh", env!("CARGO_MANIFEST_DIR"));
    let start = || {
        std::process::Command::new("bash")
            .args(["-c", &script])
            .env("PYTHON", &fake)
            .env("TRIGGER_PRIVATELINK_VENV", &venv)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let (mut first, mut second) = (start(), start());
    assert!(first.wait().unwrap().success() && second.wait().unwrap().success());
    let installs = std::fs::read_to_string(venv.join("installs.log")).unwrap();
    assert_eq!(installs.lines().count(), 1, "pip ran {} times", installs.lines().count());
    std::fs::remove_dir_all(&root).ok();
}

/// After `sync-targets`, the output says what is registered now (not before); a dry run
/// says nothing was changed.
#[test]
fn sync_targets_reports_the_state_after_its_change_and_a_dry_run_says_it_changed_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let new_ip = emulator.failover("orders-db");
    let dry = emulator.run(&["sync-targets", "--name", "orders", "--dry-run"]);
    assert!(dry.success().stdout().contains("dry run: nothing was changed"), "{}", dry.describe());
    let check = emulator.run(&["sync-targets", "--name", "orders", "--check"]);
    assert_eq!(check.code(), 1);
    assert!(!check.stdout().contains("dry run"), "{}", check.describe());
    let synced = emulator.run(&["sync-targets", "--name", "orders"]);
    let out = synced.success().stdout();
    let registered = out.lines().find(|l| l.trim_start().starts_with("registered")).unwrap_or_default();
    assert!(registered.contains(&new_ip) && !registered.contains(&account.rds_ip), "registered now, not before:\n{out}");
    assert!(out.lines().any(|l| l.trim_start().starts_with("removed") && l.contains(&account.rds_ip)), "{out}");
}

/// Words and noise: plurals, no wait line for a wait that did not wait, one line for an
/// unchanged re-run (the `keep`s with -v), doctor --watch's default in --help.
#[test]
fn an_unchanged_rerun_says_nothing_to_change_and_waits_that_did_not_wait_print_nothing() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut args = seed::setup_args("orders", "--rds-instance", "orders-db", &account);
    args.push("--yes");
    let first = emulator.run(&args);
    assert!(!first.success().stderr().contains("done after"), "the NLB was active at once: no wait line\n{}", first.stderr());
    let again = emulator.run(&args);
    let stderr = again.success().stderr();
    assert!(stderr.contains("nothing to change: the "), "{stderr}");
    assert!(!stderr.lines().any(|l| l.starts_with("exists ")), "no lines for what is left as it is, without -v:\n{stderr}");
    let verbose = emulator.run(&[&args[..], &["-v"]].concat());
    assert!(verbose.success().stderr().lines().any(|l| l.starts_with("exists ")), "-v lists them:\n{}", verbose.stderr());
    let doctor = emulator.run(&["doctor", "--name", "orders", "--output", "json"]).json();
    let registered = doctor["checks"].as_array().unwrap().iter().find(|c| c["id"] == "targets-registered").unwrap().clone();
    assert_eq!(registered["summary"], "1 target registered", "{registered}");
    let help = emulator.run(&["doctor", "--help"]).stdout().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("default when given alone: 300"), "{help}");
    let done = emulator.run(&["teardown", "--name", "orders", "--yes"]);
    assert!(done.success().stdout().contains("Deleted 5 resources"), "{}", done.describe());
}

/// `status` with two connections offers a picker on a terminal, as doctor does.
#[test]
fn status_with_two_connections_offers_a_picker_on_a_terminal() {
    use expectrl::{Eof, Session};
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let mut second = seed::setup_args("cache", "--elasticache-replication-group", "sessions", &account);
    second.push("--yes");
    emulator.run(&second).success();
    emulator.run(&["status"]).fails_with(2, "2 connections in us-east-1: pass --name");
    let mut command = crate::harness::binary_command(&["--endpoint-url", &emulator.url, "status"]);
    command.env("TERM", "xterm");
    let mut session = Session::spawn(command).expect("spawn in a pty");
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session.expect("Which connection?").unwrap();
    session.send("\x1b[B").unwrap();
    session.send_line("").unwrap();
    session.expect("tpl-orders-nlb").unwrap();
    session.expect(Eof).unwrap();
}

/// Every row of the screen and its scrollback, as a terminal drew them.
fn screen_rows(parser: &mut vt100::Parser) -> Vec<String> {
    let mut rows = Vec::new();
    let mut offset = 0;
    loop {
        parser.screen_mut().set_scrollback(offset);
        let screen = parser.screen();
        rows.extend(screen.rows(0, 80));
        if screen.scrollback() < offset || offset > 10_000 {
            break;
        }
        offset += 24;
    }
    parser.screen_mut().set_scrollback(0);
    rows
}

/// The words of every string in a JSON value that are IDs, ARNs, names, addresses or
/// actions (12 characters or more, with a `-`, `:`, `.` or `/`).
fn tokens(value: &serde_json::Value, found: &mut std::collections::BTreeSet<String>) {
    match value {
        serde_json::Value::String(text) => {
            for word in text.split_whitespace() {
                let word = word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')' | '\'' | '"' | '`'));
                let word = word.trim_end_matches(['.', ':']);
                if word.chars().count() >= 12 && word.contains(['-', ':', '.', '/']) {
                    found.insert(word.to_string());
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| tokens(i, found)),
        serde_json::Value::Object(map) => map.values().for_each(|v| tokens(v, found)),
        _ => {}
    }
}

/// Every command's human output in an 80x24 terminal: no ID, ARN, name, address or IAM
/// action is split across rows (a part of it on one row, the rest on the next).
#[test]
fn at_80_columns_no_token_of_any_command_is_split_across_rows() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let (a, b) = (account.subnets[0].as_str(), account.subnets[1].as_str());
    let setup = [
        "setup",
        "--no-input",
        "--name",
        "a-rather-long-name-here",
        "--rds-instance",
        "orders-db",
        "--account-id",
        TRIGGER_ACCOUNT,
        "--subnet",
        a,
        "--subnet",
        b,
        "--no-supported-region",
        "--resource-security-group-rule",
    ];
    let name = "a-rather-long-name-here";
    let commands: Vec<Vec<&str>> = vec![
        [&setup[..], &["--dry-run"]].concat(),
        [&setup[..], &["--yes"]].concat(),
        vec!["status", "--name", name],
        vec!["doctor", "--name", name, "--account-id", TRIGGER_ACCOUNT],
        vec!["list"],
        vec!["sync-targets", "--name", name],
        vec!["sync-targets", "--name", name, "--dry-run"],
        vec!["resolve-ips", "--rds-instance", "orders-db"],
        vec!["service-name", "--name", name],
        vec!["iam-policy", "--for", "setup"],
        vec!["iam-policy", "--scoped", "--name", name, "--security-group", &account.db_security_group],
        vec!["create-target-group", "--name", "second-connection-name", "--elasticache-replication-group", "sessions"],
        vec!["create-nlb", "--name", "second-connection-name", "--subnet", a, "--yes"],
        vec!["disable-enforcement", "--name", "second-connection-name", "--yes"],
        vec!["create-endpoint-service", "--name", "second-connection-name", "--yes"],
        vec!["allow-principal", "--name", "second-connection-name", "--account-id", TRIGGER_ACCOUNT, "--yes"],
        vec!["service-name", "--name", "second-connection-name"],
        vec!["allow-principal", "--name", name, "--account-id", "12345"],
        vec!["create-nlb", "--name", name, "--subnet", &account.other_vpc_subnet],
        vec!["teardown", "--name", name, "--dry-run"],
        vec!["teardown", "--name", name, "--yes"],
        vec!["teardown", "--name", "second-connection-name", "--yes"],
    ];
    let mut checked = 0;
    for args in &commands {
        // The whole tokens, from the same command's JSON (on an emulator state that is
        // the same but for the command itself: reads first, writes read back after).
        let mut whole = std::collections::BTreeSet::new();
        let is_write = args.contains(&"--yes") || args[0] == "create-target-group";
        if !is_write {
            let json = emulator.run(&[&args[..], &["--output", "json"]].concat());
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&json.stdout()) {
                tokens(&value, &mut whole);
            }
        }
        let (_, mut screen, raw) = crate::first_hour::in_terminal_80x24(&emulator, args);
        if is_write {
            // The plan and the result list what the run made: their IDs as printed whole on a pipe.
            for word in raw.split_whitespace() {
                if word.chars().count() >= 12 && word.contains(['-', ':', '.', '/']) {
                    whole.insert(word.trim_matches(|c: char| matches!(c, ',' | ';' | '(' | ')')).to_string());
                }
            }
        }
        // Errors and warnings too are wrapped by the tool, at word boundaries, never by the
        // terminal. (The IAM policy is a document to redirect, printed as it is; so is the
        // Terraform export, which is not in this list.)
        if args[0] != "iam-policy" {
            let wrapped = crate::first_hour::wrapped_rows(&mut screen);
            assert!(wrapped.is_empty(), "{args:?}: rows the terminal had to wrap:\n{}", wrapped.join("\n"));
        }
        let rows = screen_rows(&mut screen);
        let words: Vec<&str> = rows.iter().flat_map(|r| r.split_whitespace()).collect();
        for token in &whole {
            checked += 1;
            if rows.iter().any(|r| r.contains(token.as_str())) {
                continue;
            }
            // Not whole on any row: split if a word of the screen is the token's start.
            let piece = words.iter().find(|w| w.len() >= 4 && w.len() * 2 >= token.len() && token.starts_with(**w) && **w != token);
            assert!(piece.is_none(), "{args:?}: '{token}' is split across rows (a row holds '{}'):\n{}", piece.unwrap(), rows.join("\n"));
        }
    }
    assert!(checked > 100, "only {checked} tokens checked");
    eprintln!("80 columns: {} commands, {checked} tokens checked, none split", commands.len());
}

/// The binary in an 80x24 pseudo-terminal, as a person runs it.
fn terminal(emulator: &Emulator, args: &[&str]) -> expectrl::Session {
    let mut all = vec!["--endpoint-url", emulator.url.as_str()];
    all.extend_from_slice(args);
    let mut command = crate::harness::binary_command(&all);
    command.env("TERM", "xterm").env_remove("COLUMNS");
    let mut session = expectrl::Session::spawn(command).expect("spawn in a pty");
    session.get_process_mut().set_window_size(80, 24).unwrap();
    session.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    session
}

/// Flags and the wizard resolve alike: typed IPs get a private subnet in every zone from
/// flags too; the missing-flags error names --nlb; the wizard's rule question has the
/// flags' default (no); its port question takes several ports.
#[test]
fn flags_and_the_wizard_resolve_alike() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    emulator.run(&["setup", "--no-input", "--name", "x", "--account-id", TRIGGER_ACCOUNT]).fails_with(2, "--alb, --target-ip or --nlb");
    let typed = emulator
        .run(&[
            "setup",
            "--no-input",
            "--name",
            "typed",
            "--vpc",
            &account.vpc,
            "--target-ip",
            &account.rds_ip,
            "--port",
            "5432",
            "--account-id",
            TRIGGER_ACCOUNT,
            "--dry-run",
            "--output",
            "json",
        ])
        .json();
    let lb = typed["plan"].as_array().unwrap().iter().find(|s| s["kind"] == "load-balancer").unwrap().clone();
    assert_eq!(lb["details"][0], "internal, us-east-1a, us-east-1b, us-east-1c", "{typed:#}");

    // Only the rule question is left to the wizard: Enter takes its default, no.
    let mut session = terminal(
        &emulator,
        &[
            "setup",
            "--name",
            "orders",
            "--rds-instance",
            "orders-db",
            "--account-id",
            TRIGGER_ACCOUNT,
            "--subnet",
            &account.subnets[0],
            "--no-supported-region",
            "--dry-run",
        ],
    );
    session.expect("Add a rule admitting the NLB? (y/n) › no").unwrap();
    session.send("\r").unwrap();
    let rest = session.expect(expectrl::Eof).unwrap();
    let plan = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(plan.contains("PLAN") && !plan.contains("resource-sg-rule"), "no rule without a yes:\n{plan}");
}

/// The region list pages within a 24-row terminal: its explanation stays on screen.
#[test]
fn the_region_list_keeps_its_explanation_on_a_24_row_screen() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut session = terminal(
        &emulator,
        &[
            "setup",
            "--name",
            "orders",
            "--rds-instance",
            "orders-db",
            "--account-id",
            TRIGGER_ACCOUNT,
            "--subnet",
            &account.subnets[0],
            "--no-resource-security-group-rule",
            "--dry-run",
        ],
    );
    let before = session.expect("Other regions Trigger.dev may connect from").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(500));
    let mut drawn = before.before().to_vec();
    drawn.extend_from_slice(before.get(0).unwrap());
    let mut buffer = [0u8; 65536];
    while let Ok(n) = session.try_read(&mut buffer) {
        if n == 0 {
            break;
        }
        drawn.extend_from_slice(&buffer[..n]);
    }
    let mut screen = vt100::Parser::new(24, 80, 0);
    screen.process(&drawn);
    let visible = screen.screen().contents();
    assert!(visible.contains("Cross-region: only if Trigger.dev runs your tasks"), "the explanation scrolled off:\n{visible}");
    assert!(visible.contains("Other regions Trigger.dev may connect from"), "{visible}");
    session.send(expectrl::ControlCode::EndOfText).unwrap();
}

/// The sandbox's lines to paste fit 80 columns (a terminal would split a variable name
/// mid-word), and so does its summary of what it seeded.
#[test]
fn the_sandbox_prints_lines_that_fit_80_columns() {
    use std::io::BufRead;
    use std::os::unix::process::CommandExt;
    crate::harness::venv_python();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut child = std::process::Command::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/emulator/sandbox"))
        .args(["--port", &port.to_string()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        // Its own process group, so that the sandbox and its emulator stop together.
        .process_group(0)
        .spawn()
        .unwrap();
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let done = line.starts_with("# paste");
        lines.push(line);
        if done {
            break;
        }
    }
    // The whole group: the sandbox and its emulator, which would hold stderr open.
    std::process::Command::new("kill").args(["-TERM", "--", &format!("-{}", child.id())]).status().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let seeded: Vec<&str> = stderr.lines().filter(|l| l.starts_with('#')).collect();
    assert!(lines.iter().any(|l| l.starts_with("export AWS_ENDPOINT_URL=")), "{lines:?}");
    assert!(!seeded.is_empty(), "{stderr}");
    for line in lines.iter().map(String::as_str).chain(seeded) {
        assert!(line.chars().count() <= 80, "{} columns: {line}", line.chars().count());
    }
}

/// Setup names the account it writes to, with its alias when the credentials may read
/// it, before the plan and in its question.
#[test]
fn setup_names_the_account_with_its_alias_and_the_region() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let c = emulator.clients();
    let iam = aws_sdk_iam::Client::new(
        &c.block(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::new("us-east-1"))
                .endpoint_url(&emulator.url)
                .credentials_provider(aws_sdk_iam::config::Credentials::new("testing", "testing", None, None, "tests"))
                .load(),
        ),
    );
    c.block(async { iam.create_account_alias().account_alias("acme-prod").send().await.unwrap() });
    let mut session = terminal(
        &emulator,
        &[
            "setup",
            "--name",
            "orders",
            "--rds-instance",
            "orders-db",
            "--account-id",
            TRIGGER_ACCOUNT,
            "--subnet",
            &account.subnets[0],
            "--no-supported-region",
            "--no-resource-security-group-rule",
        ],
    );
    session.expect("connection 'orders' in account 123456789012 (acme-prod), us-east-1").unwrap();
    session.expect("Apply this plan (account 123456789012 (acme-prod), us-east-1)?").unwrap();
    session.send("n").unwrap();
    session.expect(expectrl::Eof).unwrap();
}

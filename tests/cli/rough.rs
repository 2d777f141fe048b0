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

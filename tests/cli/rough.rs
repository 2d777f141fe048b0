//! Rough edges a new user hits: a mistyped name, a dry run that must predict the real
//! run, and the rest of what a first hour with the tool showed.

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

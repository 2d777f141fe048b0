//! The `setup` wizard in a real pseudo-terminal, answering its prompts like a person.

use std::time::Duration;

use expectrl::{ControlCode, Eof, Session, WaitStatus};

use crate::harness::{Emulator, binary_command};
use crate::seed;

const DOWN: &str = "\x1b[B";

fn wizard(emulator: &Emulator) -> Session {
    let mut command = binary_command(&["--endpoint-url", &emulator.url, "setup"]);
    command.env("TERM", "xterm");
    let mut session = Session::spawn(command).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session
}

/// Through the first questions: the seeded VPC (after the default one), then its first
/// resource, orders-db, and no other; the subnet question is next.
fn to_the_subnets(session: &mut Session) {
    session.expect("10.20.0.0/16").unwrap();
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    session.expect("Enter IP addresses by hand").unwrap();
    session.send_line("").unwrap();
    session.expect("Add another resource to this connection?").unwrap();
    session.send_line("").unwrap();
}

fn exit_code(session: &Session) -> i32 {
    match session.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("not a normal exit: {other:?}"),
    }
}

#[test]
fn wizard_discovers_asks_plans_and_applies() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let mut session = wizard(&emulator);
    // AWS_REGION settles the region: the wizard does not ask it.
    session.expect("VPC of the resource").unwrap();
    // The seeded VPC is listed after the emulator's default VPC.
    session.expect("10.20.0.0/16").unwrap();
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    session.expect("RDS instance  orders-db").unwrap();
    session.expect("ElastiCache replication group  sessions").unwrap();
    session.expect("Enter IP addresses by hand").unwrap();
    session.send_line("").unwrap(); // orders-db (first)
    session.expect("Add another resource to this connection?").unwrap();
    session.send_line("").unwrap(); // default: no
    session.expect("Subnets for the NLB").unwrap();
    // One subnet in every zone is preselected; leave us-east-1c out.
    session.send(DOWN).unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.send_line("").unwrap();
    session.expect("Trigger.dev AWS account ID").unwrap();
    session.send_line("12345").unwrap();
    session.expect("is not an AWS account ID").unwrap();
    for _ in 0..5 {
        session.send("\x7f").unwrap();
    }
    session.send_line(crate::steps::VENDOR_ACCOUNT).unwrap();
    session.expect("Other regions Trigger.dev may connect from").unwrap();
    session.send_line("").unwrap();
    session.expect("does not admit TCP 5432").unwrap();
    session.expect("Add a rule admitting the NLB?").unwrap();
    session.send_line("y").unwrap();
    session.expect("Connection name").unwrap();
    session.send_line("").unwrap(); // default: orders-db
    session.expect("Apply this plan (account 123456789012, us-east-1)?").unwrap();
    session.send_line("y").unwrap();
    session.expect("Service name:").unwrap();
    session.expect("I have my details").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 0);

    let name = emulator.run(&["service-name", "--name", "orders-db"]);
    assert!(name.success().stdout().starts_with("com.amazonaws.vpce.us-east-1.vpce-svc-"));
    let lb = emulator.run(&["resolve-ips", "--rds-instance", "orders-db", "--output", "json"]).json();
    assert_eq!(lb["nodes"][0]["ip"], account.rds_ip.as_str());
    let zones = seed::nlb_zones(&emulator, "tpl-orders-db-nlb");
    assert_eq!(zones, ["us-east-1a", "us-east-1b"]);
}

#[test]
fn ctrl_c_at_a_prompt_exits_cleanly_with_nothing_created() {
    let emulator = Emulator::start();
    seed::account(&emulator);
    let clients = emulator.clients();
    let before = seed::census(&clients);
    let mut session = wizard(&emulator);
    // AWS_REGION settles the region: the wizard does not ask it.
    session.expect("VPC of the resource").unwrap();
    session.send(ControlCode::EndOfText).unwrap();
    let rest = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(text.contains("setup cancelled; nothing was created"), "{text:?}");
    assert_eq!(exit_code(&session), 130);
    assert_eq!(seed::census(&clients), before);
}

#[test]
fn wizard_exposes_ec2_instances_chosen_from_the_vpc() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "api", Some(8080));
    let (first, first_ip) = seed::instance(&emulator, &account.subnets[0], Some(&group), "api-1", true);
    let (second, _) = seed::instance(&emulator, &account.subnets[1], Some(&group), "api-2", true);
    let mut session = wizard(&emulator);
    session.expect("VPC of the resource").unwrap();
    session.expect("10.20.0.0/16").unwrap();
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    // orders-db, billing-db and sessions come first; the instances after them.
    session.expect("EC2 instances  (2 running: choose which next)").unwrap();
    session.expect("Enter IP addresses by hand").unwrap();
    for _ in 0..3 {
        session.send(DOWN).unwrap();
    }
    session.send_line("").unwrap();
    session.expect("Instances to register").unwrap();
    // Each listed with its Name tag, private IP and zone.
    session.expect(format!("{first}  api-1  {first_ip}  us-east-1a").as_str()).unwrap();
    session.send(" ").unwrap();
    session.send(DOWN).unwrap();
    session.send(" ").unwrap();
    session.send_line("").unwrap();
    session.expect("Port(s) the resource listens on").unwrap();
    session.send_line("8080").unwrap();
    session.expect("Subnets for the NLB").unwrap();
    session.send_line("").unwrap();
    session.expect("Trigger.dev AWS account ID").unwrap();
    session.send_line(crate::steps::VENDOR_ACCOUNT).unwrap();
    session.expect("Other regions Trigger.dev may connect from").unwrap();
    session.send_line("").unwrap();
    // The instances' group admits 8080 from the VPC: no rule is asked for.
    session.expect("Connection name").unwrap();
    session.send_line("").unwrap(); // default: api-1, the first instance's Name
    session.expect("Apply this plan (account 123456789012, us-east-1)?").unwrap();
    session.send_line("y").unwrap();
    session.expect("Service name:").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 0);

    let c = emulator.clients();
    let (kind, mut registered) = c.block(async {
        let groups = c.elb.describe_target_groups().names("tpl-api-1-tg").send().await.unwrap();
        let group = &groups.target_groups()[0];
        let health = c.elb.describe_target_health().target_group_arn(group.target_group_arn().unwrap()).send().await.unwrap();
        let ids: Vec<String> = health.target_health_descriptions().iter().filter_map(|d| d.target()?.id()).map(str::to_string).collect();
        (group.target_type().unwrap().as_str().to_string(), ids)
    });
    registered.sort();
    let mut chosen = vec![first, second];
    chosen.sort();
    assert_eq!(kind, "instance");
    assert_eq!(registered, chosen);
}

/// Under NO_COLOR (the harness sets it) the multi-select's cursor row still stands out:
/// a `❯` marker on it, none on the others, as it moves.
#[test]
fn the_multi_select_cursor_shows_without_colour() {
    let emulator = Emulator::start();
    seed::account(&emulator);
    let mut session = wizard(&emulator);
    to_the_subnets(&mut session);
    session.expect("Subnets for the NLB").unwrap();
    let first = session.expect("us-east-1c").unwrap();
    let shown = String::from_utf8_lossy(first.before()).into_owned() + &String::from_utf8_lossy(first.get(0).unwrap());
    let marked: Vec<&str> = shown.lines().filter(|l| l.contains("subnet-") && l.trim_start().starts_with('❯')).collect();
    assert_eq!(marked.len(), 1, "one row carries the cursor marker:\n{shown}");
    assert!(marked[0].contains("us-east-1a"), "the cursor starts on the first row:\n{shown}");
    session.send(DOWN).unwrap();
    let moved = session.expect("us-east-1c").unwrap();
    let shown = String::from_utf8_lossy(moved.before()).into_owned() + &String::from_utf8_lossy(moved.get(0).unwrap());
    assert!(shown.lines().any(|l| l.trim_start().starts_with('❯') && l.contains("us-east-1b")), "the marker follows the cursor:\n{shown}");
    session.send(ControlCode::EndOfText).unwrap();
    session.expect(Eof).unwrap();
}

/// On an existing connection the wizard preselects the zones its NLB is in (not every
/// zone), so keeping them changes nothing and adding one is a choice.
#[test]
fn the_wizard_preselects_an_existing_connections_zones() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let args = [
        "setup",
        "--no-input",
        "--name",
        "orders-db",
        "--rds-instance",
        "orders-db",
        "--account-id",
        crate::steps::VENDOR_ACCOUNT,
        "--subnet",
        &account.subnets[0],
    ];
    emulator.run(&args).success();
    let mut session = wizard(&emulator);
    to_the_subnets(&mut session);
    session.expect("its NLB's zones are preselected").unwrap();
    let drawn = session.expect("us-east-1c").unwrap();
    let shown = String::from_utf8_lossy(drawn.before()).into_owned() + &String::from_utf8_lossy(drawn.get(0).unwrap());
    let row = |zone: &str| shown.lines().rev().find(|l| l.contains(zone) && l.contains("subnet-")).unwrap_or_default().to_string();
    assert!(row("us-east-1a").contains('✔'), "the NLB's zone is preselected:\n{shown}");
    assert!(!row("us-east-1b").contains('✔'), "a zone the NLB lacks is not:\n{shown}");
    session.send(ControlCode::EndOfText).unwrap();
    session.expect(Eof).unwrap();
}

/// Esc goes back one question (its answer is asked again); Esc at the first cancels.
#[test]
fn esc_goes_back_one_question_and_cancels_at_the_first() {
    let emulator = Emulator::start();
    seed::account(&emulator);
    let mut session = wizard(&emulator);
    to_the_subnets(&mut session);
    session.expect("Subnets for the NLB").unwrap();
    session.send("\x1b").unwrap();
    // Back at the resource: asked again, and answered again.
    session.expect("Enter IP addresses by hand").unwrap();
    session.send("\x1b").unwrap();
    // Back at the VPC.
    session.expect("VPC of the resource").unwrap();
    session.expect("10.20.0.0/16").unwrap();
    session.send("\x1b").unwrap();
    let rest = session.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(rest.as_bytes()).into_owned();
    assert!(text.contains("setup cancelled; nothing was created"), "{text:?}");
    assert_eq!(exit_code(&session), 130);
}

/// The wizard offers an NLB the account already has (here a controller's), as `--nlb`
/// does: chosen, it asks only Trigger.dev's account, regions and a name, and exposes it.
#[test]
fn the_wizard_offers_an_existing_nlb_and_exposes_it_as_it_is() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    seed::controller_nlb(&emulator, &account);
    let mut session = wizard(&emulator);
    session.expect("10.20.0.0/16").unwrap();
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    session.expect(format!("Existing NLB  {}", seed::CONTROLLER_NLB).as_str()).unwrap();
    session.expect("Enter IP addresses by hand").unwrap();
    // Up wraps from the first entry to the last ("by hand"); the NLB is just above it.
    session.send("\x1b[A").unwrap();
    session.send("\x1b[A").unwrap();
    session.send_line("").unwrap();
    session.expect("Trigger.dev AWS account ID").unwrap();
    session.send_line(crate::steps::VENDOR_ACCOUNT).unwrap();
    session.expect("Other regions Trigger.dev may connect from").unwrap();
    session.send_line("").unwrap();
    session.expect("Connection name").unwrap();
    session.send_line("").unwrap();
    session.expect("no target group or listener is made").unwrap();
    session.expect("Apply this plan (account 123456789012, us-east-1)?").unwrap();
    session.send("y").unwrap();
    session.expect("com.amazonaws.vpce.").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 0);
}

/// After the first resource the wizard offers the VPC's others, a route each; one whose
/// port another route takes is asked its listener port (the next free one by default).
#[test]
fn the_wizard_adds_resources_as_routes_and_asks_a_port_on_a_collision() {
    let emulator = Emulator::start();
    seed::account(&emulator);
    let mut session = wizard(&emulator);
    session.expect("10.20.0.0/16").unwrap();
    session.send(DOWN).unwrap();
    session.send_line("").unwrap();
    session.expect("Enter IP addresses by hand").unwrap();
    session.send_line("").unwrap(); // orders-db
    session.expect("Add another resource to this connection?").unwrap();
    session.send("y").unwrap();
    session.expect("RDS instance  billing-db").unwrap();
    session.expect("ElastiCache replication group  sessions").unwrap();
    session.send(" ").unwrap(); // billing-db, the first of the others
    session.send(DOWN).unwrap();
    session.send(" ").unwrap(); // sessions
    session.send_line("").unwrap();
    session.expect("--rds-instance billing-db listens on 5432, which another route takes").unwrap();
    session.send_line("").unwrap(); // the default: 5433
    session.expect("Subnets for the NLB").unwrap();
    session.send_line("").unwrap();
    session.expect("Trigger.dev AWS account ID").unwrap();
    session.send_line(crate::steps::VENDOR_ACCOUNT).unwrap();
    session.expect("Other regions Trigger.dev may connect from").unwrap();
    session.send_line("").unwrap();
    session.expect("Add a rule admitting the NLB?").unwrap();
    session.send("y").unwrap();
    session.expect("Connection name").unwrap();
    session.send_line("app").unwrap();
    session.expect("Apply this plan").unwrap();
    session.send("y").unwrap();
    session.expect("Service name:").unwrap();
    session.expect(Eof).unwrap();
    assert_eq!(exit_code(&session), 0);
    let status = emulator.run(&["status", "--name", "app", "--output", "json"]).json();
    let routes: Vec<(u64, String)> = status["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["port"].as_u64().unwrap(), r["destination"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        routes,
        [
            (5432, "rds-instance/orders-db".to_string()),
            (5433, "rds-instance/billing-db".to_string()),
            (6379, "elasticache-replication-group/sessions".to_string())
        ]
    );
}

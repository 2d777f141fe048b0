//! Aurora, DocumentDB, Neptune and Redshift clusters end to end: their writer (Redshift:
//! leader node) is the target, found through their API (the emulator gives each node its
//! interface), and sync-targets follows it after a failover (Redshift: a relocation).

use std::collections::BTreeMap;

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::Emulator;
use crate::seed;
use crate::steps::writes;

/// The registered targets of the connection's target group, read back through the AWS API.
fn registered(emulator: &Emulator, name: &str) -> Vec<String> {
    let c = emulator.clients();
    c.block(async {
        let groups = c.elb.describe_target_groups().names(format!("tpl-{name}-tg")).send().await.unwrap();
        let arn = groups.target_groups()[0].target_group_arn().unwrap();
        let health = c.elb.describe_target_health().target_group_arn(arn).send().await.unwrap();
        let mut ips: Vec<String> =
            health.target_health_descriptions().iter().filter_map(|d| d.target()?.id()).map(str::to_string).collect();
        ips.sort();
        ips
    })
}

/// What a test seeded: the resource's flag and ID, its port, and its target IPs now, sorted.
struct Seeded<'a> {
    flag: &'a str,
    id: &'a str,
    port: u16,
    security_group: String,
    target_ips: Vec<String>,
}

/// Setup, a second setup, doctor; `fail_over` moves a target (the target IPs after it,
/// sorted); sync-targets follows it; teardown leaves nothing of the tool's.
fn end_to_end(emulator: &Emulator, account: &seed::Account, seeded: Seeded, fail_over: impl Fn() -> Vec<String>) {
    let before = seed::census(&emulator.clients());
    let mut setup = seed::setup_args("graph", seeded.flag, seeded.id, account);
    setup.extend(["--output", "json"]);
    emulator.run(&setup).json();
    assert_eq!(registered(emulator, "graph"), seeded.target_ips, "the writer alone (a proxy: each interface) is the target");
    let status = emulator.run(&["status", "--name", "graph", "--output", "json"]).json();
    assert_eq!(status["load_balancer"]["listeners"], serde_json::json!([format!("TCP {}", seeded.port)]), "the resource's port");

    emulator.reset_requests();
    emulator.run(&setup).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");
    let doctor = emulator.run(&["doctor", "--name", "graph", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());

    let moved = fail_over();
    assert_ne!(moved, seeded.target_ips);
    assert_eq!(emulator.run(&["sync-targets", "--name", "graph", "--check"]).code(), 1, "the target moved");
    emulator.run(&["sync-targets", "--name", "graph"]).success();
    assert_eq!(registered(emulator, "graph"), moved, "sync-targets followed it");
    let doctor = emulator.run(&["doctor", "--name", "graph", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());

    emulator.run(&["teardown", "--name", "graph", "--yes"]).success();
    assert_eq!(
        seed::census(&emulator.clients()),
        before,
        "nothing of the tool's is left, and the rule on {} is gone",
        seeded.security_group
    );
}

/// A DB cluster of `engine` through its flag; the failover makes the reader the writer.
fn db_cluster_end_to_end(engine: &str, flag: &str, port: u16) {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let cluster = seed::cluster(&emulator, &account, engine, "graph");
    let seeded =
        Seeded { flag, id: "graph", port, security_group: cluster.security_group.clone(), target_ips: vec![cluster.writer_ip.clone()] };
    let fail_over = || {
        let c = emulator.clients();
        c.block(async {
            c.rds.failover_db_cluster().db_cluster_identifier("graph").target_db_instance_identifier(&cluster.reader).send().await.unwrap()
        });
        vec![cluster.reader_ip.clone()]
    };
    end_to_end(&emulator, &account, seeded, fail_over);
}

#[test]
fn a_redshift_clusters_leader_end_to_end() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let (security_group, leader_ip) = seed::redshift(&emulator, &account, "graph");
    let seeded = Seeded { flag: "--redshift-cluster", id: "graph", port: 5439, security_group, target_ips: vec![leader_ip] };
    end_to_end(&emulator, &account, seeded, || vec![emulator.failover("graph")]);
}

#[test]
fn an_rds_proxys_interfaces_end_to_end() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    // In subnet order: the first is the interface the proxy's name moves.
    let (security_group, by_subnet) = seed::rds_proxy(&emulator, &account, "graph");
    let mut target_ips = by_subnet.clone();
    target_ips.sort();
    let seeded = Seeded { flag: "--rds-proxy", id: "graph", port: 5432, security_group, target_ips };
    // The proxy scales: its first interface gets a new address.
    let fail_over = || {
        let moved = emulator.failover("graph");
        let mut now: Vec<String> = by_subnet[1..].iter().cloned().chain([moved]).collect();
        now.sort();
        now
    };
    end_to_end(&emulator, &account, seeded, fail_over);
}

#[test]
fn an_aurora_clusters_writer_end_to_end() {
    db_cluster_end_to_end("aurora-postgresql", "--rds-cluster", 5432);
}

#[test]
fn a_documentdb_clusters_writer_end_to_end() {
    db_cluster_end_to_end("docdb", "--docdb-cluster", 27017);
}

#[test]
fn a_neptune_clusters_writer_end_to_end() {
    db_cluster_end_to_end("neptune", "--neptune-cluster", 8182);
}

#[test]
fn a_cluster_flag_of_the_wrong_family_is_refused_naming_the_right_one() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    seed::cluster(&emulator, &account, "docdb", "docs");
    let before = seed::census(&emulator.clients());
    let run = emulator.run(&["setup", "--no-input", "--name", "docs", "--rds-cluster", "docs", "--account-id", TRIGGER_ACCOUNT]);
    run.fails_with(2, "--rds-cluster docs is a DocumentDB cluster (engine docdb): use --docdb-cluster docs");
    let run = emulator.run(&["setup", "--no-input", "--name", "docs", "--neptune-cluster", "doc", "--account-id", TRIGGER_ACCOUNT]);
    run.fails_with(2, "--neptune-cluster doc: no such Neptune cluster");
    assert_eq!(seed::census(&emulator.clients()), before, "nothing was created");
}

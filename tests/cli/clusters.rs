//! Aurora, DocumentDB and Neptune clusters end to end: their writer is the target, found
//! through the RDS API (the emulator gives each member its interface), and sync-targets
//! follows the writer after a cluster failover.

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

fn end_to_end(engine: &str, flag: &str, port: u16) {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let cluster = seed::cluster(&emulator, &account, engine, "graph");
    let before = seed::census(&emulator.clients());
    let mut setup = seed::setup_args("graph", flag, "graph", &account);
    setup.extend(["--output", "json"]);
    emulator.run(&setup).json();
    assert_eq!(registered(&emulator, "graph"), vec![cluster.writer_ip.clone()], "the writer alone is the target");
    let status = emulator.run(&["status", "--name", "graph", "--output", "json"]).json();
    assert_eq!(status["load_balancer"]["listeners"], serde_json::json!([format!("TCP {port}")]), "the cluster's port");

    emulator.reset_requests();
    emulator.run(&setup).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "a second setup changes nothing");
    let doctor = emulator.run(&["doctor", "--name", "graph", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());

    let c = emulator.clients();
    c.block(async {
        c.rds.failover_db_cluster().db_cluster_identifier("graph").target_db_instance_identifier(&cluster.reader).send().await.unwrap()
    });
    assert_eq!(emulator.run(&["sync-targets", "--name", "graph", "--check"]).code(), 1, "the writer moved");
    emulator.run(&["sync-targets", "--name", "graph"]).success();
    assert_eq!(registered(&emulator, "graph"), vec![cluster.reader_ip.clone()], "sync-targets followed the new writer");
    let doctor = emulator.run(&["doctor", "--name", "graph", "--account-id", TRIGGER_ACCOUNT]);
    assert_eq!(doctor.code(), 0, "{}", doctor.stdout());

    emulator.run(&["teardown", "--name", "graph", "--yes"]).success();
    assert_eq!(
        seed::census(&emulator.clients()),
        before,
        "nothing of the tool's is left, and the rule on {} is gone",
        cluster.security_group
    );
}

#[test]
fn an_aurora_clusters_writer_end_to_end() {
    end_to_end("aurora-postgresql", "--rds-cluster", 5432);
}

#[test]
fn a_documentdb_clusters_writer_end_to_end() {
    end_to_end("docdb", "--docdb-cluster", 27017);
}

#[test]
fn a_neptune_clusters_writer_end_to_end() {
    end_to_end("neptune", "--neptune-cluster", 8182);
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

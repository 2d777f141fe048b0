//! The shared failover cases (tests/sync/cases.json), run against `sync-targets`: the
//! same cases tests/emulator/test_sync_handler.py runs against the sync function's
//! handler, so the two implementations of one sync cannot drift apart. A case this file
//! does not know fails here, as it fails there.

use crate::harness::Emulator;
use crate::seed;

fn registered(emulator: &Emulator, name: &str) -> Vec<String> {
    let status = emulator.run(&["status", "--name", name, "--output", "json"]).json();
    let mut ips: Vec<String> =
        status["target_groups"][0]["targets"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap().to_string()).collect();
    ips.sort();
    ips
}

/// Makes the case's failover happen; the resource's primary IPs after it.
type FailOver<'a> = Box<dyn Fn() -> Vec<String> + 'a>;

#[test]
fn sync_targets_follows_each_shared_failover_case() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sync/cases.json");
    let cases: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(cases.len() >= 4, "{cases:?}");
    for case in &cases {
        let name = case["case"].as_str().unwrap();
        let emulator = Emulator::start();
        let account = seed::account(&emulator);
        let (flag, id, before, fail_over): (&str, &str, Vec<String>, FailOver) = match case["kind"].as_str().unwrap() {
            "rds-instance" => {
                ("--rds-instance", "orders-db", vec![account.rds_ip.clone()], Box::new(|| vec![emulator.failover("orders-db")]))
            }
            "rds-cluster" => {
                let cluster = seed::cluster(&emulator, &account, "aurora-postgresql", "app");
                let reader = cluster.reader.clone();
                let reader_ip = cluster.reader_ip.clone();
                let emulator = &emulator;
                (
                    "--rds-cluster",
                    "app",
                    vec![cluster.writer_ip.clone()],
                    Box::new(move || {
                        let c = emulator.clients();
                        c.block(async {
                            c.rds
                                .failover_db_cluster()
                                .db_cluster_identifier("app")
                                .target_db_instance_identifier(&reader)
                                .send()
                                .await
                                .unwrap()
                        });
                        vec![reader_ip.clone()]
                    }),
                )
            }
            "elasticache-replication-group" => (
                "--elasticache-replication-group",
                "sessions",
                vec![account.cache_primary_ip.clone()],
                Box::new(|| vec![emulator.failover("sessions-001")]),
            ),
            other => panic!("case {name}: kind {other} is not known here"),
        };
        emulator.run(&seed::setup_args("x", flag, id, &account)).success();
        assert_eq!(registered(&emulator, "x"), before, "{name}: before the failover");
        let after = fail_over();
        let check = emulator.run(&["sync-targets", "--name", "x", "--check"]);
        assert_eq!(check.code(), 1, "{name}: the drift is seen\n{}", check.describe());
        if name == "read-failure-changes-nothing" {
            emulator.fault("ec2:DescribeNetworkInterfaces", 1, 10, "Throttling");
            let run = emulator.run(&["sync-targets", "--name", "x"]);
            emulator.clear_faults();
            assert_eq!(run.code(), 1, "{name}: {}", run.describe());
            assert_eq!(registered(&emulator, "x"), before, "{name}: a failed read leaves the group as it was");
            continue;
        }
        emulator.run(&["sync-targets", "--name", "x"]).success();
        let mut after = after;
        after.sort();
        assert_eq!(registered(&emulator, "x"), after, "{name}: the new IP registered, the old one gone");
        emulator.run(&["sync-targets", "--name", "x", "--check"]).success();
        eprintln!("{name}: {before:?} -> {after:?}");
    }
}

/// `--package-to` twice: the same bytes, holding exactly the handler in the source tree;
/// no AWS call is made (no region is needed).
#[test]
fn the_sync_package_is_the_same_bytes_on_every_run() {
    let dirs = [
        std::env::temp_dir().join(format!("tpl-pkg-a-{}", std::process::id())),
        std::env::temp_dir().join(format!("tpl-pkg-b-{}", std::process::id())),
    ];
    let mut reports = Vec::new();
    for dir in &dirs {
        let run = crate::harness::run_binary_with(
            &["sync-targets", "--name", "orders", "--package-to", dir.to_str().unwrap(), "--output", "json"],
            &[],
            &["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"],
        );
        reports.push(run.json());
    }
    assert_eq!(reports[0]["sha256"], reports[1]["sha256"]);
    let bytes: Vec<Vec<u8>> = dirs.iter().map(|d| std::fs::read(d.join("trigger-privatelink-sync.zip")).unwrap()).collect();
    assert_eq!(bytes[0], bytes[1], "byte-identical");
    let handler = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/connection/sync/handler.py")).unwrap();
    let stored = bytes[0].windows(handler.len()).any(|w| w == handler.as_slice());
    assert!(stored, "the handler is stored as it is in the source tree");
    eprintln!("package sha256 {}", reports[0]["sha256"]);
    for dir in &dirs {
        std::fs::remove_dir_all(dir).unwrap();
    }
}

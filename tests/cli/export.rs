//! `export terraform`: the output parses back with the HCL library, every import names a
//! resource the configuration declares and an ID that exists in the emulator, and a
//! second export of an unchanged connection is the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use hcl::{Body, Expression};

use crate::doctor::TRIGGER_ACCOUNT;
use crate::harness::{Clients, Emulator};
use crate::life::setup_orders;
use crate::seed;
use crate::steps::writes;

/// The parts of an exported configuration the tests look at.
pub struct Parsed {
    /// `kind.label` of every resource, with its body.
    resources: BTreeMap<String, Body>,
    /// `to` address and ID of every import block.
    imports: Vec<(String, String)>,
}

pub fn parse(main_tf: &str, imports_tf: &str) -> Parsed {
    let main = hcl::parse(main_tf).unwrap_or_else(|e| panic!("main.tf does not parse: {e}\n{main_tf}"));
    let resources = main
        .blocks()
        .filter(|b| b.identifier.as_str() == "resource")
        .map(|b| (format!("{}.{}", b.labels[0].as_str(), b.labels[1].as_str()), b.body.clone()))
        .collect();
    let imports_body = hcl::parse(imports_tf).unwrap_or_else(|e| panic!("imports.tf does not parse: {e}\n{imports_tf}"));
    let imports = imports_body
        .blocks()
        .filter(|b| b.identifier.as_str() == "import")
        .map(|b| {
            let attr = |key: &str| {
                b.body.attributes().find(|a| a.key.as_str() == key).unwrap_or_else(|| panic!("import without {key}")).expr.clone()
            };
            let to = hcl::format::to_string(&attr("to")).unwrap();
            let Expression::String(id) = attr("id") else { panic!("import id is not a string") };
            (to, id)
        })
        .collect();
    Parsed { resources, imports }
}

fn attribute(body: &Body, key: &str) -> Expression {
    body.attributes().find(|a| a.key.as_str() == key).unwrap_or_else(|| panic!("no attribute {key}")).expr.clone()
}

pub fn kinds(parsed: &Parsed) -> BTreeMap<String, usize> {
    let mut count = BTreeMap::new();
    for address in parsed.resources.keys() {
        *count.entry(address.split('.').next().unwrap().to_string()).or_default() += 1;
    }
    count
}

/// Whether the ID an import names exists in the emulator, asked of the resource's own API.
fn exists(c: &Clients, kind: &str, id: &str) -> bool {
    c.block(async {
        match kind {
            "aws_lb" => c.elb.describe_load_balancers().load_balancer_arns(id).send().await.is_ok_and(|o| o.load_balancers().len() == 1),
            "aws_lb_target_group" => {
                c.elb.describe_target_groups().target_group_arns(id).send().await.is_ok_and(|o| o.target_groups().len() == 1)
            }
            "aws_lb_listener" => c.elb.describe_listeners().listener_arns(id).send().await.is_ok_and(|o| o.listeners().len() == 1),
            "aws_security_group" => {
                c.ec2.describe_security_groups().group_ids(id).send().await.is_ok_and(|o| o.security_groups().len() == 1)
            }
            "aws_vpc_security_group_ingress_rule" => c
                .ec2
                .describe_security_group_rules()
                .security_group_rule_ids(id)
                .send()
                .await
                .is_ok_and(|o| o.security_group_rules().len() == 1 && o.security_group_rules()[0].is_egress() == Some(false)),
            "aws_vpc_endpoint_service" => c
                .ec2
                .describe_vpc_endpoint_service_configurations()
                .service_ids(id)
                .send()
                .await
                .is_ok_and(|o| o.service_configurations().len() == 1),
            other => panic!("an import of an unexpected kind: {other}"),
        }
    })
}

/// Every resource has exactly one import, every import a resource, and every ID exists.
pub fn assert_imports_complete(parsed: &Parsed, c: &Clients) {
    let declared: BTreeSet<&String> = parsed.resources.keys().collect();
    let imported: BTreeSet<&String> = parsed.imports.iter().map(|(to, _)| to).collect();
    assert_eq!(declared, imported, "one import per resource");
    assert_eq!(parsed.imports.len(), parsed.resources.len(), "no resource imported twice");
    for (to, id) in &parsed.imports {
        let kind = to.split('.').next().unwrap();
        assert!(exists(c, kind, id), "{to}: {id} does not exist in the emulator");
    }
}

/// The two files of one export, on stdout, made with no write call.
pub fn export(emulator: &Emulator, selector: &[&str]) -> (String, String) {
    emulator.reset_requests();
    let args: Vec<&str> = ["export", "terraform", "--output", "json"].into_iter().chain(selector.iter().copied()).collect();
    let report = emulator.run(&args).json();
    assert_eq!(writes(&emulator.requests()), BTreeMap::new(), "export changes nothing");
    (report["files"]["main.tf"].as_str().unwrap().to_string(), report["files"]["imports.tf"].as_str().unwrap().to_string())
}

#[test]
fn a_connection_made_by_setup_exports_parses_and_imports_what_exists() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    setup_orders(&emulator, &account);
    let (main_tf, imports_tf) = export(&emulator, &["--name", "orders"]);
    let parsed = parse(&main_tf, &imports_tf);
    let expected: BTreeMap<String, usize> = [
        ("aws_lb", 1),
        ("aws_lb_listener", 1),
        ("aws_lb_target_group", 1),
        ("aws_security_group", 1),
        // The NLB's group admits the listener port from the VPC CIDR; the database's group
        // admits it from the NLB's group (--resource-security-group-rule).
        ("aws_vpc_security_group_ingress_rule", 2),
        ("aws_vpc_endpoint_service", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_string(), n))
    .collect();
    assert_eq!(kinds(&parsed), expected, "{main_tf}");
    assert_imports_complete(&parsed, &emulator.clients());

    let lb = &parsed.resources["aws_lb.orders"];
    assert_eq!(attribute(lb, "enforce_security_group_inbound_rules_on_private_link_traffic"), Expression::from("off"));
    assert_eq!(attribute(lb, "internal"), Expression::from(true));
    let service = &parsed.resources["aws_vpc_endpoint_service.orders"];
    assert_eq!(attribute(service, "allowed_principals"), Expression::from(vec![format!("arn:aws:iam::{TRIGGER_ACCOUNT}:root")]));
    assert_eq!(attribute(service, "supported_regions"), Expression::from(vec!["us-east-1"]), "the home region is listed");
    assert_eq!(attribute(service, "acceptance_required"), Expression::from(false));
    // References, not pasted IDs, between resources Terraform now manages together.
    assert_eq!(hcl::format::to_string(&attribute(lb, "security_groups")).unwrap(), "[\n  aws_security_group.orders.id\n]");
    let rule_on_db = parsed
        .resources
        .iter()
        .find(|(address, _)| address.contains(&account.db_security_group))
        .map(|(_, body)| body)
        .expect("the rule the tool added to the database's group");
    assert_eq!(attribute(rule_on_db, "security_group_id"), Expression::from(account.db_security_group.as_str()));
    assert_eq!(hcl::format::to_string(&attribute(rule_on_db, "referenced_security_group_id")).unwrap(), "aws_security_group.orders.id");
    // Targets follow the database through sync-targets, so they stay out, and say why.
    assert!(!main_tf.contains("aws_lb_target_group_attachment\""), "{main_tf}");
    assert!(main_tf.contains(&format!("# Registered targets: {}:5432.", account.rds_ip)), "{main_tf}");
    assert!(main_tf.contains("sync-targets"), "{main_tf}");

    // A second export is the same bytes; --output-dir writes the same two files.
    assert_eq!(export(&emulator, &["--name", "orders"]), (main_tf.clone(), imports_tf.clone()), "byte-identical");
    let dir = std::env::temp_dir().join(format!("tpl-export-{}", std::process::id()));
    let written = emulator.run(&["export", "terraform", "--name", "orders", "--output-dir", dir.to_str().unwrap()]);
    written.success();
    assert_eq!(std::fs::read_to_string(dir.join("main.tf")).unwrap(), main_tf);
    assert_eq!(std::fs::read_to_string(dir.join("imports.tf")).unwrap(), imports_tf);
    assert!(written.stdout().contains("main.tf"), "{}", written.stdout());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_connection_built_by_hand_exports_by_service_id() {
    let emulator = Emulator::start();
    let account = seed::account(&emulator);
    let group = seed::security_group(&emulator, &account, "hand-nlb", None);
    let spec = seed::HandBuilt {
        nlb: "hand-nlb",
        target_group: "hand-tg",
        port: 5432,
        target_ip: &account.rds_ip,
        subnets: &account.subnets[..2],
        security_groups: vec![group.clone()],
        tags: &[],
    };
    let lb_arn = seed::hand_built_nlb(&emulator, &account, spec);
    let c = emulator.clients();
    let service_id = c.block(async {
        let service = c
            .ec2
            .create_vpc_endpoint_service_configuration()
            .network_load_balancer_arns(&lb_arn)
            .acceptance_required(false)
            .send()
            .await
            .unwrap();
        service.service_configuration.unwrap().service_id.unwrap()
    });
    let (main_tf, imports_tf) = export(&emulator, &["--service-id", &service_id]);
    let parsed = parse(&main_tf, &imports_tf);
    let expected: BTreeMap<String, usize> =
        [("aws_lb", 1), ("aws_lb_listener", 1), ("aws_lb_target_group", 1), ("aws_vpc_endpoint_service", 1)]
            .into_iter()
            .map(|(k, n)| (k.to_string(), n))
            .collect();
    assert_eq!(kinds(&parsed), expected, "a group built by hand may be shared: it is named, not exported\n{main_tf}");
    assert_imports_complete(&parsed, &c);
    let lb = &parsed.resources["aws_lb.hand-nlb"];
    assert_eq!(attribute(lb, "security_groups"), Expression::from(vec![group.as_str()]));
    // AWS turns enforcement on for a new NLB with security groups; read back as it is.
    assert_eq!(attribute(lb, "enforce_security_group_inbound_rules_on_private_link_traffic"), Expression::from("on"));
    assert!(main_tf.contains(&format!("# Registered targets: {}:5432.", account.rds_ip)), "{main_tf}");
    assert!(main_tf.contains("left out"), "{main_tf}");
    assert_eq!(export(&emulator, &["--service-id", &service_id]), (main_tf, imports_tf), "byte-identical");
}

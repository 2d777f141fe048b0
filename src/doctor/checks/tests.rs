//! Every check over hand-built snapshots: a healthy connection on which all pass, and
//! for each check one change that makes it fail (or warn, where warning is its worst).

use aws_sdk_ec2::types::{
    GroupIdentifier, IpPermission, IpRange, NetworkAcl, NetworkAclAssociation, NetworkAclEntry, NetworkInterface, PortRange, RuleAction,
    SecurityGroup, ServiceConfiguration, ServiceState, State, Subnet, SupportedRegionDetail, UserIdGroupPair, VpcEndpointConnection,
};
use aws_sdk_elasticloadbalancingv2::types::{
    AvailabilityZone, Listener, LoadBalancer, LoadBalancerSchemeEnum, LoadBalancerState, LoadBalancerStateEnum, LoadBalancerTypeEnum,
    ProtocolEnum, TargetDescription, TargetGroup, TargetHealth, TargetHealthDescription, TargetHealthReasonEnum, TargetHealthStateEnum,
};

use super::{Inputs, run, run_all};
use crate::connection::evidence::{self, EndpointEvidence, Evidence, RouteEvidence};
use crate::connection::principal::Principal;
use crate::connection::resource::{NodeIp, ResolvedResource, ResourceRef, Role};
use crate::connection::sync::state::SyncState;
use crate::connection::vpc::Vpc;
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Status};
use crate::snapshot::{Snapshot, TargetGroupView, Unread};

const NLB: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tpl-orders-nlb/0123456789abcdef";
const TRIGGER: &str = "123456789012";

/// The facts a snapshot is built from, healthy by default; each case changes one.
#[derive(Clone)]
struct Fixture {
    identity_fails: bool,
    service: bool,
    service_state: ServiceState,
    acceptance_required: bool,
    private_dns: Option<&'static str>,
    regions: Vec<&'static str>,
    principals: Vec<String>,
    endpoint_state: State,
    scheme: LoadBalancerSchemeEnum,
    enforcement: &'static str,
    /// The NLB's group admits the listener port from 0.0.0.0/0.
    nlb_open_to_all: bool,
    nlb_zones: Vec<&'static str>,
    cross_zone: bool,
    listener_port: i32,
    /// Registered targets: (IP, health, reason).
    targets: Vec<(&'static str, TargetHealthStateEnum, Option<TargetHealthReasonEnum>)>,
    interval: i32,
    /// The zone of the interface holding the target.
    target_zone: &'static str,
    /// The resource's group admits the port from the NLB's group.
    admits_nlb: bool,
    /// The resource's IP now.
    resource_ip: &'static str,
    /// Entries of the network ACL on the target's subnet (None: the default, allowing all).
    target_acl: Option<Vec<NetworkAclEntry>>,
    /// The installed sync (`sync-targets --install`).
    sync: SyncState,
    /// What CloudWatch measured in the window (None: not published).
    measured: Measured,
    /// CloudWatch's figures could not be read (access denied).
    metrics_unreadable: bool,
    inputs: Inputs,
}

#[derive(Clone)]
struct Measured {
    /// Through Trigger.dev's endpoint.
    endpoint_bytes: Option<f64>,
    blocked_flows: Option<f64>,
    target_resets: Option<f64>,
    most_unhealthy: Option<f64>,
}

const TG: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/tpl-orders-tg/0123";

/// Each zone's subnet, CIDR and zone ID in the fixture's account: us-east-1a is
/// subnet-a, 10.0.1.0/24, use1-az1; and so on.
fn subnet_of(zone: &str) -> (String, String, String) {
    let letter = zone.chars().last().unwrap();
    let n = letter as u8 - b'a' + 1;
    (format!("subnet-{letter}"), format!("10.0.{n}.0/24"), format!("use1-az{n}"))
}

impl Default for Fixture {
    fn default() -> Self {
        Self {
            identity_fails: false,
            service: true,
            service_state: ServiceState::Available,
            acceptance_required: false,
            private_dns: None,
            regions: vec!["us-east-1"],
            principals: vec![format!("arn:aws:iam::{TRIGGER}:root")],
            endpoint_state: State::Available,
            scheme: LoadBalancerSchemeEnum::Internal,
            enforcement: "off",
            nlb_open_to_all: false,
            nlb_zones: vec!["us-east-1a", "us-east-1b"],
            cross_zone: true,
            listener_port: 5432,
            targets: vec![("10.0.1.10", TargetHealthStateEnum::Healthy, None)],
            interval: 10,
            target_zone: "us-east-1a",
            admits_nlb: true,
            resource_ip: "10.0.1.10",
            target_acl: None,
            sync: SyncState {
                function: Some("arn:aws:lambda:us-east-1:111122223333:function:tpl-orders-sync".into()),
                role: true,
                schedule: Some("rate(1 minute)".into()),
                schedule_enabled: true,
                events_rule: Some(true),
                target_groups: [TG.to_string()].into_iter().collect(),
                last_run: None,
            },
            measured: Measured { endpoint_bytes: Some(120.0), blocked_flows: None, target_resets: None, most_unhealthy: Some(0.0) },
            metrics_unreadable: false,
            inputs: Inputs {
                account_ids: vec![Principal::from_account_id(TRIGGER).unwrap()],
                ports: vec![5432],
                task_region: None,
                vendor_zone_ids: Vec::new(),
            },
        }
    }
}

impl Fixture {
    fn snapshot(&self) -> Snapshot {
        let service = ServiceConfiguration::builder()
            .service_id("vpce-svc-0abc")
            .service_name("com.amazonaws.vpce.us-east-1.vpce-svc-0abc")
            .service_state(self.service_state.clone())
            .acceptance_required(self.acceptance_required)
            .set_private_dns_name(self.private_dns.map(str::to_string))
            .network_load_balancer_arns(NLB)
            .set_availability_zone_ids(Some(self.nlb_zones.iter().map(|z| subnet_of(z).2).collect()))
            .set_supported_regions(Some(self.regions.iter().map(|r| SupportedRegionDetail::builder().region(*r).build()).collect()))
            .build();
        let endpoint = VpcEndpointConnection::builder()
            .vpc_endpoint_id("vpce-0vendor")
            .vpc_endpoint_owner(TRIGGER)
            .vpc_endpoint_region("us-east-1")
            .vpc_endpoint_state(self.endpoint_state.clone())
            .build();
        let lb = LoadBalancer::builder()
            .load_balancer_arn(NLB)
            .load_balancer_name("tpl-orders-nlb")
            .r#type(LoadBalancerTypeEnum::Network)
            .scheme(self.scheme.clone())
            .state(LoadBalancerState::builder().code(LoadBalancerStateEnum::Active).build())
            .security_groups("sg-nlb")
            .enforce_security_group_inbound_rules_on_private_link_traffic(self.enforcement)
            .set_availability_zones(Some(
                self.nlb_zones.iter().map(|z| AvailabilityZone::builder().zone_name(*z).subnet_id(subnet_of(z).0).build()).collect(),
            ))
            .build();
        let group = TargetGroup::builder()
            .target_group_arn(TG)
            .target_group_name("tpl-orders-tg")
            .protocol(ProtocolEnum::Tcp)
            .port(5432)
            .health_check_protocol(ProtocolEnum::Tcp)
            .health_check_port("traffic-port")
            .health_check_interval_seconds(self.interval)
            .build();
        let health = self
            .targets
            .iter()
            .map(|(ip, state, reason)| {
                TargetHealthDescription::builder()
                    .target(TargetDescription::builder().id(*ip).port(5432).build())
                    .target_health(TargetHealth::builder().state(state.clone()).set_reason(reason.clone()).build())
                    .build()
            })
            .collect();
        let interface = NetworkInterface::builder()
            .private_ip_address("10.0.1.10")
            .availability_zone(self.target_zone)
            .subnet_id(subnet_of(self.target_zone).0)
            .groups(GroupIdentifier::builder().group_id("sg-db").build())
            .build();
        let rule = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(5432)
            .to_port(5432)
            .user_id_group_pairs(UserIdGroupPair::builder().group_id("sg-nlb").build())
            .build();
        let resource_group =
            SecurityGroup::builder().group_id("sg-db").set_ip_permissions(Some(if self.admits_nlb { vec![rule] } else { vec![] })).build();
        let open = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(5432)
            .to_port(5432)
            .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
            .build();
        let vpc_only = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(5432)
            .to_port(5432)
            .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/16").build())
            .build();
        let nlb_group =
            SecurityGroup::builder().group_id("sg-nlb").ip_permissions(if self.nlb_open_to_all { open } else { vpc_only }).build();
        let resource = ResolvedResource {
            resource: ResourceRef::from_tag_value("rds-instance/orders-db").unwrap(),
            vpc_id: "vpc-1".into(),
            port: Some(5432),
            nodes: vec![NodeIp {
                ip: self.resource_ip.parse().unwrap(),
                availability_zone: "us-east-1a".into(),
                subnet_id: "subnet-a".into(),
                eni_id: "eni-db".into(),
                node: "orders-db".into(),
                role: Role::Writer,
            }],
        };
        let zones: Vec<&str> = self.nlb_zones.iter().copied().chain([self.target_zone]).collect();
        let subnets = zones
            .iter()
            .map(|z| {
                let (id, cidr, zone_id) = subnet_of(z);
                Subnet::builder().subnet_id(id).cidr_block(cidr).availability_zone(*z).availability_zone_id(zone_id).build()
            })
            .collect();
        let all = |egress: bool, number: i32, action: RuleAction| {
            NetworkAclEntry::builder().rule_number(number).egress(egress).protocol("-1").rule_action(action).cidr_block("0.0.0.0/0").build()
        };
        let default_entries = vec![
            all(false, 100, RuleAction::Allow),
            all(true, 100, RuleAction::Allow),
            all(false, 32767, RuleAction::Deny),
            all(true, 32767, RuleAction::Deny),
        ];
        let associate = |zones: &[&str]| -> Vec<NetworkAclAssociation> {
            zones.iter().map(|z| NetworkAclAssociation::builder().subnet_id(subnet_of(z).0).build()).collect()
        };
        let acls = match &self.target_acl {
            None => vec![
                NetworkAcl::builder()
                    .network_acl_id("acl-default")
                    .set_entries(Some(default_entries))
                    .set_associations(Some(associate(&zones)))
                    .build(),
            ],
            Some(entries) => vec![
                NetworkAcl::builder()
                    .network_acl_id("acl-default")
                    .set_entries(Some(default_entries))
                    .set_associations(Some(associate(&self.nlb_zones)))
                    .build(),
                NetworkAcl::builder()
                    .network_acl_id("acl-db")
                    .set_entries(Some(entries.clone()))
                    .set_associations(Some(associate(&[self.target_zone])))
                    .build(),
            ],
        };
        Snapshot {
            region: "us-east-1".into(),
            identity: if self.identity_fails {
                Err(Unread::Failed { what: "the caller's identity".into(), error: "ExpiredToken".into() })
            } else {
                Ok("account 111122223333".into())
            },
            service: self.service.then_some(service),
            principals: Ok(self.principals.clone()),
            connections: Ok(vec![endpoint]),
            load_balancer: Ok(Some(lb)),
            cross_zone: Ok(self.cross_zone),
            listeners: Ok(vec![Listener::builder().protocol(ProtocolEnum::Tcp).port(self.listener_port).build()]),
            target_groups: Ok(vec![TargetGroupView {
                group,
                health,
                resource: Ok(Some("rds-instance/orders-db".into())),
                all_nodes: false,
            }]),
            vpc: Ok(Vpc { id: "vpc-1".into(), cidrs: vec!["10.0.0.0/16".parse().unwrap()] }),
            interfaces: Ok(vec![interface]),
            albs: Ok(Vec::new()),
            resource_groups: Ok(vec![resource_group]),
            nlb_groups: Ok(vec![nlb_group]),
            subnets: Ok(subnets),
            network_acls: Ok(acls),
            resources: Some(Ok(vec![resource])),
            sync: Some(Ok(self.sync.clone())),
            evidence: Some(if self.metrics_unreadable {
                Err("cloudwatch:GetMetricData: AccessDenied".into())
            } else {
                Ok(self.evidence())
            }),
        }
    }

    fn evidence(&self) -> Evidence {
        let measured = |namespace, metric, stat, value| evidence::Measured { namespace, metric, stat, unit: "Count", value, series: None };
        let m = &self.measured;
        Evidence {
            window_seconds: 3600,
            series_period_seconds: 300,
            load_balancer: vec![
                measured("AWS/NetworkELB", "SecurityGroupBlockedFlowCount_Inbound_TCP", "Sum", m.blocked_flows),
                measured("AWS/NetworkELB", "TCP_Target_Reset_Count", "Sum", m.target_resets),
            ],
            routes: vec![RouteEvidence {
                port: self.listener_port as u16,
                target_group_arn: TG.into(),
                metrics: vec![measured("AWS/NetworkELB", "UnHealthyHostCount", "Maximum", m.most_unhealthy)],
            }],
            service: Vec::new(),
            endpoints: vec![EndpointEvidence {
                endpoint_id: "vpce-0vendor".into(),
                metrics: vec![measured("AWS/PrivateLinkServices", "BytesProcessed", "Sum", m.endpoint_bytes)],
            }],
        }
    }
}

fn target() -> Target {
    Target {
        connection: Some("orders".into()),
        service_id: Some("vpce-svc-0abc".into()),
        service_name: None,
        nlb_arn: Some(NLB.into()),
        region: "us-east-1".into(),
    }
}

/// One change to the healthy fixture, and what the check must then say.
struct Case {
    check: CheckId,
    change: fn(&mut Fixture),
    expected: Status,
    /// `doctor --fix` offers a step with at least one write.
    fixable: bool,
}

const CASES: &[Case] = &[
    Case { check: CheckId::Credentials, change: |f| f.identity_fails = true, expected: Status::Fail, fixable: false },
    Case { check: CheckId::ServiceExists, change: |f| f.service = false, expected: Status::Fail, fixable: false },
    Case { check: CheckId::ServiceAvailable, change: |f| f.service_state = ServiceState::Failed, expected: Status::Fail, fixable: false },
    Case { check: CheckId::PrincipalAllowed, change: |f| f.principals.clear(), expected: Status::Fail, fixable: true },
    Case { check: CheckId::NoWildcardPrincipal, change: |f| f.principals.push("*".into()), expected: Status::Fail, fixable: false },
    Case { check: CheckId::AcceptanceNotRequired, change: |f| f.acceptance_required = true, expected: Status::Fail, fixable: true },
    Case { check: CheckId::VendorEndpoint, change: |f| f.endpoint_state = State::PendingAcceptance, expected: Status::Fail, fixable: true },
    Case { check: CheckId::PrivateDnsOff, change: |f| f.private_dns = Some("db.example.com"), expected: Status::Warn, fixable: false },
    Case {
        check: CheckId::SupportedRegion,
        change: |f| f.inputs.task_region = Some("eu-west-1".into()),
        expected: Status::Fail,
        fixable: false,
    },
    Case {
        check: CheckId::NlbInternalActive,
        change: |f| f.scheme = LoadBalancerSchemeEnum::InternetFacing,
        expected: Status::Fail,
        fixable: false,
    },
    Case { check: CheckId::NlbEnforcementOff, change: |f| f.enforcement = "on", expected: Status::Fail, fixable: true },
    Case { check: CheckId::ListenerPort, change: |f| f.listener_port = 6379, expected: Status::Fail, fixable: false },
    Case { check: CheckId::TargetsRegistered, change: |f| f.targets.clear(), expected: Status::Fail, fixable: false },
    Case {
        check: CheckId::TargetsHealthy,
        change: |f| f.targets = vec![("10.0.1.10", TargetHealthStateEnum::Unhealthy, Some(TargetHealthReasonEnum::Timeout))],
        expected: Status::Fail,
        fixable: false,
    },
    Case { check: CheckId::TargetIpDrift, change: |f| f.resource_ip = "10.0.2.20", expected: Status::Fail, fixable: true },
    Case { check: CheckId::ResourceSgIngress, change: |f| f.admits_nlb = false, expected: Status::Fail, fixable: true },
    Case {
        check: CheckId::AzCoverage,
        change: |f| {
            f.cross_zone = false;
            f.target_zone = "us-east-1c";
        },
        expected: Status::Fail,
        fixable: true,
    },
    Case { check: CheckId::NetworkAcl, change: |f| blocked_by_an_acl(f, 8080), expected: Status::Fail, fixable: false },
    Case {
        check: CheckId::AzCoverage,
        change: |f| f.inputs.vendor_zone_ids = vec!["use1-az3".into()],
        expected: Status::Fail,
        fixable: false,
    },
    Case { check: CheckId::HealthCheck, change: |f| f.interval = 30, expected: Status::Warn, fixable: false },
    Case { check: CheckId::SyncInstalled, change: |f| f.sync = SyncState::default(), expected: Status::Warn, fixable: false },
    Case { check: CheckId::SyncInstalled, change: |f| f.sync.schedule_enabled = false, expected: Status::Fail, fixable: false },
    Case { check: CheckId::SyncInstalled, change: |f| f.sync.role = false, expected: Status::Fail, fixable: false },
    // The last run could not sync a route: it was left as it was.
    Case {
        check: CheckId::SyncInstalled,
        change: |f| {
            f.sync.last_run = Some(serde_json::json!({"routes": [{"port": 5432, "result": "unchanged",
                "error": "ClientError: … is not authorized to perform: elasticloadbalancing:RegisterTargets …"}]}))
        },
        expected: Status::Warn,
        fixable: false,
    },
    Case {
        check: CheckId::CrossRegionLatency,
        change: |f| f.inputs.task_region = Some("eu-west-1".into()),
        expected: Status::Warn,
        fixable: false,
    },
    // Evidence warns at most: the configuration checks are the verdict.
    Case { check: CheckId::EndpointTraffic, change: |f| f.measured.endpoint_bytes = None, expected: Status::Warn, fixable: false },
    Case { check: CheckId::EndpointTraffic, change: |f| f.measured.endpoint_bytes = Some(0.0), expected: Status::Warn, fixable: false },
    Case {
        check: CheckId::BlockedFlows,
        change: |f| {
            f.enforcement = "on";
            f.measured.blocked_flows = Some(3.0);
        },
        expected: Status::Warn,
        fixable: false,
    },
    Case { check: CheckId::TargetResets, change: |f| f.measured.target_resets = Some(2.0), expected: Status::Warn, fixable: false },
    Case { check: CheckId::TargetsFlapping, change: |f| f.measured.most_unhealthy = Some(1.0), expected: Status::Warn, fixable: false },
];

/// The target in us-east-1c (the NLB is in 1a and 1b, cross-zone on) behind an ACL that
/// admits TCP `allowed` from the VPC and replies on ephemeral ports, nothing else.
fn blocked_by_an_acl(f: &mut Fixture, allowed: i32) {
    f.target_zone = "us-east-1c";
    let entry = |egress: bool, from: i32, to: i32| {
        NetworkAclEntry::builder()
            .rule_number(100)
            .egress(egress)
            .protocol("6")
            .rule_action(RuleAction::Allow)
            .cidr_block("10.0.0.0/16")
            .port_range(PortRange::builder().from(from).to(to).build())
            .build()
    };
    f.target_acl = Some(vec![entry(false, allowed, allowed), entry(true, 1024, 65535)]);
}

/// Changes that look alarming but work, and the check that must still pass.
const STILL_PASSING: &[Case] = &[
    // "*" admits Trigger.dev's account: only no-wildcard-principal fails.
    Case { check: CheckId::PrincipalAllowed, change: |f| f.principals = vec!["*".into()], expected: Status::Pass, fixable: false },
    Case {
        check: CheckId::PrincipalAllowed,
        change: |f| {
            f.principals = vec!["*".into()];
            f.inputs.account_ids.clear();
        },
        expected: Status::Pass,
        fixable: false,
    },
    // The vendor's alternative to turning enforcement off: the NLB's group open to all.
    Case {
        check: CheckId::NlbEnforcementOff,
        change: |f| {
            f.enforcement = "on";
            f.nlb_open_to_all = true;
        },
        expected: Status::Pass,
        fixable: false,
    },
    // Trigger.dev's zone is one the service serves; an ACL that admits the port passes.
    Case {
        check: CheckId::AzCoverage,
        change: |f| f.inputs.vendor_zone_ids = vec!["use1-az2".into()],
        expected: Status::Pass,
        fixable: false,
    },
    Case { check: CheckId::NetworkAcl, change: |f| blocked_by_an_acl(f, 5432), expected: Status::Pass, fixable: false },
];

#[test]
fn what_works_though_it_looks_wrong_passes() {
    for case in STILL_PASSING {
        let mut fixture = Fixture::default();
        (case.change)(&mut fixture);
        let finding = run(case.check, &fixture.snapshot(), &target(), &fixture.inputs);
        assert_eq!(finding.status, case.expected, "{}: {}", case.check, finding.summary);
        assert!(finding.fix.is_empty(), "{}", case.check);
    }
    let mut wildcard = Fixture::default();
    wildcard.principals.push("*".into());
    let findings = run_all(&wildcard.snapshot(), &target(), &wildcard.inputs);
    let failing: Vec<CheckId> = findings.iter().filter(|f| f.status == Status::Fail).map(|f| f.id).collect();
    assert_eq!(failing, [CheckId::NoWildcardPrincipal], "one failure, not several");
}

/// Each fault the emulator now produces, named by exactly one failing check.
#[test]
fn each_fault_on_the_path_is_one_failure() {
    let faults = [
        Case { check: CheckId::NlbEnforcementOff, change: |f| f.enforcement = "on", expected: Status::Fail, fixable: true },
        Case { check: CheckId::NetworkAcl, change: |f| blocked_by_an_acl(f, 8080), expected: Status::Fail, fixable: false },
        Case {
            check: CheckId::AzCoverage,
            change: |f| f.inputs.vendor_zone_ids = vec!["use1-az2".into(), "use1-az4".into()],
            expected: Status::Fail,
            fixable: false,
        },
        // Unhealthy targets whose cause another check names are that check's failure.
        Case {
            check: CheckId::ResourceSgIngress,
            change: |f| {
                f.admits_nlb = false;
                f.targets = vec![("10.0.1.10", TargetHealthStateEnum::Unhealthy, Some(TargetHealthReasonEnum::Timeout))];
            },
            expected: Status::Fail,
            fixable: true,
        },
        Case {
            check: CheckId::NetworkAcl,
            change: |f| {
                blocked_by_an_acl(f, 8080);
                f.targets = vec![("10.0.1.10", TargetHealthStateEnum::Unhealthy, Some(TargetHealthReasonEnum::Timeout))];
            },
            expected: Status::Fail,
            fixable: false,
        },
    ];
    for case in faults {
        let mut fixture = Fixture::default();
        (case.change)(&mut fixture);
        let findings = run_all(&fixture.snapshot(), &target(), &fixture.inputs);
        let failing: Vec<CheckId> = findings.iter().filter(|f| f.status == case.expected).map(|f| f.id).collect();
        assert_eq!(failing, [case.check], "{findings:#?}");
    }
    let mut acl = Fixture::default();
    blocked_by_an_acl(&mut acl, 8080);
    let finding = run(CheckId::NetworkAcl, &acl.snapshot(), &target(), &acl.inputs);
    assert_eq!(
        finding.summary,
        "traffic and health checks (TCP 5432) from the NLB's subnet subnet-a to 10.0.1.10: acl-db inbound rule * denies TCP 5432 from 10.0.1.0/24 \
(subnet subnet-c); traffic and health checks (TCP 5432) from the NLB's subnet subnet-b to 10.0.1.10: acl-db inbound rule * \
denies TCP 5432 from 10.0.2.0/24 (subnet subnet-c)"
    );
    let mut zones = Fixture::default();
    zones.inputs.vendor_zone_ids = vec!["use1-az4".into()];
    let finding = run(CheckId::AzCoverage, &zones.snapshot(), &target(), &zones.inputs);
    assert!(
        finding.summary.starts_with("Trigger.dev's endpoint is in use1-az4 but the service serves only use1-az1, use1-az2"),
        "{}",
        finding.summary
    );
}

#[test]
fn enforcement_on_with_a_narrow_group_names_the_rule_that_is_missing() {
    let fixture = Fixture { enforcement: "on", ..Default::default() };
    let finding = run(CheckId::NlbEnforcementOff, &fixture.snapshot(), &target(), &fixture.inputs);
    assert_eq!(finding.status, Status::Fail);
    assert!(finding.summary.contains("does not admit TCP 5432 from 0.0.0.0/0"), "{}", finding.summary);
}

#[test]
fn a_healthy_connection_passes_every_check() {
    let fixture = Fixture::default();
    let findings = run_all(&fixture.snapshot(), &target(), &fixture.inputs);
    assert_eq!(findings.len(), CheckId::ALL.len());
    for finding in findings {
        assert_eq!(finding.status, Status::Pass, "{}: {}", finding.id, finding.summary);
        assert!(finding.fix.is_empty(), "{} offers a fix while passing", finding.id);
    }
}

#[test]
fn every_check_has_a_failing_case() {
    for id in CheckId::ALL {
        assert!(CASES.iter().any(|c| c.check == id), "no failing case for {id}");
    }
}

#[test]
fn each_case_fails_its_check_and_offers_a_fix_where_the_tool_can_make_one() {
    for case in CASES {
        let mut fixture = Fixture::default();
        (case.change)(&mut fixture);
        let finding = run(case.check, &fixture.snapshot(), &target(), &fixture.inputs);
        assert_eq!(finding.status, case.expected, "{}: {}", case.check, finding.summary);
        let writes = finding.fix.iter().map(|step| step.writes.len()).sum::<usize>();
        assert_eq!(writes > 0, case.fixable, "{}: fix {:?}", case.check, finding.fix);
        if case.expected == Status::Fail {
            assert!(!finding.remedy.is_empty(), "{} fails without saying what to do", case.check);
        }
    }
}

#[test]
fn a_failed_read_fails_the_check_and_nothing_to_look_at_skips_it() {
    let mut snapshot = Fixture::default().snapshot();
    snapshot.listeners = Err(Unread::Failed { what: "the listeners".into(), error: "AccessDenied".into() });
    let finding = run(CheckId::ListenerPort, &snapshot, &target(), &Inputs::default());
    assert_eq!(finding.status, Status::Fail);
    assert!(finding.summary.contains("could not read the listeners: AccessDenied"), "{}", finding.summary);
    snapshot.service = None;
    let skipped = run(CheckId::ServiceAvailable, &snapshot, &target(), &Inputs::default());
    assert_eq!(skipped.status, Status::Skip, "{}", skipped.summary);
}

#[test]
fn evidence_quotes_the_figure_and_the_window() {
    let fixture = Fixture {
        enforcement: "on",
        measured: Measured { endpoint_bytes: None, blocked_flows: Some(3.0), target_resets: Some(2.0), most_unhealthy: Some(1.0) },
        ..Fixture::default()
    };
    let snapshot = fixture.snapshot();
    let said = |id| run(id, &snapshot, &target(), &fixture.inputs).summary;
    let blocked = said(CheckId::BlockedFlows);
    assert!(
        blocked.contains("3 flows dropped in the last 1h by the NLB's security group sg-nlb") && blocked.contains("TCP 5432"),
        "{blocked}"
    );
    let resets = said(CheckId::TargetResets);
    assert!(resets.contains("reset 2 connections in the last 1h (TCP_Target_Reset_Count)"), "{resets}");
    let flapping = said(CheckId::TargetsFlapping);
    assert!(flapping.contains("port 5432: up to 1 unhealthy host in the last 1h though its one target is healthy now"), "{flapping}");
    assert!(flapping.contains("every 10 s"), "the health check's settings: {flapping}");
    let idle = said(CheckId::EndpointTraffic);
    assert!(idle.contains("vpce-0vendor: BytesProcessed not published"), "not published is not 0: {idle}");
}

#[test]
fn blocked_flows_before_enforcement_was_turned_off_pass() {
    let mut fixture = Fixture::default();
    fixture.measured.blocked_flows = Some(3.0);
    let finding = run(CheckId::BlockedFlows, &fixture.snapshot(), &target(), &fixture.inputs);
    assert_eq!(finding.status, Status::Pass, "{}", finding.summary);
    assert!(finding.summary.contains("before enforcement was turned off"), "{}", finding.summary);
}

#[test]
fn flapping_is_not_judged_while_the_targets_are_unhealthy_now() {
    let mut fixture = Fixture::default();
    fixture.measured.most_unhealthy = Some(1.0);
    fixture.targets = vec![("10.0.1.10", TargetHealthStateEnum::Unhealthy, Some(TargetHealthReasonEnum::Timeout))];
    let finding = run(CheckId::TargetsFlapping, &fixture.snapshot(), &target(), &fixture.inputs);
    assert_eq!(finding.status, Status::Pass, "targets-healthy says it: {}", finding.summary);
}

#[test]
fn the_accounts_own_endpoint_is_never_trigger_devs() {
    let fixture = Fixture { inputs: Inputs { account_ids: Vec::new(), ..Fixture::default().inputs }, ..Fixture::default() };
    let mut snapshot = fixture.snapshot();
    // The provider's own account (its NLB's): the endpoint doctor --probe makes.
    let own = VpcEndpointConnection::builder()
        .vpc_endpoint_id("vpce-0probe")
        .vpc_endpoint_owner("111122223333")
        .vpc_endpoint_region("us-east-1")
        .vpc_endpoint_state(State::Available)
        .build();
    snapshot.connections = Ok(vec![own]);
    let finding = run(CheckId::VendorEndpoint, &snapshot, &target(), &fixture.inputs);
    assert_eq!(finding.status, Status::Warn, "{}", finding.summary);
    assert!(finding.summary.starts_with("no endpoint has connected yet"), "{}", finding.summary);
    let traffic = run(CheckId::EndpointTraffic, &snapshot, &target(), &fixture.inputs);
    assert_eq!(traffic.status, Status::Skip, "{}", traffic.summary);
}

#[test]
fn unreadable_evidence_skips_with_the_reason_and_never_fails() {
    let fixture = Fixture { metrics_unreadable: true, ..Fixture::default() };
    for id in [CheckId::EndpointTraffic, CheckId::BlockedFlows, CheckId::TargetResets, CheckId::TargetsFlapping] {
        let finding = run(id, &fixture.snapshot(), &target(), &fixture.inputs);
        assert_eq!(finding.status, Status::Skip, "{id}: {}", finding.summary);
        assert!(finding.summary.contains("cloudwatch:GetMetricData: AccessDenied"), "{id}: {}", finding.summary);
    }
}

#[test]
fn every_id_knows_its_symptom_and_title() {
    let names: std::collections::BTreeSet<&str> = CheckId::ALL.iter().map(|id| id.as_str()).collect();
    assert_eq!(names.len(), CheckId::ALL.len(), "ids are unique");
    for id in CheckId::ALL {
        assert!(!id.title().is_empty());
        assert!(CheckId::ALL.iter().filter(|other| other.symptom() == id.symptom()).count() >= 2, "{id}");
    }
}

#[test]
fn every_port_tasks_dial_needs_its_listener() {
    let mut snapshot = Fixture::default().snapshot();
    let listener = |port| Listener::builder().protocol(ProtocolEnum::Tcp).port(port).build();
    snapshot.listeners = Ok(vec![listener(5671), listener(15671)]);
    let dialled = |ports: &[u16]| run(CheckId::ListenerPort, &snapshot, &target(), &Inputs { ports: ports.to_vec(), ..Inputs::default() });
    let both = dialled(&[5671, 15671]);
    assert_eq!((both.status, both.summary.as_str()), (Status::Pass, "TCP listeners on 5671, 15671, the ports tasks dial"));
    let one_missing = dialled(&[5671, 5672]);
    assert_eq!(one_missing.status, Status::Fail);
    assert_eq!(one_missing.summary, "tasks dial 5672 but the NLB listens on 5671, 15671");
}

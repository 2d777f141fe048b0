//! `doctor`: every troubleshooting check, as typed results over one snapshot of the
//! account. The snapshot makes each describe call once, concurrently where the calls
//! do not depend on each other; the checks are pure functions of it.

pub mod checks;
pub mod probe;
pub mod report;
pub mod target;

use serde::Serialize;

use crate::plan::Step;

/// Ordered: the worst status wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Skip,
    Pass,
    Warn,
    Fail,
}

impl Status {
    /// Green, yellow, red; skipped checks dim.
    pub fn style(self) -> console::Style {
        match self {
            Status::Pass => console::Style::new().green(),
            Status::Warn => console::Style::new().yellow(),
            Status::Fail => console::Style::new().red().bold(),
            Status::Skip => console::Style::new().dim(),
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Status::Pass => "✔",
            Status::Warn => "⚠",
            Status::Fail => "✘",
            Status::Skip => "-",
        }
    }
}

/// The vendor's troubleshooting list, by symptom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symptom {
    StuckPending,
    CannotConnect,
    Slow,
    /// `doctor --probe`'s dials.
    Probed,
}

impl Symptom {
    pub fn title(self) -> &'static str {
        match self {
            Symptom::StuckPending => "Status stays at Pending or Provisioning",
            Symptom::CannotConnect => "Status is Active but tasks can't connect",
            Symptom::Slow => "Connection works but is slow",
            Symptom::Probed => "Dialed from inside the VPC (--probe)",
        }
    }
}

/// Every check, by its stable id (as printed and in JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CheckId {
    Credentials,
    ServiceExists,
    ServiceAvailable,
    PrincipalAllowed,
    NoWildcardPrincipal,
    AcceptanceNotRequired,
    VendorEndpoint,
    PrivateDnsOff,
    SupportedRegion,
    NlbInternalActive,
    NlbEnforcementOff,
    ListenerPort,
    TargetsRegistered,
    TargetsHealthy,
    TargetIpDrift,
    ResourceSgIngress,
    NetworkAcl,
    AzCoverage,
    HealthCheck,
    CrossRegionLatency,
    SyncInstalled,
    EndpointTraffic,
    BlockedFlows,
    TargetResets,
    TargetsFlapping,
    /// One dial of `doctor --probe` (not a check of the snapshot: not in [`CheckId::ALL`]).
    Probe,
}

impl CheckId {
    pub const ALL: [CheckId; 25] = [
        CheckId::Credentials,
        CheckId::ServiceExists,
        CheckId::ServiceAvailable,
        CheckId::PrincipalAllowed,
        CheckId::NoWildcardPrincipal,
        CheckId::AcceptanceNotRequired,
        CheckId::VendorEndpoint,
        CheckId::PrivateDnsOff,
        CheckId::SupportedRegion,
        CheckId::NlbInternalActive,
        CheckId::NlbEnforcementOff,
        CheckId::ListenerPort,
        CheckId::TargetsRegistered,
        CheckId::TargetsHealthy,
        CheckId::TargetIpDrift,
        CheckId::ResourceSgIngress,
        CheckId::NetworkAcl,
        CheckId::AzCoverage,
        CheckId::HealthCheck,
        CheckId::CrossRegionLatency,
        CheckId::SyncInstalled,
        CheckId::EndpointTraffic,
        CheckId::BlockedFlows,
        CheckId::TargetResets,
        CheckId::TargetsFlapping,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Credentials => "credentials",
            CheckId::ServiceExists => "service-exists",
            CheckId::ServiceAvailable => "service-available",
            CheckId::PrincipalAllowed => "principal-allowed",
            CheckId::NoWildcardPrincipal => "no-wildcard-principal",
            CheckId::AcceptanceNotRequired => "acceptance-not-required",
            CheckId::VendorEndpoint => "vendor-endpoint",
            CheckId::PrivateDnsOff => "private-dns-off",
            CheckId::SupportedRegion => "supported-region",
            CheckId::NlbInternalActive => "nlb-internal-active",
            CheckId::NlbEnforcementOff => "nlb-enforcement-off",
            CheckId::ListenerPort => "listener-port",
            CheckId::TargetsRegistered => "targets-registered",
            CheckId::TargetsHealthy => "targets-healthy",
            CheckId::TargetIpDrift => "target-ip-drift",
            CheckId::ResourceSgIngress => "resource-sg-ingress",
            CheckId::NetworkAcl => "network-acl",
            CheckId::AzCoverage => "az-coverage",
            CheckId::HealthCheck => "health-check",
            CheckId::CrossRegionLatency => "cross-region-latency",
            CheckId::SyncInstalled => "sync-installed",
            CheckId::EndpointTraffic => "endpoint-traffic",
            CheckId::BlockedFlows => "blocked-flows",
            CheckId::TargetResets => "target-resets",
            CheckId::TargetsFlapping => "targets-flapping",
            CheckId::Probe => "probe",
        }
    }

    /// The line of the vendor's troubleshooting list the check belongs to.
    pub fn symptom(self) -> Symptom {
        match self {
            CheckId::Credentials
            | CheckId::ServiceExists
            | CheckId::ServiceAvailable
            | CheckId::PrincipalAllowed
            | CheckId::NoWildcardPrincipal
            | CheckId::AcceptanceNotRequired
            | CheckId::VendorEndpoint
            | CheckId::PrivateDnsOff
            | CheckId::SupportedRegion => Symptom::StuckPending,
            CheckId::NlbInternalActive
            | CheckId::NlbEnforcementOff
            | CheckId::ListenerPort
            | CheckId::TargetsRegistered
            | CheckId::TargetsHealthy
            | CheckId::TargetIpDrift
            | CheckId::ResourceSgIngress
            | CheckId::NetworkAcl
            | CheckId::AzCoverage
            | CheckId::SyncInstalled
            | CheckId::EndpointTraffic
            | CheckId::BlockedFlows
            | CheckId::TargetResets
            | CheckId::TargetsFlapping => Symptom::CannotConnect,
            CheckId::HealthCheck | CheckId::CrossRegionLatency => Symptom::Slow,
            CheckId::Probe => Symptom::Probed,
        }
    }

    /// What the check asks, in words.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::Credentials => "the AWS credentials work",
            CheckId::ServiceExists => "a VPC endpoint service exists",
            CheckId::ServiceAvailable => "the endpoint service is Available",
            CheckId::PrincipalAllowed => "Trigger.dev's account is an allowed principal",
            CheckId::NoWildcardPrincipal => "no wildcard principal",
            CheckId::AcceptanceNotRequired => "acceptance is not required",
            CheckId::VendorEndpoint => "Trigger.dev's endpoint is connected",
            CheckId::PrivateDnsOff => "no private DNS name",
            CheckId::SupportedRegion => "the tasks' region may connect",
            CheckId::NlbInternalActive => "the NLB is internal and active",
            CheckId::NlbEnforcementOff => "inbound rules are not enforced on PrivateLink traffic",
            CheckId::ListenerPort => "a TCP listener on the port the tasks dial",
            CheckId::TargetsRegistered => "targets are registered",
            CheckId::TargetsHealthy => "the targets are healthy",
            CheckId::TargetIpDrift => "the targets are the resource's current IPs",
            CheckId::ResourceSgIngress => "the resource's security groups admit the NLB",
            CheckId::NetworkAcl => "the network ACLs let traffic and health checks through",
            CheckId::AzCoverage => "the zones line up: Trigger.dev's, the NLB's, the targets'",
            CheckId::HealthCheck => "the health check notices a failover quickly",
            CheckId::CrossRegionLatency => "no cross-region round trips",
            CheckId::SyncInstalled => "a sync follows the resources' failovers",
            CheckId::EndpointTraffic => "Trigger.dev's endpoint carried bytes in the window (CloudWatch)",
            CheckId::BlockedFlows => "the NLB's security groups dropped no flow in the window (CloudWatch)",
            CheckId::TargetResets => "no target reset a connection in the window (CloudWatch)",
            CheckId::TargetsFlapping => "no target was unhealthy in the window while healthy now (CloudWatch)",
            CheckId::Probe => "a dial from inside the VPC connects (doctor --probe)",
        }
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for CheckId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One check's verdict, with the actual values, what to do, and the steps that fix
/// it when the tool can make them (`doctor --fix`).
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    #[serde(skip)]
    pub id: CheckId,
    /// The id as printed and in JSON: the check's, or `probe-<path>-<port>-<zone>` for a dial.
    #[serde(rename = "id")]
    pub label: String,
    pub status: Status,
    /// One line, with the actual values.
    pub summary: String,
    /// The command or console path that fixes it (empty when nothing to fix).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remedy: String,
    #[serde(skip)]
    pub fix: Vec<Step>,
    /// A probe's dial and what the prober answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dial: Option<serde_json::Value>,
}

impl Finding {
    pub fn new(id: CheckId, status: Status, summary: impl Into<String>) -> Self {
        Self { id, label: id.as_str().to_string(), status, summary: summary.into(), remedy: String::new(), fix: Vec::new(), dial: None }
    }

    pub fn remedy(mut self, remedy: impl Into<String>) -> Self {
        self.remedy = remedy.into();
        self
    }

    /// The steps `--fix` offers for this finding.
    pub fn fix(mut self, steps: impl IntoIterator<Item = Step>) -> Self {
        self.fix.extend(steps);
        self
    }
}

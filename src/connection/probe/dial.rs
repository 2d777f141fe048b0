//! What the prober dials, and what it answers. Each route's listener port is dialed for
//! each NLB zone two ways: the NLB's DNS name, from the prober's interface in that zone
//! (what the guide's bastion test dials: `psql -h <nlb-dns-name>`; the name answers with
//! the nodes of the zones that have a healthy target), and the run's endpoint's address in
//! that zone (the path Trigger.dev's tasks take, through PrivateLink).

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_lambda::primitives::Blob;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::prober::DIAL_TIMEOUT_MS;
use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::resource::Speaks;
use crate::connection::route::LiveRoute;
use crate::connection::target::TargetKind;

/// Which way a dial goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Path {
    /// To the NLB's DNS name: the bastion test.
    Nlb,
    /// To the run's endpoint's address in the zone: Trigger.dev's path.
    Endpoint,
}

impl Path {
    pub fn as_str(self) -> &'static str {
        match self {
            Path::Nlb => "nlb",
            Path::Endpoint => "endpoint",
        }
    }
}

/// One dial: a route's port, from one zone, one way.
#[derive(Debug, Clone, Serialize)]
pub struct Dial {
    pub path: Path,
    pub port: u16,
    pub zone: String,
    pub host: String,
    pub speaks: Speaks,
    /// What the route leads to: `elasticache-replication-group/sessions`.
    pub destination: String,
}

impl Dial {
    /// `endpoint-6379-us-east-1a`: unique in a run, and the finding's id after `probe-`.
    pub fn id(&self) -> String {
        format!("{}-{}-{}", self.path.as_str(), self.port, self.zone)
    }
}

/// What the prober answered for one dial (`prober.py`'s words).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct Answer {
    pub id: String,
    /// `connected`, `refused`, `timeout`, `reset` or `unreachable`.
    pub outcome: String,
    #[serde(default)]
    pub ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// What a route's resource is asked on its target port.
pub fn speaks(route: &LiveRoute) -> Speaks {
    match (&route.resource, route.kind()) {
        (Some(resource), _) => (resource.kind().speaks)(route.target_port()),
        // An ALB's listener on 443 is HTTPS: the connection alone.
        (None, TargetKind::Alb) if route.target_port() == 443 => Speaks::Tcp,
        (None, TargetKind::Alb) => Speaks::Http,
        (None, _) => Speaks::by_port(route.target_port()),
    }
}

/// Every dial: routes × the NLB's zones × the two paths, in that order. A zone where the
/// endpoint has no address is dialed through the NLB only.
pub fn plan(routes: &[LiveRoute], nlb_name: &str, zones: &[String], endpoint: &BTreeMap<String, String>) -> Vec<Dial> {
    let mut dials = Vec::new();
    for route in routes {
        for zone in zones {
            let hosts = [(Path::Nlb, Some(nlb_name.to_string())), (Path::Endpoint, endpoint.get(zone).cloned())];
            for (path, host) in hosts {
                let Some(host) = host else { continue };
                dials.push(Dial {
                    path,
                    port: route.listener,
                    zone: zone.clone(),
                    host,
                    speaks: speaks(route),
                    destination: route.destination(),
                });
            }
        }
    }
    dials
}

/// The prober's event: `{"dials": [{id, host, port, protocol, timeout_ms, zone}]}`; the
/// zone is the interface to dial from, which Lambda does not let a function choose (it
/// picks one of the function's subnets), and says which dial is which.
pub fn event(dials: &[Dial]) -> serde_json::Value {
    json!({"dials": dials.iter().map(|d| json!({
        "id": d.id(), "host": d.host, "port": d.port, "protocol": d.speaks.as_str(), "timeout_ms": DIAL_TIMEOUT_MS, "zone": d.zone,
    })).collect::<Vec<_>>()})
}

/// The endpoint's address in each zone.
pub async fn endpoint_addresses(aws: &Aws, interface_ids: &[String]) -> anyhow::Result<BTreeMap<String, String>> {
    if interface_ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let found = aws
        .ec2
        .describe_network_interfaces()
        .set_network_interface_ids(Some(interface_ids.to_vec()))
        .send()
        .await
        .call("ec2:DescribeNetworkInterfaces")?;
    Ok(by_zone(found.network_interfaces()))
}

fn by_zone(interfaces: &[aws_sdk_ec2::types::NetworkInterface]) -> BTreeMap<String, String> {
    interfaces.iter().filter_map(|i| Some((i.availability_zone()?.to_string(), i.private_ip_address()?.to_string()))).collect()
}

/// How long a new VPC function may stay `Pending`: the SDKs' FunctionActiveV2 waiter
/// gives it 5 minutes ("Lambda can require several minutes to create a Hyperplane ENI",
/// Lambda Developer Guide, foundation-networking).
const ACTIVE_WITHIN: Duration = Duration::from_secs(300);

/// Waits for the function to be `Active`, then invokes it once with every dial.
pub async fn run(aws: &Aws, ui: &crate::ui::Ui, function: &str, dials: &[Dial]) -> anyhow::Result<Vec<Answer>> {
    until_ready(ui, "waiting for the prober to be active", ACTIVE_WITHIN, || async {
        let config =
            aws.lambda.get_function_configuration().function_name(function).send().await.call("lambda:GetFunctionConfiguration")?;
        match config.state().map(|s| s.as_str()) {
            Some("Failed") => {
                anyhow::bail!("the prober {function} failed to start: {}", config.state_reason().unwrap_or("no reason given"))
            }
            Some("Pending") => Ok(Polled::Pending("Pending".into())),
            _ => Ok(Polled::Ready(())),
        }
    })
    .await?;
    let progress = ui.progress(&format!("dialing {} addresses from inside the VPC", dials.len()));
    let answer =
        aws.lambda.invoke().function_name(function).payload(Blob::new(event(dials).to_string())).send().await.call("lambda:InvokeFunction");
    progress.finish("dialed");
    let answer = answer?;
    let payload = answer.payload().map(|p| String::from_utf8_lossy(p.as_ref()).into_owned()).unwrap_or_default();
    if let Some(error) = answer.function_error() {
        anyhow::bail!("the prober failed ({error}): {payload}");
    }
    #[derive(Deserialize)]
    struct Results {
        results: Vec<Answer>,
    }
    let results: Results =
        serde_json::from_str(&payload).map_err(|e| anyhow::anyhow!("the prober answered what it should not ({e}): {payload}"))?;
    Ok(results.results)
}

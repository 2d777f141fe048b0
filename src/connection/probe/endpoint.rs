//! The run's interface endpoint: the account's own, to the connection's own endpoint
//! service, one subnet per NLB zone, holding the prober's group. Made for one run and
//! always deleted after it; tagged, so one a run left (cut off, or its delete failed) is
//! found and deleted by the next. The owner needs no permission to connect to its own
//! service, and a service that requires acceptance is accepted by the run itself (an
//! endpoint goes `pendingAcceptance` → `pending` → `available`; AWS PrivateLink Guide,
//! "Accept or reject connection requests").
//!
//! Billing: "each hour that your VPC endpoint remains provisioned in each Availability
//! Zone", and "each partial VPC endpoint-hour consumed is billed as a full hour" (AWS
//! PrivateLink pricing, https://aws.amazon.com/privatelink/pricing/, as read 2026-12-06).

use std::time::Duration;

use aws_sdk_ec2::types::{ResourceType, VpcEndpoint, VpcEndpointType};

use super::{PROBE_KEY, ec2_tags, owns};
use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::vpc::ec2_filter;
use crate::plan::{Action, Context, Id, Made, Slot, Step, WriteOp};

const KIND: &str = "probe-endpoint";
/// us-east-1's price of an interface endpoint per zone and hour. The stored copy of AWS's
/// pricing page (read 2026-12-06) gives the billing rule but does not render the table;
/// the figure is a third party's ("AWS PrivateLink Cost Analysis", awsnegotiations.com,
/// May 2026; ../shared/reference/probe-notes.md 2.3), not checked against AWS. It varies
/// by region, so the dry run says "about" and names both.
pub const PRICE_PER_ZONE_HOUR: f64 = 0.01;
/// How long a new endpoint may take to become available: no AWS figure is published;
/// Terraform waits up to 10 minutes by default (aws_vpc_endpoint's create timeout).
pub const AVAILABLE_WITHIN: Duration = Duration::from_secs(10 * 60);

/// The connection's probe endpoints that still exist (none, unless a run was cut off).
pub async fn leftovers(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<String>> {
    let found = aws
        .ec2
        .describe_vpc_endpoints()
        .filters(ec2_filter(&format!("tag:{PROBE_KEY}"), [connection.as_str()]))
        .send()
        .await
        .call("ec2:DescribeVpcEndpoints")?;
    Ok(found
        .vpc_endpoints()
        .iter()
        .filter(|e| owns(connection, e.tags()))
        .filter(|e| !matches!(e.state().map(|s| s.as_str().to_ascii_lowercase()).as_deref(), Some("deleted" | "deleting")))
        .filter_map(|e| e.vpc_endpoint_id().map(str::to_string))
        .collect())
}

/// The step that makes the run's endpoint.
pub fn create_step(connection: &ConnectionName, vpc_id: &str, service_name: &str, subnets: Vec<String>, group: Id) -> Step {
    Step::new(KIND, Action::Created, Id::Made(Slot::ProbeEndpoint))
        .detail(format!("to {service_name}, in {} zones, for this run only", subnets.len()))
        .write(Write::Create { connection: connection.clone(), vpc_id: vpc_id.into(), service_name: service_name.into(), subnets, group })
}

/// The step that deletes these endpoints.
pub fn delete_step(ids: Vec<String>) -> Step {
    Step::new(KIND, Action::Deleted, ids.join(", ")).write(Write::Delete { ids })
}

/// The endpoint once it is settled: `available`, `pendingAcceptance`, or a failure.
pub async fn settled(aws: &Aws, ui: &crate::ui::Ui, id: &str) -> anyhow::Result<VpcEndpoint> {
    until_ready(ui, &format!("waiting for the probe's endpoint {id}"), AVAILABLE_WITHIN, || async {
        let found = aws.ec2.describe_vpc_endpoints().vpc_endpoint_ids(id).send().await.call("ec2:DescribeVpcEndpoints")?;
        let endpoint = found.vpc_endpoints.unwrap_or_default().into_iter().next().ok_or_else(|| anyhow::anyhow!("{id} is gone"))?;
        let state = endpoint.state().map(|s| s.as_str().to_string()).unwrap_or_default();
        Ok(if state.eq_ignore_ascii_case("pending") { Polled::Pending(state) } else { Polled::Ready(endpoint) })
    })
    .await
}

#[derive(Debug, Clone)]
enum Write {
    Create { connection: ConnectionName, vpc_id: String, service_name: String, subnets: Vec<String>, group: Id },
    Delete { ids: Vec<String> },
}

/// Right after a service is made, `CreateVpcEndpoint` can answer "The service is
/// unavailable" though the service is Available (aws/aws-sdk-go-v2 #2254): retried this long.
const UNAVAILABLE_RETRY: Duration = Duration::from_secs(120);

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::Create { connection, vpc_id, service_name, subnets, group } => {
                let group = cx.id(group)?;
                let started = std::time::Instant::now();
                loop {
                    let created = aws
                        .ec2
                        .create_vpc_endpoint()
                        .vpc_endpoint_type(VpcEndpointType::Interface)
                        .vpc_id(vpc_id)
                        .service_name(service_name)
                        .set_subnet_ids(Some(subnets.clone()))
                        .security_group_ids(&group)
                        .private_dns_enabled(false)
                        .tag_specifications(ec2_tags(connection, ResourceType::VpcEndpoint))
                        .send()
                        .await
                        .call("ec2:CreateVpcEndpoint");
                    match created {
                        Err(err) if format!("{err}").contains("service is unavailable") && started.elapsed() < UNAVAILABLE_RETRY => {
                            tokio::time::sleep(Duration::from_secs(5)).await;
                        }
                        other => {
                            let endpoint = other?.vpc_endpoint.and_then(|e| e.vpc_endpoint_id);
                            return Ok(endpoint.map(Made::id));
                        }
                    }
                }
            }
            Write::Delete { ids } => {
                let answer =
                    aws.ec2.delete_vpc_endpoints().set_vpc_endpoint_ids(Some(ids.clone())).send().await.call("ec2:DeleteVpcEndpoints")?;
                let failed: Vec<String> = answer
                    .unsuccessful()
                    .iter()
                    .filter(|u| u.error().and_then(|e| e.code()) != Some("InvalidVpcEndpoint.NotFound"))
                    .map(|u| {
                        format!("{}: {}", u.resource_id().unwrap_or("?"), u.error().and_then(|e| e.message()).unwrap_or("not deleted"))
                    })
                    .collect();
                if !failed.is_empty() {
                    anyhow::bail!(
                        "the probe's endpoint was not deleted ({}); delete it in the VPC console, or run doctor --probe again",
                        failed.join("; ")
                    );
                }
                Ok(None)
            }
        }
    }
}

//! `setup --nlb`: expose a Network Load Balancer the user already has, for example one the
//! AWS Load Balancer Controller made for a Kubernetes Service, or one ECS uses. No target
//! group, listener or security group is made: the plan turns PrivateLink enforcement off
//! on the NLB and puts the connection's endpoint service on it. The NLB stays the
//! user's: it carries none of the connection's tags, so teardown never deletes it.

use std::collections::BTreeSet;

use aws_sdk_elasticloadbalancingv2::types::{LoadBalancer, LoadBalancerSchemeEnum};

use crate::aws::Aws;
use crate::connection::elb_tags::tags_of;
use crate::connection::endpoint_service::{self, DesiredService};
use crate::connection::load_balancer;
use crate::connection::names::ConnectionName;
use crate::connection::ports::MAX_LISTENERS;
use crate::connection::principal::Principal;
use crate::error::usage;
use crate::plan::{Id, Plan};

/// The tags the AWS Load Balancer Controller puts on what it makes
/// (https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/deploy/configurations/).
const CONTROLLER_CLUSTER_TAG: &str = "elbv2.k8s.aws/cluster";
const CONTROLLER_STACK_TAG: &str = "service.k8s.aws/stack";

/// The Service annotation that keeps enforcement off on a controller-made NLB.
pub const INBOUND_RULES_ANNOTATION: &str = "service.beta.kubernetes.io/aws-load-balancer-inbound-sg-rules-on-private-link-traffic";

/// What setup needs to expose an existing NLB.
#[derive(Debug, Clone)]
pub struct AdoptRequest {
    pub connection: ConnectionName,
    /// `--nlb` as typed, ARN or name.
    pub nlb: String,
    pub principals: BTreeSet<Principal>,
    /// Regions other than the home region.
    pub supported_regions: BTreeSet<String>,
}

/// The adopted NLB, checked, and what the report should say about it.
pub struct Adoption {
    pub plan: Plan,
    pub lb: LoadBalancer,
    pub listener_ports: Vec<i32>,
    /// When the AWS Load Balancer Controller made the NLB: the lasting way to keep enforcement off.
    pub controller_note: Option<String>,
}

/// Checks the NLB (read-only) and plans enforcement off, the service, the principals.
pub async fn plan(aws: &Aws, request: &AdoptRequest) -> anyhow::Result<Adoption> {
    let flag = format!("--nlb {}", request.nlb);
    let lb = load_balancer::lookup(aws, &request.nlb).await?;
    let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    if lb.scheme() != Some(&LoadBalancerSchemeEnum::Internal) {
        return Err(usage(format!("{flag} is internet-facing: an endpoint service needs an internal NLB")));
    }
    let mut listener_ports: Vec<i32> = load_balancer::listeners(aws, &arn).await?.iter().filter_map(|l| l.port()).collect();
    listener_ports.sort_unstable();
    if listener_ports.len() > MAX_LISTENERS {
        return Err(usage(format!(
            "{flag} has {} listeners; an NLB behind an endpoint service may have at most {MAX_LISTENERS}",
            listener_ports.len()
        )));
    }
    if let Some(service) = endpoint_service::find_by_nlb(aws, &arn).await?
        && !endpoint_service::owned_by(&service, &request.connection)
    {
        let id = service.service_id().unwrap_or_default();
        return Err(usage(format!(
            "{flag} already backs endpoint service {id}, and an NLB can back one endpoint service only; check that one with `trigger-privatelink doctor --service-id {id}`"
        )));
    }
    let tags = tags_of(aws, &arn).await?;
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let controller_note = match (tag(CONTROLLER_CLUSTER_TAG), tag(CONTROLLER_STACK_TAG)) {
        (None, None) => None,
        (cluster, stack) => Some(format!(
            "{} was made by the AWS Load Balancer Controller (cluster {}, Service {}), which may turn enforcement back on; \
make \"off\" lasting with this annotation on the Service:\n  {INBOUND_RULES_ANNOTATION}: \"off\"",
            lb.load_balancer_name().unwrap_or_default(),
            cluster.as_deref().unwrap_or("?"),
            stack.as_deref().unwrap_or("?"),
        )),
    };

    let lb_id = Id::from(arn.as_str());
    let enforcement = load_balancer::plan_enforcement(Some(&lb), &lb_id, &lb_id);
    let desired =
        DesiredService { connection: Some(request.connection.clone()), nlb: lb_id, supported_regions: request.supported_regions.clone() };
    let service = endpoint_service::plan(aws, &desired, true).await?;
    let principals = endpoint_service::plan_principals(aws, &service.id, &request.principals).await?;
    Ok(Adoption { plan: Plan { steps: vec![enforcement, service, principals] }, lb, listener_ports, controller_note })
}

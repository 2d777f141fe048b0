//! One read of everything the checks look at. Each describe call is made once per run;
//! calls that do not depend on each other run concurrently, in three rounds. A call that
//! fails is kept as its error ([`Unread::Failed`]), so the checks that needed it fail and say why.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use aws_sdk_ec2::types::{NetworkAcl, NetworkInterface, SecurityGroup, ServiceConfiguration, Subnet, VpcEndpointConnection};
use aws_sdk_elasticloadbalancingv2::types::{Listener, LoadBalancer, TargetGroup, TargetHealthDescription};

use crate::aws::{Aws, CallExt};
use crate::connection::elb_tags::tags_of;
use crate::connection::evidence::Evidence;
use crate::connection::names::ConnectionName;
use crate::connection::names::{NODES_KEY, RESOURCE_KEY};
use crate::connection::resource::{self, ResolvedResource, ResourceRef};
use crate::connection::sync::{self, state::SyncState};
use crate::connection::target::Target;
use crate::connection::vpc::{self, Vpc};
use crate::connection::{endpoint_service, load_balancer, resource_access, security_group};

/// A value read from AWS, or why the snapshot does not hold it.
pub type Fetched<T> = Result<T, Unread>;

/// Why a value is not in the snapshot. The two are judged apart: nothing to look at is
/// no verdict (the check is skipped), but a call that failed hides what may be the very
/// fault, so the checks that needed it fail and say why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// What the value hangs off is not there: no service, no NLB, no target group.
    Absent(&'static str),
    /// The AWS call that reads `what` failed (access denied, throttled past the retries, ...).
    Failed { what: String, error: String },
}

impl std::fmt::Display for Unread {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unread::Absent(why) => f.write_str(why),
            Unread::Failed { what, error } => write!(f, "could not read {what}: {error}"),
        }
    }
}

/// A read's result, its failure named by what was read: the one place that knows.
fn fetched<T>(what: &str, result: anyhow::Result<T>) -> Fetched<T> {
    result.map_err(|err| Unread::Failed { what: what.to_string(), error: format!("{err:#}") })
}

#[derive(Debug, Clone)]
pub struct TargetGroupView {
    pub group: TargetGroup,
    pub health: Vec<TargetHealthDescription>,
    /// `rds-instance/<id>` from the group's resource tag, when the tool made it.
    pub resource: Fetched<Option<String>>,
    /// Readers and replicas are targets too (the group's nodes tag).
    pub all_nodes: bool,
}

impl TargetGroupView {
    pub fn arn(&self) -> &str {
        self.group.target_group_arn().unwrap_or_default()
    }

    /// Every registered target: IPs, instance IDs or the ALB's ARN.
    pub fn registered(&self) -> BTreeSet<Target> {
        self.health.iter().filter_map(|d| Target::from_id(d.target()?.id()?)).collect()
    }
}

/// A registered target, what answers for it (the interface holding its IP or attached
/// to the instance, or the ALB), and whether the security groups in front of it admit
/// the target port from the NLB (its groups, or the VPC CIDR).
pub struct TargetAccess<'a> {
    pub target: Target,
    /// Where health checks and traffic go: the IP, or the instance's; none for an ALB.
    pub ip: Option<Ipv4Addr>,
    pub port: u16,
    pub interface: Option<&'a NetworkInterface>,
    pub groups: Vec<&'a SecurityGroup>,
    /// Something answers: an interface holds the IP or belongs to the instance, or the ALB exists.
    pub present: bool,
    pub admitted: bool,
}

#[derive(Debug, Clone)]
pub struct Snapshot {
    pub region: String,
    pub identity: Fetched<String>,
    pub service: Option<ServiceConfiguration>,
    pub principals: Fetched<Vec<String>>,
    pub connections: Fetched<Vec<VpcEndpointConnection>>,
    pub load_balancer: Fetched<Option<LoadBalancer>>,
    pub cross_zone: Fetched<bool>,
    pub listeners: Fetched<Vec<Listener>>,
    pub target_groups: Fetched<Vec<TargetGroupView>>,
    pub vpc: Fetched<Vpc>,
    /// Interfaces holding the registered target IPs, or attached to the registered instances.
    pub interfaces: Fetched<Vec<NetworkInterface>>,
    /// The Application Load Balancers registered as targets.
    pub albs: Fetched<Vec<LoadBalancer>>,
    /// Security groups of those interfaces and ALBs.
    pub resource_groups: Fetched<Vec<SecurityGroup>>,
    /// The NLB's own security groups (what enforcement, when on, applies).
    pub nlb_groups: Fetched<Vec<SecurityGroup>>,
    /// The NLB's subnets and the targets' (zone IDs, CIDRs).
    pub subnets: Fetched<Vec<Subnet>>,
    /// The network ACLs associated with those subnets.
    pub network_acls: Fetched<Vec<NetworkAcl>>,
    /// The resources the routes follow, re-resolved now (None when no route follows one).
    pub resources: Option<Fetched<Vec<ResolvedResource>>>,
    /// The installed sync of a connection of the tool (None: not read, a service or NLB
    /// made by other means).
    pub sync: Option<Fetched<SyncState>>,
    /// What CloudWatch measured (None: not asked for, or no NLB). An unreadable one is
    /// its reason, kept apart from `failed_reads`: the figures add to the view.
    pub evidence: Option<Result<Evidence, String>>,
}

impl Snapshot {
    /// Every read that failed, each named once: what a view built from the snapshot must
    /// not pass over in silence (an unreadable list is not an empty one).
    pub fn failed_reads(&self) -> Vec<String> {
        let reads = [
            self.identity.as_ref().err(),
            self.principals.as_ref().err(),
            self.connections.as_ref().err(),
            self.load_balancer.as_ref().err(),
            self.cross_zone.as_ref().err(),
            self.listeners.as_ref().err(),
            self.target_groups.as_ref().err(),
            self.vpc.as_ref().err(),
            self.interfaces.as_ref().err(),
            self.albs.as_ref().err(),
            self.resource_groups.as_ref().err(),
            self.nlb_groups.as_ref().err(),
            self.subnets.as_ref().err(),
            self.network_acls.as_ref().err(),
            self.resources.as_ref().and_then(|r| r.as_ref().err()),
            self.sync.as_ref().and_then(|r| r.as_ref().err()),
        ];
        let mut failed: Vec<String> = Vec::new();
        for unread in reads.into_iter().flatten() {
            if let Unread::Failed { .. } = unread {
                let line = unread.to_string();
                if !failed.contains(&line) {
                    failed.push(line);
                }
            }
        }
        failed
    }

    /// The snapshot, with the connection's installed sync read beside it.
    pub async fn gather_with_sync(
        aws: &Aws,
        service: Option<ServiceConfiguration>,
        nlb_arn: Option<&str>,
        connection: Option<&ConnectionName>,
        evidence: Option<std::time::Duration>,
    ) -> Snapshot {
        let (mut snapshot, sync) = tokio::join!(gather_reading(aws, service, nlb_arn, evidence), async {
            match connection {
                Some(name) => Some(fetched("the sync", sync::state::read(aws, name).await)),
                None => None,
            }
        });
        snapshot.sync = sync;
        snapshot
    }

    /// The listener port that forwards to a group: its route's port.
    pub fn listener_port(&self, group_arn: &str) -> Option<u16> {
        listener_port_in(self.listeners.as_ref().ok(), group_arn)
    }

    /// Keeps only the routes on these listener ports (doctor --port): the checks then
    /// judge those routes alone. A port with no route narrows nothing: the missing
    /// listener is the listener check's to report, and the routes there are still judged.
    pub fn narrow_to_ports(&mut self, ports: &[u16]) {
        let keep: Vec<String> = self
            .target_groups
            .iter()
            .flatten()
            .filter(|v| self.listener_port(v.arn()).is_some_and(|p| ports.contains(&p)))
            .map(|v| v.arn().to_string())
            .collect();
        if keep.is_empty() {
            return;
        }
        if let Ok(groups) = &mut self.target_groups {
            groups.retain(|v| keep.iter().any(|arn| arn == v.arn()));
        }
    }

    /// Every registered target with the security groups that decide whether the NLB gets in.
    pub fn target_access(&self) -> Fetched<Vec<TargetAccess<'_>>> {
        let vpc = self.vpc.as_ref().map_err(Clone::clone)?;
        let interfaces = self.interfaces.as_ref().map_err(Clone::clone)?;
        let sgs = self.resource_groups.as_ref().map_err(Clone::clone)?;
        let albs = self.albs.as_ref().map_err(Clone::clone)?;
        let groups = self.target_groups.as_ref().map_err(Clone::clone)?;
        let lb = self.load_balancer.as_ref().map_err(Clone::clone)?.as_ref().ok_or(Unread::Absent(NO_NLB))?;
        let mut access = Vec::new();
        for view in groups {
            let port = view.group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default();
            for target in view.registered() {
                let (interface, alb) = match &target {
                    Target::Ip(ip) => (interfaces.iter().find(|e| e.private_ip_address() == Some(ip.to_string().as_str())), None),
                    Target::Instance(id) => (resource_access::instance_interface(interfaces, id), None),
                    Target::Alb(arn) => (None, albs.iter().find(|a| a.load_balancer_arn() == Some(arn.as_str()))),
                };
                let group_ids: Vec<&str> = match (interface, alb) {
                    (Some(eni), _) => eni.groups().iter().filter_map(|g| g.group_id()).collect(),
                    (None, Some(alb)) => alb.security_groups().iter().map(String::as_str).collect(),
                    (None, None) => Vec::new(),
                };
                let groups: Vec<&SecurityGroup> =
                    group_ids.iter().filter_map(|id| sgs.iter().find(|sg| sg.group_id() == Some(*id))).collect();
                let admitted = groups.iter().any(|sg| {
                    resource_access::admits_nlb(sg, port, None, vpc)
                        || lb.security_groups().iter().any(|nlb| resource_access::admits_nlb(sg, port, Some(nlb), vpc))
                });
                let ip = target.ip().or_else(|| interface.and_then(|e| e.private_ip_address()?.parse().ok()));
                let present = interface.is_some() || alb.is_some();
                access.push(TargetAccess { target, ip, port, interface, groups, present, admitted });
            }
        }
        Ok(access)
    }
}

pub const NO_SERVICE: &str = "no endpoint service";
pub const NO_NLB: &str = "no load balancer";
pub const NO_TARGET_GROUP: &str = "no target group";

async fn identity(aws: &Aws) -> anyhow::Result<String> {
    let me = aws.sts.get_caller_identity().send().await.call("sts:GetCallerIdentity")?;
    Ok(format!("account {} as {}", me.account().unwrap_or("?"), me.arn().unwrap_or("?")))
}

async fn principals(aws: &Aws, service_id: &str) -> anyhow::Result<Vec<String>> {
    let permissions = aws
        .ec2
        .describe_vpc_endpoint_service_permissions()
        .service_id(service_id)
        .send()
        .await
        .call("ec2:DescribeVpcEndpointServicePermissions")?;
    Ok(permissions.allowed_principals().iter().filter_map(|p| p.principal().map(str::to_string)).collect())
}

async fn describe_lb(aws: &Aws, arn: &str) -> anyhow::Result<Option<LoadBalancer>> {
    match load_balancer::lookup(aws, arn).await {
        Ok(lb) => Ok(Some(lb)),
        Err(err) if err.is::<crate::error::UsageError>() => Ok(None),
        Err(err) => Err(err),
    }
}

async fn groups_of_lb(aws: &Aws, arn: &str) -> anyhow::Result<Vec<TargetGroup>> {
    let found = aws.elb.describe_target_groups().load_balancer_arn(arn).send().await.call("elasticloadbalancing:DescribeTargetGroups")?;
    Ok(found.target_groups.unwrap_or_default())
}

/// A group with its targets' health; unreadable health makes the group unreadable, as
/// every target check starts from the registered targets.
async fn view(aws: Aws, group: TargetGroup) -> Fetched<TargetGroupView> {
    let arn = group.target_group_arn().unwrap_or_default().to_string();
    let (health, tags) = tokio::join!(
        async { aws.elb.describe_target_health().target_group_arn(&arn).send().await.call("elasticloadbalancing:DescribeTargetHealth") },
        tags_of(&aws, &arn),
    );
    let name = group.target_group_name().unwrap_or(&arn).to_string();
    let tags = fetched(&format!("the tags of {name}"), tags);
    let resource = tags.as_ref().map(|tags| tags.iter().find(|(k, _)| k == RESOURCE_KEY).map(|(_, v)| v.clone())).map_err(Clone::clone);
    let all_nodes = tags.iter().flatten().any(|(k, v)| k == NODES_KEY && v == "all");
    let health = fetched(&format!("the target health of {name}"), health.map_err(Into::into))?;
    Ok(TargetGroupView { group, health: health.target_health_descriptions.unwrap_or_default(), resource, all_nodes })
}

pub async fn gather(aws: &Aws, service: Option<ServiceConfiguration>, nlb_arn: Option<&str>) -> Snapshot {
    gather_reading(aws, service, nlb_arn, None).await
}

/// As [`gather`]; with an `evidence` window, what CloudWatch measured in it too, read in
/// one call once the routes and the consumers' endpoints are known (after round 1),
/// beside rounds 2 and 3.
async fn gather_reading(
    aws: &Aws,
    service: Option<ServiceConfiguration>,
    nlb_arn: Option<&str>,
    evidence: Option<std::time::Duration>,
) -> Snapshot {
    let service_id = service.as_ref().and_then(|s| s.service_id()).map(str::to_string);
    // Round 1: everything that needs only the service and the NLB.
    let (identity, principals, connections, lb, cross_zone, listeners, groups) = tokio::join!(
        identity(aws),
        async {
            match &service_id {
                Some(id) => fetched("the allowed principals", principals(aws, id).await),
                None => Err(Unread::Absent(NO_SERVICE)),
            }
        },
        async {
            match &service_id {
                Some(id) => fetched("the endpoint connections", endpoint_service::connections(aws, id).await),
                None => Err(Unread::Absent(NO_SERVICE)),
            }
        },
        async {
            match nlb_arn {
                Some(arn) => fetched("the load balancer", describe_lb(aws, arn).await),
                None => Ok(None),
            }
        },
        async {
            match nlb_arn {
                Some(arn) => fetched("the cross-zone attribute", load_balancer::cross_zone_enabled(aws, arn).await),
                None => Err(Unread::Absent(NO_NLB)),
            }
        },
        async {
            match nlb_arn {
                Some(arn) => fetched("the listeners", load_balancer::listeners(aws, arn).await),
                None => Err(Unread::Absent(NO_NLB)),
            }
        },
        async {
            match nlb_arn {
                Some(arn) => fetched("the target groups", groups_of_lb(aws, arn).await),
                None => Err(Unread::Absent(NO_NLB)),
            }
        },
    );

    let endpoint_ids: Vec<String> = connections.iter().flatten().filter_map(|c| c.vpc_endpoint_id().map(str::to_string)).collect();
    let measured = async {
        let (Some(lb_arn), Some(window)) = (nlb_arn, evidence) else { return None };
        let routes: Vec<(u16, String)> = groups
            .iter()
            .flatten()
            .filter_map(|g| g.target_group_arn())
            .map(|group| (listener_port_in(listeners.as_ref().ok(), group).unwrap_or_default(), group.to_string()))
            .collect();
        let subject = crate::connection::evidence::Subject {
            lb_arn,
            routes: &routes,
            service_id: service_id.as_deref(),
            endpoint_ids: &endpoint_ids,
            window,
        };
        Some(crate::connection::evidence::read(aws, subject).await.map_err(|err| format!("{err:#}")))
    };
    let (mut snapshot, evidence) = tokio::join!(
        rounds_two_and_three(aws, service, identity, principals, connections, lb, cross_zone, listeners.clone(), groups.clone()),
        measured
    );
    snapshot.evidence = evidence;
    snapshot
}

/// The listener port that forwards to a group.
fn listener_port_in(listeners: Option<&Vec<Listener>>, group_arn: &str) -> Option<u16> {
    let listener = listeners?.iter().find(|l| l.default_actions().iter().any(|a| a.target_group_arn() == Some(group_arn)))?;
    listener.port().and_then(|p| u16::try_from(p).ok())
}

#[allow(clippy::too_many_arguments)]
async fn rounds_two_and_three(
    aws: &Aws,
    service: Option<ServiceConfiguration>,
    identity: anyhow::Result<String>,
    principals: Fetched<Vec<String>>,
    connections: Fetched<Vec<VpcEndpointConnection>>,
    lb: Fetched<Option<LoadBalancer>>,
    cross_zone: Fetched<bool>,
    listeners: Fetched<Vec<Listener>>,
    groups: Fetched<Vec<TargetGroup>>,
) -> Snapshot {
    // Round 2: each target group's health and tags, and the VPC.
    let vpc_id = groups.as_ref().ok().and_then(|g| g.first()).and_then(|g| g.vpc_id()).map(str::to_string);
    let mut views = tokio::task::JoinSet::new();
    for group in groups.clone().unwrap_or_default() {
        views.spawn(view(aws.clone(), group));
    }
    let (views, vpc) = tokio::join!(views.join_all(), async {
        match &vpc_id {
            Some(id) => fetched("the VPC", vpc::describe_vpc(aws, id, "the target group's VPC").await),
            None => Err(Unread::Absent(NO_TARGET_GROUP)),
        }
    });
    let target_groups = groups.and_then(|_| views.into_iter().collect::<Fetched<Vec<_>>>());

    // Round 3: the interfaces holding the targets, then their security groups and their
    // subnets with the ACLs; beside them, the resource re-resolved.
    let registered: BTreeSet<Target> = target_groups.iter().flatten().flat_map(TargetGroupView::registered).collect();
    let alb_arns: Vec<String> = registered.iter().filter_map(|t| if let Target::Alb(arn) = t { Some(arn.clone()) } else { None }).collect();
    // Unreadable tags hide which resource the targets came from: that is the resource's
    // read failing, not the resource being unknown.
    let tags_unread = target_groups.iter().flatten().find_map(|v| v.resource.as_ref().err()).cloned();
    let mut resource_refs: Vec<ResourceRef> = Vec::new();
    for found in target_groups.iter().flatten().filter_map(|v| v.resource.as_ref().ok()?.as_deref().and_then(ResourceRef::from_tag_value)) {
        if !resource_refs.contains(&found) {
            resource_refs.push(found);
        }
    }
    let nlb_group_ids: BTreeSet<String> = lb.iter().flatten().flat_map(|lb| lb.security_groups().to_vec()).collect();
    let nlb_subnet_ids: BTreeSet<String> =
        lb.iter().flatten().flat_map(|lb| lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string))).collect();
    let ((interfaces, albs, resource_groups, nlb_groups, subnets, network_acls), resources) = tokio::join!(
        async {
            // Without the registered targets there is nothing to look up, and nothing
            // found would be taken for "no interface holds them".
            let (interfaces, albs) = match &target_groups {
                Ok(_) => tokio::join!(
                    async {
                        let found = resource_access::interfaces_of_targets(aws, vpc_id.as_deref(), &registered).await;
                        fetched("the targets' network interfaces", found)
                    },
                    async { fetched("the target ALBs", load_balancers(aws, &alb_arns).await) }
                ),
                Err(err) => (Err(err.clone()), Err(err.clone())),
            };
            // Then, side by side: the targets' groups and the NLB's in one read, and the
            // subnets on the way (the NLB's and the targets') with their ACLs.
            let of_targets: BTreeSet<String> = interfaces
                .iter()
                .flatten()
                .flat_map(|e| e.groups().iter().filter_map(|g| g.group_id().map(str::to_string)))
                .chain(albs.iter().flatten().flat_map(|a| a.security_groups().to_vec()))
                .collect();
            let subnet_ids: BTreeSet<String> = nlb_subnet_ids
                .iter()
                .cloned()
                .chain(interfaces.iter().flatten().filter_map(|e| e.subnet_id().map(str::to_string)))
                .collect();
            let (all, (subnets, network_acls)) = tokio::join!(
                async { fetched("the security groups", security_group::by_ids(aws, of_targets.union(&nlb_group_ids).cloned()).await) },
                async {
                    if subnet_ids.is_empty() {
                        return (Err(Unread::Absent(NO_NLB)), Err(Unread::Absent(NO_NLB)));
                    }
                    let (subnets, acls) = tokio::join!(subnets_of(aws, &subnet_ids), acls_of(aws, &subnet_ids));
                    (fetched("the subnets", subnets), fetched("the network ACLs", acls))
                }
            );
            let pick = |ids: &BTreeSet<String>| -> Fetched<Vec<SecurityGroup>> {
                Ok(all
                    .as_ref()
                    .map_err(Clone::clone)?
                    .iter()
                    .filter(|g| g.group_id().is_some_and(|id| ids.contains(id)))
                    .cloned()
                    .collect())
            };
            let resource_groups =
                interfaces.as_ref().map_err(Clone::clone).and_then(|_| albs.as_ref().map_err(Clone::clone)).and_then(|_| pick(&of_targets));
            let nlb_groups = match &lb {
                Ok(Some(_)) => pick(&nlb_group_ids),
                Ok(None) => Err(Unread::Absent(NO_NLB)),
                Err(err) => Err(err.clone()),
            };
            (interfaces, albs, resource_groups, nlb_groups, subnets, network_acls)
        },
        async {
            match (tags_unread, resource_refs.is_empty()) {
                (Some(unread), _) => Some(Err(unread)),
                (None, false) => {
                    let mut each = tokio::task::JoinSet::new();
                    for (i, r) in resource_refs.iter().cloned().enumerate() {
                        let (aws, vpc_id) = (aws.clone(), vpc_id.clone());
                        each.spawn(async move { (i, resource::resolve(&aws, &r, vpc_id.as_deref()).await) });
                    }
                    let mut done = each.join_all().await;
                    done.sort_by_key(|(i, _)| *i);
                    let resolved: anyhow::Result<Vec<ResolvedResource>> = done.into_iter().map(|(_, r)| r).collect();
                    Some(fetched("the resources' current interfaces", resolved))
                }
                (None, true) => None,
            }
        }
    );
    Snapshot {
        region: aws.region.clone(),
        identity: fetched("the caller's identity", identity),
        service,
        principals,
        connections,
        load_balancer: lb,
        cross_zone,
        listeners,
        target_groups,
        vpc,
        interfaces,
        albs,
        resource_groups,
        nlb_groups,
        subnets,
        network_acls,
        resources,
        sync: None,
        evidence: None,
    }
}

/// Load balancers by ARN (none for none).
async fn load_balancers(aws: &Aws, arns: &[String]) -> anyhow::Result<Vec<LoadBalancer>> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let found = aws
        .elb
        .describe_load_balancers()
        .set_load_balancer_arns(Some(arns.to_vec()))
        .send()
        .await
        .call("elasticloadbalancing:DescribeLoadBalancers")?;
    Ok(found.load_balancers.unwrap_or_default())
}

async fn subnets_of(aws: &Aws, ids: &BTreeSet<String>) -> anyhow::Result<Vec<Subnet>> {
    let found = aws.ec2.describe_subnets().set_subnet_ids(Some(ids.iter().cloned().collect())).send().await.call("ec2:DescribeSubnets")?;
    Ok(found.subnets.unwrap_or_default())
}

async fn acls_of(aws: &Aws, subnet_ids: &BTreeSet<String>) -> anyhow::Result<Vec<NetworkAcl>> {
    let found = aws
        .ec2
        .describe_network_acls()
        .filters(vpc::ec2_filter("association.subnet-id", subnet_ids.iter().cloned()))
        .send()
        .await
        .call("ec2:DescribeNetworkAcls")?;
    Ok(found.network_acls.unwrap_or_default())
}

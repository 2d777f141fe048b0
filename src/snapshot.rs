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

    /// The snapshot, with the connection's installed sync (read ahead in `prefetch`, or
    /// beside the snapshot when the connection was known only once its service was).
    pub async fn gather_with_sync(
        aws: &Aws,
        service: Option<ServiceConfiguration>,
        nlb_arn: Option<&str>,
        connection: Option<&ConnectionName>,
        evidence: Option<std::time::Duration>,
        mut prefetch: Prefetch,
    ) -> Snapshot {
        let read_ahead = prefetch.sync.take().filter(|(name, _)| Some(name) == connection).map(|(_, sync)| sync);
        let (mut snapshot, sync) = tokio::join!(gather_reading(aws, service, nlb_arn, evidence, prefetch), async {
            match (read_ahead, connection) {
                (Some(sync), _) => Some(sync),
                (None, Some(name)) => Some(fetched("the sync", sync::state::read(aws, name).await)),
                (None, None) => None,
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

async fn health_of(aws: &Aws, arn: &str) -> anyhow::Result<Vec<TargetHealthDescription>> {
    let found = aws.elb.describe_target_health().target_group_arn(arn).send().await.call("elasticloadbalancing:DescribeTargetHealth")?;
    Ok(found.target_health_descriptions.unwrap_or_default())
}

/// A group with its targets' health and its tags; unreadable health makes the group
/// unreadable, as every target check starts from the registered targets.
fn view_of(
    group: TargetGroup,
    health: anyhow::Result<Vec<TargetHealthDescription>>,
    tags: Fetched<Vec<(String, String)>>,
) -> Fetched<TargetGroupView> {
    let name = group.target_group_name().or(group.target_group_arn()).unwrap_or_default().to_string();
    let resource = tags.as_ref().map(|tags| tags.iter().find(|(k, _)| k == RESOURCE_KEY).map(|(_, v)| v.clone())).map_err(Clone::clone);
    let all_nodes = tags.iter().flatten().any(|(k, v)| k == NODES_KEY && v == "all");
    let health = fetched(&format!("the target health of {name}"), health)?;
    Ok(TargetGroupView { group, health, resource, all_nodes })
}

/// A group read the long way: its health and its tags, side by side.
async fn view(aws: Aws, group: TargetGroup) -> Fetched<TargetGroupView> {
    let arn = group.target_group_arn().unwrap_or_default().to_string();
    let (health, tags) = tokio::join!(health_of(&aws, &arn), tags_of(&aws, &arn));
    let name = group.target_group_name().unwrap_or(&arn).to_string();
    view_of(group, health, fetched(&format!("the tags of {name}"), tags))
}

/// The connection's target groups with their tags, from the Resource Groups Tagging API
/// (`connection::target_group::tagged`). Read beside the call that finds the service,
/// they let the snapshot ask for the groups' health and for the resources they follow in
/// its first round, before it knows the NLB.
pub type Tagged = Vec<(String, Vec<(String, String)>)>;

/// The connection's tagged groups; None without a connection name, or when they cannot
/// be read (a policy made before status and doctor asked for `tag:GetResources`): the
/// snapshot then reads each group's health and tags after the NLB, a round later.
async fn tagged_groups(aws: &Aws, connection: Option<&ConnectionName>) -> Option<Tagged> {
    match crate::connection::target_group::tagged(aws, connection?).await {
        Ok(found) => Some(found),
        Err(err) => {
            crate::ui::debug_line(&format!("the connection's target groups by tag: {err:#}; reading them through the NLB"));
            None
        }
    }
}

/// What a reader asks for before it has the service, beside the call that finds it: the
/// caller's identity, and for a connection named, its tagged groups and its sync.
pub struct Prefetch {
    identity: Option<anyhow::Result<String>>,
    tagged: Option<Tagged>,
    sync: Option<(ConnectionName, Fetched<SyncState>)>,
}

impl Prefetch {
    pub async fn read(aws: &Aws, connection: Option<&ConnectionName>) -> Self {
        let (identity, tagged, sync) = tokio::join!(identity(aws), tagged_groups(aws, connection), async {
            Some((connection?.clone(), fetched("the sync", sync::state::read(aws, connection?).await)))
        });
        Self { identity: Some(identity), tagged, sync }
    }

    /// Nothing read ahead: the snapshot reads it all.
    pub fn none() -> Self {
        Self { identity: None, tagged: None, sync: None }
    }
}

pub async fn gather(aws: &Aws, service: Option<ServiceConfiguration>, nlb_arn: Option<&str>) -> Snapshot {
    gather_reading(aws, service, nlb_arn, None, Prefetch::none()).await
}

/// The resources the tags name, each resolved on its own (all at once), in their order.
async fn resolve_each(aws: &Aws, refs: &[ResourceRef], vpc_id: Option<&str>) -> Vec<anyhow::Result<ResolvedResource>> {
    let mut each = tokio::task::JoinSet::new();
    for (i, r) in refs.iter().cloned().enumerate() {
        let (aws, vpc_id) = (aws.clone(), vpc_id.map(str::to_string));
        each.spawn(async move { (i, resource::resolve(&aws, &r, vpc_id.as_deref()).await) });
    }
    let mut done = each.join_all().await;
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

fn resource_refs<'a>(tag_values: impl Iterator<Item = &'a str>) -> Vec<ResourceRef> {
    let mut refs: Vec<ResourceRef> = Vec::new();
    for found in tag_values.filter_map(ResourceRef::from_tag_value) {
        if !refs.contains(&found) {
            refs.push(found);
        }
    }
    refs
}

/// As [`gather`]; with an `evidence` window, what CloudWatch measured in it too, read in
/// one call once the routes and the consumers' endpoints are known (after round 1),
/// beside the later rounds; with the connection's `tagged` groups, their health and
/// their resources from round 1 on.
async fn gather_reading(
    aws: &Aws,
    service: Option<ServiceConfiguration>,
    nlb_arn: Option<&str>,
    evidence: Option<std::time::Duration>,
    prefetch: Prefetch,
) -> Snapshot {
    let service_id = service.as_ref().and_then(|s| s.service_id()).map(str::to_string);
    let tagged = prefetch.tagged.unwrap_or_default();
    let known_identity = prefetch.identity;
    let tagged_refs =
        resource_refs(tagged.iter().flat_map(|(_, tags)| tags.iter().filter(|(k, _)| k == RESOURCE_KEY).map(|(_, v)| v.as_str())));
    // Round 1: everything that needs only the service and the NLB, and the tagged groups'
    // health and resources (a resource's interfaces come a round later, inside its resolve).
    // The resources' resolve runs on its own: its second call (their interfaces) belongs
    // to round 2, which must not wait for it.
    let tagged_resolving = (!tagged_refs.is_empty()).then(|| {
        let (aws, refs) = (aws.clone(), tagged_refs.clone());
        tokio::spawn(async move { resolve_each(&aws, &refs, None).await })
    });
    let ((identity, principals, connections, lb, cross_zone, listeners, groups), tagged_health) = tokio::join!(
        async {
            tokio::join!(
                async {
                    match known_identity {
                        Some(known) => known,
                        None => identity(aws).await,
                    }
                },
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
            )
        },
        futures_util::future::join_all(tagged.iter().map(|(arn, _)| health_of(aws, arn))),
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
    let first = RoundOne {
        service,
        identity,
        principals,
        connections,
        lb,
        cross_zone,
        listeners: listeners.clone(),
        groups: groups.clone(),
        tagged: tagged.into_iter().zip(tagged_health).map(|((arn, tags), health)| TaggedRead { arn, tags, health }).collect(),
        tagged_refs,
        tagged_resolving,
    };
    let (mut snapshot, evidence) = tokio::join!(later_rounds(aws, first), measured);
    snapshot.evidence = evidence;
    snapshot
}

/// The listener port that forwards to a group.
fn listener_port_in(listeners: Option<&Vec<Listener>>, group_arn: &str) -> Option<u16> {
    let listener = listeners?.iter().find(|l| l.default_actions().iter().any(|a| a.target_group_arn() == Some(group_arn)))?;
    listener.port().and_then(|p| u16::try_from(p).ok())
}

/// A tagged group as round 1 read it.
struct TaggedRead {
    arn: String,
    tags: Vec<(String, String)>,
    health: anyhow::Result<Vec<TargetHealthDescription>>,
}

/// What round 1 read.
struct RoundOne {
    service: Option<ServiceConfiguration>,
    identity: anyhow::Result<String>,
    principals: Fetched<Vec<String>>,
    connections: Fetched<Vec<VpcEndpointConnection>>,
    lb: Fetched<Option<LoadBalancer>>,
    cross_zone: Fetched<bool>,
    listeners: Fetched<Vec<Listener>>,
    groups: Fetched<Vec<TargetGroup>>,
    tagged: Vec<TaggedRead>,
    tagged_refs: Vec<ResourceRef>,
    tagged_resolving: Option<tokio::task::JoinHandle<Vec<anyhow::Result<ResolvedResource>>>>,
}

/// The registered targets' interfaces (or instances') and ALBs.
async fn targets_read(
    aws: &Aws,
    vpc_id: Option<&str>,
    registered: &BTreeSet<Target>,
) -> (Fetched<Vec<NetworkInterface>>, Fetched<Vec<LoadBalancer>>) {
    let alb_arns: Vec<String> = registered.iter().filter_map(|t| if let Target::Alb(arn) = t { Some(arn.clone()) } else { None }).collect();
    let (interfaces, albs) = tokio::join!(
        async {
            if registered.iter().all(|t| matches!(t, Target::Alb(_))) {
                return Ok(Vec::new());
            }
            fetched("the targets' network interfaces", resource_access::interfaces_of_targets(aws, vpc_id, registered).await)
        },
        async { fetched("the target ALBs", load_balancers(aws, &alb_arns).await) }
    );
    (interfaces, albs)
}

/// Two reads of one kind made one: both lists, or the first failure.
fn both<T: Clone>(a: Fetched<Vec<T>>, b: Fetched<Vec<T>>) -> Fetched<Vec<T>> {
    let mut all = a?;
    all.extend(b?);
    Ok(all)
}

/// The VPC's security groups, subnets and network ACLs: read whole in round 2, beside
/// the targets' interfaces, and picked once those are known (rather than read by ID a
/// round after them).
struct VpcWide {
    groups: Fetched<Vec<SecurityGroup>>,
    subnets: Fetched<Vec<Subnet>>,
    acls: Fetched<Vec<NetworkAcl>>,
}

impl VpcWide {
    async fn read(aws: &Aws, vpc_id: Option<&str>) -> Self {
        let Some(vpc_id) = vpc_id else {
            return Self { groups: Err(Unread::Absent(NO_NLB)), subnets: Err(Unread::Absent(NO_NLB)), acls: Err(Unread::Absent(NO_NLB)) };
        };
        let in_vpc = || vpc::ec2_filter("vpc-id", [vpc_id]);
        let (groups, subnets, acls) = tokio::join!(
            async { aws.ec2.describe_security_groups().filters(in_vpc()).send().await.call("ec2:DescribeSecurityGroups") },
            async { aws.ec2.describe_subnets().filters(in_vpc()).send().await.call("ec2:DescribeSubnets") },
            async { aws.ec2.describe_network_acls().filters(in_vpc()).send().await.call("ec2:DescribeNetworkAcls") },
        );
        Self {
            groups: fetched("the security groups", groups.map(|g| g.security_groups.unwrap_or_default()).map_err(Into::into)),
            subnets: fetched("the subnets", subnets.map(|s| s.subnets.unwrap_or_default()).map_err(Into::into)),
            acls: fetched("the network ACLs", acls.map(|a| a.network_acls.unwrap_or_default()).map_err(Into::into)),
        }
    }

    /// The groups with these IDs: from the VPC's, and any other (a target in another
    /// VPC, or no VPC known) read by ID.
    async fn groups_of(&self, aws: &Aws, ids: &BTreeSet<String>) -> Fetched<Vec<SecurityGroup>> {
        let mut found: Vec<SecurityGroup> = match &self.groups {
            Ok(all) => all.iter().filter(|g| g.group_id().is_some_and(|id| ids.contains(id))).cloned().collect(),
            Err(Unread::Absent(_)) => Vec::new(),
            Err(err) => return Err(err.clone()),
        };
        let missing: Vec<String> = ids.iter().filter(|id| !found.iter().any(|g| g.group_id() == Some(id.as_str()))).cloned().collect();
        if !missing.is_empty() {
            found.extend(fetched("the security groups", security_group::by_ids(aws, missing).await)?);
        }
        Ok(found)
    }

    /// The subnets with these IDs and the ACLs associated with them, likewise.
    async fn subnets_of(&self, aws: &Aws, ids: &BTreeSet<String>) -> (Fetched<Vec<Subnet>>, Fetched<Vec<NetworkAcl>>) {
        if ids.is_empty() {
            return (Err(Unread::Absent(NO_NLB)), Err(Unread::Absent(NO_NLB)));
        }
        let held = |all: &Vec<Subnet>| ids.iter().all(|id| all.iter().any(|s| s.subnet_id() == Some(id.as_str())));
        let whole = matches!(&self.subnets, Ok(all) if held(all));
        if !(whole || failed(&self.subnets) || failed(&self.acls)) {
            // A subnet in another VPC, or no VPC known: read by ID.
            let (subnets, acls) = tokio::join!(subnets_of(aws, ids), acls_of(aws, ids));
            return (fetched("the subnets", subnets), fetched("the network ACLs", acls));
        }
        let subnets =
            self.subnets.clone().map(|all| all.into_iter().filter(|s| s.subnet_id().is_some_and(|id| ids.contains(id))).collect());
        let associated = |acl: &NetworkAcl| acl.associations().iter().any(|a| a.subnet_id().is_some_and(|id| ids.contains(id)));
        let acls = self.acls.clone().map(|all| all.into_iter().filter(associated).collect());
        (subnets, acls)
    }
}

fn failed<T>(read: &Fetched<T>) -> bool {
    matches!(read, Err(Unread::Failed { .. }))
}

/// Rounds 2 and 3: the groups not read in round 1 (an adopted NLB's, or tags unread),
/// the VPC with its groups, subnets and ACLs, the targets' interfaces; a round 3 only for
/// what the late groups add.
async fn later_rounds(aws: &Aws, first: RoundOne) -> Snapshot {
    let RoundOne { service, identity, principals, connections, lb, cross_zone, listeners, groups, tagged, tagged_refs, tagged_resolving } =
        first;
    let vpc_id = groups
        .as_ref()
        .ok()
        .and_then(|g| g.first())
        .and_then(|g| g.vpc_id())
        .or_else(|| lb.as_ref().ok().and_then(|lb| lb.as_ref()?.vpc_id()))
        .map(str::to_string);
    // Each of the NLB's groups: viewed now when it was read in round 1, else read now.
    let mut tagged = tagged;
    let mut ready: Vec<(usize, Fetched<TargetGroupView>)> = Vec::new();
    let mut late: Vec<(usize, TargetGroup)> = Vec::new();
    for (i, group) in groups.clone().unwrap_or_default().into_iter().enumerate() {
        match tagged.iter().position(|t| Some(t.arn.as_str()) == group.target_group_arn()) {
            Some(at) => {
                let TaggedRead { tags, health, .. } = tagged.swap_remove(at);
                ready.push((i, view_of(group, health, Ok(tags))));
            }
            None => late.push((i, group)),
        }
    }
    let early_registered: BTreeSet<Target> =
        ready.iter().filter_map(|(_, v)| v.as_ref().ok()).flat_map(TargetGroupView::registered).collect();
    // Round 2.
    let mut views = tokio::task::JoinSet::new();
    for (i, group) in late {
        let aws = aws.clone();
        views.spawn(async move { (i, view(aws, group).await) });
    }
    let (late_views, vpc, wide, (early_interfaces, early_albs)) = tokio::join!(
        views.join_all(),
        async {
            match &vpc_id {
                Some(id) => fetched("the VPC", vpc::describe_vpc(aws, id, "the target group's VPC").await),
                None => Err(Unread::Absent(NO_TARGET_GROUP)),
            }
        },
        VpcWide::read(aws, vpc_id.as_deref()),
        targets_read(aws, vpc_id.as_deref(), &early_registered),
    );
    ready.extend(late_views);
    ready.sort_by_key(|(i, _)| *i);
    let target_groups = groups.and_then(|_| ready.into_iter().map(|(_, v)| v).collect::<Fetched<Vec<_>>>());

    // Round 3, for the late groups only: their targets' interfaces and the resources their tags name.
    let late_registered: BTreeSet<Target> =
        target_groups.iter().flatten().flat_map(TargetGroupView::registered).filter(|t| !early_registered.contains(t)).collect();
    // Unreadable tags hide which resource the targets came from: that is the resource's
    // read failing, not the resource being unknown.
    let tags_unread = target_groups.iter().flatten().find_map(|v| v.resource.as_ref().err()).cloned();
    let all_refs = resource_refs(target_groups.iter().flatten().filter_map(|v| v.resource.as_ref().ok()?.as_deref()));
    let late_refs: Vec<ResourceRef> = all_refs.iter().filter(|r| !tagged_refs.contains(r)).cloned().collect();
    let ((late_interfaces, late_albs), late_resolved, tagged_resolved) = tokio::join!(
        async {
            if late_registered.is_empty() {
                (Ok(Vec::new()), Ok(Vec::new()))
            } else {
                targets_read(aws, vpc_id.as_deref(), &late_registered).await
            }
        },
        resolve_each(aws, &late_refs, vpc_id.as_deref()),
        async {
            match tagged_resolving {
                Some(resolving) => resolving.await.unwrap_or_else(|panicked| {
                    tagged_refs.iter().map(|_| Err(anyhow::anyhow!("resolving the resources: {panicked}"))).collect()
                }),
                None => Vec::new(),
            }
        },
    );
    // Without the registered targets there is nothing to look up, and nothing found
    // would be taken for "no interface holds them".
    let (interfaces, albs) = match &target_groups {
        Ok(_) => (both(early_interfaces, late_interfaces), both(early_albs, late_albs)),
        Err(err) => (Err(err.clone()), Err(err.clone())),
    };
    let resources = match (tags_unread, all_refs.is_empty()) {
        (Some(unread), _) => Some(Err(unread)),
        (None, true) => None,
        (None, false) => {
            // Each resource the NLB's groups follow, from round 1 (resolved before the VPC was
            // known: held to it now, as resolve holds one it is given) or round 3; a tagged
            // group the NLB does not use (a run cut off) is not this snapshot's concern.
            let mut tagged_resolved: Vec<Option<anyhow::Result<ResolvedResource>>> = tagged_resolved.into_iter().map(Some).collect();
            let mut late_resolved: Vec<Option<anyhow::Result<ResolvedResource>>> = late_resolved.into_iter().map(Some).collect();
            let resolved: anyhow::Result<Vec<ResolvedResource>> = all_refs
                .iter()
                .map(|r| {
                    let early = tagged_refs.iter().position(|t| t == r).and_then(|i| tagged_resolved.get_mut(i)?.take());
                    let found = early.or_else(|| late_refs.iter().position(|t| t == r).and_then(|i| late_resolved.get_mut(i)?.take()));
                    let found = found.unwrap_or_else(|| Err(anyhow::anyhow!("{} {} was not resolved", r.flag(), r.id())))?;
                    match &vpc_id {
                        Some(wanted) if wanted != &found.vpc_id => {
                            Err(crate::error::usage(format!("{} {} is in {}, not in --vpc {wanted}", r.flag(), r.id(), found.vpc_id)))
                        }
                        _ => Ok(found),
                    }
                })
                .collect();
            Some(fetched("the resources' current interfaces", resolved))
        }
    };

    // The targets' groups and the NLB's, and the subnets on the way (the NLB's and the
    // targets') with their ACLs, picked from the VPC's.
    let nlb_group_ids: BTreeSet<String> = lb.iter().flatten().flat_map(|lb| lb.security_groups().to_vec()).collect();
    let nlb_subnet_ids: BTreeSet<String> =
        lb.iter().flatten().flat_map(|lb| lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string))).collect();
    let of_targets: BTreeSet<String> = interfaces
        .iter()
        .flatten()
        .flat_map(|e| e.groups().iter().filter_map(|g| g.group_id().map(str::to_string)))
        .chain(albs.iter().flatten().flat_map(|a| a.security_groups().to_vec()))
        .collect();
    let subnet_ids: BTreeSet<String> =
        nlb_subnet_ids.iter().cloned().chain(interfaces.iter().flatten().filter_map(|e| e.subnet_id().map(str::to_string))).collect();
    let wanted_groups: BTreeSet<String> = of_targets.union(&nlb_group_ids).cloned().collect();
    let (all, (subnets, network_acls)) = tokio::join!(wide.groups_of(aws, &wanted_groups), wide.subnets_of(aws, &subnet_ids));
    let pick = |ids: &BTreeSet<String>| -> Fetched<Vec<SecurityGroup>> {
        Ok(all.as_ref().map_err(Clone::clone)?.iter().filter(|g| g.group_id().is_some_and(|id| ids.contains(id))).cloned().collect())
    };
    let resource_groups =
        interfaces.as_ref().map_err(Clone::clone).and_then(|_| albs.as_ref().map_err(Clone::clone)).and_then(|_| pick(&of_targets));
    let nlb_groups = match &lb {
        Ok(Some(_)) => pick(&nlb_group_ids),
        Ok(None) => Err(Unread::Absent(NO_NLB)),
        Err(err) => Err(err.clone()),
    };
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

//! Step 2 and 3: the internal NLB, its TCP listener, cross-zone load balancing, the
//! wait until it is active, and PrivateLink inbound-rule enforcement.

use std::time::Duration;

use aws_sdk_elasticloadbalancingv2::types::{
    Action as ElbAction, ActionTypeEnum, EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum as Enforcement, IpAddressType, Listener,
    LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum, LoadBalancerStateEnum, LoadBalancerTypeEnum, ProtocolEnum,
};

use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::elb_tags::{elb_tags, ensure_owned};
use crate::connection::endpoint_service;
use crate::connection::names::ConnectionName;
use crate::connection::vpc::Subnet;
use crate::error::{Refused, usage};
use crate::plan::{Action, Context, Id, Made, Slot, Step, WriteOp, Writer};
use crate::ui::Ui;

const CROSS_ZONE: &str = "load_balancing.cross_zone.enabled";
const KIND: &str = "load-balancer";

#[derive(Debug, Clone)]
pub struct DesiredLoadBalancer {
    pub connection: ConnectionName,
    pub subnets: Vec<Subnet>,
    /// Its own security group: only an NLB created with one can have groups at all.
    pub security_group: Id,
    /// The subnets were named (`--subnet`, or picked in the wizard): an existing NLB is
    /// brought to them. Not named, an existing NLB keeps its zones.
    pub subnets_asked: bool,
}

async fn describe(aws: &Aws, arn: Option<&str>, name: Option<&str>) -> anyhow::Result<Option<LoadBalancer>> {
    let found = aws
        .elb
        .describe_load_balancers()
        .set_load_balancer_arns(arn.map(|a| vec![a.to_string()]))
        .set_names(name.map(|n| vec![n.to_string()]))
        .send()
        .await
        .call("elasticloadbalancing:DescribeLoadBalancers");
    match found {
        Ok(output) => Ok(output.load_balancers.unwrap_or_default().into_iter().next()),
        Err(err) if err.is("LoadBalancerNotFound") => Ok(None),
        Err(err) => Err(err.into()),
    }
}
/// The connection's NLB, found by its derived name and confirmed by tag.
pub async fn find(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Option<LoadBalancer>> {
    let name = connection.load_balancer_name();
    let found = describe(aws, None, Some(&name)).await?;
    if let Some(lb) = &found {
        ensure_owned(aws, connection, lb.load_balancer_arn().unwrap_or_default(), "load balancer", &name).await?;
    }
    Ok(found)
}

/// A load balancer of any type, by ARN or by name as the user typed it.
pub async fn by_arn_or_name(aws: &Aws, arn_or_name: &str) -> anyhow::Result<Option<LoadBalancer>> {
    if arn_or_name.starts_with("arn:") {
        describe(aws, Some(arn_or_name), None).await
    } else {
        describe(aws, None, Some(arn_or_name)).await
    }
}

/// A load balancer's listeners: the one read of them, for every caller.
pub async fn listeners(aws: &Aws, arn: &str) -> anyhow::Result<Vec<Listener>> {
    let found = aws.elb.describe_listeners().load_balancer_arn(arn).send().await.call("elasticloadbalancing:DescribeListeners")?;
    Ok(found.listeners.unwrap_or_default())
}

/// The internal NLBs of a VPC that this tool did not make (a controller's, ECS's), each
/// with its listener ports: what the wizard offers to expose as it is (`--nlb`).
pub async fn adoptable_in(aws: &Aws, vpc_id: &str) -> anyhow::Result<Vec<(String, Vec<u16>)>> {
    let found = aws.elb.describe_load_balancers().send().await.call("elasticloadbalancing:DescribeLoadBalancers")?;
    let mut adoptable = Vec::new();
    for lb in found.load_balancers() {
        let ours = lb.load_balancer_name().is_some_and(|n| n.starts_with("tpl-"));
        let fits = lb.r#type() == Some(&LoadBalancerTypeEnum::Network)
            && lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal)
            && lb.vpc_id() == Some(vpc_id);
        if ours || !fits {
            continue;
        }
        let listeners = listeners(aws, lb.load_balancer_arn().unwrap_or_default()).await?;
        let ports = listeners.iter().filter_map(|l| l.port()).filter_map(|p| u16::try_from(p).ok()).collect();
        adoptable.push((lb.load_balancer_name().unwrap_or_default().to_string(), ports));
    }
    Ok(adoptable)
}

/// `--nlb ARN|NAME`, for a load balancer made by any means.
pub async fn lookup(aws: &Aws, arn_or_name: &str) -> anyhow::Result<LoadBalancer> {
    let lb = by_arn_or_name(aws, arn_or_name)
        .await?
        .ok_or_else(|| usage(format!("--nlb {arn_or_name}: no such load balancer in {}", aws.region)))?;
    if lb.r#type() != Some(&LoadBalancerTypeEnum::Network) {
        return Err(usage(format!("--nlb {arn_or_name} is not a Network Load Balancer; PrivateLink needs one")));
    }
    Ok(lb)
}

/// `--name` or `--nlb`: the NLB a step works on.
pub async fn select(aws: &Aws, name: Option<&ConnectionName>, nlb: Option<&str>) -> anyhow::Result<LoadBalancer> {
    match (name, nlb) {
        (_, Some(nlb)) => lookup(aws, nlb).await,
        (Some(name), None) => find(aws, name).await?.ok_or_else(|| {
            usage(format!("connection '{name}' has no load balancer yet: run `trigger-privatelink create-nlb --name {name}` first"))
        }),
        (None, None) => Err(usage("pass --name or --nlb")),
    }
}

fn conflicts(lb: &LoadBalancer) -> Vec<String> {
    let mut differs = Vec::new();
    if lb.r#type() != Some(&LoadBalancerTypeEnum::Network) {
        differs.push("it is not a Network Load Balancer".to_string());
    }
    if lb.scheme() != Some(&LoadBalancerSchemeEnum::Internal) {
        differs.push("it is internet-facing (asked internal)".to_string());
    }
    differs
}

/// The step that brings an existing NLB's zones to the subnets asked for, if they
/// differ. AWS enables a zone at any time (SetSubnets, repeating the current subnets),
/// removes one only while no endpoint is connected, and changes a zone's subnet only as
/// a removal and then an addition
/// (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/availability-zones.html).
async fn zones_change(aws: &Aws, lb: &LoadBalancer, desired: &DesiredLoadBalancer) -> anyhow::Result<Option<(Vec<String>, Write)>> {
    let name = desired.connection.load_balancer_name();
    let actual: Vec<(&str, &str)> = lb.availability_zones().iter().filter_map(|az| Some((az.zone_name()?, az.subnet_id()?))).collect();
    let has = |id: &str| actual.iter().any(|(_, subnet)| *subnet == id);
    if !desired.subnets_asked || (desired.subnets.len() == actual.len() && desired.subnets.iter().all(|s| has(&s.id))) {
        return Ok(None);
    }
    if let Some(swap) = desired.subnets.iter().find(|s| !has(&s.id) && actual.iter().any(|(zone, _)| *zone == s.availability_zone)) {
        let (_, current) = actual.iter().find(|(zone, _)| *zone == swap.availability_zone).copied().unwrap_or_default();
        return Err(usage(format!(
            "--subnet {} is in {}, where load balancer {name} uses {current}: AWS changes a zone's subnet only by removing the zone first; keep --subnet {current}",
            swap.id, swap.availability_zone
        )));
    }
    let removed: Vec<(&str, &str)> =
        actual.iter().copied().filter(|(_, subnet)| !desired.subnets.iter().any(|s| s.id == *subnet)).collect();
    let added: Vec<&Subnet> = desired.subnets.iter().filter(|s| !has(&s.id)).collect();
    if !removed.is_empty() {
        let arn = lb.load_balancer_arn().unwrap_or_default();
        if let Some(service) = endpoint_service::find_by_nlb(aws, arn).await? {
            let live = endpoint_service::connections(aws, service.service_id().unwrap_or_default()).await?;
            let live: Vec<&str> = live
                .iter()
                .filter(|c| {
                    matches!(endpoint_service::endpoint_state(c).as_str(), "available" | "pending" | "pendingacceptance" | "partial")
                })
                .filter_map(|c| c.vpc_endpoint_id())
                .collect();
            if !live.is_empty() {
                let keep: Vec<&str> = removed.iter().map(|(_, subnet)| *subnet).collect();
                return Err(Refused { message: format!(
                    "load balancer {name} cannot leave {} while Trigger.dev's endpoint {} is connected (AWS keeps an NLB's zones while an endpoint is associated): add --subnet {} again, or remove the connection in the Trigger.dev dashboard first",
                    removed.iter().map(|(zone, _)| *zone).collect::<Vec<_>>().join(", "),
                    live.join(", "),
                    keep.join(" --subnet ")
                )}
                .into());
            }
        }
    }
    let mut details: Vec<String> = Vec::new();
    if !added.is_empty() {
        details.push(format!("add {}", added.iter().map(|s| format!("{} ({})", s.availability_zone, s.id)).collect::<Vec<_>>().join(", ")));
    }
    if !removed.is_empty() {
        details
            .push(format!("remove {}", removed.iter().map(|(zone, subnet)| format!("{zone} ({subnet})")).collect::<Vec<_>>().join(", ")));
    }
    let arn = lb.load_balancer_arn().unwrap_or_default();
    Ok(Some((details, Write::SetSubnets { lb: arn.into(), subnets: desired.subnets.iter().map(|s| s.id.clone()).collect() })))
}

/// The step for the connection's NLB: kept when it exists (and matches what is
/// asked), else created; then, unless `wait` is off, waited for until active (the
/// endpoint service cannot use it before). Returns the NLB as found, too.
pub async fn plan(aws: &Aws, desired: &DesiredLoadBalancer, wait: bool) -> anyhow::Result<(Option<LoadBalancer>, Step)> {
    let name = desired.connection.load_balancer_name();
    let Some(lb) = find(aws, &desired.connection).await? else {
        let zones: Vec<&str> = desired.subnets.iter().map(|s| s.availability_zone.as_str()).collect();
        let lb = Id::Made(Slot::LoadBalancer);
        let step = Step::new(KIND, Action::Created, lb.clone())
            .named(name)
            .detail(format!("internal, {}", zones.join(", ")))
            .write(Write::Create(desired.clone()))
            .writes(wait.then_some(Write::WaitActive { lb }));
        return Ok((None, step));
    };
    let differs = conflicts(&lb);
    if !differs.is_empty() {
        return Err(usage(format!(
            "load balancer {name} already exists but {}: it is not one this tool can use; nothing was changed",
            differs.join(", ")
        )));
    }
    let mut step = existing_step(&lb, wait).named(name);
    if let Some((details, write)) = zones_change(aws, &lb, desired).await? {
        // The zones change first; the wait (if any) follows.
        step.action = Action::Updated;
        step.details = details;
        step.writes.insert(0, std::sync::Arc::new(write));
    }
    Ok((Some(lb), step))
}

/// An NLB that exists: nothing to change, but a wait while it is not active yet.
pub fn existing_step(lb: &LoadBalancer, wait: bool) -> Step {
    let arn = lb.load_balancer_arn().unwrap_or_default();
    let active = matches!(lb.state().and_then(|s| s.code()), Some(LoadBalancerStateEnum::Active | LoadBalancerStateEnum::ActiveImpaired));
    Step::new(KIND, Action::Exists, arn)
        .detail(format!("internal, {}", state_of(lb)))
        .writes((wait && !active).then(|| Write::WaitActive { lb: arn.into() }))
}

/// The step that deletes an NLB (its listeners go with it) and waits until it is gone.
pub fn delete_step(lb: &LoadBalancer) -> Step {
    let arn: Id = lb.load_balancer_arn().unwrap_or_default().into();
    Step::new(KIND, Action::Deleted, arn.clone())
        .named(lb.load_balancer_name().unwrap_or_default())
        .write(Write::Delete { lb: arn.clone() })
        .write(Write::WaitDeleted { lb: arn })
}

/// The step that deletes one listener of the NLB (a route's).
pub fn delete_listener_step(listener: &Listener) -> Step {
    let arn = listener.listener_arn().unwrap_or_default();
    Step::new("listener", Action::Deleted, arn)
        .detail(format!("TCP {}", listener.port().unwrap_or_default()))
        .write(Write::DeleteListener { listener: arn.to_string() })
}

fn state_of(lb: &LoadBalancer) -> String {
    lb.state().and_then(|s| s.code()).map_or("unknown", |c| c.as_str()).to_string()
}

/// The listener on `port` forwarding to the target group: kept when the NLB has it,
/// else created; a listener on that port that forwards elsewhere is a conflict.
pub async fn plan_listener(aws: &Aws, lb: &Id, port: u16, target_group: &Id, connection: Option<&ConnectionName>) -> anyhow::Result<Step> {
    let created = Step::new("listener", Action::Created, Id::Made(Slot::Listener(port)))
        .detail(format!("TCP {port} → target group"))
        .write(Write::CreateListener { lb: lb.clone(), port, target_group: target_group.clone(), connection: connection.cloned() });
    let Some(lb_arn) = lb.known() else { return Ok(created) };
    let listeners = listeners(aws, lb_arn).await?;
    let Some(listener) = listeners.iter().find(|l| l.port() == Some(i32::from(port))) else { return Ok(created) };
    let forwards_to: Vec<&str> = listener.default_actions().iter().filter_map(|a| a.target_group_arn()).collect();
    if listener.protocol() != Some(&ProtocolEnum::Tcp) || target_group.known().is_none_or(|tg| forwards_to != [tg]) {
        return Err(usage(format!(
            "the load balancer already has a listener on port {port} ({} forwarding to {}); nothing was changed",
            listener.protocol().map_or("?", |p| p.as_str()),
            if forwards_to.is_empty() { "nothing".to_string() } else { forwards_to.join(", ") }
        )));
    }
    Ok(Step::new("listener", Action::Exists, listener.listener_arn().unwrap_or_default()).detail(format!("TCP {port}")))
}

pub async fn cross_zone_enabled(aws: &Aws, lb_arn: &str) -> anyhow::Result<bool> {
    let attrs = aws
        .elb
        .describe_load_balancer_attributes()
        .load_balancer_arn(lb_arn)
        .send()
        .await
        .call("elasticloadbalancing:DescribeLoadBalancerAttributes")?;
    Ok(attrs.attributes().iter().any(|a| a.key() == Some(CROSS_ZONE) && a.value() == Some("true")))
}

/// Cross-zone is off by default on an NLB: a database in one zone then gets no
/// traffic from the NLB's nodes in the other zones.
pub async fn plan_cross_zone(aws: &Aws, lb: &Id, enabled: bool) -> anyhow::Result<Step> {
    let current = match lb.known() {
        Some(arn) => cross_zone_enabled(aws, arn).await?,
        None => false,
    };
    let detail = format!("cross-zone load balancing {}", if enabled { "on" } else { "off" });
    Ok(cross_zone_step(lb, current == enabled, enabled).detail(detail))
}

/// The attribute step: kept as it is, or set to `enabled`.
pub fn cross_zone_step(lb: &Id, as_wanted: bool, enabled: bool) -> Step {
    let step = if as_wanted {
        Step::new("lb-attribute", Action::Exists, CROSS_ZONE)
    } else {
        Step::new("lb-attribute", Action::Updated, CROSS_ZONE).write(Write::SetCrossZone { lb: lb.clone(), enabled })
    };
    step.named("cross-zone")
}

/// Poll until the NLB is active (the endpoint service cannot use it before); returns it
/// as last read.
pub async fn wait_active(aws: &Aws, ui: &Ui, lb_arn: &str, timeout: Duration) -> anyhow::Result<LoadBalancer> {
    until_ready(ui, "waiting for the load balancer to become active", timeout, || async {
        let lb =
            describe(aws, Some(lb_arn), None).await?.ok_or_else(|| anyhow::anyhow!("load balancer {lb_arn} disappeared while waiting"))?;
        match lb.state().and_then(|s| s.code()) {
            Some(LoadBalancerStateEnum::Active) | Some(LoadBalancerStateEnum::ActiveImpaired) => Ok(Polled::Ready(lb)),
            Some(LoadBalancerStateEnum::Failed) => {
                let reason = lb.state().and_then(|s| s.reason()).unwrap_or("no reason given");
                anyhow::bail!("load balancer {lb_arn} failed to provision: {reason}")
            }
            other => Ok(Polled::Pending(other.map_or("unknown", |s| s.as_str()).to_string())),
        }
    })
    .await
}

/// Enforcement of inbound rules on PrivateLink traffic, to be off. An NLB without a
/// security group enforces nothing; a new NLB created with one starts with it on.
pub fn plan_enforcement(existing: Option<&LoadBalancer>, lb: &Id, security_group: &Id) -> Step {
    let step = |action| Step::new("privatelink-enforcement", action, lb.clone());
    let off = "enforce inbound rules on PrivateLink traffic: off";
    match existing {
        Some(found) if found.security_groups().is_empty() => step(Action::Exists).detail("no security group: enforcement does not apply"),
        Some(found) if found.enforce_security_group_inbound_rules_on_private_link_traffic() == Some("off") => {
            step(Action::Exists).detail(off)
        }
        Some(found) => step(Action::Updated).detail(off).write(Write::DisableEnforcement {
            lb: lb.clone(),
            groups: found.security_groups().iter().map(|g| Id::from(g.as_str())).collect(),
        }),
        None => step(Action::Updated).detail(off).write(Write::DisableEnforcement { lb: lb.clone(), groups: vec![security_group.clone()] }),
    }
}

/// The NLB's writes.
#[derive(Debug, Clone)]
pub enum Write {
    Create(DesiredLoadBalancer),
    CreateListener {
        lb: Id,
        port: u16,
        target_group: Id,
        connection: Option<ConnectionName>,
    },
    SetCrossZone {
        lb: Id,
        enabled: bool,
    },
    WaitActive {
        lb: Id,
    },
    /// Sets the NLB's groups as they are, with enforcement off, and reads it back.
    DisableEnforcement {
        lb: Id,
        groups: Vec<Id>,
    },
    Delete {
        lb: Id,
    },
    /// One route's listener (teardown --port); a listener gone already is done.
    DeleteListener {
        listener: String,
    },
    WaitDeleted {
        lb: Id,
    },
    /// Every subnet the NLB is to have, the current ones with the new.
    SetSubnets {
        lb: Id,
        subnets: Vec<String>,
    },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::Create(desired) => create(aws, cx.writer, desired, &cx.id(&desired.security_group)?).await.map(Some),
            Write::CreateListener { lb, port, target_group, connection } => {
                let forward = ElbAction::builder().r#type(ActionTypeEnum::Forward).target_group_arn(cx.id(target_group)?).build();
                let created = aws
                    .elb
                    .create_listener()
                    .load_balancer_arn(cx.id(lb)?)
                    .protocol(ProtocolEnum::Tcp)
                    .port(i32::from(*port))
                    .default_actions(forward)
                    .set_tags(connection.as_ref().map(elb_tags))
                    .send()
                    .await
                    .call("elasticloadbalancing:CreateListener")?;
                Ok(Some(Made::id(created.listeners().first().and_then(|l| l.listener_arn()).unwrap_or_default())))
            }
            Write::SetCrossZone { lb, enabled } => {
                aws.elb
                    .modify_load_balancer_attributes()
                    .load_balancer_arn(cx.id(lb)?)
                    .attributes(LoadBalancerAttribute::builder().key(CROSS_ZONE).value(enabled.to_string()).build())
                    .send()
                    .await
                    .call("elasticloadbalancing:ModifyLoadBalancerAttributes")?;
                Ok(None)
            }
            Write::WaitActive { lb } => {
                wait_active(aws, cx.ui, &cx.id(lb)?, cx.wait_timeout).await?;
                Ok(None)
            }
            Write::DisableEnforcement { lb, groups } => {
                let groups = groups.iter().map(|g| cx.id(g)).collect::<anyhow::Result<Vec<_>>>()?;
                disable_enforcement(aws, cx.writer, &cx.id(lb)?, groups).await?;
                Ok(None)
            }
            Write::SetSubnets { lb, subnets } => {
                aws.elb
                    .set_subnets()
                    .load_balancer_arn(cx.id(lb)?)
                    .set_subnets(Some(subnets.clone()))
                    .send()
                    .await
                    .call("elasticloadbalancing:SetSubnets")?;
                Ok(None)
            }
            Write::DeleteListener { listener } => {
                match aws.elb.delete_listener().listener_arn(listener).send().await.call("elasticloadbalancing:DeleteListener") {
                    Err(err) if !err.is("ListenerNotFound") => Err(err.into()),
                    _ => Ok(None),
                }
            }
            Write::Delete { lb } => {
                match aws
                    .elb
                    .delete_load_balancer()
                    .load_balancer_arn(cx.id(lb)?)
                    .send()
                    .await
                    .call("elasticloadbalancing:DeleteLoadBalancer")
                {
                    Err(err) if !err.is("LoadBalancerNotFound") => return Err(err.into()),
                    _ => {}
                }
                Ok(None)
            }
            Write::WaitDeleted { lb } => {
                let arn = cx.id(lb)?;
                until_ready(cx.ui, "waiting for the load balancer to be deleted", cx.wait_timeout, || async {
                    match describe(aws, Some(&arn), None).await? {
                        None => Ok(Polled::Ready(())),
                        Some(_) => Ok(Polled::Pending("deleting".into())),
                    }
                })
                .await?;
                Ok(None)
            }
        }
    }
}

async fn create(aws: &Aws, _: &Writer, desired: &DesiredLoadBalancer, security_group: &str) -> anyhow::Result<Made> {
    let name = desired.connection.load_balancer_name();
    let lb = aws
        .elb
        .create_load_balancer()
        .name(&name)
        .r#type(LoadBalancerTypeEnum::Network)
        .scheme(LoadBalancerSchemeEnum::Internal)
        .ip_address_type(IpAddressType::Ipv4)
        .set_subnets(Some(desired.subnets.iter().map(|s| s.id.clone()).collect()))
        .security_groups(security_group)
        .set_tags(Some(elb_tags(&desired.connection)))
        .send()
        .await
        .call("elasticloadbalancing:CreateLoadBalancer")?
        .load_balancers
        .unwrap_or_default()
        .into_iter()
        .next()
        .ok_or_else(|| anyhow::anyhow!("CreateLoadBalancer returned no load balancer"))?;
    Ok(Made { id: lb.load_balancer_arn().unwrap_or_default().to_string(), name: Some(name) })
}

/// Turns enforcement off, keeping the NLB's groups, and reads the setting back: AWS
/// has been seen to accept the call and keep the old value.
async fn disable_enforcement(aws: &Aws, _: &Writer, arn: &str, groups: Vec<String>) -> anyhow::Result<()> {
    aws.elb
        .set_security_groups()
        .load_balancer_arn(arn)
        .set_security_groups(Some(groups))
        .enforce_security_group_inbound_rules_on_private_link_traffic(Enforcement::Off)
        .send()
        .await
        .call("elasticloadbalancing:SetSecurityGroups")?;
    let after = describe(aws, Some(arn), None).await?;
    match after.as_ref().and_then(|lb| lb.enforce_security_group_inbound_rules_on_private_link_traffic()) {
        Some("off") => Ok(()),
        other => anyhow::bail!(
            "asked AWS to turn enforcement off on {arn}, but it reads back as {}; check in the console: EC2 → Load Balancers → Security → Edit",
            other.unwrap_or("absent")
        ),
    }
}

//! Step 2 and 3: the internal NLB, its TCP listener, cross-zone load balancing, the
//! wait until it is active, and PrivateLink inbound-rule enforcement.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_sdk_elasticloadbalancingv2::types::{
    Action as ElbAction, ActionTypeEnum, EnforceSecurityGroupInboundRulesOnPrivateLinkTrafficEnum as Enforcement, IpAddressType,
    LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum, LoadBalancerStateEnum, LoadBalancerTypeEnum, ProtocolEnum,
};

use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::outcome::{Action, PlanItem, ResourceOutcome};
use crate::connection::target_group::{elb_tags, ensure_owned};
use crate::connection::vpc::Subnet;
use crate::error::usage;
use crate::ui::Ui;

const CROSS_ZONE: &str = "load_balancing.cross_zone.enabled";

#[derive(Debug, Clone)]
pub struct DesiredLoadBalancer {
    pub connection: ConnectionName,
    pub subnets: Vec<Subnet>,
    pub security_group_id: String,
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

/// `--nlb ARN|NAME`, for a load balancer made by any means.
pub async fn lookup(aws: &Aws, arn_or_name: &str) -> anyhow::Result<LoadBalancer> {
    let found = if arn_or_name.starts_with("arn:") {
        describe(aws, Some(arn_or_name), None).await?
    } else {
        describe(aws, None, Some(arn_or_name)).await?
    };
    let lb = found.ok_or_else(|| usage(format!("--nlb {arn_or_name}: no such load balancer in {}", aws.region)))?;
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

fn conflicts(lb: &LoadBalancer, desired: &DesiredLoadBalancer) -> Vec<String> {
    let mut differs = Vec::new();
    if lb.r#type() != Some(&LoadBalancerTypeEnum::Network) {
        differs.push("it is not a Network Load Balancer".to_string());
    }
    if lb.scheme() != Some(&LoadBalancerSchemeEnum::Internal) {
        differs.push("it is internet-facing (asked internal)".to_string());
    }
    let wanted: BTreeSet<&str> = desired.subnets.iter().map(|s| s.id.as_str()).collect();
    let actual: BTreeSet<&str> = lb.availability_zones().iter().filter_map(|az| az.subnet_id()).collect();
    if wanted != actual {
        differs.push(format!(
            "subnets {} (asked {})",
            actual.into_iter().collect::<Vec<_>>().join(", "),
            wanted.into_iter().collect::<Vec<_>>().join(", ")
        ));
    }
    differs
}

/// The connection's NLB, if it exists already (and matches what is asked).
pub async fn plan(aws: &Aws, desired: &DesiredLoadBalancer) -> anyhow::Result<Option<LoadBalancer>> {
    let Some(lb) = find(aws, &desired.connection).await? else { return Ok(None) };
    let differs = conflicts(&lb, desired);
    if !differs.is_empty() {
        let name = desired.connection.load_balancer_name();
        return Err(usage(format!("load balancer {name} already exists but {}; nothing was changed", differs.join(", "))));
    }
    Ok(Some(lb))
}

pub fn plan_item(desired: &DesiredLoadBalancer, existing: Option<&LoadBalancer>) -> PlanItem {
    let name = desired.connection.load_balancer_name();
    match existing {
        Some(lb) => {
            PlanItem::keep("load-balancer", name, lb.load_balancer_arn().unwrap_or_default()).detail(format!("internal, {}", state_of(lb)))
        }
        None => {
            let zones: Vec<&str> = desired.subnets.iter().map(|s| s.availability_zone.as_str()).collect();
            PlanItem::create("load-balancer", name).detail(format!("internal, {}", zones.join(", ")))
        }
    }
}

pub async fn apply(
    aws: &Aws,
    desired: &DesiredLoadBalancer,
    existing: Option<LoadBalancer>,
) -> anyhow::Result<(LoadBalancer, ResourceOutcome)> {
    let item = plan_item(desired, existing.as_ref());
    let lb = match existing {
        Some(lb) => lb,
        None => aws
            .elb
            .create_load_balancer()
            .name(desired.connection.load_balancer_name())
            .r#type(LoadBalancerTypeEnum::Network)
            .scheme(LoadBalancerSchemeEnum::Internal)
            .ip_address_type(IpAddressType::Ipv4)
            .set_subnets(Some(desired.subnets.iter().map(|s| s.id.clone()).collect()))
            .security_groups(&desired.security_group_id)
            .set_tags(Some(elb_tags(&desired.connection)))
            .send()
            .await
            .call("elasticloadbalancing:CreateLoadBalancer")?
            .load_balancers
            .unwrap_or_default()
            .into_iter()
            .next()
            .ok_or_else(|| anyhow::anyhow!("CreateLoadBalancer returned no load balancer"))?,
    };
    let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    Ok((lb, item.done(arn)))
}

pub async fn ensure(aws: &Aws, desired: &DesiredLoadBalancer) -> anyhow::Result<(LoadBalancer, ResourceOutcome)> {
    let existing = plan(aws, desired).await?;
    apply(aws, desired, existing).await
}

fn state_of(lb: &LoadBalancer) -> String {
    lb.state().and_then(|s| s.code()).map_or("unknown", |c| c.as_str()).to_string()
}

/// The listener on `port`, if the NLB exists and has one that forwards to the target
/// group; a listener on that port that forwards elsewhere is a conflict.
pub async fn plan_listener(aws: &Aws, lb_arn: Option<&str>, port: u16, target_group_arn: Option<&str>) -> anyhow::Result<PlanItem> {
    let created = PlanItem::create("listener", "").unnamed().detail(format!("TCP {port} → target group"));
    let Some(lb_arn) = lb_arn else { return Ok(created) };
    let listeners = aws.elb.describe_listeners().load_balancer_arn(lb_arn).send().await.call("elasticloadbalancing:DescribeListeners")?;
    let Some(listener) = listeners.listeners().iter().find(|l| l.port() == Some(i32::from(port))) else { return Ok(created) };
    let forwards_to: Vec<&str> = listener.default_actions().iter().filter_map(|a| a.target_group_arn()).collect();
    if listener.protocol() != Some(&ProtocolEnum::Tcp) || target_group_arn.is_none_or(|tg| forwards_to != [tg]) {
        return Err(usage(format!(
            "the load balancer already has a listener on port {port} ({} forwarding to {}); nothing was changed",
            listener.protocol().map_or("?", |p| p.as_str()),
            if forwards_to.is_empty() { "nothing".to_string() } else { forwards_to.join(", ") }
        )));
    }
    Ok(PlanItem::keep("listener", "", listener.listener_arn().unwrap_or_default()).unnamed().detail(format!("TCP {port}")))
}

pub async fn apply_listener(
    aws: &Aws,
    item: PlanItem,
    lb_arn: &str,
    port: u16,
    target_group_arn: &str,
    connection: Option<&ConnectionName>,
) -> anyhow::Result<ResourceOutcome> {
    if let Some(id) = item.id.clone() {
        return Ok(item.done(id));
    }
    let forward = ElbAction::builder().r#type(ActionTypeEnum::Forward).target_group_arn(target_group_arn).build();
    let created = aws
        .elb
        .create_listener()
        .load_balancer_arn(lb_arn)
        .protocol(ProtocolEnum::Tcp)
        .port(i32::from(port))
        .default_actions(forward)
        .set_tags(connection.map(elb_tags))
        .send()
        .await
        .call("elasticloadbalancing:CreateListener")?;
    Ok(item.done(created.listeners().first().and_then(|l| l.listener_arn()).unwrap_or_default()))
}

/// A TCP listener on `port` forwarding to `target_group_arn`.
pub async fn ensure_listener(
    aws: &Aws,
    lb_arn: &str,
    port: u16,
    target_group_arn: &str,
    connection: Option<&ConnectionName>,
) -> anyhow::Result<ResourceOutcome> {
    let item = plan_listener(aws, Some(lb_arn), port, Some(target_group_arn)).await?;
    apply_listener(aws, item, lb_arn, port, target_group_arn, connection).await
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
pub async fn plan_cross_zone(aws: &Aws, lb_arn: Option<&str>, enabled: bool) -> anyhow::Result<PlanItem> {
    let current = match lb_arn {
        Some(arn) => cross_zone_enabled(aws, arn).await?,
        None => false,
    };
    let detail = format!("cross-zone load balancing {}", if enabled { "on" } else { "off" });
    let item =
        if current == enabled { PlanItem::keep("lb-attribute", "", CROSS_ZONE) } else { PlanItem::update("lb-attribute", "", CROSS_ZONE) };
    Ok(item.unnamed().detail(detail))
}

pub async fn apply_cross_zone(aws: &Aws, item: PlanItem, lb_arn: &str, enabled: bool) -> anyhow::Result<ResourceOutcome> {
    if item.action == Action::Updated {
        aws.elb
            .modify_load_balancer_attributes()
            .load_balancer_arn(lb_arn)
            .attributes(LoadBalancerAttribute::builder().key(CROSS_ZONE).value(enabled.to_string()).build())
            .send()
            .await
            .call("elasticloadbalancing:ModifyLoadBalancerAttributes")?;
    }
    Ok(item.done(CROSS_ZONE))
}

pub async fn ensure_cross_zone(aws: &Aws, lb_arn: &str, enabled: bool) -> anyhow::Result<ResourceOutcome> {
    let item = plan_cross_zone(aws, Some(lb_arn), enabled).await?;
    apply_cross_zone(aws, item, lb_arn, enabled).await
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

/// What `disable-enforcement` found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnforcementChange {
    /// The NLB has no security group, so there is nothing to enforce.
    NotApplicable,
    AlreadyOff,
    TurnedOff,
}

/// Enforcement as planned: a new NLB created with a security group starts with it on.
pub fn plan_enforcement(lb: Option<&LoadBalancer>) -> PlanItem {
    let item = match lb {
        Some(lb) if lb.security_groups().is_empty() || lb.enforce_security_group_inbound_rules_on_private_link_traffic() == Some("off") => {
            PlanItem::keep("privatelink-enforcement", "", lb.load_balancer_arn().unwrap_or_default())
        }
        Some(lb) => PlanItem::update("privatelink-enforcement", "", lb.load_balancer_arn().unwrap_or_default()),
        None => PlanItem::update("privatelink-enforcement", "", ""),
    };
    item.unnamed().detail("enforce inbound rules on PrivateLink traffic: off")
}

pub async fn disable_enforcement(aws: &Aws, lb: &LoadBalancer) -> anyhow::Result<EnforcementChange> {
    let arn = lb.load_balancer_arn().unwrap_or_default();
    if lb.security_groups().is_empty() {
        return Ok(EnforcementChange::NotApplicable);
    }
    if lb.enforce_security_group_inbound_rules_on_private_link_traffic() == Some("off") {
        return Ok(EnforcementChange::AlreadyOff);
    }
    aws.elb
        .set_security_groups()
        .load_balancer_arn(arn)
        .set_security_groups(Some(lb.security_groups().to_vec()))
        .enforce_security_group_inbound_rules_on_private_link_traffic(Enforcement::Off)
        .send()
        .await
        .call("elasticloadbalancing:SetSecurityGroups")?;
    let after = describe(aws, Some(arn), None).await?;
    match after.as_ref().and_then(|lb| lb.enforce_security_group_inbound_rules_on_private_link_traffic()) {
        Some("off") => Ok(EnforcementChange::TurnedOff),
        other => anyhow::bail!(
            "asked AWS to turn enforcement off on {arn}, but it reads back as {}; check in the console: EC2 → Load Balancers → Security → Edit",
            other.unwrap_or("absent")
        ),
    }
}

//! Step 4 and 5: the VPC endpoint service on the NLB, and who may connect to it.
//!
//! An endpoint service has no name: it is found by the connection's tag, by the NLB it
//! serves, or by the ID the user gives. Filters are applied again on our side, since
//! not every API implementation honours them.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_sdk_ec2::types::{ResourceType, ServiceConfiguration, ServiceState};

use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::outcome::{Action, PlanItem, ResourceOutcome};
use crate::connection::principal::Principal;
use crate::connection::security_group::ec2_tags;
use crate::connection::vpc::ec2_filter;
use crate::error::usage;
use crate::ui::Ui;

#[derive(Debug, Clone)]
pub struct DesiredService {
    pub connection: Option<ConnectionName>,
    pub nlb_arn: String,
    /// Regions other than the home region that consumers may connect from.
    pub supported_regions: BTreeSet<String>,
}

async fn describe_all(
    request: aws_sdk_ec2::operation::describe_vpc_endpoint_service_configurations::builders::DescribeVpcEndpointServiceConfigurationsFluentBuilder,
) -> anyhow::Result<Vec<ServiceConfiguration>> {
    let mut pages = request.into_paginator().send();
    let mut all = Vec::new();
    while let Some(page) = pages.next().await {
        all.extend(page.call("ec2:DescribeVpcEndpointServiceConfigurations")?.service_configurations.unwrap_or_default());
    }
    Ok(all)
}

fn owned_by(service: &ServiceConfiguration, connection: &ConnectionName) -> bool {
    connection.owns(service.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())))
}

pub async fn find_by_connection(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Option<ServiceConfiguration>> {
    let request =
        aws.ec2.describe_vpc_endpoint_service_configurations().filters(ec2_filter(&format!("tag:{CONNECTION_KEY}"), [connection.as_str()]));
    Ok(describe_all(request).await?.into_iter().find(|s| owned_by(s, connection) && !is_gone(s)))
}

pub async fn find_by_nlb(aws: &Aws, nlb_arn: &str) -> anyhow::Result<Option<ServiceConfiguration>> {
    let request = aws.ec2.describe_vpc_endpoint_service_configurations();
    Ok(describe_all(request).await?.into_iter().find(|s| s.network_load_balancer_arns().iter().any(|a| a == nlb_arn) && !is_gone(s)))
}

pub async fn find_by_id(aws: &Aws, id: &str) -> anyhow::Result<ServiceConfiguration> {
    let request = aws.ec2.describe_vpc_endpoint_service_configurations().service_ids(id);
    let found = match describe_all(request).await {
        Ok(all) => all.into_iter().find(|s| s.service_id() == Some(id) && !is_gone(s)),
        Err(err) if err.downcast_ref::<crate::aws::AwsCallError>().is_some_and(|e| e.is("InvalidVpcEndpointServiceId.NotFound")) => None,
        Err(err) => return Err(err),
    };
    found.ok_or_else(|| usage(format!("--service-id {id}: no such endpoint service in {}", aws.region)))
}

/// `--name` or `--service-id`: the endpoint service a step works on.
pub async fn select(aws: &Aws, name: Option<&ConnectionName>, service_id: Option<&str>) -> anyhow::Result<ServiceConfiguration> {
    match (name, service_id) {
        (_, Some(id)) => find_by_id(aws, id).await,
        (Some(name), None) => find_by_connection(aws, name).await?.ok_or_else(|| {
            usage(format!(
                "connection '{name}' has no endpoint service yet: run `trigger-privatelink create-endpoint-service --name {name}` first"
            ))
        }),
        (None, None) => Err(usage("pass --name or --service-id")),
    }
}

/// The endpoint's state in lower case: EC2 answers `pendingAcceptance` and `available`,
/// though its API model spells them `PendingAcceptance` and `Available`.
pub fn endpoint_state(connection: &aws_sdk_ec2::types::VpcEndpointConnection) -> String {
    connection.vpc_endpoint_state().map_or("unknown", |s| s.as_str()).to_ascii_lowercase()
}

fn is_gone(service: &ServiceConfiguration) -> bool {
    matches!(service.service_state(), Some(ServiceState::Deleted | ServiceState::Deleting))
}

/// The regions consumers may connect from. AWS always lists the home region; an
/// empty list can only mean it was left out, so it counts as the home region alone.
fn regions_of(service: &ServiceConfiguration, home: &str) -> BTreeSet<String> {
    let listed: BTreeSet<String> = service.supported_regions().iter().filter_map(|r| r.region().map(str::to_string)).collect();
    if listed.is_empty() { BTreeSet::from([home.to_string()]) } else { listed }
}

/// A client token that makes a retried create return the same service.
fn client_token(desired: &DesiredService) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    desired.nlb_arn.hash(&mut hasher);
    let name = desired.connection.as_ref().map_or("nlb", ConnectionName::as_str);
    format!("tpl-{name}-{:016x}", hasher.finish())
}

/// What applying a desired endpoint service will do.
#[derive(Debug, Clone)]
pub struct ServicePlan {
    pub existing: Option<ServiceConfiguration>,
    /// Every region consumers may connect from, the home region included.
    pub regions: BTreeSet<String>,
    pub add_regions: Vec<String>,
    pub remove_regions: Vec<String>,
    pub stop_requiring_acceptance: bool,
    pub remove_private_dns: bool,
}

impl ServicePlan {
    /// A service that does not exist yet, for these regions (the home region included).
    pub fn new_service(regions: BTreeSet<String>) -> Self {
        Self {
            existing: None,
            regions,
            add_regions: Vec::new(),
            remove_regions: Vec::new(),
            stop_requiring_acceptance: false,
            remove_private_dns: false,
        }
    }

    pub fn item(&self) -> PlanItem {
        let regions = format!("regions {}", self.regions.iter().cloned().collect::<Vec<_>>().join(", "));
        let Some(service) = &self.existing else {
            return PlanItem::create("endpoint-service", "").unnamed().detail("acceptance not required").detail(regions);
        };
        let id = service.service_id().unwrap_or_default();
        let name = service.service_name().unwrap_or_default();
        let mut changes = Vec::new();
        if self.stop_requiring_acceptance {
            changes.push("acceptance no longer required".to_string());
        }
        if self.remove_private_dns {
            changes.push("private DNS name removed".to_string());
        }
        if !self.add_regions.is_empty() {
            changes.push(format!("added regions {}", self.add_regions.join(", ")));
        }
        if !self.remove_regions.is_empty() {
            changes.push(format!("removed regions {}", self.remove_regions.join(", ")));
        }
        if changes.is_empty() {
            PlanItem::keep("endpoint-service", name, id).detail(format!("{}, {regions}", state_name(service)))
        } else {
            PlanItem::update("endpoint-service", name, id).details(changes)
        }
    }
}

pub async fn plan(aws: &Aws, desired: &DesiredService) -> anyhow::Result<ServicePlan> {
    let existing = match &desired.connection {
        Some(connection) => find_by_connection(aws, connection).await?,
        None => None,
    };
    let existing = match existing {
        Some(service) => Some(service),
        None => find_by_nlb(aws, &desired.nlb_arn).await?,
    };
    let mut regions = desired.supported_regions.clone();
    regions.insert(aws.region.clone());
    let Some(service) = existing else { return Ok(ServicePlan::new_service(regions)) };
    if !service.network_load_balancer_arns().iter().any(|a| a == &desired.nlb_arn) {
        return Err(usage(format!(
            "endpoint service {} of this connection serves {}, not {}; nothing was changed",
            service.service_id().unwrap_or_default(),
            service.network_load_balancer_arns().join(", "),
            desired.nlb_arn
        )));
    }
    let current = regions_of(&service, &aws.region);
    Ok(ServicePlan {
        add_regions: regions.difference(&current).cloned().collect(),
        remove_regions: current.difference(&regions).filter(|r| **r != aws.region).cloned().collect(),
        stop_requiring_acceptance: service.acceptance_required() != Some(false),
        remove_private_dns: service.private_dns_name().is_some_and(|n| !n.is_empty()),
        regions,
        existing: Some(service),
    })
}

pub async fn apply(aws: &Aws, desired: &DesiredService, plan: &ServicePlan) -> anyhow::Result<(ServiceConfiguration, ResourceOutcome)> {
    let item = plan.item();
    let Some(service) = &plan.existing else {
        let mut request = aws
            .ec2
            .create_vpc_endpoint_service_configuration()
            .acceptance_required(false)
            .network_load_balancer_arns(&desired.nlb_arn)
            .client_token(client_token(desired));
        if !desired.supported_regions.is_empty() {
            request = request.set_supported_regions(Some(plan.regions.iter().cloned().collect()));
        }
        if let Some(connection) = &desired.connection {
            request = request.tag_specifications(ec2_tags(connection, ResourceType::VpcEndpointService));
        }
        let created = request.send().await.call("ec2:CreateVpcEndpointServiceConfiguration")?;
        let service =
            created.service_configuration.ok_or_else(|| anyhow::anyhow!("CreateVpcEndpointServiceConfiguration returned no service"))?;
        let mut outcome = item.done(service.service_id().unwrap_or_default());
        outcome.name = service.service_name().map(str::to_string);
        return Ok((service, outcome));
    };
    let id = service.service_id().unwrap_or_default();
    if item.action == Action::Updated {
        let mut modify = aws.ec2.modify_vpc_endpoint_service_configuration().service_id(id);
        if plan.stop_requiring_acceptance {
            modify = modify.acceptance_required(false);
        }
        if plan.remove_private_dns {
            modify = modify.remove_private_dns_name(true);
        }
        if !plan.add_regions.is_empty() {
            modify = modify.set_add_supported_regions(Some(plan.add_regions.clone()));
        }
        if !plan.remove_regions.is_empty() {
            modify = modify.set_remove_supported_regions(Some(plan.remove_regions.clone()));
        }
        modify.send().await.call("ec2:ModifyVpcEndpointServiceConfiguration")?;
    }
    Ok((service.clone(), item.done(id)))
}

pub async fn ensure(aws: &Aws, desired: &DesiredService) -> anyhow::Result<(ServiceConfiguration, ResourceOutcome)> {
    let plan = plan(aws, desired).await?;
    apply(aws, desired, &plan).await
}

fn state_name(service: &ServiceConfiguration) -> &str {
    service.service_state().map_or("unknown", |s| s.as_str())
}

pub async fn wait_available(aws: &Aws, ui: &Ui, service_id: &str, timeout: Duration) -> anyhow::Result<()> {
    until_ready(ui, "waiting for the endpoint service to become available", timeout, || async {
        let service = find_by_id(aws, service_id).await?;
        match service.service_state() {
            Some(ServiceState::Available) => Ok(Polled::Ready(())),
            Some(ServiceState::Failed) => {
                anyhow::bail!("endpoint service {service_id} failed; check the load balancer is an active internal NLB")
            }
            other => Ok(Polled::Pending(other.map_or("unknown", |s| s.as_str()).to_string())),
        }
    })
    .await
}

/// The principals to allow that are not allowed yet (all of them when the service
/// does not exist yet).
#[derive(Debug, Clone)]
pub struct PrincipalsPlan {
    pub missing: Vec<String>,
    pub wanted: Vec<String>,
}

impl PrincipalsPlan {
    pub fn item(&self, service_id: Option<&str>) -> PlanItem {
        let id = service_id.unwrap_or_default();
        if self.missing.is_empty() {
            PlanItem::keep("allowed-principals", "", id).unnamed().detail(format!("allowed {}", self.wanted.join(", ")))
        } else {
            PlanItem::update("allowed-principals", "", id).unnamed().detail(format!("add {}", self.missing.join(", ")))
        }
    }
}

pub async fn plan_principals(aws: &Aws, service_id: Option<&str>, principals: &BTreeSet<Principal>) -> anyhow::Result<PrincipalsPlan> {
    let allowed: BTreeSet<String> = match service_id {
        Some(id) => aws
            .ec2
            .describe_vpc_endpoint_service_permissions()
            .service_id(id)
            .send()
            .await
            .call("ec2:DescribeVpcEndpointServicePermissions")?
            .allowed_principals()
            .iter()
            .filter_map(|p| p.principal().map(str::to_string))
            .collect(),
        None => BTreeSet::new(),
    };
    let wanted: Vec<String> = principals.iter().map(Principal::arn).collect();
    let missing = wanted.iter().filter(|arn| !allowed.contains(*arn)).cloned().collect();
    Ok(PrincipalsPlan { missing, wanted })
}

pub async fn apply_principals(aws: &Aws, plan: &PrincipalsPlan, service_id: &str) -> anyhow::Result<ResourceOutcome> {
    if !plan.missing.is_empty() {
        aws.ec2
            .modify_vpc_endpoint_service_permissions()
            .service_id(service_id)
            .set_add_allowed_principals(Some(plan.missing.clone()))
            .send()
            .await
            .call("ec2:ModifyVpcEndpointServicePermissions")?;
    }
    Ok(plan.item(Some(service_id)).done(service_id))
}

/// Add the principals that are not yet allowed.
pub async fn allow_principals(aws: &Aws, service_id: &str, principals: &BTreeSet<Principal>) -> anyhow::Result<ResourceOutcome> {
    let plan = plan_principals(aws, Some(service_id), principals).await?;
    apply_principals(aws, &plan, service_id).await
}

//! Step 4 and 5: the VPC endpoint service on the NLB, and who may connect to it.
//!
//! An endpoint service has no name: it is found by the connection's tag, by the NLB it
//! serves, or by the ID the user gives. Filters are applied again on our side, since
//! not every API implementation honours them.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_sdk_ec2::types::{ResourceType, ServiceConfiguration, ServiceState};

use crate::aws::AwsCallError;
use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::names::{CONNECTION_KEY, ConnectionName};
use crate::connection::principal::Principal;
use crate::connection::security_group::ec2_tags;
use crate::connection::vpc::ec2_filter;
use crate::error::usage;
use crate::plan::{Action, Context, Id, Made, Mode, PermissionCheck, Slot, Step, WriteOp, dry_run_id};
use crate::ui::Ui;

const KIND: &str = "endpoint-service";

#[derive(Debug, Clone)]
pub struct DesiredService {
    pub connection: Option<ConnectionName>,
    pub nlb: Id,
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

pub fn owned_by(service: &ServiceConfiguration, connection: &ConnectionName) -> bool {
    connection.owns(service.tags().iter().map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())))
}

pub async fn find_by_connection(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Option<ServiceConfiguration>> {
    let request =
        aws.ec2.describe_vpc_endpoint_service_configurations().filters(ec2_filter(&format!("tag:{CONNECTION_KEY}"), [connection.as_str()]));
    Ok(describe_all(request).await?.into_iter().find(|s| owned_by(s, connection) && !is_gone(s)))
}

/// Every endpoint service of the account in the region.
pub async fn all(aws: &Aws) -> anyhow::Result<Vec<ServiceConfiguration>> {
    let request = aws.ec2.describe_vpc_endpoint_service_configurations().max_results(crate::aws::EC2_PAGE);
    Ok(describe_all(request).await?.into_iter().filter(|s| !is_gone(s)).collect())
}

pub async fn find_by_nlb(aws: &Aws, nlb_arn: &str) -> anyhow::Result<Option<ServiceConfiguration>> {
    let request = aws.ec2.describe_vpc_endpoint_service_configurations().max_results(crate::aws::EC2_PAGE);
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

/// The consumer endpoints connected to a service, in any state.
pub async fn connections(aws: &Aws, service_id: &str) -> anyhow::Result<Vec<aws_sdk_ec2::types::VpcEndpointConnection>> {
    let found = aws
        .ec2
        .describe_vpc_endpoint_connections()
        .filters(ec2_filter("service-id", [service_id]))
        .send()
        .await
        .call("ec2:DescribeVpcEndpointConnections")?;
    Ok(found.vpc_endpoint_connections.unwrap_or_default())
}

/// The account that provides the service: its load balancer's (an ARN's fifth field).
fn provider_account(service: &ServiceConfiguration) -> Option<&str> {
    service.network_load_balancer_arns().first().and_then(|arn| arn.split(':').nth(4)).filter(|a| !a.is_empty())
}

/// An endpoint of the provider's own account (the one `doctor --probe` makes), never
/// Trigger.dev's.
pub fn is_own(service: Option<&ServiceConfiguration>, connection: &aws_sdk_ec2::types::VpcEndpointConnection) -> bool {
    service.and_then(provider_account).is_some_and(|own| connection.vpc_endpoint_owner() == Some(own))
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
fn client_token(connection: Option<&ConnectionName>, nlb_arn: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    nlb_arn.hash(&mut hasher);
    let name = connection.map_or("nlb", ConnectionName::as_str);
    format!("tpl-{name}-{:016x}", hasher.finish())
}

/// What a modification of an existing service changes.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    pub add_regions: Vec<String>,
    pub remove_regions: Vec<String>,
    pub stop_requiring_acceptance: bool,
    pub remove_private_dns: bool,
}

impl Changes {
    fn describe(&self) -> Vec<String> {
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
        changes
    }
}

/// The step for the endpoint service on the NLB: created, kept, or modified to match
/// (acceptance off, no private DNS, the asked regions); then, unless `wait` is off,
/// waited for until Available.
pub async fn plan(aws: &Aws, desired: &DesiredService, wait: bool) -> anyhow::Result<Step> {
    let existing = match &desired.connection {
        Some(connection) => find_by_connection(aws, connection).await?,
        None => None,
    };
    let existing = match (existing, desired.nlb.known()) {
        (Some(service), _) => Some(service),
        (None, Some(nlb)) => find_by_nlb(aws, nlb).await?,
        (None, None) => None,
    };
    let mut regions = desired.supported_regions.clone();
    regions.insert(aws.region.clone());
    let listed = format!("regions {}", regions.iter().cloned().collect::<Vec<_>>().join(", "));
    let Some(service) = existing else {
        let service = Id::Made(Slot::Service);
        let create = Write::Create {
            nlb: desired.nlb.clone(),
            regions,
            others: !desired.supported_regions.is_empty(),
            connection: desired.connection.clone(),
        };
        return Ok(Step::new(KIND, Action::Created, service.clone())
            .detail("acceptance not required")
            .detail(listed)
            .write(create)
            .writes(wait.then_some(Write::WaitAvailable { service })));
    };
    if desired.nlb.known().is_none_or(|nlb| !service.network_load_balancer_arns().iter().any(|a| a == nlb)) {
        return Err(usage(format!(
            "endpoint service {} of this connection serves {}, not {}; nothing was changed",
            service.service_id().unwrap_or_default(),
            service.network_load_balancer_arns().join(", "),
            desired.nlb.known().unwrap_or("the load balancer this plan creates")
        )));
    }
    let current = regions_of(&service, &aws.region);
    let changes = Changes {
        add_regions: regions.difference(&current).cloned().collect(),
        remove_regions: current.difference(&regions).filter(|r| **r != aws.region).cloned().collect(),
        stop_requiring_acceptance: service.acceptance_required() != Some(false),
        remove_private_dns: service.private_dns_name().is_some_and(|n| !n.is_empty()),
    };
    let id = service.service_id().unwrap_or_default();
    let step = if changes.describe().is_empty() {
        Step::new(KIND, Action::Exists, id).detail(format!("{}, {listed}", state_name(&service)))
    } else {
        Step::new(KIND, Action::Updated, id).details(changes.describe()).write(Write::Modify { service: id.into(), changes })
    };
    let pending = service.service_state() != Some(&ServiceState::Available);
    Ok(step
        .named(service.service_name().unwrap_or_default())
        .writes((wait && pending).then(|| Write::WaitAvailable { service: id.into() })))
}

/// The step that turns off acceptance on a service built by any means.
pub fn stop_requiring_acceptance(service_id: &str) -> Step {
    let changes = Changes { stop_requiring_acceptance: true, ..Default::default() };
    Step::new(KIND, Action::Updated, service_id).details(changes.describe()).write(Write::Modify { service: service_id.into(), changes })
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

/// The principals allowed on a service now (none when it is yet to be made).
pub async fn allowed_principals(aws: &Aws, service: &Id) -> anyhow::Result<BTreeSet<String>> {
    let Some(id) = service.known() else { return Ok(BTreeSet::new()) };
    Ok(aws
        .ec2
        .describe_vpc_endpoint_service_permissions()
        .service_id(id)
        .send()
        .await
        .call("ec2:DescribeVpcEndpointServicePermissions")?
        .allowed_principals()
        .iter()
        .filter_map(|p| p.principal().map(str::to_string))
        .collect())
}

/// The step that allows the principals that are not allowed yet.
pub async fn plan_principals(aws: &Aws, service: &Id, principals: &BTreeSet<Principal>) -> anyhow::Result<Step> {
    let allowed = allowed_principals(aws, service).await?;
    let wanted: Vec<String> = principals.iter().map(Principal::arn).collect();
    let missing: Vec<String> = wanted.iter().filter(|arn| !allowed.contains(*arn)).cloned().collect();
    Ok(if missing.is_empty() {
        Step::new("allowed-principals", Action::Exists, service.clone()).detail(format!("allowed {}", wanted.join(", ")))
    } else {
        allow_step(service, missing)
    })
}

pub fn allow_step(service: &Id, principals: Vec<String>) -> Step {
    Step::new("allowed-principals", Action::Updated, service.clone())
        .detail(format!("add {}", principals.join(", ")))
        .write(Write::AllowPrincipals { service: service.clone(), principals })
}

/// The step that accepts consumer endpoints waiting for acceptance.
pub fn accept_step(service_id: &str, endpoints: Vec<String>) -> Step {
    Step::new("endpoint-connection", Action::Accepted, service_id)
        .detail(format!("accept {}", endpoints.join(", ")))
        .write(Write::AcceptConnections { service: service_id.into(), endpoints })
}

/// The step that rejects one consumer endpoint (teardown: a service cannot be deleted
/// while endpoints are connected).
pub fn reject_step(service_id: &str, endpoint_id: &str) -> Step {
    Step::new("endpoint-connection", Action::Rejected, endpoint_id)
        .write(Write::RejectConnections { service: service_id.into(), endpoints: vec![endpoint_id.to_string()] })
}

pub fn delete_step(service: &ServiceConfiguration) -> Step {
    let id = service.service_id().unwrap_or_default();
    Step::new(KIND, Action::Deleted, id).named(service.service_name().unwrap_or_default()).write(Write::Delete { service: id.into() })
}

/// The endpoint service's writes.
#[derive(Debug, Clone)]
pub enum Write {
    /// Every region consumers may connect from in `regions`, the home one included;
    /// sent only when there are `others`.
    Create {
        nlb: Id,
        regions: BTreeSet<String>,
        others: bool,
        connection: Option<ConnectionName>,
    },
    Modify {
        service: Id,
        changes: Changes,
    },
    WaitAvailable {
        service: Id,
    },
    AllowPrincipals {
        service: Id,
        principals: Vec<String>,
    },
    AcceptConnections {
        service: Id,
        endpoints: Vec<String>,
    },
    RejectConnections {
        service: Id,
        endpoints: Vec<String>,
    },
    Delete {
        service: Id,
    },
}

impl WriteOp for Write {
    fn ec2_action(&self) -> Option<&'static str> {
        Some(match self {
            Write::Create { .. } => "ec2:CreateVpcEndpointServiceConfiguration",
            Write::Modify { .. } => "ec2:ModifyVpcEndpointServiceConfiguration",
            Write::WaitAvailable { .. } => return None,
            Write::AllowPrincipals { .. } => "ec2:ModifyVpcEndpointServicePermissions",
            Write::AcceptConnections { .. } => "ec2:AcceptVpcEndpointConnections",
            Write::RejectConnections { .. } => "ec2:RejectVpcEndpointConnections",
            Write::Delete { .. } => "ec2:DeleteVpcEndpointServiceConfigurations",
        })
    }

    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        if let Write::WaitAvailable { service } = self {
            wait_available(cx.aws, cx.ui, &cx.id(service)?, cx.wait_timeout).await?;
            return Ok(None);
        }
        let ids = |id: &Id| cx.id(id);
        self.send(cx.aws, &ids, cx.mode()).await
    }

    async fn dry_run(&self, aws: &Aws) -> Option<PermissionCheck> {
        let action = self.ec2_action()?;
        let ids = |id: &Id| Ok(dry_run_id(aws, id));
        Some(PermissionCheck::from_answer(
            action,
            self.send(aws, &ids, Mode::DryRun).await.map_err(|err| match err.downcast::<AwsCallError>() {
                Ok(call) => call,
                Err(other) => AwsCallError::local(action, other.to_string()),
            }),
        ))
    }
}

impl Write {
    /// The one request of each write.
    async fn send(&self, aws: &Aws, ids: &dyn Fn(&Id) -> anyhow::Result<String>, mode: Mode<'_>) -> anyhow::Result<Option<Made>> {
        let dry_run = mode.dry_run();
        match self {
            Write::Create { nlb, regions, others, connection } => {
                let nlb = ids(nlb)?;
                let mut request = aws
                    .ec2
                    .create_vpc_endpoint_service_configuration()
                    .acceptance_required(false)
                    .network_load_balancer_arns(&nlb)
                    .client_token(client_token(connection.as_ref(), &nlb))
                    .dry_run(dry_run);
                if *others {
                    request = request.set_supported_regions(Some(regions.iter().cloned().collect()));
                }
                if let Some(connection) = connection {
                    request = request.tag_specifications(ec2_tags(connection, ResourceType::VpcEndpointService));
                }
                let created = request.send().await.call("ec2:CreateVpcEndpointServiceConfiguration")?;
                let service = created
                    .service_configuration
                    .ok_or_else(|| anyhow::anyhow!("CreateVpcEndpointServiceConfiguration returned no service"))?;
                Ok(Some(Made {
                    id: service.service_id().unwrap_or_default().to_string(),
                    name: service.service_name().map(str::to_string),
                }))
            }
            Write::Modify { service, changes } => {
                let mut modify = aws.ec2.modify_vpc_endpoint_service_configuration().service_id(ids(service)?).dry_run(dry_run);
                if changes.stop_requiring_acceptance {
                    modify = modify.acceptance_required(false);
                }
                if changes.remove_private_dns {
                    modify = modify.remove_private_dns_name(true);
                }
                if !changes.add_regions.is_empty() {
                    modify = modify.set_add_supported_regions(Some(changes.add_regions.clone()));
                }
                if !changes.remove_regions.is_empty() {
                    modify = modify.set_remove_supported_regions(Some(changes.remove_regions.clone()));
                }
                modify.send().await.call("ec2:ModifyVpcEndpointServiceConfiguration")?;
                Ok(None)
            }
            Write::AllowPrincipals { service, principals } => {
                aws.ec2
                    .modify_vpc_endpoint_service_permissions()
                    .service_id(ids(service)?)
                    .set_add_allowed_principals(Some(principals.clone()))
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:ModifyVpcEndpointServicePermissions")?;
                Ok(None)
            }
            Write::AcceptConnections { service, endpoints } => {
                let answer = aws
                    .ec2
                    .accept_vpc_endpoint_connections()
                    .service_id(ids(service)?)
                    .set_vpc_endpoint_ids(Some(endpoints.clone()))
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:AcceptVpcEndpointConnections")?;
                if let Some(failed) = answer.unsuccessful().first() {
                    anyhow::bail!(
                        "could not accept {}: {}",
                        failed.resource_id().unwrap_or("?"),
                        failed.error().and_then(|e| e.message()).unwrap_or("?")
                    );
                }
                Ok(None)
            }
            Write::RejectConnections { service, endpoints } => {
                aws.ec2
                    .reject_vpc_endpoint_connections()
                    .service_id(ids(service)?)
                    .set_vpc_endpoint_ids(Some(endpoints.clone()))
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:RejectVpcEndpointConnections")?;
                Ok(None)
            }
            Write::Delete { service } => {
                let id = ids(service)?;
                let answer = aws
                    .ec2
                    .delete_vpc_endpoint_service_configurations()
                    .service_ids(&id)
                    .dry_run(dry_run)
                    .send()
                    .await
                    .call("ec2:DeleteVpcEndpointServiceConfigurations")?;
                if let Some(failed) = answer.unsuccessful().first().and_then(|f| f.error()) {
                    anyhow::bail!(
                        "could not delete endpoint service {id}: {}: {}",
                        failed.code().unwrap_or("?"),
                        failed.message().unwrap_or("?")
                    );
                }
                Ok(None)
            }
            Write::WaitAvailable { .. } => Ok(None),
        }
    }
}

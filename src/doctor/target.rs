//! Which endpoint service doctor looks at: by connection name, service ID or name, NLB,
//! or the only one in the region.

use aws_sdk_ec2::types::ServiceConfiguration;
use serde::Serialize;

use crate::aws::Aws;
use crate::connection::names::ConnectionName;
use crate::connection::resource_access::OwnGroups;
use crate::connection::{endpoint_service, load_balancer};
use crate::error::usage;
use crate::ui::Ui;
use crate::ui::prompt::Question;

#[derive(Debug, Clone, Serialize, Default)]
pub struct Target {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nlb_arn: Option<String>,
    pub region: String,
}

/// Which service or connection the user named; none: the only service in the region.
#[derive(Debug, Clone, Default)]
pub struct Selector {
    pub name: Option<ConnectionName>,
    pub service_id: Option<String>,
    pub service_name: Option<String>,
    pub nlb: Option<String>,
}

/// The service, when there is one (a missing service is a finding, not an error, when
/// the user named the connection or the NLB).
pub async fn find(aws: &Aws, ui: &Ui, args: &Selector) -> anyhow::Result<(Target, Option<ServiceConfiguration>)> {
    let mut target = Target { connection: args.name.as_ref().map(ToString::to_string), region: aws.region.clone(), ..Default::default() };
    let service = if let Some(id) = &args.service_id {
        Some(endpoint_service::find_by_id(aws, id).await?)
    } else if let Some(name) = &args.service_name {
        // Every page, without services being deleted: the one lookup endpoint_service has.
        let found = endpoint_service::all(aws).await?.into_iter().find(|s| s.service_name() == Some(name.as_str()));
        Some(found.ok_or_else(|| usage(format!("--service-name {name}: no such endpoint service in {}", aws.region)))?)
    } else if let Some(name) = &args.name {
        match endpoint_service::find_by_connection(aws, name).await? {
            Some(service) => Some(service),
            None => {
                target.nlb_arn = load_balancer::find(aws, name).await?.and_then(|lb| lb.load_balancer_arn().map(str::to_string));
                if target.nlb_arn.is_none()
                    && crate::connection::target_group::find_all(aws, name).await?.is_empty()
                    && OwnGroups::read(aws, name).await?.is_empty()
                {
                    let hint = crate::connection::inventory::close_names(aws, name).await?.unwrap_or_default();
                    return Err(usage(format!("no resource of connection '{name}' in {}: check --name and --region{hint}", aws.region)));
                }
                None
            }
        }
    } else if let Some(nlb) = &args.nlb {
        let lb = load_balancer::lookup(aws, nlb).await?;
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        target.nlb_arn = Some(arn.clone());
        endpoint_service::find_by_nlb(aws, &arn).await?
    } else {
        Some(only_service(aws, ui).await?)
    };
    if let Some(service) = &service {
        target.service_id = service.service_id().map(str::to_string);
        target.service_name = service.service_name().map(str::to_string);
        target.nlb_arn = target.nlb_arn.clone().or_else(|| service.network_load_balancer_arns().first().cloned());
    }
    Ok((target, service))
}

async fn only_service(aws: &Aws, ui: &Ui) -> anyhow::Result<ServiceConfiguration> {
    let services = endpoint_service::all(aws).await?;
    match services.as_slice() {
        [] => {
            Err(usage(format!("no VPC endpoint service in {}: create one with `trigger-privatelink setup`, or pass --region", aws.region)))
        }
        [one] => Ok(one.clone()),
        many => {
            let labels: Vec<String> = many
                .iter()
                .map(|s| {
                    let tag = s.tags().iter().find(|t| t.key() == Some(crate::connection::names::CONNECTION_KEY)).and_then(|t| t.value());
                    format!("{} {}", s.service_id().unwrap_or_default(), tag.map(|t| format!("(connection {t})")).unwrap_or_default())
                })
                .collect();
            if !ui.interactive() {
                return Err(usage(format!(
                    "several endpoint services in {}: pass --service-id (one of {})",
                    aws.region,
                    labels.join(", ")
                )));
            }
            let question = Question { text: "Which endpoint service?", flag: "--service-id" };
            Ok(many[ui.prompter("doctor").select(question, &labels, 0)?].clone())
        }
    }
}

//! The endpoint service's connection notification: an SNS message when an endpoint
//! connects to the service, is accepted or rejected, or is deleted (`Connect`, `Accept`,
//! `Reject`, `Delete`: PrivateLink Guide, "Receive alerts for endpoint service events",
//! <https://docs.aws.amazon.com/vpc/latest/privatelink/create-notification-endpoint-service.html>).
//! A notification has no name or tags: it is found by its service and its topic.

use aws_sdk_ec2::types::{ConnectionNotification, Filter};

use crate::aws::{Aws, CallExt};
use crate::plan::{Context, Made, WriteOp};

pub const EVENTS: [&str; 4] = ["Connect", "Accept", "Reject", "Delete"];

/// Every notification on the service.
pub async fn on_service(aws: &Aws, service_id: &str) -> anyhow::Result<Vec<ConnectionNotification>> {
    let mut found = Vec::new();
    let mut pages = aws
        .ec2
        .describe_vpc_endpoint_connection_notifications()
        .filters(Filter::builder().name("service-id").values(service_id).build())
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        found.extend(page.call("ec2:DescribeVpcEndpointConnectionNotifications")?.connection_notification_set().iter().cloned());
    }
    Ok(found)
}

/// It sends every event the tool asks for.
pub fn complete(notification: &ConnectionNotification) -> bool {
    EVENTS.iter().all(|e| notification.connection_events().iter().any(|x| x == e))
}

#[derive(Debug, Clone)]
pub enum Write {
    Create { service_id: String, topic_arn: String },
    Delete { ids: Vec<String> },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let ec2 = &cx.aws.ec2;
        match self {
            Write::Create { service_id, topic_arn } => {
                let mut request =
                    ec2.create_vpc_endpoint_connection_notification().service_id(service_id).connection_notification_arn(topic_arn);
                for event in EVENTS {
                    request = request.connection_events(event);
                }
                let made = request.send().await.call("ec2:CreateVpcEndpointConnectionNotification")?;
                Ok(made.connection_notification().and_then(|n| n.connection_notification_id()).map(Made::id))
            }
            Write::Delete { ids } => {
                let answer = ec2
                    .delete_vpc_endpoint_connection_notifications()
                    .set_connection_notification_ids(Some(ids.clone()))
                    .send()
                    .await
                    .call("ec2:DeleteVpcEndpointConnectionNotifications")?;
                // One already gone is what a second run finds: only another failure counts.
                let failed: Vec<String> = answer
                    .unsuccessful()
                    .iter()
                    .filter(|u| u.error().and_then(|e| e.code()) != Some("InvalidConnectionNotification"))
                    .map(|u| format!("{}: {}", u.resource_id().unwrap_or("?"), u.error().and_then(|e| e.message()).unwrap_or("?")))
                    .collect();
                anyhow::ensure!(failed.is_empty(), "could not delete the connection notification: {}", failed.join("; "));
                Ok(None)
            }
        }
    }
}

//! Where alerts go: an SNS topic. `--email` makes the tool's own (`tpl-<name>-alerts`,
//! tagged) and subscribes the address; `--sns-topic` uses one the user has, unchanged.
//!
//! A topic's default policy lets only the owner's account publish; the endpoint service's
//! connection notifications are published by `vpce.amazonaws.com`, which needs its own
//! statement (PrivateLink Guide, "Receive alerts for endpoint service events":
//! <https://docs.aws.amazon.com/vpc/latest/privatelink/create-notification-endpoint-service.html>).
//! The tool writes that statement into its own topic's policy; for a topic of the user's
//! it says what to add rather than rewrite a policy it does not own.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::plan::{Context, Made, WriteOp};

/// The statement's Sid in the tool's own topic policy.
pub const VPCE_SID: &str = "TriggerPrivatelinkConnectionNotifications";

pub fn own_name(connection: &ConnectionName) -> String {
    format!("tpl-{connection}-alerts")
}

pub fn arn(region: &str, account: &str, name: &str) -> String {
    format!("arn:aws:sns:{region}:{account}:{name}")
}

/// The owner's default statement and the one letting the service's notifications in.
pub fn own_policy(topic_arn: &str, account: &str, region: &str, service_id: &str) -> Value {
    json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "OwnerAccount", "Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{account}:root")},
         "Action": ["SNS:Publish", "SNS:Subscribe", "SNS:GetTopicAttributes", "SNS:SetTopicAttributes"], "Resource": topic_arn},
        vpce_statement(topic_arn, account, region, service_id),
    ]})
}

/// As AWS's page gives it: the service may publish for this endpoint service only.
pub fn vpce_statement(topic_arn: &str, account: &str, region: &str, service_id: &str) -> Value {
    json!({"Sid": VPCE_SID, "Effect": "Allow", "Principal": {"Service": "vpce.amazonaws.com"}, "Action": "SNS:Publish",
           "Resource": topic_arn,
           "Condition": {"ArnLike": {"aws:SourceArn": format!("arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{service_id}")},
                         "StringEquals": {"aws:SourceAccount": account}}})
}

/// The policy lets `vpce.amazonaws.com` publish.
pub fn admits_vpce(policy: &Value) -> bool {
    policy["Statement"].as_array().into_iter().flatten().any(|s| {
        s["Effect"] == "Allow"
            && (s["Principal"]["Service"] == "vpce.amazonaws.com"
                || s["Principal"]["Service"].as_array().is_some_and(|a| a.iter().any(|v| v == "vpce.amazonaws.com")))
    })
}

/// A topic's attributes, or None when there is no such topic.
pub async fn attributes(aws: &Aws, topic_arn: &str) -> anyhow::Result<Option<HashMap<String, String>>> {
    match aws.sns.get_topic_attributes().topic_arn(topic_arn).send().await.call("sns:GetTopicAttributes") {
        Ok(found) => Ok(Some(found.attributes().cloned().unwrap_or_default())),
        Err(err) if err.is("NotFound") => Ok(None),
        Err(err) => Err(err.into()),
    }
}

pub async fn owned_by(aws: &Aws, topic_arn: &str, connection: &ConnectionName) -> anyhow::Result<bool> {
    let tags = aws.sns.list_tags_for_resource().resource_arn(topic_arn).send().await.call("sns:ListTagsForResource")?;
    Ok(connection.owns(tags.tags().iter().map(|t| (t.key(), t.value()))))
}

/// Whether the address is subscribed, and whether it still has to confirm.
pub async fn subscription(aws: &Aws, topic_arn: &str, email: &str) -> anyhow::Result<Option<bool>> {
    let mut pages = aws.sns.list_subscriptions_by_topic().topic_arn(topic_arn).into_paginator().send();
    while let Some(page) = pages.next().await {
        for s in page.call("sns:ListSubscriptionsByTopic")?.subscriptions() {
            if s.protocol() == Some("email") && s.endpoint().is_some_and(|e| e.eq_ignore_ascii_case(email)) {
                return Ok(Some(s.subscription_arn() == Some("PendingConfirmation")));
            }
        }
    }
    Ok(None)
}

#[derive(Debug, Clone)]
pub enum Write {
    Create { name: String, tags: Vec<(String, String)> },
    SetPolicy { topic_arn: String, policy: String },
    Subscribe { topic_arn: String, email: String },
    Delete { topic_arn: String },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let sns = &cx.aws.sns;
        match self {
            Write::Create { name, tags } => {
                let tags =
                    tags.iter().map(|(k, v)| aws_sdk_sns::types::Tag::builder().key(k).value(v).build()).collect::<Result<Vec<_>, _>>()?;
                let made = sns.create_topic().name(name).set_tags(Some(tags)).send().await.call("sns:CreateTopic")?;
                return Ok(made.topic_arn().map(|arn| Made { id: arn.to_string(), name: Some(name.clone()) }));
            }
            Write::SetPolicy { topic_arn, policy } => {
                sns.set_topic_attributes()
                    .topic_arn(topic_arn)
                    .attribute_name("Policy")
                    .attribute_value(policy)
                    .send()
                    .await
                    .call("sns:SetTopicAttributes")?;
            }
            Write::Subscribe { topic_arn, email } => {
                sns.subscribe()
                    .topic_arn(topic_arn)
                    .protocol("email")
                    .endpoint(email)
                    .return_subscription_arn(true)
                    .send()
                    .await
                    .call("sns:Subscribe")?;
            }
            Write::Delete { topic_arn } => {
                sns.delete_topic().topic_arn(topic_arn).send().await.call("sns:DeleteTopic")?;
            }
        }
        Ok(None)
    }
}

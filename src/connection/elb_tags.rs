//! The tags of ELB resources (target groups, load balancers, listeners): the ones the
//! tool puts on what it makes, reading them back, and the check that a same-named
//! resource is the connection's before it is adopted.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::Tag;

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::error::usage;

pub fn elb_tags(connection: &ConnectionName) -> Vec<Tag> {
    connection.tags().into_iter().map(|(key, value)| Tag::builder().key(key).value(value).build()).collect()
}

/// Tags of one ELB resource as (key, value) pairs.
pub async fn tags_of(aws: &Aws, arn: &str) -> anyhow::Result<Vec<(String, String)>> {
    let output = aws.elb.describe_tags().resource_arns(arn).send().await.call("elasticloadbalancing:DescribeTags")?;
    Ok(output
        .tag_descriptions()
        .iter()
        .flat_map(|d| d.tags())
        .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
        .collect())
}

/// ELBv2's DescribeTags takes at most 20 ARNs.
const TAGS_PER_CALL: usize = 20;

/// The tags of many ELB resources, by ARN, 20 to a call.
pub async fn tags_by_arn(aws: &Aws, arns: &[String]) -> anyhow::Result<BTreeMap<String, Vec<(String, String)>>> {
    let mut tags = BTreeMap::new();
    for batch in arns.chunks(TAGS_PER_CALL) {
        let output =
            aws.elb.describe_tags().set_resource_arns(Some(batch.to_vec())).send().await.call("elasticloadbalancing:DescribeTags")?;
        for description in output.tag_descriptions() {
            let pairs =
                description.tags().iter().map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()));
            tags.insert(description.resource_arn().unwrap_or_default().to_string(), pairs.collect());
        }
    }
    Ok(tags)
}

/// Refuse to adopt a same-named resource that is not this connection's.
pub async fn ensure_owned(aws: &Aws, connection: &ConnectionName, arn: &str, what: &str, name: &str) -> anyhow::Result<()> {
    let tags = tags_of(aws, arn).await?;
    if connection.owns(tags.iter().map(|(k, v)| (k.as_str(), v.as_str()))) {
        Ok(())
    } else {
        Err(usage(format!(
            "a {what} named {name} exists but is not tagged for connection '{connection}'; nothing was changed: choose another --name, or delete it"
        )))
    }
}

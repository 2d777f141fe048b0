//! Every connection of the tool in a region, found by the tags it puts on what it makes:
//! an endpoint service, or (half-built, or half torn down) a load balancer, a target
//! group, a security group or a rule on a resource's group (read by `census`).

use std::collections::BTreeSet;

use crate::aws::Aws;
use crate::connection::census;
use crate::connection::names::ConnectionName;

/// The names of every connection in the region.
pub async fn names(aws: &Aws) -> anyhow::Result<BTreeSet<ConnectionName>> {
    census::names(aws).await
}

/// `; did you mean orders?` (or the existing names) for a name that is no connection in
/// the region; `None` when it is one.
pub async fn close_names(aws: &Aws, name: &ConnectionName) -> anyhow::Result<Option<String>> {
    let known = names(aws).await?;
    Ok((!known.contains(name)).then(|| crate::suggest::did_you_mean(name.as_str(), known.iter().map(ConnectionName::as_str))))
}

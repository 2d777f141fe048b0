//! `doctor --probe`: the vendor's bastion test, done by the tool from inside the
//! customer's VPC. A small function (the prober, `prober.py`) dials each route's listener
//! port from each of the NLB's zones two ways: the NLB directly (what the guide's bastion
//! test does), and an interface endpoint of the account's own to the connection's
//! endpoint service (what Trigger.dev's tasks do), made for the run and always deleted.
//! - [`prober`]: the parts kept between runs (role, security group, function), which
//!   cost nothing while idle; teardown removes them;
//! - [`endpoint`]: the run's endpoint, found by its tag so a run cut off is cleaned by
//!   the next;
//! - [`dial`]: what to dial, the prober's answers, and the findings they make.
//!
//! Every part carries the connection's tags (so a policy scoped to the connection covers
//! it) and `trigger-privatelink:probe=<connection>`, which keeps anything that reads the
//! connection (its NLB group, status, list) from taking the prober's parts for its own.

pub mod dial;
pub mod endpoint;
pub mod prober;

use std::collections::HashMap;

use crate::connection::names::ConnectionName;
pub use crate::connection::names::PROBE_KEY;

/// `tpl-<name>-probe`: the function, its role and its security group.
pub fn name(connection: &ConnectionName) -> String {
    format!("tpl-{connection}-probe")
}

/// The tags of the connection's prober parts.
pub fn tags(connection: &ConnectionName) -> HashMap<String, String> {
    let mut tags: HashMap<String, String> = connection.tags().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    tags.insert(PROBE_KEY.to_string(), connection.to_string());
    tags
}

/// The same tags for EC2.
pub fn ec2_tags(connection: &ConnectionName, resource_type: aws_sdk_ec2::types::ResourceType) -> aws_sdk_ec2::types::TagSpecification {
    let tags = tags(connection).into_iter().map(|(k, v)| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build());
    aws_sdk_ec2::types::TagSpecification::builder().resource_type(resource_type).set_tags(Some(tags.collect())).build()
}

/// Whether EC2 tags mark a resource as the connection's prober's.
pub fn owns(connection: &ConnectionName, found: &[aws_sdk_ec2::types::Tag]) -> bool {
    tags(connection).iter().all(|(k, v)| found.iter().any(|t| t.key() == Some(k.as_str()) && t.value() == Some(v.as_str())))
}

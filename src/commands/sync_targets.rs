//! `sync-targets`: after a failover the resource's IPs move and an IP target group
//! points at nothing; re-resolve the resource (remembered in the group's tags) and make
//! the group match, registering new IPs before deregistering stale ones.

use std::net::Ipv4Addr;

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::SyncTargetsArgs;
use crate::connection::names::{NODES_KEY, RESOURCE_KEY};
use crate::connection::resource::{self, ResourceRef};
use crate::connection::target_group::{self, Drift};
use crate::error::{ExitStatus, usage};
use crate::plan::{Plan, execute};
use crate::ui::{Report, Ui, View};

#[derive(Serialize)]
struct SyncReport {
    connection: String,
    target_group_arn: String,
    /// `{"kind": "rds-instance", "id": "orders-db"}`.
    resource: ResourceRef,
    /// `in-sync`, `drifted` (with --check or --dry-run) or `synced`.
    result: &'static str,
    registered: Vec<Ipv4Addr>,
    current: Vec<Ipv4Addr>,
    register: Vec<Ipv4Addr>,
    deregister: Vec<Ipv4Addr>,
}

fn list(ips: &[Ipv4Addr]) -> String {
    if ips.is_empty() { "-".into() } else { ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ") }
}

impl Report for SyncReport {
    fn human(&self, _: View) -> String {
        format!(
            "{}: {} ({})\n  registered  {}\n  current     {}\n  register    {}\n  deregister  {}",
            self.connection,
            self.result,
            format_args!("{} {}", self.resource.flag(), self.resource.id()),
            list(&self.registered),
            list(&self.current),
            list(&self.register),
            list(&self.deregister)
        )
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: SyncTargetsArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let group = target_group::find(aws, &connection)
        .await?
        .ok_or_else(|| usage(format!("connection '{connection}' has no target group in {}", aws.region)))?;
    let arn = group.target_group_arn().unwrap_or_default().to_string();
    let tags = target_group::tags_of(aws, &arn).await?;
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let resource_tag = tag(RESOURCE_KEY).ok_or_else(|| {
        usage(format!(
            "target group of '{connection}' was made from IPs given by hand (no {RESOURCE_KEY} tag): there is no resource to follow"
        ))
    })?;
    let resource_ref =
        ResourceRef::from_tag_value(&resource_tag).ok_or_else(|| anyhow::anyhow!("cannot read the {RESOURCE_KEY} tag '{resource_tag}'"))?;
    let resolved = resource::resolve(aws, &resource_ref, group.vpc_id()).await?;
    let registered = target_group::registered_ips(aws, &arn).await?;
    let all_nodes = tag(NODES_KEY).as_deref() == Some("all");
    let drift = Drift::between(&registered, resolved.target_ips(all_nodes).into_iter().collect());
    let port = group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default();
    let result = if drift.is_empty() {
        "in-sync"
    } else if args.check || args.dry_run {
        "drifted"
    } else {
        execute(aws, ui, &Plan { steps: vec![drift.step(&arn, port)] }, crate::plan::DEFAULT_WAIT).await?;
        "synced"
    };
    ui.emit(&SyncReport {
        connection: connection.to_string(),
        target_group_arn: arn,
        resource: resource_ref.clone(),
        result,
        registered: registered.into_iter().collect(),
        current: drift.wanted.iter().copied().collect(),
        register: drift.register.iter().copied().collect(),
        deregister: drift.deregister.iter().copied().collect(),
    })?;
    Ok(if args.check && !drift.is_empty() { ExitStatus::Failure } else { ExitStatus::Success })
}

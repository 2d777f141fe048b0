//! `sync-targets`: after a failover the resource's IPs move and an IP target group
//! points at nothing; re-resolve the resource (remembered in the group's tags) and make
//! the group match, registering new IPs before deregistering stale ones.

use std::collections::BTreeSet;
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
    /// The first port's target group (the only one of a one-port connection).
    target_group_arn: String,
    /// Every port's target group; each gets the same targets.
    target_group_arns: Vec<String>,
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
    let groups = target_group::find_all(aws, &connection).await?;
    let first = groups.first().ok_or_else(|| usage(format!("connection '{connection}' has no target group in {}", aws.region)))?;
    let arn = first.target_group_arn().unwrap_or_default().to_string();
    // Every port's group was made from the same resource, with the same tags.
    let tags = target_group::tags_of(aws, &arn).await?;
    let tag = |key: &str| tags.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let resource_tag = tag(RESOURCE_KEY).ok_or_else(|| {
        usage(format!(
            "target group of '{connection}' was made from IPs given by hand (no {RESOURCE_KEY} tag): there is no resource to follow"
        ))
    })?;
    let resource_ref =
        ResourceRef::from_tag_value(&resource_tag).ok_or_else(|| anyhow::anyhow!("cannot read the {RESOURCE_KEY} tag '{resource_tag}'"))?;
    let resolved = resource::resolve(aws, &resource_ref, first.vpc_id()).await?;
    let wanted: BTreeSet<Ipv4Addr> = resolved.target_ips(tag(NODES_KEY).as_deref() == Some("all")).into_iter().collect();
    let mut registered = BTreeSet::new();
    let mut register = BTreeSet::new();
    let mut deregister = BTreeSet::new();
    let mut steps = Vec::new();
    for group in &groups {
        let group_arn = group.target_group_arn().unwrap_or_default();
        let now = target_group::registered_ips(aws, group_arn).await?;
        registered.extend(now.iter().copied());
        let drift = Drift::between(&now, wanted.clone());
        register.extend(drift.register.iter().copied());
        deregister.extend(drift.deregister.iter().copied());
        if !drift.is_empty() {
            let port = group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default();
            steps.push(drift.step(group_arn, port));
        }
    }
    let drifted = !steps.is_empty();
    let result = if !drifted {
        "in-sync"
    } else if args.check || args.dry_run {
        "drifted"
    } else {
        execute(aws, ui, &Plan { steps }, crate::plan::DEFAULT_WAIT).await?;
        "synced"
    };
    ui.emit(&SyncReport {
        connection: connection.to_string(),
        target_group_arn: arn,
        target_group_arns: groups.iter().filter_map(|g| g.target_group_arn().map(str::to_string)).collect(),
        resource: resource_ref.clone(),
        result,
        registered: registered.into_iter().collect(),
        current: wanted.into_iter().collect(),
        register: register.into_iter().collect(),
        deregister: deregister.into_iter().collect(),
    })?;
    Ok(if args.check && drifted { ExitStatus::Failure } else { ExitStatus::Success })
}

//! `sync-targets`: after a failover the resource's IPs move and an IP target group
//! points at nothing; re-resolve the resource (remembered in the group's tags) and make
//! the group match, registering new IPs before deregistering stale ones. Instance and
//! ALB targets are registered by ID, so they have no IP to drift: it says so.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::SyncTargetsArgs;
use crate::connection::names::{NODES_KEY, RESOURCE_KEY};
use crate::connection::resource::{self, ResourceRef};
use crate::connection::target::{self, Target, TargetKind};
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
    /// `ip`, `instance` or `alb`.
    target_type: TargetKind,
    /// `{"kind": "rds-instance", "id": "orders-db"}`; null for instance and ALB targets.
    resource: Option<ResourceRef>,
    /// `in-sync`, `drifted` (with --check or --dry-run), `synced`, or `no-ip-to-drift`
    /// (instance and ALB targets).
    result: &'static str,
    /// `--dry-run`: the change is shown, not made.
    dry_run: bool,
    /// Registered when the command started (after `synced`, `current` is what is registered).
    registered: Vec<Target>,
    current: Vec<Target>,
    register: Vec<Target>,
    deregister: Vec<Target>,
}

impl Report for SyncReport {
    fn human(&self, _: View) -> String {
        let Some(resource) = &self.resource else {
            return format!(
                "{}: {} targets are registered by ID, so there is no IP to drift; nothing to sync\n  registered  {}",
                self.connection,
                self.target_type.as_str(),
                target::list(&self.registered)
            );
        };
        let head = format!("{}: {} ({} {})", self.connection, self.result.replace('-', " "), resource.flag(), resource.id());
        match self.result {
            // After the change: what is registered now, and what changed.
            "synced" => format!(
                "{head}\n  registered    {}\n  added         {}\n  removed       {}",
                target::list(&self.current),
                target::list(&self.register),
                target::list(&self.deregister)
            ),
            "in-sync" => format!("{head}\n  registered  {}", target::list(&self.registered)),
            _ => {
                let mut text = format!(
                    "{head}\n  registered  {}\n  current     {}\n  register    {}\n  deregister  {}",
                    target::list(&self.registered),
                    target::list(&self.current),
                    target::list(&self.register),
                    target::list(&self.deregister)
                );
                if self.dry_run {
                    text.push_str(&format!(
                        "\ndry run: nothing was changed; `trigger-privatelink sync-targets --name {}` makes this change",
                        self.connection
                    ));
                }
                text
            }
        }
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: SyncTargetsArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name;
    let groups = target_group::find_all(aws, &connection).await?;
    let first = groups.first().ok_or_else(|| usage(format!("connection '{connection}' has no target group in {}", aws.region)));
    let first = super::for_name(aws, Some(&connection), first).await?;
    let arn = first.target_group_arn().unwrap_or_default().to_string();
    let mut report = SyncReport {
        connection: connection.to_string(),
        target_group_arn: arn.clone(),
        target_group_arns: groups.iter().filter_map(|g| g.target_group_arn().map(str::to_string)).collect(),
        target_type: match first.target_type().map(|t| t.as_str()) {
            Some("instance") => TargetKind::Instance,
            Some("alb") => TargetKind::Alb,
            _ => TargetKind::Ip,
        },
        resource: None,
        result: "no-ip-to-drift",
        dry_run: args.dry_run,
        registered: Vec::new(),
        current: Vec::new(),
        register: Vec::new(),
        deregister: Vec::new(),
    };
    if report.target_type != TargetKind::Ip {
        report.registered = target_group::registered(aws, &arn).await?.into_iter().collect();
        ui.emit(&report)?;
        return Ok(ExitStatus::Success);
    }
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
    let wanted = resolved.targets(tag(NODES_KEY).as_deref() == Some("all"));
    let mut registered = BTreeSet::new();
    let mut register = BTreeSet::new();
    let mut deregister = BTreeSet::new();
    let mut steps = Vec::new();
    for group in &groups {
        let group_arn = group.target_group_arn().unwrap_or_default();
        let now = target_group::registered(aws, group_arn).await?;
        registered.extend(now.iter().cloned());
        let drift = Drift::between(&now, wanted.clone());
        register.extend(drift.register.iter().cloned());
        deregister.extend(drift.deregister.iter().cloned());
        if !drift.is_empty() {
            let port = group.port().and_then(|p| u16::try_from(p).ok()).unwrap_or_default();
            steps.push(drift.step(group_arn, port));
        }
    }
    let drifted = !steps.is_empty();
    report.result = if !drifted {
        "in-sync"
    } else if args.check || args.dry_run {
        "drifted"
    } else {
        execute(aws, ui, &Plan { steps }, crate::plan::DEFAULT_WAIT).await?;
        "synced"
    };
    report.resource = Some(resource_ref);
    report.registered = registered.into_iter().collect();
    report.current = wanted.into_iter().collect();
    report.register = register.into_iter().collect();
    report.deregister = deregister.into_iter().collect();
    ui.emit(&report)?;
    Ok(if args.check && drifted { ExitStatus::Failure } else { ExitStatus::Success })
}

//! `sync-targets`: after a failover the resource's IPs move and an IP target group
//! points at nothing; re-resolve each route's resource (remembered in its group's tags)
//! and make each group match, registering new IPs before deregistering stale ones. Each
//! route follows its own resource; instance and ALB targets are registered by ID, so
//! they have no IP to drift: it says so.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::aws::Aws;
use crate::cli::SyncTargetsArgs;
use crate::connection::load_balancer;
use crate::connection::names::RESOURCE_KEY;
use crate::connection::resource::{self, ResolvedResource, ResourceRef};
use crate::connection::route::{self, LiveRoute};
use crate::connection::sync::install as sync_install;
use crate::connection::sync::package;
use crate::connection::target::{self, Target, TargetKind};
use crate::connection::target_group::{self, Drift};
use crate::error::{ExitStatus, usage};
use crate::plan::{Plan, execute};
use crate::ui::{Report, Ui, View};

/// One route's targets against its resource now.
#[derive(Serialize)]
struct RouteSync {
    /// The listener port.
    port: u16,
    target_group_arn: String,
    target_type: TargetKind,
    /// `{"kind": "rds-instance", "id": "orders-db"}`; null when the route follows none.
    resource: Option<ResourceRef>,
    /// `in-sync`, `drifted` (with --check or --dry-run), `synced`, `no-ip-to-drift`
    /// (instance and ALB targets) or `no-resource` (IPs given by hand).
    result: &'static str,
    registered: Vec<Target>,
    current: Vec<Target>,
    register: Vec<Target>,
    deregister: Vec<Target>,
}

#[derive(Serialize)]
struct SyncReport {
    connection: String,
    /// Deprecated (read `routes`): the first route's target group.
    target_group_arn: String,
    /// Deprecated (read `routes`): every route's target group.
    target_group_arns: Vec<String>,
    /// Deprecated (read `routes`): the first route's `ip`, `instance` or `alb`.
    target_type: TargetKind,
    /// Deprecated (read `routes`): the first resource followed.
    resource: Option<ResourceRef>,
    /// The whole connection: `drifted`/`synced` when any route did, else `in-sync`
    /// (`no-ip-to-drift` when no route has IPs to drift).
    result: &'static str,
    /// `--dry-run`: the change is shown, not made.
    dry_run: bool,
    /// Deprecated (read `routes`): every route's, together.
    registered: Vec<Target>,
    current: Vec<Target>,
    register: Vec<Target>,
    deregister: Vec<Target>,
    /// Each route by listener port.
    routes: Vec<RouteSync>,
}

impl SyncReport {
    /// One resource behind every route (one route, or ports made before routes): the
    /// connection reads as that resource, as it always has.
    fn one_resource(&self) -> bool {
        let mut followed = self.routes.iter().map(|r| r.resource.as_ref());
        let first = followed.next().flatten();
        first.is_some() && followed.all(|r| r == first)
    }
}

fn route_text(head: &str, route: &RouteSync) -> String {
    match route.result {
        "synced" => format!(
            "{head}\n  registered    {}\n  added         {}\n  removed       {}",
            target::list(&route.current),
            target::list(&route.register),
            target::list(&route.deregister)
        ),
        "in-sync" => format!("{head}\n  registered  {}", target::list(&route.registered)),
        "no-ip-to-drift" | "no-resource" => format!("{head}\n  registered  {}", target::list(&route.registered)),
        _ => format!(
            "{head}\n  registered  {}\n  current     {}\n  register    {}\n  deregister  {}",
            target::list(&route.registered),
            target::list(&route.current),
            target::list(&route.register),
            target::list(&route.deregister)
        ),
    }
}

impl Report for SyncReport {
    fn human(&self, _: View) -> String {
        let Some(resource) = self.routes.iter().find_map(|r| r.resource.as_ref()) else {
            return format!(
                "{}: {} targets are registered by ID, so there is no IP to drift; nothing to sync\n  registered  {}",
                self.connection,
                self.target_type.as_str(),
                target::list(&self.registered)
            );
        };
        let mut text = if self.one_resource() {
            let head = format!("{}: {} ({} {})", self.connection, self.result.replace('-', " "), resource.flag(), resource.id());
            let together = RouteSync {
                port: 0,
                target_group_arn: String::new(),
                target_type: self.target_type,
                resource: None,
                result: self.result,
                registered: self.registered.clone(),
                current: self.current.clone(),
                register: self.register.clone(),
                deregister: self.deregister.clone(),
            };
            route_text(&head, &together)
        } else {
            let blocks = self.routes.iter().map(|route| {
                let what = match &route.resource {
                    Some(r) => format!("{} {}", r.flag(), r.id()),
                    None if route.result == "no-resource" => "IPs given by hand: no resource to follow".into(),
                    None => format!("{} targets: no IP to drift", route.target_type.as_str()),
                };
                route_text(&format!("{} port {}: {} ({what})", self.connection, route.port, route.result.replace('-', " ")), route)
            });
            blocks.collect::<Vec<_>>().join("\n")
        };
        if self.dry_run && self.result == "drifted" {
            text.push_str(&format!(
                "\ndry run: nothing was changed; `trigger-privatelink sync-targets --name {}` makes this change",
                self.connection
            ));
        }
        text
    }
}

/// `--package-to`: what was written, and the hashes to check it by.
#[derive(Serialize)]
struct PackageReport {
    written: String,
    bytes: usize,
    /// `sha256sum`'s hex.
    sha256: String,
    /// Lambda's `CodeSha256` (base64 of the raw digest): what GetFunction shows once installed.
    code_sha256: String,
}

impl Report for PackageReport {
    fn human(&self, _: View) -> String {
        format!("{} ({} bytes)\n  sha256       {}\n  CodeSha256   {}", self.written, self.bytes, self.sha256, self.code_sha256)
    }
}

fn write_package(dir: &std::path::Path) -> anyhow::Result<PackageReport> {
    let bytes = package::bytes()?;
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("--package-to {}: {e}", dir.display()))?;
    let path = dir.join(package::FILE_NAME);
    std::fs::write(&path, &bytes).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
    Ok(PackageReport {
        written: path.display().to_string(),
        bytes: bytes.len(),
        sha256: package::sha256_hex(&bytes),
        code_sha256: package::code_sha256(&bytes),
    })
}

/// `--package-to DIR`: the package written, its hashes said.
pub fn package_to(ui: &Ui, args: &SyncTargetsArgs) -> anyhow::Result<ExitStatus> {
    let dir = args.package_to.as_deref().ok_or_else(|| anyhow::anyhow!("--package-to is not given"))?;
    ui.emit(&write_package(dir)?)?;
    Ok(ExitStatus::Success)
}

/// `--install` (a plan: `--dry-run` prints it) and `--uninstall`.
async fn install(aws: &Aws, ui: &Ui, args: &SyncTargetsArgs, routes: &[LiveRoute]) -> anyhow::Result<ExitStatus> {
    let connection = &args.connection.name;
    let steps = if args.uninstall {
        sync_install::uninstall(aws, connection).await?
    } else {
        let desired = sync_install::desired(aws, connection, routes, args.every).await?;
        sync_install::plan(aws, &desired).await?
    };
    let command = if args.uninstall { "sync-targets --uninstall" } else { "sync-targets --install" };
    super::apply_plan(aws, ui, Plan { steps }, command, connection, args.dry_run).await
}

pub async fn run(aws: &Aws, ui: &Ui, args: SyncTargetsArgs) -> anyhow::Result<ExitStatus> {
    let connection = args.connection.name.clone();
    let lb = load_balancer::find(aws, &connection).await?;
    let routes = route::read(aws, &connection, lb.as_ref().and_then(|lb| lb.load_balancer_arn())).await?;
    if args.install || args.uninstall {
        if routes.is_empty() && args.install {
            let none = Err(usage(format!("connection '{connection}' has no target group in {}", aws.region)));
            return super::for_name(aws, Some(&connection), none).await;
        }
        return install(aws, ui, &args, &routes).await;
    }
    let first = routes.first().ok_or_else(|| usage(format!("connection '{connection}' has no target group in {}", aws.region)));
    super::for_name(aws, Some(&connection), first).await?;
    if routes.iter().all(|r| r.kind() == TargetKind::Ip && r.resource.is_none()) {
        return Err(usage(format!(
            "target group of '{connection}' was made from IPs given by hand (no {RESOURCE_KEY} tag): there is no resource to follow"
        )));
    }
    // Each resource is resolved once, however many routes follow it.
    let mut resolved: BTreeMap<String, ResolvedResource> = BTreeMap::new();
    let mut synced = Vec::new();
    let mut steps = Vec::new();
    for live in &routes {
        let registered = target_group::registered(aws, live.arn()).await?;
        let mut sync = RouteSync {
            port: live.listener,
            target_group_arn: live.arn().to_string(),
            target_type: live.kind(),
            resource: live.resource.clone(),
            result: "no-ip-to-drift",
            registered: registered.iter().cloned().collect(),
            current: Vec::new(),
            register: Vec::new(),
            deregister: Vec::new(),
        };
        match (&live.resource, live.kind()) {
            (Some(resource_ref), TargetKind::Ip) => {
                let key = resource_ref.tag_value();
                if !resolved.contains_key(&key) {
                    resolved.insert(key.clone(), resource::resolve(aws, resource_ref, live.group.vpc_id()).await?);
                }
                let wanted = resolved[&key].targets(live.all_nodes);
                let drift = Drift::between(&registered, wanted.clone());
                sync.result = if drift.is_empty() { "in-sync" } else { "drifted" };
                sync.current = wanted.into_iter().collect();
                sync.register = drift.register.iter().cloned().collect();
                sync.deregister = drift.deregister.iter().cloned().collect();
                if !drift.is_empty() {
                    steps.push(drift.step(live.arn(), live.target_port()));
                }
            }
            (None, TargetKind::Ip) => sync.result = "no-resource",
            _ => {}
        }
        synced.push(sync);
    }
    let drifted = !steps.is_empty();
    if drifted && !args.check && !args.dry_run {
        execute(aws, ui, &Plan { steps }, crate::plan::DEFAULT_WAIT).await?;
        for route in synced.iter_mut().filter(|r| r.result == "drifted") {
            route.result = "synced";
        }
    }
    let report = report(&connection.to_string(), &routes, synced, args.dry_run);
    ui.emit(&report)?;
    Ok(if args.check && drifted { ExitStatus::Failure } else { ExitStatus::Success })
}

fn report(connection: &str, routes: &[LiveRoute], synced: Vec<RouteSync>, dry_run: bool) -> SyncReport {
    let union = |pick: fn(&RouteSync) -> &Vec<Target>| -> Vec<Target> {
        synced.iter().flat_map(|r| pick(r).iter().cloned()).collect::<BTreeSet<_>>().into_iter().collect()
    };
    let result = if synced.iter().any(|r| r.result == "synced") {
        "synced"
    } else if synced.iter().any(|r| r.result == "drifted") {
        "drifted"
    } else if synced.iter().any(|r| r.result == "in-sync") {
        "in-sync"
    } else {
        "no-ip-to-drift"
    };
    SyncReport {
        connection: connection.to_string(),
        target_group_arn: routes.first().map(|r| r.arn().to_string()).unwrap_or_default(),
        target_group_arns: routes.iter().map(|r| r.arn().to_string()).collect(),
        target_type: routes.first().map_or(TargetKind::Ip, LiveRoute::kind),
        resource: synced.iter().find_map(|r| r.resource.clone()),
        result,
        dry_run,
        registered: union(|r| &r.registered),
        current: union(|r| &r.current),
        register: union(|r| &r.register),
        deregister: union(|r| &r.deregister),
        routes: synced,
    }
}

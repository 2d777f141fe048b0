//! Whether the connection heals itself: a sync installed (`sync-targets --install`) for
//! every route whose targets can drift, and working.

use std::collections::BTreeSet;

use super::{Inputs, groups, input};
use crate::doctor::target::Target;
use crate::doctor::{CheckId, Finding, Status};
use crate::snapshot::{Snapshot, Unread};

const NOTHING_TO_FOLLOW: &str = "no route follows a resource: instance, ALB and hand-given targets do not drift";
const NOT_THE_TOOLS: &str = "not a connection of the tool: its sync is not known";

pub(super) fn sync_installed(s: &Snapshot, t: &Target, _: &Inputs) -> Result<Finding, Unread> {
    let (Some(name), Some(sync)) = (&t.connection, &s.sync) else { return Err(Unread::Absent(NOT_THE_TOOLS)) };
    let groups = groups(s)?;
    // Unreadable tags hide which routes follow a resource: that read failed.
    if let Some(unread) = groups.iter().find_map(|g| g.resource.as_ref().err()) {
        return Err(unread.clone());
    }
    let following: BTreeSet<String> = groups
        .iter()
        .filter(|g| matches!(g.resource, Ok(Some(_))) && g.group.target_type().is_none_or(|k| k.as_str() == "ip"))
        .map(|g| g.arn().to_string())
        .collect();
    if following.is_empty() {
        return Err(Unread::Absent(NOTHING_TO_FOLLOW));
    }
    let sync = input(sync)?;
    let install = format!("trigger-privatelink sync-targets --name {name} --install");
    if sync.absent() {
        return Ok(Finding::new(
            CheckId::SyncInstalled,
            Status::Warn,
            "no sync is installed: after a failover the targets stay on the old IPs until someone runs sync-targets",
        )
        .remedy(install));
    }
    let mut broken = Vec::new();
    let function = format!("tpl-{name}-sync");
    if sync.function.is_none() {
        broken.push(format!("function {function} is missing"));
    }
    if !sync.role {
        broken.push(format!("role {function} is missing"));
    }
    match (&sync.schedule, sync.schedule_enabled) {
        (None, _) => broken.push(format!("rule {function}-every is missing")),
        (Some(_), false) => broken.push(format!("rule {function}-every is disabled")),
        _ => {}
    }
    if sync.events_rule == Some(false) {
        broken.push(format!("rule {function}-events is disabled"));
    }
    if sync.function.is_some() && sync.target_groups != following {
        let missed: Vec<&String> = following.difference(&sync.target_groups).collect();
        let stale: Vec<&String> = sync.target_groups.difference(&following).collect();
        broken.push(format!("the function follows other target groups (missing {missed:?}, stale {stale:?})"));
    }
    if !broken.is_empty() {
        return Ok(Finding::new(CheckId::SyncInstalled, Status::Fail, format!("the sync is broken: {}", broken.join("; ")))
            .remedy(format!("{install} (puts back what is missing or changed)")));
    }
    // A route the last run could not sync is left as it was: say why, in the function's words.
    let failed: Vec<String> = sync
        .last_run
        .as_ref()
        .and_then(|run| run["routes"].as_array())
        .map(|routes| routes.iter().filter_map(|r| Some(format!("port {}: {}", r["port"], short_error(r["error"].as_str()?)))).collect())
        .unwrap_or_default();
    if !failed.is_empty() {
        let denied = failed.iter().any(|f| f.contains("not authorized to perform"));
        let remedy = if denied {
            format!("{install} (puts the role's policy back), then check that nothing else in the account denies the call")
        } else {
            format!("trigger-privatelink sync-targets --name {name} resolves the same way here and says what it finds")
        };
        return Ok(Finding::new(
            CheckId::SyncInstalled,
            Status::Warn,
            format!(
                "the sync's last run left {} as {}: {}",
                if failed.len() == 1 { "a route" } else { "routes" },
                if failed.len() == 1 { "it was" } else { "they were" },
                failed.join("; ")
            ),
        )
        .remedy(remedy));
    }
    let when = format!(
        "{}{}",
        sync.schedule.as_deref().unwrap_or("?"),
        if sync.events_rule.is_some() { ", and on the resources' RDS events" } else { "" }
    );
    let last = match &sync.last_run {
        Some(run) => format!(
            "; last run: {}",
            run["routes"].as_array().map_or("?".to_string(), |r| {
                r.iter().map(|x| format!("{} {}", x["port"], x["result"].as_str().unwrap_or("?"))).collect::<Vec<_>>().join(", ")
            })
        ),
        None => "; no run in its log in the last 24 h".into(),
    };
    Ok(Finding::new(CheckId::SyncInstalled, Status::Pass, format!("installed: runs {when}{last}")))
}

/// The function's error in a line: the denied action when AWS denied one (the ARN and
/// the policy's wording add nothing the action does not say), else the error's start.
fn short_error(error: &str) -> String {
    if let Some(action) = error.split("not authorized to perform: ").nth(1).and_then(|rest| rest.split_whitespace().next()) {
        return format!("not authorized to perform {action}");
    }
    let mut short: String = error.chars().take(120).collect();
    if short.len() < error.len() {
        short.push('…');
    }
    short
}

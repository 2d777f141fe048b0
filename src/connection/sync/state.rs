//! What `status` and `doctor` read of an installed sync: whether each part is there and
//! enabled, which target groups the function follows, and its last run's `TPL_SYNC`
//! line from its log.

use std::collections::BTreeSet;

use serde::Serialize;

use super::install::Names;
use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;

/// How far back `status` and `doctor` look for the last run's line.
const LOOK_BACK_MS: i64 = 24 * 3600 * 1000;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncState {
    /// The function's ARN, when it exists.
    pub function: Option<String>,
    /// The role the function runs as exists.
    pub role: bool,
    /// The schedule, when the rule exists; `schedule_enabled` says whether it runs.
    pub schedule: Option<String>,
    pub schedule_enabled: bool,
    /// The RDS-event rule: `Some(enabled)` when it exists.
    pub events_rule: Option<bool>,
    /// The target groups the function's configuration names.
    pub target_groups: BTreeSet<String>,
    /// The last run's `TPL_SYNC {…}` line (its JSON), when the log holds one.
    pub last_run: Option<serde_json::Value>,
}

impl SyncState {
    /// Nothing of the sync is there.
    pub fn absent(&self) -> bool {
        self.function.is_none() && !self.role && self.schedule.is_none() && self.events_rule.is_none()
    }
}

/// The sync's parts, read side by side (then its log, once the function is known): two
/// rounds, beside the snapshot's own.
pub async fn read(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<SyncState> {
    let names = Names::of(connection);
    // Both rules in one read: their names share the prefix.
    let rules = async {
        let found = aws.events.list_rules().name_prefix(format!("{}-", names.function)).send().await.call("events:ListRules")?;
        let of = |name: &str| {
            found
                .rules()
                .iter()
                .find(|r| r.name() == Some(name))
                .map(|r| (r.schedule_expression().map(str::to_string), r.state().is_some_and(|s| s.as_str() == "ENABLED")))
        };
        Ok::<_, anyhow::Error>((of(&names.every_rule), of(&names.events_rule)))
    };
    let (function, role, (every, events)) = tokio::try_join!(
        async {
            match aws.lambda.get_function().function_name(&names.function).send().await.call("lambda:GetFunction") {
                Ok(found) => Ok(Some(found)),
                Err(err) if err.is("ResourceNotFoundException") => Ok(None),
                Err(err) => Err(anyhow::Error::from(err)),
            }
        },
        async {
            match aws.iam.get_role().role_name(&names.role).send().await.call("iam:GetRole") {
                Ok(_) => Ok(true),
                Err(err) if err.is("NoSuchEntity") => Ok(false),
                Err(err) => Err(anyhow::Error::from(err)),
            }
        },
        rules,
    )?;
    let mut state = SyncState { role, ..SyncState::default() };
    if let Some((schedule, enabled)) = every {
        state.schedule = schedule;
        state.schedule_enabled = enabled;
    }
    state.events_rule = events.map(|(_, enabled)| enabled);
    let Some(found) = function else { return Ok(state) };
    let config = found.configuration();
    state.function = config.and_then(|c| c.function_arn()).map(str::to_string);
    let routes = config.and_then(|c| c.environment()).and_then(|e| e.variables()).and_then(|v| v.get("TPL_ROUTES"));
    let routes: serde_json::Value = routes.and_then(|r| serde_json::from_str(r).ok()).unwrap_or_default();
    state.target_groups =
        routes.as_array().into_iter().flatten().filter_map(|r| r["target_group_arn"].as_str().map(str::to_string)).collect();
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let found = aws
        .logs
        .filter_log_events()
        .log_group_name(&names.log_group)
        .filter_pattern("\"TPL_SYNC\"")
        .start_time(now - LOOK_BACK_MS)
        .send()
        .await
        .call("logs:FilterLogEvents");
    match found {
        Ok(found) => {
            let newest = found.events().iter().max_by_key(|e| e.timestamp().unwrap_or_default());
            state.last_run = newest
                .and_then(|e| e.message())
                .and_then(|m| m.split_once("TPL_SYNC "))
                .and_then(|(_, json)| serde_json::from_str(json.trim()).ok());
        }
        Err(err) if err.is("ResourceNotFoundException") => {}
        Err(err) => return Err(err.into()),
    }
    Ok(state)
}

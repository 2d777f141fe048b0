//! `sync-targets --install`: the sync function in the customer's account, as a plan like
//! every other write (found by name and tags first, so a second run makes no write and a
//! run cut off half-way finishes when run again), and `--uninstall`, which teardown runs
//! too. Each resource is named `tpl-<name>-sync` (the rules add `-every` and `-events`):
//! - an IAM role Lambda assumes, with one inline policy: register and deregister on this
//!   connection's target groups only (by ARN), the reads the sync makes, and writing to
//!   its own log group;
//! - its log group, made first with a retention so the role needs no `CreateLogGroup`;
//! - the function (Python, boto3 only, arm64, 128 MB, not in a VPC: it calls AWS APIs
//!   only), its configuration naming each route's group and resource;
//! - an EventBridge rule on a schedule, and one on the RDS events of the resources
//!   followed (an accelerator: RDS sends events "on a best effort basis"), each with the
//!   permission to invoke the function. A scheduled rule rather than EventBridge
//!   Scheduler: the same API and tags as the event rule, and no second role to pass.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Value, json};

use super::package;
use crate::aws::{Aws, CallExt};
use crate::connection::function;
use crate::connection::names::ConnectionName;
use crate::connection::route::LiveRoute;
use crate::error::usage;
use crate::plan::{Action, Context, Made, Step, WriteOp};

const POLICY_NAME: &str = "sync";
const TIMEOUT_SECONDS: i32 = 50;
const EVERY_SID: &str = "tpl-sync-every";
const EVENTS_SID: &str = "tpl-sync-events";

/// The names of everything the sync is made of.
#[derive(Debug, Clone)]
pub struct Names {
    pub function: String,
    pub role: String,
    pub log_group: String,
    pub every_rule: String,
    pub events_rule: String,
}

impl Names {
    pub fn of(connection: &ConnectionName) -> Self {
        let function = format!("tpl-{connection}-sync");
        Self {
            role: function.clone(),
            log_group: format!("/aws/lambda/{function}"),
            every_rule: format!("{function}-every"),
            events_rule: format!("{function}-events"),
            function,
        }
    }
}

/// `--every`: how often the schedule runs the sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Every {
    pub minutes: u32,
}

impl std::str::FromStr for Every {
    type Err = String;

    /// `1m`, `5m`, `1h`: whole minutes or hours, at least one minute (a rule's precision).
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let value = value.trim();
        let (number, unit) = value.split_at(value.find(|c: char| !c.is_ascii_digit()).unwrap_or(value.len()));
        let number: u32 = number.parse().map_err(|_| format!("'{value}' is not a duration like 1m, 5m or 1h"))?;
        let minutes = match unit {
            "m" | "min" => number,
            "h" => number.saturating_mul(60),
            _ => return Err(format!("'{value}' is not a duration like 1m, 5m or 1h")),
        };
        if minutes == 0 {
            return Err("the schedule must be at least 1m".into());
        }
        Ok(Self { minutes })
    }
}

impl Every {
    /// The rule's schedule: "If the value is equal to 1, then the unit must be singular"
    /// (EventBridge, Creating a rule that runs on a schedule).
    pub fn expression(self) -> String {
        match self.minutes {
            1 => "rate(1 minute)".into(),
            60 => "rate(1 hour)".into(),
            m if m % 60 == 0 => format!("rate({} hours)", m / 60),
            m => format!("rate({m} minutes)"),
        }
    }
}

/// What the install is to make, settled with read-only calls.
#[derive(Debug, Clone)]
pub struct Desired {
    pub connection: ConnectionName,
    pub names: Names,
    pub account: String,
    pub region: String,
    /// The function's `TPL_ROUTES`: each route that follows a resource.
    pub routes: Value,
    pub target_groups: Vec<String>,
    /// The reads the sync makes for the kinds it follows.
    pub reads: BTreeSet<&'static str>,
    /// The RDS ARNs whose events run the sync (none: schedule only).
    pub rds_arns: Vec<String>,
    pub every: Every,
}

impl Desired {
    /// The function, its role and its log group.
    pub fn function(&self) -> function::Spec {
        function::Spec { policy: self.policy(), env: self.environment(), ..self.parts() }
    }

    fn parts(&self) -> function::Spec {
        Self::function_of(&self.connection, self.account.clone(), self.region.clone())
    }

    fn tags(&self) -> HashMap<String, String> {
        self.parts().tags
    }

    /// The parts as a connection's sync names and tags them (what uninstall finds).
    pub fn function_of(connection: &ConnectionName, account: String, region: String) -> function::Spec {
        function::Spec {
            kinds: function::Kinds { role: "sync-role", log_group: "sync-log-group", function: "sync-function" },
            name: Names::of(connection).function,
            account,
            region,
            policy_name: POLICY_NAME,
            policy: Value::Null,
            handler: package::HANDLER_ENTRY,
            source: package::HANDLER,
            timeout_seconds: TIMEOUT_SECONDS,
            env: HashMap::new(),
            network: None,
            role: None,
            tags: connection.tags().into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            owner: format!("connection '{connection}'"),
            role_detail: "assumed by Lambda; register/deregister on this connection's target groups only".into(),
        }
    }

    fn function_arn(&self) -> String {
        format!("arn:aws:lambda:{}:{}:function:{}", self.region, self.account, self.names.function)
    }

    fn rule_arn(&self, rule: &str) -> String {
        format!("arn:aws:events:{}:{}:rule/{rule}", self.region, self.account)
    }

    /// The role's one inline policy.
    pub fn policy(&self) -> Value {
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "SyncThisConnection", "Effect": "Allow",
             "Action": ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
             "Resource": self.target_groups},
            {"Sid": "Read", "Effect": "Allow", "Action": self.reads.iter().collect::<Vec<_>>(), "Resource": "*"},
            {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": self.parts().log_group_arn()},
        ]})
    }

    fn environment(&self) -> HashMap<String, String> {
        HashMap::from([("TPL_ROUTES".into(), self.routes.to_string()), ("TPL_CONNECTION".into(), self.connection.to_string())])
    }

    fn events_pattern(&self) -> Option<String> {
        (!self.rds_arns.is_empty()).then(|| {
            json!({"source": ["aws.rds"], "detail-type": ["RDS DB Instance Event", "RDS DB Cluster Event", "RDS DB Proxy Event"],
                   "resources": self.rds_arns})
            .to_string()
        })
    }
}

/// Settles what to install for the connection's routes, or refuses when nothing can drift.
pub async fn desired(aws: &Aws, connection: &ConnectionName, routes: &[LiveRoute], every: Every) -> anyhow::Result<Desired> {
    let following: Vec<&LiveRoute> =
        routes.iter().filter(|r| r.resource.is_some() && r.kind() == crate::connection::target::TargetKind::Ip).collect();
    if following.is_empty() {
        return Err(usage(format!(
            "connection '{connection}' has no route whose targets can drift (instances, ALBs, an adopted NLB and IPs given by hand are registered as they are): there is nothing for a sync to follow"
        )));
    }
    let me = aws.sts.get_caller_identity().send().await.call("sts:GetCallerIdentity")?;
    let account = me.account().unwrap_or_default().to_string();
    let mut reads: BTreeSet<&'static str> = BTreeSet::from(["elasticloadbalancing:DescribeTargetHealth", "ec2:DescribeNetworkInterfaces"]);
    let mut rds_arns = Vec::new();
    let arn = |kind: &str, id: &str| format!("arn:aws:rds:{}:{account}:{kind}:{id}", aws.region);
    for route in &following {
        let resource = route.resource.as_ref().expect("filtered");
        reads.extend(resource.kind().iam_actions.iter().copied());
        match resource.kind_name() {
            "rds-instance" => rds_arns.push(arn("db", resource.id())),
            "rds-cluster" | "docdb-cluster" | "neptune-cluster" => {
                rds_arns.push(arn("cluster", resource.id()));
                let found =
                    aws.rds.describe_db_clusters().db_cluster_identifier(resource.id()).send().await.call("rds:DescribeDBClusters")?;
                for member in found.db_clusters().iter().flat_map(|c| c.db_cluster_members()) {
                    rds_arns.extend(member.db_instance_identifier().map(|id| arn("db", id)));
                }
            }
            "rds-proxy" => {
                let found = aws.rds.describe_db_proxies().db_proxy_name(resource.id()).send().await.call("rds:DescribeDBProxies")?;
                rds_arns.extend(found.db_proxies().iter().filter_map(|p| p.db_proxy_arn().map(str::to_string)));
            }
            // ElastiCache's EventBridge events (Cache Created/Deleted/Updated, snapshots,
            // limits: https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-elasticache.html)
            // name no failover or node replacement, nor do Redshift's and Amazon MQ's:
            // the schedule alone follows them.
            _ => {}
        }
    }
    rds_arns.sort();
    rds_arns.dedup();
    let routes = Value::Array(
        following
            .iter()
            .map(|r| {
                json!({"listener": r.listener, "target_group_arn": r.arn(), "target_port": r.target_port(),
                       "resource": r.resource.as_ref().map(|x| x.tag_value()), "vpc_id": r.group.vpc_id(), "all_nodes": r.all_nodes})
            })
            .collect(),
    );
    Ok(Desired {
        connection: connection.clone(),
        names: Names::of(connection),
        account,
        region: aws.region.clone(),
        routes,
        target_groups: following.iter().map(|r| r.arn().to_string()).collect(),
        reads,
        rds_arns,
        every,
    })
}

/// The install plan: a step per resource, each found first.
pub async fn plan(aws: &Aws, d: &Desired) -> anyhow::Result<Vec<Step>> {
    let spec = d.function();
    let mut steps = vec![
        function::role_step(aws, &spec).await?,
        function::log_group_step(aws, &spec).await?,
        function::function_step(aws, &spec, &format!("{} arm64, {} routes", function::RUNTIME_NAME, d.target_groups.len())).await?,
    ];
    let names = &d.names;

    // The rules, their targets and the permission each has to invoke the function.
    let statements = match aws.lambda.get_policy().function_name(&names.function).send().await.call("lambda:GetPolicy") {
        Ok(found) => serde_json::from_str::<Value>(found.policy().unwrap_or("{}")).unwrap_or_default()["Statement"]
            .as_array()
            .map(|s| s.iter().filter_map(|x| x["Sid"].as_str().map(str::to_string)).collect::<BTreeSet<_>>())
            .unwrap_or_default(),
        Err(err) if err.is("ResourceNotFoundException") => BTreeSet::new(),
        Err(err) => return Err(err.into()),
    };
    let rules = [
        (names.every_rule.clone(), EVERY_SID, Some(d.every.expression()), None),
        (names.events_rule.clone(), EVENTS_SID, None, d.events_pattern()),
    ];
    for (rule, sid, schedule, pattern) in rules {
        if schedule.is_none() && pattern.is_none() {
            continue;
        }
        steps.push(rule_step(aws, d, &rule, sid, schedule, pattern, statements.contains(sid)).await?);
    }
    Ok(steps)
}

async fn rule_step(
    aws: &Aws,
    d: &Desired,
    rule: &str,
    sid: &'static str,
    schedule: Option<String>,
    pattern: Option<String>,
    permitted: bool,
) -> anyhow::Result<Step> {
    let found = match aws.events.describe_rule().name(rule).send().await.call("events:DescribeRule") {
        Ok(found) => Some(found),
        Err(err) if err.is("ResourceNotFoundException") => None,
        Err(err) => return Err(err.into()),
    };
    let targeted = match &found {
        Some(_) => {
            let targets = aws.events.list_targets_by_rule().rule(rule).send().await.call("events:ListTargetsByRule")?;
            targets.targets().iter().any(|t| t.arn() == d.function_arn())
        }
        None => false,
    };
    let what = schedule.clone().unwrap_or_else(|| match d.rds_arns.len() {
        1 => "RDS events of 1 resource".to_string(),
        n => format!("RDS events of {n} resources"),
    });
    let same = found.as_ref().is_some_and(|f| {
        f.schedule_expression().map(str::to_string) == schedule
            && f.event_pattern().map(|p| serde_json::from_str::<Value>(p).ok())
                == pattern.as_ref().map(|p| serde_json::from_str::<Value>(p).ok())
            && f.state().is_some_and(|s| s.as_str() == "ENABLED")
    });
    let action = match (&found, same && targeted && permitted) {
        (None, _) => Action::Created,
        (Some(_), true) => Action::Exists,
        (Some(_), false) => Action::Updated,
    };
    let mut step = Step::new("sync-rule", action, d.rule_arn(rule)).named(rule).detail(what);
    if !same {
        step = step.write(Write::PutRule { name: rule.to_string(), schedule, pattern, tags: d.tags() });
    }
    if !targeted {
        step = step.write(Write::PutTarget { rule: rule.to_string(), function: d.function_arn() });
    }
    if !permitted {
        step = step.write(Write::AddPermission { function: d.names.function.clone(), sid, rule: d.rule_arn(rule) });
    }
    Ok(step)
}

/// The uninstall steps: only what exists, so an uninstall cut off can be run again.
pub async fn uninstall(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<Step>> {
    let names = Names::of(connection);
    let mut steps = Vec::new();
    for rule in [&names.every_rule, &names.events_rule] {
        match aws.events.describe_rule().name(rule.as_str()).send().await.call("events:DescribeRule") {
            Ok(found) => steps.push(
                Step::new("sync-rule", Action::Deleted, found.arn().unwrap_or(rule.as_str()))
                    .named(rule.as_str())
                    .write(Write::DeleteRule { name: rule.clone() }),
            ),
            Err(err) if err.is("ResourceNotFoundException") => {}
            Err(err) => return Err(err.into()),
        }
    }
    let spec = Desired::function_of(connection, String::new(), String::new());
    steps.extend(function::delete_function_step(aws, &spec).await?);
    steps.extend(function::delete_log_group_step(aws, &spec).await?);
    steps.extend(function::delete_role_step(aws, &spec).await?);
    Ok(steps)
}

#[derive(Debug, Clone)]
enum Write {
    PutRule { name: String, schedule: Option<String>, pattern: Option<String>, tags: HashMap<String, String> },
    PutTarget { rule: String, function: String },
    AddPermission { function: String, sid: &'static str, rule: String },
    DeleteRule { name: String },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::PutRule { name, schedule, pattern, tags } => {
                let tags = tags
                    .iter()
                    .map(|(k, v)| aws_sdk_eventbridge::types::Tag::builder().key(k).value(v).build())
                    .collect::<Result<Vec<_>, _>>()?;
                aws.events
                    .put_rule()
                    .name(name)
                    .set_schedule_expression(schedule.clone())
                    .set_event_pattern(pattern.clone())
                    .state(aws_sdk_eventbridge::types::RuleState::Enabled)
                    .description("trigger-privatelink: keeps the connection's target groups on its resources' IPs")
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .call("events:PutRule")?;
            }
            Write::PutTarget { rule, function } => {
                let target = aws_sdk_eventbridge::types::Target::builder().id("sync").arn(function).build()?;
                aws.events.put_targets().rule(rule).targets(target).send().await.call("events:PutTargets")?;
            }
            Write::AddPermission { function, sid, rule } => {
                aws.lambda
                    .add_permission()
                    .function_name(function)
                    .statement_id(*sid)
                    .action("lambda:InvokeFunction")
                    .principal("events.amazonaws.com")
                    .source_arn(rule)
                    .send()
                    .await
                    .call("lambda:AddPermission")?;
            }
            Write::DeleteRule { name } => {
                aws.events.remove_targets().rule(name).ids("sync").send().await.call("events:RemoveTargets")?;
                aws.events.delete_rule().name(name).send().await.call("events:DeleteRule")?;
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::Every;

    #[test]
    fn schedules_are_written_as_eventbridge_reads_them() {
        let expression = |s: &str| s.parse::<Every>().unwrap().expression();
        assert_eq!(expression("1m"), "rate(1 minute)");
        assert_eq!(expression("5m"), "rate(5 minutes)");
        assert_eq!(expression("1h"), "rate(1 hour)");
        assert_eq!(expression("2h"), "rate(2 hours)");
        assert_eq!(expression("90m"), "rate(90 minutes)");
        for bad in ["0m", "m", "5", "1d", "-1m", ""] {
            assert!(bad.parse::<Every>().is_err(), "{bad}");
        }
    }
}

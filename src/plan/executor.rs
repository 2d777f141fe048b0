//! Running a plan. [`execute`] is the one function through which every AWS write of
//! the tool goes: a write needs a [`Writer`], and only `execute` can make one.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::Serialize;

use super::{Id, Outcome, Plan, Slot, Write};
use crate::aws::{Aws, AwsCallError};
use crate::error::Interrupted;
use crate::ui::Ui;

/// Proof that a write runs inside [`execute`]. Its field is private to this module, so
/// no other code can make one, and every function that sends a write takes one.
#[derive(Debug)]
pub struct Writer(());

/// A write is sent for real, or with EC2's `DryRun` to check the permission only.
#[derive(Debug, Clone, Copy)]
pub enum Mode<'a> {
    Apply(&'a Writer),
    DryRun,
}

impl Mode<'_> {
    pub fn dry_run(self) -> bool {
        matches!(self, Mode::DryRun)
    }
}

/// A resource a step made: its ID, and its name where AWS gives it one.
#[derive(Debug, Clone)]
pub struct Made {
    pub id: String,
    pub name: Option<String>,
}

impl Made {
    pub fn id(id: impl Into<String>) -> Self {
        Self { id: id.into(), name: None }
    }
}

/// What a write sees while it runs: the clients, the UI for waits, and the resources
/// the earlier steps made.
pub struct Context<'a> {
    pub aws: &'a Aws,
    pub ui: &'a Ui,
    pub wait_timeout: Duration,
    pub writer: &'a Writer,
    made: &'a BTreeMap<Slot, Made>,
}

impl Context<'_> {
    /// The ID behind `id`: as known at plan time, or as made by an earlier step.
    pub fn id(&self, id: &Id) -> anyhow::Result<String> {
        match id {
            Id::Known(id) => Ok(id.clone()),
            Id::Made(slot) => self
                .made
                .get(slot)
                .map(|made| made.id.clone())
                .ok_or_else(|| anyhow::anyhow!("the plan uses the {slot:?} before a step makes it")),
        }
    }

    pub fn mode(&self) -> Mode<'_> {
        Mode::Apply(self.writer)
    }
}

/// Runs every step of `plan` in order, with a progress line before each, and stops at
/// the first failure, saying which step failed and how many were done (each step is
/// idempotent, so the same command run again finishes the work).
pub async fn execute(aws: &Aws, ui: &Ui, plan: &Plan, wait_timeout: Duration) -> anyhow::Result<Vec<Outcome>> {
    let writer = Writer(());
    let mut made: BTreeMap<Slot, Made> = BTreeMap::new();
    let total = plan.steps.len();
    let mut outcomes = Vec::with_capacity(total);
    for (index, step) in plan.steps.iter().enumerate() {
        ui.step_line(index + 1, total, &step.describe());
        for write in &step.writes {
            let cx = Context { aws, ui, wait_timeout, writer: &writer, made: &made };
            let result = tokio::select! {
                result = write.apply(&cx) => result,
                () = crate::ui::interrupt::requested() => Err(Interrupted { done: index, total }.into()),
            };
            match result {
                Ok(Some(produced)) => {
                    if let Id::Made(slot) = step.id {
                        made.insert(slot, produced);
                    }
                }
                Ok(None) => {}
                Err(err) if err.is::<Interrupted>() => return Err(err),
                Err(err) => {
                    return Err(err.context(format!("step {} of {total} ({}); {index} done before it", index + 1, step.describe())));
                }
            }
        }
        let resolved = match &step.id {
            Id::Known(id) => Made { id: id.clone(), name: None },
            Id::Made(slot) => made.get(slot).cloned().ok_or_else(|| anyhow::anyhow!("step {} made no {slot:?}", index + 1))?,
        };
        outcomes.push(Outcome {
            kind: step.kind,
            id: resolved.id,
            name: step.name.clone().or(resolved.name),
            action: step.action,
            details: step.details.clone(),
        });
    }
    Ok(outcomes)
}

/// What a dry run sends for an ID that an earlier step would make: EC2 checks the
/// permission before it looks the resource up.
pub fn dry_run_id(aws: &Aws, id: &Id) -> String {
    match id {
        Id::Known(id) => id.clone(),
        Id::Made(Slot::SecurityGroup) => "sg-00000000000000000".into(),
        Id::Made(Slot::Service) => "vpce-svc-00000000000000000".into(),
        Id::Made(Slot::LoadBalancer) => {
            format!("arn:aws:elasticloadbalancing:{}:000000000000:loadbalancer/net/dry-run/0000000000000000", aws.region)
        }
        Id::Made(slot) => format!("{slot:?}-dry-run"),
    }
}

/// An EC2 write of the plan, sent with `DryRun`.
#[derive(Debug, Clone, Serialize)]
pub struct PermissionCheck {
    pub action: &'static str,
    /// `allowed`, `denied`, or `unknown: <AWS error code>`.
    pub result: String,
}

impl PermissionCheck {
    pub fn denied(&self) -> bool {
        self.result == "denied"
    }

    pub fn from_answer<T>(action: &'static str, answer: Result<T, AwsCallError>) -> Self {
        let result = match answer {
            Ok(_) => "allowed".to_string(),
            Err(err) if err.is("DryRunOperation") => "allowed".to_string(),
            Err(err) if err.is("UnauthorizedOperation") || err.is("AccessDenied") => "denied".to_string(),
            Err(err) => format!("unknown: {}", err.code().unwrap_or("no answer")),
        };
        Self { action, result }
    }
}

/// Every EC2 write of the plan sent with `DryRun`, which AWS answers with
/// DryRunOperation (allowed) or UnauthorizedOperation (denied) and does nothing;
/// one check per action. ELBv2 has no dry run, so its writes are not checked.
pub async fn dry_run(aws: &Aws, plan: &Plan) -> Vec<PermissionCheck> {
    let mut checks: Vec<PermissionCheck> = Vec::new();
    for write in plan.steps.iter().flat_map(|step| &step.writes) {
        if checks.iter().any(|c| Some(c.action) == write.ec2_action()) {
            continue;
        }
        if let Some(check) = write.dry_run(aws).await {
            checks.push(check);
        }
    }
    checks
}

impl Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        match self {
            Write::TargetGroup(write) => write.apply(cx).await,
            Write::SecurityGroup(write) => write.apply(cx).await,
            Write::LoadBalancer(write) => write.apply(cx).await,
            Write::Service(write) => write.apply(cx).await,
        }
    }

    /// The EC2 action this write is, when it is one (ELBv2 has no dry run).
    fn ec2_action(&self) -> Option<&'static str> {
        match self {
            Write::SecurityGroup(write) => Some(write.action()),
            Write::Service(write) => write.ec2_action(),
            Write::TargetGroup(_) | Write::LoadBalancer(_) => None,
        }
    }

    async fn dry_run(&self, aws: &Aws) -> Option<PermissionCheck> {
        match self {
            Write::SecurityGroup(write) => Some(write.dry_run(aws).await),
            Write::Service(write) => write.dry_run(aws).await,
            Write::TargetGroup(_) | Write::LoadBalancer(_) => None,
        }
    }
}

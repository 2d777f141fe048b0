//! What a write is and what it may use: the IDs it refers to (known, or made by an
//! earlier step), the [`Writer`] only the executor holds, and the [`WriteOp`] trait every
//! resource module's writes implement.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::Serialize;

use crate::aws::{Aws, AwsCallError};
use crate::ui::Ui;

/// A resource an earlier step of the same plan creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    /// The target group for this port.
    TargetGroup(u16),
    SecurityGroup,
    LoadBalancer,
    /// The listener on this port.
    Listener(u16),
    Service,
    /// The prober's security group (`doctor --probe`).
    ProbeSecurityGroup,
    /// The probe's interface endpoint, made for one run.
    ProbeEndpoint,
}

/// A resource's ID: known when it exists already, or the one an earlier step makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Id {
    Known(String),
    Made(Slot),
}

impl Id {
    pub fn is_made(&self) -> bool {
        matches!(self, Id::Made(_))
    }

    pub fn known(&self) -> Option<&str> {
        match self {
            Id::Known(id) => Some(id),
            Id::Made(_) => None,
        }
    }
}

impl From<&str> for Id {
    fn from(id: &str) -> Self {
        Id::Known(id.to_string())
    }
}

impl From<String> for Id {
    fn from(id: String) -> Self {
        Id::Known(id)
    }
}

/// Proof that a write runs inside [`execute`](super::execute). Its field is private to
/// the plan module, which makes one in `execute` only (a test checks), and every
/// function that sends a write takes one.
#[derive(Debug)]
pub struct Writer(pub(super) ());

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
    pub(super) made: &'a BTreeMap<Slot, Made>,
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

/// A boxed future, as a trait object's async method returns.
pub type Pending<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One AWS write (or a wait that a write needs). Each resource module implements it
/// for its own writes; a step holds them as [`AnyWrite`].
// Used inside this crate only, and on one task: the futures need no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait WriteOp: std::fmt::Debug {
    /// Sends the write (the executor calls this); returns what it made, if anything.
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>>;

    /// The EC2 action, for the writes EC2 can check with `DryRun` (ELBv2 has no dry run).
    fn ec2_action(&self) -> Option<&'static str> {
        None
    }

    /// Sends the write with `DryRun`: a permission check that changes nothing.
    async fn dry_run(&self, _aws: &Aws) -> Option<PermissionCheck> {
        None
    }
}

/// A [`WriteOp`] of any module, as a step holds it.
pub trait AnyWrite: std::fmt::Debug {
    fn apply<'a>(&'a self, cx: &'a Context<'a>) -> Pending<'a, anyhow::Result<Option<Made>>>;
    fn ec2_action(&self) -> Option<&'static str>;
    fn dry_run<'a>(&'a self, aws: &'a Aws) -> Pending<'a, Option<PermissionCheck>>;
}

impl<W: WriteOp> AnyWrite for W {
    fn apply<'a>(&'a self, cx: &'a Context<'a>) -> Pending<'a, anyhow::Result<Option<Made>>> {
        Box::pin(WriteOp::apply(self, cx))
    }

    fn ec2_action(&self) -> Option<&'static str> {
        WriteOp::ec2_action(self)
    }

    fn dry_run<'a>(&'a self, aws: &'a Aws) -> Pending<'a, Option<PermissionCheck>> {
        Box::pin(WriteOp::dry_run(self, aws))
    }
}

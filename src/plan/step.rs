//! Plans and their steps, and what a step leaves behind once run.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

use super::write::{AnyWrite, Id, WriteOp};
use crate::ui::{Report, View, table};

/// How long a wait may take where the command has no --wait-timeout.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(600);

/// What a step does to its resource. Serialized in the past tense, which reads right
/// both in a plan ("created": will be created) and in a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A route of the connection that this run did not name: left as it is.
    Kept,
    /// Found, matching what was asked, left unchanged.
    Exists,
    /// Found and changed to match what was asked.
    Updated,
    /// Did not exist; created.
    Created,
    Accepted,
    Rejected,
    Revoked,
    Deleted,
}

impl Action {
    /// The past tense, as in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Kept => "kept",
            Action::Exists => "exists",
            Action::Updated => "updated",
            Action::Created => "created",
            Action::Accepted => "accepted",
            Action::Rejected => "rejected",
            Action::Revoked => "revoked",
            Action::Deleted => "deleted",
        }
    }

    /// The imperative, as in a human plan and the progress lines. A resource left as it
    /// is reads `exists` in the plan as in the result: one word for it everywhere.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Kept => "keep",
            Action::Exists => "exists",
            Action::Updated => "update",
            Action::Created => "create",
            Action::Accepted => "accept",
            Action::Rejected => "reject",
            Action::Revoked => "revoke",
            Action::Deleted => "delete",
        }
    }
}

/// One resource and what applying the plan does to it: nothing (`exists`), or the
/// writes in `writes`, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// `target-group`, `load-balancer`, `listener`, …
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Id::is_made", serialize_with = "known_id")]
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// In the words of the human plan: `create`, `keep`, `update`, `delete`, ….
    #[serde(serialize_with = "as_verb")]
    pub action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    #[serde(skip)]
    pub writes: Vec<Arc<dyn AnyWrite>>,
}

fn as_verb<S: serde::Serializer>(action: &Action, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(action.verb())
}

fn known_id<S: serde::Serializer>(id: &Id, serializer: S) -> Result<S::Ok, S::Error> {
    match id {
        Id::Known(id) => serializer.serialize_str(id),
        Id::Made(_) => serializer.serialize_none(),
    }
}

impl Step {
    pub fn new(kind: &'static str, action: Action, id: impl Into<Id>) -> Self {
        Self { kind, id: id.into(), name: None, action, details: Vec::new(), writes: Vec::new() }
    }

    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into()).filter(|n: &String| !n.is_empty());
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.details.push(detail.into());
        self
    }

    pub fn details(mut self, details: impl IntoIterator<Item = String>) -> Self {
        self.details.extend(details);
        self
    }

    pub fn write(mut self, write: impl WriteOp + 'static) -> Self {
        self.writes.push(Arc::new(write));
        self
    }

    pub fn writes<W: WriteOp + 'static>(mut self, writes: impl IntoIterator<Item = W>) -> Self {
        self.writes.extend(writes.into_iter().map(|w| Arc::new(w) as Arc<dyn AnyWrite>));
        self
    }

    /// The step as one line: `create target-group tpl-orders-tg (TCP 5432 in vpc-…)`.
    pub fn describe(&self) -> String {
        let what = self.name.clone().or_else(|| self.id.known().map(crate::ui::short_id)).unwrap_or_default();
        let details = if self.details.is_empty() { String::new() } else { format!(" ({})", self.details.join("; ")) };
        format!("{} {} {what}{details}", self.action.verb(), self.kind).replace("  ", " ")
    }
}

/// The ordered steps of one command.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Plan {
    pub steps: Vec<Step>,
}

impl Plan {
    pub fn push(&mut self, step: Step) {
        self.steps.push(step);
    }
}

/// What a step did, once run: the resource's ID (new or existing).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub kind: &'static str,
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl Outcome {
    /// The strongest action among outcomes: created > updated > exists.
    pub fn strongest(outcomes: &[Outcome]) -> Action {
        outcomes.iter().map(|o| o.action).max().unwrap_or(Action::Exists)
    }
}

/// Outcomes as a table: one row per resource.
pub fn outcome_table(outcomes: &[Outcome], view: View) -> String {
    table::render(
        &["action", "resource", "name", "details"],
        outcomes.iter().map(|o| {
            let name = if view.full_ids { o.id.clone() } else { o.name.clone().unwrap_or_else(|| view.id(&o.id)) };
            vec![o.action.as_str().to_string(), o.kind.to_string(), name, o.details.join("; ")]
        }),
        view.width,
    )
}

/// The result of one step subcommand.
#[derive(Debug, Clone, Serialize)]
pub struct StepReport {
    pub step: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<String>,
    pub region: String,
    /// The strongest action among the resources: created > updated > exists.
    pub action: Action,
    pub resources: Vec<Outcome>,
}

impl StepReport {
    pub fn new(step: &'static str, connection: Option<String>, region: &str, resources: Vec<Outcome>) -> Self {
        Self { step, connection, region: region.to_string(), action: Outcome::strongest(&resources), resources }
    }
}

impl Report for StepReport {
    fn human(&self, view: View) -> String {
        outcome_table(&self.resources, view)
    }
}

//! What a step did, per resource: one value, rendered as a table or as JSON.

use serde::Serialize;

use crate::ui::{Report, table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Found, matching what was asked, left unchanged.
    Exists,
    /// Found and changed to match what was asked.
    Updated,
    /// Did not exist; created.
    Created,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Exists => "exists",
            Action::Updated => "updated",
            Action::Created => "created",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceOutcome {
    /// `target-group`, `load-balancer`, `listener`, …
    pub kind: &'static str,
    /// ARN or ID.
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub action: Action,
    /// What was changed (for `updated`) or notable settings (for the others).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// One resource in a plan: what applying will do to it, decided before any change.
/// Applying it yields the [`ResourceOutcome`] with the same action.
#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub kind: &'static str,
    /// Known when the resource exists already.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `created` means "will be created", `exists` "adopted unchanged", `updated` "will be updated".
    pub action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

impl PlanItem {
    fn new(kind: &'static str, name: Option<String>, id: Option<String>, action: Action) -> Self {
        Self { kind, id, name, action, details: Vec::new() }
    }

    pub fn create(kind: &'static str, name: impl Into<String>) -> Self {
        Self::new(kind, Some(name.into()), None, Action::Created)
    }

    pub fn keep(kind: &'static str, name: impl Into<String>, id: impl Into<String>) -> Self {
        Self::new(kind, Some(name.into()), Some(id.into()), Action::Exists)
    }

    pub fn update(kind: &'static str, name: impl Into<String>, id: impl Into<String>) -> Self {
        Self::new(kind, Some(name.into()), Some(id.into()), Action::Updated)
    }

    /// For resources with no name of their own (a listener, an attribute).
    pub fn unnamed(mut self) -> Self {
        self.name = None;
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

    /// The outcome once applied, with the resource's ID (new or existing).
    pub fn done(self, id: impl Into<String>) -> ResourceOutcome {
        ResourceOutcome { kind: self.kind, id: id.into(), name: self.name, action: self.action, details: self.details }
    }
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
    pub resources: Vec<ResourceOutcome>,
}

impl StepReport {
    pub fn new(step: &'static str, connection: Option<String>, region: &str, resources: Vec<ResourceOutcome>) -> Self {
        let action = resources.iter().map(|r| r.action).max().unwrap_or(Action::Exists);
        Self { step, connection, region: region.to_string(), action, resources }
    }
}

impl Report for StepReport {
    fn human(&self) -> String {
        table::render(
            &["resource", "id", "action", "details"],
            self.resources.iter().map(|r| vec![r.kind.to_string(), r.id.clone(), r.action.as_str().to_string(), r.details.join("; ")]),
        )
    }
}

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

impl ResourceOutcome {
    pub fn new(kind: &'static str, id: impl Into<String>, action: Action) -> Self {
        Self { kind, id: id.into(), name: None, action, details: Vec::new() }
    }

    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
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
            self.resources.iter().map(|r| {
                vec![r.kind.to_string(), r.id.clone(), r.action.as_str().to_string(), r.details.join("; ")]
            }),
        )
    }
}

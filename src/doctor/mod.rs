//! `doctor`: every troubleshooting check, as typed results over one snapshot of the
//! account. The snapshot makes each describe call once, concurrently where the calls
//! do not depend on each other; the checks are pure functions of it.

pub mod checks;
pub mod fixes;
pub mod report;
pub mod snapshot;
pub mod target;

use serde::Serialize;

/// Ordered: the worst status wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Skip,
    Pass,
    Warn,
    Fail,
}

impl Status {
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Pass => "✔",
            Status::Warn => "⚠",
            Status::Fail => "✘",
            Status::Skip => "-",
        }
    }
}

/// The vendor's troubleshooting list, by symptom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Symptom {
    StuckPending,
    CannotConnect,
    Slow,
}

impl Symptom {
    pub fn title(self) -> &'static str {
        match self {
            Symptom::StuckPending => "Status stays at Pending or Provisioning",
            Symptom::CannotConnect => "Status is Active but tasks can't connect",
            Symptom::Slow => "Connection works but is slow",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub id: &'static str,
    #[serde(skip)]
    pub symptom: Symptom,
    pub status: Status,
    /// One line, with the actual values.
    pub summary: String,
    /// The command or console path that fixes it (empty when nothing to fix).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remedy: String,
}

impl CheckResult {
    pub fn new(id: &'static str, symptom: Symptom, status: Status, summary: impl Into<String>) -> Self {
        Self { id, symptom, status, summary: summary.into(), remedy: String::new() }
    }

    pub fn remedy(mut self, remedy: impl Into<String>) -> Self {
        self.remedy = remedy.into();
        self
    }
}

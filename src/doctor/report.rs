//! The doctor report: one value, rendered as a table grouped by symptom or as JSON.

use serde::Serialize;

use super::target::Target;
use super::{Finding, Status, Symptom};
use crate::ui::Report;

#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub target: Target,
    pub checks: Vec<Finding>,
    pub ok: bool,
    /// Fixes applied by --fix, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<String>,
}

impl DoctorReport {
    pub fn new(target: Target, checks: Vec<Finding>, fixed: Vec<String>) -> Self {
        let ok = checks.iter().all(|c| c.status != Status::Fail);
        Self { target, checks, ok, fixed }
    }
}

impl Report for DoctorReport {
    fn human(&self) -> String {
        let mut out = Vec::new();
        let service = self.target.service_id.as_deref().unwrap_or("no endpoint service");
        out.push(format!("doctor: {service} in {}", self.target.region));
        for symptom in [Symptom::StuckPending, Symptom::CannotConnect, Symptom::Slow] {
            out.push(String::new());
            out.push(symptom.title().to_string());
            let width = self.checks.iter().map(|c| c.id.as_str().len()).max().unwrap_or(0);
            for check in self.checks.iter().filter(|c| c.id.symptom() == symptom) {
                out.push(format!("  {} {:<width$}  {}", check.status.symbol(), check.id, check.summary));
            }
        }
        if !self.fixed.is_empty() {
            out.push(String::new());
            out.push("Fixed:".into());
            out.extend(self.fixed.iter().map(|f| format!("  {f}")));
        }
        let remedies: Vec<&Finding> = self.checks.iter().filter(|c| c.status == Status::Fail && !c.remedy.is_empty()).collect();
        if !remedies.is_empty() {
            out.push(String::new());
            out.push("To fix:".into());
            out.extend(remedies.iter().map(|c| format!("  {}: {}", c.id, c.remedy)));
        }
        out.join("\n")
    }
}

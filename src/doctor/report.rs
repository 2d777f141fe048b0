//! The doctor report: one value, rendered as a table grouped by symptom or as JSON.

use serde::Serialize;

use super::target::Target;
use super::{Finding, Status, Symptom};
use crate::plan::Outcome;
use crate::ui::{Report, View, table};

#[derive(Debug, Serialize)]
pub struct DoctorReport {
    pub target: Target,
    pub checks: Vec<Finding>,
    pub ok: bool,
    /// Fixes applied by --fix, in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<Outcome>,
    /// `--probe`: the run's endpoint, its zones, and what a probe cannot prove.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<super::probe::Probed>,
}

impl DoctorReport {
    pub fn new(target: Target, checks: Vec<Finding>, fixed: Vec<Outcome>) -> Self {
        let ok = checks.iter().all(|c| c.status != Status::Fail);
        Self { target, checks, ok, fixed, probe: None }
    }
}

impl Report for DoctorReport {
    fn human(&self, view: View) -> String {
        let mut out = Vec::new();
        let service = self.target.service_id.as_deref().unwrap_or("no endpoint service");
        out.push(format!("doctor: {service} in {}", self.target.region));
        // The static checks' ids set their column; a probe's longer ids set only their own section's.
        let width_of =
            |symptom: Symptom| self.checks.iter().filter(|c| c.id.symptom() == symptom).map(|c| c.label.len()).max().unwrap_or(0);
        let static_width = [Symptom::StuckPending, Symptom::CannotConnect, Symptom::Slow].map(width_of).into_iter().max().unwrap_or(0);
        for symptom in [Symptom::StuckPending, Symptom::CannotConnect, Symptom::Slow, Symptom::Probed] {
            if !self.checks.iter().any(|c| c.id.symptom() == symptom) {
                continue;
            }
            out.push(String::new());
            out.push(symptom.title().to_string());
            let id_width = if symptom == Symptom::Probed { width_of(symptom) } else { static_width };
            for check in self.checks.iter().filter(|c| c.id.symptom() == symptom) {
                // Findings wrap under their own start, with a hanging indent.
                let prefix = format!("  {} {:<id_width$}  ", check.status.symbol(), check.label);
                let wrapped = table::labelled(&prefix, &check.summary, view.width);
                let symbol = check.status.symbol();
                out.push(wrapped.replacen(symbol, &view.paint(symbol, check.status.style()), 1));
            }
            if let (Symptom::Probed, Some(probe)) = (symptom, &self.probe) {
                out.push("  The probe cannot prove (their checks above stay the verdict):".into());
                out.extend(probe.cannot_prove.iter().map(|c| table::hanging(&format!("  - {c}"), view.width, 4)));
            }
        }
        if !self.fixed.is_empty() {
            out.push(String::new());
            out.push("Fixed:".into());
            out.extend(self.fixed.iter().map(|f| {
                let what = f.name.clone().unwrap_or_else(|| view.id(&f.id));
                table::hanging(&format!("  {} {} {what} ({})", f.action.as_str(), f.kind, f.details.join("; ")), view.width, 4)
            }));
        }
        // Failures first, then warnings; one line per remedy, naming every check it answers
        // (blocked-flows and nlb-enforcement-off share theirs).
        let mut remedies: Vec<(Vec<&str>, &str)> = Vec::new();
        for status in [Status::Fail, Status::Warn] {
            for check in self.checks.iter().filter(|c| c.status == status && !c.remedy.is_empty()) {
                match remedies.iter_mut().find(|(_, remedy)| *remedy == check.remedy) {
                    Some((ids, _)) => ids.push(check.label.as_str()),
                    None => remedies.push((vec![check.label.as_str()], &check.remedy)),
                }
            }
        }
        if !remedies.is_empty() {
            out.push(String::new());
            out.push("To fix:".into());
            out.extend(remedies.iter().map(|(ids, remedy)| table::hanging(&format!("  {}: {remedy}", ids.join(", ")), view.width, 4)));
        }
        out.push(String::new());
        out.push(self.summary());
        out.join("\n")
    }
}

impl DoctorReport {
    /// `2 failed, 1 warning, 16 passed`: the verdict in one line.
    pub fn summary(&self) -> String {
        let count = |status: Status| self.checks.iter().filter(|c| c.status == status).count();
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            format!("{} failed", count(Status::Fail)),
            plural(count(Status::Warn), "warning", "warnings"),
            format!("{} passed", count(Status::Pass)),
        ];
        if count(Status::Skip) > 0 {
            parts.push(format!("{} skipped", count(Status::Skip)));
        }
        parts.join(", ")
    }
}

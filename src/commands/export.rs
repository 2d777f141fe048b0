//! `export terraform`: the connection as a Terraform configuration with import blocks,
//! for a team that moves it into Terraform.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use aws_sdk_ec2::types::SecurityGroupRule;
use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::cli::{ExportArgs, ExportFormat, ExportTerraformArgs};
use crate::connection::elb_tags;
use crate::connection::names::ConnectionName;
use crate::connection::vpc::ec2_filter;
use crate::error::ExitStatus;
use crate::snapshot::{self, Snapshot};
use crate::terraform::{self, Files, Tags};
use crate::ui::{Report, Ui, View};

#[derive(Serialize)]
struct ExportReport {
    files: Files,
    /// Where the files were written (with --output-dir).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    written: Vec<PathBuf>,
}

impl Report for ExportReport {
    fn human(&self, _: View) -> String {
        if self.written.is_empty() {
            format!("{}\n{}", self.files.main_tf, self.files.imports_tf).trim_end().to_string()
        } else {
            self.written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join("\n")
        }
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: ExportArgs) -> anyhow::Result<ExitStatus> {
    let ExportFormat::Terraform(args) = args.format;
    terraform(aws, ui, args).await
}

async fn terraform(aws: &Aws, ui: &Ui, args: ExportTerraformArgs) -> anyhow::Result<ExitStatus> {
    let (target, service) = super::find_connection_or_service(aws, ui, &args.connection).await?;
    let connection: Option<ConnectionName> = target.connection.as_deref().and_then(|n| n.parse().ok());
    let snapshot = snapshot::gather(aws, service, target.nlb_arn.as_deref()).await;
    let (elb_tags, rules) = tokio::try_join!(elb_tags(aws, &snapshot), rules(aws, &snapshot))?;
    let read = terraform::Read { connection: connection.as_ref(), snapshot: &snapshot, elb_tags: &elb_tags, rules: &rules };
    let files = terraform::render(&terraform::from_aws(&read)?)?;
    let mut written = Vec::new();
    if let Some(dir) = &args.output_dir {
        std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("--output-dir {}: {e}", dir.display()))?;
        for (name, text) in [("main.tf", &files.main_tf), ("imports.tf", &files.imports_tf)] {
            let path = dir.join(name);
            std::fs::write(&path, text).map_err(|e| anyhow::anyhow!("writing {}: {e}", path.display()))?;
            written.push(path);
        }
    }
    ui.emit(&ExportReport { files, written })?;
    Ok(ExitStatus::Success)
}

/// The tags of the NLB, its target groups and its listeners, by ARN.
async fn elb_tags(aws: &Aws, snapshot: &Snapshot) -> anyhow::Result<BTreeMap<String, Tags>> {
    let lb = snapshot.load_balancer.as_ref().ok().and_then(Option::as_ref).and_then(|lb| lb.load_balancer_arn());
    let groups = snapshot.target_groups.iter().flatten().map(|view| view.arn());
    let listeners = snapshot.listeners.iter().flatten().filter_map(|l| l.listener_arn());
    let arns: Vec<String> = lb.into_iter().chain(groups).chain(listeners).map(str::to_string).collect();
    let tags = elb_tags::tags_by_arn(aws, &arns).await?;
    Ok(tags.into_iter().map(|(arn, pairs)| (arn, pairs.into_iter().collect())).collect())
}

/// Every rule of the NLB's groups and the targets' groups, with the `sgr-` IDs.
async fn rules(aws: &Aws, snapshot: &Snapshot) -> anyhow::Result<Vec<SecurityGroupRule>> {
    let groups: BTreeSet<&str> =
        snapshot.nlb_groups.iter().chain(snapshot.resource_groups.iter()).flatten().filter_map(|g| g.group_id()).collect();
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let mut rules = Vec::new();
    let mut pages = aws.ec2.describe_security_group_rules().filters(ec2_filter("group-id", groups)).into_paginator().send();
    while let Some(page) = pages.next().await {
        rules.extend(page.call("ec2:DescribeSecurityGroupRules")?.security_group_rules.unwrap_or_default());
    }
    Ok(rules)
}

//! `list`: every connection of the tool in the region (or every enabled region).

use serde::Serialize;

use crate::aws::{self, Aws, CallExt};
use crate::cli::ListArgs;
use crate::connection::census::{self, Summary};
use crate::error::ExitStatus;
use crate::ui::{Report, Ui, View, table};

#[derive(Serialize)]
struct ListReport {
    regions: Vec<String>,
    connections: Vec<Summary>,
}

impl Report for ListReport {
    fn human(&self, view: View) -> String {
        if self.connections.is_empty() {
            return format!("no connection of trigger-privatelink in {}", self.regions.join(", "));
        }
        let many_regions = self.regions.len() > 1;
        let mut header = vec!["name"];
        if many_regions {
            header.push("region");
        }
        header.extend(["service", "state", "nlb", "targets", "trigger.dev"]);
        let rows = self.connections.iter().map(|c| {
            let mut row = vec![c.name.clone()];
            if many_regions {
                row.push(c.region.clone());
            }
            let available = c.endpoints.iter().filter(|e| e.state == "available").count();
            // What an interrupted teardown left: nothing but a group or a rule.
            let leftovers = c.service_id.is_none() && c.nlb_state.is_none() && c.targets_total == 0;
            row.extend([
                c.service_id.clone().unwrap_or_else(|| "-".into()),
                c.service_state.clone().unwrap_or_else(|| if leftovers { "leftovers: run teardown".into() } else { "-".into() }),
                c.nlb_state.clone().unwrap_or_else(|| "-".into()),
                format!("{}/{} healthy", c.targets_healthy, c.targets_total),
                if c.endpoints.is_empty() { "none".into() } else { format!("{available}/{} available", c.endpoints.len()) },
            ]);
            row
        });
        let mut out = table::render(&header, rows, view.width);
        let routes: Vec<Vec<String>> = self
            .connections
            .iter()
            .flat_map(|c| {
                c.routes
                    .iter()
                    .map(|r| vec![c.name.clone(), r.port.to_string(), r.destination.clone(), format!("{}/{} healthy", r.healthy, r.total)])
            })
            .collect();
        if !routes.is_empty() {
            out.push_str("\n\n");
            out.push_str(&table::render(&["name", "port", "routes to", "targets"], routes, view.width));
        }
        out
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: ListArgs, options: &aws::Options) -> anyhow::Result<ExitStatus> {
    let regions: Vec<String> = if args.all_regions {
        let enabled = aws.ec2.describe_regions().send().await.call("ec2:DescribeRegions")?;
        enabled.regions().iter().filter_map(|r| r.region_name().map(str::to_string)).collect()
    } else {
        vec![aws.region.clone()]
    };
    // Every region at once, each in its fixed rounds (connection::census).
    let read = regions.iter().map(|region| async move {
        let regional = if *region == aws.region {
            aws.clone()
        } else {
            Aws::connect(&aws::Options { region: Some(region.clone()), ..options.clone() }).await?
        };
        census::summaries(&regional).await
    });
    let connections: Vec<Summary> = futures_util::future::try_join_all(read).await?.into_iter().flatten().collect();
    ui.emit(&ListReport { regions, connections })?;
    Ok(ExitStatus::Success)
}

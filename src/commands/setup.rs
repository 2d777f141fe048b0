use std::sync::atomic::{AtomicBool, Ordering};

use crate::aws::Aws;
use crate::cli::{GlobalArgs, SetupArgs};
use crate::error::ExitStatus;
use crate::setup::plan::{self, PlanReport};
use crate::setup::{apply, preflight, request, wizard};
use crate::ui::Ui;

pub async fn run(aws: &Aws, ui: &Ui, mut args: SetupArgs, global: &GlobalArgs) -> anyhow::Result<ExitStatus> {
    let interactive = ui.interactive();
    let switched;
    let aws = if interactive && global.region.is_none() {
        exit_cleanly_on_ctrl_c();
        let region = wizard::region(&aws.region).await?;
        if region == aws.region {
            aws
        } else {
            switched = Aws::connect(&GlobalArgs { region: Some(region), ..global.clone() }).await?;
            &switched
        }
    } else {
        if interactive {
            exit_cleanly_on_ctrl_c();
        }
        aws
    };
    let request = if interactive {
        wizard::fill(aws, &mut args).await?;
        request::resolve(aws, &args).await?
    } else {
        request::from_flags(aws, &args).await?
    };
    let plan = plan::plan(aws, request).await?;
    if args.dry_run {
        let permissions = preflight::check(aws, &plan).await;
        let denied: Vec<&str> = permissions.iter().filter(|p| p.denied()).map(|p| p.action).collect();
        ui.emit(&PlanReport {
            dry_run: true,
            connection: plan.request.connection.to_string(),
            region: aws.region.clone(),
            plan: plan.items(),
            permissions,
        })?;
        if !denied.is_empty() {
            ui.error_line(&format!("the credentials in use may not call {}; allow it in IAM before running setup", denied.join(", ")));
            return Ok(ExitStatus::Failure);
        }
        return Ok(ExitStatus::Success);
    }
    if interactive {
        eprintln!("{}", PlanReport::human_plan(&plan));
        let go = dialoguer::Confirm::new().with_prompt("Apply this plan?").default(true).interact_opt().map_err(|e| anyhow::anyhow!(e))?;
        if go != Some(true) {
            return Err(wizard::Cancelled.into());
        }
    }
    APPLYING.store(true, Ordering::SeqCst);
    let report = apply::apply(aws, ui, plan).await?;
    ui.emit(&report)?;
    if !ui.quiet {
        eprintln!("\n{}", apply::next_steps(&report));
    }
    Ok(ExitStatus::Success)
}

static APPLYING: AtomicBool = AtomicBool::new(false);

/// Ctrl-C while a prompt has the terminal: put the cursor back and leave with 130.
/// Before the plan is applied nothing exists yet; during apply, a second run finishes.
fn exit_cleanly_on_ctrl_c() {
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = console::Term::stderr().show_cursor();
            if APPLYING.load(Ordering::SeqCst) {
                eprintln!("\ninterrupted while applying: run the same setup again to finish (it picks up where it stopped)");
            } else {
                eprintln!("\n{}", wizard::Cancelled);
            }
            std::process::exit(crate::error::ExitStatus::Cancelled as i32);
        }
    });
}

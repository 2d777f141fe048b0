//! One file per subcommand: each resolves its arguments into a validated request
//! (read-only AWS lookups only), then applies it and reports.

mod alerts;
mod allow_principal;
mod create_endpoint_service;
mod create_nlb;
mod create_target_group;
mod disable_enforcement;
mod doctor;
mod doctor_probe;
mod export;
mod list;
mod resolve_ips;
mod service_name;
mod setup;
mod status;
mod sync_targets;
mod teardown;

use aws_sdk_ec2::types::ServiceConfiguration;

use crate::aws::Aws;
use crate::cli::{Cli, Command, ConnectionOrServiceArg};
use crate::connection::inventory;
use crate::connection::names::ConnectionName;
use crate::doctor::target::{self, Target};
use crate::error::{ExitStatus, usage};
use crate::ui::Ui;

pub async fn run(cli: Cli, ui: &Ui) -> anyhow::Result<ExitStatus> {
    // Commands that need no AWS account.
    match &cli.command {
        Command::IamPolicy(args) => {
            let policy = if args.scoped {
                crate::iam::scoped::policy(args.command, args.name.as_ref(), &args.security_groups)
            } else {
                crate::iam::policy(args.command)
            };
            ui.emit(&policy)?;
            return Ok(ExitStatus::Success);
        }
        Command::Completions(args) => {
            use std::io::Write;
            std::io::stdout().write_all(&crate::docs::completion(args.shell))?;
            return Ok(ExitStatus::Success);
        }
        Command::GenerateDocs(args) => {
            for path in crate::docs::write_all(&args.out_dir)? {
                ui.info(&format!("wrote {}", path.display()));
            }
            return Ok(ExitStatus::Success);
        }
        // The package is the same for every connection: nothing to read.
        Command::SyncTargets(args) if args.package_to.is_some() => return sync_targets::package_to(ui, args),
        _ => {}
    }
    crate::ui::interrupt::install(cli.command.name());
    let aws = Aws::connect(&cli.global.aws_options()).await?;
    match cli.command {
        Command::Setup(args) => setup::run(&aws, ui, args).await,
        Command::Doctor(args) => doctor::run(&aws, ui, args).await,
        Command::Status(args) => status::run(&aws, ui, args).await,
        Command::Export(args) => export::run(&aws, ui, args).await,
        Command::SyncTargets(args) => sync_targets::run(&aws, ui, args).await,
        Command::Alerts(args) => alerts::run(&aws, ui, args).await,
        Command::Teardown(args) => teardown::run(&aws, ui, args).await,
        Command::IamPolicy(_) | Command::Completions(_) | Command::GenerateDocs(_) => unreachable!("handled before connecting"),
        Command::ResolveIps(args) => resolve_ips::run(&aws, ui, args).await,
        Command::CreateTargetGroup(args) => create_target_group::run(&aws, ui, args).await,
        Command::CreateNlb(args) => create_nlb::run(&aws, ui, args).await,
        Command::DisableEnforcement(args) => disable_enforcement::run(&aws, ui, args).await,
        Command::CreateEndpointService(args) => create_endpoint_service::run(&aws, ui, args).await,
        Command::AllowPrincipal(args) => allow_principal::run(&aws, ui, args).await,
        Command::ServiceName(args) => service_name::run(&aws, ui, args).await,
        Command::List(args) => list::run(&aws, ui, args, &cli.global.aws_options()).await,
    }
}

/// A plan of writes for one connection, the way every command that makes one runs it:
/// `--dry-run` prints it; otherwise the changes are shown, confirmed on a terminal
/// (`--yes`: not asked), executed, and reported as `command`'s outcome.
async fn apply_plan(
    aws: &Aws,
    ui: &Ui,
    plan: crate::plan::Plan,
    command: &'static str,
    connection: &ConnectionName,
    dry_run: bool,
) -> anyhow::Result<ExitStatus> {
    use crate::setup::plan::{PlanReport, plan_table};
    if dry_run {
        ui.emit(&PlanReport {
            dry_run: true,
            connection: connection.to_string(),
            region: aws.region.clone(),
            plan,
            permissions: Vec::new(),
        })?;
        return Ok(ExitStatus::Success);
    }
    if plan.steps.iter().any(|s| !s.writes.is_empty()) {
        ui.info(&plan_table(&plan, ui.stderr_view()));
        if ui.interactive() && !ui.yes {
            let name = command.split(' ').next().unwrap_or(command);
            let question = crate::ui::prompt::Question { text: "Apply this plan?", flag: "--yes" };
            if !ui.prompter(name).confirm(question, true)? {
                return Err(crate::error::Cancelled { command: name }.into());
            }
        }
    }
    let outcomes = crate::plan::execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await?;
    ui.emit(&crate::plan::StepReport::new(command, Some(connection.to_string()), &aws.region, outcomes))?;
    Ok(ExitStatus::Success)
}

/// The connection named, the endpoint service with this ID, or (neither given) the only
/// connection in the region.
async fn find_connection_or_service(
    aws: &Aws,
    ui: &Ui,
    arg: &ConnectionOrServiceArg,
) -> anyhow::Result<(Target, Option<ServiceConfiguration>)> {
    let name = match (&arg.name, &arg.service_id) {
        (Some(name), _) => Some(name.clone()),
        (None, Some(_)) => None,
        (None, None) => Some(only_connection(aws, ui).await?),
    };
    let selector = target::Selector { name, service_id: arg.service_id.clone(), ..Default::default() };
    target::find(aws, ui, &selector).await
}

/// `result`, or, when it is a usage error about `name` and that name is no connection
/// in the region at all (a typo), the same error with the closest existing names: a
/// mistyped name must never read as "not made yet" only.
async fn for_name<T>(aws: &Aws, name: Option<&ConnectionName>, result: anyhow::Result<T>) -> anyhow::Result<T> {
    let (Err(err), Some(name)) = (&result, name) else { return result };
    if !err.chain().any(|cause| cause.is::<crate::error::UsageError>()) {
        return result;
    }
    match inventory::close_names(aws, name).await {
        Ok(Some(hint)) => Err(usage(format!("{err}; there is no connection '{name}' in {}{hint}", aws.region))),
        _ => result,
    }
}

/// The only connection in the region; of several, the one picked on a terminal (as
/// doctor offers), else an error listing them.
async fn only_connection(aws: &Aws, ui: &Ui) -> anyhow::Result<ConnectionName> {
    let names = inventory::names(aws).await?;
    let mut all = names.iter();
    match (all.next(), all.next()) {
        (Some(only), None) => Ok(only.clone()),
        (None, _) => {
            Err(usage(format!("no connection of trigger-privatelink in {}: make one with `trigger-privatelink setup`", aws.region)))
        }
        _ if ui.interactive() => {
            let labels: Vec<String> = names.iter().map(ToString::to_string).collect();
            let question = crate::ui::prompt::Question { text: "Which connection?", flag: "--name" };
            let picked = ui.prompter("status").select(question, &labels, 0)?;
            names.iter().nth(picked).cloned().ok_or_else(|| anyhow::anyhow!("no connection at {picked}"))
        }
        _ => Err(usage(format!(
            "{} connections in {}: pass --name (one of {})",
            names.len(),
            aws.region,
            names.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ))),
    }
}

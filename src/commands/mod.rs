//! One file per subcommand: each resolves its arguments into a validated request
//! (read-only AWS lookups only), then applies it and reports.

mod allow_principal;
mod create_endpoint_service;
mod create_nlb;
mod create_target_group;
mod disable_enforcement;
mod doctor;
mod list;
mod resolve_ips;
mod service_name;
mod setup;
mod status;
mod sync_targets;
mod teardown;

use crate::aws::Aws;
use crate::cli::{Cli, Command};
use crate::error::ExitStatus;
use crate::ui::Ui;

pub async fn run(cli: Cli, ui: &Ui) -> anyhow::Result<ExitStatus> {
    // Commands that need no AWS account.
    match &cli.command {
        Command::IamPolicy(args) => {
            ui.emit(&crate::iam::policy(args.command))?;
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
        _ => {}
    }
    crate::ui::interrupt::install(cli.command.name());
    let aws = Aws::connect(&cli.global.aws_options()).await?;
    match cli.command {
        Command::Setup(args) => setup::run(&aws, ui, args).await,
        Command::Doctor(args) => doctor::run(&aws, ui, args).await,
        Command::Status(args) => status::run(&aws, ui, args).await,
        Command::SyncTargets(args) => sync_targets::run(&aws, ui, args).await,
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

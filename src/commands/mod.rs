//! One file per subcommand: each resolves its arguments into a validated request
//! (read-only AWS lookups only), then applies it and reports.

mod allow_principal;
mod create_endpoint_service;
mod create_nlb;
mod create_target_group;
mod disable_enforcement;
mod doctor;
mod resolve_ips;
mod service_name;
mod setup;

use crate::aws::Aws;
use crate::cli::{Cli, Command};
use crate::error::ExitStatus;
use crate::ui::Ui;

pub async fn run(cli: Cli, ui: &Ui) -> anyhow::Result<ExitStatus> {
    let aws = Aws::connect(&cli.global).await?;
    ui.debug(&format!("region {}", aws.region));
    match cli.command {
        Command::Setup(args) => setup::run(&aws, ui, args, &cli.global).await,
        Command::Doctor(args) => doctor::run(&aws, ui, args).await,
        Command::ResolveIps(args) => resolve_ips::run(&aws, ui, args).await,
        Command::CreateTargetGroup(args) => create_target_group::run(&aws, ui, args).await,
        Command::CreateNlb(args) => create_nlb::run(&aws, ui, args).await,
        Command::DisableEnforcement(args) => disable_enforcement::run(&aws, ui, args).await,
        Command::CreateEndpointService(args) => create_endpoint_service::run(&aws, ui, args).await,
        Command::AllowPrincipal(args) => allow_principal::run(&aws, ui, args).await,
        Command::ServiceName(args) => service_name::run(&aws, ui, args).await,
    }
}

use crate::aws::Aws;
use crate::cli::SetupArgs;
use crate::error::{Cancelled, ExitStatus};
use crate::plan::{dry_run, execute};
use crate::setup::plan::{self, PlanReport, SetupReport};
use crate::setup::request::{self, Draft};
use crate::setup::wizard;
use crate::ui::Ui;
use crate::ui::prompt::Question;

/// What the flags say, before the wizard (in a terminal) fills the rest.
fn draft(args: SetupArgs) -> Draft {
    Draft {
        name: args.name,
        vpc: args.vpc,
        resource: args.resource.resource(),
        target_ips: args.target_ips,
        port: args.port,
        subnets: args.subnets,
        account_ids: args.account_ids,
        supported_regions: if !args.supported_regions.is_empty() || args.no_supported_region { Some(args.supported_regions) } else { None },
        resource_rule: if args.resource_security_group_rule {
            Some(true)
        } else if args.no_resource_security_group_rule {
            Some(false)
        } else {
            None
        },
        all_nodes: args.all_nodes,
        cross_zone: !args.no_cross_zone,
        wait_timeout: std::time::Duration::from_secs(args.wait_timeout),
        targets: None,
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: SetupArgs) -> anyhow::Result<ExitStatus> {
    let interactive = ui.interactive();
    let dry = args.dry_run;
    let mut draft = draft(args);
    let prompt = ui.prompter("setup");
    let request = if interactive {
        wizard::fill(aws, &*prompt, &mut draft).await?;
        request::resolve(aws, &mut draft).await?
    } else {
        request::from_flags(aws, &mut draft).await?
    };
    warn_own_account(aws, ui, &request).await;
    let setup = plan::plan(aws, request).await?;
    let connection = setup.request.connection.to_string();
    if dry {
        let permissions = dry_run(aws, &setup.plan).await;
        let denied: Vec<&str> = permissions.iter().filter(|p| p.denied()).map(|p| p.action).collect();
        ui.emit(&PlanReport { dry_run: true, connection, region: aws.region.clone(), plan: setup.plan, permissions })?;
        if !denied.is_empty() {
            ui.error_line(&format!("the credentials in use may not call {}; allow it in IAM before running setup", denied.join(", ")));
            return Ok(ExitStatus::Failure);
        }
        return Ok(ExitStatus::Success);
    }
    ui.info(&plan::plan_table(&setup.plan, ui.stderr_view()));
    if interactive && !ui.yes && !prompt.confirm(Question { text: "Apply this plan?", flag: "--yes" }, true)? {
        return Err(Cancelled { command: "setup" }.into());
    }
    let port = setup.request.targets.port;
    ui.info(&format!("setting up connection '{connection}' in {}", aws.region));
    let outcomes = execute(aws, ui, &setup.plan, setup.request.wait_timeout).await?;
    for group in &setup.closed_groups {
        ui.warn(&format!(
            "security group {group} of the resource does not admit TCP {port} from the NLB; health checks will fail until it does \
(run again with --resource-security-group-rule, or add the rule yourself)"
        ));
    }
    let report = SetupReport::new(connection, aws.region.clone(), outcomes);
    ui.emit(&report)?;
    ui.info(&format!("\n{}", report.next_steps(ui.stderr_view().width)));
    Ok(ExitStatus::Success)
}

/// Allowing your own account is harmless but is not Trigger.dev: most likely the wrong
/// ID was pasted. A warning, not a refusal (the caller may be Trigger.dev's test
/// account); when the identity cannot be read, nothing is said.
async fn warn_own_account(aws: &Aws, ui: &Ui, request: &request::SetupRequest) {
    let Ok(me) = aws.sts.get_caller_identity().send().await else { return };
    if let Some(own) = me.account().filter(|own| request.principals.iter().any(|p| p.account_id() == *own)) {
        ui.warn(&format!("--account-id {own} is the account you are signed in to, not Trigger.dev's; check the ID in the dashboard"));
    }
}

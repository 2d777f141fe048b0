use std::collections::BTreeSet;

use crate::aws::{Aws, CallExt};
use crate::cli::SetupArgs;
use crate::connection::principal::Principal;
use crate::error::{Cancelled, ExitStatus, usage};
use crate::plan::{Plan, dry_run, execute};
use crate::setup::adopt::{self, AdoptRequest};
use crate::setup::plan::{self, PlanReport, SetupReport};
use crate::setup::request::{self, Draft};
use crate::setup::wizard;
use crate::ui::Ui;
use crate::ui::prompt::{Prompter, Question};

/// What the flags say, before the wizard (in a terminal) fills the rest.
fn draft(args: SetupArgs) -> Draft {
    let (spec, more_resources) = args.targets.split();
    Draft {
        name: args.name,
        vpc: args.vpc,
        spec,
        more_resources,
        routes: args.routes,
        endpoint_ip: args.endpoint_ip,
        ports: args.ports,
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
        alb_offered: None,
        nlb: args.nlb,
    }
}

pub async fn run(aws: &Aws, ui: &Ui, args: SetupArgs) -> anyhow::Result<ExitStatus> {
    let interactive = ui.interactive();
    let dry = args.dry_run;
    let wait = std::time::Duration::from_secs(args.wait_timeout);
    let mut draft = draft(args);
    let prompt = ui.prompter("setup");
    if draft.nlb.is_some() {
        return adopt(aws, ui, draft, dry, wait).await;
    }
    if interactive {
        wizard::fill(aws, &*prompt, &mut draft).await?;
        // The wizard offered an NLB the account has, and it was chosen.
        if draft.nlb.is_some() {
            return adopt(aws, ui, draft, dry, wait).await;
        }
    }
    let request = if interactive { request::resolve(aws, &mut draft).await? } else { request::from_flags(aws, &mut draft).await? };
    let account = warn_own_account(aws, ui, &request.principals).await;
    let setup = plan::plan(aws, request).await?;
    let after: Vec<String> = setup
        .closed_groups
        .iter()
        .map(|(group, port)| {
            format!(
                "security group {group} of the resource does not admit TCP {port} from the NLB; health checks will fail until it does \
(run again with --resource-security-group-rule, or add the rule yourself)"
            )
        })
        .collect();
    let run = Run {
        connection: setup.request.connection.to_string(),
        account,
        dry,
        wait: setup.request.wait_timeout,
        warnings: after,
        notes: Vec::new(),
        routes: setup.routes,
        endpoint_ip: setup.request.endpoint_ip,
    };
    apply(aws, ui, &*prompt, setup.plan, run).await
}

/// `setup --nlb` (or the NLB chosen in the wizard): an existing NLB behind the
/// connection's endpoint service. The NLB names the targets and ports, so only the name
/// and Trigger.dev's account remain (the wizard has asked them; from flags, they are
/// required).
async fn adopt(aws: &Aws, ui: &Ui, draft: Draft, dry: bool, wait: std::time::Duration) -> anyhow::Result<ExitStatus> {
    let mut missing = Vec::new();
    if draft.name.is_none() {
        missing.push("--name");
    }
    if draft.account_ids.is_empty() {
        missing.push("--account-id");
    }
    let (Some(connection), Some(nlb), false) = (draft.name, draft.nlb, draft.account_ids.is_empty()) else {
        return Err(usage(format!("missing {} (with --nlb, setup asks for nothing)", missing.join("; "))));
    };
    let request = AdoptRequest {
        connection,
        nlb,
        principals: draft.account_ids.into_iter().collect(),
        supported_regions: draft.supported_regions.into_iter().flatten().filter(|r| *r != aws.region).collect(),
    };
    let account = warn_own_account(aws, ui, &request.principals).await;
    let adoption = adopt::plan(aws, &request).await?;
    ui.info(&format!(
        "exposing {} (listeners on {}) as it is: no target group or listener is made",
        adoption.lb.load_balancer_name().unwrap_or_default(),
        adoption.listener_ports.iter().map(|p| format!("TCP {p}")).collect::<Vec<_>>().join(", ")
    ));
    let notes: Vec<String> = adoption.controller_note.into_iter().collect();
    let run = Run {
        connection: request.connection.to_string(),
        account,
        dry,
        wait,
        warnings: notes.clone(),
        notes,
        routes: Vec::new(),
        endpoint_ip: None,
    };
    apply(aws, ui, &*ui.prompter("setup"), adoption.plan, run).await
}

/// How to run a plan, and what to say after it.
struct Run {
    connection: String,
    /// The account the plan writes to, when it could be read.
    account: Option<String>,
    dry: bool,
    wait: std::time::Duration,
    /// Warnings for stderr once the plan ran.
    warnings: Vec<String>,
    /// Notes for the report (stdout, JSON too).
    notes: Vec<String>,
    /// The connection's routes once the plan ran (none for an adopted NLB).
    routes: Vec<plan::RouteLine>,
    endpoint_ip: Option<std::net::Ipv4Addr>,
}

/// `--dry-run` prints the plan; otherwise it is shown, confirmed in a terminal, run, and reported.
async fn apply(aws: &Aws, ui: &Ui, prompt: &dyn Prompter, plan: Plan, run: Run) -> anyhow::Result<ExitStatus> {
    let Run { connection, account, dry, wait, warnings, notes, routes, endpoint_ip } = run;
    if dry {
        let permissions = dry_run(aws, &plan).await;
        let denied: Vec<&str> = permissions.iter().filter(|p| p.denied()).map(|p| p.action).collect();
        ui.emit(&PlanReport { dry_run: true, connection, region: aws.region.clone(), plan, permissions })?;
        for warning in &warnings {
            ui.warn(warning);
        }
        if !denied.is_empty() {
            ui.error_line(&format!("the credentials in use may not call {}; allow it in IAM before running setup", denied.join(", ")));
            return Ok(ExitStatus::Failure);
        }
        return Ok(ExitStatus::Success);
    }
    let changes = plan.steps.iter().filter(|s| !s.writes.is_empty()).count();
    // Where the writes go, said before the plan and in the question.
    let target = format!("account {}, {}", account.as_deref().unwrap_or("unknown"), aws.region);
    ui.info(&format!("connection '{connection}' in {target}"));
    if changes == 0 && ui.verbose == 0 {
        // An unchanged re-run: one line, not a table of `keep`s (-v shows it).
        ui.info(&format!("nothing to change: the {} resources of '{connection}' are as asked (-v lists them)", plan.steps.len()));
    } else {
        ui.info(&plan::plan_table(&plan, ui.stderr_view()));
    }
    if changes > 0
        && ui.interactive()
        && !ui.yes
        && !prompt.confirm(Question { text: &format!("Apply this plan ({target})?"), flag: "--yes" }, true)?
    {
        return Err(Cancelled { command: "setup" }.into());
    }
    ui.info(&format!("setting up connection '{connection}' in {}", aws.region));
    let outcomes = execute(aws, ui, &plan, wait).await?;
    for warning in &warnings {
        ui.warn(warning);
    }
    let report = SetupReport::new(connection, aws.region.clone(), outcomes).with_notes(notes).with_routes(routes, endpoint_ip);
    ui.emit(&report)?;
    if let Some(kafka) = &report.kafka {
        ui.info(&format!("\n{}", kafka.human(ui.stderr_view().width)));
    }
    ui.info(&format!("\n{}", report.next_steps(ui.stderr_view().width)));
    Ok(ExitStatus::Success)
}

/// The account the credentials are in, with its alias when readable (None when the
/// identity cannot be read). Allowing your own
/// account is harmless but is not Trigger.dev: most likely the wrong ID was pasted. A
/// warning, not a refusal (the caller may be Trigger.dev's test account).
async fn warn_own_account(aws: &Aws, ui: &Ui, principals: &BTreeSet<Principal>) -> Option<String> {
    let me = aws.sts.get_caller_identity().send().await.ok()?;
    if let Some(own) = me.account().filter(|own| principals.iter().any(|p| p.account_id() == *own)) {
        ui.warn(&format!("--account-id {own} is the account you are signed in to, not Trigger.dev's; check the ID in the dashboard"));
    }
    let id = me.account()?.to_string();
    // The alias, when the credentials may read it: the name people know the account by.
    let alias = match aws.iam.list_account_aliases().send().await.call("iam:ListAccountAliases") {
        Ok(found) => found.account_aliases().first().cloned(),
        Err(_) => None,
    };
    Some(match alias {
        Some(alias) => format!("{id} ({alias})"),
        None => id,
    })
}

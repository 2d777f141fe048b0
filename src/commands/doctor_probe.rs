//! `doctor --probe`: the prober made or brought up to date, the run's endpoint made and
//! waited for, one invocation that dials everything, and the endpoint deleted whatever
//! happened (an error, Ctrl-C); one a run cut off left is deleted by the next run first.

use serde::Serialize;

use crate::aws::{Aws, CallExt};
use crate::connection::names::ConnectionName;
use crate::connection::probe::{dial, endpoint, prober};
use crate::connection::{endpoint_service, load_balancer, route};
use crate::doctor::probe::{CANNOT_PROVE, Probed, findings};
use crate::doctor::{CheckId, Finding, Status};
use crate::error::{ExitStatus, Interrupted, Refused, WaitStopped, usage};
use crate::plan::{Action, Id, Plan, Slot, execute};
use crate::setup::plan::plan_table;
use crate::ui::{Report, Ui, View, table};

/// `--probe --dry-run`: the plan, its time and its cost.
#[derive(Debug, Serialize)]
pub struct ProbePlan {
    pub dry_run: bool,
    pub connection: String,
    pub region: String,
    pub plan: Plan,
    pub zones: usize,
    /// Seconds a run is expected to take: the endpoint's provisioning, and the prober's
    /// first start when it is made.
    pub expected_seconds: (u64, u64),
    pub cost: Cost,
    pub cannot_prove: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Cost {
    /// Endpoint-hours billed per run: one per zone ("each partial VPC endpoint-hour
    /// consumed is billed as a full hour").
    pub endpoint_hours: usize,
    pub usd_per_endpoint_hour: f64,
    pub usd: f64,
    pub source: &'static str,
}

impl Report for ProbePlan {
    fn human(&self, view: View) -> String {
        let (low, high) = self.expected_seconds;
        let lines = [
            plan_table(&self.plan, view),
            String::new(),
            table::hanging(
                &format!(
                    "takes: about {}–{} minutes (the endpoint's provisioning; a new prober's first start too)",
                    low / 60,
                    high.div_ceil(60)
                ),
                view.width,
                2,
            ),
            table::hanging(
                &format!(
                    "costs: about ${:.2}: {} endpoint-hours at ${:.2} (us-east-1; a partial hour is billed as a full one; {}); the prober is not billed while idle",
                    self.cost.usd, self.cost.endpoint_hours, self.cost.usd_per_endpoint_hour, self.cost.source
                ),
                view.width,
                2,
            ),
            String::new(),
            "The probe cannot prove:".to_string(),
        ];
        let mut out: Vec<String> = lines.into_iter().collect();
        out.extend(self.cannot_prove.iter().map(|c| table::hanging(&format!("  - {c}"), view.width, 4)));
        out.join("\n")
    }
}

/// Everything the run needs to know, read without a write.
struct Ground {
    /// The NLB's DNS name, and its zones.
    nlb_name: String,
    zones: Vec<String>,
    service_id: String,
    service_name: String,
    routes: Vec<route::LiveRoute>,
    place: prober::Place,
    account: String,
}

async fn ground(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Result<Ground, &'static str>> {
    // The service's own NLB: the connection's, or one it adopted (`setup --nlb`).
    let Some(service) = endpoint_service::find_by_connection(aws, connection).await? else {
        return Ok(Err("the connection has no endpoint service to dial through"));
    };
    let Some(lb_arn) = service.network_load_balancer_arns().first() else {
        return Ok(Err("the endpoint service has no NLB"));
    };
    let Some(lb) = load_balancer::by_arn_or_name(aws, lb_arn).await? else {
        return Ok(Err("the endpoint service's NLB is gone"));
    };
    let lb_arn = lb.load_balancer_arn().unwrap_or_default().to_string();
    let (routes, me) = tokio::try_join!(route::read(aws, connection, Some(&lb_arn)), async {
        Ok(aws.sts.get_caller_identity().send().await.call("sts:GetCallerIdentity")?)
    })?;
    if routes.is_empty() {
        return Ok(Err("the connection has no route to dial"));
    }
    let place = prober::Place {
        vpc_id: lb.vpc_id().unwrap_or_default().to_string(),
        subnets: lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string)).collect(),
        ports: routes.iter().map(|r| r.listener).collect(),
    };
    Ok(Ok(Ground {
        nlb_name: lb.dns_name().unwrap_or_default().to_string(),
        zones: lb.availability_zones().iter().filter_map(|z| z.zone_name().map(str::to_string)).collect(),
        service_id: service.service_id().unwrap_or_default().to_string(),
        service_name: service.service_name().unwrap_or_default().to_string(),
        routes,
        place,
        account: me.account().unwrap_or_default().to_string(),
    }))
}

/// `--no-input` (or no terminal) without `--yes`: refused before anything is read.
pub fn refuse_unconfirmed(ui: &Ui) -> anyhow::Result<()> {
    if ui.yes || ui.interactive() {
        return Ok(());
    }
    Err(usage(
        "doctor --probe creates an endpoint billed by the hour: pass --yes to confirm it without a terminal (or --dry-run to see the plan)",
    ))
}

fn cost(zones: usize) -> Cost {
    let usd = zones as f64 * endpoint::PRICE_PER_ZONE_HOUR;
    Cost {
        endpoint_hours: zones,
        usd_per_endpoint_hour: endpoint::PRICE_PER_ZONE_HOUR,
        usd: (usd * 100.0).round() / 100.0,
        source: "billing rule: https://aws.amazon.com/privatelink/pricing/ (read 2026-12-06); rate: a third party's us-east-1 figure, not checked against AWS",
    }
}

/// The whole plan of a run: the prober, any endpoint a run left, the run's endpoint.
async fn plan(aws: &Aws, connection: &ConnectionName, ground: &Ground, role: Option<String>) -> anyhow::Result<Plan> {
    let (mut steps, leftovers) =
        tokio::try_join!(prober::plan(aws, connection, &ground.account, &ground.place, role), endpoint::leftovers(aws, connection),)?;
    if !leftovers.is_empty() {
        steps.push(endpoint::delete_step(leftovers).detail("left by a run cut off"));
    }
    let group = steps.iter().find(|s| s.kind == "probe-security-group").map(|s| s.id.clone()).unwrap_or(Id::Made(Slot::ProbeSecurityGroup));
    steps.push(endpoint::create_step(connection, &ground.place.vpc_id, &ground.service_name, ground.place.subnets.clone(), group));
    Ok(Plan { steps })
}

fn skipped(why: &str) -> (Vec<Finding>, Probed) {
    let mut finding = Finding::new(CheckId::Probe, Status::Skip, format!("skipped: {why}"));
    finding.label = "probe".into();
    (vec![finding], Probed { endpoint: None, zones: Vec::new(), cannot_prove: CANNOT_PROVE.to_vec() })
}

/// `--probe --dry-run`: the plan, the time it takes and its cost; nothing is written.
pub async fn dry_run(aws: &Aws, ui: &Ui, connection: &ConnectionName, role: Option<String>) -> anyhow::Result<ExitStatus> {
    let ground = match ground(aws, connection).await? {
        Ok(ground) => ground,
        Err(why) => return Err(Refused { message: format!("doctor --probe: {why}") }.into()),
    };
    let plan = plan(aws, connection, &ground, role).await?;
    let zones = ground.place.subnets.len();
    let new_prober = plan.steps.iter().any(|s| s.kind == "probe-function" && s.action == Action::Created);
    ui.emit(&ProbePlan {
        dry_run: true,
        connection: connection.to_string(),
        region: aws.region.clone(),
        expected_seconds: if new_prober { (60, 300) } else { (60, 180) },
        plan,
        zones,
        cost: cost(zones),
        cannot_prove: CANNOT_PROVE.to_vec(),
    })?;
    Ok(ExitStatus::Success)
}

/// A probe run: its findings, and what it did.
pub async fn run(aws: &Aws, ui: &Ui, connection: &ConnectionName, role: Option<String>) -> anyhow::Result<(Vec<Finding>, Probed)> {
    let ground = match ground(aws, connection).await? {
        Ok(ground) => ground,
        Err(why) => return Ok(skipped(why)),
    };
    let plan = plan(aws, connection, &ground, role).await?;
    let zones = ground.place.subnets.len();
    if ui.interactive() && !ui.yes {
        ui.info(&plan_table(&plan, ui.stderr_view()));
        let c = cost(zones);
        let text = format!("Create these and dial from inside the VPC (about ${:.2}, {} endpoint-hours)?", c.usd, c.endpoint_hours);
        if !ui.prompter("doctor").confirm(crate::ui::prompt::Question { text: &text, flag: "--yes" }, true)? {
            return Err(crate::error::Cancelled { command: "doctor" }.into());
        }
    }
    let dialed = apply_and_dial(aws, ui, connection, &ground, &plan).await;
    // Always: the run's endpoint (and any a run left) goes, whatever happened above.
    let interrupted = dialed.as_ref().err().is_some_and(|e| e.is::<Interrupted>() || e.is::<WaitStopped>());
    if interrupted {
        crate::ui::interrupt::answered();
        ui.warn("stopped: deleting the probe's endpoint");
    }
    let stopped = |what: &str| -> anyhow::Error { WaitStopped { what: what.into() }.into() };
    match (dialed, clean_up(aws, ui, connection).await) {
        (Ok((found, endpoint)), Ok(())) => {
            Ok((found, Probed { endpoint: Some(endpoint), zones: ground.zones.clone(), cannot_prove: CANNOT_PROVE.to_vec() }))
        }
        (Ok(_), Err(left)) => Err(left),
        (Err(_), Ok(())) if interrupted => Err(stopped("probing; the probe's endpoint is deleted")),
        (Err(err), Ok(())) => Err(err),
        (Err(err), Err(left)) => {
            ui.warn(&format!("{left:#}"));
            Err(if interrupted { stopped("probing") } else { err })
        }
    }
}

/// Makes the prober and the run's endpoint, then dials; Ctrl-C stops the waits and the
/// dials at once. The findings, and the endpoint's ID.
async fn apply_and_dial(
    aws: &Aws,
    ui: &Ui,
    connection: &ConnectionName,
    ground: &Ground,
    plan: &Plan,
) -> anyhow::Result<(Vec<Finding>, String)> {
    let outcomes = execute(aws, ui, plan, crate::plan::DEFAULT_WAIT).await?;
    let endpoint = outcomes
        .iter()
        .find(|o| o.kind == "probe-endpoint" && o.action == Action::Created)
        .map(|o| o.id.clone())
        .ok_or_else(|| anyhow::anyhow!("the probe's endpoint was not made"))?;
    tokio::select! {
        found = dial_through(aws, ui, connection, ground, &endpoint) => Ok((found?, endpoint)),
        () = crate::ui::interrupt::requested() => Err(WaitStopped { what: "probing".into() }.into()),
    }
}

async fn dial_through(aws: &Aws, ui: &Ui, connection: &ConnectionName, ground: &Ground, endpoint_id: &str) -> anyhow::Result<Vec<Finding>> {
    let mut endpoint = endpoint::settled(aws, ui, endpoint_id).await?;
    if endpoint.state().is_some_and(|s| s.as_str().eq_ignore_ascii_case("pendingAcceptance")) {
        let accept = Plan { steps: vec![endpoint_service::accept_step(&ground.service_id, vec![endpoint_id.to_string()])] };
        execute(aws, ui, &accept, crate::plan::DEFAULT_WAIT).await?;
        endpoint = endpoint::settled(aws, ui, endpoint_id).await?;
    }
    let state = endpoint.state().map(|s| s.as_str().to_string()).unwrap_or_default();
    if !state.eq_ignore_ascii_case("available") {
        anyhow::bail!("the probe's endpoint {endpoint_id} is {state}, not available: the service did not take it");
    }
    let through = dial::endpoint_addresses(aws, endpoint.network_interface_ids()).await?;
    let dials = dial::plan(&ground.routes, &ground.nlb_name, &ground.zones, &through);
    let answers = dial::run(aws, ui, &crate::connection::probe::name(connection), &dials).await?;
    Ok(findings(connection.as_str(), &dials, &answers))
}

/// Deletes every endpoint of the connection's probe that still exists.
async fn clean_up(aws: &Aws, ui: &Ui, connection: &ConnectionName) -> anyhow::Result<()> {
    let left = endpoint::leftovers(aws, connection).await?;
    if left.is_empty() {
        return Ok(());
    }
    let plan = Plan { steps: vec![endpoint::delete_step(left.clone())] };
    execute(aws, ui, &plan, crate::plan::DEFAULT_WAIT).await.map(|_| ()).map_err(|err| {
        err.context(format!("the probe's endpoint {} is left: run doctor --name {connection} --probe again to delete it", left.join(", ")))
    })
}

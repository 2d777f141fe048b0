//! The wizard: discovers VPCs, resources and subnets and asks only for what the flags
//! left out. Its answers fill the same [`Draft`] the flags do; every question goes
//! through a [`Prompter`], so a typo is asked again and Esc cancels cleanly.

use std::collections::BTreeSet;

use crate::aws::{Aws, CallExt};
use crate::connection::alb::{self, Alb};
use crate::connection::instance::{self, Instance};
use crate::connection::names::ConnectionName;
use crate::connection::principal::Principal;
use crate::connection::resource;
use crate::connection::resource::ResourceRef;
use crate::connection::route::{RouteArg, RouteTarget};
use crate::connection::vpc;
use crate::connection::{inputs, load_balancer, resource_access, security_group};
use crate::error::Back;
use crate::setup::request::Draft;
use crate::ui::prompt::{Prompter, Question};
use crate::validate::KNOWN_REGIONS;

fn tag(tags: &[aws_sdk_ec2::types::Tag], key: &str) -> Option<String> {
    tags.iter().find(|t| t.key() == Some(key)).and_then(|t| t.value().map(str::to_string))
}

/// What the wizard offers to expose, with its label.
struct Candidate {
    choice: Choice,
    label: String,
}

enum Choice {
    Resource(ResourceRef),
    Alb(Alb),
    /// An NLB the account has (a controller's, ECS's): exposed as it is (`--nlb`).
    Nlb(String),
    /// The VPC's running instances: which ones is asked next.
    Instances(Vec<Instance>),
}

/// A question the wizard asked, so that Esc at the next one can take its answer back.
#[derive(Debug, Clone, Copy)]
enum Asked {
    Vpc,
    Targets,
    Ports,
    Subnets,
    Accounts,
    Regions,
    Rule,
}

impl Asked {
    /// Forget the answer, so the next pass asks the question again.
    fn clear(self, args: &mut Draft) {
        match self {
            Asked::Vpc => args.vpc = None,
            Asked::Targets => {
                args.spec = Default::default();
                args.alb_offered = None;
                args.nlb = None;
                args.ports.clear();
                args.more_resources.clear();
                args.routes.clear();
            }
            Asked::Ports => args.ports.clear(),
            Asked::Subnets => args.subnets.clear(),
            Asked::Accounts => args.account_ids.clear(),
            Asked::Regions => args.supported_regions = None,
            Asked::Rule => args.resource_rule = None,
        }
        // The targets are looked up again from what is left.
        args.targets = None;
    }
}

/// Asks what the flags left out. Esc goes back one question (its answer is asked again);
/// Esc at the first question cancels.
pub async fn fill(aws: &Aws, prompt: &dyn Prompter, args: &mut Draft) -> anyhow::Result<()> {
    let mut asked: Vec<Asked> = Vec::new();
    let mut name_from = args.spec.resource.as_ref().map(|r| r.id().to_string());
    loop {
        match fill_once(aws, prompt, args, &mut asked, &mut name_from).await {
            Err(err) if err.is::<Back>() => match asked.pop() {
                Some(question) => question.clear(args),
                None => return Err(err),
            },
            done => return done,
        }
    }
}

async fn fill_once(
    aws: &Aws,
    prompt: &dyn Prompter,
    args: &mut Draft,
    asked: &mut Vec<Asked>,
    name_from: &mut Option<String>,
) -> anyhow::Result<()> {
    let given = !args.spec.is_empty() || args.nlb.is_some();
    // Typed IPs say nothing of their VPC: it is asked; every other kind of target knows its own.
    if args.vpc.is_none() && (!given || args.spec.hand_typed()) {
        args.vpc = Some(choose_vpc(aws, prompt).await?);
        asked.push(Asked::Vpc);
    }
    if !given {
        *name_from = choose_targets(aws, prompt, args).await?;
        if args.spec.resource.is_some() {
            add_more_resources(aws, prompt, args).await?;
        }
        asked.push(Asked::Targets);
    }
    if args.nlb.is_some() {
        // An NLB exposed as it is: its listeners say the ports, its subnets the zones.
        return ask_for_an_adopted_nlb(prompt, args, asked, name_from.as_deref(), &aws.region);
    }
    if args.ports.is_empty() && (args.spec.hand_typed() || !args.spec.instances.is_empty()) {
        // Several, as --port repeats: a target group and listener each.
        let question = Question { text: "Port(s) the resource listens on, comma-separated", flag: "--port" };
        args.ports = parse_ports(&prompt.input(question, None, &|v| parse_ports(v).map(|_| ()))?).map_err(anyhow::Error::msg)?;
        asked.push(Asked::Ports);
    }
    // An ALB named by flag: its listeners are read so the port can be asked, not refused.
    if args.ports.is_empty()
        && args.alb_offered.is_none()
        && let [named] = args.spec.albs.as_slice()
    {
        args.alb_offered = Some(alb::resolve(aws, named, args.vpc.as_deref()).await?);
    }
    if args.ports.is_empty()
        && let Some(alb) = &args.alb_offered
        && alb.listeners.len() > 1
    {
        let ports: Vec<u16> = alb.listeners.keys().copied().collect();
        let labels: Vec<String> = alb.listeners.iter().map(|(port, protocol)| format!("{port}  {}", protocol.as_str())).collect();
        let index = prompt.select(Question { text: "The ALB listener to expose", flag: "--port" }, &labels, 0)?;
        args.ports = vec![ports[index]];
        asked.push(Asked::Ports);
    }
    let targets = args.targets(aws).await?;
    if args.subnets.is_empty() {
        // A connection that exists already: its NLB's zones are the ones preselected.
        let likely: Option<ConnectionName> = args.name.clone().or_else(|| default_name(name_from.as_deref().unwrap_or("db")).parse().ok());
        let current = match &likely {
            Some(name) => load_balancer::find(aws, name)
                .await?
                .map(|lb| lb.availability_zones().iter().filter_map(|z| z.subnet_id().map(str::to_string)).collect::<Vec<_>>()),
            None => None,
        };
        args.subnets = choose_subnets(aws, prompt, &targets, current.as_deref()).await?;
        asked.push(Asked::Subnets);
    }
    if args.account_ids.is_empty() {
        args.account_ids = ask_accounts(prompt)?;
        asked.push(Asked::Accounts);
    }
    if args.supported_regions.is_none() {
        args.supported_regions = Some(choose_regions(prompt, &aws.region)?);
        asked.push(Asked::Regions);
    }
    let default = default_name(name_from.as_deref().unwrap_or("db"));
    if args.resource_rule.is_none() {
        let groups = resource_access::groups_of_targets(aws, &targets).await?;
        // On a second run the NLB's own group exists, and a rule from it counts.
        let likely_name = args.name.clone().or_else(|| default.parse().ok());
        let nlb_group = match &likely_name {
            Some(name) => security_group::find(aws, name, &targets.vpc.id).await?.and_then(|g| g.group_id),
            None => None,
        };
        let closed: Vec<String> = groups
            .iter()
            .filter(|g| !resource_access::admits_nlb(g, targets.port, nlb_group.as_deref(), &targets.vpc))
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect();
        if !closed.is_empty() {
            prompt.note(&format!(
                "The targets' security group {} does not admit TCP {} from the VPC: health checks and traffic from the NLB would be dropped.",
                closed.join(", "),
                targets.port
            ));
            let question = Question { text: "Add a rule admitting the NLB?", flag: "--resource-security-group-rule" };
            // The same default as the flags: a group the tool does not own changes only when asked.
            args.resource_rule = Some(prompt.confirm(question, false)?);
            asked.push(Asked::Rule);
        }
    }
    ask_name(prompt, args, &default)
}

/// After the first resource: others of the VPC on the same connection, a route each on
/// its own port, or on a port asked for when another route takes it (as `--route`).
async fn add_more_resources(aws: &Aws, prompt: &dyn Prompter, args: &mut Draft) -> anyhow::Result<()> {
    let vpc = args.vpc.clone().unwrap_or_default();
    let first = args.spec.resource.clone();
    let others: Vec<resource::Candidate> =
        resource::discover(aws, &vpc).await?.into_iter().filter(|c| Some(&c.resource) != first.as_ref()).collect();
    if others.is_empty() {
        return Ok(());
    }
    let question = Question { text: "Add another resource to this connection?", flag: "--route" };
    if !prompt.confirm(question, false)? {
        return Ok(());
    }
    let labels: Vec<String> = others.iter().map(|c| c.label.clone()).collect();
    let question = Question { text: "Resources to add, a route each (space to select)", flag: "--route" };
    let chosen = prompt.multi_select(question, &labels, &vec![false; labels.len()])?;
    let mut taken = vec![args.targets(aws).await?.port];
    for index in chosen {
        let added = others[index].resource.clone();
        let spec = inputs::TargetSpec { resource: Some(added.clone()), ..Default::default() };
        let own = inputs::targets(aws, &spec, Some(&vpc), None, args.all_nodes).await?.port;
        if !taken.contains(&own) {
            taken.push(own);
            args.more_resources.push(added);
            continue;
        }
        let free = (own.saturating_add(1)..=u16::MAX).find(|p| !taken.contains(p)).unwrap_or(1);
        let text = format!("{} {} listens on {own}, which another route takes: its listener port", added.flag(), added.id());
        let valid = |v: &str| match parse_port(v) {
            Ok(p) if taken.contains(&p) => Err(format!("{p} is taken by another route")),
            Ok(_) => Ok(()),
            Err(e) => Err(e),
        };
        let listener = parse_port(&prompt.input(Question { text: &text, flag: "--route" }, Some(&free.to_string()), &valid)?)
            .map_err(anyhow::Error::msg)?;
        taken.push(listener);
        args.routes.push(RouteArg { listener, target: RouteTarget::Resource(added) });
    }
    Ok(())
}

/// What an NLB exposed as it is still needs: Trigger.dev's account, other regions, a name.
fn ask_for_an_adopted_nlb(
    prompt: &dyn Prompter,
    args: &mut Draft,
    asked: &mut Vec<Asked>,
    name_from: Option<&str>,
    region: &str,
) -> anyhow::Result<()> {
    if args.account_ids.is_empty() {
        args.account_ids = ask_accounts(prompt)?;
        asked.push(Asked::Accounts);
    }
    if args.supported_regions.is_none() {
        args.supported_regions = Some(choose_regions(prompt, region)?);
        asked.push(Asked::Regions);
    }
    ask_name(prompt, args, &default_name(name_from.unwrap_or("nlb")))
}

fn ask_name(prompt: &dyn Prompter, args: &mut Draft, default: &str) -> anyhow::Result<()> {
    if args.name.is_none() {
        let question = Question { text: "Connection name (names and tags every resource)", flag: "--name" };
        let name = prompt.input(question, Some(default), &|v| v.parse::<crate::connection::names::ConnectionName>().map(|_| ()))?;
        args.name = Some(name.parse().map_err(|e: String| anyhow::anyhow!(e))?);
    }
    Ok(())
}

/// `orders-db` from `Orders_DB`, at most 24 characters, as the name rules want.
pub fn default_name(id: &str) -> String {
    let cleaned: String = id.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let trimmed: String = cleaned.trim_matches('-').chars().take(24).collect();
    let trimmed = trimmed.trim_end_matches('-').to_string();
    if trimmed.is_empty() { "db".into() } else { trimmed }
}

async fn choose_vpc(aws: &Aws, prompt: &dyn Prompter) -> anyhow::Result<String> {
    let vpcs = aws.ec2.describe_vpcs().send().await.call("ec2:DescribeVpcs")?.vpcs.unwrap_or_default();
    if vpcs.is_empty() {
        anyhow::bail!("no VPC in {}: the resource must live in a VPC", aws.region);
    }
    let labels: Vec<String> = vpcs
        .iter()
        .map(|v| {
            format!(
                "{}  {}  {}",
                v.vpc_id().unwrap_or_default(),
                v.cidr_block().unwrap_or_default(),
                tag(v.tags(), "Name").unwrap_or_default()
            )
        })
        .collect();
    let index = prompt.select(Question { text: "VPC of the resource", flag: "--vpc" }, &labels, 0)?;
    Ok(vpcs[index].vpc_id().unwrap_or_default().to_string())
}

/// Offers the VPC's databases, caches, warehouses, internal ALBs and running instances;
/// fills the draft's targets and returns what to name the connection after.
async fn choose_targets(aws: &Aws, prompt: &dyn Prompter, args: &mut Draft) -> anyhow::Result<Option<String>> {
    let vpc = args.vpc.clone().unwrap_or_default();
    let mut candidates: Vec<Candidate> = resource::discover(aws, &vpc)
        .await?
        .into_iter()
        .map(|found| Candidate { choice: Choice::Resource(found.resource), label: found.label })
        .collect();
    for alb in alb::internal_in(aws, &vpc).await? {
        let ports: Vec<String> = alb.listeners.keys().map(ToString::to_string).collect();
        let label = format!("Internal ALB  {}  (listeners {})", alb.name, if ports.is_empty() { "none".into() } else { ports.join(", ") });
        candidates.push(Candidate { choice: Choice::Alb(alb), label });
    }
    for (name, ports) in load_balancer::adoptable_in(aws, &vpc).await? {
        let ports: Vec<String> = ports.iter().map(|p| format!("TCP {p}")).collect();
        let label =
            format!("Existing NLB  {name}  ({}; exposed as it is)", if ports.is_empty() { "no listener".into() } else { ports.join(", ") });
        candidates.push(Candidate { choice: Choice::Nlb(name), label });
    }
    let instances = instance::running_in(aws, &vpc).await?;
    if !instances.is_empty() {
        let label = format!("EC2 instances  ({} running: choose which next)", instances.len());
        candidates.push(Candidate { choice: Choice::Instances(instances), label });
    }
    let mut labels: Vec<String> = candidates.iter().map(|c| c.label.clone()).collect();
    labels.push("Enter IP addresses by hand".into());
    let question = Question { text: "What to expose to Trigger.dev", flag: "--rds-instance, --instance, --alb (or another target flag)" };
    let index = prompt.select(question, &labels, 0)?;
    match candidates.into_iter().nth(index).map(|c| c.choice) {
        Some(Choice::Resource(resource)) => {
            let id = resource.id().to_string();
            args.spec.resource = Some(resource);
            Ok(Some(id))
        }
        Some(Choice::Alb(alb)) => {
            let name = alb.name.clone();
            args.spec.albs = vec![alb.arn.clone()];
            args.alb_offered = Some(alb);
            Ok(Some(name))
        }
        Some(Choice::Nlb(name)) => {
            args.nlb = Some(name.clone());
            Ok(Some(name))
        }
        Some(Choice::Instances(instances)) => {
            let chosen = choose_instances(prompt, &instances)?;
            let first = &instances[chosen[0]];
            args.spec.instances = chosen.iter().map(|i| instances[*i].id.clone()).collect();
            Ok(Some(first.name.clone().unwrap_or_else(|| first.id.clone())))
        }
        None => {
            // Checked against the VPC as typed, so a wrong address is asked again.
            let network = vpc::describe_vpc(aws, &vpc, "--vpc").await?;
            let inside = |v: &str| {
                let ips = parse_ips(v)?;
                match ips.iter().find(|ip| !network.contains(**ip)) {
                    Some(outside) => Err(format!("{outside} is outside {} ({})", network.id, network.cidr_list())),
                    None => Ok(()),
                }
            };
            let question = Question { text: "Private IPs (comma-separated)", flag: "--target-ip" };
            let typed = prompt.input(question, None, &inside)?;
            args.spec.ips = parse_ips(&typed).map_err(|e| anyhow::anyhow!(e))?;
            Ok(None)
        }
    }
}

/// At least one instance, by index into `instances`.
fn choose_instances(prompt: &dyn Prompter, instances: &[Instance]) -> anyhow::Result<Vec<usize>> {
    let labels: Vec<String> = instances.iter().map(Instance::label).collect();
    let question = Question { text: "Instances to register (space to select)", flag: "--instance" };
    loop {
        let chosen = prompt.multi_select(question, &labels, &vec![false; labels.len()])?;
        if !chosen.is_empty() {
            return Ok(chosen);
        }
        prompt.note("Choose at least one instance.");
    }
}

fn parse_ips(value: &str) -> Result<Vec<std::net::Ipv4Addr>, String> {
    let ips: Vec<std::net::Ipv4Addr> = value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("'{s}' is not an IPv4 address")))
        .collect::<Result<_, _>>()?;
    if ips.is_empty() { Err("give at least one IP address".into()) } else { Ok(ips) }
}

fn parse_port(value: &str) -> Result<u16, String> {
    match value.trim().parse::<u16>() {
        Ok(0) | Err(_) => Err(format!("'{}' is not a port: give a number from 1 to 65535", value.trim())),
        Ok(port) => Ok(port),
    }
}

/// `5432` or `5671, 15671`: the ports as `--port` takes them, one or more.
fn parse_ports(value: &str) -> Result<Vec<u16>, String> {
    let ports: Vec<u16> = value.split(',').filter(|p| !p.trim().is_empty()).map(parse_port).collect::<Result<_, _>>()?;
    if ports.is_empty() { Err("give at least one port".into()) } else { Ok(ports) }
}

/// The NLB's subnets: one private subnet per zone, those of an existing connection's NLB
/// (`current`) preselected, else one in every zone (the targets' own first).
async fn choose_subnets(
    aws: &Aws,
    prompt: &dyn Prompter,
    targets: &inputs::Targets,
    current: Option<&[String]>,
) -> anyhow::Result<Vec<String>> {
    let private = vpc::private_subnets(aws, &targets.vpc.id).await?;
    let preselected = match current {
        Some(current) => {
            prompt.note("The connection exists: its NLB's zones are preselected; add a zone, or leave one out while nothing is connected.");
            current.to_vec()
        }
        None => vpc::one_per_zone(&private, &targets.subnet_ids()),
    };
    let labels: Vec<String> = private
        .iter()
        .map(|s| format!("{}  {}  {}  {}", s.availability_zone, s.id, s.cidr, s.name.as_deref().unwrap_or_default()))
        .collect();
    let defaults: Vec<bool> = private.iter().map(|s| preselected.contains(&s.id)).collect();
    prompt.note("PrivateLink is zonal: Trigger.dev reaches the resource through the zones chosen here. One private subnet per zone.");
    let question = Question { text: "Subnets for the NLB (space to select)", flag: "--subnet" };
    loop {
        let chosen = prompt.multi_select(question, &labels, &defaults)?;
        let picked: Vec<&vpc::PrivateSubnet> = chosen.iter().map(|i| &private[*i]).collect();
        let zones: BTreeSet<&str> = picked.iter().map(|s| s.availability_zone.as_str()).collect();
        if picked.is_empty() {
            prompt.note("Choose at least one subnet.");
        } else if zones.len() != picked.len() {
            prompt.note("Choose one subnet per availability zone.");
        } else {
            if zones.len() == 1 {
                prompt.note("warning: one zone only: if that zone fails, the connection does too.");
            }
            return Ok(picked.iter().map(|s| s.id.clone()).collect());
        }
    }
}

fn ask_accounts(prompt: &dyn Prompter) -> anyhow::Result<Vec<Principal>> {
    prompt.note("Trigger.dev's AWS account ID is on the dashboard: Organization Settings → Private Connections → Add connection.");
    let question = Question { text: "Trigger.dev AWS account ID(s), comma-separated", flag: "--account-id" };
    let typed = prompt.input(question, None, &|v| parse_accounts(v).map(|_| ()))?;
    parse_accounts(&typed).map_err(|e| anyhow::anyhow!(e))
}

fn parse_accounts(value: &str) -> Result<Vec<Principal>, String> {
    let accounts: Vec<Principal> =
        value.split(',').map(str::trim).filter(|s| !s.is_empty()).map(Principal::from_account_id).collect::<Result<_, _>>()?;
    if accounts.is_empty() { Err("give at least one account ID".into()) } else { Ok(accounts) }
}

fn choose_regions(prompt: &dyn Prompter, home: &str) -> anyhow::Result<Vec<String>> {
    prompt.note(
        "Cross-region: only if Trigger.dev runs your tasks in another region. Adds ~10-30 ms per round trip and AWS data-transfer cost.",
    );
    let others: Vec<String> = KNOWN_REGIONS.iter().filter(|r| **r != home).map(|r| r.to_string()).collect();
    let question = Question { text: "Other regions Trigger.dev may connect from (none is fine)", flag: "--supported-region" };
    let chosen = prompt.multi_select(question, &others, &vec![false; others.len()])?;
    Ok(chosen.into_iter().map(|i| others[i].clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_follow_the_name_rules() {
        assert_eq!(default_name("Orders_DB"), "orders-db");
        assert_eq!(default_name("a-very-long-database-identifier-here"), "a-very-long-database-ide");
        assert_eq!(default_name("--"), "db");
        for id in ["Orders_DB", "a-very-long-database-identifier-here", "x-"] {
            assert!(default_name(id).parse::<crate::connection::names::ConnectionName>().is_ok(), "{id}");
        }
    }

    #[test]
    fn the_port_question_takes_several_as_the_flag_does() {
        assert_eq!(parse_ports("5432"), Ok(vec![5432]));
        assert_eq!(parse_ports(" 5671, 15671 "), Ok(vec![5671, 15671]));
        assert!(parse_ports("5432, 0").is_err());
        assert!(parse_ports(" , ").is_err());
    }

    #[test]
    fn typed_answers_are_checked() {
        assert_eq!(parse_port("5432"), Ok(5432));
        for bad in ["0", "abc", "70000", ""] {
            assert!(parse_port(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_ips("10.0.1.5, 10.0.2.6").unwrap().len(), 2);
        assert!(parse_ips("10.0.1").is_err());
        assert!(parse_ips(" ").is_err());
    }

    #[test]
    fn the_account_question_is_asked_again_after_a_typo() {
        let script = crate::ui::prompt::Scripted::new(&["12345", "123456789012"]);
        let accounts = ask_accounts(&script).unwrap();
        assert_eq!(accounts.len(), 1);
        assert!(
            script.transcript.borrow().iter().any(|line| line.contains("is not an AWS account ID")),
            "{:?}",
            script.transcript.borrow()
        );
    }

    #[test]
    fn account_lists() {
        assert_eq!(parse_accounts("123456789012, 210987654321").unwrap().len(), 2);
        assert!(parse_accounts("123").is_err());
        assert!(parse_accounts("*").is_err());
    }
}

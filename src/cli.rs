//! The command line, and nothing else: what the user typed, before validation against
//! AWS. Completions and man pages are generated from these definitions.

use std::net::Ipv4Addr;

use clap::{ArgAction, Args, Parser, Subcommand};

use crate::connection::inputs::TargetSpec;
use crate::connection::names::ConnectionName;
use crate::connection::principal::Principal;
use crate::connection::resource::{self, ResourceRef};
use crate::connection::route::RouteArg;
use crate::iam::PolicyFor;
use crate::ui::{ColorChoice, OutputFormat};
use crate::validate;
use crate::{aws, ui};

#[derive(Debug, Parser)]
#[command(
    name = "trigger-privatelink",
    version,
    about = "Build and check the AWS PrivateLink side of a Trigger.dev private connection",
    long_about = "Build and check the AWS PrivateLink side of a Trigger.dev private connection: a target \
group for your resource, an internal Network Load Balancer, a VPC endpoint service that \
Trigger.dev's AWS account may connect to, and the service name to paste into the dashboard.\n\n\
Every resource is tagged with the connection name, so each step finds what earlier steps made \
and running a step again changes nothing.",
    after_help = "Exit codes: 0 success, 1 failure on the AWS side, 2 invalid input, 3 refused (teardown while \
Trigger.dev is connected), 130 stopped by the user (Ctrl-C, Esc)."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// AWS profile (default: AWS_PROFILE, then the default profile)
    #[arg(long, global = true, help_heading = "Global options", value_name = "NAME", value_parser = validate::name)]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, then the profile's region)
    #[arg(long, global = true, help_heading = "Global options", value_name = "REGION", value_parser = validate::region)]
    pub region: Option<String>,
    /// Send every AWS call to this URL instead of AWS (default: AWS_ENDPOINT_URL); for emulators
    #[arg(long, global = true, help_heading = "Global options", value_name = "URL", value_parser = validate::endpoint_url)]
    pub endpoint_url: Option<String>,
    /// How to print results on stdout
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,
    /// Never prompt; a value that is missing is an error naming its flag
    #[arg(long, global = true, help_heading = "Global options")]
    pub no_input: bool,
    /// Answer yes to confirmations
    #[arg(long, short = 'y', global = true, help_heading = "Global options")]
    pub yes: bool,
    /// More detail on stderr (repeat for more)
    #[arg(long, short = 'v', global = true, help_heading = "Global options", action = ArgAction::Count, conflicts_with = "quiet")]
    pub verbose: u8,
    /// Only errors on stderr
    #[arg(long, short = 'q', global = true, help_heading = "Global options")]
    pub quiet: bool,
    /// Give up on an AWS call that has no answer after this many seconds, retries included
    #[arg(long, global = true, help_heading = "Global options", value_name = "SECONDS", env = "TRIGGER_PRIVATELINK_CALL_TIMEOUT",
          default_value_t = aws::DEFAULT_CALL_TIMEOUT_SECONDS, value_parser = clap::value_parser!(u64).range(3..=3600))]
    pub call_timeout: u64,
    /// Colour on stderr (NO_COLOR is respected under auto)
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

impl GlobalArgs {
    pub fn ui_options(&self) -> ui::Options {
        ui::Options {
            output: self.output,
            quiet: self.quiet,
            verbose: self.verbose,
            no_input: self.no_input,
            yes: self.yes,
            color: self.color,
        }
    }

    pub fn aws_options(&self) -> aws::Options {
        aws::Options {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            verbose: if self.quiet { 0 } else { self.verbose },
            call_timeout: std::time::Duration::from_secs(self.call_timeout),
            quiet: self.quiet,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Every step for one connection: a wizard in a terminal, or flags in CI; a plan first
    #[command(
        after_help = "Examples:\n  trigger-privatelink setup\n  trigger-privatelink setup --no-input --name orders \\\n      --rds-instance orders-db --account-id 123456789012 \\\n      --subnet subnet-0aaa --subnet subnet-0bbb \\\n      --resource-security-group-rule\n  trigger-privatelink setup --name api \\\n      --nlb k8s-default-api-0123 --account-id 123456789012\n  trigger-privatelink setup --dry-run --output json \\\n      --name orders --rds-instance orders-db \\\n      --account-id 123456789012"
    )]
    Setup(SetupArgs),
    /// Check everything that makes a private connection fail, with a verdict and a fix for each
    #[command(
        after_help = "Examples:\n  trigger-privatelink doctor --name orders \\\n      --account-id 123456789012 --port 5432\n  trigger-privatelink doctor --service-id vpce-svc-0abc --fix\n  trigger-privatelink doctor --name orders --watch 300\n\nExit codes: 0 nothing failed, 1 a check failed, 2 bad usage."
    )]
    Doctor(DoctorArgs),
    /// One view of a connection: every resource with its state, Trigger.dev's endpoints, the service name
    #[command(after_help = "Examples:\n  trigger-privatelink status --name orders\n  trigger-privatelink status    # the only connection")]
    Status(StatusArgs),
    /// Every connection of the tool in the region: service, states, healthy targets, Trigger.dev's endpoints
    #[command(after_help = "Examples:\n  trigger-privatelink list\n  trigger-privatelink list --all-regions --output json")]
    List(ListArgs),
    /// Make the target group match the resource's current IPs (after a failover or maintenance)
    #[command(
        after_help = "Examples:\n  trigger-privatelink sync-targets --name orders\n  trigger-privatelink sync-targets --name orders --check"
    )]
    SyncTargets(SyncTargetsArgs),
    /// Be told when the connection breaks: CloudWatch alarms and the endpoint service's connection events, to SNS
    #[command(
        after_help = "Examples:\n  trigger-privatelink alerts --name orders \\\n      --email oncall@example.com\n  trigger-privatelink alerts --name orders \\\n      --sns-topic arn:aws:sns:us-east-1:123456789012:oncall\n  trigger-privatelink alerts --name orders --remove"
    )]
    Alerts(AlertsArgs),
    /// Delete a connection's resources, and only those carrying its tags
    #[command(
        after_help = "Examples:\n  trigger-privatelink teardown --name orders --dry-run\n  trigger-privatelink teardown --name orders --yes\n  trigger-privatelink teardown --name orders --yes \\\n      --ignore-not-found"
    )]
    Teardown(TeardownArgs),
    /// Print the connection as another tool's configuration (Terraform), to manage it there
    #[command(
        after_help = "Examples:\n  trigger-privatelink export terraform --name orders\n  trigger-privatelink export terraform --name orders \\\n      --output-dir infra/orders\n  trigger-privatelink export terraform \\\n      --service-id vpce-svc-0abc"
    )]
    Export(ExportArgs),
    /// Print the least-privilege IAM policy for the tool
    #[command(
        after_help = "Examples:\n  trigger-privatelink iam-policy --for doctor > policy.json\n  trigger-privatelink iam-policy --scoped --name orders \\\n      --security-group sg-0abc > policy.json"
    )]
    IamPolicy(IamPolicyArgs),
    /// Print a shell completion script
    #[command(after_help = "Example:\n  trigger-privatelink completions zsh \\\n      > ~/.zfunc/_trigger-privatelink")]
    Completions(CompletionsArgs),
    /// Write completions/ and man/ from these definitions (for maintainers)
    #[command(hide = true)]
    GenerateDocs(GenerateDocsArgs),
    /// Find the private IPs of an RDS, Aurora, DocumentDB, Neptune, ElastiCache or Redshift resource (its network interfaces)
    #[command(after_help = "Example:\n  trigger-privatelink resolve-ips --rds-instance orders-db")]
    ResolveIps(ResolveIpsArgs),
    /// Step 1: a TCP target group with the resource's IPs registered
    #[command(
        after_help = "Examples:\n  trigger-privatelink create-target-group --name orders \\\n      --rds-instance orders-db\n  trigger-privatelink create-target-group --name orders \\\n      --vpc vpc-0abc --port 5432 --target-ip 10.0.1.25"
    )]
    CreateTargetGroup(CreateTargetGroupArgs),
    /// Step 2: an internal Network Load Balancer with a TCP listener forwarding to the target group
    #[command(after_help = "Example:\n  trigger-privatelink create-nlb --name orders \\\n      --subnet subnet-0aaa --subnet subnet-0bbb")]
    CreateNlb(CreateNlbArgs),
    /// Step 3: turn off "enforce inbound rules on PrivateLink traffic" on the NLB
    #[command(after_help = "Example:\n  trigger-privatelink disable-enforcement --name orders")]
    DisableEnforcement(DisableEnforcementArgs),
    /// Step 4: a VPC endpoint service on the NLB (no acceptance, no private DNS)
    #[command(
        after_help = "Example:\n  trigger-privatelink create-endpoint-service --name orders \\\n      --supported-region eu-central-1"
    )]
    CreateEndpointService(CreateEndpointServiceArgs),
    /// Step 5: allow Trigger.dev's AWS account to connect to the endpoint service
    #[command(after_help = "Example:\n  trigger-privatelink allow-principal --name orders \\\n      --account-id 123456789012")]
    AllowPrincipal(AllowPrincipalArgs),
    /// Step 6: print the endpoint service name to paste into the Trigger.dev dashboard
    #[command(after_help = "Example:\n  SERVICE=$(trigger-privatelink service-name --name orders)")]
    ServiceName(ServiceNameArgs),
}

impl Command {
    /// The subcommand's name, as typed.
    pub fn name(&self) -> &'static str {
        match self {
            Command::Setup(_) => "setup",
            Command::Doctor(_) => "doctor",
            Command::Status(_) => "status",
            Command::List(_) => "list",
            Command::SyncTargets(_) => "sync-targets",
            Command::Alerts(_) => "alerts",
            Command::Teardown(_) => "teardown",
            Command::Export(_) => "export",
            Command::IamPolicy(_) => "iam-policy",
            Command::Completions(_) => "completions",
            Command::GenerateDocs(_) => "generate-docs",
            Command::ResolveIps(_) => "resolve-ips",
            Command::CreateTargetGroup(_) => "create-target-group",
            Command::CreateNlb(_) => "create-nlb",
            Command::DisableEnforcement(_) => "disable-enforcement",
            Command::CreateEndpointService(_) => "create-endpoint-service",
            Command::AllowPrincipal(_) => "allow-principal",
            Command::ServiceName(_) => "service-name",
        }
    }
}

/// `--every 5m`: present, then read.
fn parse_every(value: &str) -> Result<crate::connection::sync::install::Every, String> {
    validate::present(value)?;
    value.parse()
}

/// `--route LISTENER=TARGET`: present, then read.
fn route(value: &str) -> Result<RouteArg, String> {
    validate::present(value)?;
    value.parse()
}

/// Which databases or caches to expose: a flag per kind of the one list of kinds
/// (`resource::KINDS`), so a new kind needs no line here. `MANY`: each flag may repeat
/// and kinds may mix (setup: a route each); otherwise at most one resource.
#[derive(Debug, Clone, Default)]
pub struct ResourceArgs<const MANY: bool> {
    /// In the order given.
    pub named: Vec<ResourceRef>,
}

impl<const MANY: bool> ResourceArgs<MANY> {
    /// The first resource named, if any.
    pub fn resource(&self) -> Option<ResourceRef> {
        self.named.first().cloned()
    }
}

impl<const MANY: bool> clap::FromArgMatches for ResourceArgs<MANY> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut named: Vec<(usize, ResourceRef)> = Vec::new();
        for kind in resource::KINDS {
            let (Some(values), Some(indices)) = (matches.get_many::<String>(kind.name()), matches.indices_of(kind.name())) else {
                continue;
            };
            named.extend(indices.zip(values).map(|(index, id)| (index, ResourceRef::new(kind, id.clone()))));
        }
        named.sort_by_key(|(index, _)| *index);
        Ok(Self { named: named.into_iter().map(|(_, r)| r).collect() })
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl<const MANY: bool> clap::Args for ResourceArgs<MANY> {
    fn augment_args(mut command: clap::Command) -> clap::Command {
        for kind in resource::KINDS {
            let help = if MANY { format!("{} (repeatable: a route each)", kind.help) } else { kind.help.to_string() };
            command = command.arg(
                clap::Arg::new(kind.name())
                    .long(kind.name())
                    .value_name(kind.value_name)
                    .help(help)
                    .value_parser(validate::name)
                    .action(if MANY { clap::ArgAction::Append } else { clap::ArgAction::Set }),
            );
        }
        command.group(clap::ArgGroup::new("resource").args(resource::KINDS.iter().map(|k| k.name())).multiple(MANY))
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        Self::augment_args(command)
    }
}

/// The targets of a target group: one resource, IPs, EC2 instances, or one ALB.
#[derive(Debug, Args, Clone, Default)]
pub struct TargetFlags<const MANY: bool> {
    #[command(flatten)]
    pub resource: ResourceArgs<MANY>,
    /// A private IP to expose (repeatable), instead of a resource flag
    #[arg(long = "target-ip", value_name = "IP")]
    pub target_ips: Vec<Ipv4Addr>,
    /// A running EC2 instance to expose, registered by ID (repeatable; needs --port)
    #[arg(long = "instance", value_name = "ID", value_parser = validate::instance_id, conflicts_with = "target_ips")]
    pub instances: Vec<String>,
    /// An Application Load Balancer to expose (ARN or name); --port must be one of its listener ports
    #[arg(long = "alb", value_name = "ARN|NAME", value_parser = validate::load_balancer, conflicts_with_all = ["target_ips", "instances"])]
    pub albs: Vec<String>,
    /// The path the NLB health-checks on the ALB over HTTP(S) [default: /]
    #[arg(long, value_name = "PATH", requires = "albs", value_parser = validate::health_check_path)]
    pub health_check_path: Option<String>,
}

impl TargetFlags<true> {
    /// The one-target spec and the resources that take a route each: IPs, instances or
    /// an ALB are the spec (on `--port`) and every resource its own route; otherwise the
    /// first resource is the spec and the rest take a route each.
    pub fn split(&self) -> (TargetSpec, Vec<ResourceRef>) {
        let mut spec = self.spec();
        let mut named = self.resource.named.clone();
        if spec.ips.is_empty() && spec.instances.is_empty() && spec.albs.is_empty() {
            named = named.split_off(1.min(named.len()));
        } else {
            spec.resource = None;
        }
        (spec, named)
    }
}

impl<const MANY: bool> TargetFlags<MANY> {
    pub fn spec(&self) -> TargetSpec {
        TargetSpec {
            resource: self.resource.resource(),
            ips: self.target_ips.clone(),
            instances: self.instances.clone(),
            albs: self.albs.clone(),
            health_check_path: self.health_check_path.clone(),
        }
    }
}

#[derive(Debug, Args)]
pub struct ResolveIpsArgs {
    #[command(flatten)]
    pub resource: ResourceArgs<false>,
    /// Only look in this VPC
    #[arg(long, value_name = "VPC_ID", value_parser = validate::vpc_id)]
    pub vpc: Option<String>,
}

#[derive(Debug, Args)]
pub struct ConnectionArg {
    /// Connection name: 1-24 lowercase letters, digits and hyphens; names and tags every resource
    #[arg(long, value_name = "NAME")]
    pub name: ConnectionName,
}

#[derive(Debug, Args)]
pub struct CreateTargetGroupArgs {
    #[command(flatten)]
    pub connection: ConnectionArg,
    /// The VPC of the targets (default: the resource's VPC)
    #[arg(long, value_name = "VPC_ID", value_parser = validate::vpc_id)]
    pub vpc: Option<String>,
    /// A port the resource listens on (repeatable: a target group each; default: the resource's port)
    #[arg(long = "port", value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub ports: Vec<u16>,
    #[command(flatten)]
    pub targets: TargetFlags<false>,
    /// Register replicas and readers too, not only the primary/writer
    #[arg(long)]
    pub all_nodes: bool,
}

#[derive(Debug, Args)]
pub struct CreateNlbArgs {
    #[command(flatten)]
    pub connection: ConnectionArg,
    /// A private subnet for the NLB (repeatable, one per availability zone)
    #[arg(long = "subnet", value_name = "SUBNET_ID", required = true, value_parser = validate::subnet_id)]
    pub subnets: Vec<String>,
    /// Attach this security group instead of creating a dedicated one
    #[arg(long, value_name = "SG_ID", value_parser = validate::security_group_id)]
    pub security_group: Option<String>,
    /// Listener port, with --target-group-arn (default: each target group's own port)
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
    pub port: Option<u16>,
    /// The target group to forward to (default: the connection's)
    #[arg(long, value_name = "ARN", value_parser = validate::target_group_arn)]
    pub target_group_arn: Option<String>,
    /// Leave cross-zone load balancing off
    #[arg(long)]
    pub no_cross_zone: bool,
    #[command(flatten)]
    pub wait: WaitArgs,
}

#[derive(Debug, Args, Clone, Copy)]
pub struct WaitArgs {
    /// Give up waiting after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    pub wait_timeout: u64,
    /// Do not wait for the resource to become ready
    #[arg(long)]
    pub no_wait: bool,
}

/// `--name`, or an explicit NLB for resources built by other means.
#[derive(Debug, Args)]
#[group(id = "nlb-target", required = true, multiple = false)]
pub struct NlbSelector {
    /// Connection name (the NLB tagged with it)
    #[arg(long, value_name = "NAME")]
    pub name: Option<ConnectionName>,
    /// The NLB's ARN or name
    #[arg(long, value_name = "ARN|NAME", value_parser = validate::load_balancer)]
    pub nlb: Option<String>,
}

#[derive(Debug, Args)]
pub struct DisableEnforcementArgs {
    #[command(flatten)]
    pub target: NlbSelector,
}

#[derive(Debug, Args)]
pub struct CreateEndpointServiceArgs {
    /// Connection name (the NLB tagged with it)
    #[arg(long, value_name = "NAME", required_unless_present = "nlb")]
    pub name: Option<ConnectionName>,
    /// The NLB's ARN or name, for an NLB not made by this tool
    #[arg(long, value_name = "ARN|NAME", value_parser = validate::load_balancer)]
    pub nlb: Option<String>,
    /// Another region Trigger.dev may connect from (repeatable); cross-region adds latency and cost
    #[arg(long = "supported-region", value_name = "REGION", value_parser = validate::region)]
    pub supported_regions: Vec<String>,
    #[command(flatten)]
    pub wait: WaitArgs,
}

/// `--name`, or an explicit endpoint service.
#[derive(Debug, Args)]
#[group(id = "service-target", required = true, multiple = false)]
pub struct ServiceSelector {
    /// Connection name (the endpoint service tagged with it)
    #[arg(long, value_name = "NAME")]
    pub name: Option<ConnectionName>,
    /// The endpoint service ID (vpce-svc-…)
    #[arg(long, value_name = "ID", value_parser = validate::service_id)]
    pub service_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct AllowPrincipalArgs {
    #[command(flatten)]
    pub target: ServiceSelector,
    /// Trigger.dev's 12-digit AWS account ID, from the dashboard's "Add connection" page (repeatable)
    #[arg(long = "account-id", value_name = "ID", value_delimiter = ',', value_parser = Principal::from_account_id, required_unless_present = "principals")]
    pub account_ids: Vec<Principal>,
    /// A principal ARN of the form arn:aws:iam::123456789012:root (repeatable)
    #[arg(long = "principal", value_name = "ARN", value_parser = Principal::from_arn)]
    pub principals: Vec<Principal>,
}

#[derive(Debug, Args)]
pub struct ServiceNameArgs {
    #[command(flatten)]
    pub target: ServiceSelector,
}

#[derive(Debug, Args, Default)]
pub struct SetupArgs {
    /// Connection name: 1-24 lowercase letters, digits and hyphens (default in the wizard: from the resource)
    #[arg(long, value_name = "NAME")]
    pub name: Option<ConnectionName>,
    /// The VPC of the resource (default: the resource's VPC)
    #[arg(long, value_name = "VPC_ID", value_parser = validate::vpc_id)]
    pub vpc: Option<String>,
    #[command(flatten)]
    pub targets: TargetFlags<true>,
    /// Expose a Network Load Balancer you already have (ARN or name): no target group or listener is made
    #[arg(long, value_name = "ARN|NAME", value_parser = validate::load_balancer, conflicts_with_all = [
        "resource", "target_ips", "instances", "albs", "health_check_path", "vpc", "ports", "routes", "subnets", "resource_security_group_rule",
        "no_resource_security_group_rule", "all_nodes", "no_cross_zone",
    ])]
    pub nlb: Option<String>,
    /// A port to expose (repeatable, up to 50: a target group and listener each; default: the resource's port)
    #[arg(long = "port", value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub ports: Vec<u16>,
    /// A listener port and where it forwards (repeatable): LISTENER=IP[:PORT] (a broker, a host) or LISTENER=KIND:ID (a resource on another port than its own, e.g. 5433=rds-instance:analytics-db)
    #[arg(long = "route", value_name = "LISTENER=TARGET", value_parser = route)]
    pub routes: Vec<RouteArg>,
    /// The IP of Trigger.dev's endpoint, when known (Kafka: fills in the advertised.listeners lines setup prints)
    #[arg(long, value_name = "IP")]
    pub endpoint_ip: Option<Ipv4Addr>,
    /// A private subnet for the NLB, one per availability zone (default with a resource: one private subnet in every zone of its VPC, its own first)
    #[arg(long = "subnet", value_name = "SUBNET_ID", value_parser = validate::subnet_id)]
    pub subnets: Vec<String>,
    /// Trigger.dev's 12-digit AWS account ID, from the dashboard's "Add connection" page (repeatable)
    #[arg(long = "account-id", value_name = "ID", value_delimiter = ',', value_parser = Principal::from_account_id)]
    pub account_ids: Vec<Principal>,
    /// Another region Trigger.dev may connect from (repeatable); cross-region adds ~10-30 ms and data-transfer cost
    #[arg(long = "supported-region", value_name = "REGION", value_parser = validate::region)]
    pub supported_regions: Vec<String>,
    /// Trigger.dev connects from this region only (the wizard does not ask about others)
    #[arg(long, conflicts_with = "supported_regions")]
    pub no_supported_region: bool,
    /// Let the resource's security group admit the port from the NLB (when it does not already)
    #[arg(long, conflicts_with = "no_resource_security_group_rule")]
    pub resource_security_group_rule: bool,
    /// Leave the resource's security group as it is
    #[arg(long)]
    pub no_resource_security_group_rule: bool,
    /// Register replicas and readers too, not only the primary/writer
    #[arg(long)]
    pub all_nodes: bool,
    /// Leave cross-zone load balancing off
    #[arg(long)]
    pub no_cross_zone: bool,
    /// Print the plan (and check EC2 permissions with DryRun); change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Give up waiting for the NLB or endpoint service after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    pub wait_timeout: u64,
}

#[derive(Debug, Args, Default)]
pub struct DoctorArgs {
    /// Connection name (its tagged resources)
    #[arg(long, value_name = "NAME", conflicts_with_all = ["service_id", "service_name", "nlb"])]
    pub name: Option<ConnectionName>,
    /// An endpoint service built by any means (vpce-svc-…)
    #[arg(long, value_name = "ID", value_parser = validate::service_id, conflicts_with_all = ["service_name", "nlb"])]
    pub service_id: Option<String>,
    /// An endpoint service by name (com.amazonaws.vpce.<region>.vpce-svc-…)
    #[arg(long, value_name = "NAME", conflicts_with = "nlb", value_parser = validate::service_name)]
    pub service_name: Option<String>,
    /// The NLB's ARN or name
    #[arg(long, value_name = "ARN|NAME", value_parser = validate::load_balancer)]
    pub nlb: Option<String>,
    /// Trigger.dev's AWS account ID that must be allowed (repeatable)
    #[arg(long = "account-id", value_name = "ID", value_delimiter = ',', value_parser = Principal::from_account_id)]
    pub account_ids: Vec<Principal>,
    /// A port your tasks dial (repeatable): each must have a listener
    #[arg(long = "port", value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..))]
    pub ports: Vec<u16>,
    /// The region your tasks run in
    #[arg(long, value_name = "REGION", value_parser = validate::region)]
    pub task_region: Option<String>,
    /// A zone ID Trigger.dev's endpoint is in, e.g. use1-az4 (repeatable): the service must serve it
    #[arg(long = "vendor-zone-id", value_name = "ZONE_ID", value_delimiter = ',', value_parser = validate::zone_id)]
    pub vendor_zone_ids: Vec<String>,
    /// Offer every fix the tool can make, apply the confirmed ones (--yes: all), check again
    #[arg(long)]
    pub fix: bool,
    /// Check again every 5 s until nothing fails and Trigger.dev's endpoint is available, for at most SECONDS [default when given alone: 300]
    #[arg(long, value_name = "SECONDS", num_args = 0..=1, default_missing_value = "300", value_parser = clap::value_parser!(u64).range(1..))]
    pub watch: Option<u64>,
    #[command(flatten)]
    pub since: SinceArg,
    /// Dial each route from inside the VPC, through the NLB and through an endpoint made for the run (billed: see --dry-run)
    #[arg(long, requires = "name")]
    pub probe: bool,
    /// With --probe: the role the prober runs as, where the tool may not create one
    #[arg(long, value_name = "ARN", requires = "probe", value_parser = validate::role_arn)]
    pub probe_role: Option<String>,
    /// With --probe: print what it would create, how long it takes and what it costs; change nothing
    #[arg(long, requires = "probe")]
    pub dry_run: bool,
}

/// The window of CloudWatch's figures that status shows and doctor's evidence checks judge.
#[derive(Debug, Args, Clone, Copy)]
pub struct SinceArg {
    /// How far back to read what CloudWatch measured: 15m, 1h, 24h (5m to 24h)
    #[arg(long, value_name = "WINDOW", default_value = "1h", value_parser = validate::window)]
    pub since: std::time::Duration,
}

impl Default for SinceArg {
    fn default() -> Self {
        Self { since: crate::connection::evidence::WINDOW }
    }
}

/// One connection of the tool by name, or any endpoint service by ID.
#[derive(Debug, Args)]
pub struct ConnectionOrServiceArg {
    /// Connection name (default: the only connection in the region)
    #[arg(long, value_name = "NAME", conflicts_with = "service_id")]
    pub name: Option<ConnectionName>,
    /// An endpoint service built by any means (vpce-svc-…)
    #[arg(long, value_name = "ID", value_parser = validate::service_id)]
    pub service_id: Option<String>,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub connection: ConnectionOrServiceArg,
    #[command(flatten)]
    pub since: SinceArg,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub format: ExportFormat,
}

#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// A Terraform configuration of the connection as it is in AWS now, with an import block per resource
    #[command(
        after_help = "Examples:\n  trigger-privatelink export terraform --name orders \\\n      > orders.tf\n  trigger-privatelink export terraform --name orders \\\n      --output-dir infra/orders"
    )]
    Terraform(ExportTerraformArgs),
}

#[derive(Debug, Args)]
pub struct ExportTerraformArgs {
    #[command(flatten)]
    pub connection: ConnectionOrServiceArg,
    /// Write main.tf and imports.tf into this folder (made if missing) instead of printing them
    #[arg(long, value_name = "DIR", value_parser = validate::folder)]
    pub output_dir: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Every region the account has enabled, not only the current one
    #[arg(long)]
    pub all_regions: bool,
}

#[derive(Debug, Args)]
pub struct SyncTargetsArgs {
    #[command(flatten)]
    pub connection: ConnectionArg,
    /// Show the change; make none
    #[arg(long, conflicts_with = "check")]
    pub dry_run: bool,
    /// Change nothing; exit 1 when the targets have drifted
    #[arg(long)]
    pub check: bool,
    /// Install the sync in your account (a Lambda function, its role, log group and rules, tagged): the targets follow failovers with nothing running elsewhere
    #[arg(long, conflicts_with_all = ["check", "uninstall", "package_to"])]
    pub install: bool,
    /// How often the installed sync runs [default: 1m]
    #[arg(long, value_name = "DURATION", requires = "install", default_value = "1m", value_parser = parse_every)]
    pub every: crate::connection::sync::install::Every,
    /// Remove the installed sync (teardown removes it too)
    #[arg(long, conflicts_with_all = ["check", "package_to"])]
    pub uninstall: bool,
    /// Write the sync function's deployment package (the zip `--install` uploads; the same bytes every run) into this folder, to review
    #[arg(long, value_name = "DIR", value_parser = validate::folder, conflicts_with_all = ["check", "dry_run"])]
    pub package_to: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("destination").args(["email", "sns_topic", "remove"]).required(true))]
pub struct AlertsArgs {
    #[command(flatten)]
    pub connection: ConnectionArg,
    /// Send alerts to this address: the tool makes a topic (tpl-<name>-alerts) and subscribes it (AWS mails a link to confirm)
    #[arg(long, value_name = "ADDRESS", value_parser = validate::email, conflicts_with = "sns_topic")]
    pub email: Option<String>,
    /// Send alerts to a topic you have (in the connection's region); the tool does not change it
    #[arg(long, value_name = "ARN", value_parser = validate::sns_topic_arn)]
    pub sns_topic: Option<String>,
    /// Delete the alarms, the connection notification and the tool's own topic (teardown does too)
    #[arg(long, conflicts_with_all = ["email", "sns_topic"])]
    pub remove: bool,
    /// Print the plan; change nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct TeardownArgs {
    #[command(flatten)]
    pub connection: ConnectionArg,
    /// List what would be deleted; delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Delete even while Trigger.dev's endpoint is connected (its connection is rejected)
    #[arg(long)]
    pub force: bool,
    /// Give up waiting for the NLB, or Lambda's hold on the prober's interfaces, to go after this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    pub wait_timeout: u64,
    /// Succeed when nothing of the connection is left (a repeated pipeline step); without it, a name that names nothing is exit 2
    #[arg(long)]
    pub ignore_not_found: bool,
    /// Remove only the route on this listener port (its listener, target group and rules); the connection and its other routes stay
    #[arg(long, value_name = "PORT", value_parser = clap::value_parser!(u16).range(1..), conflicts_with = "ignore_not_found")]
    pub port: Option<u16>,
}

#[derive(Debug, Args)]
pub struct IamPolicyArgs {
    /// Only what this command needs (default: every command)
    #[arg(long = "for", value_enum, value_name = "COMMAND")]
    pub command: Option<PolicyFor>,
    /// Changes only on resources carrying the tool's tags, creates only with them
    #[arg(long)]
    pub scoped: bool,
    /// With --scoped: only this connection's resources
    #[arg(long, value_name = "NAME", requires = "scoped")]
    pub name: Option<ConnectionName>,
    /// With --scoped: a group of yours the tool may add its rule to (the resource's; repeatable)
    #[arg(long = "security-group", value_name = "SG_ID", requires = "scoped", value_parser = validate::security_group_id)]
    pub security_groups: Vec<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct GenerateDocsArgs {
    /// Where completions/ and man/ are written
    #[arg(long, value_name = "DIR", default_value = ".", value_parser = validate::folder)]
    pub out_dir: std::path::PathBuf,
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::Cli;

    /// Every flag of every subcommand that takes a value, as (subcommand path, --flag).
    fn value_flags() -> Vec<(Vec<String>, String)> {
        fn walk(command: &clap::Command, path: &[String], found: &mut Vec<(Vec<String>, String)>) {
            for arg in command.get_arguments() {
                let takes_value = arg.get_action().takes_values();
                if let (true, Some(long)) = (takes_value, arg.get_long()) {
                    found.push((path.to_vec(), format!("--{long}")));
                }
            }
            for sub in command.get_subcommands() {
                let mut deeper = path.to_vec();
                deeper.push(sub.get_name().to_string());
                walk(sub, &deeper, found);
            }
        }
        let mut found = Vec::new();
        walk(&Cli::command(), &[], &mut found);
        found
    }

    /// The resource flags of the command line are the kinds of the one list
    /// (`ResourceRef::flags`), no more and no fewer.
    #[test]
    fn every_resource_kind_has_its_flag_and_no_other_is_one() {
        let command = Cli::command();
        let resolve = command.find_subcommand("resolve-ips").expect("resolve-ips");
        let flags: Vec<String> =
            resolve.get_arguments().filter(|a| a.get_id() != "vpc").filter_map(|a| a.get_long().map(|l| format!("--{l}"))).collect();
        let kinds: Vec<String> = crate::connection::resource::ResourceRef::flags().into_iter().map(str::to_string).collect();
        let globals: Vec<String> = command.get_arguments().filter_map(|a| a.get_long().map(|l| format!("--{l}"))).collect();
        let own: Vec<String> = flags.into_iter().filter(|f| !globals.contains(f) && f != "--help").collect();
        assert_eq!(own, kinds);
    }

    #[test]
    fn no_flag_takes_an_empty_or_blank_value() {
        let flags = value_flags();
        let mut checked = 0;
        for (path, flag) in &flags {
            for value in ["", "   ", "\t"] {
                let mut words = vec!["trigger-privatelink".to_string()];
                words.extend(path.iter().cloned());
                words.extend([flag.clone(), value.to_string()]);
                let err = match Cli::try_parse_from(&words) {
                    Ok(_) => panic!("{} accepted {value:?}", words.join(" ")),
                    Err(err) => err,
                };
                let refused = matches!(err.kind(), clap::error::ErrorKind::ValueValidation | clap::error::ErrorKind::InvalidValue);
                assert!(refused, "{} {value:?}: {:?} {}", words.join(" "), err.kind(), err.render());
                checked += 1;
            }
        }
        assert!(flags.len() > 60, "only {} flags found", flags.len());
        assert_eq!(checked, flags.len() * 3);
    }
}

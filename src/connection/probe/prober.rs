//! The prober's parts kept between runs, all named `tpl-<name>-probe`: a role Lambda
//! assumes (or the one `--probe-role` names), a security group, and the function in one
//! subnet per NLB zone. Kept because a function that keeps the same subnets and group
//! reuses its network interfaces ("Connecting additional functions to the same VPC
//! configuration ... is much quicker", Lambda Developer Guide, configuration-vpc), and
//! none of them is billed while idle ("There's no additional charge for using a VPC or a
//! Hyperplane ENI", foundation-networking).

use aws_sdk_ec2::types::{ResourceType, SecurityGroup};
use serde_json::json;

use super::{PROBE_KEY, ec2_tags, name, owns, tags};
use crate::aws::poll::{Polled, until_ready};
use crate::aws::{Aws, CallExt};
use crate::connection::function::{self, Kinds, Network, Spec};
use crate::connection::names::ConnectionName;
use crate::connection::security_group::{self, Source};
use crate::connection::vpc::ec2_filter;
use crate::plan::{Action, Context, Id, Made, Slot, Step, WriteOp};

/// The prober's source, as it runs in Lambda.
pub const SOURCE: &str = include_str!("prober.py");
/// Each dial's own bound; every dial runs at once, so the run takes about one.
pub const DIAL_TIMEOUT_MS: u64 = 5000;
/// The function's: room for the dials and the runtime's start.
const TIMEOUT_SECONDS: i32 = 15;
const POLICY_NAME: &str = "probe";
const KINDS: Kinds = Kinds { role: "probe-role", log_group: "probe-log-group", function: "probe-function" };
const GROUP_KIND: &str = "probe-security-group";

/// Where the prober runs.
#[derive(Debug, Clone)]
pub struct Place {
    pub vpc_id: String,
    /// One subnet per NLB zone: the NLB's own.
    pub subnets: Vec<String>,
    /// The listener ports its group admits from itself (the run's endpoint holds it too).
    pub ports: Vec<u16>,
}

/// The function, its role and log group, for the connection (`role`: the user's own).
pub fn spec(
    connection: &ConnectionName,
    account: &str,
    region: &str,
    role: Option<String>,
    group: Option<Id>,
    subnets: Vec<String>,
) -> Spec {
    let mut spec = Spec {
        kinds: KINDS,
        name: name(connection),
        account: account.to_string(),
        region: region.to_string(),
        policy_name: POLICY_NAME,
        policy: serde_json::Value::Null,
        handler: "prober.handler",
        source: SOURCE,
        timeout_seconds: TIMEOUT_SECONDS,
        env: Default::default(),
        network: group.map(|g| Network { subnets, groups: vec![g] }),
        tags: tags(connection),
        role,
        owner: format!("connection '{connection}''s prober"),
        role_detail: "assumed by Lambda; its network interfaces and its log only".into(),
    };
    // The managed policy AWSLambdaVPCAccessExecutionRole's EC2 actions (what Lambda needs
    // to make and let go of the function's interfaces; AWS Managed Policy reference), and
    // the log stream of its own group.
    spec.policy = json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "VpcAccess", "Effect": "Allow", "Action": [
            "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
            "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"],
         "Resource": "*"},
        {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": spec.log_group_arn()},
    ]});
    spec
}

/// The prober's security group in the VPC, when there is one.
pub async fn find_group(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Option<SecurityGroup>> {
    let found = aws
        .ec2
        .describe_security_groups()
        .filters(ec2_filter(&format!("tag:{PROBE_KEY}"), [connection.as_str()]))
        .send()
        .await
        .call("ec2:DescribeSecurityGroups")?;
    Ok(found.security_groups.unwrap_or_default().into_iter().find(|g| owns(connection, g.tags())))
}

/// The plan that makes or brings up to date the prober's parts.
pub async fn plan(aws: &Aws, connection: &ConnectionName, account: &str, place: &Place, role: Option<String>) -> anyhow::Result<Vec<Step>> {
    let group = find_group(aws, connection).await?.filter(|g| g.vpc_id() == Some(place.vpc_id.as_str()));
    let group_id = match group.as_ref().and_then(|g| g.group_id()) {
        Some(id) => Id::Known(id.to_string()),
        None => Id::Made(Slot::ProbeSecurityGroup),
    };
    let spec = spec(connection, account, &aws.region, role.clone(), Some(group_id.clone()), place.subnets.clone());
    let mut steps = Vec::new();
    if role.is_none() {
        steps.push(function::role_step(aws, &spec).await?);
    }
    steps.push(function::log_group_step(aws, &spec).await?);
    steps.push(group_step(connection, group.as_ref(), group_id, place));
    let summary = format!("{} arm64, in {} subnets", function::RUNTIME_NAME, place.subnets.len());
    steps.push(function::function_step(aws, &spec, &summary).await?);
    Ok(steps)
}

/// Whether the group admits TCP `port` from itself.
fn admits_itself(group: &SecurityGroup, port: u16) -> bool {
    let id = group.group_id();
    group
        .ip_permissions()
        .iter()
        .any(|p| security_group::covers(p, port) && p.user_id_group_pairs().iter().any(|pair| pair.group_id() == id))
}

fn group_step(connection: &ConnectionName, found: Option<&SecurityGroup>, id: Id, place: &Place) -> Step {
    let missing: Vec<u16> = place.ports.iter().copied().filter(|&p| found.is_none_or(|g| !admits_itself(g, p))).collect();
    let ports = |ports: &[u16]| ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    let admit = missing.iter().map(|&port| security_group::Write::Authorize {
        group: id.clone(),
        port,
        from: Source::Group(id.clone()),
        description: format!("trigger-privatelink {connection}: the prober dials its endpoint"),
        tagged: None,
    });
    let step = match found {
        None => Step::new(GROUP_KIND, Action::Created, id.clone())
            .detail(format!("admits TCP {} from itself", ports(&missing)))
            .write(Write::CreateGroup { connection: connection.clone(), vpc_id: place.vpc_id.clone() }),
        Some(_) if missing.is_empty() => Step::new(GROUP_KIND, Action::Exists, id.clone()),
        Some(_) => Step::new(GROUP_KIND, Action::Updated, id.clone()).detail(format!("admit TCP {} from itself", ports(&missing))),
    };
    step.named(name(connection)).writes(admit.collect::<Vec<_>>())
}

/// The steps that remove the prober, in the order Lambda needs: the function, its log
/// group, then the group once Lambda has let go of the function's interfaces, and only
/// then the role ("If you delete the execution role before Lambda deletes the Hyperplane
/// ENI, Lambda won't be able to delete the Hyperplane ENI",
/// https://docs.aws.amazon.com/lambda/latest/dg/foundation-networking.html).
pub async fn removal(aws: &Aws, connection: &ConnectionName) -> anyhow::Result<Vec<Step>> {
    let spec = spec(connection, "", &aws.region, None, None, Vec::new());
    let (function, log_group, group, role) = tokio::try_join!(
        function::delete_function_step(aws, &spec),
        function::delete_log_group_step(aws, &spec),
        find_group(aws, connection),
        function::delete_role_step(aws, &spec),
    )?;
    let mut steps: Vec<Step> = function.into_iter().chain(log_group).collect();
    if let Some(group) = group {
        let id = group.group_id().unwrap_or_default().to_string();
        steps.push(
            Step::new(GROUP_KIND, Action::Deleted, id.clone())
                .named(group.group_name().unwrap_or_default())
                .detail("once Lambda lets go of the function's interfaces")
                .write(Write::DeleteGroup { group: id }),
        );
    }
    steps.extend(role);
    Ok(steps)
}

/// The interfaces Lambda still holds in the group: a deleted function's linger "up to 20
/// minutes" (foundation-networking). Lambda's are of type `lambda`, described `AWS Lambda
/// VPC ENI…`; anything else holding the group is not Lambda's to release.
pub async fn lambda_interfaces(aws: &Aws, group: &str) -> anyhow::Result<Vec<String>> {
    let found = aws
        .ec2
        .describe_network_interfaces()
        .filters(ec2_filter("group-id", [group]))
        .send()
        .await
        .call("ec2:DescribeNetworkInterfaces")?;
    Ok(found
        .network_interfaces()
        .iter()
        .filter(|i| {
            i.interface_type().is_some_and(|t| t.as_str() == "lambda")
                || i.description().is_some_and(|d| d.starts_with("AWS Lambda VPC ENI"))
        })
        .filter_map(|i| i.network_interface_id().map(str::to_string))
        .collect())
}

#[derive(Debug, Clone)]
enum Write {
    CreateGroup { connection: ConnectionName, vpc_id: String },
    DeleteGroup { group: String },
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::CreateGroup { connection, vpc_id } => {
                let created = aws
                    .ec2
                    .create_security_group()
                    .group_name(name(connection))
                    .description("trigger-privatelink: doctor --probe's function and endpoint")
                    .vpc_id(vpc_id)
                    .tag_specifications(ec2_tags(connection, ResourceType::SecurityGroup))
                    .send()
                    .await
                    .call("ec2:CreateSecurityGroup")?;
                Ok(created.group_id.map(Made::id))
            }
            Write::DeleteGroup { group } => {
                // Bounded by teardown's --wait-timeout: on reaching it, the step fails naming
                // the interfaces still held, and the role (after it) is left for the next run.
                until_ready(cx.ui, "waiting for Lambda to let go of the prober's network interfaces", cx.wait_timeout, || async {
                    let held = lambda_interfaces(aws, group).await?;
                    if !held.is_empty() {
                        return Ok(Polled::Pending(format!("{} held by Lambda", held.join(", "))));
                    }
                    match aws.ec2.delete_security_group().group_id(group).send().await.call("ec2:DeleteSecurityGroup") {
                        Ok(_) => Ok(Polled::Ready(())),
                        Err(err) if err.is("InvalidGroup.NotFound") => Ok(Polled::Ready(())),
                        // The run's endpoint, deleted just before, still letting go.
                        Err(err) if err.is("DependencyViolation") => Ok(Polled::Pending(format!("{group} still in use"))),
                        Err(err) => Err(err.into()),
                    }
                })
                .await?;
                Ok(None)
            }
        }
    }
}

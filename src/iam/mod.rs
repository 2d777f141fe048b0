//! The least-privilege IAM policy: every AWS operation each command can call.
//! A test checks these lists against the operations the code names in its calls.
//! [`scoped`] narrows the writes to the tool's own resources by their tags.

pub mod scoped;

use serde_json::json;

/// The command a policy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PolicyFor {
    Setup,
    Doctor,
    SyncTargets,
    /// `doctor --probe`: doctor's reads, and the prober and its endpoint.
    DoctorProbe,
    Alerts,
    Teardown,
    Export,
}

/// Creating a resource with tags is authorized as a tagging call too, though the
/// tool never calls these on their own; giving a function its role is `iam:PassRole`.
pub const IMPLIED: &[&str] = &[
    "ec2:CreateTags",
    "elasticloadbalancing:AddTags",
    "iam:TagRole",
    "iam:PassRole",
    "lambda:TagResource",
    "events:TagResource",
    "logs:TagResource",
    "sns:TagResource",
    "cloudwatch:TagResource",
];

/// Finding the targets: every resource kind's reads (from the kinds themselves), and
/// the instances'.
fn resolve() -> Vec<&'static str> {
    let mut reads = crate::connection::resource::iam_actions();
    reads.extend(["ec2:DescribeNetworkInterfaces", "ec2:DescribeInstances"]);
    reads
}

const SETUP: &[&str] = &[
    "sts:GetCallerIdentity",
    "iam:ListAccountAliases",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:CreateSecurityGroup",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:CreateVpcEndpointServiceConfiguration",
    "ec2:ModifyVpcEndpointServiceConfiguration",
    "ec2:DescribeVpcEndpointServicePermissions",
    "ec2:ModifyVpcEndpointServicePermissions",
    "ec2:CreateTags",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:CreateTargetGroup",
    "elasticloadbalancing:ModifyTargetGroup",
    "elasticloadbalancing:RegisterTargets",
    "elasticloadbalancing:DeregisterTargets",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:CreateLoadBalancer",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:CreateListener",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:SetSecurityGroups",
    "elasticloadbalancing:SetSubnets",
    "elasticloadbalancing:AddTags",
];

/// doctor, status and list, and the fixes `doctor --fix` makes.
const DOCTOR: &[&str] = &[
    "sts:GetCallerIdentity",
    // The connection's target groups with their tags in the first round (status, doctor).
    "tag:GetResources",
    "ec2:DescribeRegions",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:DescribeVpcEndpointServicePermissions",
    "ec2:DescribeVpcEndpointConnections",
    "ec2:ModifyVpcEndpointServiceConfiguration",
    "ec2:ModifyVpcEndpointServicePermissions",
    "ec2:AcceptVpcEndpointConnections",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:CreateTags",
    "ec2:DescribeSecurityGroupRules",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeLoadBalancerAttributes",
    "elasticloadbalancing:ModifyLoadBalancerAttributes",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:RegisterTargets",
    "elasticloadbalancing:DeregisterTargets",
    "elasticloadbalancing:SetSecurityGroups",
];

const SYNC_TARGETS: &[&str] = &[
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTargetHealth",
    "elasticloadbalancing:RegisterTargets",
    "elasticloadbalancing:DeregisterTargets",
];

/// A function of the tool's, its role and log group, made or brought up to date
/// (`connection::function`): the sync's and the prober's.
const FUNCTION_INSTALL: &[&str] = &[
    "sts:GetCallerIdentity",
    "iam:GetRole",
    "iam:GetRolePolicy",
    "iam:CreateRole",
    "iam:TagRole",
    "iam:PutRolePolicy",
    "iam:PassRole",
    "logs:DescribeLogGroups",
    "logs:CreateLogGroup",
    "logs:TagResource",
    "logs:PutRetentionPolicy",
    "lambda:GetFunction",
    "lambda:CreateFunction",
    "lambda:TagResource",
    "lambda:UpdateFunctionCode",
    "lambda:UpdateFunctionConfiguration",
    "lambda:GetFunctionConfiguration",
];

/// The same, removed.
const FUNCTION_REMOVE: &[&str] = &[
    "lambda:GetFunction",
    "lambda:DeleteFunction",
    "logs:DescribeLogGroups",
    "logs:DeleteLogGroup",
    "iam:GetRole",
    "iam:DeleteRolePolicy",
    "iam:DeleteRole",
];

/// `sync-targets --uninstall`, and teardown's removal of the sync (with [`FUNCTION_REMOVE`]).
const SYNC_UNINSTALL: &[&str] = &["events:DescribeRule", "events:RemoveTargets", "events:DeleteRule"];

/// `sync-targets --install`: the function (with [`FUNCTION_INSTALL`]) and its rules.
const SYNC_INSTALL: &[&str] = &[
    "rds:DescribeDBClusters",
    "rds:DescribeDBProxies",
    "lambda:GetPolicy",
    "lambda:AddPermission",
    "events:DescribeRule",
    "events:ListTargetsByRule",
    "events:PutRule",
    "events:TagResource",
    "events:PutTargets",
];

const TEARDOWN: &[&str] = &[
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:DescribeVpcEndpointConnections",
    "ec2:RejectVpcEndpointConnections",
    "ec2:DeleteVpcEndpointServiceConfigurations",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeSecurityGroupRules",
    "ec2:RevokeSecurityGroupIngress",
    "ec2:DeleteSecurityGroup",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeListeners",
    "elasticloadbalancing:DeleteLoadBalancer",
    "elasticloadbalancing:DeleteListener",
    "elasticloadbalancing:DeleteTargetGroup",
];

/// What `status` and `doctor` read of the installed sync, what CloudWatch measured, and
/// the alerts.
const SYNC_STATE: &[&str] = &[
    "lambda:GetFunction",
    "iam:GetRole",
    "events:ListRules",
    "logs:FilterLogEvents",
    "cloudwatch:GetMetricData",
    "cloudwatch:DescribeAlarms",
    "ec2:DescribeVpcEndpointConnectionNotifications",
];

/// `alerts --remove`, and teardown's removal of the alerts.
const ALERTS_REMOVE: &[&str] = &[
    "sts:GetCallerIdentity",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:ListTagsForResource",
    "cloudwatch:DeleteAlarms",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:DescribeVpcEndpointConnectionNotifications",
    "ec2:DeleteVpcEndpointConnectionNotifications",
    "sns:GetTopicAttributes",
    "sns:ListTagsForResource",
    "sns:DeleteTopic",
];

/// `alerts`: the topic (and subscription), the notification and the alarms.
const ALERTS: &[&str] = &[
    "sts:GetCallerIdentity",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeListeners",
    "sns:GetTopicAttributes",
    "sns:ListTagsForResource",
    "sns:ListSubscriptionsByTopic",
    "sns:CreateTopic",
    "sns:TagResource",
    "sns:SetTopicAttributes",
    "sns:Subscribe",
    "ec2:DescribeVpcEndpointConnectionNotifications",
    "ec2:CreateVpcEndpointConnectionNotification",
    "ec2:DeleteVpcEndpointConnectionNotifications",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:ListTagsForResource",
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:TagResource",
];

/// `doctor --probe`: the prober (its function with [`FUNCTION_INSTALL`], and a security group),
/// the run's endpoint, and the invocation. Lambda checks the VPC settings with the
/// caller's own permissions (ec2:DescribeSecurityGroups, DescribeSubnets, DescribeVpcs:
/// Lambda Developer Guide, configuration-vpc, "User permissions").
const DOCTOR_PROBE: &[&str] = &[
    "sts:GetCallerIdentity",
    "ec2:DescribeVpcEndpointServiceConfigurations",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:CreateSecurityGroup",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:CreateTags",
    "ec2:DescribeVpcEndpoints",
    "ec2:CreateVpcEndpoint",
    "ec2:AcceptVpcEndpointConnections",
    "ec2:DeleteVpcEndpoints",
    "ec2:DescribeNetworkInterfaces",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeListeners",
    "lambda:InvokeFunction",
];

/// Teardown's removal of the prober (with [`FUNCTION_REMOVE`]) and of an endpoint a probe left.
const PROBE_REMOVE: &[&str] = &[
    "ec2:DescribeVpcEndpoints",
    "ec2:DeleteVpcEndpoints",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteSecurityGroup",
];

/// `export terraform`: doctor's reads, the ELB tags, and the rules' `sgr-` IDs.
const EXPORT: &[&str] = &["elasticloadbalancing:DescribeTags", "ec2:DescribeSecurityGroupRules"];

/// The actions one command needs (all of them when `None`), sorted, without repeats.
pub fn actions(command: Option<PolicyFor>) -> Vec<&'static str> {
    let resolve = resolve();
    let lists: Vec<&[&str]> = match command {
        Some(PolicyFor::Setup) => vec![SETUP, &resolve],
        Some(PolicyFor::Doctor) => vec![DOCTOR, SYNC_STATE, &resolve],
        Some(PolicyFor::DoctorProbe) => vec![DOCTOR, SYNC_STATE, DOCTOR_PROBE, FUNCTION_INSTALL, &resolve],
        Some(PolicyFor::SyncTargets) => vec![SYNC_TARGETS, SYNC_INSTALL, FUNCTION_INSTALL, SYNC_UNINSTALL, FUNCTION_REMOVE, &resolve],
        Some(PolicyFor::Alerts) => vec![ALERTS, ALERTS_REMOVE],
        Some(PolicyFor::Teardown) => vec![TEARDOWN, SYNC_UNINSTALL, FUNCTION_REMOVE, ALERTS_REMOVE, PROBE_REMOVE],
        Some(PolicyFor::Export) => vec![DOCTOR, EXPORT, &resolve],
        None => {
            vec![
                SETUP,
                DOCTOR,
                SYNC_STATE,
                DOCTOR_PROBE,
                SYNC_TARGETS,
                SYNC_INSTALL,
                FUNCTION_INSTALL,
                SYNC_UNINSTALL,
                FUNCTION_REMOVE,
                ALERTS,
                ALERTS_REMOVE,
                TEARDOWN,
                PROBE_REMOVE,
                EXPORT,
                &resolve,
            ]
        }
    };
    let mut all: Vec<&str> = lists.into_iter().flatten().copied().collect();
    if command == Some(PolicyFor::Export) {
        all.retain(|a| is_read(a));
    }
    all.sort_unstable();
    all.dedup();
    all
}

/// Describe, Get, List and Filter (CloudWatch Logs' search) calls: allowed on every
/// resource, in both policies.
pub fn is_read(action: &str) -> bool {
    action.split(':').nth(1).is_some_and(|op| ["Describe", "Get", "List", "Filter"].iter().any(|read| op.starts_with(read)))
}

/// Read-only actions apart from changes: the second statement is the one to scope down.
pub fn policy(command: Option<PolicyFor>) -> serde_json::Value {
    let (read, write): (Vec<&str>, Vec<&str>) = actions(command).into_iter().partition(|a| is_read(a));
    let mut statements = vec![json!({"Sid": "TriggerPrivatelinkRead", "Effect": "Allow", "Action": read, "Resource": "*"})];
    if !write.is_empty() {
        statements.push(json!({"Sid": "TriggerPrivatelinkWrite", "Effect": "Allow", "Action": write, "Resource": "*"}));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

//! The tag-scoped policy (`iam-policy --scoped`): reads on every resource, but every
//! create only with the tool's tags in the request, tagging only as part of those
//! creates, a load balancer only internal, and every change only on resources that
//! carry the tool's tags. The customer's own groups, which the tool adds a rule to but
//! does not tag, are named by ARN.
//!
//! Condition keys, each as the Service Authorization Reference defines it:
//! - `aws:RequestTag/${TagKey}`: the tags passed in the request.
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-requesttag>
//! - `aws:ResourceTag/${TagKey}`: the tags the resource already carries.
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourcetag>
//! - `ec2:CreateAction`: the create call a `CreateTags` is part of (tag on create).
//!   <https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html#amazonec2-policy-keys>,
//!   <https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html>
//! - `elasticloadbalancing:CreateAction`: the create call an `AddTags` is part of.
//!   <https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html#awselasticloadbalancingv2-policy-keys>
//! - `elasticloadbalancing:Scheme`: the scheme of the load balancer being created.
//!   <https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html#awselasticloadbalancingv2-policy-keys>
//! - `iam:PassedToService`: the service a role is passed to.
//!   <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService>

use serde_json::{Map, Value, json};

use super::{PolicyFor, actions, is_read};
use crate::connection::names::{CONNECTION_KEY, ConnectionName, MANAGED_BY_KEY, MANAGED_BY_VALUE};

const SECURITY_GROUPS: &str = "arn:aws:ec2:*:*:security-group/*";
const SECURITY_GROUP_RULES: &str = "arn:aws:ec2:*:*:security-group-rule/*";
const VPCS: &str = "arn:aws:ec2:*:*:vpc/*";
const ENDPOINT_SERVICES: &str = "arn:aws:ec2:*:*:vpc-endpoint-service/*";
const ENDPOINTS: &str = "arn:aws:ec2:*:*:vpc-endpoint/*";
const SUBNETS: &str = "arn:aws:ec2:*:*:subnet/*";
const TARGET_GROUPS: &str = "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*";
const LOAD_BALANCERS: &str = "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*";
const LISTENERS: &str = "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*";
// The sync's resources, by the names the tool gives them (`tpl-<name>-sync`). PassRole is
// scoped by the role's ARN, never by tags: "Do not use the ResourceTag condition key in a
// policy with the iam:PassRole action" (Lambda Developer Guide, attribute-based access control).
const SYNC_ROLES: &str = "arn:aws:iam::*:role/tpl-*-sync";
const SYNC_FUNCTIONS: &str = "arn:aws:lambda:*:*:function:tpl-*-sync";
const SYNC_RULES: &str = "arn:aws:events:*:*:rule/tpl-*-sync-*";
const SYNC_LOG_GROUPS: &str = "arn:aws:logs:*:*:log-group:/aws/lambda/tpl-*-sync*";
// doctor --probe's prober, named alike (`tpl-<name>-probe`).
const PROBE_ROLES: &str = "arn:aws:iam::*:role/tpl-*-probe";
const PROBE_FUNCTIONS: &str = "arn:aws:lambda:*:*:function:tpl-*-probe";
const PROBE_LOG_GROUPS: &str = "arn:aws:logs:*:*:log-group:/aws/lambda/tpl-*-probe*";
// The alerts' own topic and alarms, by the names the tool gives them (SNS topics and
// CloudWatch alarms are authorized on their ARNs: the Service Authorization Reference's
// `topic` and `alarm` resource types).
const ALERT_TOPICS: &str = "arn:aws:sns:*:*:tpl-*-alerts";
const ALARMS: &str = "arn:aws:cloudwatch:*:*:alarm:tpl-*";

/// What a statement asks of the request or the resource.
#[derive(Debug, Clone, Copy)]
enum Condition {
    /// The request carries the tool's tags.
    RequestTags,
    /// The request carries the tool's tags, and the load balancer is internal.
    RequestTagsInternal,
    /// The resource carries the tool's tags.
    ResourceTags,
    /// Tagging only as part of one of these EC2 creates.
    Ec2CreateAction(&'static [&'static str]),
    /// Tagging only as part of one of these ELB creates.
    ElbCreateAction(&'static [&'static str]),
    /// A role passed only to this service (`iam:PassedToService`).
    PassedTo(&'static str),
    /// None: the resource is not the tool's to tag (the VPC a group is made in).
    None,
}

struct Rule {
    sid: &'static str,
    actions: &'static [&'static str],
    resources: &'static [&'static str],
    condition: Condition,
}

/// Every write the tool makes, each under the narrowest rule that lets it work.
const RULES: &[Rule] = &[
    Rule {
        sid: "CreateTaggedEc2",
        actions: &["ec2:CreateSecurityGroup", "ec2:CreateVpcEndpointServiceConfiguration"],
        resources: &[SECURITY_GROUPS, ENDPOINT_SERVICES],
        condition: Condition::RequestTags,
    },
    // CreateSecurityGroup is authorized on the VPC too, which the tool does not tag.
    Rule { sid: "CreateGroupInVpc", actions: &["ec2:CreateSecurityGroup"], resources: &[VPCS], condition: Condition::None },
    // doctor --probe's endpoint: CreateVpcEndpoint is authorized on the new endpoint (with
    // the request's tags), on the VPC and subnets it is made in (not the tool's to tag),
    // and on the security group it is given: the prober's, tagged
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html:
    // CreateVpcEndpoint, resource types vpc-endpoint, vpc, subnet, security-group).
    Rule { sid: "CreateTaggedEndpoint", actions: &["ec2:CreateVpcEndpoint"], resources: &[ENDPOINTS], condition: Condition::RequestTags },
    Rule { sid: "CreateEndpointInVpc", actions: &["ec2:CreateVpcEndpoint"], resources: &[VPCS, SUBNETS], condition: Condition::None },
    Rule {
        sid: "CreateEndpointWithOwnGroup",
        actions: &["ec2:CreateVpcEndpoint"],
        resources: &[SECURITY_GROUPS],
        condition: Condition::ResourceTags,
    },
    // The rule the tool adds to a resource's group carries its tags: the call is
    // authorized on the new rule too, and tagging it is CreateTags as part of the call
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html:
    // AuthorizeSecurityGroupIngress, resource type security-group-rule, dependent action
    // ec2:CreateTags).
    Rule {
        sid: "CreateTaggedRule",
        actions: &["ec2:AuthorizeSecurityGroupIngress"],
        resources: &[SECURITY_GROUP_RULES],
        condition: Condition::RequestTags,
    },
    Rule {
        sid: "TagOnCreateEc2",
        actions: &["ec2:CreateTags"],
        resources: &[SECURITY_GROUPS, ENDPOINT_SERVICES, SECURITY_GROUP_RULES, ENDPOINTS],
        condition: Condition::Ec2CreateAction(&[
            "CreateSecurityGroup",
            "CreateVpcEndpointServiceConfiguration",
            "AuthorizeSecurityGroupIngress",
            "CreateVpcEndpoint",
        ]),
    },
    Rule {
        sid: "CreateTaggedTargetGroup",
        actions: &["elasticloadbalancing:CreateTargetGroup"],
        resources: &[TARGET_GROUPS],
        condition: Condition::RequestTags,
    },
    Rule {
        sid: "CreateTaggedInternalLoadBalancer",
        actions: &["elasticloadbalancing:CreateLoadBalancer"],
        resources: &[LOAD_BALANCERS],
        condition: Condition::RequestTagsInternal,
    },
    Rule {
        sid: "TagOnCreateElb",
        actions: &["elasticloadbalancing:AddTags"],
        resources: &[TARGET_GROUPS, LOAD_BALANCERS, LISTENERS],
        condition: Condition::ElbCreateAction(&["CreateTargetGroup", "CreateLoadBalancer", "CreateListener"]),
    },
    Rule {
        sid: "ChangeOwnedEc2",
        actions: &[
            "ec2:AuthorizeSecurityGroupIngress",
            "ec2:RevokeSecurityGroupIngress",
            "ec2:DeleteSecurityGroup",
            "ec2:ModifyVpcEndpointServiceConfiguration",
            "ec2:ModifyVpcEndpointServicePermissions",
            "ec2:AcceptVpcEndpointConnections",
            "ec2:RejectVpcEndpointConnections",
            "ec2:DeleteVpcEndpointServiceConfigurations",
            // The alerts' notification on the service: authorized on the service it names.
            "ec2:CreateVpcEndpointConnectionNotification",
            "ec2:DeleteVpcEndpointConnectionNotifications",
            // doctor --probe's own endpoint, tagged when made.
            "ec2:DeleteVpcEndpoints",
        ],
        resources: &[SECURITY_GROUPS, ENDPOINT_SERVICES, ENDPOINTS],
        condition: Condition::ResourceTags,
    },
    Rule {
        sid: "ChangeOwnedElb",
        actions: &[
            "elasticloadbalancing:RegisterTargets",
            "elasticloadbalancing:DeregisterTargets",
            "elasticloadbalancing:DeleteTargetGroup",
            "elasticloadbalancing:ModifyTargetGroup",
            // A listener is authorized on its load balancer: the tool's own.
            "elasticloadbalancing:CreateListener",
            "elasticloadbalancing:ModifyLoadBalancerAttributes",
            "elasticloadbalancing:SetSecurityGroups",
            "elasticloadbalancing:SetSubnets",
            "elasticloadbalancing:DeleteLoadBalancer",
            // One route's listener (teardown --port): the tool tags each listener it makes.
            "elasticloadbalancing:DeleteListener",
        ],
        resources: &[TARGET_GROUPS, LOAD_BALANCERS, LISTENERS],
        condition: Condition::ResourceTags,
    },
    // The sync's role: made only with the tool's tags, changed only while it carries
    // them, and passed only to Lambda.
    Rule {
        sid: "CreateTaggedSyncRole",
        actions: &["iam:CreateRole", "iam:TagRole"],
        resources: &[SYNC_ROLES, PROBE_ROLES],
        condition: Condition::RequestTags,
    },
    Rule {
        sid: "ChangeOwnedSyncRole",
        actions: &["iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DeleteRole"],
        resources: &[SYNC_ROLES, PROBE_ROLES],
        condition: Condition::ResourceTags,
    },
    Rule {
        sid: "PassSyncRoleToLambda",
        actions: &["iam:PassRole"],
        resources: &[SYNC_ROLES, PROBE_ROLES],
        condition: Condition::PassedTo("lambda.amazonaws.com"),
    },
    Rule {
        sid: "OwnSyncFunction",
        actions: &[
            "lambda:CreateFunction",
            "lambda:TagResource",
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "lambda:AddPermission",
            "lambda:DeleteFunction",
        ],
        resources: &[SYNC_FUNCTIONS, PROBE_FUNCTIONS],
        condition: Condition::None,
    },
    Rule { sid: "InvokeProber", actions: &["lambda:InvokeFunction"], resources: &[PROBE_FUNCTIONS], condition: Condition::None },
    Rule {
        sid: "OwnSyncRules",
        actions: &["events:PutRule", "events:TagResource", "events:PutTargets", "events:RemoveTargets", "events:DeleteRule"],
        resources: &[SYNC_RULES],
        condition: Condition::None,
    },
    Rule {
        sid: "OwnSyncLogGroup",
        actions: &["logs:CreateLogGroup", "logs:TagResource", "logs:PutRetentionPolicy", "logs:DeleteLogGroup"],
        resources: &[SYNC_LOG_GROUPS, PROBE_LOG_GROUPS],
        condition: Condition::None,
    },
    Rule {
        sid: "OwnAlertTopic",
        actions: &["sns:CreateTopic", "sns:TagResource", "sns:SetTopicAttributes", "sns:Subscribe", "sns:DeleteTopic"],
        resources: &[ALERT_TOPICS],
        condition: Condition::None,
    },
    Rule {
        sid: "OwnAlarms",
        actions: &["cloudwatch:PutMetricAlarm", "cloudwatch:TagResource", "cloudwatch:DeleteAlarms"],
        resources: &[ALARMS],
        condition: Condition::None,
    },
];

/// The groups' rules the tool adds and removes on groups it did not make.
const CUSTOMER_GROUP_ACTIONS: &[&str] = &["ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupIngress"];

/// The tag conditions: the tool's marker, and the connection's name when given.
fn tag_condition(prefix: &str, connection: Option<&ConnectionName>) -> Map<String, Value> {
    let mut tags = Map::new();
    tags.insert(format!("{prefix}/{MANAGED_BY_KEY}"), json!(MANAGED_BY_VALUE));
    if let Some(name) = connection {
        tags.insert(format!("{prefix}/{CONNECTION_KEY}"), json!(name.as_str()));
    }
    tags
}

fn condition(condition: Condition, connection: Option<&ConnectionName>) -> Option<Value> {
    Some(match condition {
        Condition::RequestTags => json!({"StringEquals": tag_condition("aws:RequestTag", connection)}),
        Condition::RequestTagsInternal => {
            let mut equals = tag_condition("aws:RequestTag", connection);
            equals.insert("elasticloadbalancing:Scheme".into(), json!("internal"));
            json!({ "StringEquals": equals })
        }
        Condition::ResourceTags => json!({"StringEquals": tag_condition("aws:ResourceTag", connection)}),
        Condition::Ec2CreateAction(creates) => json!({"StringEquals": {"ec2:CreateAction": creates}}),
        Condition::ElbCreateAction(creates) => json!({"StringEquals": {"elasticloadbalancing:CreateAction": creates}}),
        Condition::PassedTo(service) => json!({"StringEquals": {"iam:PassedToService": service}}),
        Condition::None => return None,
    })
}

/// The tag-scoped policy for one command (all when `None`), for one connection when
/// named, with the customer's security groups the tool may add a rule to.
pub fn policy(command: Option<PolicyFor>, connection: Option<&ConnectionName>, customer_groups: &[String]) -> Value {
    let needed = actions(command);
    let reads: Vec<&str> = needed.iter().copied().filter(|a| is_read(a)).collect();
    let mut statements = vec![json!({"Sid": "Read", "Effect": "Allow", "Action": reads, "Resource": "*"})];
    for rule in RULES {
        let allowed: Vec<&str> = rule.actions.iter().copied().filter(|a| needed.contains(a)).collect();
        if allowed.is_empty() {
            continue;
        }
        let mut statement = json!({"Sid": rule.sid, "Effect": "Allow", "Action": allowed, "Resource": rule.resources});
        if let Some(condition) = condition(rule.condition, connection) {
            statement["Condition"] = condition;
        }
        statements.push(statement);
    }
    let customer_actions: Vec<&str> = CUSTOMER_GROUP_ACTIONS.iter().copied().filter(|a| needed.contains(a)).collect();
    if !customer_groups.is_empty() && !customer_actions.is_empty() {
        let arns: Vec<String> = customer_groups.iter().map(|id| format!("arn:aws:ec2:*:*:security-group/{id}")).collect();
        statements.push(json!({"Sid": "RulesOnCustomerGroups", "Effect": "Allow", "Action": customer_actions, "Resource": arns}));
    }
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::{PolicyFor, policy};
    use crate::iam::{actions, is_read};

    fn statement<'a>(policy: &'a Value, sid: &str) -> &'a Value {
        policy["Statement"].as_array().unwrap().iter().find(|s| s["Sid"] == sid).unwrap_or_else(|| panic!("no statement {sid}"))
    }

    fn allowed(policy: &Value) -> BTreeSet<String> {
        policy["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["Action"].as_array().unwrap())
            .map(|a| a.as_str().unwrap().to_string())
            .collect()
    }

    /// Every action the tool calls is in the scoped policy, for each command and for all,
    /// and no write is allowed on every resource.
    #[test]
    fn every_action_is_covered_and_no_write_is_unscoped() {
        for command in [
            None,
            Some(PolicyFor::Setup),
            Some(PolicyFor::Doctor),
            Some(PolicyFor::SyncTargets),
            Some(PolicyFor::Teardown),
            Some(PolicyFor::Export),
        ] {
            let document = policy(command, None, &["sg-0abc".into()]);
            let expected: BTreeSet<String> = actions(command).into_iter().map(str::to_string).collect();
            assert_eq!(allowed(&document), expected, "{command:?}");
            for s in document["Statement"].as_array().unwrap() {
                let writes = s["Action"].as_array().unwrap().iter().any(|a| !is_read(a.as_str().unwrap()));
                assert!(!(writes && s["Resource"] == "*"), "an unscoped write: {s}");
            }
        }
    }

    /// The conditions moto's own access control does not evaluate (the emulator's layer
    /// does, see tests/emulator/emulator/iam.py); pinned here on the document itself.
    #[test]
    fn each_condition_is_the_documented_key_with_the_tools_values() {
        let name = "orders".parse().unwrap();
        let document = policy(None, Some(&name), &["sg-0abc".into()]);
        let create = &statement(&document, "CreateTaggedEc2")["Condition"]["StringEquals"];
        assert_eq!(create["aws:RequestTag/managed-by"], "trigger-privatelink");
        assert_eq!(create["aws:RequestTag/trigger-privatelink:connection"], "orders");
        let rule = &statement(&document, "CreateTaggedRule");
        assert_eq!(rule["Resource"], serde_json::json!(["arn:aws:ec2:*:*:security-group-rule/*"]));
        assert_eq!(rule["Condition"]["StringEquals"]["aws:RequestTag/trigger-privatelink:connection"], "orders");
        let lb = &statement(&document, "CreateTaggedInternalLoadBalancer")["Condition"]["StringEquals"];
        assert_eq!(lb["elasticloadbalancing:Scheme"], "internal");
        assert_eq!(lb["aws:RequestTag/managed-by"], "trigger-privatelink");
        let tag_ec2 = &statement(&document, "TagOnCreateEc2");
        assert_eq!(tag_ec2["Action"], serde_json::json!(["ec2:CreateTags"]));
        assert_eq!(
            tag_ec2["Condition"]["StringEquals"]["ec2:CreateAction"],
            serde_json::json!([
                "CreateSecurityGroup",
                "CreateVpcEndpointServiceConfiguration",
                "AuthorizeSecurityGroupIngress",
                "CreateVpcEndpoint"
            ])
        );
        let endpoint = &statement(&document, "CreateTaggedEndpoint");
        assert_eq!(endpoint["Resource"], serde_json::json!(["arn:aws:ec2:*:*:vpc-endpoint/*"]));
        assert_eq!(endpoint["Condition"]["StringEquals"]["aws:RequestTag/trigger-privatelink:connection"], "orders");
        let tag_elb = &statement(&document, "TagOnCreateElb")["Condition"]["StringEquals"];
        assert_eq!(
            tag_elb["elasticloadbalancing:CreateAction"],
            serde_json::json!(["CreateTargetGroup", "CreateLoadBalancer", "CreateListener"])
        );
        for sid in ["ChangeOwnedEc2", "ChangeOwnedElb"] {
            let owned = &statement(&document, sid)["Condition"]["StringEquals"];
            assert_eq!(owned["aws:ResourceTag/managed-by"], "trigger-privatelink", "{sid}");
            assert_eq!(owned["aws:ResourceTag/trigger-privatelink:connection"], "orders", "{sid}");
        }
        let customer = statement(&document, "RulesOnCustomerGroups");
        assert_eq!(customer["Resource"], serde_json::json!(["arn:aws:ec2:*:*:security-group/sg-0abc"]));
        assert!(customer.get("Condition").is_none());
    }

    #[test]
    fn without_a_customer_group_no_untagged_group_can_be_changed() {
        let document = policy(Some(PolicyFor::Setup), None, &[]);
        assert!(document["Statement"].as_array().unwrap().iter().all(|s| s["Sid"] != "RulesOnCustomerGroups"));
    }
}

//! HCL from a [`Config`], built with hcl-rs so every string is quoted and escaped right
//! (a tag value holding `${` stays a literal). Comments are whole lines of our own text
//! between blocks, which the HCL model has no place for.

use hcl::expr::{Traversal, Variable};
use hcl::{Block, Body, Expression, Object, ObjectKey};

use super::{
    AWS_PROVIDER_VERSION, Config, EndpointService, IngressRule, Listener, LoadBalancer, Ref, Source, TERRAFORM_VERSION, Tags, TargetGroup,
};

/// The two files of an export.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Files {
    #[serde(rename = "main.tf")]
    pub main_tf: String,
    #[serde(rename = "imports.tf")]
    pub imports_tf: String,
}

const TARGET_GROUP: &str = "aws_lb_target_group";
const LOAD_BALANCER: &str = "aws_lb";
const LISTENER: &str = "aws_lb_listener";
const SECURITY_GROUP: &str = "aws_security_group";
const INGRESS_RULE: &str = "aws_vpc_security_group_ingress_rule";
const ENDPOINT_SERVICE: &str = "aws_vpc_endpoint_service";

/// A block, with the comment lines that go above it.
struct Item {
    comment: Vec<String>,
    block: Block,
    /// `(address, id)` of its import, when it is a resource.
    import: Option<(Traversal, String)>,
}

pub fn render(config: &Config) -> anyhow::Result<Files> {
    let mut items = vec![
        Item { comment: header(config), block: terraform_block(), import: None },
        Item {
            comment: vec![],
            block: Block::builder("provider").add_label("aws").add_attribute(("region", config.region.as_str())).build(),
            import: None,
        },
    ];
    items.extend(config.target_groups.iter().map(target_group));
    if let Some(lb) = &config.load_balancer {
        items.push(load_balancer(lb));
        items.extend(config.listeners.iter().map(|l| listener(l, lb)));
    }
    if let Some(group) = &config.security_group {
        items.push(resource(
            SECURITY_GROUP,
            &group.label,
            &group.id,
            vec![],
            declare(SECURITY_GROUP, &group.label)
                .add_attribute(("name", group.name.as_str()))
                .add_attribute(("description", group.description.as_str()))
                .add_attribute(("vpc_id", group.vpc_id.as_str()))
                .add_attribute(("tags", tags(&group.tags))),
        ));
    }
    items.extend(config.ingress_rules.iter().map(ingress_rule));
    if let Some(service) = &config.service {
        items.push(endpoint_service(service));
    }

    let mut main = Vec::new();
    let mut imports =
        vec![format!("# One import block per resource of {}: `terraform plan` adopts them and should show no change.\n", config.name)];
    for item in items {
        main.push(format_item(&item.comment, item.block)?);
        if let Some((to, id)) = item.import {
            let block = Block::builder("import").add_attribute(("to", Expression::from(to))).add_attribute(("id", id)).build();
            imports.push(format_item(&[], block)?);
        }
    }
    Ok(Files { main_tf: main.join("\n"), imports_tf: imports.join("\n") })
}

fn header(config: &Config) -> Vec<String> {
    let origin = if config.made_by_tool {
        format!("connection {} made by trigger-privatelink", config.name)
    } else {
        format!("the endpoint service on load balancer {}", config.name)
    };
    let mut lines = vec![
        format!("Exported by trigger-privatelink {} from {origin}, in {}.", env!("CARGO_PKG_VERSION"), config.region),
        "What AWS holds now; imports.tf adopts each resource without changing it.".into(),
    ];
    if config.load_balancer.is_none() {
        lines.push("The load balancer was yours before the connection (setup --nlb): it, its listeners and".into());
        lines.push("target groups stay with whoever manages them, and are named here by ARN only.".into());
    }
    lines
}

fn terraform_block() -> Block {
    let key = |name: &str| ObjectKey::Identifier(hcl::Identifier::sanitized(name));
    let aws: Object<ObjectKey, Expression> =
        [(key("source"), Expression::from("hashicorp/aws")), (key("version"), Expression::from(AWS_PROVIDER_VERSION))]
            .into_iter()
            .collect();
    Block::builder("terraform")
        .add_attribute(("required_version", TERRAFORM_VERSION))
        .add_block(Block::builder("required_providers").add_attribute(("aws", Expression::from(aws))).build())
        .build()
}

fn target_group(group: &TargetGroup) -> Item {
    let check = &group.health_check;
    let mut health = Block::builder("health_check").add_attribute(("enabled", check.enabled));
    for (key, value) in [("protocol", &check.protocol), ("port", &check.port), ("path", &check.path), ("matcher", &check.matcher)] {
        if let Some(value) = value {
            health = health.add_attribute((key, value.as_str()));
        }
    }
    for (key, value) in [
        ("interval", check.interval),
        ("timeout", check.timeout),
        ("healthy_threshold", check.healthy_threshold),
        ("unhealthy_threshold", check.unhealthy_threshold),
    ] {
        if let Some(value) = value {
            health = health.add_attribute((key, i64::from(value)));
        }
    }
    let body = declare(TARGET_GROUP, &group.label)
        .add_attribute(("name", group.name.as_str()))
        .add_attribute(("port", i64::from(group.port)))
        .add_attribute(("protocol", group.protocol.as_str()))
        .add_attribute(("target_type", group.target_type.as_str()))
        .add_attribute(("vpc_id", group.vpc_id.as_str()))
        .add_block(health.build())
        .add_attribute(("tags", tags(&group.tags)));
    resource(TARGET_GROUP, &group.label, &group.arn, targets_comment(group), body)
}

/// Why the registered targets are not `aws_lb_target_group_attachment` resources.
fn targets_comment(group: &TargetGroup) -> Vec<String> {
    let targets = if group.targets.is_empty() { "none".to_string() } else { group.targets.join(", ") };
    let mut lines = vec![format!("Registered targets: {targets}.")];
    match &group.synced_from {
        Some(resource) => lines.extend([
            format!("They follow {resource} through `trigger-privatelink sync-targets`, which"),
            "re-registers them after a failover; they are left out of Terraform on purpose, so".into(),
            "the two never undo each other's registrations. Keep running sync-targets.".into(),
        ]),
        None => lines.extend([
            "They are left out: aws_lb_target_group_attachment can be imported only in provider".into(),
            format!("versions newer than this output needs ({AWS_PROVIDER_VERSION}). Add attachments if Terraform"),
            "should own them; until then Terraform leaves the registrations as they are.".into(),
        ]),
    }
    lines
}

fn load_balancer(lb: &LoadBalancer) -> Item {
    let groups: Vec<Expression> = lb.security_groups.iter().map(|g| reference(g, SECURITY_GROUP, "id")).collect();
    let mut body = declare(LOAD_BALANCER, &lb.label)
        .add_attribute(("name", lb.name.as_str()))
        .add_attribute(("internal", lb.internal))
        .add_attribute(("load_balancer_type", "network"))
        .add_attribute(("subnets", lb.subnets.clone()))
        .add_attribute(("security_groups", groups));
    if let Some(enforcement) = &lb.enforcement {
        body = body.add_attribute(("enforce_security_group_inbound_rules_on_private_link_traffic", enforcement.as_str()));
    }
    let body = body.add_attribute(("enable_cross_zone_load_balancing", lb.cross_zone)).add_attribute(("tags", tags(&lb.tags)));
    let comment = vec![
        "Trigger.dev's traffic arrives through PrivateLink: with enforcement \"on\" the NLB's".into(),
        "security groups would have to admit its clients' addresses, which are not published.".into(),
    ];
    resource(LOAD_BALANCER, &lb.label, &lb.arn, comment, body)
}

fn listener(listener: &Listener, lb: &LoadBalancer) -> Item {
    let forward = Block::builder("default_action")
        .add_attribute(("type", "forward"))
        .add_attribute(("target_group_arn", reference(&listener.target_group, TARGET_GROUP, "arn")))
        .build();
    let body = declare(LISTENER, &listener.label)
        .add_attribute(("load_balancer_arn", reference(&Ref::Declared(lb.label.clone()), LOAD_BALANCER, "arn")))
        .add_attribute(("port", i64::from(listener.port)))
        .add_attribute(("protocol", listener.protocol.as_str()))
        .add_block(forward)
        .add_attribute(("tags", tags(&listener.tags)));
    resource(LISTENER, &listener.label, &listener.arn, vec![], body)
}

fn ingress_rule(rule: &IngressRule) -> Item {
    let mut body = declare(INGRESS_RULE, &rule.label)
        .add_attribute(("security_group_id", reference(&rule.group, SECURITY_GROUP, "id")))
        .add_attribute(("ip_protocol", rule.protocol.as_str()))
        .add_attribute(("from_port", i64::from(rule.from_port)))
        .add_attribute(("to_port", i64::from(rule.to_port)));
    body = match &rule.source {
        Source::Cidr(cidr) => body.add_attribute(("cidr_ipv4", cidr.as_str())),
        Source::Group(group) => body.add_attribute(("referenced_security_group_id", reference(group, SECURITY_GROUP, "id"))),
    };
    if let Some(description) = &rule.description {
        body = body.add_attribute(("description", description.as_str()));
    }
    let comment = match &rule.group {
        Ref::Literal(id) => vec![format!("A rule the tool added to {id}, which stays yours: only the rule is here.")],
        Ref::Declared(_) => vec![],
    };
    resource(INGRESS_RULE, &rule.label, &rule.id, comment, body)
}

fn endpoint_service(service: &EndpointService) -> Item {
    let mut body = declare(ENDPOINT_SERVICE, &service.label)
        .add_attribute(("acceptance_required", service.acceptance_required))
        .add_attribute((
            "network_load_balancer_arns",
            service.load_balancers.iter().map(|lb| reference(lb, LOAD_BALANCER, "arn")).collect::<Vec<_>>(),
        ))
        .add_attribute(("allowed_principals", service.allowed_principals.clone()))
        .add_attribute(("supported_regions", service.supported_regions.clone()));
    if let Some(name) = &service.private_dns_name {
        body = body.add_attribute(("private_dns_name", name.as_str()));
    }
    body = body.add_attribute(("tags", tags(&service.tags)));
    let comment = vec![format!("The name for the Trigger.dev dashboard: {ENDPOINT_SERVICE}.{}.service_name.", service.label)];
    resource(ENDPOINT_SERVICE, &service.label, &service.id, comment, body)
}

/// `resource "<kind>" "<label>" {`
fn declare(kind: &str, label: &str) -> hcl::BlockBuilder {
    Block::builder("resource").add_label(kind).add_label(label)
}

/// A resource's block with its import.
fn resource(kind: &str, label: &str, id: &str, comment: Vec<String>, body: hcl::BlockBuilder) -> Item {
    let block = body.build();
    let to = Traversal::builder(Variable::unchecked(kind)).attr(label).build();
    Item { comment, block, import: Some((to, id.to_string())) }
}

/// `kind.label.attribute` for a declared resource; the literal ID otherwise.
fn reference(target: &Ref, kind: &str, attribute: &str) -> Expression {
    match target {
        Ref::Declared(label) => Traversal::builder(Variable::unchecked(kind)).attr(label.as_str()).attr(attribute).build().into(),
        Ref::Literal(id) => id.as_str().into(),
    }
}

fn tags(tags: &Tags) -> Expression {
    let object: Object<ObjectKey, Expression> =
        tags.iter().map(|(k, v)| (ObjectKey::Expression(Expression::from(k.as_str())), Expression::from(v.as_str()))).collect();
    object.into()
}

fn format_item(comment: &[String], block: Block) -> anyhow::Result<String> {
    let mut out: String = comment.iter().map(|line| format!("# {line}\n")).collect();
    out.push_str(&hcl::format::to_string(&Body::builder().add_block(block).build())?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::{Config, EndpointService, HealthCheck, LoadBalancer, Ref, Tags, TargetGroup};
    use super::render;

    fn config(tag_value: &str) -> Config {
        let tags: Tags = [("owner".to_string(), tag_value.to_string())].into_iter().collect();
        Config {
            name: "orders".into(),
            region: "us-east-1".into(),
            made_by_tool: true,
            target_groups: vec![TargetGroup {
                label: "orders_5432".into(),
                arn: "arn:tg".into(),
                name: "tpl-orders-tg".into(),
                port: 5432,
                protocol: "TCP".into(),
                target_type: "ip".into(),
                vpc_id: "vpc-1".into(),
                health_check: HealthCheck { enabled: true, ..Default::default() },
                tags: tags.clone(),
                targets: vec!["10.0.1.4:5432".into()],
                synced_from: None,
            }],
            load_balancer: Some(LoadBalancer {
                label: "orders".into(),
                arn: "arn:lb".into(),
                name: "tpl-orders-nlb".into(),
                internal: true,
                subnets: vec!["subnet-1".into()],
                security_groups: vec![Ref::Literal("sg-1".into())],
                enforcement: Some("off".into()),
                cross_zone: true,
                tags: tags.clone(),
            }),
            listeners: vec![],
            security_group: None,
            ingress_rules: vec![],
            service: Some(EndpointService {
                label: "orders".into(),
                id: "vpce-svc-1".into(),
                acceptance_required: false,
                load_balancers: vec![Ref::Declared("orders".into())],
                allowed_principals: vec!["arn:aws:iam::210987654321:root".into()],
                supported_regions: vec!["us-east-1".into()],
                private_dns_name: None,
                tags,
            }),
        }
    }

    #[test]
    fn a_value_that_looks_like_interpolation_stays_a_literal() {
        let files = render(&config("team-${var.x} \"quoted\"")).unwrap();
        assert!(files.main_tf.contains(r#""owner" = "team-$${var.x} \"quoted\"""#), "{}", files.main_tf);
        hcl::parse(&files.main_tf).unwrap();
        hcl::parse(&files.imports_tf).unwrap();
    }

    #[test]
    fn references_and_imports_follow_the_labels() {
        let files = render(&config("x")).unwrap();
        assert!(files.main_tf.contains("aws_lb.orders.arn"), "{}", files.main_tf);
        assert!(files.imports_tf.contains("to = aws_vpc_endpoint_service.orders\n  id = \"vpce-svc-1\""), "{}", files.imports_tf);
        assert!(files.main_tf.contains("# They are left out"), "hand-typed targets say why they are not attachments");
        assert_eq!(render(&config("x")).unwrap(), files, "the same connection renders the same bytes");
    }
}

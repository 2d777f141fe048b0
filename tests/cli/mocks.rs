//! States no emulator run can be made to show on demand, with aws-smithy-mocks: the
//! enforcement read-back that does not take, an NLB that fails to provision, and the
//! wait loop's sequence of states.

use std::time::{Duration, Instant};

use aws_sdk_elasticloadbalancingv2::operation::describe_load_balancers::DescribeLoadBalancersOutput;
use aws_sdk_elasticloadbalancingv2::operation::set_security_groups::SetSecurityGroupsOutput;
use aws_sdk_elasticloadbalancingv2::types::{LoadBalancer, LoadBalancerState, LoadBalancerStateEnum};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use trigger_privatelink::aws::Aws;
use trigger_privatelink::connection::load_balancer;
use trigger_privatelink::plan::{self, Action, Id, Outcome, Plan};
use trigger_privatelink::ui::{self, ColorChoice, OutputFormat, Ui};

const ARN: &str = "arn:aws:elasticloadbalancing:us-east-1:111122223333:loadbalancer/net/tpl-db-nlb/0123456789abcdef";

fn aws_with_elb(elb: aws_sdk_elasticloadbalancingv2::Client) -> Aws {
    let region = aws_sdk_ec2::config::Region::new("us-east-1");
    Aws {
        ec2: aws_sdk_ec2::Client::from_conf(aws_sdk_ec2::Config::builder().behavior_version_latest().region(region.clone()).build()),
        elb,
        rds: aws_sdk_rds::Client::from_conf(aws_sdk_rds::Config::builder().behavior_version_latest().region(region.clone()).build()),
        elasticache: aws_sdk_elasticache::Client::from_conf(
            aws_sdk_elasticache::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        redshift: aws_sdk_redshift::Client::from_conf(
            aws_sdk_redshift::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        mq: aws_sdk_mq::Client::from_conf(aws_sdk_mq::Config::builder().behavior_version_latest().region(region.clone()).build()),
        lambda: aws_sdk_lambda::Client::from_conf(
            aws_sdk_lambda::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        events: aws_sdk_eventbridge::Client::from_conf(
            aws_sdk_eventbridge::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        logs: aws_sdk_cloudwatchlogs::Client::from_conf(
            aws_sdk_cloudwatchlogs::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        cloudwatch: aws_sdk_cloudwatch::Client::from_conf(
            aws_sdk_cloudwatch::Config::builder().behavior_version_latest().region(region.clone()).build(),
        ),
        sns: aws_sdk_sns::Client::from_conf(aws_sdk_sns::Config::builder().behavior_version_latest().region(region.clone()).build()),
        sts: aws_sdk_sts::Client::from_conf(aws_sdk_sts::Config::builder().behavior_version_latest().region(region.clone()).build()),
        iam: aws_sdk_iam::Client::from_conf(aws_sdk_iam::Config::builder().behavior_version_latest().region(region.clone()).build()),
        tagging: aws_sdk_resourcegroupstagging::Client::from_conf(
            aws_sdk_resourcegroupstagging::Config::builder().behavior_version_latest().region(region).build(),
        ),
        region: "us-east-1".into(),
        local_endpoint: true,
    }
}

fn quiet_ui() -> Ui {
    Ui::new(ui::Options { output: OutputFormat::Human, quiet: true, verbose: 0, no_input: true, yes: false, color: ColorChoice::Never })
}

fn nlb(state: LoadBalancerStateEnum, enforcement: Option<&str>, groups: &[&str]) -> LoadBalancer {
    LoadBalancer::builder()
        .load_balancer_arn(ARN)
        .state(LoadBalancerState::builder().code(state).reason("subnet capacity").build())
        .set_enforce_security_group_inbound_rules_on_private_link_traffic(enforcement.map(str::to_string))
        .set_security_groups(Some(groups.iter().map(|g| g.to_string()).collect()))
        .build()
}

/// Enforcement turned off through the plan, as every command does it.
async fn disable_enforcement(aws: &Aws, lb: &LoadBalancer) -> anyhow::Result<Outcome> {
    let arn = Id::from(ARN);
    let plan = Plan { steps: vec![load_balancer::plan_enforcement(Some(lb), &arn, &arn)] };
    Ok(plan::execute(aws, &quiet_ui(), &plan, Duration::from_secs(5)).await?.remove(0))
}

fn describe_returns(lb: LoadBalancer) -> aws_smithy_mocks::Rule {
    mock!(aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers)
        .then_output(move || DescribeLoadBalancersOutput::builder().load_balancers(lb.clone()).build())
}

#[tokio::test]
async fn enforcement_is_turned_off_and_read_back() {
    let set = mock!(aws_sdk_elasticloadbalancingv2::Client::set_security_groups)
        .match_requests(|req| {
            req.enforce_security_group_inbound_rules_on_private_link_traffic().map(|e| e.as_str()) == Some("off")
                && req.security_groups() == ["sg-0abc"]
        })
        .then_output(|| SetSecurityGroupsOutput::builder().build());
    let read_back = describe_returns(nlb(LoadBalancerStateEnum::Active, Some("off"), &["sg-0abc"]));
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::Sequential, [&set, &read_back]);
    let aws = aws_with_elb(elb);
    let change = disable_enforcement(&aws, &nlb(LoadBalancerStateEnum::Active, Some("on"), &["sg-0abc"])).await.unwrap();
    assert_eq!(change.action, Action::Updated);
    assert_eq!(set.num_calls(), 1);
    assert_eq!(read_back.num_calls(), 1);
}

#[tokio::test]
async fn enforcement_that_reads_back_on_is_an_error() {
    let set = mock!(aws_sdk_elasticloadbalancingv2::Client::set_security_groups).then_output(|| SetSecurityGroupsOutput::builder().build());
    let read_back = describe_returns(nlb(LoadBalancerStateEnum::Active, Some("on"), &["sg-0abc"]));
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::Sequential, [&set, &read_back]);
    let err = disable_enforcement(&aws_with_elb(elb), &nlb(LoadBalancerStateEnum::Active, Some("on"), &["sg-0abc"])).await.unwrap_err();
    assert!(format!("{err:#}").contains("reads back as on"), "{err:#}");
}

#[tokio::test]
async fn enforcement_already_off_or_without_groups_makes_no_call() {
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::Sequential, &[]);
    let aws = aws_with_elb(elb);
    let off = disable_enforcement(&aws, &nlb(LoadBalancerStateEnum::Active, Some("off"), &["sg-0abc"])).await.unwrap();
    assert_eq!(off.action, Action::Exists);
    let none = disable_enforcement(&aws, &nlb(LoadBalancerStateEnum::Active, None, &[])).await.unwrap();
    assert_eq!(none.action, Action::Exists);
    assert_eq!(none.details, ["no security group: enforcement does not apply"]);
}

#[tokio::test]
async fn wait_polls_through_provisioning_with_a_short_backoff() {
    let states = mock!(aws_sdk_elasticloadbalancingv2::Client::describe_load_balancers)
        .sequence()
        .output(|| DescribeLoadBalancersOutput::builder().load_balancers(nlb(LoadBalancerStateEnum::Provisioning, None, &[])).build())
        .times(3)
        .output(|| DescribeLoadBalancersOutput::builder().load_balancers(nlb(LoadBalancerStateEnum::Active, None, &[])).build())
        .build();
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::Sequential, [&states]);
    let started = Instant::now();
    load_balancer::wait_active(&aws_with_elb(elb), &quiet_ui(), ARN, Duration::from_secs(30)).await.unwrap();
    assert_eq!(states.num_calls(), 4);
    // 0.25 + 0.5 + 1 s of backoff, far below the SDK waiter's 15 s minimum.
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(1700) && waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test]
async fn wait_stops_at_a_failed_load_balancer() {
    let failed = describe_returns(nlb(LoadBalancerStateEnum::Failed, None, &[]));
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::Sequential, [&failed]);
    let err = load_balancer::wait_active(&aws_with_elb(elb), &quiet_ui(), ARN, Duration::from_secs(30)).await.unwrap_err();
    assert!(err.to_string().contains("failed to provision: subnet capacity"), "{err}");
}

#[tokio::test]
async fn wait_gives_up_at_the_timeout() {
    let stuck = describe_returns(nlb(LoadBalancerStateEnum::Provisioning, None, &[]));
    let elb = mock_client!(aws_sdk_elasticloadbalancingv2, RuleMode::MatchAny, [&stuck]);
    let err = load_balancer::wait_active(&aws_with_elb(elb), &quiet_ui(), ARN, Duration::from_millis(600)).await.unwrap_err();
    assert!(err.to_string().contains("still provisioning"), "{err}");
    assert!(stuck.num_calls() >= 2, "polled {} times", stuck.num_calls());
}

//! The AWS side: one context holding every service client, built once per run from
//! the global flags and aws-config's usual chain; plus how AWS failures are reported.

mod call;
mod log;
pub mod poll;
mod settings;
mod slow;

pub use call::{AwsCallError, CallExt};

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};

use crate::error::usage;

/// How long one call may take, all its attempts included, unless --call-timeout says
/// otherwise: an endpoint that accepts and never answers ends the run in this time.
pub const DEFAULT_CALL_TIMEOUT_SECONDS: u64 = 90;

/// Which account, region and endpoint to talk to (each `None`: aws-config's chain).
#[derive(Debug, Clone)]
pub struct Options {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// 1: a line per AWS call; 2: with its request ID.
    pub verbose: u8,
    /// The longest one call may take, retries included.
    pub call_timeout: Duration,
    /// Nothing but errors on stderr (no notice of a slow call).
    pub quiet: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            profile: None,
            region: None,
            endpoint_url: None,
            verbose: 0,
            call_timeout: Duration::from_secs(DEFAULT_CALL_TIMEOUT_SECONDS),
            quiet: false,
        }
    }
}

/// The largest page each listing takes, so that a region's listing is one call: ELB's
/// `PageSize` is 1 to 400 (DescribeLoadBalancers, DescribeTargetGroups), EC2's
/// `MaxResults` up to 1,000 (DescribeVpcEndpointConnections,
/// DescribeVpcEndpointServiceConfigurations); a smaller default made a second, dependent
/// call from the 51st load balancer on.
pub const ELB_PAGE: i32 = 400;
pub const EC2_PAGE: i32 = 1000;

/// Every client the tool uses, sharing one configuration.
#[derive(Clone, Debug)]
pub struct Aws {
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub redshift: aws_sdk_redshift::Client,
    pub mq: aws_sdk_mq::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub events: aws_sdk_eventbridge::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub sns: aws_sdk_sns::Client,
    pub sts: aws_sdk_sts::Client,
    pub iam: aws_sdk_iam::Client,
    /// The Resource Groups Tagging API: a connection's target groups with their tags in one call.
    pub tagging: aws_sdk_resourcegroupstagging::Client,
    pub region: String,
    /// The endpoint URL points at this machine (an emulator), so resource DNS names
    /// resolve to nothing useful and are not looked up.
    pub local_endpoint: bool,
}

impl Aws {
    pub async fn connect(global: &Options) -> anyhow::Result<Self> {
        // Read and checked here, so that aws-config never meets a value it panics on.
        let settings = settings::Settings::read(global.profile.as_deref())?;
        // Each attempt gets a third of the call's time, so a silent endpoint is tried
        // more than once before the call gives up.
        let timeouts = TimeoutConfig::builder()
            .connect_timeout(Duration::from_secs(5).min(global.call_timeout))
            .operation_attempt_timeout(global.call_timeout / 3)
            .operation_timeout(global.call_timeout)
            .build();
        let retries = RetryConfig::standard().with_max_attempts(settings.max_attempts).with_retry_mode(settings.retry_mode);
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(timeouts).retry_config(retries);
        if let Some((profile, _)) = &settings.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &global.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &global.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let region = config
            .region()
            .map(|region| region.to_string())
            .ok_or_else(|| usage("no AWS region: pass --region, set AWS_REGION, or set a region in the profile"))?;
        settings::check_region(&region, &settings.region_source(global.region.as_deref(), &region))?;
        let endpoint = global.endpoint_url.clone().or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
        if global.verbose > 0 {
            let profile = settings.profile.as_ref().map_or("default", |(name, _)| name.as_str());
            crate::ui::debug_line(&format!("profile {profile}, region {region}"));
            crate::ui::debug_line(&format!("endpoint {}", endpoint.as_deref().unwrap_or("AWS")));
            crate::ui::debug_line(&format!("credentials from {}", credential_source(global)));
        }
        let log = (global.verbose > 0).then_some(log::CallLog { request_ids: global.verbose > 1 });
        let slow = slow::SlowCallNotice::new(global.call_timeout, global.quiet);
        // Each client, with the slow-call notice, and the call log when -v asked for it.
        macro_rules! client {
            ($sdk:ident) => {{
                let mut builder = $sdk::config::Builder::from(&config).interceptor(slow.clone());
                if let Some(log) = log {
                    builder = builder.interceptor(log);
                }
                $sdk::Client::from_conf(builder.build())
            }};
        }
        Ok(Self {
            ec2: client!(aws_sdk_ec2),
            elb: client!(aws_sdk_elasticloadbalancingv2),
            rds: client!(aws_sdk_rds),
            elasticache: client!(aws_sdk_elasticache),
            redshift: client!(aws_sdk_redshift),
            mq: client!(aws_sdk_mq),
            lambda: client!(aws_sdk_lambda),
            events: client!(aws_sdk_eventbridge),
            logs: client!(aws_sdk_cloudwatchlogs),
            cloudwatch: client!(aws_sdk_cloudwatch),
            sns: client!(aws_sdk_sns),
            sts: client!(aws_sdk_sts),
            iam: client!(aws_sdk_iam),
            tagging: client!(aws_sdk_resourcegroupstagging),
            region,
            local_endpoint: endpoint.as_deref().is_some_and(is_loopback_url),
        })
    }
}

/// Where the credentials come from, by the chain's first link that has them; never
/// the credentials themselves.
fn credential_source(global: &Options) -> &'static str {
    if std::env::var_os("AWS_ACCESS_KEY_ID").is_some() {
        "the environment (AWS_ACCESS_KEY_ID)"
    } else if global.profile.is_some() || std::env::var_os("AWS_PROFILE").is_some() {
        "the profile (SSO, process, keys or role)"
    } else if std::env::var_os("AWS_WEB_IDENTITY_TOKEN_FILE").is_some() {
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)"
    } else {
        "the default chain (default profile, container or instance role)"
    }
}

fn is_loopback_url(url: &str) -> bool {
    let host = url.split("://").nth(1).unwrap_or(url).split(['/', ':']).next().unwrap_or("");
    host == "localhost" || host.starts_with("127.") || url.contains("[::1]")
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_urls() {
        assert!(super::is_loopback_url("http://127.0.0.1:5000"));
        assert!(super::is_loopback_url("http://localhost:4566/"));
        assert!(super::is_loopback_url("http://[::1]:4566"));
        assert!(!super::is_loopback_url("https://ec2.us-east-1.amazonaws.com"));
    }
}

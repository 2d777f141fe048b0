//! The AWS side: one context holding every service client, built once per run from
//! the global flags and aws-config's usual chain; plus how AWS failures are reported.

mod call;
pub mod poll;

pub use call::{AwsCallError, CallExt};

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};

use crate::error::usage;

/// Attempts per call (the first and retries) unless AWS_MAX_ATTEMPTS or the profile says otherwise.
const DEFAULT_MAX_ATTEMPTS: u32 = 4;

/// Which account, region and endpoint to talk to (each `None`: aws-config's chain).
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
}

/// Every client the tool uses, sharing one configuration.
#[derive(Clone, Debug)]
pub struct Aws {
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub sts: aws_sdk_sts::Client,
    pub region: String,
    /// The endpoint URL points at this machine (an emulator), so resource DNS names
    /// resolve to nothing useful and are not looked up.
    pub local_endpoint: bool,
}

impl Aws {
    pub async fn connect(global: &Options) -> anyhow::Result<Self> {
        let mut loader = aws_config::defaults(BehaviorVersion::latest()).timeout_config(
            TimeoutConfig::builder().connect_timeout(Duration::from_secs(5)).operation_attempt_timeout(Duration::from_secs(60)).build(),
        );
        if std::env::var_os("AWS_MAX_ATTEMPTS").is_none() {
            loader = loader.retry_config(RetryConfig::standard().with_max_attempts(DEFAULT_MAX_ATTEMPTS));
        }
        if let Some(profile) = &global.profile {
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
        let endpoint = global.endpoint_url.clone().or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
        Ok(Self {
            ec2: aws_sdk_ec2::Client::new(&config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            sts: aws_sdk_sts::Client::new(&config),
            region,
            local_endpoint: endpoint.as_deref().is_some_and(is_loopback_url),
        })
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

//! The AWS side: one context holding every service client, built once per run from
//! the global flags and aws-config's usual chain; plus how AWS failures are reported.

mod call;
mod log;
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
    /// 1: a line per AWS call; 2: with its request ID.
    pub verbose: u8,
}

/// Every client the tool uses, sharing one configuration.
#[derive(Clone, Debug)]
pub struct Aws {
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub redshift: aws_sdk_redshift::Client,
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
            check_profile(profile)?;
            loader = loader.profile_name(profile);
        } else if let Ok(profile) = std::env::var("AWS_PROFILE") {
            check_profile(&profile)?;
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
        if global.verbose > 0 {
            let profile = global.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok()).unwrap_or_else(|| "default".into());
            crate::ui::debug_line(&format!("profile {profile}, region {region}"));
            crate::ui::debug_line(&format!("endpoint {}", endpoint.as_deref().unwrap_or("AWS")));
            crate::ui::debug_line(&format!("credentials from {}", credential_source(global)));
        }
        let log = (global.verbose > 0).then_some(log::CallLog { request_ids: global.verbose > 1 });
        // Each client, with the call log when -v asked for it.
        macro_rules! client {
            ($sdk:ident) => {{
                let mut builder = $sdk::config::Builder::from(&config);
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
            sts: client!(aws_sdk_sts),
            region,
            local_endpoint: endpoint.as_deref().is_some_and(is_loopback_url),
        })
    }
}

/// The profiles in the shared config and credentials files (`[profile x]`, `[x]`).
fn known_profiles() -> std::collections::BTreeSet<String> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from).unwrap_or_default();
    let config = std::env::var_os("AWS_CONFIG_FILE").map_or_else(|| home.join(".aws/config"), Into::into);
    let credentials = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE").map_or_else(|| home.join(".aws/credentials"), Into::into);
    let mut names = std::collections::BTreeSet::new();
    for (file, prefixed) in [(config, true), (credentials, false)] {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for line in text.lines().map(str::trim) {
            let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')).map(str::trim) else { continue };
            let name = if prefixed {
                section.strip_prefix("profile ").map(str::trim).or((section == "default").then_some(section))
            } else {
                Some(section)
            };
            names.extend(name.map(str::to_string));
        }
    }
    names
}

/// A profile that is in neither file is a typo or a missing `aws configure`: say so,
/// with the profiles there are, rather than the SDK's long credential-chain error.
fn check_profile(profile: &str) -> anyhow::Result<()> {
    let known = known_profiles();
    if known.contains(profile) {
        return Ok(());
    }
    let hint = crate::suggest::did_you_mean(profile, known.iter().map(String::as_str));
    let hint = if known.is_empty() { "; no profile is configured (run `aws configure --profile NAME`)".to_string() } else { hint };
    Err(usage(format!("profile '{profile}' does not exist in the AWS config or credentials file{hint}")))
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

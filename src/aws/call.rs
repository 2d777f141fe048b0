//! One error type for every failed AWS call, carrying the operation and AWS's error
//! code, and the hint that says what to do next. Hints live here, in one place.

use std::fmt;

use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

#[derive(Debug)]
pub struct AwsCallError {
    /// `service:Operation`, as IAM names it.
    pub operation: &'static str,
    pub code: Option<String>,
    pub message: Option<String>,
    /// The SDK's whole error chain, for failures without an AWS error code.
    pub detail: String,
    pub reached_aws: bool,
    /// The HTTP status of AWS's answer, when there was one.
    pub status: Option<u16>,
}

impl fmt::Display for AwsCallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.code, &self.message) {
            (Some(code), Some(message)) => write!(f, "{} failed: {code}: {message}", self.operation),
            (Some(code), None) => write!(f, "{} failed: {code}", self.operation),
            _ if self.is_credentials() => write!(f, "{} failed: no usable AWS credentials: {}", self.operation, self.detail),
            _ if !self.reached_aws => write!(f, "{} failed: could not reach AWS: {}", self.operation, self.detail),
            _ => write!(f, "{} failed: {}", self.operation, self.detail),
        }
    }
}

impl std::error::Error for AwsCallError {}

impl AwsCallError {
    /// A failure on this side, before or after the call (no AWS error code).
    pub fn local(operation: &'static str, detail: String) -> Self {
        Self { operation, code: None, message: None, detail, reached_aws: true, status: None }
    }

    /// AWS's error code, if AWS answered with one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The call never left: the SDK found no credentials to sign it with.
    pub fn is_credentials(&self) -> bool {
        self.code.is_none() && self.detail.contains("credential")
    }

    pub fn is(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// The action an access-denied message names ("... is not authorized to perform: ec2:CreateTags ...").
    fn denied_action(&self) -> Option<&str> {
        let after = self.message.as_deref()?.split("not authorized to perform: ").nth(1)?;
        after.split_whitespace().next().map(|a| a.trim_end_matches([',', '.']))
    }

    /// What the user should do next, when we know.
    pub fn hint(&self) -> Option<String> {
        let action = self.operation;
        if self.is_credentials() {
            return Some("no usable AWS credentials: set AWS_PROFILE (or --profile), run `aws configure`, or `aws sso login`".into());
        }
        if !self.reached_aws && self.detail.starts_with("no answer from") {
            return Some(
                "the endpoint took the connection but did not answer: check --endpoint-url / AWS_ENDPOINT_URL and any proxy; if it is only slow, raise --call-timeout; every step can be run again safely".into(),
            );
        }
        if !self.reached_aws {
            return Some("check the network, any proxy, and --endpoint-url / AWS_ENDPOINT_URL; every step can be run again safely".into());
        }
        if self.code.is_none() && self.status.is_some_and(|s| s >= 500) {
            return Some("AWS (or whatever answers at the endpoint) failed on its side: run the same command again in a minute; if it persists, check --endpoint-url and any proxy".into());
        }
        let code = self.code.as_deref()?;
        let hint = match code {
            "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" | "AuthFailure" => {
                // AWS names the action it denied, which can differ from the call: tags
                // given at create time are authorized as ec2:CreateTags / elasticloadbalancing:AddTags.
                let denied = self.denied_action().unwrap_or(action);
                format!("the credentials in use may not call {denied}; allow it in IAM for this role or user")
            }
            "ExpiredToken" | "ExpiredTokenException" | "RequestExpired" => {
                "the credentials have expired: refresh them (for SSO: `aws sso login --profile <profile>`)".into()
            }
            "InvalidClientTokenId" | "SignatureDoesNotMatch" | "UnrecognizedClientException" => {
                "the credentials are not valid: check AWS_PROFILE / AWS_ACCESS_KEY_ID and the region".into()
            }
            "Throttling" | "ThrottlingException" | "RequestLimitExceeded" => {
                "AWS is rate-limiting this account: wait a minute and run the same command again; it picks up where it stopped".into()
            }
            "TooManyLoadBalancers"
            | "TooManyTargetGroups"
            | "TooManyListeners"
            | "ResourceLimitExceeded"
            | "RulesPerSecurityGroupLimitExceeded" => {
                "an account quota is reached: delete unused resources or ask for more in the Service Quotas console".into()
            }
            "DuplicateTargetGroupName" | "DuplicateLoadBalancerName" | "InvalidGroup.Duplicate" => {
                "a resource with this name exists but does not carry this connection's tags: choose another --name or delete it".into()
            }
            "ResourceInUse" | "DependencyViolation" => "another resource still uses this one: remove that first".into(),
            _ => return None,
        };
        Some(hint)
    }
}

/// The error's causes on one line, without the Debug dump the SDK's own display adds.
fn cause_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cause = Some(err);
    while let Some(current) = cause {
        let text = current.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        cause = current.source();
    }
    // Some SDK messages span lines (the credential chain lists every provider).
    parts.join(": ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Turn any SDK result into one carrying an [`AwsCallError`] named after the operation.
pub trait CallExt<T> {
    fn call(self, operation: &'static str) -> Result<T, AwsCallError>;
}

impl<T, E> CallExt<T> for Result<T, SdkError<E, HttpResponse>>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    fn call(self, operation: &'static str) -> Result<T, AwsCallError> {
        self.map_err(|err| {
            let reached_aws = matches!(err, SdkError::ServiceError(_) | SdkError::ResponseError(_));
            let status = err.raw_response().map(|r| r.status().as_u16());
            let detail = match (&err, status) {
                // The operation timeout (--call-timeout) or every attempt's ran out.
                (SdkError::TimeoutError(_), _) => {
                    let at = super::slow::endpoint_of(operation).unwrap_or_else(|| "the endpoint".into());
                    format!("no answer from {at} in time (--call-timeout)")
                }
                // A body that is no AWS error: a proxy's or a broken endpoint's page.
                (_, Some(status)) if err.code().is_none() && status >= 400 => {
                    let at = super::slow::endpoint_of(operation).map(|at| format!(" {at}")).unwrap_or_default();
                    format!("the endpoint{at} answered HTTP {status} without an AWS error in the body")
                }
                _ => cause_chain(&err),
            };
            AwsCallError {
                operation,
                code: err.code().map(str::to_string),
                message: err.message().map(str::to_string),
                detail,
                reached_aws,
                status,
            }
        })
    }
}

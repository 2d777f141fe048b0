//! `-v`: one line per AWS call (service, operation, duration, attempts); `-vv` adds
//! the request ID. Only these are read from a call: never its parameters, headers or
//! credentials, so nothing secret can reach the log.

use std::time::Instant;

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{BeforeSerializationInterceptorContextRef, FinalizerInterceptorContextRef};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::retries::RequestAttempts;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// When the call started, kept in the call's own config bag.
#[derive(Debug, Clone)]
struct Started(Instant);

impl Storable for Started {
    type Storer = StoreReplace<Self>;
}

#[derive(Debug, Clone, Copy)]
pub struct CallLog {
    pub request_ids: bool,
}

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "CallLog"
    }

    fn read_before_execution(&self, _: &BeforeSerializationInterceptorContextRef<'_>, cfg: &mut ConfigBag) -> Result<(), BoxError> {
        cfg.interceptor_state().store_put(Started(Instant::now()));
        Ok(())
    }

    fn read_after_execution(
        &self,
        context: &FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let operation = cfg.load::<Metadata>().map_or_else(|| "?:?".to_string(), |m| format!("{}:{}", iam_prefix(m.service()), m.name()));
        let took = cfg.load::<Started>().map_or(0.0, |s| s.0.elapsed().as_secs_f64() * 1000.0);
        let attempts = cfg.load::<RequestAttempts>().map_or(1, RequestAttempts::attempts);
        let outcome = match context.output_or_error() {
            Some(Ok(_)) => "ok",
            Some(Err(_)) | None => "failed",
        };
        let mut line = format!("aws {operation} {outcome} in {took:.0} ms, {attempts} attempt{}", if attempts == 1 { "" } else { "s" });
        if self.request_ids {
            let id = context
                .response()
                .and_then(|r| ["x-amzn-requestid", "x-amz-request-id", "x-amzn-request-id"].iter().find_map(|h| r.headers().get(*h)));
            line.push_str(&format!(", request {}", id.unwrap_or("-")));
        }
        crate::ui::debug_line(&line);
        Ok(())
    }
}

/// The service as IAM and this tool's errors name it: `elasticloadbalancing`, not
/// `Elastic Load Balancing v2`.
pub(super) fn iam_prefix(service: &str) -> String {
    match service {
        "Elastic Load Balancing v2" => "elasticloadbalancing".into(),
        other => other.to_ascii_lowercase().replace(' ', ""),
    }
}

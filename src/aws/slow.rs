//! A call that gets no answer is said on stderr while it waits: which call, on which
//! endpoint, for how long, and when it gives up (`--call-timeout`). Without this, an
//! endpoint that accepts and never answers left the terminal silent for minutes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// The first notice comes after this long without an answer (or half the call timeout).
const FIRST_NOTICE: Duration = Duration::from_secs(5);
/// Then one every this long.
const REPEAT_NOTICE: Duration = Duration::from_secs(15);

/// The endpoint each operation was last sent to (`ec2:DescribeVpcs` → `127.0.0.1:4566`),
/// so an error can name where the call went.
static ENDPOINTS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());

/// The host (and port) the operation, as IAM names it, was last sent to.
pub fn endpoint_of(operation: &str) -> Option<String> {
    ENDPOINTS.lock().ok()?.get(operation).cloned()
}

#[derive(Debug, Clone)]
pub struct SlowCallNotice {
    call_timeout: Duration,
    quiet: bool,
}

impl SlowCallNotice {
    pub fn new(call_timeout: Duration, quiet: bool) -> Self {
        Self { call_timeout, quiet }
    }
}

/// The watch over one call: `operation at host` once the request is made, and the
/// task that speaks up, stopped when the call ends or is dropped (a timeout drops it).
#[derive(Debug)]
struct Watch {
    call: Arc<Mutex<Option<String>>>,
    task: Option<tokio::task::AbortHandle>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

impl Storable for Watch {
    type Storer = StoreReplace<Self>;
}

fn operation(cfg: &ConfigBag) -> String {
    cfg.load::<Metadata>().map_or_else(|| "?:?".to_string(), |m| format!("{}:{}", super::log::iam_prefix(m.service()), m.name()))
}

impl Intercept for SlowCallNotice {
    fn name(&self) -> &'static str {
        "SlowCallNotice"
    }

    fn read_before_execution(&self, _: &BeforeSerializationInterceptorContextRef<'_>, cfg: &mut ConfigBag) -> Result<(), BoxError> {
        let call: Arc<Mutex<Option<String>>> = Arc::default();
        let task = match (self.quiet, tokio::runtime::Handle::try_current()) {
            (false, Ok(runtime)) => {
                let (call, limit) = (call.clone(), self.call_timeout);
                let started = Instant::now();
                let first = FIRST_NOTICE.min(limit / 2);
                Some(
                    runtime
                        .spawn(async move {
                            tokio::time::sleep(first).await;
                            loop {
                                let what = call.lock().ok().and_then(|c| c.clone()).unwrap_or_else(|| "an AWS call".into());
                                crate::ui::notice_line(&format!(
                                    "waiting for {what}: no answer for {} s (gives up after {} s; --call-timeout)",
                                    started.elapsed().as_secs(),
                                    limit.as_secs()
                                ));
                                tokio::time::sleep(REPEAT_NOTICE).await;
                            }
                        })
                        .abort_handle(),
                )
            }
            _ => None,
        };
        cfg.interceptor_state().store_put(Watch { call, task });
        Ok(())
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let uri = context.request().uri();
        let host = uri.split("://").nth(1).unwrap_or(uri).split(['/', '?']).next().unwrap_or_default().to_string();
        let operation = operation(cfg);
        if let Some(watch) = cfg.load::<Watch>()
            && let Ok(mut call) = watch.call.lock()
        {
            *call = Some(format!("{operation} at {host}"));
        }
        if let Ok(mut endpoints) = ENDPOINTS.lock() {
            endpoints.insert(operation, host);
        }
        Ok(())
    }

    fn read_after_execution(
        &self,
        _: &aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(task) = cfg.load::<Watch>().and_then(|w| w.task.as_ref()) {
            task.abort();
        }
        Ok(())
    }
}

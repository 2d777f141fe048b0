//! A call that gets no answer is said on stderr while it waits: which call, on which
//! endpoint, for how long, and when it gives up (`--call-timeout`). Without this, an
//! endpoint that accepts and never answers left the terminal silent for minutes.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::{
    BeforeSerializationInterceptorContextRef, BeforeTransmitInterceptorContextRef,
};
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::{ConfigBag, Storable, StoreReplace};

/// The first notice comes after an attempt has had no answer for this long (or a sixth
/// of the call timeout, half an attempt's).
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

/// The watch over one call: the task that speaks up while an attempt has had no answer,
/// started as each attempt is sent and stopped when it ends (or the call is dropped: a
/// timeout drops it). A refused connection fails at once and the retries' back-off is
/// no silence: only an attempt in flight is waited for.
#[derive(Debug)]
struct Watch {
    /// When the call began: what a notice counts from.
    started: Instant,
    task: Mutex<Option<tokio::task::AbortHandle>>,
}

impl Watch {
    fn stop(&self) {
        if let Some(task) = self.task.lock().ok().and_then(|mut t| t.take()) {
            task.abort();
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop();
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
        cfg.interceptor_state().store_put(Watch { started: Instant::now(), task: Mutex::new(None) });
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
        if let Ok(mut endpoints) = ENDPOINTS.lock() {
            endpoints.insert(operation.clone(), host.clone());
        }
        let (Some(watch), false, Ok(runtime)) = (cfg.load::<Watch>(), self.quiet, tokio::runtime::Handle::try_current()) else {
            return Ok(());
        };
        watch.stop();
        let (limit, started) = (self.call_timeout, watch.started);
        // Within an attempt (a third of the call's time, see `Aws::connect`), soon enough
        // to be seen before the attempt gives up.
        let first = FIRST_NOTICE.min(limit / 6);
        let task = runtime.spawn(async move {
            tokio::time::sleep(first).await;
            loop {
                crate::ui::notice_line(&format!(
                    "waiting for {operation} at {host}: no answer for {} s (gives up after {} s; --call-timeout)",
                    started.elapsed().as_secs(),
                    limit.as_secs()
                ));
                tokio::time::sleep(REPEAT_NOTICE).await;
            }
        });
        if let Ok(mut slot) = watch.task.lock() {
            *slot = Some(task.abort_handle());
        }
        Ok(())
    }

    fn read_after_attempt(
        &self,
        _: &aws_smithy_runtime_api::client::interceptors::context::FinalizerInterceptorContextRef<'_>,
        _: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(watch) = cfg.load::<Watch>() {
            watch.stop();
        }
        Ok(())
    }
}

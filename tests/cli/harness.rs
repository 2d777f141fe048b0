//! Test harness: the emulator's virtualenv and process, the real binary, and AWS
//! clients pointed at the emulator for seeding and for reading results back.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use aws_sdk_ec2::config::{BehaviorVersion, Credentials, Region};

pub const REGION: &str = "us-east-1";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The project-local virtualenv with the pinned emulator requirements, created on first
/// use. A file lock makes concurrent test processes wait for one installer.
pub fn venv_python() -> PathBuf {
    let venv = tests_dir().join(".venv");
    let python = venv.join("bin").join("python");
    let requirements = tests_dir().join("emulator").join("requirements.txt");
    let wanted = fs::read_to_string(&requirements).expect("tests/emulator/requirements.txt");
    let marker = venv.join("installed-requirements.txt");
    if fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        return python;
    }
    let lock = File::create(tests_dir().join(".venv.lock")).expect("create venv lock");
    lock.lock().expect("lock venv");
    if fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        let system_python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
        run_checked(Command::new(&system_python).args(["-m", "venv"]).arg(&venv), "create the emulator virtualenv");
        run_checked(
            Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&requirements),
            "install the emulator's pinned requirements",
        );
        fs::write(&marker, &wanted).expect("write venv marker");
    }
    python
}

fn run_checked(command: &mut Command, what: &str) {
    let output = command.output().unwrap_or_else(|err| panic!("could not {what}: {err}"));
    assert!(output.status.success(), "could not {what}:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// One emulator process on a free loopback port, killed when dropped.
pub struct Emulator {
    child: Child,
    pub url: String,
    addr: String,
}

/// Trigger.dev's interface endpoint, as its account sees it.
pub struct VendorEndpoint {
    pub id: String,
    pub state: String,
}

impl Emulator {
    /// No provisioning or registration delays: tests that want them set them.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    pub fn start_with(env: &[(&str, &str)]) -> Self {
        let defaults = [("EMULATOR_NLB_PROVISIONING_SECONDS", "0"), ("EMULATOR_TARGET_INITIAL_SECONDS", "0")];
        let python = venv_python();
        let mut child = Command::new(python)
            .arg(tests_dir().join("emulator").join("server.py"))
            .args(["--host", "127.0.0.1", "--port", "0"])
            .envs(defaults)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the emulator");
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().expect("emulator stdout")).read_line(&mut first_line).expect("read emulator port");
        let url = first_line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("emulator said {first_line:?}")).to_string();
        let addr = url.trim_start_matches("http://").to_string();
        Self { child, url, addr }
    }

    fn http(&self, method: &str, path: &str, body: &str) -> serde_json::Value {
        let mut stream = TcpStream::connect(&self.addr).expect("connect to emulator");
        write!(
            stream,
            "{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .expect("send control request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read control response");
        let json = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        serde_json::from_str(json).unwrap_or_else(|err| panic!("bad control response {response:?}: {err}"))
    }

    /// AWS calls received since the last reset, by `service:Operation`.
    pub fn requests(&self) -> BTreeMap<String, u64> {
        let log = self.http("GET", "/_emulator/requests", "");
        log["by_operation"].as_object().expect("by_operation").iter().map(|(k, v)| (k.clone(), v.as_u64().unwrap())).collect()
    }

    /// AWS calls since the last reset, in the order received.
    pub fn request_sequence(&self) -> Vec<String> {
        let log = self.http("GET", "/_emulator/requests", "");
        log["sequence"].as_array().expect("sequence").iter().map(|v| v.as_str().unwrap().to_string()).collect()
    }

    pub fn reset_requests(&self) {
        self.http("POST", "/_emulator/requests/reset", "");
    }

    /// Fail calls `nth` .. `nth + count - 1` of `operation` (`service:Operation`) with `code`.
    /// A fault with its own message (what AWS says with the code).
    pub fn fault_saying(&self, operation: &str, code: &str, message: &str) {
        let fault = serde_json::json!({"operation": operation, "nth": 1, "count": 1, "code": code, "message": message});
        self.http("POST", "/_emulator/faults", &fault.to_string());
    }

    pub fn fault(&self, operation: &str, nth: u32, count: u32, code: &str) {
        self.http(
            "POST",
            "/_emulator/faults",
            &serde_json::json!({"operation": operation, "nth": nth, "count": count, "code": code}).to_string(),
        );
    }

    /// Let calls `nth` .. `nth + count - 1` of `operation` take effect, then lose their
    /// answer (HTTP 500): what a retry meets after a timeout or a dropped connection.
    pub fn lose_answer(&self, operation: &str, nth: u32, count: u32) {
        let fault =
            serde_json::json!({"operation": operation, "nth": nth, "count": count, "code": "InternalFailure", "status": 500, "lost": true});
        self.http("POST", "/_emulator/faults", &fault.to_string());
    }

    /// Clears the emulator's whole state (moto's and the layer's), as a fresh start would.
    pub fn reset(&self) {
        self.http("POST", "/_emulator/reset", "");
    }

    pub fn clear_faults(&self) {
        self.http("POST", "/_emulator/faults/reset", "");
    }

    /// Put a load balancer or endpoint service in a state (see the emulator's /_emulator/state).
    pub fn set_state(&self, body: serde_json::Value) {
        self.http("POST", "/_emulator/state", &body.to_string());
    }

    /// Give the named database or cache node a new interface and IP; returns the new IP.
    pub fn failover(&self, name: &str) -> String {
        let moved = self.http("POST", "/_emulator/failover", &serde_json::json!({"name": name}).to_string());
        moved["new_address"].as_str().expect("new_address").to_string()
    }

    /// As `failover`, with what EventBridge did with the RDS event it sent
    /// (`deliveries`: each rule and function it ran, see the emulator's lambda_runtime.py).
    pub fn failover_answer(&self, name: &str) -> serde_json::Value {
        self.http("POST", "/_emulator/failover", &serde_json::json!({"name": name}).to_string())
    }

    /// A tick of the clock: every enabled scheduled rule invokes its functions once;
    /// what happened to each (`deliveries`).
    pub fn run_schedules(&self) -> serde_json::Value {
        self.http("POST", "/_emulator/schedules/run", "{}")
    }

    /// Play Trigger.dev: an interface endpoint from `account` to the service; returns its
    /// state as the vendor next sees it (AWS answers the create with `pending`).
    pub fn vendor_connect(&self, account: &str, service_name: &str) -> String {
        // use1-az6 is the provider's (moto's default account's) us-east-1a.
        self.vendor_connect_in(account, service_name, "use1-az6").unwrap().state
    }

    /// Trigger.dev's endpoint in a subnet of the given zone ID; the AWS error if refused.
    pub fn vendor_connect_in(&self, account: &str, service_name: &str, zone_id: &str) -> Result<VendorEndpoint, String> {
        let c = self.clients();
        let account: &'static str = Box::leak(account.to_string().into_boxed_str());
        c.block(async {
            let header = move |req: &mut aws_smithy_runtime_api::http::Request| {
                req.headers_mut().insert("x-moto-account-id", account);
            };
            let vpc = c.ec2.create_vpc().cidr_block("10.200.0.0/16").customize().mutate_request(header).send().await.unwrap();
            let vpc_id = vpc.vpc().unwrap().vpc_id().unwrap().to_string();
            let subnet = c
                .ec2
                .create_subnet()
                .vpc_id(&vpc_id)
                .cidr_block("10.200.1.0/24")
                .availability_zone_id(zone_id)
                .customize()
                .mutate_request(header)
                .send()
                .await
                .unwrap();
            let endpoint = c
                .ec2
                .create_vpc_endpoint()
                .vpc_endpoint_type(aws_sdk_ec2::types::VpcEndpointType::Interface)
                .vpc_id(vpc_id)
                .subnet_ids(subnet.subnet().unwrap().subnet_id().unwrap())
                .service_name(service_name)
                .customize()
                .mutate_request(header)
                .send()
                .await
                .map_err(|err| {
                    use aws_sdk_ec2::error::ProvideErrorMetadata;
                    format!("{}: {}", err.code().unwrap_or("?"), err.message().unwrap_or("?"))
                })?;
            let id = endpoint.vpc_endpoint().unwrap().vpc_endpoint_id().unwrap().to_string();
            let seen = c.ec2.describe_vpc_endpoints().vpc_endpoint_ids(&id).customize().mutate_request(header).send().await.unwrap();
            Ok(VendorEndpoint { id, state: seen.vpc_endpoints()[0].state().unwrap().as_str().to_string() })
        })
    }

    /// The emulator's answer to "would a connection from this endpoint on `port` reach a
    /// target now?": `Ok(target)` or `Err(reason)`.
    pub fn reach(&self, endpoint_id: &str, port: u16) -> Result<String, String> {
        let answer = self.http("GET", &format!("/_emulator/reach?endpoint={endpoint_id}&port={port}"), "");
        match answer["reachable"].as_bool() {
            Some(true) => Ok(answer["target"].as_str().unwrap_or_default().to_string()),
            _ => Err(answer["reason"].as_str().unwrap_or_default().to_string()),
        }
    }

    /// What an SNS topic was sent (the connection events the emulator publishes).
    pub fn sns_messages(&self, topic: &str) -> Vec<serde_json::Value> {
        self.http("GET", &format!("/_emulator/sns/messages?topic={topic}"), "")["messages"].as_array().cloned().unwrap_or_default()
    }

    pub fn set(&self, settings: serde_json::Value) {
        self.http("POST", "/_emulator/settings", &settings.to_string());
    }

    /// Run the real binary against this emulator.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all = vec!["--endpoint-url", self.url.as_str()];
        all.extend_from_slice(args);
        run_binary(&all)
    }

    /// An IAM user holding only this inline policy, and its access keys.
    pub fn user(&self, name: &str, policy: &serde_json::Value) -> AccessKeys {
        let keys = self.http("POST", "/_emulator/user", &serde_json::json!({"name": name, "policy": policy}).to_string());
        let field = |key: &str| keys[key].as_str().unwrap_or_else(|| panic!("no {key} in {keys}")).to_string();
        AccessKeys { id: field("access_key_id"), secret: field("secret_access_key") }
    }

    /// From now on every call is checked against its caller's policies (the test's own
    /// clients included), as AWS does; false turns it off.
    pub fn enforce_iam(&self, on: bool) {
        self.http("POST", "/_emulator/auth", &serde_json::json!({"enforce": on}).to_string());
    }

    /// Run the real binary with these credentials.
    pub fn run_as(&self, keys: &AccessKeys, args: &[&str]) -> Run {
        let mut all = vec!["--endpoint-url", self.url.as_str()];
        all.extend_from_slice(args);
        let output = binary_command(&all)
            .env("AWS_ACCESS_KEY_ID", &keys.id)
            .env("AWS_SECRET_ACCESS_KEY", &keys.secret)
            .stdin(Stdio::null())
            .output()
            .expect("run trigger-privatelink");
        Run { args: all.iter().map(|s| s.to_string()).collect(), output }
    }

    /// Start the real binary against this emulator without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Child {
        let mut all = vec!["--endpoint-url", self.url.as_str()];
        all.extend_from_slice(args);
        binary_command(&all).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn trigger-privatelink")
    }

    pub fn clients(&self) -> Clients {
        Clients::new(&self.url)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The binary with a clean, offline AWS environment: dummy credentials, no profile
/// files, no instance metadata.
pub fn run_binary(args: &[&str]) -> Run {
    let output = binary_command(args).stdin(Stdio::null()).output().expect("run trigger-privatelink");
    Run { args: args.iter().map(|s| s.to_string()).collect(), output }
}

/// The binary with these variables set (or, for an empty value in `unset`, removed)
/// on top of the clean environment.
pub fn run_binary_with(args: &[&str], set: &[(&str, &str)], unset: &[&str]) -> Run {
    let mut command = binary_command(args);
    command.envs(set.iter().copied());
    for name in unset {
        command.env_remove(name);
    }
    let output = command.stdin(Stdio::null()).output().expect("run trigger-privatelink");
    Run { args: args.iter().map(|s| s.to_string()).collect(), output }
}

pub fn binary_command(args: &[&str]) -> Command {
    let nowhere = std::env::temp_dir().join("trigger-privatelink-tests-no-such-file");
    let mut command = Command::new(env!("CARGO_BIN_EXE_trigger-privatelink"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", &nowhere)
        .env("AWS_SHARED_CREDENTIALS_FILE", &nowhere)
        .env("NO_COLOR", "1");
    command
}

pub struct AccessKeys {
    pub id: String,
    pub secret: String,
}

pub struct Run {
    args: Vec<String>,
    pub output: Output,
}

impl Run {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }

    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }

    pub fn describe(&self) -> String {
        format!(
            "trigger-privatelink {}\nexit {}\n--- stdout\n{}--- stderr\n{}",
            self.args.join(" "),
            self.code(),
            self.stdout(),
            self.stderr()
        )
    }

    /// Assert success and return stdout parsed as JSON (the run must use --output json).
    pub fn json(&self) -> serde_json::Value {
        assert_eq!(self.code(), 0, "{}", self.describe());
        serde_json::from_str(&self.stdout()).unwrap_or_else(|err| panic!("stdout is not JSON ({err}):\n{}", self.describe()))
    }

    pub fn success(&self) -> &Self {
        assert_eq!(self.code(), 0, "{}", self.describe());
        self
    }

    /// Assert the exit code, and that stderr is one `error:` line containing `needle`.
    pub fn fails_with(&self, code: i32, needle: &str) -> &Self {
        assert_eq!(self.code(), code, "{}", self.describe());
        let stderr = self.stderr();
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("hint:")).collect();
        assert_eq!(lines.len(), 1, "expected one error line:\n{}", self.describe());
        assert!(lines[0].starts_with("error: "), "{}", self.describe());
        assert!(lines[0].contains(needle), "expected {needle:?} in the error:\n{}", self.describe());
        self
    }
}

/// SDK clients pointed at the emulator, for seeding and for reading results back.
pub struct Clients {
    pub ec2: aws_sdk_ec2::Client,
    pub elb: aws_sdk_elasticloadbalancingv2::Client,
    pub rds: aws_sdk_rds::Client,
    pub elasticache: aws_sdk_elasticache::Client,
    pub redshift: aws_sdk_redshift::Client,
    pub mq: aws_sdk_mq::Client,
    pub iam: aws_sdk_iam::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub events: aws_sdk_eventbridge::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub cloudwatch: aws_sdk_cloudwatch::Client,
    pub sns: aws_sdk_sns::Client,
    pub runtime: tokio::runtime::Runtime,
}

impl Clients {
    fn new(url: &str) -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let config = runtime.block_on(
            aws_config::defaults(BehaviorVersion::latest())
                .region(Region::new(REGION))
                .endpoint_url(url)
                .credentials_provider(Credentials::new("testing", "testing", None, None, "tests"))
                .load(),
        );
        Self {
            ec2: aws_sdk_ec2::Client::new(&config),
            elb: aws_sdk_elasticloadbalancingv2::Client::new(&config),
            rds: aws_sdk_rds::Client::new(&config),
            elasticache: aws_sdk_elasticache::Client::new(&config),
            redshift: aws_sdk_redshift::Client::new(&config),
            mq: aws_sdk_mq::Client::new(&config),
            iam: aws_sdk_iam::Client::new(&config),
            lambda: aws_sdk_lambda::Client::new(&config),
            events: aws_sdk_eventbridge::Client::new(&config),
            logs: aws_sdk_cloudwatchlogs::Client::new(&config),
            cloudwatch: aws_sdk_cloudwatch::Client::new(&config),
            sns: aws_sdk_sns::Client::new(&config),
            runtime,
        }
    }

    pub fn block<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

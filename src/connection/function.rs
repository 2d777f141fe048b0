//! A Lambda function of the tool's in the customer's account, with the role it runs as
//! and its log group: what the sync (`sync-targets --install`) and the prober (`doctor
//! --probe`) are each made of. Each part is found by name first and judged against what
//! is wanted, so a second run makes no write; a part that exists under the name but does
//! not carry the owner's tags is refused, never taken over.
//! - the role: Lambda may assume it, with one inline policy;
//! - the log group, made first with a retention, so the role needs no `CreateLogGroup`;
//! - the function: Python, arm64, its package built into the tool.

use std::collections::HashMap;
use std::io::Write as _;
use std::time::Duration;

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{Architecture, Environment, FunctionCode, Runtime, VpcConfig};
use base64::Engine;
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::aws::{Aws, CallExt};
use crate::error::usage;
use crate::plan::{Action, Context, Id, Made, Step, WriteOp};

pub const RUNTIME: Runtime = Runtime::Python313;
pub const RUNTIME_NAME: &str = "python3.13";
const MEMORY_MB: i32 = 128;
pub const LOG_RETENTION_DAYS: i32 = 14;

const TRUST: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// The step kinds of one function's parts: `sync-role`, `sync-log-group`, `sync-function`.
#[derive(Debug, Clone, Copy)]
pub struct Kinds {
    pub role: &'static str,
    pub log_group: &'static str,
    pub function: &'static str,
}

/// A network the function runs in: its subnets, and its security groups (one may be
/// made by an earlier step of the same plan).
#[derive(Debug, Clone)]
pub struct Network {
    pub subnets: Vec<String>,
    pub groups: Vec<Id>,
}

/// Everything one function is to be.
#[derive(Debug, Clone)]
pub struct Spec {
    pub kinds: Kinds,
    /// The function's name, which its role shares.
    pub name: String,
    pub account: String,
    pub region: String,
    /// The one inline policy's name and document.
    pub policy_name: &'static str,
    pub policy: Value,
    /// `handler.handler`: the file (without `.py`) and the function in it.
    pub handler: &'static str,
    pub source: &'static str,
    pub timeout_seconds: i32,
    pub env: HashMap<String, String>,
    pub network: Option<Network>,
    /// The tags every part carries; a part found by name is this owner's when it carries all of them.
    pub tags: HashMap<String, String>,
    /// A role the user brings (`--probe-role`): used as it is, never made or changed.
    pub role: Option<String>,
    /// Who owns it, for a refusal: "connection 'orders'".
    pub owner: String,
    pub role_detail: String,
}

impl Spec {
    pub fn role_arn(&self) -> String {
        if let Some(role) = &self.role {
            return role.clone();
        }
        format!("arn:aws:iam::{}:role/{}", self.account, self.name)
    }

    pub fn function_arn(&self) -> String {
        format!("arn:aws:lambda:{}:{}:function:{}", self.region, self.account, self.name)
    }

    pub fn log_group(&self) -> String {
        log_group(&self.name)
    }

    /// The ARN a policy grants `logs:PutLogEvents` on.
    pub fn log_group_arn(&self) -> String {
        format!("arn:aws:logs:{}:{}:log-group:{}:*", self.region, self.account, self.log_group())
    }

    fn file_name(&self) -> String {
        format!("{}.py", self.handler.split('.').next().unwrap_or("handler"))
    }

    /// The deployment package: see [`package`].
    pub fn package(&self) -> anyhow::Result<Vec<u8>> {
        package(&self.file_name(), self.source)
    }

    fn owned(&self, found: impl IntoIterator<Item = (String, String)>, what: &str) -> anyhow::Result<()> {
        let found: HashMap<String, String> = found.into_iter().collect();
        if self.tags.iter().all(|(k, v)| found.get(k) == Some(v)) {
            Ok(())
        } else {
            Err(usage(format!("a {what} named {} exists but is not tagged for {}; nothing was changed", self.name, self.owner)))
        }
    }
}

/// Lambda's log group for a function: `/aws/lambda/<name>`.
pub fn log_group(function: &str) -> String {
    format!("/aws/lambda/{function}")
}

/// A deployment package: a zip of one stored entry, with a fixed timestamp (1980-01-01,
/// the zip format's first day) and mode 0644 ("Lambda needs 644 permissions for
/// non-executable files", the Lambda Developer Guide's deployment package page), so the
/// same source makes the same bytes on every run and machine. Stored, not deflated: a
/// compressor's output may change between versions, stored bytes cannot.
pub fn package(file_name: &str, source: &str) -> anyhow::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipWriter};
    let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    zip.start_file(file_name, options)?;
    zip.write_all(source.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// The SHA-256 of the bytes, in hex (what `sha256sum` prints).
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Lambda's `CodeSha256` of a package: the base64 of its raw SHA-256 (what GetFunction
/// answers, to tell whether the deployed code is this).
pub fn code_sha256(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(bytes))
}

/// IAM answers a policy document URL-encoded.
pub fn url_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn get_role(aws: &Aws, name: &str) -> anyhow::Result<Option<aws_sdk_iam::types::Role>> {
    match aws.iam.get_role().role_name(name).send().await.call("iam:GetRole") {
        Ok(found) => Ok(found.role),
        Err(err) if err.is("NoSuchEntity") => Ok(None),
        Err(err) => Err(err.into()),
    }
}

async fn get_function(aws: &Aws, name: &str) -> anyhow::Result<Option<aws_sdk_lambda::operation::get_function::GetFunctionOutput>> {
    match aws.lambda.get_function().function_name(name).send().await.call("lambda:GetFunction") {
        Ok(found) => Ok(Some(found)),
        Err(err) if err.is("ResourceNotFoundException") => Ok(None),
        Err(err) => Err(err.into()),
    }
}

fn role_tags(role: &aws_sdk_iam::types::Role) -> impl Iterator<Item = (String, String)> + '_ {
    role.tags().iter().map(|t| (t.key().to_string(), t.value().to_string()))
}

/// The role and its policy.
pub async fn role_step(aws: &Aws, spec: &Spec) -> anyhow::Result<Step> {
    let policy = spec.policy.to_string();
    let Some(role) = get_role(aws, &spec.name).await? else {
        return Ok(Step::new(spec.kinds.role, Action::Created, spec.role_arn())
            .named(&spec.name)
            .detail(spec.role_detail.clone())
            .write(Write::CreateRole { name: spec.name.clone(), tags: spec.tags.clone() })
            .write(Write::PutRolePolicy { role: spec.name.clone(), policy_name: spec.policy_name, policy }));
    };
    spec.owned(role_tags(&role), "role")?;
    let current = match aws.iam.get_role_policy().role_name(&spec.name).policy_name(spec.policy_name).send().await.call("iam:GetRolePolicy")
    {
        Ok(found) => serde_json::from_str::<Value>(&url_decoded(found.policy_document())).ok(),
        Err(err) if err.is("NoSuchEntity") => None,
        Err(err) => return Err(err.into()),
    };
    Ok(if current.as_ref() == Some(&spec.policy) {
        Step::new(spec.kinds.role, Action::Exists, spec.role_arn()).named(&spec.name)
    } else {
        Step::new(spec.kinds.role, Action::Updated, spec.role_arn())
            .named(&spec.name)
            .detail("policy brought up to date")
            .write(Write::PutRolePolicy { role: spec.name.clone(), policy_name: spec.policy_name, policy })
    })
}

async fn find_log_group(aws: &Aws, name: &str) -> anyhow::Result<Option<aws_sdk_cloudwatchlogs::types::LogGroup>> {
    let groups = aws.logs.describe_log_groups().log_group_name_prefix(name).send().await.call("logs:DescribeLogGroups")?;
    Ok(groups.log_groups.unwrap_or_default().into_iter().find(|g| g.log_group_name() == Some(name)))
}

/// The log group, with a retention.
pub async fn log_group_step(aws: &Aws, spec: &Spec) -> anyhow::Result<Step> {
    let name = spec.log_group();
    Ok(match find_log_group(aws, &name).await? {
        None => Step::new(spec.kinds.log_group, Action::Created, name.clone())
            .detail(format!("kept {LOG_RETENTION_DAYS} days"))
            .write(Write::CreateLogGroup { name: name.clone(), tags: spec.tags.clone() })
            .write(Write::Retention { name }),
        Some(g) if g.retention_in_days() == Some(LOG_RETENTION_DAYS) => Step::new(spec.kinds.log_group, Action::Exists, name),
        Some(_) => Step::new(spec.kinds.log_group, Action::Updated, name.clone())
            .detail(format!("kept {LOG_RETENTION_DAYS} days"))
            .write(Write::Retention { name }),
    })
}

/// The function: created, or its code and configuration brought to the spec. `summary`
/// describes it in the plan (`python3.13 arm64, 2 routes`).
pub async fn function_step(aws: &Aws, spec: &Spec, summary: &str) -> anyhow::Result<Step> {
    let code = spec.package()?;
    let Some(found) = get_function(aws, &spec.name).await? else {
        return Ok(Step::new(spec.kinds.function, Action::Created, spec.function_arn())
            .named(&spec.name)
            .detail(format!("{summary}, package {}", code_sha256(&code)))
            .write(Write::CreateFunction(Box::new(spec.clone()))));
    };
    spec.owned(found.tags().cloned().unwrap_or_default(), "function")?;
    let config = found.configuration();
    let same_code = config.and_then(|c| c.code_sha256()) == Some(code_sha256(&code).as_str());
    let wanted_subnets = spec.network.as_ref().map(|n| sorted(n.subnets.iter().cloned()));
    let found_subnets = config.and_then(|c| c.vpc_config()).map(|v| sorted(v.subnet_ids().iter().cloned())).filter(|s| !s.is_empty());
    let wanted_groups = spec.network.as_ref().map(|n| sorted(n.groups.iter().filter_map(|g| g.known().map(str::to_string))));
    let found_groups =
        config.and_then(|c| c.vpc_config()).map(|v| sorted(v.security_group_ids().iter().cloned())).filter(|s| !s.is_empty());
    let same_config = config.is_some_and(|c| {
        c.role() == Some(spec.role_arn().as_str())
            && c.environment().and_then(|e| e.variables()).cloned().unwrap_or_default() == spec.env
            && c.timeout() == Some(spec.timeout_seconds)
            && c.runtime() == Some(&RUNTIME)
            && c.handler() == Some(spec.handler)
    }) && wanted_subnets == found_subnets
        && wanted_groups == found_groups;
    let mut step =
        Step::new(spec.kinds.function, if same_code && same_config { Action::Exists } else { Action::Updated }, spec.function_arn())
            .named(&spec.name);
    if !same_code {
        step = step.detail("new code").write(Write::UpdateCode { name: spec.name.clone(), source: (spec.file_name(), spec.source) });
    }
    if !same_config {
        step = step.detail("new configuration").write(Write::UpdateConfig(Box::new(spec.clone())));
    }
    Ok(step)
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut items: Vec<String> = items.collect();
    items.sort();
    items
}

/// Deletes the function, when it exists (and is the owner's).
pub async fn delete_function_step(aws: &Aws, spec: &Spec) -> anyhow::Result<Option<Step>> {
    let Some(found) = get_function(aws, &spec.name).await? else { return Ok(None) };
    spec.owned(found.tags().cloned().unwrap_or_default(), "function")?;
    let arn = found.configuration().and_then(|c| c.function_arn()).unwrap_or(spec.name.as_str()).to_string();
    Ok(Some(
        Step::new(spec.kinds.function, Action::Deleted, arn).named(&spec.name).write(Write::DeleteFunction { name: spec.name.clone() }),
    ))
}

/// Deletes the log group, when it exists.
pub async fn delete_log_group_step(aws: &Aws, spec: &Spec) -> anyhow::Result<Option<Step>> {
    let name = spec.log_group();
    Ok(find_log_group(aws, &name)
        .await?
        .map(|_| Step::new(spec.kinds.log_group, Action::Deleted, name.clone()).write(Write::DeleteLogGroup { name })))
}

/// Deletes the role and its policy, when it exists (and is the owner's).
pub async fn delete_role_step(aws: &Aws, spec: &Spec) -> anyhow::Result<Option<Step>> {
    let Some(role) = get_role(aws, &spec.name).await? else { return Ok(None) };
    spec.owned(role_tags(&role), "role")?;
    Ok(Some(
        Step::new(spec.kinds.role, Action::Deleted, role.arn().to_string())
            .named(&spec.name)
            .write(Write::DeleteRole { name: spec.name.clone(), policy_name: spec.policy_name }),
    ))
}

#[derive(Debug, Clone)]
enum Write {
    CreateRole { name: String, tags: HashMap<String, String> },
    PutRolePolicy { role: String, policy_name: &'static str, policy: String },
    CreateLogGroup { name: String, tags: HashMap<String, String> },
    Retention { name: String },
    CreateFunction(Box<Spec>),
    UpdateCode { name: String, source: (String, &'static str) },
    UpdateConfig(Box<Spec>),
    DeleteFunction { name: String },
    DeleteLogGroup { name: String },
    DeleteRole { name: String, policy_name: &'static str },
}

/// `CreateFunction` right after `CreateRole` fails until IAM has spread the role: "The
/// role defined for the function cannot be assumed by Lambda" (IAM User Guide, "Changes
/// that I make are not always immediately visible"). Retried for up to a minute.
const ROLE_PROPAGATION: Duration = Duration::from_secs(60);

async fn vpc_config(cx: &Context<'_>, network: Option<&Network>) -> anyhow::Result<Option<VpcConfig>> {
    let Some(network) = network else { return Ok(None) };
    let groups = network.groups.iter().map(|g| cx.id(g)).collect::<anyhow::Result<Vec<_>>>()?;
    Ok(Some(VpcConfig::builder().set_subnet_ids(Some(network.subnets.clone())).set_security_group_ids(Some(groups)).build()))
}

impl WriteOp for Write {
    async fn apply(&self, cx: &Context<'_>) -> anyhow::Result<Option<Made>> {
        let aws = cx.aws;
        match self {
            Write::CreateRole { name, tags } => {
                let tags =
                    tags.iter().map(|(k, v)| aws_sdk_iam::types::Tag::builder().key(k).value(v).build()).collect::<Result<Vec<_>, _>>()?;
                aws.iam
                    .create_role()
                    .role_name(name)
                    .assume_role_policy_document(TRUST)
                    .set_tags(Some(tags))
                    .send()
                    .await
                    .call("iam:CreateRole")?;
            }
            Write::PutRolePolicy { role, policy_name, policy } => {
                aws.iam
                    .put_role_policy()
                    .role_name(role)
                    .policy_name(*policy_name)
                    .policy_document(policy)
                    .send()
                    .await
                    .call("iam:PutRolePolicy")?;
            }
            Write::CreateLogGroup { name, tags } => {
                aws.logs.create_log_group().log_group_name(name).set_tags(Some(tags.clone())).send().await.call("logs:CreateLogGroup")?;
            }
            Write::Retention { name } => {
                aws.logs
                    .put_retention_policy()
                    .log_group_name(name)
                    .retention_in_days(LOG_RETENTION_DAYS)
                    .send()
                    .await
                    .call("logs:PutRetentionPolicy")?;
            }
            Write::CreateFunction(spec) => {
                let code = FunctionCode::builder().zip_file(Blob::new(spec.package()?)).build();
                let vpc = vpc_config(cx, spec.network.as_ref()).await?;
                let started = std::time::Instant::now();
                loop {
                    let created = aws
                        .lambda
                        .create_function()
                        .function_name(&spec.name)
                        .runtime(RUNTIME)
                        .architectures(Architecture::Arm64)
                        .handler(spec.handler)
                        .role(spec.role_arn())
                        .code(code.clone())
                        .timeout(spec.timeout_seconds)
                        .memory_size(MEMORY_MB)
                        .environment(Environment::builder().set_variables(Some(spec.env.clone())).build())
                        .set_vpc_config(vpc.clone())
                        .set_tags(Some(spec.tags.clone()))
                        .send()
                        .await
                        .call("lambda:CreateFunction");
                    match created {
                        Err(err)
                            if err.is("InvalidParameterValueException")
                                && format!("{err}").contains("cannot be assumed")
                                && started.elapsed() < ROLE_PROPAGATION =>
                        {
                            tokio::time::sleep(Duration::from_secs(3)).await;
                        }
                        other => {
                            other?;
                            break;
                        }
                    }
                }
            }
            Write::UpdateCode { name, source: (file, source) } => {
                aws.lambda
                    .update_function_code()
                    .function_name(name)
                    .zip_file(Blob::new(package(file, source)?))
                    .send()
                    .await
                    .call("lambda:UpdateFunctionCode")?;
            }
            Write::UpdateConfig(spec) => {
                // After a code update the function is `InProgress`, and a new VPC function
                // `Pending`: further updates fail until it is done (Lambda Developer
                // Guide, function states).
                let started = std::time::Instant::now();
                loop {
                    let config = aws
                        .lambda
                        .get_function_configuration()
                        .function_name(&spec.name)
                        .send()
                        .await
                        .call("lambda:GetFunctionConfiguration")?;
                    let busy = config.last_update_status().is_some_and(|s| s.as_str() == "InProgress")
                        || config.state().is_some_and(|s| s.as_str() == "Pending");
                    if !busy || started.elapsed() > ROLE_PROPAGATION {
                        break;
                    }
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                let vpc = vpc_config(cx, spec.network.as_ref()).await?;
                aws.lambda
                    .update_function_configuration()
                    .function_name(&spec.name)
                    .role(spec.role_arn())
                    .runtime(RUNTIME)
                    .handler(spec.handler)
                    .timeout(spec.timeout_seconds)
                    .environment(Environment::builder().set_variables(Some(spec.env.clone())).build())
                    .set_vpc_config(vpc)
                    .send()
                    .await
                    .call("lambda:UpdateFunctionConfiguration")?;
            }
            Write::DeleteFunction { name } => {
                aws.lambda.delete_function().function_name(name).send().await.call("lambda:DeleteFunction")?;
            }
            Write::DeleteLogGroup { name } => {
                aws.logs.delete_log_group().log_group_name(name).send().await.call("logs:DeleteLogGroup")?;
            }
            Write::DeleteRole { name, policy_name } => {
                match aws.iam.delete_role_policy().role_name(name).policy_name(*policy_name).send().await.call("iam:DeleteRolePolicy") {
                    Err(err) if !err.is("NoSuchEntity") => return Err(err.into()),
                    _ => {}
                }
                aws.iam.delete_role().role_name(name).send().await.call("iam:DeleteRole")?;
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_is_the_same_bytes_every_time_and_holds_its_source() {
        let first = package("handler.py", "print('hi')\n").unwrap();
        assert_eq!(first, package("handler.py", "print('hi')\n").unwrap());
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(first.clone())).unwrap();
        assert_eq!(archive.len(), 1);
        let mut entry = archive.by_index(0).unwrap();
        assert_eq!((entry.name().unwrap().to_string(), entry.unix_mode()), ("handler.py".to_string(), Some(0o100644)));
        let mut source = String::new();
        std::io::Read::read_to_string(&mut entry, &mut source).unwrap();
        assert_eq!(source, "print('hi')\n");
        assert_eq!(code_sha256(&first).len(), 44, "base64 of 32 bytes");
    }
}

"""A Python runtime for Lambda, and EventBridge delivering to it, so a function the tool
installs runs here as it runs in AWS. moto invokes a function only in Docker, which
this machine lacks; without it `Invoke` answers a fixed string and nothing runs.

Invoking a Zip function whose runtime is `python3.*` runs its handler in a child
process, as the Lambda runtime does
(https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html):
- with the function's environment variables, plus the ones Lambda defines (AWS_REGION,
  AWS_LAMBDA_FUNCTION_NAME, AWS_LAMBDA_LOG_GROUP_NAME, …) and the execution role's
  temporary credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
  (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime),
  so each AWS call it makes is authorized against the role's own policies; the SDK's
  endpoint is this emulator (AWS_ENDPOINT_URL), the one substitute for AWS's network;
- stopped after the function's Timeout with "Task timed out after N.00 seconds";
- its output (stdout and stderr), between the runtime's START, END and REPORT lines,
  sent to the log group `/aws/lambda/<name>` in a stream `YYYY/MM/DD/[$LATEST]<id>`
  **with the execution role's credentials**: "Your Lambda function's execution role needs
  permission to send logs to CloudWatch Logs" (logs:CreateLogStream and logs:PutLogEvents
  on the group; https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html),
  so a role without them runs the function and leaves no log;
- answering as `Invoke` documents (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html):
  the handler's return value as the payload; an exception as `X-Amz-Function-Error:
  Unhandled` with `{"errorMessage", "errorType", "stackTrace"}`; `LogType=Tail` gives the
  last 4 KB of the log in `X-Amz-Log-Result`; `InvocationType=Event` answers 202 at once.
The child runs this emulator's own Python (boto3 included, as the runtime ships it).

EventBridge delivers an event to a rule's Lambda target only when the function's
resource-based policy lets `events.amazonaws.com` invoke it for that rule
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html#eb-lambda-permissions);
otherwise the invocation fails (EventBridge counts it as a FailedInvocation).
- `POST /_emulator/schedules/run` is a tick of the clock: every enabled rule with a
  schedule expression sends its "Scheduled Event"
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html).
- A failover sends the event RDS sends to EventBridge
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-cloud-watch-events.html):
  "RDS DB Instance Event" for an instance (RDS-EVENT-0049, "Multi-AZ instance failover
  completed.") and "RDS DB Cluster Event" for a cluster (RDS-EVENT-0071, "Completed
  failover to DB instance: …"), category `failover`
  (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Events.Messages.html).
Delivery here is synchronous, so a test sees its effect when the call returns; AWS
delivers within seconds.
"""

import base64
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from datetime import datetime, timezone

from moto.awslambda.exceptions import LambdaClientError
from moto.awslambda.models import LambdaBackend, LambdaFunction, lambda_backends
from moto.events.models import events_backends
from moto.rds import models as rds
from moto.sts.models import sts_backends

_endpoint = {"url": None}

# Runs in the child: imports the handler from the unpacked code, calls it with the event
# and a context, writes the result (or the error) to the file named by argv[3].
_BOOTSTRAP = r"""
import importlib, json, os, sys, time, traceback
sys.path.insert(0, sys.argv[1])
module_name, function_name = sys.argv[2].rsplit(".", 1)
event = json.loads(sys.stdin.read() or "{}")
deadline = time.monotonic() + float(os.environ["AWS_LAMBDA_FUNCTION_TIMEOUT"])
class Context:
    function_name = os.environ["AWS_LAMBDA_FUNCTION_NAME"]
    function_version = os.environ["AWS_LAMBDA_FUNCTION_VERSION"]
    memory_limit_in_mb = os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
    aws_request_id = os.environ["_TPL_REQUEST_ID"]
    log_group_name = os.environ["AWS_LAMBDA_LOG_GROUP_NAME"]
    log_stream_name = os.environ["AWS_LAMBDA_LOG_STREAM_NAME"]
    def get_remaining_time_in_millis(self):
        return max(0, int((deadline - time.monotonic()) * 1000))
try:
    result = {"ok": getattr(importlib.import_module(module_name), function_name)(event, Context())}
except Exception as error:
    traceback.print_exc()
    result = {"error": {"errorMessage": str(error), "errorType": type(error).__name__,
                        "stackTrace": traceback.format_list(traceback.extract_tb(error.__traceback__))}}
sys.stdout.flush()
sys.stderr.flush()
with open(sys.argv[3], "w") as out:
    json.dump(result, out)
"""


def serve_at(url: str) -> None:
    """The emulator's own address: the endpoint a function's SDK calls."""
    _endpoint["url"] = url


def _runs_here(function: LambdaFunction) -> bool:
    return bool(_endpoint["url"]) and function.package_type == "Zip" and (function.run_time or "").startswith("python3")


def _role_credentials(function: LambdaFunction):
    role = sts_backends[function.account_id]["aws"].assume_role(
        region_name=function.region, role_session_name=function.function_name, role_arn=function.role,
        policy=None, duration=900, external_id=None)
    return role.access_key_id, role.secret_access_key, role.session_token


def _client(service, region, credentials):
    import boto3  # the server's own; imported late so moto's patches are in place

    key, secret, token = credentials
    return boto3.client(service, endpoint_url=_endpoint["url"], region_name=region, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token)


def _send_logs(function: LambdaFunction, stream: str, lines: list, credentials) -> None:
    """As Lambda does, with the role's permissions; denied, the log is lost, the run is not."""
    from botocore.exceptions import ClientError

    logs = _client("logs", function.region, credentials)
    group = f"/aws/lambda/{function.function_name}"
    now = int(time.time() * 1000)
    try:
        logs.create_log_stream(logGroupName=group, logStreamName=stream)
        logs.put_log_events(logGroupName=group, logStreamName=stream,
                            logEvents=[{"timestamp": now, "message": line} for line in lines])
    except ClientError:
        pass


def run(function: LambdaFunction, event: dict):
    """Runs the handler once: (result or None, error payload or None, log lines)."""
    request_id = str(uuid.uuid4())
    stream = f"{datetime.now(timezone.utc):%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}"
    credentials = _role_credentials(function)
    with tempfile.TemporaryDirectory(prefix="tpl-lambda-") as workdir:
        code = os.path.join(workdir, "task")
        zipfile.ZipFile(io.BytesIO(function.code_bytes)).extractall(code)
        result_path = os.path.join(workdir, "result.json")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONDONTWRITEBYTECODE": "1",
            **{k: str(v) for k, v in (function.environment_vars or {}).items()},
            "AWS_ENDPOINT_URL": _endpoint["url"],
            "AWS_REGION": function.region,
            "AWS_DEFAULT_REGION": function.region,
            "AWS_ACCESS_KEY_ID": credentials[0],
            "AWS_SECRET_ACCESS_KEY": credentials[1],
            "AWS_SESSION_TOKEN": credentials[2],
            "AWS_LAMBDA_FUNCTION_NAME": function.function_name,
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(function.memory_size),
            "AWS_LAMBDA_FUNCTION_TIMEOUT": str(function.timeout),
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{function.function_name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": stream,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{function.run_time}",
            "_HANDLER": function.handler,
            "_TPL_REQUEST_ID": request_id,
        }
        started = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-c", _BOOTSTRAP, code, function.handler, result_path],
                                  input=json.dumps(event), capture_output=True, text=True, env=env, cwd=code,
                                  timeout=float(function.timeout))
            output = (done.stdout + done.stderr).splitlines()
            outcome = {"error": {"errorMessage": f"Runtime exited with error: exit status {done.returncode}",
                                 "errorType": "Runtime.ExitError"}}
            if os.path.exists(result_path):
                with open(result_path) as result:
                    outcome = json.load(result)
        except subprocess.TimeoutExpired as timed_out:
            output = ((timed_out.stdout or b"").decode() if isinstance(timed_out.stdout, bytes) else (timed_out.stdout or "")).splitlines()
            message = f"Task timed out after {float(function.timeout):.2f} seconds"
            output.append(f"{datetime.now(timezone.utc).isoformat()} {request_id} {message}")
            outcome = {"error": {"errorMessage": message, "errorType": "Sandbox.Timedout"}}
        elapsed = (time.monotonic() - started) * 1000
    lines = [f"START RequestId: {request_id} Version: $LATEST", *output, f"END RequestId: {request_id}",
             f"REPORT RequestId: {request_id}\tDuration: {elapsed:.2f} ms\tBilled Duration: {int(elapsed) + 1} ms\t"
             f"Memory Size: {function.memory_size} MB"]
    _send_logs(function, stream, lines, credentials)
    return outcome.get("ok"), outcome.get("error"), lines


_original_invoke = LambdaFunction.invoke


def _invoke(self, body, request_headers, response_headers):
    from . import vpc_functions

    event = json.loads(body) if body else {}
    # A function in a VPC never runs here: its network is the VPC (vpc_functions.py).
    if vpc_functions.in_vpc(self):
        if vpc_functions.pending(self):
            raise ResourceConflict("The operation cannot be performed at this time. The function is currently in the following state: Pending")
        return json.dumps(vpc_functions.answer(self, event))
    if not _runs_here(self):
        return _original_invoke(self, body, request_headers, response_headers)
    if request_headers.get("x-amz-invocation-type") == "Event":
        threading.Thread(target=run, args=(self, event), daemon=True).start()
        return ""
    result, error, lines = run(self, event)
    if error is not None:
        response_headers["x-amz-function-error"] = "Unhandled"
    if request_headers.get("x-amz-log-type") == "Tail":
        tail = "\n".join(lines).encode()[-4096:]
        response_headers["x-amz-log-result"] = base64.b64encode(tail).decode()
    return json.dumps(error if error is not None else result)


def _may_invoke(function: LambdaFunction, rule_arn: str) -> bool:
    for statement in function.policy.statements:
        principal = statement.get("Principal", {})
        service = principal.get("Service") if isinstance(principal, dict) else principal
        source = statement.get("Condition", {}).get("ArnLike", {}).get("AWS:SourceArn")
        if (statement.get("Effect") == "Allow" and service == "events.amazonaws.com"
                and statement.get("Action") in ("lambda:InvokeFunction", "lambda:*") and source in (None, rule_arn)):
            return True
    return False


def _deliver_to(rule, event: dict) -> list:
    """Runs each Lambda target of the rule that EventBridge may invoke; what happened to each."""
    outcomes = []
    for target in rule.targets:
        arn = target["Arn"]
        if ":lambda:" not in arn or ":function:" not in arn:
            continue
        name = arn.split(":function:", 1)[1].split(":")[0]
        try:
            function = lambda_backends[rule.account_id][rule.region_name].get_function(name)
        except Exception:
            outcomes.append({"rule": rule.name, "function": name, "invoked": False, "reason": "no such function"})
            continue
        if not _may_invoke(function, rule.arn):
            outcomes.append({"rule": rule.name, "function": name, "invoked": False,
                             "reason": "the function's policy does not let events.amazonaws.com invoke it for this rule"})
            continue
        if not _runs_here(function):
            outcomes.append({"rule": rule.name, "function": name, "invoked": False, "reason": "no runtime for it here"})
            continue
        _, error, _ = run(function, event)
        outcomes.append({"rule": rule.name, "function": name, "invoked": True, "error": error})
    return outcomes


def _event(account, region, source, detail_type, resources, detail) -> dict:
    return {"version": "0", "id": str(uuid.uuid4()), "detail-type": detail_type, "source": source, "account": account,
            "time": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "region": region,
            "resources": resources, "detail": detail}


def publish(account: str, region: str, event: dict) -> list:
    """Sends an AWS service's event to the default bus: every enabled rule it matches."""
    outcomes = []
    bus = events_backends[account][region].event_buses.get("default")
    for rule in list(bus.rules.values()) if bus else []:
        # A scheduled rule receives no events; a rule with a pattern, those it matches.
        if rule.state == "ENABLED" and not rule.scheduled_expression and rule.event_pattern.get_pattern() \
                and rule.event_pattern.matches_event(event):
            outcomes += _deliver_to(rule, event)
    return outcomes


def run_schedules(body: dict) -> dict:
    """One tick: every enabled scheduled rule (or the one named) sends its event."""
    outcomes = []
    for account, regions in list(events_backends.items()):
        for region, backend in list(regions.items()):
            for bus in list(backend.event_buses.values()):
                for rule in list(bus.rules.values()):
                    if not rule.scheduled_expression or rule.state != "ENABLED":
                        continue
                    if body.get("rule") and body["rule"] != rule.name:
                        continue
                    event = _event(account, region, "aws.events", "Scheduled Event", [rule.arn], {})
                    outcomes += _deliver_to(rule, event)
    return {"deliveries": outcomes}


def after_failover(node: str) -> list:
    """The event RDS sends when the named node is an RDS instance; ElastiCache, Redshift
    and MQ send none to EventBridge."""
    for account, regions in list(rds.rds_backends.items()):
        for region, backend in list(regions.items()):
            if node in backend.databases:
                return _rds_instance_event(account, region, node)
    return []


def _rds_instance_event(account: str, region: str, instance_id: str) -> list:
    arn = f"arn:aws:rds:{region}:{account}:db:{instance_id}"
    detail = {"EventCategories": ["failover"], "SourceType": "DB_INSTANCE", "SourceArn": arn,
              "Date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"), "SourceIdentifier": instance_id,
              "Message": "Multi-AZ instance failover completed.", "EventID": "RDS-EVENT-0049"}
    return publish(account, region, _event(account, region, "aws.rds", "RDS DB Instance Event", [arn], detail))


_original_failover_db_cluster = rds.RDSBackend.failover_db_cluster


def _failover_db_cluster(self, db_cluster_identifier, target_db_instance_identifier=None):
    cluster = _original_failover_db_cluster(self, db_cluster_identifier, target_db_instance_identifier)
    if _endpoint["url"]:
        arn = f"arn:aws:rds:{self.region_name}:{self.account_id}:cluster:{db_cluster_identifier}"
        writer = target_db_instance_identifier or ""
        detail = {"EventCategories": ["failover"], "SourceType": "CLUSTER", "SourceArn": arn,
                  "Date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                  "SourceIdentifier": db_cluster_identifier,
                  "Message": f"Completed failover to DB instance: {writer}", "EventID": "RDS-EVENT-0071"}
        publish(self.account_id, self.region_name,
                _event(self.account_id, self.region_name, "aws.rds", "RDS DB Cluster Event", [arn], detail))
    return cluster


class ResourceConflict(LambdaClientError):
    code = 409

    def __init__(self, message: str):
        super().__init__("ResourceConflictException", message)


_original_create_function = LambdaBackend.create_function
_original_get_configuration = LambdaFunction.get_configuration
_original_delete_function = LambdaBackend.delete_function


def _get_configuration(self, on_create=False):
    from . import vpc_functions

    vpc_functions.pending(self)
    configuration = _original_get_configuration(self, on_create)
    if configuration.get("State") == "Pending":
        configuration.update(StateReason="The function is being created.", StateReasonCode="Creating")
    return configuration


def _delete_function(self, function_name, qualifier=None):
    from . import vpc_functions

    function = next((f for f in self._lambdas.latest() if f.function_name == function_name or f.function_arn == function_name), None)
    _original_delete_function(self, function_name, qualifier)
    if function is not None and vpc_functions.in_vpc(function):
        vpc_functions.outlive(function)


# When each role was made: IAM is eventually consistent, and a function given a role made
# moments ago is refused until the role has spread ("Changes that I make are not always
# immediately visible", https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency;
# Lambda answers InvalidParameterValueException "The role defined for the function cannot
# be assumed by Lambda."); here for `iam_role_propagation_seconds` (settings.py).
_roles_made: dict = {}
_original_create_role = None


def _create_role(self, role_name, *args, **kwargs):
    role = _original_create_role(self, role_name, *args, **kwargs)
    _roles_made[role.arn] = time.monotonic()
    return role


def _create_function(self, spec):
    from moto.awslambda.exceptions import InvalidParameterValueException

    from . import settings, vpc_functions

    made = _roles_made.get(spec.get("Role"))
    if made is not None and time.monotonic() - made < settings.get("iam_role_propagation_seconds"):
        raise InvalidParameterValueException("The role defined for the function cannot be assumed by Lambda.")
    function = _original_create_function(self, spec)
    if vpc_functions.in_vpc(function):
        vpc_functions.make_interfaces(function)
    return function


def install() -> None:
    global _original_create_role
    from moto.iam.models import IAMBackend

    _original_create_role = IAMBackend.create_role
    IAMBackend.create_role = _create_role
    LambdaFunction.invoke = _invoke
    LambdaBackend.create_function = _create_function
    LambdaFunction.get_configuration = _get_configuration
    LambdaBackend.delete_function = _delete_function
    rds.RDSBackend.failover_db_cluster = _failover_db_cluster

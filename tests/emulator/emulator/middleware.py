"""WSGI middleware in front of moto: counts AWS calls by operation, injects latency
and faults, answers CloudWatch in CBOR (cloudwatch_cbor.py), and serves the emulator's
control endpoints under `/_emulator/`.

  GET  /_emulator/requests        {"total": n, "by_operation": {"ec2:CreateVpc": 1, ...},
                                   "sequence": ["ec2:CreateVpc", ...]} (in the order received)
                                  (EC2 calls with DryRun=true count as "ec2:CreateVpc[DryRun]"
                                  and are answered DryRunOperation without any change)
  POST /_emulator/requests/reset  empties the log
  POST /_emulator/settings        {"nlb_provisioning_seconds": 5, "latency_ms": 100, ...}
  POST /_emulator/faults          {"operation": "elasticloadbalancing:CreateLoadBalancer",
                                   "nth": 1, "count": 1, "code": "Throttling", "status": 400}
                                  fails calls nth .. nth+count-1 of that operation, counted
                                  from when the fault is added; with "lost": true the call
                                  takes effect first and only its answer is lost (a timeout
                                  or dropped connection after AWS acted), so a retry meets
                                  what the lost call made
  POST /_emulator/faults/reset    removes every fault
  GET  /_emulator/dns?name=HOST   {"name": HOST, "addresses": ["10.0.1.23"]}
  POST /_emulator/failover        {"name": "orders-db"}: new interface and IP for that node; an RDS
                                  instance sends its failover event to EventBridge (lambda_runtime.py),
                                  answered under "deliveries"
  POST /_emulator/schedules/run   {} or {"rule": NAME}: a tick of the clock, every enabled scheduled
                                  rule invokes its Lambda targets (lambda_runtime.py)
  POST /_emulator/state           {"load_balancer": ARN, "state": "provisioning"|"failed"|"active"} or
                                  {"service_id": ID, "state": "Pending"|"Failed"|"Available"}: put a
                                  resource in a state AWS can leave it in
  GET  /_emulator/reach?endpoint=VPCE&port=P[&source=IP]
                                  {"reachable": true, "target": "10.0.1.4:5432"} or
                                  {"reachable": false, "reason": "..."}: would a connection
                                  from that consumer endpoint reach a target now (traffic.py)
  GET  /_emulator/sns/messages?topic=ARN
                                  {"topic": ARN, "messages": [{"subject", "message"}]}: what the topic
                                  was sent (connection_notifications.py)
  POST /_emulator/user            {"name": "ci", "policy": {...}}: a user with that inline policy;
                                  answers {"access_key_id": ..., "secret_access_key": ...}
  POST /_emulator/auth            {"enforce": true}: every later call is checked against its
                                  caller's policies, as AWS does (iam.py); false turns it off
  POST /_emulator/reset           clears moto's state and everything above
  GET  /_emulator/health          {"ok": true}
"""

import io
import json
import re
import threading
import time
import uuid
from collections import Counter
from urllib.parse import parse_qs

from . import cloudwatch_cbor, connection_notifications, iam, lambda_runtime, resources, settings, traffic

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")

_lock = threading.Lock()
_counts: Counter = Counter()
_sequence: list = []
_faults: list = []


# Lambda's REST API names its operations by method and path
# (https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html, each page's request syntax).
_LAMBDA_ROUTES = [
    ("POST", r"/2015-03-31/functions/?", "CreateFunction"),
    ("GET", r"/2015-03-31/functions/?", "ListFunctions"),
    ("GET", r"/2015-03-31/functions/[^/]+/configuration", "GetFunctionConfiguration"),
    ("PUT", r"/2015-03-31/functions/[^/]+/configuration", "UpdateFunctionConfiguration"),
    ("PUT", r"/2015-03-31/functions/[^/]+/code", "UpdateFunctionCode"),
    ("POST", r"/2015-03-31/functions/[^/]+/policy", "AddPermission"),
    ("GET", r"/2015-03-31/functions/[^/]+/policy", "GetPolicy"),
    ("DELETE", r"/2015-03-31/functions/[^/]+/policy/[^/]+", "RemovePermission"),
    ("GET", r"/2015-03-31/functions/[^/]+", "GetFunction"),
    ("POST", r"/2015-03-31/functions/[^/]+/invocations", "Invoke"),
    ("DELETE", r"/2015-03-31/functions/[^/]+", "DeleteFunction"),
    ("POST", r"/2017-03-31/tags/.+", "TagResource"),
    ("GET", r"/2017-03-31/tags/.+", "ListTags"),
]


def _lambda_operation(environ):
    method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    return next((name for m, pattern, name in _LAMBDA_ROUTES if m == method and re.fullmatch(pattern, path)), None)


def operation_of(environ, body: bytes):
    """`service:Operation` for a query-protocol call (EC2, ELBv2, RDS, ElastiCache, STS),
    a JSON one (its X-Amz-Target) or a Lambda REST one (its method and path)."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    service = scope.group(1) if scope else "unknown"
    params = parse_qs(body.decode("utf-8", "replace")) if body else {}
    params.update(parse_qs(environ.get("QUERY_STRING", "")))
    action = params.get("Action", [None])[0]
    if action is None:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        action = target.rsplit(".", 1)[-1] if target else None
    if action is None and service == "lambda":
        action = _lambda_operation(environ)
    if service == "monitoring":
        # CloudWatch signs as "monitoring"; its IAM actions, and so its log name, are cloudwatch:<Operation>.
        service, action = "cloudwatch", action or cloudwatch_cbor.handles(environ)
    if service == "tagging":
        # The Resource Groups Tagging API signs as "tagging"; its IAM actions are tag:<Operation>.
        service = "tag"
    return f"{service}:{action}" if action else None


def _is_dry_run(environ, body: bytes) -> bool:
    params = parse_qs(body.decode("utf-8", "replace")) if body else {}
    params.update(parse_qs(environ.get("QUERY_STRING", "")))
    return params.get("DryRun", ["false"])[0].lower() == "true"


def _json(start_response, status: str, payload) -> list:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def _aws_error(start_response, operation: str, fault: dict) -> list:
    code, message = fault["code"], fault.get("message") or f"Injected fault: {fault['code']}"
    request_id = str(uuid.uuid4())
    status = int(fault.get("status", 400))
    if operation.split(":", 1)[0] in ("lambda", "events", "logs"):
        # The JSON protocols' error: the code in x-amzn-ErrorType and `__type`.
        data = json.dumps({"__type": code, "Type": "User", "message": message, "Message": message}).encode()
        headers = [("Content-Type", "application/json"), ("x-amzn-ErrorType", code), ("x-amzn-RequestId", request_id),
                   ("Content-Length", str(len(data)))]
        start_response(f"{status} Injected", headers)
        return [data]
    if operation.startswith("ec2:"):
        body = (f"<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors>"
                f"<RequestID>{request_id}</RequestID></Response>")
    else:
        body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error>"
                f"<RequestId>{request_id}</RequestId></ErrorResponse>")
    data = body.encode()
    status = int(fault.get("status", 400))
    start_response(f"{status} Injected", [("Content-Type", "text/xml"), ("Content-Length", str(len(data)))])
    return [data]


def _due_fault(operation: str):
    with _lock:
        for fault in _faults:
            if fault["operation"] != operation:
                continue
            fault["seen"] += 1
            first = int(fault.get("nth", 1))
            if first <= fault["seen"] < first + int(fault.get("count", 1)):
                return fault
    return None


def set_state(body):
    from moto.ec2.models import ec2_backends
    from moto.elbv2.models import elbv2_backends

    state = body["state"]
    for account in list(elbv2_backends.keys()):
        for backend in elbv2_backends[account].values():
            balancer = backend.load_balancers.get(body.get("load_balancer"))
            if balancer is not None:
                balancer.state = state
                # Provisioning starts again now, for the configured time.
                balancer.created_at_monotonic = time.monotonic()
                return {"load_balancer": balancer.arn, "state": state}
        for backend in ec2_backends[account].values():
            service = backend.configurations.get(body.get("service_id"))
            if service is not None:
                service.service_state = state
                return {"service_id": service.id, "state": state}
    raise LookupError("no such load balancer or endpoint service")


class Middleware:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            return self.control(path, environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        iam.remember_body(body)
        operation = operation_of(environ, body)
        dry_run = operation is not None and operation.startswith("ec2:") and _is_dry_run(environ, body)
        if operation:
            logged = f"{operation}[DryRun]" if dry_run else operation
            with _lock:
                _counts[logged] += 1
                _sequence.append(logged)
        latency = settings.get("latency_ms")
        if latency > 0:
            time.sleep(latency / 1000)
        fault = _due_fault(operation) if operation else None
        if fault and fault.get("lost"):
            answer = self.app(environ, lambda status, headers, exc_info=None: (lambda data: None))
            try:
                for _ in answer:
                    pass
            finally:
                getattr(answer, "close", lambda: None)()
            return _aws_error(start_response, operation, fault)
        if fault:
            return _aws_error(start_response, operation, fault)
        cbor_operation = cloudwatch_cbor.handles(environ)
        if cbor_operation:
            return cloudwatch_cbor.serve(self.app, environ, start_response, cbor_operation)
        if dry_run:
            # moto ignores DryRun on some creates and makes the resource; AWS never does.
            # AWS documents DryRun as a permission check only: "Checks whether you have the
            # required permissions for the action, without actually making the request ...
            # If you have the required permissions, the error response is DryRunOperation"
            # (e.g. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html),
            # so the answer does not depend on whether the named resources exist; the tool's
            # dry run relies on that for the IDs earlier steps would make.
            return _aws_error(start_response, operation, {"code": "DryRunOperation", "status": 412,
                                                          "message": "Request would have succeeded, but DryRun flag is set."})
        return self.app(environ, start_response)

    def control(self, path, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        try:
            body = json.loads(environ["wsgi.input"].read(length) or b"{}") if method == "POST" else {}
            query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            return _json(start_response, "200 OK", self.handle(method, path, body, query))
        except (KeyError, ValueError) as error:
            return _json(start_response, "400 Bad Request", {"error": str(error)})
        except LookupError as error:
            return _json(start_response, "404 Not Found", {"error": str(error)})

    def handle(self, method, path, body, query):
        if (method, path) == ("GET", "/_emulator/requests"):
            with _lock:
                counts = dict(sorted(_counts.items()))
                sequence = list(_sequence)
            return {"total": sum(counts.values()), "by_operation": counts, "sequence": sequence}
        if (method, path) == ("POST", "/_emulator/requests/reset"):
            with _lock:
                _counts.clear()
                _sequence.clear()
            return {"total": 0, "by_operation": {}}
        if (method, path) == ("POST", "/_emulator/settings"):
            return settings.update(body)
        if (method, path) == ("POST", "/_emulator/faults"):
            if "operation" not in body or "code" not in body:
                raise ValueError("a fault needs 'operation' (service:Operation) and 'code'")
            with _lock:
                _faults.append({**body, "seen": 0})
                return {"faults": [dict(f) for f in _faults]}
        if (method, path) == ("POST", "/_emulator/faults/reset"):
            with _lock:
                _faults.clear()
            return {"faults": []}
        if (method, path) == ("GET", "/_emulator/dns"):
            return {"name": query.get("name"), "addresses": resources.resolve(query.get("name"))}
        if (method, path) == ("POST", "/_emulator/failover"):
            old, new = resources.failover(body.get("name"))
            deliveries = lambda_runtime.after_failover(body.get("name"))
            return {"name": body.get("name"), "old_address": old, "new_address": new, "deliveries": deliveries}
        if (method, path) == ("GET", "/_emulator/reach"):
            return traffic.reach(query["endpoint"], int(query["port"]), query.get("source"))
        if (method, path) == ("POST", "/_emulator/state"):
            return set_state(body)
        if (method, path) == ("GET", "/_emulator/sns/messages"):
            return {"topic": query["topic"], "messages": connection_notifications.messages(query["topic"])}
        if (method, path) == ("POST", "/_emulator/schedules/run"):
            return lambda_runtime.run_schedules(body)
        if (method, path) == ("POST", "/_emulator/user"):
            return iam.create_user(body)
        if (method, path) == ("POST", "/_emulator/auth"):
            return iam.enforce(body)
        if (method, path) == ("POST", "/_emulator/reset"):
            from moto.moto_api import _internal

            _internal.moto_api_backend.reset()
            with _lock:
                _counts.clear()
                _sequence.clear()
                _faults.clear()
            resources.reset()
            settings.reset()
            iam.enforce({"enforce": False})
            return {"reset": True}
        if path == "/_emulator/health":
            return {"ok": True}
        raise LookupError(f"no control endpoint {method} {path}")

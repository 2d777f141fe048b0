"""CloudWatch over Smithy RPC v2 CBOR, the protocol the AWS SDKs now speak to it. moto
5.2.1 answers CloudWatch in the Query and JSON protocols only, so a CBOR request
(`POST /service/GraniteServiceVersion20100801/operation/<Operation>`, `Content-Type:
application/cbor`, header `smithy-protocol: rpc-v2-cbor`) got a 404 and the Rust SDK
could not reach it.

The protocol, as the Smithy spec defines it
(https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html): the operation in
the path, the input as one CBOR map, timestamps as epoch seconds under tag 1; the answer
a CBOR map with `smithy-protocol: rpc-v2-cbor`; an error a map with `__type` and
`message`, and, CloudWatch being `awsQueryCompatible`, the Query code in
`x-amzn-query-error: <Code>;<Sender|Receiver>` (botocore 1.44's model of CloudWatch
declares `protocols: [smithy-rpc-v2-cbor, json, query]`).

This front end decodes the CBOR input with botocore's own CBOR parser and CloudWatch's
model, hands the call to moto in CloudWatch's JSON protocol (same model, same
operation), and encodes moto's answer, or its error, back to CBOR with botocore's CBOR
serializer. With IAM checking on, the caller named by the request's credential is
authorized for `cloudwatch:<Operation>` on `*` ("you specify a wildcard character (*) as
the resource value" for CloudWatch's actions:
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/permissions-reference-cw.html)
before moto sees the call.
"""

import io
import json
import re

from botocore import parsers, serialize
from botocore.session import get_session

from . import iam

PATH = re.compile(r"^/service/GraniteServiceVersion20100801/operation/([A-Za-z]+)$")
_model = {}


def _service_model():
    if "model" not in _model:
        _model["model"] = get_session().get_service_model("cloudwatch")
    return _model["model"]


def handles(environ) -> str | None:
    """The operation, when this is a CBOR call to CloudWatch."""
    match = PATH.match(environ.get("PATH_INFO", ""))
    return match.group(1) if match and environ.get("REQUEST_METHOD") == "POST" else None


def _cbor(value, shape) -> bytes:
    out = bytearray()
    serialize.RpcV2CBORSerializer()._serialize_data_item(out, value, shape)
    return bytes(out)


def _error(start_response, status: int, code: str, message: str, sender: bool = True, query_error: str | None = None) -> list:
    body = _encode_plain({"__type": code, "message": message})
    query_error = query_error or f"{code};{'Sender' if sender else 'Receiver'}"
    headers = [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"),
               ("x-amzn-query-error", query_error), ("Content-Length", str(len(body)))]
    start_response(f"{status} Error", headers)
    return [body]


def _encode_plain(value: dict) -> bytes:
    """A CBOR map of text to text (an error's body)."""
    def head(major, length):
        if length < 24:
            return bytes([(major << 5) | length])
        if length < 256:
            return bytes([(major << 5) | 24, length])
        return bytes([(major << 5) | 25]) + length.to_bytes(2, "big")

    out = bytearray(head(5, len(value)))
    for key, text in value.items():
        for item in (key, text):
            data = item.encode()
            out += head(3, len(data)) + data
    return bytes(out)


def _caller(environ) -> tuple:
    """(access key, account, region) of the request: the account as moto decides it (its
    `x-moto-account-id` header, else the key's), the region from the credential scope."""
    from moto.iam.models import get_account_id_from

    found = re.search(r"Credential=([^/]+)/[0-9]+/([a-z0-9-]+)/", environ.get("HTTP_AUTHORIZATION", ""))
    if not found:
        return "", None, None
    key_id, region = found.groups()
    return key_id, environ.get("HTTP_X_MOTO_ACCOUNT_ID") or get_account_id_from(key_id), region


def _authorizations(operation: str, params: dict, account: str, region: str) -> list:
    """(action, resource) for each authorization the call needs. An alarm's calls are
    authorized on the alarm (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`, the
    reference's `alarm` resource type), and a PutMetricAlarm that tags the alarm also
    needs `cloudwatch:TagResource` ("you must have the cloudwatch:TagResource permission
    in addition to cloudwatch:PutMetricAlarm": PutMetricAlarm, Tags, in the API Reference,
    https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html;
    https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html).
    The rest (GetMetricData, DescribeAlarms, ...) on "*"."""
    action = f"cloudwatch:{operation}"
    alarm = lambda name: f"arn:aws:cloudwatch:{region}:{account}:alarm:{name}"
    if operation == "PutMetricAlarm":
        checks = [(action, alarm(params.get("AlarmName", "*")))]
        if params.get("Tags"):
            checks.append(("cloudwatch:TagResource", alarm(params.get("AlarmName", "*"))))
        return checks
    if operation == "DeleteAlarms":
        return [(action, alarm(name)) for name in params.get("AlarmNames", [])] or [(action, "*")]
    if operation in ("TagResource", "UntagResource"):
        return [(action, params.get("ResourceARN", "*"))]
    return [(action, "*")]


def _denial(environ, operation: str, params: dict) -> str | None:
    """None when the caller may make the call (or checking is off), else IAM's message."""
    from moto import settings as moto_settings
    from moto.iam import access_control

    if moto_settings.INITIAL_NO_AUTH_ACTION_COUNT != 0:
        return None
    key_id, account, region = _caller(environ)
    headers = {"X-Amz-Security-Token": environ["HTTP_X_AMZ_SECURITY_TOKEN"]} if "HTTP_X_AMZ_SECURITY_TOKEN" in environ else {}
    try:
        key = access_control.create_access_key(account, "aws", key_id, headers)
        documents = [access_control.IAMPolicy(p)._policy_json for p in key.collect_policies()]
        caller = key.arn
    except Exception:  # an access key IAM does not know: nothing allows it anything
        documents, caller = [], f"the access key {key_id}"
    for action, resource in _authorizations(operation, params, account, region):
        if not iam.decide(documents, action, resource, {}):
            return (f"User: {caller} is not authorized to perform: {action} on resource: {resource} "
                    f"because no identity-based policy allows the {action} action")
    return None


def _publish_what_elb_measures_now(environ) -> None:
    """The host counts Elastic Load Balancing publishes every minute (metrics.py), for
    the caller's account and the request's region."""
    from . import metrics

    _, account, region = _caller(environ)
    if account:
        metrics.publish_host_counts(account, region)


def serve(app, environ, start_response, operation: str) -> list:
    model = _service_model()
    try:
        op = model.operation_model(operation)
    except Exception:
        return _error(start_response, 400, "UnknownOperationException", f"unknown operation {operation}")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    params = parsers.RpcV2CBORParser().parse({"body": body, "headers": {}, "status_code": 200}, op.input_shape) if body else {}
    params.pop("ResponseMetadata", None)
    denied = _denial(environ, operation, params)
    if denied is not None:
        return _error(start_response, 403, "AccessDenied", denied)
    if operation in ("GetMetricData", "GetMetricStatistics"):
        _publish_what_elb_measures_now(environ)
    request = serialize.JSONSerializer().serialize_to_request(params, op)
    data = request["body"] if isinstance(request["body"], bytes) else request["body"].encode()
    forwarded = dict(environ)
    forwarded.update({
        "PATH_INFO": "/", "QUERY_STRING": "", "CONTENT_TYPE": "application/x-amz-json-1.0",
        "HTTP_CONTENT_TYPE": "application/x-amz-json-1.0", "HTTP_X_AMZ_TARGET": f"GraniteServiceVersion20100801.{operation}",
        "CONTENT_LENGTH": str(len(data)), "wsgi.input": io.BytesIO(data),
    })
    answer = {}

    def capture(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)
        return lambda chunk: None

    with iam.already_authorized():
        chunks = app(forwarded, capture)
        try:
            raw = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
    if answer["status"] >= 400:
        try:
            error = json.loads(raw or b"{}")
        except ValueError:
            error = {}
        code = (error.get("__type") or answer["headers"].get("x-amzn-ErrorType") or "InternalFailure").split("#")[-1].split(":")[0]
        # moto's JSON answer carries the Query code already (`ValidationError;Sender`).
        query_error = next((v for k, v in answer["headers"].items() if k.lower() == "x-amzn-query-error"), None)
        return _error(start_response, answer["status"], code, error.get("message") or error.get("Message") or "",
                      answer["status"] < 500, query_error)
    parsed = parsers.JSONParser().parse({"body": raw, "headers": answer["headers"], "status_code": 200}, op.output_shape) if op.output_shape else {}
    parsed.pop("ResponseMetadata", None)
    out = _cbor(parsed, op.output_shape) if op.output_shape else _encode_plain({})
    start_response("200 OK", [("Content-Type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"), ("Content-Length", str(len(out)))])
    return [out]

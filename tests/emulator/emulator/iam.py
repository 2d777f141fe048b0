"""Identity-based policies evaluated as AWS evaluates them, for the EC2 and ELB calls
this tool makes. moto's own access control checks the Action only: it authorizes every
EC2 and ELB call against the resource "*" and treats a condition it has no value for
as met, so a policy scoped by ARN denies everything and one scoped by tags allows
everything. AWS instead authorizes each resource a call touches, with the request's
context (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html):
an explicit Deny wins, otherwise some Allow must match the action, the resource and
every condition; a condition key the request lacks does not match
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).

What each call is authorized on, from the Service Authorization Reference
(https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html,
https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html):
- a create on the new resource, with `aws:RequestTag/<key>` from the request's tags;
  CreateSecurityGroup on the VPC too; CreateLoadBalancer with `elasticloadbalancing:Scheme`;
- tags given at create time as a second authorization of `ec2:CreateTags` /
  `elasticloadbalancing:AddTags` with `ec2:CreateAction` / `elasticloadbalancing:CreateAction`
  (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html,
  https://docs.aws.amazon.com/elasticloadbalancing/latest/network/tagging.html);
- a change on the resource it changes, with `aws:ResourceTag/<key>` from its tags;
  CreateListener on its load balancer;
- AuthorizeSecurityGroupIngress with tags for the new rule: on the group, and on the
  rule (`security-group-rule`, with `aws:RequestTag/<key>`), and `ec2:CreateTags` on the
  rule with `ec2:CreateAction` (the reference lists `security-group-rule` among the
  call's resource types and `ec2:CreateTags` as its dependent action);
- Describe calls on "*".
A denied call answers as AWS does, naming the action that was denied (`ec2:CreateTags`
when only the tags were not allowed) and the resource: EC2 with `UnauthorizedOperation`
(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html), ELB with
`AccessDenied` (as RDS and ElastiCache), in each API's error shape; the message as IAM words it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
moto's own answer (`<ErrorResponse><Errors>`) is neither shape, and the AWS SDKs read it
as an unhandled error with no code.

`POST /_emulator/user {"name": ..., "policy": {...}}` makes a user with that inline
policy and returns its keys; `POST /_emulator/auth {"enforce": true}` turns checking on
for every later call (false: off, the default).
"""

import fnmatch
import json
import re
import threading
import uuid
from urllib.parse import unquote

from werkzeug.exceptions import HTTPException

from moto import settings as moto_settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.ec2.models import ec2_backends
from moto.elbv2.models import elbv2_backends
from moto.iam import access_control
from moto.iam.models import iam_backends

DEFAULT_ACCOUNT = "123456789012"


def _params(data) -> dict:
    return {key: (value[0] if isinstance(value, list) else value) for key, value in (data or {}).items()}


def _indexed(params: dict, pattern: str) -> list:
    """Values of `Prefix.N[.Suffix]` parameters, in N order; pattern holds one `(\\d+)`."""
    found = []
    for key, value in params.items():
        match = re.fullmatch(pattern, key)
        if match:
            found.append((int(match.group(1)), value))
    return [value for _, value in sorted(found)]


def _ec2_request_tags(params: dict) -> dict:
    tags = {}
    for spec in sorted({int(m.group(1)) for k in params if (m := re.match(r"TagSpecification\.(\d+)\.", k))}):
        keys = _indexed(params, rf"TagSpecification\.{spec}\.Tag\.(\d+)\.Key")
        values = _indexed(params, rf"TagSpecification\.{spec}\.Tag\.(\d+)\.Value")
        tags.update(zip(keys, values))
    return tags


def _elb_request_tags(params: dict) -> dict:
    return dict(zip(_indexed(params, r"Tags\.member\.(\d+)\.Key"), _indexed(params, r"Tags\.member\.(\d+)\.Value")))


def _context(request_tags=None, resource_tags=None, **extra) -> dict:
    context = {f"aws:RequestTag/{k}": v for k, v in (request_tags or {}).items()}
    context.update({f"aws:ResourceTag/{k}": v for k, v in (resource_tags or {}).items()})
    context.update(extra)
    return context


_EC2_OWNED = {
    "AuthorizeSecurityGroupIngress": ("security-group", "GroupId"),
    "RevokeSecurityGroupIngress": ("security-group", "GroupId"),
    "DeleteSecurityGroup": ("security-group", "GroupId"),
    "ModifyVpcEndpointServiceConfiguration": ("vpc-endpoint-service", "ServiceId"),
    "ModifyVpcEndpointServicePermissions": ("vpc-endpoint-service", "ServiceId"),
    "AcceptVpcEndpointConnections": ("vpc-endpoint-service", "ServiceId"),
    "RejectVpcEndpointConnections": ("vpc-endpoint-service", "ServiceId"),
}
_EC2_CREATES = {"CreateSecurityGroup": "security-group", "CreateVpcEndpointServiceConfiguration": "vpc-endpoint-service"}
_ELB_ON_TARGET_GROUP = {"RegisterTargets", "DeregisterTargets", "DeleteTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes"}
_ELB_ON_LOAD_BALANCER = {"ModifyLoadBalancerAttributes", "SetSecurityGroups", "SetSubnets", "DeleteLoadBalancer", "CreateListener"}


def _role_tags(account: str, role: str) -> dict:
    try:
        found = iam_backends[account]["aws"].get_role(role).tags
    except Exception:  # no such role: the call answers NoSuchEntity once authorized
        return {}
    found = found.values() if isinstance(found, dict) else found
    return {tag["Key"]: tag["Value"] for tag in found}


def _json_body(body: bytes) -> dict:
    try:
        found = json.loads(body) if body else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _sync_authorizations(service: str, operation: str, action: str, params: dict, account: str, region: str,
                         path: str, body: bytes) -> list:
    """IAM, Lambda, EventBridge and CloudWatch Logs calls on the resource each names, as
    the Service Authorization Reference lists their resource types: a role
    (arn:aws:iam::<account>:role/<name>), a function (arn:aws:lambda:…:function:<name>), a
    rule (arn:aws:events:…:rule/<name>), a log group (arn:aws:logs:…:log-group:<name>).
    Giving a function a role is also `iam:PassRole` on the role; tags in a create are
    also the service's tagging action
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html,
    list_amazoneventbridge.html, list_amazoncloudwatchlogs.html, list_awsidentityandaccessmanagementiam.html)."""
    data = _json_body(body)
    if service == "iam":
        role = params.get("RoleName")
        if not role:
            return [(action, "*", {})]
        arn = f"arn:aws:iam::{account}:role/{role}"
        # A role's tags are its resource tags, the request's its request tags; a role
        # created with tags is TagRole too ("Controlling access to and for IAM users and
        # roles using tags": https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html).
        requested = _elb_request_tags(params)
        if operation == "CreateRole":
            return [(action, arn, _context(requested))] + ([("iam:TagRole", arn, _context(requested))] if requested else [])
        return [(action, arn, _context(requested, _role_tags(account, role)))]
    if service == "lambda":
        named = re.match(r"^/2015-03-31/functions/([^/?]+)", path or "")
        name = unquote(named.group(1)) if named else data.get("FunctionName")
        if not name:
            return [(action, "*", {})]
        arn = name if name.startswith("arn:") else f"arn:aws:lambda:{region}:{account}:function:{name}"
        checks = [(action, arn, {})]
        if operation in ("CreateFunction", "UpdateFunctionConfiguration") and data.get("Role"):
            # PassRole carries the service the role is passed to, never the role's tags
            # (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#ck_PassedToService).
            checks.append(("iam:PassRole", data["Role"], {"iam:PassedToService": "lambda.amazonaws.com"}))
        if operation == "CreateFunction" and data.get("Tags"):
            checks.append(("lambda:TagResource", arn, {}))
        return checks
    if service == "events":
        name = data.get("Name") or data.get("Rule")
        if not name:
            return [(action, "*", {})]
        arn = f"arn:aws:events:{region}:{account}:rule/{name}"
        return [(action, arn, {})] + ([("events:TagResource", arn, {})] if operation == "PutRule" and data.get("Tags") else [])
    if service == "logs":
        name = data.get("logGroupName")
        if not name or operation.startswith("Describe"):
            return [(action, "*", {})]
        # A log group's ARN ends in ":*" for every action but tagging, a stream's names
        # the stream ("Overview of managing access permissions to your CloudWatch Logs
        # resources": https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html).
        group = f"arn:aws:logs:{region}:{account}:log-group:{name}"
        if operation == "PutLogEvents":
            return [(action, f"{group}:log-stream:{data.get('logStreamName', '*')}", {})]
        return [(action, f"{group}:*", {})] + ([("logs:TagResource", group, {})] if operation == "CreateLogGroup" and data.get("tags") else [])
    return [(action, "*", {})]


def authorizations(action: str, params: dict, account: str, region: str, path: str = "", body: bytes = b"", resource: str = "*") -> list:
    """(action, resource ARN, context) for every authorization AWS makes for this call;
    a call this layer does not model is authorized on the resource moto names (`resource`)."""
    service, operation = action.split(":", 1)
    if service in ("iam", "lambda", "events", "logs") and not operation.startswith(("Get", "List", "Describe")):
        return _sync_authorizations(service, operation, action, params, account, region, path, body)
    if service == "ec2":
        backend = ec2_backends[account][region]

        def arn(kind, rid):
            return f"arn:aws:ec2:{region}:{account}:{kind}/{rid}"

        def owned(kind, rid):
            return (action, arn(kind, rid), _context(resource_tags=dict(backend.tags.get(rid, {}))))

        if operation in _EC2_CREATES:
            kind = _EC2_CREATES[operation]
            tags = _ec2_request_tags(params)
            checks = [(action, arn(kind, "*"), _context(tags))]
            if operation == "CreateSecurityGroup":
                checks.append((action, arn("vpc", params.get("VpcId", "*")), {}))
            if tags:
                checks.append(("ec2:CreateTags", arn(kind, "*"), _context(tags, **{"ec2:CreateAction": operation})))
            return checks
        if operation in _EC2_OWNED:
            kind, key = _EC2_OWNED[operation]
            checks = [owned(kind, params.get(key, "*"))]
            tags = _ec2_request_tags(params)
            if operation == "AuthorizeSecurityGroupIngress" and tags:
                checks.append((action, arn("security-group-rule", "*"), _context(tags)))
                checks.append(("ec2:CreateTags", arn("security-group-rule", "*"), _context(tags, **{"ec2:CreateAction": operation})))
            return checks
        # An interface endpoint: on the new endpoint with the request's tags, on the VPC,
        # and on each subnet and security group it is given, each with its own tags; its
        # tags are CreateTags as part of the call (Service Authorization Reference,
        # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html:
        # CreateVpcEndpoint, resource types vpc*, vpc-endpoint*, subnet, security-group).
        # Deleting one is authorized on it, with its tags.
        if operation == "CreateVpcEndpoint":
            tags = _ec2_request_tags(params)
            checks = [(action, arn("vpc-endpoint", "*"), _context(tags)), owned("vpc", params.get("VpcId", "*"))]
            checks += [owned("subnet", sid) for sid in _indexed(params, r"SubnetId\.(\d+)")]
            checks += [owned("security-group", gid) for gid in _indexed(params, r"SecurityGroupId\.(\d+)")]
            if tags:
                checks.append(("ec2:CreateTags", arn("vpc-endpoint", "*"), _context(tags, **{"ec2:CreateAction": operation})))
            return checks
        if operation == "DeleteVpcEndpoints":
            return [owned("vpc-endpoint", vid) for vid in _indexed(params, r"VpcEndpointId\.(\d+)")]
        if operation == "DeleteVpcEndpointServiceConfigurations":
            return [owned("vpc-endpoint-service", sid) for sid in _indexed(params, r"ServiceId\.(\d+)")]
        # A connection notification has no ARN of its own: authorized on the endpoint
        # service it watches (the resource the request names), with the service's tags.
        if operation == "CreateVpcEndpointConnectionNotification":
            return [owned("vpc-endpoint-service", params.get("ServiceId", "*"))]
        if operation == "DeleteVpcEndpointConnectionNotifications":
            store = backend.__dict__.get("connection_notifications", {})
            ids = _indexed(params, r"ConnectionNotificationId\.(\d+)")
            return [owned("vpc-endpoint-service", store.get(nid, {}).get("ServiceId", "*")) for nid in ids]
        if operation == "CreateTags":
            tags = dict(zip(_indexed(params, r"Tag\.(\d+)\.Key"), _indexed(params, r"Tag\.(\d+)\.Value")))
            kinds = {"sg-": "security-group", "vpce-svc-": "vpc-endpoint-service", "vpc-": "vpc", "subnet-": "subnet"}
            checks = []
            for rid in _indexed(params, r"ResourceId\.(\d+)"):
                kind = next((k for prefix, k in kinds.items() if rid.startswith(prefix)), "*")
                checks.append((action, arn(kind, rid), _context(tags, dict(backend.tags.get(rid, {})))))
            return checks
    if service == "sns" and not operation.startswith(("Get", "List")):
        # On the topic (the reference's `topic` resource type): CreateTopic's by its name,
        # the others' by the ARN they name (a subscription's topic is its ARN's prefix).
        # https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsns.html
        if operation == "CreateTopic":
            return [(action, f"arn:aws:sns:{region}:{account}:{params.get('Name', '*')}", {})]
        topic = params.get("TopicArn") or params.get("ResourceArn") or params.get("SubscriptionArn", "*").rsplit(":", 1)[0]
        return [(action, topic, {})]
    if service == "elasticloadbalancing":
        backend = elbv2_backends[account][region]

        def arn(rest):
            return f"arn:aws:elasticloadbalancing:{region}:{account}:{rest}"

        def tags_of(resource_arn):
            return backend.tagging_service.get_tag_dict_for_resource(resource_arn)

        tags = _elb_request_tags(params)

        def tag_on_create(resource_arn):
            return [("elasticloadbalancing:AddTags", resource_arn, _context(tags, **{"elasticloadbalancing:CreateAction": operation}))] if tags else []

        if operation == "CreateTargetGroup":
            resource = arn(f"targetgroup/{params.get('Name', '*')}/*")
            return [(action, resource, _context(tags))] + tag_on_create(resource)
        if operation == "CreateLoadBalancer":
            kind = {"network": "net", "gateway": "gwy"}.get(params.get("Type", "application"), "app")
            resource = arn(f"loadbalancer/{kind}/{params.get('Name', '*')}/*")
            scheme = params.get("Scheme", "internet-facing")
            return [(action, resource, _context(tags, **{"elasticloadbalancing:Scheme": scheme}))] + tag_on_create(resource)
        if operation in _ELB_ON_LOAD_BALANCER:
            lb = params.get("LoadBalancerArn", "*")
            checks = [(action, lb, _context(tags, tags_of(lb)))]
            if operation == "CreateListener":
                checks += tag_on_create(lb.replace(":loadbalancer/", ":listener/") + "/*")
            return checks
        if operation in _ELB_ON_TARGET_GROUP:
            group = params.get("TargetGroupArn", "*")
            return [(action, group, _context(resource_tags=tags_of(group)))]
        if operation == "DeleteListener":
            # Authorized on the listener itself, with its own tags (listener/net/… and
            # aws:ResourceTag in the Service Authorization Reference for ELB v2:
            # https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html).
            listener = params.get("ListenerArn", "*")
            return [(action, listener, _context(resource_tags=tags_of(listener)))]
        if operation in ("AddTags", "RemoveTags"):
            return [(action, r, _context(tags, tags_of(r))) for r in _indexed(params, r"ResourceArns\.member\.(\d+)")]
    return [(action, resource, {})]


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _condition_holds(operator: str, expected: dict, context: dict) -> bool:
    matchers = {
        "StringEquals": lambda actual, wanted: actual == wanted,
        "StringLike": lambda actual, wanted: fnmatch.fnmatchcase(actual, wanted),
        # ARNs compared with wildcards, as StringLike (the ARN operators match each part
        # with the same `*` and `?`: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
        "ArnLike": lambda actual, wanted: fnmatch.fnmatchcase(actual, wanted),
        "ArnEquals": lambda actual, wanted: fnmatch.fnmatchcase(actual, wanted),
    }
    if operator not in matchers:
        # An operator this layer does not know must not pass for met.
        return False
    for key, wanted in expected.items():
        actual = next((v for k, v in context.items() if k.lower() == key.lower()), None)
        if actual is None or not any(matchers[operator](actual, str(w)) for w in _as_list(wanted)):
            return False
    return True


def _statement_applies(statement: dict, action: str, resource: str, context: dict) -> bool:
    if "Action" in statement and not any(fnmatch.fnmatch(action.lower(), a.lower()) for a in _as_list(statement["Action"])):
        return False
    if "NotAction" in statement and any(fnmatch.fnmatch(action.lower(), a.lower()) for a in _as_list(statement["NotAction"])):
        return False
    if not any(fnmatch.fnmatchcase(resource, r) for r in _as_list(statement.get("Resource", "*"))):
        return False
    return all(_condition_holds(op, expected, context) for op, expected in statement.get("Condition", {}).items())


def decide(documents: list, action: str, resource: str, context: dict) -> bool:
    """Allowed: some Allow applies and no Deny does."""
    allowed = False
    for document in documents:
        for statement in _as_list(document.get("Statement", [])):
            if _statement_applies(statement, action, resource, context):
                if statement.get("Effect") == "Deny":
                    return False
                allowed = True
    return allowed


class Denied(HTTPException):
    code = 403

    def __init__(self, service: str, user: str, action: str, resource: str):
        message = (
            f"User: {user} is not authorized to perform: {action} on resource: {resource} "
            f"because no identity-based policy allows the {action} action"
        )
        self._json = service in ("lambda", "events", "logs", "tagging", "tag")
        if self._json:
            # The JSON protocols' error shape: Lambda (REST-JSON) and EventBridge and
            # CloudWatch Logs (JSON 1.1) answer `AccessDeniedException` with a message.
            body = json.dumps({"__type": "AccessDeniedException", "Type": "User", "message": message, "Message": message})
        elif service == "sns":
            # SNS answers a denial with `AuthorizationError`, HTTP 403
            # (https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html, Errors).
            body = (
                f"<ErrorResponse><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>{message}</Message></Error>"
                f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
            )
        elif service == "ec2":
            body = (
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code>"
                f"<Message>You are not authorized to perform this operation. {message}</Message></Error></Errors>"
                f"<RequestID>{uuid.uuid4()}</RequestID></Response>"
            )
        else:
            body = (
                f"<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>{message}</Message></Error>"
                f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
            )
        super().__init__(description=body)

    def get_headers(self, *args, **kwargs):
        if self._json:
            return [("Content-Type", "application/json"), ("x-amzn-ErrorType", "AccessDeniedException")]
        return super().get_headers(*args, **kwargs)

    def get_body(self, *args, **kwargs):
        return self.description if self._json else super().get_body(*args, **kwargs)


# Operations whose IAM action has another name: Lambda's Invoke is authorized as
# lambda:InvokeFunction (Service Authorization Reference, list_awslambda.html: "InvokeFunction
# ... Grants permission to invoke a function", API operation Invoke).
_ACTION_OF = {"lambda:Invoke": "lambda:InvokeFunction"}
# Services whose IAM prefix is not their signing name: the Resource Groups Tagging API
# signs as `tagging` and is authorized as `tag:` (list_amazonresourcegroupstaggingapi.html).
_PREFIX_OF = {"tagging": "tag"}


def _iam_action(called: str) -> str:
    service, operation = called.split(":", 1)
    return _ACTION_OF.get(called, f"{_PREFIX_OF.get(service, service)}:{operation}")


def _check_action_permitted(self, resource: str) -> None:
    if self._action == "sts:GetCallerIdentity":
        return
    service = self._action.split(":", 1)[0]
    documents = [access_control.IAMPolicy(policy)._policy_json for policy in self._access_key.collect_policies()]
    body = getattr(_request, "body", b"")
    called = _iam_action(self._action)
    for action, arn, context in authorizations(called, _params(self._data), self.account_id, self._region, self._path, body, resource):
        if not decide(documents, action, arn, context):
            raise Denied(service, self._access_key.arn, action, arn)
    # Assuming a role also needs the role's trust policy to allow the caller
    # (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html): moto's check.
    if self._is_assuming_role_operation(resource) and not self._check_role_trust_relationship(resource):
        raise Denied(service, self._access_key.arn, self._action, resource)


def create_user(body: dict) -> dict:
    backend = iam_backends[body.get("account", DEFAULT_ACCOUNT)]["aws"]
    name = body["name"]
    if name not in backend.users:
        backend.create_user(region_name="us-east-1", user_name=name)
    backend.put_user_policy(name, "policy", json.dumps(body["policy"]))
    key = backend.create_access_key(name)
    return {"access_key_id": key.access_key_id, "secret_access_key": key.secret_access_key}


def enforce(body: dict) -> dict:
    moto_settings.INITIAL_NO_AUTH_ACTION_COUNT = 0 if body.get("enforce") else float("inf")
    ActionAuthenticatorMixin.request_count = 0
    return {"enforce": bool(body.get("enforce"))}


# The signature is over the bytes the client sent. moto's server hands the form it
# already parsed to the signature check, which encodes it again (a space as "+", where
# the SDKs send "%20"), so any signed request whose form holds a space (a security
# group's description) failed with AuthFailure. The middleware keeps the raw body here.
_request = threading.local()


def remember_body(body: bytes) -> None:
    _request.body = body


class already_authorized:
    """Within it, moto does not check the call again: a front end of this layer
    (cloudwatch_cbor.py) authorized the caller and hands moto a call it re-encoded, whose
    signature no longer matches its bytes."""

    def __enter__(self):
        _request.authorized = True

    def __exit__(self, *_):
        _request.authorized = False


def _authenticate_and_authorize_normal_action(self, resource: str = "*") -> None:
    if getattr(_request, "authorized", False):
        return
    _original_authenticate(self, resource)


def _create_aws_request(self):
    request = _original_create_request(self)
    if not hasattr(_request, "body"):
        # In-process (moto's mock_aws, no server in front): moto's own request is the one signed.
        return request
    raw = _request.body
    if not self._body and raw:
        request.data = raw
    # A request without a body (Lambda's REST GETs and DELETEs) was signed over an empty
    # payload; moto handed its parsed form (here the headers) to the check as the body.
    if not raw:
        request.data = b""
    return request


_original_check = access_control.IAMRequest.check_action_permitted
_original_authenticate = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action
_original_create_request = access_control.IAMRequestBase._create_aws_request


def install() -> None:
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authenticate_and_authorize_normal_action
    access_control.IAMRequest.check_action_permitted = _check_action_permitted
    access_control.IAMRequestBase._create_aws_request = _create_aws_request


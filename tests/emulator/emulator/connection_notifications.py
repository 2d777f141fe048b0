"""VPC endpoint connection notifications, which moto 5.2.1 lacks (its EC2 answers
`NotImplementedError`): "You can create a notification to receive alerts for specific
events that occur on the endpoints that are connected to your endpoint service", sent
to an SNS topic (https://docs.aws.amazon.com/vpc/latest/privatelink/create-notification-endpoint-service.html).

- CreateVpcEndpointConnectionNotification
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointConnectionNotification.html):
  a `ServiceId` of this account and region (else `InvalidVpcEndpointServiceId.NotFound`)
  or a `VpcEndpointId`; `ConnectionNotificationArn`, an SNS topic that exists (else
  `InvalidConnectionNotification`, "the ARN for the topic ... is not valid":
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html);
  `ConnectionEvents`, each of `Accept`, `Connect`, `Delete`, `Reject`
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ConnectionNotification.html),
  else `InvalidParameterValue`. The answer is the notification (`vpce-nfn-…`, type
  `Topic`, state `Enabled`, the service's region) and the `ClientToken`; the same token
  returns the notification it made the first time.
- DescribeVpcEndpointConnectionNotifications
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcEndpointConnectionNotifications.html):
  by `ConnectionNotificationId` (an unknown one is `InvalidConnectionNotification`) and
  the filters `connection-notification-arn`, `connection-notification-id`,
  `connection-notification-state`, `connection-notification-type`, `service-id`,
  `vpc-endpoint-id`; another filter is `InvalidParameterValue`.
- DeleteVpcEndpointConnectionNotifications
  (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpcEndpointConnectionNotifications.html):
  each ID deleted, or listed under `Unsuccessful` with `InvalidConnectionNotification`.

The events are sent as the page describes them: `Connect` when a consumer creates an
endpoint to the service, `Accept` and `Reject` when the provider accepts or rejects it,
`Delete` when the consumer deletes it, each to the topic of every enabled notification
on the service that asks for that event, published by `vpce.amazonaws.com`, so only when
the topic's policy lets that service publish, with `aws:SourceArn` the service's ARN and
`aws:SourceAccount` its account (the statement the page gives). An acceptance that needs
no provider (acceptance not required) sends no `Accept`: the page names none. AWS does
not document the message; the emulator's is JSON with the event, the service, the
endpoint and its owner, subject `VPC endpoint connection <event>`.
`GET /_emulator/sns/messages?topic=ARN` lists what a topic was sent.

Not emulated: a notification turning `Disabled`.
"""

import json
import secrets

from moto.core.responses import ActionResult
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.responses import EC2Response

EVENTS = {"Accept", "Connect", "Delete", "Reject"}


def _store(backend) -> dict:
    return backend.__dict__.setdefault("connection_notifications", {})


def _topic_exists(account: str, region: str, arn: str) -> bool:
    from moto.sns.models import sns_backends

    parts = arn.split(":")
    if len(parts) != 6 or parts[:3] != ["arn", "aws", "sns"] or parts[4] != account:
        return False
    backend = sns_backends[account].get(parts[3])
    return backend is not None and arn in backend.topics


def _invalid(message: str):
    return EC2ClientError("InvalidConnectionNotification", message)


def create_vpc_endpoint_connection_notification(self):
    backend = self.ec2_backend
    store = _store(backend)
    token = self._get_param("ClientToken")
    if token:
        for notification in store.values():
            if notification.get("_token") == token:
                return ActionResult({"ConnectionNotification": _view(notification), "ClientToken": token})
    service_id, endpoint_id = self._get_param("ServiceId"), self._get_param("VpcEndpointId")
    if bool(service_id) == bool(endpoint_id):
        raise EC2ClientError("InvalidParameterCombination", "Exactly one of ServiceId or VpcEndpointId must be specified")
    if service_id and service_id not in backend.configurations:
        raise EC2ClientError("InvalidVpcEndpointServiceId.NotFound", f"The VpcEndpointService Id '{service_id}' does not exist")
    if endpoint_id and endpoint_id not in backend.vpc_end_points:
        raise EC2ClientError("InvalidVpcEndpointId.NotFound", f"The VpcEndpoint ID '{endpoint_id}' does not exist")
    arn = self._get_param("ConnectionNotificationArn") or ""
    if not _topic_exists(backend.account_id, backend.region_name, arn):
        raise _invalid(f"The ARN for the topic ({arn}) is not valid")
    events = self._get_param("ConnectionEvents", [])
    if not events or any(e not in EVENTS for e in events):
        raise EC2ClientError("InvalidParameterValue", f"ConnectionEvents must be among {sorted(EVENTS)}, got {events}")
    notification = {
        "ConnectionNotificationId": f"vpce-nfn-{secrets.token_hex(9)[:17]}",
        "ConnectionNotificationType": "Topic",
        "ConnectionNotificationArn": arn,
        "ConnectionEvents": list(dict.fromkeys(events)),
        "ConnectionNotificationState": "Enabled",
        "ServiceRegion": backend.region_name,
        "_token": token,
    }
    if service_id:
        notification["ServiceId"] = service_id
    else:
        notification["VpcEndpointId"] = endpoint_id
    store[notification["ConnectionNotificationId"]] = notification
    answer = {"ConnectionNotification": _view(notification)}
    if token:
        answer["ClientToken"] = token
    return ActionResult(answer)


def _view(notification: dict) -> dict:
    return {k: v for k, v in notification.items() if not k.startswith("_")}


FILTERS = {
    "connection-notification-arn": "ConnectionNotificationArn",
    "connection-notification-id": "ConnectionNotificationId",
    "connection-notification-state": "ConnectionNotificationState",
    "connection-notification-type": "ConnectionNotificationType",
    "service-id": "ServiceId",
    "vpc-endpoint-id": "VpcEndpointId",
}


def describe_vpc_endpoint_connection_notifications(self):
    store = _store(self.ec2_backend)
    filters = self._filters_from_querystring()
    for name in filters:
        if name not in FILTERS:
            raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")
    wanted = self._get_param("ConnectionNotificationId")
    if wanted and wanted not in store:
        raise _invalid(f"The connection notification ID '{wanted}' does not exist")
    found = [n for n in store.values()
             if (not wanted or n["ConnectionNotificationId"] == wanted)
             and all(n.get(FILTERS[name]) in values for name, values in filters.items())]
    return ActionResult({"ConnectionNotificationSet": [_view(n) for n in found]})


def delete_vpc_endpoint_connection_notifications(self):
    store = _store(self.ec2_backend)
    unsuccessful = []
    for notification_id in self._get_param("ConnectionNotificationIds", []):
        if store.pop(notification_id, None) is None:
            unsuccessful.append({"ResourceId": notification_id, "Error": {
                "Code": "InvalidConnectionNotification", "Message": f"The connection notification ID '{notification_id}' does not exist"}})
    return ActionResult({"Unsuccessful": unsuccessful})


def _may_publish(topic, service_arn: str, account: str) -> bool:
    """The topic's policy lets vpce.amazonaws.com publish for this service."""
    from . import iam

    policy = json.loads(topic._policy_json) if isinstance(topic._policy_json, str) else topic._policy_json
    context = {"aws:SourceArn": service_arn, "aws:SourceAccount": account}
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal", {})
        services = principal.get("Service", []) if isinstance(principal, dict) else []
        if statement.get("Effect") != "Allow" or "vpce.amazonaws.com" not in iam._as_list(services):
            continue
        if not any(a.lower() in ("sns:publish", "sns:*", "*") for a in iam._as_list(statement.get("Action", []))):
            continue
        if all(iam._condition_holds(op, expected, context) for op, expected in statement.get("Condition", {}).items()):
            return True
    return False


def send(service, endpoint_id: str, owner: str, event: str) -> list:
    """The event to each notification on the service that asks for it; the topics sent to."""
    from moto.sns.models import sns_backends

    backend = service.ec2_backend
    account, region = backend.account_id, backend.region_name
    service_arn = f"arn:aws:ec2:{region}:{account}:vpc-endpoint-service/{service.id}"
    sent = []
    for notification in list(_store(backend).values()):
        if notification.get("ServiceId") != service.id or event not in notification["ConnectionEvents"]:
            continue
        topic = sns_backends[account][region].topics.get(notification["ConnectionNotificationArn"])
        if topic is None or not _may_publish(topic, service_arn, account):
            continue
        message = {"Event": event, "ServiceId": service.id, "VpcEndpointId": endpoint_id, "VpcEndpointOwner": owner}
        topic.publish(json.dumps(message), subject=f"VPC endpoint connection {event}")
        sent.append(topic.arn)
    return sent


def messages(topic_arn: str) -> list:
    """What a topic was sent: `[{"subject", "message"}]`."""
    from moto.sns.models import sns_backends

    parts = topic_arn.split(":")
    topic = sns_backends[parts[4]][parts[3]].topics.get(topic_arn) if len(parts) == 6 else None
    return [{"subject": subject, "message": message} for _, message, subject, _, _ in (topic.sent_notifications if topic else [])]


def install() -> None:
    EC2Response.create_vpc_endpoint_connection_notification = create_vpc_endpoint_connection_notification
    EC2Response.describe_vpc_endpoint_connection_notifications = describe_vpc_endpoint_connection_notifications
    EC2Response.delete_vpc_endpoint_connection_notifications = delete_vpc_endpoint_connection_notifications

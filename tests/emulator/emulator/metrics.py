"""What CloudWatch measures of a connection, published from the emulator's traffic model
(traffic.py), so that what a tool reads back was produced by behaviour, not planted.

A connection from a consumer's endpoint that reaches a target counts, at the time it is
made, in `AWS/NetworkELB` (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html):
`NewFlowCount` and `NewFlowCount_TCP` (1), `ProcessedBytes` and `ProcessedBytes_TCP`
("the total number of bytes processed by the load balancer, including TCP/IP headers":
here a handshake with no payload, three 40-byte IPv4+TCP headers, 120), each under the
dimension sets `LoadBalancer` and `AvailabilityZone, LoadBalancer`; and in
`AWS/PrivateLinkServices` (https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-cloudwatch-metrics.html):
`NewConnections` (1) and `BytesProcessed` (120) under `Service Id`, `Service Id, VPC
Endpoint Id`, `Az, Service Id` and `Load Balancer Arn, Service Id`.

A connection the NLB's security group refuses (enforcement on) counts only
`SecurityGroupBlockedFlowCount_Inbound_TCP` (1), "Blocked traffic is not reflected in
other metrics" (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html).

What the model does not decide (a target refusing, resets, flows that outlive the
call) is not published; tests put such data with PutMetricData.
"""

from moto.cloudwatch.models import cloudwatch_backends

HANDSHAKE_BYTES = 120


def load_balancer_dimension(arn: str) -> str:
    """`net/<name>/<id>`: the part of the ARN after `loadbalancer/`."""
    return arn.split(":loadbalancer/", 1)[1]


def _put(account: str, region: str, namespace: str, values: list, dimension_sets: list) -> None:
    data = [{"MetricName": name, "Dimensions": dims, "Value": value, "Unit": unit}
            for name, value, unit in values for dims in dimension_sets]
    cloudwatch_backends[account][region].put_metric_data(namespace, data)


def _nlb_sets(lb, zone: str) -> list:
    balancer = {"Name": "LoadBalancer", "Value": load_balancer_dimension(lb.arn)}
    return [[balancer], [{"Name": "AvailabilityZone", "Value": zone}, balancer]]


def connected(lb, zone: str, service, endpoint_id: str) -> None:
    account, region = service.ec2_backend.account_id, service.ec2_backend.region_name
    _put(account, region, "AWS/NetworkELB",
         [("NewFlowCount", 1, "Count"), ("NewFlowCount_TCP", 1, "Count"),
          ("ProcessedBytes", HANDSHAKE_BYTES, "Bytes"), ("ProcessedBytes_TCP", HANDSHAKE_BYTES, "Bytes")],
         _nlb_sets(lb, zone))
    service_id = {"Name": "Service Id", "Value": service.id}
    _put(account, region, "AWS/PrivateLinkServices",
         [("NewConnections", 1, "Count"), ("BytesProcessed", HANDSHAKE_BYTES, "Bytes")],
         [[service_id], [service_id, {"Name": "VPC Endpoint Id", "Value": endpoint_id}],
          [{"Name": "Az", "Value": zone}, service_id], [{"Name": "Load Balancer Arn", "Value": lb.arn}, service_id]])


def blocked_by_group(lb, zone: str, service) -> None:
    account, region = service.ec2_backend.account_id, service.ec2_backend.region_name
    _put(account, region, "AWS/NetworkELB", [("SecurityGroupBlockedFlowCount_Inbound_TCP", 1, "Count")], _nlb_sets(lb, zone))


def publish_host_counts(account: str, region: str) -> None:
    """`HealthyHostCount` and `UnHealthyHostCount` ("the number of targets that are
    considered healthy/unhealthy", reported when health checks are enabled, which a
    Network Load Balancer's groups always are; most useful as Maximum and Minimum), under
    `LoadBalancer, TargetGroup` (AWS also splits them by `AvailabilityZone`; the emulator
    does not) (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html).
    AWS publishes them every minute; the emulator decides health when it is asked
    (elbv2_patches._health_for), so it publishes this minute's counts whenever CloudWatch
    is read: the history a reader sees is the health at the moments someone looked.
    Groups with no registered target, or on no Network Load Balancer, publish nothing."""
    from moto.elbv2.models import elbv2_backends

    backend = elbv2_backends[account][region]
    for group in list(backend.target_groups.values()):
        if not group.targets:
            continue
        states = [group.health_for(target, backend.ec2_backend).status for target in list(group.targets.values())]
        counts = [("HealthyHostCount", states.count("healthy"), "Count"), ("UnHealthyHostCount", states.count("unhealthy"), "Count")]
        target_group = {"Name": "TargetGroup", "Value": group.arn.rsplit(":", 1)[1]}
        for arn in group.load_balancer_arns:
            lb = backend.load_balancers.get(arn)
            if lb is None or lb.type != "network":
                continue
            balancer = {"Name": "LoadBalancer", "Value": load_balancer_dimension(arn)}
            _put(account, region, "AWS/NetworkELB", counts, [[balancer, target_group]])

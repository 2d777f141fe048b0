"""Functions attached to a VPC. Such a function reaches the VPC's addresses, which this
machine does not have, so the emulator never runs its code (that would send traffic
off the loopback). Lambda gives it a network interface in each of its subnets, with its
security groups ("Lambda creates a Hyperplane ENI for each subnet in your function's
VPC configuration", https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html);
here made at CreateFunction, described `AWS Lambda VPC ENI-<function>-<id>`, type
`lambda`.

Its life, as Lambda's pages give it:
- it is `Pending` (StateReasonCode `Creating`) while Lambda makes its interfaces, then
  `Active`; an Invoke meanwhile is refused with `ResourceConflictException`
  (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html); here for
  `lambda_vpc_pending_seconds` (settings.py);
- deleted, its interfaces stay a while before Lambda releases them, and hold its
  security groups, so deleting a group is `DependencyViolation` until then ("Lambda
  ... deletes the ENI ... This can take up to 20 minutes";
  https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-enis);
  here for `lambda_eni_release_seconds`. A group any interface holds cannot be deleted
  ("If you attempt to delete a security group that is associated with ... a network
  interface ... the operation fails with DependencyViolation",
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html).

Invoking it answers the prober's event (src/connection/probe/prober.py: `{"dials": [{id,
host, port, protocol, timeout_ms}]}` → `{"results": [...]}`, the same fields and words)
from the traffic model (traffic.py), never planted:
- from the function's interface in the subnet of the destination's zone (else its first),
  out through its security groups' outbound rules and across the network ACLs on the way;
- to the NLB's DNS name, as a client in the VPC dials it: the name answers with the
  nodes of the zones that have a healthy target (across zones when cross-zone load
  balancing is on); a zone without one is taken out of DNS, and when no zone has one,
  every node is answered ("DNS failover": "the load balancer node IP addresses for the
  unhealthy zone are removed from DNS ... If all zones are unhealthy, the load balancer
  fails open", https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health.html).
  The dial's `zone` (the prober's own interface to dial from; Lambda ignores it) picks
  the node of that zone when it is in the answer, as a zonal client would;
- to an NLB node (its interface in one of its subnets, `ELB net/…`): its security groups' inbound
  rules apply to this traffic, which is not PrivateLink's, whatever the enforcement
  setting; no listener on the port is no answer;
- to an address of an interface endpoint: the endpoint's security groups must admit the
  port from the function; then the path of PrivateLink traffic from that endpoint's zone
  (enforcement, with the function's address as the client, ACLs, cross-zone, health),
  as `traffic.reach` decides it for that zone alone;
- then into the target as NLB traffic goes; a blocked path is a `timeout` (security
  groups and ACLs drop silently), an address nothing holds too;
- a dial that reaches a target gets the first answer its resource gives the protocol:
  PostgreSQL `S` (RDS and Aurora accept TLS), Redis `+PONG` (no AUTH in the sandbox),
  MySQL its greeting and the refused login, HTTP `HTTP/1.1 200 OK`, Kafka ApiVersions 0.
"""

import secrets
import time

from moto.awslambda.models import LambdaFunction
from moto.ec2.models import ec2_backends
from moto.elbv2.models import elbv2_backends

from . import resources, settings, traffic
from .traffic import Blocked

# What each protocol's first exchange gets from a reachable resource of the sandbox, in
# the prober's words.
ANSWERS = {
    "postgres": "S (TLS available)",
    "redis": "+PONG",
    "mysql": "MySQL 8.0.35; login refused as expected (1045)",
    "http": "HTTP/1.1 200 OK",
    "kafka": "ApiVersions error 0",
}


def in_vpc(function: LambdaFunction) -> bool:
    return bool((function._vpc_config or {}).get("SubnetIds"))


def make_interfaces(function: LambdaFunction) -> None:
    ec2 = ec2_backends[function.account_id][function.region]
    config = function._vpc_config or {}
    interfaces = []
    for subnet_id in config.get("SubnetIds", []):
        subnet = next((z[subnet_id] for z in ec2.subnets.values() if subnet_id in z), None)
        if subnet is None:  # moto takes any ID here; there is nothing to attach to
            continue
        eni = ec2.create_network_interface(
            subnet, resources._free_ip(ec2, subnet), group_ids=config.get("SecurityGroupIds", []),
            description=f"AWS Lambda VPC ENI-{function.function_name}-{secrets.token_hex(4)}")
        eni.interface_type = "lambda"
        interfaces.append(eni.id)
    function.__dict__["vpc_interfaces"] = interfaces
    if interfaces:  # Pending while Lambda makes them; none to make, nothing to wait for
        function.__dict__["created_monotonic"] = time.monotonic()


def pending(function: LambdaFunction) -> bool:
    """Still `Pending`: its state is brought up to date as a reader would see it."""
    created = function.__dict__.get("created_monotonic")
    if created is None or not in_vpc(function):
        return False
    still = time.monotonic() - created < settings.get("lambda_vpc_pending_seconds")
    function.state = "Pending" if still else "Active"
    return still


# Interfaces of deleted functions, by (account, region): [(release time, interface id)].
_released: dict = {}


def outlive(function: LambdaFunction) -> None:
    """The deleted function's interfaces stay until their release time."""
    due = time.monotonic() + settings.get("lambda_eni_release_seconds")
    key = (function.account_id, function.region)
    _released.setdefault(key, []).extend((due, i) for i in function.__dict__.get("vpc_interfaces", []))


def release_due(ec2) -> None:
    """Lambda lets go of the interfaces whose time has come."""
    key = (ec2.account_id, ec2.region_name)
    now = time.monotonic()
    kept = []
    for due, eni_id in _released.get(key, []):
        if due <= now:
            ec2.enis.pop(eni_id, None)
        else:
            kept.append((due, eni_id))
    _released[key] = kept


def _source(ec2, function, zone_id):
    enis = [ec2.enis[i] for i in function.__dict__.get("vpc_interfaces", []) if i in ec2.enis]
    if not enis:
        raise Blocked("the function has no network interface")
    return next((e for e in enis if e.subnet.availability_zone_id == zone_id), enis[0])


def _leave(ec2, source, port, host, dest_subnet):
    if not traffic.groups_let_out(source.group_set, port, host):
        raise Blocked(f"the function's security groups do not let TCP {port} out to {host}")
    if dest_subnet is not None:
        traffic._crossing(ec2, dest_subnet, source.subnet, port, host, source.private_ip_address)


def _to_node(ec2, elb, function, host, port, source_zone=None):
    from .elbv2_patches import node_addresses

    for lb in elb.load_balancers.values():
        addresses = node_addresses(lb)
        for node in lb.subnets:
            if addresses.get(node.id, traffic.node_ip(node)) != host:
                continue
            source = _source(ec2, function, source_zone or node.availability_zone_id)
            _leave(ec2, source, port, host, node)
            groups = traffic._nlb_groups(ec2, [lb])
            if groups and not traffic.groups_admit(groups, port, source.private_ip_address, {g.id for g in source.group_set}):
                raise Blocked(f"the NLB's security groups do not admit TCP {port} from {source.private_ip_address}")
            listener = next((l for l in lb.listeners.values() if int(l.port) == port), None)
            if listener is None:
                raise Blocked(f"the load balancer has no listener on port {port}")
            reasons = []
            for arn in traffic.listener_target_groups(listener):
                reached = traffic._through_group(ec2, elb.target_groups[arn], [lb], node, reasons)
                if reached:
                    return reached
            raise Blocked(reasons[0] if reasons else "no target")
    return None


def _zone_in_dns(ec2, elb, lb, node, port) -> bool:
    """A healthy target this node may send the listener's traffic to."""
    listener = next((l for l in lb.listeners.values() if int(l.port) == port), None)
    if listener is None:
        return False
    for arn in traffic.listener_target_groups(listener):
        group = elb.target_groups[arn]
        spans = traffic.cross_zone(group, [lb])
        for target_id, registered in group.targets.items():
            if group.health_for(registered, ec2).status != "healthy":
                continue
            zones = {traffic._zone_id(ec2, group.vpc_id, a) for a, _ in traffic.target_addresses(ec2, target_id)}
            if spans or node.availability_zone_id in zones:
                return True
    return False


def _to_name(ec2, elb, function, host, port, zone):
    for lb in elb.load_balancers.values():
        if lb.dns_name != host:
            continue
        from .elbv2_patches import node_addresses

        answered = [n for n in lb.subnets if _zone_in_dns(ec2, elb, lb, n, port)] or list(lb.subnets)
        node = next((n for n in answered if n.availability_zone == zone), answered[0])
        address = node_addresses(lb).get(node.id, traffic.node_ip(node))
        source_zone = next((n.availability_zone_id for n in lb.subnets if n.availability_zone == zone), node.availability_zone_id)
        return _to_node(ec2, elb, function, address, port, source_zone)
    return None


def _to_endpoint(ec2, function, host, port):
    for endpoint in list(ec2.vpc_end_points.values()):
        enis = [ec2.enis[i] for i in endpoint.network_interface_ids or [] if i in ec2.enis]
        holder = next((e for e in enis if e.private_ip_address == host), None)
        if holder is None:
            continue
        zone_id = holder.subnet.availability_zone_id
        source = _source(ec2, function, zone_id)
        _leave(ec2, source, port, host, holder.subnet)
        endpoint_groups = [ec2.get_security_group_from_id(g) for g in endpoint.security_group_ids or []]
        if not traffic.groups_admit(endpoint_groups, port, source.private_ip_address, {g.id for g in source.group_set}):
            raise Blocked(f"the endpoint's security groups do not admit TCP {port} from {source.private_ip_address}")
        return traffic.reach_from_zone(endpoint.id, port, source.private_ip_address, zone_id)
    return None


def dial(function: LambdaFunction, spec: dict) -> dict:
    ec2 = ec2_backends[function.account_id][function.region]
    elb = elbv2_backends[function.account_id][function.region]
    result = {"id": spec.get("id"), "host": spec["host"], "port": spec["port"]}
    timeout_ms = float(spec.get("timeout_ms", 3000))
    port = int(spec["port"])
    try:
        reached = (_to_name(ec2, elb, function, spec["host"], port, spec.get("zone"))
                   or _to_node(ec2, elb, function, spec["host"], port)
                   or _to_endpoint(ec2, function, spec["host"], port))
        if reached is None:
            raise Blocked(f"nothing holds {spec['host']}")
    except Blocked as blocked:
        return {**result, "outcome": "timeout", "ms": timeout_ms, "detail": f"no answer to the connection ({blocked})"}
    result.update(outcome="connected", ms=1.0)
    answer = ANSWERS.get(spec.get("protocol", "tcp"))
    if answer is not None:
        result["answer"] = answer
    return result


def answer(function: LambdaFunction, event: dict) -> dict:
    return {"results": [dial(function, spec) for spec in event.get("dials", [])]}


def install() -> None:
    """DescribeNetworkInterfaces shows what Lambda still holds, and no longer what it let go."""
    from moto.ec2.responses import EC2Response

    original = EC2Response.describe_network_interfaces

    def describe_network_interfaces(self):
        release_due(self.ec2_backend)
        return original(self)

    EC2Response.describe_network_interfaces = describe_network_interfaces

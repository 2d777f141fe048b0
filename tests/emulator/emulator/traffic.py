"""The traffic path from a consumer's endpoint to a target, and the health checks, as AWS
evaluates them: security groups, network ACLs and zones on the way.

- With `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic` on, the NLB's security
  groups' inbound rules apply to PrivateLink traffic, "the source of the traffic is the
  private IP address of the client, not the endpoint interface"
  (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html);
  the client here is an address the caller names, by default the endpoint interface's
  own (a client in the endpoint's subnet). Off, inbound rules are not evaluated.
- "Health checks are subject to outbound rules but not inbound rules" (same page): the
  NLB's groups must let the health-check port out to the target, and the target's
  groups must admit it from the NLB, on the health-check port ("traffic-port" or a
  number), as the traffic port for traffic
  (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#target-security-groups).
- Network ACLs are stateless and apply where traffic crosses a subnet's edge: the NLB's
  subnet admits the listener port from the client and lets ephemeral ports (1024-65535)
  back out; it lets the target and health-check ports out to the target and ephemeral
  ports back in; the target's subnet admits the target and health-check ports from the
  NLB and lets ephemeral ports back out
  (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-register-targets.html#network-acls).
  Entries are evaluated lowest number first, the first match decides, and `*` denies what
  none matched (https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html).
- An NLB node sends traffic to targets in its own zone, or in every enabled zone when
  cross-zone load balancing is on: the target group's attribute
  `load_balancing.cross_zone.enabled` (`true`, `false`, or `use_load_balancer_configuration`,
  the default, which defers to the load balancer's)
  (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#target-group-cross-zone).

`GET /_emulator/reach?endpoint=vpce-...&port=P[&source=IP]` answers whether a connection
from the endpoint on port P reaches a target now, and if not the first reason; what
CloudWatch would measure of it is published (metrics.py).
"""

import ipaddress

EPHEMERAL = (1024, 65535)
CROSS_ZONE = "load_balancing.cross_zone.enabled"
TCP = ("6", "tcp")


class Blocked(Exception):
    """Why traffic stops, in words a test (or a person at the sandbox) can act on."""


def _ip(value):
    return ipaddress.ip_address(value)


def _ports(ports) -> str:
    low, high = ports
    return str(low) if low == high else f"{low}-{high}"


# --- security groups --------------------------------------------------------------


def _rule_covers(rule, port) -> bool:
    protocol = str(rule.ip_protocol)
    return protocol == "-1" or (protocol in TCP and int(rule.from_port) <= port <= int(rule.to_port))


def _rule_names(rule, peer_ip, peer_group_ids, peer_networks=()) -> bool:
    if rule.source_group.get("GroupId") in peer_group_ids:
        return True
    cidr = rule.ip_range.get("CidrIp")
    if not cidr:
        return False
    network = ipaddress.ip_network(cidr, strict=False)
    return (peer_ip is not None and _ip(peer_ip) in network) or any(n.subnet_of(network) for n in peer_networks)


def groups_admit(groups, port, peer_ip=None, peer_group_ids=(), peer_networks=()) -> bool:
    """Some inbound rule of some group admits TCP `port` from the peer (an address, a
    group, or every address of the given networks)."""
    return any(_rule_covers(r, port) and _rule_names(r, peer_ip, peer_group_ids, peer_networks) for g in groups for r in g.ingress_rules)


def groups_let_out(groups, port, peer_ip) -> bool:
    return any(_rule_covers(r, port) and _rule_names(r, peer_ip, ()) for g in groups for r in g.egress_rules)


# --- network ACLs -----------------------------------------------------------------


def _acl_of(ec2, subnet_id):
    for acl in ec2.network_acls.values():
        if any(a.subnet_id == subnet_id for a in acl.associations):
            return acl
    return None


def _entry_range(entry):
    protocol = str(entry.protocol)
    if protocol == "-1":
        return (0, 65535)
    if protocol in TCP:
        return (int(entry.port_range_from), int(entry.port_range_to))
    return None


def _minus(intervals, cut):
    left = []
    for low, high in intervals:
        if cut[1] < low or cut[0] > high:
            left.append((low, high))
            continue
        if low < cut[0]:
            left.append((low, cut[0] - 1))
        if cut[1] < high:
            left.append((cut[1] + 1, high))
    return left


def acl_check(ec2, subnet, egress: bool, ports, peer_ip) -> None:
    """Raise Blocked unless the subnet's network ACL passes TCP on every port of `ports`
    to (egress) or from (ingress) `peer_ip`."""
    acl = _acl_of(ec2, subnet.id)
    if acl is None:
        return
    direction, preposition = ("outbound", "to") if egress else ("inbound", "from")
    undecided = [ports]
    entries = [e for e in acl.network_acl_entries if str(e.egress).lower() == str(egress).lower()]
    for entry in sorted(entries, key=lambda e: int(e.rule_number)):
        covered = _entry_range(entry)
        if covered is None or not entry.cidr_block or _ip(peer_ip) not in ipaddress.ip_network(entry.cidr_block, strict=False):
            continue
        if _minus(undecided, covered) == undecided:
            continue
        number = "*" if int(entry.rule_number) == 32767 else entry.rule_number
        if entry.rule_action == "deny":
            raise Blocked(
                f"network ACL {acl.id} of {subnet.id}: {direction} rule {number} denies TCP {_ports(ports)} {preposition} {peer_ip}"
            )
        undecided = _minus(undecided, covered)
        if not undecided:
            return
    # Every ACL ends with `*`, which denies what no numbered entry decided.
    raise Blocked(f"network ACL {acl.id} of {subnet.id}: {direction} rule * denies TCP {_ports(ports)} {preposition} {peer_ip}")


def _crossing(ec2, inner, outer, port, inner_ip, outer_ip) -> None:
    """A TCP connection from `outer` (a subnet or None for outside the VPC) to port `port`
    of an address in `inner`: both subnets' ACLs, both directions. Traffic inside one
    subnet crosses no ACL."""
    if outer is not None and outer.id == inner.id:
        return
    acl_check(ec2, inner, False, (port, port), outer_ip)
    acl_check(ec2, inner, True, EPHEMERAL, outer_ip)
    if outer is not None:
        acl_check(ec2, outer, True, (port, port), inner_ip)
        acl_check(ec2, outer, False, EPHEMERAL, inner_ip)


# --- zones and the NLB ------------------------------------------------------------


def node_ip(subnet) -> str:
    """An NLB node's address in its subnet (the first one AWS does not keep)."""
    return str(ipaddress.ip_network(subnet.cidr_block, strict=False).network_address + 4)


def cross_zone(group, balancers) -> bool:
    own = (getattr(group, "attributes", {}) or {}).get(CROSS_ZONE, "use_load_balancer_configuration")
    if own in ("true", "false"):
        return own == "true"
    return any(lb.attrs.get(CROSS_ZONE) == "true" for lb in balancers)


def subnet_holding(ec2, vpc_id, ip):
    for zone in ec2.subnets.values():
        for subnet in zone.values():
            # strict=False: moto accepts a subnet CIDR with host bits set (AWS does not).
            if subnet.vpc_id == vpc_id and _ip(ip) in ipaddress.ip_network(subnet.cidr_block, strict=False):
                return subnet
    return None


def _nlb_groups(ec2, balancers):
    return [ec2.get_security_group_from_id(g) for lb in balancers for g in lb.security_groups or []]


def _interfaces_holding(ec2, ip):
    return [eni for eni in ec2.enis.values() if eni.private_ip_address == str(ip)]


def target_addresses(ec2, target_id) -> list:
    """Where the NLB sends a registered target's traffic and health checks, each address
    with the security groups in front of it (None: those of the interfaces holding it).
    An IP target is its address; an instance target its private IP; an ALB target a node
    in each of the ALB's subnets, behind the ALB's security groups: an ALB's groups must
    admit the NLB as any target's do
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html)."""
    from moto.elbv2.models import elbv2_backends

    if target_id.startswith("i-"):
        instance = ec2.get_instance_by_id(target_id)
        return [(instance.private_ip, None)] if instance is not None and instance.private_ip else []
    if target_id.startswith("arn:"):
        alb = elbv2_backends[ec2.account_id][ec2.region_name].load_balancers.get(target_id)
        if alb is None:
            return []
        groups = [ec2.get_security_group_from_id(g) for g in alb.security_groups or []]
        return [(node_ip(subnet), [g for g in groups if g is not None]) for subnet in alb.subnets]
    return [(target_id, None)]


def _into_target(ec2, group, balancers, node_subnet, target_ip, port, what, target_groups=None) -> None:
    """From an NLB node to a target address on `port` (the traffic or the health-check
    port), behind `target_groups` (by default the groups of the interfaces holding it)."""
    nlb_groups = _nlb_groups(ec2, balancers)
    if nlb_groups and not groups_let_out(nlb_groups, port, target_ip):
        raise Blocked(f"the NLB's security groups do not let {what} (TCP {port}) out to {target_ip}")
    if target_groups is None:
        target_groups = [g for eni in _interfaces_holding(ec2, target_ip) for g in eni.group_set]
    nlb_networks = [ipaddress.ip_network(s.cidr_block, strict=False) for lb in balancers for s in lb.subnets]
    if not groups_admit(target_groups, port, None, {g.id for g in nlb_groups}, nlb_networks):
        raise Blocked(f"the security groups of {target_ip} do not admit {what} (TCP {port}) from the NLB")
    target_subnet = subnet_holding(ec2, group.vpc_id, target_ip)
    if target_subnet is not None:
        _crossing(ec2, target_subnet, node_subnet, port, str(target_ip), node_ip(node_subnet))


def health_check_port(group, target_port: int) -> int:
    port = group.health_check_port
    return target_port if port in (None, "", "traffic-port") else int(port)


def health_block(ec2, group, balancers, target_id, target_port) -> str | None:
    """Why health checks from the NLB to this target fail, or None when they pass. "Each
    load balancer node checks the health of each target"
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html),
    so every node must get through, to every address of the target."""
    port = health_check_port(group, target_port)
    addresses = target_addresses(ec2, target_id)
    if not addresses:
        return f"nothing answers for {target_id}"
    for node in [s for lb in balancers for s in lb.subnets]:
        for address, groups in addresses:
            try:
                _into_target(ec2, group, balancers, node, address, port, "health checks", groups)
            except Blocked as blocked:
                return str(blocked)
    return None


def target_zones(ec2, vpc_id, target_id) -> set:
    """The zones a target's addresses are in."""
    subnets = [subnet_holding(ec2, vpc_id, address) for address, _ in target_addresses(ec2, target_id)]
    return {s.availability_zone for s in subnets if s is not None}


# --- a connection from a consumer's endpoint --------------------------------------


def reach(endpoint_id: str, port: int, source: str | None = None) -> dict:
    try:
        target = _reach(endpoint_id, port, source)
    except Blocked as blocked:
        return {"reachable": False, "reason": str(blocked)}
    return {"reachable": True, "target": target}


def _endpoint(endpoint_id):
    from moto.ec2.models import ec2_backends

    for account_id in list(ec2_backends.keys()):
        for backend in list(ec2_backends[account_id].values()):
            for service in backend.configurations.values():
                connection = getattr(service, "connections", {}).get(endpoint_id)
                if connection is not None:
                    return service, connection
    raise Blocked(f"no endpoint {endpoint_id} to any endpoint service")


def reach_from_zone(endpoint_id: str, port: int, source: str, zone_id: str) -> str:
    """As `reach`, through the endpoint's interface in one zone only (a client there):
    the target reached, or Blocked."""
    return _reach(endpoint_id, port, source, zone_id)


def _reach(endpoint_id, port, source, zone_id=None):
    from moto.elbv2.models import elbv2_backends

    from . import endpoint_services, metrics, zones

    service, connection = _endpoint(endpoint_id)
    endpoint_services._advance(service)
    if connection["state"] != "available":
        raise Blocked(f"the endpoint is {connection['state']}, not available")
    ec2 = service.ec2_backend
    elb = elbv2_backends[ec2.account_id][ec2.region_name]
    balancers = [elb.load_balancers[a] for a in service.network_load_balancer_arns if a in elb.load_balancers]
    if not balancers:
        raise Blocked("the service has no load balancer")
    lb = balancers[0]
    lb.activate()
    if lb.state != "active":
        raise Blocked(f"the load balancer is {lb.state}")
    listener = next((l for l in lb.listeners.values() if int(l.port) == int(port)), None)
    if listener is None:
        raise Blocked(f"the load balancer has no listener on port {port}")
    endpoint = connection["endpoint"]
    consumer = endpoint.ec2_backend
    endpoint_subnets = [consumer.get_subnet(s) for s in endpoint.subnet_ids or []]
    client = source or next((consumer.enis[i].private_ip_address for i in endpoint.network_interface_ids if i in consumer.enis), None)
    if client is None:
        raise Blocked("the endpoint has no network interface")
    same_region = connection["region"] == service.home_region
    entry_ids = {s.availability_zone_id for s in endpoint_subnets} if same_region else set(zones._service_zone_ids(service))
    if zone_id is not None:
        entry_ids &= {zone_id}
    entries = [s for s in lb.subnets if s.availability_zone_id in entry_ids]
    if not entries:
        raise Blocked(f"the load balancer has no subnet in the endpoint's zones ({', '.join(sorted(entry_ids))})")
    if lb.security_groups and lb.enforce_security_group_inbound_rules_on_private_link_traffic == "on":
        if not groups_admit(_nlb_groups(ec2, [lb]), int(port), client):
            metrics.blocked_by_group(lb, entries[0].availability_zone, service)
            raise Blocked(
                f"enforcement is on and the NLB's security groups do not admit TCP {port} from {client}"
            )
    reasons = []
    for node in entries:
        try:
            acl_check(ec2, node, False, (int(port), int(port)), client)
            acl_check(ec2, node, True, EPHEMERAL, client)
        except Blocked as blocked:
            reasons.append(str(blocked))
            continue
        for arn in listener_target_groups(listener):
            group = elb.target_groups[arn]
            reached = _through_group(ec2, group, [lb], node, reasons)
            if reached:
                metrics.connected(lb, node.availability_zone, service, endpoint_id)
                return reached
    raise Blocked(reasons[0] if reasons else "no target")


def listener_target_groups(listener) -> list:
    from .elbv2_patches import _forward_targets

    return [arn for arns in _forward_targets(listener.default_actions) for arn in arns]


def _zone_id(ec2, vpc_id, address):
    subnet = subnet_holding(ec2, vpc_id, address)
    return subnet.availability_zone_id if subnet is not None else None


def _through_group(ec2, group, balancers, node, reasons):
    spans_zones = cross_zone(group, balancers)
    for target_id, registered in group.targets.items():
        target_port = int(registered.get("Port") or group.port)
        health = group.health_for(registered, ec2)
        addresses = target_addresses(ec2, target_id)
        in_zone = [(a, g) for a, g in addresses if _zone_id(ec2, group.vpc_id, a) == node.availability_zone_id]
        reachable = addresses if spans_zones else in_zone
        if not reachable:
            zones = ", ".join(sorted({str(_zone_id(ec2, group.vpc_id, a)) for a, _ in addresses}))
            reasons.append(f"the NLB node in {node.availability_zone_id} sends only to targets in its zone (cross-zone off); {target_id} is in {zones}")
            continue
        if health.status != "healthy":
            why = health_block(ec2, group, balancers, target_id, target_port) if health.status == "unhealthy" else None
            reasons.append(f"target {target_id} is {health.status} ({health.reason})" + (f": {why}" if why else ""))
            continue
        address, groups = (in_zone or reachable)[0]
        try:
            _into_target(ec2, group, balancers, node, address, target_port, "traffic", groups)
        except Blocked as blocked:
            reasons.append(str(blocked))
            continue
        return f"{target_id}:{target_port}"
    if not group.targets:
        reasons.append(f"target group {group.name} has no targets")
    return None

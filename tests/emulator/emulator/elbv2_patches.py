"""ELBv2 as AWS documents it where moto differs.

- `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic`: stored by SetSecurityGroups,
  returned by DescribeLoadBalancers, `on` by default for an NLB created with security
  groups; an NLB created without security groups refuses SetSecurityGroups.
- An NLB stays `provisioning` for `nlb_provisioning_seconds`, then turns `active`.
- Target health follows the setup for IP, instance and ALB targets (see `_health_for`).
- RegisterTargets refuses instances and ALBs AWS would not register (see `_check_targets`).
- CreateTargetGroup, CreateLoadBalancer and CreateListener return the existing resource
  when called again with identical settings, and AWS's duplicate error otherwise.
- DeleteLoadBalancer refuses an NLB that an endpoint service uses (`ResourceInUse`), and
  DeleteSecurityGroup refuses a group a load balancer uses (`DependencyViolation`).
- SetSubnets on a Network Load Balancer takes one zone or more (moto asked for two, an
  Application Load Balancer's rule), and refuses to remove a subnet while the NLB has an
  active endpoint association: "You can't remove a subnet if the Network Load Balancer
  has an active Amazon VPC endpoint association", and "changes to subnets in the same
  Availability Zone must be independent actions"
  (https://docs.aws.amazon.com/elasticloadbalancing/latest/network/availability-zones.html);
  both answered `InvalidConfigurationRequest`, SetSubnets' error for a configuration that
  is not valid (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetSubnets.html).
- ARNs name the balancer's type, `loadbalancer/net/…` for a Network Load Balancer and
  `loadbalancer/app/…` for an Application one (and its listeners `listener/net/…`), as
  the resource types of https://docs.aws.amazon.com/service-authorization/latest/reference/list_elasticloadbalancingv2.html
  spell them; moto writes `app` for every type.
"""

import time

from moto.ec2.exceptions import DependencyViolationError
from moto.ec2.models import ec2_backends
from moto.ec2.models.security_groups import SecurityGroupBackend
from moto.elbv2 import models, responses
from moto.elbv2.exceptions import ELBClientError

from . import settings, traffic

class ResourceInUse(ELBClientError):
    code = "ResourceInUse"


# --- enforcement and provisioning -------------------------------------------------

_original_lb_init = models.FakeLoadBalancer.__init__


def _lb_init(self, *args, **kwargs):
    _original_lb_init(self, *args, **kwargs)
    self.created_at_monotonic = time.monotonic()
    self.created_with_security_groups = bool(self.security_groups)
    # The serializer reads this attribute for the shape member of the same name.
    self.enforce_security_group_inbound_rules_on_private_link_traffic = (
        "on" if self.created_with_security_groups and self.type == "network" else None
    )


def _activate(self):
    if self.state != "provisioning":
        return
    if time.monotonic() - self.created_at_monotonic >= settings.get("nlb_provisioning_seconds"):
        self.state = "active"


def _set_security_groups(self):
    arn = self._get_param("LoadBalancerArn")
    groups = self._get_param("SecurityGroups", [])
    enforcement = self._get_param("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic")
    balancer = self.elbv2_backend.load_balancers.get(arn)
    is_nlb = balancer is not None and balancer.type == "network"
    if is_nlb and not balancer.created_with_security_groups:
        raise ELBClientError(
            "InvalidConfigurationRequest",
            "You cannot set security groups on a Network Load Balancer which was created without any security groups.",
        )
    if is_nlb and not groups:
        raise ELBClientError(
            "InvalidConfigurationRequest",
            "A Network Load Balancer created with security groups must keep at least one.",
        )
    if enforcement not in (None, "on", "off"):
        raise ELBClientError("ValidationError", f"Invalid value '{enforcement}' for EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic")
    self.elbv2_backend.set_security_groups(arn, groups)
    if balancer is not None:
        sync_node_interfaces(balancer)
    result = {"SecurityGroupIds": groups}
    if is_nlb:
        if enforcement:
            balancer.enforce_security_group_inbound_rules_on_private_link_traffic = enforcement
        result["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = (
            balancer.enforce_security_group_inbound_rules_on_private_link_traffic
        )
    return responses.ActionResult(result)


# --- the load balancer's network interfaces --------------------------------------


def _ec2_of(balancer):
    _, _, _, region, account, _ = balancer.arn.split(":", 5)
    return ec2_backends[account][region]


def sync_node_interfaces(balancer) -> None:
    """A Network Load Balancer has a network interface in each of its subnets, described
    `ELB net/<name>/<id>`, with its security groups ("Elastic Load Balancing creates a
    network interface for each Availability Zone that you enable"; the requester-managed
    interfaces are described with the load balancer's name:
    https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#availability-zones,
    https://repost.aws/knowledge-center/elb-find-load-balancer-IP). Its address is the
    traffic model's node address (`traffic.node_ip`) when free. Kept in step with the
    subnets and the groups; gone with the load balancer (AWS releases them a little
    later: not emulated)."""
    from . import resources, traffic

    if balancer.type != "network":
        return
    ec2 = _ec2_of(balancer)
    interfaces = balancer.__dict__.setdefault("node_interfaces", {})
    wanted = {s.id: s for s in balancer.subnets}
    for subnet_id in [sid for sid in interfaces if sid not in wanted]:
        ec2.enis.pop(interfaces.pop(subnet_id), None)
    groups = list(balancer.security_groups or [])
    for subnet_id, subnet in wanted.items():
        eni = ec2.enis.get(interfaces.get(subnet_id, ""))
        if eni is None:
            held = {e.private_ip_address for e in ec2.enis.values()}
            address = traffic.node_ip(subnet) if traffic.node_ip(subnet) not in held else resources._free_ip(ec2, subnet)
            eni = ec2.create_network_interface(subnet, address, group_ids=groups,
                                               description=f"ELB {balancer.arn.split(':loadbalancer/', 1)[1]}")
            eni.interface_type = "network_load_balancer"
            interfaces[subnet_id] = eni.id
        eni._group_set = [ec2.get_security_group_from_id(g) for g in groups if ec2.get_security_group_from_id(g) is not None]


def node_addresses(balancer) -> dict:
    """Each subnet's node address: its interface's."""
    ec2 = _ec2_of(balancer)
    return {sid: ec2.enis[eni].private_ip_address for sid, eni in balancer.__dict__.get("node_interfaces", {}).items() if eni in ec2.enis}


# --- idempotent creates -----------------------------------------------------------

_original_create_target_group = models.ELBv2Backend.create_target_group
_original_create_load_balancer = models.ELBv2Backend.create_load_balancer
_original_create_listener = models.ELBv2Backend.create_listener


def _same(a, b) -> bool:
    return str(a).lower() == str(b).lower() if a is not None and b is not None else a == b


def _create_target_group(self, name, **kwargs):
    for group in self.target_groups.values():
        if group.name != name:
            continue
        wanted = {k: kwargs.get(k) for k in ("protocol", "port", "vpc_id", "target_type") if kwargs.get(k) is not None}
        if all(_same(getattr(group, k), v) for k, v in wanted.items()):
            return group
        raise ELBClientError("DuplicateTargetGroupName", "A target group with the same name exists, but with different settings")
    return _original_create_target_group(self, name, **kwargs)


_original_make_arn = models.make_arn_for_load_balancer
# The type of the balancer being created, for the ARN moto makes inside the create call.
_creating_type = {"value": None}


def _make_arn_for_load_balancer(account_id, lb_id, name, region_name):
    arn = _original_make_arn(account_id=account_id, lb_id=lb_id, name=name, region_name=region_name)
    kind = {"network": "net", "gateway": "gwy"}.get(_creating_type["value"], "app")
    return arn.replace("loadbalancer/app/", f"loadbalancer/{kind}/", 1)


def _create_load_balancer(self, name, security_groups, subnet_ids, subnet_mappings=None, scheme="internet-facing", loadbalancer_type=None, **kwargs):
    for balancer in self.load_balancers.values():
        if balancer.name != name:
            continue
        asked_subnets = set(subnet_ids or []) | {m["SubnetId"] for m in subnet_mappings or []}
        identical = (
            balancer.scheme == scheme
            and balancer.type == (loadbalancer_type or "application")
            and {s.id for s in balancer.subnets} == asked_subnets
            and set(balancer.security_groups or []) == set(security_groups or [])
        )
        if identical:
            return balancer
        raise ELBClientError("DuplicateLoadBalancerName", "A load balancer with the same name exists, but with different settings")
    # "InvalidSecurityGroup: The specified security group does not exist"
    # (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html#API_CreateLoadBalancer_Errors);
    # moto takes any ID.
    ec2 = ec2_backends[self.account_id][self.region_name]
    for group_id in security_groups or []:
        if ec2.get_security_group_from_id(group_id) is None:
            raise ELBClientError("InvalidSecurityGroup", f"Security group {group_id} does not exist")
    _creating_type["value"] = loadbalancer_type
    try:
        balancer = _original_create_load_balancer(
            self, name, security_groups, subnet_ids, subnet_mappings, scheme, loadbalancer_type, **kwargs
        )
    finally:
        _creating_type["value"] = None
    sync_node_interfaces(balancer)
    return balancer


def _forward_targets(actions) -> list:
    """The target groups each action forwards to, whether named by TargetGroupArn or in
    a ForwardConfig (AWS takes either form, and a group in both counts once)."""
    arns = []
    for action in actions:
        data = action.data if hasattr(action, "data") else action
        groups = {data.get("TargetGroupArn")} - {None}
        forward = data.get("ForwardConfig") or {}
        listed = forward.get("TargetGroups") or []
        if isinstance(listed, dict):
            listed = listed.get("member", [])
        groups |= {g.get("TargetGroupArn") for g in listed if g.get("TargetGroupArn")}
        arns.append(sorted(groups))
    return arns


def _create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions, *args, **kwargs):
    balancer = self.load_balancers.get(load_balancer_arn)
    # moto keys listeners by ARN, so its own duplicate-port check never matches.
    same_port = [l for l in (balancer.listeners.values() if balancer else []) if str(l.port) == str(port)]
    if same_port:
        listener = same_port[0]
        if _same(listener.protocol, protocol) and _forward_targets(listener.default_actions) == _forward_targets(actions):
            return listener
        raise ELBClientError("DuplicateListener", "A listener already exists on this port with different settings")
    return _original_create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions, *args, **kwargs)


# --- target health ----------------------------------------------------------------

_original_register = models.FakeTargetGroup.register
_original_health_for = models.FakeTargetGroup.health_for


class InvalidTarget(ELBClientError):
    code = "InvalidTarget"


def _check_targets(group, targets):
    """RegisterTargets refuses, as AWS documents: an instance that does not exist or is
    not in the group's VPC (InvalidTarget, "The specified target does not exist, is not
    in the same VPC as the target group, or has an unsupported instance type",
    https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html);
    for a group of type `alb`, anything but one Application Load Balancer of the group's
    VPC with a listener on the group's port ("You can only register one Application Load
    Balancer per target group", "the load balancers must be in the same VPC",
    https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html;
    "the port must match the listener port of the Application Load Balancer",
    https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-target-group.html).
    moto registered any of them."""
    if group.target_type == "instance":
        for target in targets:
            instance = group.ec2_backend.get_instance_by_id(target["Id"])
            if instance is None or instance.vpc_id != group.vpc_id:
                raise InvalidTarget(
                    "The specified target does not exist, is not in the same VPC as the target group, "
                    f"or has an unsupported instance type: '{target['Id']}'"
                )
    if group.target_type != "alb":
        return
    wanted = {t["Id"] for t in targets} | set(group.targets)
    if len(wanted) > 1:
        raise ELBClientError("TooManyTargets", "You can register only one Application Load Balancer per target group")
    backend = models.elbv2_backends[group.account_id][group.region_name]
    for target in targets:
        alb = backend.load_balancers.get(target["Id"])
        if alb is None or alb.type != "application" or alb.vpc_id != group.vpc_id:
            raise InvalidTarget(f"'{target['Id']}' is not an Application Load Balancer in the target group's VPC {group.vpc_id}")
        port = int(target.get("Port") or group.port)
        if port not in {int(l.port) for l in alb.listeners.values()}:
            raise InvalidTarget(f"The Application Load Balancer '{alb.name}' has no listener on port {port}")


def _register(self, targets):
    # A target registered anew (the first time, or again after a deregistration) goes
    # through `initial`; registering one that is registered changes nothing.
    _check_targets(self, targets)
    newly = [t["Id"] for t in targets if t["Id"] not in self.targets]
    _original_register(self, targets)
    registered_at = self.__dict__.setdefault("registered_at", {})
    now = time.monotonic()
    for target_id in newly:
        registered_at[target_id] = now


def _status(group, target, state, reason=None, description=None):
    return models.FakeHealthStatus(target["Id"], target["Port"], group.health_check_port, state, reason, description)


def _health_for(self, target, ec2_backend):
    """For IP, instance and ALB targets alike: `unused` (Target.NotInUse) when no listener
    uses the group, or when the target's zone is not enabled on the NLB and cross-zone is
    off (the group's attribute, or the NLB's when the group defers to it); `initial` for
    `target_initial_seconds` after registration; then `healthy` only if health checks
    get through (security groups and network ACLs on the health-check port, see
    traffic.health_block), else `unhealthy` (Target.Timeout). A stopped instance stays
    moto's `unused` (Target.InvalidState)."""
    status = _original_health_for(self, target, ec2_backend)
    registered = self.targets.get(target["Id"])
    if status.status != "healthy" or registered is None or self.target_type not in ("ip", "instance", "alb"):
        return status
    backend = models.elbv2_backends[ec2_backend.account_id][ec2_backend.region_name]
    balancers = [backend.load_balancers[arn] for arn in self.load_balancer_arns if arn in backend.load_balancers]
    if not balancers:
        return _status(self, registered, "unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer")
    zones = traffic.target_zones(ec2_backend, self.vpc_id, target["Id"])
    enabled_zones = {s.availability_zone for lb in balancers for s in lb.subnets}
    if not zones & enabled_zones and not traffic.cross_zone(self, balancers):
        return _status(self, registered, "unused", "Target.NotInUse", "Target is in an Availability Zone that is not enabled for the load balancer")
    registered_at = self.__dict__.get("registered_at", {}).get(target["Id"], 0)
    if time.monotonic() - registered_at < settings.get("target_initial_seconds"):
        return _status(self, registered, "initial", "Elb.RegistrationInProgress", "Target registration is in progress")
    if traffic.health_block(ec2_backend, self, balancers, target["Id"], int(registered["Port"])) is None:
        return status
    return _status(self, registered, "unhealthy", "Target.Timeout", "Request timed out")


# --- deletion rules ---------------------------------------------------------------

_original_delete_load_balancer = models.ELBv2Backend.delete_load_balancer


def _delete_load_balancer(self, arn):
    ec2 = ec2_backends[self.account_id][self.region_name]
    for service in ec2.configurations.values():
        if arn in service.network_load_balancer_arns:
            raise ResourceInUse(f"Load balancer '{arn}' cannot be deleted because it is currently associated with another service")
    balancer = self.load_balancers.get(arn)
    if balancer is not None:
        for eni_id in balancer.__dict__.get("node_interfaces", {}).values():
            ec2.enis.pop(eni_id, None)
    return _original_delete_load_balancer(self, arn)


_original_delete_security_group = SecurityGroupBackend.delete_security_group


def _delete_security_group(self, name=None, group_id=None):
    """A group a load balancer uses is refused: "If you attempt to delete a security group
    that is associated with an instance or network interface ... the operation fails with
    DependencyViolation" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html);
    a load balancer's groups sit on its network interfaces. moto deletes it."""
    from . import vpc_functions

    wanted = group_id or getattr(self.get_security_group_by_name_or_id(name), "id", None)
    balancers = models.elbv2_backends[self.account_id][self.region_name].load_balancers.values()
    for balancer in balancers:
        if wanted in (balancer.security_groups or []):
            raise DependencyViolationError(f"resource {wanted} has a dependent object")
    # A network interface holding it too (a deleted VPC function's, until Lambda lets go).
    vpc_functions.release_due(self)

    def holds(eni) -> bool:
        # A terminated instance's interface is gone in AWS (moto keeps it).
        instance = getattr(eni, "instance", None)
        if instance is not None and instance.state == "terminated":
            return False
        return wanted in [g.id for g in eni.group_set]

    if any(holds(eni) for eni in self.enis.values()):
        raise DependencyViolationError(f"resource {wanted} has a dependent object")
    return _original_delete_security_group(self, name, group_id)


_original_set_subnets = models.ELBv2Backend.set_subnets


def _set_subnets(self, arn, subnets, subnet_mappings):
    balancer = self.load_balancers.get(arn)
    if balancer is None or balancer.type != "network":
        return _original_set_subnets(self, arn, subnets, subnet_mappings)
    wanted = list(subnets) + [m["SubnetId"] for m in subnet_mappings]
    current = {s.id: s.availability_zone for s in balancer.subnets}
    removed = [sid for sid in current if sid not in wanted]
    if removed:
        from . import endpoint_services

        for service in endpoint_services.all_services():
            if arn in service.network_load_balancer_arns and any(
                c["state"] in endpoint_services.LIVE_CONNECTION_STATES for c in getattr(service, "connections", {}).values()
            ):
                raise ELBClientError(
                    "InvalidConfigurationRequest",
                    f"Subnets {', '.join(removed)} cannot be removed: the load balancer has an active VPC endpoint association",
                )
        for sid in wanted:
            if sid not in current and self.ec2_backend.get_subnet(sid).availability_zone in {current[r] for r in removed}:
                raise ELBClientError(
                    "InvalidConfigurationRequest", "A subnet can be replaced in its Availability Zone only once the old one is removed"
                )
    picked = []
    zones = set()
    for sid in wanted:
        subnet = self.ec2_backend.get_subnet(sid)
        if subnet.availability_zone in zones:
            raise ELBClientError("InvalidConfigurationRequest", "More than 1 subnet cannot be specified for 1 availability zone")
        zones.add(subnet.availability_zone)
        picked.append(subnet)
    if not picked:
        raise ELBClientError("InvalidConfigurationRequest", "At least one subnet must be specified")
    balancer.subnets = picked
    sync_node_interfaces(balancer)
    return [models.AvailabilityZone(subnet) for subnet in picked]


def install() -> None:
    models.ELBv2Backend.set_subnets = _set_subnets
    models.make_arn_for_load_balancer = _make_arn_for_load_balancer
    models.FakeLoadBalancer.__init__ = _lb_init
    models.FakeLoadBalancer.activate = _activate
    responses.ELBV2Response.set_security_groups = _set_security_groups
    models.ELBv2Backend.create_target_group = _create_target_group
    models.ELBv2Backend.create_load_balancer = _create_load_balancer
    models.ELBv2Backend.create_listener = _create_listener
    models.FakeTargetGroup.register = _register
    models.FakeTargetGroup.health_for = _health_for
    models.ELBv2Backend.delete_load_balancer = _delete_load_balancer
    SecurityGroupBackend.delete_security_group = _delete_security_group

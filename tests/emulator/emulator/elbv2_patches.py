"""ELBv2 as AWS documents it where moto differs.

- `EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic`: stored by SetSecurityGroups,
  returned by DescribeLoadBalancers, `on` by default for an NLB created with security
  groups; an NLB created without security groups refuses SetSecurityGroups.
- An NLB stays `provisioning` for `nlb_provisioning_seconds`, then turns `active`
  (moto activates it at the first describe).
"""

import time

from moto.elbv2.exceptions import ELBClientError as RESTError
from moto.elbv2 import models, responses

from . import settings

_original_init = models.FakeLoadBalancer.__init__


def _init(self, *args, **kwargs):
    _original_init(self, *args, **kwargs)
    self.created_at_monotonic = time.monotonic()
    has_groups = bool(self.security_groups)
    self.created_with_security_groups = has_groups
    # The serializer reads this attribute for the shape member of the same name.
    self.enforce_security_group_inbound_rules_on_private_link_traffic = (
        "on" if has_groups and self.type == "network" else None
    )


def _activate(self):
    if self.state != "provisioning":
        return
    waited = time.monotonic() - self.created_at_monotonic
    if waited >= settings.get("nlb_provisioning_seconds"):
        self.state = "active"


def _set_security_groups(self):
    arn = self._get_param("LoadBalancerArn")
    groups = self._get_param("SecurityGroups", [])
    enforcement = self._get_param("EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic")
    balancer = self.elbv2_backend.load_balancers.get(arn)
    if balancer is not None and balancer.type == "network":
        if not balancer.created_with_security_groups:
            raise RESTError(
                "InvalidConfigurationRequest",
                "You cannot set security groups on a Network Load Balancer which was "
                "created without any security groups.",
            )
        if not groups:
            raise RESTError(
                "InvalidConfigurationRequest",
                "A Network Load Balancer created with security groups must keep at least one.",
            )
    self.elbv2_backend.set_security_groups(arn, groups)
    result = {"SecurityGroupIds": groups}
    if balancer is not None and balancer.type == "network":
        if enforcement:
            if enforcement not in ("on", "off"):
                raise RESTError("ValidationError", f"Invalid value '{enforcement}'")
            balancer.enforce_security_group_inbound_rules_on_private_link_traffic = enforcement
        result["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] = (
            balancer.enforce_security_group_inbound_rules_on_private_link_traffic
        )
    return responses.ActionResult(result)


def install() -> None:
    models.FakeLoadBalancer.__init__ = _init
    models.FakeLoadBalancer.activate = _activate
    responses.ELBV2Response.set_security_groups = _set_security_groups

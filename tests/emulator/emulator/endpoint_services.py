"""VPC endpoint services and their consumers, as AWS documents them.

- DescribeVpcEndpointServiceConfigurations honours `service-id`, `service-name`,
  `service-state`, `tag:<key>` and `tag-key` filters.
- The home region is always a supported region, as AWS lists it.
- ModifyVpcEndpointServiceConfiguration: RemovePrivateDnsName works; removing a region
  that is not supported is an `InvalidParameter` error, not a crash.
- A consumer in another account (request header `x-moto-account-id`) creating an
  Interface endpoint to the service name is refused with `InvalidServiceName` unless
  allowed as a principal; a cross-region endpoint (`ServiceRegion`) is refused unless
  its region is supported; the endpoint is `pendingAcceptance` when acceptance is
  required, else `pending`, and `pending` turns `available` after
  `endpoint_pending_seconds` (seen at the next describe), as an accepted one does
  ("pendingAcceptance | pending | available …",
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpointConnection.html).
  The endpoint carries its DnsEntries (moto's). DescribeVpcEndpointConnections accepts
  the documented filters: service-id, vpc-endpoint-id, vpc-endpoint-owner,
  vpc-endpoint-state, vpc-endpoint-region and ip-address-type.
- The provider sees those endpoints in DescribeVpcEndpointConnections and moves them
  with AcceptVpcEndpointConnections / RejectVpcEndpointConnections.
- DeleteVpcEndpointServiceConfigurations leaves a service that still has connections
  not rejected (Unsuccessful: `ExistingVpcEndpointConnections`).
- CreateVpcEndpointServiceConfiguration honours `ClientToken`: the same token returns the
  service it made the first time ("ensure the idempotency of the request",
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpointServiceConfiguration.html),
  and refuses a Network Load Balancer another live service already uses (one endpoint
  service per load balancer: "you can't use a load balancer that is already associated
  with another endpoint service", https://docs.aws.amazon.com/vpc/latest/privatelink/create-endpoint-service.html).
- ModifyVpcEndpointServiceConfiguration keeps that rule, and refuses to remove the last
  load balancer, to add one that does not exist, or to remove one that is not attached,
  each with an `InvalidParameter` error (moto answered the last with an HTTP 500).
- A consumer deleting its interface endpoint (DeleteVpcEndpoints) moves the provider's
  connection to `deleted`, which no longer blocks deleting the service: "VpcEndpointState
  ... deleting | deleted" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpointConnection.html).
"""

import fnmatch
import re
import time

from moto.core.responses import ActionResult
from moto.core.utils import utcnow
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import ec2_backends
from moto.ec2.models.vpc_service_configuration import VPCServiceConfiguration
from moto.ec2.responses import EC2Response

from . import connection_notifications, settings, zones

SERVICE_NAME = re.compile(r"^com\.amazonaws\.vpce\.([a-z0-9-]+)\.(vpce-svc-[0-9a-f]+)$")
LIVE_CONNECTION_STATES = {"pendingAcceptance", "pending", "available", "partial"}

_original_service_init = VPCServiceConfiguration.__init__


def _service_init(self, load_balancers, region, *args, **kwargs):
    _original_service_init(self, load_balancers, region, *args, **kwargs)
    self.home_region = region
    if region not in self._supported_region_names:
        self._supported_region_names = [region, *self._supported_region_names]
    self.connections = {}


def _matches(service, name, values) -> bool:
    if name == "service-id":
        return service.id in values
    if name == "service-name":
        return service.service_name in values
    if name == "service-state":
        return any(v.lower() == service.service_state.lower() for v in values)
    tags = {t["key"]: t["value"] for t in service.get_tags()}
    if name == "tag-key":
        return any(fnmatch.fnmatchcase(key, v) for key in tags for v in values)
    if name.startswith("tag:"):
        key = name[4:]
        return key in tags and any(fnmatch.fnmatchcase(tags[key], v) for v in values)
    raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")


def describe_vpc_endpoint_service_configurations(self):
    service_ids = self._get_param("ServiceIds", [])
    services = self.ec2_backend.describe_vpc_endpoint_service_configurations(service_ids)
    for name, values in self._filters_from_querystring().items():
        services = [s for s in services if _matches(s, name, values)]
    return ActionResult({"ServiceConfigurations": services})


def modify_vpc_endpoint_service_configuration(self):
    service_id = self._get_param("ServiceId")
    service = self.ec2_backend.describe_vpc_endpoint_service_configurations([service_id])[0]
    remove_regions = self._get_param("RemoveSupportedRegions", [])
    absent = [r for r in remove_regions if r not in service._supported_region_names]
    if absent:
        raise EC2ClientError("InvalidParameter", f"The following supported regions do not exist for service {service_id}: {', '.join(absent)}")
    if service.home_region in remove_regions:
        raise EC2ClientError("InvalidParameter", f"The service region {service.home_region} cannot be removed")
    _check_load_balancer_changes(self, service)
    self.ec2_backend.modify_vpc_endpoint_service_configuration(
        service_id,
        acceptance_required=self._get_param("AcceptanceRequired"),
        private_dns_name=self._get_param("PrivateDnsName"),
        add_network_lbs=self._get_param("AddNetworkLoadBalancerArns", []),
        remove_network_lbs=self._get_param("RemoveNetworkLoadBalancerArns", []),
        add_gateway_lbs=self._get_param("AddGatewayLoadBalancerArns", []),
        remove_gateway_lbs=self._get_param("RemoveGatewayLoadBalancerArns", []),
        add_supported_regions=[r for r in self._get_param("AddSupportedRegions", []) if r not in service._supported_region_names],
        remove_supported_regions=remove_regions,
    )
    if str(self._get_param("RemovePrivateDnsName", "")).lower() == "true":
        service.private_dns_name = None
    return ActionResult({"Return": True})


def _check_load_balancer_changes(self, service) -> None:
    """A service keeps at least one load balancer; one added must exist and serve no
    other service; one removed must be attached (each an AWS error, not a crash)."""
    add = self._get_param("AddNetworkLoadBalancerArns", [])
    remove = self._get_param("RemoveNetworkLoadBalancerArns", [])
    current = list(service.network_load_balancer_arns or [])
    detached = [arn for arn in remove if arn not in current]
    if detached:
        raise EC2ClientError("InvalidParameter", f"The following load balancers are not associated with service {service.id}: {', '.join(detached)}")
    # Gateway Load Balancers count too: a service may trade its last NLB for one.
    gateways = set(service.gateway_load_balancer_arns or []) | set(self._get_param("AddGatewayLoadBalancerArns", []))
    gateways -= set(self._get_param("RemoveGatewayLoadBalancerArns", []))
    if remove and not [arn for arn in current if arn not in remove] and not add and not gateways:
        raise EC2ClientError("InvalidParameter", f"Service {service.id} must have at least one load balancer")
    from moto.elbv2.models import elbv2_backends

    known = elbv2_backends[self.current_account][self.region].load_balancers
    unknown = [arn for arn in add if arn not in known]
    if unknown:
        raise EC2ClientError("InvalidParameter", f"The following load balancers do not exist: {', '.join(unknown)}")
    for other in self.ec2_backend.configurations.values():
        used = set(add) & set(other.network_load_balancer_arns or [])
        if other.id != service.id and used and other.service_state.lower() not in ("deleting", "deleted"):
            raise EC2ClientError(
                "InvalidParameter",
                f"The following load balancers are already associated with another VPC Endpoint Service Configuration: {', '.join(sorted(used))}",
            )


def delete_vpc_endpoint_service_configurations(self):
    unsuccessful = []
    deletable = []
    for service_id in self._get_param("ServiceIds", []):
        service = self.ec2_backend.configurations.get(service_id)
        if service is None:
            unsuccessful.append(_failure(service_id, "InvalidVpcEndpointService.NotFound", f"The VpcEndpointService Id '{service_id}' does not exist"))
        elif any(c["state"] in LIVE_CONNECTION_STATES for c in service.connections.values()):
            unsuccessful.append(_failure(service_id, "ExistingVpcEndpointConnections", f"Service {service_id} has existing VPC endpoint connections"))
        else:
            deletable.append(service_id)
    self.ec2_backend.delete_vpc_endpoint_service_configurations(deletable)
    return ActionResult({"Unsuccessful": unsuccessful})


def _failure(resource_id, code, message):
    return {"ResourceId": resource_id, "Error": {"Code": code, "Message": message}}


def find_service(service_name):
    """The provider's service for a name, in whatever account holds it."""
    match = SERVICE_NAME.match(service_name or "")
    if not match:
        return None
    region, service_id = match.groups()
    for account_id in list(ec2_backends.keys()):
        # .get, not [ ]: look only at regions that exist, without creating one.
        backend = ec2_backends[account_id].get(region)
        if backend is not None and service_id in backend.configurations:
            return backend.configurations[service_id]
    return None


_original_create_vpc_endpoint = EC2Response.create_vpc_endpoint


def create_vpc_endpoint(self):
    service_name = self._get_param("ServiceName")
    if (self._get_param("VpcEndpointType") or "").lower() != "interface" or not SERVICE_NAME.match(service_name or ""):
        return _original_create_vpc_endpoint(self)
    consumer_account = self.current_account
    consumer_region = self.region
    service_region = self._get_param("ServiceRegion") or consumer_region
    service = find_service(service_name)
    refused = EC2ClientError("InvalidServiceName", f"The Vpc Endpoint Service '{service_name}' does not exist")
    if service is None or service.home_region != service_region:
        raise refused
    provider_account = service.ec2_backend.account_id
    allowed = provider_account == consumer_account or "*" in service.principals or f"arn:aws:iam::{consumer_account}:root" in service.principals
    if not allowed:
        raise refused
    if consumer_region != service.home_region and consumer_region not in service._supported_region_names:
        raise refused
    if consumer_region == service.home_region:
        # A cross-region endpoint lives in the consumer's region's zones, which AWS maps
        # to the service's own; in-region, zone IDs must match.
        zones.check_endpoint_zones(self.ec2_backend, service, service_name, self._get_param("SubnetIds", []))
    result = _original_create_vpc_endpoint(self)
    endpoint = result.result["VpcEndpoint"]
    endpoint.state = "pendingAcceptance" if service.acceptance_required else "pending"
    service.connections[endpoint.id] = {
        "endpoint": endpoint,
        "owner": consumer_account,
        "region": consumer_region,
        "state": endpoint.state,
        "created": utcnow(),
        "since": time.monotonic(),
    }
    connection_notifications.send(service, endpoint.id, consumer_account, "Connect")
    return result


def _connection_view(service, endpoint_id, connection):
    return {
        "ServiceId": service.id,
        "VpcEndpointId": endpoint_id,
        "VpcEndpointOwner": connection["owner"],
        "VpcEndpointState": connection["state"],
        "VpcEndpointRegion": connection["region"],
        "CreationTimestamp": connection["created"],
        "NetworkLoadBalancerArns": list(service.network_load_balancer_arns),
        "IpAddressType": "ipv4",
        "VpcEndpointConnectionId": f"vpce-con-{endpoint_id[5:]}",
    }


def _advance(service) -> None:
    """`pending` turns `available` once `endpoint_pending_seconds` have passed."""
    for connection in getattr(service, "connections", {}).values():
        if connection["state"] == "pending" and time.monotonic() - connection["since"] >= settings.get("endpoint_pending_seconds"):
            connection["state"] = "available"
            connection["endpoint"].state = "available"


def all_services():
    for account_id in list(ec2_backends.keys()):
        for backend in list(ec2_backends[account_id].values()):
            yield from backend.configurations.values()


_original_describe_vpc_endpoints = EC2Response.describe_vpc_endpoints


def describe_vpc_endpoints(self):
    for service in all_services():
        _advance(service)
    return _original_describe_vpc_endpoints(self)


CONNECTION_FILTERS = {
    "service-id": lambda s, e, c: s.id,
    "vpc-endpoint-id": lambda s, e, c: e,
    "vpc-endpoint-owner": lambda s, e, c: c["owner"],
    "vpc-endpoint-state": lambda s, e, c: c["state"],
    "vpc-endpoint-region": lambda s, e, c: c["region"],
    "ip-address-type": lambda s, e, c: "ipv4",
}


def describe_vpc_endpoint_connections(self):
    filters = self._filters_from_querystring()
    for name in filters:
        if name not in CONNECTION_FILTERS:
            raise EC2ClientError("InvalidParameterValue", f"The filter '{name}' is invalid")
    views = []
    for service in self.ec2_backend.configurations.values():
        _advance(service)
        for endpoint_id, connection in service.connections.items():
            if all(CONNECTION_FILTERS[n](service, endpoint_id, connection) in v for n, v in filters.items()):
                views.append(_connection_view(service, endpoint_id, connection))
    return ActionResult({"VpcEndpointConnections": views})


def _move_connections(self, new_state, allowed_from):
    service_id = self._get_param("ServiceId")
    service = self.ec2_backend.describe_vpc_endpoint_service_configurations([service_id])[0]
    unsuccessful = []
    for endpoint_id in self._get_param("VpcEndpointIds", []):
        connection = service.connections.get(endpoint_id)
        if connection is None:
            unsuccessful.append(_failure(endpoint_id, "InvalidVpcEndpoint.NotFound", f"The Vpc Endpoint Id '{endpoint_id}' does not exist"))
        elif connection["state"] not in allowed_from:
            unsuccessful.append(_failure(endpoint_id, "InvalidState", f"Endpoint {endpoint_id} is {connection['state']}"))
        else:
            connection["state"] = new_state
            connection["endpoint"].state = new_state
            connection["since"] = time.monotonic()
            connection_notifications.send(service, endpoint_id, connection["owner"], "Reject" if new_state == "rejected" else "Accept")
    return ActionResult({"Unsuccessful": unsuccessful})


def accept_vpc_endpoint_connections(self):
    return _move_connections(self, "pending", {"pendingAcceptance"})


def reject_vpc_endpoint_connections(self):
    return _move_connections(self, "rejected", {"pendingAcceptance", "pending", "available"})


_original_delete_vpc_endpoints = EC2Response.delete_vpc_endpoints


def delete_vpc_endpoints(self):
    deleted = set(self._get_param("VpcEndpointIds", []))
    for service in all_services():
        for endpoint_id, connection in getattr(service, "connections", {}).items():
            if endpoint_id in deleted:
                connection["state"] = "deleted"
                connection_notifications.send(service, endpoint_id, connection["owner"], "Delete")
    return _original_delete_vpc_endpoints(self)


_original_create_service = EC2Response.create_vpc_endpoint_service_configuration


def create_vpc_endpoint_service_configuration(self):
    token = self._get_param("ClientToken")
    tokens = self.ec2_backend.__dict__.setdefault("_service_client_tokens", {})
    if token and tokens.get(token) in self.ec2_backend.configurations:
        service = self.ec2_backend.configurations[tokens[token]]
        return ActionResult({"ServiceConfiguration": service})
    asked = set(self._get_param("NetworkLoadBalancerArns", []))
    for service in self.ec2_backend.configurations.values():
        used = asked & set(service.network_load_balancer_arns or [])
        if used and service.service_state.lower() not in ("deleting", "deleted"):
            raise EC2ClientError(
                "InvalidParameter",
                f"The following load balancers are already associated with another VPC Endpoint Service Configuration: {', '.join(sorted(used))}",
            )
    result = _original_create_service(self)
    if token:
        tokens[token] = result.result["ServiceConfiguration"].id
    return result


def install() -> None:
    VPCServiceConfiguration.__init__ = _service_init
    EC2Response.describe_vpc_endpoint_service_configurations = describe_vpc_endpoint_service_configurations
    EC2Response.modify_vpc_endpoint_service_configuration = modify_vpc_endpoint_service_configuration
    EC2Response.delete_vpc_endpoint_service_configurations = delete_vpc_endpoint_service_configurations
    EC2Response.create_vpc_endpoint = create_vpc_endpoint
    EC2Response.describe_vpc_endpoint_connections = describe_vpc_endpoint_connections
    EC2Response.accept_vpc_endpoint_connections = accept_vpc_endpoint_connections
    EC2Response.reject_vpc_endpoint_connections = reject_vpc_endpoint_connections
    EC2Response.delete_vpc_endpoints = delete_vpc_endpoints
    EC2Response.describe_vpc_endpoints = describe_vpc_endpoints
    EC2Response.create_vpc_endpoint_service_configuration = create_vpc_endpoint_service_configuration

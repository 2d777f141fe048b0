"""Availability Zones as each account sees them, and the services and endpoints that
live in them.

- Zone names map to zone IDs per account: "the Availability Zone us-east-1a for your
  AWS account might not have the same location as us-east-1a for another AWS account",
  while a zone ID names the same location in every account
  (https://docs.aws.amazon.com/ram/latest/userguide/working-with-az-ids.html). Each
  account's mapping is moto's rotated by a number drawn from the account ID; moto's
  default account (123456789012) keeps moto's mapping, so moto's own tests still hold.
  DescribeAvailabilityZones, subnets (`AvailabilityZoneId`) and everything built on
  them follow the account's mapping.
- An endpoint service lists `AvailabilityZones` and `AvailabilityZoneIds`: the zones of
  its load balancers' subnets now, so they follow SetSubnets.
- A consumer's interface endpoint in a subnet whose zone ID the service lacks is
  refused: "The VPC endpoint service ... does not support the Availability Zone of the
  subnet" (https://repost.aws/knowledge-center/interface-endpoint-availability-zone).
- Interface-endpoint and NAT-gateway network interfaces get a free address of their
  subnet, as in AWS; moto drew one from anywhere in 10.0.0.0/8.
"""

import zlib

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import nat_gateways, subnets, vpcs
from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend, Zone
from moto.ec2.models.vpc_service_configuration import VPCServiceConfiguration
from moto.utilities.utils import filter_resources

# (account, region) -> that account's zones, built once so subnets keep the same objects.
_zones = {}


def _shift(account_id: str, count: int) -> int:
    if account_id == DEFAULT_ACCOUNT_ID or count == 0:
        return 0
    return zlib.crc32(account_id.encode()) % count


def zones_of(account_id: str, region: str) -> list:
    key = (account_id, region)
    if key not in _zones:
        base = RegionsAndZonesBackend.zones.get(region, [])
        shift = _shift(account_id, len(base))
        _zones[key] = [
            Zone(name=zone.name, region_name=zone.region_name, zone_id=base[(i + shift) % len(base)].zone_id, zone_type=zone.zone_type)
            for i, zone in enumerate(base)
        ]
    return _zones[key]


_ZONE_FILTERS = (("zone-id", "zone_id"), ("zone-type", "zone_type"), ("zone-name", "name"), ("region-name", "region_name"), ("state", "state"))


def _describe_availability_zones(self, filters=None, zone_names=None, zone_ids=None):
    """moto's method, over this account's zones instead of the shared table."""
    result = zones_of(getattr(self, "account_id", DEFAULT_ACCOUNT_ID), self.region_name)
    if filters:
        result = filter_resources(result, filters, _ZONE_FILTERS)
    result = [z for z in result if not zone_ids or z.zone_id in zone_ids]
    return [z for z in result if not zone_names or z.name in zone_names]


_original_create_subnet = subnets.SubnetBackend.create_subnet


def _create_subnet(self, vpc_id, cidr_block, ipv6_cidr_block=None, availability_zone=None, availability_zone_id=None, *args, **kwargs):
    own = zones_of(self.account_id, self.region_name)
    if availability_zone_id and not availability_zone:
        # A zone ID names the same place in every account: find this account's name for it.
        named = [z.name for z in own if z.zone_id == availability_zone_id]
        availability_zone, availability_zone_id = (named[0] if named else None), (None if named else availability_zone_id)
    subnet = _original_create_subnet(self, vpc_id, cidr_block, ipv6_cidr_block, availability_zone, availability_zone_id, *args, **kwargs)
    mine = [z for z in own if z.name == subnet.availability_zone]
    if mine:
        subnet._availability_zone = mine[0]
    return subnet


def _subnets_of(service) -> list:
    from moto.elbv2.models import elbv2_backends

    backend = service.ec2_backend
    balancers = elbv2_backends[backend.account_id][backend.region_name].load_balancers
    found = {}
    for arn in list(service.network_load_balancer_arns or []) + list(service.gateway_load_balancer_arns or []):
        for subnet in getattr(balancers.get(arn), "subnets", []):
            found[subnet.availability_zone] = subnet
    return [found[name] for name in sorted(found)]


def _service_zone_names(self) -> list:
    return [s.availability_zone for s in _subnets_of(self)] if hasattr(self, "ec2_backend") else []


def _service_zone_ids(self) -> list:
    return [s.availability_zone_id for s in _subnets_of(self)] if hasattr(self, "ec2_backend") else []


def check_endpoint_zones(consumer_backend, service, service_name: str, subnet_ids) -> None:
    """Refuse a consumer subnet whose zone ID the service does not serve."""
    offered = set(_service_zone_ids(service))
    for subnet_id in subnet_ids or []:
        subnet = consumer_backend.get_subnet(subnet_id)
        if subnet.availability_zone_id not in offered:
            raise EC2ClientError(
                "InvalidParameter",
                f"The VPC endpoint service {service_name} does not support the Availability Zone of the subnet: {subnet_id}.",
            )


def _no_address(*_args, **_kwargs):
    # None: the interface is given a free address of its subnet (resources.py).
    return None


_original_nat_init = nat_gateways.NatGateway.__init__


def _nat_init(self, *args, **kwargs):
    _original_nat_init(self, *args, **kwargs)
    self.private_ip = self._eni.private_ip_address


def install() -> None:
    RegionsAndZonesBackend.describe_availability_zones = _describe_availability_zones
    subnets.SubnetBackend.create_subnet = _create_subnet
    # Computed from the load balancers at each read; the setter drops moto's snapshot.
    VPCServiceConfiguration.availability_zones = property(_service_zone_names, lambda self, value: None)
    VPCServiceConfiguration.availability_zone_ids = property(_service_zone_ids)
    vpcs.random_private_ip = _no_address
    nat_gateways.random_private_ip = _no_address
    nat_gateways.NatGateway.__init__ = _nat_init

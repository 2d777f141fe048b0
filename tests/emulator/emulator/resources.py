"""Databases and caches get the network interfaces AWS creates for them.

- An RDS instance gets one interface, description `RDSNetworkInterface`, in the subnet
  of its zone from its DB subnet group, with its VPC security groups. An instance of
  an Aurora, DocumentDB or Neptune cluster is in the cluster's DB subnet group, with the
  cluster's security groups unless it names its own ("DBSubnetGroupName ... Amazon
  Aurora: Not applicable. The DB subnet group is managed by the DB cluster",
  https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html);
  moto gave it none, so a cluster's members had no interface and no subnet group.
- A DocumentDB cluster is a DB cluster of engine `docdb` on the same API (Amazon
  DocumentDB's CreateDBCluster: "Engine ... Valid values: docdb", port 27017,
  https://docs.aws.amazon.com/documentdb/latest/developerguide/API_CreateDBCluster.html);
  moto refused the engine.
- Every node of an ElastiCache replication group or cache cluster gets one,
  description `ElastiCache <cache-cluster-id>`, in its zone's subnet of the cache
  subnet group, with the cache's security groups.
- Their DNS names resolve to those IPs through `GET /_emulator/dns?name=<host>`
  (the real names are not resolvable here).
- `POST /_emulator/failover {"name": "<db-instance-id or cache-cluster-id>"}` gives the
  resource a new interface and IP, as a failover or maintenance does.
- Every node of a Redshift cluster gets one, description `RedshiftNetworkInterface`, in
  the cluster's zone from its cluster subnet group, with its VPC security groups, and
  DescribeClusters lists them under `ClusterNodes` (`NodeRole` `SHARED` for a
  single-node cluster, else `LEADER` and `COMPUTE-0`, ...; `PrivateIPAddress`) with the
  cluster's `VpcId`, as AWS does
  (https://docs.aws.amazon.com/redshift/latest/APIReference/API_ClusterNode.html,
  https://docs.aws.amazon.com/redshift/latest/APIReference/API_Cluster.html); moto
  listed no nodes and no VPC. The leader (or shared) node is named by the cluster ID for
  `/_emulator/failover`, as a relocation moves it.
- An RDS Proxy gets one interface in each of its `VpcSubnetIds`, description
  `Network interface for DBProxy <name>` (what AWS's own interfaces for a proxy carry in
  accounts; AWS's guides do not print it), with the proxy's security groups; deleting
  the proxy deletes them (moto gave it none). The proxy's name moves its first
  interface for `/_emulator/failover`, as its addresses change when it scales.
- An Amazon MQ for ActiveMQ broker gets one interface per broker instance (two for
  ACTIVE_STANDBY_MULTI_AZ), in its `SubnetIds` in order, with its security groups, and
  DescribeBroker's `BrokerInstances[].IpAddress` is that interface's address: "The IP
  address of the Elastic Network Interface (ENI) attached to the broker. Does not apply
  to RabbitMQ (RabbitMQ uses NLB)"
  (https://docs.aws.amazon.com/amazon-mq/latest/api-reference/brokers-broker-id.html#brokers-broker-id-model-brokerinstance),
  so a RabbitMQ broker lists none. moto gave every broker the fixed addresses
  192.168.0.1 and 192.168.0.2, held by no interface. Deleting the broker deletes them.
- CreateReplicationGroup honours NumCacheClusters (moto reads only ReplicasPerNodeGroup).
- A network interface created without an address gets a free one in its subnet, as in
  AWS. moto draws one at random from the whole block, the network and broadcast
  addresses included, so two interfaces could share an IP and a test could see the
  database's address on the cache's interface.
- An instance's primary address comes from the same pool (moto's RunInstances drew it
  from a counter of its own that ignored every interface, so an instance could get the
  database's address), and an address asked for that an interface holds already is
  refused with `InvalidIPAddress.InUse` ("The specified IP address is already in use",
  https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): every
  interface address is unique in its VPC, whoever makes the interface.
"""

import ipaddress
import threading

from moto.ec2.exceptions import EC2ClientError
from moto.ec2.models import ec2_backends
from moto.ec2.models.elastic_network_interfaces import NetworkInterfaceBackend
from moto.ec2.models.subnets import Subnet
from moto.elasticache import models as elasticache
from moto.mq import models as mq
from moto.rds import models as rds
from moto.redshift import models as redshift

_lock = threading.Lock()
# host name -> (account, region, node name)
_dns = {}
# (account, region, node name) -> ENI id
_interfaces = {}


# AWS keeps the first four addresses of a subnet and the last one for itself.
_RESERVED_AT_START = 4


def _taken(ec2, subnet):
    """Every address an interface of this account and region holds, and those moto's
    RunInstances handed out in the subnet."""
    taken = {eni.private_ip_address for eni in ec2.enis.values()}
    taken.update(a.get("PrivateIpAddress") for eni in ec2.enis.values() for a in eni.private_ip_addresses)
    taken.update(getattr(subnet, "_subnet_ips", {}).keys())
    return taken


def _free_ip(ec2, subnet):
    """The lowest address of the subnet no interface of this account and region holds."""
    taken = _taken(ec2, subnet)
    # moto accepts a subnet CIDR with host bits set (10.0.1.1/24): read it as its network.
    network = ipaddress.IPv4Network(subnet.cidr_block, strict=False)
    for offset in range(_RESERVED_AT_START, network.num_addresses - 1):
        candidate = str(network.network_address + offset)
        if candidate not in taken:
            return candidate
    raise EC2ClientError("InsufficientFreeAddressesInSubnet", f"The specified subnet {subnet.id} has no free addresses.")


_original_create_network_interface = NetworkInterfaceBackend.create_network_interface


def _in_use():
    return EC2ClientError("InvalidIPAddress.InUse", "The specified IP address is already in use.")


def _create_network_interface(self, subnet, private_ip_address, private_ip_addresses=None, *args, **kwargs):
    if isinstance(subnet, str):
        subnet = self.get_subnet(subnet)
    if not private_ip_address and not private_ip_addresses:
        private_ip_address = _free_ip(self, subnet)
    else:
        # An instance's own address is in the subnet's book already: it is not in use by another.
        held = {eni.private_ip_address for eni in self.enis.values()}
        held.update(a.get("PrivateIpAddress") for eni in self.enis.values() for a in eni.private_ip_addresses)
        asked = [private_ip_address] + [a.get("PrivateIpAddress") for a in private_ip_addresses or []]
        if any(ip and ip in held for ip in asked):
            raise _in_use()
    return _original_create_network_interface(self, subnet, private_ip_address, private_ip_addresses, *args, **kwargs)


def _get_available_subnet_ip(self, instance):
    """RunInstances' address for a new instance: a free one, as for any interface."""
    address = _free_ip(self.ec2_backend, self)
    self._subnet_ips[address] = instance
    return address


def _subnet_for(ec2, subnet_ids, zone):
    subnets = [ec2.get_subnet(s) for s in subnet_ids]
    in_zone = [s for s in subnets if s.availability_zone == zone]
    return (in_zone or subnets)[0]


def _attach(account, region, node, subnet_ids, zone, description, groups):
    ec2 = ec2_backends[account][region]
    subnet = _subnet_for(ec2, subnet_ids, zone)
    eni = ec2.create_network_interface(subnet, None, group_ids=list(groups or []), description=description)
    eni.requester_managed = True
    with _lock:
        _interfaces[(account, region, node)] = eni.id
    return eni


def _detach(account, region, node):
    with _lock:
        eni_id = _interfaces.pop((account, region, node), None)
    backend = ec2_backends[account][region]
    # The interface may be gone already (deleted by hand, or by a reset of moto's state).
    if eni_id and eni_id in backend.enis:
        backend.delete_network_interface(eni_id)


def _name(account, region, host, node):
    with _lock:
        _dns[host.lower()] = (account, region, node)


def reset():
    with _lock:
        _dns.clear()
        _interfaces.clear()


def resolve(host):
    """The IPs a resource's DNS name resolves to, or []."""
    with _lock:
        key = _dns.get((host or "").lower())
        eni_id = _interfaces.get(key) if key else None
    if not eni_id:
        return []
    account, region, _ = key
    eni = ec2_backends[account][region].enis.get(eni_id)
    return [eni.private_ip_address] if eni else []


def failover(name):
    """Replace the named node's interface with a new one (new IP); returns (old, new)."""
    with _lock:
        matches = [key for key in _interfaces if key[2] == name]
    if not matches:
        raise KeyError(f"no resource node named {name!r}")
    account, region, node = matches[0]
    ec2 = ec2_backends[account][region]
    old = ec2.enis[_interfaces[matches[0]]]
    new = ec2.create_network_interface(old.subnet, None, group_ids=[g.id for g in old.group_set], description=old.description)
    new.requester_managed = True
    with _lock:
        _interfaces[matches[0]] = new.id
    ec2.delete_network_interface(old.id)
    return old.private_ip_address, new.private_ip_address


# --- RDS ----------------------------------------------------------------------------

_original_create_db_instance = rds.RDSBackend.create_db_instance
_original_delete_db_instance = rds.RDSBackend.delete_db_instance


def _create_db_instance(self, db_kwargs):
    cluster = self.clusters.get(db_kwargs.get("db_cluster_identifier") or "")
    # Only a subnet group that exists: moto names a cluster's "default" when none was given.
    if cluster is not None and not db_kwargs.get("db_subnet_group_name") and cluster.db_subnet_group_name in self.subnet_groups:
        db_kwargs["db_subnet_group_name"] = cluster.db_subnet_group_name
        db_kwargs["vpc_security_group_ids"] = db_kwargs.get("vpc_security_group_ids") or list(cluster.vpc_security_group_ids or [])
    instance = _original_create_db_instance(self, db_kwargs)
    group = getattr(instance, "db_subnet_group", None)
    if group is not None:
        zone = instance.availability_zone
        subnet_ids = [s.id for s in group._subnets]
        node = instance.db_instance_identifier
        _attach(self.account_id, self.region_name, node, subnet_ids, zone, "RDSNetworkInterface", instance.vpc_security_group_ids)
        _name(self.account_id, self.region_name, instance.address, node)
    return instance


_DOCDB = {"engine": "docdb", "version": "5.0.0", "port": 27017}


def _allow_docdb() -> None:
    clusters = rds.ClusterEngine.list_cluster_engines
    rds.ClusterEngine.list_cluster_engines = staticmethod(lambda: [*clusters(), _DOCDB["engine"]])
    instances = rds.DbInstanceEngine.valid_db_instance_engine
    rds.DbInstanceEngine.valid_db_instance_engine = staticmethod(lambda: [*instances(), _DOCDB["engine"]])
    for model in (rds.DBCluster, rds.DBInstance):
        for name, value in [("default_engine_version", _DOCDB["version"]), ("default_port", _DOCDB["port"])]:
            original = getattr(model, name, None)
            if original is not None:
                setattr(model, name, staticmethod(lambda engine, _o=original, _v=value: _v if engine == "docdb" else _o(engine)))
    storage = rds.DBCluster.default_allocated_storage
    rds.DBCluster.default_allocated_storage = staticmethod(
        lambda engine, storage_type: 1 if engine == "docdb" else storage(engine, storage_type)
    )


def _delete_db_instance(self, db_instance_identifier, *args, **kwargs):
    result = _original_delete_db_instance(self, db_instance_identifier, *args, **kwargs)
    _detach(self.account_id, self.region_name, db_instance_identifier)
    return result


_original_create_db_proxy = rds.RDSBackend.create_db_proxy
_original_delete_db_proxy = rds.RDSBackend.delete_db_proxy


def _proxy_nodes(proxy):
    """(node name, subnet) of each interface: the first is named by the proxy."""
    name = proxy.db_proxy_name
    return [(name if i == 0 else f"{name}/{subnet}", subnet) for i, subnet in enumerate(proxy.vpc_subnet_ids)]


def _create_db_proxy(self, *args, **kwargs):
    proxy = _original_create_db_proxy(self, *args, **kwargs)
    for node, subnet in _proxy_nodes(proxy):
        _attach(self.account_id, self.region_name, node, [subnet], None, f"Network interface for DBProxy {proxy.db_proxy_name}",
                proxy.vpc_security_group_ids)
    return proxy


def _delete_db_proxy(self, proxy_name):
    proxy = _original_delete_db_proxy(self, proxy_name=proxy_name)
    for node, _ in _proxy_nodes(proxy):
        _detach(self.account_id, self.region_name, node)
    return proxy


# --- ElastiCache --------------------------------------------------------------------

_original_create_replication_group = elasticache.ElastiCacheBackend.create_replication_group
_original_delete_replication_group = elasticache.ElastiCacheBackend.delete_replication_group
_original_create_cache_cluster = elasticache.ElastiCacheBackend.create_cache_cluster


def _subnet_ids(backend, group_name):
    group = backend.cache_subnet_groups.get(group_name) if group_name else None
    return list(group.subnet_ids) if group else []


def _create_replication_group(self, **kwargs):
    if kwargs.get("num_cache_clusters") and not kwargs.get("replicas_per_node_group") and not kwargs.get("num_node_groups"):
        kwargs["replicas_per_node_group"] = int(kwargs["num_cache_clusters"]) - 1
    group = _original_create_replication_group(self, **kwargs)
    subnet_ids = _subnet_ids(self, kwargs.get("cache_subnet_group_name"))
    if subnet_ids:
        for node_group in group.node_groups:
            for member in node_group["node_group_members"]:
                node = member["cache_cluster_id"]
                _attach(self.account_id, self.region_name, node, subnet_ids, member.get("preferred_availability_zone"),
                        f"ElastiCache {node}", kwargs.get("security_group_ids"))
                if member.get("read_endpoint", {}).get("address"):
                    _name(self.account_id, self.region_name, member["read_endpoint"]["address"], node)
                if member.get("current_role") == "primary" and node_group.get("primary_endpoint_address"):
                    _name(self.account_id, self.region_name, node_group["primary_endpoint_address"], node)
    return group


def _delete_replication_group(self, replication_group_id, *args, **kwargs):
    group = self.replication_groups.get(replication_group_id)
    members = list(group.member_clusters) if group else []
    result = _original_delete_replication_group(self, replication_group_id, *args, **kwargs)
    for member in members:
        _detach(self.account_id, self.region_name, member)
    return result


def _create_cache_cluster(self, **kwargs):
    cluster = _original_create_cache_cluster(self, **kwargs)
    subnet_ids = _subnet_ids(self, kwargs.get("cache_subnet_group_name"))
    zones = kwargs.get("preferred_availability_zones") or [kwargs.get("preferred_availability_zone")]
    if subnet_ids:
        for index in range(cluster.num_cache_nodes):
            zone = zones[index % len(zones)] if zones and zones[0] else None
            node = f"{cluster.cache_cluster_id}/{index + 1:04d}"
            _attach(self.account_id, self.region_name, node, subnet_ids, zone, f"ElastiCache {cluster.cache_cluster_id}",
                    kwargs.get("security_group_ids"))
    return cluster


# --- Redshift -----------------------------------------------------------------------

REDSHIFT_DESCRIPTION = "RedshiftNetworkInterface"
_original_create_cluster = redshift.RedshiftBackend.create_cluster
_original_delete_cluster = redshift.RedshiftBackend.delete_cluster


def _redshift_nodes(cluster):
    """(role, node name) of every node: the leader (or the single shared node) is named by the cluster ID."""
    if cluster.number_of_nodes <= 1:
        return [("SHARED", cluster.cluster_identifier)]
    compute = [(f"COMPUTE-{i}", f"{cluster.cluster_identifier}/COMPUTE-{i}") for i in range(cluster.number_of_nodes)]
    return [("LEADER", cluster.cluster_identifier), *compute]


def _create_cluster(self, **kwargs):
    cluster = _original_create_cluster(self, **kwargs)
    group = self.subnet_groups.get(cluster.cluster_subnet_group_name) if cluster.cluster_subnet_group_name else None
    if group is not None:
        for _, node in _redshift_nodes(cluster):
            _attach(self.account_id, self.region_name, node, list(group.subnet_ids), cluster.availability_zone, REDSHIFT_DESCRIPTION,
                    cluster.vpc_security_group_ids)
        _name(self.account_id, self.region_name, cluster.address, cluster.cluster_identifier)
    return cluster


def _delete_cluster(self, **kwargs):
    cluster = self.clusters.get(kwargs.get("cluster_identifier"))
    nodes = _redshift_nodes(cluster) if cluster else []
    result = _original_delete_cluster(self, **kwargs)
    for _, node in nodes:
        _detach(self.account_id, self.region_name, node)
    return result


def _cluster_nodes(cluster):
    ec2 = ec2_backends[cluster.account_id][cluster.region]
    nodes = []
    for role, node in _redshift_nodes(cluster):
        with _lock:
            eni = ec2.enis.get(_interfaces.get((ec2.account_id, ec2.region_name, node), ""))
        if eni is not None:
            nodes.append({"NodeRole": role, "PrivateIPAddress": eni.private_ip_address})
    return nodes


def _cluster_vpc_id(cluster):
    group = cluster.redshift_backend.subnet_groups.get(cluster.cluster_subnet_group_name or "")
    return group.vpc_id if group is not None else None


# --- Amazon MQ ----------------------------------------------------------------------

_original_create_broker = mq.MQBackend.create_broker
_original_delete_broker = mq.MQBackend.delete_broker


def _real_subnet(ec2, subnet_id):
    try:
        return ec2.get_subnet(subnet_id)
    except EC2ClientError:
        return None


def _create_broker(self, *args, **kwargs):
    arn, broker_id = _original_create_broker(self, *args, **kwargs)
    broker = self.brokers[broker_id]
    ec2 = ec2_backends[self.account_id][self.region_name]
    for i, instance in enumerate(broker.instances):
        subnet = broker.subnet_ids[i % len(broker.subnet_ids)]
        # RabbitMQ's address is an NLB's that AWS runs; a subnet moto made up holds no interface.
        if broker.engine_type.upper() == "RABBITMQ" or _real_subnet(ec2, subnet) is None:
            instance.pop("ipAddress", None)
            continue
        eni = _attach(self.account_id, self.region_name, f"{broker_id}-{i + 1}", [subnet], None,
                      f"Amazon MQ network interface for broker {broker_id}", broker.security_groups)
        instance["ipAddress"] = eni.private_ip_address
    return arn, broker_id


def _delete_broker(self, broker_id):
    broker = self.brokers.get(broker_id)
    _original_delete_broker(self, broker_id)
    for i, _ in enumerate(broker.instances if broker else []):
        _detach(self.account_id, self.region_name, f"{broker_id}-{i + 1}")


def install() -> None:
    from moto.moto_api import _internal

    # moto's own reset (POST /moto-api/reset) clears these maps too.
    original_reset = _internal.moto_api_backend.reset

    def reset_all():
        original_reset()
        reset()

    _internal.moto_api_backend.reset = reset_all
    NetworkInterfaceBackend.create_network_interface = _create_network_interface
    Subnet.get_available_subnet_ip = _get_available_subnet_ip
    rds.RDSBackend.create_db_instance = _create_db_instance
    redshift.RedshiftBackend.create_cluster = _create_cluster
    redshift.RedshiftBackend.delete_cluster = _delete_cluster
    redshift.Cluster.cluster_nodes = property(_cluster_nodes)
    redshift.Cluster.vpc_id = property(_cluster_vpc_id)
    _allow_docdb()
    rds.RDSBackend.delete_db_instance = _delete_db_instance
    rds.RDSBackend.create_db_proxy = _create_db_proxy
    rds.RDSBackend.delete_db_proxy = _delete_db_proxy
    elasticache.ElastiCacheBackend.create_replication_group = _create_replication_group
    elasticache.ElastiCacheBackend.delete_replication_group = _delete_replication_group
    elasticache.ElastiCacheBackend.create_cache_cluster = _create_cache_cluster
    mq.MQBackend.create_broker = _create_broker
    mq.MQBackend.delete_broker = _delete_broker

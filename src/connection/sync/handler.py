"""trigger-privatelink's target sync, run by AWS Lambda in your account.

What `trigger-privatelink sync-targets` does, on a schedule and on the events that move a
database's IPs: for each route of the connection (TPL_ROUTES), find the private IPs of the
resource it follows from the AWS API (never from DNS, which is stale right after a
failover), register the new ones before deregistering the stale ones, and log one line
`TPL_SYNC {json}` per run. A read that fails or is ambiguous changes nothing for that
route. Only boto3, which the Python runtime ships, is used.
"""

import json
import os

import boto3

PRIMARY_ROLES = {"writer", "leader", "primary", "node"}
RDS_DESCRIPTION = "RDSNetworkInterface"
REDSHIFT_DESCRIPTION = "RedshiftNetworkInterface"


class Unresolved(Exception):
    """The resource's IPs cannot be told for sure: the route is left as it is."""


def _client(name):
    return boto3.client(name)


def interfaces(ec2, descriptions, vpc_id):
    """Interfaces with one of these descriptions in the VPC (filters applied again here)."""
    found = []
    pages = ec2.get_paginator("describe_network_interfaces").paginate(
        Filters=[{"Name": "description", "Values": descriptions}, {"Name": "vpc-id", "Values": [vpc_id]}])
    for page in pages:
        for eni in page["NetworkInterfaces"]:
            if eni.get("Description") in descriptions and eni.get("VpcId") == vpc_id and eni.get("PrivateIpAddress"):
                found.append(eni)
    return found


def single(candidates, what):
    if len(candidates) != 1:
        raise Unresolved(f"{len(candidates)} network interfaces could be {what}")
    return candidates[0]


def rds_instance_ip(rds, ec2, instance_id, vpc_id):
    instance = rds.describe_db_instances(DBInstanceIdentifier=instance_id)["DBInstances"][0]
    group = instance.get("DBSubnetGroup") or {}
    subnets = [s["SubnetIdentifier"] for s in group.get("Subnets", [])]
    security_groups = [g["VpcSecurityGroupId"] for g in instance.get("VpcSecurityGroups", [])]
    candidates = [e for e in interfaces(ec2, [RDS_DESCRIPTION], vpc_id)
                  if (not subnets or e["SubnetId"] in subnets)
                  and (not security_groups or any(g["GroupId"] in security_groups for g in e.get("Groups", [])))]
    in_zone = [e for e in candidates if e.get("AvailabilityZone") == instance.get("AvailabilityZone")]
    return single(in_zone or candidates, instance_id)["PrivateIpAddress"]


def resolve(kind, resource_id, vpc_id, all_nodes):
    """(ip, role) of every node of the resource, as the Rust resolver finds them."""
    ec2 = _client("ec2")
    if kind == "rds-instance":
        return [(rds_instance_ip(_client("rds"), ec2, resource_id, vpc_id), "writer")]
    if kind in ("rds-cluster", "docdb-cluster", "neptune-cluster"):
        rds = _client("rds")
        cluster = rds.describe_db_clusters(DBClusterIdentifier=resource_id)["DBClusters"][0]
        return [(rds_instance_ip(rds, ec2, m["DBInstanceIdentifier"], vpc_id), "writer" if m.get("IsClusterWriter") else "reader")
                for m in cluster.get("DBClusterMembers", [])]
    if kind == "elasticache-replication-group":
        cache = _client("elasticache")
        group = cache.describe_replication_groups(ReplicationGroupId=resource_id)["ReplicationGroups"][0]
        roles = {m["CacheClusterId"]: ("primary" if m.get("CurrentRole") == "primary" else "replica")
                 for ng in group.get("NodeGroups", []) for m in ng.get("NodeGroupMembers", [])}
        members = group.get("MemberClusters", [])
        found = interfaces(ec2, [f"ElastiCache {m}" for m in members], vpc_id)
        return [(single([e for e in found if e["Description"] == f"ElastiCache {m}"], m)["PrivateIpAddress"], roles.get(m, "node"))
                for m in members]
    if kind == "elasticache-cluster":
        found = interfaces(ec2, [f"ElastiCache {resource_id}"], vpc_id)
        if not found:
            raise Unresolved(f"no network interface of {resource_id}")
        return [(e["PrivateIpAddress"], "node") for e in found]
    if kind == "redshift-cluster":
        cluster = _client("redshift").describe_clusters(ClusterIdentifier=resource_id)["Clusters"][0]
        leader = [n.get("PrivateIPAddress") for n in cluster.get("ClusterNodes", []) if n.get("NodeRole") in ("LEADER", "SHARED")]
        held = {e["PrivateIpAddress"] for e in interfaces(ec2, [REDSHIFT_DESCRIPTION], vpc_id)}
        return [(single([ip for ip in leader if ip in held], f"{resource_id}'s leader node"), "leader")]
    if kind == "rds-proxy":
        proxy = _client("rds").describe_db_proxies(DBProxyName=resource_id)["DBProxies"][0]
        found = [e for e in interfaces(ec2, [f"Network interface for DBProxy {resource_id}"], vpc_id)
                 if e["SubnetId"] in proxy.get("VpcSubnetIds", [])]
        if not found:
            raise Unresolved(f"no network interface of {resource_id}")
        return [(e["PrivateIpAddress"], "node") for e in found]
    if kind == "mq-broker":
        mq = _client("mq")
        brokers = [b for page in mq.get_paginator("list_brokers").paginate() for b in page["BrokerSummaries"]]
        ids = [b["BrokerId"] for b in brokers if resource_id in (b.get("BrokerName"), b["BrokerId"])]
        broker = mq.describe_broker(BrokerId=single(ids, resource_id))
        ips = [i["IpAddress"] for i in broker.get("BrokerInstances", []) if i.get("IpAddress")]
        if not ips:
            raise Unresolved(f"{resource_id} lists no address")
        return [(ip, "node") for ip in ips]
    raise Unresolved(f"unknown kind {kind}")


def registered(elb, group_arn):
    """(ip, port) registered now; draining targets are on their way out and do not count."""
    health = elb.describe_target_health(TargetGroupArn=group_arn)["TargetHealthDescriptions"]
    return {(d["Target"]["Id"], d["Target"]["Port"]) for d in health
            if d.get("TargetHealth", {}).get("State") != "draining"}


def sync_route(elb, route):
    kind, resource_id = route["resource"].split("/", 1)
    port = int(route["target_port"])
    nodes = resolve(kind, resource_id, route["vpc_id"], route.get("all_nodes", False))
    wanted = {(ip, port) for ip, role in nodes if route.get("all_nodes") or role in PRIMARY_ROLES}
    if not wanted:
        raise Unresolved(f"{route['resource']} has no node to register")
    now = registered(elb, route["target_group_arn"])
    register = sorted(wanted - now)
    deregister = sorted(now - wanted)
    # New targets first, so the group is never empty in between; ports always given.
    if register:
        elb.register_targets(TargetGroupArn=route["target_group_arn"], Targets=[{"Id": ip, "Port": p} for ip, p in register])
    if deregister:
        elb.deregister_targets(TargetGroupArn=route["target_group_arn"], Targets=[{"Id": ip, "Port": p} for ip, p in deregister])
    return {"port": route["listener"], "resource": route["resource"], "result": "synced" if register or deregister else "in-sync",
            "register": [ip for ip, _ in register], "deregister": [ip for ip, _ in deregister]}


def handler(event=None, context=None):
    routes = json.loads(os.environ["TPL_ROUTES"])
    elb = _client("elbv2")
    results = []
    for route in routes:
        try:
            results.append(sync_route(elb, route))
        except Exception as error:  # a failed read changes nothing for this route
            results.append({"port": route["listener"], "resource": route["resource"], "result": "unchanged",
                            "error": f"{type(error).__name__}: {error}"})
    summary = {"connection": os.environ.get("TPL_CONNECTION"), "routes": results}
    print("TPL_SYNC " + json.dumps(summary, sort_keys=True))
    return summary

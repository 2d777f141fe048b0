"""The sync function's handler (src/connection/sync/handler.py), run in-process against
the emulator after each failover of the shared cases (tests/sync/cases.json): the same
cases `tests/cli/sync_cases.rs` runs against `trigger-privatelink sync-targets`, so the
two cannot drift apart."""

import importlib.util
import json
import os

import pytest

from test_emulator import network

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = json.load(open(os.path.join(HERE, "..", "sync", "cases.json")))


def load_handler():
    path = os.path.join(HERE, "..", "..", "src", "connection", "sync", "handler.py")
    spec = importlib.util.spec_from_file_location("tpl_sync_handler", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def seed(emulator, kind):
    """The resource, its group holding its current primary IP, and how to fail it over."""
    net = network(emulator)
    ec2, rds, cache, elb = (emulator.client(s) for s in ("ec2", "rds", "elasticache", "elbv2"))
    rds.create_db_subnet_group(DBSubnetGroupName="g", DBSubnetGroupDescription="g", SubnetIds=net["subnets"][:2])

    def ip_of(description, subnet=None):
        found = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": [description]}])["NetworkInterfaces"]
        return [e["PrivateIpAddress"] for e in found if subnet is None or e["SubnetId"] == subnet]

    if kind == "rds-instance":
        rds.create_db_instance(DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="u",
                               MasterUserPassword="password1", DBSubnetGroupName="g", VpcSecurityGroupIds=[net["db_sg"]],
                               AvailabilityZone="us-east-1a")
        resource, port = "rds-instance/db", 5432
        before = ip_of("RDSNetworkInterface")

        def fail_over():
            return [emulator.control("POST", "/_emulator/failover", {"name": "db"})["new_address"]]
    elif kind == "rds-cluster":
        rds.create_db_cluster(DBClusterIdentifier="c", Engine="aurora-postgresql", MasterUsername="u", MasterUserPassword="password1",
                              DBSubnetGroupName="g", VpcSecurityGroupIds=[net["db_sg"]])
        for i, zone in enumerate("ab"):
            rds.create_db_instance(DBInstanceIdentifier=f"c-{i}", DBClusterIdentifier="c", Engine="aurora-postgresql",
                                   DBInstanceClass="db.r5.large", AvailabilityZone=f"us-east-1{zone}")
        resource, port = "rds-cluster/c", 5432
        before = ip_of("RDSNetworkInterface", net["subnets"][0])

        def fail_over():
            rds.failover_db_cluster(DBClusterIdentifier="c", TargetDBInstanceIdentifier="c-1")
            return ip_of("RDSNetworkInterface", net["subnets"][1])
    else:
        cache.create_cache_subnet_group(CacheSubnetGroupName="g", CacheSubnetGroupDescription="g", SubnetIds=net["subnets"][:2])
        cache.create_replication_group(ReplicationGroupId="s", ReplicationGroupDescription="s", Engine="redis",
                                       CacheNodeType="cache.t3.micro", NumCacheClusters=2, CacheSubnetGroupName="g",
                                       SecurityGroupIds=[net["db_sg"]], PreferredCacheClusterAZs=["us-east-1a", "us-east-1b"])
        resource, port = "elasticache-replication-group/s", 6379
        before = ip_of("ElastiCache s-001")

        def fail_over():
            return [emulator.control("POST", "/_emulator/failover", {"name": "s-001"})["new_address"]]

    group = elb.create_target_group(Name="tpl-x-tg", Protocol="TCP", Port=port, VpcId=net["vpc"], TargetType="ip")["TargetGroups"][0]
    elb.register_targets(TargetGroupArn=group["TargetGroupArn"], Targets=[{"Id": ip, "Port": port} for ip in before])
    route = {"listener": port, "target_group_arn": group["TargetGroupArn"], "target_port": port, "resource": resource,
             "vpc_id": net["vpc"], "all_nodes": False}
    return route, before, fail_over


def registered(emulator, group_arn):
    health = emulator.client("elbv2").describe_target_health(TargetGroupArn=group_arn)["TargetHealthDescriptions"]
    return sorted(d["Target"]["Id"] for d in health)


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_the_handler_follows_each_shared_failover_case(emulator, monkeypatch, capsys, case):
    route, before, fail_over = seed(emulator, case["kind"])
    handler = load_handler()
    monkeypatch.setattr(handler, "_client", emulator.client)
    monkeypatch.setenv("TPL_ROUTES", json.dumps([route]))
    monkeypatch.setenv("TPL_CONNECTION", "x")
    assert handler.handler()["routes"][0]["result"] == "in-sync", "nothing to do before the failover"
    after = fail_over()
    assert sorted(after) != sorted(before)
    if case["case"] == "read-failure-changes-nothing":
        emulator.control("POST", "/_emulator/faults", {"operation": "ec2:DescribeNetworkInterfaces", "code": "Throttling", "count": 10})
        summary = handler.handler()
        emulator.control("POST", "/_emulator/faults/reset")
        assert summary["routes"][0]["result"] == "unchanged", summary
        assert "Throttling" in summary["routes"][0]["error"]
        assert registered(emulator, route["target_group_arn"]) == sorted(before), "a failed read leaves the group as it was"
        return
    summary = handler.handler()
    assert summary["routes"][0] == {"port": route["listener"], "resource": route["resource"], "result": "synced",
                                    "register": sorted(after), "deregister": sorted(before)}
    assert registered(emulator, route["target_group_arn"]) == sorted(after)
    line = [l for l in capsys.readouterr().out.splitlines() if l.startswith("TPL_SYNC ")][-1]
    assert json.loads(line[len("TPL_SYNC "):])["routes"][0]["result"] == "synced", "one TPL_SYNC line per run"
    assert handler.handler()["routes"][0]["result"] == "in-sync", "a second run changes nothing"

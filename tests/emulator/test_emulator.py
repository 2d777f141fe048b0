"""Each behaviour the emulator adds to moto, checked through boto3 against what AWS
documents (not through the tool). Numbers refer to the list in emulator/__init__.py's
modules and the project's issue."""

import contextlib
import json
import time

import pytest
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import PROVIDER, VENDOR


def network(emulator):
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.30.{i + 1}.0/24", AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
        for i, zone in enumerate("abc")
    ]
    nlb_sg = ec2.create_security_group(GroupName="nlb", Description="nlb", VpcId=vpc)["GroupId"]
    db_sg = ec2.create_security_group(GroupName="db", Description="db", VpcId=vpc)["GroupId"]
    return {"vpc": vpc, "subnets": subnets, "nlb_sg": nlb_sg, "db_sg": db_sg}


def nlb(emulator, net, name="nlb", subnets=1, groups=True):
    elb = emulator.client("elbv2")
    kwargs = {"SecurityGroups": [net["nlb_sg"]]} if groups else {}
    return elb.create_load_balancer(Name=name, Type="network", Scheme="internal", Subnets=net["subnets"][:subnets], **kwargs)[
        "LoadBalancers"
    ][0]


def target_group(emulator, net, name="tg", port=5432):
    elb = emulator.client("elbv2")
    return elb.create_target_group(Name=name, Protocol="TCP", Port=port, VpcId=net["vpc"], TargetType="ip")["TargetGroups"][0]


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]


# 1. enforcement attribute ---------------------------------------------------------


def test_enforcement_defaults_on_and_is_stored(emulator):
    net = network(emulator)
    elb = emulator.client("elbv2")
    lb = nlb(emulator, net)
    assert lb["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] == "on"
    answer = elb.set_security_groups(
        LoadBalancerArn=lb["LoadBalancerArn"], SecurityGroups=[net["nlb_sg"]], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic="off"
    )
    assert answer["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] == "off"
    described = elb.describe_load_balancers(LoadBalancerArns=[lb["LoadBalancerArn"]])["LoadBalancers"][0]
    assert described["EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic"] == "off"


def test_nlb_without_security_groups_refuses_set_security_groups(emulator):
    net = network(emulator)
    lb = nlb(emulator, net, groups=False)
    assert "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic" not in lb
    with pytest.raises(ClientError) as excinfo:
        emulator.client("elbv2").set_security_groups(LoadBalancerArn=lb["LoadBalancerArn"], SecurityGroups=[net["nlb_sg"]])
    assert error_code(excinfo) == "InvalidConfigurationRequest"


# 2. provisioning ------------------------------------------------------------------


def test_nlb_stays_provisioning_for_the_configured_time(emulator):
    emulator.control("POST", "/_emulator/settings", {"nlb_provisioning_seconds": 1})
    net = network(emulator)
    elb = emulator.client("elbv2")
    arn = nlb(emulator, net)["LoadBalancerArn"]
    state = lambda: elb.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["State"]["Code"]
    assert state() == "provisioning"
    time.sleep(1.1)
    assert state() == "active"


# 3. target health -----------------------------------------------------------------


def db_interface(emulator, net, subnet_index, ip):
    emulator.client("ec2").create_network_interface(
        SubnetId=net["subnets"][subnet_index], Groups=[net["db_sg"]], PrivateIpAddress=ip, Description="RDSNetworkInterface"
    )


def admit(emulator, group, port, source_group=None, cidr=None):
    permission = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if source_group:
        permission["UserIdGroupPairs"] = [{"GroupId": source_group}]
    else:
        permission["IpRanges"] = [{"CidrIp": cidr}]
    emulator.client("ec2").authorize_security_group_ingress(GroupId=group, IpPermissions=[permission])


def health(emulator, tg_arn):
    described = emulator.client("elbv2").describe_target_health(TargetGroupArn=tg_arn)["TargetHealthDescriptions"]
    return [(d["Target"]["Id"], d["TargetHealth"]["State"], d["TargetHealth"].get("Reason")) for d in described]


def listen(emulator, lb_arn, tg_arn, port=5432):
    return emulator.client("elbv2").create_listener(
        LoadBalancerArn=lb_arn, Protocol="TCP", Port=port, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}]
    )["Listeners"][0]


def test_target_unused_until_a_listener_uses_the_group(emulator):
    net = network(emulator)
    db_interface(emulator, net, 0, "10.30.1.10")
    admit(emulator, net["db_sg"], 5432, source_group=net["nlb_sg"])
    tg = target_group(emulator, net)["TargetGroupArn"]
    emulator.client("elbv2").register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10", "Port": 5432}])
    assert health(emulator, tg) == [("10.30.1.10", "unused", "Target.NotInUse")]
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], tg)
    assert health(emulator, tg) == [("10.30.1.10", "healthy", None)]


def test_target_in_a_zone_the_nlb_lacks_is_unused_unless_cross_zone(emulator):
    net = network(emulator)
    db_interface(emulator, net, 1, "10.30.2.10")  # us-east-1b; the NLB has only 1a
    admit(emulator, net["db_sg"], 5432, cidr="10.30.0.0/16")
    tg = target_group(emulator, net)["TargetGroupArn"]
    lb = nlb(emulator, net, subnets=1)["LoadBalancerArn"]
    listen(emulator, lb, tg)
    emulator.client("elbv2").register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.2.10"}])
    assert health(emulator, tg) == [("10.30.2.10", "unused", "Target.NotInUse")]
    emulator.client("elbv2").modify_load_balancer_attributes(
        LoadBalancerArn=lb, Attributes=[{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}]
    )
    assert health(emulator, tg) == [("10.30.2.10", "healthy", None)]


def test_target_initial_then_unhealthy_when_its_security_group_does_not_admit_the_nlb(emulator):
    emulator.control("POST", "/_emulator/settings", {"target_initial_seconds": 1})
    net = network(emulator)
    db_interface(emulator, net, 0, "10.30.1.10")
    tg = target_group(emulator, net)["TargetGroupArn"]
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], tg)
    emulator.client("elbv2").register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    assert health(emulator, tg) == [("10.30.1.10", "initial", "Elb.RegistrationInProgress")]
    time.sleep(1.1)
    assert health(emulator, tg) == [("10.30.1.10", "unhealthy", "Target.Timeout")]
    admit(emulator, net["db_sg"], 5432, cidr="10.30.0.0/16")
    assert health(emulator, tg) == [("10.30.1.10", "healthy", None)]


def test_a_target_registered_again_goes_through_initial_again(emulator):
    emulator.control("POST", "/_emulator/settings", {"target_initial_seconds": 1})
    net = network(emulator)
    db_interface(emulator, net, 0, "10.30.1.10")
    admit(emulator, net["db_sg"], 5432, cidr="10.30.0.0/16")
    tg = target_group(emulator, net)["TargetGroupArn"]
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], tg)
    elb = emulator.client("elbv2")
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    time.sleep(1.1)
    assert health(emulator, tg) == [("10.30.1.10", "healthy", None)]
    # Registering it again while registered changes nothing.
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    assert health(emulator, tg) == [("10.30.1.10", "healthy", None)]
    # Deregistered, then registered anew: `initial` again.
    elb.deregister_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    assert health(emulator, tg) == [("10.30.1.10", "initial", "Elb.RegistrationInProgress")]


def test_rule_for_another_port_does_not_admit_the_health_check(emulator):
    net = network(emulator)
    db_interface(emulator, net, 0, "10.30.1.10")
    admit(emulator, net["db_sg"], 3306, source_group=net["nlb_sg"])
    tg = target_group(emulator, net)["TargetGroupArn"]
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], tg)
    emulator.client("elbv2").register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.1.10"}])
    assert health(emulator, tg) == [("10.30.1.10", "unhealthy", "Target.Timeout")]


# 4. idempotent creates ------------------------------------------------------------


def test_creates_with_identical_settings_return_the_existing_resource(emulator):
    net = network(emulator)
    elb = emulator.client("elbv2")
    first_tg = target_group(emulator, net)
    assert target_group(emulator, net)["TargetGroupArn"] == first_tg["TargetGroupArn"]
    with pytest.raises(ClientError) as excinfo:
        target_group(emulator, net, port=3306)
    assert error_code(excinfo) == "DuplicateTargetGroupName"

    first_lb = nlb(emulator, net)
    assert nlb(emulator, net)["LoadBalancerArn"] == first_lb["LoadBalancerArn"]
    with pytest.raises(ClientError) as excinfo:
        nlb(emulator, net, subnets=2)
    assert error_code(excinfo) == "DuplicateLoadBalancerName"
    assert len(elb.describe_load_balancers()["LoadBalancers"]) == 1

    first_listener = listen(emulator, first_lb["LoadBalancerArn"], first_tg["TargetGroupArn"])
    again = listen(emulator, first_lb["LoadBalancerArn"], first_tg["TargetGroupArn"])
    assert again["ListenerArn"] == first_listener["ListenerArn"]
    other_tg = target_group(emulator, net, name="other")
    with pytest.raises(ClientError) as excinfo:
        listen(emulator, first_lb["LoadBalancerArn"], other_tg["TargetGroupArn"])
    assert error_code(excinfo) == "DuplicateListener"


# 5. endpoint service filters ------------------------------------------------------


def service(emulator, net, name, lb=None, **kwargs):
    lb = lb or nlb(emulator, net, name=name)
    ec2 = emulator.client("ec2")
    return ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[lb["LoadBalancerArn"]],
        TagSpecifications=[{"ResourceType": "vpc-endpoint-service", "Tags": [{"Key": "conn", "Value": name}]}],
        **kwargs,
    )["ServiceConfiguration"]


def test_service_configuration_filters(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    first = service(emulator, net, "first", AcceptanceRequired=False)
    second = service(emulator, net, "second", AcceptanceRequired=False)
    ids = lambda filters: sorted(s["ServiceId"] for s in ec2.describe_vpc_endpoint_service_configurations(Filters=filters)["ServiceConfigurations"])
    assert ids([{"Name": "service-id", "Values": [first["ServiceId"]]}]) == [first["ServiceId"]]
    assert ids([{"Name": "service-name", "Values": [second["ServiceName"]]}]) == [second["ServiceId"]]
    assert ids([{"Name": "tag:conn", "Values": ["second"]}]) == [second["ServiceId"]]
    assert ids([{"Name": "tag-key", "Values": ["conn"]}]) == sorted([first["ServiceId"], second["ServiceId"]])
    assert ids([{"Name": "tag-key", "Values": ["other"]}]) == []
    assert ids([{"Name": "service-state", "Values": ["Available"]}]) == sorted([first["ServiceId"], second["ServiceId"]])
    assert ids([{"Name": "service-state", "Values": ["Pending"]}]) == []


def test_home_region_is_always_supported(emulator):
    net = network(emulator)
    created = service(emulator, net, "svc", AcceptanceRequired=False)
    regions = [r["Region"] for r in created["SupportedRegions"]]
    assert regions == ["us-east-1"]


# 6. consumers in another account --------------------------------------------------


def vendor_endpoint(emulator, service_name, region="us-east-1", service_region=None):
    ec2 = emulator.client("ec2", account=VENDOR, region=region)
    vpc = ec2.create_vpc(CidrBlock="10.90.0.0/16")["Vpc"]["VpcId"]
    # In the service's region the vendor's subnet must be in a zone the service serves
    # (by zone ID: the provider's us-east-1a, whatever the vendor calls it).
    placement = {"AvailabilityZone": f"{region}a"} if service_region else {"AvailabilityZoneId": zone_ids(emulator, PROVIDER)[f"{region}a"]}
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.90.1.0/24", **placement)["Subnet"]["SubnetId"]
    kwargs = {"ServiceRegion": service_region} if service_region else {}
    return ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[subnet], ServiceName=service_name, **kwargs)[
        "VpcEndpoint"
    ]


def allow(emulator, service_id, account=VENDOR):
    emulator.client("ec2").modify_vpc_endpoint_service_permissions(ServiceId=service_id, AddAllowedPrincipals=[f"arn:aws:iam::{account}:root"])


def connections(emulator, service_id):
    found = emulator.client("ec2").describe_vpc_endpoint_connections(Filters=[{"Name": "service-id", "Values": [service_id]}])
    return [(c["VpcEndpointOwner"], c["VpcEndpointState"], c["VpcEndpointRegion"]) for c in found["VpcEndpointConnections"]]


def test_consumer_refused_until_allowed_then_available(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    with pytest.raises(ClientError) as excinfo:
        vendor_endpoint(emulator, svc["ServiceName"])
    assert error_code(excinfo) == "InvalidServiceName"
    assert connections(emulator, svc["ServiceId"]) == []
    allow(emulator, svc["ServiceId"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    # AWS answers `pending`; the next look shows it `available`.
    assert endpoint["State"] == "pending"
    assert endpoint["DnsEntries"] and endpoint["DnsEntries"][0]["DnsName"].startswith(endpoint["VpcEndpointId"])
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "available", "us-east-1")]
    vendor_view = emulator.client("ec2", account=VENDOR).describe_vpc_endpoints()["VpcEndpoints"][0]
    assert vendor_view["State"] == "available"
    found = emulator.client("ec2").describe_vpc_endpoint_connections()["VpcEndpointConnections"][0]
    assert found["VpcEndpointId"] == endpoint["VpcEndpointId"] and "CreationTimestamp" in found


def test_acceptance_required_leaves_pending_then_accept_and_reject_move_it(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=True)
    allow(emulator, svc["ServiceId"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    assert endpoint["State"] == "pendingAcceptance"
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "pendingAcceptance", "us-east-1")]
    ec2 = emulator.client("ec2")
    assert ec2.accept_vpc_endpoint_connections(ServiceId=svc["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])["Unsuccessful"] == []
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "available", "us-east-1")]
    ec2.reject_vpc_endpoint_connections(ServiceId=svc["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "rejected", "us-east-1")]
    vendor_view = emulator.client("ec2", account=VENDOR).describe_vpc_endpoints()["VpcEndpoints"][0]
    assert vendor_view["State"] == "rejected"


def test_a_consumer_deleting_its_endpoint_leaves_a_deleted_connection_that_does_not_block(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    emulator.client("ec2", account=VENDOR).delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "deleted", "us-east-1")]
    ec2 = emulator.client("ec2")
    assert ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])["Unsuccessful"] == []


def test_cross_region_consumer_needs_a_supported_region(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    with pytest.raises(ClientError) as excinfo:
        vendor_endpoint(emulator, svc["ServiceName"], region="eu-central-1", service_region="us-east-1")
    assert error_code(excinfo) == "InvalidServiceName"
    emulator.client("ec2").modify_vpc_endpoint_service_configuration(ServiceId=svc["ServiceId"], AddSupportedRegions=["eu-central-1"])
    vendor_endpoint(emulator, svc["ServiceName"], region="eu-central-1", service_region="us-east-1")
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "available", "eu-central-1")]


# 7. deletion rules ----------------------------------------------------------------


def test_deletions_in_the_order_aws_requires(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    lb_arn = svc["NetworkLoadBalancerArns"][0]
    allow(emulator, svc["ServiceId"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    elb, ec2 = emulator.client("elbv2"), emulator.client("ec2")
    with pytest.raises(ClientError) as excinfo:
        elb.delete_load_balancer(LoadBalancerArn=lb_arn)
    assert error_code(excinfo) == "ResourceInUse"
    failed = ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])["Unsuccessful"]
    assert [f["Error"]["Code"] for f in failed] == ["ExistingVpcEndpointConnections"]
    ec2.reject_vpc_endpoint_connections(ServiceId=svc["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])
    assert ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])["Unsuccessful"] == []
    elb.delete_load_balancer(LoadBalancerArn=lb_arn)
    assert elb.describe_load_balancers()["LoadBalancers"] == []


# 8. private DNS and supported regions ---------------------------------------------


def test_remove_private_dns_name_and_absent_region(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False, PrivateDnsName="db.example.com")
    ec2 = emulator.client("ec2")
    ec2.modify_vpc_endpoint_service_configuration(ServiceId=svc["ServiceId"], RemovePrivateDnsName=True)
    described = ec2.describe_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])["ServiceConfigurations"][0]
    assert not described.get("PrivateDnsName")
    with pytest.raises(ClientError) as excinfo:
        ec2.modify_vpc_endpoint_service_configuration(ServiceId=svc["ServiceId"], RemoveSupportedRegions=["ap-south-1"])
    assert error_code(excinfo) == "InvalidParameter"


# 9. database and cache interfaces -------------------------------------------------


def test_rds_instance_gets_its_interface_and_dns_name(emulator):
    net = network(emulator)
    rds, ec2 = emulator.client("rds"), emulator.client("ec2")
    rds.create_db_subnet_group(DBSubnetGroupName="private", DBSubnetGroupDescription="p", SubnetIds=net["subnets"])
    instance = rds.create_db_instance(
        DBInstanceIdentifier="orders-db", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="u",
        MasterUserPassword="password-123", DBSubnetGroupName="private", VpcSecurityGroupIds=[net["db_sg"]], AvailabilityZone="us-east-1b",
    )["DBInstance"]
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"]
    assert len(enis) == 1
    eni = enis[0]
    assert eni["SubnetId"] == net["subnets"][1] and eni["AvailabilityZone"] == "us-east-1b"
    assert [g["GroupId"] for g in eni["Groups"]] == [net["db_sg"]]
    answer = emulator.control("GET", f"/_emulator/dns?name={instance['Endpoint']['Address']}")
    assert answer["addresses"] == [eni["PrivateIpAddress"]]
    moved = emulator.control("POST", "/_emulator/failover", {"name": "orders-db"})
    assert moved["old_address"] == eni["PrivateIpAddress"] != moved["new_address"]
    after = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"]
    assert [e["PrivateIpAddress"] for e in after] == [moved["new_address"]]


def test_replication_group_nodes_get_interfaces(emulator):
    net = network(emulator)
    cache, ec2 = emulator.client("elasticache"), emulator.client("ec2")
    cache.create_cache_subnet_group(CacheSubnetGroupName="private", CacheSubnetGroupDescription="p", SubnetIds=net["subnets"])
    group = cache.create_replication_group(
        ReplicationGroupId="sessions", ReplicationGroupDescription="s", Engine="redis", CacheNodeType="cache.t3.micro",
        NumCacheClusters=2, CacheSubnetGroupName="private", SecurityGroupIds=[net["db_sg"]],
        PreferredCacheClusterAZs=["us-east-1a", "us-east-1c"],
    )["ReplicationGroup"]
    assert group["MemberClusters"] == ["sessions-001", "sessions-002"]
    enis = ec2.describe_network_interfaces()["NetworkInterfaces"]
    by_description = {e["Description"]: e for e in enis}
    assert by_description["ElastiCache sessions-001"]["AvailabilityZone"] == "us-east-1a"
    assert by_description["ElastiCache sessions-002"]["AvailabilityZone"] == "us-east-1c"
    primary = group["NodeGroups"][0]["PrimaryEndpoint"]["Address"]
    assert emulator.control("GET", f"/_emulator/dns?name={primary}")["addresses"] == [by_description["ElastiCache sessions-001"]["PrivateIpAddress"]]


def test_cache_cluster_nodes_get_interfaces(emulator):
    net = network(emulator)
    cache, ec2 = emulator.client("elasticache"), emulator.client("ec2")
    cache.create_cache_subnet_group(CacheSubnetGroupName="private", CacheSubnetGroupDescription="p", SubnetIds=net["subnets"])
    cache.create_cache_cluster(
        CacheClusterId="memo", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=2, CacheSubnetGroupName="private",
        PreferredAvailabilityZones=["us-east-1a", "us-east-1b"], SecurityGroupIds=[net["db_sg"]],
    )
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["ElastiCache memo"]}])["NetworkInterfaces"]
    assert sorted(e["AvailabilityZone"] for e in enis) == ["us-east-1a", "us-east-1b"]


def test_interfaces_without_an_address_get_distinct_free_ones(emulator):
    ec2 = emulator.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    # A /28 holds 16 addresses; AWS keeps .0-.3 and .15, leaving 11.
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/28")["Subnet"]["SubnetId"]
    ec2.create_network_interface(SubnetId=subnet, PrivateIpAddress="10.40.1.5")
    addresses = ["10.40.1.5"] + [ec2.create_network_interface(SubnetId=subnet)["NetworkInterface"]["PrivateIpAddress"] for _ in range(10)]
    assert sorted(addresses, key=lambda a: int(a.rsplit(".", 1)[1])) == [f"10.40.1.{n}" for n in range(4, 15)]
    with pytest.raises(ClientError) as excinfo:
        ec2.create_network_interface(SubnetId=subnet)
    assert error_code(excinfo) == "InsufficientFreeAddressesInSubnet"


# 10. latency, faults and the request log -----------------------------------------


def test_every_interface_address_is_unique_in_its_vpc_whoever_makes_the_interface(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2", retries=False)
    rds = emulator.client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName="private", DBSubnetGroupDescription="x", SubnetIds=net["subnets"])
    rds.create_db_instance(
        DBInstanceIdentifier="db", Engine="postgres", DBInstanceClass="db.t3.micro", DBSubnetGroupName="private",
        AvailabilityZone="us-east-1a", VpcSecurityGroupIds=[net["db_sg"]],
    )
    ec2.create_network_interface(SubnetId=net["subnets"][0], Description="by hand")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    ec2.run_instances(ImageId=image, MinCount=2, MaxCount=2, SubnetId=net["subnets"][0])
    ec2.create_vpc_endpoint(VpcId=net["vpc"], ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Interface", SubnetIds=[net["subnets"][0]])
    interfaces = ec2.describe_network_interfaces(Filters=[{"Name": "vpc-id", "Values": [net["vpc"]]}])["NetworkInterfaces"]
    addresses = [a["PrivateIpAddress"] for eni in interfaces for a in eni["PrivateIpAddresses"]]
    assert len(interfaces) >= 5, interfaces
    assert len(addresses) == len(set(addresses)), sorted(addresses)
    # An address asked for that an interface holds is refused, by either call.
    held = addresses[0]
    with pytest.raises(ClientError) as by_interface:
        ec2.create_network_interface(SubnetId=net["subnets"][0], PrivateIpAddress=held)
    assert error_code(by_interface) == "InvalidIPAddress.InUse"
    with pytest.raises(ClientError) as by_instance:
        ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=net["subnets"][0], PrivateIpAddress=held)
    assert error_code(by_instance) == "InvalidIPAddress.InUse"


def test_an_nlb_gains_zones_any_time_and_loses_one_only_without_an_active_endpoint(emulator):
    net = network(emulator)
    elb = emulator.client("elbv2", retries=False)
    lb = nlb(emulator, net, subnets=1)
    arn = lb["LoadBalancerArn"]
    elb.set_subnets(LoadBalancerArn=arn, Subnets=net["subnets"][:2])  # one zone more: the current one is repeated
    zones = elb.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["AvailabilityZones"]
    assert sorted(z["SubnetId"] for z in zones) == sorted(net["subnets"][:2])
    elb.set_subnets(LoadBalancerArn=arn, Subnets=net["subnets"][:1])  # no endpoint yet: a zone can go
    ec2 = emulator.client("ec2")
    service = ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[arn], AcceptanceRequired=False)["ServiceConfiguration"]
    ec2.modify_vpc_endpoint_service_permissions(ServiceId=service["ServiceId"], AddAllowedPrincipals=[f"arn:aws:iam::{VENDOR}:root"])
    elb.set_subnets(LoadBalancerArn=arn, Subnets=net["subnets"][:2])
    consumer = emulator.client("ec2", account=VENDOR)
    vpc = consumer.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]["VpcId"]
    subnet = consumer.create_subnet(VpcId=vpc, CidrBlock="10.40.1.0/24", AvailabilityZoneId="use1-az6")["Subnet"]["SubnetId"]
    consumer.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[subnet], ServiceName=service["ServiceName"])
    with pytest.raises(ClientError) as refused:
        elb.set_subnets(LoadBalancerArn=arn, Subnets=net["subnets"][:1])
    assert error_code(refused) == "InvalidConfigurationRequest"
    elb.set_subnets(LoadBalancerArn=arn, Subnets=net["subnets"])  # adding still works


def test_an_account_alias_is_listed_for_whoever_may_read_it(emulator):
    """ListAccountAliases answers the account's alias (at most one), an empty list when
    it has none (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccountAliases.html);
    setup shows it beside the account ID."""
    iam = emulator.client("iam")
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="acme-prod")
    assert iam.list_account_aliases()["AccountAliases"] == ["acme-prod"]
    assert emulator.client("iam", account=VENDOR).list_account_aliases()["AccountAliases"] == [], "accounts are separate"


def test_modify_target_group_moves_the_health_check_path_and_keeps_the_rest(emulator):
    """ModifyTargetGroup changes the health-check settings given and no other
    (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyTargetGroup.html);
    setup moves an ALB target group to a new --health-check-path this way."""
    net = network(emulator)
    elb = emulator.client("elbv2")
    group = elb.create_target_group(
        Name="alb-tg", Protocol="TCP", Port=80, VpcId=net["vpc"], TargetType="alb", HealthCheckProtocol="HTTP", HealthCheckPath="/healthz"
    )["TargetGroups"][0]
    elb.modify_target_group(TargetGroupArn=group["TargetGroupArn"], HealthCheckPath="/ready")
    after = elb.describe_target_groups(TargetGroupArns=[group["TargetGroupArn"]])["TargetGroups"][0]
    assert after["HealthCheckPath"] == "/ready"
    assert after["HealthCheckProtocol"] == "HTTP" and after["Port"] == 80 and after["TargetType"] == "alb"


def test_latency_is_added_to_every_call(emulator):
    ec2 = emulator.client("ec2")
    ec2.describe_vpcs()
    started = time.monotonic()
    ec2.describe_vpcs()
    baseline = time.monotonic() - started
    emulator.control("POST", "/_emulator/settings", {"latency_ms": 200})
    started = time.monotonic()
    ec2.describe_vpcs()
    assert time.monotonic() - started >= 0.2 > baseline


def test_nth_call_fails_with_the_given_code_and_throttling_bursts(emulator):
    ec2 = emulator.client("ec2", retries=False)
    emulator.control("POST", "/_emulator/faults", {"operation": "ec2:DescribeVpcs", "nth": 2, "code": "UnauthorizedOperation"})
    ec2.describe_vpcs()
    with pytest.raises(ClientError) as excinfo:
        ec2.describe_vpcs()
    assert error_code(excinfo) == "UnauthorizedOperation"
    ec2.describe_vpcs()

    elb = emulator.client("elbv2", retries=False)
    emulator.control("POST", "/_emulator/faults", {"operation": "elasticloadbalancing:DescribeLoadBalancers", "nth": 1, "count": 3, "code": "Throttling"})
    codes = []
    for _ in range(4):
        try:
            elb.describe_load_balancers()
            codes.append("ok")
        except ClientError as error:
            codes.append(error.response["Error"]["Code"])
    assert codes == ["Throttling", "Throttling", "Throttling", "ok"]


def test_request_log_counts_calls_by_operation(emulator):
    emulator.control("POST", "/_emulator/requests/reset")
    ec2 = emulator.client("ec2")
    ec2.describe_vpcs()
    ec2.describe_vpcs()
    emulator.client("elbv2").describe_load_balancers()
    log = emulator.control("GET", "/_emulator/requests")
    assert log["by_operation"] == {"ec2:DescribeVpcs": 2, "elasticloadbalancing:DescribeLoadBalancers": 1}
    assert log["total"] == 3
    assert log["sequence"] == ["ec2:DescribeVpcs", "ec2:DescribeVpcs", "elasticloadbalancing:DescribeLoadBalancers"]


def test_accounts_are_separate(emulator):
    emulator.client("ec2").create_vpc(CidrBlock="10.40.0.0/16")
    provider = {v["CidrBlock"] for v in emulator.client("ec2", account=PROVIDER).describe_vpcs()["Vpcs"]}
    vendor = {v["CidrBlock"] for v in emulator.client("ec2", account=VENDOR).describe_vpcs()["Vpcs"]}
    assert "10.40.0.0/16" in provider and "10.40.0.0/16" not in vendor


def test_dry_run_changes_nothing_and_is_logged_apart(emulator):
    emulator.control("POST", "/_emulator/requests/reset")
    ec2 = emulator.client("ec2", retries=False)
    vpc = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
    with pytest.raises(ClientError) as excinfo:
        ec2.create_security_group(GroupName="x", Description="x", VpcId=vpc, DryRun=True)
    assert error_code(excinfo) == "DryRunOperation"
    assert [g["GroupName"] for g in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]] == ["default"]
    emulator.control("POST", "/_emulator/faults", {"operation": "ec2:CreateSecurityGroup", "code": "UnauthorizedOperation"})
    with pytest.raises(ClientError) as excinfo:
        ec2.create_security_group(GroupName="x", Description="x", VpcId=vpc, DryRun=True)
    assert error_code(excinfo) == "UnauthorizedOperation"
    log = emulator.control("GET", "/_emulator/requests")["by_operation"]
    assert log["ec2:CreateSecurityGroup[DryRun]"] == 2 and "ec2:CreateSecurityGroup" not in log


def test_state_control_puts_resources_in_states_aws_can_leave_them_in(emulator):
    emulator.control("POST", "/_emulator/settings", {"nlb_provisioning_seconds": 30})
    net = network(emulator)
    elb = emulator.client("elbv2")
    arn = nlb(emulator, net)["LoadBalancerArn"]
    emulator.control("POST", "/_emulator/state", {"load_balancer": arn, "state": "failed"})
    assert elb.describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"][0]["State"]["Code"] == "failed"
    emulator.control("POST", "/_emulator/settings", {"nlb_provisioning_seconds": 0})
    svc = emulator.client("ec2").create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=[arn], AcceptanceRequired=False)
    service_id = svc["ServiceConfiguration"]["ServiceId"]
    emulator.control("POST", "/_emulator/state", {"service_id": service_id, "state": "Pending"})
    described = emulator.client("ec2").describe_vpc_endpoint_service_configurations(ServiceIds=[service_id])
    assert described["ServiceConfigurations"][0]["ServiceState"] == "Pending"


def test_arns_name_the_balancer_type(emulator):
    net = network(emulator)
    elb = emulator.client("elbv2")
    network_lb = nlb(emulator, net, name="net-one")
    assert ":loadbalancer/net/net-one/" in network_lb["LoadBalancerArn"]
    application = elb.create_load_balancer(Name="app-one", Type="application", Scheme="internal", Subnets=net["subnets"][:2])
    assert ":loadbalancer/app/app-one/" in application["LoadBalancers"][0]["LoadBalancerArn"]
    group = target_group(emulator, net)
    listener = elb.create_listener(
        LoadBalancerArn=network_lb["LoadBalancerArn"],
        Protocol="TCP",
        Port=5432,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}],
    )["Listeners"][0]
    assert ":listener/net/net-one/" in listener["ListenerArn"]
    # Found again by its ARN, and its tags kept under it.
    found = elb.describe_load_balancers(LoadBalancerArns=[network_lb["LoadBalancerArn"]])["LoadBalancers"]
    assert [lb["LoadBalancerName"] for lb in found] == ["net-one"]


def test_one_service_per_load_balancer_and_client_token_idempotency(emulator):
    net = network(emulator)
    lb = nlb(emulator, net, name="shared")
    ec2 = emulator.client("ec2")
    create = lambda **kw: ec2.create_vpc_endpoint_service_configuration(
        NetworkLoadBalancerArns=[lb["LoadBalancerArn"]], AcceptanceRequired=False, **kw
    )["ServiceConfiguration"]
    first = create(ClientToken="token-1")
    again = create(ClientToken="token-1")
    assert again["ServiceId"] == first["ServiceId"], "the same token returns the same service"
    with pytest.raises(ClientError) as excinfo:
        create(ClientToken="token-2")
    assert error_code(excinfo) == "InvalidParameter"
    assert lb["LoadBalancerArn"] in excinfo.value.response["Error"]["Message"]
    services = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"]
    assert [s["ServiceId"] for s in services] == [first["ServiceId"]]
    # Once the service is gone, the balancer may serve another.
    ec2.delete_vpc_endpoint_service_configurations(ServiceIds=[first["ServiceId"]])
    assert create(ClientToken="token-3")["ServiceId"] != first["ServiceId"]


def test_a_new_endpoint_is_pending_until_its_time_is_up_and_filters_are_accepted(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    emulator.control("POST", "/_emulator/settings", {"endpoint_pending_seconds": 60})
    try:
        endpoint = vendor_endpoint(emulator, svc["ServiceName"])
        assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "pending", "us-east-1")]
    finally:
        emulator.control("POST", "/_emulator/settings", {"endpoint_pending_seconds": 0})
    assert connections(emulator, svc["ServiceId"]) == [(VENDOR, "available", "us-east-1")]
    ec2 = emulator.client("ec2")
    for name, value in [("ip-address-type", "ipv4"), ("vpc-endpoint-region", "us-east-1"), ("vpc-endpoint-id", endpoint["VpcEndpointId"])]:
        found = ec2.describe_vpc_endpoint_connections(Filters=[{"Name": name, "Values": [value]}])["VpcEndpointConnections"]
        assert [c["VpcEndpointId"] for c in found] == [endpoint["VpcEndpointId"]], name


def test_modifying_a_service_load_balancers_as_aws_refuses(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    ec2 = emulator.client("ec2", retries=False)
    [current] = svc["NetworkLoadBalancerArns"]
    other = nlb(emulator, net, name="other")["LoadBalancerArn"]
    taken = service(emulator, net, "taken", AcceptanceRequired=False)["NetworkLoadBalancerArns"][0]
    missing = current.replace("/svc/", "/missing/")
    for change in [
        {"RemoveNetworkLoadBalancerArns": [current]},
        {"AddNetworkLoadBalancerArns": [missing]},
        {"RemoveNetworkLoadBalancerArns": [other]},
        {"AddNetworkLoadBalancerArns": [taken]},
    ]:
        with pytest.raises(ClientError) as excinfo:
            ec2.modify_vpc_endpoint_service_configuration(ServiceId=svc["ServiceId"], **change)
        assert error_code(excinfo) == "InvalidParameter", change
    ec2.modify_vpc_endpoint_service_configuration(ServiceId=svc["ServiceId"], AddNetworkLoadBalancerArns=[other])
    found = ec2.describe_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])["ServiceConfigurations"][0]
    assert sorted(found["NetworkLoadBalancerArns"]) == sorted([current, other])


def test_a_database_whose_interface_is_gone_still_deletes_and_moto_reset_clears_the_layer(emulator):
    net = network(emulator)
    rds, ec2 = emulator.client("rds"), emulator.client("ec2")
    rds.create_db_subnet_group(DBSubnetGroupName="private", DBSubnetGroupDescription="p", SubnetIds=net["subnets"])
    create = lambda: rds.create_db_instance(
        DBInstanceIdentifier="orders-db", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="u",
        MasterUserPassword="password-123", DBSubnetGroupName="private", VpcSecurityGroupIds=[net["db_sg"]], AvailabilityZone="us-east-1a",
    )
    create()
    [eni] = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"]
    ec2.delete_network_interface(NetworkInterfaceId=eni["NetworkInterfaceId"])
    rds.delete_db_instance(DBInstanceIdentifier="orders-db", SkipFinalSnapshot=True)
    # moto's own reset, then the same names again: nothing of the old state is left.
    emulator.control("POST", "/moto-api/reset")
    net = network(emulator)
    rds.create_db_subnet_group(DBSubnetGroupName="private", DBSubnetGroupDescription="p", SubnetIds=net["subnets"])
    create()
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"]
    assert len(enis) == 1
    rds.delete_db_instance(DBInstanceIdentifier="orders-db", SkipFinalSnapshot=True)
    assert ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"] == []


def test_a_listener_retry_forwarding_elsewhere_is_a_duplicate(emulator):
    net = network(emulator)
    lb = nlb(emulator, net, name="fwd")
    first, second = target_group(emulator, net, name="tg-one"), target_group(emulator, net, name="tg-two")
    elb = emulator.client("elbv2")
    listen = lambda **action: elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TCP", Port=5432, DefaultActions=[{"Type": "forward", **action}])["Listeners"][0]
    made = listen(TargetGroupArn=first["TargetGroupArn"])
    again = listen(ForwardConfig={"TargetGroups": [{"TargetGroupArn": first["TargetGroupArn"]}]})
    assert again["ListenerArn"] == made["ListenerArn"], "the same forward, in the other form"
    with pytest.raises(ClientError) as excinfo:
        listen(ForwardConfig={"TargetGroups": [{"TargetGroupArn": second["TargetGroupArn"]}]})
    assert error_code(excinfo) == "DuplicateListener"


# Availability Zone IDs ------------------------------------------------------------


def zone_ids(emulator, account):
    zones = emulator.client("ec2", account=account).describe_availability_zones()["AvailabilityZones"]
    return {z["ZoneName"]: z["ZoneId"] for z in zones}


def test_each_account_maps_zone_names_to_its_own_zone_ids(emulator):
    provider, vendor = zone_ids(emulator, PROVIDER), zone_ids(emulator, VENDOR)
    assert set(provider) == set(vendor) and set(provider.values()) == set(vendor.values())
    assert provider != vendor, "two accounts must not share one mapping"
    # moto's default account keeps moto's own mapping.
    assert zone_ids(emulator, "123456789012")["us-east-1a"] == "use1-az6"
    ec2 = emulator.client("ec2", account=VENDOR)
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    by_name = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]
    assert by_name["AvailabilityZoneId"] == vendor["us-east-1a"]
    wanted = provider["us-east-1a"]
    by_id = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.2.0/24", AvailabilityZoneId=wanted)["Subnet"]
    assert by_id["AvailabilityZoneId"] == wanted
    assert by_id["AvailabilityZone"] == next(name for name, zone in vendor.items() if zone == wanted)


def vendor_subnet(emulator, zone_id, cidr="10.200.1.0/24"):
    ec2 = emulator.client("ec2", account=VENDOR)
    vpc = ec2.create_vpc(CidrBlock="10.200.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZoneId=zone_id)["Subnet"]
    return vpc, subnet


def test_service_lists_its_zone_ids_follows_set_subnets_and_refuses_an_endpoint_elsewhere(emulator):
    net = network(emulator)
    lb = nlb(emulator, net, subnets=2)
    svc = service(emulator, net, "svc", lb=lb, AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    provider = zone_ids(emulator, PROVIDER)
    assert svc["AvailabilityZones"] == ["us-east-1a", "us-east-1b"]
    assert svc["AvailabilityZoneIds"] == [provider["us-east-1a"], provider["us-east-1b"]]
    vpc, outside = vendor_subnet(emulator, provider["us-east-1c"])
    ec2 = emulator.client("ec2", account=VENDOR)
    with pytest.raises(ClientError) as refused:
        ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[outside["SubnetId"]], ServiceName=svc["ServiceName"])
    assert error_code(refused) == "InvalidParameter"
    assert "does not support the Availability Zone of the subnet: " + outside["SubnetId"] in str(refused.value)
    # The provider adds the zone to the NLB: the service follows and the endpoint is made.
    emulator.client("elbv2").set_subnets(LoadBalancerArn=lb["LoadBalancerArn"], Subnets=net["subnets"])
    described = emulator.client("ec2").describe_vpc_endpoint_service_configurations(ServiceIds=[svc["ServiceId"]])
    assert described["ServiceConfigurations"][0]["AvailabilityZoneIds"] == [provider[z] for z in ("us-east-1a", "us-east-1b", "us-east-1c")]
    endpoint = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[outside["SubnetId"]], ServiceName=svc["ServiceName"])
    assert endpoint["VpcEndpoint"]["State"] == "pending"


def test_endpoint_and_nat_gateway_interfaces_get_addresses_in_their_subnet(emulator):
    net = network(emulator)
    svc = service(emulator, net, "svc")
    allow(emulator, svc["ServiceId"])
    provider = zone_ids(emulator, PROVIDER)
    vpc, subnet = vendor_subnet(emulator, provider["us-east-1a"], cidr="10.200.7.0/24")
    vendor_ec2 = emulator.client("ec2", account=VENDOR)
    endpoint = vendor_ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[subnet["SubnetId"]], ServiceName=svc["ServiceName"])
    interfaces = vendor_ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["VpcEndpoint"]["NetworkInterfaceIds"])["NetworkInterfaces"]
    assert [i["PrivateIpAddress"] for i in interfaces] == ["10.200.7.4"]
    ec2 = emulator.client("ec2")
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=net["subnets"][1], AllocationId=allocation)["NatGateway"]
    assert nat["NatGatewayAddresses"][0]["PrivateIp"].startswith("10.30.2.")


# The traffic path: security groups, network ACLs and zones ---------------------------


def connected(emulator, subnets=3, health_check_port=None):
    """A database interface in 1a behind an NLB (enforcement on, as created) and a
    service the vendor has an available endpoint to, in the provider's us-east-1a."""
    net = network(emulator)
    db_interface(emulator, net, 0, "10.30.1.10")
    admit(emulator, net["db_sg"], 5432, source_group=net["nlb_sg"])
    elb = emulator.client("elbv2")
    extra = {"HealthCheckPort": str(health_check_port)} if health_check_port else {}
    tg = elb.create_target_group(Name="tg", Protocol="TCP", Port=5432, VpcId=net["vpc"], TargetType="ip", **extra)["TargetGroups"][0]
    lb = nlb(emulator, net, subnets=subnets)
    listen(emulator, lb["LoadBalancerArn"], tg["TargetGroupArn"])
    elb.register_targets(TargetGroupArn=tg["TargetGroupArn"], Targets=[{"Id": "10.30.1.10"}])
    svc = service(emulator, net, "svc", lb=lb, AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    return {**net, "tg": tg["TargetGroupArn"], "lb": lb["LoadBalancerArn"], "endpoint": endpoint["VpcEndpointId"]}


def reach(emulator, net, port=5432):
    return emulator.control("GET", f"/_emulator/reach?endpoint={net['endpoint']}&port={port}")


def test_enforcement_on_evaluates_the_nlb_group_against_the_client_address(emulator):
    net = connected(emulator)
    answer = reach(emulator, net)
    assert not answer["reachable"]
    assert answer["reason"] == "enforcement is on and the NLB's security groups do not admit TCP 5432 from 10.90.1.4"
    admit(emulator, net["nlb_sg"], 5432, cidr="10.30.0.0/16")  # the provider's VPC: not the client
    assert not reach(emulator, net)["reachable"]
    admit(emulator, net["nlb_sg"], 5432, cidr="0.0.0.0/0")
    assert reach(emulator, net) == {"reachable": True, "target": "10.30.1.10:5432"}
    assert not reach(emulator, net, port=6379)["reachable"]
    # Enforcement off: inbound rules no longer apply to PrivateLink traffic.
    emulator.client("ec2").revoke_security_group_ingress(
        GroupId=net["nlb_sg"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
    )
    emulator.client("elbv2").set_security_groups(
        LoadBalancerArn=net["lb"], SecurityGroups=[net["nlb_sg"]], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic="off"
    )
    assert reach(emulator, net)["reachable"]


def enforcement_off(emulator, net):
    emulator.client("elbv2").set_security_groups(
        LoadBalancerArn=net["lb"], SecurityGroups=[net["nlb_sg"]], EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic="off"
    )


def test_health_checks_use_their_port_and_the_nlb_group_outbound_rules(emulator):
    net = connected(emulator, health_check_port=8080)
    enforcement_off(emulator, net)
    assert health(emulator, net["tg"]) == [("10.30.1.10", "unhealthy", "Target.Timeout")]
    answer = reach(emulator, net)
    assert answer["reason"].endswith("the security groups of 10.30.1.10 do not admit health checks (TCP 8080) from the NLB")
    admit(emulator, net["db_sg"], 8080, source_group=net["nlb_sg"])
    assert health(emulator, net["tg"]) == [("10.30.1.10", "healthy", None)]
    assert reach(emulator, net)["reachable"]
    ec2 = emulator.client("ec2")
    ec2.revoke_security_group_egress(GroupId=net["nlb_sg"], IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.authorize_security_group_egress(
        GroupId=net["nlb_sg"], IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.30.0.0/16"}]}]
    )
    assert health(emulator, net["tg"]) == [("10.30.1.10", "unhealthy", "Target.Timeout")]
    assert reach(emulator, net)["reason"].endswith("the NLB's security groups do not let health checks (TCP 8080) out to 10.30.1.10")


def test_the_target_group_cross_zone_attribute_overrides_the_load_balancer(emulator):
    net = network(emulator)
    db_interface(emulator, net, 1, "10.30.2.10")  # us-east-1b; the NLB has only 1a
    admit(emulator, net["db_sg"], 5432, cidr="10.30.0.0/16")
    elb = emulator.client("elbv2")
    tg = target_group(emulator, net)["TargetGroupArn"]
    lb = nlb(emulator, net, subnets=1)["LoadBalancerArn"]
    listen(emulator, lb, tg)
    elb.register_targets(TargetGroupArn=tg, Targets=[{"Id": "10.30.2.10"}])
    group_cross_zone = lambda value: elb.modify_target_group_attributes(
        TargetGroupArn=tg, Attributes=[{"Key": "load_balancing.cross_zone.enabled", "Value": value}]
    )
    group_cross_zone("true")
    assert health(emulator, tg) == [("10.30.2.10", "healthy", None)]
    elb.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}])
    group_cross_zone("false")
    assert health(emulator, tg) == [("10.30.2.10", "unused", "Target.NotInUse")]
    group_cross_zone("use_load_balancer_configuration")
    assert health(emulator, tg) == [("10.30.2.10", "healthy", None)]


def acl(emulator, net, subnet_index, entries):
    """A network ACL with these entries (rule, egress, action, from, to, cidr), in place
    of the default one on the subnet."""
    ec2 = emulator.client("ec2")
    acl_id = ec2.create_network_acl(VpcId=net["vpc"])["NetworkAcl"]["NetworkAclId"]
    for rule, egress, action, low, high, cidr in entries:
        ec2.create_network_acl_entry(
            NetworkAclId=acl_id, RuleNumber=rule, Protocol="6", RuleAction=action, Egress=egress, CidrBlock=cidr,
            PortRange={"From": low, "To": high},
        )
    subnet = net["subnets"][subnet_index]
    current = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])["NetworkAcls"][0]
    association = next(a["NetworkAclAssociationId"] for a in current["Associations"] if a["SubnetId"] == subnet)
    ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=acl_id)
    return acl_id


def test_network_acls_take_part_in_health_checks_and_traffic(emulator):
    net = connected(emulator, subnets=2, health_check_port=8080)
    enforcement_off(emulator, net)
    admit(emulator, net["db_sg"], 8080, source_group=net["nlb_sg"])
    # The database moves to 1b's subnet behind an ACL that admits only the traffic port.
    emulator.client("ec2").create_network_interface(SubnetId=net["subnets"][1], Groups=[net["db_sg"]], PrivateIpAddress="10.30.2.10")
    elb = emulator.client("elbv2")
    elb.deregister_targets(TargetGroupArn=net["tg"], Targets=[{"Id": "10.30.1.10"}])
    elb.register_targets(TargetGroupArn=net["tg"], Targets=[{"Id": "10.30.2.10"}])
    elb.modify_load_balancer_attributes(LoadBalancerArn=net["lb"], Attributes=[{"Key": "load_balancing.cross_zone.enabled", "Value": "true"}])
    target_acl = acl(emulator, net, 1, [(100, False, "allow", 5432, 5432, "10.30.0.0/16"), (100, True, "allow", 1024, 65535, "10.30.0.0/16")])
    assert health(emulator, net["tg"]) == [("10.30.2.10", "unhealthy", "Target.Timeout")]
    assert reach(emulator, net)["reason"].endswith(
        f"network ACL {target_acl} of {net['subnets'][1]}: inbound rule * denies TCP 8080 from 10.30.1.4"
    )
    emulator.client("ec2").create_network_acl_entry(
        NetworkAclId=target_acl, RuleNumber=110, Protocol="6", RuleAction="allow", Egress=False, CidrBlock="10.30.0.0/16",
        PortRange={"From": 8080, "To": 8080},
    )
    assert health(emulator, net["tg"]) == [("10.30.2.10", "healthy", None)]
    assert reach(emulator, net) == {"reachable": True, "target": "10.30.2.10:5432"}
    # The NLB's subnet lets the listener port in but no replies out to the client.
    nlb_acl = acl(emulator, net, 0, [(100, False, "allow", 0, 65535, "0.0.0.0/0"), (90, True, "deny", 1024, 65535, "10.90.0.0/16"),
                                    (100, True, "allow", 0, 65535, "0.0.0.0/0")])
    assert reach(emulator, net)["reason"] == f"network ACL {nlb_acl} of {net['subnets'][0]}: outbound rule 90 denies TCP 1024-65535 to 10.90.1.4"


def test_dry_run_checks_permissions_only_so_resources_need_not_exist(emulator):
    ec2 = emulator.client("ec2", retries=False)
    with pytest.raises(ClientError) as answer:
        ec2.authorize_security_group_ingress(
            GroupId="sg-0123456789abcdef0", DryRun=True,
            IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}],
        )
    assert error_code(answer) == "DryRunOperation"
    with pytest.raises(ClientError) as answer:
        ec2.create_vpc_endpoint_service_configuration(NetworkLoadBalancerArns=["arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/none/0"], DryRun=True)
    assert error_code(answer) == "DryRunOperation"
    assert ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"] == []


def test_a_security_group_a_load_balancer_uses_cannot_be_deleted_nor_a_missing_one_used(emulator):
    net = network(emulator)
    lb = nlb(emulator, net)
    ec2 = emulator.client("ec2", retries=False)
    with pytest.raises(ClientError) as refused:
        ec2.delete_security_group(GroupId=net["nlb_sg"])
    assert error_code(refused) == "DependencyViolation"
    elb = emulator.client("elbv2", retries=False)
    elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
    ec2.delete_security_group(GroupId=net["nlb_sg"])
    assert net["nlb_sg"] not in [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    # And a load balancer cannot be made with a group that does not exist.
    with pytest.raises(ClientError) as refused:
        elb.create_load_balancer(Name="again", Type="network", Scheme="internal", Subnets=net["subnets"][:1], SecurityGroups=[net["nlb_sg"]])
    assert error_code(refused) == "InvalidSecurityGroup"


def test_several_filter_values_are_joined_with_or(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    custom = ec2.create_network_acl(VpcId=net["vpc"])["NetworkAcl"]["NetworkAclId"]
    current = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [net["subnets"][1]]}])["NetworkAcls"][0]
    association = next(a["NetworkAclAssociationId"] for a in current["Associations"] if a["SubnetId"] == net["subnets"][1])
    ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=custom)
    # The default ACL holds subnets 1a and 1c: asking for 1a or 1b finds it and the custom one.
    found = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": net["subnets"][:2]}])["NetworkAcls"]
    assert {a["IsDefault"] for a in found} == {True, False}
    assert len(found) == 2


def test_every_security_group_rule_keeps_its_description(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    nlb_group, db_group = net["nlb_sg"], net["db_sg"]
    ec2.authorize_security_group_ingress(
        GroupId=db_group,
        IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": nlb_group, "Description": "from the NLB"}]},
            {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [{"CidrIp": "10.9.0.0/16", "Description": "from the office"}]},
        ],
    )
    rules = ec2.describe_security_group_rules(Filters=[{"Name": "group-id", "Values": [db_group]}])["SecurityGroupRules"]
    by_source = {r.get("CidrIpv4") or r["ReferencedGroupInfo"]["GroupId"]: r for r in rules if not r["IsEgress"]}
    assert by_source[nlb_group]["Description"] == "from the NLB"
    assert by_source["10.9.0.0/16"]["Description"] == "from the office"
    assert all(r["SecurityGroupRuleId"].startswith("sgr-") for r in by_source.values())


def test_a_group_another_groups_rule_refers_to_cannot_be_deleted_until_the_rule_is_revoked(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2", retries=False)
    granted = ec2.authorize_security_group_ingress(
        GroupId=net["db_sg"],
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": net["nlb_sg"]}]}],
        TagSpecifications=[{"ResourceType": "security-group-rule", "Tags": TOOL_TAG}],
    )["SecurityGroupRules"][0]
    # The rule carries its tags and is found by them, and the groups it refers to by it.
    tagged = ec2.describe_security_group_rules(Filters=[{"Name": "tag:managed-by", "Values": ["trigger-privatelink"]}])
    assert [r["SecurityGroupRuleId"] for r in tagged["SecurityGroupRules"]] == [granted["SecurityGroupRuleId"]]
    referring = ec2.describe_security_groups(Filters=[{"Name": "ip-permission.group-id", "Values": [net["nlb_sg"]]}])
    assert [g["GroupId"] for g in referring["SecurityGroups"]] == [net["db_sg"]]
    with pytest.raises(ClientError) as refused:
        ec2.delete_security_group(GroupId=net["nlb_sg"])
    assert error_code(refused) == "DependencyViolation"
    ec2.revoke_security_group_ingress(GroupId=net["db_sg"], SecurityGroupRuleIds=[granted["SecurityGroupRuleId"]])
    ec2.delete_security_group(GroupId=net["nlb_sg"])
    # A group that refers to itself is no dependency of its own.
    ec2.authorize_security_group_ingress(
        GroupId=net["db_sg"],
        IpPermissions=[{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": net["db_sg"]}]}],
    )
    ec2.delete_security_group(GroupId=net["db_sg"])


TOOL_TAG = [{"Key": "managed-by", "Value": "trigger-privatelink"}]


def as_user(emulator, service, keys):
    client = boto3.client(
        service,
        endpoint_url=emulator.url,
        region_name="us-east-1",
        aws_access_key_id=keys["access_key_id"],
        aws_secret_access_key=keys["secret_access_key"],
        config=Config(retries={"total_max_attempts": 1}),
    )
    client.meta.events.register("before-send.*.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", PROVIDER))
    return client


@contextlib.contextmanager
def enforcing(emulator, name, policy, service):
    """A client of a user holding only `policy`, with policies checked until the block ends."""
    keys = emulator.control("POST", "/_emulator/user", {"name": name, "policy": policy, "account": PROVIDER})
    emulator.control("POST", "/_emulator/auth", {"enforce": True})
    try:
        yield as_user(emulator, service, keys)
    finally:
        emulator.control("POST", "/_emulator/auth", {"enforce": False})


def denied_action(excinfo):
    """The action an access-denied error names, checked to be in AWS's shape for its API."""
    error = excinfo.value.response["Error"]
    assert error["Code"] in ("UnauthorizedOperation", "AccessDenied", "AccessDeniedException"), excinfo.value.response
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert " on resource: arn:aws:" in error["Message"], error["Message"]
    return error["Message"].split("perform: ")[1].split()[0]


def test_ec2_calls_are_authorized_on_each_resource_with_request_and_resource_tags(emulator):
    net = network(emulator)
    untagged = emulator.client("ec2").create_security_group(GroupName="theirs", Description="x", VpcId=net["vpc"])["GroupId"]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
            {
                "Effect": "Allow",
                "Action": "ec2:CreateSecurityGroup",
                "Resource": "arn:aws:ec2:*:*:security-group/*",
                "Condition": {"StringEquals": {"aws:RequestTag/managed-by": "trigger-privatelink"}},
            },
            {"Effect": "Allow", "Action": "ec2:CreateSecurityGroup", "Resource": "arn:aws:ec2:*:*:vpc/*"},
            {
                "Effect": "Allow",
                "Action": "ec2:CreateTags",
                "Resource": "arn:aws:ec2:*:*:security-group/*",
                "Condition": {"StringEquals": {"ec2:CreateAction": "CreateSecurityGroup"}},
            },
            {
                "Effect": "Allow",
                "Action": "ec2:DeleteSecurityGroup",
                "Resource": "arn:aws:ec2:*:*:security-group/*",
                "Condition": {"StringEquals": {"aws:ResourceTag/managed-by": "trigger-privatelink"}},
            },
        ],
    }
    with enforcing(emulator, "scoped", policy, "ec2") as ec2:
        spec = [{"ResourceType": "security-group", "Tags": TOOL_TAG}]
        ours = ec2.create_security_group(GroupName="ours", Description="x", VpcId=net["vpc"], TagSpecifications=spec)["GroupId"]
        with pytest.raises(ClientError) as untagged_create:
            ec2.create_security_group(GroupName="plain", Description="x", VpcId=net["vpc"])
        assert denied_action(untagged_create) == "ec2:CreateSecurityGroup"
        assert untagged_create.value.response["Error"]["Code"] == "UnauthorizedOperation", "EC2's code for a denied call"
        with pytest.raises(ClientError) as other_tag:
            other = [{"ResourceType": "security-group", "Tags": [{"Key": "managed-by", "Value": "someone-else"}]}]
            ec2.create_security_group(GroupName="other", Description="x", VpcId=net["vpc"], TagSpecifications=other)
        assert denied_action(other_tag) == "ec2:CreateSecurityGroup"
        with pytest.raises(ClientError) as standalone_tags:
            ec2.create_tags(Resources=[untagged], Tags=TOOL_TAG)
        assert denied_action(standalone_tags) == "ec2:CreateTags", "tagging is allowed only as part of a create"
        with pytest.raises(ClientError) as theirs:
            ec2.delete_security_group(GroupId=untagged)
        assert denied_action(theirs) == "ec2:DeleteSecurityGroup"
        ec2.delete_security_group(GroupId=ours)
        assert ec2.describe_security_groups(GroupIds=[untagged])["SecurityGroups"]


def test_the_tagging_api_lists_target_groups_by_tag_with_their_tags_as_tag_get_resources(emulator):
    """GetResources with a resource type and a tag filter answers each matching target
    group's ARN with all its tags (Resource Groups Tagging API reference, GetResources);
    it is authorized as tag:GetResources (Service Authorization Reference,
    list_amazonresourcegroupstaggingapi.html)."""
    net = network(emulator)
    ours, theirs = target_group(emulator, net, "ours"), target_group(emulator, net, "theirs", port=6379)
    elb = emulator.client("elbv2")
    elb.add_tags(ResourceArns=[ours["TargetGroupArn"]], Tags=[{"Key": "trigger-privatelink:connection", "Value": "orders"},
                                                           {"Key": "trigger-privatelink:resource", "Value": "rds-instance/orders-db"}])
    elb.add_tags(ResourceArns=[theirs["TargetGroupArn"]], Tags=[{"Key": "trigger-privatelink:connection", "Value": "other"}])
    tagging = emulator.client("resourcegroupstaggingapi")
    emulator.control("POST", "/_emulator/requests/reset")
    found = tagging.get_resources(ResourceTypeFilters=["elasticloadbalancing:targetgroup"],
                                  TagFilters=[{"Key": "trigger-privatelink:connection", "Values": ["orders"]}])["ResourceTagMappingList"]
    assert [(m["ResourceARN"], {t["Key"]: t["Value"] for t in m["Tags"]}) for m in found] == [
        (ours["TargetGroupArn"], {"trigger-privatelink:connection": "orders", "trigger-privatelink:resource": "rds-instance/orders-db"})]
    assert emulator.control("GET", "/_emulator/requests")["by_operation"] == {"tag:GetResources": 1}, "logged under its IAM action"
    with enforcing(emulator, "no-tagging", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "elasticloadbalancing:Describe*", "Resource": "*"}]}, "resourcegroupstaggingapi") as denied:
        with pytest.raises(ClientError) as refused:
            denied.get_resources(ResourceTypeFilters=["elasticloadbalancing:targetgroup"])
        assert "tag:GetResources" in refused.value.response["Error"]["Message"]


def test_an_interface_endpoint_is_authorized_on_itself_its_vpc_subnets_and_groups_and_deleted_by_its_tags(emulator):
    """CreateVpcEndpoint: vpc-endpoint (request tags), vpc, subnet, security-group; its tags
    are CreateTags with ec2:CreateAction; DeleteVpcEndpoints on the endpoint's own tags
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)."""
    net = network(emulator)
    ec2 = emulator.client("ec2")
    group = ec2.create_security_group(GroupName="probe", Description="x", VpcId=net["vpc"],
                                      TagSpecifications=[{"ResourceType": "security-group", "Tags": TOOL_TAG}])["GroupId"]
    untagged_group = ec2.create_security_group(GroupName="plain", Description="x", VpcId=net["vpc"])["GroupId"]
    theirs = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=net["vpc"], ServiceName="com.amazonaws.us-east-1.s3",
                                     SubnetIds=[net["subnets"][0]])["VpcEndpoint"]["VpcEndpointId"]
    tagged = {"StringEquals": {"aws:RequestTag/managed-by": "trigger-privatelink"}}
    owned = {"StringEquals": {"aws:ResourceTag/managed-by": "trigger-privatelink"}}
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
        {"Effect": "Allow", "Action": "ec2:CreateVpcEndpoint", "Resource": "arn:aws:ec2:*:*:vpc-endpoint/*", "Condition": tagged},
        {"Effect": "Allow", "Action": "ec2:CreateVpcEndpoint", "Resource": ["arn:aws:ec2:*:*:vpc/*", "arn:aws:ec2:*:*:subnet/*"]},
        {"Effect": "Allow", "Action": "ec2:CreateVpcEndpoint", "Resource": "arn:aws:ec2:*:*:security-group/*", "Condition": owned},
        {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "arn:aws:ec2:*:*:vpc-endpoint/*",
         "Condition": {"StringEquals": {"ec2:CreateAction": "CreateVpcEndpoint"}}},
        {"Effect": "Allow", "Action": "ec2:DeleteVpcEndpoints", "Resource": "arn:aws:ec2:*:*:vpc-endpoint/*", "Condition": owned},
    ]}
    spec = [{"ResourceType": "vpc-endpoint", "Tags": TOOL_TAG}]
    args = dict(VpcEndpointType="Interface", VpcId=net["vpc"], ServiceName="com.amazonaws.us-east-1.s3", SubnetIds=[net["subnets"][0]])
    with enforcing(emulator, "probe-endpoint", policy, "ec2") as scoped:
        with pytest.raises(ClientError) as untagged:
            scoped.create_vpc_endpoint(**args, SecurityGroupIds=[group])
        assert denied_action(untagged) == "ec2:CreateVpcEndpoint"
        with pytest.raises(ClientError) as foreign_group:
            scoped.create_vpc_endpoint(**args, SecurityGroupIds=[untagged_group], TagSpecifications=spec)
        assert denied_action(foreign_group) == "ec2:CreateVpcEndpoint", "a group without the tool's tags"
        ours = scoped.create_vpc_endpoint(**args, SecurityGroupIds=[group], TagSpecifications=spec)["VpcEndpoint"]["VpcEndpointId"]
        with pytest.raises(ClientError) as not_ours:
            scoped.delete_vpc_endpoints(VpcEndpointIds=[theirs])
        assert denied_action(not_ours) == "ec2:DeleteVpcEndpoints"
        assert scoped.delete_vpc_endpoints(VpcEndpointIds=[ours])["Unsuccessful"] == []


def test_a_tagged_rule_is_authorized_on_the_group_and_on_the_rule_with_create_tags(emulator):
    net = network(emulator)
    rule = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": net["nlb_sg"]}]}]
    spec = [{"ResourceType": "security-group-rule", "Tags": TOOL_TAG}]
    on_group = {"Effect": "Allow", "Action": "ec2:AuthorizeSecurityGroupIngress", "Resource": f"arn:aws:ec2:*:*:security-group/{net['db_sg']}"}
    on_rule = {
        "Effect": "Allow",
        "Action": "ec2:AuthorizeSecurityGroupIngress",
        "Resource": "arn:aws:ec2:*:*:security-group-rule/*",
        "Condition": {"StringEquals": {"aws:RequestTag/managed-by": "trigger-privatelink"}},
    }
    tag_rule = {
        "Effect": "Allow",
        "Action": "ec2:CreateTags",
        "Resource": "arn:aws:ec2:*:*:security-group-rule/*",
        "Condition": {"StringEquals": {"ec2:CreateAction": "AuthorizeSecurityGroupIngress"}},
    }
    only_group = {"Version": "2012-10-17", "Statement": [on_group]}
    with enforcing(emulator, "group-only", only_group, "ec2") as ec2:
        ec2.authorize_security_group_ingress(GroupId=net["db_sg"], IpPermissions=rule)  # untagged: the group is enough
        with pytest.raises(ClientError) as tagged:
            ec2.authorize_security_group_ingress(GroupId=net["db_sg"], IpPermissions=[dict(rule[0], FromPort=6379, ToPort=6379)], TagSpecifications=spec)
        assert denied_action(tagged) == "ec2:AuthorizeSecurityGroupIngress"
    without_tagging = {"Version": "2012-10-17", "Statement": [on_group, on_rule]}
    with enforcing(emulator, "no-tagging", without_tagging, "ec2") as ec2:
        with pytest.raises(ClientError) as untaggable:
            ec2.authorize_security_group_ingress(GroupId=net["db_sg"], IpPermissions=[dict(rule[0], FromPort=6379, ToPort=6379)], TagSpecifications=spec)
        assert denied_action(untaggable) == "ec2:CreateTags"
    every = {"Version": "2012-10-17", "Statement": [on_group, on_rule, tag_rule]}
    with enforcing(emulator, "all-three", every, "ec2") as ec2:
        ec2.authorize_security_group_ingress(GroupId=net["db_sg"], IpPermissions=[dict(rule[0], FromPort=6379, ToPort=6379)], TagSpecifications=spec)


def test_elb_creates_are_authorized_with_scheme_and_tag_on_create(emulator):
    net = network(emulator)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "elasticloadbalancing:CreateLoadBalancer",
                "Resource": "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
                "Condition": {"StringEquals": {"elasticloadbalancing:Scheme": "internal", "aws:RequestTag/managed-by": "trigger-privatelink"}},
            },
            {
                "Effect": "Allow",
                "Action": "elasticloadbalancing:CreateTargetGroup",
                "Resource": "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*",
                "Condition": {"StringEquals": {"aws:RequestTag/managed-by": "trigger-privatelink"}},
            },
            {
                "Effect": "Allow",
                "Action": "elasticloadbalancing:AddTags",
                "Resource": "arn:aws:elasticloadbalancing:*:*:loadbalancer/net/*/*",
                "Condition": {"StringEquals": {"elasticloadbalancing:CreateAction": "CreateLoadBalancer"}},
            },
        ],
    }
    with enforcing(emulator, "elb", policy, "elbv2") as elb:
        made = elb.create_load_balancer(Name="ours", Type="network", Scheme="internal", Subnets=net["subnets"][:1], Tags=TOOL_TAG)
        assert made["LoadBalancers"][0]["Scheme"] == "internal"
        with pytest.raises(ClientError) as public:
            elb.create_load_balancer(Name="public", Type="network", Scheme="internet-facing", Subnets=net["subnets"][:1], Tags=TOOL_TAG)
        assert denied_action(public) == "elasticloadbalancing:CreateLoadBalancer"
        assert public.value.response["Error"]["Code"] == "AccessDenied", "ELB's code for a denied call"
        with pytest.raises(ClientError) as no_scheme:
            elb.create_load_balancer(Name="default", Type="network", Subnets=net["subnets"][:1], Tags=TOOL_TAG)
        assert denied_action(no_scheme) == "elasticloadbalancing:CreateLoadBalancer", "the default scheme is internet-facing"
        with pytest.raises(ClientError) as tags_not_allowed:
            elb.create_target_group(Name="tg", Protocol="TCP", Port=5432, VpcId=net["vpc"], TargetType="ip", Tags=TOOL_TAG)
        assert denied_action(tags_not_allowed) == "elasticloadbalancing:AddTags", "tags on create need AddTags for that create"


def test_an_activemq_broker_lists_the_addresses_of_its_own_interfaces_and_rabbitmq_none(emulator):
    net = network(emulator)
    ec2, mq = emulator.client("ec2"), emulator.client("mq")
    common = dict(AutoMinorVersionUpgrade=True, HostInstanceType="mq.m5.large", PubliclyAccessible=False,
                  SecurityGroups=[net["db_sg"]], Users=[{"Username": "admin", "Password": "not-a-secret-12"}])
    active = mq.create_broker(BrokerName="orders-mq", DeploymentMode="ACTIVE_STANDBY_MULTI_AZ", EngineType="ACTIVEMQ",
                              EngineVersion="5.17.6", SubnetIds=net["subnets"][:2], **common)["BrokerId"]
    instances = mq.describe_broker(BrokerId=active)["BrokerInstances"]
    assert len(instances) == 2, "active and standby"
    for instance, subnet in zip(instances, net["subnets"][:2]):
        holders = ec2.describe_network_interfaces(
            Filters=[{"Name": "addresses.private-ip-address", "Values": [instance["IpAddress"]]}])["NetworkInterfaces"]
        assert [(e["SubnetId"], [g["GroupId"] for g in e["Groups"]]) for e in holders] == [(subnet, [net["db_sg"]])]
    rabbit = mq.create_broker(BrokerName="events-mq", DeploymentMode="SINGLE_INSTANCE", EngineType="RABBITMQ",
                              EngineVersion="3.13", SubnetIds=net["subnets"][:1], **common)["BrokerId"]
    assert all("IpAddress" not in i for i in mq.describe_broker(BrokerId=rabbit)["BrokerInstances"]), "RabbitMQ uses an NLB"
    mq.delete_broker(BrokerId=active)
    left = ec2.describe_network_interfaces(Filters=[{"Name": "addresses.private-ip-address", "Values": [i["IpAddress"] for i in instances]}])
    assert left["NetworkInterfaces"] == [], "deleting the broker deletes its interfaces"


def test_lambda_events_and_logs_calls_are_authorized_and_denied_in_their_own_error_shape(emulator):
    """teardown reads the sync's function, rules and log group under the user's policy:
    a Lambda GET (no body) is checked like any call (moto's check signed the parsed form
    as its body and always failed), and a denial is the JSON protocols'
    AccessDeniedException, not an XML error the SDKs cannot read."""
    allowed = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*",
               "Action": ["lambda:GetFunction", "events:DescribeRule", "logs:DescribeLogGroups"]}]}
    with enforcing(emulator, "reader", allowed, "lambda") as lam:
        with pytest.raises(ClientError) as missing:
            lam.get_function(FunctionName="tpl-x-sync")
        assert error_code(missing) == "ResourceNotFoundException", "allowed: the call reaches Lambda"
    denied = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}]}
    for service, call in [("lambda", lambda c: c.get_function(FunctionName="tpl-x-sync")),
                          ("events", lambda c: c.describe_rule(Name="tpl-x-sync-every")),
                          ("logs", lambda c: c.describe_log_groups())]:
        with enforcing(emulator, f"none-{service}", denied, service) as client:
            with pytest.raises(ClientError) as refused:
                call(client)
            assert error_code(refused) == "AccessDeniedException", (service, refused.value.response)
            assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
            assert "is not authorized to perform" in str(refused.value), service


def test_the_syncs_writes_are_authorized_on_the_role_function_rule_and_log_group_they_name(emulator):
    """Each write on the resource it names; a function's role is also iam:PassRole."""
    iam = emulator.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="tpl-x-sync", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    ours = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["lambda:CreateFunction"], "Resource": "arn:aws:lambda:*:*:function:tpl-*-sync"},
        {"Effect": "Allow", "Action": ["events:PutRule"], "Resource": "arn:aws:events:*:*:rule/tpl-*-sync-*"},
        {"Effect": "Allow", "Action": ["logs:CreateLogGroup"], "Resource": "arn:aws:logs:*:*:log-group:/aws/lambda/tpl-*-sync*"},
        {"Effect": "Allow", "Action": ["iam:PutRolePolicy"], "Resource": "arn:aws:iam::*:role/tpl-*-sync"},
    ]}
    code = {"ZipFile": b"PK\x05\x06" + b"\x00" * 18}
    function = dict(Runtime="python3.13", Role=role, Handler="handler.handler", Code=code)
    with enforcing(emulator, "sync-installer", ours, "lambda") as lam:
        with pytest.raises(ClientError) as no_pass:
            lam.create_function(FunctionName="tpl-x-sync", **function)
        assert denied_action(no_pass) == "iam:PassRole", "giving the function its role is PassRole on the role"
        assert role in no_pass.value.response["Error"]["Message"]
        with pytest.raises(ClientError) as other:
            lam.create_function(FunctionName="someone-elses", **function)
        assert denied_action(other) == "lambda:CreateFunction"
        assert ":function:someone-elses" in other.value.response["Error"]["Message"]
    with enforcing(emulator, "sync-rules", ours, "events") as events:
        events.put_rule(Name="tpl-x-sync-every", ScheduleExpression="rate(1 minute)")
        with pytest.raises(ClientError) as rule:
            events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)")
        assert denied_action(rule) == "events:PutRule"
    with enforcing(emulator, "sync-logs", ours, "logs") as logs:
        logs.create_log_group(logGroupName="/aws/lambda/tpl-x-sync")
        with pytest.raises(ClientError) as group:
            logs.create_log_group(logGroupName="/aws/lambda/other")
        assert denied_action(group) == "logs:CreateLogGroup"
    with enforcing(emulator, "sync-role", ours, "iam") as user_iam:
        user_iam.put_role_policy(RoleName="tpl-x-sync", PolicyName="sync", PolicyDocument=json.dumps(ours))
        with pytest.raises(ClientError) as other_role:
            user_iam.put_role_policy(RoleName="admin", PolicyName="sync", PolicyDocument=json.dumps(ours))
        assert denied_action(other_role) == "iam:PutRolePolicy"


def test_lambda_rest_calls_are_logged_by_their_operation_names(emulator):
    """The request log names Lambda's REST calls as its API does (method and path), so a
    test can count the tool's Lambda writes like any other."""
    iam, lam = emulator.client("iam"), emulator.client("lambda")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="tpl-x-sync", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    emulator.control("POST", "/_emulator/requests/reset")
    lam.create_function(FunctionName="tpl-x-sync", Runtime="python3.13", Role=role, Handler="handler.handler",
                        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18})
    lam.get_function(FunctionName="tpl-x-sync")
    lam.update_function_configuration(FunctionName="tpl-x-sync", Timeout=50)
    lam.add_permission(FunctionName="tpl-x-sync", StatementId="s", Action="lambda:InvokeFunction", Principal="events.amazonaws.com")
    lam.get_policy(FunctionName="tpl-x-sync")
    lam.delete_function(FunctionName="tpl-x-sync")
    logged = emulator.control("GET", "/_emulator/requests")["by_operation"]
    assert {k: v for k, v in logged.items() if k.startswith("lambda:")} == {
        "lambda:CreateFunction": 1, "lambda:GetFunction": 1, "lambda:UpdateFunctionConfiguration": 1,
        "lambda:AddPermission": 1, "lambda:GetPolicy": 1, "lambda:DeleteFunction": 1}, logged


@pytest.mark.parametrize("expression,valid", [("rate(1 minute)", True), ("rate(5 minutes)", True), ("rate(1 hour)", True),
                                              ("rate(1 minutes)", False), ("rate(5 minute)", False), ("rate(0 minutes)", False)])
def test_a_rate_expressions_unit_is_singular_for_one_and_plural_above(emulator, expression, valid):
    events = emulator.client("events")
    if valid:
        events.put_rule(Name="tick", ScheduleExpression=expression)
        assert events.describe_rule(Name="tick")["ScheduleExpression"] == expression
    else:
        with pytest.raises(ClientError) as refused:
            events.put_rule(Name="tick", ScheduleExpression=expression)
        assert error_code(refused) == "ValidationException"


def test_delete_listener_is_authorized_on_the_listener_with_its_tags(emulator):
    """teardown --port deletes one listener of the tool's: allowed on a listener carrying
    the tool's tag, denied on one without it."""
    net = network(emulator)
    elb = emulator.client("elbv2")
    lb = elb.create_load_balancer(Name="nlb", Type="network", Scheme="internal", Subnets=net["subnets"][:1])["LoadBalancers"][0]
    group = elb.create_target_group(Name="tg", Protocol="TCP", Port=5432, VpcId=net["vpc"], TargetType="ip")["TargetGroups"][0]
    forward = [{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}]
    ours = elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TCP", Port=5432, DefaultActions=forward, Tags=TOOL_TAG)
    theirs = elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TCP", Port=6379, DefaultActions=forward)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Action": "elasticloadbalancing:DeleteListener",
                "Resource": "arn:aws:elasticloadbalancing:*:*:listener/net/*/*/*",
                "Condition": {"StringEquals": {"aws:ResourceTag/managed-by": "trigger-privatelink"}},
            }
        ],
    }
    with enforcing(emulator, "listeners", policy, "elbv2") as user:
        with pytest.raises(ClientError) as denied:
            user.delete_listener(ListenerArn=theirs["Listeners"][0]["ListenerArn"])
        assert denied_action(denied) == "elasticloadbalancing:DeleteListener"
        assert theirs["Listeners"][0]["ListenerArn"] in denied.value.response["Error"]["Message"], "named on the listener itself"
        user.delete_listener(ListenerArn=ours["Listeners"][0]["ListenerArn"])
    left = elb.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]
    assert [listener["Port"] for listener in left] == [6379]


@pytest.mark.parametrize("engine,port", [("aurora-postgresql", 5432), ("docdb", 27017), ("neptune", 8182)])
def test_a_clusters_instances_get_interfaces_in_its_subnet_group_and_failover_moves_the_writer(emulator, engine, port):
    net = network(emulator)
    ec2, rds = emulator.client("ec2"), emulator.client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName="g", DBSubnetGroupDescription="g", SubnetIds=net["subnets"][:2])
    rds.create_db_cluster(
        DBClusterIdentifier="c", Engine=engine, MasterUsername="u", MasterUserPassword="password1", DBSubnetGroupName="g",
        VpcSecurityGroupIds=[net["db_sg"]],
    )
    for i, zone in enumerate("ab"):
        rds.create_db_instance(DBInstanceIdentifier=f"c-{i}", DBClusterIdentifier="c", Engine=engine, DBInstanceClass="db.r5.large",
                               AvailabilityZone=f"us-east-1{zone}")
    cluster = rds.describe_db_clusters(DBClusterIdentifier="c")["DBClusters"][0]
    assert (cluster["Engine"], cluster["Port"]) == (engine, port)
    member = rds.describe_db_instances(DBInstanceIdentifier="c-1")["DBInstances"][0]
    assert member["DBSubnetGroup"]["DBSubnetGroupName"] == "g", "a member is in its cluster's subnet group"
    interfaces = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RDSNetworkInterface"]}])["NetworkInterfaces"]
    assert sorted(e["SubnetId"] for e in interfaces) == sorted(net["subnets"][:2]), "one interface per member, in its zone's subnet"
    assert all(g["GroupId"] == net["db_sg"] for e in interfaces for g in e["Groups"])
    rds.failover_db_cluster(DBClusterIdentifier="c", TargetDBInstanceIdentifier="c-1")
    members = rds.describe_db_clusters(DBClusterIdentifier="c")["DBClusters"][0]["DBClusterMembers"]
    assert {m["DBInstanceIdentifier"]: m["IsClusterWriter"] for m in members} == {"c-0": False, "c-1": True}


def test_a_redshift_clusters_nodes_have_interfaces_and_are_listed_with_their_vpc(emulator):
    net = network(emulator)
    ec2, redshift = emulator.client("ec2"), emulator.client("redshift")
    redshift.create_cluster_subnet_group(ClusterSubnetGroupName="g", Description="g", SubnetIds=net["subnets"][:2])
    common = {"NodeType": "ra3.xlplus", "MasterUsername": "u", "MasterUserPassword": "Password1", "ClusterSubnetGroupName": "g",
              "VpcSecurityGroupIds": [net["db_sg"]], "AvailabilityZone": "us-east-1b"}
    redshift.create_cluster(ClusterIdentifier="wh", ClusterType="multi-node", NumberOfNodes=2, **common)
    redshift.create_cluster(ClusterIdentifier="small", ClusterType="single-node", **common)
    clusters = {c["ClusterIdentifier"]: c for c in redshift.describe_clusters()["Clusters"]}
    assert clusters["wh"]["VpcId"] == net["vpc"]
    assert [n["NodeRole"] for n in clusters["wh"]["ClusterNodes"]] == ["LEADER", "COMPUTE-0", "COMPUTE-1"]
    assert [n["NodeRole"] for n in clusters["small"]["ClusterNodes"]] == ["SHARED"]
    interfaces = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RedshiftNetworkInterface"]}])["NetworkInterfaces"]
    listed = {n["PrivateIPAddress"] for c in clusters.values() for n in c["ClusterNodes"]}
    assert {e["PrivateIpAddress"] for e in interfaces} == listed
    assert {e["SubnetId"] for e in interfaces} == {net["subnets"][1]}, "in the cluster's zone"
    leader = clusters["wh"]["ClusterNodes"][0]["PrivateIPAddress"]
    moved = emulator.control("POST", "/_emulator/failover", {"name": "wh"})
    assert moved["old_address"] == leader
    assert redshift.describe_clusters(ClusterIdentifier="wh")["Clusters"][0]["ClusterNodes"][0]["PrivateIPAddress"] == moved["new_address"]
    redshift.delete_cluster(ClusterIdentifier="wh", SkipFinalClusterSnapshot=True)
    left = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["RedshiftNetworkInterface"]}])["NetworkInterfaces"]
    assert len(left) == 1, "the single-node cluster's interface stays"


# Instance and ALB targets --------------------------------------------------------


def instance(emulator, subnet, groups, state="running"):
    ec2 = emulator.client("ec2")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    made = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnet, SecurityGroupIds=groups)["Instances"][0]
    if state == "stopped":
        ec2.stop_instances(InstanceIds=[made["InstanceId"]])
    return made["InstanceId"], made["PrivateIpAddress"]


def test_instance_targets_must_exist_run_and_share_the_vpc_and_their_groups_decide_health(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    elb = emulator.client("elbv2")
    other_vpc = ec2.create_vpc(CidrBlock="10.31.0.0/16")["Vpc"]["VpcId"]
    other_subnet = ec2.create_subnet(VpcId=other_vpc, CidrBlock="10.31.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    elsewhere, _ = instance(emulator, other_subnet, [])
    stopped, _ = instance(emulator, net["subnets"][0], [net["db_sg"]], state="stopped")
    api, api_ip = instance(emulator, net["subnets"][0], [net["db_sg"]])
    tg = elb.create_target_group(Name="api", Protocol="TCP", Port=8080, VpcId=net["vpc"], TargetType="instance")["TargetGroups"][0]
    arn = tg["TargetGroupArn"]
    for refused in (elsewhere, stopped, "i-0000000000000000f"):
        with pytest.raises(ClientError) as excinfo:
            elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": refused}])
        assert error_code(excinfo) == "InvalidTarget", refused
    elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": api}])
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], arn, port=8080)
    assert health(emulator, arn) == [(api, "unhealthy", "Target.Timeout")]
    admit(emulator, net["db_sg"], 8080, source_group=net["nlb_sg"])
    assert health(emulator, arn) == [(api, "healthy", None)]
    assert api_ip.startswith("10.30.1.")


def alb(emulator, net, name, groups, ports=(80,)):
    elb = emulator.client("elbv2")
    made = elb.create_load_balancer(Name=name, Type="application", Scheme="internal", Subnets=net["subnets"][:2], SecurityGroups=groups)
    arn = made["LoadBalancers"][0]["LoadBalancerArn"]
    answer = {"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}
    for port in ports:
        elb.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=port, DefaultActions=[answer])
    return arn


def test_an_alb_target_is_one_alb_of_the_vpc_with_a_listener_on_the_port_and_its_groups_decide_health(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    elb = emulator.client("elbv2")
    alb_sg = ec2.create_security_group(GroupName="alb", Description="alb", VpcId=net["vpc"])["GroupId"]
    api = alb(emulator, net, "api", [alb_sg])
    spare = alb(emulator, net, "spare", [alb_sg])

    def alb_group(name, port):
        made = elb.create_target_group(Name=name, Protocol="TCP", Port=port, VpcId=net["vpc"], TargetType="alb", HealthCheckProtocol="HTTP")
        return made["TargetGroups"][0]["TargetGroupArn"]

    wrong_port = alb_group("api-8080", 8080)
    with pytest.raises(ClientError) as excinfo:
        elb.register_targets(TargetGroupArn=wrong_port, Targets=[{"Id": api}])
    assert error_code(excinfo) == "InvalidTarget"
    arn = alb_group("api-80", 80)
    with pytest.raises(ClientError) as excinfo:
        elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": api}, {"Id": spare}])
    assert error_code(excinfo) == "TooManyTargets"
    elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": api}])
    with pytest.raises(ClientError) as excinfo:
        elb.register_targets(TargetGroupArn=arn, Targets=[{"Id": spare}])
    assert error_code(excinfo) == "TooManyTargets"
    listen(emulator, nlb(emulator, net)["LoadBalancerArn"], arn, port=80)
    assert health(emulator, arn) == [(api, "unhealthy", "Target.Timeout")]
    admit(emulator, alb_sg, 80, source_group=net["nlb_sg"])
    assert health(emulator, arn) == [(api, "healthy", None)]


def test_an_rds_proxy_has_an_interface_in_each_subnet_gone_with_it(emulator):
    net = network(emulator)
    ec2 = emulator.client("ec2")
    rds = emulator.client("rds")
    auth = [{"AuthScheme": "SECRETS", "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", "IAMAuth": "DISABLED"}]
    rds.create_db_proxy(
        DBProxyName="orders-proxy", EngineFamily="POSTGRESQL", Auth=auth, RoleArn="arn:aws:iam::123456789012:role/proxy",
        VpcSubnetIds=net["subnets"][:2], VpcSecurityGroupIds=[net["db_sg"]],
    )

    def interfaces():
        found = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["Network interface for DBProxy orders-proxy"]}])
        return sorted((e["SubnetId"], e["Groups"][0]["GroupId"], e["RequesterManaged"]) for e in found["NetworkInterfaces"])

    assert interfaces() == sorted((s, net["db_sg"], True) for s in net["subnets"][:2])
    moved = emulator.control("POST", "/_emulator/failover", {"name": "orders-proxy"})
    assert moved["old_address"] != moved["new_address"]
    assert len(interfaces()) == 2
    rds.delete_db_proxy(DBProxyName="orders-proxy")
    assert interfaces() == []


# The Lambda runtime and EventBridge delivery (lambda_runtime.py) -------------------

LAMBDA_TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def _package(source):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", source)
    return buffer.getvalue()


def _function(emulator, name, source, statements, timeout=3):
    """A Python function whose role holds exactly `statements`, with its log group."""
    iam, lam, logs = emulator.client("iam"), emulator.client("lambda"), emulator.client("logs")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=LAMBDA_TRUST)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="run", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    logs.create_log_group(logGroupName=f"/aws/lambda/{name}")
    return lam.create_function(FunctionName=name, Runtime="python3.13", Role=role, Handler="handler.handler", Timeout=timeout,
                               Code={"ZipFile": _package(source)}, Environment={"Variables": {"GREETING": "hello"}})["FunctionArn"]


def _log_lines(emulator, name):
    logs = emulator.client("logs")
    group = f"/aws/lambda/{name}"
    lines = []
    for stream in logs.describe_log_streams(logGroupName=group)["logStreams"]:
        lines += [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"])["events"]]
    return lines


def logs_for(name):
    """What AWSLambdaBasicExecutionRole grants on the function's own log group."""
    return {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/{name}:*"}
INVOKER = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:*", "Resource": "*"}]}
WHO_AM_I = """
import os, boto3
def handler(event, context):
    print("event", event.get("n"), os.environ["GREETING"], context.function_name)
    vpcs = boto3.client("ec2").describe_vpcs()["Vpcs"]
    return {"vpcs": len(vpcs), "n": event.get("n"), "left": context.get_remaining_time_in_millis() > 0}
"""


def test_a_python_function_runs_with_its_environment_as_its_role_and_logs_as_lambda_does(emulator):
    """Invoke runs the handler: its environment, the role's credentials (every call it
    makes checked against the role's policy), its output in /aws/lambda/<name> between
    START, END and REPORT, sent with the role's credentials, so a role without the Logs
    statement runs and leaves no log. An exception is FunctionError Unhandled."""
    import base64

    reads = {"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}
    _function(emulator, "runs", WHO_AM_I, [reads, logs_for("runs")])
    _function(emulator, "no-logs", WHO_AM_I, [reads])
    _function(emulator, "no-reads", WHO_AM_I, [logs_for("no-reads")])
    vpcs = len(emulator.client("ec2").describe_vpcs()["Vpcs"])
    with enforcing(emulator, "invoker", INVOKER, "lambda") as lam:
        answer = lam.invoke(FunctionName="runs", Payload=json.dumps({"n": 7}), LogType="Tail")
        assert "FunctionError" not in answer, answer
        assert json.loads(answer["Payload"].read()) == {"vpcs": vpcs, "n": 7, "left": True}, "the account's VPCs, read as the role"
        tail = base64.b64decode(answer["LogResult"]).decode()
        assert "event 7 hello runs" in tail, tail
        quiet = lam.invoke(FunctionName="no-logs", Payload=json.dumps({"n": 8}))
        assert json.loads(quiet["Payload"].read())["n"] == 8, "the run does not need the log"
        refused = lam.invoke(FunctionName="no-reads", Payload=json.dumps({"n": 9}))
        assert refused["FunctionError"] == "Unhandled"
        error = json.loads(refused["Payload"].read())
        assert error["errorType"] == "ClientError" and "ec2:DescribeVpcs" in error["errorMessage"], error
    lines = _log_lines(emulator, "runs")
    assert lines[0].startswith("START RequestId: ") and lines[1] == "event 7 hello runs", lines
    assert lines[-2].startswith("END RequestId: ") and lines[-1].startswith("REPORT RequestId: "), lines
    stream = emulator.client("logs").describe_log_streams(logGroupName="/aws/lambda/runs")["logStreams"][0]["logStreamName"]
    assert "/[$LATEST]" in stream, stream
    assert _log_lines(emulator, "no-logs") == [], "without logs:CreateLogStream/PutLogEvents the role sends no log"
    assert any("UnauthorizedOperation" in line for line in _log_lines(emulator, "no-reads")), "the traceback is logged"


def test_a_function_that_outlives_its_timeout_is_stopped(emulator):
    _function(emulator, "slow", "import time\ndef handler(event, context):\n    time.sleep(5)\n", [logs_for("slow")], timeout=1)
    answer = emulator.client("lambda").invoke(FunctionName="slow")
    assert answer["FunctionError"] == "Unhandled"
    assert json.loads(answer["Payload"].read())["errorMessage"] == "Task timed out after 1.00 seconds"


PRINTS_EVENT = """
def handler(event, context):
    print("got", event["detail-type"], event["source"], ",".join(event["resources"]), event["detail"].get("EventID", "-"))
"""


def test_eventbridge_invokes_a_rules_function_only_with_the_functions_permission_for_that_rule(emulator):
    """A tick runs every enabled scheduled rule once; the function runs only when its
    resource-based policy lets events.amazonaws.com invoke it for that rule's ARN."""
    arn = _function(emulator, "ticks", PRINTS_EVENT, [logs_for("ticks")])
    events, lam = emulator.client("events"), emulator.client("lambda")
    rule = events.put_rule(Name="every", ScheduleExpression="rate(1 minute)")["RuleArn"]
    other = events.put_rule(Name="other", ScheduleExpression="rate(1 minute)")["RuleArn"]
    events.put_targets(Rule="every", Targets=[{"Id": "f", "Arn": arn}])
    events.put_targets(Rule="other", Targets=[{"Id": "f", "Arn": arn}])
    lam.add_permission(FunctionName="ticks", StatementId="every", Action="lambda:InvokeFunction",
                       Principal="events.amazonaws.com", SourceArn=rule)
    deliveries = {d["rule"]: d for d in emulator.control("POST", "/_emulator/schedules/run")["deliveries"]}
    assert deliveries["every"]["invoked"] is True and deliveries["every"]["error"] is None, deliveries
    assert deliveries["other"]["invoked"] is False and "policy" in deliveries["other"]["reason"], deliveries
    assert [line for line in _log_lines(emulator, "ticks") if line.startswith("got")] == [f"got Scheduled Event aws.events {rule} -"]
    events.disable_rule(Name="every")
    assert [d["rule"] for d in emulator.control("POST", "/_emulator/schedules/run")["deliveries"]] == ["other"], "a disabled rule sends nothing"
    assert other


def test_an_rds_failover_sends_its_event_to_the_rules_that_match_it(emulator):
    net = network(emulator)
    rds = emulator.client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName="g", DBSubnetGroupDescription="g", SubnetIds=net["subnets"][:2])
    for name in ("db", "other-db"):
        rds.create_db_instance(DBInstanceIdentifier=name, Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="u",
                               MasterUserPassword="password1", DBSubnetGroupName="g")
    arn = _function(emulator, "heals", PRINTS_EVENT, [logs_for("heals")])
    events, lam = emulator.client("events"), emulator.client("lambda")
    db_arn = "arn:aws:rds:us-east-1:111111111111:db:db"
    rule = events.put_rule(Name="on-db", EventPattern=json.dumps({"source": ["aws.rds"], "detail-type": ["RDS DB Instance Event"],
                                                                  "resources": [db_arn]}))["RuleArn"]
    events.put_targets(Rule="on-db", Targets=[{"Id": "f", "Arn": arn}])
    lam.add_permission(FunctionName="heals", StatementId="on-db", Action="lambda:InvokeFunction",
                       Principal="events.amazonaws.com", SourceArn=rule)
    assert emulator.control("POST", "/_emulator/failover", {"name": "other-db"})["deliveries"] == [], "another database's event"
    answer = emulator.control("POST", "/_emulator/failover", {"name": "db"})
    assert [(d["rule"], d["invoked"]) for d in answer["deliveries"]] == [("on-db", True)], answer
    assert [line for line in _log_lines(emulator, "heals") if line.startswith("got")] == [f"got RDS DB Instance Event aws.rds {db_arn} RDS-EVENT-0049"]


def test_a_role_is_created_with_the_requests_tags_changed_with_its_own_and_passed_to_a_named_service(emulator):
    """CreateRole (and TagRole for its tags) sees aws:RequestTag, a change of the role
    aws:ResourceTag, and PassRole iam:PassedToService."""
    ours = "arn:aws:iam::*:role/tpl-*-sync"
    marker = {"aws:RequestTag/managed-by": "trigger-privatelink"}
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:CreateRole", "iam:TagRole"], "Resource": ours, "Condition": {"StringEquals": marker}},
        {"Effect": "Allow", "Action": ["iam:DeleteRole"], "Resource": ours,
         "Condition": {"StringEquals": {"aws:ResourceTag/managed-by": "trigger-privatelink"}}},
        {"Effect": "Allow", "Action": ["lambda:CreateFunction"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": ours,
         "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}}]}
    emulator.client("iam").create_role(RoleName="tpl-theirs-sync", AssumeRolePolicyDocument=LAMBDA_TRUST)
    keys = emulator.control("POST", "/_emulator/user", {"name": "roles", "policy": policy, "account": PROVIDER})
    iam, lam = as_user(emulator, "iam", keys), as_user(emulator, "lambda", keys)
    emulator.control("POST", "/_emulator/auth", {"enforce": True})
    try:
        for tags in ([], [{"Key": "managed-by", "Value": "someone-else"}]):
            with pytest.raises(ClientError) as untagged:
                iam.create_role(RoleName="tpl-a-sync", AssumeRolePolicyDocument=LAMBDA_TRUST, Tags=tags)
            assert denied_action(untagged) == "iam:CreateRole", tags
        role = iam.create_role(RoleName="tpl-a-sync", AssumeRolePolicyDocument=LAMBDA_TRUST,
                               Tags=[{"Key": "managed-by", "Value": "trigger-privatelink"}])["Role"]["Arn"]
        with pytest.raises(ClientError) as theirs:
            iam.delete_role(RoleName="tpl-theirs-sync")
        assert denied_action(theirs) == "iam:DeleteRole", "a role without the tool's tags is not the tool's"
        with pytest.raises(ClientError) as passed:
            lam.create_function(FunctionName="f", Runtime="python3.13", Role=role, Handler="handler.handler",
                                Code={"ZipFile": _package("def handler(e, c): pass")})
        assert denied_action(passed) == "iam:PassRole", "passed to Lambda, not to EC2"
        iam.delete_role(RoleName="tpl-a-sync")
    finally:
        emulator.control("POST", "/_emulator/auth", {"enforce": False})


# CloudWatch over Smithy RPC v2 CBOR (cloudwatch_cbor.py) --------------------------


def cbor_cloudwatch(emulator, keys=None):
    """A boto3 CloudWatch client that speaks CBOR, as the Rust SDK does (botocore prefers
    JSON when a model offers both)."""
    import botocore.model

    order = botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS
    botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = ("smithy-rpc-v2-cbor", *[p for p in order if p != "smithy-rpc-v2-cbor"])
    try:
        if keys:
            client = boto3.client("cloudwatch", endpoint_url=emulator.url, region_name="us-east-1",
                                  aws_access_key_id=keys["access_key_id"], aws_secret_access_key=keys["secret_access_key"],
                                  config=Config(retries={"total_max_attempts": 1}))
        else:
            client = emulator.client("cloudwatch")
    finally:
        botocore.model.PRIORITY_ORDERED_SUPPORTED_PROTOCOLS = order
    seen = []
    client.meta.events.register("before-send.*.*", lambda request, **_: seen.append(request.headers.get("Content-Type").decode()))
    return client, seen


def test_cloudwatch_answers_in_cbor_as_the_sdks_speak_it(emulator):
    import datetime

    client, seen = cbor_cloudwatch(emulator)
    now = datetime.datetime.now(datetime.timezone.utc).replace(second=0, microsecond=0)
    dims = [{"Name": "LoadBalancer", "Value": "net/tpl-x-nlb/0123456789abcdef"}]
    client.put_metric_data(Namespace="AWS/NetworkELB", MetricData=[
        {"MetricName": "NewFlowCount", "Dimensions": dims, "Timestamp": now, "Value": 3, "Unit": "Count"}])
    answer = client.get_metric_data(
        MetricDataQueries=[{"Id": "flows", "MetricStat": {"Metric": {"Namespace": "AWS/NetworkELB", "MetricName": "NewFlowCount",
                                                                       "Dimensions": dims}, "Period": 60, "Stat": "Sum"}}],
        StartTime=now - datetime.timedelta(minutes=5), EndTime=now + datetime.timedelta(minutes=1))
    assert set(seen) == {"application/cbor"}, seen
    result = answer["MetricDataResults"][0]
    assert (result["Id"], result["Values"], result["StatusCode"]) == ("flows", [3.0], "Complete"), answer
    assert result["Timestamps"][0] == now, "a timestamp comes back as the instant it was put"
    logged = emulator.control("GET", "/_emulator/requests")["by_operation"]
    assert logged.get("cloudwatch:GetMetricData") == 1 and logged.get("cloudwatch:PutMetricData") == 1, logged
    with pytest.raises(ClientError) as bad:
        client.get_metric_data(MetricDataQueries=[{"Id": "x"}], StartTime=now, EndTime=now)
    assert error_code(bad) == "ValidationError", bad.value.response


def test_cloudwatch_in_cbor_is_authorized_for_its_action_on_any_resource(emulator):
    import datetime

    allowed = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudwatch:GetMetricData", "Resource": "*"}]}
    other = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:DescribeVpcs", "Resource": "*"}]}
    reader = emulator.control("POST", "/_emulator/user", {"name": "metrics", "policy": allowed, "account": PROVIDER})
    blind = emulator.control("POST", "/_emulator/user", {"name": "no-metrics", "policy": other, "account": PROVIDER})
    now = datetime.datetime.now(datetime.timezone.utc)
    query = dict(MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {"Namespace": "AWS/NetworkELB", "MetricName": "NewFlowCount"},
                                                               "Period": 60, "Stat": "Sum"}}],
                 StartTime=now - datetime.timedelta(hours=1), EndTime=now)
    emulator.control("POST", "/_emulator/auth", {"enforce": True})
    try:
        assert cbor_cloudwatch(emulator, reader)[0].get_metric_data(**query)["MetricDataResults"][0]["Values"] == []
        with pytest.raises(ClientError) as refused:
            cbor_cloudwatch(emulator, blind)[0].get_metric_data(**query)
    finally:
        emulator.control("POST", "/_emulator/auth", {"enforce": False})
    assert error_code(refused) == "AccessDenied", refused.value.response
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "cloudwatch:GetMetricData" in refused.value.response["Error"]["Message"]


def metric_sums(emulator, namespace, name, dimensions, stat="Sum"):
    """The metric's statistic over the last ten minutes (0 when nothing was published), read
    in CBOR as the SDKs read it."""
    import datetime

    client, _ = cbor_cloudwatch(emulator)
    now = datetime.datetime.now(datetime.timezone.utc)
    answer = client.get_metric_data(
        MetricDataQueries=[{"Id": "m", "MetricStat": {"Metric": {"Namespace": namespace, "MetricName": name, "Dimensions": dimensions},
                                                       "Period": 600, "Stat": stat}}],
        StartTime=now - datetime.timedelta(minutes=10), EndTime=now + datetime.timedelta(minutes=1))
    # The window can span two periods (moto's start at StartTime): combine as the statistic does.
    values = answer["MetricDataResults"][0]["Values"]
    combine = {"Maximum": max, "Minimum": min}.get(stat, sum)
    return combine(values) if values else 0


def test_traffic_is_measured_as_cloudwatch_measures_it(emulator):
    """A connection the NLB's group refuses counts a blocked flow and nothing else; one
    that reaches the target counts a flow and its bytes on the NLB and a connection on the
    service, under each documented dimension set."""
    net = connected(emulator)
    balancer = [{"Name": "LoadBalancer", "Value": net["lb"].split(":loadbalancer/", 1)[1]}]
    zone = [{"Name": "AvailabilityZone", "Value": "us-east-1a"}] + balancer
    service_id = emulator.client("ec2").describe_vpc_endpoint_service_configurations()["ServiceConfigurations"][0]["ServiceId"]
    assert not reach(emulator, net)["reachable"]
    blocked = "SecurityGroupBlockedFlowCount_Inbound_TCP"
    assert (metric_sums(emulator, "AWS/NetworkELB", blocked, balancer), metric_sums(emulator, "AWS/NetworkELB", blocked, zone)) == (1, 1)
    assert metric_sums(emulator, "AWS/NetworkELB", "NewFlowCount", balancer) == 0, "blocked traffic is in no other metric"
    admit(emulator, net["nlb_sg"], 5432, cidr="0.0.0.0/0")
    assert reach(emulator, net)["reachable"] and reach(emulator, net)["reachable"]
    assert metric_sums(emulator, "AWS/NetworkELB", "NewFlowCount", balancer) == 2
    assert metric_sums(emulator, "AWS/NetworkELB", "ProcessedBytes", zone) == 240
    assert metric_sums(emulator, "AWS/NetworkELB", blocked, balancer) == 1
    per_endpoint = [{"Name": "Service Id", "Value": service_id}, {"Name": "VPC Endpoint Id", "Value": net["endpoint"]}]
    assert metric_sums(emulator, "AWS/PrivateLinkServices", "NewConnections", per_endpoint) == 2
    assert metric_sums(emulator, "AWS/PrivateLinkServices", "BytesProcessed", [{"Name": "Service Id", "Value": service_id}]) == 240


def test_host_counts_are_published_as_health_is_decided_when_cloudwatch_is_read(emulator):
    """Each read of CloudWatch sees this minute's host counts of every NLB group with
    targets, as health is then: a target unhealthy at one read and healthy at the next
    leaves UnHealthyHostCount's maximum at 1 and HealthyHostCount's minimum at 0."""
    net = connected(emulator)
    balancer = {"Name": "LoadBalancer", "Value": net["lb"].split(":loadbalancer/", 1)[1]}
    tg_arn = emulator.client("elbv2").describe_target_groups()["TargetGroups"][0]["TargetGroupArn"]
    dims = [balancer, {"Name": "TargetGroup", "Value": tg_arn.rsplit(":", 1)[1]}]
    assert metric_sums(emulator, "AWS/NetworkELB", "HealthyHostCount", dims, "Maximum") == 1
    assert metric_sums(emulator, "AWS/NetworkELB", "UnHealthyHostCount", dims, "Maximum") == 0
    ec2 = emulator.client("ec2")
    ec2.revoke_security_group_ingress(GroupId=net["db_sg"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": net["nlb_sg"]}]}])
    assert health(emulator, tg_arn)[0][1] == "unhealthy"
    assert metric_sums(emulator, "AWS/NetworkELB", "UnHealthyHostCount", dims, "Maximum") == 1
    admit(emulator, net["db_sg"], 5432, source_group=net["nlb_sg"])
    assert metric_sums(emulator, "AWS/NetworkELB", "HealthyHostCount", dims, "Maximum") == 1
    assert metric_sums(emulator, "AWS/NetworkELB", "HealthyHostCount", dims, "Minimum") == 0
    assert metric_sums(emulator, "AWS/NetworkELB", "UnHealthyHostCount", dims, "Maximum") == 1
    assert metric_sums(emulator, "AWS/NetworkELB", "UnHealthyHostCount", dims, "Minimum") == 0


def test_connection_notifications_are_created_found_and_deleted_as_ec2_documents_them(emulator):
    """CreateVpcEndpointConnectionNotification needs a service of the account, an SNS
    topic that exists and events among Accept/Connect/Delete/Reject; describe finds it
    by ID and by the documented filters; delete removes it or lists it as unsuccessful."""
    net = network(emulator)
    svc = service(emulator, net, "svc", AcceptanceRequired=False)
    ec2, sns = emulator.client("ec2"), emulator.client("sns")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    made = ec2.create_vpc_endpoint_connection_notification(
        ServiceId=svc["ServiceId"], ConnectionNotificationArn=topic, ConnectionEvents=["Connect", "Accept", "Reject", "Delete"],
        ClientToken="once")
    notification = made["ConnectionNotification"]
    assert notification["ConnectionNotificationId"].startswith("vpce-nfn-")
    assert (notification["ServiceId"], notification["ConnectionNotificationArn"]) == (svc["ServiceId"], topic)
    assert (notification["ConnectionNotificationType"], notification["ConnectionNotificationState"]) == ("Topic", "Enabled")
    assert notification["ConnectionEvents"] == ["Connect", "Accept", "Reject", "Delete"]
    again = ec2.create_vpc_endpoint_connection_notification(
        ServiceId=svc["ServiceId"], ConnectionNotificationArn=topic, ConnectionEvents=["Connect"], ClientToken="once")
    assert again["ConnectionNotification"]["ConnectionNotificationId"] == notification["ConnectionNotificationId"], "same token, same one"

    for kwargs, code in [
        ({"ServiceId": "vpce-svc-0123456789abcdef0", "ConnectionNotificationArn": topic, "ConnectionEvents": ["Connect"]},
         "InvalidVpcEndpointServiceId.NotFound"),
        ({"ServiceId": svc["ServiceId"], "ConnectionNotificationArn": topic + "-gone", "ConnectionEvents": ["Connect"]},
         "InvalidConnectionNotification"),
        ({"ServiceId": svc["ServiceId"], "ConnectionNotificationArn": topic, "ConnectionEvents": ["Connected"]}, "InvalidParameterValue"),
    ]:
        with pytest.raises(ClientError) as refused:
            ec2.create_vpc_endpoint_connection_notification(**kwargs)
        assert refused.value.response["Error"]["Code"] == code

    found = lambda **kw: [n["ConnectionNotificationId"] for n in ec2.describe_vpc_endpoint_connection_notifications(**kw)["ConnectionNotificationSet"]]
    nid = notification["ConnectionNotificationId"]
    assert found() == [nid]
    assert found(ConnectionNotificationId=nid) == [nid]
    assert found(Filters=[{"Name": "service-id", "Values": [svc["ServiceId"]]}]) == [nid]
    assert found(Filters=[{"Name": "connection-notification-arn", "Values": [topic]}]) == [nid]
    assert found(Filters=[{"Name": "service-id", "Values": ["vpce-svc-0123456789abcdef0"]}]) == []
    with pytest.raises(ClientError) as refused:
        found(Filters=[{"Name": "topic", "Values": [topic]}])
    assert refused.value.response["Error"]["Code"] == "InvalidParameterValue"

    deleted = ec2.delete_vpc_endpoint_connection_notifications(ConnectionNotificationIds=[nid, "vpce-nfn-0123456789abcdef0"])
    assert [u["ResourceId"] for u in deleted["Unsuccessful"]] == ["vpce-nfn-0123456789abcdef0"]
    assert found() == []


def test_an_alarm_starts_with_insufficient_data_and_keeps_its_state_and_tags_on_update(emulator):
    """PutMetricAlarm: a new alarm is INSUFFICIENT_DATA; an update overwrites the
    configuration, leaves the state as it was and ignores the tags it carries. Read in
    CBOR, as the SDKs read it."""
    client, _ = cbor_cloudwatch(emulator)
    alarm = dict(AlarmName="tpl-orders-5432-no-healthy-host", Namespace="AWS/NetworkELB", MetricName="HealthyHostCount",
                 Statistic="Maximum", Period=60, EvaluationPeriods=2, Threshold=1, ComparisonOperator="LessThanThreshold",
                 Dimensions=[{"Name": "LoadBalancer", "Value": "net/x/1"}])
    client.put_metric_alarm(**alarm, Tags=[{"Key": "managed-by", "Value": "trigger-privatelink"}])
    found = client.describe_alarms(AlarmNames=[alarm["AlarmName"]])["MetricAlarms"][0]
    assert found["StateValue"] == "INSUFFICIENT_DATA"
    client.set_alarm_state(AlarmName=alarm["AlarmName"], StateValue="ALARM", StateReason="test")
    client.put_metric_alarm(**{**alarm, "Threshold": 2}, Tags=[{"Key": "managed-by", "Value": "someone-else"}])
    found = client.describe_alarms(AlarmNames=[alarm["AlarmName"]])["MetricAlarms"][0]
    assert (found["StateValue"], found["Threshold"]) == ("ALARM", 2)
    tags = client.list_tags_for_resource(ResourceARN=found["AlarmArn"])["Tags"]
    assert tags == [{"Key": "managed-by", "Value": "trigger-privatelink"}]


def test_alarm_calls_are_authorized_on_the_alarm_and_tagging_one_needs_tag_resource(emulator):
    """With IAM checking on, PutMetricAlarm and DeleteAlarms are authorized on the
    alarm's ARN, and a PutMetricAlarm with tags needs cloudwatch:TagResource too."""
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
         "Resource": "arn:aws:cloudwatch:us-east-1:*:alarm:tpl-*"}]}
    keys = emulator.control("POST", "/_emulator/user", {"name": "alarms", "policy": policy, "account": PROVIDER})
    client, _ = cbor_cloudwatch(emulator, keys)
    alarm = dict(Namespace="AWS/NetworkELB", MetricName="HealthyHostCount", Statistic="Maximum", Period=60,
                 EvaluationPeriods=2, Threshold=1, ComparisonOperator="LessThanThreshold")
    emulator.control("POST", "/_emulator/auth", {"enforce": True})
    try:
        client.put_metric_alarm(AlarmName="tpl-orders-blocked-flows", **alarm)
        with pytest.raises(ClientError) as denied:
            client.put_metric_alarm(AlarmName="theirs", **alarm)
        assert "cloudwatch:PutMetricAlarm on resource: arn:aws:cloudwatch:us-east-1:" in str(denied.value)
        with pytest.raises(ClientError) as denied:
            client.put_metric_alarm(AlarmName="tpl-orders-tagged", **alarm, Tags=[{"Key": "k", "Value": "v"}])
        assert "cloudwatch:TagResource" in str(denied.value)
        client.delete_alarms(AlarmNames=["tpl-orders-blocked-flows"])
        with pytest.raises(ClientError):
            client.delete_alarms(AlarmNames=["theirs"])
    finally:
        emulator.control("POST", "/_emulator/auth", {"enforce": False})


def test_sns_topic_calls_are_authorized_on_the_topic(emulator):
    """CreateTopic is authorized on the topic it would make, the other calls on the topic
    they name; a denial is SNS's `AuthorizationError`."""
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["sns:CreateTopic", "sns:DeleteTopic", "sns:Subscribe"], "Resource": "arn:aws:sns:*:*:tpl-*-alerts"}]}
    keys = emulator.control("POST", "/_emulator/user", {"name": "topics", "policy": policy, "account": PROVIDER})
    sns = boto3.client("sns", endpoint_url=emulator.url, region_name="us-east-1", aws_access_key_id=keys["access_key_id"],
                       aws_secret_access_key=keys["secret_access_key"], config=Config(retries={"total_max_attempts": 1}))
    other = emulator.client("sns").create_topic(Name="theirs")["TopicArn"]
    emulator.control("POST", "/_emulator/auth", {"enforce": True})
    try:
        mine = sns.create_topic(Name="tpl-orders-alerts")["TopicArn"]
        sns.subscribe(TopicArn=mine, Protocol="email", Endpoint="oncall@example.com")
        for call in (lambda: sns.create_topic(Name="other"), lambda: sns.subscribe(TopicArn=other, Protocol="email", Endpoint="a@example.com"),
                     lambda: sns.delete_topic(TopicArn=other)):
            with pytest.raises(ClientError) as denied:
                call()
            assert denied.value.response["Error"]["Code"] == "AuthorizationError"
        sns.delete_topic(TopicArn=mine)
    finally:
        emulator.control("POST", "/_emulator/auth", {"enforce": False})


def test_an_interface_endpoint_to_ones_own_service_needs_no_permission_and_gets_addresses_in_its_subnets(emulator):
    """The service's owner may connect without being an allowed principal (as Terraform's
    acceptance test against AWS does: hashicorp/terraform-provider-aws
    internal/service/ec2/vpc_endpoint_test.go, TestAccVPCEndpoint_interfaceNonAWSServiceAcceptOnCreate,
    a service with no allowed principals and an endpoint of the same account; no AWS page
    says it in words); each of the endpoint's interfaces holds an address of its subnet;
    the endpoint is `pending`, then `available`, and the provider sees it owned by its own
    account."""
    import ipaddress

    net = network(emulator)
    svc = service(emulator, net, "own", lb=nlb(emulator, net, subnets=2), AcceptanceRequired=False)
    ec2 = emulator.client("ec2")
    emulator.control("POST", "/_emulator/settings", {"endpoint_pending_seconds": 0.3})
    endpoint = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=net["vpc"], ServiceName=svc["ServiceName"],
                                       SubnetIds=net["subnets"][:2], SecurityGroupIds=[net["nlb_sg"]])["VpcEndpoint"]
    assert endpoint["State"] == "pending"
    interfaces = ec2.describe_network_interfaces(NetworkInterfaceIds=endpoint["NetworkInterfaceIds"])["NetworkInterfaces"]
    cidrs = {s["SubnetId"]: s["CidrBlock"] for s in ec2.describe_subnets(SubnetIds=net["subnets"][:2])["Subnets"]}
    assert sorted(e["SubnetId"] for e in interfaces) == sorted(net["subnets"][:2])
    for interface in interfaces:
        assert ipaddress.ip_address(interface["PrivateIpAddress"]) in ipaddress.ip_network(cidrs[interface["SubnetId"]]), interface
    time.sleep(0.4)
    connections = ec2.describe_vpc_endpoint_connections(Filters=[{"Name": "service-id", "Values": [svc["ServiceId"]]}])["VpcEndpointConnections"]
    assert [(c["VpcEndpointId"], c["VpcEndpointOwner"], c["VpcEndpointState"]) for c in connections] == [
        (endpoint["VpcEndpointId"], PROVIDER, "available")]


def test_a_vpc_function_is_answered_from_the_traffic_model_never_run(emulator):
    """A function in a VPC gets an interface in each subnet, with its groups; invoking it
    answers the prober's dials as the network decides: the NLB's groups apply to a dial
    from inside the VPC whatever enforcement says; an NLB node sends to its own zone's
    targets with cross-zone off; an own interface endpoint's dial goes the PrivateLink
    way (enforcement judged against the function's address); its code never runs."""
    import io
    import ipaddress
    import zipfile

    net = connected(emulator)
    ec2, iam, lam = emulator.client("ec2"), emulator.client("iam"), emulator.client("lambda")
    probe_sg = ec2.create_security_group(GroupName="probe", Description="probe", VpcId=net["vpc"])["GroupId"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="tpl-x-probe", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("prober.py", "def handler(event, context):\n    raise SystemExit('ran on the emulator')\n")
    lam.create_function(FunctionName="tpl-x-probe", Runtime="python3.13", Role=role, Handler="prober.handler",
                        Code={"ZipFile": code.getvalue()}, VpcConfig={"SubnetIds": net["subnets"][:2], "SecurityGroupIds": [probe_sg]})
    enis = ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": ["AWS Lambda VPC ENI-tpl-x-probe-*"]}])["NetworkInterfaces"]
    assert sorted(e["SubnetId"] for e in enis) == sorted(net["subnets"][:2])
    assert all([g["GroupId"] for g in e["Groups"]] == [probe_sg] for e in enis)

    subnets = {s["SubnetId"]: s for s in ec2.describe_subnets(SubnetIds=net["subnets"])["Subnets"]}
    node = lambda i: str(ipaddress.ip_network(subnets[net["subnets"][i]]["CidrBlock"]).network_address + 4)

    def dials(*targets):
        event = {"dials": [{"id": str(i), "host": h, "port": p, "protocol": "postgres", "timeout_ms": 2000} for i, (h, p) in enumerate(targets)]}
        answer = json.loads(lam.invoke(FunctionName="tpl-x-probe", Payload=json.dumps(event))["Payload"].read())
        return [(r["outcome"], r.get("answer") or r.get("detail")) for r in answer["results"]]

    zone = lambda i: subnets[net["subnets"][i]]["AvailabilityZoneId"]
    first = dials((node(0), 5432))
    assert first[0][0] == "timeout" and "the NLB's security groups do not admit TCP 5432" in first[0][1], first
    admit(emulator, net["nlb_sg"], 5432, source_group=probe_sg)
    admit(emulator, net["nlb_sg"], 9999, source_group=probe_sg)
    assert dials((node(0), 5432), (node(1), 5432), (node(0), 9999), ("10.30.3.99", 5432)) == [
        ("connected", "S (TLS available)"),
        ("timeout", f"no answer to the connection (the NLB node in {zone(1)} sends only to targets in its zone (cross-zone off); "
                    f"10.30.1.10 is in {zone(0)})"),
        ("timeout", "no answer to the connection (the load balancer has no listener on port 9999)"),
        ("timeout", "no answer to the connection (nothing holds 10.30.3.99)"),
    ]

    # An interface endpoint of the provider's own, to its own service.
    endpoint_sg = ec2.create_security_group(GroupName="probe-endpoint", Description="e", VpcId=net["vpc"])["GroupId"]
    admit(emulator, endpoint_sg, 5432, source_group=probe_sg)
    svc_name = ec2.describe_vpc_endpoint_service_configurations()["ServiceConfigurations"][0]["ServiceName"]
    own = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=net["vpc"], ServiceName=svc_name,
                                  SubnetIds=net["subnets"][:2], SecurityGroupIds=[endpoint_sg])["VpcEndpoint"]
    interfaces = ec2.describe_network_interfaces(NetworkInterfaceIds=own["NetworkInterfaceIds"])["NetworkInterfaces"]
    by_subnet = {e["SubnetId"]: e["PrivateIpAddress"] for e in interfaces}
    time.sleep(0.05)
    in_a, in_b = by_subnet[net["subnets"][0]], by_subnet[net["subnets"][1]]
    enforced = dials((in_a, 5432))
    assert "enforcement is on and the NLB's security groups do not admit TCP 5432 from" in enforced[0][1], enforced
    emulator.client("elbv2").set_security_groups(LoadBalancerArn=net["lb"], SecurityGroups=[net["nlb_sg"]],
                                                  EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic="off")
    through = dials((in_a, 5432), (in_b, 5432))
    assert through[0] == ("connected", "S (TLS available)"), through
    assert through[1][0] == "timeout" and "cross-zone off" in through[1][1], through

    # The NLB's name answers with the nodes of zones that have a healthy target (DNS
    # failover): from either zone it reaches zone a's node, though zone b's own node,
    # dialed by its address, has no target with cross-zone off.
    lb = emulator.client("elbv2").describe_load_balancers(LoadBalancerArns=[net["lb"]])["LoadBalancers"][0]
    zone_name = lambda i: subnets[net["subnets"][i]]["AvailabilityZone"]

    def by_name(zone):
        event = {"dials": [{"id": "n", "host": lb["DNSName"], "port": 5432, "protocol": "postgres", "zone": zone}]}
        result = json.loads(lam.invoke(FunctionName="tpl-x-probe", Payload=json.dumps(event))["Payload"].read())["results"][0]
        return result["outcome"], result.get("answer") or result.get("detail")

    assert by_name(zone_name(0)) == ("connected", "S (TLS available)")
    assert by_name(zone_name(1)) == ("connected", "S (TLS available)")
    assert dials((node(1), 5432))[0][0] == "timeout"


def test_connection_events_reach_a_topic_whose_policy_lets_the_service_publish(emulator):
    """Connect, Reject and Delete of an endpoint are sent to the notification's topic,
    published by vpce.amazonaws.com: a topic with the statement AWS's page gives gets
    them; a topic with the default policy gets nothing."""
    net = network(emulator)
    svc = service(emulator, net, "events", AcceptanceRequired=False)
    allow(emulator, svc["ServiceId"])
    ec2, sns = emulator.client("ec2"), emulator.client("sns")
    admitted, closed = sns.create_topic(Name="admitted")["TopicArn"], sns.create_topic(Name="closed")["TopicArn"]
    service_arn = f"arn:aws:ec2:us-east-1:{PROVIDER}:vpc-endpoint-service/{svc['ServiceId']}"
    sns.set_topic_attributes(TopicArn=admitted, AttributeName="Policy", AttributeValue=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "vpce.amazonaws.com"}, "Action": "SNS:Publish", "Resource": admitted,
            "Condition": {"ArnLike": {"aws:SourceArn": service_arn}, "StringEquals": {"aws:SourceAccount": PROVIDER}}}]}))
    for topic in (admitted, closed):
        ec2.create_vpc_endpoint_connection_notification(ServiceId=svc["ServiceId"], ConnectionNotificationArn=topic,
                                                        ConnectionEvents=["Connect", "Accept", "Reject", "Delete"])
    endpoint = vendor_endpoint(emulator, svc["ServiceName"])
    ec2.reject_vpc_endpoint_connections(ServiceId=svc["ServiceId"], VpcEndpointIds=[endpoint["VpcEndpointId"]])
    emulator.client("ec2", account=VENDOR).delete_vpc_endpoints(VpcEndpointIds=[endpoint["VpcEndpointId"]])
    sent = emulator.control("GET", f"/_emulator/sns/messages?topic={admitted}")["messages"]
    assert [m["subject"] for m in sent] == ["VPC endpoint connection Connect", "VPC endpoint connection Reject",
                                            "VPC endpoint connection Delete"]
    assert json.loads(sent[0]["message"]) == {"Event": "Connect", "ServiceId": svc["ServiceId"],
                                              "VpcEndpointId": endpoint["VpcEndpointId"], "VpcEndpointOwner": VENDOR}
    assert emulator.control("GET", f"/_emulator/sns/messages?topic={closed}")["messages"] == []


def test_invoke_is_authorized_as_lambda_invoke_function_on_the_function(emulator):
    """The Invoke operation's IAM action is lambda:InvokeFunction, on the function's ARN
    (Service Authorization Reference, list_awslambda.html)."""
    iam, lam = emulator.client("iam"), emulator.client("lambda")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="runner", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    for name in ("mine", "other"):
        lam.create_function(FunctionName=name, Runtime="python3.13", Role=role, Handler="h.handler",
                            Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18})
    policy = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "arn:aws:lambda:*:*:function:mine"}]}
    with enforcing(emulator, "invoke-mine", policy, "lambda") as scoped:
        scoped.invoke(FunctionName="mine", InvocationType="Event", Payload=b"{}")
        with pytest.raises(ClientError) as other:
            scoped.invoke(FunctionName="other", InvocationType="Event", Payload=b"{}")
        assert "lambda:InvokeFunction" in other.value.response["Error"]["Message"]


def test_a_function_given_a_role_made_moments_ago_is_refused_until_the_role_has_spread(emulator):
    """IAM is eventually consistent: CreateFunction right after CreateRole answers
    InvalidParameterValueException "The role defined for the function cannot be assumed by
    Lambda." until the role has spread (IAM User Guide, troubleshoot_general, eventual
    consistency)."""
    iam, lam = emulator.client("iam"), emulator.client("lambda")
    emulator.control("POST", "/_emulator/settings", {"iam_role_propagation_seconds": 0.5})
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="fresh", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    create = lambda: lam.create_function(FunctionName="fresh", Runtime="python3.13", Role=role, Handler="h.handler",
                                         Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18})
    with pytest.raises(ClientError) as refused:
        create()
    assert error_code(refused) == "InvalidParameterValueException"
    assert "cannot be assumed by Lambda" in refused.value.response["Error"]["Message"]
    time.sleep(0.6)
    assert create()["State"] in ("Active", "Pending")


def test_a_vpc_function_is_pending_then_active_and_its_interfaces_outlive_it_holding_its_group(emulator):
    """Pending (Creating) before Active, an Invoke meanwhile refused; deleted, its
    interfaces stay for a while and hold its security group (DependencyViolation), then
    go, and the group can be deleted."""
    net = network(emulator)
    ec2, iam, lam = emulator.client("ec2"), emulator.client("iam"), emulator.client("lambda")
    emulator.control("POST", "/_emulator/settings", {"lambda_vpc_pending_seconds": 0.5, "lambda_eni_release_seconds": 0.5})
    group = ec2.create_security_group(GroupName="probe", Description="probe", VpcId=net["vpc"])["GroupId"]
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                                "Action": "sts:AssumeRole"}]})
    role = iam.create_role(RoleName="tpl-x-probe", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    lam.create_function(FunctionName="tpl-x-probe", Runtime="python3.13", Role=role, Handler="prober.handler",
                        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18}, VpcConfig={"SubnetIds": net["subnets"][:1], "SecurityGroupIds": [group]})
    configuration = lam.get_function_configuration(FunctionName="tpl-x-probe")
    assert (configuration["State"], configuration["StateReasonCode"]) == ("Pending", "Creating")
    with pytest.raises(ClientError) as refused:
        lam.invoke(FunctionName="tpl-x-probe", Payload=b"{}")
    assert error_code(refused) == "ResourceConflictException"
    time.sleep(0.6)
    assert lam.get_function_configuration(FunctionName="tpl-x-probe")["State"] == "Active"
    assert json.loads(lam.invoke(FunctionName="tpl-x-probe", Payload=b"{}")["Payload"].read()) == {"results": []}

    lam.delete_function(FunctionName="tpl-x-probe")
    lambda_enis = lambda: ec2.describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [group]}])["NetworkInterfaces"]
    assert len(lambda_enis()) == 1, "Lambda has not let go of its interface yet"
    with pytest.raises(ClientError) as held:
        ec2.delete_security_group(GroupId=group)
    assert error_code(held) == "DependencyViolation"
    time.sleep(0.6)
    assert lambda_enis() == []
    ec2.delete_security_group(GroupId=group)


def test_a_network_load_balancer_has_an_interface_in_each_subnet_with_its_groups(emulator):
    """`ELB net/<name>/<id>` interfaces, one per subnet, holding the NLB's groups: added and
    removed with SetSubnets, regrouped by SetSecurityGroups, gone with the NLB."""
    net = network(emulator)
    ec2, elb = emulator.client("ec2"), emulator.client("elbv2")
    lb = nlb(emulator, net, subnets=2)
    description = "ELB " + lb["LoadBalancerArn"].split(":loadbalancer/", 1)[1]
    interfaces = lambda: ec2.describe_network_interfaces(Filters=[{"Name": "description", "Values": [description]}])["NetworkInterfaces"]
    found = interfaces()
    assert sorted(e["SubnetId"] for e in found) == sorted(net["subnets"][:2])
    assert all([g["GroupId"] for g in e["Groups"]] == [net["nlb_sg"]] for e in found)
    subnets = {s["SubnetId"]: s["CidrBlock"] for s in ec2.describe_subnets(SubnetIds=net["subnets"])["Subnets"]}
    import ipaddress
    for e in found:
        assert ipaddress.ip_address(e["PrivateIpAddress"]) in ipaddress.ip_network(subnets[e["SubnetId"]])
    elb.set_subnets(LoadBalancerArn=lb["LoadBalancerArn"], Subnets=net["subnets"][:3])
    assert sorted(e["SubnetId"] for e in interfaces()) == sorted(net["subnets"][:3])
    elb.set_security_groups(LoadBalancerArn=lb["LoadBalancerArn"], SecurityGroups=[net["db_sg"]])
    assert all([g["GroupId"] for g in e["Groups"]] == [net["db_sg"]] for e in interfaces())
    elb.delete_load_balancer(LoadBalancerArn=lb["LoadBalancerArn"])
    assert interfaces() == []

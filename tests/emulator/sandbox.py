"""Starts the emulator and seeds an account a newcomer can run the tool against.

The account (moto's default, 123456789012, region us-east-1) holds a VPC with private
subnets in three zones, a Postgres RDS instance `orders-db`, a two-node Redis
replication group `sessions`, a two-instance DocumentDB cluster `catalog`, a Neptune
cluster `graph`, a two-node Redshift cluster `warehouse`, an RDS Proxy `orders-proxy`,
two EC2 instances `api-1` and `api-2` (port 8080) in two zones, an internal ALB
`internal-api` (HTTP 80), each with its own security group, and an internal NLB made the
way the AWS Load Balancer Controller makes one for a Kubernetes Service
(`k8s-default-ordersap-1a2b3c4d5e`, with the controller's tags, forwarding TCP 8080 to
a pod). Trigger.dev's side is played by account VENDOR_ACCOUNT (see vendor.py).
"""

import argparse
import os
import signal
import subprocess
import sys
import textwrap

import boto3

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "us-east-1"
VENDOR_ACCOUNT = "210987654321"


def seed(url: str) -> None:
    kwargs = dict(endpoint_url=url, region_name=REGION, aws_access_key_id="sandbox", aws_secret_access_key="sandbox")
    ec2, rds, cache, redshift, elb = (boto3.client(s, **kwargs) for s in ("ec2", "rds", "elasticache", "redshift", "elbv2"))
    name = lambda value: [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": value}]}]
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16", TagSpecifications=name("app-vpc"))["Vpc"]["VpcId"]
    subnets = []
    for i, zone in enumerate("abc"):
        tags = [{"ResourceType": "subnet", "Tags": [{"Key": "Name", "Value": f"app-private-{zone}"}]}]
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i + 1}.0/24", AvailabilityZone=f"{REGION}{zone}", TagSpecifications=tags)
        subnets.append(subnet["Subnet"]["SubnetId"])
    db_sg = ec2.create_security_group(GroupName="orders-db", Description="orders-db", VpcId=vpc)["GroupId"]
    cache_sg = ec2.create_security_group(GroupName="sessions-cache", Description="sessions cache", VpcId=vpc)["GroupId"]
    rds.create_db_subnet_group(DBSubnetGroupName="app-private", DBSubnetGroupDescription="private", SubnetIds=subnets)
    rds.create_db_instance(
        DBInstanceIdentifier="orders-db", Engine="postgres", DBInstanceClass="db.t3.micro", MasterUsername="app",
        MasterUserPassword="sandbox-only-1", DBSubnetGroupName="app-private", VpcSecurityGroupIds=[db_sg], AvailabilityZone=f"{REGION}a",
    )
    cache.create_cache_subnet_group(CacheSubnetGroupName="app-private", CacheSubnetGroupDescription="private", SubnetIds=subnets)
    cache.create_replication_group(
        ReplicationGroupId="sessions", ReplicationGroupDescription="sessions", Engine="redis", CacheNodeType="cache.t3.micro",
        NumCacheClusters=2, CacheSubnetGroupName="app-private", SecurityGroupIds=[cache_sg],
        PreferredCacheClusterAZs=[f"{REGION}a", f"{REGION}b"],
    )
    group = lambda value: ec2.create_security_group(GroupName=value, Description=value, VpcId=vpc)["GroupId"]
    rds.create_db_cluster(
        DBClusterIdentifier="catalog", Engine="docdb", MasterUsername="app", MasterUserPassword="sandbox-only-1",
        DBSubnetGroupName="app-private", VpcSecurityGroupIds=[group("catalog-docdb")],
    )
    for n, zone in ((1, "a"), (2, "b")):
        rds.create_db_instance(DBInstanceIdentifier=f"catalog-{n}", DBClusterIdentifier="catalog", Engine="docdb",
                               DBInstanceClass="db.r6g.large", AvailabilityZone=f"{REGION}{zone}")
    redshift.create_cluster_subnet_group(ClusterSubnetGroupName="app-private", Description="private", SubnetIds=subnets)
    redshift.create_cluster(
        ClusterIdentifier="warehouse", NodeType="ra3.xlplus", ClusterType="multi-node", NumberOfNodes=2, MasterUsername="app",
        MasterUserPassword="Sandbox-only-1", ClusterSubnetGroupName="app-private", VpcSecurityGroupIds=[group("warehouse")],
        AvailabilityZone=f"{REGION}b",
    )
    rds.create_db_cluster(DBClusterIdentifier="graph", Engine="neptune", DBSubnetGroupName="app-private",
                          VpcSecurityGroupIds=[group("graph-neptune")])
    rds.create_db_instance(DBInstanceIdentifier="graph-1", DBClusterIdentifier="graph", Engine="neptune",
                           DBInstanceClass="db.r6g.large", AvailabilityZone=f"{REGION}a")
    rds.create_db_proxy(
        DBProxyName="orders-proxy", EngineFamily="POSTGRESQL", RoleArn="arn:aws:iam::123456789012:role/orders-proxy",
        Auth=[{"AuthScheme": "SECRETS", "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:orders-db"}],
        VpcSubnetIds=subnets[:2], VpcSecurityGroupIds=[group("orders-proxy")],
    )
    from_vpc = lambda port: [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]
    api = group("api")
    ec2.authorize_security_group_ingress(GroupId=api, IpPermissions=from_vpc(8080))
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    for n, subnet in ((1, subnets[0]), (2, subnets[1])):
        ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, SubnetId=subnet, SecurityGroupIds=[api],
                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": f"api-{n}"}]}])
    alb_sg = group("internal-api-alb")
    ec2.authorize_security_group_ingress(GroupId=alb_sg, IpPermissions=from_vpc(80))
    alb = elb.create_load_balancer(Name="internal-api", Type="application", Scheme="internal", Subnets=subnets[:2],
                                   SecurityGroups=[alb_sg])["LoadBalancers"][0]["LoadBalancerArn"]
    ok = {"StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}
    elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": ok}])
    pods = group("eks-pods")
    ec2.authorize_security_group_ingress(GroupId=pods, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}])
    pod = ec2.create_network_interface(SubnetId=subnets[0], Groups=[pods], Description="pod orders-api")["NetworkInterface"]
    controller_tags = [{"Key": "elbv2.k8s.aws/cluster", "Value": "prod"}, {"Key": "service.k8s.aws/stack", "Value": "default/orders-api"}]
    nlb = elb.create_load_balancer(
        Name="k8s-default-ordersap-1a2b3c4d5e", Type="network", Scheme="internal", Subnets=subnets[:2],
        SecurityGroups=[group("k8s-traffic-prod")], Tags=controller_tags,
    )["LoadBalancers"][0]["LoadBalancerArn"]
    tg = elb.create_target_group(Name="k8s-default-ordersap-tg", Protocol="TCP", Port=8080, VpcId=vpc, TargetType="ip")
    tg_arn = tg["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=tg_arn, Targets=[{"Id": pod["PrivateIpAddress"], "Port": 8080}])
    elb.create_listener(LoadBalancerArn=nlb, Protocol="TCP", Port=8080, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}])
    seeded = (
        f"seeded: {vpc} (10.0.0.0/16), subnets {', '.join(subnets)}, RDS orders-db, ElastiCache sessions, "
        "DocumentDB catalog, Neptune graph, Redshift warehouse, RDS Proxy orders-proxy, EC2 api-1 and api-2, "
        "ALB internal-api, NLB k8s-default-ordersap-1a2b3c4d5e"
    )
    # Within 80 columns, never breaking an ID: a terminal would split one mid-word.
    print(textwrap.fill(seeded, 78, initial_indent="# ", subsequent_indent="#   ", break_long_words=False, break_on_hyphens=False), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=4566)
    parser.add_argument("--nlb-provisioning-seconds", default="3")
    args = parser.parse_args()
    env = dict(os.environ, EMULATOR_NLB_PROVISIONING_SECONDS=args.nlb_provisioning_seconds)
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", str(args.port)], stdout=subprocess.PIPE, text=True, env=env)
    # Stop the server with the sandbox, however the sandbox is stopped, from the start:
    # a signal before the lines are printed must not leave the server behind.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: (server.terminate(), sys.exit(0)))
    line = server.stdout.readline().strip()
    if not line.startswith("listening on "):
        sys.exit(f"the emulator did not start: {line}")
    url = line.removeprefix("listening on ")
    seed(url)
    print(f"export AWS_ENDPOINT_URL={url}")
    print(f"export AWS_REGION={REGION}")
    # One variable or two a line: each line fits 80 columns, so a copy from a terminal is whole.
    print("export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox")
    print("export AWS_EC2_METADATA_DISABLED=true")
    print(f"# Trigger.dev's AWS account ID in this sandbox: {VENDOR_ACCOUNT}")
    print("# paste the lines above into another shell; Ctrl-C here stops the sandbox", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

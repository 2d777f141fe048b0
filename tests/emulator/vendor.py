"""Trigger.dev's side of a private connection, against the sandbox: an interface
endpoint in the vendor's own account to the customer's endpoint service.

    vendor.py connect SERVICE_NAME [--region us-east-1] [--zone-id use1-az6]
    vendor.py reach ENDPOINT_ID PORT
    vendor.py list
    vendor.py disconnect
    vendor.py failover NAME     (not Trigger.dev's doing: the database, cache or proxy NAME
                                 moves to a new private IP, as after a failover)
"""

import argparse
import os
import re
import sys

import boto3
from botocore.exceptions import ClientError

from sandbox import VENDOR_ACCOUNT

SERVICE_NAME = re.compile(r"^com\.amazonaws\.vpce\.([a-z0-9-]+)\.vpce-svc-[0-9a-f]+$")


def client(region: str):
    url = os.environ.get("AWS_ENDPOINT_URL")
    if not url or not re.match(r"^http://(127\.|localhost|\[::1\])", url):
        sys.exit("AWS_ENDPOINT_URL must point at the sandbox (run tests/emulator/sandbox and paste its export lines)")
    ec2 = boto3.client("ec2", endpoint_url=url, region_name=region, aws_access_key_id="vendor", aws_secret_access_key="vendor")
    ec2.meta.events.register("before-send.*.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", VENDOR_ACCOUNT))
    return ec2


def connect(service_name: str, region: str | None, zone_id: str) -> None:
    match = SERVICE_NAME.match(service_name)
    if not match:
        sys.exit(f"'{service_name}' is not a VPC endpoint service name")
    service_region = match.group(1)
    ec2 = client(region or service_region)
    vpc = ec2.create_vpc(CidrBlock="10.200.0.0/16")["Vpc"]["VpcId"]
    # In the service's region, a zone ID the service serves (AWS refuses others); across
    # regions, any zone of the vendor's region.
    placement = {"AvailabilityZone": f"{region}a"} if region and region != service_region else {"AvailabilityZoneId": zone_id}
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.200.1.0/24", **placement)["Subnet"]["SubnetId"]
    kwargs = {"ServiceRegion": service_region} if region and region != service_region else {}
    try:
        endpoint = ec2.create_vpc_endpoint(VpcEndpointType="Interface", VpcId=vpc, SubnetIds=[subnet], ServiceName=service_name, **kwargs)
    except ClientError as error:
        sys.exit(f"Trigger.dev would see: {error.response['Error']['Code']}: {error.response['Error']['Message']}")
    print(f"{endpoint['VpcEndpoint']['VpcEndpointId']} {endpoint['VpcEndpoint']['State']}")


def reach(endpoint_id: str, port: int) -> None:
    """Ask the sandbox whether a connection through the endpoint gets to a target now."""
    import json
    import urllib.request

    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
    with urllib.request.urlopen(f"{url}/_emulator/reach?endpoint={endpoint_id}&port={port}") as response:
        answer = json.loads(response.read())
    if answer["reachable"]:
        print(f"connected to {answer['target']}")
    else:
        sys.exit(f"Trigger.dev's connection would fail: {answer['reason']}")


def failover(name: str) -> None:
    """Move a database, cache node or proxy to a new interface and IP, as a failover does."""
    import json
    import urllib.error
    import urllib.request

    url = os.environ["AWS_ENDPOINT_URL"].rstrip("/")
    request = urllib.request.Request(f"{url}/_emulator/failover", data=json.dumps({"name": name}).encode(), method="POST")
    try:
        with urllib.request.urlopen(request) as response:
            moved = json.loads(response.read())
    except urllib.error.HTTPError as refused:
        sys.exit(f"no database, cache node or proxy named {name} in the sandbox ({refused.read().decode(errors='replace').strip()})")
    healed = [d for d in moved.get("deliveries", []) if d.get("invoked") and not d.get("error")]
    print(f"{name} moved from {moved.get('old_address')} to {moved['new_address']}")
    for delivery in moved.get("deliveries", []):
        outcome = "ran" if delivery.get("invoked") else f"did not run ({delivery.get('reason')})"
        print(f"RDS's failover event: rule {delivery['rule']} {outcome} function {delivery['function']}")
    if not healed:
        print("`sync-targets --check` now exits 1 (drifted)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    connect_parser = sub.add_parser("connect")
    connect_parser.add_argument("service_name")
    connect_parser.add_argument("--region", help="the region Trigger.dev connects from (default: the service's)")
    connect_parser.add_argument("--zone-id", default="use1-az6", help="the zone ID of Trigger.dev's subnet (default: use1-az6)")
    reach_parser = sub.add_parser("reach")
    reach_parser.add_argument("endpoint_id")
    reach_parser.add_argument("port", type=int)
    sub.add_parser("list")
    sub.add_parser("disconnect")
    failover_parser = sub.add_parser("failover")
    failover_parser.add_argument("name")
    args = parser.parse_args()
    region = os.environ.get("AWS_REGION", "us-east-1")
    if args.command == "connect":
        connect(args.service_name, args.region, args.zone_id)
    elif args.command == "reach":
        client(region)  # checks AWS_ENDPOINT_URL points at the sandbox
        reach(args.endpoint_id, args.port)
    elif args.command == "failover":
        client(region)  # checks AWS_ENDPOINT_URL points at the sandbox
        failover(args.name)
    elif args.command == "list":
        for endpoint in client(region).describe_vpc_endpoints()["VpcEndpoints"]:
            print(f"{endpoint['VpcEndpointId']} {endpoint['State']} {endpoint['ServiceName']}")
    else:
        ec2 = client(region)
        ids = [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]]
        if ids:
            ec2.delete_vpc_endpoints(VpcEndpointIds=ids)
        print(f"deleted {len(ids)} endpoint(s)")


if __name__ == "__main__":
    main()

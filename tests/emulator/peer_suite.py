"""moto's own tests for the services the emulator's layer touches, run twice: on plain
moto and with the layer installed. Every test that passes plain must pass patched,
except the deliberate changes toward AWS listed in DELIBERATE, each with its reference.

    tests/emulator/peer-suite            (a wrapper that sets up tests/.venv first)

It fetches the sdist of the pinned moto (which ships its tests) into tests/.peer/ once,
runs the selected files with pytest in-process (moto's `mock_aws`, no server; the
layer's patches apply to moto's classes alike), and prints the figures. Exit 1 when a
test passes plain but fails patched and is not listed below. It takes minutes, so
`cargo test` does not run it; README says how.
"""

import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
WORK = os.path.join(HERE, "..", ".peer")
PINNED = next(line.split("==")[1].strip() for line in open(os.path.join(HERE, "requirements.txt")) if line.startswith("moto=="))

# The files for the services the layer patches: ELBv2, the VPC pieces of EC2 (VPCs,
# subnets, zones, interfaces, NAT gateways, ACLs, security groups, endpoint services),
# RDS, ElastiCache, Amazon MQ, EventBridge, Lambda (its runtime), CloudWatch Logs,
# CloudWatch (its CBOR front end) and IAM access control (moto's test_auth). CloudFormation and server-mode files are left out: they test
# moto's template engine and its HTTP app, which the layer does not touch.
FILES = [
    "tests/test_elbv2/test_elbv2.py",
    "tests/test_elbv2/test_elbv2_integration.py",
    "tests/test_elbv2/test_elbv2_listener_attributes.py",
    "tests/test_elbv2/test_elbv2_listener_rules.py",
    "tests/test_elbv2/test_elbv2_listener_tags.py",
    "tests/test_elbv2/test_elbv2_set_subnets.py",
    "tests/test_elbv2/test_elbv2_target_groups.py",
    "tests/test_elbv2/test_elbv2_target_health.py",
    "tests/test_ec2/test_availability_zones_and_regions.py",
    "tests/test_ec2/test_elastic_network_interfaces.py",
    "tests/test_ec2/test_nat_gateway.py",
    "tests/test_ec2/test_network_acls.py",
    "tests/test_ec2/test_security_groups.py",
    "tests/test_ec2/test_subnets.py",
    "tests/test_ec2/test_vpc_endpoint_services_integration.py",
    "tests/test_ec2/test_vpc_service_configuration_integration.py",
    "tests/test_ec2/test_vpcs.py",
    "tests/test_rds/test_rds.py",
    "tests/test_rds/test_rds_clusters.py",
    "tests/test_rds/test_rds_clusters_with_instances.py",
    "tests/test_rds/test_filters.py",
    "tests/test_elasticache/test_elasticache.py",
    "tests/test_mq/test_mq.py",
    "tests/test_mq/test_mq_tags.py",
    "tests/test_mq/test_mq_users.py",
    "tests/test_events/test_events.py",
    "tests/test_awslambda/test_lambda.py",
    "tests/test_awslambda/test_lambda_invoke.py",
    "tests/test_awslambda/test_lambda_policy.py",
    "tests/test_core/test_auth.py",
    # The layer records when each role is made (lambda_runtime.py: IAM's eventual consistency).
    "tests/test_iam/test_iam.py",
    "tests/test_logs/test_logs.py",
    "tests/test_cloudwatch/test_cloudwatch.py",
    "tests/test_cloudwatch/test_cloudwatch_expressions.py",
    "tests/test_cloudwatch/test_cloudwatch_alarms.py",
    "tests/test_cloudwatch/test_cloudwatch_tags.py",
    "tests/test_sns/test_topics.py",
    "tests/test_sns/test_subscriptions.py",
]

# test id -> why it differs, with the AWS reference (the layer is right, moto's test
# asserts moto's own departure from AWS).
_NEW_ALARM = (
    "a new alarm is INSUFFICIENT_DATA (\"When this operation creates an alarm, the alarm state is immediately set to "
    "INSUFFICIENT_DATA\": https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html); "
    "moto starts it OK and the test asserts that"
)

DELIBERATE = {
    "tests.test_cloudwatch.test_cloudwatch::test_put_metric_alarm": _NEW_ALARM,
    "tests.test_cloudwatch.test_cloudwatch::test_put_metric_alarm_with_anomaly_detection": _NEW_ALARM,
    "tests.test_cloudwatch.test_cloudwatch::test_put_metric_alarm_with_percentile": _NEW_ALARM,
    "tests.test_cloudwatch.test_cloudwatch_alarms::test_alarm_state": (
        _NEW_ALARM + "; its two alarms are then one ALARM (set) and one INSUFFICIENT_DATA, where the test counts one OK"
    ),
    "tests.test_elbv2.test_elbv2::test_describe_load_balancers": (
        "a new load balancer is `provisioning` before `active` (LoadBalancerState: "
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerState.html); "
        "moto makes it active at once and the test asserts that"
    ),
    "tests.test_elbv2.test_elbv2_target_groups::test_describe_target_groups": (
        "a second listener on a port already in use, forwarding elsewhere, is `DuplicateListener` "
        "(https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html#API_CreateListener_Errors); "
        "moto keys listeners by ARN and makes a second one on port 80"
    ),
    "tests.test_elbv2.test_elbv2::test_register_targets": (
        "the instance is launched in the default VPC but the target group is in another VPC: RegisterTargets refuses it "
        "with InvalidTarget (\"not in the same VPC as the target group\", "
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html#API_RegisterTargets_Errors); "
        "moto registered it"
    ),
    "tests.test_elbv2.test_elbv2::test_stopped_instance_target": (
        "the instance is launched in the default VPC but the target group is in another VPC: RegisterTargets refuses it "
        "with InvalidTarget (\"not in the same VPC as the target group\", "
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html#API_RegisterTargets_Errors); "
        "moto registered it"
    ),
    "tests.test_elbv2.test_elbv2::test_terminated_instance_target": (
        "the instance is launched in the default VPC but the target group is in another VPC: RegisterTargets refuses it "
        "with InvalidTarget (\"not in the same VPC as the target group\", "
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RegisterTargets.html#API_RegisterTargets_Errors); "
        "moto registered it"
    ),
    "tests.test_core.test_auth::test_access_denied_with_no_policy": (
        "EC2 answers a denied call with `UnauthorizedOperation` "
        "(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); moto's test expects `AccessDenied`"
    ),
    "tests.test_core.test_auth::test_access_denied_with_not_allowing_policy": (
        "EC2 answers a denied call with `UnauthorizedOperation` "
        "(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); moto's test expects `AccessDenied`"
    ),
    "tests.test_core.test_auth::test_access_denied_for_run_instances": (
        "EC2 answers a denied call with `UnauthorizedOperation` "
        "(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); moto's test expects `AccessDenied`"
    ),
    "tests.test_core.test_auth::test_access_denied_with_denying_policy": (
        "EC2 answers a denied call with `UnauthorizedOperation` "
        "(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); moto's test expects `AccessDenied`"
    ),
    "tests.test_core.test_auth::test_access_denied_with_many_irrelevant_policies": (
        "EC2 answers a denied call with `UnauthorizedOperation` "
        "(https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html); moto's test expects `AccessDenied`"
    ),
    "tests.test_core.test_auth::test_access_denied_explicitly_on_specific_resource": (
        "a denial names the resource and the reason as IAM words it, `... on resource: <arn> because no "
        "identity-based policy allows the <action> action` "
        "(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); moto's test expects the bare sentence"
    ),
    "tests.test_core.test_auth::test_access_denied_with_temporary_credentials": (
        "a denial names the resource and the reason as IAM words it, `... on resource: <arn> because no "
        "identity-based policy allows the <action> action` "
        "(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); moto's test expects the bare sentence"
    ),
    "tests.test_core.test_auth::test_sts_assume_role_with_external_id": (
        "a denial names the resource and the reason as IAM words it, `... on resource: <arn> because no "
        "identity-based policy allows the <action> action` "
        "(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); moto's test expects the bare sentence"
    ),
    "tests.test_core.test_auth::test_sts_assume_role_with_principal": (
        "a denial names the resource and the reason as IAM words it, `... on resource: <arn> because no "
        "identity-based policy allows the <action> action` "
        "(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); moto's test expects the bare sentence"
    ),
    "tests.test_core.test_auth::test_perform_role_based_action": (
        "a denial names the resource and the reason as IAM words it, `... on resource: <arn> because no "
        "identity-based policy allows the <action> action` "
        "(https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html); moto's test expects the bare sentence"
    ),
    "tests.test_ec2.test_vpc_service_configuration_integration::test_vpc_endpoint_service__cross_region": (
        "SupportedRegions always lists the service's own region, as AWS returns it "
        "(https://github.com/hashicorp/terraform-provider-aws/issues/40667); moto's test expects only the added one"
    ),
}

# What moto's tests import beyond the emulator's own requirements (moto's test extras).
EXTRAS = ["freezegun==1.5.5"]

PLUGIN = '''
import sys
sys.path.insert(0, {emulator!r})
import emulator
emulator.install()
'''


def sources() -> str:
    root = os.path.join(WORK, f"moto-{PINNED}")
    if os.path.isdir(os.path.join(root, "tests")):
        return root
    os.makedirs(WORK, exist_ok=True)
    print(f"fetching the moto {PINNED} sdist (its tests) into tests/.peer/ …", file=sys.stderr)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"moto=={PINNED}", "--no-binary", ":all:", "--no-deps", "-d", WORK, "-q"],
        check=True,
    )
    with tarfile.open(os.path.join(WORK, f"moto-{PINNED}.tar.gz")) as archive:
        archive.extractall(WORK, filter="data")
    return root


def python() -> str:
    """A virtualenv of its own: the emulator's pinned requirements plus EXTRAS."""
    venv = os.path.join(WORK, "venv")
    marker = os.path.join(venv, "installed")
    wanted = open(os.path.join(HERE, "requirements.txt")).read() + "\n".join(EXTRAS)
    if not os.path.exists(marker) or open(marker).read() != wanted:
        print("setting up tests/.peer/venv (about 30 s, once) …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        pip = [os.path.join(venv, "bin", "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, "-r", os.path.join(HERE, "requirements.txt"), *EXTRAS], check=True)
        with open(marker, "w") as done:
            done.write(wanted)
    return os.path.join(venv, "bin", "python")


def run(root: str, patched: bool) -> dict:
    """Each test's outcome: passed, failed or skipped."""
    report = os.path.join(WORK, f"{'patched' if patched else 'plain'}.xml")
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "MOTO_TEST_ALLOW_AWS_REQUEST": "false",
    }
    args = [python(), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}", *FILES]
    if patched:
        plugin_dir = os.path.join(WORK, "plugin")
        os.makedirs(plugin_dir, exist_ok=True)
        with open(os.path.join(plugin_dir, "peer_layer.py"), "w") as plugin:
            plugin.write(PLUGIN.format(emulator=HERE))
        env["PYTHONPATH"] = plugin_dir
        args[3:3] = ["-p", "peer_layer"]
    subprocess.run(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    outcomes = {}
    for case in ElementTree.parse(report).iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        if case.find("skipped") is not None:
            outcomes[test_id] = "skipped"
        elif case.find("failure") is not None or case.find("error") is not None:
            outcomes[test_id] = "failed"
        else:
            outcomes[test_id] = "passed"
    return outcomes


def main() -> int:
    root = sources()
    plain = run(root, patched=False)
    patched = run(root, patched=True)
    passed_plain = {t for t, o in plain.items() if o == "passed"}
    passed_patched = {t for t, o in patched.items() if o == "passed"}
    broken = sorted(passed_plain - passed_patched)
    unexpected = [t for t in broken if t not in DELIBERATE]
    print(f"moto {PINNED}, {len(FILES)} test files: {len(plain)} tests run")
    print(f"passed on plain moto:   {len(passed_plain)}")
    print(f"passed with the layer:  {len(passed_patched)}")
    print(f"deliberate differences: {len([t for t in broken if t in DELIBERATE])} (listed in DELIBERATE)")
    for test_id in broken:
        print(f"  {'deliberate' if test_id in DELIBERATE else 'REGRESSION'}: {test_id}" + (f": {DELIBERATE[test_id]}" if test_id in DELIBERATE else ""))
    fixed = sorted(passed_patched - passed_plain)
    if fixed:
        print(f"failing plain, passing with the layer: {len(fixed)}")
        for test_id in fixed:
            print(f"  {test_id}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())

"""The project's own layer on moto: the AWS behaviours moto lacks that this tool must
get right, plus a request log, latency and fault injection. Each module patches one
area of moto in place, so moto's own server still speaks the wire protocols.
`install()` applies every patch; `server.py` serves the result.
"""

from . import alarms, connection_notifications, elbv2_patches, endpoint_services, filters, iam, lambda_runtime, resources, rules, schedules, speed, vpc_functions, zones


def install() -> None:
    speed.install()
    elbv2_patches.install()
    endpoint_services.install()
    connection_notifications.install()
    alarms.install()
    resources.install()
    zones.install()
    filters.install()
    rules.install()
    iam.install()
    schedules.install()
    lambda_runtime.install()
    vpc_functions.install()

"""CloudWatch alarms as PutMetricAlarm documents them
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html):
"When this operation creates an alarm, the alarm state is immediately set to
INSUFFICIENT_DATA"; "When you update an existing alarm, its state is left unchanged, but
the update completely overwrites the previous configuration of the alarm"; and tags
given on an update are ignored ("If you are using this operation to update an existing
alarm, any tags you specify in this parameter are ignored"). moto 5.2.1 starts every
alarm `OK` and, on an update, resets its state and re-applies the tags.

Alarms are not evaluated against the data, and send nothing to their actions.
"""

from moto.cloudwatch.models import CloudWatchBackend

_original_put_metric_alarm = CloudWatchBackend.put_metric_alarm


def _put_metric_alarm(self, name, *args, **kwargs):
    before = self.alarms.get(name)
    if before is not None:
        kwargs["tags"] = []
    alarm = _original_put_metric_alarm(self, name, *args, **kwargs)
    if before is None:
        alarm.state_value = "INSUFFICIENT_DATA"
    else:
        alarm.state_value, alarm.state_reason = before.state_value, before.state_reason
        alarm.state_updated_timestamp = before.state_updated_timestamp
    return alarm


def install() -> None:
    CloudWatchBackend.put_metric_alarm = _put_metric_alarm

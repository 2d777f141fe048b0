"""EventBridge schedule expressions are checked as AWS documents them: "If the value is
equal to 1, then the unit must be singular. If the value is greater than 1, the unit
must be plural. For example, rate(1 hours) and rate(5 hour) are not valid"
(https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-rate-expressions).
moto took `rate(1 minutes)` and `rate(5 minute)`, so an install writing the wrong form
would pass here and fail in AWS."""

import re

from moto.events import models as events
from moto.events.exceptions import ValidationException

_RATE = re.compile(r"rate\((\d+) (minute|minutes|hour|hours|day|days)\)")
_original_put_rule = events.EventsBackend.put_rule


def _put_rule(self, name, *args, **kwargs):
    expression = kwargs.get("scheduled_expression")
    if expression and expression.startswith("rate("):
        match = _RATE.fullmatch(expression)
        value = int(match.group(1)) if match else 0
        singular = match is not None and not match.group(2).endswith("s")
        if not match or value == 0 or singular != (value == 1):
            raise ValidationException("Parameter ScheduleExpression is not valid.")
    return _original_put_rule(self, name, *args, **kwargs)


def install() -> None:
    events.EventsBackend.put_rule = _put_rule

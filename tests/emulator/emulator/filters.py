"""EC2 list filters as AWS documents them: "If you specify multiple values for a single
filter, the values are joined with OR"
(https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Filtering.html). moto matches
a resource with several values (the subnets of a network ACL's associations, say) only
when its values are a subset or a superset of the filter's, so a default ACL holding
subnets a and c was not found by `association.subnet-id` = a, b.
"""

import fnmatch

from moto.ec2 import utils

_original_is_filter_matching = utils.is_filter_matching


def _is_filter_matching(obj, _filter, filter_value) -> bool:
    value = obj.get_filter_value(_filter)
    several = isinstance(value, (list, set, tuple)) and isinstance(filter_value, list)
    if several and not isinstance(value, str):
        return any(fnmatch.fnmatch(str(element), pattern) for element in value for pattern in filter_value)
    return _original_is_filter_matching(obj, _filter, filter_value)


def install() -> None:
    utils.is_filter_matching = _is_filter_matching

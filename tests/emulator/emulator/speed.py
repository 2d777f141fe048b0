"""moto, faster, with the same answers (the peer suite runs moto's own tests on it).
With 50 connections, `list` took 0.7 s of the server's time, every request waiting on
the one before:
- under the dispatcher's one lock, every request listed moto's package directory (about
  180 `stat` calls) to tell a host from a module name, then tried every service's URL
  patterns: the listing does not change while the server runs, so it is read once, and a
  host's backend, once found, is remembered;
- an EC2 resource's tags were found by matching its ID against every tag of the region
  (`describe_tags` with a resource-id filter, once per resource described): an exact ID
  is looked up instead.
"""

from moto import backends
from moto.ec2.models.core import TaggedEC2Resource
from moto.ec2.models.tags import EC2_PREFIX_TO_RESOURCE
from moto.ec2.utils import get_prefix
from moto.moto_server import werkzeug_app


def _dispatch() -> None:
    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    original = werkzeug_app.DomainDispatcherApplication.get_backend_for_host
    found: dict = {}

    def get_backend_for_host(self, host):
        # Called under the dispatcher's lock: the cache needs no lock of its own.
        if host not in found:
            found[host] = original(self, host)
        return found[host]

    werkzeug_app.DomainDispatcherApplication.get_backend_for_host = get_backend_for_host


def _tags() -> None:
    original = TaggedEC2Resource.get_tags

    def get_tags(self):
        rid = getattr(self, "id", None)
        if not rid or any(c in rid for c in "*?["):
            return original(self)
        # The same entries, in the same order, as describe_tags(filters={"resource-id": [rid]}).
        kind = EC2_PREFIX_TO_RESOURCE.get(get_prefix(rid), "")
        return [{"resource_id": rid, "key": k, "value": v, "resource_type": kind} for k, v in self.ec2_backend.tags.get(rid, {}).items()]

    TaggedEC2Resource.get_tags = get_tags


def install() -> None:
    _dispatch()
    _tags()

"""WSGI middleware: counts AWS calls by service and operation, and serves the
emulator's control endpoints under `/_emulator/`.

  GET  /_emulator/requests        {"total": n, "by_operation": {"ec2:CreateVpc": 1, ...}}
  POST /_emulator/requests/reset  empties the log
  POST /_emulator/settings        JSON object of settings (see settings.py)
"""

import io
import json
import re
import threading
from collections import Counter
from urllib.parse import parse_qs

from . import settings

_CREDENTIAL_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/[^/]+/([^/]+)/aws4_request")

_lock = threading.Lock()
_counts: Counter = Counter()


def operation_of(environ, body: bytes):
    """`service:Operation` for a query-protocol call (EC2, ELBv2, RDS, ElastiCache, STS)."""
    scope = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    service = scope.group(1) if scope else "unknown"
    params = parse_qs(body.decode("utf-8", "replace")) if body else {}
    params.update(parse_qs(environ.get("QUERY_STRING", "")))
    action = params.get("Action", [None])[0]
    if action is None:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        action = target.rsplit(".", 1)[-1] if target else None
    return f"{service}:{action}" if action else None


def _json(start_response, status: str, payload) -> list:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


class RequestLog:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith("/_emulator/"):
            return self.control(path, environ, start_response)
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        operation = operation_of(environ, body)
        if operation:
            with _lock:
                _counts[operation] += 1
        return self.app(environ, start_response)

    def control(self, path, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if path == "/_emulator/requests" and method == "GET":
            with _lock:
                counts = dict(sorted(_counts.items()))
            return _json(start_response, "200 OK", {"total": sum(counts.values()), "by_operation": counts})
        if path == "/_emulator/requests/reset" and method == "POST":
            with _lock:
                _counts.clear()
            return _json(start_response, "200 OK", {"total": 0, "by_operation": {}})
        if path == "/_emulator/settings" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                changes = json.loads(environ["wsgi.input"].read(length) or b"{}")
                return _json(start_response, "200 OK", settings.update(changes))
            except (KeyError, ValueError) as error:
                return _json(start_response, "400 Bad Request", {"error": str(error)})
        if path == "/_emulator/health":
            return _json(start_response, "200 OK", {"ok": True})
        return _json(start_response, "404 Not Found", {"error": f"no control endpoint {method} {path}"})

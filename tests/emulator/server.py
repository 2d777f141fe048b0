"""Serves moto, extended by the `emulator` package, on a loopback port.

    python tests/emulator/server.py [--host 127.0.0.1] [--port 0]

With port 0 the OS picks a free port. The first line on stdout is
`listening on http://HOST:PORT`, so a test harness can read the port without a race.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app  # noqa: E402
from werkzeug.serving import WSGIRequestHandler, make_server  # noqa: E402

import emulator  # noqa: E402
from emulator.middleware import Middleware  # noqa: E402


class QuietHandler(WSGIRequestHandler):
    """No access log: the request log endpoint counts calls instead."""

    def log_request(self, *args, **kwargs) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the emulator only listens on loopback")

    emulator.install()
    app = Middleware(DomainDispatcherApplication(create_backend_app))
    server = make_server(args.host, args.port, app, threaded=True, request_handler=QuietHandler)
    host, port = server.server_address[:2]
    emulator.lambda_runtime.serve_at(f"http://{host}:{port}")
    print(f"listening on http://{host}:{port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

"""The project's own layer on moto: AWS behaviours moto lacks, plus a request log.

Each module patches one moto backend in place, so moto's own server keeps doing the
wire protocol. `install()` applies every patch; `server.py` serves the result.
"""

from . import elbv2_patches, request_log


def install() -> None:
    elbv2_patches.install()


__all__ = ["install", "request_log"]

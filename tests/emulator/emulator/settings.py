"""Knobs that tests turn, read from the environment at start and settable at run time
through the control endpoint (`POST /_emulator/settings` with a JSON object)."""

import os

values = {
    # Seconds an NLB stays `provisioning` after CreateLoadBalancer.
    "nlb_provisioning_seconds": float(os.environ.get("EMULATOR_NLB_PROVISIONING_SECONDS", "0")),
}


def get(key: str) -> float:
    return values[key]


def update(changes: dict) -> dict:
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    for key, value in changes.items():
        values[key] = float(value)
    return dict(values)

"""Knobs that tests turn: read from the environment at start, settable at run time
through the control endpoint (`POST /_emulator/settings` with a JSON object).

    EMULATOR_NLB_PROVISIONING_SECONDS  how long a new NLB stays `provisioning` (default 3)
    EMULATOR_TARGET_INITIAL_SECONDS    how long a new target stays `initial` (default 2)
    EMULATOR_LATENCY_MS                added to every AWS call (default 0)
    EMULATOR_ENDPOINT_PENDING_SECONDS  how long a consumer endpoint stays `pending` before
                                       `available` (default 0: until the next describe)
    EMULATOR_LAMBDA_VPC_PENDING_SECONDS  how long a function in a VPC stays `Pending` (default 2)
    EMULATOR_LAMBDA_ENI_RELEASE_SECONDS  how long its interfaces outlive it (default 3)
    EMULATOR_IAM_ROLE_PROPAGATION_SECONDS  how long a new role cannot be given to a function (default 0)
"""

import os

def _defaults() -> dict:
    return {
        "nlb_provisioning_seconds": float(os.environ.get("EMULATOR_NLB_PROVISIONING_SECONDS", "3")),
        "target_initial_seconds": float(os.environ.get("EMULATOR_TARGET_INITIAL_SECONDS", "2")),
        "latency_ms": float(os.environ.get("EMULATOR_LATENCY_MS", "0")),
        "endpoint_pending_seconds": float(os.environ.get("EMULATOR_ENDPOINT_PENDING_SECONDS", "0")),
        "lambda_vpc_pending_seconds": float(os.environ.get("EMULATOR_LAMBDA_VPC_PENDING_SECONDS", "2")),
        "lambda_eni_release_seconds": float(os.environ.get("EMULATOR_LAMBDA_ENI_RELEASE_SECONDS", "3")),
        "iam_role_propagation_seconds": float(os.environ.get("EMULATOR_IAM_ROLE_PROPAGATION_SECONDS", "0")),
    }


values = _defaults()


def reset() -> None:
    values.clear()
    values.update(_defaults())


def get(key: str) -> float:
    return values[key]


def update(changes: dict) -> dict:
    unknown = set(changes) - set(values)
    if unknown:
        raise KeyError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    for key, value in changes.items():
        values[key] = float(value)
    return dict(values)

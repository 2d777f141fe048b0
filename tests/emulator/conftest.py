"""The emulator under test: one server process (the same `server.py` the Rust suite
starts) on a free loopback port; every test starts from a reset state."""

import json
import os
import subprocess
import sys
import urllib.request

import boto3
import pytest
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
REGION = "us-east-1"
PROVIDER = "111111111111"
VENDOR = "222222222222"


class Emulator:
    def __init__(self, url):
        self.url = url

    def control(self, method, path, payload=None):
        data = json.dumps(payload or {}).encode() if method == "POST" else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            return json.loads(response.read())

    def client(self, service, account=PROVIDER, region=REGION, retries=True):
        client = boto3.client(
            service,
            config=None if retries else Config(retries={"total_max_attempts": 1}),
            endpoint_url=self.url,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.meta.events.register("before-send.*.*", lambda request, **_: request.headers.__setitem__("x-moto-account-id", account))
        return client


@pytest.fixture(scope="session")
def server():
    process = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "server.py"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    line = process.stdout.readline().strip()
    assert line.startswith("listening on "), line
    yield Emulator(line.removeprefix("listening on "))
    process.kill()
    process.wait()


@pytest.fixture
def emulator(server):
    server.control("POST", "/_emulator/reset")
    server.control("POST", "/_emulator/settings", {"nlb_provisioning_seconds": 0, "target_initial_seconds": 0,
                                                         "lambda_vpc_pending_seconds": 0})
    return server

"""How long `list`, `status` and `doctor` take when every AWS call takes 100 ms, and how
many calls each makes: a benchmark, not a test (it asserts nothing about time).

    tests/emulator/bench [--binary target/debug/trigger-privatelink] [--counts 1,12,50] [--latency-ms 100]

It starts the emulator, seeds the sandbox's account (sandbox.py), makes connections
`b01`, `b02`, … with `setup` (no latency while building), then, with the latency set,
runs each command three times and prints its best wall time and its calls for each
connection count. Wall time over 100 ms per call is about the number of dependent
rounds of calls the command makes; start-up (about 0.1 s) is included.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

from sandbox import seed  # noqa: E402

VENDOR = "210987654321"


def control(url, method, path, payload=None):
    data = json.dumps(payload or {}).encode() if method == "POST" else None
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def tool(binary, url, *args):
    env = dict(os.environ, AWS_ACCESS_KEY_ID="sandbox", AWS_SECRET_ACCESS_KEY="sandbox", AWS_REGION="us-east-1",
               AWS_EC2_METADATA_DISABLED="true", NO_COLOR="1")
    return subprocess.run([binary, "--endpoint-url", url, *args], capture_output=True, text=True, env=env)


def measure(binary, url, args, tries=3):
    """Best wall time of `tries` runs, and the calls of one run."""
    best = None
    for _ in range(tries):
        control(url, "POST", "/_emulator/requests/reset")
        started = time.monotonic()
        done = tool(binary, url, *args)
        wall = time.monotonic() - started
        if done.returncode not in (0, 1):
            sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr}")
        calls = control(url, "GET", "/_emulator/requests")["total"]
        best = (wall, calls) if best is None or wall < best[0] else best
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "trigger-privatelink"))
    parser.add_argument("--counts", default="1,12,50")
    parser.add_argument("--latency-ms", type=int, default=100)
    args = parser.parse_args()
    counts = sorted(int(c) for c in args.counts.split(","))
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "server.py"), "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip().removeprefix("listening on ")
        control(url, "POST", "/_emulator/settings", {"nlb_provisioning_seconds": 0, "target_initial_seconds": 0})
        seed(url)
        rows = []
        made = 0
        for count in counts:
            control(url, "POST", "/_emulator/settings", {"latency_ms": 0})
            while made < count:
                made += 1
                done = tool(args.binary, url, "setup", "--no-input", "--name", f"b{made:02d}", "--rds-instance", "orders-db",
                            "--account-id", VENDOR)
                if done.returncode != 0:
                    sys.exit(f"setup b{made:02d} failed: {done.stderr}")
            control(url, "POST", "/_emulator/settings", {"latency_ms": args.latency_ms})
            for command in (["list"], ["status", "--name", "b01"], ["doctor", "--name", "b01"]):
                if command[0] != "list" and count != counts[0]:
                    continue  # status and doctor read one connection, whatever the count
                wall, calls = measure(args.binary, url, [*command, "--output", "json"])
                rows.append((" ".join(command[:1]), count, calls, wall))
        print(f"{args.latency_ms} ms per AWS call; best of 3 runs; {args.binary}")
        print(f"{'command':<10}{'connections':>12}{'calls':>8}{'wall (s)':>10}")
        for command, count, calls, wall in rows:
            print(f"{command:<10}{count:>12}{calls:>8}{wall:>10.2f}")
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    main()

"""The prober `doctor --probe` runs inside the customer's VPC: it dials each address and
port it is given, as Trigger.dev's tasks would, and reads the resource's first answer
where that needs no credential. Python standard library only; every dial runs at once,
each bounded by its own timeout, so the whole run stays inside the function's budget.

Event: {"dials": [{"id": "...", "host": "10.0.1.5", "port": 5432, "protocol": "postgres",
                   "timeout_ms": 3000}, ...]}
Answer: {"results": [{"id": "...", "outcome": "connected" | "refused" | "timeout" |
                      "reset" | "unreachable", "ms": 12.3, "answer": "S", "detail": "..."}]}

What each protocol sends and reads (a reply of any kind proves the path):
- postgres (PostgreSQL, Aurora PostgreSQL, RDS Proxy, Redshift): an SSLRequest (length 8,
  code 80877103); the server answers one byte, `S` (TLS available) or `N`
  (https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-SSL).
- mysql (MySQL, Aurora MySQL, MariaDB): the server speaks first, a HandshakeV10 packet
  (protocol 10, then the version: https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html),
  or an ERR packet (0xff; 1129 "Host is blocked"). The prober then answers with a
  HandshakeResponse41 for a user that does not exist and reads the server's refusal:
  MySQL blocks a host after `max_connect_errors` interrupted handshakes, and "only
  protocol handshake errors are counted" toward it, not authentication failures
  (Performance Schema `host_cache` table, SUM_CONNECT_ERRORS:
  https://dev.mysql.com/doc/refman/8.0/en/performance-schema-host-cache-table.html).
  Behind an NLB that host is the NLB's address, the one Trigger.dev's tasks arrive from:
  a probe that connects and drops could get them blocked; one that fails to log in
  cannot.
- redis (Redis, Valkey, ElastiCache without in-transit encryption): `PING`; `+PONG`, or
  `-NOAUTH Authentication required.` when AUTH is on: both prove the server
  (https://redis.io/docs/latest/commands/ping/).
- http (an ALB, an instance's web server): `GET / HTTP/1.1`; the status line.
- kafka: ApiVersions v0 (api key 18); the answer's correlation id and error code
  (https://kafka.apache.org/protocol.html#The_Messages_ApiVersions).
- tcp: the connection alone.
"""

import socket
import struct
import threading
import time

DEFAULT_TIMEOUT_MS = 3000
POSTGRES_SSL_REQUEST = struct.pack(">ii", 8, 80877103)
KAFKA_API_VERSIONS = struct.pack(">ihhih", 10, 18, 0, 1, -1)
MYSQL_PROBE_USER = b"trigger_privatelink_probe"
# CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH
MYSQL_CAPABILITIES = 0x00000200 | 0x00008000 | 0x00080000


class Answered(Exception):
    """The server answered in a way that ends the exchange (an ERR packet, say)."""


def _read_exactly(sock, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        data += chunk
    return data


def _postgres(sock, host) -> str:
    sock.sendall(POSTGRES_SSL_REQUEST)
    reply = _read_exactly(sock, 1)
    return {b"S": "S (TLS available)", b"N": "N (no TLS)"}.get(reply, f"unexpected {reply!r}")


def _mysql_packet(sock) -> tuple:
    header = _read_exactly(sock, 4)
    length = header[0] | header[1] << 8 | header[2] << 16
    return header[3], _read_exactly(sock, length)


def _mysql_error(payload: bytes) -> str:
    code = struct.unpack("<H", payload[1:3])[0]
    message = payload[9:] if payload[3:4] == b"#" else payload[3:]
    return f"ERR {code} {message.decode(errors='replace')}"


def _mysql(sock, host) -> str:
    sequence, payload = _mysql_packet(sock)
    if payload[:1] == b"\xff":
        return _mysql_error(payload)
    if payload[:1] != b"\x0a":
        return f"unexpected greeting {payload[:1]!r}"
    version = payload[1:payload.index(b"\x00", 1)].decode(errors="replace")
    greeting = f"MySQL {version}"
    # Log in as nobody and read the refusal: an authentication failure, not an
    # interrupted handshake, so the NLB's address is not counted toward a block.
    response = struct.pack("<IIB", MYSQL_CAPABILITIES, 1 << 24, 33) + b"\x00" * 23
    response += MYSQL_PROBE_USER + b"\x00" + b"\x00" + b"mysql_native_password\x00"
    sock.sendall(struct.pack("<I", len(response))[:3] + bytes([sequence + 1]) + response)
    for _ in range(3):
        sequence, payload = _mysql_packet(sock)
        if payload[:1] == b"\xff":
            return f"{greeting}; login refused as expected ({_mysql_error(payload).split(' ', 2)[1]})"
        if payload[:1] == b"\x00":
            return f"{greeting}; login accepted"
        # An auth switch (0xfe) or more auth data (0x01): answer with nothing.
        sock.sendall(b"\x00\x00\x00" + bytes([sequence + 1]))
    return f"{greeting}; no refusal after the login"


def _first_line(sock, limit: int = 1024) -> str:
    """The answer's first line (CRLF-terminated), or what came before the server closed."""
    data = b""
    while b"\r\n" not in data and len(data) < limit:
        chunk = sock.recv(limit)
        if not chunk:
            break
        data += chunk
    return data.split(b"\r\n", 1)[0].decode(errors="replace") or "closed without an answer"


def _redis(sock, host) -> str:
    sock.sendall(b"PING\r\n")
    return _first_line(sock)


def _http(sock, host) -> str:
    sock.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nUser-Agent: trigger-privatelink-probe\r\n\r\n".encode())
    return _first_line(sock)


def _kafka(sock, host) -> str:
    sock.sendall(KAFKA_API_VERSIONS)
    size, correlation = struct.unpack(">ii", _read_exactly(sock, 8))
    (error,) = struct.unpack(">h", _read_exactly(sock, 2))
    if correlation != 1:
        return f"unexpected correlation id {correlation}"
    return f"ApiVersions error {error}"


PROTOCOLS = {"postgres": _postgres, "mysql": _mysql, "redis": _redis, "http": _http, "kafka": _kafka}


def dial(target: dict) -> dict:
    """One dial: the TCP connection, then the protocol's first exchange."""
    timeout = target.get("timeout_ms", DEFAULT_TIMEOUT_MS) / 1000
    result = {"id": target.get("id"), "host": target["host"], "port": target["port"]}
    started = time.monotonic()
    try:
        sock = socket.create_connection((target["host"], target["port"]), timeout=timeout)
    except socket.timeout:
        return {**result, "outcome": "timeout", "ms": round(timeout * 1000, 1), "detail": "no answer to the connection"}
    except ConnectionRefusedError:
        return {**result, "outcome": "refused", "ms": round((time.monotonic() - started) * 1000, 1), "detail": "nothing listens"}
    except OSError as err:
        return {**result, "outcome": "unreachable", "ms": round((time.monotonic() - started) * 1000, 1), "detail": str(err)}
    result.update(outcome="connected", ms=round((time.monotonic() - started) * 1000, 1))
    speak = PROTOCOLS.get(target.get("protocol", "tcp"))
    try:
        with sock:
            sock.settimeout(max(timeout - (time.monotonic() - started), 0.1))
            if speak:
                result["answer"] = speak(sock, target["host"])
    except socket.timeout:
        result["detail"] = "connected, but no answer to the protocol's first message (TLS only, or another protocol?)"
    except (ConnectionResetError, BrokenPipeError) as err:
        result["detail"] = f"connected, then reset: {err}"
    except (OSError, ValueError, struct.error) as err:
        result["detail"] = f"connected, then {err}"
    return result


def handler(event, context=None):
    """Every dial at once; the answer keeps their order."""
    dials = event.get("dials", [])
    results = [None] * len(dials)

    def run(i, target):
        results[i] = dial(target)

    threads = [threading.Thread(target=run, args=(i, t), daemon=True) for i, t in enumerate(dials)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"results": results}

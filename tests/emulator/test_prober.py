"""The prober `doctor --probe` runs in the customer's VPC (src/connection/probe/prober.py),
against tiny servers on loopback that speak each protocol's first bytes: PostgreSQL's
answer to an SSLRequest, Redis's to PING (with and without AUTH), a MySQL greeting and
its refusal of an unknown user, Kafka's ApiVersions, an HTTP status line; a closed port;
a server that never answers, given up on within the dial's budget."""

import importlib.util
import os
import socket
import struct
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def load_prober():
    path = os.path.join(HERE, "..", "..", "src", "connection", "probe", "prober.py")
    spec = importlib.util.spec_from_file_location("tpl_prober", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


prober = load_prober()


class Server:
    """A one-connection-at-a-time server on 127.0.0.1; `speak(conn, seen)` talks."""

    def __init__(self, speak):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.seen = []
        self.speak = speak
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    self.speak(conn, self.seen)
                except OSError:
                    pass

    def dial(self, protocol, timeout_ms=2000):
        return prober.dial({"id": protocol, "host": "127.0.0.1", "port": self.port, "protocol": protocol, "timeout_ms": timeout_ms})


def test_postgres_answers_its_ssl_request_with_one_byte():
    def speak(conn, seen):
        seen.append(conn.recv(8))
        conn.sendall(b"N")

    server = Server(speak)
    result = server.dial("postgres")
    assert (result["outcome"], result["answer"]) == ("connected", "N (no TLS)")
    assert server.seen == [struct.pack(">ii", 8, 80877103)], "the SSLRequest, byte for byte"


def test_redis_pong_and_noauth_both_prove_the_server():
    for reply in (b"+PONG\r\n", b"-NOAUTH Authentication required.\r\n"):
        def speak(conn, seen, reply=reply):
            seen.append(conn.recv(64))
            conn.sendall(reply)

        server = Server(speak)
        result = server.dial("redis")
        assert result["answer"] == reply.decode().strip()
        assert server.seen == [b"PING\r\n"]


def mysql_packet(sequence, payload):
    return struct.pack("<I", len(payload))[:3] + bytes([sequence]) + payload


def test_mysql_greets_and_the_prober_logs_in_as_nobody_rather_than_drop_the_handshake():
    """A dropped handshake counts toward max_connect_errors; a refused login does not."""
    def speak(conn, seen):
        greeting = b"\x0a8.0.35\x00" + struct.pack("<I", 7) + b"abcdefgh\x00" + b"\xff\xf7" + b"\x21" + b"\x02\x00" + b"\xff\xc1"
        conn.sendall(mysql_packet(0, greeting))
        header = conn.recv(4)
        length = header[0] | header[1] << 8 | header[2] << 16
        body = b""
        while len(body) < length:
            body += conn.recv(length - len(body))
        seen.append((header[3], body))
        conn.sendall(mysql_packet(2, b"\xff" + struct.pack("<H", 1045) + b"#28000Access denied for user 'trigger_privatelink_probe'"))

    server = Server(speak)
    result = server.dial("mysql")
    assert result["answer"] == "MySQL 8.0.35; login refused as expected (1045)", result
    sequence, response = server.seen[0]
    assert sequence == 1
    assert response[32:].startswith(b"trigger_privatelink_probe\x00"), "a HandshakeResponse41 for a user that does not exist"


def test_a_blocked_mysql_host_is_reported_with_its_error():
    def speak(conn, seen):
        conn.sendall(mysql_packet(0, b"\xff" + struct.pack("<H", 1129) + b"Host '10.0.1.9' is blocked because of many connection errors"))

    result = Server(speak).dial("mysql")
    assert result["answer"].startswith("ERR 1129 Host '10.0.1.9' is blocked"), result


def test_kafka_answers_api_versions_with_our_correlation_id():
    def speak(conn, seen):
        seen.append(conn.recv(64))
        conn.sendall(struct.pack(">iih", 6, 1, 0))

    server = Server(speak)
    assert server.dial("kafka")["answer"] == "ApiVersions error 0"
    assert server.seen == [struct.pack(">ihhih", 10, 18, 0, 1, -1)]


def test_http_gives_its_status_line():
    def speak(conn, seen):
        seen.append(conn.recv(1024))
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n")

    server = Server(speak)
    assert server.dial("http")["answer"] == "HTTP/1.1 503 Service Unavailable"
    assert server.seen[0].startswith(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")


def test_a_closed_port_is_refused():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    result = prober.dial({"id": "closed", "host": "127.0.0.1", "port": port, "protocol": "postgres", "timeout_ms": 1000})
    assert (result["outcome"], result["detail"]) == ("refused", "nothing listens")


def test_a_server_that_never_answers_is_given_up_on_within_the_budget_and_dials_run_at_once():
    def silent(conn, seen):
        time.sleep(5)

    def pong(conn, seen):
        conn.recv(64)
        conn.sendall(b"+PONG\r\n")

    quiet, answering = Server(silent), Server(pong)
    started = time.monotonic()
    answer = prober.handler({"dials": [
        {"id": "a", "host": "127.0.0.1", "port": quiet.port, "protocol": "postgres", "timeout_ms": 800},
        {"id": "b", "host": "127.0.0.1", "port": quiet.port, "protocol": "redis", "timeout_ms": 800},
        {"id": "c", "host": "127.0.0.1", "port": answering.port, "protocol": "redis", "timeout_ms": 800},
    ]})
    took = time.monotonic() - started
    assert took < 1.5, f"three dials of 0.8 s each took {took:.2f} s: they ran one after another"
    first, second, third = answer["results"]
    assert (first["id"], first["outcome"]) == ("a", "connected")
    assert "no answer to the protocol's first message" in first["detail"]
    assert "answer" not in first
    assert second["id"] == "b" and "no answer" in second["detail"]
    assert third["answer"] == "+PONG"

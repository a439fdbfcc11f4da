"""Probes of the running service's transport: slow headers, one client holding every connection, huge requests."""

from __future__ import annotations

import gzip
import json
import socket
import time
from contextlib import ExitStack

import pytest
import requests

from narrator.testing.server import Server
from narrator.web.transport import CHECK_INTERVAL_S, CONNECTIONS_PER_CLIENT, HEADER_TIMEOUT_S

ATTACKER = "127.0.0.2"
"""The attacking client's own loopback address (the server and the checks use 127.0.0.1)."""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("transport"), NARRATOR_MAX_CONNECTIONS="150")
    yield running
    running.stop()


def slow_client(server: Server, stack: ExitStack, source: str = ATTACKER) -> socket.socket:
    """A connection that has begun a request's headers and never finishes them."""
    sock = stack.enter_context(socket.socket())
    sock.bind((source, 0))
    sock.settimeout(5)
    sock.connect(("127.0.0.1", server.port))
    sock.sendall(b"GET /livez HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    return sock


def closed(sock: socket.socket) -> bool:
    """True once the server has closed this connection (or answered and closed it)."""
    try:
        sock.settimeout(0.05)
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except (TimeoutError, socket.timeout):
        return False
    except OSError:
        return True


def livez_seconds(server: Server) -> float:
    started = time.perf_counter()
    try:
        assert requests.get(server.base + "/livez", timeout=5).ok
    except requests.RequestException:
        return float("inf")
    return time.perf_counter() - started


@pytest.mark.parametrize("drip_s", [0.5, 2.0], ids=["byte every 0.5 s", "byte every 2 s"])
def test_a_client_sending_its_headers_a_byte_at_a_time_is_cut_off(server, drip_s):
    with ExitStack() as stack:
        socks = [slow_client(server, stack) for _ in range(5)]
        deadline = time.monotonic() + HEADER_TIMEOUT_S + 2 * CHECK_INTERVAL_S + 3
        while time.monotonic() < deadline and not all(closed(sock) for sock in socks):
            for sock in socks:
                try:
                    sock.send(b"X")
                except OSError:
                    pass
            time.sleep(drip_s)
        assert all(closed(sock) for sock in socks), "slow-headers connections still open"
        assert livez_seconds(server) < 2


def test_one_client_cannot_take_every_connection(server):
    """150 connections is this server's limit: one address holding 200 would leave nobody else a connection."""
    with ExitStack() as stack:
        socks = []
        for _ in range(200):
            try:
                socks.append(slow_client(server, stack))
            except OSError:  # refused while the server is full
                break
        time.sleep(0.5)
        open_ones = [sock for sock in socks if not closed(sock)]
        assert len(open_ones) <= CONNECTIONS_PER_CLIENT
        assert livez_seconds(server) < 2


def test_the_connection_limit_answers_in_json_with_retry_after(server):
    with ExitStack() as stack:
        socks = [slow_client(server, stack) for _ in range(CONNECTIONS_PER_CLIENT)]
        assert livez_seconds(server) < 10  # the server has taken the fifty (a loaded machine accepts them late)
        extra = stack.enter_context(socket.create_connection(("127.0.0.1", server.port), timeout=HEADER_TIMEOUT_S,
                                                             source_address=(ATTACKER, 0)))
        answer = b""
        while chunk := extra.recv(65536):
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 503") and b"Retry-After:" in head
        assert json.loads(body)["error"]["code"] == "too_many_connections"
        assert not any(closed(sock) for sock in socks)  # the ones it holds are kept
    assert livez_seconds(server) < 2


def test_a_browser_keeping_six_connections_alive_is_never_refused(server):
    with requests.Session() as session:
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=6)
        session.mount("http://", adapter)
        for _ in range(30):
            assert session.get(server.base + "/livez", timeout=5).ok


@pytest.mark.parametrize("headers", [{"X-Big": "a" * 300_000}, {f"X-H{i}": "v" * 100 for i in range(3000)}],
                         ids=["one 300 KB header", "3,000 headers"])
def test_huge_headers_are_refused_with_431_and_the_server_stays_fast(server, headers):
    answer = requests.get(server.base + "/livez", headers=headers, timeout=10)
    assert answer.status_code == 431
    assert livez_seconds(server) < 2


def test_a_huge_query_string_is_answered_quickly(server):
    query = "&".join(f"p{i}=[[[[{i}]]]]" for i in range(20_000))
    started = time.perf_counter()
    answer = requests.get(f"{server.base}/api/narrations?{query}", timeout=10)
    assert answer.status_code in (200, 400, 414, 431) and time.perf_counter() - started < 3


def test_a_compressed_request_body_is_never_inflated(server):
    bomb = gzip.compress(json.dumps({"text": "a " * 20_000_000}).encode(), 9)
    assert len(bomb) < 100_000
    answer = requests.post(server.base + "/api/narrations", data=bomb, timeout=30,
                           headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert answer.status_code == 415 and answer.json()["error"]["code"] == "unsupported_media_type"
    assert "Content-Encoding" in answer.json()["error"]["message"]
    assert livez_seconds(server) < 2

"""The app under waitress: its own refusals in the API's JSON envelope, and no client holding connections forever."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from .errors import too_large

_LOGGER = logging.getLogger(__name__)

HEADER_TIMEOUT_S = 10
"""Longest a client may take to send a request's headers: a slow-headers client (a byte every few seconds) would
otherwise keep its connection for good, since waitress only closes connections that go quiet."""
CONNECTIONS_PER_CLIENT = 50
"""Open connections one address may hold (a browser opens 6), so one client cannot take all `max_connections`.
Not applied behind a reverse proxy (`trusted_proxies`), whose one address carries everybody."""
CHECK_INTERVAL_S = 2
"""How often waitress looks for connections to close."""


def _refusal(status: str, code: str, message: str, retry_after_s: int = 0) -> bytes:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    retry = f"Retry-After: {retry_after_s}\r\n" if retry_after_s else ""
    return (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n{retry}"
            "Connection: close\r\n\r\n").encode() + body


class _EnvelopeErrorTask(ErrorTask):
    """Waitress's error answer, with the JSON envelope instead of plain text for a body over the limit."""

    limit = 0

    def execute(self) -> None:
        error = self.request.error
        if not isinstance(error, RequestEntityTooLarge):
            super().execute()
            return
        body = json.dumps({"error": {"code": "request_entity_too_large", "message": too_large(self.limit)}}).encode()
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _GuardedChannel(HTTPChannel):
    """A connection that is refused at once when its address already holds `per_client` others, and that remembers
    when its current request began (for the header deadline)."""

    per_client = 0
    request_began: float | None = None

    def __init__(self, server: Any, sock: Any, addr: Any, adj: Any, map: Any = None) -> None:
        super().__init__(server, sock, addr, adj, map)
        client = addr[0] if isinstance(addr, tuple) and addr else ""
        if self.per_client and client and self._held_by(client) > self.per_client:
            _LOGGER.warning("refusing a connection from %s: it already holds %d, the limit", client, self.per_client)
            try:
                sock.send(_refusal("503 Service Unavailable", "too_many_connections", f"this address already holds "
                                   f"{self.per_client} connections to this server, its limit; close some", 5))
            except OSError:
                pass
            self.close()

    def _held_by(self, client: str) -> int:
        return sum(1 for channel in list(self.server.active_channels.values())
                   if isinstance(channel.addr, tuple) and channel.addr and channel.addr[0] == client)

    def received(self, data: bytes) -> bool:
        result = super().received(data)
        if self.request is None:
            self.request_began = None
        elif self.request_began is None:
            self.request_began = time.time()
        return result


def close_slow_headers(server: BaseWSGIServer, now: float, header_timeout_s: float = HEADER_TIMEOUT_S) -> int:
    """Close the connections whose request's headers have been arriving for longer than `header_timeout_s`."""
    closed = 0
    for channel in list(server.active_channels.values()):
        began, request = getattr(channel, "request_began", None), getattr(channel, "request", None)
        if began is not None and request is not None and not request.headers_finished \
                and now - began > header_timeout_s and not channel.will_close:
            channel.will_close = True
            closed += 1
    if closed:
        _LOGGER.warning("closed %d connection(s) still sending their headers after %g s", closed, header_timeout_s)
    return closed


def _guard(listener: BaseWSGIServer) -> None:
    """Run waitress's own clean-up (idle connections), then close the slow-headers ones."""
    idle_cleanup = listener.maintenance

    def maintenance(now: float) -> None:
        idle_cleanup(now)
        close_slow_headers(listener, now)

    listener.maintenance = maintenance  # type: ignore[method-assign]


def serve(app: Flask, **options: Any) -> None:
    """waitress.serve, refusing at once (413, JSON) a body declared over the app's MAX_CONTENT_LENGTH (waitress reads
    a whole body before the app sees the request, so the app alone would read all of it first), closing connections
    slower than HEADER_TIMEOUT_S to send their headers, and CONNECTIONS_PER_CLIENT connections per address."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    service = app.extensions.get("narrator")
    proxied = bool(service and service.settings.trusted_proxies)
    task = type("EnvelopeErrorTask", (_EnvelopeErrorTask,), {"limit": limit})
    channel = type("GuardedChannel", (_GuardedChannel,), {"error_task_class": task,
                                                          "per_client": 0 if proxied else CONNECTIONS_PER_CLIENT})
    options.setdefault("cleanup_interval", CHECK_INTERVAL_S)
    server = create_server(app, max_request_body_size=limit + 1, **options)
    listeners = server.map.values() if isinstance(server, MultiSocketServer) else [server]
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
            _guard(listener)
    server.run()

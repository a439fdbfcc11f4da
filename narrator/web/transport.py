"""The app under waitress, whose own refusals (a body declared over the limit) use the API's JSON error envelope."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

from .errors import too_large


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


def serve(app: Flask, **options: Any) -> None:
    """waitress.serve, refusing at once (413, JSON) a body declared over the app's MAX_CONTENT_LENGTH: waitress
    reads a whole body before the app sees the request, so the app alone would read all of it first."""
    limit = app.config["MAX_CONTENT_LENGTH"]
    task = type("EnvelopeErrorTask", (_EnvelopeErrorTask,), {"limit": limit})
    channel = type("EnvelopeChannel", (HTTPChannel,), {"error_task_class": task})
    server = create_server(app, max_request_body_size=limit + 1, **options)
    listeners = server.map.values() if isinstance(server, MultiSocketServer) else [server]
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    server.run()

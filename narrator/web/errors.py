"""One JSON error envelope for the API: {"error": {"code", "message"}}; pages get plain HTML errors."""

from __future__ import annotations

import logging
import math

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from ..errors import (BusyError, IngestError, InputTooLargeError, JobError, NarratorError, StoreError,
                      UnsupportedInputError)

_LOGGER = logging.getLogger(__name__)

RETRY_AFTER_S = 30
"""What a 503 (store or queue down) asks clients to wait before trying again."""
STATUS_FOR = [(InputTooLargeError, 413), (UnsupportedInputError, 415), (IngestError, 422), (StoreError, 503),
              (JobError, 503), (BusyError, 503), (NarratorError, 422)]


class ApiError(Exception):
    """An error answered with the JSON envelope."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def envelope(status: int, code: str, message: str, headers: dict[str, str] | None = None):
    """The JSON error response."""
    return {"error": {"code": code, "message": message}}, status, headers or {}


def status_for(exc: NarratorError | ApiError) -> int:
    """The HTTP status that answers this error."""
    if isinstance(exc, ApiError):
        return exc.status
    return next(status for kind, status in STATUS_FOR if isinstance(exc, kind))


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/audio/") or \
        request.accept_mimetypes.best == "application/json"


def register(app: Flask) -> None:
    """Install the handlers."""

    @app.errorhandler(ApiError)
    def api_error(exc: ApiError):
        return envelope(exc.status, exc.code, exc.message, exc.headers)

    @app.errorhandler(NarratorError)
    def narrator_error(exc: NarratorError):
        status = status_for(exc)
        retry_after = math.ceil(getattr(exc, "retry_after_s", RETRY_AFTER_S))
        return envelope(status, exc.code, str(exc), {"Retry-After": str(retry_after)} if status == 503 else None)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not _wants_json():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        response = exc.get_response()
        headers = {k: v for k, v in response.headers.items() if k in ("Allow", "Content-Range", "Retry-After")}
        message = exc.description or exc.name
        if exc.code == 413:
            message = f"the request body is over the limit of {app.config['MAX_CONTENT_LENGTH']:,} bytes"
        return envelope(exc.code or 500, code, message, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        _LOGGER.exception("unhandled error on %s", request.path)
        return envelope(500, "internal_error", "something went wrong on our side; the error was logged")

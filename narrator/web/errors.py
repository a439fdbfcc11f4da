"""One JSON error envelope for the API: {"error": {"code", "message"}}; pages get plain HTML errors."""

from __future__ import annotations

import logging
import math
import re

from flask import Flask, request
from werkzeug.exceptions import HTTPException

from ..errors import (BusyError, IngestError, InputTooLargeError, JobError, NarratorError, StoreError,
                      UnsupportedInputError, UnsupportedLanguageError)

_LOGGER = logging.getLogger(__name__)

RETRY_AFTER_S = 30
"""What a 503 (store or queue down) asks clients to wait before trying again."""
STATUS_FOR = [(InputTooLargeError, 413), (UnsupportedLanguageError, 422), (UnsupportedInputError, 415), (IngestError, 422), (StoreError, 503),
              (JobError, 503), (BusyError, 503), (NarratorError, 422)]


ABSOLUTE_PATH = re.compile(r"(?:(?<=:///)|(?<![\w.:/]))/(?:[^\s/:'\"]+/)+([^\s/:'\"]*)")
"""A path such as /srv/narrator/out/x.mp3 (alone or in a sqlite:/// address, not in a web address): its file name
is kept."""
DISK_FULL: tuple[tuple[str, str], ...] = (
    ("file size limit was reached", "the audio could not be written: the file size limit was reached (disk full)"),
    ("No space left on device", "the audio could not be written: the server's disk is full"),
)
"""Anywhere in a failure reason: the disk refused a write, which a listener may be told in plain words."""
PLAIN_FAILURES: tuple[tuple[str, str], ...] = (
    ("ffmpeg", "the audio could not be encoded"),
    ("ffprobe", "the audio could not be measured"),
    ("the MP3 encoder", "the audio could not be encoded"),
    ("MP3 encoding", "the audio could not be encoded"),
    ("could not upload", "the audio could not be stored"),
    ("internal error", "something went wrong on our side"),
)
"""Stored failure reasons that carry a tool's output or the server's layout, and what strangers are told instead."""


class ApiError(Exception):
    """An error answered with the JSON envelope."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def envelope(status: int, code: str, message: str, headers: dict[str, str] | None = None):
    """The JSON error response."""
    return {"error": {"code": code, "message": message}}, status, headers or {}


def too_large(limit: int) -> str:
    """What a 413 says: the limit, and the setting behind it."""
    return f"the request body is over the limit of {limit:,} bytes (setting max_page_bytes, plus room for the other " \
           "fields)"


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
        plain = public_error(str(exc)) or exc.code
        if plain != str(exc):
            _LOGGER.warning("%s on %s: %s", exc.code, request.path, exc)
        retry_after = math.ceil(getattr(exc, "retry_after_s", RETRY_AFTER_S))
        return envelope(status, exc.code, plain, {"Retry-After": str(retry_after)} if status == 503 else None)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not _wants_json():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        response = exc.get_response()
        headers = {k: v for k, v in response.headers.items() if k in ("Allow", "Content-Range", "Retry-After")}
        message = exc.description or exc.name
        if exc.code == 413:
            message = too_large(app.config["MAX_CONTENT_LENGTH"])
        return envelope(exc.code or 500, code, message, headers)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        _LOGGER.exception("unhandled error on %s", request.path)
        return envelope(500, "internal_error", "something went wrong on our side; the error was logged")


def public_error(reason: str | None) -> str | None:
    """A stored failure reason as strangers may see it: tools' output and the server's paths left out."""
    if not reason:
        return reason
    retry = "retrying after: "
    prefix, body = (retry, reason[len(retry):]) if reason.startswith(retry) else ("", reason)
    plain = next((said for marker, said in DISK_FULL if marker in body), None) or next(
        (said for start, said in PLAIN_FAILURES if body.startswith(start)), None)
    if plain is None:
        plain = ABSOLUTE_PATH.sub(lambda found: found.group(1) or "a folder", body)
    return f"{prefix}{plain}"

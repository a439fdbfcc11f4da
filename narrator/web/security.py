"""Hardening for a public service: security headers with a strict CSP, CSRF on the form, per-client submit limits."""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import time
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits.errors import StorageError
from werkzeug.middleware.proxy_fix import ProxyFix

from ..config import Settings
from .errors import RETRY_AFTER_S, envelope

_LOGGER = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "media-src 'self'",
    "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'",
])
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
SUBMIT_SCOPE = "submit"
"""The form and the API share one submission budget per client."""

csrf = CSRFProtect()


def has_valid_key(settings: Settings) -> bool:
    """True when the request carries the configured API key as a bearer token (constant-time comparison)."""
    if not settings.api_key:
        return False
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), settings.api_key.encode())


def secret_key(settings: Settings) -> str:
    """The configured secret, else one generated once and kept (mode 0600) in data_dir/secret_key."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    try:
        if path.is_file():
            return path.read_text("utf-8").strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(key)
        return key
    except FileExistsError:  # another process wrote it first
        return path.read_text("utf-8").strip()
    except OSError as exc:
        _LOGGER.warning("cannot keep a secret key in %s (%s); form tokens last only as long as this process",
                        path, exc)
        return secrets.token_hex(32)


def install(app: Flask, settings: Settings, media_origin: str = "") -> Limiter:
    """Add headers, CSRF protection and the submit rate limit to the app; returns the limiter.

    `media_origin` is where listeners are redirected for audio (object storage), allowed as a media source."""
    if settings.trusted_proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.trusted_proxies,  # type: ignore[method-assign]
                                x_proto=settings.trusted_proxies, x_host=settings.trusted_proxies)
    app.config["SECRET_KEY"] = secret_key(settings)
    app.config["WTF_CSRF_TIME_LIMIT"] = None  # a form left open for hours still submits
    csrf.init_app(app)
    limiter = Limiter(get_remote_address, app=app, storage_uri=settings.rate_limit_storage_url,
                      headers_enabled=True, strategy="moving-window", storage_options={"wrap_exceptions": True})

    @app.errorhandler(StorageError)
    def limiter_storage_down(exc: StorageError):
        """The rate-limit storage (Redis) does not answer: the service is unavailable, not broken (503, not 500)."""
        _LOGGER.warning("rate-limit storage unavailable: %s", exc.storage_error)
        return envelope(503, "rate_limit_storage_unavailable", "the rate-limit storage (rate_limit_storage_url) is "
                        "not answering, so submissions cannot be counted; try again shortly",
                        {"Retry-After": str(RETRY_AFTER_S)})

    app.extensions["narrator_limiter"] = limiter

    headers = dict(SECURITY_HEADERS)
    if media_origin:
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace("media-src 'self'",
                                                                             f"media-src 'self' {media_origin}")

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    return limiter


def retry_after_s() -> int:
    """Seconds until the limit this request broke lets the client submit again."""
    limiter: Limiter = current_app.extensions["narrator_limiter"]
    current = limiter.current_limit
    return max(1, int(current.reset_at - time.time())) if current else 60


def limit_submissions(app: Flask, limiter: Limiter, settings: Settings, *endpoints: str) -> None:
    """Apply the shared per-client submission limit to these endpoints (requests with the API key are exempt)."""
    if not settings.submit_rate_limit:
        return
    shared = limiter.shared_limit(settings.submit_rate_limit, scope=SUBMIT_SCOPE,
                                  exempt_when=lambda: has_valid_key(settings))
    for endpoint in endpoints:
        app.view_functions[endpoint] = shared(app.view_functions[endpoint])

"""Hardening for a public service: security headers with a strict CSP, CSRF on the form, per-client submit limits,
a throttle on wrong API keys, and the first-party check that guards the browser's cookies."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits import RateLimitItem, parse_many
from limits.errors import StorageError
from limits.strategies import RateLimiter
from werkzeug.middleware.proxy_fix import ProxyFix

from ..config import Settings
from .errors import RETRY_AFTER_S, ApiError, envelope
from .hygiene import refuse_encoded_body

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

FIRST_PARTY_FETCH_SITES = ("same-origin", "none")
"""Sec-Fetch-Site values of a request this site's own pages (or the user, typing an address) made."""
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CROSS_SITE_ENDPOINTS = ("listening.report_listen", "pages.listen_to_page")
"""Writes that other sites' pages make by design: the widget's listening reports and the reader's own bookmarklet
(which is trusted with nothing but the feed token it carries)."""
HOST = re.compile(r"(?:\[(?P<ip6>[0-9A-Fa-f:.]+)\]|(?P<name>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?\.?))"
                  r"(?::(?P<port>\d{1,5}))?")
"""A Host header: a name or IPv4 address, or an IPv6 address in brackets, with an optional port."""
LOOPBACK_BINDS = ("127.0.0.1", "::1", "localhost")
WRONG_KEY_SCOPE = "wrong_key"
Counted = TypeVar("Counted")

csrf = CSRFProtect()


def has_valid_key(settings: Settings) -> bool:
    """True when the request carries the configured API key as a bearer token (constant-time comparison).

    A wrong one counts once per request against the client's `wrong_key_limit`."""
    if not settings.api_key:
        return False
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    if "narrator_key_ok" not in g:
        g.narrator_key_ok = key_matches(token.strip(), settings)
    return g.narrator_key_ok


def key_matches(given: str, settings: Settings) -> bool:
    """Compare a key given by the client with the API key in constant time; count it when it is wrong."""
    matches = hmac.compare_digest(given.encode(), settings.api_key.encode())
    if not matches and settings.wrong_key_limit:
        _guarded(lambda strategy, item, client: strategy.hit(item, WRONG_KEY_SCOPE, client), settings)
    return matches


def _guarded(count: Callable[[RateLimiter, RateLimitItem, str], Counted], settings: Settings) -> list[Counted]:
    """`count(strategy, item, client)` for each of the wrong-key limits (nothing when the counters are down)."""
    strategy = current_app.extensions["narrator_limiter"].limiter
    client = get_remote_address()
    try:
        return [count(strategy, item, client) for item in parse_many(settings.wrong_key_limit)]
    except Exception as exc:  # the counters' storage is down: the constant-time comparison still holds
        _LOGGER.warning("wrong-key counter unavailable (%s); not throttling", exc)
        return []


def refuse_key_guessing(settings: Settings) -> None:
    """429 before any key is compared while this client is over its wrong-key limit."""
    if not settings.wrong_key_limit:
        return

    def wait_s(strategy: RateLimiter, item: RateLimitItem, client: str) -> float:
        if strategy.test(item, WRONG_KEY_SCOPE, client):
            return 0.0
        return strategy.get_window_stats(item, WRONG_KEY_SCOPE, client).reset_time - time.time()

    wait = max(_guarded(wait_s, settings), default=0.0)
    if wait > 0:
        seconds = max(1, int(wait + 0.999))
        raise ApiError(429, "too_many_wrong_keys", f"too many wrong API keys from this address (limit "
                       f"{settings.wrong_key_limit}); try again in {seconds} seconds", {"Retry-After": str(seconds)})


def key_fingerprint(settings: Settings) -> str:
    """A digest of the current API key, kept in an editor's session so a key rotation ends the session."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), settings.api_key.encode(), "sha256").hexdigest()[:32]


def first_party() -> bool:
    """True when this site's own pages made the request (or the user typed its address): never a cross-site one.

    Browsers send Sec-Fetch-Site; older ones at least send Origin on a POST, and the oldest only a Referer. Clients
    that send none of them are programs, which hold no cookies of a victim to change."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in FIRST_PARTY_FETCH_SITES
    origin = request.headers.get("Origin")
    if origin is None and request.headers.get("Referer"):
        origin = _origin(request.headers["Referer"])
    return origin is None or origin in (request.host_url.rstrip("/"), _origin(current_settings().public_base_url))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def current_settings() -> Settings:
    """The running app's settings."""
    return current_app.extensions["narrator"].settings


def refuse_cross_site_write(settings: Settings) -> None:
    """403 for a change (POST, PUT, DELETE...) that another site's page made in the visitor's browser: a form or a
    fetch with a text/plain body needs no CORS preflight, so without this any page could publish, delete or edit
    here with the visitor's access (a service on loopback with no API key trusts whoever reaches it)."""
    if request.method in SAFE_METHODS or request.endpoint in CROSS_SITE_ENDPOINTS or first_party():
        return
    if has_valid_key(settings):
        return
    source = request.headers.get("Origin") or (f"Sec-Fetch-Site: {request.headers['Sec-Fetch-Site']}"
                                               if "Sec-Fetch-Site" in request.headers
                                               else f"Referer: {request.headers.get('Referer')}")
    raise ApiError(403, "cross_site_request", f"{request.method} {request.path} came from another site's page "
                   f"({source[:100]}); this server takes changes only from its own pages, from programs, or with "
                   "the API key")


def host_refusal(settings: Settings) -> str:
    """Why the request's Host cannot be this server ('' when it can).

    Links are made from Host when `public_base_url` is not set, and a name that is not this server's is how a DNS
    rebinding page reaches a service on loopback. IP addresses and localhost are always accepted; a name must be
    public_base_url's (when set) or the one `narrator serve` binds, unless the server listens on every interface
    with no public_base_url (its names are then unknown)."""
    if "HTTP_HOST" not in request.environ:  # HTTP/1.0 without Host: links use the server's own address
        return ""
    host = request.host
    found = HOST.fullmatch(host)
    if found is None:
        return f"the Host header {host[:100]!r} is not a host name or address (with an optional port)"
    name = (found["ip6"] or found["name"]).lower().rstrip(".")
    if _is_address(name) or name == "localhost" or name.endswith(".localhost"):
        return ""
    configured = settings.public_base_url.rstrip("/") != Settings.public_base_url.rstrip("/")
    if name in (urlsplit(settings.public_base_url).hostname, settings.host.lower()):
        return ""
    if configured or settings.host in LOOPBACK_BINDS:
        return (f"this server does not answer to {name!r}: use {_origin(settings.public_base_url)} (public_base_url)"
                if configured else f"this server on {settings.host} answers to its address or localhost only, not "
                                   f"{name!r}; set public_base_url to the name listeners use")
    return ""


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


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
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # in every browser, not only those that default to it
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

    @app.before_request
    def check_host() -> None:
        refusal = host_refusal(settings)
        if refusal:
            _LOGGER.warning("refused Host %r on %s %s", request.host[:100], request.method, request.path)
            raise ApiError(400, "invalid_host", refusal)

    @app.before_request
    def refuse_cross_site() -> None:
        refuse_cross_site_write(settings)
        refuse_encoded_body(request.headers.get("Content-Encoding", ""))

    @app.before_request
    def throttle_key_guessing() -> None:
        if settings.api_key and request.headers.get("Authorization"):
            refuse_key_guessing(settings)

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

"""Private narrations on the web: noindex and private caching on their responses, and the listener's secret feed
(remembered by the browser in a cookie, or passed back by programs as "listener")."""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Flask, Response, g, request, url_for

from ..store import Listener
from . import service
from .security import first_party

_LOGGER = logging.getLogger(__name__)

LISTENER_COOKIE = "narrator_listener"
COOKIE_MAX_AGE_S = 400 * 24 * 3600
"""The longest a browser keeps a cookie (Chrome caps it at 400 days)."""
ROBOTS = "noindex, nofollow, noarchive"
PRIVATE_CACHE = "private, no-store"
"""A private narration's bytes and facts are kept by no cache, shared or the browser's own (a shared computer's
disk, a back button after the listener revoked the feed): each request goes to this server, which checks it again."""
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
FEED_PATH = re.compile(r"/feeds/([A-Za-z0-9_-]+)\.xml$")


def mark_private() -> None:
    """This response is somebody's own: not for search engines, not for shared caches."""
    g.narrator_private = True


def mark(narration: Any) -> None:
    """Mark the response private when it shows a private narration."""
    if narration is not None and narration.visibility == "private":
        mark_private()


def install(app: Flask) -> None:
    """Add X-Robots-Tag: noindex, Cache-Control: private, no-store and Referrer-Policy: no-referrer to responses
    marked private."""

    @app.after_request
    def private_headers(response: Response) -> Response:
        if g.get("narrator_private"):
            response.headers["X-Robots-Tag"] = ROBOTS
            response.headers["Referrer-Policy"] = "no-referrer"  # its address (id, feed token) stays here
            response.headers["Cache-Control"] = PRIVATE_CACHE  # whatever the route said (immutable audio too)
        return response


def feed_url(listener: Listener) -> str:
    """The listener's secret feed address."""
    return url_for("feed.listener_feed", token=listener.feed_token, _external=True)


def token_of(value: str) -> str:
    """The feed token in a "listener" value: the token itself or the whole feed address ('' when neither)."""
    value = value.strip()
    found = FEED_PATH.search(value)
    token = found.group(1) if found else value
    return token if TOKEN.fullmatch(token) else ""


def listener_for(value: str) -> Listener | None:
    """The listener a token or feed address names (None when malformed, unknown or revoked)."""
    token = token_of(value)
    return service().store.listener_by_token(token) if token else None


def cookie_listener() -> Listener | None:
    """The listener this browser remembers, if its address is still current."""
    return listener_for(request.cookies.get(LISTENER_COOKIE, ""))


def remember(response: Response, token: str) -> Response:
    """Let this browser remember the listener's feed token (HttpOnly, same-site): the form and My narrations use it.

    Only a first-party request may change it: a cross-site one (another site's form posting here) never decides
    which feed this browser's narrations go to."""
    if not first_party():
        _LOGGER.warning("not changing the listener cookie on a cross-site %s %s", request.method, request.path)
        return response
    response.set_cookie(LISTENER_COOKIE, token, max_age=COOKIE_MAX_AGE_S, httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return response

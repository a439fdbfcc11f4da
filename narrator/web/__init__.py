"""Flask app factory: one blueprint per surface (api, audio, feed, pages)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from typing import Any

from flask import Flask, current_app, request

from ..config import Settings
from ..jobs import Jobs, get_jobs
from ..store import Store
from .errors import RETRY_AFTER_S


@dataclass
class Service:
    """What the web layer talks to: the settings, the store and the job queue (never an engine)."""

    settings: Settings
    store: Store
    jobs: Jobs


def service() -> Service:
    """The running app's Service."""
    return current_app.extensions["narrator"]


def public_base() -> str:
    """Where listeners reach the app, without a trailing slash: `public_base_url` when configured, else the address
    this request came to."""
    configured = service().settings.public_base_url.rstrip("/")
    return configured if configured != Settings.public_base_url.rstrip("/") else request.url_root.rstrip("/")


class NarratorApp(Flask):
    """Flask whose absolute links (`url_for(..., _external=True)`: Location, player_url, feed_url...) start with
    `public_base_url` when it is configured, so links made behind a reverse proxy point where listeners are."""

    def url_for(self, endpoint: str, *, _external: bool = False, **values: Any) -> str:
        if _external and "narrator" in self.extensions:
            return public_base() + super().url_for(endpoint, **values)
        return super().url_for(endpoint, _external=_external, **values)


def redirect_origin(jobs: Jobs, settings: Settings) -> str:
    """The object storage origin listeners are redirected to for MP3s, or '' when the app sends them itself."""
    from ..media import S3Media

    if isinstance(jobs.media, S3Media) and settings.media_delivery == "redirect":
        return jobs.media.origin()
    return ""


def create_app(settings: Settings | None = None) -> Flask:
    """The narrator web app for `settings` (loaded from config/narrator.toml and NARRATOR_* when omitted)."""
    settings = settings or Settings.load()
    app = NarratorApp(__name__)
    app.config.from_mapping(MAX_CONTENT_LENGTH=settings.max_page_bytes + 64_000, JSON_SORT_KEYS=False,
                            MAX_FORM_MEMORY_SIZE=settings.max_page_bytes + 64_000)  # a page's HTML in one field
    jobs = get_jobs(settings)
    jobs.store.upgrade()
    app.extensions["narrator"] = Service(settings, jobs.store, jobs)
    started = time.time()

    from . import api, audio, checks, errors, feed, listening, pages, privacy, pronunciations, security, versions

    errors.register(app)
    privacy.install(app)
    limiter = security.install(app, settings, redirect_origin(jobs, settings))
    app.register_blueprint(api.blueprint)
    app.register_blueprint(audio.blueprint)
    app.register_blueprint(feed.blueprint)
    app.register_blueprint(pages.blueprint)
    security.csrf.exempt(api.blueprint)  # the API is for programs: bearer key and rate limit, no cookies
    security.limit_submissions(app, limiter, settings, "api.create", "pages.submit", "pages.listen_to_page")
    pronunciations.install(app, limiter, settings.report_rate_limit)
    app.register_blueprint(versions.blueprint)
    app.register_blueprint(listening.blueprint)
    app.register_blueprint(checks.blueprint)
    security.csrf.exempt(versions.blueprint)
    security.csrf.exempt(listening.blueprint)
    listening.limit_reports(app, limiter, settings.listen_rate_limit)

    @app.get("/healthz")
    @app.get("/readyz")
    def healthz():
        """Ready to serve: the store, the queue, a worker and object storage (when configured) answer; else 503 naming
        them."""
        from ..health import check

        checks = check(jobs, since=started)
        down = [name for name, result in checks.items() if result != "ok"]
        if not down:
            return {"status": "ok", "checks": checks}
        message = "; ".join(f"{name} is {checks[name]}" for name in down)
        return ({"status": "unavailable", "down": down, "checks": checks,
                 "error": {"code": "unavailable", "message": message}}, 503, {"Retry-After": str(RETRY_AFTER_S)})

    @app.get("/livez")
    def livez() -> dict[str, str]:
        """The process answers (for restarts: a dependency being down is no reason to restart the app)."""
        return {"status": "ok"}

    return app

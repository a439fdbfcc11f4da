"""Flask app factory: one blueprint per surface."""

from __future__ import annotations

from flask import Flask

from ..config import Settings


def create_app(settings: Settings | None = None) -> Flask:
    """The narrator web app for `settings` (loaded from config and environment when omitted)."""
    settings = settings or Settings.load()
    app = Flask(__name__)
    app.config.from_mapping(NARRATOR_SETTINGS=settings, MAX_CONTENT_LENGTH=settings.max_input_bytes)

    from . import files, pages

    app.register_blueprint(files.blueprint)
    app.register_blueprint(pages.blueprint)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app

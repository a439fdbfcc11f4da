"""Pages: the list of narrations with a submit form, and the player with chapters and a read-along transcript."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError

from ..errors import NarratorError
from . import service
from .errors import envelope, status_for
from .security import retry_after_s

blueprint = Blueprint("pages", __name__)


def _index(error: str | None = None, status: int = 200):
    rows, _ = service().store.page(50, 0)
    settings = service().settings
    form_open = settings.public_form or not settings.api_key
    return render_template("index.html", narrations=rows, error=error, form_open=form_open), status


@blueprint.get("/")
def index():
    return _index()


@blueprint.post("/")
def submit():
    """The form posts here (CSRF-checked); it creates the narration through the same path as the API."""
    from .api import require_key, submit_narration
    from .errors import ApiError

    try:
        if not service().settings.public_form:
            require_key()
        response = submit_narration()
    except (NarratorError, ApiError) as exc:
        return _index(str(exc), status_for(exc))
    return redirect(url_for("pages.listen", narration_id=response.get_json()["id"]), 303)


@blueprint.app_errorhandler(CSRFError)
def form_expired(exc: CSRFError):
    return _index("The form had expired or did not come from this site; please submit it again.", 400)


@blueprint.app_errorhandler(RateLimitExceeded)
def too_many(exc: RateLimitExceeded):
    """Pages say it in words; the API answers with its JSON envelope. Both carry Retry-After."""
    wait = retry_after_s()
    if request.path.startswith("/api/"):
        what = "listening reports for this narration" if request.endpoint == "listening.report_listen" \
            else "submissions"
        return envelope(429, "too_many_requests", f"too many {what} from this address (limit {exc.description}); "
                        f"try again in {wait} seconds", {"Retry-After": str(wait)})
    response, _ = _index(f"You have submitted a lot of articles recently (the limit is {exc.description}). "
                         f"Please try again in {wait} seconds.", 429)
    return response, 429, {"Retry-After": str(wait)}


@blueprint.get("/embed.js")
def embed_js():
    """The publishers' widget script (cross-origin by design)."""
    response = current_app.send_static_file("embed.js")
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.mimetype = "text/javascript"
    return response


@blueprint.get("/listen/<narration_id>")
def listen(narration_id: str):
    narration = service().store.get(narration_id)
    if narration is None:
        abort(404)
    settings = service().settings
    return render_template("listen.html", narration=narration, publication=settings.publication,
                           disclosure=settings.disclosure, listening=settings.listening_figures)

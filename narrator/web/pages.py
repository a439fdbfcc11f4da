"""Pages: the list of narrations with a submit form, and the player with chapters and a read-along transcript."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, url_for

from ..errors import NarratorError
from . import service

blueprint = Blueprint("pages", __name__)


@blueprint.get("/")
def index():
    rows, _ = service().store.page(50, 0)
    return render_template("index.html", narrations=rows, error=None)


@blueprint.post("/")
def submit():
    """The form posts here; it creates the narration through the same path as the API."""
    from .api import create
    from .errors import ApiError

    try:
        response = create()
    except (NarratorError, ApiError) as exc:
        rows, _ = service().store.page(50, 0)
        return render_template("index.html", narrations=rows, error=str(exc)), 422
    return redirect(url_for("pages.listen", narration_id=response.get_json()["id"]), 303)


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
    return render_template("listen.html", narration=narration, publication=service().settings.publication)

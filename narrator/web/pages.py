"""Pages: the list of narrations with a submit form, and the player with chapters and a read-along transcript."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from flask import Blueprint, Response, abort, current_app, redirect, render_template, request, url_for
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError

from .. import webpage
from ..errors import NarratorError
from . import privacy, service
from .errors import ApiError, envelope, public_error, status_for
from .security import csrf, first_party, retry_after_s

blueprint = Blueprint("pages", __name__)
BOOKMARKLET_SAFE = "(){}[];,.:=+!'/*&|<>?-_\"$"
"""Characters left as they are in the bookmarklet's javascript: address (the rest are %-escaped)."""


def _index(error: str | None = None, status: int = 200):
    rows, _ = service().store.page(50, 0, visibility="public")
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

    try:
        if not service().settings.public_form:
            require_key()
        response = submit_narration(False, privacy.cookie_listener())
    except (NarratorError, ApiError) as exc:
        return _index(public_error(str(exc)), status_for(exc))
    return _open_player(response)


def _open_player(response: Response) -> Response:
    """Go to the new private narration's player, remembering its listener in this browser."""
    created = response.get_json()
    return privacy.remember(redirect(url_for("pages.listen", narration_id=created["id"]), 303), created["listener"])


@blueprint.get("/mine")
def mine():
    """The listener's own narrations and secret feed address (known from this browser's cookie)."""
    listener = privacy.cookie_listener()
    privacy.mark_private()
    narrations = service().store.listener_narrations(listener.id) if listener else []
    notice = "Your feed has a new address; the old one no longer works." if request.args.get("revoked") else ""
    return render_template("mine.html", listener=listener, narrations=narrations, notice=notice,
                           feed_url=privacy.feed_url(listener) if listener else "",
                           keep_days=service().settings.private_keep_days)


@blueprint.post("/mine/revoke")
def revoke():
    """Replace the feed address (CSRF-checked): the old one answers 404 from now on."""
    listener = privacy.cookie_listener()
    renewed = service().store.rotate_listener(listener.id) if listener else None
    response = redirect(url_for("pages.mine", revoked=1 if renewed else None), 303)
    return privacy.remember(response, renewed.feed_token) if renewed else response


@blueprint.get("/bookmarklet")
def bookmarklet():
    """How to install the "Listen to this page" bookmarklet, made for this browser's feed (a button makes the feed
    first when this browser has none: a GET stores nothing)."""
    listener = privacy.cookie_listener()
    return _bookmarklet_page(listener.feed_token if listener else "")


@blueprint.post("/bookmarklet")
def make_bookmarklet():
    """Make this browser's feed for its bookmarklet (CSRF-checked, first-party only), then show the bookmarklet."""
    response = redirect(url_for("pages.bookmarklet"), 303)
    if privacy.cookie_listener() is None and service().settings.public_form and first_party():
        return privacy.remember(response, service().store.create_listener().feed_token)
    return response


def _bookmarklet_page(token: str, error: str = "", status: int = 200, make_form: bool = True):
    """The install page with the bookmarklet of `token`; without one, the button that makes this browser's feed
    (`make_form`) or, answering another site's post (no session or form token is made for it), a link here."""
    privacy.mark_private()
    code = bookmarklet_href(url_for("pages.listen_to_page", _external=True), token) if token else ""
    page = render_template("bookmarklet.html", code=code, error=error, form_open=service().settings.public_form,
                           publication=service().settings.publication, make_form=make_form)
    return Response(page, status=status, mimetype="text/html")


def bookmarklet_href(action: str, token: str) -> str:
    """The bookmarklet: static/bookmarklet.js with this server's address and the listener's token filled in."""
    source = (Path(current_app.static_folder or "") / "bookmarklet.js").read_text("utf-8")
    code = " ".join(source.replace("__ACTION__", json.dumps(action)).replace("__LISTENER__", json.dumps(token)).split())
    return "javascript:" + quote(code.rstrip(";"), safe=BOOKMARKLET_SAFE)


@blueprint.post("/listen-to-this-page")
@csrf.exempt  # posted from the page the reader is on, by the reader's own bookmarklet: no form token possible
def listen_to_page():
    """The bookmarklet posts here the page the reader is on, its HTML as the browser shows it.

    The post comes from another site, and any site can make one: it is trusted with nothing but the feed token it
    carries. The narration goes into that token's feed; this browser's cookie is neither read nor set, so a hostile
    page cannot change which feed this browser's own narrations go to."""
    from .api import submit_narration

    settings = service().settings
    listener = None
    try:
        if not settings.public_form:
            raise ApiError(401, "unauthorized", "This server takes new narrations through its API only.")
        listener = privacy.listener_for(request.form.get("listener", ""))
        if listener is None:
            raise ApiError(422, "unknown_listener", "This bookmarklet has no current feed address (it was replaced "
                                                    "or has expired): install the bookmarklet again from this page.")
        address = request.form.get("url", "")
        address = address if address.startswith(("http://", "https://")) and len(address) <= 2000 else ""
        page = webpage.article_from_html(request.form.get("html", ""), address, settings.max_page_bytes)
        response = submit_narration(False, listener, {"text": page.markdown, "format": "markdown",
                                                      "title": page.title, "author": page.author, "url": address})
    except (NarratorError, ApiError) as exc:
        return _bookmarklet_page(listener.feed_token if listener else "",
                                 f"The page could not be narrated: {public_error(str(exc))}", status_for(exc),
                                 make_form=False)
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
    privacy.mark(narration)
    settings = service().settings
    return render_template("listen.html", narration=narration, error=public_error(narration.error),
                           publication=settings.publication,
                           disclosure=settings.disclosure,
                           listening=settings.listening_figures and narration.visibility == "public")

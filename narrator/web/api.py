"""JSON API: submit, inspect, list and delete narrations (contract in shared/DESIGN.md)."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Response, current_app, request, url_for

from .. import webpage
from ..article import EXTENSION_FORMATS, MAX_AUTHOR_CHARS, MAX_TITLE_CHARS, Format
from ..engines import check_voice
from ..errors import NarratorError
from ..fetch_pool import FetchPool
from ..fetching import PoliteFetcher
from ..store import Listener, Narration, as_utc
from ..submissions import submit
from . import privacy, service
from .errors import ApiError, public_error
from .hygiene import check_encodable, parse_json, string_field, without_controls
from .openapi import openapi_document
from .security import has_valid_key

_LOGGER = logging.getLogger(__name__)

blueprint = Blueprint("api", __name__, url_prefix="/api")

FORMATS: tuple[Format, ...] = ("auto", "text", "markdown", "html")
RAW_TYPES: dict[str, Format] = {"text/plain": "text", "text/markdown": "markdown", "text/x-markdown": "markdown",
                                "text/html": "html"}
VOICE_FIELDS = ("engine", "voice")
MAX_PER_PAGE = 100
MAX_PAGE = 1_000_000
MAX_URL_CHARS = 2000
VISIBILITIES = ("public", "private")
_POOL_LOCK = threading.Lock()


def require_key() -> None:
    """When an API key is configured, writes and the editors' reads need it as a bearer token (compared in constant
    time); the answer names the request that needs it."""
    settings = service().settings
    if settings.api_key and not has_valid_key(settings):
        raise ApiError(401, "unauthorized", f"{request.method} {request.path} needs the API key: send "
                                            "'Authorization: Bearer <key>'",
                       {"WWW-Authenticate": 'Bearer realm="narrator"'})


def live_version_arg(narration: Narration) -> int | None:
    """The `v` query argument of a narration's file URLs: none for version 1, so first links stay as they were."""
    return narration.live_version if (narration.live_version or 0) > 1 else None


def narration_json(narration: Narration) -> dict[str, Any]:
    """The narration resource. While a newer version renders, it describes the live one (status done) and shows the
    newer one's progress under `pending_version`. A failure's reason is given whole to the key holder only."""
    done = narration.playable
    pending = done and narration.version > (narration.live_version or 0)
    shown_error = narration.error if has_valid_key(service().settings) else public_error(narration.error)

    def link(endpoint: str, **values: Any) -> str | None:
        return url_for(endpoint, _external=True, v=live_version_arg(narration), **values) if done else None

    return {
        "id": narration.id,
        "title": narration.title,
        "author": narration.author,
        "status": narration.public_status,
        "progress": 1.0 if done else round(narration.progress, 3),
        "step": "" if done else narration.current_step,
        "error": None if pending else shown_error or None,
        "version": narration.live_version or narration.version,
        "pending_version": {"version": narration.version, "status": narration.status,
                            "progress": round(narration.progress, 3), "error": shown_error or None,
                            } if pending else None,
        "external_id": narration.external_id,
        "published_at": as_utc(narration.published_at).isoformat() if narration.published_at else None,
        "updated_at": as_utc(narration.updated_at).isoformat() if narration.updated_at else None,
        "versions_url": url_for("versions.index", narration_id=narration.id, _external=True),
        "listens_url": url_for("listening.report_listen", narration_id=narration.id, _external=True)
        if done and narration.visibility == "public" and service().settings.listening_figures else None,
        "duration_s": round(narration.duration_s, 3) if narration.duration_s is not None else None,
        "narrator": narration.narrator_name or None,
        "chapters": [{"title": c.title, "start_s": round(c.start_s, 3)} for c in narration.chapters],
        "audio_url": link("audio.mp3", narration_id=narration.id),
        "chapters_url": link("audio.chapters", narration_id=narration.id),
        "transcript_url": link("audio.transcript", narration_id=narration.id),
        "player_url": url_for("pages.listen", narration_id=narration.id, _external=True),
        "parts": [] if done else [
            {**part, "url": url_for("audio.part", narration_id=narration.id, index=part["index"], _external=True)}
            for part in sorted(narration.parts or [], key=lambda p: p["index"])],
        "created_at": as_utc(narration.created_at).isoformat(),
        "visibility": narration.visibility,
    }


def _submission() -> dict[str, Any]:
    """The submitted fields, from a JSON body or a raw text/markdown/html body."""
    mimetype = request.mimetype or ""
    if mimetype == "application/json":
        body = parse_json(request.get_data(cache=False))
        if not isinstance(body, dict):
            raise ApiError(400, "invalid_json", "the body must be a JSON object with a 'text' field")
        return body
    if mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        upload = request.files.get("file")
        if upload and upload.filename:
            fmt = EXTENSION_FORMATS.get(PurePath(upload.filename).suffix.lower())
            if fmt is None:
                raise ApiError(415, "unsupported_media_type", "upload a .txt, .md or .html file")
            return {**request.form.to_dict(), "text": upload.read(), "format": fmt}
        return request.form.to_dict()
    if mimetype in RAW_TYPES:
        return {"text": request.get_data(cache=False), "format": RAW_TYPES[mimetype], **{
            k: v for k, v in request.args.items()
            if k in ("title", "author", "url", "external_id", "engine", "voice", "listener", "visibility")}}
    raise ApiError(415, "unsupported_media_type",
                   "send JSON ({\"text\": ...}) or a text/plain, text/markdown or text/html body")


def _string_field(body: dict[str, Any], name: str, limit: int) -> str:
    value = " ".join(without_controls(string_field(body, name)).split())
    if len(value) > limit:
        raise ApiError(422, "invalid_field", f"'{name}' is {len(value):,} characters; the limit is {limit:,}")
    return value


def may_publish() -> bool:
    """True for the operator (the API key holder, or anyone when no key is configured): their submissions are public
    by default. Others are anonymous, allowed while `public_form` is on, and private; a wrong key is refused."""
    settings = service().settings
    if not settings.api_key or has_valid_key(settings):
        return True
    if request.headers.get("Authorization") or not settings.public_form:
        require_key()
    return False


@blueprint.post("/narrations")
def create():
    return submit_narration(may_publish())


def _url_field(body: dict[str, Any]) -> str:
    url = _string_field(body, "url", MAX_URL_CHARS)
    parts = urlsplit(url)
    if url and (parts.scheme not in ("http", "https") or not parts.hostname or " " in url):
        raise ApiError(422, "invalid_field", f"'url' must be a web address starting with http:// or https://, "
                                             f"not {url[:100]!r}")
    return url


def _listener_field(body: dict[str, Any]) -> Listener | None:
    value = body.get("listener")
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ApiError(422, "invalid_field", "'listener' must be a string: the feed_url (or its token) from an "
                                             "earlier private narration")
    listener = privacy.listener_for(value)
    if listener is None:
        raise ApiError(422, "unknown_listener", "'listener' is not a current feed address: use the feed_url of an "
                                                "earlier private narration (a revoked one no longer works), or "
                                                "leave it out to get a new feed")
    return listener


def _visibility(body: dict[str, Any], keyed: bool, listener: Listener | None) -> str:
    """public or private, as asked for and allowed (anonymous and listener submissions are private)."""
    asked = string_field(body, "visibility")
    if asked and asked not in VISIBILITIES:
        raise ApiError(422, "invalid_field", "'visibility' must be public or private")
    if asked == "public" and not keyed:
        raise ApiError(401, "unauthorized", "only the API key holder can publish a narration; anonymous "
                                            "submissions are private", {"WWW-Authenticate": 'Bearer realm="narrator"'})
    if asked == "public" and listener is not None:
        raise ApiError(422, "invalid_field", "a 'listener' feed holds private narrations: leave out 'listener' "
                                             "or 'visibility'")
    return asked or ("public" if keyed and listener is None else "private")


def _text_and_format(body: dict[str, Any], url: str) -> tuple[str | bytes, Format, dict[str, str]]:
    """The article and its format; with only a 'url', the page is fetched and its article extracted."""
    text = body.get("text")
    blank = text is None or (isinstance(text, str) and not text.strip())
    if blank and url:
        page = webpage.fetch_article(url, page_fetcher(), service().settings.max_page_bytes, fetch_pool())
        return page.markdown, "markdown", {"title": page.title, "author": page.author}
    if not isinstance(text, (str, bytes)):
        raise ApiError(422, "invalid_field", "'text' or 'url' is required: the article as plain text, Markdown or "
                                             "HTML, or the address of a web page to narrate")
    if isinstance(text, str):
        check_encodable("text", text)
    fmt = string_field(body, "format") or "auto"
    if fmt not in FORMATS:
        raise ApiError(422, "invalid_field", f"'format' must be one of {', '.join(FORMATS)}")
    return text, fmt, {}


def page_fetcher() -> PoliteFetcher:
    """The app's fetcher for listeners' web addresses (robots.txt cached and pauses kept across requests)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "narrator_fetcher" not in app.extensions:
        settings = service().settings
        app.extensions["narrator_fetcher"] = webpage.page_fetcher(settings.fetch_private_addresses,
                                                                  deadline_s=settings.fetch_timeout_s)
    return app.extensions["narrator_fetcher"]


def fetch_pool() -> FetchPool:
    """The app's bounded pool of page fetches (`fetch_slots`), shared by every request thread."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    with _POOL_LOCK:
        if "narrator_fetch_pool" not in app.extensions:
            settings = service().settings
            app.extensions["narrator_fetch_pool"] = FetchPool(settings.fetch_slots, settings.fetch_timeout_s)
    return app.extensions["narrator_fetch_pool"]


def submit_narration(keyed: bool, listener: Listener | None = None, body: dict[str, Any] | None = None) -> Response:
    """Validate a submission, create (or find) its narration and queue it: 202 with the resource.

    `keyed` submissions may be public; a private one goes into `listener`'s feed (or the body's "listener", or a new
    listener's), and the answer carries that feed's secret address."""
    body = _submission() if body is None else body
    listener = listener or _listener_field(body)
    visibility = _visibility(body, keyed, listener)
    title = _string_field(body, "title", MAX_TITLE_CHARS)
    author = _string_field(body, "author", MAX_AUTHOR_CHARS)
    url = _url_field(body)
    external_id = _string_field(body, "external_id", 300)
    voice = {k: value for k in VOICE_FIELDS if (value := _string_field(body, k, 200))}
    settings = service().settings
    if voice.get("engine") and voice["engine"] not in ("auto", "piper", "pyttsx3"):
        raise ApiError(422, "invalid_field", "'engine' must be auto, piper or pyttsx3")
    check_voice(voice.get("engine") or settings.engine, voice.get("voice", ""), settings.voices_dir)
    text, fmt, found = _text_and_format(body, url)
    created_listener = visibility == "private" and listener is None
    if created_listener:
        listener = service().store.create_listener()
    private = visibility == "private" and listener is not None
    try:
        submission = submit(service().jobs, text, fmt=fmt, title=without_controls(title or found.get("title", "")),
                            author=without_controls(author or found.get("author", "")), url=url, voice=voice,
                            settings=settings, listener_id=listener.id if private else None, external_id=external_id,
                            as_version=keyed and not private)
    except Exception:
        if created_listener and listener is not None:
            _forget(listener)
        raise
    narration = submission.narration
    resource = narration_json(narration)
    if narration.visibility == "private" and listener is not None:
        privacy.mark_private()
        resource.update(feed_url=privacy.feed_url(listener), listener=listener.feed_token)
    response = Response(json.dumps(resource), status=202, mimetype="application/json")
    response.headers["Location"] = url_for("api.show", narration_id=narration.id, _external=True)
    return response


def _forget(listener: Listener) -> None:
    """Remove the listener made for a request that was then refused: a refused request stores nothing."""
    try:
        service().store.delete_listener(listener.id)
    except NarratorError as exc:  # the store is what failed: the listener holds nothing and is never named
        _LOGGER.warning("could not remove unused listener %s: %s", listener.id, exc)


@blueprint.post("/listeners/revoke")
def revoke_listener():
    """Replace a listener's feed address: the old one answers 404 from now on."""
    body = _submission()
    listener = _listener_field(body)
    if listener is None:
        raise ApiError(422, "invalid_field", "'listener' is required: the feed_url (or its token) to revoke")
    renewed = service().store.rotate_listener(listener.id)
    if renewed is None:
        raise ApiError(404, "not_found", "that listener no longer exists")
    privacy.mark_private()
    return {"listener": renewed.feed_token, "feed_url": privacy.feed_url(renewed)}


def _get_or_404(narration_id: str) -> Narration:
    narration = service().store.get(narration_id)
    if narration is None:
        raise ApiError(404, "not_found", f"no narration with id {narration_id!r}")
    return narration


@blueprint.get("/narrations/<narration_id>")
def show(narration_id: str):
    narration = _get_or_404(narration_id)
    privacy.mark(narration)
    return narration_json(narration)


@blueprint.get("/narrations")
def index():
    try:
        page = int(request.args.get("page", 1))
        per_page = int(request.args.get("per_page", 20))
    except ValueError as exc:
        raise ApiError(400, "invalid_query", "'page' and 'per_page' must be whole numbers") from exc
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, "invalid_query", f"'page' must be 1 to {MAX_PAGE:,} and 'per_page' 1 to {MAX_PER_PAGE}")
    status = request.args.get("status")
    if status is not None and status not in ("queued", "running", "done", "failed"):
        raise ApiError(400, "invalid_query", "'status' must be queued, running, done or failed")
    rows, total = service().store.page(per_page, (page - 1) * per_page, status, request.args.get("url"),
                                       visibility="public")
    return {"items": [narration_json(n) for n in rows], "page": page, "per_page": per_page, "total": total,
            "next": url_for("api.index", page=page + 1, per_page=per_page, _external=True)
            if page * per_page < total else None}


@blueprint.delete("/narrations/<narration_id>")
def delete(narration_id: str):
    require_key()
    _get_or_404(narration_id)
    service().store.delete(narration_id)
    service().jobs.media.delete(narration_id)
    return "", 204


@blueprint.after_request
def allow_cross_origin_reads(response: Response) -> Response:
    """Publishers' pages (the embed widget, other players) read narrations from other origins."""
    if request.method in ("GET", "HEAD"):
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/openapi.json")
def openapi():
    return openapi_document(request.url_root.rstrip("/"))

"""Listening figures: players report a play and each quarter reached; editors read the sums (API and a page)."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, Flask, Response, render_template, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from ..listening import EVENT_COLUMNS, record, report, today
from . import service
from .api import require_key
from .errors import ApiError
from .hygiene import parse_json

blueprint = Blueprint("listening", __name__)

MAX_REPORT_BYTES = 200
MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 30
OPT_OUT_HEADERS = (("DNT", "1"), ("Sec-GPC", "1"))
"""Browsers that ask not to be tracked are not counted at all (the players do not even send)."""


def _opted_out() -> bool:
    return any(request.headers.get(name, "").strip() == value for name, value in OPT_OUT_HEADERS)


def _event() -> str:
    """The reported event from a small JSON body (sent as text/plain, so no CORS preflight is needed)."""
    if request.mimetype not in ("application/json", "text/plain", ""):
        raise ApiError(415, "unsupported_media_type", "send a JSON body such as {\"event\": \"play\"}")
    raw = request.get_data(cache=False)
    if len(raw) > MAX_REPORT_BYTES:
        raise ApiError(413, "payload_too_large", f"a listening report is at most {MAX_REPORT_BYTES} bytes")
    body = parse_json(raw)
    event = body.get("event") if isinstance(body, dict) else None
    if isinstance(event, int) and not isinstance(event, bool):
        event = str(event)
    if not isinstance(event, str) or event not in EVENT_COLUMNS:
        raise ApiError(422, "invalid_field", "'event' must be one of " + ", ".join(EVENT_COLUMNS)
                       + " (a play, or the percentage of the narration reached)")
    return event


@blueprint.post("/api/narrations/<narration_id>/listens")
def report_listen(narration_id: str):
    """Count a play or a quarter reached of a public narration: 204 whether counted or dropped (Do Not Track,
    figures off)."""
    svc = service()
    event = _event()
    narration = svc.store.get(narration_id)
    if narration is None or not narration.playable or narration.visibility != "public":
        raise ApiError(404, "not_found", f"no finished public narration with id {narration_id!r} (a listener's "
                                         "private narrations are never counted)")
    if svc.settings.listening_figures and not _opted_out():
        record(svc.store, narration_id, event)
    return _no_store(Response(status=204))


def _date(name: str, default: dt.date) -> dt.date:
    value = request.args.get(name)
    if value is None or value == "":
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ApiError(400, "invalid_query", f"'{name}' must be a date as YYYY-MM-DD, not {value[:40]!r}") from exc


def period() -> tuple[dt.date, dt.date, int]:
    """The requested period (default: the last 30 days) and how many narrations to rank."""
    end = _date("to", today())
    start = _date("from", end - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    if start > end:
        raise ApiError(400, "invalid_query", f"'from' ({start}) is after 'to' ({end})")
    if (end - start).days + 1 > MAX_PERIOD_DAYS:
        raise ApiError(400, "invalid_query", f"the period is at most {MAX_PERIOD_DAYS} days")
    top = request.args.get("top", "10")
    if not top.isdigit() or not 1 <= int(top) <= 100:
        raise ApiError(400, "invalid_query", "'top' must be a whole number from 1 to 100")
    return start, end, int(top)


@blueprint.get("/api/stats")
def stats():
    """Plays, quarters reached, completion and the most-listened narrations over a period (with the key)."""
    require_key()
    start, end, top = period()
    return _no_store(Response(json.dumps(report(service().store, start, end, top)), mimetype="application/json"))


@blueprint.get("/stats")
def stats_page():
    """The editors' page: the period form, a chart and the most-listened table (filled by stats.js)."""
    end = today()
    return render_template("stats.html", start=end - dt.timedelta(days=DEFAULT_PERIOD_DAYS - 1), end=end,
                           needs_key=bool(service().settings.api_key))


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.after_request
def cross_origin(response: Response) -> Response:
    """Widgets on publishers' pages report from other origins (a simple text/plain POST, no credentials)."""
    if request.endpoint == "listening.report_listen":
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def limit_reports(app: Flask, limiter: Limiter, rate: str) -> None:
    """At most `rate` reports per client address and narration (kept in the rate-limit storage, not the database)."""
    if not rate:
        return

    def key() -> str:
        return f"{get_remote_address()}|{(request.view_args or {}).get('narration_id', '')}"

    endpoint = "listening.report_listen"
    app.view_functions[endpoint] = limiter.limit(rate, key_func=key, scope="listens")(app.view_functions[endpoint])


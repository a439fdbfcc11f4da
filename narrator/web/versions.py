"""JSON API of a narration's versions: list them, and roll back to an earlier one (with the key)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, url_for

from ..submissions import restore
from ..versions import list_versions, version_json
from . import privacy, service
from .api import _get_or_404, allow_cross_origin_reads, narration_json, require_key
from .errors import ApiError

blueprint = Blueprint("versions", __name__, url_prefix="/api/narrations/<narration_id>/versions")


@blueprint.get("")
def index(narration_id: str):
    """Every version, oldest first, with which one is live and what each job synthesized."""
    narration = _get_or_404(narration_id)
    privacy.mark(narration)
    return {"id": narration.id, "version": narration.live_version or narration.version,
            "latest_version": narration.version,
            "items": [version_json(row, narration) for row in list_versions(service().store, narration.id)]}


@blueprint.post("/<number>/restore")
def restore_version(narration_id: str, number: str):
    """Roll back: an earlier version's text becomes the next version (its sentences come from the cache)."""
    require_key()
    narration = _get_or_404(narration_id)
    if not (number.isascii() and number.isdigit()) or int(number) < 1:
        raise ApiError(400, "invalid_version", f"the version must be a whole number from 1, not {number!r}")
    try:
        submission = restore(service().jobs, narration, int(number)) if int(number) <= narration.version else None
    except ValueError as exc:
        raise ApiError(409, "conflict", str(exc)) from exc
    if submission is None:
        raise ApiError(404, "not_found", f"narration {narration_id!r} has no version {number} "
                       f"(it has 1 to {narration.version})")
    status = 202 if submission.outcome == "updated" else 200
    response = Response(json.dumps(narration_json(submission.narration)), status=status, mimetype="application/json")
    response.headers["Location"] = url_for("api.show", narration_id=narration_id, _external=True)
    return response


blueprint.after_request(allow_cross_origin_reads)  # like the rest of the API, readable from publishers' pages

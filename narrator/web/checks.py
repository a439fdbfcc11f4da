"""JSON API of a narration's listening check: its word error rate and the words the recognizer heard wrong."""

from __future__ import annotations

from flask import Blueprint

from .. import check_store, hearing
from . import privacy, service
from .api import _get_or_404, allow_cross_origin_reads

blueprint = Blueprint("checks", __name__, url_prefix="/api/narrations/<narration_id>/check")


@blueprint.get("")
def show(narration_id: str):
    """{"status": "pending"|"done"|"unavailable", "wer", "words": [{"word", "heard", "start_s", "sentence"}]}; as
    private as its narration (the same address rules, private caching, noindex)."""
    narration = _get_or_404(narration_id)
    privacy.mark(narration)
    missing = ("" if hearing.available() else hearing.INSTALL_HINT) if service().settings.listening_check else \
        "listening checks are off (the listening_check setting)"
    return check_store.view(service().store, narration.id, missing).as_json()


blueprint.after_request(allow_cross_origin_reads)

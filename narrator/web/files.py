"""Serves finished narrations from the output folder, with HTTP Range, ETag and conditional requests."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

blueprint = Blueprint("files", __name__)
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}\.(mp3|chapters\.json|vtt)$")
_TYPES = {"mp3": "audio/mpeg", "json": "application/json+chapters", "vtt": "text/vtt"}


@blueprint.get("/audio/<path:name>")
def audio_file(name: str):
    if not _NAME.match(name):
        abort(404)
    folder = Path(current_app.config["NARRATOR_SETTINGS"].out_dir).resolve()
    response = send_from_directory(folder, name, mimetype=_TYPES[name.rsplit(".", 1)[1]], conditional=True,
                                   max_age=3600)
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response

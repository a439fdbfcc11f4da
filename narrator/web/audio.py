"""Finished narrations' files: MP3 with HTTP Range/ETag/conditional requests, chapters JSON and WebVTT (CORS)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, send_file

from . import service
from .errors import ApiError

blueprint = Blueprint("audio", __name__, url_prefix="/audio")
ONE_YEAR = 365 * 24 * 3600


def _finished_file(narration_id: str, suffix: str) -> Path:
    """The file of a done narration; 404 while it is queued or running (a partial file is never served)."""
    narration = service().store.get(narration_id)
    path = Path(service().settings.out_dir).resolve() / f"{narration_id}{suffix}"
    if narration is None or narration.status != "done" or not path.is_file():
        raise ApiError(404, "not_found", f"no finished narration with id {narration_id!r}")
    return path


def _send(path: Path, mimetype: str) -> Response:
    response = send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=ONE_YEAR)
    # A narration's files never change under its id (a new text or voice gets a new id).
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Range, Content-Length, Accept-Ranges, ETag"
    response.headers["Accept-Ranges"] = "bytes"
    return response


@blueprint.get("/<narration_id>.mp3")
def mp3(narration_id: str):
    return _send(_finished_file(narration_id, ".mp3"), "audio/mpeg")


@blueprint.get("/<narration_id>.part-<int:index>.mp3")
def part(narration_id: str, index: int):
    """A segment published while the narration renders (gone once the final file is ready)."""
    from ..jobs import part_name

    path = Path(service().settings.out_dir).resolve() / part_name(narration_id, index)
    if not path.is_file():
        raise ApiError(404, "not_found", "no such part (the narration may be finished: use its audio_url)")
    response = _send(path, "audio/mpeg")
    response.headers["Cache-Control"] = "no-cache"
    return response


@blueprint.get("/<narration_id>.chapters.json")
def chapters(narration_id: str):
    return _send(_finished_file(narration_id, ".chapters.json"), "application/json+chapters")


@blueprint.get("/<narration_id>.vtt")
def transcript(narration_id: str):
    return _send(_finished_file(narration_id, ".vtt"), "text/vtt")

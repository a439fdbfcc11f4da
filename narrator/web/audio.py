"""Finished narrations' files: MP3 with HTTP Range/ETag/conditional requests, chapters JSON and WebVTT (CORS).

Files in the output folder are sent directly. Files in S3 are either redirected to (a presigned URL: the storage
answers Range requests itself) or proxied with the same Range, HEAD and conditional semantics.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, redirect, request, send_file

from ..media import CONTENT_TYPES, FolderMedia, S3Media, part_name
from . import privacy, service
from .errors import ApiError

blueprint = Blueprint("audio", __name__, url_prefix="/audio")
ONE_YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={ONE_YEAR}, immutable"
"""A narration's files under one version's address never change: version 1 has the plain address, later versions
add `?v=N` (the narration resource, player and feed link the live one)."""
REVALIDATE = "no-cache"
"""An address of a version that is no longer live (or not yet): the live file, checked with its ETag every time."""


BYTE_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)
"""One byte range (RFC 9110 14.1.2): first-last, first- or -suffix. Anything else in Range is ignored."""


def usable_range(header: str, size: int) -> str | None:
    """The Range to answer for a file of `size` bytes, or None to ignore it and send the whole file (200).

    Per RFC 9110 a server may ignore Range: a multi-range, a reversed or malformed one is ignored; a suffix longer
    than the file means the whole file (206); a range starting past the end stays, to be answered 416."""
    found = BYTE_RANGE.fullmatch("".join(header.split()))
    if found is None or found.groups() == ("", ""):
        return None
    first, last = found.groups()
    if first and last and int(first) > int(last):
        return None
    if not first and int(last) >= size > 0:
        return "bytes=0-"
    return f"bytes={first}-{last}"


def _settle_range(size: int) -> None:
    """Replace the request's Range with the one to answer (before anything reads request.range)."""
    header = request.environ.get("HTTP_RANGE")
    if header is None:
        return
    usable = usable_range(header, size)
    if usable is None:
        del request.environ["HTTP_RANGE"]
    else:
        request.environ["HTTP_RANGE"] = usable


def _not_found(narration_id: str) -> ApiError:
    return ApiError(404, "not_found", f"no finished narration with id {narration_id!r}")


def _finished(narration_id: str, suffix: str) -> Response:
    """A done narration's file; 404 while it is queued or running (a partial file is never served)."""
    narration = service().store.get(narration_id)
    if narration is None or not narration.playable:
        raise _not_found(narration_id)
    privacy.mark(narration)
    asked = request.args.get("v", "1")
    cache_control = IMMUTABLE if asked == str(narration.live_version or 1) else REVALIDATE
    return _serve(f"{narration_id}{suffix}", CONTENT_TYPES[suffix], cache_control, redirect_ok=suffix == ".mp3")


def _serve(name: str, mimetype: str, cache_control: str, redirect_ok: bool) -> Response:
    media = service().jobs.media
    if isinstance(media, FolderMedia):
        path = media.path(name)
        if path is None:
            raise ApiError(404, "not_found", f"no file {name!r}")
        _settle_range(path.stat().st_size)
        response = send_file(path, mimetype=mimetype, conditional=True, etag=True, max_age=ONE_YEAR)
    elif redirect_ok and service().settings.media_delivery == "redirect":
        response = redirect(media.presigned_url(name, mimetype), 302)
        # Cached a little less long than the signature lasts, so a cached redirect never points at an expired URL.
        response.headers["Cache-Control"] = f"private, max-age={max(0, media.url_expiry_s - 300)}"
        return _cors(response)
    else:
        response = _proxy(media, name, mimetype)
    response.headers["Cache-Control"] = cache_control
    response.headers["Accept-Ranges"] = "bytes"
    return _cors(response)


def _proxy(media: S3Media, name: str, mimetype: str) -> Response:
    """Stream a stored object (or the requested range of it) through the app."""
    stored = media.stat(name)
    if stored is None:
        raise ApiError(404, "not_found", f"no file {name!r}")
    headers = {"ETag": f'"{stored.etag}"'}
    if stored.last_modified is not None:
        headers["Last-Modified"] = stored.last_modified.strftime("%a, %d %b %Y %H:%M:%S GMT")
    if request.if_none_match and request.if_none_match.contains(stored.etag):
        return Response(status=304, headers=headers)
    _settle_range(stored.size)
    start, end, status = 0, stored.size - 1, 200
    if_range = request.if_range  # a range is honoured only while the client's copy is still the stored one
    byte_range = request.range if not (if_range.etag or if_range.date) or if_range.etag == stored.etag else None
    if byte_range is not None:
        bounds = byte_range.range_for_length(stored.size)
        if bounds is None:
            return Response(status=416, headers={**headers, "Content-Range": f"bytes */{stored.size}"})
        start, end, status = bounds[0], bounds[1] - 1, 206
        headers["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
    headers["Content-Length"] = str(end - start + 1)
    body = media.read(name, start, end) if request.method != "HEAD" and stored.size else iter(())
    return Response(body, status=status, mimetype=mimetype, headers=headers, direct_passthrough=True)


def _cors(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = "Content-Range, Content-Length, Accept-Ranges, ETag"
    return response


@blueprint.get("/<narration_id>.mp3")
def mp3(narration_id: str):
    return _finished(narration_id, ".mp3")


def _part(narration_id: str, index: int, suffix: str, mimetype: str, instead: str) -> Response:
    """A part's file while its narration lists it (or just finished: listeners may be part-way through one); 404 for
    an id with no row, a failed or re-queued narration, or a part the row does not list (a killed worker's leftovers
    are never served)."""
    narration = service().store.get(narration_id)
    if narration is None or not _lists_part(narration, index):
        raise ApiError(404, "not_found", f"no such part (the narration may be finished: use its {instead})")
    privacy.mark(narration)
    try:
        return _serve(part_name(narration_id, index).removesuffix(".mp3") + suffix, mimetype, "no-cache",
                      redirect_ok=False)
    except ApiError as exc:
        raise ApiError(404, "not_found", f"no such part (the narration may be finished: use its {instead})") from exc


def _lists_part(narration: Any, index: int) -> bool:
    if narration.status == "done":
        return True
    return narration.status == "running" and any(part.get("index") == index for part in narration.parts or [])


@blueprint.get("/<narration_id>.part-<int:index>.mp3")
def part(narration_id: str, index: int):
    """A segment published while the narration renders (gone once the final file is ready)."""
    return _part(narration_id, index, ".mp3", "audio/mpeg", "audio_url")


@blueprint.get("/<narration_id>.part-<int:index>.vtt")
def part_transcript(narration_id: str, index: int):
    """The read-along of a part published while the narration renders (times on the whole narration)."""
    return _part(narration_id, index, ".vtt", "text/vtt", "transcript_url")


@blueprint.get("/<narration_id>.chapters.json")
def chapters(narration_id: str):
    return _finished(narration_id, ".chapters.json")


@blueprint.get("/<narration_id>.vtt")
def transcript(narration_id: str):
    return _finished(narration_id, ".vtt")

"""Podcast feed: RSS 2.0 with the itunes and Podcasting 2.0 namespaces, finished narrations only."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from email.utils import format_datetime

from flask import Blueprint, Response, abort

from ..store import Narration, as_utc, utcnow
from . import privacy, service

blueprint = Blueprint("feed", __name__)

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The spec's original URI; clients must treat it as identical to https://podcastindex.org/namespace/1.0, and
# podcastparser (gPodder) recognizes only this one.
PODCAST = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ATOM = "http://www.w3.org/2005/Atom"
PSC = "http://podlove.org/simple-chapters"
ET.register_namespace("itunes", ITUNES)
ET.register_namespace("podcast", PODCAST)
ET.register_namespace("atom", ATOM)
ET.register_namespace("psc", PSC)


def _sub(parent: ET.Element, tag: str, content: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if content is not None:
        element.text = content
    return element


def _npt(seconds: float) -> str:
    """Normal play time, as Podlove Simple Chapters want it: HH:MM:SS.mmm."""
    millis = int(round(seconds * 1000))
    return f"{millis // 3_600_000:02d}:{millis // 60_000 % 60:02d}:{millis // 1000 % 60:02d}.{millis % 1000:03d}"


def _version_query(narration: Narration) -> str:
    """`?v=N` for versions after the first: an updated episode's files get new addresses (same GUID)."""
    return f"?v={narration.live_version}" if (narration.live_version or 0) > 1 else ""


def _updated_note(narration: Narration) -> str:
    """The episode description's note on a corrected article: when, and which version."""
    updated = as_utc(narration.updated_at)
    if not updated or (narration.live_version or 0) < 2:
        return ""
    return f" Updated {updated.day} {updated:%B %Y} (version {narration.live_version})."


def build_feed(narrations: list[Narration], base: str, title: str, *, feed_url: str = "", description: str = "",
               private: bool = False, disclosure: str = "") -> bytes:
    """The RSS document for these narrations, with absolute URLs under `base`; a `private` feed (a listener's own,
    at `feed_url`) asks directories not to list it. `disclosure` (the synthetic voice) ends each description."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    feed_url = feed_url or f"{base}/feed.xml"
    _sub(channel, "title", title)
    _sub(channel, "link", f"{base}/")
    _sub(channel, "description", description or f"Articles from {title}, narrated.")
    _sub(channel, "language", "en")
    _sub(channel, "generator", "narrator")
    _sub(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES}}}author", title)
    _sub(channel, f"{{{ITUNES}}}image", href=f"{base}/static/cover.png")
    _sub(channel, f"{{{ITUNES}}}category", text="News")
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    if private:
        _sub(channel, f"{{{ITUNES}}}block", "Yes")
    _sub(channel, f"{{{PODCAST}}}guid", str(uuid.uuid5(uuid.NAMESPACE_URL, feed_url)))
    newest = max((as_utc(n.finished_at) for n in narrations if n.finished_at), default=utcnow())
    _sub(channel, "lastBuildDate", format_datetime(newest))
    for narration in narrations:
        item = _sub(channel, "item")
        _sub(item, "title", narration.title)
        byline = f" by {narration.author}" if narration.author else ""
        version = _version_query(narration)
        _sub(item, "description", f"{narration.title}{byline}, narrated by {narration.narrator_name}."
             + (f" {disclosure}" if disclosure else "") + _updated_note(narration)
             + (f" Original article: {narration.url}" if narration.url else ""))
        _sub(item, "link", f"{base}/listen/{narration.id}")
        _sub(item, "guid", f"narrator:{narration.id}", isPermaLink="false")
        _sub(item, "pubDate", format_datetime(as_utc(narration.published_at or narration.finished_at
                                                     or narration.created_at)))
        if narration.updated_at and (narration.live_version or 0) > 1:
            _sub(item, f"{{{ATOM}}}updated", as_utc(narration.updated_at).isoformat())
        _sub(item, "enclosure", url=f"{base}/audio/{narration.id}.mp3{version}", length=str(narration.mp3_bytes or 0),
             type="audio/mpeg")
        _sub(item, f"{{{ITUNES}}}duration", str(int(round(narration.duration_s or 0))))
        _sub(item, f"{{{ITUNES}}}episodeType", "full")
        _sub(item, f"{{{ITUNES}}}explicit", "false")
        if narration.author:
            _sub(item, f"{{{ITUNES}}}author", narration.author)
        _sub(item, f"{{{PODCAST}}}chapters", url=f"{base}/audio/{narration.id}.chapters.json{version}",
             type="application/json+chapters")
        simple_chapters = _sub(item, f"{{{PSC}}}chapters", version="1.2")
        for chapter in narration.chapters:
            _sub(simple_chapters, f"{{{PSC}}}chapter", start=_npt(chapter.start_s), title=chapter.title)
        _sub(item, f"{{{PODCAST}}}transcript", url=f"{base}/audio/{narration.id}.vtt{version}", type="text/vtt",
             language="en")
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


@blueprint.get("/feed.xml")
def feed():
    svc = service()
    body = build_feed(svc.store.finished(), svc.settings.public_base_url.rstrip("/"), svc.settings.publication,
                      disclosure=svc.settings.disclosure)
    return Response(body, mimetype="application/rss+xml",
                    headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"})


@blueprint.get("/feeds/<token>.xml")
def listener_feed(token: str):
    """A listener's own podcast feed, at a secret address: their private narrations only (404 once revoked)."""
    svc = service()
    listener = svc.store.listener_by_token(token) if privacy.TOKEN.fullmatch(token) else None
    if listener is None:
        abort(404)
    privacy.mark_private()
    body = build_feed(svc.store.finished(visibility="private", listener_id=listener.id),
                      svc.settings.public_base_url.rstrip("/"), f"{svc.settings.publication}: my narrations",
                      feed_url=privacy.feed_url(listener), private=True, disclosure=svc.settings.disclosure,
                      description="The articles and pages you asked to hear, narrated. This address is yours "
                                  "alone: anyone who has it can see this feed.")
    return Response(body, mimetype="application/rss+xml", headers={"Cache-Control": "private, max-age=60"})

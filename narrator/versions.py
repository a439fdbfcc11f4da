"""Versions of a narration: new text for the same article (its URL or external id) updates the narration in place."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select, update

from .store import Narration, Store, VersionRow, as_utc, utcnow

_LOGGER = logging.getLogger(__name__)

PENDING = ("queued", "running")


def find_by_identity(store: Store, *, url: str = "", external_id: str = "",
                     voice: dict[str, str] | None = None, visibility: str = "public") -> Narration | None:
    """The newest narration of this article (its external id if given, else its URL) with these voice settings and
    this visibility (a listener's private request for the same article is never the publisher's narration)."""
    if not (external_id or url):
        return None
    column, value = (Narration.external_id, external_id) if external_id else (Narration.url, url)
    with store.session() as session:
        rows = session.scalars(select(Narration).where(column == value).where(Narration.visibility == visibility)
                               .order_by(Narration.created_at.desc()).limit(50)).all()
    return next((row for row in rows if (row.voice_settings or {}) == (voice or {})), None)


def has_content(store: Store, content_hash: str) -> bool:
    """True when some narration's current text has this content hash."""
    with store.session() as session:
        return session.scalar(select(Narration.id).where(Narration.content_hash == content_hash)) is not None


def new_version(store: Store, narration_id: str, *, content_hash: str, source_text: str, source_format: str,
                title: str, author: str, priority: int, restored_from: int | None = None) -> Narration | None:
    """Queue a new version of a narration; its current audio stays served until the new one is done.

    A version still queued or rendering is superseded (its worker loses the claim and stops)."""
    with store.session() as session:
        narration = session.get(Narration, narration_id, with_for_update=True)
        if narration is None:
            return None
        if narration.version > narration.live_version and narration.status in PENDING:
            session.execute(update(VersionRow).where(VersionRow.narration_id == narration_id)
                            .where(VersionRow.number == narration.version).values(status="superseded"))
        narration.version += 1
        narration.content_hash, narration.source_text, narration.source_format = content_hash, source_text, \
            source_format
        narration.render_key = content_hash  # a public narration's audio depends on exactly what its hash covers
        narration.title, narration.author = title or narration.title, author or narration.author
        narration.status, narration.progress, narration.current_step, narration.error = "queued", 0.0, "", ""
        narration.parts, narration.priority = [], priority
        session.add(VersionRow(narration_id=narration_id, number=narration.version, content_hash=content_hash,
                               source_text=source_text, source_format=source_format, title=narration.title,
                               author=narration.author, status="queued", restored_from=restored_from,
                               created_at=utcnow()))
        number = narration.version
    _LOGGER.info("narration %s: version %d queued%s", narration_id, number,
                 f" (restoring version {restored_from})" if restored_from else "")
    return store.get(narration_id)


def list_versions(store: Store, narration_id: str) -> list[VersionRow]:
    """Every version of a narration, oldest first."""
    with store.session() as session:
        return list(session.scalars(select(VersionRow).where(VersionRow.narration_id == narration_id)
                                    .order_by(VersionRow.number)))


def get_version(store: Store, narration_id: str, number: int) -> VersionRow | None:
    """One version of a narration."""
    with store.session() as session:
        return session.scalar(select(VersionRow).where(VersionRow.narration_id == narration_id)
                              .where(VersionRow.number == number))


def version_status(row: VersionRow, narration: Narration) -> str:
    """A version's status, with the running job's state for the newest one."""
    if row.number == narration.version and row.status not in ("done", "failed") and narration.status in PENDING:
        return narration.status
    return row.status


def version_json(row: VersionRow, narration: Narration) -> dict[str, Any]:
    """A version as the API shows it."""
    return {
        "version": row.number,
        "status": version_status(row, narration),
        "live": row.number == narration.live_version,
        "title": row.title,
        "created_at": _iso(row.created_at),
        "finished_at": _iso(row.finished_at),
        "duration_s": round(row.duration_s, 3) if row.duration_s is not None else None,
        "error": row.error or None,
        "restored_from": row.restored_from,
        "sentences": None if row.sentences_synthesized is None else {
            "synthesized": row.sentences_synthesized, "reused": row.sentences_reused or 0},
    }


def _iso(value: Any) -> str | None:
    return as_utc(value).isoformat() if value is not None else None

"""Submitting an article for narration: validate, deduplicate by content and voice, store, enqueue (API and import)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from .article import Format
from .config import Settings
from .jobs import PRIORITY_LISTENER, Jobs
from .pipeline import prepare_article
from .store import Narration, utcnow

Outcome = Literal["queued", "requeued", "existing", "hurried"]


@dataclass
class Submission:
    """What a submission led to."""

    narration: Narration
    outcome: Outcome
    """queued: new; requeued: it had failed before and was queued again; hurried: it waited in the queue at a lower
    priority (an archive import) and now goes ahead; existing: already queued, running or done."""


def content_digest(source: str, fmt: Format, title: str, author: str, voice: dict[str, str]) -> str:
    """The deduplication key: the same text with the same voice settings is one narration."""
    return hashlib.sha256(json.dumps({"text": source, "format": fmt, "title": title, "author": author,
                                      "voice": voice}, sort_keys=True).encode()).hexdigest()


def private_digest(digest: str, listener_id: str) -> str:
    """The deduplication key of a private narration: one listener's same request is one narration, but nobody else's
    request is ever joined to it (their own narration may share its audio internally)."""
    return hashlib.sha256(f"{digest}:private:{listener_id}".encode()).hexdigest()


def submit(jobs: Jobs, text: str | bytes, *, fmt: Format = "auto", title: str = "", author: str = "", url: str = "",
           voice: dict[str, str] | None = None, settings: Settings | None = None,
           priority: int = PRIORITY_LISTENER, listener_id: str | None = None) -> Submission:
    """Validate the article (raises IngestError with the reason), then create or find its narration and queue it.

    With a `listener_id` the narration is private: in that listener's feed only, kept `private_keep_days`."""
    voice = voice or {}
    settings = settings or jobs.settings
    article = prepare_article(text, fmt=fmt, title=title, author=author, url=url, settings=settings)
    source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    digest = content_digest(source, fmt, title, author, voice)
    privacy: dict[str, Any] = {"render_key": digest}
    if listener_id:
        keep = settings.private_keep_days
        privacy.update(visibility="private", listener_id=listener_id,
                       expires_at=utcnow() + dt.timedelta(days=keep) if keep > 0 else None)
    narration, created = jobs.store.create_or_get(
        private_digest(digest, listener_id) if listener_id else digest, title=article.title, author=article.byline,
        url=url, source_format=fmt, source_text=source, voice_settings=voice, priority=priority, **privacy)
    if created:
        jobs.enqueue(narration.id, priority)
        return Submission(narration, "queued")
    if narration.status == "failed":
        jobs.store.requeue(narration.id)
        jobs.enqueue(narration.id, priority)
        return Submission(jobs.store.get(narration.id) or narration, "requeued")
    if jobs.store.raise_priority(narration.id, priority):  # the older, lower message is skipped when it comes up
        jobs.enqueue(narration.id, priority)
        return Submission(jobs.store.get(narration.id) or narration, "hurried")
    return Submission(narration, "existing")

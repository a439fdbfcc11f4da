"""Submitting an article for narration: validate, deduplicate by content and voice, store, enqueue (API and import)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Literal

from .article import Format
from .config import Settings
from .jobs import PRIORITY_LISTENER, Jobs
from .pipeline import prepare_article
from .store import Narration

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


def submit(jobs: Jobs, text: str | bytes, *, fmt: Format = "auto", title: str = "", author: str = "", url: str = "",
           voice: dict[str, str] | None = None, settings: Settings | None = None,
           priority: int = PRIORITY_LISTENER) -> Submission:
    """Validate the article (raises IngestError with the reason), then create or find its narration and queue it."""
    voice = voice or {}
    settings = settings or jobs.settings
    article = prepare_article(text, fmt=fmt, title=title, author=author, url=url, settings=settings)
    source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    narration, created = jobs.store.create_or_get(
        content_digest(source, fmt, title, author, voice), title=article.title, author=article.byline, url=url,
        source_format=fmt, source_text=source, voice_settings=voice, priority=priority)
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

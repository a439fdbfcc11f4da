"""Submitting an article for narration: validate, deduplicate by content and voice, store, enqueue (API and import)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Literal

from .article import Format
from .config import Settings
from .errors import QueueUnavailableError
from .health import CHECKS
from .jobs import PRIORITY_LISTENER, Jobs, redact_url
from .pipeline import extract_article
from .store import Narration, utcnow
from .versions import find_by_identity, get_version, has_content, new_version
from .voicing import voice_for

Outcome = Literal["queued", "requeued", "existing", "hurried", "updated"]


@dataclass
class Submission:
    """What a submission led to."""

    narration: Narration
    outcome: Outcome
    """queued: new; requeued: it had failed before and was queued again; hurried: it waited in the queue at a lower
    priority (an archive import) and now goes ahead; existing: already queued, running or done; updated: new text
    for an article already narrated, queued as its next version (same id; its audio plays until the new one is done)."""


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
           priority: int = PRIORITY_LISTENER, listener_id: str | None = None, external_id: str = "",
           as_version: bool = False) -> Submission:
    """Validate the article (raises IngestError with the reason), then create or find its narration and queue it.

    With a `listener_id` the narration is private: in that listener's feed only, kept `private_keep_days`. With
    `as_version` (the publisher's key), new text for a public article already narrated (same `external_id`, else same
    `url`, and the same voice) becomes that narration's next version instead of a new narration."""
    voice = voice or {}
    settings = settings or jobs.settings
    # Extracted, not chaptered: the request needs the title and the refusals (a language no voice speaks), and the
    # worker chapters the article while its title is being spoken.
    article = extract_article(text, fmt=fmt, title=title, author=author, url=url, settings=settings)
    voice_for(article.language, settings)
    source = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    digest = content_digest(source, fmt, title, author, voice)
    privacy: dict[str, Any] = {"render_key": digest}
    if listener_id:
        keep = settings.private_keep_days
        privacy.update(visibility="private", listener_id=listener_id,
                       expires_at=utcnow() + dt.timedelta(days=keep) if keep > 0 else None)
    elif as_version:
        current = find_by_identity(jobs.store, url=url, external_id=external_id, voice=voice)
        if current is not None and current.content_hash != digest and not has_content(jobs.store, digest):
            updated = new_version(jobs.store, current.id, content_hash=digest, source_text=source, source_format=fmt,
                                  title=article.title, author=article.byline, priority=priority)
            if updated is not None:
                jobs.enqueue(updated.id, priority)
                return Submission(updated, "updated")
    narration, created = jobs.store.create_or_get(
        private_digest(digest, listener_id) if listener_id else digest, title=article.title, author=article.byline,
        url=url, external_id=external_id or None, source_format=fmt, source_text=source, voice_settings=voice,
        priority=priority, **privacy)
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
    if narration.status == "queued":
        _queue_answers(jobs)  # still waiting: the queue must be up to run it, as for a new submission
    return Submission(narration, "existing")


def _queue_answers(jobs: Jobs) -> None:
    """Return when the job queue answers; QueueUnavailableError (503) when it does not."""
    try:
        CHECKS["queue"](jobs)
    except Exception as exc:  # whatever the queue's client raises: it is down
        raise QueueUnavailableError(f"the job queue ({redact_url(jobs.settings.queue_url)}) is unavailable: "
                                    f"{' '.join(str(exc).split()) or type(exc).__name__}; try again shortly") from exc


def restore(jobs: Jobs, narration: Narration, number: int) -> Submission | None:
    """Bring back an earlier version's text as the next version (a rollback); None when there is no such version.

    The earlier sentences' audio is still in the sentence cache, so the rollback costs leveling and encoding only."""
    row = get_version(jobs.store, narration.id, number)
    if row is None:
        return None
    if narration.content_hash == row.content_hash:
        return Submission(narration, "existing")
    if has_content(jobs.store, row.content_hash):
        raise ValueError("another narration has this version's text now; narrate it from there")
    updated = new_version(jobs.store, narration.id, content_hash=row.content_hash, source_text=row.source_text,
                          source_format=row.source_format, title=row.title, author=row.author,
                          priority=PRIORITY_LISTENER, restored_from=number)
    if updated is None:
        return None
    jobs.enqueue(updated.id, PRIORITY_LISTENER)
    return Submission(updated, "updated")

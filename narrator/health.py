"""Health of what the service depends on: the store, the job queue and (when configured) object storage."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import text

from .jobs import Jobs
from .media import S3Media

_LOGGER = logging.getLogger(__name__)


def _store(jobs: Jobs) -> None:
    with jobs.store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _queue(jobs: Jobs) -> None:
    jobs.huey.storage.queue_size()


def _object_storage(jobs: Jobs) -> None:
    if isinstance(jobs.media, S3Media):
        jobs.media.client.head_bucket(Bucket=jobs.media.bucket)


CHECKS: dict[str, Callable[[Jobs], None]] = {"store": _store, "queue": _queue, "object_storage": _object_storage}
"""Each dependency's check: returns when it answers, raises when it does not."""


def check(jobs: Jobs) -> dict[str, str]:
    """'ok' or 'down: <reason>' per dependency (object storage only when media_url names a bucket)."""
    results: dict[str, str] = {}
    for name, probe in CHECKS.items():
        if name == "object_storage" and not isinstance(jobs.media, S3Media):
            continue
        try:
            probe(jobs)
            results[name] = "ok"
        except Exception as exc:  # any failure means down; the reason goes to the operator
            reason = " ".join(str(exc).split())[:300] or type(exc).__name__
            _LOGGER.warning("health check: %s is down: %s", name, reason)
            results[name] = f"down: {type(exc).__name__}: {reason}"
    return results

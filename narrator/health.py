"""Health of what the service depends on: the store, the job queue, the workers and (when configured) object
storage."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from .heartbeat import last_heard
from .jobs import Jobs
from .media import S3Media
from .store import unavailable

_LOGGER = logging.getLogger(__name__)


LOCK_PROBE_MS = 250
"""How long the SQLite check waits for the write lock: held longer by another process, the store is locked."""


class NoWorkerError(Exception):
    """No worker has written its heartbeat lately: queued narrations wait for nobody."""


def _store(jobs: Jobs, _since: float = 0.0) -> None:
    """The store answers; on SQLite, a writer could take its lock now (readers pass while another process holds it)."""
    with jobs.store.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            connection.execute(text("SELECT 1"))
            return
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {LOCK_PROBE_MS}")
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            connection.exec_driver_sql("ROLLBACK")
        except OperationalError as exc:
            raise unavailable(exc) from exc
        finally:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(jobs.store.lock_timeout_s * 1000)}")


def _queue(jobs: Jobs, _since: float = 0.0) -> None:
    jobs.huey.storage.queue_size()


def _workers(jobs: Jobs, since: float = 0.0) -> None:
    """Some worker wrote its heartbeat within `worker_silence_s` (counted from `since` when none ever did)."""
    heard = last_heard(jobs.huey.storage)
    silent_s = time.time() - max(heard or 0.0, since)
    if silent_s > jobs.settings.worker_silence_s:
        raise NoWorkerError("no worker has been heard from" + (f" for {silent_s:.0f} s" if heard else "")
                            + ": queued narrations wait until one runs (`narrator worker`, or `narrator serve` "
                              "without --no-worker)")


def _object_storage(jobs: Jobs, _since: float = 0.0) -> None:
    if isinstance(jobs.media, S3Media):
        jobs.media.client.head_bucket(Bucket=jobs.media.bucket)


CHECKS: dict[str, Callable[..., None]] = {"store": _store, "queue": _queue, "workers": _workers,
                                                    "object_storage": _object_storage}
"""Each dependency's check, given the Jobs (and the app's start time): returns when it answers, raises when it does
not."""


def check(jobs: Jobs, since: float | None = None) -> dict[str, str]:
    """'ok' or 'down: <reason>' per dependency (object storage only when media_url names a bucket; workers not with
    the in-process queue, nor while the queue is down). `since` is when the app started: workers get
    `worker_silence_s` from then to be heard."""
    results: dict[str, str] = {}
    since = time.time() if since is None else since
    for name, probe in CHECKS.items():
        if (name == "object_storage" and not isinstance(jobs.media, S3Media)) or (
                name == "workers" and (jobs.huey.immediate or results.get("queue") != "ok")):
            continue  # workers are heard through the queue: while it is down, only the queue is named
        try:
            probe(jobs, since)
            results[name] = "ok"
        except Exception as exc:  # any failure means down; the reason goes to the operator
            reason = " ".join(str(exc).split())[:300] or type(exc).__name__
            _LOGGER.warning("health check: %s is down: %s", name, reason)
            results[name] = f"down: {type(exc).__name__}: {reason}"
    return results

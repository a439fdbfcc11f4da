"""Narration jobs on a Huey queue (SQLite file by default, Redis when queue_url says redis://).

A worker claims a narration in the store (an atomic UPDATE, so no narration is rendered by two workers) and keeps
a lease on it with a heartbeat thread. A worker killed mid-job leaves a lapsed lease; every worker's recovery loop
re-enqueues such narrations, so no job is lost (the lease is the queue's visibility timeout: Redis forgets a
message once popped). A worker that lost its claim stops and publishes nothing. On SIGTERM a worker finishes its
current narration within `shutdown_grace_s` or re-queues it. Transient engine and audio failures are retried a
bounded number of times; bad input fails at once with the reason.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import logging
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from huey import Huey, PriorityRedisHuey, SqliteHuey, crontab
from huey.api import Task
from huey.constants import EmptyData

from .audio import encode_segment
from .config import Settings
from .errors import AudioError, EngineError, IngestError, NarratorError, QueueUnavailableError
from .heartbeat import beat_until
from .lexicon_store import LexiconStore
from .media import OUTPUT_SUFFIXES, Media, media_for, part_name
from .provenance import note_unsigned
from .sidecars import webvtt
from .store import Store, utcnow

_LOGGER = logging.getLogger(__name__)

WRITE_FAILURES = {errno.ENOSPC: "the disk is full (no space left on the device)",
                  errno.EDQUOT: "the disk quota is used up", errno.EFBIG: "the file size limit was reached"}
"""A listener's words for the write errors a job can meet."""
RETRIES = 2
"""Further tries for a job that failed on an engine or audio error."""
RETRY_DELAY_S = 5
PRIORITY_LISTENER = 10
"""Queue priority of narrations somebody asked for through the API or the form: served first."""
PRIORITY_ARCHIVE = 0
"""Queue priority of archive imports: they fill the workers' idle time."""
PRIORITY_RESUMED = 1
"""An archive narration that gave its worker up to a listener: it resumes before the rest of the archive."""
LISTENER_PATIENCE_S = 0.5
"""A listener's narration still queued after this long has no idle worker to take it (idle ones poll every 0.1 s)."""
YIELD_CHECK_S = 1.0
"""How often a running archive narration looks for a listener waiting behind it (before sentences and chapters)."""
YIELD_TOKEN = "narrator:yielded-for:{}"
"""Set by the one worker that gives way for a listener's narration, so the others carry on."""
RECOVERY_MARK = "narrator:last-recovery"
WORKER_LOCK_TIMEOUT_S = 30.0
"""A worker mid-narration waits this long at least for a store lock another process holds (a request waits less)."""
WORKER_ID = f"{socket.gethostname()}:{os.getpid()}"
"""This process, as recorded on the narrations it claims."""


class JobInterrupted(Exception):
    """The running narration must stop: its claim was lost, or the worker is shutting down."""


def make_huey(settings: Settings) -> Huey:
    """The queue the settings name (task results are not kept: the store holds every outcome)."""
    url = settings.queue_url
    if url.startswith("redis://") or url.startswith("rediss://"):
        huey = PriorityRedisHuey("narrator", url=url, results=False)
        _adopt_list_queue(huey)
        return huey
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("narrator", filename=str(path), results=False)
    if url == "immediate":
        return Huey("narrator", immediate=True, results=False)
    raise ValueError(f"unsupported queue_url {url!r}: use sqlite:///path, redis://host:port/db or immediate")


def _queue_errors() -> tuple[type[BaseException], ...]:
    """What the queue's storage raises when it cannot be reached or written."""
    import sqlite3

    try:
        from redis import RedisError
    except ImportError:
        return (OSError, sqlite3.Error)
    return (OSError, sqlite3.Error, RedisError)


def redact_url(url: str) -> str:
    """A queue or database URL without its password, fit for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def _adopt_list_queue(huey: PriorityRedisHuey) -> None:
    """Move the tasks of a queue written by an earlier release (a plain Redis list) into the priority queue.

    The same key held a list before narrations had priorities; left as it was, every enqueue would fail with
    WRONGTYPE. The list is renamed first, so of several workers starting at once only one moves it.
    """
    import redis

    storage = huey.storage
    try:
        if storage.conn.type(storage.queue_key) != b"list":
            return
    except redis.RedisError as exc:  # Redis is down: start anyway; /healthz and every enqueue say so
        _LOGGER.warning("cannot reach the Redis job queue: %s", exc)
        return
    adopted = f"{storage.queue_key}:adopting:{WORKER_ID}"
    try:
        storage.conn.rename(storage.queue_key, adopted)
    except redis.ResponseError:  # another worker moved it first
        return
    moved = 0
    while (data := storage.conn.rpop(adopted)) is not None:  # oldest first: the list was filled with LPUSH
        storage.enqueue(data, huey.serializer.deserialize(data).priority)
        moved += 1
    _LOGGER.warning("moved %d queued task(s) from the earlier list queue into the priority queue", moved)


class _Claim:
    """A claimed narration's lease, renewed by a thread until the job ends; knows when to stop the job."""

    def __init__(self, store: Store, narration_id: str, attempt: int, lease_s: float,
                 stopping: threading.Event, grace_s: float, give_way: Callable[[], bool] | None = None) -> None:
        self.store, self.narration_id, self.attempt = store, narration_id, attempt
        self.lost = threading.Event()
        self.give_way = give_way
        """For archive work: asked every YIELD_CHECK_S whether to stop for a waiting listener."""
        self.gave_way = False
        self._give_way_asked = time.monotonic()
        self._give_way_lock = threading.Lock()
        self.stopping, self.grace_s = stopping, grace_s
        self._stop_seen: float | None = None
        self._ended = threading.Event()
        self._interval = max(0.5, lease_s / 3)
        self._thread = threading.Thread(target=self._renew, name=f"lease-{narration_id}", daemon=True)

    def __enter__(self) -> "_Claim":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._ended.set()
        self._thread.join()

    def _renew(self) -> None:
        while not self._ended.wait(self._interval):
            try:
                if not self.store.heartbeat(self.narration_id, self.attempt):
                    self.lost.set()
                    return
            except NarratorError as exc:  # a store hiccup: try again next beat; the lease has slack for it
                _LOGGER.warning("lease renewal of %s failed: %s", self.narration_id, exc)

    def check(self) -> None:
        """Raise JobInterrupted when the claim is lost, the shutdown grace has run out or a listener needs the worker."""
        if self.lost.is_set():
            raise JobInterrupted("claim lost")
        if self.give_way and not self.gave_way and time.monotonic() - self._give_way_asked >= YIELD_CHECK_S:
            with self._give_way_lock:  # called from synthesis threads too: one question at a time
                if time.monotonic() - self._give_way_asked >= YIELD_CHECK_S:
                    self._give_way_asked = time.monotonic()
                    try:
                        self.gave_way = self.give_way()
                    except NarratorError as exc:  # the store is briefly unreachable: carry on, ask again later
                        _LOGGER.warning("could not look for waiting listeners: %s", exc)
        if self.gave_way:
            raise JobInterrupted("giving the worker to a listener's narration")
        if self.stopping.is_set():
            now = time.monotonic()
            self._stop_seen = self._stop_seen or now
            if now - self._stop_seen >= self.grace_s:
                raise JobInterrupted("worker shutting down")


class Jobs:
    """The queue, the store and the narration task, bound to one Settings."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings.database_url, settings.job_lease_s, settings.store_lock_timeout_s)
        self.huey = make_huey(settings)
        self.media: Media = media_for(settings)
        self.stopping = threading.Event()
        """Set when the worker is asked to stop (its consumer's stop flag once `run_worker` runs)."""
        self.narrate_task = self.huey.task(retries=RETRIES, retry_delay=RETRY_DELAY_S, context=True,
                                           name="narrate")(self._run)
        self.remove_parts_task = self.huey.task(name="remove_parts")(self._remove_parts)
        self.expire_task = self.huey.periodic_task(crontab(), name="expire_private")(self.expire_private)
        self.preview_task = self.huey.task(name="preview")(self._preview)
        self.renarrate_task = self.huey.task(retries=RETRIES, retry_delay=RETRY_DELAY_S,
                                             name="renarrate")(self._renarrate)
        self.check_task = self.huey.task(name="listening_check")(self._check)

    def enqueue_preview(self, key: str, entry: Any, sentence: str, voice: dict[str, str]) -> None:
        """Queue a pronunciation preview (ahead of narrations: an editor is waiting for it)."""
        from .pronunciation_jobs import PREVIEW_PRIORITY

        self.huey.enqueue(self.preview_task.s(key, [entry.word, entry.kind, entry.value], sentence, voice,
                                              priority=PREVIEW_PRIORITY))

    def enqueue_renarration(self, narration_id: str) -> None:
        """Queue a finished narration to be narrated again in place with the current lexicon."""
        from .pronunciation_jobs import RENARRATE_PRIORITY

        self.huey.enqueue(self.renarrate_task.s(narration_id, priority=RENARRATE_PRIORITY))

    def _preview(self, key: str, entry: list[str], sentence: str, voice: dict[str, str]) -> str:
        from .lexicon import Entry
        from .pronunciation_jobs import preview

        return preview(self, key, Entry(*entry), sentence, voice)  # type: ignore[arg-type]

    def enqueue_check(self, narration_id: str, version: int) -> None:
        """Queue the listening check of a published narration (lowest priority; marked pending in the store)."""
        from . import check_store
        from .check_jobs import CHECK_PRIORITY

        if not self.settings.listening_check:
            return
        narration = self.store.get(narration_id)
        if narration is None:
            return
        if ((narration.voice_settings or {}).get("engine") or self.settings.engine) == "fake":
            check_store.mark_unavailable(self.store, narration_id, version, "the fake engine speaks tones, no words")
            return
        check_store.mark_pending(self.store, narration_id, version)
        try:
            self.huey.enqueue(self.check_task.s(narration_id, version, priority=CHECK_PRIORITY))
        except _queue_errors() as exc:  # the audio is out; a check that cannot be queued is only logged
            _LOGGER.warning("could not queue the listening check of %s: %s", narration_id, exc)

    def _check(self, narration_id: str, version: int) -> str:
        from .check_jobs import hand_over

        return hand_over(self, narration_id, version)

    def _renarrate(self, narration_id: str) -> str:
        from .pronunciation_jobs import renarrate

        return renarrate(self, narration_id)

    def enqueue(self, narration_id: str, priority: int = PRIORITY_LISTENER) -> None:
        """Queue a narration; higher priorities are taken first. QueueUnavailableError when the queue is down (the
        narration stays queued in the store: the workers' recovery queues it once the queue is back)."""
        try:
            self.huey.enqueue(self.narrate_task.s(narration_id, priority=priority))
        except _queue_errors() as exc:
            raise QueueUnavailableError(
                f"the job queue ({redact_url(self.settings.queue_url)}) is unavailable: "
                f"{' '.join(str(exc).split()) or type(exc).__name__}; try again shortly") from exc

    def release_dead_worker(self, pid: int) -> int:
        """Re-queue at once what a dead worker process on this machine held (its leases need not lapse first)."""
        ids = self.store.release_worker(f"{socket.gethostname()}:{pid}")
        for narration_id in ids:
            self.media.delete(narration_id, parts_only=True)
        if ids:
            _LOGGER.warning("worker %d died holding %s; re-queued", pid, ", ".join(ids))
        return self.recover()

    def waiting_ids(self) -> set[str]:
        """Narrations the queue already holds: pending, or scheduled for a retry."""
        tasks = list(self.huey.pending()) + list(self.huey.scheduled())
        return {str(task.args[0]) for task in tasks if task.name.endswith("narrate") and task.args}

    def recover(self) -> int:
        """Re-enqueue narrations the queue lost: queued ones it does not hold (an enqueue that never happened, a lost
        queue) and running ones whose worker vanished; returns how many. Every worker runs it often, so it must not
        pile duplicates onto a long backlog (a rare duplicate is harmless: the claim skips it)."""
        waiting = self.waiting_ids()
        ids = [narration_id for narration_id in self.store.abandoned()
               if narration_id not in waiting and self.store.release_abandoned(narration_id)]
        for narration_id in ids:
            narration = self.store.get(narration_id)
            self.enqueue(narration_id, narration.priority if narration else PRIORITY_LISTENER)
        if ids:
            _LOGGER.warning("re-enqueued %d narration(s) left queued or abandoned: %s", len(ids), ", ".join(ids))
        return len(ids)

    def _run(self, narration_id: str, task: Task | None = None) -> str:
        narration = self.store.claim(narration_id, WORKER_ID)
        if narration is None:
            return "skipped: done, failed, deleted or running elsewhere"
        if self._share_twin(narration):
            self.enqueue_check(narration_id, narration.version)
            return "done (audio shared with an identical narration)"
        archive = narration.priority < PRIORITY_LISTENER
        if not archive:
            self.huey.storage.pop_data(YIELD_TOKEN.format(narration_id))
        with _Claim(self.store, narration_id, narration.attempts, self.settings.job_lease_s, self.stopping,
                    self.settings.shutdown_grace_s, self._listener_waiting if archive else None) as claim:
            try:
                outcome = self._render(narration, claim, task)
            except JobInterrupted as exc:
                if claim.lost.is_set():
                    _LOGGER.warning("narration %s: claim lost (re-claimed after a stall); stopped", narration_id)
                    return "claim lost"
                if self.store.requeue(narration_id, attempt=claim.attempt):
                    self.media.delete(narration_id, parts_only=True)  # its sentences stay cached for the resume
                    self.enqueue(narration_id, PRIORITY_RESUMED if claim.gave_way else narration.priority)
                _LOGGER.warning("narration %s re-queued: %s", narration_id, exc)
                return "re-queued"
        _LOGGER.info("narration %s %s (attempt %d, worker %s)", narration_id, outcome, claim.attempt, WORKER_ID)
        return outcome

    def _listener_waiting(self) -> bool:
        """True when a listener's narration waits with no idle worker to take it, and no other worker gave way for
        it yet (the token makes this worker the only one)."""
        listener = self.store.longest_waiting(PRIORITY_LISTENER, LISTENER_PATIENCE_S)
        return bool(listener) and self.huey.storage.put_if_empty(YIELD_TOKEN.format(listener), WORKER_ID.encode())

    def _render(self, narration: Any, claim: _Claim, task: Task | None) -> str:
        from .pipeline import narrate

        narration_id, attempt = narration.id, claim.attempt
        last_report = [0.0]

        def progress(fraction: float, step: str) -> None:
            claim.check()
            now = time.monotonic()
            if now - last_report[0] > 0.5 or fraction >= 1.0:
                last_report[0] = now
                self.store.report_progress(narration_id, min(fraction, 0.99), step, attempt)

        voice = narration.voice_settings or {}
        settings = Settings.load(**{**self.settings.values(), **voice})
        out = Path(settings.out_dir)
        out.mkdir(parents=True, exist_ok=True)

        def publish_part(index: int, title: str, start_s: float, samples: Any, sample_rate: int,
                         cues: tuple[Any, ...] = ()) -> None:
            claim.check()
            path = out / part_name(narration_id, index)
            path.with_suffix(".vtt").write_text(webvtt(cues, settings.word_timings), "utf-8")  # the read-along of the part, first
            self.media.publish(path.with_suffix(".vtt"))
            encode_segment(samples, sample_rate, path, settings.mp3_bitrate_kbps)
            self.media.publish(path)
            self.store.add_part(narration_id, {"index": index, "title": title, "start_s": round(start_s, 3),
                                               "duration_s": round(len(samples) / sample_rate, 3),
                                               "transcript": True}, attempt)

        # Rendered aside and moved in only while the claim holds: a superseded version never replaces the live audio.
        staging = out / f".{narration_id}.staging"
        try:
            try:
                result = narrate(narration.source_text, title=narration.title, author=narration.author,
                                 url=narration.url, fmt=narration.source_format, settings=settings, out_dir=staging,
                                 slug=narration_id, on_progress=progress, on_chapter=publish_part,
                                 before_sentence=claim.check, lexicon=LexiconStore(self.store).entries())
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)  # a failed render leaves nothing in the output folder
                raise
        except JobInterrupted:
            raise
        except IngestError as exc:
            return self._give_up(narration_id, str(exc), attempt)
        except (EngineError, AudioError, OSError) as exc:
            retries_left = task.retries if task is not None else 0
            message = str(exc) if isinstance(exc, NarratorError) else \
                f"could not write the audio: {WRITE_FAILURES.get(exc.errno, exc.strerror or str(exc))}"
            if retries_left > 0:
                self.store.requeue(narration_id, f"retrying after: {message}", attempt)
                raise
            return self._give_up(narration_id, message, attempt)
        except Exception as exc:  # a bug: fail with a reason, keep the worker alive
            _LOGGER.exception("narration %s crashed", narration_id)
            return self._give_up(narration_id, f"internal error ({type(exc).__name__}); the job was stopped",
                                 attempt)
        mp3_bytes = result.mp3_path.stat().st_size
        if self.store.get(narration_id) is None:  # deleted while it ran: drop the files it just wrote
            shutil.rmtree(staging, ignore_errors=True)
            self.media.delete(narration_id)
            return "deleted"
        if not self.store.heartbeat(narration_id, attempt):  # superseded by a newer version, or re-claimed
            shutil.rmtree(staging, ignore_errors=True)
            claim.lost.set()
            raise JobInterrupted("claim lost")
        for suffix in OUTPUT_SUFFIXES:  # sidecars first, MP3 last; each rename is atomic
            os.replace(staging / f"{narration_id}{suffix}", out / f"{narration_id}{suffix}")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            for suffix in OUTPUT_SUFFIXES:
                self.media.publish(out / f"{narration_id}{suffix}")
        except AudioError as exc:
            if task is not None and task.retries > 0:
                self.store.requeue(narration_id, f"retrying after: {exc}", attempt)
                raise
            return self._give_up(narration_id, str(exc), attempt)
        finished = self.store.finish(narration_id, duration_s=result.duration_s,
                                     mp3_bytes=mp3_bytes, narrator_name=result.narrator,
                                     chapters=[(c.title, c.start_s, c.end_s) for c in result.chapters],
                                     timings=result.timings, title=result.title, author=result.byline,
                                     attempt=attempt, sentences=(result.synthesized, result.reused))
        if not finished:  # re-claimed after a stall: the new owner publishes (the same files, atomically renamed)
            claim.lost.set()
            raise JobInterrupted("claim lost")
        _LOGGER.info("narration %s version %d live: %d sentence(s) synthesized, %d reused", narration_id,
                     narration.version, result.synthesized, result.reused)
        self.enqueue_check(narration_id, narration.version)
        if self.settings.parts_keep_s > 0:  # listeners may be part-way through one: remove them later
            self.huey.enqueue(self.remove_parts_task.s(narration_id, delay=self.settings.parts_keep_s))
        else:
            self.media.delete(narration_id, parts_only=True)
        return "done"

    def _share_twin(self, narration: Any) -> bool:
        """Finish a narration with a copy of an identical one's files (another listener's private request for the
        same text and voice gets its own id and links, but no second rendering)."""
        twin = self.store.twin(narration)
        if twin is None or not self.media.clone(twin.id, narration.id):
            return False
        return self.store.finish(narration.id, duration_s=twin.duration_s or 0.0, mp3_bytes=twin.mp3_bytes or 0,
                                 narrator_name=twin.narrator_name, timings=dict(twin.timings or {}),
                                 chapters=[(c.title, c.start_s, c.end_s) for c in twin.chapters],
                                 title=twin.title, author=twin.author, attempt=narration.attempts)

    def expire_private(self) -> int:
        """Delete private narrations past their keep time with their files, and listeners idle as long with none
        left (a periodic task: every minute on every worker); how many narrations went."""
        expired = self.store.expired()
        for narration_id in expired:
            self.media.delete(narration_id)
            self.store.delete(narration_id)
        if self.settings.private_keep_days > 0:
            self.store.forget_idle_listeners(utcnow() - dt.timedelta(days=self.settings.private_keep_days))
        if expired:
            _LOGGER.info("deleted %d expired private narration(s)", len(expired))
        return len(expired)

    def _remove_parts(self, narration_id: str) -> None:
        """Delete a finished narration's parts once listeners have moved to the final file."""
        self.media.delete(narration_id, parts_only=True)

    def _give_up(self, narration_id: str, reason: str, attempt: int) -> str:
        """Mark the narration failed with a reason and remove the parts it had published."""
        self.store.fail(narration_id, reason, attempt)
        self.media.delete(narration_id, parts_only=True)
        return "failed"


@lru_cache(maxsize=4)
def _jobs_for(settings_json: str) -> Jobs:
    return Jobs(Settings(**json.loads(settings_json)))


def get_jobs(settings: Settings) -> Jobs:
    """The process's Jobs for these settings: one per distinct settings (Huey tasks register once per instance)."""
    return _jobs_for(json.dumps(settings.values(), sort_keys=True))


WARM_UP_ARTICLE = ("Warming up", "The worker is ready to narrate. It has loaded its voice, read its tables and "
                                  "heard how loud the voice is, so the first listener who asks for an article waits "
                                  "for none of that.")
"""A short article the worker narrates as it starts (title, text), into a folder thrown away afterwards; long enough
for the language detector to run (and load its model)."""


def _warm_up(settings: Settings) -> None:
    """Narrate a short article before the first job, so the first listener waits for none of what is done once: the
    voice's model loaded and run, the normalizer's tables and the pipeline's imports loaded, and the voice's leveling
    reference kept in the cache (the first part then needs no measuring pass)."""
    from .pipeline import narrate

    title, text = WARM_UP_ARTICLE
    with tempfile.TemporaryDirectory(prefix="narrator-warm-up-") as folder:
        try:
            # No intro: its sentences would be cached and a listener's first narration would reuse "Narrated by".
            narrate(text, title=title, fmt="text", out_dir=folder,
                    settings=dataclasses.replace(settings, c2pa_key_file="", intro_template=""))
        except NarratorError as exc:
            _LOGGER.warning("voice warm-up failed: %s", exc)


def _requeue_lost_checks(jobs: Jobs) -> None:
    from .check_jobs import requeue_lost

    try:
        if lost := requeue_lost(jobs):
            _LOGGER.warning("queued again %d listening check(s) left pending by a stopped worker", lost)
    except NarratorError as exc:
        _LOGGER.warning("could not look for lost listening checks: %s", exc)


def _recovery_loop(jobs: Jobs, stop: threading.Event) -> None:
    """Re-enqueue lost and abandoned narrations every third of a lease until the worker stops.

    However many workers run, about one round per interval happens in all (a mark in the queue's storage says
    when the last one ran): a round reads the whole backlog, which must not be multiplied by the workers."""
    interval = max(1.0, jobs.settings.job_lease_s / 3)
    while not stop.wait(interval):
        try:
            if _recovery_due(jobs, interval):
                jobs.recover()
        except Exception:  # the store or queue is briefly unreachable: try again next round
            _LOGGER.exception("recovery round failed")


def _recovery_due(jobs: Jobs, interval: float) -> bool:
    """True (and marks the time) when no worker has run a recovery round within `interval` seconds."""
    storage, now = jobs.huey.storage, time.time()
    last = storage.peek_data(RECOVERY_MARK)
    if last is not EmptyData and now - float(last) < interval * 0.9:
        return False
    storage.put_data(RECOVERY_MARK, str(now).encode())
    return True


def voice_threads_for(settings: Settings, workers: int) -> Settings:
    """Settings whose voices share the cores among `workers` narrations at once, unless `engine_threads` is set.

    Narrations running side by side, each with a voice on every core, fight over the cores (two on two cores: 1.02x
    one narration's throughput); with the cores split between them it is 1.24-1.36x.
    """
    if settings.engine_threads or workers <= 1:
        return settings
    return dataclasses.replace(settings, engine_threads=max(1, (os.cpu_count() or 1) // workers))


def run_worker(settings: Settings, workers: int = 1) -> None:
    """Run a consumer until SIGINT/SIGTERM: migrate, recover abandoned jobs, then process the queue.

    SIGTERM and SIGINT are graceful: the current narrations get `shutdown_grace_s` to finish, then are re-queued.
    """
    settings = voice_threads_for(settings, workers)
    if settings.store_lock_timeout_s < WORKER_LOCK_TIMEOUT_S:
        settings = dataclasses.replace(settings, store_lock_timeout_s=WORKER_LOCK_TIMEOUT_S)
    jobs = get_jobs(settings)
    stop_beating = threading.Event()
    threading.Thread(target=beat_until, args=(jobs.huey.storage, stop_beating), name="heartbeat", daemon=True).start()
    jobs.store.upgrade()
    jobs.recover()
    _requeue_lost_checks(jobs)
    _warm_up(settings)
    if not (settings.c2pa_cert_file and settings.c2pa_key_file):
        note_unsigned(logging.WARNING)
    # Poll the queue ten times a second (one indexed read each): an idle worker must pick up a submission at once,
    # since listeners wait for the first audio.
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         check_worker_health=True, initial_delay=0.1, max_delay=0.1,
                                         graceful_signal="TERM", shutdown_timeout=settings.shutdown_grace_s + 30)
    jobs.stopping = consumer.stop_flag
    threading.Thread(target=_recovery_loop, args=(jobs, consumer.stop_flag), name="recovery", daemon=True).start()
    _LOGGER.info("narrator worker %s consuming %s with %d thread(s), voice threads %s", WORKER_ID,
                 settings.queue_url, workers, settings.engine_threads or "all cores")
    try:
        consumer.run()
    finally:
        stop_beating.set()

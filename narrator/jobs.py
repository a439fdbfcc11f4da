"""Narration jobs on a Huey queue (SQLite file by default, Redis when queue_url says redis://).

A job claims its narration in the store with a lease it renews as it reports progress. A worker killed mid-job
leaves a lapsed lease; `recover()` (run when a worker starts, then every minute) re-enqueues such narrations,
so no job is lost across crashes. Transient engine and audio failures are retried a bounded number of times;
bad input fails at once with the reason.
"""

from __future__ import annotations

import json
import logging
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import Task

from .audio import encode_segment
from .config import Settings
from .errors import AudioError, EngineError, IngestError, NarratorError
from .store import Store

_LOGGER = logging.getLogger(__name__)

RETRIES = 2
"""Further tries for a job that failed on an engine or audio error."""
RETRY_DELAY_S = 5


def make_huey(settings: Settings) -> Huey:
    """The queue the settings name."""
    url = settings.queue_url
    if url.startswith("redis://") or url.startswith("rediss://"):
        return RedisHuey("narrator", url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey("narrator", filename=str(path))
    if url == "immediate":
        return Huey("narrator", immediate=True)
    raise ValueError(f"unsupported queue_url {url!r}: use sqlite:///path, redis://host:port/db or immediate")


class Jobs:
    """The queue, the store and the narration task, bound to one Settings."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        self.settings = settings
        self.store = store or Store(settings.database_url, settings.job_lease_s)
        self.huey = make_huey(settings)
        self.narrate_task = self.huey.task(retries=RETRIES, retry_delay=RETRY_DELAY_S, context=True,
                                           name="narrate")(self._run)
        self.huey.periodic_task(crontab(minute="*"), name="recover")(self.recover)

    def enqueue(self, narration_id: str) -> None:
        """Queue a narration."""
        self.narrate_task(narration_id)

    def waiting_ids(self) -> set[str]:
        """Narrations the queue already holds: pending, or scheduled for a retry."""
        tasks = list(self.huey.pending()) + list(self.huey.scheduled())
        return {str(task.args[0]) for task in tasks if task.name.endswith("narrate") and task.args}

    def recover(self) -> int:
        """Re-enqueue narrations the queue lost: queued ones it does not hold (an enqueue that never happened, a lost
        queue) and running ones whose worker vanished; returns how many. Runs at worker start and every minute, so it
        must not pile duplicates onto a long backlog."""
        waiting = self.waiting_ids()
        ids = [narration_id for narration_id in self.store.abandoned() if narration_id not in waiting]
        for narration_id in ids:
            self.store.requeue(narration_id)
            self.enqueue(narration_id)
        if ids:
            _LOGGER.warning("re-enqueued %d narration(s) left queued or abandoned: %s", len(ids), ", ".join(ids))
        return len(ids)

    def _run(self, narration_id: str, task: Task | None = None) -> str:
        from .pipeline import narrate

        narration = self.store.claim(narration_id)
        if narration is None:
            return "skipped: done, failed, deleted or running elsewhere"
        last_report = [0.0]

        def progress(fraction: float, step: str) -> None:
            now = time.monotonic()
            if now - last_report[0] > 0.5 or fraction >= 1.0:
                last_report[0] = now
                self.store.report_progress(narration_id, min(fraction, 0.99), step)

        voice = narration.voice_settings or {}
        settings = Settings.load(**{**_settings_overrides(self.settings), **voice})
        out = Path(settings.out_dir)
        out.mkdir(parents=True, exist_ok=True)

        def publish_part(index: int, title: str, start_s: float, samples: Any, sample_rate: int) -> None:
            encode_segment(samples, sample_rate, out / part_name(narration_id, index), settings.mp3_bitrate_kbps)
            self.store.add_part(narration_id, {"index": index, "title": title, "start_s": round(start_s, 3),
                                               "duration_s": round(len(samples) / sample_rate, 3)})

        try:
            result = narrate(narration.source_text, title=narration.title, author=narration.author,
                             url=narration.url, fmt=narration.source_format, settings=settings,
                             slug=narration_id, on_progress=progress, on_chapter=publish_part)
        except IngestError as exc:
            return self._give_up(narration_id, out, str(exc))
        except (EngineError, AudioError, OSError) as exc:
            retries_left = task.retries if task is not None else 0
            message = str(exc) if isinstance(exc, NarratorError) else f"could not write the audio: {exc}"
            if retries_left > 0:
                self.store.requeue(narration_id, f"retrying after: {message}")
                raise
            return self._give_up(narration_id, out, message)
        except Exception as exc:  # a bug: fail with a reason, keep the worker alive
            _LOGGER.exception("narration %s crashed", narration_id)
            return self._give_up(narration_id, out, f"internal error ({type(exc).__name__}); the job was stopped")
        if self.store.get(narration_id) is None:  # deleted while it ran: drop the files it just wrote
            for path in (result.mp3_path, result.chapters_path, result.transcript_path):
                path.unlink(missing_ok=True)
            return "deleted"
        remove_parts(out, narration_id)
        self.store.finish(narration_id, duration_s=result.duration_s, mp3_bytes=result.mp3_path.stat().st_size,
                          narrator_name=result.narrator,
                          chapters=[(c.title, c.start_s, c.end_s) for c in result.chapters],
                          timings=result.timings, title=result.title, author=result.byline)
        return "done"

    def _give_up(self, narration_id: str, out: Path, reason: str) -> str:
        """Mark the narration failed with a reason and remove the parts it had published."""
        self.store.fail(narration_id, reason)
        remove_parts(out, narration_id)
        return "failed"


def part_name(narration_id: str, index: int) -> str:
    """File name of a segment published while the narration renders."""
    return f"{narration_id}.part-{index:03d}.mp3"


def remove_parts(folder: Path, narration_id: str) -> None:
    """Delete a narration's published segments."""
    for path in folder.glob(f"{narration_id}.part-*.mp3"):
        path.unlink(missing_ok=True)


def _settings_overrides(settings: Settings) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}


@lru_cache(maxsize=4)
def _jobs_for(settings_json: str) -> Jobs:
    return Jobs(Settings(**json.loads(settings_json)))


def get_jobs(settings: Settings) -> Jobs:
    """The process's Jobs for these settings: one per distinct settings (Huey tasks register once per instance)."""
    return _jobs_for(json.dumps(_settings_overrides(settings), sort_keys=True))


def _warm_up(settings: Settings) -> None:
    """Load the voice before the first job so the first audio is not delayed by model loading."""
    from .pipeline import engine_for

    try:
        engine_for(settings).synthesize("Ready.")
    except NarratorError as exc:
        _LOGGER.warning("voice warm-up failed: %s", exc)


def run_worker(settings: Settings, workers: int = 1) -> None:
    """Run a consumer until SIGINT/SIGTERM: migrate, recover abandoned jobs, then process the queue."""
    jobs = get_jobs(settings)
    jobs.store.upgrade()
    jobs.recover()
    _warm_up(settings)
    # Poll the queue ten times a second (one indexed SQLite read each): an idle worker must pick up a submission
    # at once, since listeners wait for the first audio.
    consumer = jobs.huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                         check_worker_health=True, initial_delay=0.1, max_delay=0.1)
    _LOGGER.info("narrator worker consuming %s", settings.queue_url)
    consumer.run()

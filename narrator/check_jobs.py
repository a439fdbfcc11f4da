"""Queue work for the listening check: hear a published narration back at the lowest priority.

The queue task hands the narration to one checker thread per worker process and returns at once, so the worker is
free for the next narration. The checker thread (and the recognizer's own threads, made from it) run at the lowest
CPU priority (nice 19): a narration running beside a check gets the cores first, and the first audio waits for
nothing. A check in progress when its worker stops is queued again when a worker next starts."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import check_store, hearing
from .check import hear_back, script_from_vtt

if TYPE_CHECKING:
    from .jobs import Jobs

_LOGGER = logging.getLogger(__name__)

CHECK_PRIORITY = -10
"""Below archive imports: a check is never worth a listener's or an importer's wait."""
STALE_PENDING_S = 900
"""A check pending this long was lost with its worker (or never queued): a starting worker queues it again."""


def _local_copy(jobs: "Jobs", name: str, folder: Path) -> Path | None:
    """The published file `name` as a local path (copied out of object storage when needed)."""
    local = getattr(jobs.media, "path", None)
    if local is not None:
        return local(name)
    stat = jobs.media.stat(name)  # type: ignore[attr-defined]
    if stat is None:
        return None
    target = folder / name
    with target.open("wb") as out:
        for chunk in jobs.media.read(name, 0, stat.size - 1):  # type: ignore[attr-defined]
            out.write(chunk)
    return target


LOWEST_CPU_PRIORITY = 19
_checks: "queue.Queue[tuple[Jobs, str, int]]" = queue.Queue()
_checker_lock = threading.Lock()
_checker: list[threading.Thread] = []


def hand_over(jobs: "Jobs", narration_id: str, version: int) -> str:
    """Give the check to this process's checker thread (started on first use); returns at once."""
    _checks.put((jobs, narration_id, version))
    with _checker_lock:
        if not _checker or not _checker[0].is_alive():
            _checker[:] = [threading.Thread(target=_check_forever, name="listening-check", daemon=True)]
            _checker[0].start()
    return "handed to the checker thread"


def _check_forever() -> None:
    try:  # Linux niceness is per thread; threads started from here (the recognizer's) inherit it
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), LOWEST_CPU_PRIORITY)
    except (AttributeError, OSError) as exc:
        _LOGGER.warning("the listening check runs at normal CPU priority: %s", exc)
    while True:
        jobs, narration_id, version = _checks.get()
        try:
            run_check(jobs, narration_id, version)
        except Exception as exc:  # one bad file must not stop the checks of the others
            _LOGGER.exception("listening check of %s failed", narration_id)
            check_store.mark_unavailable(jobs.store, narration_id, version,
                                         f"the check failed ({type(exc).__name__}); it runs again after a re-narration")


def requeue_lost(jobs: "Jobs") -> int:
    """Queue again the checks left pending by a worker that stopped, and those of narrations never checked (newest
    first, a bounded number per start); how many."""
    lost = check_store.stale_pending(jobs.store, STALE_PENDING_S) + check_store.unchecked(jobs.store)
    for narration_id, version in lost:
        jobs.enqueue_check(narration_id, version)
    return len(lost)


def run_check(jobs: "Jobs", narration_id: str, version: int) -> str:
    """Hear narration `narration_id` (its live `version`) back and record the outcome."""
    narration = jobs.store.get(narration_id)
    if narration is None or narration.live_version != version:
        return "skipped: deleted or replaced by a newer version"
    if not hearing.available():
        check_store.mark_unavailable(jobs.store, narration_id, version, hearing.INSTALL_HINT)
        return "unavailable"
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix=f".{narration_id}.check."))
    try:
        mp3, vtt = (_local_copy(jobs, f"{narration_id}{suffix}", folder) for suffix in (".mp3", ".vtt"))
        if mp3 is None or vtt is None:
            check_store.mark_unavailable(jobs.store, narration_id, version, "the audio or its transcript is gone")
            return "skipped: the audio is gone"
        result = hear_back(mp3, script_from_vtt(vtt.read_text("utf-8")), jobs.settings.check_threads)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    check_store.save_result(jobs.store, narration_id, version, result, time.perf_counter() - started)
    _LOGGER.info("narration %s heard back: word error rate %.3f, %d word(s) heard wrong, %.1f s", narration_id,
                 result.wer, len(result.words), time.perf_counter() - started)
    return "checked"

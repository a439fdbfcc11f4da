"""Queue work for the listening check: hear a published narration back, at the lowest priority, giving way to
listeners (it stops between recognized segments when a listener's narration waits, and is queued again)."""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from . import check_store, hearing
from .check import check, script_from_vtt

if TYPE_CHECKING:
    from .jobs import Jobs

_LOGGER = logging.getLogger(__name__)

CHECK_PRIORITY = -10
"""Below archive imports: a check is never worth a listener's or an importer's wait."""
GIVE_WAY_AFTER_S = 0.3
"""A listener's narration queued this long while a check runs makes the check stop and wait its turn again."""


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


def run_check(jobs: "Jobs", narration_id: str, version: int) -> str:
    """Hear narration `narration_id` (its live `version`) back and record the outcome."""
    from .jobs import PRIORITY_ARCHIVE

    narration = jobs.store.get(narration_id)
    if narration is None or narration.live_version != version:
        return "skipped: deleted or replaced by a newer version"
    if not hearing.available():
        check_store.mark_unavailable(jobs.store, narration_id, version)
        return "unavailable"
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix=f".{narration_id}.check."))
    try:
        mp3, vtt = (_local_copy(jobs, f"{narration_id}{suffix}", folder) for suffix in (".mp3", ".vtt"))
        if mp3 is None or vtt is None:
            return "skipped: the audio is gone"
        waiting = [False]

        def keep_going() -> bool:
            waiting[0] = bool(jobs.store.longest_waiting(PRIORITY_ARCHIVE, GIVE_WAY_AFTER_S))
            return not waiting[0]

        heard = list(hearing.hear(mp3, threads=jobs.settings.check_threads, keep_going=keep_going))
        if waiting[0]:
            jobs.enqueue_check(narration_id, version, delay=1.0)
            return "gave way to a waiting narration"
        result = check(script_from_vtt(vtt.read_text("utf-8")), heard)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    check_store.save_result(jobs.store, narration_id, version, result, time.perf_counter() - started)
    _LOGGER.info("narration %s heard back: word error rate %.3f, %d word(s) heard wrong, %.1f s", narration_id,
                 result.wer, len(result.words), time.perf_counter() - started)
    return "checked"

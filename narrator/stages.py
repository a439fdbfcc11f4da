"""Stage clock: the wall seconds a narration's thread spends in each stage, for benchmarks and job timings."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

_LOGGER = logging.getLogger(__name__)

STAGES = ("prepare", "wait for speech", "layout", "word timings", "leveling", "encoding", "chapter cache",
          "first parts", "tagging", "signing", "sidecars")
"""The stages narrate() runs one after the other, in report order. "wait for speech" is the time it waits for
the engine (which synthesizes on its own thread, overlapping the other stages); everything else is overhead
over the raw engine."""


class StageClock:
    """Adds up wall time per stage; `elapsed()` is the time since the clock started."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.marks: dict[str, float] = {}
        """Seconds from the start at which something first happened (e.g. 'first segment ready')."""
        self.counts: dict[str, int] = {}
        """How often something was done (e.g. 'leveling passes')."""

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the block as part of stage `name`."""
        began = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - began

    def mark(self, name: str) -> None:
        """Note when `name` first happened."""
        self.marks.setdefault(name, self.elapsed())

    def count(self, name: str, times: int = 1) -> None:
        """Add `times` to the count of `name`."""
        self.counts[name] = self.counts.get(name, 0) + times

    def elapsed(self) -> float:
        """Seconds since the clock started."""
        return time.perf_counter() - self.started

    def breakdown(self) -> dict[str, float]:
        """Seconds per stage (rounded to the millisecond), plus 'other' for time outside every stage."""
        seconds = {name: round(value, 3) for name, value in self.seconds.items()}
        seconds["other"] = round(max(0.0, self.elapsed() - sum(self.seconds.values())), 3)
        return seconds

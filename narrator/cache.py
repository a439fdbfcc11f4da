"""Audio cache (sentences and leveled chapters): diskcache with least-recently-used eviction bounded in bytes."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from .engines.base import SpeechAudio

_LOGGER = logging.getLogger(__name__)


class AudioCache:
    """Audio keyed by content hash; safe across threads and processes."""

    def __init__(self, directory: str | Path, size_limit_bytes: int) -> None:
        import diskcache

        try:
            self._cache: diskcache.Cache | None = diskcache.Cache(str(directory), size_limit=size_limit_bytes,
                                                                  eviction_policy="least-recently-used")
        except Exception as exc:  # a full disk or a damaged cache: narrate without one rather than fail
            _LOGGER.warning("sentence cache at %s unusable, narrating without it: %s", directory, exc)
            self._cache = None

    def get(self, key: str) -> SpeechAudio | None:
        """The cached audio for `key`, or None."""
        if self._cache is None:
            return None
        try:
            value = self._cache.get(key)
        except Exception as exc:  # a damaged cache must never fail a narration
            _LOGGER.warning("sentence cache read failed: %s", exc)
            return None
        if value is None:
            return None
        sample_rate, data, *timed = value  # entries written before word timings have none
        starts = tuple(timed[0]) if timed and timed[0] is not None else None
        return SpeechAudio(np.frombuffer(data, dtype=np.int16), sample_rate, starts)

    def put(self, key: str, audio: SpeechAudio) -> None:
        """Store audio, with its word timings, under `key` (evicting the least recently used past the bound)."""
        if self._cache is None:
            return
        starts = list(audio.word_starts) if audio.word_starts is not None else None
        try:
            self._cache.set(key, (audio.sample_rate, audio.samples.astype(np.int16).tobytes(), starts))
        except Exception as exc:
            _LOGGER.warning("sentence cache write failed: %s", exc)

    def recall(self, key: str) -> object | None:
        """A small value remembered under `key` (not audio), or None."""
        if self._cache is None:
            return None
        try:
            return self._cache.get(key)
        except Exception as exc:
            _LOGGER.warning("cache read failed: %s", exc)
            return None

    def remember(self, key: str, value: object) -> None:
        """Keep a small value (numbers, strings, tuples of them) under `key`."""
        if self._cache is None:
            return
        try:
            self._cache.set(key, value)
        except Exception as exc:
            _LOGGER.warning("cache write failed: %s", exc)

    @property
    def volume_bytes(self) -> int:
        """Bytes the cache holds on disk."""
        return int(self._cache.volume()) if self._cache is not None else 0

    def clear(self) -> None:
        """Forget everything."""
        if self._cache is not None:
            self._cache.clear()

    def close(self) -> None:
        """Release file handles."""
        if self._cache is not None:
            self._cache.close()

"""Speak stage: each chapter's sentences to audio, through the cache, in parallel where the engine allows."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .cache import AudioCache
from .engines.base import Engine, SpeechAudio
from .script import Sentence, SpeechScript, cache_key, is_speakable
from .timing import estimate_word_starts

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpokenSentence:
    """A sentence and its audio."""

    sentence: Sentence
    audio: SpeechAudio
    cached: bool
    key: str
    """Content hash of the sound (engine identity + spoken text)."""

    @property
    def word_starts(self) -> tuple[float, ...]:
        """Seconds into the audio at which each spoken word starts: the engine's timings, else an estimate."""
        if self.audio.word_starts is not None and len(self.audio.word_starts) == len(self.sentence.spoken.split()):
            return self.audio.word_starts
        return estimate_word_starts(self.sentence.spoken, self.audio.samples, self.audio.sample_rate)


@dataclass(frozen=True)
class SpokenChapter:
    """A chapter's (or a continuing segment's) title and its spoken sentences."""

    title: str
    sentences: tuple[SpokenSentence, ...]
    continues: bool = False
    """True when this segment carries on the previous chapter."""


@dataclass
class SpeakStats:
    """What the speak stage did, for benchmarks and job timings."""

    engine_seconds: float = 0.0
    """Wall time spent inside the engine."""
    synthesized: int = 0
    cached: int = 0


def _workers(engine: Engine, requested: int) -> int:
    if not engine.parallel_safe:
        return 1
    # One worker by default: Piper's ONNX runtime already spreads a sentence over every core, and on two cores
    # two synthesis threads measured slower than one (bench/narration.py). The pool still overlaps synthesis of
    # the next chapter with leveling and encoding of this one.
    return requested if requested > 0 else 1


def speak(script: SpeechScript, engine: Engine, cache: AudioCache | None = None, workers: int = 0,
          stats: SpeakStats | None = None, before_sentence: Callable[[], None] | None = None
          ) -> Iterator[SpokenChapter]:
    """Yield each chapter's audio as soon as it is ready, in order.

    `before_sentence` runs before each sentence is spoken; an exception it raises stops the narration there (a job
    interrupted for a listener or a shutdown does not finish the chapter first)."""
    stats = stats if stats is not None else SpeakStats()
    identity = engine.identity
    wants_timings = getattr(engine, "times_words", False)
    sample_rate_hint: list[int] = []

    def one(sentence: Sentence) -> SpokenSentence:
        if before_sentence:
            before_sentence()
        if not is_speakable(sentence.spoken):
            rate = sample_rate_hint[0] if sample_rate_hint else 22050
            return SpokenSentence(sentence, SpeechAudio.silence(rate), cached=True, key="silence")
        key = cache_key(identity, sentence.spoken)
        hit = cache.get(key) if cache else None
        if hit is not None and (hit.word_starts is not None or not wants_timings):  # else re-spoken, to time it
            return SpokenSentence(sentence, hit, cached=True, key=key)
        started = time.perf_counter()
        audio = engine.synthesize(sentence.spoken)
        stats.engine_seconds += time.perf_counter() - started
        if cache:
            cache.put(key, audio)
        if not sample_rate_hint:
            sample_rate_hint.append(audio.sample_rate)
        return SpokenSentence(sentence, audio, cached=False, key=key)

    count = _workers(engine, workers)
    with ThreadPoolExecutor(max_workers=count, thread_name_prefix="speak") as pool:
        # One chapter of look-ahead: the next chapter synthesizes while the caller levels and encodes this one,
        # and memory holds at most two chapters of audio.
        # The first segment gets the cores to itself until the caller has taken it (leveled and published it),
        # so the first audio a listener hears is ready as early as possible.
        pending = [pool.submit(one, s) for s in script.chapters[0].sentences] if script.chapters else []
        for index, chapter in enumerate(script.chapters):
            current = pending
            if index > 0 and index + 1 < len(script.chapters):
                pending = [pool.submit(one, s) for s in script.chapters[index + 1].sentences]
            spoken = tuple(future.result() for future in current)
            for item in spoken:
                if item.cached:
                    stats.cached += 1
                else:
                    stats.synthesized += 1
            yield SpokenChapter(chapter.title, spoken, chapter.continues)
            if index == 0 and len(script.chapters) > 1:
                pending = [pool.submit(one, s) for s in script.chapters[1].sentences]

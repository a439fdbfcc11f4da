"""Speak stage: each chapter's sentences to audio, through the cache, in parallel where the engine allows."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
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


def _voiced(spoken: str, engine: Engine, cache: AudioCache | None, stats: SpeakStats) -> tuple[SpeechAudio, bool, str]:
    """A sentence's audio (from the cache when it holds it with what the engine gives), whether it was cached, and
    its cache key."""
    key = cache_key(engine.identity, spoken)
    hit = cache.get(key) if cache else None
    if hit is not None and (hit.word_starts is not None or not getattr(engine, "times_words", False)):
        return hit, True, key  # else re-spoken, to time it
    started = time.perf_counter()
    audio = engine.synthesize(spoken)
    stats.engine_seconds += time.perf_counter() - started
    if cache:
        cache.put(key, audio)
    return audio, False, key


class SpeakingAhead:
    """Sentences spoken on a thread of their own before the script is complete (the intro's first sentence while
    the rest of the article is prepared): `speak` takes their audio when it reaches them."""

    def __init__(self, spoken: Iterable[str], engine: Engine, cache: AudioCache | None, stats: SpeakStats) -> None:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speak-ahead")
        self._futures: dict[str, Future[tuple[SpeechAudio, bool, str]]] = {
            text: pool.submit(_voiced, text, engine, cache, stats) for text in spoken if is_speakable(text)}
        pool.shutdown(wait=False)

    def take(self, spoken: str) -> tuple[SpeechAudio, bool, str] | None:
        """The audio spoken ahead for this text (waiting for it if need be), once; None when there is none."""
        future = self._futures.pop(spoken, None)
        return future.result() if future is not None else None


def speak(script: SpeechScript, engine: Engine, cache: AudioCache | None = None, workers: int = 0,
          stats: SpeakStats | None = None, before_sentence: Callable[[], None] | None = None,
          ahead: SpeakingAhead | None = None) -> Iterator[SpokenChapter]:
    """Yield each chapter's audio as soon as it is ready, in order.

    `before_sentence` runs before each sentence is spoken; an exception it raises stops the narration there (a job
    interrupted for a listener or a shutdown does not finish the chapter first). Sentences `ahead` already speaks
    are taken from it."""
    stats = stats if stats is not None else SpeakStats()
    sample_rate_hint: list[int] = []

    def one(sentence: Sentence) -> SpokenSentence:
        if before_sentence:
            before_sentence()
        if not is_speakable(sentence.spoken):
            rate = sample_rate_hint[0] if sample_rate_hint else 22050
            return SpokenSentence(sentence, SpeechAudio.silence(rate), cached=True, key="silence")
        audio, cached, key = (ahead and ahead.take(sentence.spoken)) or _voiced(sentence.spoken, engine, cache, stats)
        if not sample_rate_hint:
            sample_rate_hint.append(audio.sample_rate)
        return SpokenSentence(sentence, audio, cached=cached, key=key)
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

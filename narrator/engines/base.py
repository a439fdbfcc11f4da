"""The Engine protocol and the audio and voice types engines exchange with the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np


@dataclass(frozen=True)
class SpeechAudio:
    """Mono 16-bit speech for one sentence."""

    samples: np.ndarray
    """int16 samples, mono."""
    sample_rate: int
    """Samples per second."""
    word_starts: tuple[float, ...] | None = None
    """Seconds from the start at which each word of the spoken text (`text.split()`) begins, when the engine timed
    them; None when it did not (the speak stage then estimates them)."""

    @property
    def duration_s(self) -> float:
        """Length in seconds."""
        return len(self.samples) / self.sample_rate

    @classmethod
    def silence(cls, sample_rate: int, seconds: float = 0.0) -> "SpeechAudio":
        """Silence of a given length (zero by default)."""
        return cls(np.zeros(int(round(seconds * sample_rate)), dtype=np.int16), sample_rate)


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine can speak with."""

    engine: str
    """Engine name, e.g. 'piper'."""
    id: str
    """What to pass as --voice."""
    name: str
    """Human-friendly name, e.g. 'Joe'."""
    language: str = ""
    """BCP 47-ish language tag, e.g. 'en_US'."""
    sample_rate: int = 0
    """Native sample rate in Hz (0 when unknown)."""
    details: dict[str, Any] = field(default_factory=dict)
    """Engine-specific extras (model path, speakers...)."""


@runtime_checkable
class Engine(Protocol):
    """Turns one sentence of spoken-form text into audio."""

    name: str
    """Registry name of the engine."""
    parallel_safe: bool
    """True when synthesize() may be called from several threads at once."""
    times_words: bool
    """True when synthesize() returns word timings (a cached sentence without them is synthesized again)."""

    @property
    def identity(self) -> dict[str, Any]:
        """Engine, voice and every setting that changes the sound: the sentence-cache key."""

    @property
    def display_name(self) -> str:
        """The narrator's name for intros and players (e.g. 'Joe')."""

    def synthesize(self, text: str) -> SpeechAudio:
        """Speak one sentence; raise EngineError rather than return silence for speakable text."""

    def voices(self) -> list[VoiceInfo]:
        """Voices this engine can use on this machine."""

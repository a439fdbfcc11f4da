"""A deterministic, instant engine for tests of the other stages (never a substitute for a real engine test)."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from ..errors import EngineError
from .base import SpeechAudio, VoiceInfo


class FakeEngine:
    """Tones whose length follows the text (about 15 characters a second); `fail_on` text raises."""

    name = "fake"
    parallel_safe = True
    times_words = False

    def __init__(self, voice: str = "tone", sample_rate: int = 22050, fail_on: str = "", **_: Any) -> None:
        self.voice = voice or "tone"
        self.sample_rate = sample_rate
        self.fail_on = fail_on
        self.calls = 0

    @property
    def identity(self) -> dict[str, Any]:
        return {"engine": self.name, "voice": self.voice, "sample_rate": self.sample_rate}

    @property
    def display_name(self) -> str:
        return "Test Voice"

    def synthesize(self, text: str) -> SpeechAudio:
        self.calls += 1
        if self.fail_on and self.fail_on in text:
            raise EngineError(f"fake engine was told to fail on {self.fail_on!r}")
        seconds = max(0.2, len(text) / 15.0)
        count = int(seconds * self.sample_rate)
        pitch = 180 + int(hashlib.sha1(text.encode()).hexdigest()[:2], 16)
        t = np.arange(count) / self.sample_rate
        envelope = np.minimum(1.0, np.minimum(t, seconds - t) * 20)
        wave = 0.3 * np.sin(2 * np.pi * pitch * t) * envelope
        return SpeechAudio((wave * 32767).astype(np.int16), self.sample_rate)

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo(self.name, "tone", "Test Voice", "en", self.sample_rate)]

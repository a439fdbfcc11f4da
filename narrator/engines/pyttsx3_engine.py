"""System voices through pyttsx3 (espeak-ng on Linux, SAPI5 on Windows, NSSpeech on macOS)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
import wave
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import EngineError, UnknownVoiceError
from ..lexicon import espeak_phoneme_blocks
from ..timing import event_word_starts
from .base import SpeechAudio, VoiceInfo

_LOGGER = logging.getLogger(__name__)
ESPEAK_DEFAULT_WPM = 175
MAX_VOICES_NAMED = 12
INSTALL_HINT = "install it with `pip install pyttsx3` and the system voice with `apt-get install espeak-ng`"


class Pyttsx3Engine:
    """pyttsx3 run in a child process; each sentence's file is verified, retried, or an EngineError raised."""

    name = "pyttsx3"
    parallel_safe = False

    def __init__(self, voice: str = "", rate: float = 1.0, volume: float = 1.0, retries: int = 2,
                 timeout_s: float = 60.0, word_timings: bool = True, **_: Any) -> None:
        try:
            import pyttsx3  # noqa: F401  (checked here so a missing install fails with a hint, not in the child)
        except ImportError as exc:
            raise EngineError(f"the pyttsx3 engine is not installed; {INSTALL_HINT}") from exc
        self.voice = voice or _default_voice()
        self.rate = rate
        self.volume = volume
        self.retries = retries
        self.timeout_s = timeout_s
        self.times_words = word_timings and sys.platform.startswith("linux")
        """espeak-ng reports each word's start; other platforms' drivers do not (their words are estimated)."""
        self._lock = threading.Lock()
        self._child: subprocess.Popen[str] | None = None
        self._requests = 0
        self._workdir = tempfile.mkdtemp(prefix="narrator-pyttsx3-")
        if voice:
            self.voice = self._installed_id(voice)

    @property
    def identity(self) -> dict[str, Any]:
        return {"engine": self.name, "voice": self.voice, "rate": self.rate, "volume": self.volume}

    @property
    def display_name(self) -> str:
        return "eSpeak" if sys.platform.startswith("linux") else "System voice"

    def _start(self) -> subprocess.Popen[str]:
        if self._child is None or self._child.poll() is not None:
            self._child = subprocess.Popen(
                [sys.executable, "-m", "narrator.engines.pyttsx3_child"], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
        return self._child

    def _stop(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None

    def _request(self, payload: dict[str, Any], timeout_s: float) -> dict[str, Any]:
        child = self._start()
        assert child.stdin and child.stdout
        child.stdin.write(json.dumps(payload) + "\n")
        child.stdin.flush()
        result: list[str] = []
        reader = threading.Thread(target=lambda: result.append(child.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout_s)
        if not result or not result[0]:
            self._stop()
            raise EngineError("the system voice stopped answering" if not result else "the system voice crashed")
        return json.loads(result[0])

    def synthesize(self, text: str) -> SpeechAudio:
        said = espeak_phoneme_blocks(text) if sys.platform.startswith("linux") else text
        last_problem = ""
        with self._lock:
            for attempt in range(self.retries + 1):
                self._requests += 1
                path = Path(self._workdir) / f"sentence-{self._requests}.wav"
                try:
                    reply = self._request({"text": said, "path": str(path), "voice": self.voice,
                                           "rate": int(ESPEAK_DEFAULT_WPM * self.rate), "volume": self.volume},
                                          self.timeout_s + len(text) / 20)
                    if "error" in reply:
                        last_problem = reply["error"]
                    else:
                        audio = _read_wav(path)
                        path.unlink(missing_ok=True)
                        if len(audio.samples) > 0 and np.abs(audio.samples).max() > 0:
                            starts = event_word_starts(said, reply.get("words") or []) if self.times_words else None
                            return SpeechAudio(audio.samples, audio.sample_rate, starts)
                        last_problem = "it wrote silence"
                except (EngineError, OSError, ValueError, wave.Error, EOFError) as exc:
                    last_problem = str(exc) or type(exc).__name__
                _LOGGER.warning("pyttsx3 attempt %d failed (%s); restarting the voice", attempt + 1, last_problem)
                self._stop()
        raise EngineError(f"the system voice produced no audio for a sentence after {self.retries + 1} tries "
                          f"({last_problem}): {text[:60]!r}")

    def voices(self) -> list[VoiceInfo]:
        with self._lock:
            reply = self._request({"op": "voices"}, self.timeout_s)
        return [VoiceInfo(self.name, v["id"], v["name"], (v["languages"] or [""])[0], 22050) for v in reply["voices"]]

    def _installed_id(self, voice: str) -> str:
        """The id of an installed voice given by id or name (any case); UnknownVoiceError naming installed ones."""
        installed = self.voices()
        for info in installed:
            if voice.lower() in (info.id.lower(), info.name.lower()):
                return info.id
        english = [v.id for v in installed if v.language.lower().startswith("en")] or [v.id for v in installed]
        shown = ", ".join(english[:MAX_VOICES_NAMED]) + (", ..." if len(english) > MAX_VOICES_NAMED else "")
        raise UnknownVoiceError(f"system voice {voice!r} is not installed; installed: {shown} "
                                f"({len(installed)} in all, listed by `narrator voices`)")

    def close(self) -> None:
        """Stop the child process."""
        with self._lock:
            self._stop()

    def __del__(self) -> None:
        try:
            self._stop()
        except Exception:
            pass


def _default_voice() -> str:
    """English, when the platform's voices are espeak-ng's; the system default otherwise."""
    return "gmw/en-us" if sys.platform.startswith("linux") else ""


def _read_wav(path: Path) -> SpeechAudio:
    with wave.open(str(path), "rb") as handle:
        if handle.getsampwidth() != 2:
            raise ValueError(f"unexpected sample width {handle.getsampwidth()}")
        frames = handle.readframes(handle.getnframes())
        samples = np.frombuffer(frames, dtype=np.int16)
        if handle.getnchannels() > 1:
            samples = samples.reshape(-1, handle.getnchannels()).mean(axis=1).astype(np.int16)
        return SpeechAudio(samples.copy(), handle.getframerate())

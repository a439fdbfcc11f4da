"""Engine registry: names to lazily imported adapters, and the 'auto' choice."""

from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Any

from ..errors import EngineError, UnknownVoiceError
from .base import Engine, SpeechAudio, VoiceInfo

_LOGGER = logging.getLogger(__name__)

ENGINES: dict[str, str] = {
    "piper": "narrator.engines.piper_engine:PiperEngine",
    "pyttsx3": "narrator.engines.pyttsx3_engine:Pyttsx3Engine",
    "fake": "narrator.engines.fake:FakeEngine",
}

__all__ = ["ENGINES", "Engine", "SpeechAudio", "VoiceInfo", "available_engines", "check_voice", "create_engine"]


def _engine_class(name: str) -> Any:
    module_name, _, class_name = ENGINES[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def create_engine(name: str = "auto", **options: Any) -> Engine:
    """An engine by registry name; 'auto' prefers Piper and falls back to pyttsx3 with a log line."""
    if name == "auto":
        try:
            return _engine_class("piper")(**options)
        except UnknownVoiceError:
            raise
        except EngineError as exc:
            _LOGGER.warning("Piper unavailable (%s); using the pyttsx3 system voice", exc)
            return _engine_class("pyttsx3")(**options)
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of: auto, {', '.join(ENGINES)}")
    return _engine_class(name)(**options)


@lru_cache(maxsize=64)
def check_voice(engine: str, voice: str, voices_dir: str = "") -> None:
    """Raise UnknownVoiceError (naming the installed voices) when `voice` is not installed for `engine` ('auto':
    Piper's voices). An engine not installed on this machine (an app process without voices) is not checked: the
    worker that runs it says so."""
    if not voice:
        return
    try:
        create_engine("piper" if engine == "auto" else engine, voice=voice, voices_dir=voices_dir)
    except UnknownVoiceError:
        raise
    except EngineError as exc:
        _LOGGER.debug("voice %r not checked here: %s", voice, exc)


def available_engines(**options: Any) -> dict[str, list[VoiceInfo] | str]:
    """Every registered engine (the fake one last: it is for tests) with its voices, or why it is unavailable."""
    found: dict[str, list[VoiceInfo] | str] = {}
    for name in sorted(ENGINES, key=lambda engine: engine == "fake"):
        try:
            engine = create_engine(name, **options)
            found[name] = engine.voices()
        except EngineError as exc:
            found[name] = str(exc)
    return found

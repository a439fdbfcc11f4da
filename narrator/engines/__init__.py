"""Engine registry: names to lazily imported adapters, and the 'auto' choice."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from ..errors import EngineError
from .base import Engine, SpeechAudio, VoiceInfo

_LOGGER = logging.getLogger(__name__)

ENGINES: dict[str, str] = {
    "piper": "narrator.engines.piper_engine:PiperEngine",
    "pyttsx3": "narrator.engines.pyttsx3_engine:Pyttsx3Engine",
    "fake": "narrator.engines.fake:FakeEngine",
}

__all__ = ["ENGINES", "Engine", "SpeechAudio", "VoiceInfo", "create_engine", "available_engines"]


def _engine_class(name: str) -> Any:
    module_name, _, class_name = ENGINES[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def create_engine(name: str = "auto", **options: Any) -> Engine:
    """An engine by registry name; 'auto' prefers Piper and falls back to pyttsx3 with a log line."""
    if name == "auto":
        try:
            return _engine_class("piper")(**options)
        except EngineError as exc:
            _LOGGER.warning("Piper unavailable (%s); using the pyttsx3 system voice", exc)
            options = {k: v for k, v in options.items() if k != "voice"}
            return _engine_class("pyttsx3")(**options)
    if name not in ENGINES:
        raise EngineError(f"unknown engine {name!r}; choose one of: auto, {', '.join(ENGINES)}")
    return _engine_class(name)(**options)


def available_engines(**options: Any) -> dict[str, list[VoiceInfo] | str]:
    """Every registered real engine with its voices, or the reason it is unavailable."""
    found: dict[str, list[VoiceInfo] | str] = {}
    for name in ENGINES:
        if name == "fake":
            continue
        try:
            engine = create_engine(name, **options)
            found[name] = engine.voices()
        except EngineError as exc:
            found[name] = str(exc)
    return found

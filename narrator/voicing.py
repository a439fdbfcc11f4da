"""Which installed voice reads an article's language (English: the configured voice; else one of that language)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache

from .config import Settings
from .engines import VoiceInfo, create_engine
from .errors import EngineError, UnsupportedLanguageError
from .language import is_english, macrolanguage, member, name, primary, region, script, tag

_LOGGER = logging.getLogger(__name__)

ENGINES_OF = {"auto": ("piper", "pyttsx3"), "piper": ("piper",), "pyttsx3": ("pyttsx3",), "fake": ("fake",)}
"""The engines whose voices the `engine` setting may read an article with."""
MAX_LISTED = 40
"""Languages named in a refusal (espeak-ng alone has about a hundred)."""


@dataclass(frozen=True)
class VoiceChoice:
    """The engine and voice to read an article with."""

    engine: str
    voice: str


def voice_for(language: str, settings: Settings) -> VoiceChoice:
    """The configured engine and voice for English; for another language the configured voice when it speaks it, else
    an installed voice of that language (its region preferred), else UnsupportedLanguageError naming what is there."""
    configured = VoiceChoice(settings.engine, settings.voice)
    if is_english(language):
        return configured
    voices = installed_voices(settings.engine, settings.voices_dir)
    speaking = [v for v in voices if macrolanguage(v.language) == macrolanguage(language)]
    if not speaking:
        spoken = sorted({tag(v.language) or v.language for v in voices if v.language})
        listed = ", ".join(spoken[:MAX_LISTED]) + (f" and {len(spoken) - MAX_LISTED} more" if len(spoken) > MAX_LISTED
                                                  else "")
        raise UnsupportedLanguageError(
            f"the article is in {name(language)}, and no installed voice speaks it; the installed voices "
            f"({settings.engine} engine) speak {listed or 'no language'}")
    code = primary(language)
    speaking.sort(key=lambda v: script(v.language) != script(language))  # 'cmn-latn-pinyin' reads pinyin, not 汉字
    exact = [v for v in speaking if tag(v.language).lower() == language.lower()]
    if not exact and region(language) in LATIN_AMERICA:
        exact = [v for v in speaking if tag(v.language).lower() == f"{code}-419"]  # es-MX: Latin American Spanish
    usual = member(language)
    home = [v for v in speaking if tag(v.language).lower() in (code, f"{code}-{code}", usual)]  # fr-FR before fr-BE
    chosen = next((v for v in speaking if settings.voice in (v.id, v.name)), None) or (exact or home or speaking)[0]
    _LOGGER.info("the article is in %s: read by %s voice %s", language, chosen.engine, chosen.id)
    return VoiceChoice(chosen.engine, chosen.id)


LATIN_AMERICA = {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN", "MX", "NI", "PA", "PE", "PR", "PY",
                 "SV", "UY", "VE", "419"}
"""Regions a voice tagged '-419' (Latin America and the Caribbean) speaks for."""


@lru_cache(maxsize=8)
def installed_voices(engine: str, voices_dir: str = "") -> tuple[VoiceInfo, ...]:
    """The voices of the engines the `engine` setting allows (an engine that is not installed has none)."""
    found: list[VoiceInfo] = []
    for name_ in ENGINES_OF.get(engine, (engine,)):
        try:
            found += create_engine(name_, voices_dir=voices_dir).voices()
        except EngineError as exc:
            _LOGGER.debug("no %s voices: %s", name_, exc)
    return tuple(found)

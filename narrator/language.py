"""The language of an article: the page's declaration, else its text (py3langid), as a BCP 47 tag."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

_LOGGER = logging.getLogger(__name__)

ENGLISH = "en"
"""The default: text too short or too mixed to tell is taken as English."""
MIN_WORDS = 20
"""Fewer words than this are too few to tell a language by (the detector guesses wildly on a headline)."""
MIN_CONFIDENCE = 0.9
"""The detector's probability below which the text is taken as English."""
SAMPLE_CHARS = 4000
"""How much of the text the detector reads (the first paragraphs tell the language as well as the whole)."""

_TAG = re.compile(r"^([a-zA-Z]{2,3})((?:[-_][a-zA-Z0-9]{1,8})*)$")
_NOT_LANGUAGES = {"und", "mul", "zxx", "mis"}
_NAMES = {"en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
          "nl": "Dutch", "ja": "Japanese", "zh": "Chinese", "ru": "Russian", "pl": "Polish", "cs": "Czech",
          "ar": "Arabic", "he": "Hebrew", "ko": "Korean", "sv": "Swedish", "da": "Danish", "fi": "Finnish",
          "el": "Greek", "tr": "Turkish", "uk": "Ukrainian", "hi": "Hindi", "nb": "Norwegian", "no": "Norwegian"}


def tag(value: str) -> str:
    """A declared language as a BCP 47 tag ('en_us' -> 'en-US', 'ZH-tw' -> 'zh-TW'); '' when it is not one."""
    match = _TAG.match((value or "").strip().split(",")[0].strip())
    if not match or match.group(1).lower() in _NOT_LANGUAGES:
        return ""
    subtags = [s for s in re.split(r"[-_]", match.group(2)) if s]
    shaped = [s.upper() if len(s) == 2 else s.title() if len(s) == 4 else s.lower() for s in subtags]
    return "-".join([match.group(1).lower(), *shaped])


def primary(language: str) -> str:
    """The language subtag of a tag: 'en-GB' -> 'en', 'fr_CA' -> 'fr'."""
    return re.split(r"[-_]", language or "")[0].lower()


def is_english(language: str) -> bool:
    """True for English or no language at all (the default)."""
    return primary(language) in ("", ENGLISH)


def name(language: str) -> str:
    """A reader's name for a language: 'French (fr)'."""
    code = primary(language)
    return f"{_NAMES[code]} ({language})" if code in _NAMES else language


def detect(text: str, declared: str = "") -> str:
    """The article's language: its declared tag when it has a valid one, else the detector's, else English."""
    found = tag(declared)
    if found:
        return found
    if len(text.split()) < MIN_WORDS:
        return ENGLISH
    try:
        identifier = _identifier()
    except OSError as exc:  # py3langid unpacks its model into a temporary file: a full disk refuses that
        _LOGGER.warning("language detector unavailable (%s); taking the text as English", exc)
        return ENGLISH
    code, confidence = identifier.classify(text[:SAMPLE_CHARS])
    _LOGGER.debug("detected language %s (%.2f)", code, confidence)
    return tag(code) or ENGLISH if confidence >= MIN_CONFIDENCE else ENGLISH


def load_model() -> None:
    """Load the detector's model now (a service does it once; it takes a second or more)."""
    _identifier()


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, loaded once (it takes a second or more)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

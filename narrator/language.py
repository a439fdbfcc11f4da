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

CJK_CHARS_PER_WORD = 2
"""Chinese and Japanese put no spaces between words: this many characters count as one word."""
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
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


MACROLANGUAGES = {"cmn": "zh", "yue": "zh", "hak": "zh", "nan": "zh", "wuu": "zh", "nb": "no", "nn": "no",
                  "zlm": "ms", "zsm": "ms", "arb": "ar", "pes": "fa", "prs": "fa", "swh": "sw", "lvs": "lv",
                  "ekk": "et", "ydd": "yi", "khk": "mn", "uzn": "uz", "azj": "az", "plt": "mg"}
"""Individual languages (ISO 639-3, as voices name them: espeak-ng's 'cmn' Mandarin) and the macrolanguage a page
declares or the detector finds ('zh' Chinese): a Mandarin voice reads a page in 'zh'."""
USUAL_MEMBER = {"zh": "cmn", "no": "nb", "ms": "zsm", "ar": "arb", "fa": "pes", "sw": "swh"}
"""The individual language a macrolanguage's page is most often written in ('zh' -> Mandarin, not Cantonese)."""
REGION_MEMBER = {("zh", "HK"): "yue", ("zh", "MO"): "yue"}
"""A region whose pages are usually in another member ('zh-HK': Cantonese)."""


def macrolanguage(language: str) -> str:
    """The language a tag belongs to, individual languages folded into their macrolanguage: 'cmn' -> 'zh'."""
    code = primary(language)
    return MACROLANGUAGES.get(code, code)


def _subtags(language: str) -> list[str]:
    """The subtags after the language: 'zh-Hant-TW' -> ['Hant', 'TW']."""
    return re.split(r"[-_]", language or "")[1:]


def region(language: str) -> str:
    """A tag's region subtag, upper case ('es-MX' -> 'MX', 'es-419' -> '419'); '' without one."""
    return next((s.upper() for s in _subtags(language)
                 if (len(s) == 2 and s.isalpha()) or (len(s) == 3 and s.isdigit())), "")


def script(language: str) -> str:
    """A tag's script subtag, lower case ('zh-Hant-TW' -> 'hant', 'cmn-latn-pinyin' -> 'latn'); '' without one."""
    return next((s.lower() for s in _subtags(language) if len(s) == 4 and s.isalpha()), "")


def member(language: str) -> str:
    """The individual language a tag most likely means: 'zh-HK' -> 'yue', 'zh' -> 'cmn', 'yue' -> 'yue', 'fr' -> 'fr'."""
    code = primary(language)
    if (code, region(language)) in REGION_MEMBER:
        return REGION_MEMBER[(code, region(language))]
    if "yue" in (s.lower() for s in _subtags(language)):
        return "yue"
    return USUAL_MEMBER.get(code, code)


def is_english(language: str) -> bool:
    """True for English or no language at all (the default)."""
    return primary(language) in ("", ENGLISH)


def name(language: str) -> str:
    """A reader's name for a language: 'French (fr)'."""
    code = primary(language)
    return f"{_NAMES[code]} ({language})" if code in _NAMES else language


def words(text: str) -> float:
    """The text's words, CJK_CHARS_PER_WORD characters of Chinese or Japanese counting as one."""
    cjk = len(_CJK.findall(text))
    return len(_CJK.sub(" ", text).split()) + cjk / CJK_CHARS_PER_WORD


def detect(text: str, declared: str = "") -> str:
    """The article's language: its declared tag when it has a valid one, else the detector's, else English."""
    found = tag(declared)
    if found:
        return found
    if words(text) < MIN_WORDS:
        return ENGLISH
    try:
        identifier = _identifier()
    except OSError as exc:  # py3langid unpacks its model into a temporary file: a full disk refuses that
        _LOGGER.warning("language detector unavailable (%s); taking the text as English", exc)
        return ENGLISH
    code, confidence = identifier.classify(text[:SAMPLE_CHARS])
    _LOGGER.debug("detected language %s (%.2f)", code, confidence)
    script = _east_asian_script(text[:SAMPLE_CHARS])
    if script:  # the script tells Chinese, Japanese and Korean apart from the rest at any confidence
        return code if code in EAST_ASIAN else script
    return tag(code) or ENGLISH if confidence >= MIN_CONFIDENCE else ENGLISH


EAST_ASIAN = ("zh", "ja", "ko")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


def _east_asian_script(text: str) -> str:
    """'zh', 'ja' or 'ko' when most of the text's letters are Chinese characters, kana or hangul; else ''."""
    letters = sum(ch.isalpha() for ch in text)
    cjk = len(_CJK.findall(text))
    if not letters or cjk / letters < 0.5:
        return ""
    if len(_HANGUL.findall(text)) > cjk / 2:
        return "ko"
    return "ja" if len(_KANA.findall(text)) >= cjk / 20 else "zh"


def load_model() -> None:
    """Load the detector's model now (a service does it once; it takes a second or more)."""
    _identifier()


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's model, loaded once (it takes a second or more)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)

"""Pronunciation lexicon entries: a respelling or IPA phonemes per word, case-aware, checked and turned into
the normalizer's replacements (IPA as raw phonemes between `[[ ]]`, translated for espeak-ng where it is the voice).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import IngestError

_LOGGER = logging.getLogger(__name__)

Kind = Literal["respelling", "ipa"]
KINDS: tuple[Kind, ...] = ("respelling", "ipa")
MAX_WORD_CHARS = 60
MAX_VALUE_CHARS = 120
WORD_PATTERN = re.compile(r"^[^\W\d_](?:[\w'’.-]*[^\W_])?\.?$")
"""One written word: letters (any script), inner apostrophes, hyphens, dots (St.), digits after the first letter."""
RESPELLING_PATTERN = re.compile(r"^[\w'’ .,-]+$")

# IPA (as Piper and espeak-ng write English) to espeak-ng's own phoneme mnemonics, longest symbols first.
IPA_TO_ESPEAK: dict[str, str] = {
    "tʃ": "tS", "dʒ": "dZ", "eɪ": "eI", "aɪ": "aI", "ɔɪ": "OI", "əʊ": "@U", "oʊ": "oU", "aʊ": "aU",
    "ɪə": "i@", "eə": "e@", "ʊə": "U@", "ɑː": "A:", "ɔː": "O:", "iː": "i:", "uː": "u:", "ɜː": "3:",
    "ɑ": "A", "æ": "a", "ʌ": "V", "ɒ": "0", "ɔ": "O", "ə": "@", "ɚ": "3", "ɝ": "3:", "ɛ": "E", "e": "e",
    "ɪ": "I", "i": "i", "ʊ": "U", "u": "u", "ɐ": "a#", "o": "o", "a": "a", "y": "y",
    "θ": "T", "ð": "D", "ʃ": "S", "ʒ": "Z", "ŋ": "N", "ɹ": "r", "r": "r", "ɾ": "t", "ʔ": "?", "ç": "C",
    "x": "x", "ɬ": "l#", "ɡ": "g", "g": "g", "j": "j", "w": "w", "h": "h", "l": "l", "m": "m", "n": "n",
    "p": "p", "b": "b", "t": "t", "d": "d", "k": "k", "f": "f", "v": "v", "s": "s", "z": "z",
    "ˈ": "'", "ˌ": ",", "ː": ":", ".": "",
}
IPA_SYMBOLS = frozenset("".join(IPA_TO_ESPEAK))
_IPA_KEYS = sorted(IPA_TO_ESPEAK, key=len, reverse=True)
PHONEME_BLOCK = re.compile(r"\[\[([^\]]*)\]\]")


@dataclass(frozen=True)
class Entry:
    """How one word is said."""

    word: str
    """As written; an all-lowercase word also matches its Capitalised and UPPERCASE forms, any other form only
    itself ("Reading" the town is not "reading")."""
    kind: Kind
    """'respelling' (ordinary letters the voice reads, e.g. 'Porth-wen') or 'ipa' (phonemes, e.g. 'pˈɔːθwɛn')."""
    value: str
    """The respelling or the IPA."""

    @property
    def replacement(self) -> str:
        """What the normalizer puts in the word's place."""
        return f"[[{self.value}]]" if self.kind == "ipa" else self.value


def validate(word: str, kind: str, value: str) -> Entry:
    """A checked entry, or IngestError saying what is wrong and what is accepted."""
    word = unicodedata.normalize("NFC", (word or "").strip())
    value = unicodedata.normalize("NFC", " ".join((value or "").split()))
    if not word or len(word) > MAX_WORD_CHARS or not WORD_PATTERN.match(word):
        raise IngestError(f"the word must be one written word of letters (up to {MAX_WORD_CHARS} characters, "
                          f"inner apostrophes, hyphens or dots allowed), not {word[:80]!r}")
    if kind not in KINDS:
        raise IngestError(f"the kind must be one of {', '.join(KINDS)}, not {str(kind)[:40]!r}")
    if not value or len(value) > MAX_VALUE_CHARS:
        raise IngestError(f"the pronunciation must be 1 to {MAX_VALUE_CHARS} characters")
    if kind == "ipa":
        value = value.strip("/[] ").replace(" ", "").replace("'", "ˈ").replace(",", "ˌ").replace("g", "ɡ")
        unknown = sorted({ch for ch in value if ch not in IPA_SYMBOLS})
        if not value or unknown:
            raise IngestError(f"the IPA has symbols English voices cannot say: {' '.join(unknown) or '(none)'}; "
                              f"use English IPA such as 'pˈɔːθwɛn' (stress ˈ ˌ, length ː)")
    elif not RESPELLING_PATTERN.match(value) or "[[" in value:
        raise IngestError("a respelling is ordinary letters, spaces, hyphens and apostrophes (e.g. 'Porth-wen'); "
                          "give phonemes as kind 'ipa'")
    return Entry(word, kind, value)  # type: ignore[arg-type]


def case_forms(word: str) -> tuple[str, ...]:
    """The written forms an entry for `word` matches."""
    if word.islower():
        return tuple(dict.fromkeys((word, word[0].upper() + word[1:], word.upper())))
    return (word,)


def replacements(entries: Iterable[Entry], seed: dict[str, str] | None = None) -> dict[str, str]:
    """The normalizer's lexicon: the seed (config/lexicon.toml) overridden by stored entries, case forms expanded.

    An exact entry for a form wins over a form derived from a lowercase entry."""
    found: dict[str, str] = {}
    exact: set[str] = set(seed or {})
    found.update(seed or {})
    entries = list(entries)
    for entry in sorted(entries, key=lambda e: not e.word.islower()):  # lowercase first, exact forms override
        for form in case_forms(entry.word):
            if form == entry.word or form not in exact:
                found[form] = entry.replacement
        exact.add(entry.word)
    return found


VOICE_LEXICONS = Path(__file__).resolve().parent / "defaults" / "voices"
"""Voice lexicons shipped with the package: <voice id>.toml, a [words] table made by scripts/find_voice_lexicon.py."""


def voice_lexicon(voice_id: str, folder: Path | None = None) -> dict[str, str]:
    """The fixes for one voice's mispronunciations ({} for a voice without a lexicon), case forms expanded."""
    from .normalize import load_lexicon

    if not voice_id or "/" in voice_id or voice_id.startswith("."):
        return {}
    found: dict[str, str] = {}
    for word, value in load_lexicon(str((folder or VOICE_LEXICONS) / f"{voice_id}.toml")).items():
        for form in case_forms(word):
            found.setdefault(form, value)
    return found


def ipa_to_espeak(ipa: str) -> str:
    """IPA phonemes as espeak-ng mnemonics ('pˈɔːθwɛn' -> "p'O:TwEn"); unknown symbols are dropped."""
    out, index = [], 0
    while index < len(ipa):
        for key in _IPA_KEYS:
            if ipa.startswith(key, index):
                out.append(IPA_TO_ESPEAK[key])
                index += len(key)
                break
        else:
            index += 1
    return "".join(out)


def espeak_phoneme_blocks(text: str) -> str:
    """Spoken text for espeak-ng: IPA inside `[[ ]]` translated to its mnemonics."""
    return PHONEME_BLOCK.sub(lambda m: f"[[{ipa_to_espeak(m.group(1))}]]", text)

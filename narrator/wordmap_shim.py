"""Throwaway stand-in for the normalizer's word map until narrator.normalize provides Normalizer.map()."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class SpokenWord:
    """A spoken word and the span [start, end) of the written text it came from."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Normalized:
    """Spoken text and one SpokenWord per item of `spoken.split()`."""

    spoken: str
    words: tuple[SpokenWord, ...]


_BLOCK = re.compile(r"\[\[[^\]]*\]\]")


def _protected(normalize):  # type: ignore[no-untyped-def]
    """Raw phoneme blocks from lexicon replacements pass the rules untouched (as placeholders)."""
    def run(text: str) -> str:
        if hasattr(normalize, "__self__") and getattr(normalize.__self__, "lexicon", None):
            lexicon = normalize.__self__.lexicon
            blocks = {f"qqphonemeblock{chr(97 + i % 26)}{'x' * (i // 26)}qq": v
                      for i, v in enumerate(sorted({v for v in lexicon.values() if _BLOCK.search(v)}))}
            if blocks:
                hidden = type(normalize.__self__)({k: next((p for p, b in blocks.items() if b == v), v)
                                                   for k, v in lexicon.items()}, normalize.__self__.date_order)
                said = hidden.normalize(text)
                for placeholder, block in blocks.items():
                    said = said.replace(placeholder, block)
                return said
        return normalize(text)
    return run


def map_words(normalize, text: str) -> Normalized:  # type: ignore[no-untyped-def]
    """The whole sentence normalized, its words mapped to written tokens (per token when the counts agree)."""
    normalize = _protected(normalize)
    spoken = normalize(text)
    tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
    spoken_words = spoken.split()
    per_token = [(start, end, normalize(token).split()) for start, end, token in tokens]
    if sum(len(words) for _, _, words in per_token) == len(spoken_words):
        mapped = [(start, end) for start, end, words in per_token for _ in words]
    elif tokens:
        mapped = [tokens[min(len(tokens) - 1, i * len(tokens) // max(1, len(spoken_words)))][:2]
                  for i in range(len(spoken_words))]
    else:
        mapped = [(0, 0)] * len(spoken_words)
    return Normalized(spoken, tuple(SpokenWord(w, s, e) for w, (s, e) in zip(spoken_words, mapped)))

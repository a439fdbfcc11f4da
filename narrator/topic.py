"""Content words, light stemming and how much a paragraph shares the vocabulary of an article's body."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_](?:(?:[^\W\d_]|['’-])*[^\W\d_])?")
"""A word of letters in any alphabet (apostrophes and hyphens inside it)."""
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]+")
"""Chinese and Japanese write words without spaces: each pair of characters in a run counts as a word."""
FUNCTION_WORDS = frozenset("""
a about above after again against all almost also although always am among an and another any are around as at
away back be because been before being below between both but by can cannot could did do does doing done down during
each either else enough even ever every few for from further get gets got had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less let like made make many may me
might more most much must my myself near need never no nor not now of off often on once one only or other others
our ours ourselves out over own per perhaps put rather really said same say says see seen several shall she should
since so some still such than that the their theirs them themselves then there these they thing things this those
though through thus to too under until up upon us very via was we well went were what when where whether which while
who whom whose why will with within without would yet you your yours yourself yourselves told tell according added
asked going go goes come came two three four five six seven eight nine ten mr mrs ms dr first last next new
""".split())
_SUFFIXES = ("ingly", "ments", "ment", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: lower case, no possessive, common suffixes and a final e removed (vote = voted)."""
    word = word.lower().replace("’", "'")
    word = re.sub(r"'s?$", "", word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # running -> runn -> run
    return word.removesuffix("e") if len(word) > 3 else word


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no function words, no one- or two-letter words); in Chinese and
    Japanese, every two characters in a row."""
    runs = _CJK_RUN.findall(text)
    stems = [stem(w) for w in _WORD.findall(_CJK_RUN.sub(" ", text) if runs else text)
             if len(w) > 2 and w.lower() not in FUNCTION_WORDS]
    return stems + [run[n:n + 2] for run in runs for n in range(len(run) - 1)]


class Vocabulary:
    """The content stems of a body of paragraphs, for asking whether another paragraph is about the same thing."""

    def __init__(self, paragraphs: Iterable[str]) -> None:
        self.counts: Counter[str] = Counter()
        for paragraph in paragraphs:
            self.counts.update(set(content_stems(paragraph)))

    def overlap(self, paragraph: str, exclude: str | None = None, min_stems: int = 2) -> float | None:
        """Share of the paragraph's distinct content stems found in the body (None: fewer than `min_stems`, too few
        words to judge).

        `exclude` is a paragraph counted in the body that must not vote for itself."""
        stems = set(content_stems(paragraph))
        if len(stems) < max(1, min_stems):
            return None
        own = set(content_stems(exclude)) if exclude else set()
        found = sum(1 for s in stems if self.counts[s] - (s in own) > 0)
        return found / len(stems)

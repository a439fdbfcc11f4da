"""Word-shingle precision, recall and F1 of an extracted text against the expected one (per page, then averaged)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

_CJK = "\u3040-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
# A CJK character is a word of its own (those scripts put no spaces between words); a run of other letters and
# digits is a word, and ends where a CJK character starts ('Storeおよび' is 'store', 'お', 'よ', 'び').
_TOKEN = re.compile(rf"[{_CJK}]|[^\W_{_CJK}]+", re.UNICODE)
SHINGLE_WORDS = 4


def tokens(text: str) -> list[str]:
    """Lower-cased words (letters and digits), punctuation dropped."""
    return [token.lower() for token in _TOKEN.findall(text)]


def shingles(text: str, size: int = SHINGLE_WORDS) -> Counter[tuple[str, ...]]:
    """The multiset of `size`-word runs of the text (a shorter text is one shingle)."""
    words = tokens(text)
    if 0 < len(words) < size:
        return Counter([tuple(words)])
    return Counter(tuple(words[i:i + size]) for i in range(len(words) - size + 1))


@dataclass(frozen=True)
class PageScore:
    """One page's shingle precision and recall; an empty extraction of a non-empty page scores 0 and 0."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def harmonic(precision: float, recall: float) -> float:
    """F1 of a precision and a recall."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def score(extracted: str, expected: str) -> PageScore:
    """Shingle precision and recall of `extracted` against `expected`."""
    got, want = shingles(extracted), shingles(expected)
    if not want:
        return PageScore(1.0 if not got else 0.0, 1.0)
    if not got:
        return PageScore(0.0, 0.0)
    common = sum((got & want).values())
    return PageScore(common / sum(got.values()), common / sum(want.values()))


@dataclass
class Summary:
    """Per-page scores averaged (the Article Extraction Benchmark's way: F1 of the mean precision and recall)."""

    scores: list[PageScore] = field(default_factory=list)
    refused: int = 0

    def add(self, page: PageScore) -> None:
        self.scores.append(page)

    def extend(self, pages: Iterable[PageScore]) -> None:
        self.scores.extend(pages)

    @property
    def precision(self) -> float:
        return sum(s.precision for s in self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def recall(self) -> float:
        return sum(s.recall for s in self.scores) / len(self.scores) if self.scores else 0.0

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)

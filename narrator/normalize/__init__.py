"""Written English in, the words a narrator would say out, with a map from each spoken word to what was written.

The design is the field's: tokenize, classify each token or token group into a semiotic class (cardinal,
money, measure, date, time, range, score, telephone, electronic, roman, abbreviation, initialism, ...), then
verbalize each class; see `scanner.py` for the pass and `numeric.py`, `temporal.py`, `textual.py` for the
classes. Word tables are data in `tables.py`; adding a unit, a currency or an abbreviation is one line there.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import names, numeric, temporal, textual
from .numbers import cardinal, int_to_roman, ordinal, roman_to_int, year
from .scanner import Normalized, Scanner, SpokenWord, assemble
from .style import house_style

if TYPE_CHECKING:
    from ..config import Settings

_LOGGER = logging.getLogger(__name__)

__all__ = ["Normalized", "Normalizer", "SpokenWord", "cardinal", "int_to_roman", "load_lexicon", "normalize",
           "normalize_text", "ordinal", "roman_to_int", "year"]

@lru_cache(maxsize=16)
def _scanner(lexicon: tuple[tuple[str, str], ...], day_first: bool) -> Scanner:
    holder: list[Scanner] = []

    def speak(text: str, begin: int = 0, end: int | None = None) -> str:
        return assemble(text, holder[0].rewrite(text, begin, end), begin, end).spoken

    text_classes = textual.grammars(speak)
    early = ("electronic", "telephone", "address")
    first = [g for g in text_classes if g.name in early]
    last = [g for g in text_classes if g.name not in early]
    grammars = (textual.make_lexicon(dict(lexicon)) + first + names.grammars() + temporal.grammars(day_first)
                + numeric.grammars(speak) + last)
    holder.append(Scanner(grammars))
    return holder[0]


@dataclass(frozen=True)
class Normalizer:
    """Spoken-form rewriting with a user lexicon that wins over every other class."""

    lexicon: dict[str, str] = field(default_factory=dict)
    """Whole-word, case-sensitive replacements (config/lexicon.toml); a replacement may hold [[phonemes]]."""
    date_order: str = "dmy"
    """How to read 03/05/2024: 'dmy' (the third of May) or 'mdy' (March fifth)."""
    number_and: bool = True
    """House style: 'one hundred and five' (True) or 'one hundred five'."""
    rate_word: str = "a"
    """House style: '$120/mo' is 'a month' ('a') or 'per month' ('per')."""

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Normalizer":
        """The normalizer configured by settings: the lexicon.toml files merged, later folders' words winning."""
        lexicon: dict[str, str] = {}
        for path in settings.rule_files("lexicon.toml"):
            lexicon.update(load_lexicon(str(path)))
        return cls(lexicon, settings.date_order, settings.number_and, settings.rate_word)

    def map(self, text: str) -> Normalized:
        """The spoken form of `text` with its word map; never raises on text."""
        if not isinstance(text, str) or not text:
            return Normalized(text if isinstance(text, str) else "", "", ())
        try:
            rewrites = self._scanner.rewrite(text)
            if not self.number_and or self.rate_word == "per":
                rewrites = house_style(text, rewrites, self.number_and, self.rate_word)
            return assemble(text, rewrites)
        except RecursionError:  # pathological nesting of brackets: said as written
            _LOGGER.debug("normalization gave up on a deeply nested text")
            return assemble(text, [])

    @cached_property
    def _scanner(self) -> Scanner:
        """The grammar table for this lexicon and date order (built once per distinct pair, shared)."""
        return _scanner(tuple(sorted(self.lexicon.items())), self.date_order != "mdy")

    def normalize(self, text: str) -> str:
        """Rewrite text in spoken form; never raises (a failing class leaves its span as written)."""
        return self.map(text).spoken

    __call__ = normalize


@lru_cache(maxsize=8)
def load_lexicon(path: str) -> dict[str, str]:
    """Whole-word replacements from a TOML file's [words] table (empty when the file is missing)."""
    if not Path(path).is_file():
        return {}
    with open(path, "rb") as handle:
        return {str(k): str(v) for k, v in tomllib.load(handle).get("words", {}).items()}


_DEFAULT = Normalizer()


def normalize(text: str) -> Normalized:
    """Written English in: the spoken text and, for every spoken word, the written span it came from."""
    return _DEFAULT.map(text)


def normalize_text(text: str) -> str:
    """Written English in, spoken English out. Pure and deterministic; unknown input passes through."""
    return _DEFAULT.normalize(text)

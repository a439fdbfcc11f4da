"""Tokenize, classify, verbalize: one left-to-right pass that turns written text into spoken words with a word map.

At every place a token can start, each semiotic class's grammar that can begin with that character is tried; the
longest match whose verbalizer accepts it (its context may say no) is rewritten, everything else is kept as
written. Output is never re-read, so one class cannot misread what another wrote.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpokenWord:
    """One word the voice says and the span of the written text it came from."""

    text: str
    """The spoken word, as the engine receives it (with any punctuation attached)."""
    start: int
    """Start of its written span (index into the written text)."""
    end: int
    """End of its written span (exclusive)."""


@dataclass(frozen=True)
class Normalized:
    """Spoken form of a text with its word map."""

    written: str
    """The text as written."""
    spoken: str
    """The text as said."""
    words: tuple[SpokenWord, ...]
    """One entry per item of `spoken.split()`, in order; several may share one written span."""
    classes: tuple[tuple[str, int, int], ...] = ()
    """(semiotic class, start, end) of every rewritten span of the written text."""


class Context:
    """What surrounds a match: the words before and after, for the grammars that depend on them."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end

    @property
    def before(self) -> str:
        """Text before the match."""
        return self.text[:self.start]

    @property
    def after(self) -> str:
        """Text after the match."""
        return self.text[self.end:]

    def previous_words(self, count: int = 1) -> list[str]:
        """The last `count` words before the match, punctuation stripped, as written."""
        return [w.strip(".,;:!?\"'()“”‘’") for w in self.text[max(0, self.start - 80):self.start].split()[-count:]]

    def previous_word(self) -> str:
        """The word just before the match ('' at the start)."""
        words = self.previous_words(1)
        return words[0] if words else ""

    def next_words(self, count: int = 1) -> list[str]:
        """The first `count` words after the match, punctuation stripped, as written."""
        return [w.strip(".,;:!?\"'()“”‘’") for w in self.text[self.end:self.end + 80].split()[:count]]

    def next_word(self) -> str:
        """The word just after the match ('' at the end)."""
        words = self.next_words(1)
        return words[0] if words else ""

    def touches_next(self) -> bool:
        """True when the match is directly followed by a word (no space or punctuation between)."""
        return self.end < len(self.text) and self.text[self.end].isalnum()

    def ends_sentence(self) -> bool:
        """True when nothing follows the match, or the next word starts like a new sentence (a capital or a
        quote): a full stop the match ate ('Oak St.', 'etc.', 'Oct.') also ended the sentence."""
        rest = self.after
        return not rest.strip() or re.match(r"\s+[A-Z\"'“‘]", rest) is not None

    def shouting(self) -> bool:
        """True when most letters around the match are capitals (a headline in capitals)."""
        window = self.text[max(0, self.start - 40):self.end + 40]
        letters = [c for c in window if c.isalpha()]
        return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8


Verbalizer = Callable[[re.Match[str], Context], "str | None"]


@dataclass(frozen=True)
class Grammar:
    """One semiotic class's written shape and how to say it."""

    name: str
    """The semiotic class (cardinal, money, date, ...)."""
    pattern: re.Pattern[str]
    """Matched at a token start; the longest accepted match wins."""
    verbalize: Verbalizer
    """Spoken words for a match, or None when the context says it is not this class."""
    first: str
    """Characters it can start with: 'd' digits, 'u' capitals, 'l' lower case, or the literal characters."""


_TOKEN_START = re.compile(r"(?<![^\W_])[^\W_]|[^\w\s]")
"""Where a token can start: the first letter or digit of a run, or any symbol."""


def _first_kind(char: str) -> str:
    if char.isdigit():
        return "d"
    if char.isupper():
        return "u"
    if char.isalpha():
        return "l"
    return char


class Scanner:
    """The classify-and-verbalize pass over a table of grammars."""

    def __init__(self, grammars: Sequence[Grammar]) -> None:
        self.grammars = tuple(grammars)
        self._by_first: dict[str, tuple[Grammar, ...]] = {}
        for grammar in self.grammars:
            for key in grammar.first:
                self._by_first[key] = self._by_first.get(key, ()) + (grammar,)

    def candidates(self, char: str) -> tuple[Grammar, ...]:
        """Grammars that can start with this character."""
        return self._by_first.get(_first_kind(char), ())

    def rewrite(self, text: str, begin: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
        """(start, end, spoken, class) for every rewritten span of text[begin:end], left to right, not
        overlapping; the whole text stays visible as context."""
        out: list[tuple[int, int, str, str]] = []
        stop = len(text) if end is None else end
        position = begin
        for token in _TOKEN_START.finditer(text, begin, stop):
            start = token.start()
            if start < position:
                continue
            found = self._classify(text, start, stop)
            if found is not None:
                out.append(found)
                position = found[1]
        return out

    def _classify(self, text: str, start: int, stop: int) -> tuple[int, int, str, str] | None:
        grammars = self.candidates(text[start])
        if not grammars:
            return None
        matches = []
        for order, grammar in enumerate(grammars):
            match = grammar.pattern.match(text, start, stop)
            if match is not None and match.end() > start:
                matches.append((-match.end(), order, match, grammar))
        matches.sort(key=lambda item: (item[0], item[1]))
        for _, _, match, grammar in matches:
            try:
                spoken = grammar.verbalize(match, Context(text, start, match.end()))
            except Exception as exc:  # a grammar's bug must never lose the text or stop a narration
                _LOGGER.debug("normalization class %s failed on %r: %s", grammar.name, match.group(0), exc)
                continue
            if spoken is not None:
                if match.group(0).endswith(".") and not spoken.rstrip().endswith(".") \
                        and not text[match.end():stop].strip(" \t\n\"'”’)"):
                    spoken += "."  # the abbreviation's full stop also ended the text
                return start, match.end(), spoken, grammar.name
        return None


_WORD = re.compile(r"\S+")


def assemble(text: str, rewrites: list[tuple[int, int, str, str]], begin: int = 0, end: int | None = None) -> Normalized:
    """The spoken text and its word map from the written text (or its slice) and its rewritten spans."""
    if begin or end is not None:
        stop = len(text) if end is None else end
        shifted = [(s - begin, e - begin, spoken, name) for s, e, spoken, name in rewrites]
        return assemble(text[begin:stop], shifted)
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def put(char: str, start: int, end: int) -> None:
        if char.isspace():
            if not chars or chars[-1] == " ":
                return
            char = " "
        chars.append(char)
        starts.append(start)
        ends.append(end)

    position = 0
    for start, end, spoken, _ in rewrites:
        for index in range(position, start):
            put(text[index], index, index + 1)
        spoken = spoken.strip()
        if spoken:
            if chars and chars[-1] != " " and (chars[-1].isalnum() or spoken[0].isalnum()) \
                    and not (chars[-1] in "(\"'“‘[" or spoken[0] in ",.;:!?)'’\""):
                put(" ", start, start)
            for char in spoken:
                put(char, start, end)
            if end < len(text) and text[end].isalnum() and spoken[-1].isalnum():
                put(" ", end, end)
        position = end
    for index in range(position, len(text)):
        put(text[index], index, index + 1)
    while chars and chars[-1] == " ":
        chars.pop(), starts.pop(), ends.pop()
    first = 0
    while first < len(chars) and chars[first] == " ":
        first += 1
    spoken_text = "".join(chars[first:])
    words = tuple(SpokenWord(m.group(0), min(starts[first + m.start():first + m.end()]),
                             max(ends[first + m.start():first + m.end()])) for m in _WORD.finditer(spoken_text))
    classes = tuple((name, start, end) for start, end, _, name in rewrites)
    return Normalized(text, spoken_text, words, classes)

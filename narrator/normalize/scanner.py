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


_SAID_NUMBER_WORDS = frozenset(
    "zero oh one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million "
    "billion trillion point and minus plus percent".split())
"""Words a number is said with: a headline in capitals stays one after its numbers are said (idempotence)."""


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
        """True when most letters of the words around the match are capitals (a headline in capitals).

        The window is counted in words that read the same written and said (not a number's words, not a
        capitalised 'Dr' that becomes 'Drive'), so a second reading of the output decides as the first did."""
        before = _telling_words(self.text[max(0, self.start - 400):self.start])[-_SHOUT_WINDOW:]
        after = _telling_words(self.text[self.end:self.end + 400])[:_SHOUT_WINDOW]
        letters = [c for word in before + _telling_words(self.text[self.start:self.end]) + after for c in word]
        return len(letters) >= 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8


_SHOUT_WINDOW = 6
"""Words each side of a match that decide whether its sentence is shouted."""


def _telling_words(text: str) -> list[str]:
    """The words of a stretch that tell capitals from lower case the same way before and after it is said."""
    return [word for word in re.findall(r"[^\W\d_]+", text)
            if word not in _SAID_NUMBER_WORDS and not (len(word) > 1 and word.istitle())]


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


_PROBES = {"d": ("7 boats", "12 boats", "123 boats", "1999 boats", "2024 was", "0042 boats", "7, then", "7.", "12,500 boats",
                 "3.5 boats", "9 Smith"),
           "u": ("Harbour lamps", "BBC news", "A boat", "I said", "The lamps", "Smith."),
           "l": ("lamps were", "boats.", "a boat", "the lamps")}
"""Plain tokens of each kind: grammars that match them are always tried; the rest only when one of them matches
(tested at once by one combined pattern)."""


def _any_of(grammars: Sequence[Grammar]) -> re.Pattern[str]:
    """One pattern that matches wherever any of the grammars' patterns does (their groups renamed apart), so a
    word no class can start is passed over with one match instead of one a grammar."""
    parts = []
    for index, grammar in enumerate(grammars):
        source = re.sub(r"\(\?P<(\w+)>", rf"(?P<g{index}_\1>", grammar.pattern.pattern)
        source = re.sub(r"\(\?P=(\w+)\)", rf"(?P=g{index}_\1)", source)
        source = re.sub(r"\(\?\((\w+)\)", rf"(?(g{index}_\1)", source)
        parts.append(f"(?:{source})")
    return re.compile("|".join(parts))


class Scanner:
    """The classify-and-verbalize pass over a table of grammars."""

    def __init__(self, grammars: Sequence[Grammar]) -> None:
        self.grammars = tuple(grammars)
        self._by_first: dict[str, tuple[Grammar, ...]] = {}
        for grammar in self.grammars:
            for key in grammar.first:
                self._by_first[key] = self._by_first.get(key, ()) + (grammar,)
        self._gate: dict[str, tuple[re.Pattern[str], tuple[Grammar, ...]]] = {}
        for key, found in self._by_first.items():
            probes = _PROBES.get(key, ())
            common = tuple(g for g in found if any(g.pattern.match(probe) for probe in probes))
            rare = [g for g in found if g not in common]
            if len(rare) > 2:
                self._gate[key] = (_any_of(rare), common)

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
        kind = _first_kind(text[start])
        grammars = self._by_first.get(kind, ())
        if not grammars:
            return None
        gate = self._gate.get(kind)
        if gate is not None and gate[0].match(text, start, stop) is None:
            grammars = gate[1]
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


_RUN = re.compile(r"\s+|\S+")


class _Words:
    """The spoken words being built, each with the written span it came from."""

    __slots__ = ("words", "last", "open")

    def __init__(self) -> None:
        self.words: list[list] = []
        self.last = ""
        """The last character put ('' before the first word, ' ' after white space)."""
        self.open = False

    def put(self, piece: str, start: int, end: int, as_written: bool) -> None:
        """Add text: as written (each character its own span, from `start`) or spoken (all of it from start:end)."""
        for run in _RUN.finditer(piece):
            chunk = run.group()
            if chunk[0].isspace():
                if self.last:
                    self.last = " "
                self.open = False
                continue
            first, last = (start + run.start(), start + run.end()) if as_written else (start, end)
            if self.open:
                word = self.words[-1]
                word[0] += chunk
                word[1], word[2] = min(word[1], first), max(word[2], last)
            else:
                self.words.append([chunk, first, last])
                self.open = True
            self.last = chunk[-1]


def assemble(text: str, rewrites: list[tuple[int, int, str, str]], begin: int = 0, end: int | None = None) -> Normalized:
    """The spoken text and its word map from the written text (or its slice) and its rewritten spans."""
    if begin or end is not None:
        stop = len(text) if end is None else end
        shifted = [(s - begin, e - begin, spoken, name) for s, e, spoken, name in rewrites]
        return assemble(text[begin:stop], shifted)
    out = _Words()
    position = 0
    for start, end, spoken, _ in rewrites:
        out.put(text[position:start], position, start, True)
        spoken = spoken.strip()
        if spoken:
            last = out.last
            if last and last != " " and (last.isalnum() or spoken[0].isalnum()) \
                    and not (last in "(\"'“‘[" or spoken[0] in ",.;:!?)'’\""):
                out.put(" ", start, start, False)
            out.put(spoken, start, end, False)
            if end < len(text) and text[end].isalnum() and spoken[-1].isalnum():
                out.put(" ", end, end, False)
        position = end
    out.put(text[position:], position, len(text), True)
    words = tuple(SpokenWord(word, first, last) for word, first, last in out.words)
    classes = tuple((name, start, end) for start, end, _, name in rewrites)
    return Normalized(text, " ".join(word.text for word in words), words, classes)

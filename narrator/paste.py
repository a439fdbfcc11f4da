"""Find the article in a whole-page paste: the densest run of prose, with the lines above it that hold its headline."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass

from .language import words
from .linebreak import sentence_goes_on

_LOGGER = logging.getLogger(__name__)

_SENTENCE_END = tuple('.!?…。！？' + '"”’»)）」』')
_CODE_END = tuple("{}[];")
_CODE_CHARS = re.compile(r"[{}()\[\];=<>\\$&*+#]")
_LIST_ITEM = re.compile(r"^([-+*•–·▪◦]|\d{1,2}[.)])\s+\w")
LIST_ITEM_SHARE = 0.5
"""A line marked as a list item ('+ Added banners', '2. Mix the flour') weighs this share of its words."""
TITLE_CASE_SHARE = 0.8
"""A line with at least this share of its words of four letters or more capitalised is a headline, not prose."""
WRAPPED_CHARS = 30
"""A line this long, not ending a sentence, continues on the next when that one starts in lower case."""
PROSE_WORDS = 8
"""A line ending like a sentence with at least this many words is prose."""
LONG_WORDS = 30
"""A line this long is prose even without closing punctuation (a paragraph ending on a link)."""
PROSE_BONUS = -2
"""Added to a prose line's words: a run of one-sentence lines is only just worth keeping."""
FURNITURE_WEIGHT = {"repeated": -6.0, "short": -3.0, "headline": -5.0, "sentence": 0.0, "code": -0.5, "data": -0.5}
"""The weight of a line that is not prose, by its shape; prose weighs its words. Code listings and chart or table
cells ('data': numbers, axis labels) inside an article barely count against it; menus and headlines do."""
HEAD_LINES = 15
"""Lines kept above the densest run for cleanup to find the headline, date and byline among."""
MIN_TRIMMED_LINES = 4
"""A side of the text is cut away only when it holds at least this many lines: a typed article loses nothing."""
CONTROL_RUN_LINES = 12
"""This many lines or more in a row, each of at most CONTROL_WORDS words and none a sentence or a list item, inside
an article's prose are a media player's controls or a menu ('Play Video', 'Mute', 'Captions', 'White', 'Black')."""
CONTROL_WORDS = 3
CONTROL_REPEATS = 0.25
"""At least this share of such a run's lines stand more than once in the paste (a player's colour and size menus,
a menu bar repeated in the footer); a table's rows, one to a line, each say something of their own."""


@dataclass(frozen=True)
class _Line:
    text: str
    words: float
    shape: str
    """'prose', 'item' (of a marked list), 'sentence' (short, ends like one), 'code', 'data', 'headline' (7+
    words, no end), 'short' or 'repeated'."""

    @property
    def weight(self) -> float:
        if self.shape == "prose":
            return self.words + PROSE_BONUS
        if self.shape == "item":
            return LIST_ITEM_SHARE * self.words
        return FURNITURE_WEIGHT[self.shape]


def _code_like(text: str) -> bool:
    """A line of a code listing: it ends on a bracket or semicolon, or brackets and operators fill it."""
    return text.endswith(_CODE_END) or len(_CODE_CHARS.findall(text)) >= max(2, len(text) / 12)


def _title_case(text: str) -> bool:
    """Most longer words capitalised, as headlines are written ('Police Uncover Truth'), unlike sentences."""
    long_words = [w for w in re.findall(r"[^\W\d_]{4,}", text)]
    return len(long_words) >= 3 and sum(w[0].isupper() for w in long_words) >= TITLE_CASE_SHARE * len(long_words)


def _shape(text: str, words: float, repeats: int) -> str:
    ends = text.endswith(_SENTENCE_END) and not text.endswith(("...", "…"))
    if ends and words < LONG_WORDS and _title_case(text):
        ends = False
    if words >= LONG_WORDS or (ends and words >= PROSE_WORDS) or (text.endswith(":") and words >= PROSE_WORDS):
        return "prose"
    if _LIST_ITEM.match(text) and words >= 3:
        return "item"
    if _code_like(text):
        return "code"
    if not any(ch.isalpha() for ch in text) or (words <= 2 and len(text) <= 6):
        return "data"
    if repeats > 1:
        return "repeated"
    if ends and words >= 3:
        return "sentence"
    return "headline" if words >= 7 else "short"


def _joined(text: str) -> list[str]:
    """The paste's lines, a line broken inside a sentence (the next starts in lower case, after blank lines or not:
    a hard line break inside a paragraph) joined to the next."""
    lines: list[str] = []
    for line in (" ".join(raw.split()) for raw in text.split("\n")):
        filled = len(lines)
        while filled and not lines[filled - 1]:
            filled -= 1
        previous = lines[filled - 1] if filled else ""
        if line and sentence_goes_on(previous, line, WRAPPED_CHARS):
            del lines[filled:]
            lines[-1] = f"{previous} {line}"
        else:
            lines.append(line)
    return lines


def densest_run(weights: list[float]) -> tuple[int, int]:
    """The [start, end) run of lines with the largest total weight (the article's core); (0, 0) if none is positive."""
    best, best_run, total, start = 0.0, (0, 0), 0.0, 0
    for index, weight in enumerate(weights):
        if total <= 0:
            total, start = 0.0, index
        total += weight
        if total > best:
            best, best_run = total, (start, index + 1)
    return best_run


def _shaped(lines: list[str]) -> list[_Line]:
    counts = Counter(line.casefold() for line in lines if line)
    return [_Line(line, count := words(line), _shape(line, count, counts[line.casefold()])) for line in lines]


def control_runs(lines: list[str], start: int, end: int) -> list[range]:
    """The runs of CONTROL_RUN_LINES or more short lines (no sentence, no list item), many of them repeated in the
    paste, among its lines [start, end): a player's or a menu's labels inside the article."""
    return _control_runs(_shaped(lines), start, end)


def _control_runs(shaped: list[_Line], start: int, end: int, repeats: float = CONTROL_REPEATS) -> list[range]:
    """Runs of CONTROL_RUN_LINES or more short lines in [start, end), at least `repeats` of them repeated."""
    counts = Counter(line.text.casefold() for line in shaped)
    runs: list[range] = []
    first = start
    for index in range(start, end + 1):
        line = shaped[index] if index < end else None
        if line is not None and line.shape in ("short", "data", "repeated") and line.words <= CONTROL_WORDS:
            continue
        repeated = sum(counts[shaped[n].text.casefold()] > 1 for n in range(first, index))
        if index - first >= CONTROL_RUN_LINES and repeated >= repeats * (index - first):
            runs.append(range(first, index))
        first = index + 1
    return runs


def article_span(lines: list[str], furniture: frozenset[int] = frozenset()) -> tuple[int, int, int] | None:
    """(first, start, end): lines [first, end) of a paste hold its article, its prose starting at `start` and the
    lines above that being the headline's place. None when there is no page around the article (fewer than
    MIN_TRIMMED_LINES lines would go on either side): an article someone typed comes back whole.

    `furniture`: indexes of lines known to be furniture whatever their shape (a cookie notice, a sign-up appeal
    written as sentences): they weigh as a short line, not as prose."""
    shaped = _shaped(lines)
    weights = [FURNITURE_WEIGHT["short"] if index in furniture else line.weight for index, line in enumerate(shaped)]
    for run in _control_runs(shaped, 0, len(lines), repeats=0.0):
        if all(0 <= n < len(lines) and n not in furniture and shaped[n].shape == "prose"
               for n in (run.start - 1, run.stop)):
            weights[run.start:run.stop] = [0.0] * len(run)  # a player or a table between two paragraphs ends nothing
    start, end = densest_run(weights)
    if end == 0:
        return None
    head = max(0, start - HEAD_LINES)
    if head < MIN_TRIMMED_LINES:
        head = 0
    if len(lines) - end < MIN_TRIMMED_LINES:
        end = len(lines)
    if head == 0 and end == len(lines):
        return None
    _LOGGER.debug("paste: the article is lines %d-%d of %d (its prose from line %d)", head, end, len(lines), start)
    return head, start, end


def page_lines(text: str) -> list[str] | None:
    """A whole-page paste's lines (one paragraph each, a line broken inside a sentence joined to the rest of it);
    None if the text is not a page around an article."""
    lines = [line for line in _joined(text) if line]
    return lines if article_span(lines) else None


__all__ = ["article_span", "control_runs", "densest_run", "page_lines"]

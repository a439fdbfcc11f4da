"""The listening check: align the words heard in a narration with its script's words, word error rate and misheard words.

The script's words come from the narration's WebVTT transcript (each written word with the time it is heard). Both
sides are made comparable the same way: said in words by the normalizer (the recognizer writes "42,000" and "Mr."),
lower case, no punctuation, US spelling. Alignment is word-level edit distance; a written word counts as heard wrong
when any of the words it is said as was substituted or dropped, and it is reported with what was heard in its place.
"""

from __future__ import annotations

import difflib
import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .hearing import HeardWord
from .normalize import Normalizer

_LOGGER = logging.getLogger(__name__)

SPELLING = {"metres": "meters", "metre": "meter", "kilometres": "kilometers", "kilometre": "kilometer",
            "litres": "liters", "litre": "liter", "centre": "center", "centres": "centers", "harbour": "harbor",
            "harbours": "harbors", "programme": "program", "programmes": "programs", "organisation": "organization",
            "organisations": "organizations", "colour": "color", "colours": "colors", "favourite": "favorite",
            "neighbour": "neighbor", "neighbours": "neighbors", "labour": "labor", "honour": "honor",
            "behaviour": "behavior", "defence": "defense", "theatre": "theater", "travelled": "traveled",
            "okay": "ok", "mr": "mister", "mrs": "missus", "percent": "per cent", "grey": "gray"}
"""Spellings the recognizer (US English) writes otherwise for the same spoken word: both sides use the right side."""
SAME_SOUND = {"and": "", "uh": "", "um": ""}
"""Words ignored on both sides: 'and' is often swallowed between numbers; fillers are the recognizer's."""
_TIMESTAMP = re.compile(r"<(\d{2}:\d{2}:\d{2}\.\d{3})>")
_TAG = re.compile(r"<[^>]*>")
_NORMALIZER = Normalizer()


@dataclass(frozen=True)
class ScriptWord:
    """One written word of the script, with when it is heard and its sentence."""

    text: str
    start_s: float
    sentence: int
    """Index into the sentences (cues) of the script."""


@dataclass(frozen=True)
class Script:
    """What a narration says: its written words in order and its sentences."""

    words: tuple[ScriptWord, ...]
    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Misheard:
    """A written word the recognizer heard as something else (or not at all)."""

    word: str
    heard: str
    """What was heard in its place; empty when nothing was."""
    start_s: float
    sentence: str

    def as_dict(self) -> dict[str, object]:
        return {"word": self.word, "heard": self.heard, "start_s": round(self.start_s, 2), "sentence": self.sentence}


@dataclass(frozen=True)
class CheckResult:
    """The outcome of hearing a narration back."""

    wer: float
    """Word error rate: (substitutions + deletions + insertions) / words said, on comparable words."""
    words: tuple[Misheard, ...] = field(default_factory=tuple)
    said: int = 0
    """Comparable words the script says."""
    errors: int = 0


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def script_from_vtt(vtt: str) -> Script:
    """The script's written words and sentences from narrator's WebVTT (timestamp tags before words after the first)."""
    words: list[ScriptWord] = []
    sentences: list[str] = []
    for block in vtt.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None or lines[0].startswith(("NOTE", "WEBVTT")):
            continue
        at = _seconds(lines[timing].split("-->")[0].strip())
        text_parts: list[str] = []
        for token in " ".join(lines[timing + 1:]).split():
            stamp = _TIMESTAMP.match(token)
            if stamp:
                at = _seconds(stamp.group(1))
            word = html.unescape(_TAG.sub("", token))
            if word:
                words.append(ScriptWord(word, at, len(sentences)))
                text_parts.append(word)
        sentences.append(" ".join(text_parts))
    return Script(tuple(words), tuple(sentences))


def comparable_words(text: str, spoken: bool = False) -> list[str]:
    """The words of `text` as compared: said in words (unless already `spoken`), lower case, no punctuation or
    hyphens, US spelling."""
    if not spoken:
        text = _NORMALIZER.normalize(text)
    out: list[str] = []
    for word in re.sub(r"[^\w\s']|_", " ", text.lower().replace("-", " ")).replace("'", "").split():
        out.extend(w for w in SPELLING.get(word, word).split() if SAME_SOUND.get(w, w))
    return out


def _expected(script: Script) -> tuple[list[str], list[int]]:
    """Comparable words of the script and, for each, the index of the written word it belongs to.

    Each sentence is normalized whole (so "5 to 6 metres" reads as in the narration) and its spoken words go back
    to written words through the word map."""
    tokens: list[str] = []
    owners: list[int] = []
    by_sentence: dict[int, list[int]] = {}
    for index, word in enumerate(script.words):
        by_sentence.setdefault(word.sentence, []).append(index)
    for sentence, indices in by_sentence.items():
        text = " ".join(script.words[i].text for i in indices)
        offsets, at = [], 0
        for i in indices:
            offsets.append(at)
            at += len(script.words[i].text) + 1
        mapped = _NORMALIZER.map(text)
        for spoken, span in zip(mapped.spoken.split(), mapped.words):
            owner = indices[max(0, _owner(offsets, span.start))]
            for token in comparable_words(spoken, spoken=True):
                tokens.append(token)
                owners.append(owner)
    return tokens, owners


def _owner(offsets: Sequence[int], position: int) -> int:
    import bisect

    return bisect.bisect_right(list(offsets), position) - 1


def _edit_script(expected: Sequence[str], heard: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Word-level Levenshtein alignment of a short stretch: pairs (expected index, heard index), None for a gap."""
    n, m = len(expected), len(heard)
    cost = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        cost[i][0] = i
    for j in range(m + 1):
        cost[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            cost[i][j] = min(cost[i - 1][j - 1] + (expected[i - 1] != heard[j - 1]), cost[i - 1][j] + 1,
                             cost[i][j - 1] + 1)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        if i and j and cost[i][j] == cost[i - 1][j - 1] + (expected[i - 1] != heard[j - 1]):
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i and cost[i][j] == cost[i - 1][j] + 1:
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


MAX_GAP = 400
"""Longest unmatched stretch aligned word by word (the rest of a longer one counts as errors, said plainly)."""


def align(expected: Sequence[str], heard: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, heard index) covering both sequences in order; None marks an insertion or deletion.

    Long runs of agreement are found first (difflib's matching blocks), then each stretch between them is aligned
    by edit distance, so an hour-long narration aligns in well under a second."""
    matcher = difflib.SequenceMatcher(None, list(expected), list(heard), autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    for block in matcher.get_matching_blocks():
        gap_e, gap_h = expected[i:block.a], heard[j:block.b]
        if len(gap_e) > MAX_GAP or len(gap_h) > MAX_GAP:
            pairs += [(i + k, None) for k in range(len(gap_e))] + [(None, j + k) for k in range(len(gap_h))]
        else:
            pairs += [(None if a is None else i + a, None if b is None else j + b) for a, b in _edit_script(gap_e, gap_h)]
        pairs += [(block.a + k, block.b + k) for k in range(block.size)]
        i, j = block.a + block.size, block.b + block.size
    return pairs


def check(script: Script, heard: Iterable[HeardWord]) -> CheckResult:
    """Compare what was heard with what the script says."""
    expected, owners = _expected(script)
    heard_tokens = [token for word in heard for token in comparable_words(word.text)]
    pairs = align(expected, heard_tokens)
    wrong = {owners[e] for e, h in pairs if e is not None and (h is None or expected[e] != heard_tokens[h])}
    heard_as: dict[int, list[str]] = {owner: [] for owner in wrong}
    for position, (e, h) in enumerate(pairs):  # in order: what was heard where each misheard word is said
        owner = owners[e] if e is not None else _neighbour(pairs, position, owners, expected, heard_tokens)
        if owner in heard_as and h is not None:
            heard_as[owner].append(heard_tokens[h])
    errors = sum(e is None or h is None or expected[e] != heard_tokens[h] for e, h in pairs)
    words = tuple(Misheard(_bare(script.words[i].text), " ".join(said_as), script.words[i].start_s,
                           script.sentences[script.words[i].sentence]) for i, said_as in sorted(heard_as.items()))
    said = len(expected)
    return CheckResult(round(errors / said, 4) if said else 0.0, words, said, errors)


def _neighbour(pairs: Sequence[tuple[int | None, int | None]], position: int, owners: Sequence[int],
               expected: Sequence[str], heard: Sequence[str]) -> int | None:
    """The written word an inserted heard word sits beside: the nearest misheard one before it, else after it."""
    for step in (-1, 1):
        k = position + step
        while 0 <= k < len(pairs):
            e, h = pairs[k]
            if e is not None:
                if h is None or expected[e] != heard[h]:
                    return owners[e]
                break
            k += step
    return None


def _bare(word: str) -> str:
    """A written word without the punctuation around it."""
    return word.strip(".,;:!?\"'()[]{}“”‘’«»—–") or word


def clock(seconds: float) -> str:
    """A time as a listener reads it: 3:12, or 1:03:12."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

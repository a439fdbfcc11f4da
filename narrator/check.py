"""The listening check: align the words heard in a narration with its script's words, word error rate and misheard words.

The script's words come from the narration's WebVTT transcript (each written word with the time it is heard). Both
sides are made comparable the same way: said in words by the normalizer (the recognizer writes "42,000" and "Mr."),
lower case, no punctuation, US spelling. Alignment is word-level edit distance (least edits); a written word counts as heard wrong
when any of the words it is said as was substituted or dropped, and it is reported with what was heard in its place.
"""

from __future__ import annotations

import bisect
import html
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .hearing import SAMPLE_RATE, WINDOW_S, HeardWord
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
IGNORED = frozenset({"and", "uh", "um"})
"""Words left out on both sides: 'and' is often swallowed between numbers; fillers are the recognizer's."""
HOMOPHONES = (("two", "to", "too"), ("four", "for", "fore"), ("one", "won"), ("eight", "ate"), ("there", "their",
              "theyre"), ("right", "write", "rite"), ("here", "hear"), ("new", "knew"), ("no", "know"),
              ("by", "buy", "bye"), ("its", "it's"), ("whole", "hole"), ("weather", "whether"), ("sea", "see"),
              ("wait", "weight"), ("week", "weak"), ("hour", "our"), ("piece", "peace"), ("road", "rode"),
              ("sun", "son"), ("made", "maid"), ("meet", "meat"), ("mail", "male"), ("pair", "pear"))
"""Words said the same way: a listener cannot tell them apart, so the recognizer's choice of spelling is no error."""
SAME_SOUND = {word: group[0] for group in HOMOPHONES for word in group}
_TIMESTAMP = re.compile(r"<(\d{2}:\d{2}:\d{2}\.\d{3})>")
_TAG = re.compile(r"<[^>]*>")
_NORMALIZER = Normalizer()
EDGE_S = 0.3
"""Slack around the transcript's first and last cue: the recognizer's word times are approximate."""
PAUSE_KEPT_S = 0.15
"""Quiet kept each side of a sentence when the pauses are spliced out: the recognizer hears where one ends."""
QUIET_DB = -40.0
"""Frames this far below the narration's loud ones are the quiet between sentences."""


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
    spans: tuple[tuple[float, float], ...] = ()
    """(start, end) seconds of each sentence; audio outside them (a spoken intro the transcript leaves out) is not
    compared."""


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
    spans: list[tuple[float, float]] = []
    for block in vtt.replace("\r\n", "\n").split("\n\n"):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None or lines[0].startswith(("NOTE", "WEBVTT")):
            continue
        start, end = (_seconds(part.strip().split()[0]) for part in lines[timing].split("-->"))
        at = start
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
        spans.append((start, end))
    return Script(tuple(words), tuple(sentences), tuple(spans))


def comparable_words(text: str, spoken: bool = False) -> list[str]:
    """The words of `text` as compared: said in words (unless already `spoken`), lower case, no punctuation or
    hyphens, US spelling."""
    if not spoken:
        text = _NORMALIZER.normalize(text)
    out: list[str] = []
    for word in re.sub(r"[^\w\s']|_", " ", text.lower().replace("-", " ")).replace("'", "").split():
        out.extend(SAME_SOUND.get(w, w) for w in SPELLING.get(word, word).split() if w not in IGNORED)
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
    return bisect.bisect_right(offsets, position) - 1


def align(expected: Sequence[str], heard: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """Pairs (expected index, heard index) covering both sequences in order, None marking an insertion or a
    deletion: a least-edits alignment (rapidfuzz's Levenshtein, bit-parallel: an hour of speech in milliseconds)."""
    from rapidfuzz.distance import Levenshtein

    pairs: list[tuple[int | None, int | None]] = []
    for op in Levenshtein.opcodes(list(expected), list(heard)):
        if op.tag in ("equal", "replace"):
            pairs += [(op.src_start + k, op.dest_start + k) for k in range(op.src_end - op.src_start)]
        elif op.tag == "delete":
            pairs += [(i, None) for i in range(op.src_start, op.src_end)]
        else:
            pairs += [(None, j) for j in range(op.dest_start, op.dest_end)]
    return pairs


def check(script: Script, heard: Iterable[HeardWord]) -> CheckResult:
    """Compare what was heard with what the script says."""
    expected, owners = _expected(script)
    heard_tokens = comparable_words(heard_text(_within(script, heard)))
    pairs = _trim_edges(align(expected, heard_tokens))
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


def windows(script: Script, duration_s: float, limit_s: float = WINDOW_S) -> list[tuple[float, float]]:
    """(start, end) seconds of the stretches to hear: whole sentences packed in order up to `limit_s` each, cut
    between sentences (a sentence longer than the limit alone is cut at the limit), from just before the first
    sentence to the end of the last; outside the transcript's sentences nothing is heard."""
    spans = script.spans or ((0.0, duration_s),)
    last = spans[-1][1] + EDGE_S
    last = min(duration_s, last) if duration_s > 0 else last
    groups: list[list[float]] = [[max(0.0, spans[0][0] - EDGE_S), spans[0][1]]]  # [start, end of its speech]
    for start, end in spans[1:]:
        if end - groups[-1][0] > limit_s:
            groups.append([start, end])
        else:
            groups[-1][1] = max(groups[-1][1], end)
    found: list[tuple[float, float]] = []
    for index, (start, speech_end) in enumerate(groups):
        # up to the next window's start (the pause after the last sentence is heard too), within the limit
        end = groups[index + 1][0] if index + 1 < len(groups) else last
        end = min(end, start + limit_s) if speech_end - start <= limit_s else end
        start, end = round(start, 3), round(end, 3)  # in whole milliseconds, so no window is left empty by rounding
        while end - start > limit_s:
            found.append((start, round(start + limit_s, 3)))
            start = round(start + limit_s, 3)
        if end > start:
            found.append((start, end))
    return found


def hear_back(audio_path: str | Path, script: Script, threads: int = 0) -> CheckResult:
    """The listening check of one audio file: decoded once, its sentences spliced together without the pauses
    between them, heard in sentence-aligned windows, compared with the script (RecognizerUnavailable without the
    `listen` extra)."""
    from . import hearing

    audio = hearing.decode(audio_path)
    spoken = replace(script, spans=sounding(audio, script.spans))
    splice = Splice.of(spoken, len(audio) / SAMPLE_RATE)
    spliced = splice.cut(audio)
    found = windows(splice.script(spoken), len(spliced) / SAMPLE_RATE)
    return check(script, (splice.back(word) for word in hearing.hear_windows(spliced, found, threads)))


def sounding(audio: Any, spans: Sequence[tuple[float, float]], frame_s: float = 0.01,
             quiet_db: float = QUIET_DB) -> tuple[tuple[float, float], ...]:
    """Each (start, end) span narrowed to where it sounds (a cue runs on through the pause after its sentence): from
    its first to its last frame louder than `quiet_db` below the narration's loud frames; a span silent throughout
    is kept whole."""
    import numpy as np

    size = max(1, int(frame_s * SAMPLE_RATE))
    frames = len(audio) // size
    if not spans or not frames:
        return tuple(spans)
    rms = np.sqrt(np.mean(np.square(audio[:frames * size].reshape(frames, size), dtype=np.float64), axis=1))
    loud = rms > max(1e-4, float(np.percentile(rms, 95)) * 10 ** (quiet_db / 20))
    found = []
    for start, end in spans:
        first, last = int(start / frame_s), min(frames, int(np.ceil(end / frame_s)))
        hits = np.flatnonzero(loud[first:last]) if last > first else ()
        found.append((round(float(first + hits[0]) * frame_s, 3),
                      round(min(end, float(first + hits[-1] + 1) * frame_s), 3)) if len(hits) else (start, end))
    return tuple(found)


@dataclass(frozen=True)
class Splice:
    """The stretches of a narration worth hearing (each sentence with a little of the quiet around it), end to end:
    the pauses between sentences left out, so each 30 s window Whisper hears (and pays for whole) holds more speech."""

    pieces: tuple[tuple[float, float], ...]
    """(start, end) seconds of each stretch in the narration, in order, never overlapping."""

    @classmethod
    def of(cls, script: Script, duration_s: float, margin_s: float = PAUSE_KEPT_S) -> Splice:
        """Each sentence widened by `margin_s` each side (clamped to the audio), overlapping ones merged."""
        spans = script.spans or ((0.0, duration_s),)
        pieces: list[list[float]] = []
        for start, end in spans:
            start = round(max(0.0, start - margin_s), 3)
            end = round(min(duration_s, end + margin_s) if duration_s > 0 else end + margin_s, 3)
            if pieces and start <= pieces[-1][1]:
                pieces[-1][1] = max(pieces[-1][1], end)
            elif end > start:
                pieces.append([start, end])
        return cls(tuple((a, b) for a, b in pieces))

    @cached_property
    def offsets(self) -> list[float]:
        """Where each piece starts in the spliced audio."""
        out, at = [], 0.0
        for start, end in self.pieces:
            out.append(round(at, 3))
            at += end - start
        return out

    @cached_property
    def starts(self) -> list[float]:
        """Where each piece starts in the narration."""
        return [start for start, _end in self.pieces]

    def cut(self, audio: Any) -> Any:
        """The spliced samples (16 kHz)."""
        import numpy as np

        parts = [audio[int(a * SAMPLE_RATE):int(b * SAMPLE_RATE)] for a, b in self.pieces]
        return np.concatenate(parts) if parts else audio[:0]

    def to_spliced(self, seconds: float) -> float:
        """A narration time in the spliced audio (a time in a left-out pause goes to the next piece's start)."""
        index = max(0, bisect.bisect_right(self.starts, seconds) - 1)
        start, end = self.pieces[index]
        return round(self.offsets[index] + (min(max(seconds, start), end) - start), 3)

    def to_narration(self, seconds: float, end: bool = False) -> float:
        """A spliced time in the narration (where two pieces meet: the first's `end`, else the second's start)."""
        index = max(0, (bisect.bisect_left if end else bisect.bisect_right)(self.offsets, seconds) - 1)
        start, stop = self.pieces[index]
        return round(min(start + seconds - self.offsets[index], stop), 3)

    def script(self, script: Script) -> Script:
        """The script with its sentences' times in the spliced audio."""
        return replace(script, spans=tuple((self.to_spliced(a), self.to_spliced(b)) for a, b in script.spans))

    def back(self, word: HeardWord) -> HeardWord:
        """A word heard in the spliced audio, with its times in the narration."""
        return HeardWord(word.text, self.to_narration(word.start_s), self.to_narration(word.end_s, end=True))


def _trim_edges(pairs: list[tuple[int | None, int | None]]) -> list[tuple[int | None, int | None]]:
    """Without heard words before the script's first word and after its last: the recognizer's first and last
    segments may hold an intro or outro the transcript leaves out."""
    said = [k for k, (e, _) in enumerate(pairs) if e is not None]
    return pairs[said[0]:said[-1] + 1] if said else []


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


_ATTACHED = re.compile(r"^[,.%:]\d|^%$|^'s$")


def _within(script: Script, heard: Iterable[HeardWord]) -> list[HeardWord]:
    """The heard words inside the transcript's time (an intro or outro it leaves out is dropped)."""
    words = list(heard)
    if not script.spans:
        return words
    first, last = script.spans[0][0] - EDGE_S, script.spans[-1][1] + EDGE_S
    return [w for w in words if w.end_s > first and w.start_s < last]


def heard_text(words: Iterable[HeardWord]) -> str:
    """The heard words as one text, with the pieces the recognizer splits off a number ("2" ",400") put back."""
    text = ""
    for word in words:
        text += word.text if text and _ATTACHED.match(word.text) else f" {word.text}"
    return text.strip()


def _bare(word: str) -> str:
    """A written word without the punctuation around it."""
    return word.strip(".,;:!?\"'()[]{}“”‘’«»—–") or word


def clock(seconds: float) -> str:
    """A time as a listener reads it: 3:12, or 1:03:12."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

"""Word timings: when each spoken word starts in a sentence's audio, and when each written word is heard.

Engines time words where they can (Piper's phoneme alignments, espeak-ng's word events); otherwise the sentence's
speech is shared among its words by their syllable counts. Spoken words are mapped back to the written words they
came from through the normalizer's word map, so "£42,000" is one written word heard while four spoken words play.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

_LOGGER = logging.getLogger(__name__)

WORD_BREAK = " "
"""Piper's (espeak-ng's) phoneme between two words."""
ALIGNMENT_EDGES = ("^", "$")
"""Piper's sentence start and end markers: timed, but no word."""
SILENCE_THRESHOLD = 0.02
"""Amplitude (of full scale) under which an estimate takes the audio as silence before and after the speech."""
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_PHONEME_BLOCK = re.compile(r"^\[\[(.*)\]\]\W*$")


def syllables(word: str) -> int:
    """A rough syllable count of a spoken word (vowel groups; at least one for anything with a letter or digit).

    Raw phonemes (`[[...]]`) count their vowel symbols."""
    block = _PHONEME_BLOCK.match(word)
    if block:
        return max(1, len(re.findall(r"[aeiouæɑɒɔəɛɜɪʊʌɐɚɝ]+", block.group(1))))
    letters = word.lower()
    if not any(ch.isalnum() for ch in letters):
        return 0
    count = len(_VOWEL_GROUPS.findall(letters))
    if letters.endswith("e") and not letters.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count) + sum(ch.isdigit() for ch in letters)


def estimate_word_starts(spoken: str, samples: np.ndarray, sample_rate: int) -> tuple[float, ...]:
    """Word starts shared out by syllables over the audible part of the sentence (engines that time nothing)."""
    words = spoken.split()
    if not words:
        return ()
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > SILENCE_THRESHOLD * 32767) if len(samples) else []
    start, end = (loud[0] / sample_rate, loud[-1] / sample_rate) if len(loud) else (0.0, len(samples) / sample_rate)
    weights = [syllables(w) for w in words]
    total = sum(weights) or len(words)
    starts, at = [], start
    for weight in weights:
        starts.append(round(at, 4))
        at += (end - start) * (weight or 0) / total
    return tuple(starts)


def piper_word_starts(spoken: str, chunks: Sequence[Any], phonemize: Callable[[str], list[list[str]]]
                      ) -> tuple[float, ...] | None:
    """Word starts from Piper's per-phoneme alignments (one chunk per espeak sentence); None when it gave none.

    A word starts where its first phoneme does: after the word-break phoneme before it (which holds the pause).
    espeak-ng usually gives one phonetic word per spoken word; when the counts differ, each spoken word is
    phonemized alone to learn how many phonetic words (none, for punctuation) it makes.
    """
    words = spoken.split()
    starts: list[float] = []
    offset = 0
    for chunk in chunks:
        if not chunk.phoneme_alignments:
            return None
        rate = chunk.sample_rate
        position, at_word_start = offset, True
        for alignment in chunk.phoneme_alignments:
            if alignment.phoneme in ALIGNMENT_EDGES:
                position += int(alignment.num_samples)
                continue
            if alignment.phoneme == WORD_BREAK:
                at_word_start = True
            elif at_word_start:
                starts.append(position / rate)
                at_word_start = False
            position += int(alignment.num_samples)
        offset += len(chunk.audio_float_array)
    if len(starts) == len(words):
        return tuple(round(s, 4) for s in starts)
    return _regroup(words, starts, phonemize)


def _regroup(words: list[str], phonetic_starts: list[float], phonemize: Callable[[str], list[list[str]]]
             ) -> tuple[float, ...] | None:
    """Spoken word starts from phonetic-word starts, by phonemizing each spoken word on its own."""
    counts = []
    for word in words:
        phonemes = [p for sentence in phonemize(word) for p in sentence]
        text = "".join(phonemes).strip()
        counts.append(len(text.split()) if any(ch.isalpha() for ch in text) else 0)
    if sum(counts) != len(phonetic_starts):
        _LOGGER.debug("word timing: %d phonetic words for %d spoken words; estimating", len(phonetic_starts),
                      len(words))
        return None
    result: list[float] = []
    index = 0
    for count in counts:
        # a word with no sound of its own (a dash) starts with the next one that has
        result.append(phonetic_starts[min(index, len(phonetic_starts) - 1)])
        index += count
    return tuple(round(s, 4) for s in result)


def event_word_starts(text: str, events: Sequence[tuple[int, float]]) -> tuple[float, ...] | None:
    """Word starts from engine word events: (character offset in `text`, seconds); None when there are none.

    Words without an event (raw phoneme blocks, punctuation) start where the previous timed word did, or at the
    next timed word for the opening ones."""
    spans = [m.start() for m in re.finditer(r"\S+", text)]
    if not spans or not events:
        return None
    timed: dict[int, float] = {}
    for offset, seconds in events:
        index = max(0, _bisect_right(spans, offset) - 1)
        timed.setdefault(index, seconds)
    first = min(timed)
    starts, last = [], timed[first]
    for index in range(len(spans)):
        last = timed.get(index, last if index > first else timed[first])
        starts.append(last)
    return tuple(round(s, 4) for s in _non_decreasing(starts))


def _bisect_right(values: list[int], x: int) -> int:
    import bisect

    return bisect.bisect_right(values, x)


def _non_decreasing(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        out.append(max(value, out[-1]) if out else value)
    return out


def written_word_starts(text: str, spans: Sequence[tuple[int, int]], spoken_starts: Sequence[float]
                        ) -> tuple[float | None, ...]:
    """When each written word (`text.split()`) is first heard, from spoken words' spans in `text` and starts.

    A written word no spoken word came from (a lone dash) has None. Without a word map (no spans) the spoken
    words are shared out over the written ones in order."""
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if not spans and tokens:
        spans = [tokens[min(len(tokens) - 1, i * len(tokens) // len(spoken_starts))] for i in range(len(spoken_starts))]
    found: list[float | None] = [None] * len(tokens)
    for (start, end), at in zip(spans, spoken_starts):
        for index, (token_start, token_end) in enumerate(tokens):
            overlaps = token_start < end and start < token_end if end > start else token_start <= start < token_end
            if overlaps:
                current = found[index]
                found[index] = at if current is None else min(current, at)
    return tuple(found)

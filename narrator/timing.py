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
    espeak-ng usually gives one phonetic word per spoken word; where it runs words together ("for the" said as one
    word) or splits one, the spoken words are aligned to the phonetic ones by their phonemes, each phonemized alone.
    """
    words = spoken.split()
    phonetic: list[list[tuple[str, float]]] = []  # each phonetic word: its phonemes and their start times
    offset = 0
    for chunk in chunks:
        if not chunk.phoneme_alignments:
            return None
        position, at_word_start = offset, True
        for alignment in chunk.phoneme_alignments:
            if alignment.phoneme == WORD_BREAK:
                at_word_start = True
            elif alignment.phoneme not in ALIGNMENT_EDGES and (_sounds(alignment.phoneme) or not at_word_start
                                                               or alignment.phoneme in STRESS):
                if at_word_start:
                    phonetic.append([])
                    at_word_start = False
                phonetic[-1].append((alignment.phoneme, position / chunk.sample_rate))
            position += int(alignment.num_samples)
        offset += len(chunk.audio_float_array)
    if not phonetic:
        return None
    if len(phonetic) == len(words):
        return tuple(round(p[0][1], 4) for p in phonetic)
    lengths = [sum(_sounds(ch) for sentence in phonemize(word) for p in sentence for ch in p) for word in words]
    return align_words(lengths, [[p for p in word if _sounds(p[0])] or word[:1] for word in phonetic],
                       [word[0][1] for word in phonetic])


STRESS = ("ˈ", "ˌ")


def _sounds(phoneme: str) -> bool:
    return any(ch.isalpha() or ch in "ɐɑɒɔəɛɜɪʊʌɚɝæçðŋɡɹɾʃʒθχʔɬ" for ch in phoneme)


MAX_RUN = 4
"""Longest run of spoken words espeak-ng says as one phonetic word (or phonetic words one spoken word makes)."""


def align_words(lengths: Sequence[int], phonetic: Sequence[Sequence[tuple[str, float]]],
                word_starts: Sequence[float]) -> tuple[float, ...] | None:
    """Spoken word starts from phonetic words, aligned by phoneme counts (dynamic programming).

    `lengths` is each spoken word's phoneme count said alone (0 for punctuation), `phonetic` the sounding phonemes
    of each phonetic word with their times and `word_starts` where each phonetic word starts. A phonetic word may
    carry a run of spoken words (the later ones start at the share of its phonemes the earlier ones have), and a
    spoken word may make a run of phonetic words (it starts with the first)."""
    n, m = len(lengths), len(phonetic)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            here = cost[i][j]
            if here == inf:
                continue
            if i < n and lengths[i] == 0 and here < cost[i + 1][j]:  # a silent word: no phonemes of its own
                cost[i + 1][j], step[(i + 1, j)] = here, (i, j)
            for k in range(1, MAX_RUN + 1):  # phonetic word j carries spoken words i..i+k-1
                if i + k > n or j >= m:
                    break
                c = here + abs(len(phonetic[j]) - sum(lengths[i:i + k])) + 0.5 * (k - 1)
                if c < cost[i + k][j + 1]:
                    cost[i + k][j + 1], step[(i + k, j + 1)] = c, (i, j)
            for r in range(2, MAX_RUN + 1):  # spoken word i makes phonetic words j..j+r-1
                if i >= n or j + r > m:
                    break
                c = here + abs(sum(len(p) for p in phonetic[j:j + r]) - lengths[i]) + 0.5 * (r - 1)
                if c < cost[i + 1][j + r]:
                    cost[i + 1][j + r], step[(i + 1, j + r)] = c, (i, j)
    if cost[n][m] == inf:
        return None
    starts: list[float | None] = [None] * n
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj = step[(i, j)]
        if j > pj:
            phonemes = phonetic[pj]
            total = sum(lengths[pi:i]) or 1
            before = 0
            for index in range(pi, i):
                at = min(len(phonemes) - 1, round(before * len(phonemes) / total))
                starts[index] = word_starts[pj] if before == 0 else phonemes[at][1]
                before += lengths[index]
        i, j = pi, pj
    filled: list[float] = []
    for index, at in enumerate(starts):  # silent words start with the next word that sounds
        later = next((s for s in starts[index:] if s is not None), filled[-1] if filled else 0.0)
        filled.append(at if at is not None else later)
    return tuple(round(s, 4) for s in _non_decreasing(filled))


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

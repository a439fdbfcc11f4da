"""Word timings (mapping, estimates, WebVTT timestamp tags, cache) and lexicon entries: fast, no engine."""

from __future__ import annotations

import re

import numpy as np
import pytest

from narrator.audio import Cue
from narrator.cache import AudioCache
from narrator.engines.base import SpeechAudio
from narrator.errors import IngestError
from narrator.lexicon import Entry, espeak_phoneme_blocks, ipa_to_espeak, replacements, validate
from narrator.sidecars import timed_cue_text, webvtt
from narrator.timing import estimate_word_starts, event_word_starts, syllables, written_word_starts

TAG = re.compile(r"<(\d\d):(\d\d):(\d\d\.\d\d\d)>")


def tag_seconds(text: str) -> list[float]:
    return [int(h) * 3600 + int(m) * 60 + float(s) for h, m, s in TAG.findall(text)]


@pytest.mark.parametrize("text, spans, starts, expected", [
    # "£42,000" is one written word heard while four spoken words play: it starts with the first of them.
    ("It cost £42,000 today.", [(0, 2), (3, 7), (8, 15), (8, 15), (8, 15), (8, 15), (16, 22)],
     [0.0, 0.2, 0.4, 0.7, 0.9, 1.1, 1.5], (0.0, 0.2, 0.4, 1.5)),
    # A lone dash says nothing: no time of its own.
    ("Wait — now", [(0, 4), (7, 10)], [0.1, 0.8], (0.1, None, 0.8)),
    # Spans at the end of the text and two spoken words from two written ones.
    ("Dr Ellis", [(0, 2), (3, 8)], [0.0, 0.5], (0.0, 0.5)),
    # Extra spaces and a leading space do not shift the words.
    ("  Two   words ", [(2, 5), (8, 13)], [0.3, 0.6], (0.3, 0.6)),
])
def test_written_words_start_with_the_first_spoken_word_they_became(text, spans, starts, expected):
    assert written_word_starts(text, spans, starts) == expected


def test_without_a_word_map_spoken_words_are_shared_out_in_order():
    assert written_word_starts("one two three", [], [0.0, 0.3, 0.6]) == (0.0, 0.3, 0.6)
    found = written_word_starts("in 2024 here", [], [0.0, 0.2, 0.4, 0.6, 0.8])
    assert found[0] == 0.0 and found == tuple(sorted(found))


@pytest.mark.parametrize("word, count", [("the", 1), ("harbour", 2), ("Porthwen", 2), ("cake", 1),
                                         ("little", 2), ("—", 0), ("[[pˈɔːθwɛn]]", 2), ("forty-two", 3)])
def test_syllables(word, count):
    assert syllables(word) == count


def test_estimates_share_the_audible_speech_by_syllables():
    rate = 1000
    samples = np.zeros(3000, dtype=np.int16)
    samples[500:2500] = 10000  # speech from 0.5 s to 2.5 s
    starts = estimate_word_starts("a banana b", samples, rate)
    assert starts[0] == pytest.approx(0.5, abs=0.002)
    assert starts == tuple(sorted(starts)) and starts[-1] < 2.5
    # "banana" has three of the five syllables: it takes three fifths of the speech
    assert starts[2] - starts[1] == pytest.approx(2.0 * 3 / 5, abs=0.01)


def test_engine_word_events_become_word_starts():
    text = "Café owners said [[p'O:TwEn]] twice."
    events = [(0, 0.0), (5, 0.35), (12, 0.63), (30, 1.9)]  # no event for the phoneme block
    assert event_word_starts(text, events) == (0.0, 0.35, 0.63, 0.63, 1.9)
    assert event_word_starts(text, []) is None
    # events arriving for offsets inside a word, and none for the first word
    assert event_word_starts("one two", [(5, 0.4)]) == (0.4, 0.4)


def cue(text: str, start: float, end: float, starts) -> Cue:
    return Cue(start, end, text, False, tuple(starts))


@pytest.mark.parametrize("starts, tags", [
    ((1.0, 1.2, 1.4, 1.5, 1.9), 4),
    ((1.0, None, 1.5, None, 1.9), 2),       # a word with no time joins the word before
    ((1.0, 1.0, 1.5, 1.5, 1.9), 2),         # no later than the word before: no tag of its own
    ((1.0, 0.9, 3.5, 1.8, 1.7), 1),         # out of the cue or going back: left untagged
    ((1.0, 1.0004, 1.2, 1.2004, 1.3), 2),   # equal at millisecond precision
    ((1.2, 1.3, 1.4, 1.5, 2.0), 3),         # the cue's end is not inside it
])
def test_timestamp_tags_are_strictly_increasing_and_inside_the_cue(starts, tags):
    text = timed_cue_text(cue("Tom & <Jerry> went  home.", 1.0, 2.0, starts))
    stamps = tag_seconds(text)
    assert len(stamps) == tags
    assert all(1.0 < s < 2.0 for s in stamps)
    assert stamps == sorted(set(stamps))
    assert TAG.sub("", text) == "Tom &amp; &lt;Jerry&gt; went home."
    assert not text.startswith("<")  # the first word is at the cue's own start


def test_every_timed_word_after_the_first_gets_a_tag_in_the_transcript():
    document = webvtt((cue("The pier reopened today.", 2.0, 4.0, (2.0, 2.3, 2.6, 3.1)),))
    assert "The <00:00:02.300>pier <00:00:02.600>reopened <00:00:03.100>today." in document
    # a cue without word times is the sentence as before
    assert "\nThe pier reopened today.\n" in webvtt((Cue(2.0, 4.0, "The pier reopened today."),))


def test_cached_sentences_keep_their_word_timings(tmp_path):
    cache = AudioCache(tmp_path, 10_000_000)
    audio = SpeechAudio(np.arange(100, dtype=np.int16), 22050, (0.0, 0.01, 0.02))
    cache.put("timed", audio)
    cache.put("untimed", SpeechAudio(audio.samples, 22050))
    assert cache.get("timed").word_starts == (0.0, 0.01, 0.02)
    assert cache.get("untimed").word_starts is None
    cache._cache.set("old", (22050, audio.samples.tobytes()))  # written before word timings existed
    old = cache.get("old")
    assert old.word_starts is None and len(old.samples) == 100


@pytest.mark.parametrize("word, kind, value, replacement", [
    ("Trevellick", "respelling", "Trev-ELL-ick", "Trev-ELL-ick"),
    ("Llanhoweth", "ipa", "/ɬanˈhɔʊɛθ/", "[[ɬanˈhɔʊɛθ]]"),
    ("Morwennol", "ipa", "mɔr 'wɛnɔl", "[[mɔɹˈwɛnɔl]]".replace("ɹ", "r")),
    ("O'Neill", "respelling", "Oh Neel", "Oh Neel"),
    ("St.", "respelling", "Saint", "Saint"),
])
def test_valid_entries(word, kind, value, replacement):
    assert validate(word, kind, value).replacement == replacement


@pytest.mark.parametrize("word, kind, value, says", [
    ("", "respelling", "x", "one written word"),
    ("two words", "respelling", "x", "one written word"),
    ("42", "respelling", "x", "one written word"),
    ("Trevellick", "phonetic", "x", "respelling, ipa"),
    ("Trevellick", "ipa", "trev€lick", "cannot say"),
    ("Trevellick", "respelling", "[[tɹɛv]]", "ipa"),
    ("Trevellick", "respelling", "", "1 to 120"),
    ("Trevellick", "respelling", "x" * 121, "1 to 120"),
])
def test_invalid_entries_say_what_is_wrong(word, kind, value, says):
    with pytest.raises(IngestError, match=re.escape(says)):
        validate(word, kind, value)


def test_entries_are_case_aware_and_override_the_seed():
    seed = {"Porthwen": "Porth-wen", "Reading": "Redding"}
    found = replacements([Entry("gif", "respelling", "jif"), Entry("Reading", "ipa", "ɹˈɛdɪŋ"),
                          Entry("GIF", "respelling", "gift")], seed)
    assert found["gif"] == found["Gif"] == "jif"
    assert found["GIF"] == "gift"  # an exact entry wins over a form derived from the lowercase one
    assert found["Reading"] == "[[ɹˈɛdɪŋ]]" and "reading" not in found
    assert found["Porthwen"] == "Porth-wen"


@pytest.mark.parametrize("ipa, espeak", [("pˈɔːθwɛn", "p'O:TwEn"), ("tʃˈeɪndʒ", "tS'eIndZ"),
                                         ("ɬanˈhaʊ", "l#an'haU"), ("ˌʌndəɹ", ",Vnd@r"), ("xyzq", "xyz")])
def test_ipa_becomes_espeak_mnemonics(ipa, espeak):
    assert ipa_to_espeak(ipa) == espeak
    assert espeak_phoneme_blocks(f"Say [[{ipa}]] twice") == f"Say [[{espeak}]] twice"

"""The listening check's windows: whole sentences packed in order up to Whisper's 30 s, nothing of the transcript
left unheard, nothing heard twice, no sentence cut unless it is longer than a window."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from narrator import hearing
from narrator.check import EDGE_S, PAUSE_KEPT_S, Script, Splice, sounding, windows
from narrator.hearing import HeardWord
from narrator.hearing import WINDOW_S


def script_of(spans: list[tuple[float, float]]) -> Script:
    return Script((), tuple(f"sentence {i}" for i in range(len(spans))), tuple(spans))


@st.composite
def timelines(draw):
    at = draw(st.floats(0, 5))
    spans = []
    for _ in range(draw(st.integers(1, 40))):
        length = draw(st.floats(0.2, 40))
        spans.append((round(at, 3), round(at + length, 3)))
        at += length + draw(st.floats(0, 3))
    return spans, at + draw(st.floats(0, 4))


@settings(max_examples=300, deadline=None)
@given(timelines())
def test_windows_cover_every_sentence_once_in_order_within_the_limit(timeline):
    spans, duration = timeline
    found = windows(script_of(spans), duration)
    assert all(0 < end - start <= WINDOW_S + 1e-6 for start, end in found)
    assert all(a[1] <= b[0] + 1e-6 for a, b in zip(found, found[1:])), "in order, never overlapping"
    assert all(abs(a[1] - b[0]) < 1e-6 for a, b in zip(found, found[1:]) if b[0] - a[0] < WINDOW_S - 1e-6), \
        "a window cut short by the next one leaves no gap"
    for start, end in spans:  # every sentence is heard, from inside one window to inside one window
        assert any(a - 1e-6 <= start <= b for a, b in found) and any(a <= min(end, duration) <= b + 1e-6
                                                                     for a, b in found)
        if end - start <= WINDOW_S - EDGE_S:  # a sentence shorter than a window is never cut
            assert any(a - 1e-6 <= start and end <= b + 1e-6 for a, b in found), (start, end, found)


def test_short_sentences_are_packed_up_to_the_limit_and_the_edges_kept():
    spans = [(1.0 + 4 * i, 4.5 + 4 * i) for i in range(20)]  # 3.5 s sentences, 0.5 s pauses, 81 s in all
    found = windows(script_of(spans), 90.0)
    assert found[0][0] == 1.0 - EDGE_S and found[-1][1] == spans[-1][1] + EDGE_S
    assert len(found) == 3, found  # 7 sentences (28 s) a window, not one window a sentence
    assert [round(b - a, 1) for a, b in found[:2]] == [28.3, 28.0]


def test_a_sentence_longer_than_a_window_is_cut_at_the_limit_and_an_audio_shorter_than_its_cues_is_clamped():
    found = windows(script_of([(0.0, 70.0), (71.0, 73.0)]), 72.0)
    assert found == [(0.0, WINDOW_S), (WINDOW_S, 2 * WINDOW_S), (2 * WINDOW_S, 71.0), (71.0, 72.0)]


def test_without_sentence_times_the_whole_audio_is_heard_in_windows():
    found = windows(Script((), ()), 65.0)
    assert found[0][0] == 0.0 and found[-1][1] == 65.0 and all(b - a <= WINDOW_S for a, b in found)


@pytest.mark.slow
def test_windows_running_to_the_last_sample_are_heard():
    """The real recognizer on a narration's whole length, its windows' times rounded up past the last sample."""
    if not hearing.available():
        pytest.skip(hearing.INSTALL_HINT)
    audio = np.zeros(int(hearing.SAMPLE_RATE * 31.4567), dtype=np.float32)
    found = windows(script_of([(0.1, 20.0), (20.5, 31.4)]), len(audio) / hearing.SAMPLE_RATE)
    assert found[-1][1] > len(audio) / hearing.SAMPLE_RATE
    heard = list(hearing.hear_windows(audio, found, threads=1))  # silence: nothing, or a stray "you"
    assert all(0 <= word.start_s <= word.end_s <= len(audio) / hearing.SAMPLE_RATE + 1e-3 for word in heard)


@settings(max_examples=300, deadline=None)
@given(timelines())
def test_the_splice_keeps_every_sentence_whole_and_maps_its_times_back(timeline):
    spans, duration = timeline
    splice = Splice.of(script_of(spans), duration)
    assert all(a < b for a, b in splice.pieces) and all(a[1] < b[0] for a, b in zip(splice.pieces, splice.pieces[1:]))
    for start, end in spans:  # each sentence (clamped to the audio) inside one piece, with the quiet around it
        start, end = start, min(end, duration)
        if end > start:
            assert any(a <= max(0.0, start - PAUSE_KEPT_S) + 1e-3 and min(duration, end + PAUSE_KEPT_S) - 1e-3 <= b
                       for a, b in splice.pieces), (start, end, splice.pieces)
    for a, b in splice.pieces:
        for t in (a, (a + b) / 2):
            assert splice.to_narration(splice.to_spliced(t)) == pytest.approx(t, abs=2e-3)
        assert splice.to_narration(splice.to_spliced(b), end=True) == pytest.approx(b, abs=2e-3)
    spliced = splice.script(script_of(spans)).spans
    assert all(x[0] <= y[0] for x, y in zip(spliced, spliced[1:])), "still in order"


def test_the_splice_leaves_out_the_pauses_and_the_audio_outside_the_sentences():
    audio = np.arange(int(hearing.SAMPLE_RATE * 20), dtype=np.float32)
    spans = [(2.0, 5.0), (5.2, 8.0), (11.0, 14.0)]  # a short pause (kept whole), a long one, an untranscribed end
    splice = Splice.of(script_of(spans), 20.0)
    assert splice.pieces == ((2.0 - PAUSE_KEPT_S, 8.0 + PAUSE_KEPT_S), (11.0 - PAUSE_KEPT_S, 14.0 + PAUSE_KEPT_S))
    cut = splice.cut(audio)
    assert len(cut) == pytest.approx(hearing.SAMPLE_RATE * (6.0 + 3.0 + 4 * PAUSE_KEPT_S), abs=2)
    second = int(round((6.0 + 2 * PAUSE_KEPT_S) * hearing.SAMPLE_RATE))
    assert cut[second] == audio[int(round((11.0 - PAUSE_KEPT_S) * hearing.SAMPLE_RATE))], "the long pause left out"
    word = splice.back(HeardWord("x", 6.0 + 2 * PAUSE_KEPT_S + 1.0, 6.0 + 2 * PAUSE_KEPT_S + 2.0))
    assert (word.start_s, word.end_s) == pytest.approx((11.0 - PAUSE_KEPT_S + 1.0, 11.0 - PAUSE_KEPT_S + 2.0))


@pytest.mark.parametrize("loudness", [0.05, 0.3, 0.9])
def test_each_cue_is_narrowed_to_where_it_sounds_whatever_the_loudness(loudness):
    rate = hearing.SAMPLE_RATE
    audio = np.zeros(rate * 12, dtype=np.float32)
    tone = loudness * np.sin(np.arange(rate * 12) / 3.0).astype(np.float32)
    for a, b in [(0.5, 3.0), (4.0, 7.5), (9.0, 9.02)]:  # speech, then the pause its cue runs on through
        audio[int(a * rate):int(b * rate)] = tone[int(a * rate):int(b * rate)]
    cues = [(0.4, 4.0), (4.0, 9.0), (9.0, 11.0), (11.0, 12.0)]  # the last cue silent throughout: kept whole
    found = [t for span in sounding(audio, cues) for t in span]
    assert found == pytest.approx([0.5, 3.0, 4.0, 7.5, 9.0, 9.02, 11.0, 12.0], abs=0.011)


def test_spliced_windows_need_fewer_encoder_passes_on_a_narration_with_pauses():
    rate = hearing.SAMPLE_RATE
    spans = [(1.0 + 4 * i, 5.0 + 4 * i) for i in range(40)]  # cues of 4 s, their last 1.2 s quiet
    audio = np.zeros(rate * 165, dtype=np.float32)
    for start, end in spans:
        audio[int(start * rate):int((end - 1.2) * rate)] = 0.5
    spoken = Script((), tuple(f"s{i}" for i in range(40)), sounding(audio, spans))
    splice = Splice.of(spoken, 165.0)
    assert len(windows(splice.script(spoken), len(splice.cut(audio)) / rate)) < len(windows(script_of(spans), 165.0))
